//! Messages as stored ([`MessageRow`]), and the reference data they point to (categories,
//! handlers' names).

use contract::{HandlerKind, MessageCategory, MessageStatus, Track};
use crate::sql::{Connection, OptionalExtension, Row};

use crate::cursor::valid_id;
use crate::handling::{self, Facts, Relation, Viewer};
use crate::problem::ApiError;

/// A message as stored, with the names it is shown with.
#[derive(Debug, Clone)]
pub struct MessageRow {
    pub id: String,
    pub version: i64,
    pub author_id: String,
    pub author_name: String,
    pub recipient_kind: HandlerKind,
    pub recipient_id: String,
    pub recipient_name: String,
    pub category_id: String,
    pub category_name: Option<String>,
    pub title: String,
    pub body: String,
    pub public: bool,
    pub location_label: Option<String>,
    pub location_lat: Option<f64>,
    pub location_lng: Option<f64>,
    pub status: MessageStatus,
    pub track: Option<Track>,
    pub handler_kind: Option<HandlerKind>,
    pub handler_id: Option<String>,
    pub handler_name: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub stage_at: i64,
    pub assigned_at: Option<i64>,
    pub deadline: Option<i64>,
    pub done_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub round: i64,
    pub reply_count: i64,
    pub photo_count: i64,
    pub rated: bool,
    /// Comments the public sees, and likes (a public message's).
    pub comment_count: i64,
    pub like_count: i64,
}

/// SQL of a recipient's or handler's display name from a kind and an id column.
fn name_sql(kind: &str, id: &str) -> String {
    format!(
        "(CASE {kind} WHEN 'deputy' THEN (SELECT name FROM deputies WHERE id = {id}) \
                      WHEN 'department' THEN (SELECT name FROM departments WHERE id = {id}) \
                      WHEN 'station' THEN (SELECT name FROM stations WHERE id = {id}) END)"
    )
}

pub(super) fn row_columns() -> String {
    format!(
        "m.id, m.version, m.author_id, COALESCE(u.display_name, ''), m.recipient_kind, \
         m.recipient_id, COALESCE({rname}, ''), m.category_id, c.name, m.title, m.body, m.public, \
         m.location_label, m.location_lat, m.location_lng, m.status, m.track, m.handler_kind, \
         m.handler_id, {hname}, m.created_at, m.updated_at, m.stage_at, m.assigned_at, \
         m.deadline, m.done_at, m.closed_at, m.round, m.reply_count, m.photo_count, \
         EXISTS (SELECT 1 FROM message_ratings r WHERE r.message_id = m.id AND r.round = m.round), \
         (SELECT COUNT(*) FROM comments cc WHERE cc.target_kind = 'message' AND cc.target_id = m.id \
          AND cc.state = 'published'), \
         (SELECT COUNT(*) FROM likes ll WHERE ll.target_kind = 'message' AND ll.target_id = m.id)",
        rname = name_sql("m.recipient_kind", "m.recipient_id"),
        hname = name_sql("m.handler_kind", "m.handler_id"),
    )
}

pub(super) const FROM: &str = "FROM messages m LEFT JOIN users u ON u.id = m.author_id \
                    LEFT JOIN message_categories c ON c.id = m.category_id";

fn handler_kind(raw: Option<String>) -> Option<HandlerKind> {
    raw.and_then(|k| HandlerKind::parse(&k))
}

pub(super) fn message_row(r: &Row<'_>) -> crate::sql::Result<MessageRow> {
    let recipient_kind: String = r.get(4)?;
    let status: String = r.get(15)?;
    let track: Option<String> = r.get(16)?;
    Ok(MessageRow {
        id: r.get(0)?,
        version: r.get(1)?,
        author_id: r.get(2)?,
        author_name: r.get(3)?,
        recipient_kind: HandlerKind::parse(&recipient_kind).unwrap_or(HandlerKind::Unknown),
        recipient_id: r.get(5)?,
        recipient_name: r.get(6)?,
        category_id: r.get(7)?,
        category_name: r.get(8)?,
        title: r.get(9)?,
        body: r.get(10)?,
        public: r.get(11)?,
        location_label: r.get(12)?,
        location_lat: r.get(13)?,
        location_lng: r.get(14)?,
        status: MessageStatus::parse(&status).unwrap_or(MessageStatus::Unknown),
        track: track.and_then(|t| Track::parse(&t)),
        handler_kind: handler_kind(r.get(17)?),
        handler_id: r.get(18)?,
        handler_name: r.get(19)?,
        created_at: r.get(20)?,
        updated_at: r.get(21)?,
        stage_at: r.get(22)?,
        assigned_at: r.get(23)?,
        deadline: r.get(24)?,
        done_at: r.get(25)?,
        closed_at: r.get(26)?,
        round: r.get(27)?,
        reply_count: r.get(28)?,
        photo_count: r.get(29)?,
        rated: r.get(30)?,
        comment_count: r.get(31)?,
        like_count: r.get(32)?,
    })
}

impl MessageRow {
    pub fn facts(&self) -> Facts<'_> {
        Facts {
            author_id: &self.author_id,
            public: self.public,
            status: self.status,
            track: self.track,
            handler: match (self.handler_kind, self.handler_id.as_deref()) {
                (Some(k), Some(id)) => Some((k, id)),
                _ => None,
            },
            rated: self.rated,
            closed_at: self.closed_at,
        }
    }

    pub fn relation(&self, viewer: Option<&Viewer<'_>>) -> Relation {
        Relation::of(viewer, &self.facts())
    }

    pub fn overdue(&self, now: i64) -> bool {
        handling::is_overdue(self.status, self.track, self.deadline, now)
    }
}

/// A message by id (any viewer; check the visibility before showing it).
pub fn load(conn: &Connection, id: &str) -> Result<Option<MessageRow>, ApiError> {
    if !valid_id(id) {
        return Ok(None);
    }
    Ok(conn
        .query_row(
            &format!("SELECT {} {FROM} WHERE m.id = ?1", row_columns()),
            [id],
            message_row,
        )
        .optional()?)
}

/// Message categories in display order.
pub fn categories(conn: &Connection) -> Result<Vec<MessageCategory>, ApiError> {
    let mut stmt =
        conn.prepare_cached("SELECT id, name FROM message_categories ORDER BY position, id")?;
    let rows = stmt.query_map((), |r| {
        Ok(MessageCategory {
            id: r.get(0)?,
            name: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

pub fn category_exists(conn: &Connection, id: &str) -> Result<bool, ApiError> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM message_categories WHERE id = ?1",
            [id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// The display name of a deputy or department, if it exists (a station is no handler).
pub fn handler_name(
    conn: &Connection,
    kind: HandlerKind,
    id: &str,
) -> Result<Option<String>, ApiError> {
    match kind {
        HandlerKind::Deputy | HandlerKind::Department => recipient_name(conn, kind, id),
        HandlerKind::Station | HandlerKind::Unknown => Ok(None),
    }
}

/// The display name of whom a new message may be addressed to — a deputy, a department or a
/// liaison station — if it exists.
pub fn recipient_name(
    conn: &Connection,
    kind: HandlerKind,
    id: &str,
) -> Result<Option<String>, ApiError> {
    let sql = match kind {
        HandlerKind::Deputy => "SELECT name FROM deputies WHERE id = ?1",
        HandlerKind::Department => "SELECT name FROM departments WHERE id = ?1",
        HandlerKind::Station => "SELECT name FROM stations WHERE id = ?1",
        HandlerKind::Unknown => return Ok(None),
    };
    Ok(conn.query_row(sql, [id], |r| r.get(0)).optional()?)
}
