//! `/events`.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use contract::{Event, EventQuery, EventStatus, EventSummary, Page};

use super::{bad_cursor, invalid, limit, IdPath, QueryPairs};
use crate::cursor::{valid_id, Cursor, EventCursor};
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
    let status = match q.status.as_deref() {
        None => None,
        Some(s) => {
            let parsed = EventStatus::parse(s);
            if parsed.is_none() {
                errors.push(invalid(
                    "status",
                    "status must be one of upcoming, ongoing, past",
                ));
            }
            parsed
        }
    };
    let after = match q.cursor.as_deref() {
        None => None,
        Some(c) => {
            let parsed = EventCursor::decode(c).filter(|c| match status {
                None => true,
                Some(EventStatus::Past) => c.group == 1,
                Some(_) => c.group == 0,
            });
            if parsed.is_none() {
                errors.push(bad_cursor());
            }
            parsed
        }
    };
    let limit = limit(q.limit, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let filter = EventFilter {
        status,
        after,
        limit,
        now: state.now(),
    };
    let (items, next_cursor) = state
        .db()
        .call(move |conn| db::list_events(conn, &filter))
        .await?;
    Ok(Json(Page { items, next_cursor }))
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
        .call(move |conn| db::get_event(conn, &key, now))
        .await?
    {
        Some(event) => Ok(Json(event)),
        None => Err(not_found()),
    }
}
