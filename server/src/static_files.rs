//! The built web app (Trunk's `dist/`): files as they are, client routes answered with
//! `index.html`, and cache headers that suit Trunk's hashed file names.

use std::path::Path;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::{security, AppState};

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const NO_CACHE: &str = "no-cache";
pub const SHORT: &str = "public, max-age=3600";

/// Files that must be revalidated on every load (they name the hashed assets).
const ALWAYS_FRESH: &[&str] = &["index.html", "config.json", "sw.js", "manifest.webmanifest"];

/// Whether a file name carries Trunk's content hash: `name-<hex>.ext`, `name-<hex>_bg.wasm`
/// or `name-<hex>_loader.js`. Trunk writes the 64-bit hash with `{:x}`, so it has 16 hex
/// digits, fewer when it begins with zeros: 12 to 16 are accepted.
pub fn is_hashed(file_name: &str) -> bool {
    let Some((stem, ext)) = file_name.rsplit_once('.') else {
        return false;
    };
    if ext.is_empty() {
        return false;
    }
    let stem = stem
        .strip_suffix("_bg")
        .or_else(|| stem.strip_suffix("_loader"))
        .unwrap_or(stem);
    let Some((name, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    !name.is_empty()
        && (12..=16).contains(&hash.len())
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The Cache-Control value for a served file name.
pub fn cache_control(file_name: &str) -> &'static str {
    if file_name.is_empty() || ALWAYS_FRESH.contains(&file_name) {
        NO_CACHE
    } else if is_hashed(file_name) {
        IMMUTABLE
    } else {
        SHORT
    }
}

fn text(status: StatusCode, body: &'static str) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, NO_CACHE),
        ],
        body,
    )
        .into_response()
}

const NOT_BUILT: &str = "The web app is not built yet, so there is nothing to show here.\n\
The API works: try /api/v1/meta.\n\
Build and serve everything with `make run` (or point --static at a Trunk dist directory).\n";

fn set_cache(res: &mut Response, value: &'static str) {
    if matches!(
        res.status(),
        StatusCode::OK | StatusCode::PARTIAL_CONTENT | StatusCode::NOT_MODIFIED
    ) {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
}

/// Fallback handler for every path no other route takes.
pub async fn serve(State(state): State<AppState>, req: Request) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        let mut res = text(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed\n");
        res.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET,HEAD"));
        return res;
    }
    let dir: &Path = &state.config().static_dir;
    if !dir.is_dir() {
        return text(StatusCode::NOT_FOUND, NOT_BUILT);
    }
    let path = req.uri().path().to_owned();
    // 首页 itself, its feed unfiltered (a share's tracking parameters are fine): drawn by the
    // server for a first visit (crate::first_screen).
    let home = path == "/" && !req.uri().query().unwrap_or("").split('&').any(|p| p.starts_with("category="));
    let agent = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let last = path.rsplit('/').next().unwrap_or("").to_owned();
    let (parts, body) = req.into_parts();
    let index_req = {
        let mut r = Request::new(Body::empty());
        *r.method_mut() = parts.method.clone();
        *r.headers_mut() = parts.headers.clone();
        r
    };
    let req = Request::from_parts(parts, body);
    // Under a path, index.html is answered with its <base> rewritten (crate::base_path), also
    // when asked for by name (the service worker's precache does) or as the directory's index.
    let base = state.config().base_path.clone();
    if home || (!base.is_empty() && (path == "/" || path == "/index.html")) {
        return shell(&state, dir, index_req, &agent, &base, home.then_some(Drawn::Home)).await;
    }

    let served = match ServeDir::new(dir).oneshot(req).await {
        Ok(res) => res.map(Body::new),
        Err(never) => match never {},
    };
    if served.status() != StatusCode::NOT_FOUND {
        let mut res = served;
        set_cache(&mut res, cache_control(&last));
        protect_app(&state, &mut res, &agent);
        return res;
    }
    if last.contains('.') {
        return text(StatusCode::NOT_FOUND, "Not found\n");
    }
    // a client route (e.g. /articles/a_000001): the app's shell; a deputy's QR link and an
    // article with their screens drawn in (crate::first_screen)
    let one = |prefix: &str| path.strip_prefix(prefix).filter(|rest| !rest.contains('/')).map(str::to_owned);
    let drawn = one("/d/").map(Drawn::Deputy).or_else(|| one("/articles/").map(Drawn::Article));
    shell(&state, dir, index_req, &agent, &base, drawn).await
}

/// A screen the server draws into `index.html` for a first visit ([`crate::first_screen`]).
enum Drawn {
    Home,
    /// `/d/<code>`
    Deputy(String),
    /// `/articles/<id>`
    Article(String),
}

/// The app's `index.html`, for a client route or the app's home, with a screen drawn in.
async fn shell(state: &AppState, dir: &Path, index_req: Request, agent: &str, base: &str, drawn: Option<Drawn>) -> Response {
    let index = dir.join("index.html");
    if !index.is_file() {
        return text(StatusCode::NOT_FOUND, NOT_BUILT);
    }
    let drawing = match drawn {
        Some(Drawn::Home) => crate::first_screen::home(state).await,
        Some(Drawn::Deputy(code)) => crate::first_screen::deputy(state, &code).await,
        Some(Drawn::Article(id)) => crate::first_screen::article(state, &id).await,
        None => None,
    };
    let mut res = if base.is_empty() && drawing.is_none() {
        match ServeFile::new(index).oneshot(index_req).await {
            Ok(res) => res.map(Body::new),
            Err(never) => match never {},
        }
    } else {
        match tokio::fs::read_to_string(&index).await {
            Ok(html) => {
                let html = crate::base_path::rewrite_index(&html, base);
                let html = match &drawing {
                    Some(d) => crate::first_screen::insert(&html, d),
                    None => html,
                };
                ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
            }
            Err(_) => text(StatusCode::NOT_FOUND, NOT_BUILT),
        }
    };
    set_cache(&mut res, NO_CACHE);
    protect_app(state, &mut res, agent);
    res
}

/// The app's document (any HTML answer: `index.html`, directly or as a client route's shell)
/// gets its Content-Security-Policy (see [`security`]), computed from the files being served.
fn protect_app(state: &AppState, res: &mut Response, agent: &str) {
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html"));
    if !html {
        return;
    }
    let config = state.config();
    if let Some(csp) = security::app_csp_for(&config.static_dir, config.emblem.as_deref(), config.wechat.is_some(), agent) {
        security::set_default(res, header::CONTENT_SECURITY_POLICY, &csp);
    }
    // For webviews older than frame-ancestors (the policy says the same).
    security::set_default(res, header::X_FRAME_OPTIONS, "DENY");
    // The policy depends on the browser (see security::legacy_engine).
    res.headers_mut().append(header::VARY, HeaderValue::from_static("User-Agent"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_trunk_hashes() {
        for hashed in [
            "zsrd-app-3f2a9c0d1e8b7a6c.js",
            "zsrd-app-3f2a9c0d1e8b7a6c_bg.wasm",
            "zsrd-app-3f2a9c0d1e8b7a6c_loader.js",
            "style-0123456789abcdef.css",
            "main-f2a9c0d1e8b7a6c.css",
        ] {
            assert!(is_hashed(hashed), "{hashed}");
            assert_eq!(cache_control(hashed), IMMUTABLE);
        }
        for plain in [
            "zsrd-app.js",
            "icon-192.png",
            "style-XYZ0123456789abc.css",
            "favicon.ico",
            "a-123.js",
        ] {
            assert!(!is_hashed(plain), "{plain}");
            assert_eq!(cache_control(plain), SHORT);
        }
        for fresh in [
            "",
            "index.html",
            "sw.js",
            "config.json",
            "manifest.webmanifest",
        ] {
            assert_eq!(cache_control(fresh), NO_CACHE);
        }
    }
}
