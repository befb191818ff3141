-- Migration 7 (issue 10): how to join an event online, a phone number to ask about it, and
-- its place's position (WGS 84) for navigation. All optional: events without them stay as
-- they were.
-- PostgreSQL version of ../0007_event_links.sql (docs/postgres.md); never edit an applied
-- migration: add the next number, here and beside the SQLite one.

    ALTER TABLE events ADD COLUMN join_url TEXT;
    ALTER TABLE events ADD COLUMN join_label TEXT;
    ALTER TABLE events ADD COLUMN phone TEXT;
    ALTER TABLE events ADD COLUMN lat DOUBLE PRECISION;
    ALTER TABLE events ADD COLUMN lng DOUBLE PRECISION;
