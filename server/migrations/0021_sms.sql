-- Migration 21: the SMS outbox — sign-in codes and alerts of the SMS channel, put here in the
-- transaction of what caused them and sent by the server's sender through the configured
-- provider (server/src/sms). A row's text and parameters are blanked once it is sent or
-- given up.
-- Applied once, in order, by server/src/db.rs (PRAGMA user_version); never edit an
-- applied migration: add the next number.

    CREATE TABLE sms_outbox (
        seq          INTEGER PRIMARY KEY,
        phone        TEXT NOT NULL,
        purpose      TEXT NOT NULL CHECK (purpose IN ('code', 'alert')),
        -- the provider's template id (alerts: resolved when sent)
        template     TEXT NOT NULL,
        params_json  TEXT NOT NULL,
        text         TEXT NOT NULL,
        created_at   INTEGER NOT NULL,
        -- the township's day of created_at (the daily budget)
        local_day    INTEGER NOT NULL,
        attempts     INTEGER NOT NULL DEFAULT 0,
        next_at      INTEGER NOT NULL,
        sent_at      INTEGER,
        failed_at    INTEGER,
        error        TEXT
    );
    CREATE INDEX sms_outbox_due ON sms_outbox (next_at) WHERE sent_at IS NULL AND failed_at IS NULL;
    CREATE INDEX sms_outbox_day ON sms_outbox (local_day);
