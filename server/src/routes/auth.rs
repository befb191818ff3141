//! Sign-in by phone and one-time code; sessions; `GET /me`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use contract::{CodeRequest, CodeSent, Role, Session, SignIn, User};
use rusqlite::{params, Connection, OptionalExtension};

use super::{field_error, parse_json};
use crate::auth::{self, Caller};
use crate::clock::{rfc3339, DAY, HOUR};
use crate::problem::ApiError;
use crate::rate;
use crate::AppState;

/// The routes of this module (under [`contract::API_PREFIX`]).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/codes", post(request_code))
        .route("/auth/sessions", post(sign_in))
        .route("/auth/session", delete(sign_out))
        .route("/me", get(me))
}

/// A code works this long.
pub const CODE_VALID_SECS: i64 = 5 * 60;
/// Wrong codes allowed per code; then it is void.
pub const MAX_CODE_ATTEMPTS: i64 = 5;

/// `POST /api/v1/auth/codes`
pub async fn request_code(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let req: CodeRequest = parse_json(&body)?;
    let CodeRequest { phone } = req.validate().map_err(ApiError::Validation)?;
    let now = state.now();
    let limits = state.config().limits.clone();
    let code = auth::new_code()?;
    let hash = auth::hash_secret(&code);
    let phone2 = phone.clone();
    state
        .db()
        .call(move |conn| {
            let interval = format!("code-interval:{phone2}");
            let hourly = format!("code-hour:{phone2}");
            let wait = [
                rate::retry_after(conn, &interval, 1, limits.code_interval_secs, now)?,
                rate::retry_after(conn, &hourly, limits.codes_per_hour, HOUR, now)?,
            ]
            .into_iter()
            .flatten()
            .max();
            if let Some(secs) = wait {
                return Err(ApiError::RateLimited {
                    retry_after_secs: secs,
                    detail: format!(
                        "Too many codes requested for this phone; try again in {secs} seconds."
                    ),
                });
            }
            rate::record(conn, &interval, limits.code_interval_secs, now)?;
            rate::record(conn, &hourly, HOUR, now)?;
            let tx = conn.transaction()?;
            // only the newest code of a phone works
            tx.execute(
                "UPDATE sms_codes SET used = 1 WHERE phone = ?1 AND used = 0",
                params![phone2],
            )?;
            tx.execute(
                "INSERT INTO sms_codes (phone, code_hash, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
                params![phone2, hash, now, now + CODE_VALID_SECS],
            )?;
            tx.commit()?;
            Ok(())
        })
        .await?;
    // There is no SMS gateway in the reference server: the code goes to the log.
    tracing::info!("sign-in code for {phone}: {code} (valid 5 minutes; no SMS gateway)");
    let answer = CodeSent {
        expires_at: rfc3339(now + CODE_VALID_SECS),
        resend_after_seconds: u32::try_from(state.config().limits.code_interval_secs.max(0))
            .unwrap_or(u32::MAX),
        demo_code: state.config().demo.then_some(code),
    };
    Ok((StatusCode::ACCEPTED, Json(answer)).into_response())
}

enum CodeCheck {
    Ok,
    Wrong { left: i64 },
    Void,
    Expired,
    Used,
    Missing,
}

fn check_code(conn: &Connection, phone: &str, code: &str, now: i64) -> Result<CodeCheck, ApiError> {
    let row: Option<(i64, String, i64, i64, bool)> = conn
        .query_row(
            "SELECT seq, code_hash, expires_at, attempts, used FROM sms_codes \
             WHERE phone = ?1 ORDER BY seq DESC LIMIT 1",
            params![phone],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let Some((seq, hash, expires_at, attempts, used)) = row else {
        return Ok(CodeCheck::Missing);
    };
    if attempts >= MAX_CODE_ATTEMPTS {
        return Ok(CodeCheck::Void);
    }
    if used {
        return Ok(CodeCheck::Used);
    }
    if now >= expires_at {
        return Ok(CodeCheck::Expired);
    }
    if auth::hash_secret(code) != hash {
        conn.execute(
            "UPDATE sms_codes SET attempts = attempts + 1 WHERE seq = ?1",
            params![seq],
        )?;
        let left = MAX_CODE_ATTEMPTS - attempts - 1;
        return Ok(if left <= 0 {
            CodeCheck::Void
        } else {
            CodeCheck::Wrong { left }
        });
    }
    conn.execute("UPDATE sms_codes SET used = 1 WHERE seq = ?1", params![seq])?;
    Ok(CodeCheck::Ok)
}

/// The user with this phone, created as a citizen when new.
fn user_for_phone(conn: &Connection, phone: &str, now: i64) -> Result<Caller, ApiError> {
    if let Some(c) = auth::caller_by_phone(conn, phone)? {
        return Ok(c);
    }
    let id = format!("u_{}", auth::random_hex_id()?);
    let name = format!("用户{}", &phone[phone.len().saturating_sub(4)..]);
    conn.execute(
        "INSERT INTO users (id, phone, display_name, roles, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, phone, name, Role::Citizen.as_str(), now],
    )?;
    auth::caller_by_id(conn, &id)?.ok_or_else(|| ApiError::Internal("a new user vanished".into()))
}

/// `POST /api/v1/auth/sessions`
pub async fn sign_in(State(state): State<AppState>, body: Bytes) -> Result<Response, ApiError> {
    let req: SignIn = parse_json(&body)?;
    let SignIn { phone, code } = req.validate().map_err(ApiError::Validation)?;
    let now = state.now();
    let limits = state.config().limits.clone();
    let session_secs = state.config().session_days.max(1) * DAY;
    let (caller, token) = state
        .db()
        .call(move |conn| {
            rate::check_rate(
                conn,
                &format!("sign-in:{phone}"),
                limits.sign_in_attempts,
                limits.sign_in_window_secs,
                now,
            )?;
            let wrong = |code: &str, message: String| {
                ApiError::Validation(vec![field_error("code", code, message)])
            };
            match check_code(conn, &phone, &code, now)? {
                CodeCheck::Ok => {}
                CodeCheck::Wrong { left } => {
                    return Err(wrong(
                        "invalid",
                        format!("The code is wrong; {left} more attempts with this code."),
                    ))
                }
                CodeCheck::Void => {
                    return Err(wrong(
                        "expired",
                        "Too many wrong codes: this code no longer works; request a new one."
                            .into(),
                    ))
                }
                CodeCheck::Expired => {
                    return Err(wrong(
                        "expired",
                        "The code has expired; request a new one.".into(),
                    ))
                }
                CodeCheck::Used => {
                    return Err(wrong(
                        "used",
                        "The code was already used; request a new one.".into(),
                    ))
                }
                CodeCheck::Missing => {
                    return Err(wrong(
                        "expired",
                        "No code was requested for this phone; request one first.".into(),
                    ))
                }
            }
            let caller = user_for_phone(conn, &phone, now)?;
            let token = auth::create_session(conn, &caller.user_id, now, session_secs)?;
            Ok((caller, token))
        })
        .await?;
    let session = Session {
        token,
        expires_at: rfc3339(now + session_secs),
        user: caller.to_user(),
    };
    Ok((StatusCode::CREATED, Json(session)).into_response())
}

/// `DELETE /api/v1/auth/session`: the token of this request stops working.
pub async fn sign_out(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().split_once(' '))
        .map(|(_, t)| t.trim().to_owned())
        .unwrap_or_default();
    let hash = auth::hash_secret(&token);
    let user_id = caller.user_id;
    state
        .db()
        .call(move |conn| {
            conn.execute(
                "UPDATE sessions SET revoked = 1 WHERE token_hash = ?1 AND user_id = ?2",
                params![hash, user_id],
            )?;
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/me`
pub async fn me(caller: Caller) -> Json<User> {
    Json(caller.to_user())
}
