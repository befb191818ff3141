//! Web Push against a local stand-in push service: the VAPID key is made once; subscriptions
//! are checked (https, a trusted push service, keys of their lengths), updated for a known
//! endpoint, the user's own; an alert of a kind set to web_push reaches every device encrypted
//! (decrypted here with the device's key) and signed (the VAPID token verified with the key the
//! server publishes); a subscription the service says is gone is forgotten; failures are retried;
//! a kind turned off is not pushed; without `--web-push` every `/push` endpoint is 404.

mod common;
mod msgsupport;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::IntoResponse;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use common::*;
use msgsupport::*;
use serde_json::{json, Value};
use server::push::{drain_once, PushConfig};
use web_push_native::jwt_simple::prelude::*;
use web_push_native::p256;

#[derive(Clone, Default)]
struct PushService {
    got: Arc<Mutex<Vec<(HeaderMap, Vec<u8>)>>>,
    script: Arc<Mutex<VecDeque<u16>>>,
}

impl PushService {
    async fn start() -> (PushService, String) {
        let s = PushService::default();
        let s2 = s.clone();
        let app = axum::Router::new().fallback(move |headers: HeaderMap, body: Bytes| {
            let s = s2.clone();
            async move {
                s.got.lock().unwrap().push((headers, body.to_vec()));
                let status = s.script.lock().unwrap().pop_front().unwrap_or(201);
                StatusCode::from_u16(status).unwrap().into_response()
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let host = listener.local_addr().unwrap().to_string();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (s, host)
    }
}

/// A device: its key pair and auth secret, as a browser makes them.
struct Device {
    secret: p256::SecretKey,
    auth: [u8; 16],
    endpoint: String,
}

impl Device {
    fn new(host: &str, n: u8) -> Device {
        Device {
            secret: p256::SecretKey::from_slice(&[n; 32]).unwrap(),
            auth: [n; 16],
            endpoint: format!("https://{host}/push/device-{n}"),
        }
    }

    fn subscription(&self) -> Value {
        use p256::elliptic_curve::sec1::ToEncodedPoint;
        let public = self.secret.public_key().to_encoded_point(false);
        json!({
            "endpoint": self.endpoint,
            "keys": { "p256dh": URL_SAFE_NO_PAD.encode(public.as_bytes()), "auth": URL_SAFE_NO_PAD.encode(self.auth) },
        })
    }

    fn decrypt(&self, body: &[u8]) -> Value {
        let clear = web_push_native::decrypt(body.to_vec(), &self.secret, &web_push_native::Auth::clone_from_slice(&self.auth)).expect("decrypts");
        serde_json::from_slice(&clear).expect("JSON")
    }
}

fn app_for(host: &str) -> (TestApp, Users) {
    let app = TestApp::with_config(|c| {
        let mut p = PushConfig::new("mailto:ops@example.org");
        p.hosts = vec![host.to_owned()];
        p.plain_http = vec![host.to_owned()];
        c.web_push = Some(p);
    });
    setup_with(app)
}

async fn drain(app: &TestApp) -> usize {
    drain_once(&app.state, &server::sms::client()).await.expect("drain")
}

async fn subscribe(app: &TestApp, token: &str, body: &Value, status: u16) -> Value {
    call(app, Method::POST, "/api/v1/push/subscriptions", Some(token), Some(body), status).await
}

/// A message of 王, triaged (which alerts 王).
async fn wangs_message(app: &TestApp, u: &Users, key: &str) -> String {
    let m = create(app, &u.wang, key, &new_message("路灯坏了", false)).await;
    let m = triage(app, &u.huang, &m, "fast", ("deputy", CHEN)).await;
    m["id"].as_str().unwrap().to_owned()
}

/// A reply to it (which alerts 王).
async fn reply(app: &TestApp, u: &Users, id: &str, key: &str) {
    act(app, Some(&u.huang), id, "replies", Some(key), &json!({ "body": "已联系供电所，明天维修。" }), 201).await;
}

/// Both.
async fn reply_to_wang(app: &TestApp, u: &Users, key: &str) -> String {
    let id = wangs_message(app, u, key).await;
    reply(app, u, &id, &format!("{key}-r")).await;
    id
}

#[tokio::test]
async fn without_web_push_the_endpoints_are_404() {
    let (app, u) = setup();
    assert_eq!(call(&app, Method::GET, "/api/v1/meta", None, None, 200).await["web_push"], false);
    call(&app, Method::GET, "/api/v1/push/vapid-key", None, None, 404).await;
    call(&app, Method::GET, "/api/v1/push/subscriptions", Some(&u.wang), None, 404).await;
    let d = Device::new("fcm.googleapis.com", 1);
    subscribe(&app, &u.wang, &d.subscription(), 404).await;
    call(&app, Method::DELETE, "/api/v1/push/subscriptions/ps_x", Some(&u.wang), None, 404).await;
    // the token is asked for first
    call(&app, Method::GET, "/api/v1/push/subscriptions", None, None, 401).await;
}

#[tokio::test]
async fn subscriptions_are_checked_updated_and_each_users_own() {
    let (_svc, host) = PushService::start().await;
    let (app, u) = app_for(&host);
    assert_eq!(call(&app, Method::GET, "/api/v1/meta", None, None, 200).await["web_push"], true);
    let key = call(&app, Method::GET, "/api/v1/push/vapid-key", None, None, 200).await;
    let public = key["public_key"].as_str().unwrap().to_owned();
    assert_eq!(URL_SAFE_NO_PAD.decode(&public).unwrap().len(), 65);
    let again = call(&app, Method::GET, "/api/v1/push/vapid-key", None, None, 200).await;
    assert_eq!(again["public_key"], public.as_str(), "made once");

    let d = Device::new(&host, 1);
    // a push service this server does not trust, and bad keys
    let elsewhere = Device::new("169.254.169.254", 1);
    let v = subscribe(&app, &u.wang, &elsewhere.subscription(), 400).await;
    assert_eq!(field_codes(&v), [("endpoint".to_owned(), "invalid".to_owned())]);
    let mut bad = d.subscription();
    bad["keys"]["auth"] = json!("short");
    let v = subscribe(&app, &u.wang, &bad, 400).await;
    assert_eq!(field_codes(&v), [("keys.auth".to_owned(), "invalid".to_owned())]);
    call(&app, Method::POST, "/api/v1/push/subscriptions", None, Some(&d.subscription()), 401).await;

    let s = subscribe(&app, &u.wang, &d.subscription(), 201).await;
    assert_eq!(s["service"], host.as_str());
    let id = s["id"].as_str().unwrap().to_owned();
    let again = subscribe(&app, &u.wang, &d.subscription(), 200).await;
    assert_eq!(again["id"], id.as_str());
    let mine = call(&app, Method::GET, "/api/v1/push/subscriptions", Some(&u.wang), None, 200).await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    assert!(!mine.to_string().contains("device-1"), "the endpoint itself is not shown");
    // another user cannot remove it; the device signed in by another user moves to them
    call(&app, Method::DELETE, &format!("/api/v1/push/subscriptions/{id}"), Some(&u.li), None, 404).await;
    subscribe(&app, &u.li, &d.subscription(), 200).await;
    let wangs = call(&app, Method::GET, "/api/v1/push/subscriptions", Some(&u.wang), None, 200).await;
    assert_eq!(wangs["items"], json!([]));
    call(&app, Method::DELETE, &format!("/api/v1/push/subscriptions/{id}"), Some(&u.li), None, 204).await;
    call(&app, Method::DELETE, &format!("/api/v1/push/subscriptions/{id}"), Some(&u.li), None, 404).await;
}

#[tokio::test]
async fn an_alert_reaches_every_device_encrypted_and_signed() {
    let (svc, host) = PushService::start().await;
    let (app, u) = app_for(&host);
    let public = call(&app, Method::GET, "/api/v1/push/vapid-key", None, None, 200).await["public_key"].as_str().unwrap().to_owned();
    let (phone, tablet) = (Device::new(&host, 1), Device::new(&host, 2));
    let id = wangs_message(&app, &u, "k1").await;
    subscribe(&app, &u.wang, &phone.subscription(), 201).await;
    subscribe(&app, &u.wang, &tablet.subscription(), 201).await;
    reply(&app, &u, &id, "k1-r").await;
    assert_eq!(drain(&app).await, 2);
    let got = svc.got.lock().unwrap().clone();
    assert_eq!(got.len(), 2);
    for (headers, _) in &got {
        assert_eq!(headers["content-encoding"], "aes128gcm");
        assert!(headers["ttl"].to_str().unwrap().parse::<u64>().unwrap() > 0);
        // VAPID: the token is signed by the key the server publishes, for this push service
        let auth = headers["authorization"].to_str().unwrap();
        let (t, k) = auth.strip_prefix("vapid t=").and_then(|r| r.split_once(", k=")).expect("vapid t=…, k=…");
        assert_eq!(k, public);
        let key = ES256PublicKey::from_bytes(&URL_SAFE_NO_PAD.decode(k).unwrap()).unwrap();
        let claims = key.verify_token::<NoCustomClaims>(t, None).expect("a valid VAPID token");
        assert_eq!(claims.subject.as_deref(), Some("mailto:ops@example.org"));
        assert!(claims.audiences.is_some());
    }
    // each device decrypts its own copy
    let paths: Vec<String> = got.iter().map(|(h, _)| h.get("host").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()).collect();
    assert!(paths.iter().all(|p| p == &host));
    let payloads: Vec<Value> = got
        .iter()
        .map(|(_, body)| {
            web_push_native::decrypt(body.clone(), &phone.secret, &web_push_native::Auth::clone_from_slice(&phone.auth))
                .map(|c| serde_json::from_slice::<Value>(&c).unwrap())
                .unwrap_or_else(|_| tablet.decrypt(body))
        })
        .collect();
    for p in &payloads {
        assert_eq!(p["kind"], "reply");
        assert_eq!(p["link"], format!("/messages/{id}"));
        // (the app's tag: one notification per message on the phone)
        assert_eq!(p["message_id"], id.as_str());
        assert!(p["title"].as_str().unwrap().chars().count() > 2);
    }
    assert_eq!(drain(&app).await, 0, "sent once");
}

#[tokio::test]
async fn a_gone_subscription_is_forgotten_and_failures_are_retried() {
    let (svc, host) = PushService::start().await;
    let (app, u) = app_for(&host);
    let (old, phone) = (Device::new(&host, 1), Device::new(&host, 2));
    let id = wangs_message(&app, &u, "k1").await;
    subscribe(&app, &u.wang, &old.subscription(), 201).await;
    subscribe(&app, &u.wang, &phone.subscription(), 201).await;
    // the newest device is sent to first: it fails for now; the old one is gone
    svc.script.lock().unwrap().extend([503, 410]);
    reply(&app, &u, &id, "k1-r").await;
    assert_eq!(drain(&app).await, 0);
    let mine = call(&app, Method::GET, "/api/v1/push/subscriptions", Some(&u.wang), None, 200).await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 1, "the gone one is forgotten: {mine}");
    assert_eq!(drain(&app).await, 0, "not due yet");
    later(&app, 31);
    assert_eq!(drain(&app).await, 1, "the retry goes");
    assert_eq!(svc.got.lock().unwrap().len(), 3);
}

#[tokio::test]
async fn a_kind_turned_off_for_web_push_is_not_pushed() {
    let (svc, host) = PushService::start().await;
    let (app, u) = app_for(&host);
    let d = Device::new(&host, 1);
    subscribe(&app, &u.wang, &d.subscription(), 201).await;
    let prefs = json!({"items": [{"kind": "reply", "in_app": true, "sms": false, "wechat": false, "web_push": false}]});
    let v = call(&app, Method::PUT, "/api/v1/notification-preferences", Some(&u.wang), Some(&prefs), 200).await;
    let reply = v["items"].as_array().unwrap().iter().find(|i| i["kind"] == "reply").unwrap().clone();
    assert_eq!(reply["web_push"], false);
    reply_to_wang(&app, &u, "k1").await;
    drain(&app).await;
    // the triage alert is not a reply: only what is not turned off goes
    let kinds: Vec<String> = svc.got.lock().unwrap().iter().map(|(_, b)| d.decrypt(b)["kind"].as_str().unwrap().to_owned()).collect();
    assert!(!kinds.iter().any(|k| k == "reply"), "{kinds:?}");
    // an item without web_push turns it on (clients from before it existed)
    let prefs = json!({"items": [{"kind": "reply", "in_app": true, "sms": false, "wechat": false}]});
    let v = call(&app, Method::PUT, "/api/v1/notification-preferences", Some(&u.wang), Some(&prefs), 200).await;
    assert!(v["items"].as_array().unwrap().iter().any(|i| i["kind"] == "reply" && i["web_push"] == true));
}
