-- Migration 26: the WeChat official account's access_token and jsapi_ticket, kept where every
-- instance of the server reads them (issue 17). WeChat gives one valid token per account: a
-- new fetch replaces the last one within 5 minutes, so instances that each fetched their own
-- would keep replacing each other's. server/src/wechat.rs reads these rows before asking
-- WeChat, and stores what it fetched.
-- Applied once, in order, by server/src/db.rs (PRAGMA user_version); never edit an
-- applied migration: add the next number.

    CREATE TABLE wechat_credentials (
        -- 'access_token' or 'jsapi_ticket'
        name   TEXT PRIMARY KEY,
        value  TEXT NOT NULL,
        -- used until then (Unix seconds; a little before WeChat's expiry)
        until  INTEGER NOT NULL
    );
