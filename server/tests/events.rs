//! GET /api/v1/events and /events/{id}: status from the time of the request, the
//! "ongoing and upcoming first, then past" order, and cursors across that boundary.

mod common;

use common::*;
use serde_json::Value;
use server::db::NewEvent;

/// Events around NOW: (id, starts_at, ends_at, status at NOW).
fn fixture(app: &TestApp) -> Vec<(String, i64, &'static str)> {
    let specs: Vec<(&str, i64, Option<i64>, &str)> = vec![
        (
            "e_past_01",
            NOW - 40 * DAY,
            Some(NOW - 40 * DAY + 2 * HOUR),
            "past",
        ),
        (
            "e_past_02",
            NOW - 10 * DAY,
            Some(NOW - 10 * DAY + 3 * HOUR),
            "past",
        ),
        ("e_past_03", NOW - 10 * DAY, None, "past"), // same start as e_past_02
        ("e_past_04", NOW - 3 * HOUR, None, "past"), // no end: 2 hours, over an hour ago
        ("e_past_05", NOW - 5 * HOUR, Some(NOW), "past"), // ends exactly now
        ("e_past_06", NOW - 2 * DAY, Some(NOW - DAY), "past"),
        ("e_on_01", NOW - HOUR, None, "ongoing"), // no end: 2 hours, still running
        ("e_on_02", NOW - 3 * DAY, Some(NOW + 2 * DAY), "ongoing"),
        ("e_on_03", NOW, Some(NOW + HOUR), "ongoing"), // starts exactly now
        ("e_up_01", NOW + 1, None, "upcoming"),
        (
            "e_up_02",
            NOW + 2 * DAY,
            Some(NOW + 2 * DAY + HOUR),
            "upcoming",
        ),
        ("e_up_03", NOW + 2 * DAY, None, "upcoming"), // same start as e_up_02
        ("e_up_04", NOW + 30 * DAY, Some(NOW + 31 * DAY), "upcoming"),
    ];
    let events: Vec<NewEvent> = specs
        .iter()
        .map(|(id, s, e, _)| event(id, *s, *e))
        .collect();
    app.insert_events(&events);
    specs
        .into_iter()
        .map(|(id, s, _, st)| (id.to_owned(), s, st))
        .collect()
}

/// The documented order: ongoing + upcoming by start ascending (ties by id), then past by
/// start descending (ties by id descending).
fn expected(rows: &[(String, i64, &str)], status: Option<&str>) -> Vec<String> {
    let mut current: Vec<_> = rows.iter().filter(|r| r.2 != "past").collect();
    current.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    let mut past: Vec<_> = rows.iter().filter(|r| r.2 == "past").collect();
    past.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
    current
        .into_iter()
        .chain(past)
        .filter(|r| status.is_none_or(|s| s == r.2))
        .map(|r| r.0.clone())
        .collect()
}

#[tokio::test]
async fn status_is_computed_from_the_time_of_the_request() {
    let app = TestApp::new();
    let rows = fixture(&app);
    let v = app.ok("/api/v1/events?limit=50").await;
    schema::assert_response("/api/v1/events", 200, "application/json", &v);
    let items = v["items"].as_array().expect("items");
    assert_eq!(items.len(), rows.len());
    for item in items {
        let id = item["id"].as_str().expect("id");
        let row = rows.iter().find(|r| r.0 == id).expect("known id");
        assert_eq!(item["status"], row.2, "{id}");
        assert_eq!(item["starts_at"], server::clock::rfc3339(row.1));
    }
    // the same data an hour and a half later
    let later = app.sibling(|c| c.fixed_now = Some(NOW + 90 * 60));
    let r = send(
        &later,
        axum::http::Request::get("/api/v1/events/e_on_01")
            .body(axum::body::Body::empty())
            .expect("req"),
    )
    .await;
    assert_eq!(r.json()["status"], "past", "2 hours without an end time");
    let r = send(
        &later,
        axum::http::Request::get("/api/v1/events/e_on_03")
            .body(axum::body::Body::empty())
            .expect("req"),
    )
    .await;
    assert_eq!(r.json()["status"], "past");
    let r = send(
        &later,
        axum::http::Request::get("/api/v1/events/e_up_01")
            .body(axum::body::Body::empty())
            .expect("req"),
    )
    .await;
    assert_eq!(r.json()["status"], "ongoing");
}

#[tokio::test]
async fn order_is_current_first_then_past_and_cursors_cross_the_boundary() {
    let app = TestApp::new();
    let rows = fixture(&app);
    let want = expected(&rows, None);
    assert_eq!(
        want[0], "e_on_02",
        "the longest-running ongoing event comes first"
    );
    assert_eq!(want[6], "e_up_04");
    assert_eq!(
        want[7], "e_past_04",
        "the most recent past event follows the last upcoming one"
    );
    assert_eq!(want.last().map(String::as_str), Some("e_past_01"));
    for limit in [1, 2, 3, 4, 8, 9, 10, 12, 13, 50] {
        let (got, pages) = app.walk(&format!("/api/v1/events?limit={limit}")).await;
        assert_eq!(got, want, "limit {limit}");
        assert_eq!(pages, rows.len().div_ceil(limit), "limit {limit}");
    }
}

#[tokio::test]
async fn each_status_filter_is_one_group_in_its_order() {
    let app = TestApp::new();
    let rows = fixture(&app);
    for status in ["upcoming", "ongoing", "past"] {
        let want = expected(&rows, Some(status));
        assert!(want.len() >= 3, "{status}");
        for limit in [1, 2, 50] {
            let (got, _) = app
                .walk(&format!("/api/v1/events?status={status}&limit={limit}"))
                .await;
            assert_eq!(got, want, "status {status}, limit {limit}");
        }
        let v = app.ok(&format!("/api/v1/events?status={status}")).await;
        for item in v["items"].as_array().expect("items") {
            assert_eq!(item["status"], status);
        }
    }
}

#[tokio::test]
async fn a_walk_keeps_the_time_it_started_with() {
    let app = TestApp::new();
    let rows = fixture(&app);
    let want = expected(&rows, None);
    // first page now; the rest three hours later (e_on_01 and e_on_03 have ended by then)
    let first = app.ok("/api/v1/events?limit=4").await;
    let mut got: Vec<String> = first["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_str().expect("id").to_owned())
        .collect();
    let later = app.sibling(|c| c.fixed_now = Some(NOW + 3 * HOUR));
    let mut cursor = first["next_cursor"].as_str().map(str::to_owned);
    while let Some(c) = cursor {
        let uri = format!("/api/v1/events?limit=4&cursor={c}");
        let r = send(
            &later,
            axum::http::Request::get(&uri)
                .body(axum::body::Body::empty())
                .expect("req"),
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.text());
        let v = r.json();
        got.extend(
            v["items"]
                .as_array()
                .expect("items")
                .iter()
                .map(|i| i["id"].as_str().expect("id").to_owned()),
        );
        cursor = v["next_cursor"].as_str().map(str::to_owned);
    }
    assert_eq!(
        got, want,
        "no event is lost or repeated when its status changes mid-walk"
    );
}

#[tokio::test]
async fn status_filter_rejects_a_cursor_of_another_group() {
    let app = TestApp::new();
    fixture(&app);
    let past = app.ok("/api/v1/events?status=past&limit=1").await;
    let c = past["next_cursor"].as_str().expect("cursor");
    let r = app
        .get(&format!("/api/v1/events?status=upcoming&cursor={c}"))
        .await;
    r.problem(400);
    assert_eq!(r.error_fields(), ["cursor"]);
    // an unfiltered cursor that is in the past group works for status=past
    let all = app.ok("/api/v1/events?limit=11").await;
    let c = all["next_cursor"].as_str().expect("cursor");
    let v = app
        .ok(&format!("/api/v1/events?status=past&cursor={c}"))
        .await;
    assert_eq!(v["items"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn event_detail_and_404() {
    let app = TestApp::new();
    let mut e = event("e_000007", NOW + DAY, Some(NOW + DAY + 2 * HOUR));
    e.cover = Some(contract::ImageRef {
        url: "/media/illustrations/meeting.svg".into(),
        alt: "会场".into(),
        width: Some(640),
        height: Some(360),
    });
    e.description = vec![
        paragraph("请代表们准时参加。"),
        contract::Block::List {
            ordered: false,
            items: vec!["带上笔记本".into()],
        },
    ];
    app.insert_events(&[e.clone()]);
    let v: Value = app.ok("/api/v1/events/e_000007").await;
    schema::assert_response("/api/v1/events/{id}", 200, "application/json", &v);
    let got: contract::Event = serde_json::from_value(v).expect("decodes");
    assert_eq!(got.summary.title, e.title);
    assert_eq!(got.summary.status, contract::EventStatus::Upcoming);
    assert_eq!(
        got.summary.ends_at,
        Some(server::clock::rfc3339(NOW + DAY + 2 * HOUR))
    );
    assert_eq!(got.summary.place, "镇代表联络站");
    assert_eq!(got.summary.organiser, "镇人大主席团");
    assert_eq!(got.summary.cover, e.cover);
    assert_eq!(got.description, e.description);
    assert_eq!((got.online, got.phone, got.lat, got.lng), (None, None, None, None));
    let list = app.ok("/api/v1/events").await;
    assert!(list["items"][0].get("description").is_none());
    assert!(app
        .ok("/api/v1/events/e_000007")
        .await
        .get("ends_at")
        .is_some());

    for id in ["e_000008", "x", "a_000001"] {
        let r = app.get(&format!("/api/v1/events/{id}")).await;
        let p = r.problem(404);
        schema::assert_response("/api/v1/events/{id}", 404, "application/problem+json", &p);
    }
    // an event without an end has no ends_at
    app.insert_events(&[event("e_000009", NOW + DAY, None)]);
    assert!(app
        .ok("/api/v1/events/e_000009")
        .await
        .get("ends_at")
        .is_none());
}

/// How to join online, the phone and the place's position are answered with the full event
/// (not in lists); a position is both coordinates or none.
#[tokio::test]
async fn an_event_tells_how_to_join_online_whom_to_call_and_where_it_is() {
    let app = TestApp::new();
    let mut e = event("e_000011", NOW + DAY, Some(NOW + DAY + 2 * HOUR));
    e.online = Some(contract::OnlineJoin {
        url: "https://live.example.org/e_000011".into(),
        label: "观看直播".into(),
    });
    e.phone = Some("0763-5551234".into());
    e.position = Some((23.7361, 112.9893));
    let mut plain = event("e_000012", NOW + DAY, None);
    plain.online = Some(contract::OnlineJoin {
        url: "/messages?status=resolved".into(),
        label: String::new(),
    });
    app.insert_events(&[e, plain]);
    let v: Value = app.ok("/api/v1/events/e_000011").await;
    schema::assert_response("/api/v1/events/{id}", 200, "application/json", &v);
    assert_eq!(v["online"]["url"], "https://live.example.org/e_000011");
    assert_eq!(v["online"]["label"], "观看直播");
    assert_eq!(v["phone"], "0763-5551234");
    assert_eq!((v["lat"].as_f64(), v["lng"].as_f64()), (Some(23.7361), Some(112.9893)));
    let list = app.ok("/api/v1/events").await;
    let listed = list["items"].as_array().expect("items");
    assert!(listed.iter().all(|i| i.get("online").is_none() && i.get("lat").is_none()));
    let v: Value = app.ok("/api/v1/events/e_000012").await;
    schema::assert_response("/api/v1/events/{id}", 200, "application/json", &v);
    assert_eq!(v["online"]["url"], "/messages?status=resolved");
    assert_eq!(v["online"]["label"], "");
    assert!(v.get("phone").is_none() && v.get("lat").is_none() && v.get("lng").is_none());
}
