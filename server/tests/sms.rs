//! SMS against a local stand-in provider (an HTTP server on 127.0.0.1 that records what it is
//! sent and answers as scripted): a sign-in code goes by SMS and signs in; Tencent's and
//! Aliyun's requests carry signatures the stand-in recomputes from what it received; failures
//! are retried with a growing wait, then given up, and a sent or given-up SMS keeps no text; the
//! daily budget refuses codes and drops alerts; an alert of the SMS channel goes out with the
//! notification; nothing is sent without a configuration.

mod common;
mod msgsupport;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::IntoResponse;
use common::*;
use hmac::{Hmac, Mac};
use msgsupport::*;
use serde_json::{json, Value};
use server::sms::{drain_once, Provider, SmsConfig, Templates};
use sha2::{Digest, Sha256};

/// What the stand-in received.
#[derive(Debug, Clone)]
struct Received {
    headers: HeaderMap,
    body: String,
}

#[derive(Clone, Default)]
struct StandIn {
    got: Arc<Mutex<Vec<Received>>>,
    /// Answers to give, in order; then 200 with `ok`.
    script: Arc<Mutex<VecDeque<(u16, String)>>>,
    ok: Arc<Mutex<String>>,
    /// Checks a request (a provider's signature); its error is the answer.
    verify: Arc<Mutex<Option<fn(&HeaderMap, &str) -> Result<(), String>>>>,
}

impl StandIn {
    async fn start(ok: &str) -> (StandIn, String) {
        let s = StandIn { ok: Arc::new(Mutex::new(ok.to_owned())), ..StandIn::default() };
        let s2 = s.clone();
        let app = axum::Router::new().fallback(move |headers: HeaderMap, body: Bytes| {
            let s = s2.clone();
            async move {
                let body = String::from_utf8_lossy(&body).into_owned();
                s.got.lock().unwrap().push(Received { headers: headers.clone(), body: body.clone() });
                if let Some(check) = *s.verify.lock().unwrap() {
                    if let Err(e) = check(&headers, &body) {
                        return (StatusCode::OK, e).into_response();
                    }
                }
                let (status, text) = s.script.lock().unwrap().pop_front().unwrap_or_else(|| (200, s.ok.lock().unwrap().clone()));
                (StatusCode::from_u16(status).unwrap(), text).into_response()
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (s, url)
    }

    fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }

    fn then(&self, status: u16, body: &str) {
        self.script.lock().unwrap().push_back((status, body.to_owned()));
    }
}

fn config(provider: Provider, budget: u32) -> SmsConfig {
    SmsConfig {
        provider,
        sign_name: "测试镇人大".into(),
        templates: Templates { code: "100001".into(), alert: "100002".into() },
        daily_budget: budget,
        max_attempts: 3,
    }
}

fn webhook(url: &str) -> Provider {
    Provider::Webhook { url: format!("{url}/sms"), token: Some("tok".into()) }
}

fn app_with(c: SmsConfig) -> TestApp {
    let app = TestApp::with_config(|cfg| {
        cfg.sms = Some(c);
        cfg.limits = server::Limits::relaxed();
    });
    app.seed_people();
    app
}

async fn request_code(app: &TestApp, phone: &str, status: u16) -> Value {
    let r = app.call(Method::POST, "/api/v1/auth/codes", None, Some(json!({ "phone": phone }))).await;
    assert_eq!(r.status.as_u16(), status, "{}", r.text());
    r.json()
}

async fn drain(app: &TestApp) -> usize {
    drain_once(&app.state, &server::sms::client()).await.expect("drain")
}

fn outbox(app: &TestApp) -> Vec<(String, i64, Option<i64>, Option<i64>, String, String)> {
    app.db.with_conn(|conn| {
        let mut stmt = conn
            .prepare("SELECT purpose, attempts, sent_at, failed_at, text, params_json FROM sms_outbox ORDER BY seq")
            .unwrap();
        let rows = stmt
            .query_map((), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        rows
    })
}

#[tokio::test]
async fn a_sign_in_code_goes_by_sms_and_signs_in() {
    let (standin, url) = StandIn::start("").await;
    let app = app_with(config(webhook(&url), 100));
    let sent = request_code(&app, "13800000077", 202).await;
    assert!(sent.get("demo_code").is_none(), "not a demo server: {sent}");
    assert_eq!(drain(&app).await, 1);
    let got = standin.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].headers["authorization"], "Bearer tok");
    let body: Value = serde_json::from_str(&got[0].body).unwrap();
    assert_eq!((body["phone"].as_str(), body["template"].as_str()), (Some("13800000077"), Some("100001")));
    let code = body["params"][0].as_str().unwrap().to_owned();
    assert_eq!(body["params"][1], "5");
    assert!(body["text"].as_str().unwrap().contains(&code));
    let r = app.call(Method::POST, "/api/v1/auth/sessions", None, Some(json!({ "phone": "13800000077", "code": code }))).await;
    assert_eq!(r.status.as_u16(), 201, "{}", r.text());
    // sent: kept without its text (the code is not kept in the clear)
    let rows = outbox(&app);
    assert_eq!(rows.len(), 1);
    assert!(rows[0].2.is_some());
    assert_eq!((rows[0].4.as_str(), rows[0].5.as_str()), ("", "[]"));
    // nothing more to send
    assert_eq!(drain(&app).await, 0);
    assert_eq!(standin.received().len(), 1);
}

type HmacSha256 = Hmac<Sha256>;

fn hmac256(key: &[u8], data: &str) -> Vec<u8> {
    let mut m = HmacSha256::new_from_slice(key).unwrap();
    m.update(data.as_bytes());
    m.finalize().into_bytes().to_vec()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Tencent's TC3-HMAC-SHA256, recomputed from the request as received (the secret is the
/// test's).
fn verify_tencent(h: &HeaderMap, body: &str) -> Result<(), String> {
    let auth = h["authorization"].to_str().unwrap();
    let ts = h["x-tc-timestamp"].to_str().unwrap();
    let host = h["host"].to_str().unwrap();
    let ct = h["content-type"].to_str().unwrap();
    let date = auth.split("Credential=test-id/").nth(1).and_then(|s| s.split('/').next()).ok_or("no credential")?;
    let canonical = format!("POST\n/\n\ncontent-type:{ct}\nhost:{host}\n\ncontent-type;host\n{}", hex(&Sha256::digest(body.as_bytes())));
    let to_sign = format!("TC3-HMAC-SHA256\n{ts}\n{date}/sms/tc3_request\n{}", hex(&Sha256::digest(canonical.as_bytes())));
    let k = hmac256(&hmac256(&hmac256(b"TC3test-key", date), "sms"), "tc3_request");
    let want = hex(&hmac256(&k, &to_sign));
    if auth.ends_with(&format!("Signature={want}")) && h["x-tc-action"] == "SendSms" {
        Ok(())
    } else {
        Err(r#"{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"bad"}}}"#.into())
    }
}

#[tokio::test]
async fn tencent_requests_are_signed_so_that_the_provider_accepts_them() {
    let (standin, url) = StandIn::start(r#"{"Response":{"SendStatusSet":[{"Code":"Ok","Message":"send success"}],"RequestId":"r"}}"#).await;
    *standin.verify.lock().unwrap() = Some(verify_tencent);
    let provider = Provider::Tencent {
        secret_id: "test-id".into(),
        secret_key: "test-key".into(),
        sdk_app_id: "1400000000".into(),
        region: "ap-guangzhou".into(),
        endpoint: Some(url.clone()),
    };
    let app = app_with(config(provider, 100));
    request_code(&app, "13800000078", 202).await;
    assert_eq!(drain(&app).await, 1, "the stand-in accepted the signature");
    let body: Value = serde_json::from_str(&standin.received()[0].body).unwrap();
    assert_eq!(body["PhoneNumberSet"], json!(["+8613800000078"]));
    assert_eq!(body["SignName"], "测试镇人大");
    assert_eq!(body["TemplateId"], "100001");

    // a wrong secret is refused for good, not retried
    let wrong = Provider::Tencent {
        secret_id: "test-id".into(),
        secret_key: "another".into(),
        sdk_app_id: "1400000000".into(),
        region: "ap-guangzhou".into(),
        endpoint: Some(url),
    };
    let app = app_with(config(wrong, 100));
    request_code(&app, "13800000078", 202).await;
    assert_eq!(drain(&app).await, 0);
    let rows = outbox(&app);
    assert!(rows[0].3.is_some(), "given up: {rows:?}");
}

/// Aliyun's HMAC-SHA1 over the sorted, percent-encoded form, recomputed as received.
fn verify_aliyun(_h: &HeaderMap, body: &str) -> Result<(), String> {
    let enc = |s: &str| server::sms::providers::aliyun_encode(s);
    let mut sig = String::new();
    let mut pairs: Vec<(String, String)> = Vec::new();
    for kv in body.split('&') {
        let (k, v) = kv.split_once('=').ok_or("not a form")?;
        let v = percent_decode(v);
        if k == "Signature" {
            sig = v;
        } else {
            pairs.push((percent_decode(k), v));
        }
    }
    pairs.sort();
    let query = pairs.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&");
    let to_sign = format!("POST&%2F&{}", enc(&query));
    let mut m = Hmac::<sha1::Sha1>::new_from_slice(b"test-secret&").unwrap();
    m.update(to_sign.as_bytes());
    use base64::Engine as _;
    let want = base64::engine::general_purpose::STANDARD.encode(m.finalize().into_bytes());
    if sig == want {
        Ok(())
    } else {
        Err(r#"{"Code":"SignatureDoesNotMatch","Message":"bad"}"#.into())
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[tokio::test]
async fn aliyun_requests_are_signed_so_that_the_provider_accepts_them() {
    let (standin, url) = StandIn::start(r#"{"Code":"OK","Message":"OK","BizId":"1"}"#).await;
    *standin.verify.lock().unwrap() = Some(verify_aliyun);
    let provider = Provider::Aliyun { access_key_id: "test-id".into(), access_key_secret: "test-secret".into(), endpoint: Some(url) };
    let app = app_with(config(provider, 100));
    request_code(&app, "13800000079", 202).await;
    assert_eq!(drain(&app).await, 1, "the stand-in accepted the signature");
    let body = &standin.received()[0].body;
    assert!(body.contains("PhoneNumbers=13800000079") && body.contains("TemplateCode=100001"), "{body}");
}

#[tokio::test]
async fn failures_are_retried_with_a_growing_wait_then_given_up() {
    let (standin, url) = StandIn::start("").await;
    let app = app_with(config(webhook(&url), 100));
    standin.then(500, "");
    standin.then(503, "");
    request_code(&app, "13800000080", 202).await;
    assert_eq!(drain(&app).await, 0);
    assert_eq!(outbox(&app)[0].1, 1);
    // not due yet: nothing is sent
    assert_eq!(drain(&app).await, 0);
    assert_eq!(standin.received().len(), 1);
    later(&app, 31);
    assert_eq!(drain(&app).await, 0, "the second try fails too");
    later(&app, 60);
    assert_eq!(drain(&app).await, 0, "the wait is longer now (2 minutes)");
    assert_eq!(standin.received().len(), 2);
    later(&app, 61);
    assert_eq!(drain(&app).await, 1, "the third try goes");
    let rows = outbox(&app);
    assert_eq!((rows[0].1, rows[0].2.is_some()), (3, true));

    // a gateway that keeps failing: given up after max_attempts, without its text
    for _ in 0..3 {
        standin.then(500, "");
    }
    request_code(&app, "13800000081", 202).await;
    for _ in 0..3 {
        drain(&app).await;
        later(&app, 600);
    }
    let rows = outbox(&app);
    assert!(rows[1].3.is_some(), "{rows:?}");
    assert_eq!((rows[1].4.as_str(), rows[1].5.as_str()), ("", "[]"));
    // an answer that will never change is given up at once
    standin.then(400, "no such number");
    request_code(&app, "13800000082", 202).await;
    drain(&app).await;
    let rows = outbox(&app);
    assert_eq!((rows[2].1, rows[2].3.is_some()), (1, true));
}

#[tokio::test]
async fn the_daily_budget_refuses_codes_and_drops_alerts() {
    let (standin, url) = StandIn::start("").await;
    let app = app_with(config(webhook(&url), 2));
    request_code(&app, "13800000083", 202).await;
    request_code(&app, "13800000084", 202).await;
    let refused = request_code(&app, "13800000085", 429).await;
    assert!(refused["detail"].as_str().unwrap().contains("today"), "{refused}");
    assert_eq!(drain(&app).await, 2);
    // an alert over the budget is not sent by SMS
    app.db.with_conn(|conn| server::sms::enqueue_alert(conn, WANG, "陈志强回复了您的留言", app.state.now(), 8 * 3600).unwrap());
    assert_eq!(drain(&app).await, 0);
    let rows = outbox(&app);
    assert!(rows[2].3.is_some(), "{rows:?}");
    assert_eq!(standin.received().len(), 2);
    // the next day has a budget again
    later(&app, 86_400);
    request_code(&app, "13800000085", 202).await;
}

#[tokio::test]
async fn an_alert_of_the_sms_channel_goes_out_with_its_notification() {
    let (standin, url) = StandIn::start("").await;
    let app = app_with(config(webhook(&url), 100));
    let (wang, huang) = (app.token_for(WANG), app.token_for(HUANG));
    let prefs = json!({"items": [{"kind": "reply", "in_app": true, "sms": true, "wechat": false}]});
    let r = app.call(Method::PUT, "/api/v1/notification-preferences", Some(&wang), Some(prefs)).await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text());
    let m = create(&app, &wang, "k1", &new_message("路灯坏了", false)).await;
    let m = triage(&app, &huang, &m, "fast", ("deputy", CHEN)).await;
    let id = m["id"].as_str().unwrap();
    act(&app, Some(&huang), id, "replies", Some("r1"), &json!({ "body": "已联系供电所，明天维修。" }), 201).await;
    assert!(drain(&app).await >= 1);
    let alerts: Vec<Value> = standin
        .received()
        .iter()
        .map(|r| serde_json::from_str::<Value>(&r.body).unwrap())
        .filter(|b| b["template"] == "100002")
        .collect();
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(alerts[0]["phone"], "13800000001");
    assert!(alerts[0]["text"].as_str().unwrap().starts_with("【测试镇人大】"), "{}", alerts[0]);
    assert!(alerts[0]["params"][0].as_str().unwrap().chars().count() <= server::sms::ALERT_CHARS);
}

#[tokio::test]
async fn nothing_is_sent_without_a_configuration() {
    let (app, _) = setup();
    let r = app.call(Method::POST, "/api/v1/auth/codes", None, Some(json!({ "phone": "13800000086" }))).await;
    assert_eq!(r.status.as_u16(), 202);
    assert_eq!(drain(&app).await, 0);
    assert!(outbox(&app).is_empty());
}

/// Two instances on one database (issue 17) drain the same outbox at the same moment, again and
/// again: every SMS goes out once. The sender is not leased (server/src/jobs.rs): each row is
/// claimed with a conditional update that one instance wins. (On SQLite the claim's transaction
/// alone already keeps a second instance out — its write fails and it tries again later; the
/// condition is what keeps PostgreSQL's READ COMMITTED from claiming a row twice.)
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_draining_at_once_send_each_sms_once() {
    let (standin, url) = StandIn::start("").await;
    let c = config(webhook(&url), 100);
    let app = app_with(c.clone());
    let other = server::AppState::new(
        app.reopen(),
        server::Config {
            sms: Some(c),
            fixed_now: Some(NOW),
            static_dir: app.path().join("no-dist"),
            ..server::Config::default()
        },
    );
    let phones: Vec<String> = (0..12).map(|i| format!("138000001{i:02}")).collect();
    for p in &phones {
        request_code(&app, p, 202).await;
    }
    let client = server::sms::client();
    let mut sent = 0;
    for _ in 0..10 {
        let (a, b) = tokio::join!(
            tokio::spawn({
                let (s, c) = (app.state.clone(), client.clone());
                async move { drain_once(&s, &c).await }
            }),
            tokio::spawn({
                let (s, c) = (other.clone(), client.clone());
                async move { drain_once(&s, &c).await }
            }),
        );
        // a claim that lost to the other instance's is an error here, tried again next time
        sent += a.expect("a").unwrap_or(0) + b.expect("b").unwrap_or(0);
        if outbox(&app).iter().all(|r| r.2.is_some()) {
            break;
        }
    }
    assert_eq!(sent, phones.len());
    let mut to: Vec<String> = standin
        .received()
        .iter()
        .map(|r| serde_json::from_str::<Value>(&r.body).unwrap()["phone"].as_str().unwrap().to_owned())
        .collect();
    to.sort();
    assert_eq!(to, phones, "each code sent once");
    assert!(outbox(&app).iter().all(|r| r.1 == 1 && r.2.is_some()), "{:?}", outbox(&app));
}
