//! Live streams across instances: a notification stored by another instance on the same
//! database reaches the streams held here (issue 17).
//!
//! [`super::notify`] publishes a notification to the streams of the instance that stored it,
//! in its transaction. Another instance learns of it here: every [`RELAY_MS`] it reads the
//! notifications stored after the last one it has seen (by sequence number, the table's rowid,
//! which SQLite assigns in commit order: one writer at a time) and publishes to its own
//! streams those it did not publish itself ([`Hub::published_here`]), for users with a stream
//! here. A stream that reconnects to another instance replays from its last event id as
//! before (`GET /notifications/stream` with `Last-Event-ID`): nothing of it is in memory.
//!
//! Polling one indexed range every half second costs one small read per instance and needs no
//! other engine beside the database. On PostgreSQL, `LISTEN/NOTIFY` is to wake this round
//! instead of the timer (and, sequences not being assigned in commit order there, the round
//! to look again at a short window before its last sequence number): docs/postgres.md.
//!
//! (A notification published in a transaction that then failed leaves its number remembered
//! as this instance's until the relay passes it; SQLite may give that number to the next row,
//! which streams here would then miss live, and get on their next reconnection. Notifications
//! are stored as the last step of their change, so such a failure is a failed commit.)
//!
//! Not relayed: a change of the unread count alone (marked read on another device through
//! another instance); the next notification carries the count, and the app reads it again
//! when it comes back to the foreground.

use std::sync::Arc;
use std::time::Duration;

use crate::sql::{params, Connection};

use super::hub::{Hub, Push};
use super::store::{row, unread_count, COLUMNS};
use crate::problem::ApiError;

/// How often the notifications stored by other instances are looked for (an alert made on
/// another instance reaches a stream here within this, plus a read).
pub const RELAY_MS: u64 = 500;

/// Rows read in one round at most (the next round goes on from the last).
const ROUND_ROWS: i64 = 500;

/// The last notification stored so far: where the relay starts (what is older, streams
/// that reconnect get from the database).
pub fn newest(conn: &Connection) -> Result<i64, ApiError> {
    Ok(conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM notifications", (), |r| r.get(0))?)
}

/// One round: the notifications stored after `after`, published to this instance's streams
/// unless published here already. Returns the last sequence number seen.
pub fn round(conn: &Connection, hub: &Hub, after: i64) -> Result<i64, ApiError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT user_id, {COLUMNS} FROM notifications WHERE seq > ?1 ORDER BY seq LIMIT ?2"
    ))?;
    let rows = stmt
        .query_map(params![after, ROUND_ROWS], |r| {
            let user: String = r.get(0)?;
            row(r, 1).map(|(seq, n)| (user, seq, n))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut last = after;
    for (user, seq, n) in rows {
        last = seq;
        if hub.published_here(seq) || hub.streams(&user) == 0 {
            continue;
        }
        let unread = unread_count(conn, &user)?;
        let json: Arc<str> = serde_json::to_string(&n)?.into();
        hub.relay(&user, Push::Notification { seq, json, unread });
    }
    Ok(last)
}

/// Runs [`round`] every [`RELAY_MS`] for the server's lifetime, on a reader.
pub fn spawn(state: crate::AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut after = None;
        let mut interval = tokio::time::interval(Duration::from_millis(RELAY_MS));
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            let hub = Arc::clone(state.hub());
            let from = after;
            let done = state
                .db()
                .read(move |conn| match from {
                    None => newest(conn),
                    Some(a) => round(conn, &hub, a),
                })
                .await;
            match done {
                Ok(last) => after = Some(last),
                Err(e) => tracing::warn!("notification relay: {e:?}"),
            }
        }
    })
}
