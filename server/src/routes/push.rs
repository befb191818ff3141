//! `/push`: the VAPID key (public) and the signed-in user's Web Push subscriptions. Every
//! operation is 404 when the server sends no Web Push (`--web-push`), after 401 for those that
//! need a token.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use axum::{Json, Router};
use contract::{NewPushSubscription, Page, PushSubscription, VapidKey};

use super::body;
use super::IdPath;
use crate::auth::Caller;
use crate::problem::ApiError;
use crate::push::{self, host_of, trusted};
use crate::AppState;

/// The routes of this module (under [`contract::API_PREFIX`]).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/push/vapid-key", get(vapid_key))
        .route("/push/subscriptions", get(list).post(create))
        .route("/push/subscriptions/{id}", delete(remove))
}

fn config(state: &AppState) -> Result<push::PushConfig, ApiError> {
    state.config().web_push.clone().ok_or_else(|| ApiError::NotFound("This server sends no Web Push.".into()))
}

/// `GET /api/v1/push/vapid-key`
pub async fn vapid_key(State(state): State<AppState>) -> Result<Json<VapidKey>, ApiError> {
    config(&state)?;
    let now = state.now();
    let kp = state.db().call(move |conn| push::vapid_key(conn, now)).await?;
    Ok(Json(VapidKey { public_key: push::public_key(&kp) }))
}

/// `GET /api/v1/push/subscriptions`: one page, newest first.
pub async fn list(State(state): State<AppState>, caller: Caller) -> Result<Json<Page<PushSubscription>>, ApiError> {
    config(&state)?;
    super::page(&state, move |conn| {
        let items = push::subscriptions_of(conn, &caller.user_id)?.iter().map(push::view).collect();
        Ok((items, None))
    })
    .await
}

/// `POST /api/v1/push/subscriptions`: 201 new, 200 a known endpoint updated.
pub async fn create(State(state): State<AppState>, caller: Caller, bytes: Bytes) -> Result<Response, ApiError> {
    let cfg = config(&state)?;
    let mut checked = body::read::<NewPushSubscription>(&bytes)?.check(NewPushSubscription::validate);
    let host = host_of(checked.raw.endpoint.trim()).to_owned();
    if checked.ok("endpoint") && !trusted(&cfg.hosts, &host) {
        checked.reject(contract::rules::error(
            "endpoint",
            contract::rules::INVALID,
            format!("{host} is not a push service this server sends to"),
        ));
    }
    let s = checked.finish()?;
    let now = state.now();
    let (sub, new) = state.db().call(move |conn| push::subscribe(conn, &caller.user_id, &s, now)).await?;
    let status = if new { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(push::view(&sub))).into_response())
}

/// `DELETE /api/v1/push/subscriptions/{id}`
pub async fn remove(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> Result<StatusCode, ApiError> {
    config(&state)?;
    let gone = state.db().call(move |conn| push::unsubscribe(conn, &caller.user_id, &id)).await?;
    if gone {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound("You have no such subscription.".into()))
    }
}
