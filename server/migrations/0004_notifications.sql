-- Migration 4 (after the messages): notifications, preferences, stream tickets, and the
-- deadline alerts already sent (see server/src/notify).
-- Applied once, in order, by server/src/db.rs (PRAGMA user_version); never edit an
-- applied migration: add the next number.

    -- seq is the notification's id and its event id on the stream (monotonic: AUTOINCREMENT
    -- never reuses a number)
    CREATE TABLE notifications (
        seq        INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id    TEXT NOT NULL REFERENCES users(id),
        kind       TEXT NOT NULL,
        title      TEXT NOT NULL,
        body       TEXT NOT NULL,
        message_id TEXT,
        created_at INTEGER NOT NULL,
        read_at    INTEGER
    );
    CREATE INDEX notifications_by_user ON notifications (user_id, seq);
    CREATE INDEX notifications_unread ON notifications (user_id, seq) WHERE read_at IS NULL;
    -- one row per (user, kind) that differs from the defaults or was ever set
    CREATE TABLE notification_prefs (
        user_id TEXT NOT NULL REFERENCES users(id),
        kind    TEXT NOT NULL,
        in_app  INTEGER NOT NULL,
        sms     INTEGER NOT NULL,
        wechat  INTEGER NOT NULL,
        PRIMARY KEY (user_id, kind)
    );
    -- single-use tickets of the live stream; only the SHA-256 of the ticket is kept
    CREATE TABLE stream_tickets (
        ticket_hash TEXT PRIMARY KEY,
        user_id     TEXT NOT NULL REFERENCES users(id),
        created_at  INTEGER NOT NULL,
        expires_at  INTEGER NOT NULL,
        used_at     INTEGER
    );
    CREATE INDEX stream_tickets_by_expiry ON stream_tickets (expires_at);
    -- deadline alerts sent: at most one of each kind per message and deadline
    CREATE TABLE deadline_alerts (
        message_id TEXT NOT NULL,
        deadline   INTEGER NOT NULL,
        kind       TEXT NOT NULL,
        sent_at    INTEGER NOT NULL,
        PRIMARY KEY (message_id, deadline, kind)
    );
