//! The deadline sweep: "deadline approaching" and "deadline passed" alerts to whoever
//! handles a message (or staff), each at most once per message and deadline.

use std::sync::Arc;

use contract::NotificationKind;
use crate::sql::{params, Connection};

use super::recipients::{Change, MessageEvent, Parties, Status};
use super::{send_event, staff_users, Hub};
use crate::clock::HOUR;
use crate::problem::ApiError;

/// "Deadline approaching": this long before the deadline.
pub const APPROACHING_SECS: i64 = 24 * HOUR;
/// How often the sweep runs.
pub const SWEEP_INTERVAL_SECS: u64 = 60;

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
            "INSERT INTO deadline_alerts (message_id, deadline, kind, sent_at) \
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
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
                        // (deadline alerts go to handlers: their texts name no handler)
                        handler_name: None,
                        staff: staff.clone(),
                    },
                }
            },
        )
        .collect();
    sweep_messages(conn, hub, &facts, now)
}

/// One round of the sweep on this instance, if it holds the lease of
/// [`crate::jobs::DEADLINE_SWEEP`] (taken or renewed now): `None` when another instance runs
/// the sweep, else the notifications stored.
pub async fn run_round(state: &crate::AppState) -> Option<Result<usize, ApiError>> {
    let hub = Arc::clone(state.hub());
    crate::jobs::leased_round(state, crate::jobs::DEADLINE_SWEEP, move |conn, now| sweep(conn, &hub, now)).await
}

/// Runs [`sweep`] every [`SWEEP_INTERVAL_SECS`] with the server's clock, on the one instance
/// that holds its lease ([`run_round`]).
pub fn spawn_sweeper(state: crate::AppState) -> tokio::task::JoinHandle<()> {
    crate::clock::every(SWEEP_INTERVAL_SECS, move || {
        let state = state.clone();
        async move {
            match run_round(&state).await {
                None | Some(Ok(0)) => {}
                Some(Ok(n)) => tracing::info!("deadline sweep: {n} notifications"),
                Some(Err(e)) => tracing::warn!("deadline sweep failed: {e:?}"),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
