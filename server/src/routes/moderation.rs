//! `/moderation/…`: the staff's moderation queue, their decisions, suspensions from posting,
//! and the audit log. Staff only (403 for everyone else).
//!
//! Order of answers: 401 → 403 (not staff) → 400 (a body that is not a JSON object, invalid
//! fields) → 404 (no such item or user) → 403 (suspending staff) → 409 (a decision that does
//! not fit the item's state).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use contract::{
    CommentState, ModerationAction, ModerationDecision, ModerationItem, ModerationLogEntry,
    NewSuspension, NotificationKind, Page, Role, Suspension, TargetKind,
};
use crate::sql::{params, OptionalExtension};

use super::comments::tell_replied;
use super::{body, cursor, limit, parsed, valid, QueryPairs};
use crate::auth::{parse_roles, Caller};
use crate::clock::{rfc3339, DAY};
use crate::cursor::{Cursor, LogCursor, QueueCursor};
use crate::notify::{self, NewNotification};
use crate::participation::store::{self, QueueFilter};
use crate::participation::{decide, topics, Misfit};
use crate::problem::ApiError;
use crate::AppState;

/// The routes of this module (under [`contract::API_PREFIX`]).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/moderation/queue", get(queue))
        .route("/moderation/decisions", post(decision))
        .route("/moderation/suspensions", post(suspend))
        .route("/moderation/log", get(log))
}

fn staff_only(caller: &Caller) -> Result<(), ApiError> {
    caller.require_any(&[Role::Staff], "Moderation is for liaison-station staff.")
}

/// `GET /api/v1/moderation/queue`
pub async fn queue(
    State(state): State<AppState>,
    caller: Caller,
    pairs: QueryPairs,
) -> Result<Json<Page<ModerationItem>>, ApiError> {
    staff_only(&caller)?;
    let mut errors = Vec::new();
    let filter = parsed(
        pairs.one("state", &mut errors).as_deref(),
        "state",
        "state must be one of pending, hidden, reported",
        QueueFilter::parse,
        &mut errors,
    )
    .unwrap_or(QueueFilter::Waiting);
    let after = cursor::<QueueCursor>(
        pairs.one("cursor", &mut errors).as_deref(),
        |_| true,
        &mut errors,
    );
    let limit = limit(pairs.one("limit", &mut errors), &mut errors);
    valid(errors)?;
    let now = state.now();
    let (items, next) = state
        .db()
        .call(move |conn| store::queue(conn, filter, after.map(|c| (c.at, c.id)), limit, now))
        .await?;
    Ok(Json(Page {
        items,
        next_cursor: next.map(|(at, id)| QueueCursor { at, id }.encode()),
    }))
}

/// `POST /api/v1/moderation/decisions`
pub async fn decision(
    State(state): State<AppState>,
    caller: Caller,
    bytes: Bytes,
) -> Result<Json<ModerationItem>, ApiError> {
    staff_only(&caller)?;
    let d = body::read::<ModerationDecision>(&bytes)?
        .check(ModerationDecision::validate)
        .finish()?;
    let now = state.now();
    let hub = state.hub().clone();
    let points = state.config().points.clone();
    let tz = state.config().tz_offset_minutes;
    let item = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            if d.target_kind == TargetKind::Topic {
                let item = decide_topic(&tx, &caller, &d, now)?;
                tx.commit()?;
                return Ok(item);
            }
            let row = match d.target_kind {
                TargetKind::Comment => store::row(&tx, &d.target_id)?,
                _ => None,
            }
            .ok_or_else(|| ApiError::NotFound(format!("There is no {} {:?}.", d.target_kind.as_str(), d.target_id)))?;
            let open = store::open_reports(&tx, TargetKind::Comment, &row.id)?;
            let next = decide(row.state, d.action, open).map_err(|m: Misfit| ApiError::Conflict(m.detail().into()))?;
            let reason = match d.action {
                ModerationAction::Hide => d.reason.clone(),
                _ => None,
            };
            tx.execute(
                "UPDATE comments SET state = ?1, held_for = NULL, held_at = NULL, moderation_reason = ?2 WHERE id = ?3",
                params![next.as_str(), reason, row.id],
            )?;
            tx.execute(
                "UPDATE reports SET settled = 1 WHERE target_kind = 'comment' AND target_id = ?1 AND settled = 0",
                params![row.id],
            )?;
            store::log(
                &tx,
                now,
                Some((&caller.user_id, &caller.display_name)),
                d.action.as_str(),
                Some((TargetKind::Comment, &row.id)),
                None,
                d.reason.as_deref(),
            )?;
            let on = store::target(&tx, row.target_kind, &row.target_id)?;
            match d.action {
                ModerationAction::Hide => {
                    let subject = on.as_ref().map_or("", |t| t.title.as_str());
                    let n = NewNotification::about(
                        row.author_id.clone(),
                        NotificationKind::CommentHidden,
                        subject,
                        reason.as_deref(),
                        on.as_ref().map_or_else(|| notify::link(None), |t| row.link_on(&t.link)),
                    );
                    notify::notify(&tx, &hub, &n, now)?;
                }
                // published for the first time: the replies' parties learn of it now
                ModerationAction::Approve if row.state == CommentState::Pending => {
                    if let (Some(t), Some(fresh)) = (&on, store::row(&tx, &row.id)?) {
                        tell_replied(&tx, &hub, &fresh, t, now)?;
                        crate::points::comment_published(&tx, &points, tz, &fresh, t, now)?;
                    }
                }
                _ => {}
            }
            let fresh = store::row(&tx, &row.id)?.ok_or_else(|| ApiError::Internal("a comment vanished".into()))?;
            let item = store::item(&tx, &fresh, now)?;
            tx.commit()?;
            Ok(item)
        })
        .await?;
    Ok(Json(item))
}

/// A decision on a topic: its status follows the moderation state (open = published,
/// pending, rejected = hidden).
fn decide_topic(
    tx: &crate::sql::Connection,
    caller: &Caller,
    d: &ModerationDecision,
    now: i64,
) -> Result<ModerationItem, ApiError> {
    let row = topics::row(tx, &d.target_id)?
        .ok_or_else(|| ApiError::NotFound(format!("There is no topic {:?}.", d.target_id)))?;
    let open = store::open_reports(tx, TargetKind::Topic, &row.id)?;
    let next = decide(topics::as_state(row.status), d.action, open)
        .map_err(|m: Misfit| ApiError::Conflict(m.detail().into()))?;
    let status = topics::from_state(next, row.status);
    let reason = match d.action {
        ModerationAction::Hide => d.reason.clone(),
        _ => None,
    };
    tx.execute(
        "UPDATE topics SET status = ?1, held_for = NULL, held_at = NULL, moderation_reason = ?2 WHERE id = ?3",
        params![status.as_str(), reason, row.id],
    )?;
    tx.execute(
        "UPDATE reports SET settled = 1 WHERE target_kind = 'topic' AND target_id = ?1 AND settled = 0",
        params![row.id],
    )?;
    store::log(
        tx,
        now,
        Some((&caller.user_id, &caller.display_name)),
        d.action.as_str(),
        Some((TargetKind::Topic, &row.id)),
        None,
        d.reason.as_deref(),
    )?;
    let fresh = topics::row(tx, &row.id)?.ok_or_else(|| ApiError::Internal("a topic vanished".into()))?;
    topics::item(tx, &fresh, now)
}

/// `POST /api/v1/moderation/suspensions`
pub async fn suspend(
    State(state): State<AppState>,
    caller: Caller,
    bytes: Bytes,
) -> Result<(StatusCode, Json<Suspension>), ApiError> {
    staff_only(&caller)?;
    let s = body::read::<NewSuspension>(&bytes)?
        .check(NewSuspension::validate)
        .finish()?;
    let now = state.now();
    let suspension = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            let roles: Option<String> = tx
                .query_row("SELECT roles FROM users WHERE id = ?1", params![s.user_id], |r| r.get(0))
                .optional()?;
            let roles = roles.ok_or_else(|| ApiError::NotFound(format!("There is no user {:?}.", s.user_id)))?;
            if parse_roles(&roles).contains(&Role::Staff) {
                return Err(ApiError::Forbidden("Staff cannot be suspended from posting.".into()));
            }
            let until = now + s.days * DAY;
            tx.execute(
                "INSERT INTO suspensions (user_id, until, reason, by_user, created_at) VALUES (?1, ?2, ?3, ?4, ?5) \
                 ON CONFLICT (user_id) DO UPDATE SET until = excluded.until, reason = excluded.reason, \
                 by_user = excluded.by_user, created_at = excluded.created_at",
                params![s.user_id, until, s.reason, caller.user_id, now],
            )?;
            store::log(
                &tx,
                now,
                Some((&caller.user_id, &caller.display_name)),
                "suspend",
                None,
                Some(&s.user_id),
                Some(&format!("{} 天：{}", s.days, s.reason)),
            )?;
            tx.commit()?;
            Ok(Suspension { user_id: s.user_id, until: rfc3339(until), reason: s.reason })
        })
        .await?;
    Ok((StatusCode::CREATED, Json(suspension)))
}

/// `GET /api/v1/moderation/log`
pub async fn log(
    State(state): State<AppState>,
    caller: Caller,
    pairs: QueryPairs,
) -> Result<Json<Page<ModerationLogEntry>>, ApiError> {
    staff_only(&caller)?;
    let mut errors = Vec::new();
    let before = cursor::<LogCursor>(
        pairs.one("cursor", &mut errors).as_deref(),
        |_| true,
        &mut errors,
    );
    let limit = limit(pairs.one("limit", &mut errors), &mut errors);
    valid(errors)?;
    let (items, next) = state
        .db()
        .call(move |conn| store::log_page(conn, before.map(|c| c.seq), limit))
        .await?;
    Ok(Json(Page {
        items,
        next_cursor: next.map(|seq| LogCursor { seq }.encode()),
    }))
}
