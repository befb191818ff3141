-- Migration 27: the per-address limit of API requests, where every instance of the server
-- counts (issue 17: a client whose requests a load balancer spreads over several instances
-- gets one limit, not one per instance). One row per client address: GCRA's "theoretical
-- arrival time" (server/src/security.rs, SHARED_TAKE_SQL). The server keeps the limit in this
-- table on PostgreSQL; on SQLite (one machine, usually one process) it keeps it in memory — a
-- write per request would put every read behind SQLite's one writer — and the table stays
-- empty. Rows whose time has passed are full again and are deleted by the cleanup.
-- Applied once, in order, by server/src/db.rs (PRAGMA user_version); never edit an
-- applied migration: add the next number.

    CREATE TABLE api_limits (
        -- the client's key (an IPv4 address, an IPv6 /64): server/src/client.rs
        addr  TEXT PRIMARY KEY,
        -- when the bucket is full again (Unix microseconds)
        tat   INTEGER NOT NULL
    );
