//! Notifications: who gets which ([`recipients`], a pure function), storing them
//! ([`notify`], which respects the user's in-app preference), the in-memory [`Hub`] that
//! pushes them to every open stream of the user, stream tickets, preferences, and the
//! deadline [`sweep`].
//!
//! The hub keeps one `tokio::sync::broadcast` channel per user with open streams. A stream
//! is its response body (no task of its own, no database polling): it waits on its
//! receiver. Publishing is one `send` per user, whatever the number of streams; a stream
//! too slow to keep up (more than [`CHANNEL_CAPACITY`] events behind) is ended and
//! reconnects with its last event id.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use contract::{
    KindPreference, Notification, NotificationChannel, NotificationKind, NotificationPreferences,
    UnreadCount,
};
use rusqlite::{params, Connection, OptionalExtension};
use tokio::sync::broadcast;

use crate::auth::{hash_secret, new_token, parse_roles};
use crate::clock::{rfc3339, HOUR};
use crate::problem::ApiError;

/// Events a stream may fall behind before it is ended (it reconnects and replays).
pub const CHANNEL_CAPACITY: usize = 256;
/// "Deadline approaching": this long before the deadline.
pub const APPROACHING_SECS: i64 = 24 * HOUR;
/// How often the sweep runs.
pub const SWEEP_INTERVAL_SECS: u64 = 60;

// ---------------------------------------------------------------------------
// Who gets which notification
// ---------------------------------------------------------------------------

/// A message's status as far as notifications care (mirrors `contract::MessageStatus`).
pub use contract::MessageStatus as Status;
pub use contract::Track;

/// The people around a message, resolved from the database by the caller.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parties {
    /// The author's user id.
    pub author: String,
    /// The user account of the handling deputy, when a deputy with an account handles it.
    pub handler_user: Option<String>,
    /// Whether a department handles it (staff act for departments).
    pub department_handled: bool,
    /// Whether it waits for (re-)triage (no handler yet: staff's turn).
    pub awaiting_triage: bool,
    /// The staff users.
    pub staff: Vec<String>,
}

/// What happened to a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// The handler (or staff) posted a reply.
    Replied,
    /// The status changed by a handler or staff (not by a reply).
    StatusChanged {
        from: Status,
        to: Status,
        track: Option<Track>,
    },
    /// A plan step was ticked off.
    PlanStepDone,
    /// Triage or hand-over gave the message a (new) handler; `parties` describe the new one.
    Assigned { from: Status, to: Status },
    /// Due within [`APPROACHING_SECS`] and not finished.
    DeadlineApproaching,
    /// Past the deadline and not finished.
    DeadlinePassed,
    /// The author asked a follow-up question.
    FollowedUp,
    /// The author reopened the message.
    Reopened,
    /// The author rated the handling.
    Rated,
}

/// An event of a message: what happened, who did it (their user id; `None` for the
/// system, e.g. the sweep), and who is around the message.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageEvent {
    pub change: Change,
    pub actor: Option<String>,
    pub parties: Parties,
}

/// Who gets which notification for an event. Pure: the rules in one place.
///
/// * reply, status change, plan step done → the author; a major issue becoming `resolved`
///   is `suggestion_adopted` (instead of `status_changed`);
/// * assigned → the handling deputy's user, or staff when a department handles it or the
///   deputy has no account; the author also gets `status_changed` when the status changed;
/// * deadline approaching / passed → the handling deputy's user; staff when a department
///   handles it, when it waits for triage, or when the deputy has no account;
/// * the author's follow-up, reopening or rating → the handlers, as for deadlines;
/// * never the actor themself; nobody twice for one event. Only the author, the handling
///   deputy and staff can ever be recipients: a citizen never gets a notification about
///   another citizen's message.
pub fn recipients(event: &MessageEvent) -> Vec<(String, NotificationKind)> {
    use NotificationKind as K;
    let p = &event.parties;
    let handlers = || -> Vec<String> {
        match &p.handler_user {
            Some(u) if !p.department_handled && !p.awaiting_triage => vec![u.clone()],
            _ => p.staff.clone(),
        }
    };
    let mut out: Vec<(String, NotificationKind)> = Vec::new();
    match &event.change {
        Change::Replied => out.push((p.author.clone(), K::Reply)),
        Change::StatusChanged { from, to, track } => {
            if from != to {
                let kind = if *to == Status::Resolved && *track == Some(Track::Major) {
                    K::SuggestionAdopted
                } else {
                    K::StatusChanged
                };
                out.push((p.author.clone(), kind));
            }
        }
        Change::PlanStepDone => out.push((p.author.clone(), K::PlanStepDone)),
        Change::Assigned { from, to } => {
            out.extend(handlers().into_iter().map(|u| (u, K::Assigned)));
            if from != to {
                out.push((p.author.clone(), K::StatusChanged));
            }
        }
        Change::DeadlineApproaching => {
            out.extend(handlers().into_iter().map(|u| (u, K::DeadlineApproaching)));
        }
        Change::DeadlinePassed => {
            out.extend(handlers().into_iter().map(|u| (u, K::DeadlinePassed)));
        }
        Change::FollowedUp => out.extend(handlers().into_iter().map(|u| (u, K::FollowUp))),
        Change::Reopened => out.extend(handlers().into_iter().map(|u| (u, K::Reopened))),
        Change::Rated => out.extend(handlers().into_iter().map(|u| (u, K::Rated))),
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|(u, k)| {
        !u.is_empty() && event.actor.as_deref() != Some(u.as_str()) && seen.insert((u.clone(), *k))
    });
    out
}

// ---------------------------------------------------------------------------
// The hub
// ---------------------------------------------------------------------------

/// What a stream receives.
#[derive(Debug, Clone)]
pub enum Push {
    /// A new notification: its sequence number (event id), its JSON (serialised once for
    /// every stream) and the unread count after it.
    Notification {
        seq: i64,
        json: Arc<str>,
        unread: u32,
    },
    /// The unread count changed (marked read).
    Unread(u32),
}

/// Open streams by user.
#[derive(Default)]
pub struct Hub {
    users: Mutex<HashMap<String, broadcast::Sender<Push>>>,
    /// Set by [`Hub::close_all`]: streams end and new ones end at once.
    closed: std::sync::atomic::AtomicBool,
}

impl Hub {
    pub fn new() -> Self {
        Self::default()
    }

    /// A receiver of everything published for `user_id` from now on (after
    /// [`Hub::close_all`]: a closed one).
    pub fn subscribe(&self, user_id: &str) -> broadcast::Receiver<Push> {
        let mut users = self.users.lock().unwrap_or_else(|p| p.into_inner());
        if self.closed.load(std::sync::atomic::Ordering::SeqCst) {
            return broadcast::channel(1).1;
        }
        match users.get(user_id) {
            Some(tx) => tx.subscribe(),
            None => {
                let (tx, rx) = broadcast::channel(CHANNEL_CAPACITY);
                users.insert(user_id.to_owned(), tx);
                rx
            }
        }
    }

    /// Sends to every open stream of `user_id` (none: nothing to do).
    pub fn publish(&self, user_id: &str, push: Push) {
        let mut users = self.users.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(tx) = users.get(user_id) {
            if tx.send(push).is_err() {
                // every receiver is gone
                users.remove(user_id);
            }
        }
    }

    /// Forgets the channel of a user whose streams all ended.
    pub fn prune(&self, user_id: &str) {
        let mut users = self.users.lock().unwrap_or_else(|p| p.into_inner());
        if users
            .get(user_id)
            .is_some_and(|tx| tx.receiver_count() == 0)
        {
            users.remove(user_id);
        }
    }

    /// Ends every stream (server shutdown: streams would otherwise hold it up; clients
    /// reconnect to the next server and get what they missed replayed).
    pub fn close_all(&self) {
        let mut users = self.users.lock().unwrap_or_else(|p| p.into_inner());
        self.closed.store(true, std::sync::atomic::Ordering::SeqCst);
        users.clear();
    }

    /// Open streams of a user.
    pub fn streams(&self, user_id: &str) -> usize {
        let users = self.users.lock().unwrap_or_else(|p| p.into_inner());
        users.get(user_id).map_or(0, |tx| tx.receiver_count())
    }

    /// Users with open streams.
    pub fn users(&self) -> usize {
        self.users.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

// ---------------------------------------------------------------------------
// Storing and reading
// ---------------------------------------------------------------------------

/// A notification to send.
#[derive(Debug, Clone, PartialEq)]
pub struct NewNotification {
    pub user_id: String,
    pub kind: NotificationKind,
    pub title: String,
    pub body: String,
    pub message_id: Option<String>,
}

/// The app path a notification opens.
pub fn link(message_id: Option<&str>) -> String {
    match message_id {
        Some(id) => format!("/messages/{id}"),
        None => "/notifications".into(),
    }
}

/// Stores a notification for its user and pushes it to their open streams — unless the
/// user turned the in-app channel of this kind off (`Ok(None)`). SMS and WeChat choices
/// are the business of a backend with gateways; the reference server has none and only
/// logs that they were asked for.
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
    if pref.sms || pref.wechat {
        tracing::info!(
            "notification {} for user {}: SMS/WeChat wanted, but this server has no gateway",
            n.kind.as_str(),
            n.user_id
        );
    }
    if !pref.in_app {
        return Ok(None);
    }
    conn.execute(
        "INSERT INTO notifications (user_id, kind, title, body, message_id, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            n.user_id,
            n.kind.as_str(),
            n.title,
            n.body,
            n.message_id,
            now
        ],
    )?;
    let seq = conn.last_insert_rowid();
    let notification = Notification {
        id: seq.to_string(),
        kind: n.kind,
        created_at: rfc3339(now),
        read: false,
        title: n.title.clone(),
        body: n.body.clone(),
        message_id: n.message_id.clone(),
        link: link(n.message_id.as_deref()),
    };
    let unread = unread_count(conn, &n.user_id)?;
    let json: Arc<str> = serde_json::to_string(&notification)?.into();
    hub.publish(&n.user_id, Push::Notification { seq, json, unread });
    Ok(Some(notification))
}

const COLUMNS: &str = "seq, kind, title, body, message_id, created_at, read_at";

/// A stored notification and its sequence number.
fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, Notification)> {
    let seq: i64 = r.get(0)?;
    let kind: String = r.get(1)?;
    let message_id: Option<String> = r.get(4)?;
    let read_at: Option<i64> = r.get(6)?;
    Ok((
        seq,
        Notification {
            id: seq.to_string(),
            kind: NotificationKind::parse(&kind).unwrap_or_default(),
            created_at: rfc3339(r.get(5)?),
            read: read_at.is_some(),
            title: r.get(2)?,
            body: r.get(3)?,
            link: link(message_id.as_deref()),
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
        .query_map(params![user_id, bound, i64::from(limit)], row)?
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
// Preferences
// ---------------------------------------------------------------------------

/// Defaults: in the app on; SMS and WeChat off.
pub fn default_preference(kind: NotificationKind) -> KindPreference {
    KindPreference {
        kind,
        in_app: true,
        sms: false,
        wechat: false,
    }
}

/// The user's choice for one kind.
pub fn preference(
    conn: &Connection,
    user_id: &str,
    kind: NotificationKind,
) -> Result<KindPreference, ApiError> {
    let stored = conn
        .query_row(
            "SELECT in_app, sms, wechat FROM notification_prefs WHERE user_id = ?1 AND kind = ?2",
            params![user_id, kind.as_str()],
            |r| {
                Ok(KindPreference {
                    kind,
                    in_app: r.get(0)?,
                    sms: r.get(1)?,
                    wechat: r.get(2)?,
                })
            },
        )
        .optional()?;
    Ok(stored.unwrap_or_else(|| default_preference(kind)))
}

/// Whether the user wants this kind on this channel.
pub fn wants(
    conn: &Connection,
    user_id: &str,
    kind: NotificationKind,
    channel: NotificationChannel,
) -> Result<bool, ApiError> {
    Ok(preference(conn, user_id, kind)?.channel(channel))
}

/// Every kind's preference of a user, in the order of `NotificationKind::ALL`.
pub fn preferences(conn: &Connection, user_id: &str) -> Result<NotificationPreferences, ApiError> {
    let items = NotificationKind::ALL
        .iter()
        .map(|k| preference(conn, user_id, *k))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(NotificationPreferences { items })
}

/// Stores the given kinds' preferences (others unchanged).
pub fn set_preferences(
    conn: &Connection,
    user_id: &str,
    items: &[KindPreference],
) -> Result<(), ApiError> {
    for p in items {
        conn.execute(
            "INSERT INTO notification_prefs (user_id, kind, in_app, sms, wechat) \
             VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT (user_id, kind) DO UPDATE SET \
               in_app = excluded.in_app, sms = excluded.sms, wechat = excluded.wechat",
            params![user_id, p.kind.as_str(), p.in_app, p.sms, p.wechat],
        )?;
    }
    Ok(())
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

// ---------------------------------------------------------------------------
// Texts
// ---------------------------------------------------------------------------

/// The first `max` characters of a text, with `…` when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let text = text.trim();
    let mut out: String = text.chars().take(max).collect();
    if text.chars().count() > max {
        out.push('…');
    }
    out
}

/// zh-CN label of a status, for the texts of notifications.
pub fn status_label(s: Status) -> &'static str {
    match s {
        Status::Submitted => "待受理",
        Status::Assigned => "已交办",
        Status::Accepted => "已受理",
        Status::InProgress => "办理中",
        Status::Replied => "已答复",
        Status::Resolved => "已办结",
        Status::Closed => "已关闭",
        Status::Reopened => "已重新提交",
        Status::Unknown => "已更新",
    }
}

/// Title and body of a notification of `kind` about the message titled `subject`;
/// `detail` is the start of a reply, a new status, a plan step's title.
pub fn texts(kind: NotificationKind, subject: &str, detail: Option<&str>) -> (String, String) {
    use NotificationKind as K;
    let subject = excerpt(subject, 40);
    let with = |d: Option<&str>| match d {
        Some(d) if !d.trim().is_empty() => format!("《{subject}》：{}", excerpt(d, 60)),
        _ => format!("《{subject}》"),
    };
    let title = match kind {
        K::Reply => "您的留言有了新回复",
        K::StatusChanged => "您的留言有新进展",
        K::PlanStepDone => "办理进度更新",
        K::SuggestionAdopted => "您的建议已被采纳",
        K::Assigned => "您有一条新的留言待办理",
        K::DeadlineApproaching => "留言将在24小时内到期",
        K::DeadlinePassed => "留言已超过办理期限",
        K::FollowUp => "群众对留言有追问",
        K::Reopened => "群众申请重新办理",
        K::Rated => "群众评价了办理结果",
        K::Unknown => "新消息",
    };
    let body = match kind {
        K::SuggestionAdopted => format!("《{subject}》已办结"),
        K::DeadlineApproaching | K::DeadlinePassed | K::Assigned => format!("《{subject}》"),
        _ => with(detail),
    };
    (title.to_owned(), body)
}

/// Staff users (they act for departments and triage).
pub fn staff_users(conn: &Connection) -> Result<Vec<String>, ApiError> {
    let mut stmt =
        conn.prepare_cached("SELECT id, roles FROM users WHERE roles LIKE '%staff%' ORDER BY id")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
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
    for (user_id, kind) in recipients(event) {
        let detail = match (&event.change, kind) {
            (Change::StatusChanged { to, .. }, NotificationKind::StatusChanged)
            | (Change::Assigned { to, .. }, NotificationKind::StatusChanged) => {
                Some(status_label(*to))
            }
            _ => detail,
        };
        let (title, body) = texts(kind, subject, detail);
        let n = NewNotification {
            user_id,
            kind,
            title,
            body,
            message_id: Some(message_id.to_owned()),
        };
        if notify(conn, hub, &n, now)?.is_some() {
            sent += 1;
        }
    }
    Ok(sent)
}

// ---------------------------------------------------------------------------
// The deadline sweep
// ---------------------------------------------------------------------------

/// A message with a deadline, as the sweep sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct DeadlineFacts {
    pub message_id: String,
    pub title: String,
    pub deadline: i64,
    /// Finished as the deadline asks (answered / resolved / triaged).
    pub finished: bool,
    pub parties: Parties,
}

/// Which alert (if any) a message is due at `now`: passed once past the deadline,
/// approaching within [`APPROACHING_SECS`] before it; nothing for finished messages.
/// (At most once per message and deadline is the caller's bookkeeping.)
pub fn due_alert(deadline: i64, finished: bool, now: i64) -> Option<Change> {
    if finished {
        None
    } else if now > deadline {
        Some(Change::DeadlinePassed)
    } else if deadline - now < APPROACHING_SECS {
        Some(Change::DeadlineApproaching)
    } else {
        None
    }
}

fn alert_kind(change: &Change) -> NotificationKind {
    match change {
        Change::DeadlinePassed => NotificationKind::DeadlinePassed,
        _ => NotificationKind::DeadlineApproaching,
    }
}

/// Sends the deadline alerts due at `now` for these messages, each kind at most once per
/// message and deadline (`deadline_alerts`). Returns the notifications stored.
pub fn sweep_messages(
    conn: &Connection,
    hub: &Hub,
    messages: &[DeadlineFacts],
    now: i64,
) -> Result<usize, ApiError> {
    let mut sent = 0;
    for m in messages {
        let Some(change) = due_alert(m.deadline, m.finished, now) else {
            continue;
        };
        let kind = alert_kind(&change);
        let fresh = conn.execute(
            "INSERT OR IGNORE INTO deadline_alerts (message_id, deadline, kind, sent_at) \
             VALUES (?1, ?2, ?3, ?4)",
            params![m.message_id, m.deadline, kind.as_str(), now],
        )?;
        if fresh == 0 {
            continue;
        }
        let event = MessageEvent {
            change,
            actor: None,
            parties: m.parties.clone(),
        };
        sent += send_event(conn, hub, &event, &m.message_id, &m.title, None, now)?;
    }
    Ok(sent)
}

/// Deadlines passed longer ago than this get no alert any more (a server started on an
/// old database does not flood handlers; overdue messages are first in their inbox).
pub const PASSED_ALERT_WINDOW_SECS: i64 = 7 * 24 * HOUR;

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
                  AND u.deputy_id = m.handler_id ORDER BY u.id LIMIT 1) \
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
                ))
            },
        )
        .optional()?;
    let Some((author, title, status, track, handler_kind, handler_user)) = row else {
        return Ok(None);
    };
    let status = Status::parse(&status).unwrap_or_default();
    let parties = Parties {
        author,
        handler_user,
        department_handled: handler_kind.as_deref() == Some("department"),
        awaiting_triage: matches!(status, Status::Submitted | Status::Reopened),
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

/// The deadline alerts due at `now`, over every message not finished
/// ([`crate::handling::is_finished`]). Returns the notifications stored.
pub fn sweep(conn: &Connection, hub: &Hub, now: i64) -> Result<usize, ApiError> {
    let sql = format!(
        "SELECT m.id, m.title, m.deadline, m.author_id, m.status, m.handler_kind, \
           (SELECT u.id FROM users u WHERE m.handler_kind = 'deputy' \
              AND u.deputy_id = m.handler_id ORDER BY u.id LIMIT 1) \
         FROM messages m \
         WHERE m.deadline IS NOT NULL AND m.deadline - ?1 < ?2 AND m.deadline >= ?1 - ?3 \
           AND NOT {finished} \
           AND NOT EXISTS (SELECT 1 FROM deadline_alerts a WHERE a.message_id = m.id \
             AND a.deadline = m.deadline \
             AND a.kind = (CASE WHEN ?1 > m.deadline THEN 'deadline_passed' \
                                ELSE 'deadline_approaching' END)) \
         ORDER BY m.deadline, m.id",
        finished = crate::handling::finished_sql("m")
    );
    let rows = {
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(
                params![now, APPROACHING_SECS, PASSED_ALERT_WINDOW_SECS],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, Option<String>>(5)?,
                        r.get::<_, Option<String>>(6)?,
                    ))
                },
            )?
            .collect::<Result<Vec<_>, _>>()?;
        rows
    };
    if rows.is_empty() {
        return Ok(0);
    }
    let staff = staff_users(conn)?;
    let facts: Vec<DeadlineFacts> = rows
        .into_iter()
        .map(
            |(message_id, title, deadline, author, status, handler_kind, handler_user)| {
                let status = Status::parse(&status).unwrap_or_default();
                DeadlineFacts {
                    message_id,
                    title,
                    deadline,
                    finished: false,
                    parties: Parties {
                        author,
                        handler_user,
                        department_handled: handler_kind.as_deref() == Some("department"),
                        awaiting_triage: matches!(status, Status::Submitted | Status::Reopened),
                        staff: staff.clone(),
                    },
                }
            },
        )
        .collect();
    sweep_messages(conn, hub, &facts, now)
}

/// Demo: the notifications the demo messages' history would have sent (from their
/// timelines, and `assigned` to the deputies handling messages now), in time order; those
/// older than two days are read, except each user's two newest. Returns how many.
pub fn seed_demo(conn: &Connection, now: i64) -> Result<usize, ApiError> {
    let rows = {
        let mut stmt = conn.prepare(
            "SELECT t.message_id, t.at, t.kind, t.actor_id, t.status, t.note, m.track \
             FROM message_timeline t JOIN messages m ON m.id = t.message_id \
             WHERE t.kind IN ('triaged', 'status_changed', 'replied', 'plan_step_done') \
             ORDER BY t.at, t.seq",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows
    };
    // (time, message, change, actor, detail)
    type Past = (i64, String, Change, Option<String>, Option<String>);
    let mut events: Vec<Past> = Vec::new();
    for (message_id, at, kind, actor, status, note, track) in rows {
        let to = status
            .as_deref()
            .and_then(Status::parse)
            .unwrap_or_default();
        let (change, detail) = match kind.as_str() {
            "replied" => (Change::Replied, None),
            "plan_step_done" => (Change::PlanStepDone, note),
            "status_changed" => (
                Change::StatusChanged {
                    from: Status::Unknown,
                    to,
                    track: track.as_deref().and_then(Track::parse),
                },
                None,
            ),
            // triage: only the author's side (the handler then may not be the one now)
            _ => (
                Change::StatusChanged {
                    from: Status::Unknown,
                    to: Status::Assigned,
                    track: None,
                },
                None,
            ),
        };
        events.push((at, message_id, change, actor, detail));
    }
    // the deputies handling messages now were told when they got them
    let assigned = {
        let mut stmt = conn.prepare(
            "SELECT id, assigned_at FROM messages \
             WHERE handler_kind = 'deputy' AND assigned_at IS NOT NULL",
        )?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        rows
    };
    for (message_id, at) in assigned {
        let change = Change::Assigned {
            from: Status::Assigned,
            to: Status::Assigned,
        };
        events.push((at, message_id, change, None, None));
    }
    events.sort_by_key(|e| e.0);
    let hub = Hub::new();
    let mut sent = 0;
    for (at, message_id, change, actor, detail) in events {
        let Some((parties, title, _, _)) = message_parties(conn, &message_id)? else {
            continue;
        };
        let event = MessageEvent {
            change,
            actor,
            parties,
        };
        sent += send_event(
            conn,
            &hub,
            &event,
            &message_id,
            &title,
            detail.as_deref(),
            at,
        )?;
    }
    // older than two days: read, but for each user's two newest
    conn.execute(
        "UPDATE notifications SET read_at = created_at + 3600 \
         WHERE read_at IS NULL AND created_at < ?1 AND seq NOT IN \
           (SELECT n.seq FROM notifications n WHERE n.user_id = notifications.user_id \
            ORDER BY n.seq DESC LIMIT 2)",
        params![now - 2 * 24 * HOUR],
    )?;
    Ok(sent)
}

/// Runs [`sweep`] every [`SWEEP_INTERVAL_SECS`] with the server's clock.
pub fn spawn_sweeper(state: crate::AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval =
            tokio::time::interval(std::time::Duration::from_secs(SWEEP_INTERVAL_SECS));
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            let now = state.now();
            let hub = Arc::clone(state.hub());
            match state.db().call(move |conn| sweep(conn, &hub, now)).await {
                Ok(0) => {}
                Ok(n) => tracing::info!("deadline sweep: {n} notifications"),
                Err(e) => tracing::warn!("deadline sweep failed: {e:?}"),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parties() -> Parties {
        Parties {
            author: "citizen1".into(),
            handler_user: Some("deputy1".into()),
            department_handled: false,
            awaiting_triage: false,
            staff: vec!["staff1".into(), "staff2".into()],
        }
    }

    fn ev(change: Change, actor: Option<&str>, parties: Parties) -> MessageEvent {
        MessageEvent {
            change,
            actor: actor.map(str::to_owned),
            parties,
        }
    }

    fn r(e: &MessageEvent) -> Vec<(String, NotificationKind)> {
        recipients(e)
    }

    fn w(want: &[(&str, NotificationKind)]) -> Vec<(String, NotificationKind)> {
        want.iter().map(|(u, k)| ((*u).to_owned(), *k)).collect()
    }

    use NotificationKind as K;

    #[test]
    fn author_hears_of_replies_status_plan_and_adoption() {
        let p = parties();
        assert_eq!(
            r(&ev(Change::Replied, Some("deputy1"), p.clone())),
            w(&[("citizen1", K::Reply)])
        );
        let status = |from, to, track| Change::StatusChanged { from, to, track };
        assert_eq!(
            r(&ev(
                status(Status::Assigned, Status::InProgress, Some(Track::Fast)),
                Some("deputy1"),
                p.clone()
            )),
            w(&[("citizen1", K::StatusChanged)])
        );
        // a major issue resolved: the suggestion was adopted (instead of status_changed)
        assert_eq!(
            r(&ev(
                status(Status::InProgress, Status::Resolved, Some(Track::Major)),
                Some("deputy1"),
                p.clone()
            )),
            w(&[("citizen1", K::SuggestionAdopted)])
        );
        // a fast one resolved is a status change
        assert_eq!(
            r(&ev(
                status(Status::Replied, Status::Resolved, Some(Track::Fast)),
                Some("deputy1"),
                p.clone()
            )),
            w(&[("citizen1", K::StatusChanged)])
        );
        // no change, no notification
        assert!(r(&ev(
            status(Status::InProgress, Status::InProgress, None),
            Some("deputy1"),
            p.clone()
        ))
        .is_empty());
        // staff closing it
        assert_eq!(
            r(&ev(
                status(Status::Resolved, Status::Closed, Some(Track::Fast)),
                Some("staff1"),
                p.clone()
            )),
            w(&[("citizen1", K::StatusChanged)])
        );
        assert_eq!(
            r(&ev(Change::PlanStepDone, Some("staff1"), p.clone())),
            w(&[("citizen1", K::PlanStepDone)])
        );
    }

    #[test]
    fn assignment_goes_to_the_handler_and_tells_the_author() {
        let p = parties();
        let assigned = Change::Assigned {
            from: Status::Submitted,
            to: Status::Assigned,
        };
        assert_eq!(
            r(&ev(assigned.clone(), Some("staff1"), p.clone())),
            w(&[("deputy1", K::Assigned), ("citizen1", K::StatusChanged)])
        );
        // handed over by the deputy to a department: staff (the author's status unchanged)
        let dept = Parties {
            handler_user: None,
            department_handled: true,
            ..p.clone()
        };
        let handed = Change::Assigned {
            from: Status::Assigned,
            to: Status::Assigned,
        };
        assert_eq!(
            r(&ev(handed.clone(), Some("deputy1"), dept.clone())),
            w(&[("staff1", K::Assigned), ("staff2", K::Assigned)])
        );
        // staff handing over: the other staff only
        assert_eq!(
            r(&ev(handed, Some("staff2"), dept)),
            w(&[("staff1", K::Assigned)])
        );
        // a deputy without an account: staff
        let no_account = Parties {
            handler_user: None,
            ..p
        };
        assert_eq!(
            r(&ev(assigned, Some("staff1"), no_account)),
            w(&[("staff2", K::Assigned), ("citizen1", K::StatusChanged)])
        );
    }

    #[test]
    fn deadlines_go_to_the_handler_or_staff() {
        let p = parties();
        assert_eq!(
            r(&ev(Change::DeadlineApproaching, None, p.clone())),
            w(&[("deputy1", K::DeadlineApproaching)])
        );
        assert_eq!(
            r(&ev(Change::DeadlinePassed, None, p.clone())),
            w(&[("deputy1", K::DeadlinePassed)])
        );
        let dept = Parties {
            handler_user: None,
            department_handled: true,
            ..p.clone()
        };
        assert_eq!(
            r(&ev(Change::DeadlinePassed, None, dept)),
            w(&[("staff1", K::DeadlinePassed), ("staff2", K::DeadlinePassed)])
        );
        let untriaged = Parties {
            handler_user: None,
            awaiting_triage: true,
            ..p
        };
        assert_eq!(
            r(&ev(Change::DeadlineApproaching, None, untriaged)),
            w(&[
                ("staff1", K::DeadlineApproaching),
                ("staff2", K::DeadlineApproaching)
            ])
        );
    }

    #[test]
    fn a_citizen_never_gets_another_citizens_notification_nor_their_own_action() {
        let p = parties();
        let changes = [
            Change::Replied,
            Change::StatusChanged {
                from: Status::Assigned,
                to: Status::Resolved,
                track: Some(Track::Major),
            },
            Change::PlanStepDone,
            Change::Assigned {
                from: Status::Reopened,
                to: Status::Assigned,
            },
            Change::DeadlineApproaching,
            Change::DeadlinePassed,
        ];
        let people = ["citizen1", "citizen2", "deputy1", "staff1", "staff2"];
        for change in &changes {
            for actor in people.iter().map(|a| Some(*a)).chain([None]) {
                for dept in [false, true] {
                    let parties = Parties {
                        department_handled: dept,
                        handler_user: (!dept).then(|| "deputy1".to_owned()),
                        ..p.clone()
                    };
                    let got = recipients(&ev(change.clone(), actor, parties));
                    for (u, k) in &got {
                        assert_ne!(u, "citizen2", "{change:?} by {actor:?}: {k:?}");
                        assert_ne!(Some(u.as_str()), actor, "the actor is not told");
                        if u == "citizen1" {
                            assert!(
                                matches!(
                                    k,
                                    K::Reply
                                        | K::StatusChanged
                                        | K::PlanStepDone
                                        | K::SuggestionAdopted
                                ),
                                "the author gets only news of their message: {k:?}"
                            );
                        }
                    }
                    let unique: std::collections::HashSet<_> = got.iter().collect();
                    assert_eq!(unique.len(), got.len(), "nobody twice");
                }
            }
        }
    }

    #[test]
    fn due_alerts() {
        let d = 1_000_000;
        assert_eq!(due_alert(d, false, d - APPROACHING_SECS), None);
        assert_eq!(
            due_alert(d, false, d - APPROACHING_SECS + 1),
            Some(Change::DeadlineApproaching)
        );
        assert_eq!(due_alert(d, false, d), Some(Change::DeadlineApproaching));
        assert_eq!(due_alert(d, false, d + 1), Some(Change::DeadlinePassed));
        assert_eq!(due_alert(d, true, d + 1), None);
        assert_eq!(due_alert(d, true, d - 10), None);
    }

    #[test]
    fn ids_and_texts() {
        assert_eq!(parse_id("42"), Some(42));
        for bad in ["", "0", "-1", "4a", " 4", "1234567890123456789", "+1"] {
            assert_eq!(parse_id(bad), None, "{bad}");
        }
        assert_eq!(link(Some("m_1")), "/messages/m_1");
        assert_eq!(excerpt("一二三四", 3), "一二三…");
        assert_eq!(excerpt("一二三", 3), "一二三");
        let (t, b) = texts(K::Reply, "路灯不亮", Some("已联系供电所"));
        assert_eq!(t, "您的留言有了新回复");
        assert_eq!(b, "《路灯不亮》：已联系供电所");
        let (_, b) = texts(K::SuggestionAdopted, "修桥", None);
        assert_eq!(b, "《修桥》已办结");
    }

    #[test]
    fn hub_delivers_to_every_stream_of_the_user_only() {
        let hub = Hub::new();
        let mut a1 = hub.subscribe("a");
        let mut a2 = hub.subscribe("a");
        let mut b = hub.subscribe("b");
        assert_eq!((hub.streams("a"), hub.streams("b"), hub.users()), (2, 1, 2));
        hub.publish("a", Push::Unread(3));
        for rx in [&mut a1, &mut a2] {
            assert!(matches!(rx.try_recv(), Ok(Push::Unread(3))));
        }
        assert!(b.try_recv().is_err());
        drop(b);
        hub.prune("b");
        assert_eq!(hub.users(), 1);
        drop(a1);
        drop(a2);
        hub.publish("a", Push::Unread(0));
        assert_eq!(hub.users(), 0, "publishing to nobody forgets the channel");
        let mut c = hub.subscribe("c");
        hub.close_all();
        assert!(matches!(
            c.try_recv(),
            Err(broadcast::error::TryRecvError::Closed)
        ));
        let mut d = hub.subscribe("d");
        assert!(matches!(
            d.try_recv(),
            Err(broadcast::error::TryRecvError::Closed)
        ));
    }
}
