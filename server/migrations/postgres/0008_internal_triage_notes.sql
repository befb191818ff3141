-- Migration 8: staff's free text on a triage is an internal note (issue 11). Before, it was
-- appended to the public `triaged` entry ("民生小事，交由陈志强办理。<staff's text>"), so the
-- author and, for a public message, everyone read what staff wrote for the handler. The text
-- after "办理。" moves to an `internal_note` entry of the same time and actor (only handlers
-- and staff see those); the public entry keeps the decision alone.
-- PostgreSQL version of ../0008_internal_triage_notes.sql (docs/postgres.md); never edit an applied
-- migration: add the next number, here and beside the SQLite one.
-- SQLite's instr is PostgreSQL's strpos; both count characters, as length and substr do.
INSERT INTO message_timeline (id, message_id, at, kind, actor_id, actor_role, actor_name, status, note)
    SELECT id || '_note', message_id, at, 'internal_note', actor_id, actor_role, actor_name, NULL,
           substr(note, strpos(note, '办理。') + 3)
    FROM message_timeline
    WHERE kind = 'triaged' AND strpos(note, '办理。') > 0 AND length(note) > strpos(note, '办理。') + 2
    ORDER BY seq;
UPDATE message_timeline SET note = substr(note, 1, strpos(note, '办理。') + 1)
    WHERE kind = 'triaged' AND strpos(note, '办理。') > 0;
