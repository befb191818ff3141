//! Messages: the whole journey citizen → staff triage → deputy reply → rating → reopen;
//! every denial; every validation error; idempotent creates; rate limits; lists and
//! cursors; photos; masking of citizens in public views. Every answer is checked against
//! the contract (`api/openapi.json`).

mod common;
mod msgsupport;

use axum::http::Method;
use common::*;
use msgsupport::*;
use serde_json::{json, Value};
use server::cursor::Cursor as _;

fn status_of(m: &Value) -> &str {
    m["status"].as_str().expect("status")
}

fn timeline_kinds(m: &Value) -> Vec<String> {
    m["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .map(|e| e["kind"].as_str().expect("kind").to_owned())
        .collect()
}

#[tokio::test]
async fn the_whole_journey() {
    let (app, u) = setup();
    let photo = upload(&app, &u.wang).await;
    let mut body = new_message("村口路灯不亮", true);
    body["photo_ids"] = json!([photo]);

    // the citizen sends it
    let m = create(&app, &u.wang, "key-journey-1", &body).await;
    let id = m["id"].as_str().expect("id").to_owned();
    assert_eq!(status_of(&m), "submitted");
    assert_eq!(m["version"], 1);
    assert_eq!(m["author"]["name"], "王秀英");
    assert_eq!(m["author"]["is_you"], true);
    assert_eq!(m["recipient"]["name"], "陈志强");
    assert_eq!(m["category"]["name"], "道路交通");
    assert!(m.get("handler").is_none() && m.get("track").is_none());
    // NOW is 12:00 in Beijing: triage is due at the end of tomorrow (local)
    assert_eq!(m["deadline"], "2027-01-16T15:59:59Z");
    assert_eq!(m["overdue"], false);
    assert_eq!(m["photos"][0]["url"], format!("/media/uploads/{photo}"));
    assert_eq!(m["location"]["label"], "龙湾村村口");
    assert_eq!(m["can"]["follow_up"], true);
    assert_eq!(m["can"]["reply"], false);
    assert_eq!(timeline_kinds(&m), vec!["submitted"]);

    // it is in the author's list and the triage queue, not on the board yet
    let mine = list(&app, "/api/v1/messages/mine", Some(&u.wang)).await;
    assert_eq!(ids(&mine), vec![id.clone()]);
    assert_eq!(mine["items"][0]["photo_count"], 1);
    let queue = list(&app, "/api/v1/triage", Some(&u.huang)).await;
    assert_eq!(ids(&queue), vec![id.clone()]);
    assert!(ids(&list(&app, "/api/v1/board", None).await).is_empty());
    // the deputy does not see it before triage
    read(&app, Some(&u.chen), &id, 404).await;
    assert!(ids(&list(&app, "/api/v1/inbox", Some(&u.chen)).await).is_empty());

    // staff triage it to the deputy (fast track)
    let staff_view = read(&app, Some(&u.huang), &id, 200).await;
    assert_eq!(staff_view["can"]["triage"], true);
    assert_eq!(
        staff_view["author"]["name"], "王*",
        "citizens are masked for staff too"
    );
    let m = triage(&app, &u.huang, &m, "fast", ("deputy", CHEN)).await;
    assert_eq!(status_of(&m), "assigned");
    assert_eq!(m["version"], 2);
    assert_eq!(m["track"], "fast");
    assert_eq!(m["handler"]["id"], CHEN);
    assert_eq!(m["handler"]["name"], "陈志强");
    // triaged at 12:00 local on the 15th: due at the end of the 20th, local time
    assert_eq!(m["deadline"], "2027-01-20T15:59:59Z");
    // the triage entry (public: the decision alone), then staff's words as an internal note
    // (staff see it: this is their view)
    let timeline = m["timeline"].as_array().expect("timeline");
    let last = timeline[timeline.len() - 2].clone();
    assert_eq!(last["kind"], "triaged");
    assert_eq!(last["status"], "assigned");
    assert_eq!(last["actor"]["role"], "staff");
    assert_eq!(last["actor"]["name"], "黄丽");
    assert_eq!(last["note"], "民生小事，交由陈志强办理");
    let internal = timeline.last().expect("entry");
    assert_eq!((internal["kind"].as_str(), internal["internal"].as_bool()), (Some("internal_note"), Some(true)));
    assert_eq!(internal["note"], "请尽快核实处理");

    // the deputy sees it first in the inbox, in full
    let inbox = list(&app, "/api/v1/inbox", Some(&u.chen)).await;
    assert_eq!(ids(&inbox), vec![id.clone()]);
    let dv = read(&app, Some(&u.chen), &id, 200).await;
    assert_eq!(dv["location"]["label"], "龙湾村村口");
    assert_eq!(dv["author"]["name"], "王*");
    assert_eq!(dv["can"]["reply"], true);
    assert_eq!(dv["can"]["hand_over"], true);
    assert_eq!(
        dv["can"]["set_status"],
        json!(["accepted", "in_progress", "resolved"])
    );
    assert_eq!(dv["can"]["triage"], false);
    assert_eq!(dv["can"]["plan"], false);

    // the public now sees it on the board, masked, without location
    let board = list(&app, "/api/v1/board", None).await;
    assert_eq!(ids(&board), vec![id.clone()]);
    assert_eq!(board["items"][0]["author"]["name"], "王*");
    let pv = read(&app, None, &id, 200).await;
    assert!(pv.get("location").is_none());
    assert_eq!(pv["author"]["name"], "王*");
    assert_eq!(pv["can"], read(&app, Some(&u.li), &id, 200).await["can"]);
    assert_eq!(pv["can"]["follow_up"], false);

    // accepted, then a reply
    let m = act(
        &app,
        Some(&u.chen),
        &id,
        "status",
        None,
        &json!({"version": 2, "status": "accepted"}),
        200,
    )
    .await;
    assert_eq!(status_of(&m), "accepted");
    assert_eq!(m["version"], 3);
    let reply = json!({"body": "已联系村委会，本周内安装两盏太阳能路灯。"});
    let m = act(
        &app,
        Some(&u.chen),
        &id,
        "replies",
        Some("reply-1"),
        &reply,
        201,
    )
    .await;
    assert_eq!(status_of(&m), "replied");
    assert_eq!(m["version"], 4);
    assert_eq!(m["replies"][0]["from"]["name"], "陈志强");
    assert_eq!(m["replies"][0]["from"]["role"], "deputy");
    assert_eq!(m["replies"][0]["from"]["is_you"], true);
    assert_eq!(m["overdue"], false);

    // the citizen sees the reply and the timeline; follows up
    let cv = read(&app, Some(&u.wang), &id, 200).await;
    assert_eq!(cv["replies"][0]["body"], reply["body"]);
    assert_eq!(cv["replies"][0]["from"]["is_you"], false);
    assert_eq!(
        timeline_kinds(&cv),
        vec!["submitted", "triaged", "status_changed", "replied"]
    );
    assert_eq!(cv["can"]["rate"], false);
    let m = act(
        &app,
        Some(&u.wang),
        &id,
        "follow-ups",
        Some("fu-1"),
        &json!({"body": "谢谢，请问具体哪天安装？"}),
        201,
    )
    .await;
    assert_eq!(m["replies"][1]["from"]["name"], "王秀英");
    assert_eq!(m["replies"][1]["from"]["is_you"], true);
    assert_eq!(m["replies"].as_array().expect("replies").len(), 2);
    assert_eq!(m["version"], 5);

    // resolved by the deputy; the citizen rates it: closed
    let m = act(
        &app,
        Some(&u.chen),
        &id,
        "status",
        None,
        &json!({"version": 5, "status": "resolved", "note": "路灯已安装"}),
        200,
    )
    .await;
    assert_eq!(status_of(&m), "resolved");
    let cv = read(&app, Some(&u.wang), &id, 200).await;
    assert_eq!(cv["can"]["rate"], true);
    let m = act(
        &app,
        Some(&u.wang),
        &id,
        "rating",
        None,
        &json!({"stars": 5, "comment": "办得很快"}),
        200,
    )
    .await;
    assert_eq!(status_of(&m), "closed");
    assert_eq!(m["rating"]["stars"], 5);
    assert_eq!(m["rating"]["comment"], "办得很快");
    assert_eq!(m["closed_at"], server::clock::rfc3339(NOW));
    assert_eq!(m["reopen_until"], server::clock::rfc3339(NOW + 7 * DAY));
    assert_eq!(m["can"]["reopen"], true);
    assert_eq!(m["can"]["rate"], false);
    assert_eq!(m["can"]["follow_up"], false);
    // rating twice: 409
    act(
        &app,
        Some(&u.wang),
        &id,
        "rating",
        None,
        &json!({"stars": 4}),
        409,
    )
    .await;

    // reopened two days later: back to triage with a new triage deadline
    app.state.set_now(NOW + 2 * DAY);
    let m = act(
        &app,
        Some(&u.wang),
        &id,
        "reopen",
        None,
        &json!({"reason": "路灯又不亮了"}),
        200,
    )
    .await;
    assert_eq!(status_of(&m), "reopened");
    assert_eq!(m["deadline"], "2027-01-18T15:59:59Z");
    assert!(m.get("closed_at").is_none());
    assert_eq!(m["rating"]["stars"], 5, "the earlier rating stays visible");
    assert_eq!(m["can"]["rate"], false);
    let queue = list(&app, "/api/v1/triage", Some(&u.huang)).await;
    assert_eq!(ids(&queue), vec![id.clone()]);
    // it waits for triage, not in the old handler's inbox (who still sees it)
    assert!(ids(&list(&app, "/api/v1/inbox", Some(&u.chen)).await).is_empty());
    assert_eq!(
        read(&app, Some(&u.chen), &id, 200).await["status"],
        "reopened"
    );
    // still on the board (it was triaged before)
    assert_eq!(
        ids(&list(&app, "/api/v1/board", None).await),
        vec![id.clone()]
    );
    // the handler cannot reply until it is triaged again
    act(
        &app,
        Some(&u.chen),
        &id,
        "replies",
        Some("reply-2"),
        &json!({"body": "再看看"}),
        409,
    )
    .await;
    let m = triage(&app, &u.huang, &m, "major", ("deputy", CHEN)).await;
    assert_eq!(status_of(&m), "assigned");
    assert_eq!(m["deadline"], "2027-02-16T15:59:59Z");
    // a new round: rating is possible again once resolved
    let m = act(
        &app,
        Some(&u.chen),
        &id,
        "status",
        None,
        &json!({"version": m["version"], "status": "resolved"}),
        200,
    )
    .await;
    let cv = read(&app, Some(&u.wang), &id, 200).await;
    assert_eq!(cv["can"]["rate"], true);
    assert_eq!(cv["version"], m["version"]);
    assert_eq!(
        timeline_kinds(&cv),
        vec![
            "submitted",
            "triaged",
            "status_changed",
            "replied",
            "follow_up",
            "status_changed",
            "rated",
            "reopened",
            "triaged",
            "status_changed"
        ]
    );
}

#[tokio::test]
async fn anonymous_writes_are_401() {
    let (app, u) = setup();
    let m = create(&app, &u.wang, "k1", &new_message("村口路灯不亮", true)).await;
    let id = m["id"].as_str().expect("id");
    let r = post(
        &app,
        "/api/v1/messages",
        None,
        Some("k2"),
        &new_message("又一条留言", true),
    )
    .await;
    checked(&r, "post", "/api/v1/messages", 401);
    for (action, key) in [
        ("triage", None),
        ("replies", Some("k3")),
        ("follow-ups", Some("k4")),
        ("status", None),
        ("plan", None),
        ("hand-over", None),
        ("rating", None),
        ("reopen", None),
    ] {
        act(&app, None, id, action, key, &json!({"version": 1}), 401).await;
    }
    act(
        &app,
        None,
        id,
        "plan/s_000001/done",
        None,
        &json!({"version": 1}),
        401,
    )
    .await;
    for uri in ["/api/v1/messages/mine", "/api/v1/inbox", "/api/v1/triage"] {
        checked(&get(&app, uri, None).await, "get", uri, 401);
    }
    // a bad token is a 401 even where sign-in is optional
    let r = get(&app, &format!("/api/v1/messages/{id}"), Some("not-a-token")).await;
    r.problem(401);
}

#[tokio::test]
async fn who_may_read_what() {
    let (app, u) = setup();
    let private = create(&app, &u.wang, "p", &new_message("私密留言一条", false)).await;
    let public = create(&app, &u.wang, "q", &new_message("公开留言一条", true)).await;
    let pid = private["id"].as_str().expect("id");
    let qid = public["id"].as_str().expect("id");

    // another citizen, another deputy, anonymous: nothing before triage
    for token in [
        Some(u.li.as_str()),
        Some(u.he.as_str()),
        Some(u.chen.as_str()),
        None,
    ] {
        read(&app, token, pid, 404).await;
        read(&app, token, qid, 404).await;
    }
    // staff see everything
    read(&app, Some(&u.huang), pid, 200).await;
    let private = triage(&app, &u.huang, &private, "fast", ("deputy", CHEN)).await;
    assert_eq!(private["version"], 2);
    triage(&app, &u.huang, &public, "fast", ("deputy", CHEN)).await;

    // after triage: private stays hidden from others, public is visible (masked)
    read(&app, Some(&u.li), pid, 404).await;
    read(&app, Some(&u.he), pid, 404).await;
    read(&app, None, pid, 404).await;
    let by_handler = read(&app, Some(&u.chen), pid, 200).await;
    assert_eq!(by_handler["location"]["label"], "龙湾村村口");
    let by_other = read(&app, Some(&u.li), qid, 200).await;
    assert!(by_other.get("location").is_none());
    assert_eq!(by_other["author"]["is_you"], false);
    assert_eq!(
        by_other["can"],
        json!({"triage": false, "reply": false, "set_status": [], "plan": false, "hand_over": false, "follow_up": false, "rate": false, "reopen": false, "note": false})
    );
    let by_other_deputy = read(&app, Some(&u.he), qid, 200).await;
    assert!(by_other_deputy.get("location").is_none());

    // lists: mine is only mine; inbox only the deputy's own; impossible ids are 404
    assert!(ids(&list(&app, "/api/v1/messages/mine", Some(&u.li)).await).is_empty());
    assert_eq!(
        ids(&list(&app, "/api/v1/inbox", Some(&u.chen)).await).len(),
        2
    );
    assert!(ids(&list(&app, "/api/v1/inbox", Some(&u.he)).await).is_empty());
    read(&app, Some(&u.huang), "m_999999", 404).await;
    read(&app, Some(&u.huang), "no%20such", 404).await;
}

#[tokio::test]
async fn every_denial() {
    let (app, u) = setup();
    let private = create(&app, &u.wang, "p", &new_message("私密留言一条", false)).await;
    let public = create(&app, &u.wang, "q", &new_message("公开留言一条", true)).await;
    let pid = private["id"].as_str().expect("id").to_owned();
    let qid = public["id"].as_str().expect("id").to_owned();
    let triage_body = json!({"version": 1, "track": "fast", "category_id": "mc_traffic", "handler": {"kind": "deputy", "id": CHEN}});

    // only staff triage; only staff see the queue; the inbox is for deputies and staff
    act(&app, Some(&u.wang), &pid, "triage", None, &triage_body, 403).await;
    act(&app, Some(&u.chen), &qid, "triage", None, &triage_body, 404).await;
    for token in [&u.wang, &u.chen] {
        checked(
            &get(&app, "/api/v1/triage", Some(token)).await,
            "get",
            "/api/v1/triage",
            403,
        );
    }
    checked(
        &get(&app, "/api/v1/inbox", Some(&u.li)).await,
        "get",
        "/api/v1/inbox",
        403,
    );

    let private = triage(&app, &u.huang, &private, "fast", ("deputy", CHEN)).await;
    assert_eq!(private["handler"]["id"], CHEN);
    let public = triage(&app, &u.huang, &public, "major", ("deputy", CHEN)).await;
    // triaging again: 409 (not waiting for triage)
    act(&app, Some(&u.huang), &pid, "triage", None, &json!({"version": 2, "track": "fast", "category_id": "mc_traffic", "handler": {"kind": "deputy", "id": HE}}), 409).await;

    // a deputy replying to a message not assigned to them: 404 when private, 403 when public
    let reply = json!({"body": "我来答复"});
    act(
        &app,
        Some(&u.he),
        &pid,
        "replies",
        Some("he-1"),
        &reply,
        404,
    )
    .await;
    act(
        &app,
        Some(&u.he),
        &qid,
        "replies",
        Some("he-2"),
        &reply,
        403,
    )
    .await;
    act(
        &app,
        Some(&u.he),
        &qid,
        "status",
        None,
        &json!({"version": 2, "status": "accepted"}),
        403,
    )
    .await;
    act(
        &app,
        Some(&u.he),
        &qid,
        "plan",
        None,
        &json!({"version": 2, "title": "现场调查", "due_at": "2027-01-20T00:00:00Z"}),
        403,
    )
    .await;
    act(
        &app,
        Some(&u.he),
        &qid,
        "hand-over",
        None,
        &json!({"version": 2, "department_id": "dept_build", "note": "不归我管"}),
        403,
    )
    .await;
    // another citizen on a public message
    act(
        &app,
        Some(&u.li),
        &qid,
        "replies",
        Some("li-1"),
        &reply,
        403,
    )
    .await;
    act(
        &app,
        Some(&u.li),
        &qid,
        "follow-ups",
        Some("li-2"),
        &reply,
        403,
    )
    .await;
    act(
        &app,
        Some(&u.li),
        &qid,
        "rating",
        None,
        &json!({"stars": 1}),
        403,
    )
    .await;
    act(
        &app,
        Some(&u.li),
        &qid,
        "reopen",
        None,
        &json!({"reason": "我也有意见"}),
        403,
    )
    .await;
    act(
        &app,
        Some(&u.li),
        &pid,
        "follow-ups",
        Some("li-3"),
        &reply,
        404,
    )
    .await;
    // the author cannot handle their own message
    act(
        &app,
        Some(&u.wang),
        &pid,
        "replies",
        Some("w-1"),
        &reply,
        403,
    )
    .await;
    act(
        &app,
        Some(&u.wang),
        &pid,
        "status",
        None,
        &json!({"version": 2, "status": "resolved"}),
        403,
    )
    .await;
    act(
        &app,
        Some(&u.wang),
        &pid,
        "hand-over",
        None,
        &json!({"version": 2, "department_id": "dept_build", "note": "转给部门"}),
        403,
    )
    .await;
    // the handler cannot follow up, rate or reopen
    act(
        &app,
        Some(&u.chen),
        &pid,
        "follow-ups",
        Some("c-1"),
        &reply,
        403,
    )
    .await;
    act(
        &app,
        Some(&u.chen),
        &pid,
        "rating",
        None,
        &json!({"stars": 5}),
        403,
    )
    .await;
    act(
        &app,
        Some(&u.chen),
        &pid,
        "reopen",
        None,
        &json!({"reason": "重新办理"}),
        403,
    )
    .await;
    // staff cannot follow up either
    act(
        &app,
        Some(&u.huang),
        &pid,
        "follow-ups",
        Some("h-1"),
        &reply,
        403,
    )
    .await;

    // state conflicts: 409
    act(
        &app,
        Some(&u.chen),
        &pid,
        "plan",
        None,
        &json!({"version": 2, "title": "现场调查", "due_at": "2027-01-20T00:00:00Z"}),
        409,
    )
    .await; // fast track
    act(
        &app,
        Some(&u.chen),
        &pid,
        "status",
        None,
        &json!({"version": 2, "status": "closed"}),
        409,
    )
    .await; // staff only
    act(
        &app,
        Some(&u.wang),
        &pid,
        "rating",
        None,
        &json!({"stars": 5}),
        409,
    )
    .await; // not resolved
    act(
        &app,
        Some(&u.wang),
        &pid,
        "reopen",
        None,
        &json!({"reason": "重新办理"}),
        409,
    )
    .await; // not closed
    let closed = act(
        &app,
        Some(&u.huang),
        &pid,
        "status",
        None,
        &json!({"version": 2, "status": "closed"}),
        200,
    )
    .await;
    assert_eq!(closed["status"], "closed");
    act(
        &app,
        Some(&u.chen),
        &pid,
        "replies",
        Some("c-2"),
        &reply,
        409,
    )
    .await;
    act(
        &app,
        Some(&u.wang),
        &pid,
        "follow-ups",
        Some("w-2"),
        &reply,
        409,
    )
    .await;
    act(
        &app,
        Some(&u.chen),
        &pid,
        "status",
        None,
        &json!({"version": 3, "status": "in_progress"}),
        409,
    )
    .await;
    act(
        &app,
        Some(&u.chen),
        &pid,
        "hand-over",
        None,
        &json!({"version": 3, "department_id": "dept_build", "note": "转给部门"}),
        409,
    )
    .await;
    // a stale version: 409
    act(
        &app,
        Some(&u.chen),
        &qid,
        "status",
        None,
        &json!({"version": 1, "status": "accepted"}),
        409,
    )
    .await;
    assert_eq!(public["version"], 2);
    // an unknown plan step: 404
    act(
        &app,
        Some(&u.chen),
        &qid,
        "plan/s_424242/done",
        None,
        &json!({"version": 2}),
        404,
    )
    .await;
}

#[tokio::test]
async fn every_validation_error_of_a_new_message() {
    let (app, u) = setup();
    let uri = "/api/v1/messages";
    let bad = |r: &common::Reply| checked(r, "post", uri, 400);

    // no key
    let r = post(
        &app,
        uri,
        Some(&u.wang),
        None,
        &new_message("村口路灯不亮", true),
    )
    .await;
    assert_eq!(
        field_codes(&bad(&r)),
        vec![("Idempotency-Key".into(), "required".into())]
    );
    let long_key = "k".repeat(101);
    let r = post(
        &app,
        uri,
        Some(&u.wang),
        Some(&long_key),
        &new_message("村口路灯不亮", true),
    )
    .await;
    assert_eq!(
        field_codes(&bad(&r)),
        vec![("Idempotency-Key".into(), "too_long".into())]
    );
    // not JSON, not an object
    let r = send_req(&app, Method::POST, uri, Some(&u.wang), Some("k"), None).await;
    bad(&r);
    let r = post(&app, uri, Some(&u.wang), Some("k"), &json!([1, 2])).await;
    bad(&r);

    // everything missing: all required fields at once
    let r = post(&app, uri, Some(&u.wang), Some("k"), &json!({})).await;
    assert_eq!(
        field_codes(&bad(&r)),
        vec![
            ("recipient".into(), "required".into()),
            ("category_id".into(), "required".into()),
            ("title".into(), "required".into()),
            ("body".into(), "required".into()),
        ]
    );

    let cases: Vec<(Value, &str, &str)> = vec![
        (json!({"title": "短"}), "title", "too_short"),
        (json!({"title": "长".repeat(41)}), "title", "too_long"),
        (json!({"title": "   "}), "title", "required"),
        (json!({"title": 42}), "title", "invalid"),
        (json!({"body": "太短了"}), "body", "too_short"),
        (json!({"body": "长".repeat(1001)}), "body", "too_long"),
        (
            json!({"recipient": {"kind": "deputy", "id": "dp_nobody"}}),
            "recipient",
            "invalid",
        ),
        (
            json!({"recipient": {"kind": "mayor", "id": CHEN}}),
            "recipient",
            "invalid",
        ),
        (json!({"recipient": "dp_lw01"}), "recipient", "invalid"),
        (
            json!({"recipient": {"kind": "department", "id": "dept_nowhere"}}),
            "recipient",
            "invalid",
        ),
        (
            json!({"category_id": "mc_nothing"}),
            "category_id",
            "invalid",
        ),
        (json!({"category_id": ""}), "category_id", "required"),
        (
            json!({"photo_ids": ["a", "b", "c", "d", "e"]}),
            "photo_ids",
            "too_long",
        ),
        (json!({"photo_ids": ["not an id"]}), "photo_ids", "invalid"),
        (json!({"photo_ids": "abc"}), "photo_ids", "invalid"),
        (
            json!({"photo_ids": ["0123456789abcdef0123456789abcdef"]}),
            "photo_ids",
            "invalid",
        ),
        (
            json!({"location": {"label": "村口", "lat": 91.0, "lng": 113.0}}),
            "location",
            "out_of_range",
        ),
        (
            json!({"location": {"label": "村口", "lat": 23.0}}),
            "location",
            "invalid",
        ),
        (json!({"location": {"label": ""}}), "location", "required"),
        (
            json!({"location": {"label": "长".repeat(101)}}),
            "location",
            "too_long",
        ),
        (json!({"location": "村口"}), "location", "invalid"),
        (json!({"public": "yes"}), "public", "invalid"),
    ];
    for (i, (patch, field, code)) in cases.into_iter().enumerate() {
        let mut body = new_message("村口路灯不亮", true);
        for (k, v) in patch.as_object().expect("object") {
            body[k] = v.clone();
        }
        let r = post(&app, uri, Some(&u.wang), Some(&format!("v-{i}")), &body).await;
        let v = bad(&r);
        assert_eq!(
            field_codes(&v),
            vec![(field.to_owned(), code.to_owned())],
            "case {i}: {patch}"
        );
    }
    // nothing was created
    assert!(ids(&list(&app, "/api/v1/messages/mine", Some(&u.wang)).await).is_empty());
}

#[tokio::test]
async fn photos_are_the_callers_own_fresh_unattached_uploads() {
    let (app, u) = setup();
    let mine = upload(&app, &u.wang).await;
    let theirs = upload(&app, &u.li).await;
    let uri = "/api/v1/messages";

    let mut body = new_message("照片测试留言", false);
    body["photo_ids"] = json!([theirs]);
    let r = post(&app, uri, Some(&u.wang), Some("a"), &body).await;
    assert_eq!(
        field_codes(&checked(&r, "post", uri, 400)),
        vec![("photo_ids".into(), "invalid".into())]
    );
    body["photo_ids"] = json!([mine, mine]);
    let r = post(&app, uri, Some(&u.wang), Some("b"), &body).await;
    checked(&r, "post", uri, 400);

    body["photo_ids"] = json!([mine]);
    let m = create(&app, &u.wang, "c", &body).await;
    assert_eq!(m["photos"].as_array().expect("photos").len(), 1);
    assert_eq!(m["photos"][0]["url"], format!("/media/uploads/{mine}"));
    // used once only
    let r = post(&app, uri, Some(&u.wang), Some("d"), &body).await;
    checked(&r, "post", uri, 400);

    // older than 24 hours: no longer attachable
    let old = upload(&app, &u.wang).await;
    app.state.set_now(NOW + DAY + 1);
    body["photo_ids"] = json!([old]);
    let r = post(&app, uri, Some(&u.wang), Some("e"), &body).await;
    checked(&r, "post", uri, 400);
    // exactly 24 hours is still fine
    app.state.set_now(NOW);
    let fresh = upload(&app, &u.wang).await;
    app.state.set_now(NOW + DAY);
    body["photo_ids"] = json!([fresh]);
    create(&app, &u.wang, "f", &body).await;

    // four photos are fine
    let mut four = Vec::new();
    for _ in 0..4 {
        four.push(upload(&app, &u.wang).await);
    }
    body["photo_ids"] = json!(four);
    let m = create(&app, &u.wang, "g", &body).await;
    assert_eq!(m["photos"].as_array().expect("photos").len(), 4);
    let listed = list(&app, "/api/v1/messages/mine?limit=1", Some(&u.wang)).await;
    assert_eq!(listed["items"][0]["photo_count"], 4);
}

#[tokio::test]
async fn validation_of_the_handling_requests() {
    let (app, u) = setup();
    let m = create(&app, &u.wang, "k", &new_message("村口路灯不亮", true)).await;
    let id = m["id"].as_str().expect("id").to_owned();

    let expect = |v: &Value, want: &[(&str, &str)]| {
        let got = field_codes(v);
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(f, c)| ((*f).into(), (*c).into()))
            .collect();
        assert_eq!(got, want);
    };

    // triage
    let v = act(&app, Some(&u.huang), &id, "triage", None, &json!({}), 400).await;
    expect(
        &v,
        &[
            ("version", "required"),
            ("track", "required"),
            ("category_id", "required"),
            ("handler", "required"),
        ],
    );
    let v = act(&app, Some(&u.huang), &id, "triage", None, &json!({"version": 0, "track": "slow", "category_id": "mc_x", "handler": {"kind": "deputy", "id": "dp_nobody"}, "note": "长".repeat(201)}), 400).await;
    expect(
        &v,
        &[
            ("version", "invalid"),
            ("track", "invalid"),
            ("note", "too_long"),
            ("category_id", "invalid"),
            ("handler", "invalid"),
        ],
    );
    // a stale version (valid fields): 409
    act(&app, Some(&u.huang), &id, "triage", None, &json!({"version": 7, "track": "fast", "category_id": "mc_traffic", "handler": {"kind": "department", "id": "dept_build"}}), 409).await;
    let m = triage(&app, &u.huang, &m, "major", ("deputy", CHEN)).await;
    assert_eq!(m["version"], 2);

    // replies and follow-ups
    let v = act(
        &app,
        Some(&u.chen),
        &id,
        "replies",
        Some("r1"),
        &json!({"body": " "}),
        400,
    )
    .await;
    expect(&v, &[("body", "required")]);
    let v = act(
        &app,
        Some(&u.chen),
        &id,
        "replies",
        Some("r2"),
        &json!({"body": "长".repeat(1001)}),
        400,
    )
    .await;
    expect(&v, &[("body", "too_long")]);
    let v = act(
        &app,
        Some(&u.chen),
        &id,
        "replies",
        None,
        &json!({"body": "好的"}),
        400,
    )
    .await;
    expect(&v, &[("Idempotency-Key", "required")]);
    let v = act(
        &app,
        Some(&u.wang),
        &id,
        "follow-ups",
        Some("f1"),
        &json!({}),
        400,
    )
    .await;
    expect(&v, &[("body", "required")]);

    // status
    let v = act(
        &app,
        Some(&u.chen),
        &id,
        "status",
        None,
        &json!({"version": 2, "status": "done"}),
        400,
    )
    .await;
    expect(&v, &[("status", "invalid")]);
    let v = act(
        &app,
        Some(&u.chen),
        &id,
        "status",
        None,
        &json!({"status": "accepted", "note": "长".repeat(201)}),
        400,
    )
    .await;
    expect(&v, &[("version", "required"), ("note", "too_long")]);

    // plan steps
    let v = act(
        &app,
        Some(&u.chen),
        &id,
        "plan",
        None,
        &json!({"version": 2, "title": "查", "due_at": "2027-01-10T00:00:00Z"}),
        400,
    )
    .await;
    expect(&v, &[("title", "too_short"), ("due_at", "out_of_range")]);
    let v = act(
        &app,
        Some(&u.chen),
        &id,
        "plan",
        None,
        &json!({"version": 2, "title": "长".repeat(61), "due_at": "下周"}),
        400,
    )
    .await;
    expect(&v, &[("title", "too_long"), ("due_at", "invalid")]);
    let v = act(
        &app,
        Some(&u.chen),
        &id,
        "plan",
        None,
        &json!({"version": 2}),
        400,
    )
    .await;
    expect(&v, &[("title", "required"), ("due_at", "required")]);

    // hand-over
    let v = act(
        &app,
        Some(&u.chen),
        &id,
        "hand-over",
        None,
        &json!({"version": 2}),
        400,
    )
    .await;
    expect(&v, &[("department_id", "required"), ("note", "required")]);
    let v = act(
        &app,
        Some(&u.chen),
        &id,
        "hand-over",
        None,
        &json!({"version": 2, "department_id": "dept_nowhere", "note": "转"}),
        400,
    )
    .await;
    expect(&v, &[("note", "too_short"), ("department_id", "invalid")]);
    let v = act(
        &app,
        Some(&u.chen),
        &id,
        "hand-over",
        None,
        &json!({"version": 2, "department_id": "dept_build", "note": "长".repeat(201)}),
        400,
    )
    .await;
    expect(&v, &[("note", "too_long")]);

    // rating and reopen (author)
    let m = act(
        &app,
        Some(&u.chen),
        &id,
        "status",
        None,
        &json!({"version": 2, "status": "resolved"}),
        200,
    )
    .await;
    assert_eq!(m["version"], 3);
    for (stars, code) in [
        (json!(0), "out_of_range"),
        (json!(6), "out_of_range"),
        (json!(4.5), "out_of_range"),
        (json!("5"), "invalid"),
        (Value::Null, "required"),
    ] {
        let v = act(
            &app,
            Some(&u.wang),
            &id,
            "rating",
            None,
            &json!({"stars": stars}),
            400,
        )
        .await;
        expect(&v, &[("stars", code)]);
    }
    let v = act(
        &app,
        Some(&u.wang),
        &id,
        "rating",
        None,
        &json!({"stars": 3, "comment": "长".repeat(201)}),
        400,
    )
    .await;
    expect(&v, &[("comment", "too_long")]);
    act(
        &app,
        Some(&u.wang),
        &id,
        "rating",
        None,
        &json!({"stars": 3}),
        200,
    )
    .await;
    let v = act(
        &app,
        Some(&u.wang),
        &id,
        "reopen",
        None,
        &json!({"reason": "不"}),
        400,
    )
    .await;
    expect(&v, &[("reason", "too_short")]);
    let v = act(&app, Some(&u.wang), &id, "reopen", None, &json!({}), 400).await;
    expect(&v, &[("reason", "required")]);
    let v = act(
        &app,
        Some(&u.wang),
        &id,
        "reopen",
        None,
        &json!({"reason": "长".repeat(201)}),
        400,
    )
    .await;
    expect(&v, &[("reason", "too_long")]);
}

/// `--bench-fresh-keys` (load benchmarks): the key `fresh` is a new key at each request, so
/// each creates; without the option it is a key like any other (the first answer again).
#[tokio::test]
async fn a_benchmark_s_fresh_key_creates_each_time() {
    let (app, u) = setup_with(TestApp::with_config(|c| c.bench_fresh_keys = true));
    let body = new_message("村口路灯不亮", true);
    let first = create(&app, &u.wang, server::FRESH_KEY, &body).await;
    let second = create(&app, &u.wang, server::FRESH_KEY, &body).await;
    assert_ne!(first["id"], second["id"]);
    assert_eq!(ids(&list(&app, "/api/v1/messages/mine", Some(&u.wang)).await).len(), 2);

    let (app, u) = setup();
    let first = create(&app, &u.wang, server::FRESH_KEY, &body).await;
    assert_eq!(create(&app, &u.wang, server::FRESH_KEY, &body).await, first);
}

#[tokio::test]
async fn idempotent_creates() {
    let (app, u) = setup();
    let body = new_message("村口路灯不亮", true);
    let r1 = post(
        &app,
        "/api/v1/messages",
        Some(&u.wang),
        Some("draft-1"),
        &body,
    )
    .await;
    let first = checked(&r1, "post", "/api/v1/messages", 201);
    let id = first["id"].as_str().expect("id").to_owned();
    assert_eq!(
        r1.header("location"),
        Some(format!("/api/v1/messages/{id}").as_str())
    );
    // a retry: the same answer, no second message
    let r2 = post(
        &app,
        "/api/v1/messages",
        Some(&u.wang),
        Some("draft-1"),
        &body,
    )
    .await;
    let again = checked(&r2, "post", "/api/v1/messages", 201);
    assert_eq!(again, first);
    assert_eq!(r2.body, r1.body);
    // even after the message changed
    triage(&app, &u.huang, &first, "fast", ("deputy", CHEN)).await;
    let r3 = post(
        &app,
        "/api/v1/messages",
        Some(&u.wang),
        Some("draft-1"),
        &body,
    )
    .await;
    assert_eq!(checked(&r3, "post", "/api/v1/messages", 201), first);
    // the same key with another body: 409
    let other = new_message("另一条不同的留言", true);
    let r = post(
        &app,
        "/api/v1/messages",
        Some(&u.wang),
        Some("draft-1"),
        &other,
    )
    .await;
    checked(&r, "post", "/api/v1/messages", 409);
    // keys are per user: another user may use the same key
    let theirs = create(&app, &u.li, "draft-1", &body).await;
    assert_ne!(theirs["id"], first["id"]);
    assert_eq!(
        ids(&list(&app, "/api/v1/messages/mine", Some(&u.wang)).await),
        vec![id.clone()]
    );
    // kept for 24 hours
    app.state.set_now(NOW + DAY);
    let r = post(
        &app,
        "/api/v1/messages",
        Some(&u.wang),
        Some("draft-1"),
        &body,
    )
    .await;
    assert_eq!(
        checked(&r, "post", "/api/v1/messages", 201)["id"],
        first["id"]
    );

    // replies and follow-ups too
    app.state.set_now(NOW);
    let reply = json!({"body": "已安排人员现场查看。"});
    let a = act(
        &app,
        Some(&u.chen),
        &id,
        "replies",
        Some("rep-1"),
        &reply,
        201,
    )
    .await;
    let b = act(
        &app,
        Some(&u.chen),
        &id,
        "replies",
        Some("rep-1"),
        &reply,
        201,
    )
    .await;
    assert_eq!(a, b);
    act(
        &app,
        Some(&u.chen),
        &id,
        "replies",
        Some("rep-1"),
        &json!({"body": "另一条答复"}),
        409,
    )
    .await;
    let fu = json!({"body": "请问什么时候来？"});
    let a = act(
        &app,
        Some(&u.wang),
        &id,
        "follow-ups",
        Some("fu-1"),
        &fu,
        201,
    )
    .await;
    let b = act(
        &app,
        Some(&u.wang),
        &id,
        "follow-ups",
        Some("fu-1"),
        &fu,
        201,
    )
    .await;
    assert_eq!(a, b);
    // a key used on one message cannot be used on another path
    act(
        &app,
        Some(&u.wang),
        &id,
        "follow-ups",
        Some("draft-1"),
        &fu,
        409,
    )
    .await;
    let m = read(&app, Some(&u.wang), &id, 200).await;
    assert_eq!(m["replies"].as_array().expect("replies").len(), 2);
}

#[tokio::test]
async fn concurrent_requests_with_one_key_create_one_message() {
    let (app, u) = setup();
    let body = new_message("双击发送测试", true);
    let (a, b, c) = tokio::join!(
        post(
            &app,
            "/api/v1/messages",
            Some(&u.wang),
            Some("double-tap"),
            &body
        ),
        post(
            &app,
            "/api/v1/messages",
            Some(&u.wang),
            Some("double-tap"),
            &body
        ),
        post(
            &app,
            "/api/v1/messages",
            Some(&u.wang),
            Some("double-tap"),
            &body
        ),
    );
    let a = checked(&a, "post", "/api/v1/messages", 201);
    let b = checked(&b, "post", "/api/v1/messages", 201);
    let c = checked(&c, "post", "/api/v1/messages", 201);
    assert_eq!(a["id"], b["id"]);
    assert_eq!(a["id"], c["id"]);
    assert_eq!(
        ids(&list(&app, "/api/v1/messages/mine", Some(&u.wang)).await).len(),
        1
    );
    // spawned on the runtime's threads too
    let router = app.router.clone();
    let token = u.li.clone();
    let mut tasks = Vec::new();
    for _ in 0..4 {
        let router = router.clone();
        let token = token.clone();
        let body = body.clone();
        tasks.push(tokio::spawn(async move {
            let req = axum::http::Request::post("/api/v1/messages")
                .header("authorization", format!("Bearer {token}"))
                .header("idempotency-key", "same")
                .header("content-type", "application/json")
                .body(axum::body::Body::from(body.to_string()))
                .expect("request");
            common::send(&router, req).await
        }));
    }
    let mut seen = Vec::new();
    for t in tasks {
        let r = t.await.expect("task");
        seen.push(checked(&r, "post", "/api/v1/messages", 201)["id"].clone());
    }
    assert!(seen.windows(2).all(|w| w[0] == w[1]));
    assert_eq!(
        ids(&list(&app, "/api/v1/messages/mine", Some(&u.li)).await).len(),
        1
    );
}

#[tokio::test]
async fn rate_limits_answer_429_with_retry_after() {
    let (app, u) = setup();
    for i in 0..10 {
        app.state.set_now(NOW + i * 60);
        create(
            &app,
            &u.wang,
            &format!("rl-{i}"),
            &new_message(&format!("第{i}条留言内容"), false),
        )
        .await;
    }
    app.state.set_now(NOW + 10 * 60);
    let r = post(
        &app,
        "/api/v1/messages",
        Some(&u.wang),
        Some("rl-10"),
        &new_message("第十一条留言", false),
    )
    .await;
    checked(&r, "post", "/api/v1/messages", 429);
    // the oldest leaves the hour window at NOW + 3600
    assert_eq!(r.header("retry-after"), Some("3000"));
    // a retry of an earlier request is not a new message: still answered
    let again = post(
        &app,
        "/api/v1/messages",
        Some(&u.wang),
        Some("rl-3"),
        &new_message("第3条留言内容", false),
    )
    .await;
    checked(&again, "post", "/api/v1/messages", 201);
    // other users are not affected
    create(&app, &u.li, "rl-li", &new_message("李建国的留言", false)).await;
    // an hour after the first, one more
    app.state.set_now(NOW + 3600);
    create(
        &app,
        &u.wang,
        "rl-11",
        &new_message("一小时后的留言", false),
    )
    .await;

    // follow-ups: 30 per hour
    let m = create(&app, &u.li, "fu-base", &new_message("追问测试留言", false)).await;
    let id = m["id"].as_str().expect("id");
    for i in 0..30 {
        act(
            &app,
            Some(&u.li),
            id,
            "follow-ups",
            Some(&format!("fu-{i}")),
            &json!({"body": format!("补充说明{i}")}),
            201,
        )
        .await;
    }
    let uri = format!("/api/v1/messages/{id}/follow-ups");
    let r = post(
        &app,
        &uri,
        Some(&u.li),
        Some("fu-30"),
        &json!({"body": "再补充"}),
    )
    .await;
    checked(&r, "post", &uri, 429);
    assert!(r
        .header("retry-after")
        .is_some_and(|s| s.parse::<u64>().is_ok_and(|n| n >= 1)));
}

#[tokio::test]
async fn lists_filters_and_cursors() {
    let (app, u) = setup();
    let mut made = Vec::new();
    for i in 0..7 {
        app.state.set_now(NOW + i * HOUR);
        let m = create(
            &app,
            &u.wang,
            &format!("l-{i}"),
            &new_message(&format!("列表测试{i}号"), i % 2 == 0),
        )
        .await;
        made.push(m);
    }
    app.state.set_now(NOW + 8 * HOUR);
    // mine: most recently updated first, over pages of 3
    let (walked, pages) = walk_signed_in(&app, "/api/v1/messages/mine?limit=3", &u.wang).await;
    let expected: Vec<String> = made
        .iter()
        .rev()
        .map(|m| m["id"].as_str().expect("id").to_owned())
        .collect();
    assert_eq!(walked, expected);
    assert_eq!(pages, 3);
    // triaging the oldest moves it to the front of "mine"
    triage(&app, &u.huang, &made[0], "fast", ("deputy", CHEN)).await;
    let first = list(&app, "/api/v1/messages/mine?limit=1", Some(&u.wang)).await;
    assert_eq!(
        ids(&first),
        vec![made[0]["id"].as_str().expect("id").to_owned()]
    );
    // status and category filters
    let assigned = list(&app, "/api/v1/messages/mine?status=assigned", Some(&u.wang)).await;
    assert_eq!(ids(&assigned).len(), 1);
    let open = list(&app, "/api/v1/messages/mine?status=open", Some(&u.wang)).await;
    assert_eq!(ids(&open).len(), 7);
    let none = list(
        &app,
        "/api/v1/messages/mine?category=mc_other",
        Some(&u.wang),
    )
    .await;
    assert!(ids(&none).is_empty());
    let traffic = list(
        &app,
        "/api/v1/messages/mine?category=mc_traffic&limit=50",
        Some(&u.wang),
    )
    .await;
    assert_eq!(ids(&traffic).len(), 7);

    // bad query values
    for (q, field) in [
        ("status=done", "status"),
        (&*format!("category={}", "c".repeat(65)), "category"),
        ("limit=0", "limit"),
        ("limit=51", "limit"),
        ("cursor=%21%21", "cursor"),
        ("status=open&status=closed", "status"),
    ] {
        let uri = format!("/api/v1/messages/mine?{q}");
        let r = get(&app, &uri, Some(&u.wang)).await;
        let v = checked(&r, "get", &uri, 400);
        assert_eq!(field_codes(&v)[0].0, field, "{q}");
    }
    // a cursor of one list is refused by another
    let page = list(&app, "/api/v1/messages/mine?limit=1", Some(&u.wang)).await;
    let cursor = page["next_cursor"].as_str().expect("cursor");
    for uri in [
        format!("/api/v1/board?cursor={cursor}"),
        format!("/api/v1/triage?cursor={cursor}"),
    ] {
        let token = if uri.contains("triage") {
            Some(u.huang.as_str())
        } else {
            None
        };
        let r = get(&app, &uri, token).await;
        assert_eq!(field_codes(&checked(&r, "get", &uri, 400))[0].0, "cursor");
    }
    // an article cursor is not a message cursor
    let foreign = server::cursor::ArticleCursor {
        published_at: 1,
        id: "a_1".into(),
    }
    .encode();
    let uri = format!("/api/v1/messages/mine?cursor={foreign}");
    checked(&get(&app, &uri, Some(&u.wang)).await, "get", &uri, 400);

    // the triage queue: overdue first, then oldest first; walking it in pages
    app.state.set_now(NOW + 2 * DAY); // the messages sent on the 15th are overdue now
    let (queue, _) = walk_signed_in(&app, "/api/v1/triage?limit=2", &u.huang).await;
    let untriaged: Vec<String> = made[1..]
        .iter()
        .map(|m| m["id"].as_str().expect("id").to_owned())
        .collect();
    assert_eq!(queue, untriaged);
    let page = list(&app, "/api/v1/triage?limit=50", Some(&u.huang)).await;
    assert!(page["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|i| i["overdue"] == true));
    // the board: public and triaged only
    let board = list(&app, "/api/v1/board", None).await;
    assert_eq!(
        ids(&board),
        vec![made[0]["id"].as_str().expect("id").to_owned()]
    );
}

#[tokio::test]
async fn message_categories_and_responsiveness() {
    let (app, u) = setup();
    let cats = list(&app, "/api/v1/message-categories", None).await;
    let names: Vec<&str> = cats["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| c["name"].as_str().expect("name"))
        .collect();
    assert_eq!(
        names,
        vec![
            "民生服务",
            "道路交通",
            "环境卫生",
            "农业农村",
            "教育医疗",
            "社会保障",
            "平安建设",
            "其他"
        ]
    );
    assert!(cats["next_cursor"].is_null());

    // nothing yet: figures absent
    let table = list(&app, "/api/v1/responsiveness", None).await;
    assert_eq!(table["deputies"].as_array().expect("deputies").len(), 12);
    assert_eq!(
        table["departments"].as_array().expect("departments").len(),
        8
    );
    assert_eq!(table["generated_at"], server::clock::rfc3339(NOW));
    let chen = table["deputies"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["id"] == CHEN)
        .cloned()
        .expect("chen");
    assert_eq!(chen["stats"]["assigned"], 0);
    assert!(chen["stats"].get("reply_rate").is_none());

    // two messages to 陈志强: one answered after 6 hours and rated 4, one not answered
    let a = create(&app, &u.wang, "a", &new_message("第一条留言内容", true)).await;
    let b = create(&app, &u.li, "b", &new_message("第二条留言内容", true)).await;
    let a = triage(&app, &u.huang, &a, "fast", ("deputy", CHEN)).await;
    triage(&app, &u.huang, &b, "fast", ("deputy", CHEN)).await;
    let aid = a["id"].as_str().expect("id");
    app.state.set_now(NOW + 6 * HOUR);
    act(
        &app,
        Some(&u.chen),
        aid,
        "replies",
        Some("x"),
        &json!({"body": "已处理"}),
        201,
    )
    .await;
    let m = act(
        &app,
        Some(&u.chen),
        aid,
        "status",
        None,
        &json!({"version": 3, "status": "resolved"}),
        200,
    )
    .await;
    assert_eq!(m["status"], "resolved");
    act(
        &app,
        Some(&u.wang),
        aid,
        "rating",
        None,
        &json!({"stars": 4}),
        200,
    )
    .await;
    // b's deadline (end of the 20th local) passes unanswered
    app.state.set_now(NOW + 6 * DAY);
    let table = list(&app, "/api/v1/responsiveness", None).await;
    let rows = table["deputies"].as_array().expect("rows");
    assert_eq!(rows[0]["id"], CHEN, "highest reply rate first");
    let s = &rows[0]["stats"];
    assert_eq!(s["assigned"], 2);
    assert_eq!(s["replied"], 1);
    assert_eq!(s["reply_rate"], 0.5);
    assert_eq!(s["median_first_reply_hours"], 6.0);
    assert_eq!(s["on_time_rate"], 0.5);
    assert_eq!(s["satisfaction"], 4.0);
    assert_eq!(s["ratings"], 1);
    // the same figures on the deputy's profile
    let r = get(&app, &format!("/api/v1/deputies/{CHEN}"), None).await;
    let profile = r.json();
    schema::assert_response("/api/v1/deputies/{id}", 200, "application/json", &profile);
    assert_eq!(&profile["stats"], s);
    // the rest by name
    let others: Vec<&str> = rows[1..]
        .iter()
        .map(|r| r["name"].as_str().expect("name"))
        .collect();
    let mut sorted = others.clone();
    sorted.sort();
    assert_eq!(others, sorted);
}

#[tokio::test]
async fn wrong_methods_and_paths_are_problems() {
    let (app, u) = setup();
    let m = create(&app, &u.wang, "k", &new_message("方法测试留言", false)).await;
    let id = id_of(&m);
    // GET of a POST-only path: 405 with Allow; unknown sub-paths: 404
    let r = get(&app, "/api/v1/messages", Some(&u.wang)).await;
    r.problem(405);
    assert!(r.header("allow").is_some_and(|a| a.contains("POST")));
    let r = get(
        &app,
        &format!("/api/v1/messages/{id}/replies"),
        Some(&u.wang),
    )
    .await;
    r.problem(405);
    let r = post(
        &app,
        &format!("/api/v1/messages/{id}/unknown"),
        Some(&u.wang),
        None,
        &json!({}),
    )
    .await;
    r.problem(404);
    // staff see the location; HEAD answers like GET without a body
    let staff = read(&app, Some(&u.huang), &id, 200).await;
    assert_eq!(staff["location"]["label"], "龙湾村村口");
    let r = send_req(
        &app,
        Method::HEAD,
        &format!("/api/v1/messages/{id}"),
        Some(&u.wang),
        None,
        None,
    )
    .await;
    assert_eq!(r.status.as_u16(), 200);
    assert!(r.body.is_empty());
}

fn id_of(m: &Value) -> String {
    m["id"].as_str().expect("id").to_owned()
}
