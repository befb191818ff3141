//! Time: the server keeps times as Unix seconds (UTC) and writes them as RFC 3339. The
//! calendar maths is the contract's ([`contract::civil`], shared with the app); this module
//! adds the clock.

use std::time::{SystemTime, UNIX_EPOCH};

pub use contract::civil::{civil_from_days, days_from_civil, parse_rfc3339, DAY, HOUR};

/// Unix seconds as RFC 3339 in UTC, e.g. `2026-11-29T08:30:00Z`
/// ([`contract::civil::rfc3339_utc`]).
pub use contract::civil::rfc3339_utc as rfc3339;

/// Beijing time (UTC+8), the time zone the demo content is written in.
pub const BEIJING_OFFSET: i64 = 8 * HOUR;

/// The current time in Unix seconds.
pub fn now_secs() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(_) => 0,
    }
}

/// Runs `tick` at once and then every `secs` seconds, for the server's lifetime (the periodic
/// tasks: deadline alerts, cleanup, unattached uploads). A late tick is delayed, not bunched up.
pub fn every<F, Fut>(secs: u64, mut tick: F) -> tokio::task::JoinHandle<()>
where
    F: FnMut() -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(std::time::Duration::from_secs(secs));
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            tick().await;
        }
    })
}
