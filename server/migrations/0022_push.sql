-- Migration 22: Web Push — the server's VAPID key (made once, so that subscriptions stay valid
-- across restarts and instances), each user's subscribed devices, the outbox of pushes, and
-- the web_push channel of the preferences (on unless turned off).
-- Applied once, in order, by server/src/db.rs (PRAGMA user_version); never edit an
-- applied migration: add the next number.

    CREATE TABLE vapid_keys (
        id           INTEGER PRIMARY KEY CHECK (id = 1),
        -- the P-256 private key, 32 bytes, base64url
        private_key  TEXT NOT NULL,
        created_at   INTEGER NOT NULL
    );
    CREATE TABLE push_subscriptions (
        seq          INTEGER PRIMARY KEY,
        id           TEXT NOT NULL UNIQUE,
        user_id      TEXT NOT NULL REFERENCES users(id),
        endpoint     TEXT NOT NULL UNIQUE,
        p256dh       TEXT NOT NULL,
        auth         TEXT NOT NULL,
        created_at   INTEGER NOT NULL
    );
    CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id);
    CREATE TABLE push_outbox (
        seq          INTEGER PRIMARY KEY,
        subscription_id TEXT NOT NULL,
        -- {title, body, link, kind, id}: what the service worker shows
        payload_json TEXT NOT NULL,
        created_at   INTEGER NOT NULL,
        attempts     INTEGER NOT NULL DEFAULT 0,
        next_at      INTEGER NOT NULL,
        sent_at      INTEGER,
        failed_at    INTEGER,
        error        TEXT
    );
    CREATE INDEX push_outbox_due ON push_outbox (next_at) WHERE sent_at IS NULL AND failed_at IS NULL;
    ALTER TABLE notification_prefs ADD COLUMN web_push INTEGER NOT NULL DEFAULT 1;
