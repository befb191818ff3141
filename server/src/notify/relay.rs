//! Live streams across instances: a notification stored by another instance on the same
//! database reaches the streams held here (issue 17).
//!
//! [`super::notify`] publishes a notification to the streams of the instance that stored it,
//! in its transaction. Another instance learns of it here: it reads the notifications stored
//! after the last one it has seen (by sequence number) and publishes to its own streams those
//! it did not publish itself ([`Hub::published_here`]), for users with a stream here. A stream
//! that reconnects to another instance replays from its last event id as before
//! (`GET /notifications/stream` with `Last-Event-ID`): nothing of it is in memory.
//!
//! When: every [`RELAY_MS`] on both databases. On PostgreSQL also at once: storing a
//! notification sends `pg_notify('zsrd_notifications')` in its transaction, delivered at its
//! commit to every instance's `LISTEN` session ([`spawn`]); the timer stays, for a lost
//! session. Polling one indexed range costs one small read per instance and round.
//!
//! Sequence numbers are not always committed in order: on PostgreSQL a transaction that took
//! 10 may commit after one that took 11 (SQLite has one writer at a time, but its numbers can
//! still skip). So the [`Cursor`] remembers the numbers it skipped over for [`GAP_MS`], and a
//! round reads from the oldest of them: a late commit is relayed in the round after it.
//!
//! (A notification published in a transaction that then failed leaves its number remembered
//! as this instance's until the relay passes it; SQLite may give that number to the next row,
//! which streams here would then miss live, and get on their next reconnection. Notifications
//! are stored as the last step of their change, so such a failure is a failed commit.)
//!
//! Not relayed: a change of the unread count alone (marked read on another device through
//! another instance); the next notification carries the count, and the app reads it again
//! when it comes back to the foreground.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use crate::sql::{params, Connection};

use super::hub::{Hub, Push};
use super::store::{row, unread_count, COLUMNS};
use crate::problem::ApiError;

/// How often the notifications stored by other instances are looked for (an alert made on
/// another instance reaches a stream here within this, plus a read; on PostgreSQL its commit
/// wakes the round at once).
pub const RELAY_MS: u64 = 500;

/// How long a skipped sequence number is waited for (a transaction that took it and has not
/// committed yet; after this it is taken as rolled back).
pub const GAP_MS: i64 = 10_000;

/// The channel of PostgreSQL's `NOTIFY` that a stored notification sends.
pub const CHANNEL: &str = "zsrd_notifications";

/// Rows read in one round at most (the next round goes on from the last).
const ROUND_ROWS: i64 = 500;

/// Skipped numbers remembered at most (a larger jump: only the last ones are waited for).
const GAPS_KEPT: i64 = 1_000;

/// Where the relay is: the last sequence number seen, and the numbers below it not seen yet
/// (each with when it was first missed, in ms).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cursor {
    pub last: i64,
    pub gaps: BTreeMap<i64, i64>,
}

impl Cursor {
    /// From the last notification stored so far (what is older, streams that reconnect get
    /// from the database).
    pub fn at(last: i64) -> Self {
        Cursor { last, gaps: BTreeMap::new() }
    }

    /// Where the next read starts: below the oldest gap, else after the last seen.
    pub fn from(&self) -> i64 {
        self.gaps.keys().next().map_or(self.last, |g| g - 1).min(self.last)
    }

    /// Whether `seq`, read now (`now_ms`), is new: after the last, or a gap filled. A jump
    /// records the numbers it skipped as gaps.
    pub fn take(&mut self, seq: i64, now_ms: i64) -> bool {
        if seq <= self.last {
            return self.gaps.remove(&seq).is_some();
        }
        for missing in (self.last + 1).max(seq - GAPS_KEPT)..seq {
            self.gaps.insert(missing, now_ms);
        }
        self.last = seq;
        true
    }

    /// Forgets the gaps waited for longer than [`GAP_MS`].
    pub fn expire(&mut self, now_ms: i64) {
        self.gaps.retain(|_, since| now_ms - *since < GAP_MS);
    }
}

/// The last notification stored so far: where the relay starts.
pub fn newest(conn: &Connection) -> Result<i64, ApiError> {
    Ok(conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM notifications", (), |r| r.get(0))?)
}

/// One round at `now_ms`: the notifications stored after `cursor` (and in its gaps), published
/// to this instance's streams unless published here already.
pub fn round(conn: &Connection, hub: &Hub, mut cursor: Cursor, now_ms: i64) -> Result<Cursor, ApiError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT user_id, {COLUMNS} FROM notifications WHERE seq > ?1 ORDER BY seq LIMIT ?2"
    ))?;
    let rows = stmt
        .query_map(params![cursor.from(), ROUND_ROWS], |r| {
            let user: String = r.get(0)?;
            row(r, 1).map(|(seq, n)| (user, seq, n))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    for (user, seq, n) in rows {
        if !cursor.take(seq, now_ms) || hub.published_here(seq) || hub.streams(&user) == 0 {
            continue;
        }
        let unread = unread_count(conn, &user)?;
        let json: Arc<str> = serde_json::to_string(&n)?.into();
        hub.relay(&user, Push::Notification { seq, json, unread });
    }
    cursor.expire(now_ms);
    Ok(cursor)
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Runs [`round`] every [`RELAY_MS`] for the server's lifetime, on a reader; on PostgreSQL
/// also whenever a notification is committed (`LISTEN zsrd_notifications`).
pub fn spawn(state: crate::AppState) -> tokio::task::JoinHandle<()> {
    spawn_every(state, Duration::from_millis(RELAY_MS))
}

/// [`spawn`] with its timer at `every` (a test shows the `LISTEN` alone wakes it).
pub fn spawn_every(state: crate::AppState, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut listener = match state.db().postgres_url() {
            Some(url) => match listen(url).await {
                Ok(l) => Some(l),
                Err(e) => {
                    tracing::warn!("notification relay: LISTEN failed ({e}); every {RELAY_MS} ms instead");
                    None
                }
            },
            None => None,
        };
        let mut cursor: Option<Cursor> = None;
        let mut interval = tokio::time::interval(every);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            match listener.as_mut() {
                Some(l) => {
                    tokio::select! {
                        _ = interval.tick() => {}
                        // (sqlx reconnects a lost session itself; an error: wait for the timer)
                        got = l.recv() => if let Err(e) = got {
                            tracing::warn!("notification relay: LISTEN: {e}");
                            interval.tick().await;
                        },
                    }
                }
                None => {
                    interval.tick().await;
                }
            }
            let hub = Arc::clone(state.hub());
            let from = cursor.clone();
            let done = state
                .db()
                .read(move |conn| match from {
                    None => newest(conn).map(Cursor::at),
                    Some(c) => round(conn, &hub, c, now_ms()),
                })
                .await;
            match done {
                Ok(c) => cursor = Some(c),
                Err(e) => tracing::warn!("notification relay: {e:?}"),
            }
        }
    })
}

/// A session listening on [`CHANNEL`].
async fn listen(url: &str) -> Result<sqlx::postgres::PgListener, sqlx::Error> {
    let mut l = sqlx::postgres::PgListener::connect(url).await?;
    l.listen(CHANNEL).await?;
    Ok(l)
}

#[cfg(test)]
mod tests {
    use super::Cursor;

    #[test]
    fn a_number_committed_late_is_taken_once_and_a_gap_expires() {
        let mut c = Cursor::at(10);
        assert_eq!(c.from(), 10);
        // 12 is committed before 11
        assert!(c.take(12, 0));
        assert_eq!((c.last, c.gaps.keys().copied().collect::<Vec<_>>()), (12, vec![11]));
        assert_eq!(c.from(), 10, "the next read starts below the gap");
        assert!(!c.take(12, 100), "seen already");
        assert!(c.take(11, 200), "the late one");
        assert!(!c.take(11, 300), "once");
        assert_eq!(c.from(), 12);
        // a gap never filled is forgotten after GAP_MS
        assert!(c.take(14, 1_000));
        c.expire(1_000 + super::GAP_MS - 1);
        assert_eq!(c.from(), 12);
        c.expire(1_000 + super::GAP_MS);
        assert_eq!(c.from(), 14);
        // a jump remembers its last numbers only
        assert!(c.take(14 + 5_000, 0));
        assert_eq!(c.gaps.len(), super::GAPS_KEPT as usize);
    }
}
