//! WeChat's JS-SDK signature against a local stand-in of WeChat's server API: the token and the
//! ticket are fetched once and kept (not per page), fetched again once they are due, and again
//! when WeChat says the token is no longer valid; the signature is WeChat's algorithm over the
//! ticket WeChat gave; a bad `url` is a 400 naming it; a refusal is a 503 with Retry-After;
//! without `--wechat-config` the endpoint is 404. Subscription messages: the configured templates
//! with each user's own answers; an accept allows one more message, other answers none more; a
//! template that is not the server's, or an answer WeChat does not give, is a 400 naming it.

mod common;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::extract::Query;
use axum::http::{Method, StatusCode};
use axum::Json;
use common::*;
use serde_json::{json, Value};
use server::wechat::{signature, WechatConfig};

/// The stand-in: counts the calls of each path; answers what is scripted for the ticket, else a
/// ticket numbered by the call.
#[derive(Clone, Default)]
struct Wechat {
    calls: Arc<Mutex<Vec<(String, Vec<(String, String)>)>>>,
    tickets: Arc<Mutex<VecDeque<Value>>>,
}

impl Wechat {
    async fn start() -> (Wechat, String) {
        let w = Wechat::default();
        let (a, b) = (w.clone(), w.clone());
        let app = axum::Router::new()
            .route(
                "/cgi-bin/token",
                axum::routing::get(move |Query(q): Query<Vec<(String, String)>>| {
                    let w = a.clone();
                    async move {
                        let n = w.count("/cgi-bin/token") + 1;
                        w.calls.lock().unwrap().push(("/cgi-bin/token".into(), q));
                        Json(json!({"access_token": format!("token-{n}"), "expires_in": 7200}))
                    }
                }),
            )
            .route(
                "/cgi-bin/ticket/getticket",
                axum::routing::get(move |Query(q): Query<Vec<(String, String)>>| {
                    let w = b.clone();
                    async move {
                        let n = w.count("/cgi-bin/ticket/getticket") + 1;
                        w.calls.lock().unwrap().push(("/cgi-bin/ticket/getticket".into(), q));
                        let scripted = w.tickets.lock().unwrap().pop_front();
                        Json(scripted.unwrap_or_else(|| json!({"errcode": 0, "errmsg": "ok", "ticket": format!("ticket-{n}"), "expires_in": 7200})))
                    }
                }),
            );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (w, origin)
    }

    fn count(&self, path: &str) -> usize {
        self.calls.lock().unwrap().iter().filter(|(p, _)| p == path).count()
    }

    fn query(&self, n: usize, name: &str) -> String {
        let calls = self.calls.lock().unwrap();
        calls[n].1.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }
}

const APP_ID: &str = "wx0123456789abcdef";
const PAGE: &str = "http://renda.example.gov.cn/d/LW01?via=p1";

fn app_with(origin: &str) -> TestApp {
    let config = WechatConfig::parse(
        &json!({
            "app_id": APP_ID, "app_secret": "s3cret", "api_origin": origin,
            "subscribe_templates": [
                {"id": "tpl-reply", "kinds": ["reply", "status_changed"]},
                {"id": "tpl-poll", "kinds": ["poll_results"]},
            ],
        })
        .to_string(),
    )
    .unwrap();
    TestApp::with_config(|c| c.wechat = Some(config))
}

fn uri(page: &str) -> String {
    format!("/api/v1/wechat/js-config?url={}", urlencode(page))
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

#[tokio::test]
async fn the_signature_is_wechats_over_the_ticket_kept_once() {
    let (wechat, origin) = Wechat::start().await;
    let app = app_with(&origin);
    let first = app.ok(&uri(PAGE)).await;
    assert_eq!(first["app_id"], APP_ID);
    assert_eq!(first["timestamp"], NOW);
    let nonce = first["nonce_str"].as_str().unwrap();
    assert_eq!(nonce.len(), 16);
    assert_eq!(first["signature"], signature("ticket-1", nonce, NOW, PAGE));
    // The token was asked for with the account's id and secret, the ticket with that token.
    assert_eq!(wechat.query(0, "appid"), APP_ID);
    assert_eq!(wechat.query(0, "secret"), "s3cret");
    assert_eq!(wechat.query(0, "grant_type"), "client_credential");
    assert_eq!(wechat.query(1, "access_token"), "token-1");
    assert_eq!(wechat.query(1, "type"), "jsapi");

    // Other pages, other nonces, the same ticket: WeChat is not asked again.
    let other = app.ok(&uri("https://renda.example.gov.cn/articles/a_1#top")).await;
    assert_ne!(other["nonce_str"], first["nonce_str"]);
    assert_eq!(other["signature"], signature("ticket-1", other["nonce_str"].as_str().unwrap(), NOW, "https://renda.example.gov.cn/articles/a_1"));
    let page = uri(PAGE);
    let together = futures_util::future::join_all((0..10).map(|_| app.get(&page))).await;
    assert!(together.iter().all(|r| r.status == StatusCode::OK));
    assert_eq!((wechat.count("/cgi-bin/token"), wechat.count("/cgi-bin/ticket/getticket")), (1, 1));

    // Still kept 6,500 s on; fetched again (token and ticket) by 6,901 s, before WeChat's 7,200.
    app.state.set_now(NOW + 6_500);
    app.ok(&uri(PAGE)).await;
    assert_eq!(wechat.count("/cgi-bin/ticket/getticket"), 1);
    app.state.set_now(NOW + 6_901);
    let later = app.ok(&uri(PAGE)).await;
    assert_eq!(later["signature"], signature("ticket-2", later["nonce_str"].as_str().unwrap(), NOW + 6_901, PAGE));
    assert_eq!((wechat.count("/cgi-bin/token"), wechat.count("/cgi-bin/ticket/getticket")), (2, 2));
}

/// A second instance on the same database finds the token and the ticket the first fetched
/// (issue 17): WeChat is not asked again, and the signature is over the same ticket.
#[tokio::test]
async fn another_instance_uses_the_ticket_kept_in_the_database() {
    let (wechat, origin) = Wechat::start().await;
    let app = app_with(&origin);
    app.ok(&uri(PAGE)).await;
    let config = app.state.config().wechat.clone();
    let other = app.sibling(move |c| c.wechat = config);
    let r = common::send(&other, axum::http::Request::get(uri(PAGE)).body(axum::body::Body::empty()).unwrap()).await;
    assert_eq!(r.status, StatusCode::OK);
    let v = r.json();
    assert_eq!(v["signature"], signature("ticket-1", v["nonce_str"].as_str().unwrap(), NOW, PAGE));
    assert_eq!((wechat.count("/cgi-bin/token"), wechat.count("/cgi-bin/ticket/getticket")), (1, 1));
}

#[tokio::test]
async fn a_token_wechat_no_longer_takes_is_replaced_once() {
    let (wechat, origin) = Wechat::start().await;
    wechat.tickets.lock().unwrap().push_back(json!({"errcode": 40001, "errmsg": "invalid credential, access_token is invalid or not latest"}));
    let app = app_with(&origin);
    let got = app.ok(&uri(PAGE)).await;
    assert_eq!(got["signature"], signature("ticket-2", got["nonce_str"].as_str().unwrap(), NOW, PAGE));
    assert_eq!(wechat.count("/cgi-bin/token"), 2);
    assert_eq!(wechat.query(3, "access_token"), "token-2");
}

#[tokio::test]
async fn a_refusal_is_a_503_to_try_later_and_is_not_kept() {
    let (wechat, origin) = Wechat::start().await;
    wechat.tickets.lock().unwrap().push_back(json!({"errcode": 45009, "errmsg": "reach max api daily quota limit"}));
    let app = app_with(&origin);
    let r = app.get(&uri(PAGE)).await;
    r.problem(503);
    assert_eq!(r.header("retry-after"), Some("30"));
    // The next request asks again (nothing wrong was kept), with the token that was kept.
    app.ok(&uri(PAGE)).await;
    assert_eq!((wechat.count("/cgi-bin/token"), wechat.count("/cgi-bin/ticket/getticket")), (1, 2));
}

#[tokio::test]
async fn wechat_unreachable_is_a_503() {
    // (a port nothing listens on)
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let app = app_with(&origin);
    app.get(&uri(PAGE)).await.problem(503);
}

#[tokio::test]
async fn the_page_url_is_checked() {
    let (wechat, origin) = Wechat::start().await;
    let app = app_with(&origin);
    for bad in ["javascript:alert(1)", "/d/LW01", "https:///x", "https://a b/"] {
        let r = app.get(&uri(bad)).await;
        r.problem(400);
        assert_eq!(r.error_fields(), vec!["url"], "{bad}");
    }
    let r = app.get("/api/v1/wechat/js-config").await;
    r.problem(400);
    assert_eq!(r.error_fields(), vec!["url"]);
    let long = format!("https://a/{}", "x".repeat(1100));
    assert_eq!(app.get(&uri(&long)).await.error_fields(), vec!["url"]);
    // Nothing was asked of WeChat for them.
    assert_eq!(wechat.count("/cgi-bin/token"), 0);
}

#[tokio::test]
async fn without_an_official_account_it_is_404() {
    let app = TestApp::new();
    app.get(&uri(PAGE)).await.problem(404);
}

#[test]
fn templates_name_known_kinds() {
    let with = |t: Value| WechatConfig::parse(&json!({"app_id": APP_ID, "app_secret": "s", "subscribe_templates": [t]}).to_string());
    assert!(with(json!({"id": "abc_D-1", "kinds": ["reply"]})).is_ok());
    assert!(with(json!({"id": "abc", "kinds": ["nope"]})).is_err());
    assert!(with(json!({"id": "abc", "kinds": []})).is_err());
    assert!(with(json!({"id": "a b", "kinds": ["reply"]})).is_err());
}

#[tokio::test]
async fn consents_are_each_users_own_and_an_accept_allows_one_more() {
    let (_wechat, origin) = Wechat::start().await;
    let app = app_with(&origin);
    app.seed_people();
    let wang = app.token_for(server::demo::CITIZEN_WANG);
    let li = app.token_for(server::demo::CITIZEN_LI);
    let list = |t: String| {
        let app = &app;
        async move {
            let r = app.call(Method::GET, "/api/v1/wechat/subscriptions", Some(&t), None).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text());
            r.json()
        }
    };
    // Never asked: the templates, no answer.
    let before = list(wang.clone()).await;
    assert_eq!(before["next_cursor"], Value::Null);
    assert_eq!(before["items"][0], json!({"template_id": "tpl-reply", "kinds": ["reply", "status_changed"], "allowed": 0}));
    assert_eq!(before["items"][1]["template_id"], "tpl-poll");

    let answer = |t: String, body: Value| {
        let app = &app;
        async move { app.call(Method::POST, "/api/v1/wechat/subscriptions", Some(&t), Some(body)).await }
    };
    let r = answer(wang.clone(), json!({"decisions": [{"template_id": "tpl-reply", "consent": "accept"}, {"template_id": "tpl-poll", "consent": "reject"}]})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let got = r.json();
    assert_eq!(got["items"][0]["consent"], "accept");
    assert_eq!(got["items"][0]["allowed"], 1);
    assert_eq!(got["items"][0]["updated_at"], server::clock::rfc3339(NOW));
    assert_eq!(got["items"][1]["consent"], "reject");
    assert_eq!(got["items"][1]["allowed"], 0);
    // Another accept, one more message; a reject later keeps what was allowed.
    answer(wang.clone(), json!({"decisions": [{"template_id": "tpl-reply", "consent": "accept"}]})).await;
    let got = answer(wang.clone(), json!({"decisions": [{"template_id": "tpl-reply", "consent": "reject"}]})).await.json();
    assert_eq!((got["items"][0]["consent"].as_str(), got["items"][0]["allowed"].as_u64()), (Some("reject"), Some(2)));
    // Li has answered nothing.
    assert_eq!(list(li).await["items"][0]["allowed"], 0);
}

#[tokio::test]
async fn answers_are_checked_and_need_a_session() {
    let (_wechat, origin) = Wechat::start().await;
    let app = app_with(&origin);
    app.seed_people();
    let wang = app.token_for(server::demo::CITIZEN_WANG);
    let post = |body: Value| {
        let (app, t) = (&app, wang.clone());
        async move { app.call(Method::POST, "/api/v1/wechat/subscriptions", Some(&t), Some(body)).await }
    };
    let r = post(json!({"decisions": [{"template_id": "tpl-other", "consent": "accept"}, {"template_id": "tpl-poll", "consent": "maybe"}]})).await;
    r.problem(400);
    assert_eq!(r.error_fields(), vec!["decisions[1].consent", "decisions[0].template_id"]);
    let r = post(json!({"decisions": []})).await;
    r.problem(400);
    assert_eq!(r.error_fields(), vec!["decisions"]);
    post(json!({})).await.problem(400);
    // Nothing was recorded.
    let r = app.call(Method::GET, "/api/v1/wechat/subscriptions", Some(&wang), None).await;
    assert!(r.json()["items"].as_array().unwrap().iter().all(|i| i.get("consent").is_none()));
    app.call(Method::GET, "/api/v1/wechat/subscriptions", None, None).await.problem(401);
    app.call(Method::POST, "/api/v1/wechat/subscriptions", None, Some(json!({"decisions": []}))).await.problem(401);
}

#[tokio::test]
async fn subscriptions_without_an_official_account_are_404() {
    let app = TestApp::new();
    app.seed_people();
    let t = app.token_for(server::demo::CITIZEN_WANG);
    app.call(Method::GET, "/api/v1/wechat/subscriptions", Some(&t), None).await.problem(404);
    app.call(Method::POST, "/api/v1/wechat/subscriptions", Some(&t), Some(json!({"decisions": [{"template_id": "x", "consent": "accept"}]}))).await.problem(404);
}
