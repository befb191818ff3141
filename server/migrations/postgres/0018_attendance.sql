-- Migration 18: the deputies who attended an event (履职档案): recorded by staff, or checked in
-- by the deputy with the event's QR code during its time window; and each event's check-in
-- code (made when staff first open its attendance).
-- PostgreSQL version of ../0018_attendance.sql (docs/postgres.md); never edit an applied
-- migration: add the next number, here and beside the SQLite one.

    CREATE TABLE event_attendance (
        event_id     TEXT NOT NULL REFERENCES events(id),
        deputy_id    TEXT NOT NULL REFERENCES deputies(id),
        how          TEXT NOT NULL CHECK (how IN ('staff', 'check_in')),
        at           BIGINT NOT NULL,
        by_user      TEXT NOT NULL REFERENCES users(id),
        PRIMARY KEY (event_id, deputy_id)
    );
    CREATE INDEX event_attendance_by_deputy ON event_attendance (deputy_id, at);
    CREATE TABLE event_check_in_codes (
        event_id     TEXT PRIMARY KEY REFERENCES events(id),
        code         TEXT NOT NULL
    );
