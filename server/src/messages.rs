//! Storage of messages and their handling (schema: `migrations/0003_messages.sql`), and
//! the contract views of them for a given viewer. The rules themselves are in [`crate::handling`].

use contract::{
    Actor, HandlerKind, HandlerRef, ImageRef, Location, Message, MessageCategory, MessageStatus,
    MessageSummary, PlanStep, Rating, Reply, Role, TimelineEntry, TimelineKind, Track,
};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

use crate::clock::rfc3339;
use crate::cursor::{valid_id, Cursor, MessageCursor};
use crate::handling::{self, Facts, Relation, Viewer, Visibility};
use crate::mask::mask_name;
use crate::problem::ApiError;

// ---------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------

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
}

/// SQL of a handler's display name from a kind and an id column.
fn name_sql(kind: &str, id: &str) -> String {
    format!(
        "(CASE {kind} WHEN 'deputy' THEN (SELECT name FROM deputies WHERE id = {id}) \
                      WHEN 'department' THEN (SELECT name FROM departments WHERE id = {id}) END)"
    )
}

fn row_columns() -> String {
    format!(
        "m.id, m.version, m.author_id, COALESCE(u.display_name, ''), m.recipient_kind, \
         m.recipient_id, COALESCE({rname}, ''), m.category_id, c.name, m.title, m.body, m.public, \
         m.location_label, m.location_lat, m.location_lng, m.status, m.track, m.handler_kind, \
         m.handler_id, {hname}, m.created_at, m.updated_at, m.stage_at, m.assigned_at, \
         m.deadline, m.done_at, m.closed_at, m.round, m.reply_count, m.photo_count, \
         EXISTS (SELECT 1 FROM message_ratings r WHERE r.message_id = m.id AND r.round = m.round)",
        rname = name_sql("m.recipient_kind", "m.recipient_id"),
        hname = name_sql("m.handler_kind", "m.handler_id"),
    )
}

const FROM: &str = "FROM messages m LEFT JOIN users u ON u.id = m.author_id \
                    LEFT JOIN message_categories c ON c.id = m.category_id";

fn handler_kind(raw: Option<String>) -> Option<HandlerKind> {
    raw.and_then(|k| HandlerKind::parse(&k))
}

fn message_row(r: &Row<'_>) -> rusqlite::Result<MessageRow> {
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

// ---------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------

/// How people are shown to a viewer: citizens' names are masked in every view but their
/// own (`张*`; the contract's rule); deputies and staff are shown by name.
#[derive(Debug, Clone, Copy)]
struct Naming<'a> {
    viewer_id: Option<&'a str>,
}

impl Naming<'_> {
    fn actor(&self, user_id: Option<&str>, role: Role, name: &str) -> Actor {
        let is_you = user_id.is_some() && user_id == self.viewer_id;
        let name = if role == Role::Citizen && !is_you {
            mask_name(name)
        } else {
            name.to_owned()
        };
        Actor { name, role, is_you }
    }
}

fn handler_ref(kind: HandlerKind, id: &str, name: &str) -> HandlerRef {
    HandlerRef {
        kind,
        id: id.to_owned(),
        name: name.to_owned(),
    }
}

/// The first characters of a body.
pub fn excerpt(body: &str) -> String {
    const N: usize = 60;
    let text: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= N {
        text
    } else {
        let mut out: String = text.chars().take(N).collect();
        out.push('…');
        out
    }
}

/// Photos are served by the uploads part (`/media/uploads/{id}`).
pub fn photo_url(upload_id: &str) -> String {
    crate::uploads::url(upload_id)
}

fn category(row: &MessageRow) -> Option<MessageCategory> {
    row.category_name.as_ref().map(|name| MessageCategory {
        id: row.category_id.clone(),
        name: name.clone(),
    })
}

/// A message as listed for `viewer`.
pub fn summary(row: &MessageRow, viewer: Option<&Viewer<'_>>, now: i64) -> MessageSummary {
    let naming = Naming {
        viewer_id: viewer.map(|v| v.user_id),
    };
    MessageSummary {
        id: row.id.clone(),
        title: row.title.clone(),
        excerpt: excerpt(&row.body),
        category: category(row),
        status: row.status,
        track: row.track,
        recipient: handler_ref(row.recipient_kind, &row.recipient_id, &row.recipient_name),
        handler: handler_of(row),
        author: naming.actor(Some(&row.author_id), Role::Citizen, &row.author_name),
        public: row.public,
        created_at: rfc3339(row.created_at),
        updated_at: rfc3339(row.updated_at),
        deadline: row.deadline.map(rfc3339),
        overdue: row.overdue(now),
        reply_count: u32::try_from(row.reply_count).unwrap_or(0),
        photo_count: u32::try_from(row.photo_count).unwrap_or(0),
    }
}

fn handler_of(row: &MessageRow) -> Option<HandlerRef> {
    match (row.handler_kind, &row.handler_id) {
        (Some(kind), Some(id)) => Some(handler_ref(
            kind,
            id,
            row.handler_name.as_deref().unwrap_or(""),
        )),
        _ => None,
    }
}

fn role(raw: &str) -> Role {
    Role::parse(raw).unwrap_or(Role::Unknown)
}

/// The full message for `viewer` (who must be allowed to see it: `visibility != Hidden`).
pub fn view(
    conn: &Connection,
    row: &MessageRow,
    viewer: Option<&Viewer<'_>>,
    now: i64,
) -> Result<Message, ApiError> {
    let facts = row.facts();
    let rel = row.relation(viewer);
    let full = handling::visibility(rel, &facts) == Visibility::Full;
    let naming = Naming {
        viewer_id: viewer.map(|v| v.user_id),
    };

    let mut stmt = conn.prepare_cached(
        "SELECT id, at, kind, actor_id, actor_role, actor_name, status, note \
         FROM message_timeline WHERE message_id = ?1 ORDER BY at, seq",
    )?;
    let timeline = stmt
        .query_map([&row.id], |r| {
            let kind: String = r.get(2)?;
            let actor_id: Option<String> = r.get(3)?;
            let actor_role: String = r.get(4)?;
            let actor_name: String = r.get(5)?;
            let status: Option<String> = r.get(6)?;
            Ok(TimelineEntry {
                id: r.get(0)?,
                at: rfc3339(r.get(1)?),
                kind: TimelineKind::parse(&kind).unwrap_or(TimelineKind::Unknown),
                actor: naming.actor(actor_id.as_deref(), role(&actor_role), &actor_name),
                status: status.and_then(|s| MessageStatus::parse(&s)),
                note: r.get(7)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;

    let mut stmt = conn.prepare_cached(
        "SELECT id, at, author_id, author_role, author_name, body \
         FROM message_replies WHERE message_id = ?1 ORDER BY at, seq",
    )?;
    let replies = stmt
        .query_map([&row.id], |r| {
            let author_id: Option<String> = r.get(2)?;
            let author_role: String = r.get(3)?;
            let author_name: String = r.get(4)?;
            Ok(Reply {
                id: r.get(0)?,
                at: rfc3339(r.get(1)?),
                from: naming.actor(author_id.as_deref(), role(&author_role), &author_name),
                body: r.get(5)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;

    let mut stmt = conn.prepare_cached(
        "SELECT id, title, due_at, done_at FROM plan_steps WHERE message_id = ?1 \
         ORDER BY due_at, seq",
    )?;
    let plan = stmt
        .query_map([&row.id], |r| {
            let due_at: i64 = r.get(2)?;
            let done_at: Option<i64> = r.get(3)?;
            Ok(PlanStep {
                id: r.get(0)?,
                title: r.get(1)?,
                due_at: rfc3339(due_at),
                done: done_at.is_some(),
                done_at: done_at.map(rfc3339),
                overdue: done_at.is_none() && now > due_at,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;

    // the rating of the current round, else the latest one
    let rating = conn
        .query_row(
            "SELECT stars, comment, at FROM message_ratings WHERE message_id = ?1 \
             ORDER BY round DESC LIMIT 1",
            [&row.id],
            |r| {
                let stars: i64 = r.get(0)?;
                Ok(Rating {
                    stars: u8::try_from(stars).unwrap_or(0),
                    comment: r.get(1)?,
                    at: rfc3339(r.get(2)?),
                })
            },
        )
        .optional()?;

    let mut stmt = conn.prepare_cached(
        "SELECT upload_id FROM message_photos WHERE message_id = ?1 ORDER BY position",
    )?;
    let photo_ids = stmt
        .query_map([&row.id], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    let photos = photo_ids
        .iter()
        .enumerate()
        .map(|(i, id)| ImageRef {
            url: photo_url(id),
            alt: format!("留言照片 {}", i + 1),
            width: None,
            height: None,
        })
        .collect();

    let location = if full {
        row.location_label.as_ref().map(|label| Location {
            label: label.clone(),
            lat: row.location_lat,
            lng: row.location_lng,
        })
    } else {
        None
    };

    Ok(Message {
        id: row.id.clone(),
        version: u32::try_from(row.version).unwrap_or(u32::MAX),
        title: row.title.clone(),
        body: row.body.clone(),
        category: category(row),
        status: row.status,
        track: row.track,
        recipient: handler_ref(row.recipient_kind, &row.recipient_id, &row.recipient_name),
        handler: handler_of(row),
        author: naming.actor(Some(&row.author_id), Role::Citizen, &row.author_name),
        public: row.public,
        created_at: rfc3339(row.created_at),
        updated_at: rfc3339(row.updated_at),
        deadline: row.deadline.map(rfc3339),
        overdue: row.overdue(now),
        closed_at: if row.status == MessageStatus::Closed {
            row.closed_at.map(rfc3339)
        } else {
            None
        },
        reopen_until: if row.status == MessageStatus::Closed {
            row.closed_at.map(|c| rfc3339(handling::reopen_until(c)))
        } else {
            None
        },
        photos,
        location,
        timeline,
        replies,
        plan,
        rating,
        can: handling::permissions(rel, &facts, now),
    })
}

// ---------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------

/// Which list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListKind {
    /// The author's own messages, most recently updated first.
    Mine { user_id: String },
    /// Public triaged messages, most recently updated first.
    Board,
    /// A handler's messages: overdue first, then by deadline, then those with nothing due.
    Inbox {
        deputy_id: Option<String>,
        departments: bool,
    },
    /// Waiting for triage, overdue first, then oldest first.
    Triage,
}

impl ListKind {
    fn tag(&self) -> &'static str {
        match self {
            ListKind::Mine { .. } => "mine",
            ListKind::Board => "board",
            ListKind::Inbox { .. } => "inbox",
            ListKind::Triage => "triage",
        }
    }

    fn queue(&self) -> bool {
        matches!(self, ListKind::Inbox { .. } | ListKind::Triage)
    }
}

/// The status filter of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    One(MessageStatus),
    /// Every status but resolved and closed.
    Open,
}

impl StatusFilter {
    pub fn parse(raw: &str) -> Option<Self> {
        if raw == "open" {
            return Some(StatusFilter::Open);
        }
        MessageStatus::parse(raw).map(StatusFilter::One)
    }
}

/// A validated list request.
#[derive(Debug, Clone)]
pub struct ListFilter {
    pub kind: ListKind,
    pub status: Option<StatusFilter>,
    pub category: Option<String>,
    pub after: Option<MessageCursor>,
    pub limit: u32,
    pub now: i64,
}

/// Whether a cursor belongs to this list.
pub fn cursor_fits(kind: &ListKind, c: &MessageCursor) -> bool {
    c.list == kind.tag()
}

/// One page of a list for `viewer`, and the next cursor.
pub fn list(
    conn: &Connection,
    f: &ListFilter,
    viewer: Option<&Viewer<'_>>,
) -> Result<(Vec<MessageSummary>, Option<String>), ApiError> {
    let reference = f.after.as_ref().map_or(f.now, |c| c.reference);
    let mut args: Vec<Value> = vec![Value::Integer(reference)];
    let mut conds: Vec<String> = Vec::new();
    match &f.kind {
        ListKind::Mine { user_id } => {
            args.push(Value::Text(user_id.clone()));
            conds.push(format!("m.author_id = ?{}", args.len()));
        }
        ListKind::Board => {
            conds.push("m.public = 1 AND m.status <> 'submitted'".into());
        }
        ListKind::Inbox {
            deputy_id,
            departments,
        } => {
            let mut who = Vec::new();
            if let Some(d) = deputy_id {
                args.push(Value::Text(d.clone()));
                who.push(format!(
                    "(m.handler_kind = 'deputy' AND m.handler_id = ?{})",
                    args.len()
                ));
            }
            if *departments {
                who.push("m.handler_kind = 'department'".into());
            }
            if who.is_empty() {
                return Ok((Vec::new(), None));
            }
            conds.push(format!("({})", who.join(" OR ")));
            // a reopened message waits for triage (staff's queue), not for its old handler
            conds.push("m.status NOT IN ('submitted', 'reopened')".into());
        }
        ListKind::Triage => {
            conds.push("m.status IN ('submitted', 'reopened')".into());
        }
    }
    match f.status {
        Some(StatusFilter::One(s)) => {
            args.push(Value::Text(s.as_str().into()));
            conds.push(format!("m.status = ?{}", args.len()));
        }
        Some(StatusFilter::Open) => conds.push("m.status NOT IN ('resolved', 'closed')".into()),
        None => {}
    }
    if let Some(c) = &f.category {
        args.push(Value::Text(c.clone()));
        conds.push(format!("m.category_id = ?{}", args.len()));
    }
    let (group_sql, key_sql) = match f.kind {
        // overdue; then what is still due, by deadline; then what has nothing due any
        // more (answered fast-track, resolved, closed), most recently updated first
        ListKind::Inbox { .. } => (
            format!(
                "(CASE WHEN {} THEN 0 WHEN {} THEN 2 ELSE 1 END)",
                handling::overdue_sql("m", "?1"),
                handling::finished_sql("m")
            ),
            format!(
                "(CASE WHEN {} THEN -m.updated_at ELSE COALESCE(m.deadline, 9223372036854775807) END)",
                handling::finished_sql("m")
            ),
        ),
        ListKind::Triage => (
            format!(
                "(CASE WHEN {} THEN 0 ELSE 1 END)",
                handling::overdue_sql("m", "?1")
            ),
            "m.stage_at".to_owned(),
        ),
        _ => ("0".to_owned(), "m.updated_at".to_owned()),
    };
    let inner = format!(
        "SELECT {}, {group_sql} AS g, {key_sql} AS k {FROM} WHERE {}",
        row_columns(),
        conds.join(" AND ")
    );
    let mut sql = format!("SELECT * FROM ({inner})");
    if let Some(after) = &f.after {
        args.push(Value::Integer(after.group));
        let g = args.len();
        args.push(Value::Integer(after.key));
        let k = args.len();
        args.push(Value::Text(after.id.clone()));
        let i = args.len();
        if f.kind.queue() {
            sql.push_str(&format!(
                " WHERE (g > ?{g} OR (g = ?{g} AND (k > ?{k} OR (k = ?{k} AND id > ?{i}))))"
            ));
        } else {
            sql.push_str(&format!(" WHERE (k < ?{k} OR (k = ?{k} AND id < ?{i}))"));
        }
    }
    args.push(Value::Integer(i64::from(f.limit) + 1));
    if f.kind.queue() {
        sql.push_str(&format!(" ORDER BY g, k, id LIMIT ?{}", args.len()));
    } else {
        sql.push_str(&format!(" ORDER BY k DESC, id DESC LIMIT ?{}", args.len()));
    }
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt
        .query_map(params_from_iter(args), |r| {
            Ok((message_row(r)?, r.get::<_, i64>(31)?, r.get::<_, i64>(32)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let next = if rows.len() > f.limit as usize {
        rows.truncate(f.limit as usize);
        rows.last().map(|(row, g, k)| {
            MessageCursor {
                list: f.kind.tag().into(),
                reference,
                group: *g,
                key: *k,
                id: row.id.clone(),
            }
            .encode()
        })
    } else {
        None
    };
    let items = rows
        .iter()
        .map(|(row, _, _)| summary(row, viewer, f.now))
        .collect();
    Ok((items, next))
}

/// Message categories in display order.
pub fn categories(conn: &Connection) -> Result<Vec<MessageCategory>, ApiError> {
    let mut stmt =
        conn.prepare_cached("SELECT id, name FROM message_categories ORDER BY position, id")?;
    let rows = stmt.query_map([], |r| {
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

/// The display name of a deputy or department, if it exists.
pub fn handler_name(
    conn: &Connection,
    kind: HandlerKind,
    id: &str,
) -> Result<Option<String>, ApiError> {
    let sql = match kind {
        HandlerKind::Deputy => "SELECT name FROM deputies WHERE id = ?1",
        HandlerKind::Department => "SELECT name FROM departments WHERE id = ?1",
        HandlerKind::Unknown => return Ok(None),
    };
    Ok(conn.query_row(sql, [id], |r| r.get(0)).optional()?)
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

/// Someone acting on a message, as recorded on it.
#[derive(Debug, Clone)]
pub struct ActorRec {
    pub user_id: Option<String>,
    pub role: Role,
    pub name: String,
}

/// A new id `<prefix>_<n>` from the next row number of `table` (called inside the
/// transaction that inserts the row; the connection is used by one writer at a time).
fn next_id(conn: &Connection, table: &str, prefix: &str) -> Result<String, ApiError> {
    let sql = match table {
        "messages" => "SELECT COALESCE(MAX(seq), 0) + 1 FROM messages",
        "message_timeline" => "SELECT COALESCE(MAX(seq), 0) + 1 FROM message_timeline",
        "message_replies" => "SELECT COALESCE(MAX(seq), 0) + 1 FROM message_replies",
        _ => "SELECT COALESCE(MAX(seq), 0) + 1 FROM plan_steps",
    };
    let n: i64 = conn.query_row(sql, [], |r| r.get(0))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_short_single_line() {
        assert_eq!(excerpt("  路灯\n不亮  "), "路灯 不亮");
        let long = "字".repeat(100);
        let e = excerpt(&long);
        assert_eq!(e.chars().count(), 61);
        assert!(e.ends_with('…'));
    }

    #[test]
    fn list_cursors_belong_to_one_list() {
        let c = MessageCursor {
            list: "inbox".into(),
            reference: 1_800_000_000,
            group: 1,
            key: -5,
            id: "m_000007".into(),
        };
        let decoded = MessageCursor::decode(&c.encode()).expect("decodes");
        assert_eq!(decoded, c);
        let inbox = ListKind::Inbox {
            deputy_id: None,
            departments: true,
        };
        assert!(cursor_fits(&inbox, &decoded));
        assert!(!cursor_fits(&ListKind::Triage, &decoded));
        assert!(!cursor_fits(&ListKind::Board, &decoded));
        assert_eq!(StatusFilter::parse("open"), Some(StatusFilter::Open));
        assert_eq!(
            StatusFilter::parse("in_progress"),
            Some(StatusFilter::One(MessageStatus::InProgress))
        );
        assert_eq!(StatusFilter::parse("unknown"), None);
        assert_eq!(StatusFilter::parse("done"), None);
    }
}
