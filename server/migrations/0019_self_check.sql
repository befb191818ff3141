-- Migration 19: 数字素养自测 (the self-check of a deputy's digital habits that recommends 入门 or
-- 进阶 courses): each user's last result, with the answers it was computed from.
-- Applied once, in order, by server/src/db.rs (PRAGMA user_version); never edit an
-- applied migration: add the next number.

    CREATE TABLE self_check_results (
        user_id      TEXT PRIMARY KEY REFERENCES users(id),
        -- [{question_id, option_id}] as answered
        answers_json TEXT NOT NULL,
        score        INTEGER NOT NULL CHECK (score >= 0),
        max_score    INTEGER NOT NULL CHECK (max_score >= score),
        level        TEXT NOT NULL CHECK (level IN ('basic', 'advanced')),
        reason       TEXT NOT NULL,
        taken_at     INTEGER NOT NULL
    );
