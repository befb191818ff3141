//! Response headers that hold up against strangers: the app's Content-Security-Policy (from
//! the built `index.html` and `config.json`, so that it never goes stale), the sandbox of
//! `/media`, the referrer policy, and the per-client-address limit of API requests.
//!
//! The app's policy (README, "Deploying the static bundle", has the same for nginx):
//!
//! * `script-src 'self' 'wasm-unsafe-eval' 'sha256-…'`: the app's own modules, compiling its
//!   WebAssembly, and the inline scripts of `index.html` by hash (the preferences applied
//!   before the first paint; the module that starts the app) — nothing else inline, no eval.
//! * `style-src 'self'` and `style-src-attr 'unsafe-inline'`: the stylesheets, and the few
//!   `style="…"` attributes of the views (no `<style>` element can be added).
//! * `connect-src` and `img-src`: this origin and the API's (`api_base` of `config.json`),
//!   plus `data:`/`blob:` pictures (photos chosen for a message, generated QR codes).
//! * `frame-ancestors 'none'`: WeChat, Alipay and the government apps open the app in a
//!   webview of their own, as the top document (the in-app browser, a mini program's
//!   `<web-view>`): none of them frames it in another page, and nobody else may (clickjacking).
//! * `object-src 'none'; base-uri 'self'; form-action 'self'` (`<base>` says where the app is
//!   deployed, src/paths.rs: this origin only).
//!
//! Engines too old to know `'wasm-unsafe-eval'` (Chromium before 97, Safari/iOS before 16,
//! Firefox before 102) refuse to compile WebAssembly unless the policy says `'unsafe-eval'`:
//! without it the app would not start at all on the old phones many of its users have (an
//! iPhone 7 stays on iOS 15, an unupdated Android webview on an old Chromium). They get the
//! same policy with `'unsafe-eval'` instead, and `'unsafe-inline'` styles (they do not know
//! `style-src-attr` either), picked by their `User-Agent` (`Vary: User-Agent`).

use std::num::NonZeroU32;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use sha2::{Digest, Sha256};

use crate::client::ClientAddr;
use crate::problem::ApiError;
use crate::AppState;

/// `Referrer-Policy` of every answer: the app's addresses name messages and searches
/// (`/messages/m_…`, `/search?q=…`), which are nobody else's business — not the map's, the
/// meeting's or the news site's the app links to. Nothing the app uses needs a referrer.
pub const REFERRER_POLICY: &str = "no-referrer";

/// The policy of `/media/…` answers other than PDFs: a picture or file opened by itself is an
/// inert, sandboxed document (an uploaded SVG or HTML-looking file cannot run script in this
/// origin, even if a browser sniffed it despite `nosniff`).
pub const MEDIA_CSP: &str = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'";

/// The sha256 hashes (`'sha256-…'`) of the inline scripts (`<script>` without `src`) of an
/// HTML document, in order.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = lower[at..].find("<script") {
        let open = at + i;
        let Some(gt) = lower[open..].find('>') else { break };
        let attrs = &lower[open + "<script".len()..open + gt];
        let body_start = open + gt + 1;
        let Some(end) = lower[body_start..].find("</script") else { break };
        let has_src = attrs
            .split(|c: char| c.is_ascii_whitespace())
            .any(|a| a == "src" || a.starts_with("src="));
        if !has_src {
            let digest = Sha256::digest(html[body_start..body_start + end].as_bytes());
            out.push(format!("'sha256-{}'", STANDARD.encode(digest)));
        }
        at = body_start + end;
    }
    out
}

/// The origin (`scheme://host[:port]`) of an absolute http(s) URL; `None` for a path, an
/// empty string or anything unusable in a policy.
pub fn origin_of(url: &str) -> Option<String> {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://")?;
    if !(scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http")) {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let ok = !authority.is_empty()
        && !authority.contains('@')
        && authority.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    ok.then(|| format!("{}://{}", scheme.to_ascii_lowercase(), authority.to_ascii_lowercase()))
}

/// The API's origin from the text of `config.json` (`api_base`), when it is another origin.
pub fn api_origin(config_json: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(config_json).ok()?;
    origin_of(v.get("api_base")?.as_str()?)
}

/// Whether a browser is too old for `'wasm-unsafe-eval'` (see the module's comment).
pub fn legacy_engine(user_agent: &str) -> bool {
    let version_after = |marker: &str, sep: char| -> Option<u32> {
        let i = user_agent.find(marker)? + marker.len();
        user_agent[i..].split(|c: char| c == sep || !c.is_ascii_digit()).next()?.parse().ok()
    };
    if let Some(v) = version_after("Chrome/", '.') {
        return v < 97;
    }
    if user_agent.contains("iPhone") || user_agent.contains("iPad") || user_agent.contains("iPod") {
        // every iOS browser is Safari's engine, of the system's version: "OS 15_7 like Mac OS X"
        return version_after(" OS ", '_').is_some_and(|v| v < 16);
    }
    if let Some(v) = version_after("Firefox/", '.') {
        return v < 102;
    }
    if user_agent.contains("Safari/") {
        return version_after("Version/", '.').is_some_and(|v| v < 16);
    }
    false
}

/// Where WeChat's JS-SDK comes from (`jweixin-1.6.0.js` and its mirror): allowed as a script
/// when the server has an official account (`--wechat-config`), for the app's share cards.
pub const WECHAT_SDK_ORIGINS: [&str; 2] = ["https://res.wx.qq.com", "https://res2.wx.qq.com"];

/// The app's Content-Security-Policy for a built `index.html` (its text), the API origin,
/// further image origins (the township's mark, when it is elsewhere) and script origins.
pub fn app_csp(index_html: &str, api: Option<&str>, images: &[String], scripts: &[&str], legacy: bool) -> String {
    let mut script = vec!["'self'".to_owned(), if legacy { "'unsafe-eval'" } else { "'wasm-unsafe-eval'" }.to_owned()];
    script.extend(scripts.iter().map(|s| s.to_string()));
    script.extend(inline_script_hashes(index_html));
    let mut connect = vec!["'self'".to_owned()];
    let mut img = vec!["'self'".to_owned(), "data:".to_owned(), "blob:".to_owned()];
    if let Some(api) = api {
        connect.push(api.to_owned());
        img.push(api.to_owned());
    }
    for o in images {
        if !img.contains(o) {
            img.push(o.clone());
        }
    }
    let style = if legacy { "style-src 'self' 'unsafe-inline'" } else { "style-src 'self'; style-src-attr 'unsafe-inline'" };
    format!(
        "default-src 'self'; script-src {}; {style}; img-src {}; connect-src {}; font-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        script.join(" "),
        img.join(" "),
        connect.join(" "),
    )
}

/// The policy for the app served from `dir` to a browser with `user_agent`; `None` when the
/// app is not built there.
pub fn app_csp_for(dir: &Path, emblem: Option<&str>, wechat: bool, user_agent: &str) -> Option<String> {
    let html = std::fs::read_to_string(dir.join("index.html")).ok()?;
    let api = std::fs::read_to_string(dir.join("config.json")).ok().and_then(|c| api_origin(&c));
    let images: Vec<String> = emblem.and_then(origin_of).into_iter().collect();
    let scripts: &[&str] = if wechat { &WECHAT_SDK_ORIGINS } else { &[] };
    Some(app_csp(&html, api.as_deref(), &images, scripts, legacy_engine(user_agent)))
}

/// The per-address limiter of API requests (GCRA: a burst, refilled evenly), kept where the
/// database says:
///
/// * on SQLite, in this process's memory (governor): one machine, usually one process, and a
///   write per request would put every read behind SQLite's one writer;
/// * on PostgreSQL, in the database (`api_limits`, migration 27), so that instances behind a
///   load balancer count one limit per client, not one each (issue 17: a client cannot get
///   N times its burst by being spread over N instances, and a retry that lands on another
///   instance gets the same answer). One statement per request ([`SHARED_TAKE_SQL`]) on a side
///   session ([`crate::db::Db::side`]) — not the writer, whose transactions it must not wait
///   behind — into an unlogged table. `make bench-server` measures what it costs.
pub enum ApiLimiter {
    Memory(DefaultKeyedRateLimiter<String>),
    /// The limit, and the database that keeps it.
    Shared(SharedLimit, crate::db::Db),
}

/// The limit as [`SHARED_TAKE_SQL`] applies it: each request moves the address's time on by
/// `interval_us`; a request is refused when that time would be more than `burst` intervals
/// ahead of now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SharedLimit {
    pub interval_us: i64,
    pub burst: i64,
}

/// One request of an address in GCRA, in one statement, the same on SQLite and PostgreSQL:
/// the address's theoretical arrival time `tat` becomes `max(tat, now) + interval` when that is
/// within `burst` intervals of now (the request is allowed: 1 row written), and stays as it is
/// otherwise (refused: 0 rows). Atomic on both (an upsert locks the conflicting row; its
/// `WHERE` sees the row's latest version), so instances racing for one address never allow
/// more than the limit between them. `?1` address, `?2` now, `?3` interval, `?4` burst × interval
/// (microseconds).
pub const SHARED_TAKE_SQL: &str = "INSERT INTO api_limits (addr, tat) VALUES (?1, ?2 + ?3) \
     ON CONFLICT (addr) DO UPDATE SET tat = CASE WHEN api_limits.tat > ?2 THEN api_limits.tat ELSE ?2 END + ?3 \
     WHERE CASE WHEN api_limits.tat > ?2 THEN api_limits.tat ELSE ?2 END + ?3 <= ?2 + ?4";

impl SharedLimit {
    pub fn new(burst: u32, per_minute: u32) -> Self {
        SharedLimit {
            interval_us: 60_000_000 / i64::from(per_minute.max(1)),
            burst: i64::from(burst.max(1)),
        }
    }

    /// `Ok` when `key` may make one more request at `now_us` (and it is counted), else the
    /// seconds to wait.
    pub fn take(&self, conn: &crate::sql::Connection, key: &str, now_us: i64) -> Result<Result<(), u64>, ApiError> {
        use crate::sql::{params, OptionalExtension};
        let ahead = self.burst.saturating_mul(self.interval_us);
        if conn.execute(SHARED_TAKE_SQL, params![key, now_us, self.interval_us, ahead])? == 1 {
            return Ok(Ok(()));
        }
        let tat: Option<i64> = conn
            .query_row("SELECT tat FROM api_limits WHERE addr = ?1", params![key], |r| r.get(0))
            .optional()?;
        // allowed again once max(tat, now) + interval is within `ahead` of the time then
        let wait_us = tat.map_or(0, |t| t.max(now_us) + self.interval_us - ahead - now_us).max(1);
        Ok(Err(wait_us.unsigned_abs().div_ceil(1_000_000)))
    }
}

/// Microseconds since the Unix epoch by this machine's clock (the shared limit's time: the
/// instances' clocks must agree to well within a second, as NTP keeps them).
fn now_micros() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX))
}

impl ApiLimiter {
    /// The limiter in this process's memory.
    pub fn new(burst: u32, per_minute: u32) -> Self {
        let per_minute = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        let burst = NonZeroU32::new(burst.max(1)).unwrap_or(NonZeroU32::MIN);
        ApiLimiter::Memory(RateLimiter::keyed(Quota::per_minute(per_minute).allow_burst(burst)))
    }

    /// `Ok` when `key` may make one more request now, else the seconds to wait. A shared limit
    /// whose database fails lets the request through (logged): the limit guards the server, and
    /// refusing everyone while the database is away would guard nothing.
    pub async fn check(&self, key: &str) -> Result<(), u64> {
        match self {
            ApiLimiter::Memory(limiter) => limiter.check_key(&key.to_owned()).map_err(|not_until| {
                let wait: Duration = not_until.wait_time_from(DefaultClock::default().now());
                wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
            }),
            ApiLimiter::Shared(limit, db) => {
                let (limit, key) = (*limit, key.to_owned());
                match db.side(move |conn| limit.take(conn, &key, now_micros())).await {
                    Ok(answer) => answer,
                    Err(e) => {
                        tracing::warn!("the shared request limit could not be read: {e:?}");
                        Ok(())
                    }
                }
            }
        }
    }

    /// Forgets the addresses whose limit is back to full (the cleanup calls it on every
    /// instance): this process's memory; a shared limit's rows are the cleanup sweep's.
    pub fn forget_idle(&self) {
        if let ApiLimiter::Memory(limiter) = self {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }
}

/// Deletes the rows of the shared limit that are full again at `now` (Unix seconds); how many.
pub fn forget_full(conn: &crate::sql::Connection, now: i64) -> Result<usize, ApiError> {
    Ok(conn.execute("DELETE FROM api_limits WHERE tat <= ?1", crate::sql::params![now.saturating_mul(1_000_000)])?)
}

/// Middleware of the API: 429 with `Retry-After` for an address past its limit. Requests that
/// did not come over the network (in-process tests) have no address and are not limited.
pub async fn limit_api(State(state): State<AppState>, addr: ClientAddr, req: Request, next: Next) -> Response {
    if req.extensions().get::<ConnectInfo<std::net::SocketAddr>>().is_some() {
        if let Err(secs) = state.api_limiter().check(&addr.key()).await {
            return ApiError::RateLimited {
                retry_after_secs: secs.max(1),
                detail: format!("Too many requests from this address; try again in {} seconds.", secs.max(1)),
            }
            .into_response();
        }
    }
    next.run(req).await
}

/// Sets the header on a response where it is not set yet.
pub fn set_default(res: &mut Response, name: header::HeaderName, value: &str) {
    if !res.headers().contains_key(&name) {
        if let Ok(v) = HeaderValue::from_str(value) {
            res.headers_mut().insert(name, v);
        }
    }
}

/// `Arc` of the limiter for the state: where [`crate::Limits::api_limit_in_database`] says, by
/// default shared in the database on PostgreSQL and in memory on SQLite.
pub fn limiter(limits: &crate::Limits, db: &crate::db::Db) -> Arc<ApiLimiter> {
    Arc::new(if limits.api_limit_in_database.unwrap_or(db.postgres_url().is_some()) {
        ApiLimiter::Shared(SharedLimit::new(limits.api_burst, limits.api_per_minute), db.clone())
    } else {
        ApiLimiter::new(limits.api_burst, limits.api_per_minute)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HTML: &str = "<html><head><script>\n  var a = 1;\n</script>\
        <script type=\"module\">import init from '/x.js';</script>\
        <SCRIPT src=\"/y.js\"></SCRIPT><script data-src=\"1\">b()</script></head></html>";

    #[test]
    fn the_shared_limit_gives_a_burst_then_one_per_interval() {
        let c = crate::db::migrated_in_memory();
        let limit = SharedLimit::new(3, 1);
        assert_eq!(limit, SharedLimit { interval_us: 60_000_000, burst: 3 });
        let t0 = 1_000_000_000_000_000;
        for _ in 0..3 {
            assert_eq!(limit.take(&c, "a", t0).unwrap(), Ok(()));
        }
        // the fourth at once waits a whole interval; 20 s later, 40 s more
        assert_eq!(limit.take(&c, "a", t0).unwrap(), Err(60));
        assert_eq!(limit.take(&c, "a", t0 + 20_000_000).unwrap(), Err(40));
        // a refused request is not counted: one interval after the burst, one more
        assert_eq!(limit.take(&c, "a", t0 + 60_000_000).unwrap(), Ok(()));
        assert_eq!(limit.take(&c, "a", t0 + 60_000_001).unwrap(), Err(60));
        // another address has its own
        assert_eq!(limit.take(&c, "b", t0).unwrap(), Ok(()));
        // idle for long, the burst is full again (not more)
        let later = t0 + 3_600_000_000;
        for _ in 0..3 {
            assert_eq!(limit.take(&c, "a", later).unwrap(), Ok(()));
        }
        assert!(limit.take(&c, "a", later).unwrap().is_err());
        // the full ones are forgotten by the cleanup, the others kept
        assert_eq!(forget_full(&c, later / 1_000_000 - 1).unwrap(), 1);
        let left: i64 = c.query_row("SELECT COUNT(*) FROM api_limits", (), |r| r.get(0)).unwrap();
        assert_eq!(left, 1);
    }

    #[test]
    fn inline_scripts_are_hashed_as_written() {
        let h = inline_script_hashes(HTML);
        let hash = |s: &str| format!("'sha256-{}'", STANDARD.encode(Sha256::digest(s.as_bytes())));
        assert_eq!(h, vec![hash("\n  var a = 1;\n"), hash("import init from '/x.js';"), hash("b()")]);
        assert!(inline_script_hashes("<p>no scripts</p>").is_empty());
        assert!(inline_script_hashes("<script>unterminated").is_empty());
    }

    #[test]
    fn origins() {
        assert_eq!(origin_of("https://Renda.example.gov.cn/api/"), Some("https://renda.example.gov.cn".into()));
        assert_eq!(origin_of("http://127.0.0.1:8080"), Some("http://127.0.0.1:8080".into()));
        for bad in ["", "/api", "javascript:alert(1)", "https://", "https://a b", "https://x;y", "https://u@evil", "ftp://x"] {
            assert_eq!(origin_of(bad), None, "{bad}");
        }
        assert_eq!(api_origin(r#"{"api_base": ""}"#), None);
        assert_eq!(api_origin(r#"{"api_base": "https://api.example.cn/v"}"#), Some("https://api.example.cn".into()));
        assert_eq!(api_origin("not json"), None);
    }

    #[test]
    fn old_engines_get_unsafe_eval_instead_of_wasm_unsafe_eval() {
        for old in [
            "Mozilla/5.0 (iPhone; CPU iPhone OS 15_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.40",
            "Mozilla/5.0 (Linux; Android 9; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/66.0.3359.126 MQQBrowser/6.2 TBS/045120 Mobile Safari/537.36 MicroMessenger/7.0.12",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.6 Safari/605.1.15",
            "Mozilla/5.0 (Android 10; Mobile; rv:91.0) Gecko/91.0 Firefox/91.0",
        ] {
            assert!(legacy_engine(old), "{old}");
        }
        for new in [
            "Mozilla/5.0 (Linux; Android 13; V2171A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160117 MicroMessenger/8.0.49",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AlipayClient/10.5",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
            "",
            "curl/8.0",
        ] {
            assert!(!legacy_engine(new), "{new}");
        }
        let modern = app_csp(HTML, Some("https://api.example.cn"), &["https://cdn.example.cn".into()], &[], false);
        assert!(modern.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"), "{modern}");
        assert!(!modern.contains("'unsafe-eval'") && !modern.contains("style-src 'self' 'unsafe-inline'"), "{modern}");
        assert!(modern.contains("connect-src 'self' https://api.example.cn;"), "{modern}");
        assert!(modern.contains("img-src 'self' data: blob: https://api.example.cn https://cdn.example.cn;"), "{modern}");
        assert!(modern.contains("frame-ancestors 'none'") && modern.contains("object-src 'none'"), "{modern}");
        let wechat = app_csp(HTML, None, &[], &WECHAT_SDK_ORIGINS, false);
        assert!(wechat.contains("script-src 'self' 'wasm-unsafe-eval' https://res.wx.qq.com https://res2.wx.qq.com 'sha256-"), "{wechat}");
        let legacy = app_csp(HTML, None, &[], &[], true);
        assert!(legacy.contains("script-src 'self' 'unsafe-eval' 'sha256-") && legacy.contains("style-src 'self' 'unsafe-inline'"), "{legacy}");
        assert!(legacy.contains("connect-src 'self';"), "{legacy}");
    }

    #[tokio::test]
    async fn the_limiter_allows_a_burst_then_says_when() {
        let db = crate::db::open_db(Path::new(":memory:")).unwrap();
        for l in [ApiLimiter::new(3, 1), ApiLimiter::Shared(SharedLimit::new(3, 1), db)] {
            for _ in 0..3 {
                assert_eq!(l.check("a").await, Ok(()));
            }
            let wait = l.check("a").await.unwrap_err();
            assert!((59..=60).contains(&wait), "{wait}");
            assert_eq!(l.check("b").await, Ok(()), "another address has its own");
        }
    }
}
