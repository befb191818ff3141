//! Stations, deputies, departments (public).

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use contract::{
    Department, Deputy, DeputySummary, FieldError, HandlerKind, Page, Station, MAX_QUERY_CHARS,
};

use super::{cursor, field_error, invalid, limit, read_page, read_whole, valid, IdPath, QueryPairs};
use crate::cursor::{valid_id, DeputyCursor, DeputyGroupCursor};
use crate::people::{self, DeputyFilter};
use crate::problem::ApiError;
use crate::stats;
use crate::AppState;

/// The routes of this module (under [`contract::API_PREFIX`]).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/stations", get(list_stations))
        .route("/stations/{id}", get(get_station))
        .route("/deputies", get(list_deputies))
        .route("/deputies/{id}", get(get_deputy))
        .route("/deputies/by-code/{code}", get(get_deputy_by_code))
        .route("/departments", get(list_departments))
}

/// `GET /api/v1/stations`
pub async fn list_stations(State(state): State<AppState>) -> Result<Json<Page<Station>>, ApiError> {
    read_whole(&state, |conn| Ok(people::list_stations(conn)?)).await
}

/// `GET /api/v1/stations/{id}`
pub async fn get_station(
    State(state): State<AppState>,
    IdPath(id): IdPath,
) -> Result<Json<Station>, ApiError> {
    let missing = || ApiError::NotFound("There is no liaison station with this id.".into());
    if !valid_id(&id) {
        return Err(missing());
    }
    state
        .db()
        .read(move |conn| Ok(people::get_station(conn, &id)?))
        .await?
        .map(Json)
        .ok_or_else(missing)
}

/// `GET /api/v1/departments`
pub async fn list_departments(
    State(state): State<AppState>,
) -> Result<Json<Page<Department>>, ApiError> {
    read_whole(&state, |conn| Ok(people::list_departments(conn)?)).await
}

/// Validates the query of `GET /deputies`; `searchable` is false when `q` has no term.
fn deputy_filter(pairs: &QueryPairs) -> Result<(DeputyFilter, bool), ApiError> {
    let mut errors: Vec<FieldError> = Vec::new();
    let station = pairs.one("station", &mut errors);
    let q = pairs.one("q", &mut errors);
    let first_station = pairs.one("first_station", &mut errors);
    let raw_cursor = pairs.one("cursor", &mut errors);
    let raw_limit = pairs.one("limit", &mut errors);
    let station = match station {
        Some(s) if s.trim().is_empty() || s.chars().count() > 64 => {
            errors.push(invalid(
                "station",
                "station must be a station id from /stations",
            ));
            None
        }
        other => other,
    };
    let mut terms = Vec::new();
    let mut searchable = true;
    match q.as_deref().map(str::trim) {
        None => {}
        Some("") => errors.push(field_error(
            "q",
            "too_short",
            "the search text must not be empty",
        )),
        Some(text) if text.chars().count() > MAX_QUERY_CHARS => errors.push(field_error(
            "q",
            "too_long",
            format!("the search text must be at most {MAX_QUERY_CHARS} characters"),
        )),
        Some(text) => {
            terms = people::search_terms(text);
            searchable = !terms.is_empty();
        }
    }
    let first_station = match first_station {
        Some(s) if s.trim().is_empty() || s.chars().count() > 64 => {
            errors.push(invalid(
                "first_station",
                "first_station must be a station id from /stations",
            ));
            None
        }
        // (ignored with `station`: every deputy listed is of that station)
        other => other.filter(|_| station.is_none()),
    };
    // With `first_station` the walk goes through two groups: its cursors say which.
    let (after, grouped_after) = if first_station.is_some() {
        let c = cursor::<DeputyGroupCursor>(raw_cursor.as_deref(), |_| true, &mut errors);
        (None, c)
    } else {
        let c = cursor::<DeputyCursor>(raw_cursor.as_deref(), |_| true, &mut errors);
        (c, None)
    };
    let limit = limit(raw_limit, &mut errors);
    valid(errors)?;
    Ok((
        DeputyFilter {
            station,
            terms,
            first_station,
            after,
            grouped_after,
            limit,
        },
        searchable,
    ))
}

/// `GET /api/v1/deputies?station=&q=&first_station=&cursor=&limit=`
pub async fn list_deputies(
    State(state): State<AppState>,
    pairs: QueryPairs,
) -> Result<Json<Page<DeputySummary>>, ApiError> {
    let (filter, searchable) = deputy_filter(&pairs)?;
    if !searchable {
        return Ok(Json(Page::default()));
    }
    read_page(&state, move |conn| people::list_deputies(conn, &filter)).await
}

async fn deputy(
    state: &AppState,
    id: Option<String>,
    code: Option<String>,
) -> Result<Json<Deputy>, ApiError> {
    let now = state.now();
    let found = state
        .db()
        .read(move |conn| {
            let Some(mut d) = people::get_deputy(conn, id.as_deref(), code.as_deref())? else {
                return Ok(None);
            };
            d.stats = stats::responsiveness(conn, HandlerKind::Deputy, &d.id, now)?;
            Ok(Some(d))
        })
        .await?;
    found
        .map(Json)
        .ok_or_else(|| ApiError::NotFound("There is no deputy with this id or code.".into()))
}

/// `GET /api/v1/deputies/{id}`
pub async fn get_deputy(
    State(state): State<AppState>,
    IdPath(id): IdPath,
) -> Result<Json<Deputy>, ApiError> {
    if !valid_id(&id) {
        return Err(ApiError::NotFound(
            "There is no deputy with this id.".into(),
        ));
    }
    deputy(&state, Some(id), None).await
}

/// Whether a string has the shape of a deputy code (letters and digits, 1–32).
pub fn valid_code(code: &str) -> bool {
    !code.is_empty() && code.len() <= 32 && code.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// `GET /api/v1/deputies/by-code/{code}` (case-insensitive)
pub async fn get_deputy_by_code(
    State(state): State<AppState>,
    IdPath(code): IdPath,
) -> Result<Json<Deputy>, ApiError> {
    if !valid_code(&code) {
        return Err(ApiError::NotFound("No deputy has this code.".into()));
    }
    deputy(&state, None, Some(code)).await
}
