use axum::extract::State;
use axum::Json;
use contract::Meta;

use crate::AppState;

/// Contract version implemented by this server.
pub const API_VERSION: &str = "1.0";

pub async fn meta(State(state): State<AppState>) -> Json<Meta> {
    Json(Meta {
        name: state.config().name.clone(),
        api_version: API_VERSION.into(),
    })
}
