//! Sign-in by phone and one-time code; sessions; `GET /me`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use contract::{CodeRequest, CodeSent, Role, Session, SignIn, User};
use crate::sql::{params, Connection, OptionalExtension};

use super::{field_error, parse_json};
use crate::auth::{self, Caller};
use crate::client::ClientAddr;
use crate::mask::mask_phone;
use crate::clock::{rfc3339, DAY, HOUR};
use crate::problem::ApiError;
use crate::rate;
use crate::sms;
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

fn too_many(secs: u64, detail: &str) -> ApiError {
    ApiError::RateLimited {
        retry_after_secs: secs,
        detail: format!("{detail}; try again in {secs} seconds."),
    }
}

/// `POST /api/v1/auth/codes`
///
/// A new code does not void the phone's earlier codes that still work: each works once until
/// it expires, and signing in with one voids the others. (Otherwise anyone who knows a phone
/// number could keep its owner from signing in by requesting codes.) Limits: per phone (one a
/// [`Limits::code_interval_secs`](crate::Limits), [`codes_per_hour`](crate::Limits)), per
/// client address, and the deployment's hourly budget of all codes together.
pub async fn request_code(
    State(state): State<AppState>,
    addr: ClientAddr,
    body: Bytes,
) -> Result<Response, ApiError> {
    let req: CodeRequest = parse_json(&body)?;
    let CodeRequest { phone } = req.validate().map_err(ApiError::Validation)?;
    let now = state.now();
    let limits = state.config().limits.clone();
    let code = auth::new_code()?;
    let hash = auth::hash_secret(&code);
    let phone2 = phone.clone();
    let who = addr.key();
    let sms = state.config().sms.clone();
    let tz = state.tz_secs();
    let code2 = code.clone();
    state
        .db()
        .call(move |conn| {
            let interval = format!("code-interval:{phone2}");
            let hourly = format!("code-hour:{phone2}");
            let by_address = format!("code-address:{who}");
            let phone_wait = [
                rate::retry_after(conn, &interval, 1, limits.code_interval_secs, now)?,
                rate::retry_after(conn, &hourly, limits.codes_per_hour, HOUR, now)?,
            ]
            .into_iter()
            .flatten()
            .max();
            if let Some(secs) = phone_wait {
                return Err(too_many(secs, "Too many codes requested for this phone"));
            }
            if let Some(secs) = rate::retry_after(conn, &by_address, limits.codes_per_address_per_hour, HOUR, now)? {
                return Err(too_many(secs, "Too many codes requested from this address"));
            }
            if let Some(secs) = rate::retry_after(conn, CODES_TOTAL, limits.codes_per_hour_total, HOUR, now)? {
                tracing::warn!("the hourly budget of sign-in codes ({}) is spent", limits.codes_per_hour_total);
                return Err(too_many(secs, "This service has sent all the codes it may send this hour"));
            }
            if let Some(c) = &sms {
                if sms::used_today(conn, now, tz)? >= c.daily_budget {
                    tracing::warn!("the daily SMS budget ({}) is spent", c.daily_budget);
                    let midnight = ((now + tz).div_euclid(DAY) + 1) * DAY - tz;
                    return Err(too_many(u64::try_from(midnight - now).unwrap_or(1), "This service has sent all the SMS it may send today"));
                }
            }
            let tx = conn.transaction()?;
            rate::record(&tx, &interval, limits.code_interval_secs, now)?;
            rate::record(&tx, &hourly, HOUR, now)?;
            rate::record(&tx, &by_address, HOUR, now)?;
            rate::record(&tx, CODES_TOTAL, HOUR, now)?;
            tx.execute(
                "INSERT INTO sms_codes (phone, code_hash, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
                params![phone2, hash, now, now + CODE_VALID_SECS],
            )?;
            if let Some(c) = &sms {
                sms::enqueue(&tx, sms::Purpose::Code, &sms::code_sms(c, &phone2, &code2), now, tz)?;
            }
            tx.commit()?;
            Ok(())
        })
        .await?;
    if state.config().sms.is_some() {
        state.hub().wake_sms();
        tracing::info!("sign-in code for {} put in the SMS outbox", mask_phone(&phone));
    } else if state.config().demo {
        // A demo server shows the code in the app as well; the log is for the person running it.
        tracing::info!("sign-in code for {phone}: {code} (valid 5 minutes; --demo: no SMS is sent)");
    } else {
        // SMS is not configured (--sms-config), and a code in a log is a key to an account in
        // whoever reads the log: neither the code nor the whole phone is written.
        tracing::info!("sign-in code requested for {} (SMS not configured: not sent)", mask_phone(&phone));
    }
    let answer = CodeSent {
        expires_at: rfc3339(now + CODE_VALID_SECS),
        resend_after_seconds: u32::try_from(state.config().limits.code_interval_secs.max(0))
            .unwrap_or(u32::MAX),
        demo_code: state.config().demo.then_some(code),
    };
    Ok((StatusCode::ACCEPTED, Json(answer)).into_response())
}

/// The bucket of all code requests together (the hourly SMS budget).
const CODES_TOTAL: &str = "code-total";

enum CodeCheck {
    Ok,
    /// No code of this phone has this value.
    Wrong,
    Expired,
    Used,
    /// The phone has no code at all.
    Missing,
}

/// Checks `code` against the phone's codes: a code that works is used up, and so are the
/// phone's other codes (one sign-in per batch of codes).
fn check_code(conn: &Connection, phone: &str, code: &str, now: i64) -> Result<CodeCheck, ApiError> {
    let row: Option<(i64, i64, bool)> = conn
        .query_row(
            "SELECT seq, expires_at, used FROM sms_codes \
             WHERE phone = ?1 AND code_hash = ?2 ORDER BY seq DESC LIMIT 1",
            params![phone, auth::hash_secret(code)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((seq, expires_at, used)) = row else {
        let any: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sms_codes WHERE phone = ?1)",
            params![phone],
            |r| r.get(0),
        )?;
        return Ok(if any { CodeCheck::Wrong } else { CodeCheck::Missing });
    };
    if used {
        return Ok(CodeCheck::Used);
    }
    if now >= expires_at {
        return Ok(CodeCheck::Expired);
    }
    conn.execute(
        "UPDATE sms_codes SET used = 1 WHERE phone = ?1 AND used = 0 AND (seq = ?2 OR expires_at > ?3)",
        params![phone, seq, now],
    )?;
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
///
/// Attempts are counted per phone *and client address*, so that a stranger's wrong tries do
/// not lock the owner out; wrong codes are also counted per phone (from all addresses: the
/// bound on guessing) and per address (for all phones).
pub async fn sign_in(
    State(state): State<AppState>,
    addr: ClientAddr,
    body: Bytes,
) -> Result<Response, ApiError> {
    let req: SignIn = parse_json(&body)?;
    let SignIn { phone, code } = req.validate().map_err(ApiError::Validation)?;
    let now = state.now();
    let limits = state.config().limits.clone();
    let session_secs = state.config().session_days.max(1) * DAY;
    let who = addr.key();
    let (caller, token) = state
        .db()
        .call(move |conn| {
            let window = limits.sign_in_window_secs;
            rate::check_rate(conn, &format!("sign-in:{phone}:{who}"), limits.sign_in_attempts, window, now)?;
            let wrong_phone = format!("wrong-code-phone:{phone}");
            let wrong_address = format!("wrong-code-address:{who}");
            let wait = [
                rate::retry_after(conn, &wrong_phone, limits.wrong_codes_per_phone, window, now)?,
                rate::retry_after(conn, &wrong_address, limits.wrong_codes_per_address, window, now)?,
            ]
            .into_iter()
            .flatten()
            .max();
            if let Some(secs) = wait {
                return Err(too_many(secs, "Too many wrong codes"));
            }
            let wrong = |code: &str, message: &str| {
                ApiError::Validation(vec![field_error("code", code, message)])
            };
            match check_code(conn, &phone, &code, now)? {
                CodeCheck::Ok => {}
                CodeCheck::Wrong => {
                    rate::record(conn, &wrong_phone, window, now)?;
                    rate::record(conn, &wrong_address, window, now)?;
                    return Err(wrong("invalid", "The code is wrong."));
                }
                CodeCheck::Expired => return Err(wrong("expired", "The code has expired; request a new one.")),
                CodeCheck::Used => return Err(wrong("used", "The code was already used; request a new one.")),
                CodeCheck::Missing => {
                    rate::record(conn, &wrong_address, window, now)?;
                    return Err(wrong("expired", "No code was requested for this phone; request one first."));
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
pub async fn me(State(state): State<AppState>, caller: Caller) -> Result<Json<User>, ApiError> {
    // The app confirms its session here when it starts: the first call of the township's day
    // is the day's visit (points).
    let now = state.now();
    let rules = state.config().points.clone();
    let tz = state.config().tz_offset_minutes;
    let user_id = caller.user_id.clone();
    state
        .db()
        .call(move |conn| crate::points::visit(conn, &rules, tz, &user_id, now))
        .await?;
    Ok(Json(caller.to_user()))
}
