-- Issue 12: comments (one level of replies), likes, reports, moderation, suspensions and
-- the moderation audit log; notifications get a link of their own (a comment's page is no
-- message).
CREATE TABLE comments (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    -- article, message, topic, poll
    target_kind TEXT NOT NULL,
    target_id   TEXT NOT NULL,
    -- a reply: the top-level comment of its thread, and the comment it answers
    thread_id   TEXT REFERENCES comments(id),
    reply_to_id TEXT REFERENCES comments(id),
    author_id   TEXT NOT NULL REFERENCES users(id),
    body        TEXT NOT NULL,
    -- published, pending, hidden, deleted
    state       TEXT NOT NULL,
    -- while it waits for a staff decision: pre_moderation, word_list or reports
    held_for    TEXT,
    held_at     INTEGER,
    moderation_reason TEXT,
    adopted     INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    edited_at   INTEGER
);
CREATE INDEX comments_by_target ON comments (target_kind, target_id, state);
CREATE INDEX comments_by_thread ON comments (thread_id, seq);
CREATE INDEX comments_held ON comments (held_at, seq) WHERE held_for IS NOT NULL OR state = 'hidden';
CREATE INDEX comments_by_author ON comments (author_id, created_at);

-- One like per user and target: the primary key is the rule.
CREATE TABLE likes (
    target_kind TEXT NOT NULL,
    target_id   TEXT NOT NULL,
    user_id     TEXT NOT NULL REFERENCES users(id),
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (target_kind, target_id, user_id)
) WITHOUT ROWID;

-- One report per user and item; a staff decision settles the open ones.
CREATE TABLE reports (
    seq         INTEGER PRIMARY KEY,
    target_kind TEXT NOT NULL,
    target_id   TEXT NOT NULL,
    user_id     TEXT NOT NULL REFERENCES users(id),
    reason      TEXT NOT NULL,
    detail      TEXT,
    created_at  INTEGER NOT NULL,
    settled     INTEGER NOT NULL DEFAULT 0,
    UNIQUE (target_kind, target_id, user_id)
);

CREATE TABLE suspensions (
    user_id    TEXT PRIMARY KEY REFERENCES users(id),
    until      INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    by_user    TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE moderation_log (
    seq         INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    actor_id    TEXT,
    actor_name  TEXT NOT NULL,
    action      TEXT NOT NULL,
    target_kind TEXT,
    target_id   TEXT,
    user_id     TEXT,
    reason      TEXT
);

ALTER TABLE notifications ADD COLUMN link TEXT;
