//! Operations of several instances behind a load balancer (issue 17): `/healthz` and `/readyz`
//! (cheap, no auth, never rate limited, `no-store`; readiness follows the database, its schema
//! and shutdown), graceful shutdown (readiness 503 at once, live streams end, new connections
//! refused, requests in flight answered, all within the grace), the request id (made, or kept
//! from a trusted proxy only, answered in `X-Request-Id`) and the logs that carry it (JSON
//! lines with the request's span; no query strings, tokens or phone numbers).

mod common;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Method, Request, StatusCode};
use common::TestApp;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use server::demo::CITIZEN_WANG;
use server::ops::LogFormat;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

/// Trusting the loopback proxies, as the binary does by default (`--trusted-proxies`).
fn behind_loopback(c: &mut server::Config) {
    c.proxy.trusted = server::client::parse_trusted("127.0.0.1,::1").unwrap();
}

fn seeded() -> TestApp {
    let app = TestApp::with_config(behind_loopback);
    app.seed_people();
    app
}

/// A request from `peer` (as the listener marks every request), with `headers`.
fn from(peer: &str, method: Method, uri: &str, headers: &[(&str, &str)], body: Option<Value>) -> Request<Body> {
    let mut b = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    let body = match body {
        Some(v) => {
            b = b.header("content-type", "application/json");
            Body::from(v.to_string())
        }
        None => Body::empty(),
    };
    let mut req = b.body(body).expect("request");
    let peer = SocketAddr::new(peer.parse().expect("peer"), 40000);
    req.extensions_mut().insert(ConnectInfo(peer));
    req
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| if [8, 13, 18, 23].contains(&i) { c == '-' } else { c.is_ascii_hexdigit() })
}

async fn stream_ticket(app: &TestApp, token: &str) -> String {
    let r = app.call(Method::POST, "/api/v1/notifications/stream-tickets", Some(token), None).await;
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()["ticket"].as_str().expect("ticket").to_owned()
}

// ---------------------------------------------------------------------------
// Health and readiness
// ---------------------------------------------------------------------------

#[tokio::test]
async fn health_and_readiness_answer_a_load_balancer() {
    let app = TestApp::new();
    let r = app.get("/healthz").await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json(), json!({"status": "ok"}));
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let r = app.get("/readyz").await;
    assert_eq!(r.status, 200, "{}", r.text());
    // which instance answered, and which periodic jobs it runs (none yet: nothing ticked)
    assert_eq!(r.json(), json!({"status": "ready", "instance": app.state.instance_id(), "jobs": []}));
    assert_eq!(r.header("cache-control"), Some("no-store"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    // HEAD too (some load balancers' checks), and without any token
    let r = app.method(Method::HEAD, "/readyz").await;
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty());
}

#[tokio::test]
async fn the_checks_are_never_rate_limited() {
    // one API request per address, then 429: the checks from that same address still answer
    let app = TestApp::with_config(|c| {
        c.limits.api_burst = 1;
        c.limits.api_per_minute = 1;
    });
    let meta = || from("192.0.2.7", Method::GET, "/api/v1/meta", &[], None);
    assert_eq!(app.request(meta()).await.status, 200);
    assert_eq!(app.request(meta()).await.status, 429, "the limit is in force");
    for _ in 0..50 {
        for path in ["/healthz", "/readyz"] {
            let r = app.request(from("192.0.2.7", Method::GET, path, &[], None)).await;
            assert_eq!(r.status, 200, "{path}: {}", r.text());
        }
    }
}

#[tokio::test]
async fn readiness_turns_503_when_shutdown_begins_liveness_does_not() {
    let app = TestApp::new();
    assert_eq!(app.get("/readyz").await.status, 200);
    assert!(!app.state.shutting_down());
    app.state.begin_shutdown();
    assert!(app.state.shutting_down());
    let r = app.get("/readyz").await;
    let v = r.problem(503);
    assert!(v["detail"].as_str().unwrap().contains("shutting down"), "{v}");
    assert_eq!(r.header("cache-control"), Some("no-store"));
    // the process is still up: restarting it would only cut the requests in flight
    assert_eq!(app.get("/healthz").await.status, 200);
    // once more changes nothing
    app.state.begin_shutdown();
    assert_eq!(app.get("/readyz").await.status, 503);
}

#[tokio::test]
async fn readiness_needs_this_servers_schema() {
    let app = TestApp::new();
    // (SQLite's `user_version`; PostgreSQL's `zsrd_schema`)
    let read = "SELECT version FROM zsrd_schema";
    let version = app.db.with_conn(|c| match c.sqlite() {
        Some(lite) => lite.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).unwrap(),
        None => c.query_row(read, (), |r| r.get::<_, i64>(0)).unwrap(),
    });
    let set = |v: i64| {
        app.db.with_conn(move |c| match c.sqlite() {
            Some(lite) => lite.pragma_update(None, "user_version", v).unwrap(),
            None => drop(c.execute("UPDATE zsrd_schema SET version = ?1", server::params![v]).unwrap()),
        })
    };
    assert!(version > 1);
    for other in [version - 1, version + 1] {
        set(other);
        let r = app.get("/readyz").await;
        let v = r.problem(503);
        assert!(v["detail"].as_str().unwrap().contains("schema"), "{v}");
    }
    set(version);
    assert_eq!(app.get("/readyz").await.status, 200);
}

// ---------------------------------------------------------------------------
// Graceful shutdown
// ---------------------------------------------------------------------------

/// Reads the next frame of a body, waiting at most `wait`: `Some(None)` when the body ended,
/// `None` when nothing came.
async fn next_frame(body: &mut Body, wait: Duration) -> Option<Option<Vec<u8>>> {
    match tokio::time::timeout(wait, body.frame()).await {
        Err(_) => None,
        Ok(None) => Some(None),
        Ok(Some(f)) => Some(Some(f.expect("frame").into_data().unwrap_or_default().to_vec())),
    }
}

#[tokio::test]
async fn a_live_stream_ends_when_shutdown_begins() {
    let app = seeded();
    let token = app.token_for(CITIZEN_WANG);
    let t = stream_ticket(&app, &token).await;
    let res = app
        .router
        .clone()
        .oneshot(Request::get(format!("/api/v1/notifications/stream?ticket={t}")).body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers().contains_key("x-request-id"));
    let mut body = res.into_body();
    // the opening (retry, unread count), then nothing: a stream does not end by itself
    let mut opening = String::new();
    while let Some(Some(chunk)) = next_frame(&mut body, Duration::from_millis(300)).await {
        opening.push_str(&String::from_utf8_lossy(&chunk));
    }
    assert!(opening.contains("event: unread"), "{opening}");
    assert_eq!(app.state.hub().total(), 1);
    assert!(next_frame(&mut body, Duration::from_millis(300)).await.is_none(), "the stream is live");
    app.state.begin_shutdown();
    assert_eq!(
        next_frame(&mut body, Duration::from_secs(5)).await,
        Some(None),
        "the stream ended when shutdown began"
    );
    assert_eq!(app.state.hub().total(), 0);
    // a stream opened during shutdown ends at once too (its client tries another instance)
    let t = stream_ticket(&app, &token).await;
    let res = app
        .router
        .clone()
        .oneshot(Request::get(format!("/api/v1/notifications/stream?ticket={t}")).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let all = tokio::time::timeout(Duration::from_secs(5), res.into_body().collect())
        .await
        .expect("it ends")
        .expect("body")
        .to_bytes();
    assert!(String::from_utf8_lossy(&all).contains("retry:"), "the client is told when to reconnect");
}

/// Reads from `s` until the connection closes (at most `wait`).
async fn read_all(s: &mut tokio::net::TcpStream, wait: Duration) -> String {
    let mut out = Vec::new();
    let _ = tokio::time::timeout(wait, s.read_to_end(&mut out)).await.expect("the connection closed in time");
    String::from_utf8_lossy(&out).into_owned()
}

async fn head(s: &mut tokio::net::TcpStream) -> String {
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf)).await.expect("an answer").expect("read");
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_refuses_new_connections_ends_streams_and_answers_requests_in_flight() {
    let app = seeded();
    let token = app.token_for(CITIZEN_WANG);
    let t = stream_ticket(&app, &token).await;
    // the application, and two routes of the test's own: a slow answer, and one that waits
    // for a body (a client that never sends it holds its request in flight)
    let router = server::app(app.state.clone())
        .route(
            "/test/slow",
            axum::routing::get(|| async {
                tokio::time::sleep(Duration::from_millis(800)).await;
                "slow but answered"
            }),
        )
        .route("/test/upload", axum::routing::post(|body: String| async move { body.len().to_string() }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let state = app.state.clone();
    let grace = Duration::from_millis(1500);
    let served = tokio::spawn(server::serve::serve_graceful(
        listener,
        router,
        async move {
            let _ = stop_rx.await;
            state.begin_shutdown();
        },
        100,
        grace,
    ));
    let connect = || tokio::net::TcpStream::connect(addr);
    // ready, over the network
    let mut probe = connect().await.unwrap();
    probe.write_all(b"GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.unwrap();
    let answer = read_all(&mut probe, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.to_ascii_lowercase().contains("x-request-id: "), "{answer}");
    // a live stream
    let mut stream = connect().await.unwrap();
    stream
        .write_all(format!("GET /api/v1/notifications/stream?ticket={t} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let h = head(&mut stream).await;
    assert!(h.starts_with("HTTP/1.1 200") && h.contains("text/event-stream"), "{h}");
    // a slow request in flight
    let mut slow = connect().await.unwrap();
    slow.write_all(b"GET /test/slow HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
    // an upload whose body comes in two parts, the second after shutdown began
    let mut upload = connect().await.unwrap();
    upload
        .write_all(b"POST /test/upload HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\nhello")
        .await
        .unwrap();
    // a client that never finishes its body
    let mut stuck = connect().await.unwrap();
    stuck
        .write_all(b"POST /test/upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;

    let began = Instant::now();
    stop_tx.send(()).unwrap();
    // readiness is 503 at once (asked of the state's router: new connections are refused)
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(app.get("/readyz").await.status, 503);
    // the listener is closed: a new connection is refused
    let mut refused = false;
    for _ in 0..50 {
        match connect().await {
            Err(_) => {
                refused = true;
                break;
            }
            Ok(mut s) => {
                // accepted by the kernel's backlog before the close, never served
                let _ = s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await;
                let mut buf = [0u8; 64];
                let got = tokio::time::timeout(Duration::from_millis(200), s.read(&mut buf)).await;
                if matches!(got, Ok(Ok(0)) | Ok(Err(_))) {
                    refused = true;
                    break;
                }
                assert!(got.is_err() || !String::from_utf8_lossy(&buf).starts_with("HTTP/1.1 200"), "served after shutdown");
            }
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(refused, "new connections are refused once shutdown began");
    // the live stream ends (the terminating chunk, then the connection closes)
    let rest = read_all(&mut stream, Duration::from_secs(5)).await;
    assert!(rest.is_empty() || rest.ends_with("0\r\n\r\n"), "{rest:?}");
    // the slow request and the upload are answered
    upload.write_all(b"world").await.unwrap();
    let answer = read_all(&mut upload, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 200") && answer.ends_with("10"), "{answer}");
    let answer = read_all(&mut slow, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 200") && answer.ends_with("slow but answered"), "{answer}");
    // the stuck request holds the server until the grace is over, not longer
    tokio::time::timeout(Duration::from_secs(5), served).await.expect("the server stopped").unwrap().unwrap();
    let took = began.elapsed();
    assert!(took >= grace - Duration::from_millis(100), "it waited for the request in flight: {took:?}");
    assert!(took < grace + Duration::from_secs(2), "the grace bounds it: {took:?}");
    drop(stuck);
}

// ---------------------------------------------------------------------------
// The request id
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_request_id_is_made_or_kept_from_a_trusted_proxy_only() {
    let app = TestApp::with_config(behind_loopback);
    let id_of = |r: &common::Reply| r.header("x-request-id").expect("x-request-id").to_owned();
    // made: a UUID, another for every request, on any answer
    let a = id_of(&app.get("/api/v1/meta").await);
    let b = id_of(&app.get("/api/v1/meta").await);
    assert!(is_uuid(&a) && is_uuid(&b) && a != b, "{a} {b}");
    for uri in ["/api/v1/no-such-thing", "/healthz", "/readyz", "/media/none.png", "/events"] {
        let r = app.get(uri).await;
        assert!(is_uuid(&id_of(&r)), "{uri}: {:?}", r.header("x-request-id"));
    }
    // kept from a trusted proxy (loopback, the binary's default)
    let r = app.request(from("127.0.0.1", Method::GET, "/api/v1/meta", &[("x-request-id", "lb-4f2a.77:x_1")], None)).await;
    assert_eq!(id_of(&r), "lb-4f2a.77:x_1");
    let r = app.request(from("::1", Method::GET, "/readyz", &[("x-request-id", "lb-2")], None)).await;
    assert_eq!(id_of(&r), "lb-2");
    // not from anyone else: a client does not choose what its requests are logged as
    let r = app.request(from("203.0.113.9", Method::GET, "/api/v1/meta", &[("x-request-id", "lb-3")], None)).await;
    assert!(is_uuid(&id_of(&r)));
    // nor one unfit for a log line, nor two at once
    let long = "x".repeat(200);
    for bad in ["with space", "a\"quote", "{json}", long.as_str()] {
        let r = app.request(from("127.0.0.1", Method::GET, "/api/v1/meta", &[("x-request-id", bad)], None)).await;
        assert!(is_uuid(&id_of(&r)), "{bad}");
    }
    let r = app
        .request(from("127.0.0.1", Method::GET, "/api/v1/meta", &[("x-request-id", "one"), ("x-request-id", "two")], None))
        .await;
    assert!(is_uuid(&id_of(&r)));
    assert_eq!(r.headers.get_all("x-request-id").iter().count(), 1);
    // --trusted-proxies names the proxies (none trusted: none kept)
    let router = app.sibling(|_| {});
    let r = common::send(&router, from("127.0.0.1", Method::GET, "/api/v1/meta", &[("x-request-id", "lb-6")], None)).await;
    assert!(is_uuid(&id_of(&r)));
    let router = app.sibling(|c| c.proxy.trusted = server::client::parse_trusted("10.0.0.0/8").unwrap());
    let r = common::send(&router, from("10.1.2.3", Method::GET, "/api/v1/meta", &[("x-request-id", "lb-4")], None)).await;
    assert_eq!(id_of(&r), "lb-4");
    let r = common::send(&router, from("127.0.0.1", Method::GET, "/api/v1/meta", &[("x-request-id", "lb-5")], None)).await;
    assert!(is_uuid(&id_of(&r)));
}

// ---------------------------------------------------------------------------
// The logs
// ---------------------------------------------------------------------------

/// What the logger wrote.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// Runs `f` with the server's logger of `format` writing into the returned capture (on this
/// thread: the test's runtime has one).
fn capture(format: LogFormat) -> (Captured, tracing::subscriber::DefaultGuard) {
    let out = Captured::default();
    let w = out.clone();
    let subscriber = server::ops::subscriber(format, tracing_subscriber::EnvFilter::new(server::ops::DEFAULT_FILTER), false, move || w.clone());
    (out, tracing::subscriber::set_default(subscriber))
}

#[tokio::test]
async fn json_log_lines_carry_the_request_id_and_no_personal_data() {
    let app = seeded();
    let token = app.token_for(CITIZEN_WANG);
    let (out, guard) = capture(LogFormat::Json);
    // a sign-in code asked for (its handler logs the phone, masked)
    let r = app
        .request(from(
            "127.0.0.1",
            Method::POST,
            "/api/v1/auth/codes",
            &[("x-request-id", "req-code-1")],
            Some(json!({"phone": "13912345678"})),
        ))
        .await;
    assert_eq!(r.status, 202, "{}", r.text());
    // a stream with a ticket in its query (refused: the ticket is unknown)
    let r = app.get("/api/v1/notifications/stream?ticket=secret-ticket-8c1f").await;
    assert_eq!(r.status, 401);
    let stream_id = r.header("x-request-id").unwrap().to_owned();
    // a signed-in request
    let r = app.call(Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(r.status, 200);
    let me_id = r.header("x-request-id").unwrap().to_owned();
    // a probe: below INFO
    let r = app.get("/readyz").await;
    let probe_id = r.header("x-request-id").unwrap().to_owned();
    drop(guard);

    let text = out.text();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not one JSON object per line ({e}): {l}")))
        .collect();
    let of = |id: &str| -> Vec<&Value> { lines.iter().filter(|l| l["span"]["request_id"] == id).collect() };
    // the handler's own line and the answer's, both with the request's id, method and path
    let code = of("req-code-1");
    assert_eq!(code.len(), 2, "{text}");
    assert!(code[0]["fields"]["message"].as_str().unwrap().contains("139****5678"), "{text}");
    assert_eq!(code[1]["fields"]["message"], "answered");
    assert_eq!(code[1]["fields"]["status"], 202);
    assert!(code[1]["fields"]["ms"].is_u64());
    for l in &code {
        assert_eq!(l["span"]["method"], "POST");
        assert_eq!(l["span"]["path"], "/api/v1/auth/codes");
        assert_eq!(l["level"], "INFO");
    }
    let stream = of(&stream_id);
    assert_eq!(stream.len(), 1, "{text}");
    assert_eq!(stream[0]["span"]["path"], "/api/v1/notifications/stream");
    assert_eq!(stream[0]["fields"]["status"], 401);
    assert_eq!(of(&me_id).len(), 1, "{text}");
    assert!(of(&probe_id).is_empty(), "probes are logged at DEBUG: {text}");
    // no phone number, ticket or token
    for secret in ["13912345678", "secret-ticket-8c1f", token.as_str()] {
        assert!(!text.contains(secret), "{secret} in the log: {text}");
    }
}

#[tokio::test]
async fn text_log_lines_carry_the_request_id() {
    let app = TestApp::with_config(behind_loopback);
    let (out, guard) = capture(LogFormat::Text);
    let r = app
        .request(from("127.0.0.1", Method::GET, "/api/v1/no-such-thing?q=13912345678", &[("x-request-id", "req-text-1")], None))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    drop(guard);
    let text = out.text();
    let line = text.lines().find(|l| l.contains("answered")).unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains("request_id=req-text-1"), "{line}");
    assert!(line.contains("path=/api/v1/no-such-thing"), "{line}");
    assert!(line.contains("status=404"), "{line}");
    assert!(!text.contains("13912345678"), "{text}");
}

/// PostgreSQL ends the server's sessions (a restart, a failover to the standby): each is opened
/// again at its next use, the call that found it broken being the only one that fails — never
/// in the middle of a transaction, whose later statements and `COMMIT` fail instead of running
/// outside it. (SQLite has no sessions to lose: nothing to test there.)
#[tokio::test]
async fn sessions_postgresql_ended_are_opened_again() {
    if common::on_postgres().is_none() {
        return;
    }
    let app = TestApp::new();
    let admin = app.reopen();
    let pid = "SELECT pg_backend_pid()";
    // (with a timeout, pg_terminate_backend returns once the session is gone)
    let end = |pids: Vec<i64>| {
        admin.with_conn(move |c| {
            for p in pids {
                let ended: bool = c.query_row("SELECT pg_terminate_backend(CAST(?1 AS INTEGER), 5000)", server::params![p], |r| r.get(0)).unwrap();
                assert!(ended, "session {p}");
            }
        })
    };
    let writer = app.db.call(move |c| Ok(c.query_row(pid, (), |r| r.get::<_, i64>(0))?)).await.unwrap();
    let mut readers = Vec::new();
    for _ in 0..2 {
        readers.push(app.db.read(move |c| Ok(c.query_row(pid, (), |r| r.get::<_, i64>(0))?)).await.unwrap());
    }
    readers.sort_unstable();
    readers.dedup();
    assert_eq!(readers.len(), 2, "two readers");
    let mut all = readers.clone();
    all.push(writer);
    end(all);

    // the writer: one call fails, the next has a new session
    assert!(app.db.call(move |c| Ok(c.query_row(pid, (), |r| r.get::<_, i64>(0))?)).await.is_err());
    let again = app.db.call(move |c| Ok(c.query_row(pid, (), |r| r.get::<_, i64>(0))?)).await.unwrap();
    assert_ne!(again, writer);
    // the readers too (each fails once at most), and a new reader is read-only still
    for _ in 0..4 {
        let _ = app.db.read(move |c| Ok(c.query_row(pid, (), |r| r.get::<_, i64>(0))?)).await;
    }
    for _ in 0..2 {
        let p = app.db.read(move |c| Ok(c.query_row(pid, (), |r| r.get::<_, i64>(0))?)).await.unwrap();
        assert!(!readers.contains(&p), "a new reader session");
        let write = app.db.read(|c| Ok(c.execute("CREATE TABLE nope (a BIGINT)", ())?)).await;
        assert!(format!("{:?}", write.unwrap_err()).contains("read-only"), "still read-only");
    }
    // the API answers as before
    assert_eq!(app.get("/api/v1/meta").await.status, 200);
    assert_eq!(app.get("/readyz").await.status, 200);

    // in a transaction: the statements after the break fail, and so does its COMMIT; nothing
    // of it is kept, and the session is opened again after it
    let writer = app.db.call(move |c| Ok(c.query_row(pid, (), |r| r.get::<_, i64>(0))?)).await.unwrap();
    let admin2 = app.reopen();
    let result = app
        .db
        .call(move |c| {
            let tx = c.transaction()?;
            tx.execute("CREATE TABLE kept_or_not (a BIGINT)", ())?;
            admin2.with_conn(|a| a.query_row("SELECT pg_terminate_backend(CAST(?1 AS INTEGER), 5000)", server::params![writer], |r| r.get::<_, bool>(0)).unwrap());
            let first = tx.execute("INSERT INTO kept_or_not (a) VALUES (1)", ());
            let second = tx.execute("INSERT INTO kept_or_not (a) VALUES (2)", ());
            let second_err = format!("{:?}", second.unwrap_err());
            let commit = tx.commit();
            Ok((first.is_err(), second_err, commit.is_err()))
        })
        .await
        .unwrap();
    assert!(result.0, "the statement after the break fails");
    assert!(result.1.contains("lost in a transaction"), "{}", result.1);
    assert!(result.2, "and the COMMIT");
    let kept: i64 = app
        .db
        .call(|c| Ok(c.query_row("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'kept_or_not'", (), |r| r.get(0))?))
        .await
        .unwrap();
    assert_eq!(kept, 0, "nothing of the transaction was kept");
}
