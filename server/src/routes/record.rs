//! `/deputies/{id}/record` (履职档案) and the attendance of events: staff record who attended,
//! deputies check in with the event's QR code during its window. The storage is
//! [`crate::training::record`].
//!
//! Who sees what: a deputy's record is public in the parts the deployment makes public
//! (`Config::record_public`); the deputy themself and staff see all of it. An event's
//! attendance and its check-in code are staff's; a deputy checks in only themself.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use contract::{check_in_window, Attendance, AttendanceKind, AttendanceRow, CheckIn, DutyRecord, Role};

use super::{body, IdPath};
use crate::auth::{Caller, MaybeCaller};
use crate::problem::ApiError;
use crate::training::record;
use crate::AppState;

/// The routes of this module (under [`contract::API_PREFIX`]).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/deputies/{id}/record", get(duty_record))
        .route("/events/{id}/attendance", get(attendance))
        .route("/events/{id}/attendance/{deputy_id}", put(attend).delete(unattend))
        .route("/events/{id}/check-ins", post(check_in))
}

fn tz_secs(state: &AppState) -> i64 {
    i64::from(state.config().tz_offset_minutes) * 60
}

fn no_event(id: &str) -> ApiError {
    ApiError::NotFound(format!("There is no event {id:?}."))
}

fn no_deputy(id: &str) -> ApiError {
    ApiError::NotFound(format!("There is no deputy {id:?}."))
}

fn staff(caller: &Caller) -> Result<(), ApiError> {
    caller.require_any(&[Role::Staff], "Only liaison-station staff record attendance.")
}

/// `GET /api/v1/deputies/{id}/record`
pub async fn duty_record(
    State(state): State<AppState>,
    caller: MaybeCaller,
    IdPath(id): IdPath,
) -> Result<Json<DutyRecord>, ApiError> {
    let full = caller.0.as_ref().is_some_and(|c| c.is(Role::Staff) || c.deputy_id.as_deref() == Some(id.as_str()));
    let public = state.config().record_public.clone();
    let now = state.now();
    let tz = tz_secs(&state);
    let r = state
        .db()
        .call(move |conn| record::record(conn, &id, full, &public, now, tz)?.ok_or_else(|| no_deputy(&id)))
        .await?;
    Ok(Json(r))
}

/// `GET /api/v1/events/{id}/attendance` (staff)
pub async fn attendance(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> Result<Json<Attendance>, ApiError> {
    staff(&caller)?;
    let a = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            let (starts, end) = record::event_times(&tx, &id)?.ok_or_else(|| no_event(&id))?;
            let code = record::check_in_code(&tx, &id)?;
            let a = record::attendance(&tx, &id, code, check_in_window(starts, end))?;
            tx.commit()?;
            Ok(a)
        })
        .await?;
    Ok(Json(a))
}

/// The two path parameters of `/events/{id}/attendance/{deputy_id}`.
#[derive(serde::Deserialize)]
pub struct EventDeputy {
    id: String,
    deputy_id: String,
}

/// `PUT /api/v1/events/{id}/attendance/{deputy_id}` (staff): the deputy attended.
pub async fn attend(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<axum::extract::Path<EventDeputy>, axum::extract::rejection::PathRejection>,
) -> Result<Json<AttendanceRow>, ApiError> {
    let EventDeputy { id, deputy_id } = path.map_err(|e| ApiError::BadRequest(e.body_text()))?.0;
    staff(&caller)?;
    let now = state.now();
    let row = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            record::event_times(&tx, &id)?.ok_or_else(|| no_event(&id))?;
            record::attendance_of(&tx, &id, &deputy_id)?.ok_or_else(|| no_deputy(&deputy_id))?;
            record::attend(&tx, &id, &deputy_id, AttendanceKind::Staff, &caller.user_id, now)?;
            let row = record::attendance_of(&tx, &id, &deputy_id)?.ok_or_else(|| no_deputy(&deputy_id))?;
            tx.commit()?;
            Ok(row)
        })
        .await?;
    Ok(Json(row))
}

/// `DELETE /api/v1/events/{id}/attendance/{deputy_id}` (staff): recorded by mistake.
pub async fn unattend(
    State(state): State<AppState>,
    caller: Caller,
    path: Result<axum::extract::Path<EventDeputy>, axum::extract::rejection::PathRejection>,
) -> Result<StatusCode, ApiError> {
    let EventDeputy { id, deputy_id } = path.map_err(|e| ApiError::BadRequest(e.body_text()))?.0;
    staff(&caller)?;
    state
        .db()
        .call(move |conn| {
            record::event_times(conn, &id)?.ok_or_else(|| no_event(&id))?;
            record::attendance_of(conn, &id, &deputy_id)?.ok_or_else(|| no_deputy(&deputy_id))?;
            record::unattend(conn, &id, &deputy_id)?;
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/events/{id}/check-ins` (a deputy): 201 checked in now, 200 already attended.
pub async fn check_in(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let c = body::read::<CheckIn>(&bytes)?.check(CheckIn::validate).finish()?;
    let deputy_id = caller
        .deputy_id
        .clone()
        .filter(|_| caller.is(Role::Deputy))
        .ok_or_else(|| ApiError::Forbidden("Only deputies check in to events.".into()))?;
    let now = state.now();
    let (row, new) = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            let (starts, end) = record::event_times(&tx, &id)?.ok_or_else(|| no_event(&id))?;
            // a wrong code is a field error, whether or not staff ever showed the QR
            if record::stored_code(&tx, &id)?.as_deref() != Some(c.code.as_str()) {
                return Err(ApiError::Validation(vec![contract::FieldError {
                    field: "code".into(),
                    code: "invalid".into(),
                    message: "this is not the check-in code of this event".into(),
                }]));
            }
            let (opens, closes) = check_in_window(starts, end);
            if now < opens || now > closes {
                return Err(ApiError::Conflict(format!(
                    "Check-in of this event is open from {} to {}.",
                    crate::clock::rfc3339(opens),
                    crate::clock::rfc3339(closes)
                )));
            }
            let new = record::attend(&tx, &id, &deputy_id, AttendanceKind::CheckIn, &caller.user_id, now)?;
            let row = record::attendance_of(&tx, &id, &deputy_id)?.ok_or_else(|| no_deputy(&deputy_id))?;
            tx.commit()?;
            Ok((row, new))
        })
        .await?;
    let status = if new { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(row)).into_response())
}
