//! Messages and their handling: `/message-categories`, `/messages…`, `/board`, `/inbox`,
//! `/triage`, `/responsiveness`.
//!
//! Order of answers for a write: 401 (not signed in) → 400 for a missing `Idempotency-Key`
//! or a body that is not a JSON object → the stored answer of a repeated idempotent
//! request → 404 (no such message, or not visible) → 403 (not this caller's to do) → 400
//! (invalid fields, all at once) → 409 (stale `version`, or not possible in the message's
//! state) → 429 (rate limits, counted only for what is created). Every change happens in
//! one transaction on the one connection, so concurrent requests cannot interleave.
//!
//! The writes on a message are `actions`, run by one `pipeline` that keeps that order.

mod actions;
mod pipeline;

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use contract::{
    HandlerKind, Message, MessageCategory, MessageSummary, MyMessagesSummary, Page, ResponsivenessRow,
    ResponsivenessTable, Role, WorkSummary,
};

use self::actions::{
    create, plan_step_done, post as act, AddPlanStep, FollowUp, HandOver, Note, Rate, Reopen, Reply,
    SetStatus, Triage,
};
use self::pipeline::{load_visible, viewer};
use super::{cursor, invalid, limit, page, parsed, read_whole, valid, IdPath, QueryPairs};
use crate::auth::{Caller, MaybeCaller};
use crate::clock::rfc3339;
use crate::cursor::MessageCursor;
use crate::messages::{self, ListFilter, ListKind, StatusFilter};
use crate::problem::ApiError;
use crate::{stats, AppState};

/// The routes of this module (under [`contract::API_PREFIX`]).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/responsiveness", get(responsiveness))
        .route("/message-categories", get(categories))
        .route("/messages", post(create))
        .route("/messages/mine", get(mine))
        .route("/messages/mine/summary", get(mine_summary))
        .route("/messages/{id}", get(get_one))
        .route("/board", get(board))
        .route("/inbox", get(inbox))
        .route("/triage", get(triage_queue))
        .route("/work/summary", get(work_summary))
        .route("/messages/{id}/triage", post(act::<Triage>))
        .route("/messages/{id}/replies", post(act::<Reply>))
        .route("/messages/{id}/follow-ups", post(act::<FollowUp>))
        .route("/messages/{id}/notes", post(act::<Note>))
        .route("/messages/{id}/status", post(act::<SetStatus>))
        .route("/messages/{id}/plan", post(act::<AddPlanStep>))
        .route("/messages/{id}/plan/{step_id}/done", post(plan_step_done))
        .route("/messages/{id}/hand-over", post(act::<HandOver>))
        .route("/messages/{id}/rating", post(act::<Rate>))
        .route("/messages/{id}/reopen", post(act::<Reopen>))
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

/// `GET /api/v1/message-categories`
pub async fn categories(
    State(state): State<AppState>,
) -> Result<Json<Page<MessageCategory>>, ApiError> {
    read_whole(&state, messages::categories).await
}

/// `GET /api/v1/messages/{id}`
pub async fn get_one(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    IdPath(id): IdPath,
) -> Result<Json<Message>, ApiError> {
    let now = state.now();
    let message = state
        .db()
        .call(move |conn| {
            let v = caller.as_ref().map(viewer);
            let row = load_visible(conn, &id, v.as_ref())?;
            messages::view(conn, &row, v.as_ref(), now)
        })
        .await?;
    Ok(Json(message))
}

/// Validates the query of a list.
fn list_filter(pairs: &QueryPairs, kind: ListKind, now: i64) -> Result<ListFilter, ApiError> {
    let mut errors = Vec::new();
    let status_raw = pairs.one("status", &mut errors);
    let category_raw = pairs.one("category", &mut errors);
    let cursor_raw = pairs.one("cursor", &mut errors);
    let limit_raw = pairs.one("limit", &mut errors);
    let statuses = "status must be open, submitted, accepted, assigned, in_progress, replied, \
                    resolved, closed or reopened (todo: in /inbox and /triage)";
    let queue = matches!(kind, ListKind::Inbox { .. } | ListKind::Triage);
    // what needs the caller: only a handler's lists have it
    let parse: fn(&str) -> Option<StatusFilter> = if queue {
        StatusFilter::parse
    } else {
        |raw: &str| StatusFilter::parse(raw).filter(|s| *s != StatusFilter::Todo)
    };
    let status = parsed(
        status_raw.as_deref(),
        "status",
        statuses,
        parse,
        &mut errors,
    );
    let category = match category_raw {
        Some(c) if c.is_empty() || c.chars().count() > 64 => {
            errors.push(invalid(
                "category",
                "category must be a category id from /message-categories",
            ));
            None
        }
        other => other,
    };
    let fits = |c: &MessageCursor| messages::cursor_fits(&kind, c);
    let after = cursor(cursor_raw.as_deref(), fits, &mut errors);
    let limit = limit(limit_raw, &mut errors);
    valid(errors)?;
    Ok(ListFilter {
        kind,
        status,
        category,
        after,
        limit,
        now,
    })
}

async fn list_for(
    state: &AppState,
    caller: Option<Caller>,
    filter: ListFilter,
) -> Result<Json<Page<MessageSummary>>, ApiError> {
    page(state, move |conn| {
        let v = caller.as_ref().map(viewer);
        messages::list(conn, &filter, v.as_ref())
    })
    .await
}

/// `GET /api/v1/messages/mine`
pub async fn mine(
    State(state): State<AppState>,
    caller: Caller,
    pairs: QueryPairs,
) -> Result<Json<Page<MessageSummary>>, ApiError> {
    let kind = ListKind::Mine {
        user_id: caller.user_id.clone(),
    };
    let filter = list_filter(&pairs, kind, state.now())?;
    list_for(&state, Some(caller), filter).await
}

/// `GET /api/v1/messages/mine/summary`
pub async fn mine_summary(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<MyMessagesSummary>, ApiError> {
    let user = caller.user_id.clone();
    let summary = state
        .db()
        .call(move |conn| messages::summary_of_author(conn, &user))
        .await?;
    Ok(Json(summary))
}

/// `GET /api/v1/board`
pub async fn board(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    pairs: QueryPairs,
) -> Result<Json<Page<MessageSummary>>, ApiError> {
    let filter = list_filter(&pairs, ListKind::Board, state.now())?;
    list_for(&state, caller, filter).await
}

/// `GET /api/v1/inbox`
pub async fn inbox(
    State(state): State<AppState>,
    caller: Caller,
    pairs: QueryPairs,
) -> Result<Json<Page<MessageSummary>>, ApiError> {
    if !caller.is(Role::Deputy) && !caller.is(Role::Staff) {
        return Err(ApiError::Forbidden(
            "The inbox is for deputies and liaison-station staff.".into(),
        ));
    }
    let kind = ListKind::Inbox {
        deputy_id: caller.deputy_id.clone().filter(|_| caller.is(Role::Deputy)),
        departments: caller.is(Role::Staff),
    };
    let filter = list_filter(&pairs, kind, state.now())?;
    list_for(&state, Some(caller), filter).await
}

/// `GET /api/v1/triage`
pub async fn triage_queue(
    State(state): State<AppState>,
    caller: Caller,
    pairs: QueryPairs,
) -> Result<Json<Page<MessageSummary>>, ApiError> {
    if !caller.is(Role::Staff) {
        return Err(ApiError::Forbidden(
            "The triage queue is for liaison-station staff.".into(),
        ));
    }
    let filter = list_filter(&pairs, ListKind::Triage, state.now())?;
    list_for(&state, Some(caller), filter).await
}

/// `GET /api/v1/work/summary` (deputies and staff)
pub async fn work_summary(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<WorkSummary>, ApiError> {
    if !caller.is(Role::Deputy) && !caller.is(Role::Staff) {
        return Err(ApiError::Forbidden(
            "The workspace is for deputies and liaison-station staff.".into(),
        ));
    }
    let now = state.now();
    let deputy_id = caller.deputy_id.clone().filter(|_| caller.is(Role::Deputy));
    let staff = caller.is(Role::Staff);
    let summary = state
        .db()
        .call(move |conn| messages::work_summary(conn, deputy_id.as_deref(), staff, now))
        .await?;
    Ok(Json(summary))
}

/// `GET /api/v1/responsiveness`
///
/// Public, and its figures cost a few queries per deputy and department: the table is kept
/// and answered again until the messages change (or a deadline passes), so that refreshing it
/// — by anyone, any number of times — costs one small query.
pub async fn responsiveness(
    State(state): State<AppState>,
) -> Result<Json<ResponsivenessTable>, ApiError> {
    let now = state.now();
    let cache_state = state.clone();
    let table = state
        .db()
        .call(move |conn| {
            let fingerprint = stats::fingerprint(conn)?;
            {
                let cache = cache_state.responsiveness_cache().lock().unwrap_or_else(|p| p.into_inner());
                if let Some(c) = cache.as_ref().filter(|c| c.fresh(&fingerprint, now)) {
                    return Ok(c.table.clone());
                }
            }
            let until = stats::next_deadline(conn, now)?;
            let rows_of =
                |sql: &str, kind: HandlerKind| -> Result<Vec<ResponsivenessRow>, ApiError> {
                    let mut stmt = conn.prepare(sql)?;
                    let people = stmt
                        .query_map((), |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
                        .collect::<Result<Vec<_>, _>>()?;
                    let mut rows = Vec::with_capacity(people.len());
                    for (id, name) in people {
                        let stats = stats::responsiveness(conn, kind, &id, now)?;
                        rows.push(ResponsivenessRow {
                            id,
                            kind,
                            name,
                            stats,
                        });
                    }
                    rows.sort_by(|a, b| {
                        let ra = a.stats.reply_rate.unwrap_or(-1.0);
                        let rb = b.stats.reply_rate.unwrap_or(-1.0);
                        rb.total_cmp(&ra).then_with(|| a.name.cmp(&b.name))
                    });
                    Ok(rows)
                };
            let deputies = rows_of(
                "SELECT id, name FROM deputies ORDER BY position, id",
                HandlerKind::Deputy,
            )?;
            let departments = rows_of(
                "SELECT id, name FROM departments ORDER BY position, id",
                HandlerKind::Department,
            )?;
            let table = ResponsivenessTable {
                deputies,
                departments,
                generated_at: rfc3339(now),
            };
            *cache_state.responsiveness_cache().lock().unwrap_or_else(|p| p.into_inner()) =
                Some(stats::CachedTable { fingerprint, until, at: now, table: table.clone() });
            Ok(table)
        })
        .await?;
    Ok(Json(table))
}
