//! Running several instances behind a load balancer (issue 17, operations): the health and
//! readiness checks, the request id, and the logs.
//!
//! * `GET /healthz` (liveness: the process answers) and `GET /readyz` (readiness: the database
//!   answers a trivial query, its schema is this server's, and shutdown has not begun), at the
//!   server's root. They are about one instance, not about the API: a load balancer or an
//!   orchestrator asks each instance directly, the app never does, and another backend of the
//!   contract checks its own instances its own way — so they are not in `api/openapi.json`.
//!   Outside `/api/v1` they are also outside its per-address limit (a load balancer probing
//!   every few seconds from one address must never be refused) and its CORS.
//! * Every request gets an id, `X-Request-Id`: a valid one sent by a trusted proxy
//!   (`--trusted-proxies`) is kept, so that the proxy's log and ours name the same request;
//!   otherwise a new UUID. It is answered in `X-Request-Id` and is a field of the request's
//!   span, so that every log line of the request carries it (tower-http's request-id and trace
//!   layers).
//! * The logs: text or JSON lines ([`LogFormat`], `--log-format`), from [`subscriber`], which
//!   the binary installs and the tests capture. A request's span names its method and path —
//!   never its query (a stream ticket, a search), its headers (the bearer token) or its body.

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tracing::Span;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::EnvFilter;

use crate::problem::{problem_response, status_problem};
use crate::AppState;

/// The liveness path.
pub const HEALTH_PATH: &str = "/healthz";
/// The readiness path.
pub const READY_PATH: &str = "/readyz";

/// The request id header, asked and answered.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The longest request id kept from a proxy.
pub const REQUEST_ID_MAX: usize = 128;

/// Readiness waits this long for the database; slower is not ready (a load balancer's probe
/// has its own timeout, typically 2–5 s: answer before it).
pub const READY_TIMEOUT: Duration = Duration::from_secs(2);

/// The routes of the checks (merged at the root by [`crate::app`]).
pub fn router() -> Router<AppState> {
    Router::new()
        .route(HEALTH_PATH, get(healthz))
        .route(READY_PATH, get(readyz))
}

/// Marks an answer of the checks: its request is logged at DEBUG, not INFO (a load balancer
/// probes every instance every few seconds; those lines would drown the others).
#[derive(Clone, Copy, Debug)]
struct Probe;

fn probe_answer(status: StatusCode, mut res: Response) -> Response {
    *res.status_mut() = status;
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res.extensions_mut().insert(Probe);
    res
}

fn not_ready(detail: &str) -> Response {
    let res = problem_response(status_problem(StatusCode::SERVICE_UNAVAILABLE, Some(detail.into())));
    probe_answer(StatusCode::SERVICE_UNAVAILABLE, res)
}

/// `GET /healthz`: the process is up and answers. Nothing else is looked at — a database that
/// does not answer makes the instance not *ready*, but restarting the process would not mend it.
async fn healthz() -> Response {
    probe_answer(StatusCode::OK, Json(serde_json::json!({ "status": "ok" })).into_response())
}

/// `GET /readyz`: 200 when this instance should get requests — shutdown has not begun, the
/// database answers `SELECT 1` within [`READY_TIMEOUT`] and has every migration of this
/// server; else 503 (problem+json) saying which. The 200 also says which instance answered
/// (its id, as its log's first lines) and which periodic jobs it runs now — the ones whose
/// lease it holds ([`crate::jobs`]): whoever runs several instances can see that each job runs
/// on one of them, and on which.
async fn readyz(State(state): State<AppState>) -> Response {
    if state.shutting_down() {
        return not_ready("The server is shutting down.");
    }
    // A read-only connection: a probe must not queue behind the writer (a long write would
    // take every instance out of the pool at once), and it is the reads' path that must work.
    let (me, now) = (state.instance_id().to_owned(), state.now());
    let check = state.db().read(move |conn| {
        conn.query_row("SELECT 1", (), |r| r.get::<_, i64>(0))?;
        if !crate::db::migrations_applied(conn)? {
            return Ok(None);
        }
        Ok(Some(crate::jobs::held_by(conn, &me, now)?))
    });
    match tokio::time::timeout(READY_TIMEOUT, check).await {
        Ok(Ok(Some(jobs))) => probe_answer(
            StatusCode::OK,
            Json(serde_json::json!({ "status": "ready", "instance": state.instance_id(), "jobs": jobs })).into_response(),
        ),
        Ok(Ok(None)) => not_ready("The database's schema version is not this server's."),
        Ok(Err(e)) => {
            tracing::warn!("readiness: the database failed: {e:?}");
            not_ready("The database does not answer.")
        }
        Err(_) => {
            tracing::warn!("readiness: the database did not answer within {} s", READY_TIMEOUT.as_secs());
            not_ready("The database does not answer in time.")
        }
    }
}

/// A request id worth keeping: 1–[`REQUEST_ID_MAX`] characters of letters, digits and
/// `-_.:` (a UUID, nginx's `$request_id`, most proxies' ids). Anything else is replaced: it
/// goes into every log line of the request.
pub fn valid_request_id(v: &HeaderValue) -> bool {
    let b = v.as_bytes();
    !b.is_empty()
        && b.len() <= REQUEST_ID_MAX
        && b.iter().all(|c| c.is_ascii_alphanumeric() || b"-_.:".contains(c))
}

/// Keeps an incoming `X-Request-Id` only when it is valid, single, and comes from a trusted
/// proxy (the peer is one of `--trusted-proxies`); otherwise drops it, and
/// [`SetRequestIdLayer`] makes a new one. A client cannot choose the id its requests are
/// logged under (it could make its requests look like someone else's).
async fn vet_request_id(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let trusted = peer.is_some_and(|ip| state.config().proxy.is_trusted(ip));
    let mut ids = req.headers().get_all(&REQUEST_ID).iter();
    let keep = trusted && ids.next().is_some_and(valid_request_id) && ids.next().is_none();
    if !keep {
        req.headers_mut().remove(&REQUEST_ID);
    }
    next.run(req).await
}

/// The span of a request: its id, method and path (not the query: a stream ticket, a search).
fn request_span(req: &axum::http::Request<Body>) -> Span {
    let id = req.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("");
    tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path())
}

/// One line per answer, in the request's span: its status and time.
fn log_answer(res: &Response, latency: Duration, _span: &Span) {
    let (status, ms) = (res.status().as_u16(), latency.as_millis() as u64);
    if res.extensions().get::<Probe>().is_some() {
        tracing::debug!(status, ms, "answered");
    } else {
        tracing::info!(status, ms, "answered");
    }
}

/// Wraps the whole application: the request id (vetted, else made), the request's span and
/// its answer's log line, and `X-Request-Id` in the answer.
pub fn instrument(router: Router, state: &AppState) -> Router {
    router
        // (innermost of the four: the answer gets the id the request was given)
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_request(())
                .on_response(log_answer)
                // a 500 is logged where it happens (problem.rs), with its reason
                .on_failure(()),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(middleware::from_fn_with_state(state.clone(), vet_request_id))
}

/// `--log-format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// Human-readable lines (a terminal, `journalctl`).
    #[default]
    Text,
    /// One JSON object per line (a log collector): `timestamp`, `level`, `fields.message`
    /// and the other fields, and `span` — the request's `request_id`, `method` and `path`.
    Json,
}

impl LogFormat {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "text" => Some(LogFormat::Text),
            "json" => Some(LogFormat::Json),
            _ => None,
        }
    }
}

/// What is logged unless `RUST_LOG` says otherwise.
pub const DEFAULT_FILTER: &str = "info,tower_http=warn";

/// `RUST_LOG`, else [`DEFAULT_FILTER`].
pub fn env_filter() -> EnvFilter {
    EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER))
}

/// The server's logger: `format` lines to `writer`, filtered by `filter`; colours in text
/// lines when `ansi`. The binary installs it globally (stderr); tests capture it.
pub fn subscriber<W>(format: LogFormat, filter: EnvFilter, ansi: bool, writer: W) -> Box<dyn tracing::Subscriber + Send + Sync>
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let fmt = tracing_subscriber::fmt().with_env_filter(filter).with_writer(writer).with_target(false);
    match format {
        LogFormat::Text => Box::new(fmt.with_ansi(ansi).finish()),
        // the current span only (the request's), not the list of spans around it
        LogFormat::Json => Box::new(fmt.with_ansi(false).json().with_current_span(true).with_span_list(false).finish()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_worth_keeping() {
        for ok in ["0f8e1c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b", "abc", "a.b_c:d-e", &"x".repeat(REQUEST_ID_MAX)] {
            assert!(valid_request_id(&HeaderValue::from_str(ok).unwrap()), "{ok}");
        }
        for bad in ["", "a b", "a\"b", "a{b}", "13800138000 王", &"x".repeat(REQUEST_ID_MAX + 1), "a\tb"] {
            let Ok(v) = HeaderValue::from_str(bad) else { continue };
            assert!(!valid_request_id(&v), "{bad}");
        }
        assert_eq!(LogFormat::parse("json"), Some(LogFormat::Json));
        assert_eq!(LogFormat::parse("text"), Some(LogFormat::Text));
        assert_eq!(LogFormat::parse("JSON"), None);
    }
}
