//! Live streams across instances (issue 17, `server/src/notify/relay.rs`): a notification
//! stored by one instance reaches a stream held by another on the same database, once; the
//! instance that stored it does not send it twice.

mod common;
mod msgsupport;

use std::time::Duration;

use common::{TestApp, NOW};
use contract::NotificationKind;
use server::notify::relay;
use server::notify::{notify, NewNotification, Push};
use server::{AppState, Config};

/// A second instance on `app`'s database file: its own connections and its own streams.
fn second_instance(app: &TestApp) -> AppState {
    let db = app.reopen();
    AppState::new(db, Config { static_dir: app.path().join("no-dist"), fixed_now: Some(NOW), ..Config::default() })
}

/// Stores a notification for `user` through `app`'s instance (its hub publishes it there).
fn store(app: &TestApp, user: &str, title: &str) -> i64 {
    let n = NewNotification {
        user_id: user.into(),
        kind: NotificationKind::Reply,
        title: title.into(),
        body: "代表回复了您的留言".into(),
        message_id: None,
        link: Some("/messages".into()),
    };
    let hub = app.state.hub().clone();
    let stored = app.db.with_conn(|c| notify(c, &hub, &n, NOW)).expect("stored").expect("in-app wanted");
    stored.id.parse().expect("a sequence number")
}

fn seq_of(push: Push) -> (i64, String) {
    match push {
        Push::Notification { seq, json, .. } => (seq, json.to_string()),
        other => panic!("not a notification: {other:?}"),
    }
}

#[tokio::test]
async fn a_notification_stored_on_one_instance_reaches_a_stream_on_another_once() {
    let (app, _) = msgsupport::setup();
    let user = msgsupport::WANG;
    let b = second_instance(&app);
    let mut on_a = app.state.hub().subscribe(user);
    let mut on_b = b.hub().subscribe(user);
    let from = b.db().read(|c| relay::newest(c).map(relay::Cursor::at)).await.expect("newest");

    let seq = store(&app, user, "新回复");
    // a's stream has it from a; b's nothing yet
    assert_eq!(seq_of(on_a.try_recv().expect("a's stream")).0, seq);
    assert!(on_b.try_recv().is_err());

    // b's relay finds it and sends it to b's stream, with the same text and the unread count
    let hub_b = b.hub().clone();
    let from_b = from.clone();
    let last = b.db().read(move |c| relay::round(c, &hub_b, from_b, 0)).await.expect("round on b");
    assert_eq!(last.last, seq);
    let (got, json) = seq_of(on_b.try_recv().expect("b's stream"));
    assert_eq!(got, seq);
    assert!(json.contains("新回复"), "{json}");
    // a's relay passes it without sending it again
    let hub_a = app.state.hub().clone();
    app.state.db().read(move |c| relay::round(c, &hub_a, from, 0)).await.expect("round on a");
    assert!(on_a.try_recv().is_err(), "sent twice on the instance that stored it");
    // and b's next round starts after it
    let hub_b = b.hub().clone();
    let again = last.clone();
    assert_eq!(b.db().read(move |c| relay::round(c, &hub_b, again, 0)).await.expect("round"), last);
    assert!(on_b.try_recv().is_err());
}

/// A notification whose number is below one already relayed — its transaction took the number
/// first and committed later, as concurrent writers on PostgreSQL do — is relayed in the round
/// after its commit, once.
#[tokio::test]
async fn a_notification_committed_after_a_newer_one_is_still_relayed() {
    let (app, _) = msgsupport::setup();
    let user = msgsupport::WANG;
    let b = second_instance(&app);
    let mut on_b = b.hub().subscribe(user);
    let start = b.db().read(|c| relay::newest(c).map(relay::Cursor::at)).await.expect("newest");
    let insert = |seq: i64, title: &'static str| {
        app.db.with_conn(move |c| {
            c.execute(
                "INSERT INTO notifications (seq, user_id, kind, title, body, created_at, link) \
                 VALUES (?1, ?2, 'reply', ?3, '代表回复了您的留言', ?4, '/messages')",
                server::params![seq, user, title, NOW],
            )
        })
        .expect("insert");
    };
    let round = |cursor: relay::Cursor, at: i64| {
        let hub = b.hub().clone();
        b.db().read(move |c| relay::round(c, &hub, cursor, at))
    };
    let late = start.last + 1;
    insert(late + 1, "先提交的");
    let cursor = round(start, 1_000).await.expect("round");
    assert_eq!(seq_of(on_b.try_recv().expect("the newer one")).0, late + 1);
    assert_eq!(cursor.gaps.keys().copied().collect::<Vec<_>>(), [late], "its number is waited for");
    insert(late, "后提交的");
    let cursor = round(cursor, 2_000).await.expect("round");
    let (seq, json) = seq_of(on_b.try_recv().expect("the late one"));
    assert_eq!(seq, late);
    assert!(json.contains("后提交的"), "{json}");
    let cursor = round(cursor, 3_000).await.expect("round");
    assert!(on_b.try_recv().is_err(), "each once");
    assert!(cursor.gaps.is_empty());
}

#[tokio::test]
async fn the_running_relay_brings_it_within_a_second() {
    let (app, _) = msgsupport::setup();
    let user = msgsupport::WANG;
    let b = second_instance(&app);
    let mut on_b = b.hub().subscribe(user);
    let relay = relay::spawn(b.clone());
    // (its first round notes where it starts)
    tokio::time::sleep(Duration::from_millis(relay::RELAY_MS * 2)).await;
    let seq = store(&app, user, "办理进展");
    let got = tokio::time::timeout(Duration::from_secs(1) + Duration::from_millis(relay::RELAY_MS), on_b.recv())
        .await
        .expect("within a second and a round")
        .expect("received");
    assert_eq!(seq_of(got).0, seq);
    relay.abort();
}

/// On PostgreSQL the commit wakes the relay: with its timer at a minute, the alert still
/// arrives (`pg_notify` in the storing transaction, `LISTEN` on the other instance).
#[tokio::test]
async fn on_postgresql_the_commit_wakes_the_relay_without_its_timer() {
    let (app, _) = msgsupport::setup();
    if app.db.postgres_url().is_none() {
        return; // SQLite has no LISTEN: its relay is the timer (the test above)
    }
    let user = msgsupport::WANG;
    let b = second_instance(&app);
    let mut on_b = b.hub().subscribe(user);
    let relay = relay::spawn_every(b.clone(), Duration::from_secs(60));
    // (its first round, at once, notes where it starts; its LISTEN is then open)
    tokio::time::sleep(Duration::from_millis(500)).await;
    let seq = store(&app, user, "实时送达");
    let got = tokio::time::timeout(Duration::from_secs(10), on_b.recv())
        .await
        .expect("woken by the commit, long before the minute's timer")
        .expect("received");
    assert_eq!(seq_of(got).0, seq);
    relay.abort();
}

/// Reads what a stream sends within `wait` (until it ends, or nothing more comes for `wait`):
/// the text, and whether it ended.
async fn read_stream(body: &mut axum::body::Body, wait: Duration) -> (String, bool) {
    use http_body_util::BodyExt;
    let mut text = String::new();
    loop {
        match tokio::time::timeout(wait, body.frame()).await {
            Err(_) => return (text, false),
            Ok(None) => return (text, true),
            Ok(Some(frame)) => {
                if let Ok(bytes) = frame.expect("frame").into_data() {
                    text.push_str(&String::from_utf8_lossy(&bytes));
                }
            }
        }
    }
}

/// The ids of the notification events in a stream's text.
fn event_ids(text: &str) -> Vec<String> {
    text.split("\n\n")
        .filter(|block| block.lines().any(|l| l == "event: notification"))
        .filter_map(|block| block.lines().find_map(|l| l.strip_prefix("id: ")).map(str::to_owned))
        .collect()
}

/// A stream on instance A, which shuts down: the stream ends; the app reconnects (through the
/// load balancer) to instance B with the last event id it saw, and B replays what was stored
/// meanwhile — through either instance — from the shared database, and nothing before it.
#[tokio::test]
async fn a_stream_that_reconnects_to_another_instance_gets_what_it_missed() {
    use axum::http::Request;
    use tower::ServiceExt;
    let (app, _) = msgsupport::setup();
    let user = msgsupport::WANG;
    let token = app.token_for(user);
    let b = second_instance(&app);
    let b_router = server::app(b.clone());
    let open = |router: axum::Router, last: Option<String>| {
        let token = token.clone();
        async move {
            let t = common::send(
                &router,
                Request::post("/api/v1/notifications/stream-tickets")
                    .header("authorization", format!("Bearer {token}"))
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
            assert_eq!(t.status, 201, "{}", t.text());
            let ticket = t.json()["ticket"].as_str().expect("ticket").to_owned();
            let mut req = Request::get(format!("/api/v1/notifications/stream?ticket={ticket}"));
            if let Some(l) = last {
                req = req.header("last-event-id", l);
            }
            let res = router.oneshot(req.body(axum::body::Body::empty()).unwrap()).await.unwrap();
            assert_eq!(res.status(), 200);
            res.into_body()
        }
    };

    let mut on_a = open(app.router.clone(), None).await;
    let _ = read_stream(&mut on_a, Duration::from_millis(300)).await;
    let first = store(&app, user, "第一条");
    let (text, ended) = read_stream(&mut on_a, Duration::from_millis(300)).await;
    assert_eq!(event_ids(&text), vec![first.to_string()], "{text}");
    assert!(!ended);
    // A shuts down: its stream ends (the app reconnects at once, through the balancer)
    app.state.begin_shutdown();
    let (_, ended) = read_stream(&mut on_a, Duration::from_secs(5)).await;
    assert!(ended, "the stream on A ended");
    // while the app is away: one stored through A (still finishing its requests), one through B
    let second = store(&app, user, "第二条");
    let hub_b = b.hub().clone();
    let n = server::notify::NewNotification {
        user_id: user.into(),
        kind: NotificationKind::Reply,
        title: "第三条".into(),
        body: "代表回复了您的留言".into(),
        message_id: None,
        link: Some("/messages".into()),
    };
    let third: i64 = b
        .db()
        .call(move |c| Ok(notify(c, &hub_b, &n, NOW)?.expect("in-app wanted").id.parse::<i64>().expect("seq")))
        .await
        .expect("stored through B");
    // the app reconnects to B with the last id it saw: B replays the two, in order, not the first
    let mut on_b = open(b_router, Some(first.to_string())).await;
    let (text, _) = read_stream(&mut on_b, Duration::from_millis(500)).await;
    assert_eq!(event_ids(&text), vec![second.to_string(), third.to_string()], "{text}");
    assert!(text.contains("第二条") && text.contains("第三条"), "{text}");
}
