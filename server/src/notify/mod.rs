//! Notifications: who gets which ([`recipients()`], a pure function, with their [`texts`]),
//! storing them ([`notify`], which respects the user's in-app preference), the in-memory
//! [`Hub`] that pushes them to every open stream of the user, stream tickets, preferences,
//! and the deadline [`sweep()`].
//!
//! * [`recipients`](mod@recipients): the rules (recipients and texts);
//! * [`hub`](mod@hub): the live streams;
//! * [`store`](mod@store): notifications rows, the list, marking read, the unread count, tickets;
//! * [`preferences`](mod@preferences): channels per kind;
//! * [`sweep`](mod@sweep): deadline alerts;
//! * [`relay`](mod@relay): notifications stored by another instance, to the streams here;
//!
//! and here, what ties them together: sending the notifications of a change of a message
//! ([`message_changed`], the one call each message action makes).

pub mod hub;
pub mod preferences;
pub mod recipients;
pub mod relay;
pub mod store;
pub mod sweep;

use contract::NotificationKind;
use crate::sql::{params, Connection, OptionalExtension};

pub use hub::{Hub, Push, CHANNEL_CAPACITY};
pub use preferences::{default_preference, preference, preferences, set_preferences, wants};
pub use recipients::{
    excerpt, handler_label, recipients, replier, reply_texts, status_label, status_texts, texts,
    Change, MessageEvent, Parties, Status, Track,
};
pub use store::{
    exists, issue_ticket, link, list, mark_read, notify, parse_id, redeem_ticket, unread,
    unread_count, NewNotification, Position,
};
pub use sweep::{
    due_alert, spawn_sweeper, sweep, sweep_messages, DeadlineFacts, APPROACHING_SECS,
    PASSED_ALERT_WINDOW_SECS, SWEEP_INTERVAL_SECS,
};

use crate::auth::parse_roles;
use crate::problem::ApiError;

/// Staff users (they act for departments and triage).
pub fn staff_users(conn: &Connection) -> Result<Vec<String>, ApiError> {
    let mut stmt =
        conn.prepare_cached("SELECT id, roles FROM users WHERE roles LIKE '%staff%' ORDER BY id")?;
    let rows = stmt
        .query_map((), |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows
        .into_iter()
        .filter(|(_, roles)| parse_roles(roles).contains(&contract::Role::Staff))
        .map(|(id, _)| id)
        .collect())
}

/// Sends the notifications of `event` about the message `message_id` titled `subject`.
/// Returns how many were stored.
pub fn send_event(
    conn: &Connection,
    hub: &Hub,
    event: &MessageEvent,
    message_id: &str,
    subject: &str,
    detail: Option<&str>,
    now: i64,
) -> Result<usize, ApiError> {
    let mut sent = 0;
    let p = &event.parties;
    for (user_id, kind) in recipients(event) {
        let (title, body) = match (&event.change, kind) {
            (Change::Replied, NotificationKind::Reply) => {
                reply_texts(&replier(p, event.actor.as_deref()), subject, detail)
            }
            (Change::StatusChanged { from, to, .. }, NotificationKind::StatusChanged)
            | (Change::Assigned { from, to }, NotificationKind::StatusChanged) => {
                status_texts(*from, *to, handler_label(p).as_deref(), subject, detail)
            }
            _ => texts(kind, subject, detail),
        };
        let n = NewNotification {
            user_id,
            kind,
            title,
            body,
            message_id: Some(message_id.to_owned()),
            link: None,
        };
        if notify(conn, hub, &n, now)?.is_some() {
            sent += 1;
        }
    }
    Ok(sent)
}

/// A message as notifications see it: its parties, title, status and track.
pub type MessageFacts = (Parties, String, Status, Option<Track>);

/// The parties of a message, its title, status and track.
pub fn message_parties(
    conn: &Connection,
    message_id: &str,
) -> Result<Option<MessageFacts>, ApiError> {
    let row = conn
        .query_row(
            "SELECT m.author_id, m.title, m.status, m.track, m.handler_kind, \
               (SELECT u.id FROM users u WHERE m.handler_kind = 'deputy' \
                  AND u.deputy_id = m.handler_id ORDER BY u.id LIMIT 1), \
               (CASE m.handler_kind \
                  WHEN 'deputy' THEN (SELECT d.name FROM deputies d WHERE d.id = m.handler_id) \
                  WHEN 'department' THEN (SELECT g.name FROM departments g WHERE g.id = m.handler_id) END) \
             FROM messages m WHERE m.id = ?1",
            params![message_id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ))
            },
        )
        .optional()?;
    let Some((author, title, status, track, handler_kind, handler_user, handler_name)) = row else {
        return Ok(None);
    };
    let status = Status::parse(&status).unwrap_or_default();
    let parties = Parties {
        author,
        handler_user,
        department_handled: handler_kind.as_deref() == Some("department"),
        awaiting_triage: matches!(status, Status::Submitted | Status::Reopened),
        handler_name,
        staff: staff_users(conn)?,
    };
    Ok(Some((
        parties,
        title,
        status,
        track.as_deref().and_then(Track::parse),
    )))
}

/// Sends the notifications of a change of the message `message_id` made by `actor` (a
/// user id), reading its parties (after the change) from the database. The one call each
/// message action makes, inside its transaction, after the change.
pub fn message_changed(
    conn: &Connection,
    hub: &Hub,
    message_id: &str,
    change: Change,
    actor: &str,
    detail: Option<&str>,
    now: i64,
) -> Result<usize, ApiError> {
    let Some((parties, title, _, _)) = message_parties(conn, message_id)? else {
        return Ok(0);
    };
    let event = MessageEvent {
        change,
        actor: Some(actor.to_owned()),
        parties,
    };
    send_event(conn, hub, &event, message_id, &title, detail, now)
}
