//! `/wechat`: the signature of WeChat's `wx.config` (see [`crate::wechat`]). 404 when the
//! server has no WeChat official account (`--wechat-config`).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use contract::{FieldError, Page, WechatDecisions, WechatJsConfig, WechatSubscription, WECHAT_URL_MAX};

use super::{body, QueryPairs};
use crate::auth::Caller;
use crate::problem::{problem_response, status_problem, ApiError};
use crate::wechat::{nonce, signature, WechatError};
use crate::AppState;

/// The routes of this module (under [`contract::API_PREFIX`]).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/wechat/js-config", get(js_config))
        .route("/wechat/subscriptions", get(subscriptions).post(record))
}

fn not_configured() -> ApiError {
    ApiError::NotFound("This server has no WeChat official account.".into())
}

fn config(state: &AppState) -> Result<crate::wechat::WechatConfig, ApiError> {
    state.config().wechat.clone().ok_or_else(not_configured)
}

/// `GET /api/v1/wechat/subscriptions`
pub async fn subscriptions(State(state): State<AppState>, caller: Caller) -> Result<Json<Page<WechatSubscription>>, ApiError> {
    let cfg = config(&state)?;
    let items = state.db().read(move |conn| Ok(crate::wechat::subscriptions(conn, &cfg, &caller.user_id)?)).await?;
    Ok(Json(Page { items, next_cursor: None }))
}

/// `POST /api/v1/wechat/subscriptions`
pub async fn record(State(state): State<AppState>, caller: Caller, bytes: Bytes) -> Result<Json<Page<WechatSubscription>>, ApiError> {
    let cfg = config(&state)?;
    let mut checked = body::read::<WechatDecisions>(&bytes)?.check(WechatDecisions::validate);
    let unknown: Vec<(usize, String)> = checked
        .raw
        .decisions
        .iter()
        .enumerate()
        .filter(|(_, d)| !d.template_id.trim().is_empty() && !cfg.subscribe_templates.iter().any(|t| t.id == d.template_id))
        .map(|(i, d)| (i, d.template_id.clone()))
        .collect();
    for (i, id) in unknown {
        let field = format!("decisions[{i}].template_id");
        if checked.ok(&field) {
            checked.reject(contract::rules::error(&field, contract::rules::INVALID, format!("{id} is not a template of this server")));
        }
    }
    let decisions = checked.finish()?;
    let now = state.now();
    let items = state
        .db()
        .call(move |conn| {
            crate::wechat::record(conn, &caller.user_id, &decisions.decisions, now)?;
            Ok(crate::wechat::subscriptions(conn, &cfg, &caller.user_id)?)
        })
        .await?;
    Ok(Json(Page { items, next_cursor: None }))
}

/// `GET /api/v1/wechat/js-config?url=…`
pub async fn js_config(State(state): State<AppState>, query: QueryPairs) -> Result<Response, ApiError> {
    let tickets = state.wechat().ok_or_else(not_configured)?;
    let mut errors = Vec::new();
    let url = query.one("url", &mut errors);
    match url.as_deref() {
        None => errors.push(FieldError { field: "url".into(), code: "required".into(), message: "url is required".into() }),
        Some(u) if !contract::wechat_url_ok(u) => errors.push(super::invalid(
            "url",
            format!("url must be the page's http(s) URL with a host, printable ASCII, at most {WECHAT_URL_MAX} characters"),
        )),
        Some(_) => {}
    }
    super::valid(errors)?;
    let url = url.unwrap_or_default();
    let now = state.now();
    match tickets.ticket(state.db(), now).await {
        Ok(ticket) => {
            let nonce_str = nonce();
            let signature = signature(&ticket, &nonce_str, now, &url);
            Ok(Json(WechatJsConfig { app_id: tickets.app_id().to_owned(), timestamp: now, nonce_str, signature }).into_response())
        }
        Err(e) => {
            // (the reason is for the operator: the app only needs to know it may try later)
            match &e {
                WechatError::Refused { errcode, errmsg } => tracing::warn!("WeChat refused a ticket: errcode {errcode}: {errmsg}"),
                WechatError::Unreachable(why) => tracing::warn!("WeChat unreachable for a ticket: {why}"),
            }
            let mut res = problem_response(status_problem(
                StatusCode::SERVICE_UNAVAILABLE,
                Some("WeChat did not give this server a ticket; try again later.".into()),
            ));
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
            Ok(res)
        }
    }
}
