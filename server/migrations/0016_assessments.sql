-- Migration 16: 测评 (capability tests) of 履职学堂, each deputy's attempts with the answers
-- saved as they go, and the certificates of passed tests and completed courses.
-- Applied once, in order, by server/src/db.rs (PRAGMA user_version); never edit an
-- applied migration: add the next number.

    CREATE TABLE assessments (
        seq             INTEGER PRIMARY KEY,
        id              TEXT NOT NULL UNIQUE,
        title           TEXT NOT NULL,
        intro           TEXT NOT NULL DEFAULT '',
        course_id       TEXT REFERENCES courses(id),
        opens_at        INTEGER,
        closes_at       INTEGER,
        time_limit_secs INTEGER CHECK (time_limit_secs > 0),
        max_attempts    INTEGER CHECK (max_attempts > 0),
        wait_secs       INTEGER NOT NULL DEFAULT 0 CHECK (wait_secs >= 0),
        pass_percent    INTEGER NOT NULL CHECK (pass_percent BETWEEN 0 AND 100),
        -- [{"category": "代表法", "count": 5}, …]
        draw_json       TEXT NOT NULL,
        created_at      INTEGER NOT NULL,
        CHECK (closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at)
    );
    CREATE TABLE assessment_attempts (
        seq             INTEGER PRIMARY KEY,
        id              TEXT NOT NULL UNIQUE,
        test_id         TEXT NOT NULL REFERENCES assessments(id),
        user_id         TEXT NOT NULL REFERENCES users(id),
        number          INTEGER NOT NULL CHECK (number > 0),
        started_at      INTEGER NOT NULL,
        -- the questions drawn, in the attempt's order
        question_ids_json TEXT NOT NULL,
        submitted_at    INTEGER,
        -- 1: submitted by the server at the deadline
        auto_submitted  INTEGER NOT NULL DEFAULT 0,
        score           INTEGER CHECK (score BETWEEN 0 AND 100),
        passed          INTEGER,
        UNIQUE (test_id, user_id, number)
    );
    CREATE INDEX assessment_attempts_open ON assessment_attempts (submitted_at) WHERE submitted_at IS NULL;
    CREATE TABLE assessment_answers (
        attempt_id      TEXT NOT NULL REFERENCES assessment_attempts(id),
        question_id     TEXT NOT NULL REFERENCES quiz_questions(id),
        option_ids_json TEXT NOT NULL,
        -- set at submission
        mark            INTEGER CHECK (mark BETWEEN 0 AND 100),
        saved_at        INTEGER NOT NULL,
        PRIMARY KEY (attempt_id, question_id)
    );
    CREATE TABLE certificates (
        code            TEXT PRIMARY KEY,
        user_id         TEXT NOT NULL REFERENCES users(id),
        kind            TEXT NOT NULL CHECK (kind IN ('course', 'test')),
        course_id       TEXT REFERENCES courses(id),
        test_id         TEXT REFERENCES assessments(id),
        attempt_id      TEXT REFERENCES assessment_attempts(id),
        title           TEXT NOT NULL,
        score           INTEGER CHECK (score BETWEEN 0 AND 100),
        issued_at       INTEGER NOT NULL,
        CHECK ((kind = 'course' AND course_id IS NOT NULL) OR (kind = 'test' AND test_id IS NOT NULL))
    );
    CREATE UNIQUE INDEX certificates_one_per_course ON certificates (user_id, course_id) WHERE kind = 'course';
    CREATE UNIQUE INDEX certificates_one_per_test ON certificates (user_id, test_id) WHERE kind = 'test';
