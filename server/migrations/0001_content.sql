-- Migration 1: reading content (categories, articles and their full-text index, events,
-- files served under /media).
-- Applied once, in order, by server/src/db.rs (PRAGMA user_version); never edit an
-- applied migration: add the next number.

    CREATE TABLE categories (
        id       TEXT PRIMARY KEY,
        kind     TEXT NOT NULL CHECK (kind IN ('news', 'policy', 'case')),
        name     TEXT NOT NULL,
        position INTEGER NOT NULL
    );
    CREATE TABLE articles (
        seq          INTEGER PRIMARY KEY,
        id           TEXT NOT NULL UNIQUE,
        kind         TEXT NOT NULL CHECK (kind IN ('news', 'policy', 'case')),
        category_id  TEXT REFERENCES categories(id),
        title        TEXT NOT NULL,
        summary      TEXT NOT NULL,
        cover_json   TEXT,
        author       TEXT,
        source       TEXT,
        published_at INTEGER NOT NULL,
        updated_at   INTEGER,
        view_count   INTEGER NOT NULL DEFAULT 0,
        body_json    TEXT NOT NULL
    );
    CREATE INDEX articles_by_time ON articles (published_at DESC, id DESC);
    CREATE INDEX articles_by_kind ON articles (kind, published_at DESC, id DESC);
    CREATE INDEX articles_by_category ON articles (category_id, published_at DESC, id DESC);
    -- rowid = articles.seq; text transformed by search::index_text
    CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, summary, body, tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TABLE events (
        seq              INTEGER PRIMARY KEY,
        id               TEXT NOT NULL UNIQUE,
        title            TEXT NOT NULL,
        summary          TEXT NOT NULL,
        starts_at        INTEGER NOT NULL,
        ends_at          INTEGER,
        -- ends_at, or starts_at + 2 h when there is none: what "ongoing" and "past" use
        effective_end    INTEGER NOT NULL,
        place            TEXT NOT NULL,
        organiser        TEXT NOT NULL,
        cover_json       TEXT,
        description_json TEXT NOT NULL
    );
    CREATE INDEX events_by_start ON events (starts_at, id);
    CREATE INDEX events_by_end ON events (effective_end);
    -- files served under /media (e.g. attachments)
    CREATE TABLE files (
        path       TEXT PRIMARY KEY,
        mime_type  TEXT NOT NULL,
        content    BLOB NOT NULL
    );
