-- Migration 15: the question bank of 履职学堂 and 每日一练 (daily practice): the questions of
-- each user's township day (chosen once, so that a change of the bank during the day does not
-- change them) and their answers, marked when given.
-- Applied once, in order, by server/src/db.rs (PRAGMA user_version); never edit an
-- applied migration: add the next number.

    CREATE TABLE quiz_questions (
        seq          INTEGER PRIMARY KEY,
        id           TEXT NOT NULL UNIQUE,
        category     TEXT NOT NULL,
        kind         TEXT NOT NULL CHECK (kind IN ('single', 'multiple', 'true_false')),
        text         TEXT NOT NULL,
        -- the options' texts in the bank's order; an option's id is its letter (a, b, c…)
        options_json TEXT NOT NULL,
        -- the right options' ids
        correct_json TEXT NOT NULL,
        explanation  TEXT NOT NULL DEFAULT '',
        created_at   INTEGER NOT NULL
    );
    CREATE INDEX quiz_questions_by_category ON quiz_questions (category);
    CREATE TABLE practice_days (
        user_id      TEXT NOT NULL REFERENCES users(id),
        -- the township day number (days since 1970-01-01 in the deployment's time zone)
        day          INTEGER NOT NULL,
        question_ids_json TEXT NOT NULL,
        PRIMARY KEY (user_id, day)
    );
    CREATE TABLE practice_answers (
        user_id      TEXT NOT NULL REFERENCES users(id),
        day          INTEGER NOT NULL,
        question_id  TEXT NOT NULL REFERENCES quiz_questions(id),
        option_ids_json TEXT NOT NULL,
        mark         INTEGER NOT NULL CHECK (mark BETWEEN 0 AND 100),
        answered_at  INTEGER NOT NULL,
        PRIMARY KEY (user_id, day, question_id),
        FOREIGN KEY (user_id, day) REFERENCES practice_days(user_id, day)
    );
