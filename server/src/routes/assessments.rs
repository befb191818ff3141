//! `/training/tests`, `/training/attempts` and `/training/certificates`: 测评 (capability
//! tests), their attempts and results, and the viewer's certificates — deputies and staff only
//! (401 without a token, 403 for a citizen, before anything else is looked at); and
//! `/certificates/{code}` (and its PDF): public verification, no sign-in.
//!
//! Every handler of a signed-in user first submits that user's attempts whose time is up
//! ([`assess::settle_user`]), so an overdue attempt is never read or answered as if open.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use contract::{
    Attempt, AttemptAnswer, AttemptResult, CapabilityTest, Certificate, CertificateCheck, Page, Role, SavedAnswer,
    TestSummary, API_PREFIX,
};
use crate::sql::params;

use super::{body, cursor, limit, valid, IdPath, QueryPairs};
use crate::auth::Caller;
use crate::cursor::{Cursor, SeqCursor};
use crate::idempotency::Idempotent;
use crate::pdf;
use crate::problem::ApiError;
use crate::training::assess::{self, AttemptRow, TestRow};
use crate::training::rules;
use crate::AppState;

/// The routes of this module (under [`contract::API_PREFIX`]).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/training/tests", get(list))
        .route("/training/tests/{id}", get(get_test))
        .route("/training/tests/{id}/attempts", post(start))
        .route("/training/attempts/{id}", get(get_attempt))
        .route("/training/attempts/{id}/answers/{question_id}", put(save_answer))
        .route("/training/attempts/{id}/submit", post(submit))
        .route("/training/attempts/{id}/result", get(get_result))
        .route("/training/certificates", get(mine))
        .route("/certificates/{code}", get(check))
        .route("/certificates/{code}/pdf", get(pdf_of))
}

/// `SeqCursor::list` of the test list.
const TESTS: i64 = 4;

fn learner(caller: &Caller) -> Result<(), ApiError> {
    caller.require_any(&[Role::Deputy, Role::Staff], "测评 is for deputies and liaison-station staff.")
}

fn no_test(id: &str) -> ApiError {
    ApiError::NotFound(format!("There is no test {id:?}."))
}

fn no_attempt(id: &str) -> ApiError {
    ApiError::NotFound(format!("You have no attempt {id:?}."))
}

/// The caller's attempt `id` and its test (404 for anyone else's).
fn own_attempt(conn: &crate::sql::Connection, id: &str, user_id: &str) -> Result<(TestRow, AttemptRow), ApiError> {
    let a = assess::attempt_by_id(conn, id)?.filter(|a| a.user_id == user_id).ok_or_else(|| no_attempt(id))?;
    let t = assess::test_by_id(conn, &a.test_id)?.ok_or_else(|| no_attempt(id))?;
    Ok((t, a))
}

/// `GET /api/v1/training/tests`: in the order they were set.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    pairs: QueryPairs,
) -> Result<Json<Page<TestSummary>>, ApiError> {
    learner(&caller)?;
    let mut errors = Vec::new();
    let after = cursor::<SeqCursor>(pairs.one("cursor", &mut errors).as_deref(), |c| c.list == TESTS, &mut errors);
    let limit = limit(pairs.one("limit", &mut errors), &mut errors);
    valid(errors)?;
    let now = state.now();
    super::page(&state, move |conn| {
        let tx = conn.transaction()?;
        assess::settle_user(&tx, &caller.user_id, now)?;
        let rows = {
            let mut stmt = tx.prepare_cached(&format!(
                "SELECT {} FROM assessments t WHERE t.seq > ?1 ORDER BY t.seq LIMIT ?2",
                assess::TEST_COLUMNS
            ))?;
            let rows = stmt
                .query_map(params![after.map_or(0, |c| c.seq), i64::from(limit) + 1], assess::test_row)?
                .collect::<Result<Vec<_>, _>>()?;
            rows
        };
        let more = rows.len() > limit as usize;
        let rows = &rows[..rows.len().min(limit as usize)];
        let items = rows.iter().map(|t| assess::summary(&tx, t, &caller.user_id, now)).collect::<Result<Vec<_>, _>>()?;
        let next = if more { rows.last().map(|t| SeqCursor { list: TESTS, seq: t.seq }.encode()) } else { None };
        tx.commit()?;
        Ok((items, next))
    })
    .await
}

/// `GET /api/v1/training/tests/{id}`
pub async fn get_test(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> Result<Json<CapabilityTest>, ApiError> {
    learner(&caller)?;
    let now = state.now();
    let test = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            assess::settle_user(&tx, &caller.user_id, now)?;
            let t = assess::test_by_id(&tx, &id)?.ok_or_else(|| no_test(&id))?;
            let test = assess::test(&tx, &t, &caller.user_id, now)?;
            tx.commit()?;
            Ok(test)
        })
        .await?;
    Ok(Json(test))
}

/// `POST /api/v1/training/tests/{id}/attempts` (Idempotency-Key): 401 → 403 → 400 (the key) →
/// the stored answer of a repeat → 404 → the open attempt (200) → 409 (the rules) → 201.
pub async fn start(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    learner(&caller)?;
    let request = Idempotent::post(&headers, &format!("{API_PREFIX}/training/tests/{id}/attempts"), &bytes)?;
    let now = state.now();
    let (status, body) = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            if let Some(stored) = request.replay(&tx, &caller.user_id, now)? {
                return Ok((stored.status, stored.body));
            }
            assess::settle_user(&tx, &caller.user_id, now)?;
            let t = assess::test_by_id(&tx, &id)?.ok_or_else(|| no_test(&id))?;
            let (a, created) = assess::start(&tx, &t, &caller.user_id, now)?;
            let view = assess::attempt(&tx, &t, &a, now)?;
            let answer = if created {
                let stored = request.answer(&tx, &caller.user_id, &view, now)?;
                (stored.status, stored.body)
            } else {
                (200, serde_json::to_string(&view)?)
            };
            tx.commit()?;
            Ok(answer)
        })
        .await?;
    let attempt_id = serde_json::from_str::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v["id"].as_str().map(str::to_owned))
        .unwrap_or_default();
    let mut res = (StatusCode::from_u16(status).unwrap_or(StatusCode::OK), body).into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if let Ok(l) = HeaderValue::from_str(&format!("{API_PREFIX}/training/attempts/{attempt_id}")) {
        res.headers_mut().insert(header::LOCATION, l);
    }
    Ok(res)
}

/// `GET /api/v1/training/attempts/{id}`
pub async fn get_attempt(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> Result<Json<Attempt>, ApiError> {
    learner(&caller)?;
    let now = state.now();
    let attempt = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            assess::settle_user(&tx, &caller.user_id, now)?;
            let (t, a) = own_attempt(&tx, &id, &caller.user_id)?;
            let view = assess::attempt(&tx, &t, &a, now)?;
            tx.commit()?;
            Ok(view)
        })
        .await?;
    Ok(Json(attempt))
}

/// `PUT /api/v1/training/attempts/{id}/answers/{question_id}`: 401 → 403 → 400 (the body) →
/// 404 (attempt) → 409 (submitted, time up) → 404 (question) → 400 (options) → 200.
pub async fn save_answer(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, question_id)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Json<SavedAnswer>, ApiError> {
    learner(&caller)?;
    let a = body::read::<AttemptAnswer>(&bytes)?.check(AttemptAnswer::validate).finish()?;
    let now = state.now();
    let saved = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            let settled = assess::settle_user(&tx, &caller.user_id, now)?;
            if settled > 0 {
                // the attempt may just have been submitted: keep that even though this answer is refused
                tx.commit()?;
                let tx = conn.transaction()?;
                let (t, at) = own_attempt(&tx, &id, &caller.user_id)?;
                return assess::save(&tx, &t, &at, &question_id, &a.option_ids, now);
            }
            let (t, at) = own_attempt(&tx, &id, &caller.user_id)?;
            let saved = assess::save(&tx, &t, &at, &question_id, &a.option_ids, now)?;
            tx.commit()?;
            Ok(saved)
        })
        .await?;
    Ok(Json(saved))
}

/// `POST /api/v1/training/attempts/{id}/submit`: idempotent — the result again once submitted.
pub async fn submit(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> Result<Json<AttemptResult>, ApiError> {
    learner(&caller)?;
    let now = state.now();
    let result = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            assess::settle_user(&tx, &caller.user_id, now)?;
            let (t, a) = own_attempt(&tx, &id, &caller.user_id)?;
            let a = assess::finish(&tx, &t, &a, now, false, &mut assess::os_random)?;
            let result = assess::result(&tx, &t, &a)?;
            tx.commit()?;
            Ok(result)
        })
        .await?;
    Ok(Json(result))
}

/// `GET /api/v1/training/attempts/{id}/result`: the holder, or staff.
pub async fn get_result(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> Result<Json<AttemptResult>, ApiError> {
    learner(&caller)?;
    let now = state.now();
    let staff = caller.roles.contains(&Role::Staff);
    let result = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            let a = assess::attempt_by_id(&tx, &id)?
                .filter(|a| staff || a.user_id == caller.user_id)
                .ok_or_else(|| no_attempt(&id))?;
            // the holder's overdue attempts (this one too) are submitted before it is read
            assess::settle_user(&tx, &a.user_id, now)?;
            let a = assess::attempt_by_id(&tx, &id)?.ok_or_else(|| no_attempt(&id))?;
            let t = assess::test_by_id(&tx, &a.test_id)?.ok_or_else(|| no_attempt(&id))?;
            let result = assess::result(&tx, &t, &a)?;
            tx.commit()?;
            Ok(result)
        })
        .await?;
    Ok(Json(result))
}

/// `GET /api/v1/training/certificates`: the caller's, newest first, as one page.
pub async fn mine(State(state): State<AppState>, caller: Caller) -> Result<Json<Page<Certificate>>, ApiError> {
    learner(&caller)?;
    let now = state.now();
    super::page(&state, move |conn| {
        let tx = conn.transaction()?;
        assess::settle_user(&tx, &caller.user_id, now)?;
        let items = assess::certificates_of(&tx, &caller.user_id)?.iter().map(|c| c.certificate()).collect();
        tx.commit()?;
        Ok((items, None))
    })
    .await
}

fn certificate_code(typed: &str) -> Result<String, ApiError> {
    rules::normalize_code(typed).ok_or_else(|| {
        ApiError::Validation(vec![contract::rules::error(
            "code",
            contract::rules::INVALID,
            "This is not a certificate code: check each character (10 letters and digits, no 0, 1, I, L, O or U).",
        )])
    })
}

fn no_certificate() -> ApiError {
    ApiError::NotFound("No certificate has this code.".into())
}

/// `GET /api/v1/certificates/{code}`: public.
pub async fn check(State(state): State<AppState>, IdPath(typed): IdPath) -> Result<Json<CertificateCheck>, ApiError> {
    let code = certificate_code(&typed)?;
    let issuer = state.config().name.clone();
    let row = state.db().call(move |conn| assess::certificate_by_code(conn, &code)).await?.ok_or_else(no_certificate)?;
    Ok(Json(row.check(&issuer)))
}

/// `GET /api/v1/certificates/{code}/pdf`: public, as the check.
pub async fn pdf_of(State(state): State<AppState>, IdPath(typed): IdPath) -> Result<Response, ApiError> {
    let code = certificate_code(&typed)?;
    let issuer = state.config().name.clone();
    let tz = i64::from(state.config().tz_offset_minutes) * 60;
    let row = state.db().call(move |conn| assess::certificate_by_code(conn, &code)).await?.ok_or_else(no_certificate)?;
    let lines = row.pdf_lines(if issuer.is_empty() { "掌上人大" } else { &issuer }, tz, &state.config().base_path);
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let mut res = pdf::document(&lines).into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    if let Ok(d) = HeaderValue::from_str(&format!("inline; filename=\"certificate-{}.pdf\"", row.code)) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, d);
    }
    Ok(res)
}
