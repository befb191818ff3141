//! Demo notifications: what the demo messages' history would have sent.

use crate::sql::{params, Connection};

use crate::clock::HOUR;
use crate::notify::{message_parties, send_event, Change, Hub, MessageEvent, Status, Track};
use crate::problem::ApiError;

/// Stands for a demo deputy without an account as the actor of their replies.
const DEMO_DEPUTY: &str = "demo:deputy";

/// Demo: the notifications the demo messages' history would have sent (from their
/// timelines, and `assigned` to the deputies handling messages now), in time order; those
/// older than two days are read, except each user's two newest. Returns how many.
pub fn seed(conn: &Connection, now: i64) -> Result<usize, ApiError> {
    let rows = {
        let mut stmt = conn.prepare(
            "SELECT t.message_id, t.at, t.kind, t.actor_id, t.status, \
               CASE t.kind WHEN 'replied' THEN \
                 (SELECT r.body FROM message_replies r WHERE r.message_id = t.message_id \
                    AND r.kind = 'reply' AND r.at = t.at ORDER BY r.seq DESC LIMIT 1) \
               ELSE t.note END, \
               m.track, \
               EXISTS (SELECT 1 FROM message_timeline h WHERE h.message_id = t.message_id \
                 AND h.kind = 'handed_over' AND h.seq > t.seq), \
               t.actor_role = 'deputy' \
             FROM message_timeline t JOIN messages m ON m.id = t.message_id \
             WHERE t.kind IN ('triaged', 'status_changed', 'replied', 'plan_step_done') \
             ORDER BY t.at, t.seq",
        )?;
        let rows = stmt
            .query_map((), |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, bool>(7)?,
                    r.get::<_, bool>(8)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows
    };
    // (time, message, change, actor, detail, whether the handler now was the handler then)
    type Past = (i64, String, Change, Option<String>, Option<String>, bool);
    let mut events: Vec<Past> = Vec::new();
    for (message_id, at, kind, actor, status, detail, track, handed_over_later, by_deputy) in rows {
        // a demo deputy without an account answered: the texts say the deputy did
        let actor = match actor {
            None if by_deputy && kind == "replied" => Some(DEMO_DEPUTY.to_owned()),
            a => a,
        };
        let to = status
            .as_deref()
            .and_then(Status::parse)
            .unwrap_or_default();
        // the reply's text, a plan step's title, a status change's note
        let (change, detail) = match kind.as_str() {
            "replied" => (Change::Replied, detail),
            "plan_step_done" => (Change::PlanStepDone, detail),
            "status_changed" => (
                Change::StatusChanged {
                    from: Status::Unknown,
                    to,
                    track: track.as_deref().and_then(Track::parse),
                },
                detail,
            ),
            // triage: only the author's side
            _ => (
                Change::StatusChanged {
                    from: Status::Submitted,
                    to: Status::Assigned,
                    track: None,
                },
                None,
            ),
        };
        events.push((at, message_id, change, actor, detail, !handed_over_later));
    }
    // the deputies handling messages now were told when they got them
    let assigned = {
        let mut stmt = conn.prepare(
            "SELECT id, assigned_at FROM messages \
             WHERE handler_kind = 'deputy' AND assigned_at IS NOT NULL",
        )?;
        let rows = stmt
            .query_map((), |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        rows
    };
    for (message_id, at) in assigned {
        let change = Change::Assigned {
            from: Status::Assigned,
            to: Status::Assigned,
        };
        events.push((at, message_id, change, None, None, true));
    }
    events.sort_by_key(|e| e.0);
    let hub = Hub::new();
    let mut sent = 0;
    for (at, message_id, change, actor, detail, same_handler) in events {
        let Some((mut parties, title, _, _)) = message_parties(conn, &message_id)? else {
            continue;
        };
        if !same_handler {
            // handed over since: the texts must not name today's handler for then
            parties.handler_name = None;
        }
        if actor.as_deref() == Some(DEMO_DEPUTY) && parties.handler_user.is_none() {
            parties.handler_user = actor.clone();
        }
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
