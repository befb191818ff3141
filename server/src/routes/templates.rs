//! `/api/v1/reply-templates`: the saved replies (常用答复) of deputies and staff — a text a
//! handler starts an answer from. Private to their owner: another user's template is a 404.
//!
//! Order of answers: 401 (not signed in) → 403 (neither deputy nor staff) → 400 (a body that
//! is not a JSON object) → 404 (no such template of the caller) → 400 (invalid `body`) → 409
//! (already [`REPLY_TEMPLATES_MAX`]).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use contract::{NewReply, Page, ReplyTemplate, Role, REPLY_TEMPLATES_MAX};
use crate::sql::{params, Connection, OptionalExtension};

use super::{body, IdPath};
use crate::auth::Caller;
use crate::clock::rfc3339;
use crate::cursor::valid_id;
use crate::problem::ApiError;
use crate::AppState;

/// The routes of this module (under [`contract::API_PREFIX`]).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/reply-templates", get(list).post(create))
        .route("/reply-templates/{id}", put(update).delete(remove))
}

fn handler_only(caller: &Caller) -> Result<(), ApiError> {
    if caller.is(Role::Deputy) || caller.is(Role::Staff) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "Saved replies are for deputies and liaison-station staff.".into(),
        ))
    }
}

fn not_found(id: &str) -> ApiError {
    ApiError::NotFound(format!("You have no saved reply {id:?}."))
}

fn template(r: &crate::sql::Row<'_>) -> crate::sql::Result<ReplyTemplate> {
    Ok(ReplyTemplate {
        id: r.get(0)?,
        body: r.get(1)?,
        updated_at: rfc3339(r.get(2)?),
    })
}

/// The caller's templates, most recently saved first.
fn all_of(conn: &Connection, user_id: &str) -> Result<Vec<ReplyTemplate>, ApiError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, body, updated_at FROM reply_templates WHERE user_id = ?1 \
         ORDER BY updated_at DESC, seq DESC",
    )?;
    let rows = stmt
        .query_map(params![user_id], template)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

fn one_of(conn: &Connection, user_id: &str, id: &str) -> Result<Option<ReplyTemplate>, ApiError> {
    if !valid_id(id) {
        return Ok(None);
    }
    Ok(conn
        .query_row(
            "SELECT id, body, updated_at FROM reply_templates WHERE user_id = ?1 AND id = ?2",
            params![user_id, id],
            template,
        )
        .optional()?)
}

/// `GET /api/v1/reply-templates`
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Page<ReplyTemplate>>, ApiError> {
    handler_only(&caller)?;
    let items = state
        .db()
        .call(move |conn| all_of(conn, &caller.user_id))
        .await?;
    Ok(Json(Page {
        items,
        next_cursor: None,
    }))
}

/// `POST /api/v1/reply-templates` (`{body}`): 201, or 200 with the template the caller
/// already has with this text (a double tap saves one).
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    handler_only(&caller)?;
    let now = state.now();
    let text = body::read::<NewReply>(&bytes)?
        .check(|b| b.validate())
        .finish()?
        .body;
    let (created, t) = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            let user = caller.user_id.as_str();
            let existing = all_of(&tx, user)?;
            if let Some(same) = existing.iter().find(|t| t.body == text) {
                return Ok((false, same.clone()));
            }
            if existing.len() >= REPLY_TEMPLATES_MAX {
                return Err(ApiError::Conflict(format!(
                    "You have {REPLY_TEMPLATES_MAX} saved replies already: change or delete one."
                )));
            }
            let n: i64 = tx.next_seq("reply_templates")?;
            let id = format!("rt_{n:06}");
            tx.execute(
                "INSERT INTO reply_templates (seq, id, user_id, body, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![n, id, user, text, now],
            )?;
            let t = one_of(&tx, user, &id)?
                .ok_or_else(|| ApiError::Internal("a saved reply vanished".into()))?;
            tx.commit()?;
            Ok((true, t))
        })
        .await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(t)).into_response())
}

/// `PUT /api/v1/reply-templates/{id}` (`{body}`)
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    bytes: Bytes,
) -> Result<Json<ReplyTemplate>, ApiError> {
    handler_only(&caller)?;
    let now = state.now();
    let checked = body::read::<NewReply>(&bytes)?.check(|b| b.validate());
    let t = state
        .db()
        .call(move |conn| {
            let user = caller.user_id.as_str();
            one_of(conn, user, &id)?.ok_or_else(|| not_found(&id))?;
            let text = checked.finish()?.body;
            conn.execute(
                "UPDATE reply_templates SET body = ?1, updated_at = ?2 WHERE user_id = ?3 AND id = ?4",
                params![text, now, user, id],
            )?;
            one_of(conn, user, &id)?.ok_or_else(|| not_found(&id))
        })
        .await?;
    Ok(Json(t))
}

/// `DELETE /api/v1/reply-templates/{id}`
pub async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> Result<StatusCode, ApiError> {
    handler_only(&caller)?;
    state
        .db()
        .call(move |conn| {
            let gone = conn.execute(
                "DELETE FROM reply_templates WHERE user_id = ?1 AND id = ?2",
                params![caller.user_id, id],
            )?;
            if gone == 0 {
                return Err(not_found(&id));
            }
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
