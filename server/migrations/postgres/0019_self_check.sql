-- Migration 19: 数字素养自测 (the self-check of a deputy's digital habits that recommends 入门 or
-- 进阶 courses): each user's last result, with the answers it was computed from.
-- PostgreSQL version of ../0019_self_check.sql (docs/postgres.md); never edit an applied
-- migration: add the next number, here and beside the SQLite one.

    CREATE TABLE self_check_results (
        user_id      TEXT PRIMARY KEY REFERENCES users(id),
        -- [{question_id, option_id}] as answered
        answers_json TEXT NOT NULL,
        score        BIGINT NOT NULL CHECK (score >= 0),
        max_score    BIGINT NOT NULL CHECK (max_score >= score),
        level        TEXT NOT NULL CHECK (level IN ('basic', 'advanced')),
        reason       TEXT NOT NULL,
        taken_at     BIGINT NOT NULL
    );
