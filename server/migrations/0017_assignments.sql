-- Migration 17: courses of 履职学堂 assigned by staff to deputies with a due date, the
-- reminders of each (due in 3 days, overdue: each once), and staff's reminders of those
-- behind (at most one a day per deputy).
-- Applied once, in order, by server/src/db.rs (PRAGMA user_version); never edit an
-- applied migration: add the next number.

    CREATE TABLE course_assignments (
        seq          INTEGER PRIMARY KEY,
        id           TEXT NOT NULL UNIQUE,
        course_id    TEXT NOT NULL REFERENCES courses(id),
        audience     TEXT NOT NULL CHECK (audience IN ('all', 'station', 'deputies')),
        station_id   TEXT REFERENCES stations(id),
        due_at       INTEGER NOT NULL,
        note         TEXT,
        created_by   TEXT NOT NULL REFERENCES users(id),
        created_at   INTEGER NOT NULL
    );
    -- the deputies of an assignment, as they were when it was made
    CREATE TABLE assignment_deputies (
        assignment_id TEXT NOT NULL REFERENCES course_assignments(id),
        deputy_id     TEXT NOT NULL REFERENCES deputies(id),
        sent_soon     INTEGER NOT NULL DEFAULT 0,
        sent_overdue  INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (assignment_id, deputy_id)
    );
    CREATE INDEX assignment_deputies_by_deputy ON assignment_deputies (deputy_id);
    CREATE TABLE training_reminders (
        deputy_id    TEXT NOT NULL REFERENCES deputies(id),
        sent_at      INTEGER NOT NULL,
        sent_by      TEXT NOT NULL REFERENCES users(id)
    );
    CREATE INDEX training_reminders_by_deputy ON training_reminders (deputy_id, sent_at);
