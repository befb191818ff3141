//! `/meta`.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use contract::Meta;

use crate::AppState;

/// The routes of this module (under [`contract::API_PREFIX`]).
pub fn router() -> Router<AppState> {
    Router::new().route("/meta", get(meta))
}

/// Contract version implemented by this server.
pub const API_VERSION: &str = "1.0";

pub async fn meta(State(state): State<AppState>) -> Json<Meta> {
    Json(Meta {
        name: state.config().name.clone(),
        api_version: API_VERSION.into(),
    })
}
