//! Sign-in by phone and code, sessions, `/me`, sign-out, rate limits of codes and attempts.

mod common;

use axum::http::Method;
use common::{schema, TestApp, DAY, NOW};
use serde_json::{json, Value};

fn demo_app() -> TestApp {
    let app = TestApp::with_config(|c| c.demo = true);
    app.seed_people();
    app
}

async fn request_code(app: &TestApp, phone: &str) -> Value {
    let r = app
        .call(
            Method::POST,
            "/api/v1/auth/codes",
            None,
            Some(json!({ "phone": phone })),
        )
        .await;
    assert_eq!(r.status, 202, "{}", r.text());
    let v = r.json();
    schema::assert_op_response("post", "/api/v1/auth/codes", 202, "application/json", &v);
    v
}

async fn code(app: &TestApp, phone: &str) -> String {
    request_code(app, phone).await["demo_code"]
        .as_str()
        .expect("demo_code")
        .to_owned()
}

async fn sign_in(app: &TestApp, phone: &str, code: &str) -> common::Reply {
    app.call(
        Method::POST,
        "/api/v1/auth/sessions",
        None,
        Some(json!({ "phone": phone, "code": code })),
    )
    .await
}

async fn session(app: &TestApp, phone: &str) -> Value {
    let c = code(app, phone).await;
    let r = sign_in(app, phone, &c).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let v = r.json();
    schema::assert_op_response("post", "/api/v1/auth/sessions", 201, "application/json", &v);
    v
}

fn wrong_code(c: &str) -> String {
    let n: u32 = c.parse().expect("digits");
    format!("{:06}", (n + 1) % 1_000_000)
}

fn error_code(r: &common::Reply, field: &str) -> String {
    let p = r.problem(400);
    let e = p["errors"]
        .as_array()
        .and_then(|a| a.iter().find(|e| e["field"] == field))
        .unwrap_or_else(|| panic!("no error for {field}: {p}"));
    e["code"].as_str().expect("code").to_owned()
}

#[tokio::test]
async fn code_then_session_then_me() {
    let app = demo_app();
    let sent = request_code(&app, "13800000001").await;
    assert_eq!(sent["expires_at"], "2027-01-15T04:05:00Z");
    assert_eq!(sent["resend_after_seconds"], 60);
    let c = sent["demo_code"].as_str().expect("demo code");
    assert!(c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit()));

    let r = sign_in(&app, "138 0000 0001", c).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let s = r.json();
    schema::assert_op_response("post", "/api/v1/auth/sessions", 201, "application/json", &s);
    assert_eq!(s["expires_at"], server::clock::rfc3339(NOW + 30 * DAY));
    assert_eq!(s["user"]["id"], server::demo::CITIZEN_WANG);
    assert_eq!(s["user"]["display_name"], "王秀英");
    assert_eq!(s["user"]["phone_masked"], "138****0001");
    assert_eq!(s["user"]["roles"], json!(["citizen"]));
    let token = s["token"].as_str().expect("token");
    assert!(token.len() >= 43);

    let me = app.call(Method::GET, "/api/v1/me", Some(token), None).await;
    assert_eq!(me.status, 200, "{}", me.text());
    let v = me.json();
    schema::assert_op_response("get", "/api/v1/me", 200, "application/json", &v);
    assert_eq!(v, s["user"]);
    // the full phone never appears
    assert!(!me.text().contains("13800000001"));
}

#[tokio::test]
async fn demo_accounts_have_their_roles() {
    let app = demo_app();
    let deputy = session(&app, "13900000001").await;
    assert_eq!(deputy["user"]["roles"], json!(["deputy"]));
    assert_eq!(deputy["user"]["deputy_id"], server::demo::DEPUTY_CHEN);
    assert_eq!(deputy["user"]["display_name"], "陈志强");
    let he = session(&app, "13900000002").await;
    assert_eq!(he["user"]["deputy_id"], server::demo::DEPUTY_HE);
    let staff = session(&app, "13700000001").await;
    assert_eq!(staff["user"]["roles"], json!(["staff"]));
    assert_eq!(staff["user"]["station_id"], server::demo::STATION_CENTER);
    assert!(staff["user"].get("deputy_id").is_none());
    let li = session(&app, "13800000002").await;
    assert_eq!(li["user"]["id"], server::demo::CITIZEN_LI);
    assert_eq!(li["user"]["display_name"], "李建国");
    // the deputy's profile code is LW01
    let d = app.ok("/api/v1/deputies/by-code/LW01").await;
    assert_eq!(d["id"], server::demo::DEPUTY_CHEN);
}

#[tokio::test]
async fn a_new_phone_becomes_a_citizen() {
    let app = demo_app();
    let s = session(&app, "+86 13512345678").await;
    assert_eq!(s["user"]["roles"], json!(["citizen"]));
    assert_eq!(s["user"]["display_name"], "用户5678");
    assert_eq!(s["user"]["phone_masked"], "135****5678");
    let id = s["user"]["id"].as_str().expect("id").to_owned();
    // signing in again is the same account
    app.state.set_now(NOW + 61);
    let again = session(&app, "13512345678").await;
    assert_eq!(again["user"]["id"], id.as_str());
    assert_ne!(again["token"], s["token"]);
}

#[tokio::test]
async fn without_demo_mode_no_code_in_the_answer() {
    let app = TestApp::new();
    let v = request_code(&app, "13800000001").await;
    assert!(v.get("demo_code").is_none(), "{v}");
}

#[tokio::test]
async fn phone_and_code_validation() {
    let app = demo_app();
    for (body, code) in [
        (json!({}), "required"),
        (json!({ "phone": "  " }), "required"),
        (json!({ "phone": "12345" }), "invalid"),
        (json!({ "phone": "23800000001" }), "invalid"),
        (json!({ "phone": "1380000000x" }), "invalid"),
    ] {
        let r = app
            .call(Method::POST, "/api/v1/auth/codes", None, Some(body.clone()))
            .await;
        assert_eq!(error_code(&r, "phone"), code, "{body}");
        schema::assert_op_response(
            "post",
            "/api/v1/auth/codes",
            400,
            "application/problem+json",
            &r.json(),
        );
    }
    // not JSON
    let r = app
        .request(
            axum::http::Request::post("/api/v1/auth/codes")
                .header("content-type", "application/json")
                .body(axum::body::Body::from("phone=1"))
                .expect("request"),
        )
        .await;
    r.problem(400);

    // sign-in: both fields at once
    let r = app
        .call(Method::POST, "/api/v1/auth/sessions", None, Some(json!({})))
        .await;
    assert_eq!(error_code(&r, "phone"), "required");
    assert_eq!(error_code(&r, "code"), "required");
    schema::assert_op_response(
        "post",
        "/api/v1/auth/sessions",
        400,
        "application/problem+json",
        &r.json(),
    );
    let r = sign_in(&app, "13800000001", "12ab56").await;
    assert_eq!(error_code(&r, "code"), "invalid");
    let r = sign_in(&app, "13800000001", "1234567").await;
    assert_eq!(error_code(&r, "code"), "invalid");
    let r = sign_in(&app, "138", "123456").await;
    assert_eq!(error_code(&r, "phone"), "invalid");
    // no code was ever requested
    let r = sign_in(&app, "13800000001", "123456").await;
    assert_eq!(error_code(&r, "code"), "expired");
}

#[tokio::test]
async fn a_code_works_once() {
    let app = demo_app();
    let c = code(&app, "13800000001").await;
    assert_eq!(sign_in(&app, "13800000001", &c).await.status, 201);
    let r = sign_in(&app, "13800000001", &c).await;
    assert_eq!(error_code(&r, "code"), "used");
}

#[tokio::test]
async fn a_code_expires_after_five_minutes() {
    let app = demo_app();
    let c = code(&app, "13800000001").await;
    app.state.set_now(NOW + 300);
    let r = sign_in(&app, "13800000001", &c).await;
    assert_eq!(error_code(&r, "code"), "expired");
    // just before the end it works
    let app = demo_app();
    let c = code(&app, "13800000001").await;
    app.state.set_now(NOW + 299);
    assert_eq!(sign_in(&app, "13800000001", &c).await.status, 201);
}

/// A new code does not void one that still works (a stranger requesting codes for a phone
/// must not keep its owner out); signing in with one voids the others.
#[tokio::test]
async fn earlier_codes_keep_working_until_one_is_used() {
    let app = demo_app();
    let first = code(&app, "13800000001").await;
    app.state.set_now(NOW + 61);
    let second = code(&app, "13800000001").await;
    if first == second {
        return; // one chance in a million
    }
    let r = sign_in(&app, "13800000001", &first).await;
    assert_eq!(r.status, 201, "the first code still works: {}", r.text());
    let r = sign_in(&app, "13800000001", &second).await;
    assert_eq!(error_code(&r, "code"), "used", "a sign-in used up the phone's other codes");
    // and the first code expires 5 minutes after it was sent, not after the second
    let app = demo_app();
    let first = code(&app, "13800000001").await;
    app.state.set_now(NOW + 200);
    let _second = code(&app, "13800000001").await;
    app.state.set_now(NOW + 300);
    let r = sign_in(&app, "13800000001", &first).await;
    assert_eq!(error_code(&r, "code"), "expired");
}

/// A request from a given client address (what the listener records for every connection).
fn from(addr: [u8; 4], uri: &str, body: Value) -> axum::http::Request<axum::body::Body> {
    axum::http::Request::post(uri)
        .header("content-type", "application/json")
        .extension(axum::extract::ConnectInfo(std::net::SocketAddr::from((addr, 50000))))
        .body(axum::body::Body::from(body.to_string()))
        .expect("request")
}

async fn sign_in_from(app: &TestApp, addr: [u8; 4], phone: &str, code: &str) -> common::Reply {
    app.request(from(addr, "/api/v1/auth/sessions", json!({ "phone": phone, "code": code }))).await
}

const OWNER: [u8; 4] = [192, 0, 2, 1];
const STRANGER: [u8; 4] = [203, 0, 113, 9];

/// Wrong tries do not void a code, and a stranger's tries do not count against the owner's:
/// they are limited per phone and address.
#[tokio::test]
async fn a_stranger_cannot_lock_the_owner_out() {
    let app = demo_app();
    let c = code(&app, "13800000001").await;
    for _ in 0..10 {
        let r = sign_in_from(&app, STRANGER, "13800000001", &wrong_code(&c)).await;
        assert_eq!(error_code(&r, "code"), "invalid");
    }
    // the stranger is stopped (10 attempts per phone and address in 15 minutes)…
    let r = sign_in_from(&app, STRANGER, "13800000001", &wrong_code(&c)).await;
    assert!(retry_after(&r) > 0);
    // …and the owner signs in with the same code from their own phone
    let r = sign_in_from(&app, OWNER, "13800000001", &c).await;
    assert_eq!(r.status, 201, "{}", r.text());
}

/// Guessing a phone's codes from many addresses ends at 20 wrong codes per phone in the
/// window; one address guessing many phones' codes ends at 50.
#[tokio::test]
async fn wrong_codes_are_bounded_per_phone_and_per_address() {
    let app = demo_app();
    let c = code(&app, "13800000001").await;
    for i in 0..20u8 {
        let r = sign_in_from(&app, [198, 51, 100, i], "13800000001", &wrong_code(&c)).await;
        assert_eq!(error_code(&r, "code"), "invalid");
    }
    let r = sign_in_from(&app, [198, 51, 100, 99], "13800000001", &c).await;
    assert_eq!(retry_after(&r), 15 * 60);
    app.state.set_now(NOW + 15 * 60);
    let c = code(&app, "13800000001").await;
    assert_eq!(sign_in_from(&app, OWNER, "13800000001", &c).await.status, 201, "after the window");

    let app = demo_app();
    let mut n = 0;
    'phones: for p in 0..10 {
        let phone = format!("1360000{p:04}");
        for _ in 0..5 {
            let r = sign_in_from(&app, STRANGER, &phone, "123456").await;
            r.problem(400);
            n += 1;
            if n == 50 {
                break 'phones;
            }
        }
    }
    let r = sign_in_from(&app, STRANGER, "13600009999", "123456").await;
    assert!(retry_after(&r) > 0, "50 wrong codes from one address");
    // others are not affected
    let c = code(&app, "13800000002").await;
    assert_eq!(sign_in_from(&app, OWNER, "13800000002", &c).await.status, 201);
}

async fn code_from(app: &TestApp, addr: [u8; 4], phone: &str) -> common::Reply {
    app.request(from(addr, "/api/v1/auth/codes", json!({ "phone": phone }))).await
}

/// One client cannot send codes to thousands of phones: 30 an hour per address, and the
/// deployment's budget of all codes together.
#[tokio::test]
async fn codes_are_limited_per_address_and_in_all() {
    let app = demo_app();
    for i in 0..30 {
        let r = code_from(&app, STRANGER, &format!("1370000{i:04}")).await;
        assert_eq!(r.status, 202, "{}", r.text());
    }
    let r = code_from(&app, STRANGER, "13700009999").await;
    assert_eq!(retry_after(&r), 3600);
    assert!(r.json()["detail"].as_str().unwrap().contains("address"));
    assert_eq!(code_from(&app, OWNER, "13700009999").await.status, 202, "another address");

    let app = TestApp::with_config(|c| {
        c.demo = true;
        c.limits.codes_per_hour_total = 3;
    });
    for i in 0..3u8 {
        assert_eq!(code_from(&app, [10, 0, 0, i], &format!("1370000000{i}")).await.status, 202);
    }
    app.state.set_now(NOW + 600);
    let r = code_from(&app, [10, 0, 0, 200], "13700000009").await;
    assert_eq!(retry_after(&r), 3600 - 600, "the budget is back when the first code leaves the hour");
    schema::assert_op_response("post", "/api/v1/auth/codes", 429, "application/problem+json", &r.json());
}

fn retry_after(r: &common::Reply) -> u64 {
    let p = r.problem(429);
    assert_eq!(p["type"], contract::problem_types::RATE_LIMITED);
    r.header("retry-after")
        .and_then(|v| v.parse().ok())
        .expect("Retry-After seconds")
}

#[tokio::test]
async fn one_code_per_minute_and_five_per_hour() {
    let app = demo_app();
    request_code(&app, "13800000001").await;
    app.state.set_now(NOW + 20);
    let r = app
        .call(
            Method::POST,
            "/api/v1/auth/codes",
            None,
            Some(json!({ "phone": "13800000001" })),
        )
        .await;
    assert_eq!(retry_after(&r), 40);
    schema::assert_op_response(
        "post",
        "/api/v1/auth/codes",
        429,
        "application/problem+json",
        &r.json(),
    );
    // another phone is not limited
    request_code(&app, "13800000002").await;
    // after the minute: more codes, up to 5 in the hour
    for i in 1..5 {
        app.state.set_now(NOW + i * 60);
        request_code(&app, "13800000001").await;
    }
    app.state.set_now(NOW + 5 * 60);
    let r = app
        .call(
            Method::POST,
            "/api/v1/auth/codes",
            None,
            Some(json!({ "phone": "+8613800000001" })),
        )
        .await;
    // the first code of the hour leaves the window at NOW + 3600
    assert_eq!(retry_after(&r), 3600 - 5 * 60);
    app.state.set_now(NOW + 3600);
    request_code(&app, "13800000001").await;
}

#[tokio::test]
async fn ten_sign_in_attempts_per_quarter_hour() {
    let app = demo_app();
    let c = code(&app, "13800000001").await;
    // 4 wrong attempts per code, new codes every minute: attempts add up across codes
    let mut attempts = 0;
    let mut now = NOW;
    let mut current = c;
    while attempts < 10 {
        let r = sign_in(&app, "13800000001", &wrong_code(&current)).await;
        assert_eq!(r.status, 400, "{}", r.text());
        attempts += 1;
        if attempts % 4 == 0 {
            now += 61;
            app.state.set_now(now);
            current = code(&app, "13800000001").await;
        }
    }
    let r = sign_in(&app, "13800000001", &current).await;
    let wait = retry_after(&r);
    assert_eq!(wait as i64, NOW + 15 * 60 - now);
    schema::assert_op_response(
        "post",
        "/api/v1/auth/sessions",
        429,
        "application/problem+json",
        &r.json(),
    );
    // other phones are not affected
    let other = code(&app, "13800000002").await;
    assert_eq!(sign_in(&app, "13800000002", &other).await.status, 201);
}

#[tokio::test]
async fn relaxed_limits_allow_many_codes() {
    let app = TestApp::with_config(|c| {
        c.demo = true;
        c.limits = server::Limits::relaxed();
    });
    for _ in 0..20 {
        let v = request_code(&app, "13800000001").await;
        assert_eq!(v["resend_after_seconds"], 0);
    }
}

#[tokio::test]
async fn sessions_expire_after_thirty_days() {
    let app = demo_app();
    let s = session(&app, "13800000001").await;
    let token = s["token"].as_str().expect("token");
    app.state.set_now(NOW + 30 * DAY - 1);
    assert_eq!(
        app.call(Method::GET, "/api/v1/me", Some(token), None)
            .await
            .status,
        200
    );
    app.state.set_now(NOW + 30 * DAY);
    let r = app.call(Method::GET, "/api/v1/me", Some(token), None).await;
    let p = r.problem(401);
    assert_eq!(p["type"], contract::problem_types::UNAUTHORIZED);
    schema::assert_op_response("get", "/api/v1/me", 401, "application/problem+json", &p);
}

#[tokio::test]
async fn session_length_is_configurable() {
    let app = TestApp::with_config(|c| {
        c.demo = true;
        c.session_days = 1;
    });
    app.seed_people();
    let s = session(&app, "13800000001").await;
    assert_eq!(s["expires_at"], server::clock::rfc3339(NOW + DAY));
}

#[tokio::test]
async fn sign_out_ends_the_token_only() {
    let app = demo_app();
    let a = session(&app, "13800000001").await;
    let a = a["token"].as_str().expect("token").to_owned();
    app.state.set_now(NOW + 61);
    let b = session(&app, "13800000001").await;
    let b = b["token"].as_str().expect("token").to_owned();

    let r = app
        .call(Method::DELETE, "/api/v1/auth/session", Some(&a), None)
        .await;
    assert_eq!(r.status, 204, "{}", r.text());
    assert!(r.body.is_empty());
    let r = app.call(Method::GET, "/api/v1/me", Some(&a), None).await;
    r.problem(401);
    let r = app
        .call(Method::DELETE, "/api/v1/auth/session", Some(&a), None)
        .await;
    let p = r.problem(401);
    schema::assert_op_response(
        "delete",
        "/api/v1/auth/session",
        401,
        "application/problem+json",
        &p,
    );
    // the other session of the same user still works
    assert_eq!(
        app.call(Method::GET, "/api/v1/me", Some(&b), None)
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn bad_credentials_are_401() {
    let app = demo_app();
    let r = app.get("/api/v1/me").await;
    let p = r.problem(401);
    assert_eq!(p["type"], contract::problem_types::UNAUTHORIZED);
    assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    for value in [
        "Bearer nope",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "token",
        &format!("Bearer {}", "x".repeat(300)),
    ] {
        let r = app
            .get_with("/api/v1/me", &[("authorization", value)])
            .await;
        r.problem(401);
    }
    let r = app.method(Method::DELETE, "/api/v1/auth/session").await;
    r.problem(401);
    // a token made for a user works; the scheme is case-insensitive
    let t = app.token_for(server::demo::STAFF_HUANG);
    let r = app
        .get_with("/api/v1/me", &[("authorization", &format!("bearer {t}"))])
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["roles"], json!(["staff"]));
}

#[tokio::test]
async fn codes_and_tokens_are_stored_as_hashes() {
    let app = demo_app();
    let c = code(&app, "13800000001").await;
    let r = sign_in(&app, "13800000001", &c).await;
    let token = r.json()["token"].as_str().expect("token").to_owned();
    app.db.with_conn(|conn| {
        let code_hash: String = conn
            .query_row("SELECT code_hash FROM sms_codes", (), |r| r.get(0))
            .expect("code row");
        assert_ne!(code_hash, c);
        assert_eq!(code_hash, server::auth::hash_secret(&c));
        let token_hash: String = conn
            .query_row("SELECT token_hash FROM sessions", (), |r| r.get(0))
            .expect("session row");
        assert_ne!(token_hash, token);
        assert!(!token_hash.contains(&token));
    });
}

#[tokio::test]
async fn maybe_caller_and_roles() {
    use axum::routing::get;
    use server::auth::{Caller, MaybeCaller};
    let app = demo_app();
    async fn who(MaybeCaller(c): MaybeCaller) -> String {
        match c {
            None => "anonymous".into(),
            Some(c) => format!(
                "{} deputy={} staff={} citizen={}",
                c.user_id,
                c.is(contract::Role::Deputy),
                c.is(contract::Role::Staff),
                c.is(contract::Role::Citizen)
            ),
        }
    }
    async fn must(c: Caller) -> String {
        c.display_name
    }
    let router = axum::Router::new()
        .route("/who", get(who))
        .route("/must", get(must))
        .with_state(app.state.clone());
    let req = |path: &str, token: Option<&str>| {
        let mut b = axum::http::Request::get(path);
        if let Some(t) = token {
            b = b.header("authorization", format!("Bearer {t}"));
        }
        b.body(axum::body::Body::empty()).expect("request")
    };
    let r = common::send(&router, req("/who", None)).await;
    assert_eq!(r.text(), "anonymous");
    let r = common::send(&router, req("/who", Some("unknown"))).await;
    r.problem(401);
    let t = app.token_for(server::demo::DEPUTY_CHEN_USER);
    let r = common::send(&router, req("/who", Some(&t))).await;
    assert_eq!(
        r.text(),
        format!(
            "{} deputy=true staff=false citizen=false",
            server::demo::DEPUTY_CHEN_USER
        )
    );
    let r = common::send(&router, req("/must", None)).await;
    r.problem(401);
    let r = common::send(&router, req("/must", Some(&t))).await;
    assert_eq!(r.text(), "陈志强");
    // a session whose time has passed is as good as none
    app.state.set_now(NOW + 31 * DAY);
    let r = common::send(&router, req("/who", Some(&t))).await;
    r.problem(401);
}
