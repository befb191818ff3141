-- Migration 14: 履职学堂 (training for deputies): courses of lessons, the study time each user
-- has in each lesson (from heartbeats of a visible lesson), where they left off, and when they
-- completed a course.
-- Applied once, in order, by server/src/db.rs (PRAGMA user_version); never edit an
-- applied migration: add the next number.

    CREATE TABLE courses (
        seq              INTEGER PRIMARY KEY,
        id               TEXT NOT NULL UNIQUE,
        title            TEXT NOT NULL,
        level            TEXT NOT NULL CHECK (level IN ('basic', 'advanced')),
        track            TEXT NOT NULL CHECK (track IN ('digital', 'induction', 'thematic')),
        summary          TEXT NOT NULL,
        description_json TEXT NOT NULL DEFAULT '[]',
        created_at       INTEGER NOT NULL
    );
    CREATE TABLE lessons (
        seq         INTEGER PRIMARY KEY,
        id          TEXT NOT NULL UNIQUE,
        course_id   TEXT NOT NULL REFERENCES courses(id),
        position    INTEGER NOT NULL,
        title       TEXT NOT NULL,
        body_json   TEXT NOT NULL DEFAULT '[]',
        -- {"kind": "video" | "audio", "url", "duration_secs", "transcript"}
        media_json  TEXT,
        min_secs    INTEGER NOT NULL CHECK (min_secs > 0),
        UNIQUE (course_id, position)
    );
    -- a user's study of a lesson: the seconds counted, where they left off, when it was done
    CREATE TABLE lesson_progress (
        user_id     TEXT NOT NULL REFERENCES users(id),
        lesson_id   TEXT NOT NULL REFERENCES lessons(id),
        studied_secs INTEGER NOT NULL DEFAULT 0 CHECK (studied_secs >= 0),
        position    INTEGER,
        done_at     INTEGER,
        updated_at  INTEGER NOT NULL,
        PRIMARY KEY (user_id, lesson_id)
    );
    -- the study clock of a user: their last heartbeat on any lesson (one clock for all lessons,
    -- so that two lessons open at once never count more than the time that passed)
    CREATE TABLE study_clock (
        user_id     TEXT PRIMARY KEY REFERENCES users(id),
        last_beat   INTEGER NOT NULL
    );
    CREATE TABLE course_completions (
        user_id      TEXT NOT NULL REFERENCES users(id),
        course_id    TEXT NOT NULL REFERENCES courses(id),
        completed_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, course_id)
    );
