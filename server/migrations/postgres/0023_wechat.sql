-- Migration 23: WeChat subscription messages (订阅消息) — what each user answered WeChat's
-- subscribe dialog for each template, and how many messages of it their accepts allow (a
-- one-time subscription allows one message per accept).
-- PostgreSQL version of ../0023_wechat.sql (docs/postgres.md); never edit an applied
-- migration: add the next number, here and beside the SQLite one.

    CREATE TABLE wechat_consents (
        user_id      TEXT NOT NULL REFERENCES users(id),
        template_id  TEXT NOT NULL,
        -- the last answer: accept, reject, ban or filter (WeChat's words)
        status       TEXT NOT NULL,
        -- messages the accepts still allow
        allowed      BIGINT NOT NULL DEFAULT 0,
        updated_at   BIGINT NOT NULL,
        PRIMARY KEY (user_id, template_id)
    );
