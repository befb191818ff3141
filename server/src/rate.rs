//! Rate limits kept in SQLite (`rate_events`): one row per counted request in a bucket
//! (`"<what>:<who>"`, e.g. `"code:13800000001"`, `"message:u_…"`).

use crate::sql::{params, Connection, OptionalExtension};

use crate::problem::ApiError;

/// Allows the request and records it when the bucket has fewer than `max` events in the
/// last `window_secs` (events at `t` with `now - window_secs < t <= now`); otherwise 429
/// with `Retry-After` = seconds until one more request would be allowed. A window of 0
/// (or less) means no limit (nothing recorded).
pub fn check_rate(
    conn: &Connection,
    bucket: &str,
    max: u32,
    window_secs: i64,
    now: i64,
) -> Result<(), ApiError> {
    match retry_after(conn, bucket, max, window_secs, now)? {
        None => {
            record(conn, bucket, window_secs, now)?;
            Ok(())
        }
        Some(secs) => Err(ApiError::RateLimited {
            retry_after_secs: secs,
            detail: format!("Too many requests; try again in {secs} seconds."),
        }),
    }
}

/// Seconds to wait before the bucket accepts another event, or `None` when it accepts one
/// now. Records nothing.
pub fn retry_after(
    conn: &Connection,
    bucket: &str,
    max: u32,
    window_secs: i64,
    now: i64,
) -> Result<Option<u64>, ApiError> {
    if window_secs <= 0 {
        return Ok(None);
    }
    let since = now - window_secs;
    let count: i64 = conn.query_row(
        "SELECT COUNT(*) FROM rate_events WHERE bucket = ?1 AND at > ?2",
        params![bucket, since],
        |r| r.get(0),
    )?;
    if count < i64::from(max) {
        return Ok(None);
    }
    if max == 0 {
        return Ok(Some(window_secs.max(1) as u64));
    }
    // the request is allowed again once all but max-1 of the events in the window left it:
    // when the (count - max + 1)-th oldest leaves, at its time + window
    let offset = count - i64::from(max);
    let at: Option<i64> = conn
        .query_row(
            "SELECT at FROM rate_events WHERE bucket = ?1 AND at > ?2 ORDER BY at LIMIT 1 OFFSET ?3",
            params![bucket, since, offset],
            |r| r.get(0),
        )
        .optional()?;
    let wait = at.map_or(window_secs, |at| at + window_secs - now);
    Ok(Some(wait.max(1) as u64))
}

/// Records one event in the bucket (and forgets this bucket's events older than the window).
pub fn record(conn: &Connection, bucket: &str, window_secs: i64, now: i64) -> Result<(), ApiError> {
    if window_secs <= 0 {
        return Ok(());
    }
    conn.execute(
        "DELETE FROM rate_events WHERE bucket = ?1 AND at <= ?2",
        params![bucket, now - window_secs.max(3600) * 2],
    )?;
    conn.execute(
        "INSERT INTO rate_events (bucket, at) VALUES (?1, ?2)",
        params![bucket, now],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn() -> Connection {
        crate::db::migrated_in_memory()
    }

    #[test]
    fn allows_max_per_window_then_says_when() {
        let c = conn();
        for i in 0..5 {
            check_rate(&c, "b", 5, 3600, 1000 + i * 10).expect("allowed");
        }
        match check_rate(&c, "b", 5, 3600, 1100) {
            Err(ApiError::RateLimited {
                retry_after_secs, ..
            }) => assert_eq!(retry_after_secs, 1000 + 3600 - 1100),
            other => panic!("{other:?}"),
        }
        // another bucket is independent
        check_rate(&c, "other", 5, 3600, 1100).expect("allowed");
        // once the oldest left the window, one more
        check_rate(&c, "b", 5, 3600, 4600).expect("allowed again");
        assert!(check_rate(&c, "b", 5, 3600, 4601).is_err());
        // no window: no limit
        for _ in 0..10 {
            check_rate(&c, "c", 1, 0, 5).expect("unlimited");
        }
    }

    #[test]
    fn one_per_interval() {
        let c = conn();
        check_rate(&c, "i", 1, 60, 100).expect("first");
        match check_rate(&c, "i", 1, 60, 130) {
            Err(ApiError::RateLimited {
                retry_after_secs, ..
            }) => assert_eq!(retry_after_secs, 30),
            other => panic!("{other:?}"),
        }
        check_rate(&c, "i", 1, 60, 160).expect("after the interval");
    }
}
