//! 掌上人大 reference backend: serves the API of the `contract` crate from one SQLite file,
//! and the built web app.
//!
//! Tests build the router against a temporary database:
//! `server::app(AppState::new(server::open_db(path)?, Config::default()))`.

pub mod clock;
pub mod cursor;
pub mod db;
pub mod demo;
pub mod handling;
pub mod illustrations;
pub mod pdf;
pub mod problem;
pub mod routes;
pub mod search;
pub mod static_files;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::routing::{any, get};
use axum::{middleware, Router};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::predicate::{Predicate, SizeAbove};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{Any, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;

pub use db::{open_db, Db, Error};

/// Settings of a running server.
#[derive(Debug, Clone)]
pub struct Config {
    /// Directory of the built web app (Trunk's `dist`).
    pub static_dir: PathBuf,
    /// Name of the deploying body, answered by `/api/v1/meta`.
    pub name: String,
    /// A fixed "now" in Unix seconds (tests); `None` uses the clock.
    pub fixed_now: Option<i64>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            static_dir: PathBuf::from("dist"),
            name: DEFAULT_NAME.into(),
            fixed_now: None,
        }
    }
}

/// Default `/meta` name.
pub const DEFAULT_NAME: &str = "掌上人大 · 示范镇人大";

/// Shared state of the handlers.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    db: Db,
    config: Config,
}

impl AppState {
    pub fn new(db: Db, config: Config) -> Self {
        AppState(Arc::new(Inner { db, config }))
    }

    pub fn db(&self) -> &Db {
        &self.0.db
    }

    pub fn config(&self) -> &Config {
        &self.0.config
    }

    /// The current time in Unix seconds.
    pub fn now(&self) -> i64 {
        self.0.config.fixed_now.unwrap_or_else(clock::now_secs)
    }
}

/// Media types worth compressing: text, JavaScript, JSON (incl. problem+json), wasm, SVG,
/// CSS, XML and the web manifest. Images other than SVG and fonts are already compressed.
#[derive(Clone, Copy, Debug)]
pub struct CompressibleType;

impl Predicate for CompressibleType {
    fn should_compress<B>(&self, response: &axum::http::Response<B>) -> bool
    where
        B: axum::body::HttpBody,
    {
        let Some(ct) = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
        else {
            return false;
        };
        let ct = ct
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        ct.starts_with("text/") && ct != "text/event-stream"
            || matches!(
                ct.as_str(),
                "application/javascript"
                    | "application/json"
                    | "application/problem+json"
                    | "application/wasm"
                    | "application/xml"
                    | "application/manifest+json"
                    | "image/svg+xml"
            )
            || ct.ends_with("+json")
            || ct.ends_with("+xml")
    }
}

/// The whole application: `/api/v1/...`, `/media/...` and the web app.
pub fn app(state: AppState) -> Router {
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PATCH,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            HeaderName::from_static("idempotency-key"),
            header::IF_MATCH,
        ])
        .expose_headers([header::ETAG, header::LOCATION, header::RETRY_AFTER])
        .max_age(Duration::from_secs(3600));

    let api = Router::new()
        .route("/api/v1/meta", get(routes::meta::meta))
        .route("/api/v1/articles", get(routes::articles::list))
        .route("/api/v1/articles/{id}", get(routes::articles::get_one))
        .route("/api/v1/categories", get(routes::articles::categories))
        .route("/api/v1/events", get(routes::events::list))
        .route("/api/v1/events/{id}", get(routes::events::get_one))
        .route("/api", any(problem::api_not_found))
        .route("/api/", any(problem::api_not_found))
        .route("/api/{*rest}", any(problem::api_not_found))
        .layer(middleware::from_fn(problem::problem_safety_net))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
        .layer(cors);

    let media = Router::new()
        .route(
            "/media/illustrations/{file}",
            get(routes::media::illustration),
        )
        .route("/media/attachments/{file}", get(routes::media::attachment));

    Router::new()
        .merge(api)
        .merge(media)
        .fallback(static_files::serve)
        .with_state(state)
        .layer(CompressionLayer::new().compress_when(SizeAbove::new(256).and(CompressibleType)))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(CatchPanicLayer::custom(problem::panic_response))
}
