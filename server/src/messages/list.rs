//! The message lists: the author's own, the public board, a handler's inbox and the triage
//! queue, in keyset pages ([`MessageCursor`]).

use contract::{MessageStatus, MessageSummary, MyMessagesSummary, StatusCount, WorkSummary};
use crate::sql::types::Value;
use crate::sql::{params_from_iter, Connection};

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
    /// What needs the viewer now (需要您处理): in an inbox, [`handling::needs_handler`]; in
    /// the triage queue, all of it. Only for those two lists.
    Todo,
}

impl StatusFilter {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "open" => Some(StatusFilter::Open),
            "todo" => Some(StatusFilter::Todo),
            _ => MessageStatus::parse(raw).map(StatusFilter::One),
        }
    }
}

/// The condition of a handler's inbox (with its arguments appended to `args`): a deputy's
/// messages and, for staff, those handled by departments; never those waiting for triage.
/// `None` when the viewer handles nothing.
fn inbox_scope(deputy_id: Option<&str>, departments: bool, args: &mut Vec<Value>) -> Option<String> {
    let mut who = Vec::new();
    if let Some(d) = deputy_id {
        args.push(Value::Text(d.to_owned()));
        who.push(format!(
            "(m.handler_kind = 'deputy' AND m.handler_id = ?{})",
            args.len()
        ));
    }
    if departments {
        who.push("m.handler_kind = 'department'".into());
    }
    if who.is_empty() {
        return None;
    }
    // a reopened message waits for triage (staff's queue), not for its old handler
    Some(format!(
        "({}) AND m.status NOT IN ('submitted', 'reopened')",
        who.join(" OR ")
    ))
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
        } => match inbox_scope(deputy_id.as_deref(), *departments, &mut args) {
            Some(scope) => conds.push(scope),
            None => return Ok((Vec::new(), None)),
        },
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
        // everything in the triage queue waits for staff
        Some(StatusFilter::Todo) if f.kind == ListKind::Triage => {}
        Some(StatusFilter::Todo) => conds.push(handling::needs_handler_sql("m")),
        None => {}
    }
    if let Some(c) = &f.category {
        args.push(Value::Text(c.clone()));
        conds.push(format!("m.category_id = ?{}", args.len()));
    }
    let (group_sql, key_sql) = match f.kind {
        // overdue; then what needs the handler (not finished, or asked again), by deadline;
        // then the rest (answered, resolved, closed), most recently updated first
        ListKind::Inbox { .. } => (
            format!(
                "(CASE WHEN {} THEN 0 WHEN {} THEN 1 ELSE 2 END)",
                handling::overdue_sql("m", "?1"),
                handling::needs_handler_sql("m")
            ),
            format!(
                "(CASE WHEN {} THEN COALESCE(m.deadline, 9223372036854775807) ELSE -m.updated_at END)",
                handling::needs_handler_sql("m")
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
    let mut sql = format!("SELECT * FROM ({inner}) AS listed");
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
            // `g` and `k` come after the 33 columns of `row_columns`
            Ok((message_row(r)?, r.get::<_, i64>(33)?, r.get::<_, i64>(34)?))
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

/// The counts of a handler's workspace (`GET /work/summary`): the inbox of `deputy_id`
/// and/or the departments (staff), and for staff the triage queue.
pub fn work_summary(
    conn: &Connection,
    deputy_id: Option<&str>,
    staff: bool,
    now: i64,
) -> Result<WorkSummary, ApiError> {
    let mut out = WorkSummary::default();
    let mut args: Vec<Value> = vec![Value::Integer(now)];
    if let Some(scope) = inbox_scope(deputy_id, staff, &mut args) {
        let sql = format!(
            "SELECT m.status, COUNT(*), SUM(CASE WHEN {needs} THEN 1 ELSE 0 END), \
               SUM(CASE WHEN {overdue} THEN 1 ELSE 0 END) FROM messages m \
             WHERE {scope} GROUP BY m.status",
            needs = handling::needs_handler_sql("m"),
            overdue = handling::overdue_sql("m", "?1"),
        );
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(args), |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let count = |n: i64| u32::try_from(n).unwrap_or(0);
        for status in MessageStatus::ALL {
            let Some((_, n, needs, overdue)) = rows.iter().find(|r| r.0 == status.as_str()) else {
                continue;
            };
            out.total += count(*n);
            out.todo += count(*needs);
            out.overdue += count(*overdue);
            out.by_status.push(StatusCount {
                status: *status,
                count: count(*n),
            });
        }
    }
    if staff {
        out.triage = conn.query_row(
            "SELECT COUNT(*) FROM messages WHERE status IN ('submitted', 'reopened')",
            (),
            |r| r.get(0),
        )?;
    }
    Ok(out)
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
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN status NOT IN ('resolved', 'closed') THEN 1 ELSE 0 END), 0) \
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
