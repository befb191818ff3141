-- Migration 20: 模拟实操 (the practice workspace of 履职学堂): simulated messages (cases) and
-- each user's runs of them — a run holds its own copy of the message and the checks of the
-- steps taken, apart from the real messages — and the practical tasks of tests (平台实操).
-- Applied once, in order, by server/src/db.rs (PRAGMA user_version); never edit an
-- applied migration: add the next number.

    CREATE TABLE practice_cases (
        seq             INTEGER PRIMARY KEY,
        id              TEXT NOT NULL UNIQUE,
        title           TEXT NOT NULL,
        summary         TEXT NOT NULL,
        track           TEXT NOT NULL CHECK (track IN ('fast', 'major')),
        -- ["accept", "reply", …] in the order they are usually taken
        steps_json      TEXT NOT NULL,
        -- the simulated message: its made-up author, category, title and text
        citizen         TEXT NOT NULL,
        category        TEXT NOT NULL,
        message_title   TEXT NOT NULL,
        message_body    TEXT NOT NULL,
        -- the rules of a right reply and a right plan
        reply_min_chars INTEGER NOT NULL DEFAULT 20 CHECK (reply_min_chars >= 0),
        -- ["路灯", "维修"]: a right reply names at least one
        reply_mentions_json TEXT NOT NULL DEFAULT '[]',
        plan_min_steps  INTEGER NOT NULL DEFAULT 2 CHECK (plan_min_steps >= 1),
        -- 1: listed for practice; 0: only a task of tests
        listed          INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE practice_runs (
        seq             INTEGER PRIMARY KEY,
        id              TEXT NOT NULL UNIQUE,
        case_id         TEXT NOT NULL REFERENCES practice_cases(id),
        user_id         TEXT NOT NULL REFERENCES users(id),
        -- a task of this test attempt (its verdicts wait for the submission)
        attempt_id      TEXT REFERENCES assessment_attempts(id),
        started_at      INTEGER NOT NULL,
        -- when it ended: every step right, or the message resolved
        ended_at        INTEGER,
        -- 1: ended with every step right
        completed       INTEGER NOT NULL DEFAULT 0,
        -- the simulated message's state and the checks (server/src/training/sandbox.rs `Sim`)
        state_json      TEXT NOT NULL,
        UNIQUE (attempt_id, case_id)
    );
    CREATE INDEX practice_runs_user ON practice_runs (user_id, case_id);
    CREATE TABLE assessment_tasks (
        test_id         TEXT NOT NULL REFERENCES assessments(id),
        case_id         TEXT NOT NULL REFERENCES practice_cases(id),
        position        INTEGER NOT NULL,
        PRIMARY KEY (test_id, case_id)
    );
