//! The one typed HTTP client of the app.
//!
//! Every call goes through [`get_body`]: base URL from `config.json`, a time limit per
//! attempt (AbortSignal), retries with backoff for transient failures, one error type
//! ([`ApiError`]), and cancellation when the screen that asked goes away; then
//! [`decode_body`] reads the answer into the contract type of the endpoint.

pub mod decode;
pub mod decode_auth;
pub mod decode_messages;
pub mod decode_notifications;
pub mod decode_people;
pub mod encode;
mod error;
pub mod json;
pub mod url;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use contract::{ArticleKind, Problem, API_PREFIX};
use leptos::prelude::on_cleanup;
use send_wrapper::SendWrapper;
use serde::{Deserialize, Serialize};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

pub use error::{backoff_ms, ApiError};

/// Time limit of one attempt.
const TIMEOUT_MS: u32 = 15_000;
/// Attempts of a GET before giving up (transient errors only).
const MAX_ATTEMPTS: u32 = 3;

thread_local! {
    static API_BASE: RefCell<String> = const { RefCell::new(String::new()) };
    /// Bearer token of the signed-in user (set by `state::session`).
    static TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Told when a request that carried the token got 401 (expired or revoked).
    static ON_UNAUTHORIZED: RefCell<Option<Rc<dyn Fn()>>> = const { RefCell::new(None) };
}

/// Sets (or clears) the bearer token sent with every request.
pub fn set_token(token: Option<String>) {
    TOKEN.with(|t| *t.borrow_mut() = token);
}

/// Whether requests carry a token now.
pub fn has_token() -> bool {
    TOKEN.with(|t| t.borrow().is_some())
}

/// Registers what to do when the backend answers 401 to a request that carried the token
/// (the session expired or was revoked): the session state signs the user out locally and
/// asks them to sign in again.
pub fn set_on_unauthorized(f: impl Fn() + 'static) {
    ON_UNAUTHORIZED.with(|h| *h.borrow_mut() = Some(Rc::new(f)));
}

fn unauthorized() {
    if let Some(f) = ON_UNAUTHORIZED.with(|h| h.borrow().clone()) {
        f();
    }
}

/// Runtime configuration, read from `/config.json` so that one build can talk to any backend.
#[derive(Debug, Default, PartialEq, Deserialize, Serialize)]
pub(crate) struct Config {
    /// Origin (and optional path prefix) of the backend; empty = the app's own origin.
    #[serde(default)]
    api_base: String,
}

impl decode::FromJson for Config {
    fn from_json(v: &json::J) -> Option<Self> {
        let f = decode::Fields::of(v)?;
        f.end(1)?;
        Some(Config { api_base: decode::def(f.get(0, "api_base")?, decode::string)? })
    }
}

/// Loads `config.json` once at start. Missing or broken config falls back to the app's origin.
pub async fn load_config() {
    let outcome = fetch_text("/config.json", 5_000, &Canceller::default()).await;
    let config = match outcome {
        Ok((200, body, _)) => decode::decode::<Config>(&body).unwrap_or_default(),
        _ => Config::default(),
    };
    API_BASE.with(|b| *b.borrow_mut() = url::normalise_base(&config.api_base));
}

/// The configured API base (without trailing slash).
pub fn base() -> String {
    API_BASE.with(|b| b.borrow().clone())
}

/// Resolves a URL from the API (image, attachment) for use in the page; `None` if unsafe.
pub fn media_url(raw: &str) -> Option<String> {
    url::resolve(&base(), raw)
}

/// Cancels in-flight requests: aborted when the owning screen is cleaned up.
#[derive(Clone, Default)]
pub struct Canceller {
    cancelled: Rc<Cell<bool>>,
    controllers: Rc<RefCell<Vec<web_sys::AbortController>>>,
}

impl Canceller {
    /// A canceller tied to the current reactive owner (screen, resource): when the owner is
    /// cleaned up, its requests are aborted.
    pub fn for_owner() -> Self {
        let c = Canceller::default();
        let handle = SendWrapper::new(c.clone());
        on_cleanup(move || handle.cancel());
        c
    }

    pub fn cancel(&self) {
        self.cancelled.set(true);
        for c in self.controllers.borrow_mut().drain(..) {
            c.abort();
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.get()
    }
}

/// Whether the browser says it is online (true where it cannot tell).
pub fn is_online() -> bool {
    web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true)
}

/// A `setTimeout` that is cleared when dropped.
struct Timer {
    handle: Option<i32>,
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    fn new(ms: u32, f: impl FnMut() + 'static) -> Timer {
        let callback = Closure::<dyn FnMut()>::new(f);
        let handle = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(callback.as_ref().unchecked_ref(), ms as i32).ok()
        });
        Timer { handle, _callback: callback }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        if let (Some(handle), Some(w)) = (self.handle, web_sys::window()) {
            w.clear_timeout_with_handle(handle);
        }
    }
}

/// Waits `ms` milliseconds.
async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let scheduled = web_sys::window()
            .and_then(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32).ok());
        if scheduled.is_none() {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// A request to make: method, body (a JSON string or a Blob) and its content type, and an
/// `Idempotency-Key`.
struct Req<'a> {
    method: &'a str,
    body: Option<(JsValue, &'a str)>,
    idempotency_key: Option<&'a str>,
    /// Send the bearer token (API requests; not `config.json`).
    auth: bool,
    /// This token instead of the current one (signing out sends the token being dropped).
    token: Option<&'a str>,
}

const GET: Req<'static> = Req { method: "GET", body: None, idempotency_key: None, auth: true, token: None };

/// A file of the app itself (not the API), e.g. `/en-<hash>.txt`: its text, if it came (200).
pub async fn fetch_static(path: &str) -> Option<String> {
    match fetch_text(path, TIMEOUT_MS, &Canceller::default()).await {
        Ok((200, body, _)) => Some(body),
        _ => None,
    }
}

/// One request with a time limit. Returns status, body and `Retry-After` seconds.
async fn fetch_text(url: &str, timeout_ms: u32, canceller: &Canceller) -> Result<(u16, String, Option<u32>), ApiError> {
    fetch_req(url, &Req { auth: false, ..GET }, timeout_ms, canceller).await
}

async fn fetch_req(
    url: &str,
    req: &Req<'_>,
    timeout_ms: u32,
    canceller: &Canceller,
) -> Result<(u16, String, Option<u32>), ApiError> {
    if canceller.is_cancelled() {
        return Err(ApiError::Aborted);
    }
    let window = web_sys::window().ok_or_else(|| ApiError::Network("no window".into()))?;
    let controller = web_sys::AbortController::new().map_err(|_| ApiError::Network("AbortController".into()))?;
    canceller.controllers.borrow_mut().push(controller.clone());
    let timed_out = Rc::new(Cell::new(false));
    let _timer = {
        let timed_out = timed_out.clone();
        let controller = controller.clone();
        Timer::new(timeout_ms, move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let classify = |e: JsValue| {
        if canceller.is_cancelled() {
            ApiError::Aborted
        } else if timed_out.get() {
            ApiError::Timeout
        } else if !is_online() {
            ApiError::Offline
        } else {
            ApiError::Network(e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_default())
        }
    };
    let init = web_sys::RequestInit::new();
    init.set_method(req.method);
    let sent_token = match req.token {
        Some(t) => Some(t.to_string()),
        None => req.auth.then(|| TOKEN.with(|t| t.borrow().clone())).flatten(),
    };
    if let Ok(headers) = web_sys::Headers::new() {
        let _ = headers.set("Accept", "application/json");
        if let Some(token) = &sent_token {
            let _ = headers.set("Authorization", &format!("Bearer {token}"));
        }
        if let Some((body, content_type)) = &req.body {
            let _ = headers.set("Content-Type", content_type);
            init.set_body(body);
        }
        if let Some(key) = req.idempotency_key {
            let _ = headers.set("Idempotency-Key", key);
        }
        init.set_headers(&headers);
    }
    init.set_signal(Some(&controller.signal()));
    let response: web_sys::Response =
        JsFuture::from(window.fetch_with_str_and_init(url, &init)).await.map_err(classify)?.unchecked_into();
    let status = response.status();
    if status == 401 && sent_token.is_some() && req.token.is_none() {
        unauthorized();
    }
    let retry_after =
        response.headers().get("retry-after").ok().flatten().and_then(|v| v.trim().parse::<u32>().ok());
    let body = JsFuture::from(response.text().map_err(classify)?).await.map_err(classify)?;
    Ok((status, body.as_string().unwrap_or_default(), retry_after))
}

/// GET `API_PREFIX + path`: the body of a 2xx answer; retries transient failures with backoff.
/// (Not generic, so that one copy of the request and retry logic serves every endpoint; the
/// caller decodes the body with [`decode_body`].)
pub async fn get_body(path: &str, canceller: &Canceller) -> Result<String, ApiError> {
    request(path, &GET, canceller).await
}

/// A write: `method` (POST, PUT, PATCH, DELETE) to `API_PREFIX + path` with a JSON body (from
/// [`encode::Obj`]); the body of the 2xx answer. With an `idempotency_key` (required by the
/// contract on creates) transient failures are retried like a GET, since the backend answers
/// a repeat with the first result; without one it is tried once.
pub async fn send(
    method: &str,
    path: &str,
    json: Option<String>,
    idempotency_key: Option<&str>,
    canceller: &Canceller,
) -> Result<String, ApiError> {
    let body = json.map(|j| (JsValue::from_str(&j), "application/json"));
    request(path, &Req { method, body, idempotency_key, auth: true, token: None }, canceller).await
}

/// `DELETE /auth/session` with the token being dropped (the client's token is already gone).
pub async fn sign_out(token: &str) -> Result<String, ApiError> {
    let req = Req { method: "DELETE", body: None, idempotency_key: None, auth: true, token: Some(token) };
    request("/auth/session", &req, &Canceller::default()).await
}

/// The current bearer token (to hand to [`sign_out`]).
pub fn token() -> Option<String> {
    TOKEN.with(|t| t.borrow().clone())
}

/// Uploads bytes (a photo) with their content type: POST `API_PREFIX + path`, tried once.
pub async fn upload(path: &str, blob: &web_sys::Blob, content_type: &str, canceller: &Canceller) -> Result<String, ApiError> {
    let body = Some((JsValue::from(blob.clone()), content_type));
    request(path, &Req { method: "POST", body, idempotency_key: None, auth: true, token: None }, canceller).await
}

async fn request(path: &str, req: &Req<'_>, canceller: &Canceller) -> Result<String, ApiError> {
    let url = format!("{}{}{}", base(), API_PREFIX, path);
    let is_get = req.method == "GET";
    let retries = is_get || req.idempotency_key.is_some();
    let mut attempt = 1;
    loop {
        let result = fetch_req(&url, req, TIMEOUT_MS, canceller).await.and_then(|(status, body, retry_after)| {
            if (200..300).contains(&status) {
                Ok(body)
            } else {
                let problem = decode::decode::<Problem>(&body);
                Err(ApiError::Http { status, problem, retry_after })
            }
        });
        match result {
            // A rate-limited write is reported (the user is told when to try again).
            Err(e)
                if retries
                    && e.is_transient()
                    && (is_get || !e.is_rate_limited())
                    && attempt < MAX_ATTEMPTS
                    && !canceller.is_cancelled() =>
            {
                sleep(backoff_ms(attempt, &e)).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// Decodes the body of an answer as the contract says.
pub fn decode_body<T: decode::FromJson>(body: Result<String, ApiError>) -> Result<T, ApiError> {
    decode::decode::<T>(&body?).ok_or_else(|| ApiError::Decode("not the JSON the contract describes".into()))
}

// ---------------------------------------------------------------------------
// Endpoints: the path of each (fetched with `get_body`, read with `decode_body`)
// ---------------------------------------------------------------------------

/// Filters of an article list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ArticleFilter {
    pub kind: Option<ArticleKind>,
    pub category: Option<String>,
    pub q: Option<String>,
}

/// A page of articles: `Page<ArticleSummary>`.
pub fn articles(filter: &ArticleFilter, cursor: Option<&str>) -> String {
    url::with_query(
        "/articles",
        &[
            ("kind", filter.kind.map(|k| k.as_str())),
            ("category", filter.category.as_deref()),
            ("q", filter.q.as_deref()),
            ("cursor", cursor),
        ],
    )
}

/// One article: `Article`.
pub fn article(id: &str) -> String {
    format!("/articles/{}", url::encode_component(id))
}

/// The categories of a kind: `Page<Category>`.
pub fn categories(kind: ArticleKind) -> String {
    url::with_query("/categories", &[("kind", Some(kind.as_str()))])
}

/// A page of events: `Page<EventSummary>`.
pub fn events(cursor: Option<&str>) -> String {
    url::with_query("/events", &[("cursor", cursor)])
}

/// One event: `Event`.
pub fn event(id: &str) -> String {
    format!("/events/{}", url::encode_component(id))
}

/// Who the backend is: `Meta`.
pub const META: &str = "/meta";

// Sign-in, people, messages (issue 3). Bodies are written with `decode_auth` /
// `decode_messages` encoders; answers are decoded as the contract type named.

/// `POST`: `CodeRequest` → `CodeSent`.
pub const AUTH_CODES: &str = "/auth/codes";
/// `POST`: `SignIn` → `Session`.
pub const AUTH_SESSIONS: &str = "/auth/sessions";
/// `GET`: `User`.
pub const ME: &str = "/me";
/// `GET`: `Page<Station>`.
pub const STATIONS: &str = "/stations";
/// `GET`: `Page<Department>`.
pub const DEPARTMENTS: &str = "/departments";
/// `GET`: `ResponsivenessTable`.
pub const RESPONSIVENESS: &str = "/responsiveness";
/// `GET`: `Page<MessageCategory>`.
pub const MESSAGE_CATEGORIES: &str = "/message-categories";
/// `POST` (image bytes): `Upload`.
pub const UPLOADS: &str = "/uploads";
/// `POST` (`NewMessage`, Idempotency-Key): `Message`.
pub const MESSAGES: &str = "/messages";

/// One station: `Station`.
pub fn station(id: &str) -> String {
    format!("/stations/{}", url::encode_component(id))
}

/// A page of deputies: `Page<DeputySummary>`.
pub fn deputies(station: Option<&str>, q: Option<&str>, cursor: Option<&str>) -> String {
    url::with_query("/deputies", &[("station", station), ("q", q), ("cursor", cursor)])
}

/// One deputy: `Deputy`.
pub fn deputy(id: &str) -> String {
    format!("/deputies/{}", url::encode_component(id))
}

/// The deputy of a QR short code: `Deputy`.
pub fn deputy_by_code(code: &str) -> String {
    format!("/deputies/by-code/{}", url::encode_component(code))
}

/// Which message list: `Page<MessageSummary>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageList {
    /// The signed-in user's own messages.
    Mine,
    /// The public board.
    Board,
    /// A handler's inbox.
    Inbox,
    /// Staff's triage queue.
    Triage,
}

/// A page of messages: `Page<MessageSummary>`; `status` as in the contract (`open`, or a status).
pub fn messages(list: MessageList, status: Option<&str>, category: Option<&str>, cursor: Option<&str>) -> String {
    let base = match list {
        MessageList::Mine => "/messages/mine",
        MessageList::Board => "/board",
        MessageList::Inbox => "/inbox",
        MessageList::Triage => "/triage",
    };
    url::with_query(base, &[("status", status), ("category", category), ("cursor", cursor)])
}

/// One message, or an action on it (`action` = "" | "triage" | "replies" | "follow-ups" |
/// "status" | "plan" | "hand-over" | "rating" | "reopen"): `Message`.
pub fn message(id: &str, action: &str) -> String {
    let mut p = format!("/messages/{}", url::encode_component(id));
    if !action.is_empty() {
        p.push('/');
        p.push_str(action);
    }
    p
}

/// Ticking off a plan step: `Message`.
pub fn plan_step_done(id: &str, step_id: &str) -> String {
    format!("/messages/{}/plan/{}/done", url::encode_component(id), url::encode_component(step_id))
}

/// `GET`: `UnreadCount` (the badge).
pub const NOTIFICATIONS_UNREAD: &str = "/notifications/unread-count";
/// `POST` (`ReadAll`): `UnreadCount`.
pub const NOTIFICATIONS_READ_ALL: &str = "/notifications/read-all";
/// `GET` / `PUT`: `NotificationPreferences`.
pub const NOTIFICATION_PREFERENCES: &str = "/notification-preferences";
/// `POST`: `StreamTicket` (opens the live stream once).
pub const STREAM_TICKETS: &str = "/notifications/stream-tickets";

/// A page of the user's notifications: `Page<Notification>`. Newest first; with `after`
/// (catch-up) the ones after that id, oldest first.
pub fn notifications(unread: bool, after: Option<&str>, cursor: Option<&str>, limit: Option<&str>) -> String {
    let unread = unread.then_some("true");
    url::with_query("/notifications", &[("unread", unread), ("after", after), ("cursor", cursor), ("limit", limit)])
}

/// Marks one notification read: `UnreadCount`.
pub fn notification_read(id: &str) -> String {
    format!("/notifications/{}/read", url::encode_component(id))
}

/// The full URL of the live stream (for `EventSource`): a one-time ticket, and the id of the
/// last notification seen so that the backend replays what came after it.
pub fn stream_url(ticket: &str, last_event_id: Option<&str>) -> String {
    let path = url::with_query("/notifications/stream", &[("ticket", Some(ticket)), ("last_event_id", last_event_id)]);
    format!("{}{}{}", base(), API_PREFIX, path)
}
