-- Migration 5: liaison stations get the villages and communities they serve (people choose
-- "my village" from them) and their position for map apps (WGS 84); a message may be
-- addressed to a liaison station (recipient_kind 'station': the writer is not sure whom to
-- address, the station's staff triage it).
-- PostgreSQL version of ../0005_stations_and_station_recipients.sql (docs/postgres.md); never
-- edit an applied migration: add the next number, here and beside the SQLite one.
--
-- SQLite rebuilds `messages` to change the CHECK of recipient_kind; PostgreSQL replaces the
-- constraint in place (named in 0003), so the table, its rows, its indexes and the foreign keys
-- that point at it stay as they are. A handler is still never a station: its staff triage to a
-- deputy or a department.

    ALTER TABLE stations ADD COLUMN villages_json TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE stations ADD COLUMN lat DOUBLE PRECISION;
    ALTER TABLE stations ADD COLUMN lng DOUBLE PRECISION;

    ALTER TABLE messages DROP CONSTRAINT messages_recipient_kind_check;
    ALTER TABLE messages ADD CONSTRAINT messages_recipient_kind_check
        CHECK (recipient_kind IN ('deputy', 'department', 'station'));
