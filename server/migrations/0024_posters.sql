-- Migration 24: posters (扫码即联代表 on notice boards) and what each brought, per week.
-- Applied once, in order, by server/src/db.rs (PRAGMA user_version); never edit an
-- applied migration: add the next number.
--
-- Only aggregate counters: `poster_weeks` has no user, device, address or message column,
-- and no table records which visit or which message came from which poster.

    CREATE TABLE posters (
        seq          INTEGER PRIMARY KEY,
        -- also the code its QR carries (`via`)
        id           TEXT NOT NULL UNIQUE,
        target       TEXT NOT NULL CHECK (target IN ('home', 'deputy', 'station')),
        target_id    TEXT,
        place        TEXT NOT NULL,
        by_user      TEXT NOT NULL REFERENCES users(id),
        created_at   INTEGER NOT NULL
    );
    CREATE TABLE poster_weeks (
        poster_id    TEXT NOT NULL REFERENCES posters(id),
        -- the Monday of the week, YYYY-MM-DD (township calendar)
        week_start   TEXT NOT NULL,
        opens        INTEGER NOT NULL DEFAULT 0,
        messages     INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (poster_id, week_start)
    ) WITHOUT ROWID;
