//! `/training/assignments`, `/training/report` and `/training/reminders`: staff assign courses
//! of 履职学堂 to deputies, see everyone's training as a table (and CSV), and remind those
//! behind. Staff only. The rules are in [`crate::training::assign`].
//!
//! Order of answers for a write: 401 → 400 (a missing `Idempotency-Key`, invalid fields) →
//! the stored answer of a repeated request → 403 (not staff) → 400 again for a course, station
//! or deputy that does not exist (as field errors).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use contract::{
    Assignment, NewAssignment, NewReminder, Page, Role, TrainingReport, API_PREFIX,
};
use crate::sql::params;

use super::{body, cursor, limit, valid, QueryPairs};
use crate::auth::Caller;
use crate::cursor::{Cursor, SeqCursor};
use crate::idempotency::Idempotent;
use crate::problem::ApiError;
use crate::training::assign;
use crate::AppState;

/// The routes of this module (under [`contract::API_PREFIX`]).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/training/assignments", get(list).post(create))
        .route("/training/report", get(report))
        .route("/training/report.csv", get(report_csv))
        .route("/training/reminders", post(remind))
}

/// `SeqCursor::list` of the assignment list.
const ASSIGNMENTS: i64 = 6;

fn staff(caller: &Caller) -> Result<(), ApiError> {
    caller.require_any(&[Role::Staff], "Only liaison-station staff assign courses and see the training report.")
}

fn tz_secs(state: &AppState) -> i64 {
    i64::from(state.config().tz_offset_minutes) * 60
}

/// `GET /api/v1/training/assignments` (staff): newest first.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    pairs: QueryPairs,
) -> Result<Json<Page<Assignment>>, ApiError> {
    staff(&caller)?;
    let mut errors = Vec::new();
    let before = cursor::<SeqCursor>(pairs.one("cursor", &mut errors).as_deref(), |c| c.list == ASSIGNMENTS, &mut errors);
    let limit = limit(pairs.one("limit", &mut errors), &mut errors);
    valid(errors)?;
    let (items, next) = state.db().call(move |conn| assign::page(conn, before.map(|c| c.seq), limit)).await?;
    Ok(Json(Page { items, next_cursor: next.map(|seq| SeqCursor { list: ASSIGNMENTS, seq }.encode()) }))
}

/// `POST /api/v1/training/assignments` (staff; Idempotency-Key)
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let request = Idempotent::post(&headers, &format!("{API_PREFIX}/training/assignments"), &bytes)?;
    let now = state.now();
    let mut checked = body::read::<NewAssignment>(&bytes)?.check(|a| a.validate(now));
    let tz = tz_secs(&state);
    let hub = state.hub().clone();
    let answer = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            if let Some(stored) = request.replay(&tx, &caller.user_id, now)? {
                return Ok(stored);
            }
            staff(&caller)?;
            let mut title = None;
            if checked.ok("course_id") {
                title = tx
                    .query_row("SELECT title FROM courses WHERE id = ?1", params![checked.raw.course_id], |r| r.get::<_, String>(0))
                    .map(Some)
                    .or_else(|e| if e == crate::sql::Error::QueryReturnedNoRows { Ok(None) } else { Err(e) })?;
                if title.is_none() {
                    checked.reject(super::invalid("course_id", format!("{:?} is not a course", checked.raw.course_id)));
                }
            }
            let mut deputies = Vec::new();
            if checked.ok("audience") && checked.ok("station_id") && checked.ok("deputy_ids") {
                match assign::audience(&tx, &checked.raw)? {
                    Ok(ids) => deputies = ids,
                    Err(e) => checked.reject(e),
                }
            }
            let a = checked.finish()?;
            let title = title.unwrap_or_default();
            let id = assign::create(&tx, &hub, &a, &title, &deputies, &caller.user_id, now, tz)?;
            let made = assign::one(&tx, &id)?.ok_or_else(|| ApiError::Internal("an assignment just made is gone".into()))?;
            let stored = request.answer(&tx, &caller.user_id, &made, now)?;
            tx.commit()?;
            Ok(stored)
        })
        .await?;
    Ok(answer.into_response())
}

/// The `station` of a report's query (400 when it is not an id).
fn station_of(pairs: &QueryPairs) -> Result<Option<String>, ApiError> {
    let mut errors = Vec::new();
    let station = pairs.one("station", &mut errors);
    if let Some(s) = &station {
        if let Err(e) = contract::rules::id("station", s) {
            errors.push(e);
        }
    }
    valid(errors)?;
    Ok(station)
}

/// `GET /api/v1/training/report` (staff)
pub async fn report(
    State(state): State<AppState>,
    caller: Caller,
    pairs: QueryPairs,
) -> Result<Json<TrainingReport>, ApiError> {
    staff(&caller)?;
    let station = station_of(&pairs)?;
    let now = state.now();
    let tz = tz_secs(&state);
    Ok(Json(state.db().call(move |conn| assign::report(conn, station.as_deref(), now, tz)).await?))
}

/// `GET /api/v1/training/report.csv` (staff): the same as a spreadsheet file.
pub async fn report_csv(
    State(state): State<AppState>,
    caller: Caller,
    pairs: QueryPairs,
) -> Result<Response, ApiError> {
    staff(&caller)?;
    let station = station_of(&pairs)?;
    let now = state.now();
    let tz = tz_secs(&state);
    let report = state.db().call(move |conn| assign::report(conn, station.as_deref(), now, tz)).await?;
    let mut response = assign::csv(&report).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"training-report.csv\""));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// `POST /api/v1/training/reminders` (staff; Idempotency-Key)
pub async fn remind(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let request = Idempotent::post(&headers, &format!("{API_PREFIX}/training/reminders"), &bytes)?;
    let r = body::read::<NewReminder>(&bytes)?.check(NewReminder::validate).finish()?;
    let now = state.now();
    let tz = tz_secs(&state);
    let hub = state.hub().clone();
    let answer = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            if let Some(stored) = request.replay(&tx, &caller.user_id, now)? {
                return Ok(stored);
            }
            staff(&caller)?;
            let sent = assign::remind(&tx, &hub, &r.deputy_ids, &caller.user_id, now, tz)?;
            let stored = request.answer(&tx, &caller.user_id, &sent, now)?;
            tx.commit()?;
            Ok(stored)
        })
        .await?;
    Ok(answer.into_response())
}
