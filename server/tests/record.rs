//! 履职档案 and the attendance of events: who sees which parts of a deputy's record (the
//! public parts by the deployment's choice, everything for the deputy and staff), staff
//! recording attendance, and a deputy checking in with the event's code during its window only.

mod common;
mod msgsupport;

use axum::http::Method;
use common::*;
use msgsupport::*;
use serde_json::{json, Value};
use server::clock::HOUR;

fn world_with(app: TestApp) -> (TestApp, Users) {
    let (app, users) = setup_with(app);
    app.db
        .with_conn(|conn| {
            let tx = conn.transaction()?;
            server::demo::training::seed(&tx, NOW)?;
            tx.commit()?;
            Ok::<_, server::db::Error>(())
        })
        .expect("seed courses");
    // an event tomorrow, 9:00 to 11:00, and one that was last month
    app.insert_events(&[event("ev_visit", NOW + 24 * HOUR, Some(NOW + 26 * HOUR)), event("ev_old", NOW - 30 * 24 * HOUR, None)]);
    (app, users)
}

fn world() -> (TestApp, Users) {
    world_with(TestApp::new())
}

async fn record(app: &TestApp, token: Option<&str>, deputy: &str) -> Value {
    call(app, Method::GET, &format!("/api/v1/deputies/{deputy}/record"), token, None, 200).await
}

#[tokio::test]
async fn everyone_sees_the_public_parts_and_the_deputy_and_staff_all_of_it() {
    let (app, u) = world();
    let public = record(&app, None, CHEN).await;
    assert_eq!(public["full"], false);
    assert_eq!(public["public_parts"], json!(["courses", "responsiveness"]));
    assert_eq!(public["courses"][0]["course_id"], "crs_phone", "the demo's completed course");
    assert!(public["responsiveness"].is_object());
    for hidden in ["study_minutes", "practice_days", "practice_streak", "events"] {
        assert!(public.get(hidden).is_none(), "{hidden} is not public: {public}");
    }
    // another deputy and a citizen see what the public sees
    assert_eq!(record(&app, Some(&u.he), CHEN).await, public);
    assert_eq!(record(&app, Some(&u.wang), CHEN).await, public);
    // 陈 himself and staff see everything
    for token in [&u.chen, &u.huang] {
        let full = record(&app, Some(token), CHEN).await;
        assert_eq!(full["full"], true);
        assert!(full["study_minutes"].as_u64().unwrap() >= 10, "{full}");
        assert_eq!(full["practice_streak"], 4);
        assert_eq!(full["events"], json!([]));
    }
    call(&app, Method::GET, "/api/v1/deputies/dp_nobody/record", None, None, 404).await;
    // a deputy without an account: an empty record, not an error
    let ghost = record(&app, Some(&u.huang), "dp_lw03").await;
    assert_eq!((ghost["courses"].clone(), ghost["study_minutes"].clone()), (json!([]), json!(0)));
}

#[tokio::test]
async fn a_deployment_chooses_what_is_public() {
    let (app, _u) = world_with(TestApp::with_config(|c| {
        c.record_public = vec![contract::RecordPart::Events, contract::RecordPart::Practice];
    }));
    let public = record(&app, None, CHEN).await;
    assert_eq!(public["public_parts"], json!(["events", "practice"]));
    assert!(public.get("courses").is_none() && public.get("responsiveness").is_none());
    assert_eq!(public["practice_streak"], 4);
    assert_eq!(public["events"], json!([]));
}

#[tokio::test]
async fn staff_record_attendance_and_it_shows_in_the_record() {
    let (app, u) = world();
    for token in [&u.chen, &u.wang] {
        call(&app, Method::GET, "/api/v1/events/ev_old/attendance", Some(token), None, 403).await;
        call(&app, Method::PUT, &format!("/api/v1/events/ev_old/attendance/{CHEN}"), Some(token), None, 403).await;
    }
    call(&app, Method::GET, "/api/v1/events/ev_old/attendance", None, None, 401).await;
    call(&app, Method::GET, "/api/v1/events/ev_nothing/attendance", Some(&u.huang), None, 404).await;
    call(&app, Method::PUT, "/api/v1/events/ev_old/attendance/dp_nobody", Some(&u.huang), None, 404).await;

    let a = call(&app, Method::GET, "/api/v1/events/ev_old/attendance", Some(&u.huang), None, 200).await;
    assert_eq!(a["deputies"].as_array().unwrap().len(), 12);
    assert!(a["deputies"].as_array().unwrap().iter().all(|d| d.get("how").is_none()));
    let code = a["check_in_code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 8);
    let again = call(&app, Method::GET, "/api/v1/events/ev_old/attendance", Some(&u.huang), None, 200).await;
    assert_eq!(again["check_in_code"], code.as_str(), "made once");

    let row = call(&app, Method::PUT, &format!("/api/v1/events/ev_old/attendance/{CHEN}"), Some(&u.huang), None, 200).await;
    assert_eq!(row["how"], "staff");
    call(&app, Method::PUT, &format!("/api/v1/events/ev_old/attendance/{CHEN}"), Some(&u.huang), None, 200).await;
    let full = record(&app, Some(&u.chen), CHEN).await;
    assert_eq!(full["events"].as_array().unwrap().len(), 1);
    assert_eq!(full["events"][0]["event_id"], "ev_old");
    assert_eq!(full["events"][0]["how"], "staff");
    call(&app, Method::DELETE, &format!("/api/v1/events/ev_old/attendance/{CHEN}"), Some(&u.huang), None, 204).await;
    call(&app, Method::DELETE, &format!("/api/v1/events/ev_old/attendance/{CHEN}"), Some(&u.huang), None, 204).await;
    assert_eq!(record(&app, Some(&u.chen), CHEN).await["events"], json!([]));
}

#[tokio::test]
async fn a_deputy_checks_in_with_the_code_during_the_window_only() {
    let (app, u) = world();
    let uri = "/api/v1/events/ev_visit/check-ins";
    // before staff ever showed the QR, no code opens it
    let v = call(&app, Method::POST, uri, Some(&u.chen), Some(&json!({"code": "ABCDEFGH"})), 400).await;
    assert_eq!(field_codes(&v)[0].0, "code");
    let a = call(&app, Method::GET, "/api/v1/events/ev_visit/attendance", Some(&u.huang), None, 200).await;
    let code = a["check_in_code"].as_str().unwrap().to_owned();
    // the window: from 1 hour before the start to 30 minutes after the end
    assert_eq!(a["check_in_opens_at"], server::clock::rfc3339(NOW + 23 * HOUR));
    assert_eq!(a["check_in_closes_at"], server::clock::rfc3339(NOW + 26 * HOUR + 1800));
    let body = json!({"code": code.to_lowercase()});
    call(&app, Method::POST, uri, Some(&u.chen), Some(&body), 409).await;
    later(&app, 23 * HOUR);
    call(&app, Method::POST, uri, Some(&u.wang), Some(&body), 403).await;
    call(&app, Method::POST, uri, Some(&u.huang), Some(&body), 403).await;
    call(&app, Method::POST, uri, None, Some(&body), 401).await;
    let bad = call(&app, Method::POST, uri, Some(&u.chen), Some(&json!({"code": "22222222"})), 400).await;
    assert_eq!(field_codes(&bad)[0], ("code".into(), "invalid".into()));
    call(&app, Method::POST, uri, Some(&u.chen), Some(&json!({"code": "short"})), 400).await;
    let row = call(&app, Method::POST, uri, Some(&u.chen), Some(&body), 201).await;
    assert_eq!((row["deputy_id"].as_str(), row["how"].as_str()), (Some(CHEN), Some("check_in")));
    call(&app, Method::POST, uri, Some(&u.chen), Some(&body), 200).await;
    // staff ticking him too keeps it a check-in
    let row = call(&app, Method::PUT, &format!("/api/v1/events/ev_visit/attendance/{CHEN}"), Some(&u.huang), None, 200).await;
    assert_eq!(row["how"], "check_in");
    // after the window
    later(&app, 3 * HOUR + 1801);
    call(&app, Method::POST, uri, Some(&u.he), Some(&body), 409).await;
    let full = record(&app, Some(&u.huang), CHEN).await;
    assert_eq!(full["events"][0]["how"], "check_in");
}

#[tokio::test]
async fn the_demo_gives_chen_three_events_and_he_one() {
    let app = TestApp::new();
    let content = server::demo::DemoContent::builtin().expect("demo content");
    server::demo::seed(&app.db, &content, NOW).expect("seed content");
    let (app, u) = setup_with(app);
    app.db
        .with_conn(|conn| {
            let tx = conn.transaction()?;
            server::demo::training::seed(&tx, NOW)?;
            server::demo::training::seed_attendance(&tx)?;
            tx.commit()?;
            Ok::<_, server::db::Error>(())
        })
        .expect("seed");
    let chen = record(&app, Some(&u.chen), CHEN).await;
    let events = chen["events"].as_array().unwrap();
    assert_eq!(events.len(), 3, "{chen}");
    assert_eq!(events.iter().filter(|e| e["how"] == "check_in").count(), 2);
    let he = record(&app, Some(&u.huang), HE).await;
    assert_eq!(he["events"].as_array().unwrap().len(), 1);
}
