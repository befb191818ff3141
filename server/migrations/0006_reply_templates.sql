-- Migration 6: saved replies (常用答复) of deputies and staff, private to their owner (see
-- server/src/routes/templates.rs). Kept on the server, not the device: a deputy who signs out
-- (which clears the device's per-user data) or answers from another phone keeps them.
-- Applied once, in order, by server/src/db.rs (PRAGMA user_version); never edit an
-- applied migration: add the next number.

    CREATE TABLE reply_templates (
        seq        INTEGER PRIMARY KEY,
        id         TEXT NOT NULL UNIQUE,
        user_id    TEXT NOT NULL REFERENCES users(id),
        body       TEXT NOT NULL,
        updated_at INTEGER NOT NULL
    );
    CREATE INDEX reply_templates_by_user ON reply_templates (user_id, updated_at DESC, seq DESC);
