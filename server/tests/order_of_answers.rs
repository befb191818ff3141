//! The order of answers of a write (`server/src/routes/messages/pipeline.rs`): 401 → 400
//! (Idempotency-Key, body shape) → the stored answer of a repeat → 404 → 403 → 400 (fields)
//! → 409 (version, then state) → 429. Each case breaks two steps at once and expects the
//! earlier one's answer.

mod common;
mod msgsupport;

use common::NOW;
use msgsupport::*;
use serde_json::{json, Value};

fn id_of(m: &Value) -> String {
    m["id"].as_str().expect("id").to_owned()
}

fn detail(v: &Value) -> &str {
    v["detail"].as_str().unwrap_or("")
}

#[tokio::test]
async fn each_step_answers_before_the_next() {
    let (app, u) = setup();
    let private = create(&app, &u.wang, "p", &new_message("村口路灯不亮", false)).await;
    let pid = id_of(&private);
    let not_an_object = json!([1, 2]);
    let bad_fields = json!({"version": 1, "track": "slow", "category_id": 7});

    // 401 before the body's shape
    act(&app, None, &pid, "triage", None, &not_an_object, 401).await;
    // the body's shape before 404: a 400 without fields
    let v = act(
        &app,
        Some(&u.huang),
        "m_999999",
        "triage",
        None,
        &not_an_object,
        400,
    )
    .await;
    assert_eq!(field_codes(&v), vec![]);
    // the Idempotency-Key before the body's shape
    let v = act(
        &app,
        Some(&u.chen),
        &pid,
        "replies",
        None,
        &not_an_object,
        400,
    )
    .await;
    assert_eq!(
        field_codes(&v),
        vec![("Idempotency-Key".into(), "required".into())]
    );
    // 404 before 403 and the fields: another citizen does not see a private message
    act(&app, Some(&u.li), &pid, "triage", None, &bad_fields, 404).await;
    act(
        &app,
        Some(&u.huang),
        "m_999999",
        "triage",
        None,
        &bad_fields,
        404,
    )
    .await;
    // 403 before the fields: only staff triage
    act(&app, Some(&u.wang), &pid, "triage", None, &bad_fields, 403).await;
    // the fields (all at once) before 409: a stale version with bad fields
    let stale = json!({"version": 7, "track": "slow", "category_id": "mc_x", "handler": "dp"});
    let v = act(&app, Some(&u.huang), &pid, "triage", None, &stale, 400).await;
    assert_eq!(
        field_codes(&v),
        vec![
            ("track".into(), "invalid".into()),
            ("handler".into(), "invalid".into()),
            ("category_id".into(), "invalid".into()),
        ],
        "the rules' errors in field order, then the database's"
    );
    let m = triage(&app, &u.huang, &private, "major", ("deputy", CHEN)).await;
    assert_eq!(m["version"], 2);
    // 409: the stale version before the state (not waiting for triage any more)
    let again = |version: u32| {
        json!({"version": version, "track": "fast", "category_id": "mc_traffic",
            "handler": {"kind": "deputy", "id": HE}})
    };
    let v = act(&app, Some(&u.huang), &pid, "triage", None, &again(1), 409).await;
    assert!(detail(&v).contains("changed meanwhile"), "{v}");
    let v = act(&app, Some(&u.huang), &pid, "triage", None, &again(2), 409).await;
    assert!(detail(&v).contains("not waiting for triage"), "{v}");
}

#[tokio::test]
async fn what_else_an_action_works_on_is_found_after_the_rights() {
    let (app, u) = setup();
    let public = create(&app, &u.wang, "q", &new_message("修建村口桥梁", true)).await;
    let qid = id_of(&public);
    let m = triage(&app, &u.huang, &public, "major", ("deputy", CHEN)).await;
    let step = json!({"version": 2, "title": "现场勘查", "due_at": "2027-02-01T00:00:00Z"});
    let m2 = act(&app, Some(&u.chen), &qid, "plan", None, &step, 201).await;
    assert_eq!(
        m2["version"],
        m["version"].as_u64().map(|v| v + 1).unwrap_or(0)
    );
    let sid = m2["plan"][0]["id"].as_str().expect("step id").to_owned();
    let unreadable = json!({"version": "x"});
    // another deputy sees the public message but may not plan it: 403 before the step's 404
    let path = "plan/s_424242/done";
    act(&app, Some(&u.he), &qid, path, None, &unreadable, 403).await;
    // the handler: an unknown step is 404 before the body's fields
    act(&app, Some(&u.chen), &qid, path, None, &unreadable, 404).await;
    // a known step: the fields, then the version, then "already done"
    let done = format!("plan/{sid}/done");
    let v = act(&app, Some(&u.chen), &qid, &done, None, &unreadable, 400).await;
    assert_eq!(field_codes(&v), vec![("version".into(), "invalid".into())]);
    act(
        &app,
        Some(&u.chen),
        &qid,
        &done,
        None,
        &json!({"version": 3}),
        200,
    )
    .await;
    let v = act(
        &app,
        Some(&u.chen),
        &qid,
        &done,
        None,
        &json!({"version": 3}),
        409,
    )
    .await;
    assert!(detail(&v).contains("changed meanwhile"), "{v}");
    let v = act(
        &app,
        Some(&u.chen),
        &qid,
        &done,
        None,
        &json!({"version": 4}),
        409,
    )
    .await;
    assert!(detail(&v).contains("already done"), "{v}");
}

#[tokio::test]
async fn a_repeat_gets_its_stored_answer_before_anything_else() {
    let (app, u) = setup();
    let private = create(&app, &u.wang, "p", &new_message("垃圾清运不及时", false)).await;
    let pid = id_of(&private);
    triage(&app, &u.huang, &private, "fast", ("deputy", CHEN)).await;
    let reply = json!({"body": "已联系环卫站"});
    let first = act(
        &app,
        Some(&u.chen),
        &pid,
        "replies",
        Some("r-1"),
        &reply,
        201,
    )
    .await;
    // handed over to a department: the deputy no longer sees the private message
    let hand = json!({"version": 3, "department_id": "dept_build", "note": "转交部门办理"});
    act(&app, Some(&u.huang), &pid, "hand-over", None, &hand, 200).await;
    act(
        &app,
        Some(&u.chen),
        &pid,
        "replies",
        Some("r-2"),
        &reply,
        404,
    )
    .await;
    // the repeat of the first reply is answered as it was, not 404
    let again = act(
        &app,
        Some(&u.chen),
        &pid,
        "replies",
        Some("r-1"),
        &reply,
        201,
    )
    .await;
    assert_eq!(again, first);
}

#[tokio::test]
async fn rate_limits_come_last() {
    let (app, u) = setup();
    // a new message: the fields before 429
    for i in 0..10 {
        app.state.set_now(NOW + i * 60);
        let body = new_message(&format!("第{i}条留言内容"), false);
        create(&app, &u.wang, &format!("m-{i}"), &body).await;
    }
    let uri = "/api/v1/messages";
    let r = post(&app, uri, Some(&u.wang), Some("m-x"), &json!({"title": 5})).await;
    checked(&r, "post", uri, 400);
    let r = post(
        &app,
        uri,
        Some(&u.wang),
        Some("m-y"),
        &new_message("第十一条", false),
    )
    .await;
    checked(&r, "post", uri, 429);

    // follow-ups: 403, then the fields, then the state, before 429
    let m = create(&app, &u.li, "fu", &new_message("追问测试留言", false)).await;
    let id = id_of(&m);
    for i in 0..30 {
        let body = json!({"body": format!("补充说明{i}")});
        act(
            &app,
            Some(&u.li),
            &id,
            "follow-ups",
            Some(&format!("f-{i}")),
            &body,
            201,
        )
        .await;
    }
    let more = json!({"body": "再补充"});
    act(
        &app,
        Some(&u.wang),
        &id,
        "follow-ups",
        Some("w"),
        &more,
        404,
    )
    .await;
    let blank = json!({"body": " "});
    let v = act(
        &app,
        Some(&u.li),
        &id,
        "follow-ups",
        Some("f-b"),
        &blank,
        400,
    )
    .await;
    assert_eq!(field_codes(&v), vec![("body".into(), "required".into())]);
    act(
        &app,
        Some(&u.li),
        &id,
        "follow-ups",
        Some("f-30"),
        &more,
        429,
    )
    .await;
    let m = read(&app, Some(&u.li), &id, 200).await;
    let m = triage(&app, &u.huang, &m, "fast", ("deputy", CHEN)).await;
    let close = json!({"version": m["version"], "status": "closed"});
    act(&app, Some(&u.huang), &id, "status", None, &close, 200).await;
    let v = act(
        &app,
        Some(&u.li),
        &id,
        "follow-ups",
        Some("f-31"),
        &more,
        409,
    )
    .await;
    assert!(detail(&v).contains("closed"), "{v}");
}
