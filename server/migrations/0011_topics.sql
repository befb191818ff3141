-- Issue 12: 议事 topics, discussed in comments (target_kind 'topic') and closed with a
-- conclusion that can adopt comments (comments.adopted).
CREATE TABLE topics (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    author_id  TEXT NOT NULL REFERENCES users(id),
    title      TEXT NOT NULL,
    -- the typed blocks, and the plain text they came from (search, excerpts, moderation)
    body_json  TEXT NOT NULL,
    plain      TEXT NOT NULL,
    station_id TEXT REFERENCES stations(id),
    village    TEXT,
    -- pending, open, closed, rejected
    status     TEXT NOT NULL,
    -- while it waits for a staff decision: pre_moderation, word_list or reports
    held_for   TEXT,
    held_at    INTEGER,
    moderation_reason TEXT,
    closes_at  INTEGER,
    created_at INTEGER NOT NULL,
    conclusion TEXT,
    closed_at  INTEGER,
    closed_by  TEXT REFERENCES users(id)
);
CREATE INDEX topics_by_status ON topics (status, created_at);
CREATE INDEX topics_by_author ON topics (author_id, created_at);
