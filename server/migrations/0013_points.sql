-- Issue 12: points (积分) and commendation (表彰).

-- The ledger is append-only: a balance is the sum of a user's entries, and what was paid
-- stays paid (the triggers refuse changes). `reference` names what earned it (a comment,
-- a message, an article and day, a day for the visit): the same thing never pays twice.
CREATE TABLE points_ledger (
    seq       INTEGER PRIMARY KEY,
    user_id   TEXT NOT NULL REFERENCES users(id),
    action    TEXT NOT NULL,
    reference TEXT NOT NULL,
    points    INTEGER NOT NULL CHECK (points > 0),
    title     TEXT NOT NULL,
    link      TEXT,
    -- the township's day number of `at` (days since 1970-01-01 in its time zone): the caps
    day       INTEGER NOT NULL,
    at        INTEGER NOT NULL,
    UNIQUE (user_id, action, reference)
);
CREATE INDEX points_by_user ON points_ledger (user_id, seq);
CREATE INDEX points_by_user_day ON points_ledger (user_id, action, day);
CREATE INDEX points_by_time ON points_ledger (at, user_id);
CREATE TRIGGER points_ledger_no_update BEFORE UPDATE ON points_ledger
BEGIN SELECT RAISE(ABORT, 'the points ledger is append-only'); END;
CREATE TRIGGER points_ledger_no_delete BEFORE DELETE ON points_ledger
BEGIN SELECT RAISE(ABORT, 'the points ledger is append-only'); END;

-- When a user fetched an article (`GET /articles/{id}` with their token): a read is paid
-- only 30 s after it. A fetch more than an hour after the noted one starts the clock again.
CREATE TABLE article_fetches (
    user_id    TEXT NOT NULL REFERENCES users(id),
    article_id TEXT NOT NULL,
    at         INTEGER NOT NULL,
    PRIMARY KEY (user_id, article_id)
) WITHOUT ROWID;

CREATE TABLE commendations (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    -- exactly one of them
    user_id    TEXT REFERENCES users(id),
    deputy_id  TEXT REFERENCES deputies(id),
    title      TEXT NOT NULL,
    reason     TEXT NOT NULL,
    period     TEXT NOT NULL,
    by_user    TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    CHECK ((user_id IS NULL) <> (deputy_id IS NULL))
);
