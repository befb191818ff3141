//! The periodic cleanup: rows that only mattered for a while. Without it, every phone number
//! and client address ever seen would stay in `rate_events`, every code in `sms_codes`.

use crate::sql::{params, Connection};

use crate::clock::DAY;
use crate::problem::ApiError;

/// How often [`spawn`] runs [`sweep`].
pub const CLEANUP_INTERVAL_SECS: u64 = 10 * 60;

/// Rate events are kept this long: longer than any window of a limit (the longest is an hour).
pub const RATE_EVENTS_KEPT_SECS: i64 = DAY;
/// Codes are kept this long after they expired (so that a late try can be told "expired" or
/// "used" rather than "wrong" for a while).
pub const CODES_KEPT_SECS: i64 = DAY;
/// Stream tickets are kept this long after they expired.
pub const TICKETS_KEPT_SECS: i64 = DAY;
/// SMS sent or given up are kept this long (the daily budget counts today's; the rest is for
/// whoever runs the server to see what went out, without its text).
pub const SMS_KEPT_SECS: i64 = 30 * DAY;

/// What one sweep deleted.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub rate_events: usize,
    pub codes: usize,
    pub tickets: usize,
    pub views: usize,
    pub sms: usize,
    /// Addresses of the shared request limit that are full again (security.rs).
    pub api_limits: usize,
}

/// Deletes the rows of `now` that are no longer needed. `today` is the township's day number
/// (see [`crate::routes::articles`]): the once-a-day view marks of earlier days go.
pub fn sweep(conn: &mut Connection, now: i64, today: i64) -> Result<Swept, ApiError> {
    let tx = conn.transaction()?;
    let swept = Swept {
        rate_events: tx.execute("DELETE FROM rate_events WHERE at <= ?1", params![now - RATE_EVENTS_KEPT_SECS])?,
        codes: tx.execute("DELETE FROM sms_codes WHERE expires_at <= ?1", params![now - CODES_KEPT_SECS])?,
        tickets: tx.execute("DELETE FROM stream_tickets WHERE expires_at <= ?1", params![now - TICKETS_KEPT_SECS])?,
        views: tx.execute("DELETE FROM article_views WHERE day < ?1", params![today])?,
        sms: tx.execute(
            "DELETE FROM sms_outbox WHERE created_at <= ?1 AND (sent_at IS NOT NULL OR failed_at IS NOT NULL)",
            params![now - SMS_KEPT_SECS],
        )?,
        api_limits: crate::security::forget_full(&tx, now)?,
    };
    tx.commit()?;
    Ok(swept)
}

/// Every [`CLEANUP_INTERVAL_SECS`]: the idle addresses of this instance's request limiter when
/// it is in memory (its own: on every instance), and [`sweep`] (with the shared limit's full
/// rows) on the one instance that holds the lease
/// of [`crate::jobs::CLEANUP`] (deleting twice would do no harm, but once is enough).
pub fn spawn(state: crate::AppState) -> tokio::task::JoinHandle<()> {
    crate::clock::every(CLEANUP_INTERVAL_SECS, move || {
        let state = state.clone();
        async move {
            state.api_limiter().forget_idle();
            let today = state.local_day(state.now());
            match crate::jobs::leased_round(&state, crate::jobs::CLEANUP, move |conn, now| sweep(conn, now, today)).await {
                None => {}
                Some(Ok(s)) if s == Swept::default() => {}
                Some(Ok(s)) => tracing::debug!("cleanup: {s:?}"),
                Some(Err(e)) => tracing::warn!("cleanup failed: {e:?}"),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_rows_go_and_current_ones_stay() {
        let mut c = crate::db::migrated_in_memory();
        let now = 10 * DAY;
        c.execute_batch(&format!(
            "INSERT INTO rate_events (bucket, at) VALUES ('old', {old}), ('new', {new});
             INSERT INTO sms_codes (phone, code_hash, created_at, expires_at) VALUES
                 ('13800000001', 'h1', {old}, {old}), ('13800000001', 'h2', {new}, {later});
             INSERT INTO users (id, phone, display_name, roles, created_at) VALUES ('u', '13800000001', 'U', 'citizen', 0);
             INSERT INTO stream_tickets (ticket_hash, user_id, created_at, expires_at) VALUES
                 ('t1', 'u', {old}, {old}), ('t2', 'u', {new}, {later});
             INSERT INTO article_views (article_id, visitor, day) VALUES ('a', 'v', 8), ('a', 'v', 9), ('a', 'w', 10);
             INSERT INTO sms_outbox (phone, purpose, template, params_json, text, created_at, local_day, next_at, sent_at, failed_at) VALUES
                 ('13800000001', 'alert', '', '[]', '', {month_ago}, 0, 0, {month_ago}, NULL),
                 ('13800000001', 'alert', '', '[]', '', {month_ago}, 0, 0, NULL, {month_ago}),
                 ('13800000001', 'alert', '', '[]', '', {month_ago}, 0, {month_ago}, NULL, NULL),
                 ('13800000001', 'code', '', '[]', '', {new}, 0, 0, {new}, NULL);
             INSERT INTO api_limits (addr, tat) VALUES ('198.51.100.1', {full_us}), ('198.51.100.2', {busy_us});",
            old = now - DAY - 1,
            new = now - 60,
            later = now + 240,
            month_ago = now - 30 * DAY,
            full_us = (now - 1) * 1_000_000,
            busy_us = now * 1_000_000 + 1,
        ))
        .unwrap();
        let s = sweep(&mut c, now, 10).unwrap();
        // an SMS still to be sent stays however old it is
        assert_eq!(s, Swept { rate_events: 1, codes: 1, tickets: 1, views: 2, sms: 2, api_limits: 1 });
        let left = |sql: &str| -> i64 { c.query_row(sql, (), |r| r.get(0)).unwrap() };
        assert_eq!(left("SELECT COUNT(*) FROM rate_events WHERE bucket = 'new'"), 1);
        assert_eq!(left("SELECT COUNT(*) FROM sms_codes WHERE code_hash = 'h2'"), 1);
        assert_eq!(left("SELECT COUNT(*) FROM stream_tickets WHERE ticket_hash = 't2'"), 1);
        assert_eq!(left("SELECT COUNT(*) FROM article_views"), 1);
        // an address whose burst is not back to full yet is still counted
        assert_eq!(left("SELECT COUNT(*) FROM api_limits WHERE addr = '198.51.100.2'"), 1);
        assert_eq!(sweep(&mut c, now, 10).unwrap(), Swept::default());
    }
}
