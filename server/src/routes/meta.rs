//! `/meta`.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use contract::{ImageRef, Meta};

use crate::problem::ApiError;
use crate::{emblem, people, AppState};

/// The routes of this module (under [`contract::API_PREFIX`]).
pub fn router() -> Router<AppState> {
    Router::new().route("/meta", get(meta))
}

/// Contract version implemented by this server.
pub const API_VERSION: &str = "1.0";

/// Who this backend is (its configuration) and its main liaison station (the configured
/// one, else the first in display order; none when there is no such station).
pub async fn meta(State(state): State<AppState>) -> Result<Json<Meta>, ApiError> {
    let config = state.config();
    let wanted = config.main_station.clone();
    let station = state
        .db()
        .read(move |conn| Ok(people::main_station(conn, wanted.as_deref())?))
        .await?;
    let place = if config.township.is_empty() { &config.name } else { &config.township };
    let emblem = config.emblem.as_ref().filter(|u| !u.trim().is_empty()).map(|url| ImageRef {
        url: url.clone(),
        alt: format!("{place}的标志"),
        width: (url == emblem::URL).then_some(emblem::SIZE),
        height: (url == emblem::URL).then_some(emblem::SIZE),
    });
    Ok(Json(Meta {
        name: config.name.clone(),
        api_version: API_VERSION.into(),
        township: config.township.clone(),
        emblem,
        station,
        moderation: Some(config.moderation),
        web_push: config.web_push.is_some(),
        wechat: config.wechat.is_some(),
    }))
}
