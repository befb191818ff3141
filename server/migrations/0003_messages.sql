-- Migration 3: message categories (seeded here: the app needs them without demo content),
-- messages, their timeline, replies and follow-ups, plan steps, ratings, photos, and the
-- stored answers of idempotent requests (see server/src/messages).
-- Applied once, in order, by server/src/db.rs (PRAGMA user_version); never edit an
-- applied migration: add the next number.

    CREATE TABLE message_categories (
        id       TEXT PRIMARY KEY,
        name     TEXT NOT NULL,
        position INTEGER NOT NULL
    );
    INSERT INTO message_categories (id, name, position) VALUES
        ('mc_livelihood', '民生服务', 1),
        ('mc_traffic',    '道路交通', 2),
        ('mc_sanitation', '环境卫生', 3),
        ('mc_agri',       '农业农村', 4),
        ('mc_edu_health', '教育医疗', 5),
        ('mc_social',     '社会保障', 6),
        ('mc_safety',     '平安建设', 7),
        ('mc_other',      '其他',     8);
    CREATE TABLE messages (
        seq            INTEGER PRIMARY KEY,
        id             TEXT NOT NULL UNIQUE,
        version        INTEGER NOT NULL DEFAULT 1,
        author_id      TEXT NOT NULL REFERENCES users(id),
        recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('deputy', 'department')),
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
        handler_kind   TEXT CHECK (handler_kind IN ('deputy', 'department')),
        handler_id     TEXT,
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL,
        -- when the current deadline started: sent, reopened or triaged
        stage_at       INTEGER NOT NULL,
        -- when the current handler got it (triage or hand-over)
        assigned_at    INTEGER,
        deadline       INTEGER,
        -- when what the current deadline asks for was done (answer / resolution)
        done_at        INTEGER,
        closed_at      INTEGER,
        -- 1, + 1 at every reopening (ratings are per round)
        round          INTEGER NOT NULL DEFAULT 1,
        -- handler replies (not follow-ups)
        reply_count    INTEGER NOT NULL DEFAULT 0,
        photo_count    INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX messages_by_author ON messages (author_id, updated_at DESC, id DESC);
    CREATE INDEX messages_public ON messages (public, updated_at DESC, id DESC);
    CREATE INDEX messages_by_handler ON messages (handler_kind, handler_id, deadline);
    CREATE INDEX messages_by_status ON messages (status, stage_at);
    CREATE TABLE message_timeline (
        seq        INTEGER PRIMARY KEY,
        id         TEXT NOT NULL UNIQUE,
        message_id TEXT NOT NULL REFERENCES messages(id),
        at         INTEGER NOT NULL,
        kind       TEXT NOT NULL,
        actor_id   TEXT,
        actor_role TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        status     TEXT,
        note       TEXT
    );
    CREATE INDEX message_timeline_by_message ON message_timeline (message_id, seq);
    CREATE TABLE message_replies (
        seq        INTEGER PRIMARY KEY,
        id         TEXT NOT NULL UNIQUE,
        message_id TEXT NOT NULL REFERENCES messages(id),
        -- 'reply': handler or staff; 'follow_up': the author
        kind       TEXT NOT NULL CHECK (kind IN ('reply', 'follow_up')),
        at         INTEGER NOT NULL,
        author_id  TEXT,
        author_role TEXT NOT NULL,
        author_name TEXT NOT NULL,
        body       TEXT NOT NULL
    );
    CREATE INDEX message_replies_by_message ON message_replies (message_id, seq);
    CREATE TABLE plan_steps (
        seq        INTEGER PRIMARY KEY,
        id         TEXT NOT NULL UNIQUE,
        message_id TEXT NOT NULL REFERENCES messages(id),
        title      TEXT NOT NULL,
        due_at     INTEGER NOT NULL,
        done_at    INTEGER,
        created_at INTEGER NOT NULL
    );
    CREATE INDEX plan_steps_by_message ON plan_steps (message_id, due_at);
    CREATE TABLE message_ratings (
        message_id TEXT NOT NULL REFERENCES messages(id),
        round      INTEGER NOT NULL,
        stars      INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
        comment    TEXT,
        at         INTEGER NOT NULL,
        PRIMARY KEY (message_id, round)
    );
    CREATE TABLE message_photos (
        upload_id  TEXT PRIMARY KEY REFERENCES uploads(id),
        message_id TEXT NOT NULL REFERENCES messages(id),
        position   INTEGER NOT NULL
    );
    CREATE INDEX message_photos_by_message ON message_photos (message_id, position);
    -- answers of idempotent creates (Idempotency-Key), kept for at least 24 h
    CREATE TABLE idempotency (
        user_id      TEXT NOT NULL,
        key          TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        status       INTEGER NOT NULL,
        body         TEXT NOT NULL,
        created_at   INTEGER NOT NULL,
        PRIMARY KEY (user_id, key)
    );
    CREATE INDEX idempotency_by_time ON idempotency (created_at);
