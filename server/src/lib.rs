//! 掌上人大 reference backend: serves the API of the `contract` crate from one SQLite file,
//! and the built web app.
//!
//! Tests build the router against a temporary database:
//! `server::app(AppState::new(server::open_db(path)?, Config::default()))`.

pub mod auth;
pub mod avatars;
pub mod cleanup;
pub mod client;
pub mod clock;
pub mod cursor;
pub mod db;
pub mod demo;
pub mod emblem;
pub mod first_screen;
pub mod handling;
pub mod idempotency;
pub mod jobs;
pub mod illustrations;
pub mod mask;
pub mod messages;
pub mod notify;
pub mod ops;
pub mod participation;
pub mod pdf;
pub mod points;
pub mod people;
pub mod polls;
pub mod problem;
pub mod push;
pub mod rate;
pub mod routes;
pub mod search;
pub mod security;
pub mod serve;
pub mod sql;
pub mod sms;
pub mod static_files;
pub mod base_path;
pub mod stats;
pub mod training;
pub mod uploads;
pub mod wechat;

use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::routing::any;
use axum::{middleware, Router};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::predicate::{Predicate, SizeAbove};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{Any, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

/// The time to read and answer one API request, its body included: a client trickling its body
/// must not hold a connection and a task forever. Generous for four photos over a bad rural
/// connection (the app downscales them to a few hundred KB each).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(90);

pub use db::{open_db, Db, Error};

/// Settings of a running server.
#[derive(Debug, Clone)]
pub struct Config {
    /// Directory of the built web app (Trunk's `dist`).
    pub static_dir: PathBuf,
    /// The path everything is served under (`--base-path`, [`base_path`]): `""` (the root) or
    /// `/renda` (no trailing slash).
    pub base_path: String,
    /// Name of the deploying body, answered by `/api/v1/meta` (empty: not configured).
    pub name: String,
    /// Short name of the place served (e.g. 龙湾镇), answered by `/api/v1/meta`.
    pub township: String,
    /// URL, or path on this origin, of the township's mark (a square image) for `/api/v1/meta`.
    pub emblem: Option<String>,
    /// The main liaison station's id, named by `/api/v1/meta` (its phone on the app's home
    /// screen; messages whose writer is not sure whom to address go to it). `None`: the first
    /// station in display order.
    pub main_station: Option<String>,
    /// A fixed "now" in Unix seconds (tests); `None` uses the clock. Tests can move it
    /// later with [`AppState::set_now`].
    pub fixed_now: Option<i64>,
    /// The township's time zone as minutes east of UTC (UTC+8: 480). "End of day" of
    /// deadlines is 23:59:59 in this zone.
    pub tz_offset_minutes: i32,
    /// How long a session (bearer token) lasts.
    pub session_days: i64,
    /// Demo mode (`--demo`): sign-in codes are returned in the answer (`demo_code`).
    pub demo: bool,
    /// Rate limits.
    pub limits: Limits,
    /// A live notification stream ends after about this many seconds (90–100 % of it); the
    /// app reconnects by itself.
    pub stream_max_secs: u64,
    /// Behind a reverse proxy: which header names the client, and which peers may say so.
    pub proxy: client::ProxyConfig,
    /// Whether citizens' new comments and topics wait for staff approval (先审后发) or are
    /// shown at once (先发后审), answered by `/api/v1/meta`.
    pub moderation: contract::ModerationPolicy,
    /// Words that hold a post for review instead of publishing it (`--word-list`), lowercase.
    pub word_list: Vec<String>,
    /// What each action pays in points, and its daily cap.
    pub points: points::PointsRules,
    /// The parts of a deputy's 履职档案 everyone sees (`--record-public`); test scores never.
    pub record_public: Vec<contract::RecordPart>,
    /// The SMS provider (`--sms-config`); `None`: no SMS is sent.
    pub sms: Option<sms::SmsConfig>,
    /// Web Push (`--web-push`); `None`: the `/push` endpoints are 404, nothing is pushed.
    pub web_push: Option<push::PushConfig>,
    /// WeChat's JS-SDK (`--wechat-config`); `None`: `/wechat/js-config` is 404.
    pub wechat: Option<wechat::WechatConfig>,
    /// `--bench-fresh-keys` (load benchmarks of a demo server only): an `Idempotency-Key` of
    /// [`FRESH_KEY`] is replaced by a new random key (see [`fresh_keys`]).
    pub bench_fresh_keys: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            static_dir: PathBuf::from("dist"),
            base_path: String::new(),
            name: String::new(),
            township: String::new(),
            emblem: None,
            main_station: None,
            fixed_now: None,
            tz_offset_minutes: 480,
            session_days: 30,
            demo: false,
            limits: Limits::default(),
            stream_max_secs: 3600,
            proxy: client::ProxyConfig::default(),
            // The demo choice, and a sensible default: comments at once, reviewed on
            // reports; topics proposed by citizens after approval.
            moderation: contract::ModerationPolicy {
                comments: contract::ModerationMode::Post,
                topics: contract::ModerationMode::Pre,
            },
            word_list: Vec::new(),
            points: points::PointsRules::default(),
            // the default: what a deputy has learnt and how they answer people
            record_public: vec![contract::RecordPart::Courses, contract::RecordPart::Responsiveness],
            sms: None,
            web_push: None,
            wechat: None,
            bench_fresh_keys: false,
        }
    }
}

/// Rate limits (429 with `Retry-After` when exceeded) and caps. Counts are per window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Seconds between two code requests for one phone (one code per interval); 0: none.
    pub code_interval_secs: i64,
    /// Code requests per phone per hour.
    pub codes_per_hour: u32,
    /// Code requests per client address per hour (one client must not send SMS to
    /// thousands of phones).
    pub codes_per_address_per_hour: u32,
    /// Code requests per hour from everyone together: the SMS budget of the deployment.
    pub codes_per_hour_total: u32,
    /// Sign-in attempts per phone *from one client address* per [`Limits::sign_in_window_secs`]
    /// (a stranger's attempts do not count against the owner's own).
    pub sign_in_attempts: u32,
    pub sign_in_window_secs: i64,
    /// Wrong codes per phone (from all addresses together) per sign-in window: the bound on
    /// guessing a phone's codes from many addresses.
    pub wrong_codes_per_phone: u32,
    /// Wrong codes per client address (for all phones together) per sign-in window.
    pub wrong_codes_per_address: u32,
    /// Messages a user may create per hour.
    pub messages_per_hour: u32,
    /// Follow-ups a user may post per hour.
    pub follow_ups_per_hour: u32,
    /// Polls a staff member may create per hour.
    pub polls_per_hour: u32,
    /// Votes a user may cast per hour (in as many polls).
    pub votes_per_hour: u32,
    /// Uploads per user per hour.
    pub uploads_per_hour: u32,
    /// Stream tickets per user per hour (one per (re)connection of the live stream).
    pub stream_tickets_per_hour: u32,
    /// Bytes of uploads one user may have stored (413 `quota-exceeded` past it).
    pub upload_quota_bytes: i64,
    /// Live notification streams per user: opening one more closes that user's oldest.
    pub streams_per_user: u32,
    /// Live notification streams in all: beyond it, 429 with `Retry-After` (the app tries again later).
    pub streams_total: u32,
    /// API requests per client address: a burst of this many, refilled at
    /// [`Limits::api_per_minute`].
    pub api_burst: u32,
    pub api_per_minute: u32,
    /// Where that limit is counted: `Some(true)` in the database (instances share it),
    /// `Some(false)` in each process's memory, `None` as the database suggests — in it on
    /// PostgreSQL, in memory on SQLite (security.rs says why). `--api-limit`.
    pub api_limit_in_database: Option<bool>,
    /// Comments a user may post per day, and the seconds between two of them.
    pub comments_per_day: u32,
    pub comment_interval_secs: i64,
    /// Likes a user may give per day.
    pub likes_per_day: u32,
    /// Reports a user may make per hour.
    pub reports_per_hour: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            code_interval_secs: 60,
            codes_per_hour: 5,
            // Generous per address: many phones share one address behind a carrier's NAT.
            codes_per_address_per_hour: 30,
            codes_per_hour_total: 1000,
            sign_in_attempts: 10,
            sign_in_window_secs: 15 * 60,
            wrong_codes_per_phone: 20,
            wrong_codes_per_address: 50,
            messages_per_hour: 10,
            follow_ups_per_hour: 30,
            polls_per_hour: 20,
            votes_per_hour: 60,
            uploads_per_hour: 30,
            stream_tickets_per_hour: 600,
            // 40 photos at the largest size; the app sends photos of a few hundred KiB
            upload_quota_bytes: 200 * 1024 * 1024,
            streams_per_user: 4,
            streams_total: 5000,
            api_burst: 300,
            api_per_minute: 600,
            api_limit_in_database: None,
            comments_per_day: participation::COMMENTS_PER_DAY,
            comment_interval_secs: participation::COMMENT_INTERVAL_SECS,
            likes_per_day: participation::LIKES_PER_DAY,
            reports_per_hour: 30,
        }
    }
}

impl Limits {
    /// `--relaxed-limits` (automated tests only): every count × 1000, no code interval.
    pub fn relaxed() -> Self {
        let d = Limits::default();
        Limits {
            code_interval_secs: 0,
            codes_per_hour: d.codes_per_hour * 1000,
            codes_per_address_per_hour: d.codes_per_address_per_hour * 1000,
            codes_per_hour_total: d.codes_per_hour_total * 1000,
            sign_in_attempts: d.sign_in_attempts * 1000,
            sign_in_window_secs: d.sign_in_window_secs,
            wrong_codes_per_phone: d.wrong_codes_per_phone * 1000,
            wrong_codes_per_address: d.wrong_codes_per_address * 1000,
            messages_per_hour: d.messages_per_hour * 1000,
            follow_ups_per_hour: d.follow_ups_per_hour * 1000,
            polls_per_hour: d.polls_per_hour * 1000,
            votes_per_hour: d.votes_per_hour * 1000,
            uploads_per_hour: d.uploads_per_hour * 1000,
            stream_tickets_per_hour: d.stream_tickets_per_hour * 1000,
            upload_quota_bytes: d.upload_quota_bytes * 1000,
            streams_per_user: d.streams_per_user * 1000,
            streams_total: d.streams_total * 1000,
            api_burst: d.api_burst * 1000,
            api_per_minute: d.api_per_minute * 1000,
            api_limit_in_database: d.api_limit_in_database,
            comments_per_day: d.comments_per_day * 1000,
            comment_interval_secs: 0,
            likes_per_day: d.likes_per_day * 1000,
            reports_per_hour: d.reports_per_hour * 1000,
        }
    }
}

impl Config {
    /// `--demo`: who the demo server says it is, where the command line did not say.
    pub fn with_demo_identity(mut self) -> Self {
        if self.name.is_empty() {
            self.name = demo::DEMO_BODY.into();
        }
        if self.township.is_empty() {
            self.township = demo::DEMO_TOWNSHIP.into();
        }
        if self.emblem.is_none() {
            self.emblem = Some(emblem::URL.into());
        }
        self
    }
}

/// Shared state of the handlers.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    db: Db,
    config: Config,
    /// `i64::MIN`: no override (use `config.fixed_now` or the clock).
    now_override: AtomicI64,
    /// Open notification streams, by user.
    hub: Arc<notify::Hub>,
    /// API requests per client address.
    api_limiter: Arc<security::ApiLimiter>,
    /// The last `/responsiveness` table and what it was computed from.
    responsiveness: Mutex<Option<stats::CachedTable>>,
    /// The last drawing of 首页 for a first visit ([`first_screen`]).
    first_screen: first_screen::Cache,
    /// WeChat's token and ticket, kept as WeChat requires (when configured).
    wechat: Option<wechat::Tickets>,
    /// Shutdown began ([`AppState::begin_shutdown`]).
    shutting_down: std::sync::atomic::AtomicBool,
    /// This instance among those on the same database: random, made at start (the holder of
    /// the periodic jobs' leases, [`jobs`]).
    instance_id: String,
}

impl AppState {
    pub fn new(db: Db, config: Config) -> Self {
        let hub = notify::Hub::new();
        if config.sms.is_some() {
            hub.enable_sms(i64::from(config.tz_offset_minutes) * 60);
        }
        if config.web_push.is_some() {
            hub.enable_push();
        }
        let wechat = config.wechat.clone().map(wechat::Tickets::new);
        AppState(Arc::new(Inner {
            api_limiter: security::limiter(&config.limits, &db),
            db,
            config,
            now_override: AtomicI64::new(i64::MIN),
            hub: Arc::new(hub),
            responsiveness: Mutex::new(None),
            first_screen: Mutex::new(None),
            wechat,
            shutting_down: std::sync::atomic::AtomicBool::new(false),
            instance_id: jobs::new_instance_id(),
        }))
    }

    /// This instance's id (random, made by [`AppState::new`]): whose leases of the periodic
    /// jobs are whose ([`jobs`]).
    pub fn instance_id(&self) -> &str {
        &self.0.instance_id
    }

    /// Moves this server's "now" (tests: expire codes and sessions). Every clone of the
    /// state (every request) sees it.
    pub fn set_now(&self, now: i64) {
        self.0.now_override.store(now, Ordering::SeqCst);
    }

    /// Shutdown began (SIGTERM or SIGINT): `/readyz` answers 503 from now on, so that the load
    /// balancer sends this instance nothing more, and every live notification stream ends —
    /// its client reconnects, through the load balancer to another instance, and gets what it
    /// missed replayed from its Last-Event-ID. The listener stops and the requests in flight
    /// finish in [`serve::serve_graceful`]. Calling it again does nothing more.
    pub fn begin_shutdown(&self) {
        self.0.shutting_down.store(true, Ordering::SeqCst);
        self.0.hub.close_all();
    }

    /// Whether [`AppState::begin_shutdown`] was called.
    pub fn shutting_down(&self) -> bool {
        self.0.shutting_down.load(Ordering::SeqCst)
    }

    pub fn db(&self) -> &Db {
        &self.0.db
    }

    pub fn config(&self) -> &Config {
        &self.0.config
    }

    /// The hub of the live notification streams.
    /// WeChat's token and ticket (`None`: no official account configured).
    pub fn wechat(&self) -> Option<&wechat::Tickets> {
        self.0.wechat.as_ref()
    }

    pub fn hub(&self) -> &Arc<notify::Hub> {
        &self.0.hub
    }

    /// The per-address limiter of API requests.
    pub fn api_limiter(&self) -> &security::ApiLimiter {
        &self.0.api_limiter
    }

    /// The cached `/responsiveness` table.
    pub fn responsiveness_cache(&self) -> &Mutex<Option<stats::CachedTable>> {
        &self.0.responsiveness
    }

    /// The last drawing of 首页 for a first visit.
    pub fn first_screen_cache(&self) -> &first_screen::Cache {
        &self.0.first_screen
    }

    /// The township's offset from UTC in seconds.
    pub fn tz_secs(&self) -> i64 {
        i64::from(self.0.config.tz_offset_minutes) * 60
    }

    /// The township's day number (days since 1970-01-01 in its time zone) at `t`.
    pub fn local_day(&self, t: i64) -> i64 {
        (t + self.tz_secs()).div_euclid(clock::DAY)
    }

    /// The current time in Unix seconds.
    pub fn now(&self) -> i64 {
        match self.0.now_override.load(Ordering::SeqCst) {
            i64::MIN => self.0.config.fixed_now.unwrap_or_else(clock::now_secs),
            t => t,
        }
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

/// Cache rules of API answers, unless a handler set its own: revalidated every time
/// (`no-cache`), and an answer to a request with a token is the user's alone — `private` keeps
/// it out of shared caches (a proxy, a CDN) and `Vary: Authorization` keeps one user's copy
/// from answering another's request.
async fn private_answers(req: axum::extract::Request, next: middleware::Next) -> axum::response::Response {
    let with_token = req.headers().contains_key(header::AUTHORIZATION);
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    if !headers.contains_key(header::CACHE_CONTROL) {
        let rule = if with_token { "private, no-cache" } else { "no-cache" };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(rule));
    }
    if with_token {
        headers.append(header::VARY, HeaderValue::from_static("Authorization"));
    }
    res
}

/// The `Idempotency-Key` that `--bench-fresh-keys` replaces.
pub const FRESH_KEY: &str = "fresh";

/// `--bench-fresh-keys`: a request whose `Idempotency-Key` is [`FRESH_KEY`] gets a new random
/// key instead. A load generator sends the same headers with every request; with one key all
/// but the first create would replay the stored answer. With a fresh key each is a real create
/// (the key's lookup misses, the answer is stored), as a user's every new draft is.
async fn fresh_keys(mut req: axum::extract::Request, next: middleware::Next) -> axum::response::Response {
    let fresh = req
        .headers()
        .get(idempotency::HEADER)
        .is_some_and(|v| v.as_bytes() == FRESH_KEY.as_bytes());
    if fresh {
        if let Some(key) = auth::random_hex_id()
            .ok()
            .and_then(|id| HeaderValue::from_str(&format!("{FRESH_KEY}-{id}")).ok())
        {
            req.headers_mut().insert(idempotency::HEADER, key);
        }
    }
    next.run(req).await
}

/// The whole application: `/api/v1/...`, `/media/...`, the web app, and the checks of a load
/// balancer (`/healthz`, `/readyz`: [`ops`]); every request with an id and its span.
pub fn app(state: AppState) -> Router {
    let base = state.config().base_path.clone();
    base_path::nest(base, at_root(state))
}

/// [`app`] at the root of the origin.
fn at_root(state: AppState) -> Router {
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
            HeaderName::from_static("last-event-id"),
        ])
        .expose_headers([header::ETAG, header::LOCATION, header::RETRY_AFTER])
        .max_age(Duration::from_secs(3600));

    let api = Router::new()
        .nest(contract::API_PREFIX, routes::router())
        .route("/api", any(problem::api_not_found))
        .route("/api/", any(problem::api_not_found))
        .route("/api/{*rest}", any(problem::api_not_found));
    let api = if state.config().bench_fresh_keys {
        api.layer(middleware::from_fn(fresh_keys))
    } else {
        api
    };
    let api = api
        // (streams only have to open within it)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::limit_api,
        ))
        .layer(middleware::from_fn(problem::problem_safety_net))
        .layer(middleware::from_fn(private_answers))
        .layer(cors);

    let ops_state = state.clone();
    let router = Router::new()
        .merge(api)
        .merge(routes::media::router())
        .merge(ops::router())
        .fallback(static_files::serve)
        .with_state(state)
        .layer(CompressionLayer::new().compress_when(SizeAbove::new(256).and(CompressibleType)))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static(security::REFERRER_POLICY),
        ))
        .layer(CatchPanicLayer::custom(problem::panic_response));
    ops::instrument(router, &ops_state)
}
