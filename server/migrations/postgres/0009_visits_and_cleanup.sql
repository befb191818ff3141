-- Issue 11: an article's view is counted once per visitor and day; old rate and code rows are
-- deleted by the periodic cleanup (server/src/cleanup.rs), which these indexes make cheap.
-- PostgreSQL version of ../0009_visits_and_cleanup.sql (docs/postgres.md); never edit an applied
-- migration: add the next number, here and beside the SQLite one.
CREATE TABLE article_views (
    article_id TEXT NOT NULL,
    -- a hash: the user's id, or the client address and browser of an anonymous visitor
    -- (no address is stored as such)
    visitor    TEXT NOT NULL,
    -- the day in the township's time zone (days since 1970-01-01)
    day        BIGINT NOT NULL,
    PRIMARY KEY (article_id, visitor, day)
);
CREATE INDEX article_views_by_day ON article_views (day);
CREATE INDEX rate_events_by_time ON rate_events (at);
CREATE INDEX sms_codes_by_expiry ON sms_codes (expires_at);
