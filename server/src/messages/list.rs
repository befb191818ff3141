//! The message lists: the author's own, the public board, a handler's inbox and the triage
//! queue, in keyset pages ([`MessageCursor`]).

use contract::{MessageStatus, MessageSummary, MyMessagesSummary};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};

use super::rows::{message_row, row_columns, FROM};
use super::summary;
use crate::cursor::{Cursor, MessageCursor};
use crate::handling::{self, Viewer};
use crate::problem::ApiError;

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

#[cfg(test)]
mod tests {
    use super::*;

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

/// How many messages `author_id` wrote, and how many of them are open (not resolved or
/// closed: [`StatusFilter::Open`]).
pub fn summary_of_author(conn: &Connection, author_id: &str) -> Result<MyMessagesSummary, ApiError> {
    let (total, open): (i64, i64) = conn.query_row(
        "SELECT COUNT(*), COALESCE(SUM(status NOT IN ('resolved', 'closed')), 0) \
         FROM messages WHERE author_id = ?1",
        [author_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(MyMessagesSummary {
        open: count(open),
        total: count(total),
    })
}
