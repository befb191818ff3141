-- Migration 2: people, sign-in, rate limits, uploads.
-- Applied once, in order, by server/src/db.rs (PRAGMA user_version); never edit an
-- applied migration: add the next number.

    CREATE TABLE stations (
        id              TEXT PRIMARY KEY,
        name            TEXT NOT NULL,
        address         TEXT NOT NULL,
        reception_hours TEXT NOT NULL,
        phone           TEXT,
        position        INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE deputies (
        id           TEXT PRIMARY KEY,
        code         TEXT NOT NULL UNIQUE COLLATE NOCASE,
        name         TEXT NOT NULL,
        title        TEXT NOT NULL,
        constituency TEXT NOT NULL,
        station_id   TEXT REFERENCES stations(id),
        bio          TEXT NOT NULL DEFAULT '',
        focus_json   TEXT NOT NULL DEFAULT '[]',
        photo_json   TEXT,
        position     INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX deputies_by_name ON deputies (name, id);
    CREATE INDEX deputies_by_station ON deputies (station_id, name, id);
    CREATE TABLE departments (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        position    INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE users (
        id           TEXT PRIMARY KEY,
        phone        TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        -- comma-separated roles: citizen, deputy, staff
        roles        TEXT NOT NULL DEFAULT 'citizen',
        deputy_id    TEXT REFERENCES deputies(id),
        station_id   TEXT REFERENCES stations(id),
        created_at   INTEGER NOT NULL
    );
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id    TEXT NOT NULL REFERENCES users(id),
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        revoked    INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX sessions_by_user ON sessions (user_id);
    CREATE TABLE sms_codes (
        seq        INTEGER PRIMARY KEY,
        phone      TEXT NOT NULL,
        code_hash  TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        attempts   INTEGER NOT NULL DEFAULT 0,
        used       INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX sms_codes_by_phone ON sms_codes (phone, created_at);
    -- one row per counted request: bucket = '<what>:<who>'
    CREATE TABLE rate_events (
        bucket TEXT NOT NULL,
        at     INTEGER NOT NULL
    );
    CREATE INDEX rate_events_by_bucket ON rate_events (bucket, at);
    CREATE TABLE uploads (
        id           TEXT PRIMARY KEY,
        user_id      TEXT NOT NULL REFERENCES users(id),
        content_type TEXT NOT NULL,
        size         INTEGER NOT NULL,
        content      BLOB NOT NULL,
        created_at   INTEGER NOT NULL,
        -- set when attached to a message (each upload to one message)
        message_id   TEXT
    );
    CREATE INDEX uploads_by_user ON uploads (user_id, created_at);
