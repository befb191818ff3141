//! Notifications: the list, unread count, marking read, preferences, stream tickets, the live
//! stream (replay after Last-Event-ID, delivery to every stream of the user and to nobody
//! else) and the deadline sweep.

mod common;
mod msgsupport;

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Method, Request};
use common::{schema, TestApp, NOW};
use contract::NotificationKind as K;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use server::demo::{CITIZEN_LI, CITIZEN_WANG, DEPUTY_CHEN_USER, STAFF_HUANG};
use server::notify::{self, NewNotification};
use tower::ServiceExt;

const JSON: &str = "application/json";
const PROBLEM: &str = "application/problem+json";

fn app() -> TestApp {
    let app = TestApp::new();
    app.seed_people();
    app
}

/// Sends a notification directly (as a message action would).
fn send(app: &TestApp, user: &str, kind: K, title: &str) -> Option<contract::Notification> {
    let now = app.state.now();
    app.db
        .with_conn(|conn| {
            notify::notify(
                conn,
                app.state.hub(),
                &NewNotification {
                    user_id: user.into(),
                    kind,
                    title: title.into(),
                    body: format!("《{title}》：正文"),
                    message_id: Some("m_test".into()),
                    link: None,
                },
                now,
            )
        })
        .expect("notify")
}

fn check(method: &str, path: &str, r: &common::Reply, status: u16) -> Value {
    assert_eq!(r.status.as_u16(), status, "{method} {path}: {}", r.text());
    let ct = if status >= 400 { PROBLEM } else { JSON };
    assert_eq!(r.header("content-type"), Some(ct), "{method} {path}");
    let v = r.json();
    schema::assert_op_response(method, path, status, ct, &v);
    v
}

async fn ticket(app: &TestApp, token: &str) -> String {
    let r = app
        .call(
            Method::POST,
            "/api/v1/notifications/stream-tickets",
            Some(token),
            None,
        )
        .await;
    let v = check("post", "/api/v1/notifications/stream-tickets", &r, 201);
    v["ticket"].as_str().expect("ticket").to_owned()
}

// ---------------------------------------------------------------------------
// A small SSE reader over a response body
// ---------------------------------------------------------------------------

#[derive(Debug, Default, Clone, PartialEq)]
struct Sse {
    event: Option<String>,
    id: Option<String>,
    data: String,
    retry: Option<u64>,
    comment: bool,
}

struct Stream {
    body: Body,
    buf: String,
}

impl Stream {
    /// The next event (or comment) within `wait`; `None` on timeout or end.
    async fn next(&mut self, wait: Duration) -> Option<Sse> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                let mut e = Sse::default();
                let mut data = Vec::new();
                for line in block.lines() {
                    if let Some(c) = line.strip_prefix(':') {
                        let _ = c;
                        e.comment = true;
                    } else if let Some((k, v)) = line.split_once(':') {
                        let v = v.strip_prefix(' ').unwrap_or(v);
                        match k {
                            "event" => e.event = Some(v.into()),
                            "id" => e.id = Some(v.into()),
                            "data" => data.push(v.to_owned()),
                            "retry" => e.retry = v.parse().ok(),
                            _ => {}
                        }
                    }
                }
                e.data = data.join("\n");
                return Some(e);
            }
            let frame = tokio::time::timeout_at(deadline, self.body.frame())
                .await
                .ok()??
                .ok()?;
            if let Ok(bytes) = frame.into_data() {
                self.buf.push_str(&String::from_utf8_lossy(&bytes));
            }
        }
    }

    /// The next event that is not a comment.
    async fn event(&mut self, wait: Duration) -> Option<Sse> {
        loop {
            let e = self.next(wait).await?;
            if !e.comment {
                return Some(e);
            }
        }
    }

    /// Reads the opening (`retry`, replay, `unread`): returns the replayed notifications
    /// and the unread count.
    async fn opening(&mut self) -> (Vec<(String, Value)>, u64) {
        let first = self.event(Duration::from_secs(2)).await.expect("retry");
        assert_eq!(first.retry, Some(3000));
        let mut replay = Vec::new();
        loop {
            let e = self.event(Duration::from_secs(2)).await.expect("event");
            match e.event.as_deref() {
                Some("notification") => {
                    let v: Value = serde_json::from_str(&e.data).expect("json");
                    schema_check("Notification", &v);
                    assert_eq!(
                        v["id"].as_str(),
                        e.id.as_deref(),
                        "id: is the notification id"
                    );
                    replay.push((e.id.clone().expect("id"), v));
                }
                Some("unread") => {
                    let v: Value = serde_json::from_str(&e.data).expect("json");
                    schema_check("UnreadCount", &v);
                    return (replay, v["unread"].as_u64().expect("count"));
                }
                other => panic!("unexpected event {other:?}"),
            }
        }
    }
}

fn schema_check(name: &str, v: &Value) {
    let doc = schema::document();
    let mut errors = Vec::new();
    schema::check(
        doc,
        &json!({"$ref": format!("#/components/schemas/{name}")}),
        v,
        "$",
        &mut errors,
    );
    assert!(errors.is_empty(), "{name}: {}", errors.join("\n"));
}

async fn open(app: &TestApp, uri: &str, headers: &[(&str, &str)]) -> (u16, Option<String>, Body) {
    let mut b = Request::get(uri);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    let res = app
        .router
        .clone()
        .oneshot(b.body(Body::empty()).expect("request"))
        .await
        .expect("infallible");
    let ct = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    (res.status().as_u16(), ct, res.into_body())
}

async fn stream(app: &TestApp, token: &str, last: Option<&str>) -> Stream {
    let t = ticket(app, token).await;
    let uri = format!("/api/v1/notifications/stream?ticket={t}");
    let headers: Vec<(&str, &str)> = last.map(|l| ("last-event-id", l)).into_iter().collect();
    let (status, ct, body) = open(app, &uri, &headers).await;
    assert_eq!(status, 200);
    assert_eq!(ct.as_deref(), Some("text/event-stream"));
    Stream {
        body,
        buf: String::new(),
    }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[tokio::test]
async fn every_endpoint_needs_a_user() {
    let app = app();
    for (method, path, doc) in [
        (
            Method::GET,
            "/api/v1/notifications",
            "/api/v1/notifications",
        ),
        (
            Method::GET,
            "/api/v1/notifications/unread-count",
            "/api/v1/notifications/unread-count",
        ),
        (
            Method::POST,
            "/api/v1/notifications/1/read",
            "/api/v1/notifications/{id}/read",
        ),
        (
            Method::POST,
            "/api/v1/notifications/read-all",
            "/api/v1/notifications/read-all",
        ),
        (
            Method::GET,
            "/api/v1/notification-preferences",
            "/api/v1/notification-preferences",
        ),
        (
            Method::PUT,
            "/api/v1/notification-preferences",
            "/api/v1/notification-preferences",
        ),
        (
            Method::POST,
            "/api/v1/notifications/stream-tickets",
            "/api/v1/notifications/stream-tickets",
        ),
    ] {
        for token in [None, Some("not-a-token")] {
            let r = app.call(method.clone(), path, token, None).await;
            let m = method.as_str().to_lowercase();
            check(&m, doc, &r, 401);
        }
    }
    // the stream without a ticket
    let r = app.get("/api/v1/notifications/stream").await;
    check("get", "/api/v1/notifications/stream", &r, 401);
}

#[tokio::test]
async fn list_pages_unread_and_catch_up() {
    let app = app();
    let wang = app.token_for(CITIZEN_WANG);
    let li = app.token_for(CITIZEN_LI);
    let mut ids = Vec::new();
    for i in 0..25 {
        let n = send(&app, CITIZEN_WANG, K::Reply, &format!("留言{i}")).expect("stored");
        ids.push(n.id);
    }
    let li_n = send(&app, CITIZEN_LI, K::StatusChanged, "李的留言").expect("stored");

    // newest first, in pages
    let mut seen = Vec::new();
    let mut uri = "/api/v1/notifications?limit=10".to_owned();
    loop {
        let r = app.call(Method::GET, &uri, Some(&wang), None).await;
        let v = check("get", "/api/v1/notifications", &r, 200);
        for item in v["items"].as_array().expect("items") {
            assert_eq!(item["link"], "/messages/m_test");
            assert_eq!(item["read"], false);
            seen.push(item["id"].as_str().expect("id").to_owned());
        }
        match v["next_cursor"].as_str() {
            Some(c) => uri = format!("/api/v1/notifications?limit=10&cursor={c}"),
            None => break,
        }
    }
    let mut newest_first = ids.clone();
    newest_first.reverse();
    assert_eq!(
        seen, newest_first,
        "all of Wang's, newest first, none of Li's"
    );
    assert!(!seen.contains(&li_n.id));

    // catch-up: after an id, oldest first
    let r = app
        .call(
            Method::GET,
            &format!("/api/v1/notifications?after={}&limit=5", ids[19]),
            Some(&wang),
            None,
        )
        .await;
    let v = check("get", "/api/v1/notifications", &r, 200);
    let got: Vec<&str> = v["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["id"].as_str())
        .collect();
    assert_eq!(
        got,
        ids[20..25].iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert!(v["next_cursor"].is_null());
    let r = app
        .call(
            Method::GET,
            &format!("/api/v1/notifications?after={}&limit=3", ids[19]),
            Some(&wang),
            None,
        )
        .await;
    let v = check("get", "/api/v1/notifications", &r, 200);
    let c = v["next_cursor"].as_str().expect("more");
    let r = app
        .call(
            Method::GET,
            &format!("/api/v1/notifications?after={}&limit=3&cursor={c}", ids[19]),
            Some(&wang),
            None,
        )
        .await;
    let v = check("get", "/api/v1/notifications", &r, 200);
    assert_eq!(v["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["items"][1]["id"].as_str(), Some(ids[24].as_str()));
    // a newest-first cursor in catch-up mode is refused
    let r = app
        .call(
            Method::GET,
            "/api/v1/notifications?limit=3",
            Some(&wang),
            None,
        )
        .await;
    let desc = r.json()["next_cursor"].as_str().expect("more").to_owned();
    let r = app
        .call(
            Method::GET,
            &format!("/api/v1/notifications?after=1&cursor={desc}"),
            Some(&wang),
            None,
        )
        .await;
    check("get", "/api/v1/notifications", &r, 400);
    assert_eq!(r.error_fields(), vec!["cursor"]);

    // bad values
    for (q, field) in [
        ("unread=yes", "unread"),
        ("after=x", "after"),
        ("cursor=zzz", "cursor"),
        ("limit=0", "limit"),
    ] {
        let r = app
            .call(
                Method::GET,
                &format!("/api/v1/notifications?{q}"),
                Some(&wang),
                None,
            )
            .await;
        check("get", "/api/v1/notifications", &r, 400);
        assert_eq!(r.error_fields(), vec![field], "{q}");
    }

    // unread count; mark one read; unread filter
    let count = |token: String| {
        let app = &app;
        async move {
            let r = app
                .call(
                    Method::GET,
                    "/api/v1/notifications/unread-count",
                    Some(&token),
                    None,
                )
                .await;
            check("get", "/api/v1/notifications/unread-count", &r, 200)["unread"]
                .as_u64()
                .expect("n")
        }
    };
    assert_eq!(count(wang.clone()).await, 25);
    assert_eq!(count(li.clone()).await, 1);
    let path = "/api/v1/notifications/{id}/read";
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/notifications/{}/read", ids[3]),
            Some(&wang),
            None,
        )
        .await;
    assert_eq!(check("post", path, &r, 200)["unread"], 24);
    // again: no change
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/notifications/{}/read", ids[3]),
            Some(&wang),
            None,
        )
        .await;
    assert_eq!(check("post", path, &r, 200)["unread"], 24);
    // Li's notification is not Wang's to read; nonsense ids are 404 too
    for id in [li_n.id.as_str(), "0", "abc", "99999"] {
        let r = app
            .call(
                Method::POST,
                &format!("/api/v1/notifications/{id}/read"),
                Some(&wang),
                None,
            )
            .await;
        check("post", path, &r, 404);
    }
    assert_eq!(count(li.clone()).await, 1);
    let r = app
        .call(
            Method::GET,
            "/api/v1/notifications?unread=true&limit=50",
            Some(&wang),
            None,
        )
        .await;
    let v = check("get", "/api/v1/notifications", &r, 200);
    let items = v["items"].as_array().expect("items");
    assert_eq!(items.len(), 24);
    assert!(items
        .iter()
        .all(|i| i["read"] == false && i["id"] != ids[3].as_str()));
    let r = app
        .call(
            Method::GET,
            "/api/v1/notifications?limit=50",
            Some(&wang),
            None,
        )
        .await;
    let v = r.json();
    let read_one = v["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["id"] == ids[3].as_str())
        .expect("still listed");
    assert_eq!(read_one["read"], true);

    // read all up to an id, then all
    let ra = "/api/v1/notifications/read-all";
    let r = app
        .call(
            Method::POST,
            ra,
            Some(&wang),
            Some(json!({"up_to_id": ids[9]})),
        )
        .await;
    assert_eq!(check("post", ra, &r, 200)["unread"], 15);
    for bad in [json!({"up_to_id": li_n.id}), json!({"up_to_id": "x"})] {
        let r = app.call(Method::POST, ra, Some(&wang), Some(bad)).await;
        check("post", ra, &r, 400);
        assert_eq!(r.error_fields(), vec!["up_to_id"]);
    }
    let r = app
        .call(Method::POST, ra, Some(&wang), Some(json!("nope")))
        .await;
    check("post", ra, &r, 400);
    let r = app.call(Method::POST, ra, Some(&wang), None).await;
    assert_eq!(check("post", ra, &r, 200)["unread"], 0);
    assert_eq!(count(li).await, 1, "Li's are untouched");
}

#[tokio::test]
async fn preferences_round_trip_and_take_effect() {
    let app = app();
    let wang = app.token_for(CITIZEN_WANG);
    let path = "/api/v1/notification-preferences";
    let r = app.call(Method::GET, path, Some(&wang), None).await;
    let v = check("get", path, &r, 200);
    let items = v["items"].as_array().expect("items");
    assert_eq!(items.len(), K::ALL.len(), "every kind");
    for (item, kind) in items.iter().zip(K::ALL) {
        assert_eq!(item["kind"], kind.as_str());
        assert_eq!(
            (&item["in_app"], &item["sms"], &item["wechat"]),
            (&json!(true), &json!(false), &json!(false)),
            "defaults"
        );
    }
    let put = json!({"items": [
        {"kind": "reply", "in_app": false, "sms": true, "wechat": true},
        {"kind": "deadline_passed", "in_app": true, "sms": true, "wechat": false},
    ]});
    let r = app.call(Method::PUT, path, Some(&wang), Some(put)).await;
    let v = check("put", path, &r, 200);
    assert_eq!(v["items"].as_array().map(Vec::len), Some(K::ALL.len()));
    let r = app.call(Method::GET, path, Some(&wang), None).await;
    let got = check("get", path, &r, 200);
    assert_eq!(got, v, "round trip");
    let find = |k: &str| {
        got["items"]
            .as_array()
            .and_then(|a| a.iter().find(|i| i["kind"] == k).cloned())
            .expect("kind")
    };
    assert_eq!(
        find("reply"),
        json!({"kind": "reply", "in_app": false, "sms": true, "wechat": true, "web_push": true}),
        "an item without web_push turns it on"
    );
    assert_eq!(find("deadline_passed")["sms"], true);
    assert_eq!(find("status_changed")["in_app"], true, "others unchanged");
    // another user keeps the defaults
    let li = app.token_for(CITIZEN_LI);
    let r = app.call(Method::GET, path, Some(&li), None).await;
    assert!(r.json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|i| i["in_app"] == true && i["sms"] == false));

    // in-app off: not stored, not pushed
    let mut s = stream(&app, &wang, None).await;
    let (_, unread) = s.opening().await;
    assert_eq!(unread, 0);
    assert!(send(&app, CITIZEN_WANG, K::Reply, "不要提醒").is_none());
    assert!(send(&app, CITIZEN_WANG, K::StatusChanged, "要提醒").is_some());
    let e = s.event(Duration::from_secs(1)).await.expect("event");
    let v: Value = serde_json::from_str(&e.data).expect("json");
    assert_eq!(v["kind"], "status_changed", "the muted reply never came");
    let r = app
        .call(Method::GET, "/api/v1/notifications", Some(&wang), None)
        .await;
    let items = r.json()["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["kind"], "status_changed");

    // validation
    for (body, field) in [
        (
            json!({"items": [{"kind": "nope", "in_app": true, "sms": false, "wechat": false}]}),
            "items[0].kind",
        ),
        (
            json!({"items": [
                {"kind": "reply", "in_app": true, "sms": false, "wechat": false},
                {"kind": "reply", "in_app": true, "sms": false, "wechat": false}
            ]}),
            "items[1].kind",
        ),
        (
            json!({"items": [{"kind": "reply", "in_app": "yes", "sms": false, "wechat": false}]}),
            "items[0].in_app",
        ),
        (json!({"things": []}), "items"),
    ] {
        let r = app.call(Method::PUT, path, Some(&wang), Some(body)).await;
        check("put", path, &r, 400);
        assert_eq!(r.error_fields(), vec![field]);
    }
    let r = app.call(Method::PUT, path, Some(&wang), None).await;
    check("put", path, &r, 400);
}

#[tokio::test]
async fn tickets_are_single_use_short_lived_and_no_bearer() {
    let app = app();
    let wang = app.token_for(CITIZEN_WANG);
    let li = app.token_for(CITIZEN_LI);
    let sp = "/api/v1/notifications/stream";

    let r = app
        .call(
            Method::POST,
            "/api/v1/notifications/stream-tickets",
            Some(&wang),
            None,
        )
        .await;
    let v = check("post", "/api/v1/notifications/stream-tickets", &r, 201);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let t = v["ticket"].as_str().expect("ticket").to_owned();
    assert!(t.len() >= 43, "at least 256 random bits");
    assert_eq!(
        v["expires_at"],
        server::clock::rfc3339(NOW + 60),
        "valid 60 s"
    );
    // only its hash is stored
    let stored: i64 = app.db.with_conn(|c| {
        c.query_row(
            "SELECT COUNT(*) FROM stream_tickets WHERE ticket_hash = ?1",
            [server::auth::hash_secret(&t)],
            |r| r.get(0),
        )
        .expect("count")
    });
    assert_eq!(stored, 1);

    // never valid as a bearer token
    let r = app.call(Method::GET, "/api/v1/me", Some(&t), None).await;
    r.problem(401);
    let r = app
        .call(Method::GET, "/api/v1/notifications", Some(&t), None)
        .await;
    check("get", "/api/v1/notifications", &r, 401);
    // and a bearer token is no ticket
    let (status, ct, _) = open(&app, &format!("{sp}?ticket={wang}"), &[]).await;
    assert_eq!((status, ct.as_deref()), (401, Some(PROBLEM)));

    // with another user's bearer token: refused (and used up)
    let auth = format!("Bearer {li}");
    let (status, _, _) = open(
        &app,
        &format!("{sp}?ticket={t}"),
        &[("authorization", &auth)],
    )
    .await;
    assert_eq!(status, 403);
    let (status, _, _) = open(&app, &format!("{sp}?ticket={t}"), &[]).await;
    assert_eq!(status, 401, "a ticket is used by its first presentation");

    // single use
    let t = ticket(&app, &wang).await;
    let auth = format!("Bearer {wang}");
    let (status, ct, body) = open(
        &app,
        &format!("{sp}?ticket={t}"),
        &[("authorization", &auth)],
    )
    .await;
    assert_eq!((status, ct.as_deref()), (200, Some("text/event-stream")));
    drop(body);
    let r = app.get(&format!("{sp}?ticket={t}")).await;
    check("get", sp, &r, 401);

    // expiry: valid until 60 s after issue
    let t1 = ticket(&app, &wang).await;
    let t2 = ticket(&app, &wang).await;
    app.state.set_now(NOW + 59);
    let (status, _, _) = open(&app, &format!("{sp}?ticket={t1}"), &[]).await;
    assert_eq!(status, 200);
    app.state.set_now(NOW + 60);
    let r = app.get(&format!("{sp}?ticket={t2}")).await;
    check("get", sp, &r, 401);

    // junk
    for q in ["ticket=", "ticket=abc", "ticket=a&ticket=b"] {
        let r = app.get(&format!("{sp}?{q}")).await;
        assert!(r.status == 401 || r.status == 400, "{q}: {}", r.status);
        r.problem(r.status.as_u16());
    }
    app.state.set_now(NOW);
    let t = ticket(&app, &wang).await;
    let r = app
        .get_with(&format!("{sp}?ticket={t}"), &[("last-event-id", "abc")])
        .await;
    check("get", sp, &r, 400);
    assert_eq!(r.error_fields(), vec!["last_event_id"]);
}

#[tokio::test]
async fn ticket_rate_limit() {
    let app = TestApp::with_config(|c| c.limits.stream_tickets_per_hour = 3);
    app.seed_people();
    let wang = app.token_for(CITIZEN_WANG);
    for _ in 0..3 {
        ticket(&app, &wang).await;
    }
    let r = app
        .call(
            Method::POST,
            "/api/v1/notifications/stream-tickets",
            Some(&wang),
            None,
        )
        .await;
    check("post", "/api/v1/notifications/stream-tickets", &r, 429);
    assert!(r.header("retry-after").is_some());
}

#[tokio::test]
async fn live_to_every_stream_of_the_user_within_a_second_and_to_nobody_else() {
    let app = app();
    let wang = app.token_for(CITIZEN_WANG);
    let li = app.token_for(CITIZEN_LI);
    let mut w1 = stream(&app, &wang, None).await;
    let mut w2 = stream(&app, &wang, None).await;
    let mut l1 = stream(&app, &li, None).await;
    for s in [&mut w1, &mut w2, &mut l1] {
        let (replay, unread) = s.opening().await;
        assert!(replay.is_empty());
        assert_eq!(unread, 0);
    }
    assert_eq!(app.state.hub().streams(CITIZEN_WANG), 2);

    let started = Instant::now();
    let n = send(&app, CITIZEN_WANG, K::Reply, "路灯").expect("stored");
    for s in [&mut w1, &mut w2] {
        let e = s.event(Duration::from_secs(1)).await.expect("within 1 s");
        assert_eq!(e.event.as_deref(), Some("notification"));
        assert_eq!(e.id.as_deref(), Some(n.id.as_str()));
        let v: Value = serde_json::from_str(&e.data).expect("json");
        schema_check("Notification", &v);
        assert_eq!(v["title"], "路灯");
        assert_eq!(v["kind"], "reply");
        let u = s.event(Duration::from_secs(1)).await.expect("unread");
        assert_eq!(u.event.as_deref(), Some("unread"));
        assert_eq!(u.data, r#"{"unread":1}"#);
        assert!(u.id.is_none(), "unread events carry no id");
    }
    assert!(started.elapsed() < Duration::from_secs(1));
    assert!(
        l1.event(Duration::from_millis(300)).await.is_none(),
        "Li hears nothing of Wang's notification"
    );

    // marking read elsewhere updates the count on every stream
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/notifications/{}/read", n.id),
            Some(&wang),
            None,
        )
        .await;
    assert_eq!(r.status, 200);
    for s in [&mut w1, &mut w2] {
        let u = s.event(Duration::from_secs(1)).await.expect("unread");
        assert_eq!(
            (u.event.as_deref(), u.data.as_str()),
            (Some("unread"), r#"{"unread":0}"#)
        );
    }
    assert!(l1.event(Duration::from_millis(200)).await.is_none());

    // Li's own notification reaches Li only
    let m = send(&app, CITIZEN_LI, K::StatusChanged, "李").expect("stored");
    let e = l1.event(Duration::from_secs(1)).await.expect("Li's");
    assert_eq!(e.id.as_deref(), Some(m.id.as_str()));
    assert!(w1.event(Duration::from_millis(200)).await.is_none());

    // a closed stream leaves the hub
    drop(w1);
    drop(w2);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(app.state.hub().streams(CITIZEN_WANG), 0);
}

#[tokio::test]
async fn replay_after_last_event_id_then_live_without_gaps_or_duplicates() {
    let app = app();
    let wang = app.token_for(CITIZEN_WANG);
    let ids: Vec<String> = (0..5)
        .map(|i| {
            send(&app, CITIZEN_WANG, K::Reply, &format!("第{i}条"))
                .expect("stored")
                .id
        })
        .collect();
    send(&app, CITIZEN_LI, K::Reply, "别人的").expect("stored");

    // header
    let mut s = stream(&app, &wang, Some(&ids[1])).await;
    let (replay, unread) = s.opening().await;
    let got: Vec<&str> = replay.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(got, ids[2..].iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(unread, 5);
    let n = send(&app, CITIZEN_WANG, K::PlanStepDone, "第5条").expect("stored");
    let e = s.event(Duration::from_secs(1)).await.expect("live");
    assert_eq!(
        e.id.as_deref(),
        Some(n.id.as_str()),
        "then live, nothing twice"
    );

    // query parameter (clients that cannot set the header); the header wins over it
    let t = ticket(&app, &wang).await;
    let (status, _, body) = open(
        &app,
        &format!(
            "/api/v1/notifications/stream?ticket={t}&last_event_id={}",
            ids[3]
        ),
        &[],
    )
    .await;
    assert_eq!(status, 200);
    let mut q = Stream {
        body,
        buf: String::new(),
    };
    let (replay, _) = q.opening().await;
    let got: Vec<&str> = replay.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(got, vec![ids[4].as_str(), n.id.as_str()]);
    let t = ticket(&app, &wang).await;
    let (_, _, body) = open(
        &app,
        &format!(
            "/api/v1/notifications/stream?ticket={t}&last_event_id={}",
            ids[0]
        ),
        &[("last-event-id", ids[4].as_str())],
    )
    .await;
    let mut h = Stream {
        body,
        buf: String::new(),
    };
    let (replay, _) = h.opening().await;
    assert_eq!(replay.len(), 1, "the header wins");

    // 0: everything; more than one replay page
    for i in 0..450 {
        send(&app, CITIZEN_WANG, K::Reply, &format!("批量{i}"));
    }
    let mut all = stream(&app, &wang, Some("0")).await;
    let (replay, unread) = all.opening().await;
    assert_eq!(replay.len(), 456);
    assert_eq!(unread, 456);
    let seqs: Vec<i64> = replay
        .iter()
        .map(|(id, _)| id.parse().expect("number"))
        .collect();
    assert!(
        seqs.windows(2).all(|w| w[0] < w[1]),
        "ascending, no duplicates"
    );
}

#[tokio::test]
async fn keep_alive_comments_on_an_idle_stream() {
    let app = app();
    let wang = app.token_for(CITIZEN_WANG);
    let mut s = stream(&app, &wang, None).await;
    s.opening().await;
    tokio::time::pause();
    let e = s.next(Duration::from_secs(20)).await.expect("a comment");
    assert!(e.comment, "{e:?}");
}

#[tokio::test]
async fn deadline_sweep_alerts_each_once() {
    let app = app();
    let hub = app.state.hub().clone();
    let parties = notify::Parties {
        author: CITIZEN_WANG.into(),
        handler_user: Some(DEPUTY_CHEN_USER.into()),
        department_handled: false,
        awaiting_triage: false,
        handler_name: None,
        staff: vec![STAFF_HUANG.into()],
    };
    let deadline = NOW + 30 * 3600;
    let facts = vec![
        notify::DeadlineFacts {
            message_id: "m_deputy".into(),
            title: "路灯不亮".into(),
            deadline,
            finished: false,
            parties: parties.clone(),
        },
        notify::DeadlineFacts {
            message_id: "m_dept".into(),
            title: "垃圾清运".into(),
            deadline,
            finished: false,
            parties: notify::Parties {
                handler_user: None,
                department_handled: true,
                ..parties.clone()
            },
        },
        notify::DeadlineFacts {
            message_id: "m_done".into(),
            title: "已答复".into(),
            deadline,
            finished: true,
            parties: parties.clone(),
        },
    ];
    let sweep = |now: i64| {
        app.db
            .with_conn(|c| notify::sweep_messages(c, &hub, &facts, now))
            .expect("sweep")
    };
    let kinds = |user: &str| -> Vec<(String, String)> {
        app.db.with_conn(|c| {
            notify::list(c, user, false, notify::Position::After(0), 50)
                .expect("list")
                .into_iter()
                .map(|(_, n)| (n.kind.as_str().to_owned(), n.message_id.unwrap_or_default()))
                .collect()
        })
    };
    assert_eq!(sweep(NOW), 0, "more than 24 h ahead");
    assert_eq!(sweep(deadline - 24 * 3600 + 1), 2);
    assert_eq!(sweep(deadline - 3600), 0, "once per deadline");
    assert_eq!(
        kinds(DEPUTY_CHEN_USER),
        vec![("deadline_approaching".into(), "m_deputy".into())]
    );
    assert_eq!(
        kinds(STAFF_HUANG),
        vec![("deadline_approaching".into(), "m_dept".into())]
    );
    assert_eq!(sweep(deadline + 1), 2);
    assert_eq!(sweep(deadline + 120), 0);
    assert_eq!(kinds(DEPUTY_CHEN_USER).len(), 2);
    assert_eq!(kinds(DEPUTY_CHEN_USER)[1].0, "deadline_passed");
    assert!(
        kinds(CITIZEN_WANG).is_empty(),
        "authors are not told of deadlines"
    );
    // a new deadline (reopened and triaged again) alerts again
    let later: Vec<_> = facts
        .iter()
        .map(|f| notify::DeadlineFacts {
            deadline: f.deadline + 5 * 86_400,
            ..f.clone()
        })
        .collect();
    let n = app
        .db
        .with_conn(|c| notify::sweep_messages(c, &hub, &later, deadline + 5 * 86_400 - 3600))
        .expect("sweep");
    assert_eq!(n, 2);
    // the full sweep over the database runs (nothing there without messages)
    let n = app
        .db
        .with_conn(|c| notify::sweep(c, &hub, NOW))
        .expect("sweep");
    assert_eq!(n, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_ends_the_streams_and_the_server() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = app();
    let wang = app.token_for(CITIZEN_WANG);
    let t = ticket(&app, &wang).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let hub = app.state.hub().clone();
    let router = server::app(app.state.clone());
    let served = tokio::spawn(server::serve::serve(listener, router, async move {
        let _ = stop_rx.await;
        hub.close_all();
    }));
    let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
    s.write_all(
        format!("GET /api/v1/notifications/stream?ticket={t} HTTP/1.1\r\nHost: x\r\n\r\n")
            .as_bytes(),
    )
    .await
    .expect("write");
    let mut buf = vec![0u8; 4096];
    let n = s.read(&mut buf).await.expect("read");
    let head = String::from_utf8_lossy(&buf[..n]).into_owned();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.contains("content-type: text/event-stream"), "{head}");
    let _ = stop_tx.send(());
    // the stream ends (the last chunk, then EOF) and the server returns
    let rest = tokio::time::timeout(Duration::from_secs(5), async {
        let mut rest = Vec::new();
        let _ = s.read_to_end(&mut rest).await;
        rest
    })
    .await
    .expect("the stream ended");
    assert!(String::from_utf8_lossy(&rest).contains("0\r\n\r\n") || rest.is_empty());
    tokio::time::timeout(Duration::from_secs(5), served)
        .await
        .expect("the server stopped")
        .expect("join")
        .expect("serve");
}

// ---------------------------------------------------------------------------
// With the message actions (notifications sent by the handling of messages)
// ---------------------------------------------------------------------------

/// The kinds and titles of a user's notifications, oldest first.
async fn inbox_of(app: &TestApp, token: &str) -> Vec<(String, String)> {
    let r = app
        .call(
            Method::GET,
            "/api/v1/notifications?after=0&limit=50",
            Some(token),
            None,
        )
        .await;
    let v = check("get", "/api/v1/notifications", &r, 200);
    v["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            (
                i["kind"].as_str().unwrap_or("").to_owned(),
                i["message_id"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

fn kinds(list: &[(String, String)]) -> Vec<&str> {
    list.iter().map(|(k, _)| k.as_str()).collect()
}

/// Wang's private message 村口路灯不亮, triaged by staff to 陈志强 (who is told): its id and
/// the message as triaged.
async fn triaged_to_chen(app: &TestApp, u: &msgsupport::Users, key: &str) -> (String, Value) {
    let m = msgsupport::create(app, &u.wang, key, &msgsupport::new_message("村口路灯不亮", false)).await;
    let id = m["id"].as_str().expect("id").to_owned();
    let m = msgsupport::triage(app, &u.huang, &m, "fast", ("deputy", msgsupport::CHEN)).await;
    assert_eq!(kinds(&inbox_of(app, &u.chen).await), vec!["assigned"]);
    (id, m)
}

/// The user's newest notification, as the API lists it.
async fn newest_of(app: &TestApp, token: &str) -> Value {
    let r = app.call(Method::GET, "/api/v1/notifications?limit=1", Some(token), None).await;
    check("get", "/api/v1/notifications", &r, 200)["items"][0].clone()
}

#[tokio::test]
async fn a_deputy_reply_reaches_the_authors_list_and_stream_within_a_second() {
    let (app, u) = msgsupport::setup();
    let (id, m) = triaged_to_chen(&app, &u, "k-notify-1").await;
    let wang_before = inbox_of(&app, &u.wang).await;
    assert_eq!(
        kinds(&wang_before),
        vec!["status_changed"],
        "triaged: 已交办"
    );
    // the new status in plain words: to whom it went
    let triaged = newest_of(&app, &u.wang).await;
    assert_eq!(triaged["title"], "您的留言已交由陈志强代表办理");
    assert_eq!(triaged["body"], "《村口路灯不亮》");
    assert!(
        inbox_of(&app, &u.huang).await.is_empty(),
        "staff triaged it themselves"
    );

    let mut w = stream(&app, &u.wang, None).await;
    let (_, unread) = w.opening().await;
    assert_eq!(unread, 1);
    let mut l = stream(&app, &u.li, None).await;
    l.opening().await;

    let started = Instant::now();
    let body = json!({"body": "已联系供电所，本周内修复。"});
    msgsupport::act(
        &app,
        Some(&u.chen),
        &id,
        "replies",
        Some("k-reply-1"),
        &body,
        201,
    )
    .await;
    let e = w.event(Duration::from_secs(1)).await.expect("within 1 s");
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(e.event.as_deref(), Some("notification"));
    let n: Value = serde_json::from_str(&e.data).expect("json");
    schema_check("Notification", &n);
    assert_eq!(n["kind"], "reply");
    assert_eq!(n["message_id"], id.as_str());
    assert_eq!(n["link"], format!("/messages/{id}"));
    // who answered and the first words of the answer, the message it is about
    assert_eq!(n["title"], "陈志强代表答复：已联系供电所，本周内修复。");
    assert_eq!(n["body"], "《村口路灯不亮》");
    let u2 = w.event(Duration::from_secs(1)).await.expect("unread");
    assert_eq!(u2.data, r#"{"unread":2}"#);
    // the list has it on top
    let r = app
        .call(Method::GET, "/api/v1/notifications", Some(&u.wang), None)
        .await;
    let v = check("get", "/api/v1/notifications", &r, 200);
    assert_eq!(v["items"][0]["id"], n["id"]);
    // a repeated request (same Idempotency-Key) notifies nobody again
    msgsupport::act(
        &app,
        Some(&u.chen),
        &id,
        "replies",
        Some("k-reply-1"),
        &body,
        201,
    )
    .await;
    assert!(w.event(Duration::from_millis(300)).await.is_none());
    assert_eq!(
        kinds(&inbox_of(&app, &u.wang).await),
        vec!["status_changed", "reply"]
    );
    // another citizen hears nothing, and the replying deputy is not told of their own reply
    assert!(l.event(Duration::from_millis(100)).await.is_none());
    assert!(inbox_of(&app, &u.li).await.is_empty());
    assert_eq!(kinds(&inbox_of(&app, &u.chen).await), vec!["assigned"]);
    // the author's follow-up tells the deputy, and not the author
    msgsupport::act(
        &app,
        Some(&u.wang),
        &id,
        "follow-ups",
        Some("k-fu-1"),
        &json!({"body": "谢谢，请尽快。"}),
        201,
    )
    .await;
    assert_eq!(kinds(&inbox_of(&app, &u.chen).await), vec!["assigned", "follow_up"]);
    assert_eq!(
        kinds(&inbox_of(&app, &u.wang).await),
        vec!["status_changed", "reply"]
    );
    let _ = m;
}

#[tokio::test]
async fn message_actions_notify_by_the_rules() {
    let (app, u) = msgsupport::setup();
    // a major issue: plan steps, status changes, adoption
    let m = msgsupport::create(
        &app,
        &u.wang,
        "k-major",
        &msgsupport::new_message("修建村口桥梁", true),
    )
    .await;
    let id = m["id"].as_str().expect("id").to_owned();
    let m = msgsupport::triage(&app, &u.huang, &m, "major", ("deputy", msgsupport::CHEN)).await;
    let due = server::clock::rfc3339(NOW + 10 * 86_400);
    let m = msgsupport::act(
        &app,
        Some(&u.chen),
        &id,
        "plan",
        None,
        &json!({"version": m["version"], "title": "现场勘察", "due_at": due}),
        201,
    )
    .await;
    let step = m["plan"][0]["id"].as_str().expect("step").to_owned();
    let m = msgsupport::act(
        &app,
        Some(&u.chen),
        &id,
        &format!("plan/{step}/done"),
        None,
        &json!({"version": m["version"]}),
        200,
    )
    .await;
    let m = msgsupport::act(
        &app,
        Some(&u.chen),
        &id,
        "status",
        None,
        &json!({"version": m["version"], "status": "in_progress"}),
        200,
    )
    .await;
    msgsupport::act(
        &app,
        Some(&u.chen),
        &id,
        "status",
        None,
        &json!({"version": m["version"], "status": "resolved"}),
        200,
    )
    .await;
    let wang = inbox_of(&app, &u.wang).await;
    assert_eq!(
        kinds(&wang),
        vec![
            "status_changed",
            "plan_step_done",
            "status_changed",
            "suggestion_adopted"
        ]
    );
    assert!(wang.iter().all(|(_, mid)| *mid == id));
    let r = app
        .call(
            Method::GET,
            "/api/v1/notifications?limit=1",
            Some(&u.wang),
            None,
        )
        .await;
    assert_eq!(r.json()["items"][0]["body"], "《修建村口桥梁》已办结");

    // hand-over by the deputy to a department: staff are told; the author's status is unchanged
    let m2 = msgsupport::create(
        &app,
        &u.wang,
        "k-hand",
        &msgsupport::new_message("垃圾清运不及时", false),
    )
    .await;
    let id2 = m2["id"].as_str().expect("id").to_owned();
    let m2 = msgsupport::triage(&app, &u.huang, &m2, "fast", ("deputy", msgsupport::CHEN)).await;
    let before = inbox_of(&app, &u.wang).await.len();
    msgsupport::act(
        &app,
        Some(&u.chen),
        &id2,
        "hand-over",
        None,
        &json!({"version": m2["version"], "department_id": "dept_eco", "note": "属环境卫生事项"}),
        200,
    )
    .await;
    let huang = inbox_of(&app, &u.huang).await;
    assert_eq!(huang, vec![("assigned".to_owned(), id2.clone())]);
    assert_eq!(
        inbox_of(&app, &u.wang).await.len(),
        before,
        "still assigned"
    );
    // neither the other deputy nor the other citizen ever heard of any of it
    assert!(inbox_of(&app, &u.he).await.is_empty());
    assert!(inbox_of(&app, &u.li).await.is_empty());
}

#[tokio::test]
async fn the_sweep_over_messages_alerts_handlers_once_per_deadline() {
    let (app, u) = msgsupport::setup();
    let hub = app.state.hub().clone();
    let sweep = |now: i64| {
        app.db
            .with_conn(|c| notify::sweep(c, &hub, now))
            .expect("sweep")
    };
    // untriaged: the triage deadline concerns staff
    let waiting = msgsupport::create(
        &app,
        &u.wang,
        "k-wait",
        &msgsupport::new_message("等待分办的留言", false),
    )
    .await;
    let m = msgsupport::create(
        &app,
        &u.wang,
        "k-sweep",
        &msgsupport::new_message("道路坑洼积水", false),
    )
    .await;
    let m = msgsupport::triage(&app, &u.huang, &m, "fast", ("deputy", msgsupport::CHEN)).await;
    let deadline =
        server::clock::parse_rfc3339(m["deadline"].as_str().expect("deadline")).expect("time");
    let triage_due = server::clock::parse_rfc3339(waiting["deadline"].as_str().expect("deadline"))
        .expect("time");
    assert_eq!(sweep(NOW), 0);
    // the triage deadline: staff
    assert_eq!(sweep(triage_due - 3600), 1);
    assert_eq!(
        inbox_of(&app, &u.huang).await,
        vec![(
            "deadline_approaching".to_owned(),
            waiting["id"].as_str().expect("id").to_owned()
        )]
    );
    let chen_before = inbox_of(&app, &u.chen).await.len();
    assert!(sweep(deadline - 23 * 3600) >= 1);
    assert_eq!(sweep(deadline - 22 * 3600), 0, "once");
    assert!(sweep(deadline + 60) >= 1);
    assert_eq!(sweep(deadline + 120), 0, "once");
    let chen = inbox_of(&app, &u.chen).await;
    assert_eq!(
        kinds(&chen[chen_before..]),
        vec!["deadline_approaching", "deadline_passed"]
    );
    assert!(
        inbox_of(&app, &u.wang)
            .await
            .iter()
            .all(|(k, _)| !k.starts_with("deadline")),
        "authors are not told of deadlines"
    );
    // answered in time: no alert for the next message
    let m3 = msgsupport::create(
        &app,
        &u.wang,
        "k-done",
        &msgsupport::new_message("公交站牌损坏", false),
    )
    .await;
    let m3 = msgsupport::triage(&app, &u.huang, &m3, "fast", ("deputy", msgsupport::CHEN)).await;
    let id3 = m3["id"].as_str().expect("id").to_owned();
    msgsupport::act(
        &app,
        Some(&u.chen),
        &id3,
        "replies",
        Some("k-r3"),
        &json!({"body": "已安排维修。"}),
        201,
    )
    .await;
    let d3 =
        server::clock::parse_rfc3339(m3["deadline"].as_str().expect("deadline")).expect("time");
    sweep(d3 + 60);
    assert!(inbox_of(&app, &u.chen)
        .await
        .iter()
        .all(|(k, mid)| !(mid == &id3 && k.starts_with("deadline"))));
}

#[tokio::test]
async fn demo_notifications_follow_the_rules() {
    let (app, u) = msgsupport::setup();
    let tz = 8 * 3600;
    server::demo::messages::seed_messages_if_empty(&app.db, NOW, tz)
        .expect("seed")
        .expect("seeded");
    let n = app
        .db
        .with_conn(|c| server::demo::notifications::seed(c, NOW))
        .expect("demo notifications");
    assert!(n > 0);
    for (user, token) in [(CITIZEN_WANG, &u.wang), (CITIZEN_LI, &u.li)] {
        let r = app
            .call(
                Method::GET,
                "/api/v1/notifications?limit=50",
                Some(token),
                None,
            )
            .await;
        let v = check("get", "/api/v1/notifications", &r, 200);
        let items = v["items"].as_array().expect("items");
        assert!(!items.is_empty(), "{user} has some");
        for item in items {
            let mid = item["message_id"].as_str().expect("message");
            let author: String = app.db.with_conn(|c| {
                c.query_row("SELECT author_id FROM messages WHERE id = ?1", [mid], |r| {
                    r.get(0)
                })
                .expect("message")
            });
            assert_eq!(author, user, "a citizen is told only of their own messages");
            assert!(matches!(
                item["kind"].as_str(),
                Some("reply" | "status_changed" | "plan_step_done" | "suggestion_adopted")
            ));
            // what happened, in words: the answer's first words, the new status
            let title = item["title"].as_str().expect("title");
            let replies: Vec<String> = app.db.with_conn(|c| {
                let mut stmt = c
                    .prepare("SELECT body FROM message_replies WHERE message_id = ?1 AND kind = 'reply'")
                    .expect("sql");
                let rows = stmt.query_map([mid], |r| r.get(0)).expect("replies");
                rows.collect::<Result<Vec<String>, _>>().expect("replies")
            });
            match item["kind"].as_str() {
                Some("reply") => {
                    let words = |r: &String| r.chars().take(6).collect::<String>();
                    assert!(title.contains("答复："), "{title}");
                    assert!(replies.iter().any(|r| title.contains(&words(r))), "{title}");
                }
                Some("status_changed") => {
                    assert!(title.starts_with("您的留言") && !title.contains("新进展"), "{title}")
                }
                _ => {}
            }
        }
        // newest first, and the old ones read
        let times: Vec<&str> = items
            .iter()
            .filter_map(|i| i["created_at"].as_str())
            .collect();
        assert!(times.windows(2).all(|w| w[0] >= w[1]));
    }
}

#[tokio::test]
async fn the_authors_follow_up_rating_and_reopening_tell_the_handlers() {
    let (app, u) = msgsupport::setup();
    let (id, _) = triaged_to_chen(&app, &u, "k-fu-msg").await;
    let before_wang = inbox_of(&app, &u.wang).await.len();

    // a follow-up question: the handling deputy is told, with its text; not the author
    let m = msgsupport::act(
        &app,
        Some(&u.wang),
        &id,
        "follow-ups",
        Some("k-fu-1"),
        &json!({"body": "请问具体哪天安装？"}),
        201,
    )
    .await;
    assert_eq!(kinds(&inbox_of(&app, &u.chen).await), vec!["assigned", "follow_up"]);
    let newest = newest_of(&app, &u.chen).await;
    // the question itself, and the message it is about
    assert_eq!(newest["title"], "群众追问：请问具体哪天安装？");
    assert_eq!(newest["body"], "《村口路灯不亮》");
    assert_eq!(newest["link"], format!("/messages/{id}"));
    assert_eq!(inbox_of(&app, &u.wang).await.len(), before_wang, "not told of their own question");

    // resolved, then rated: the deputy hears how it went
    let m = msgsupport::act(
        &app,
        Some(&u.chen),
        &id,
        "status",
        None,
        &json!({"version": m["version"], "status": "resolved"}),
        200,
    )
    .await;
    assert_eq!(m["status"], "resolved");
    msgsupport::act(
        &app,
        Some(&u.wang),
        &id,
        "rating",
        None,
        &json!({"stars": 4, "comment": "很及时"}),
        200,
    )
    .await;
    let newest = newest_of(&app, &u.chen).await;
    assert_eq!(newest["kind"], "rated");
    assert_eq!(newest["body"], "《村口路灯不亮》：评价 4 星：很及时");

    // reopened: it waits for triage again, so staff are told
    msgsupport::act(
        &app,
        Some(&u.wang),
        &id,
        "reopen",
        None,
        &json!({"reason": "路灯又不亮了"}),
        200,
    )
    .await;
    let huang = inbox_of(&app, &u.huang).await;
    assert!(huang.contains(&("reopened".to_owned(), id.clone())), "{huang:?}");
    // nobody else heard of any of it
    assert!(inbox_of(&app, &u.he).await.is_empty());
    assert!(inbox_of(&app, &u.li).await.is_empty());
}

// ---------------------------------------------------------------------------
// Caps and lifetime of the streams (issue 11)
// ---------------------------------------------------------------------------

impl Stream {
    /// Whether the body ends within `wait` (rather than merely staying silent).
    async fn ends_within(&mut self, wait: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            match tokio::time::timeout_at(deadline, self.body.frame()).await {
                Err(_) => return false,
                Ok(None | Some(Err(_))) => return true,
                Ok(Some(Ok(_))) => {}
            }
        }
    }
}

#[tokio::test]
async fn a_users_oldest_stream_closes_beyond_the_cap_and_the_server_holds_a_total() {
    let app = TestApp::with_config(|c| {
        c.limits.streams_per_user = 2;
        c.limits.streams_total = 3;
    });
    app.seed_people();
    let hub = app.state.hub().clone();
    let wang = app.token_for(CITIZEN_WANG);
    let mut w1 = stream(&app, &wang, None).await;
    w1.opening().await;
    let mut w2 = stream(&app, &wang, None).await;
    w2.opening().await;
    let mut w3 = stream(&app, &wang, None).await;
    w3.opening().await;
    assert!(w1.ends_within(Duration::from_secs(2)).await, "the oldest of three is closed");
    drop(w1);
    assert_eq!((hub.streams(CITIZEN_WANG), hub.total()), (2, 2));
    assert!(!w2.ends_within(Duration::from_millis(100)).await, "the others stay");

    let li = app.token_for(CITIZEN_LI);
    let mut l1 = stream(&app, &li, None).await;
    l1.opening().await;
    assert_eq!(hub.total(), 3);
    // the server is full: one more user is told to come back later…
    let chen = app.token_for(DEPUTY_CHEN_USER);
    let t = ticket(&app, &chen).await;
    let (status, ct, _) = open(&app, &format!("/api/v1/notifications/stream?ticket={t}"), &[]).await;
    assert_eq!((status, ct.as_deref()), (429, Some(PROBLEM)));
    // …while a user at their own cap still replaces their oldest stream
    let mut w4 = stream(&app, &wang, None).await;
    w4.opening().await;
    assert!(w2.ends_within(Duration::from_secs(2)).await);
    drop(w2);
    let n = send(&app, CITIZEN_WANG, K::Reply, "仍然送达").expect("stored");
    for s in [&mut w3, &mut w4] {
        let e = s.event(Duration::from_secs(1)).await.expect("delivered");
        assert_eq!(e.id.as_deref(), Some(n.id.as_str()));
    }
    drop((w3, w4, l1));
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!((hub.total(), hub.users()), (0, 0));
}

#[tokio::test]
async fn a_stream_ends_after_its_lifetime_and_the_next_one_replays_what_came_meanwhile() {
    let app = TestApp::with_config(|c| c.stream_max_secs = 1);
    app.seed_people();
    let wang = app.token_for(CITIZEN_WANG);
    let started = Instant::now();
    let mut s = stream(&app, &wang, None).await;
    s.opening().await;
    assert!(s.ends_within(Duration::from_secs(3)).await, "ended by itself");
    let lived = started.elapsed();
    assert!(lived >= Duration::from_millis(850) && lived < Duration::from_secs(2), "{lived:?}");
    let n = send(&app, CITIZEN_WANG, K::Reply, "断开期间").expect("stored");
    let mut again = stream(&app, &wang, Some("0")).await;
    let (replay, _) = again.opening().await;
    assert_eq!(replay.last().map(|(id, _)| id.as_str()), Some(n.id.as_str()));
}
