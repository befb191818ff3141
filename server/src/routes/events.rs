//! `/events`.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use contract::{Event, EventQuery, EventStatus, EventSummary, Page};

use super::{cursor, limit, parsed, read_page, valid, IdPath, QueryPairs};
use crate::cursor::{valid_id, EventCursor};
use crate::db::{self, EventFilter};
use crate::problem::ApiError;
use crate::AppState;

/// The routes of this module (under [`contract::API_PREFIX`]).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/events", get(list))
        .route("/events/{id}", get(get_one))
}

/// `GET /api/v1/events`
pub async fn list(
    State(state): State<AppState>,
    pairs: QueryPairs,
) -> Result<Json<Page<EventSummary>>, ApiError> {
    let mut errors = Vec::new();
    let q = EventQuery {
        status: pairs.one("status", &mut errors),
        cursor: pairs.one("cursor", &mut errors),
        limit: pairs.one("limit", &mut errors),
    };
    let statuses = "status must be one of upcoming, ongoing, past";
    let status = parsed(
        q.status.as_deref(),
        "status",
        statuses,
        EventStatus::parse,
        &mut errors,
    );
    // a cursor of the group the status asks for
    let fits = |c: &EventCursor| match status {
        None => true,
        Some(EventStatus::Past) => c.group == 1,
        Some(_) => c.group == 0,
    };
    let after = cursor(q.cursor.as_deref(), fits, &mut errors);
    let limit = limit(q.limit, &mut errors);
    valid(errors)?;
    let filter = EventFilter {
        status,
        after,
        limit,
        now: state.now(),
    };
    read_page(&state, move |conn| db::list_events(conn, &filter)).await
}

/// `GET /api/v1/events/{id}`
pub async fn get_one(
    State(state): State<AppState>,
    IdPath(id): IdPath,
) -> Result<Json<Event>, ApiError> {
    let not_found = || ApiError::NotFound(format!("There is no event with id {id:?}."));
    if !valid_id(&id) {
        return Err(not_found());
    }
    let key = id.clone();
    let now = state.now();
    match state
        .db()
        .read(move |conn| db::get_event(conn, &key, now))
        .await?
    {
        Some(event) => Ok(Json(event)),
        None => Err(not_found()),
    }
}
