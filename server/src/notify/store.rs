//! Stored notifications: sending one ([`notify`], which respects the user's in-app
//! preference and pushes it to the hub), the list, marking read, the unread count, and the
//! tickets of the live stream.

use std::sync::Arc;

use contract::{Notification, NotificationKind, UnreadCount};
use crate::sql::{params, Connection, OptionalExtension};

use super::hub::{Hub, Push};
use super::preferences::preference;
use crate::auth::{hash_secret, new_token};
use crate::clock::{rfc3339, HOUR};
use crate::problem::ApiError;

/// A notification to send.
#[derive(Debug, Clone, PartialEq)]
pub struct NewNotification {
    pub user_id: String,
    pub kind: NotificationKind,
    pub title: String,
    pub body: String,
    pub message_id: Option<String>,
    /// The app path it opens, when it is not the message's (a comment's page).
    pub link: Option<String>,
}

impl NewNotification {
    /// A notification about something other than a message (a comment, a topic, a poll, a
    /// commendation), with the texts of its kind (`texts`), opening the app at `link`.
    pub fn about(
        user_id: impl Into<String>,
        kind: NotificationKind,
        subject: &str,
        detail: Option<&str>,
        link: String,
    ) -> Self {
        let (title, body) = super::texts(kind, subject, detail);
        NewNotification { user_id: user_id.into(), kind, title, body, message_id: None, link: Some(link) }
    }
}

/// The app path a notification opens.
pub fn link(message_id: Option<&str>) -> String {
    match message_id {
        Some(id) => format!("/messages/{id}"),
        None => "/notifications".into(),
    }
}

/// Stores a notification for its user and pushes it to their open streams — unless the
/// user turned the in-app channel of this kind off (`Ok(None)`). When the user chose SMS for
/// this kind and the deployment sends SMS ([`Hub::sms`]), the alert goes into the SMS outbox
/// in the same transaction (sent by [`crate::sms`]). WeChat subscription messages need a
/// gateway the reference server does not have: the wish is only logged.
///
/// Call it as the last step of the change it reports, inside its transaction (the
/// connection's lock serialises it with every reader, so streams never miss it).
pub fn notify(
    conn: &Connection,
    hub: &Hub,
    n: &NewNotification,
    now: i64,
) -> Result<Option<Notification>, ApiError> {
    let pref = preference(conn, &n.user_id, n.kind)?;
    if pref.sms {
        match hub.sms() {
            Some(tz) => {
                if crate::sms::enqueue_alert(conn, &n.user_id, &n.title, now, tz)? {
                    hub.wake_sms();
                }
            }
            None => tracing::info!("notification {} for user {}: SMS wanted, but SMS is not configured", n.kind.as_str(), n.user_id),
        }
    }
    if pref.wechat {
        tracing::info!("notification {} for user {}: WeChat wanted, but this server has no gateway", n.kind.as_str(), n.user_id);
    }
    if !pref.in_app {
        return Ok(None);
    }
    let seq: i64 = conn.query_row(
        "INSERT INTO notifications (user_id, kind, title, body, message_id, created_at, link) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING seq",
        params![
            n.user_id,
            n.kind.as_str(),
            n.title,
            n.body,
            n.message_id,
            now,
            n.link
        ],
        |r| r.get(0),
    )?;
    if conn.is_postgres() {
        // every instance's relay wakes at this transaction's commit (super::relay)
        conn.execute("SELECT pg_notify(?1, '')", params![super::relay::CHANNEL])?;
    }
    let notification = Notification {
        id: seq.to_string(),
        kind: n.kind,
        created_at: rfc3339(now),
        read: false,
        title: n.title.clone(),
        body: n.body.clone(),
        message_id: n.message_id.clone(),
        link: n
            .link
            .clone()
            .unwrap_or_else(|| link(n.message_id.as_deref())),
    };
    if pref.web_push && hub.push_enabled() && crate::push::enqueue(conn, &n.user_id, &notification, now)? > 0 {
        hub.wake_push();
    }
    let unread = unread_count(conn, &n.user_id)?;
    let json: Arc<str> = serde_json::to_string(&notification)?.into();
    hub.publish(&n.user_id, Push::Notification { seq, json, unread });
    Ok(Some(notification))
}

pub(super) const COLUMNS: &str = "seq, kind, title, body, message_id, created_at, read_at, link";

/// A stored notification and its sequence number, from [`COLUMNS`] starting at column `at`.
pub(super) fn row(r: &crate::sql::Row<'_>, at: usize) -> crate::sql::Result<(i64, Notification)> {
    let seq: i64 = r.get(at)?;
    let kind: String = r.get(at + 1)?;
    let message_id: Option<String> = r.get(at + 4)?;
    let read_at: Option<i64> = r.get(at + 6)?;
    let stored_link: Option<String> = r.get(at + 7)?;
    Ok((
        seq,
        Notification {
            id: seq.to_string(),
            kind: NotificationKind::parse(&kind).unwrap_or_default(),
            created_at: rfc3339(r.get(at + 5)?),
            read: read_at.is_some(),
            title: r.get(at + 2)?,
            body: r.get(at + 3)?,
            link: stored_link.unwrap_or_else(|| link(message_id.as_deref())),
            message_id,
        },
    ))
}

/// Reads a notification id (the decimal sequence number); `None` for any other text.
pub fn parse_id(id: &str) -> Option<i64> {
    if id.is_empty() || id.len() > 18 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    id.parse().ok().filter(|n| *n > 0)
}

/// How many of the user's notifications are unread.
pub fn unread_count(conn: &Connection, user_id: &str) -> Result<u32, ApiError> {
    let n: i64 = conn.query_row(
        "SELECT COUNT(*) FROM notifications WHERE user_id = ?1 AND read_at IS NULL",
        params![user_id],
        |r| r.get(0),
    )?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Order and position of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// Newest first, older than this sequence number (`None`: from the newest).
    Before(Option<i64>),
    /// Oldest first, newer than this sequence number.
    After(i64),
}

/// Up to `limit` notifications of a user from `pos`, with their sequence numbers.
pub fn list(
    conn: &Connection,
    user_id: &str,
    unread_only: bool,
    pos: Position,
    limit: u32,
) -> Result<Vec<(i64, Notification)>, ApiError> {
    let unread = if unread_only {
        " AND read_at IS NULL"
    } else {
        ""
    };
    let (cond, order, bound) = match pos {
        Position::Before(b) => ("seq < ?2", "DESC", b.unwrap_or(i64::MAX)),
        Position::After(a) => ("seq > ?2", "ASC", a),
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM notifications WHERE user_id = ?1 AND {cond}{unread} \
         ORDER BY seq {order} LIMIT ?3"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params![user_id, bound, i64::from(limit)], |r| row(r, 0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Whether the user has a notification with this sequence number.
pub fn exists(conn: &Connection, user_id: &str, seq: i64) -> Result<bool, ApiError> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM notifications WHERE user_id = ?1 AND seq = ?2",
            params![user_id, seq],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// Marks notifications of a user read: one (`Some(seq)`, `only`), all up to `seq`, or all.
/// Publishes the new unread count when it changed. Returns the unread count.
pub fn mark_read(
    conn: &Connection,
    hub: &Hub,
    user_id: &str,
    seq: Option<i64>,
    only: bool,
    now: i64,
) -> Result<u32, ApiError> {
    let changed = match (seq, only) {
        (Some(s), true) => conn.execute(
            "UPDATE notifications SET read_at = ?3 WHERE user_id = ?1 AND seq = ?2 AND read_at IS NULL",
            params![user_id, s, now],
        )?,
        (Some(s), false) => conn.execute(
            "UPDATE notifications SET read_at = ?3 WHERE user_id = ?1 AND seq <= ?2 AND read_at IS NULL",
            params![user_id, s, now],
        )?,
        (None, _) => conn.execute(
            "UPDATE notifications SET read_at = ?2 WHERE user_id = ?1 AND read_at IS NULL",
            params![user_id, now],
        )?,
    };
    let unread = unread_count(conn, user_id)?;
    if changed > 0 {
        hub.publish(user_id, Push::Unread(unread));
    }
    Ok(unread)
}

/// The unread count as the contract type.
pub fn unread(n: u32) -> UnreadCount {
    UnreadCount { unread: n }
}

// ---------------------------------------------------------------------------
// Stream tickets
// ---------------------------------------------------------------------------

/// Issues a ticket for the user's stream, valid [`contract::STREAM_TICKET_SECS`] from
/// `now`, and forgets tickets that expired more than an hour ago. Returns the ticket and
/// its expiry.
pub fn issue_ticket(conn: &Connection, user_id: &str, now: i64) -> Result<(String, i64), ApiError> {
    conn.execute(
        "DELETE FROM stream_tickets WHERE expires_at < ?1",
        params![now - HOUR],
    )?;
    let ticket = new_token()?;
    let expires_at = now + contract::STREAM_TICKET_SECS;
    conn.execute(
        "INSERT INTO stream_tickets (ticket_hash, user_id, created_at, expires_at) \
         VALUES (?1, ?2, ?3, ?4)",
        params![hash_secret(&ticket), user_id, now, expires_at],
    )?;
    Ok((ticket, expires_at))
}

/// Uses a ticket: its user when it is known, unused and not expired (it is then used up);
/// `None` otherwise.
pub fn redeem_ticket(
    conn: &Connection,
    ticket: &str,
    now: i64,
) -> Result<Option<String>, ApiError> {
    if ticket.is_empty() || ticket.len() > 256 {
        return Ok(None);
    }
    Ok(conn
        .query_row(
            "UPDATE stream_tickets SET used_at = ?2 \
             WHERE ticket_hash = ?1 AND used_at IS NULL AND expires_at > ?2 RETURNING user_id",
            params![hash_secret(ticket), now],
            |r| r.get(0),
        )
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_links() {
        assert_eq!(parse_id("42"), Some(42));
        for bad in ["", "0", "-1", "4a", " 4", "1234567890123456789", "+1"] {
            assert_eq!(parse_id(bad), None, "{bad}");
        }
        assert_eq!(link(Some("m_1")), "/messages/m_1");
    }
}
