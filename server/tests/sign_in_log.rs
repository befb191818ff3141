//! What the server logs of sign-in codes: the code only on a demo server; otherwise neither
//! the code nor the whole phone. (A file of its own: a `tracing` subscriber of one test's
//! thread sees its events reliably only without other tests running beside it.)

mod common;

use common::TestApp;
use serde_json::json;

async fn code_from(app: &TestApp, phone: &str) -> common::Reply {
    let req = axum::http::Request::post("/api/v1/auth/codes")
        .header("content-type", "application/json")
        .body(axum::body::Body::from(json!({ "phone": phone }).to_string()))
        .expect("request");
    app.request(req).await
}

/// What the server logs when a code is requested (a subscriber of this test's thread), and
/// the code when the server is a demo.
async fn logged_for_code(demo: bool) -> (String, String) {
    use std::sync::{Arc, Mutex};
    #[derive(Clone, Default)]
    struct Buf(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Buf {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buf = Buf::default();
    let out = buf.clone();
    let subscriber = tracing_subscriber::fmt().with_writer(move || out.clone()).with_ansi(false).without_time().finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let app = TestApp::with_config(|c| c.demo = demo);
    let r = code_from(&app, "13912345678").await;
    assert_eq!(r.status, 202);
    let code = r.json()["demo_code"].as_str().unwrap_or_default().to_owned();
    let log = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    (log, code)
}

#[tokio::test]
async fn the_code_is_logged_only_on_a_demo_server() {
    let (log, code) = logged_for_code(true).await;
    assert!(!code.is_empty() && log.contains(&code) && log.contains("13912345678"), "{log}");
    let (log, code) = logged_for_code(false).await;
    assert!(code.is_empty(), "no demo_code");
    assert!(log.contains("139****5678"), "the phone masked: {log}");
    assert!(!log.contains("13912345678"), "{log}");
    // (a request's id, a random UUID in every line of its span, may hold six digits in a row by
    // chance: it is no code)
    let digits6 = log
        .split_whitespace()
        .filter(|w| !w.contains("request_id="))
        .flat_map(|w| w.split(|c: char| !c.is_ascii_digit()))
        .any(|w| w.len() == 6);
    assert!(!digits6, "no code in the log: {log}");
}

