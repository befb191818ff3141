-- Migration 5: liaison stations get the villages and communities they serve (people choose
-- "my village" from them) and their position for map apps (WGS 84); a message may be
-- addressed to a liaison station (recipient_kind 'station': the writer is not sure whom to
-- address, the station's staff triage it). SQLite cannot change a CHECK constraint in place,
-- so `messages` is rebuilt with the same columns, rows and indexes (the migration runner turns
-- foreign keys off around migrations and checks them before committing: see db.rs).
-- Applied once, in order, by server/src/db.rs (PRAGMA user_version); never edit an
-- applied migration: add the next number.

    ALTER TABLE stations ADD COLUMN villages_json TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE stations ADD COLUMN lat REAL;
    ALTER TABLE stations ADD COLUMN lng REAL;

    CREATE TABLE messages_v5 (
        seq            INTEGER PRIMARY KEY,
        id             TEXT NOT NULL UNIQUE,
        version        INTEGER NOT NULL DEFAULT 1,
        author_id      TEXT NOT NULL REFERENCES users(id),
        recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('deputy', 'department', 'station')),
        recipient_id   TEXT NOT NULL,
        category_id    TEXT NOT NULL REFERENCES message_categories(id),
        title          TEXT NOT NULL,
        body           TEXT NOT NULL,
        public         INTEGER NOT NULL DEFAULT 0,
        location_label TEXT,
        location_lat   REAL,
        location_lng   REAL,
        status         TEXT NOT NULL CHECK (status IN ('submitted', 'accepted', 'assigned',
                           'in_progress', 'replied', 'resolved', 'closed', 'reopened')),
        track          TEXT CHECK (track IN ('fast', 'major')),
        -- a station is never a handler: its staff triage to a deputy or a department
        handler_kind   TEXT CHECK (handler_kind IN ('deputy', 'department')),
        handler_id     TEXT,
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL,
        stage_at       INTEGER NOT NULL,
        assigned_at    INTEGER,
        deadline       INTEGER,
        done_at        INTEGER,
        closed_at      INTEGER,
        round          INTEGER NOT NULL DEFAULT 1,
        reply_count    INTEGER NOT NULL DEFAULT 0,
        photo_count    INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO messages_v5 (seq, id, version, author_id, recipient_kind, recipient_id,
        category_id, title, body, public, location_label, location_lat, location_lng, status,
        track, handler_kind, handler_id, created_at, updated_at, stage_at, assigned_at, deadline,
        done_at, closed_at, round, reply_count, photo_count)
    SELECT seq, id, version, author_id, recipient_kind, recipient_id,
        category_id, title, body, public, location_label, location_lat, location_lng, status,
        track, handler_kind, handler_id, created_at, updated_at, stage_at, assigned_at, deadline,
        done_at, closed_at, round, reply_count, photo_count
    FROM messages;
    DROP TABLE messages;
    ALTER TABLE messages_v5 RENAME TO messages;
    CREATE INDEX messages_by_author ON messages (author_id, updated_at DESC, id DESC);
    CREATE INDEX messages_public ON messages (public, updated_at DESC, id DESC);
    CREATE INDEX messages_by_handler ON messages (handler_kind, handler_id, deadline);
    CREATE INDEX messages_by_status ON messages (status, stage_at);
