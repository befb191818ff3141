//! `/wechat`: the signature of WeChat's `wx.config` (see [`crate::wechat`]). 404 when the
//! server has no WeChat official account (`--wechat-config`).

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use contract::{FieldError, WechatJsConfig, WECHAT_URL_MAX};

use super::QueryPairs;
use crate::problem::{problem_response, status_problem, ApiError};
use crate::wechat::{nonce, signature, WechatError};
use crate::AppState;

/// The routes of this module (under [`contract::API_PREFIX`]).
pub fn router() -> Router<AppState> {
    Router::new().route("/wechat/js-config", get(js_config))
}

/// `GET /api/v1/wechat/js-config?url=…`
pub async fn js_config(State(state): State<AppState>, query: QueryPairs) -> Result<Response, ApiError> {
    let Some(tickets) = state.wechat() else {
        return Err(ApiError::NotFound("This server has no WeChat official account.".into()));
    };
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
    match tickets.ticket(now).await {
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
