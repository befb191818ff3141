-- Migration 12: online polls (在线投票), the village of an account (which polls it may vote
-- in), and notifications about a poll (its results are out).
-- Applied once, in order, by server/src/db.rs (PRAGMA user_version); never edit an
-- applied migration: add the next number.

    ALTER TABLE users ADD COLUMN village_station_id TEXT REFERENCES stations(id);
    ALTER TABLE users ADD COLUMN village TEXT;
    -- a notification about a poll links to it (`/polls/<id>`)

    CREATE TABLE polls (
        seq                INTEGER PRIMARY KEY,
        id                 TEXT NOT NULL UNIQUE,
        title              TEXT NOT NULL,
        description_json   TEXT NOT NULL DEFAULT '[]',
        scope_kind         TEXT NOT NULL CHECK (scope_kind IN ('all', 'station', 'village')),
        scope_station_id   TEXT REFERENCES stations(id),
        scope_village      TEXT,
        opens_at           INTEGER NOT NULL,
        closes_at          INTEGER NOT NULL,
        -- staff closed it early, at this time
        closed_at          INTEGER,
        results_shown      TEXT NOT NULL CHECK (results_shown IN ('after_vote', 'after_close')),
        created_by         TEXT NOT NULL REFERENCES users(id),
        created_at         INTEGER NOT NULL,
        -- when its voters were told the results are out (once)
        results_notified_at INTEGER,
        CHECK (closes_at > opens_at),
        CHECK ((scope_kind = 'all') = (scope_station_id IS NULL)),
        CHECK ((scope_kind = 'village') = (scope_village IS NOT NULL))
    );
    CREATE INDEX polls_by_close ON polls (closes_at);
    CREATE TABLE poll_questions (
        poll_id     TEXT NOT NULL REFERENCES polls(id),
        id          TEXT NOT NULL,
        position    INTEGER NOT NULL,
        text        TEXT NOT NULL,
        kind        TEXT NOT NULL CHECK (kind IN ('single', 'multiple')),
        max_choices INTEGER NOT NULL CHECK (max_choices >= 1),
        PRIMARY KEY (poll_id, id)
    );
    CREATE TABLE poll_options (
        poll_id     TEXT NOT NULL REFERENCES polls(id),
        question_id TEXT NOT NULL,
        id          TEXT NOT NULL,
        position    INTEGER NOT NULL,
        text        TEXT NOT NULL,
        PRIMARY KEY (poll_id, id),
        FOREIGN KEY (poll_id, question_id) REFERENCES poll_questions(poll_id, id)
    );
    -- one vote per user per poll: the database refuses a second one, however the requests race
    CREATE TABLE poll_votes (
        poll_id    TEXT NOT NULL REFERENCES polls(id),
        user_id    TEXT NOT NULL REFERENCES users(id),
        created_at INTEGER NOT NULL,
        PRIMARY KEY (poll_id, user_id)
    );
    CREATE TABLE poll_choices (
        poll_id     TEXT NOT NULL,
        user_id     TEXT NOT NULL,
        question_id TEXT NOT NULL,
        option_id   TEXT NOT NULL,
        PRIMARY KEY (poll_id, user_id, option_id),
        FOREIGN KEY (poll_id, user_id) REFERENCES poll_votes(poll_id, user_id),
        FOREIGN KEY (poll_id, option_id) REFERENCES poll_options(poll_id, id)
    );
    CREATE INDEX poll_choices_by_option ON poll_choices (poll_id, option_id);
