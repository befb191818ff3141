//! Writing messages and their handling: each function is one change of the storage; the
//! handlers (`crate::routes::messages`) and the demo seeding compose them in a transaction.

use contract::{HandlerKind, Location, MessageStatus, Role, TimelineKind, Track};
use crate::sql::{params, Connection, OptionalExtension};

use crate::handling;
use crate::problem::ApiError;

/// Someone acting on a message, as recorded on it.
#[derive(Debug, Clone)]
pub struct ActorRec {
    pub user_id: Option<String>,
    pub role: Role,
    pub name: String,
}

/// A new id `<prefix>_<n>` from the next row number of `table` (called inside the
/// transaction that inserts the row: [`Connection::next_seq`]).
fn next_id(conn: &Connection, table: &'static str, prefix: &str) -> Result<String, ApiError> {
    let n = conn.next_seq(table)?;
    Ok(format!("{prefix}_{n:06}"))
}

/// Appends a timeline entry.
pub fn add_timeline(
    conn: &Connection,
    message_id: &str,
    at: i64,
    kind: TimelineKind,
    actor: &ActorRec,
    status: Option<MessageStatus>,
    note: Option<&str>,
) -> Result<(), ApiError> {
    let id = next_id(conn, "message_timeline", "t")?;
    conn.execute(
        "INSERT INTO message_timeline (id, message_id, at, kind, actor_id, actor_role, \
         actor_name, status, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            id,
            message_id,
            at,
            kind.as_str(),
            actor.user_id,
            actor.role.as_str(),
            actor.name,
            status.map(|s| s.as_str()),
            note
        ],
    )?;
    Ok(())
}

/// A validated new message.
#[derive(Debug, Clone)]
pub struct NewMessageRec {
    pub recipient_kind: HandlerKind,
    pub recipient_id: String,
    pub category_id: String,
    pub title: String,
    pub body: String,
    pub photo_ids: Vec<String>,
    pub location: Option<Location>,
    pub public: bool,
}

/// Inserts a submitted message with its first timeline entry; attaches its photos.
pub fn insert_message(
    conn: &Connection,
    author: &ActorRec,
    m: &NewMessageRec,
    now: i64,
    tz_secs: i64,
) -> Result<String, ApiError> {
    let id = next_id(conn, "messages", "m")?;
    let author_id = author
        .user_id
        .clone()
        .ok_or_else(|| ApiError::Internal("a message needs an author".into()))?;
    conn.execute(
        "INSERT INTO messages (id, author_id, recipient_kind, recipient_id, category_id, title, \
         body, public, location_label, location_lat, location_lng, status, created_at, \
         updated_at, stage_at, deadline, photo_count) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'submitted', ?12, ?12, ?12, ?13, ?14)",
        params![
            id,
            author_id,
            m.recipient_kind.as_str(),
            m.recipient_id,
            m.category_id,
            m.title,
            m.body,
            m.public,
            m.location.as_ref().map(|l| l.label.clone()),
            m.location.as_ref().and_then(|l| l.lat),
            m.location.as_ref().and_then(|l| l.lng),
            now,
            handling::triage_deadline(now, tz_secs),
            i64::try_from(m.photo_ids.len()).unwrap_or(0),
        ],
    )?;
    for (i, upload) in m.photo_ids.iter().enumerate() {
        if !crate::uploads::attach(conn, upload, &id)? {
            return Err(ApiError::Conflict(
                "A photo was attached to another message meanwhile.".into(),
            ));
        }
        conn.execute(
            "INSERT INTO message_photos (upload_id, message_id, position) VALUES (?1, ?2, ?3)",
            params![upload, id, i as i64],
        )?;
    }
    add_timeline(
        conn,
        &id,
        now,
        TimelineKind::Submitted,
        author,
        Some(MessageStatus::Submitted),
        None,
    )?;
    Ok(id)
}

/// A change of the message row: bumps `version` and `updated_at`, and sets `done_at` the
/// first time the current deadline's goal is reached.
pub fn touch(conn: &Connection, id: &str, now: i64) -> Result<(), ApiError> {
    let finished = handling::finished_sql("messages");
    conn.execute(
        &format!(
            "UPDATE messages SET version = version + 1, updated_at = ?2, \
             done_at = CASE WHEN done_at IS NULL AND {finished} THEN ?2 ELSE done_at END \
             WHERE id = ?1"
        ),
        params![id, now],
    )?;
    Ok(())
}

/// Sets the status (and `closed_at` when closing).
pub fn set_status(
    conn: &Connection,
    id: &str,
    status: MessageStatus,
    now: i64,
) -> Result<(), ApiError> {
    conn.execute(
        "UPDATE messages SET status = ?2, \
         closed_at = CASE WHEN ?2 = 'closed' THEN ?3 ELSE closed_at END WHERE id = ?1",
        params![id, status.as_str(), now],
    )?;
    Ok(())
}

/// Triage: track, category, handler, the track's deadline; status `assigned`.
#[allow(clippy::too_many_arguments)]
pub fn triage(
    conn: &Connection,
    id: &str,
    track: Track,
    category_id: &str,
    handler: (HandlerKind, &str),
    now: i64,
    tz_secs: i64,
) -> Result<(), ApiError> {
    let deadline = handling::track_deadline(track, now, tz_secs)
        .ok_or_else(|| ApiError::Internal("unknown track".into()))?;
    conn.execute(
        "UPDATE messages SET status = 'assigned', track = ?2, category_id = ?3, \
         handler_kind = ?4, handler_id = ?5, stage_at = ?6, assigned_at = ?6, deadline = ?7, \
         done_at = NULL, closed_at = NULL WHERE id = ?1",
        params![
            id,
            track.as_str(),
            category_id,
            handler.0.as_str(),
            handler.1,
            now,
            deadline
        ],
    )?;
    Ok(())
}

/// Adds a reply (handler) or follow-up (author).
pub fn add_reply(
    conn: &Connection,
    message_id: &str,
    follow_up: bool,
    by: &ActorRec,
    body: &str,
    now: i64,
) -> Result<(), ApiError> {
    let id = next_id(conn, "message_replies", "r")?;
    conn.execute(
        "INSERT INTO message_replies (id, message_id, kind, at, author_id, author_role, \
         author_name, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id,
            message_id,
            if follow_up { "follow_up" } else { "reply" },
            now,
            by.user_id,
            by.role.as_str(),
            by.name,
            body
        ],
    )?;
    if !follow_up {
        conn.execute(
            "UPDATE messages SET reply_count = reply_count + 1 WHERE id = ?1",
            [message_id],
        )?;
    }
    Ok(())
}

/// Adds a plan step.
pub fn add_plan_step(
    conn: &Connection,
    message_id: &str,
    title: &str,
    due_at: i64,
    now: i64,
) -> Result<String, ApiError> {
    let id = next_id(conn, "plan_steps", "s")?;
    conn.execute(
        "INSERT INTO plan_steps (id, message_id, title, due_at, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, message_id, title, due_at, now],
    )?;
    Ok(id)
}

/// A plan step of a message: (title, done).
pub fn plan_step(
    conn: &Connection,
    message_id: &str,
    step_id: &str,
) -> Result<Option<(String, bool)>, ApiError> {
    Ok(conn
        .query_row(
            "SELECT title, done_at IS NOT NULL FROM plan_steps WHERE id = ?1 AND message_id = ?2",
            params![step_id, message_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

pub fn mark_step_done(conn: &Connection, step_id: &str, now: i64) -> Result<(), ApiError> {
    conn.execute(
        "UPDATE plan_steps SET done_at = ?2 WHERE id = ?1 AND done_at IS NULL",
        params![step_id, now],
    )?;
    Ok(())
}

/// Hand-over to a department: handler, status `assigned`, deadline unchanged.
pub fn hand_over(
    conn: &Connection,
    id: &str,
    department_id: &str,
    now: i64,
) -> Result<(), ApiError> {
    conn.execute(
        "UPDATE messages SET handler_kind = 'department', handler_id = ?2, status = 'assigned', \
         assigned_at = ?3 WHERE id = ?1",
        params![id, department_id, now],
    )?;
    Ok(())
}

/// The author's rating of the current round; closes the message.
pub fn rate(
    conn: &Connection,
    id: &str,
    stars: u8,
    comment: Option<&str>,
    now: i64,
) -> Result<(), ApiError> {
    conn.execute(
        "INSERT INTO message_ratings (message_id, round, stars, comment, at) \
         SELECT id, round, ?2, ?3, ?4 FROM messages WHERE id = ?1",
        params![id, stars, comment, now],
    )?;
    set_status(conn, id, MessageStatus::Closed, now)
}

/// Reopening: back to triage with a new triage deadline, a new round.
pub fn reopen(conn: &Connection, id: &str, now: i64, tz_secs: i64) -> Result<(), ApiError> {
    conn.execute(
        "UPDATE messages SET status = 'reopened', round = round + 1, stage_at = ?2, \
         deadline = ?3, done_at = NULL, closed_at = NULL WHERE id = ?1",
        params![id, now, handling::triage_deadline(now, tz_secs)],
    )?;
    Ok(())
}
