//! The one typed HTTP client of the app.
//!
//! A call names an endpoint of [`endpoints`] — its method, path, and the contract types of
//! its request body and answer — and gets that answer type back:
//! `api::fetch(endpoints::article(&id), &canceller).await -> Result<Article, ApiError>`.
//! Requests go through gloo-net ([`client`]: base URL from `config.json`, bearer token, a time
//! limit per attempt, retries with backoff, cancellation when the screen goes away); bodies
//! are read and written with serde_json as the contract crate's own types, whose serde
//! attributes carry the tolerance rules (unknown enum values, unknown fields, malformed list
//! items and blocks; tested in `api/tests/tolerance.rs`). One error type: [`ApiError`].

mod client;
pub mod endpoints;
mod error;
pub mod url;

pub use client::{
    absolute, base, fetch, fetch_static, has_token, is_online, load_config, media_url, send,
    send_prepared, set_on_offline_copy, set_on_unauthorized, set_token, sign_out, token, upload, Canceller, Prepared,
};
pub(crate) use client::{decode, fetch_raw, sleep};
pub use endpoints::{ArticleFilter, Endpoint, MessageList};
pub use error::{backoff_ms, ApiError};
