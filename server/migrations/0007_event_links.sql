-- Migration 7 (issue 10): how to join an event online, a phone number to ask about it, and
-- its place's position (WGS 84) for navigation. All optional: events without them stay as
-- they were.
-- Applied once, in order, by server/src/db.rs (PRAGMA user_version); never edit an
-- applied migration: add the next number.

    ALTER TABLE events ADD COLUMN join_url TEXT;
    ALTER TABLE events ADD COLUMN join_label TEXT;
    ALTER TABLE events ADD COLUMN phone TEXT;
    ALTER TABLE events ADD COLUMN lat REAL;
    ALTER TABLE events ADD COLUMN lng REAL;
