//! The workspace of deputies and staff (issue 10): what needs them (`status=todo`, the rule of
//! `handling::needs_handler`), the order of the inbox, the counts of `GET /work/summary`, and
//! the saved replies (常用答复) of `/reply-templates`. Every answer is checked against the
//! contract (`api/openapi.json`).

mod common;
mod msgsupport;

use axum::http::Method;
use common::*;
use msgsupport::*;
use serde_json::{json, Value};

fn id_of(m: &Value) -> String {
    m["id"].as_str().expect("id").to_owned()
}

async fn summary(app: &TestApp, token: &str) -> Value {
    let r = get(app, "/api/v1/work/summary", Some(token)).await;
    checked(&r, "get", "/api/v1/work/summary", 200)
}

/// `(status, count)` pairs of a summary's `by_status`.
fn by_status(s: &Value) -> Vec<(String, u64)> {
    s["by_status"]
        .as_array()
        .expect("by_status")
        .iter()
        .map(|c| (c["status"].as_str().expect("status").to_owned(), c["count"].as_u64().expect("count")))
        .collect()
}

fn pairs(want: &[(&str, u64)]) -> Vec<(String, u64)> {
    want.iter().map(|(s, n)| ((*s).to_owned(), *n)).collect()
}

#[tokio::test]
async fn the_to_do_list_holds_what_needs_the_handler_and_the_counts_agree() {
    let (app, u) = setup();
    app.state.set_now(NOW);
    // four messages to 陈志强: fast and answered, fast and open, major and answered, resolved
    let mut ids = Vec::new();
    for (i, track) in ["fast", "fast", "major", "fast"].into_iter().enumerate() {
        let m = create(&app, &u.wang, &format!("w-{i}"), &new_message(&format!("待办测试{i}号"), false)).await;
        let m = triage(&app, &u.huang, &m, track, ("deputy", CHEN)).await;
        ids.push(id_of(&m));
    }
    // and one waiting for triage (staff's, not the deputy's)
    let waiting = create(&app, &u.wang, "w-untriaged", &new_message("待分派测试", false)).await;
    app.state.set_now(NOW + HOUR);
    let reply = json!({"body": "您好，已收到，正在处理。"});
    act(&app, Some(&u.chen), &ids[0], "replies", Some("r-0"), &reply, 201).await;
    act(&app, Some(&u.chen), &ids[2], "replies", Some("r-2"), &reply, 201).await;
    let m3 = read(&app, Some(&u.chen), &ids[3], 200).await;
    act(&app, Some(&u.chen), &ids[3], "status", None, &json!({"version": m3["version"], "status": "resolved"}), 200).await;

    // to do: the open fast one and the major one (its deadline asks for the resolution)
    let todo = list(&app, "/api/v1/inbox?status=todo", Some(&u.chen)).await;
    let mut got = ids_of(&todo);
    got.sort();
    assert_eq!(got, vec![ids[1].clone(), ids[2].clone()]);
    let s = summary(&app, &u.chen).await;
    assert_eq!(s["todo"], 2);
    assert_eq!(s["total"], 4);
    assert_eq!(s["overdue"], 0);
    assert_eq!(s["triage"], 0, "a deputy has no triage queue");
    assert_eq!(by_status(&s), pairs(&[("assigned", 1), ("replied", 2), ("resolved", 1)]));

    // the author asks again about the answered one: it needs the deputy again, first by deadline
    act(&app, Some(&u.wang), &ids[0], "follow-ups", Some("f-0"), &json!({"body": "请问什么时候来修？"}), 201).await;
    let todo = list(&app, "/api/v1/inbox?status=todo", Some(&u.chen)).await;
    assert_eq!(ids_of(&todo).len(), 3);
    assert_eq!(summary(&app, &u.chen).await["todo"], 3);
    // answered again: out of the list
    act(&app, Some(&u.chen), &ids[0], "replies", Some("r-0b"), &json!({"body": "明天上午。"}), 201).await;
    assert_eq!(summary(&app, &u.chen).await["todo"], 2);

    // the whole inbox: overdue first, then what needs the deputy by deadline, then the rest
    app.state.set_now(NOW + 6 * DAY); // the fast ones are past their 5 days
    let all = list(&app, "/api/v1/inbox?limit=50", Some(&u.chen)).await;
    let order = ids_of(&all);
    assert_eq!(order[0], ids[1], "the open fast one is overdue");
    assert_eq!(order[1], ids[2], "the major one still needs the deputy");
    assert_eq!(order.len(), 4);
    let s = summary(&app, &u.chen).await;
    assert_eq!((s["todo"].as_u64(), s["overdue"].as_u64()), (Some(2), Some(1)));

    // staff: the triage queue is their to-do there (all of it), the departments' inbox is empty
    let s = summary(&app, &u.huang).await;
    assert_eq!(s["triage"], 1);
    assert_eq!((s["todo"].as_u64(), s["total"].as_u64()), (Some(0), Some(0)));
    let queue = list(&app, "/api/v1/triage?status=todo", Some(&u.huang)).await;
    assert_eq!(ids_of(&queue), vec![id_of(&waiting)]);
    // handed over to a department: it is in staff's to-do
    let m1 = read(&app, Some(&u.chen), &ids[1], 200).await;
    let body = json!({"version": m1["version"], "department_id": "dept_build", "note": "需要城建办现场处理"});
    act(&app, Some(&u.chen), &ids[1], "hand-over", None, &body, 200).await;
    let s = summary(&app, &u.huang).await;
    assert_eq!((s["todo"].as_u64(), s["total"].as_u64()), (Some(1), Some(1)));
    assert_eq!(by_status(&s), pairs(&[("assigned", 1)]));
    assert_eq!(summary(&app, &u.chen).await["total"], 3);

    // `todo` is for a handler's lists only
    for uri in ["/api/v1/messages/mine?status=todo", "/api/v1/board?status=todo"] {
        let r = get(&app, uri, Some(&u.wang)).await;
        let v = checked(&r, "get", uri, 400);
        assert_eq!(field_codes(&v), vec![("status".to_owned(), "invalid".to_owned())]);
    }
}

fn ids_of(page: &Value) -> Vec<String> {
    ids(page)
}

#[tokio::test]
async fn the_summary_is_for_deputies_and_staff() {
    let (app, u) = setup();
    let r = get(&app, "/api/v1/work/summary", None).await;
    checked(&r, "get", "/api/v1/work/summary", 401);
    let r = get(&app, "/api/v1/work/summary", Some(&u.wang)).await;
    checked(&r, "get", "/api/v1/work/summary", 403);
    // an empty workspace: zeros, no statuses
    let s = summary(&app, &u.he).await;
    assert_eq!(s, json!({"todo": 0, "overdue": 0, "total": 0, "by_status": [], "triage": 0}));
}

const T: &str = "/api/v1/reply-templates";

async fn send(app: &TestApp, method: Method, uri: &str, token: Option<&str>, body: Option<&Value>) -> common::Reply {
    send_req(app, method, uri, token, None, body).await
}

#[tokio::test]
async fn saved_replies_are_private_to_their_owner() {
    let (app, u) = setup();
    app.state.set_now(NOW);
    // empty at first
    let r = get(&app, T, Some(&u.chen)).await;
    assert_eq!(checked(&r, "get", T, 200), json!({"items": [], "next_cursor": null}));
    // saved (trimmed); the same text again is the same template (200), not a copy
    let first = send(&app, Method::POST, T, Some(&u.chen), Some(&json!({"body": "  您好，已收到您的留言，正在核实。 "}))).await;
    let first = checked(&first, "post", T, 201);
    assert_eq!(first["body"], "您好，已收到您的留言，正在核实。");
    let again = send(&app, Method::POST, T, Some(&u.chen), Some(&json!({"body": "您好，已收到您的留言，正在核实。"}))).await;
    assert_eq!(checked(&again, "post", T, 200)["id"], first["id"]);
    app.state.set_now(NOW + 60);
    let second = send(&app, Method::POST, T, Some(&u.chen), Some(&json!({"body": "问题已解决，感谢您的监督。"}))).await;
    let second = checked(&second, "post", T, 201);
    // most recently saved first
    let listed = checked(&get(&app, T, Some(&u.chen)).await, "get", T, 200);
    assert_eq!(ids(&listed), vec![id_of(&second), id_of(&first)]);
    // changed: moves to the top
    app.state.set_now(NOW + 120);
    let one = format!("{T}/{}", id_of(&first));
    let r = send(&app, Method::PUT, &one, Some(&u.chen), Some(&json!({"body": "您好，已转交镇城建办处理。"}))).await;
    assert_eq!(checked(&r, "put", &one, 200)["body"], "您好，已转交镇城建办处理。");
    let listed = checked(&get(&app, T, Some(&u.chen)).await, "get", T, 200);
    assert_eq!(ids(&listed), vec![id_of(&first), id_of(&second)]);

    // another deputy sees none of them and can change none
    let other = checked(&get(&app, T, Some(&u.he)).await, "get", T, 200);
    assert!(ids(&other).is_empty());
    let r = send(&app, Method::PUT, &one, Some(&u.he), Some(&json!({"body": "改别人的"}))).await;
    checked(&r, "put", &one, 404);
    let r = send(&app, Method::DELETE, &one, Some(&u.he), None).await;
    checked(&r, "delete", &one, 404);
    // citizens: 403; nobody signed in: 401
    for (method, body) in [(Method::GET, None), (Method::POST, Some(json!({"body": "x"})))] {
        let r = send(&app, method.clone(), T, Some(&u.wang), body.as_ref()).await;
        checked(&r, &method.as_str().to_lowercase(), T, 403);
        let r = send(&app, method.clone(), T, None, body.as_ref()).await;
        checked(&r, &method.as_str().to_lowercase(), T, 401);
    }
    // bad bodies
    for bad in [json!({"body": "   "}), json!({"body": "字".repeat(1001)}), json!({})] {
        let r = send(&app, Method::POST, T, Some(&u.chen), Some(&bad)).await;
        let v = checked(&r, "post", T, 400);
        assert_eq!(field_codes(&v)[0].0, "body");
        let r = send(&app, Method::PUT, &one, Some(&u.chen), Some(&bad)).await;
        checked(&r, "put", &one, 400);
    }
    // an unknown id is a 404 before the body is looked at
    let none = format!("{T}/rt_999999");
    let r = send(&app, Method::PUT, &none, Some(&u.chen), Some(&json!({"body": ""}))).await;
    checked(&r, "put", &none, 404);
    // deleted: gone
    let r = send(&app, Method::DELETE, &one, Some(&u.chen), None).await;
    assert_eq!(r.status.as_u16(), 204);
    let r = send(&app, Method::DELETE, &one, Some(&u.chen), None).await;
    checked(&r, "delete", &one, 404);
    let listed = checked(&get(&app, T, Some(&u.chen)).await, "get", T, 200);
    assert_eq!(ids(&listed), vec![id_of(&second)]);

    // at most 20
    for i in 0..19 {
        let r = send(&app, Method::POST, T, Some(&u.chen), Some(&json!({"body": format!("常用答复第{i}条")}))).await;
        checked(&r, "post", T, 201);
    }
    let r = send(&app, Method::POST, T, Some(&u.chen), Some(&json!({"body": "第二十一条"}))).await;
    checked(&r, "post", T, 409);
    // staff have their own
    let r = send(&app, Method::POST, T, Some(&u.huang), Some(&json!({"body": "已转交相关部门办理。"}))).await;
    checked(&r, "post", T, 201);
}
