//! Helpers shared by the API tests (messages, handling, comments, topics, polls, points…): demo
//! people with tokens, JSON requests with an `Idempotency-Key`, and a check of every answer
//! against the operation's schema in `api/openapi.json`.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Method, Request};
use serde_json::{json, Value};

use crate::common::{schema, Reply, TestApp};

pub const WANG: &str = "u_demo_citizen1";
pub const LI: &str = "u_demo_citizen2";
pub const CHEN_USER: &str = "u_demo_deputy1";
pub const HE_USER: &str = "u_demo_deputy2";
pub const HUANG: &str = "u_demo_staff1";
pub const CHEN: &str = "dp_lw01";
pub const HE: &str = "dp_lw02";

/// Tokens of the demo accounts.
pub struct Users {
    pub wang: String,
    pub li: String,
    pub chen: String,
    pub he: String,
    pub huang: String,
}

pub fn setup_with(app: TestApp) -> (TestApp, Users) {
    app.seed_people();
    let users = Users {
        wang: app.token_for(WANG),
        li: app.token_for(LI),
        chen: app.token_for(CHEN_USER),
        he: app.token_for(HE_USER),
        huang: app.token_for(HUANG),
    };
    (app, users)
}

pub fn setup() -> (TestApp, Users) {
    setup_with(TestApp::new())
}

/// A request with optional token, Idempotency-Key and JSON body.
pub async fn send_req(
    app: &TestApp,
    method: Method,
    uri: &str,
    token: Option<&str>,
    key: Option<&str>,
    body: Option<&Value>,
) -> Reply {
    let mut b = Request::builder().method(method).uri(uri);
    if let Some(t) = token {
        b = b.header("authorization", format!("Bearer {t}"));
    }
    if let Some(k) = key {
        b = b.header("idempotency-key", k);
    }
    let body = match body {
        Some(v) => {
            b = b.header("content-type", "application/json");
            Body::from(v.to_string())
        }
        None => Body::empty(),
    };
    app.request(b.body(body).expect("request")).await
}

pub async fn get(app: &TestApp, uri: &str, token: Option<&str>) -> Reply {
    send_req(app, Method::GET, uri, token, None, None).await
}

pub async fn post(
    app: &TestApp,
    uri: &str,
    token: Option<&str>,
    key: Option<&str>,
    body: &Value,
) -> Reply {
    send_req(app, Method::POST, uri, token, key, Some(body)).await
}

/// Any request, its answer checked against the contract at `status` (`checked`); `Null` for
/// a 204.
pub async fn call(
    app: &TestApp,
    method: Method,
    uri: &str,
    token: Option<&str>,
    body: Option<&Value>,
    status: u16,
) -> Value {
    call_with_key(app, method, uri, token, None, body, status).await
}

/// `call` with an `Idempotency-Key`.
pub async fn call_with_key(
    app: &TestApp,
    method: Method,
    uri: &str,
    token: Option<&str>,
    key: Option<&str>,
    body: Option<&Value>,
    status: u16,
) -> Value {
    let m = method.as_str().to_ascii_lowercase();
    let r = send_req(app, method, uri, token, key, body).await;
    if status == 204 {
        assert_eq!(r.status.as_u16(), 204, "{m} {uri}: {}", r.text());
        return Value::Null;
    }
    checked(&r, &m, uri, status)
}

/// Moves the server's clock `secs` on.
pub fn later(app: &TestApp, secs: i64) {
    app.state.set_now(app.state.now() + secs);
}

/// The contract's path template of a concrete request path.
pub fn template(path: &str) -> String {
    let path = path.split('?').next().unwrap_or(path);
    let parts: Vec<&str> = path.split('/').collect();
    // /api/v1/messages/{id}/plan/{step_id}/done
    let mut out = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        let templ = match (i, parts.get(3).copied()) {
            (4, Some("messages")) if *p != "mine" => "{id}",
            (4, Some("reply-templates")) => "{id}",
            (4, Some("comments")) => "{id}",
            (4, Some("topics")) if *p != "mine" => "{id}",
            (4, Some("articles")) => "{id}",
            (4, Some("likes")) => "{target_kind}",
            (5, Some("likes")) => "{target_id}",
            (4, Some("polls")) | (4, Some("users")) | (4, Some("posters")) => "{id}",
            (5, Some("training"))
                if matches!(parts.get(4), Some(&"courses") | Some(&"lessons") | Some(&"tests") | Some(&"attempts")) =>
            {
                "{id}"
            }
            (7, Some("training")) if parts.get(6) == Some(&"answers") => "{question_id}",
            (7, Some("training")) if parts.get(6) == Some(&"tasks") => "{case_id}",
            (6, Some("training")) if parts.get(4) == Some(&"sandbox") => "{id}",
            (8, Some("training")) if parts.get(4) == Some(&"sandbox") && parts.get(7) == Some(&"plan") => "{step_id}",
            (4, Some("certificates")) => "{code}",
            (4, Some("deputies")) if parts.get(5) == Some(&"record") => "{id}",
            (4, Some("events")) => "{id}",
            (6, Some("events")) if parts.get(5) == Some(&"attendance") => "{deputy_id}",
            (6, Some("messages")) if parts.get(5) == Some(&"plan") => "{step_id}",
            _ => p,
        };
        out.push(templ.to_owned());
    }
    out.join("/")
}

/// Asserts the status, the media type and the schema of the contract for this operation
/// (problem details for errors; statuses the operation does not list are checked against
/// the Problem schema); returns the JSON.
pub fn checked(r: &Reply, method: &str, path: &str, status: u16) -> Value {
    assert_eq!(r.status.as_u16(), status, "{method} {path}: {}", r.text());
    let templ = template(path);
    if status >= 400 {
        let v = r.problem(status);
        let documented = schema::document()["paths"][&templ][method]["responses"]
            [status.to_string()]
        .is_object();
        if documented {
            schema::assert_op_response(method, &templ, status, "application/problem+json", &v);
        } else {
            let doc = schema::document();
            let mut errors = Vec::new();
            schema::check(
                doc,
                &json!({"$ref": "#/components/schemas/Problem"}),
                &v,
                "$",
                &mut errors,
            );
            assert!(errors.is_empty(), "{method} {path}: {errors:?}");
        }
        v
    } else {
        assert_eq!(
            r.header("content-type"),
            Some("application/json"),
            "{method} {path}"
        );
        let v = r.json();
        schema::assert_op_response(method, &templ, status, "application/json", &v);
        v
    }
}

/// The `(field, code)` pairs of a 400 problem.
pub fn field_codes(v: &Value) -> Vec<(String, String)> {
    v["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    (
                        e["field"].as_str().unwrap_or("").to_owned(),
                        e["code"].as_str().unwrap_or("").to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A valid new message to deputy 陈志强.
pub fn new_message(title: &str, public: bool) -> Value {
    json!({
        "recipient": {"kind": "deputy", "id": CHEN},
        "category_id": "mc_traffic",
        "title": title,
        "body": "村口到小学的路段没有路灯，晚上孩子放学很不安全，希望尽快安装。",
        "location": {"label": "龙湾村村口", "lat": 23.71, "lng": 113.02},
        "public": public,
    })
}

/// Creates a message (201); returns it.
pub async fn create(app: &TestApp, token: &str, key: &str, body: &Value) -> Value {
    let r = post(app, "/api/v1/messages", Some(token), Some(key), body).await;
    checked(&r, "post", "/api/v1/messages", 201)
}

/// Staff triage to a handler; returns the message.
pub async fn triage(
    app: &TestApp,
    staff: &str,
    m: &Value,
    track: &str,
    handler: (&str, &str),
) -> Value {
    let id = m["id"].as_str().expect("id");
    let uri = format!("/api/v1/messages/{id}/triage");
    let body = json!({
        "version": m["version"],
        "track": track,
        "category_id": "mc_traffic",
        "handler": {"kind": handler.0, "id": handler.1},
        "note": "请尽快核实处理",
    });
    let r = post(app, &uri, Some(staff), None, &body).await;
    checked(&r, "post", &uri, 200)
}

/// Posts to `/messages/{id}/<action>` and checks the answer.
pub async fn act(
    app: &TestApp,
    token: Option<&str>,
    id: &str,
    action: &str,
    key: Option<&str>,
    body: &Value,
    status: u16,
) -> Value {
    let uri = format!("/api/v1/messages/{id}/{action}");
    let r = post(app, &uri, token, key, body).await;
    checked(&r, "post", &uri, status)
}

/// GET `/messages/{id}` with the status expected.
pub async fn read(app: &TestApp, token: Option<&str>, id: &str, status: u16) -> Value {
    let uri = format!("/api/v1/messages/{id}");
    let r = get(app, &uri, token).await;
    checked(&r, "get", &uri, status)
}

/// A list page (checked).
pub async fn list(app: &TestApp, uri: &str, token: Option<&str>) -> Value {
    let r = get(app, uri, token).await;
    checked(&r, "get", uri, 200)
}

pub fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_str().expect("id").to_owned())
        .collect()
}

/// A small real PNG upload; returns its id.
pub async fn upload(app: &TestApp, token: &str) -> String {
    let bytes = include_bytes!("../fixtures/uploads/tiny.png").to_vec();
    let req = Request::post("/api/v1/uploads")
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "image/png")
        .body(Body::from(bytes))
        .expect("request");
    let r = app.request(req).await;
    assert_eq!(r.status.as_u16(), 201, "{}", r.text());
    r.json()["id"].as_str().expect("id").to_owned()
}

/// Follows `next_cursor` from `first` (signed in); returns all ids and the number of pages,
/// checking every page against the contract.
pub async fn walk_signed_in(app: &TestApp, first: &str, token: &str) -> (Vec<String>, usize) {
    let sep = if first.contains('?') { '&' } else { '?' };
    let mut all = Vec::new();
    let mut pages = 0;
    let mut cursor: Option<String> = None;
    loop {
        let uri = match &cursor {
            None => first.to_owned(),
            Some(c) => format!("{first}{sep}cursor={c}"),
        };
        let page = list(app, &uri, Some(token)).await;
        pages += 1;
        let got = ids(&page);
        match page["next_cursor"].as_str() {
            Some(c) => {
                assert!(!got.is_empty());
                cursor = Some(c.to_owned());
                all.extend(got);
            }
            None => {
                all.extend(got);
                break;
            }
        }
        assert!(pages < 100, "pagination does not end");
    }
    (all, pages)
}
