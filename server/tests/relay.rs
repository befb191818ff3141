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
    let from = b.db().read(relay::newest).await.expect("newest");

    let seq = store(&app, user, "新回复");
    // a's stream has it from a; b's nothing yet
    assert_eq!(seq_of(on_a.try_recv().expect("a's stream")).0, seq);
    assert!(on_b.try_recv().is_err());

    // b's relay finds it and sends it to b's stream, with the same text and the unread count
    let hub_b = b.hub().clone();
    let last = b.db().read(move |c| relay::round(c, &hub_b, from)).await.expect("round on b");
    assert_eq!(last, seq);
    let (got, json) = seq_of(on_b.try_recv().expect("b's stream"));
    assert_eq!(got, seq);
    assert!(json.contains("新回复"), "{json}");
    // a's relay passes it without sending it again
    let hub_a = app.state.hub().clone();
    app.state.db().read(move |c| relay::round(c, &hub_a, from)).await.expect("round on a");
    assert!(on_a.try_recv().is_err(), "sent twice on the instance that stored it");
    // and b's next round starts after it
    let hub_b = b.hub().clone();
    assert_eq!(b.db().read(move |c| relay::round(c, &hub_b, last)).await.expect("round"), last);
    assert!(on_b.try_recv().is_err());
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
