//! The reference server against strangers (issue 11): the app's Content-Security-Policy and
//! the other headers, the per-address request limit and the client address behind a proxy,
//! the request timeout, the connection cap, and the cached responsiveness table.

mod common;

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use base64::Engine;
use common::*;
use sha2::Digest;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const BOOT: &str = "\n  try { document.documentElement.lang = 'zh-CN'; } catch (e) {}\n";
const START: &str = "\nimport init from '/zsrd-app-0123456789abcdef.js';\nawait init();\n";

fn sha256(s: &str) -> String {
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(s.as_bytes())))
}

/// A built app with the two inline scripts of the real one, and an API on another origin.
fn with_dist(api_base: &str) -> TestApp {
    let app = TestApp::new();
    let dist = write_dist(app.path());
    std::fs::write(
        dist.join("index.html"),
        format!("<!doctype html><html><head><script>{BOOT}</script><script type=\"module\">{START}</script></head><body></body></html>"),
    )
    .expect("index");
    std::fs::write(dist.join("config.json"), format!("{{\"api_base\": \"{api_base}\"}}")).expect("config");
    let router = app.sibling(|c| c.static_dir = dist);
    TestApp { router, ..app }
}

const ANDROID: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.135 Mobile Safari/537.36";
const OLD_IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 15_8 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50";

#[tokio::test]
async fn the_app_gets_its_content_security_policy_from_the_files_it_serves() {
    let app = with_dist("https://api.example.cn/base");
    for uri in ["/", "/index.html", "/messages/m_1", "/search?q=x"] {
        let r = app.get_with(uri, &[("user-agent", ANDROID)]).await;
        assert_eq!(r.status, 200, "{uri}");
        let csp = r.header("content-security-policy").unwrap_or_else(|| panic!("{uri}: no CSP"));
        assert!(csp.contains(&format!("script-src 'self' 'wasm-unsafe-eval' {} {};", sha256(BOOT), sha256(START))), "{csp}");
        assert!(!csp.contains("'unsafe-eval'") && !csp.contains("'unsafe-inline' ") , "{csp}");
        assert!(csp.contains("connect-src 'self' https://api.example.cn;"), "{csp}");
        assert!(csp.contains("img-src 'self' data: blob: https://api.example.cn;"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'") && csp.contains("base-uri 'self'"), "{csp}");
        assert_eq!(r.header("x-frame-options"), Some("DENY"), "{uri}");
        assert_eq!(r.header("referrer-policy"), Some("no-referrer"), "{uri}");
        assert!(r.headers.get_all("vary").iter().any(|v| v.to_str().unwrap_or("").contains("User-Agent")), "{uri}");
    }
    // an engine without 'wasm-unsafe-eval' gets 'unsafe-eval' (else the app would not start)
    let r = app.get_with("/", &[("user-agent", OLD_IPHONE)]).await;
    let csp = r.header("content-security-policy").expect("csp");
    assert!(csp.contains("script-src 'self' 'unsafe-eval' 'sha256-") && csp.contains("style-src 'self' 'unsafe-inline'"), "{csp}");
    // other files carry no app policy, but the referrer policy and nosniff
    let r = app.get("/zsrd-app-0123456789abcdef.js").await;
    assert!(r.header("content-security-policy").is_none());
    assert_eq!(r.header("referrer-policy"), Some("no-referrer"));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    // the API too
    let r = app.get("/api/v1/meta").await;
    assert_eq!(r.header("referrer-policy"), Some("no-referrer"));
}

#[tokio::test]
async fn a_rebuilt_app_gets_the_new_hashes_at_once() {
    let app = with_dist("");
    let before = app.get("/").await.header("content-security-policy").expect("csp").to_owned();
    assert!(before.contains("connect-src 'self';"), "an empty api_base is this origin: {before}");
    let dist = app.path().join("dist");
    std::fs::write(dist.join("index.html"), "<html><head><script>rebuilt()</script></head></html>").expect("index");
    let after = app.get("/").await.header("content-security-policy").expect("csp").to_owned();
    assert!(after.contains(&sha256("rebuilt()")) && !after.contains(&sha256(BOOT)), "{after}");
}

#[tokio::test]
async fn media_are_sandboxed_except_pdfs() {
    let app = TestApp::new();
    app.db.with_conn(|c| {
        let tx = c.transaction().unwrap();
        server::db::insert_file(&tx, "/media/attachments/x.pdf", "application/pdf", b"%PDF-1.4").unwrap();
        server::db::insert_file(&tx, "/media/attachments/x.png", "image/png", b"\x89PNG").unwrap();
        tx.commit().unwrap();
    });
    for uri in ["/media/illustrations/river.svg", "/media/avatars/k.svg", "/media/attachments/x.png"] {
        let r = app.get(uri).await;
        assert_eq!(r.status, 200, "{uri}");
        let csp = r.header("content-security-policy").unwrap_or_else(|| panic!("{uri}"));
        assert!(csp.starts_with("sandbox;") && csp.contains("default-src 'none'"), "{uri}: {csp}");
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"), "{uri}");
    }
    let r = app.get("/media/attachments/x.pdf").await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-security-policy").is_none(), "browsers' PDF viewers do not run sandboxed");
}

fn from(peer: &str, uri: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut b = Request::get(uri).extension(ConnectInfo(peer.parse::<SocketAddr>().expect("addr")));
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(Body::empty()).expect("request")
}

#[tokio::test]
async fn each_address_gets_a_burst_of_requests_then_429() {
    let app = TestApp::with_config(|c| {
        c.limits.api_burst = 3;
        c.limits.api_per_minute = 1;
    });
    for _ in 0..3 {
        assert_eq!(app.request(from("198.51.100.1:1000", "/api/v1/meta", &[])).await.status, 200);
    }
    let r = app.request(from("198.51.100.1:2000", "/api/v1/articles", &[])).await;
    r.problem(429);
    let wait: u64 = r.header("retry-after").and_then(|v| v.parse().ok()).expect("Retry-After");
    assert!((59..=60).contains(&wait), "{wait}");
    // another address, and another address of the same IPv6 /64 (one subscriber)
    assert_eq!(app.request(from("198.51.100.2:1000", "/api/v1/meta", &[])).await.status, 200);
    for _ in 0..3 {
        assert_eq!(app.request(from("[2001:db8:1:1::1]:1000", "/api/v1/meta", &[])).await.status, 200);
    }
    app.request(from("[2001:db8:1:1::ffff]:1000", "/api/v1/meta", &[])).await.problem(429);
    // the app's own files are not limited
    assert_ne!(app.request(from("198.51.100.1:1000", "/", &[])).await.status, 429);
}

/// Two instances on one database (issue 17): by default on PostgreSQL (and with
/// `--api-limit database` on SQLite too) they count one limit per address, so a client spread
/// over both by a load balancer gets its burst once, and either instance answers its next
/// request with the same wait; by default on SQLite (or with `--api-limit memory`) each process
/// keeps its own in memory (security.rs says why).
#[tokio::test]
async fn instances_in_the_database_share_the_limit_of_an_address() {
    for store in [None, Some(true), Some(false)] {
        let configure = |c: &mut server::Config| {
            c.limits.api_burst = 4;
            c.limits.api_per_minute = 1;
            c.limits.api_limit_in_database = store;
        };
        let a = TestApp::with_config(configure);
        let mut config = server::Config { fixed_now: Some(NOW), ..server::Config::default() };
        configure(&mut config);
        let b = server::app(server::AppState::new(a.reopen(), config));
        let one = || from("198.51.100.9:1000", "/api/v1/meta", &[]);
        for _ in 0..2 {
            assert_eq!(a.request(one()).await.status, 200);
            assert_eq!(send(&b, one()).await.status, 200);
        }
        let (on_a, on_b) = (a.request(one()).await, send(&b, one()).await);
        let kept: i64 = a.db.with_conn(|c| c.query_row("SELECT COUNT(*) FROM api_limits", (), |r| r.get(0)).unwrap());
        if store.unwrap_or(on_postgres().is_some()) {
            on_a.problem(429);
            on_b.problem(429);
            for r in [&on_a, &on_b] {
                let wait: u64 = r.header("retry-after").and_then(|v| v.parse().ok()).expect("Retry-After");
                assert!((59..=60).contains(&wait), "{wait}");
            }
            assert_eq!(kept, 1, "one row for the address");
        } else {
            assert_eq!((on_a.status.as_u16(), on_b.status.as_u16()), (200, 200), "{store:?}: each process its own burst");
            assert_eq!(kept, 0, "nothing in the database");
        }
    }
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_client_is_in_its_header_and_nowhere_else() {
    let app = TestApp::with_config(|c| {
        c.limits.api_burst = 2;
        c.limits.api_per_minute = 1;
        c.proxy = server::client::ProxyConfig {
            header: Some(axum::http::HeaderName::from_static("x-forwarded-for")),
            trusted: server::client::parse_trusted("127.0.0.1").unwrap(),
        };
    });
    let via_proxy = |client: &'static str| from("127.0.0.1:5000", "/api/v1/meta", &[("x-forwarded-for", client)]);
    for _ in 0..2 {
        assert_eq!(app.request(via_proxy("203.0.113.5")).await.status, 200);
    }
    app.request(via_proxy("203.0.113.5")).await.problem(429);
    // a client forging the header before the proxy gains nothing: the proxy appends the real one
    app.request(via_proxy("1.1.1.1, 203.0.113.5")).await.problem(429);
    // the proxy's other clients are not affected
    assert_eq!(app.request(via_proxy("203.0.113.6")).await.status, 200);
    // a peer that is not the proxy is itself the client, whatever it writes
    for _ in 0..2 {
        assert_eq!(app.request(from("198.51.100.7:1", "/api/v1/meta", &[("x-forwarded-for", "203.0.113.99")])).await.status, 200);
    }
    app.request(from("198.51.100.7:1", "/api/v1/meta", &[("x-forwarded-for", "203.0.113.98")])).await.problem(429);
}

/// A client that never finishes its body gets 408 once the request's time is up.
#[tokio::test(start_paused = true)]
async fn a_request_body_that_never_ends_times_out() {
    let app = TestApp::new();
    let (_tx, rx) = tokio::sync::mpsc::channel::<Result<axum::body::Bytes, std::io::Error>>(1);
    let body = Body::from_stream(tokio_stream_from(rx));
    let req = Request::post("/api/v1/auth/codes").header("content-type", "application/json").body(body).expect("request");
    let started = tokio::time::Instant::now();
    let r = app.request(req).await;
    r.problem(408);
    assert_eq!(started.elapsed(), server::REQUEST_TIMEOUT);
}

fn tokio_stream_from(
    mut rx: tokio::sync::mpsc::Receiver<Result<axum::body::Bytes, std::io::Error>>,
) -> impl futures_util::Stream<Item = Result<axum::body::Bytes, std::io::Error>> {
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

async fn get_over_tcp(addr: SocketAddr, wait: Duration) -> Option<String> {
    let mut s = tokio::net::TcpStream::connect(addr).await.ok()?;
    s.write_all(b"GET /api/v1/meta HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.ok()?;
    let mut out = Vec::new();
    tokio::time::timeout(wait, s.read_to_end(&mut out)).await.ok()?.ok()?;
    Some(String::from_utf8_lossy(&out).into_owned())
}

/// At the cap, a new connection waits until one closes.
#[tokio::test]
async fn connections_beyond_the_cap_wait() {
    let app = TestApp::new();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let router = app.router.clone();
    tokio::spawn(server::serve::serve_with(listener, router, std::future::pending(), 1));
    // the one place is taken by an idle connection
    let mut idle = tokio::net::TcpStream::connect(addr).await.expect("connect");
    idle.write_all(b"GET /api/v1/meta HTTP/1.1\r\nHost: x\r\n\r\n").await.expect("write");
    let mut buf = [0u8; 64];
    assert!(idle.read(&mut buf).await.expect("answer") > 0);
    let waiting = tokio::spawn(get_over_tcp(addr, Duration::from_secs(10)));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!waiting.is_finished(), "the second connection is not served while the first is open");
    drop(idle);
    let answer = waiting.await.expect("task").expect("served once the first closed");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

/// The public table is computed once and answered again until a message changes or a
/// deadline passes.
#[tokio::test]
async fn the_responsiveness_table_is_cached_until_something_changes() {
    let app = TestApp::new();
    app.seed_people();
    server::demo::messages::seed_messages_if_empty(&app.db, NOW, 8 * HOUR).expect("seed").expect("seeded");
    let first = app.ok("/api/v1/responsiveness").await;
    let next_deadline: i64 = app.db.with_conn(|c| {
        c.query_row("SELECT MIN(deadline) FROM messages WHERE deadline >= ?1", [NOW], |r| r.get(0)).unwrap()
    });
    assert!(next_deadline > NOW + 60, "the demo has a deadline ahead");
    // later, nothing changed: the same table (computed at NOW)
    app.state.set_now(NOW + 60);
    let again = app.ok("/api/v1/responsiveness").await;
    assert_eq!(again, first);
    // a message changes: computed anew
    app.db.with_conn(|c| c.execute("UPDATE messages SET version = version + 1 WHERE seq = (SELECT MIN(seq) FROM messages)", ()).unwrap());
    let changed = app.ok("/api/v1/responsiveness").await;
    assert_eq!(changed["generated_at"], server::clock::rfc3339(NOW + 60));
    // a deadline passes: computed anew
    app.state.set_now(next_deadline + 1);
    let later = app.ok("/api/v1/responsiveness").await;
    assert_eq!(later["generated_at"], server::clock::rfc3339(next_deadline + 1));
    // and the cached answer is the computed one: a fresh server agrees
    let fresh = app.sibling(|c| c.fixed_now = Some(next_deadline + 1));
    let r = send(&fresh, Request::get("/api/v1/responsiveness").body(Body::empty()).unwrap()).await;
    assert_eq!(r.json(), later);
}
