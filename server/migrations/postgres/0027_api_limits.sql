-- Migration 27: the per-address limit of API requests, where every instance of the server
-- counts (issue 17: a client whose requests a load balancer spreads over several instances
-- gets one limit, not one per instance). One row per client address: GCRA's "theoretical
-- arrival time" (server/src/security.rs, SHARED_TAKE_SQL), written on every API request.
-- UNLOGGED: its writes skip the write-ahead log, which makes them cheap; what it costs is
-- nothing worth keeping — after a crash the table is empty (every address gets a full burst
-- again) and a replica does not have it (only the primary, where the servers write, counts).
-- PostgreSQL version of ../0027_api_limits.sql (docs/postgres.md); never edit an
-- applied migration: add the next number, here and beside the SQLite one.

    CREATE UNLOGGED TABLE api_limits (
        -- the client's key (an IPv4 address, an IPv6 /64): server/src/client.rs
        addr  TEXT PRIMARY KEY,
        -- when the bucket is full again (Unix microseconds)
        tat   BIGINT NOT NULL
    );
