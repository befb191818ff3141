//! Making requests: gloo-net for HTTP, serde_json for the bodies, and the rules every call
//! shares — the API base from `config.json`, the bearer token, a time limit per attempt
//! (an `AbortSignal`, which also cancels a request when its screen goes away), retries with
//! backoff for transient failures honouring `Retry-After`, the 401 hook, one error type.
//!
//! The request itself ([`request`]) is not generic, so one copy of it serves every endpoint;
//! only the decoding of each answer type is (in the wasm chunk of the screen that asks for it).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use contract::{Problem, API_PREFIX};
use gloo_net::http::RequestBuilder;
use leptos::prelude::on_cleanup;
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::endpoints::{Bytes, Endpoint, Method};
use super::error::{backoff_ms, ApiError};
use super::url;

/// Time limit of one attempt.
const TIMEOUT_MS: u32 = 15_000;
/// Attempts of a GET (or an idempotent write) before giving up (transient errors only).
const MAX_ATTEMPTS: u32 = 3;

thread_local! {
    static API_BASE: RefCell<String> = const { RefCell::new(String::new()) };
    /// Bearer token of the signed-in user (set by `state::session`).
    static TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Told when a request that carried the token got 401 (expired or revoked).
    static ON_UNAUTHORIZED: RefCell<Option<Rc<dyn Fn()>>> = const { RefCell::new(None) };
    /// Told when an answer came from the service worker's saved copy (and when it was saved).
    static ON_OFFLINE_COPY: RefCell<Option<Rc<dyn Fn(u32)>>> = const { RefCell::new(None) };
}

/// Registers what to do when an answer is the copy the service worker kept, because the
/// network failed (public/sw.js marks it `X-Zsrd-Offline: <ms when saved>`): the shell says
/// "离线内容" and how old it is (seconds since the epoch; at least 1).
pub fn set_on_offline_copy(f: impl Fn(u32) + 'static) {
    ON_OFFLINE_COPY.with(|h| *h.borrow_mut() = Some(Rc::new(f)));
}

/// Sets (or clears) the bearer token sent with every request.
pub fn set_token(token: Option<String>) {
    TOKEN.with(|t| *t.borrow_mut() = token);
}

/// Whether requests carry a token now.
pub fn has_token() -> bool {
    TOKEN.with(|t| t.borrow().is_some())
}

/// The current bearer token (to hand to [`sign_out`]).
pub fn token() -> Option<String> {
    TOKEN.with(|t| t.borrow().clone())
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
    pub(crate) api_base: String,
}

/// Loads `config.json` (beside index.html) once at start. Missing or broken config falls back to the app's origin.
pub async fn load_config() {
    let config = fetch_file("config.json", 5_000)
        .await
        .and_then(|text| serde_json::from_str::<Config>(&text).ok())
        .unwrap_or_default();
    // (none: the API is where the app is, under its base path if it has one: crate::paths)
    let base = Some(url::normalise_base(&config.api_base)).filter(|b| !b.is_empty()).unwrap_or_else(crate::paths::base);
    API_BASE.with(|b| *b.borrow_mut() = base);
}

/// The configured API base (without trailing slash).
pub fn base() -> String {
    API_BASE.with(|b| b.borrow().clone())
}

/// The full URL of an API path (`API_PREFIX` + path, on the configured base).
pub fn absolute(path: &str) -> String {
    format!("{}{}{}", base(), API_PREFIX, path)
}

/// Resolves a URL from the API (image, attachment) for use in the page; `None` if unsafe.
pub fn media_url(raw: &str) -> Option<String> {
    url::resolve(&base(), raw)
}

/// Whether the browser says it is online (true where it cannot tell).
pub fn is_online() -> bool {
    web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true)
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

/// A `setTimeout` that is cleared when dropped.
struct Timer {
    handle: Option<i32>,
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    fn new(ms: u32, f: impl FnMut() + 'static) -> Timer {
        let callback = Closure::<dyn FnMut()>::new(f);
        let handle = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.as_ref().unchecked_ref(),
                ms as i32,
            )
            .ok()
        });
        Timer {
            handle,
            _callback: callback,
        }
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
pub(crate) async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let scheduled = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32)
                .ok()
        });
        if scheduled.is_none() {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// A request to make.
struct Req<'a> {
    method: Method,
    /// The full URL.
    url: &'a str,
    /// A JSON text or a Blob, and its content type.
    body: Option<(JsValue, &'a str)>,
    idempotency_key: Option<&'a str>,
    /// Send the bearer token (API requests; not `config.json`).
    auth: bool,
    /// This token instead of the current one (signing out sends the token being dropped).
    token: Option<&'a str>,
}

/// A 2xx answer's body, or what went wrong.
type Outcome = Result<String, ApiError>;

/// One attempt with a time limit: the body of a 2xx answer, else the error.
async fn attempt(req: &Req<'_>, timeout_ms: u32, canceller: &Canceller) -> Outcome {
    if canceller.is_cancelled() {
        return Err(ApiError::Aborted);
    }
    let controller =
        web_sys::AbortController::new().map_err(|_| ApiError::Network("AbortController".into()))?;
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
    let classify = |e: gloo_net::Error| {
        if canceller.is_cancelled() {
            ApiError::Aborted
        } else if timed_out.get() {
            ApiError::Timeout
        } else if !is_online() {
            ApiError::Offline
        } else {
            ApiError::Network(match e {
                gloo_net::Error::JsError(e) => e.message,
                // (a wildcard: another crate may turn on gloo-net's `json` feature and its variant)
                _ => String::new(),
            })
        }
    };
    let sent_token = match req.token {
        Some(t) => Some(t.to_string()),
        None => req.auth.then(token).flatten(),
    };
    let mut builder = RequestBuilder::new(req.url)
        .method(match req.method {
            Method::Get => gloo_net::http::Method::GET,
            Method::Post => gloo_net::http::Method::POST,
            Method::Put => gloo_net::http::Method::PUT,
            Method::Delete => gloo_net::http::Method::DELETE,
        })
        .header("Accept", "application/json")
        .abort_signal(Some(&controller.signal()));
    if let Some(token) = &sent_token {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    if let Some(key) = req.idempotency_key {
        builder = builder.header("Idempotency-Key", key);
    }
    let request = match &req.body {
        Some((body, content_type)) => builder
            .header("Content-Type", content_type)
            .body(body.clone()),
        None => builder.build(),
    }
    .map_err(classify)?;
    let response = request.send().await.map_err(classify)?;
    let status = response.status();
    if status == 401 && sent_token.is_some() && req.token.is_none() {
        unauthorized();
    }
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.trim().parse::<u32>().ok());
    let saved_copy = response.headers().get("x-zsrd-offline");
    let body = response.text().await.map_err(classify)?;
    if (200..300).contains(&status) {
        if let (Some(saved), Some(f)) = (saved_copy, ON_OFFLINE_COPY.with(|h| h.borrow().clone())) {
            // (an integer: `str::parse::<f64>` would bring the float parser into the first load)
            f(saved.trim().parse::<u64>().map_or(1, |ms| (ms / 1000).clamp(1, u32::MAX as u64) as u32));
        }
        Ok(body)
    } else {
        let problem = serde_json::from_str::<Problem>(&body).ok();
        Err(ApiError::Http {
            status,
            problem,
            retry_after,
        })
    }
}

/// A request with the retry rules: a GET, or a write with an `Idempotency-Key` (which the
/// backend answers a repeat of with the first result), is tried again after transient
/// failures; other writes once. A rate-limited write is reported at once (the user is told
/// when to try again).
async fn request(req: Req<'_>, canceller: &Canceller) -> Outcome {
    let is_get = req.method == Method::Get;
    let retries = is_get || req.idempotency_key.is_some();
    let mut n = 1;
    loop {
        match attempt(&req, TIMEOUT_MS, canceller).await {
            Err(e)
                if retries
                    && e.is_transient()
                    && (is_get || !e.is_rate_limited())
                    && n < MAX_ATTEMPTS
                    && !canceller.is_cancelled() =>
            {
                sleep(backoff_ms(n, &e)).await;
                n += 1;
            }
            other => return other,
        }
    }
}

/// Reads an answer as the endpoint's type. An empty body (204) reads as JSON `null`, so
/// that `()` and `Option<T>` answers work.
pub(crate) fn decode<T: DeserializeOwned>(body: Outcome) -> Result<T, ApiError> {
    let body = body?;
    let text = if body.trim().is_empty() {
        "null"
    } else {
        body.as_str()
    };
    serde_json::from_str(text).map_err(|e| ApiError::Decode(e.to_string()))
}

fn api_request<'a>(ep: &'a Endpoint<impl Sized, impl Sized>, url: &'a str) -> Req<'a> {
    Req {
        method: ep.method,
        url,
        body: None,
        idempotency_key: None,
        auth: true,
        token: None,
    }
}

/// The body of the answer to `method path` without a request body, undecoded (for callers
/// that keep one copy of the request code for several answer types, see `state::loader`).
pub(crate) async fn fetch_raw(method: Method, path: &str, canceller: &Canceller) -> Outcome {
    let url = absolute(path);
    let req = Req {
        method,
        url: &url,
        body: None,
        idempotency_key: None,
        auth: true,
        token: None,
    };
    request(req, canceller).await
}

/// Calls an endpoint without a request body (GETs, and the few body-less writes).
pub async fn fetch<Res: DeserializeOwned>(
    ep: Endpoint<(), Res>,
    canceller: &Canceller,
) -> Result<Res, ApiError> {
    decode(fetch_raw(ep.method, &ep.path, canceller).await)
}

/// Calls an endpoint with a JSON body. With an `idempotency_key` (the contract asks for one
/// on creates) transient failures are retried.
pub async fn send<Req: Serialize, Res: DeserializeOwned>(
    ep: Endpoint<Req, Res>,
    body: &Req,
    idempotency_key: Option<&str>,
    canceller: &Canceller,
) -> Result<Res, ApiError> {
    send_prepared(ep.with_body(body), idempotency_key, canceller).await
}

/// A request ready to send: an endpoint with its body written as JSON. (Lets one non-generic
/// piece of code send requests of several body types, e.g. the handling panel's forms.)
pub struct Prepared<Res> {
    method: Method,
    path: String,
    json: Result<String, String>,
    answer: std::marker::PhantomData<fn() -> Res>,
}

impl<Req: Serialize, Res> Endpoint<Req, Res> {
    /// This endpoint with `body`.
    pub fn with_body(self, body: &Req) -> Prepared<Res> {
        let json = serde_json::to_string(body).map_err(|e| e.to_string());
        Prepared {
            method: self.method,
            path: self.path,
            json,
            answer: std::marker::PhantomData,
        }
    }
}

/// Sends a prepared request (see [`send`]).
pub async fn send_prepared<Res: DeserializeOwned>(
    request: Prepared<Res>,
    idempotency_key: Option<&str>,
    canceller: &Canceller,
) -> Result<Res, ApiError> {
    let json = request.json.map_err(ApiError::Decode)?;
    let url = absolute(&request.path);
    let req = Req {
        method: request.method,
        url: &url,
        body: Some((JsValue::from_str(&json), "application/json")),
        idempotency_key,
        auth: true,
        token: None,
    };
    decode(self::request(req, canceller).await)
}

/// Uploads bytes (a photo) with their content type; tried once.
pub async fn upload<Res: DeserializeOwned>(
    ep: Endpoint<Bytes, Res>,
    blob: &web_sys::Blob,
    content_type: &str,
    canceller: &Canceller,
) -> Result<Res, ApiError> {
    let url = absolute(&ep.path);
    let req = Req {
        body: Some((JsValue::from(blob.clone()), content_type)),
        ..api_request(&ep, &url)
    };
    decode(request(req, canceller).await)
}

/// Ends the session of `token` (the client has already dropped it).
pub async fn sign_out(token: &str) -> Result<(), ApiError> {
    let ep = super::endpoints::sign_out();
    let url = absolute(&ep.path);
    let req = Req {
        token: Some(token),
        ..api_request(&ep, &url)
    };
    decode(request(req, &Canceller::default()).await)
}

/// A file of the app itself (not the API), e.g. `/en-<hash>.txt`: its text, if it came (2xx).
pub async fn fetch_static(path: &str) -> Option<String> {
    fetch_file(path, TIMEOUT_MS).await
}

async fn fetch_file(path: &str, timeout_ms: u32) -> Option<String> {
    let req = Req {
        method: Method::Get,
        url: path,
        body: None,
        idempotency_key: None,
        auth: false,
        token: None,
    };
    attempt(&req, timeout_ms, &Canceller::default()).await.ok()
}
