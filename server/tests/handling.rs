//! Handling over time: deadlines in the township's local days (and a server in another
//! time zone), overdue at the time of the request, the inbox order, plan steps,
//! hand-over, the 7-day reopen window, and the demo messages with masking on the board.

mod common;
mod msgsupport;

use common::*;
use msgsupport::*;
use serde_json::{json, Value};
use server::clock::{parse_rfc3339, rfc3339};

fn t(s: &str) -> i64 {
    parse_rfc3339(s).expect("time")
}

fn id_of(m: &Value) -> String {
    m["id"].as_str().expect("id").to_owned()
}

#[tokio::test]
async fn deadlines_follow_the_townships_local_days() {
    let (app, u) = setup();
    // 23:30 and 00:30 local time (UTC+8) are on different local days, the same UTC day
    app.state.set_now(t("2027-01-15T23:30:00+08:00"));
    let late = create(&app, &u.wang, "late", &new_message("深夜发出的留言", false)).await;
    assert_eq!(late["deadline"], "2027-01-16T15:59:59Z");
    app.state.set_now(t("2027-01-16T00:30:00+08:00"));
    let early = create(
        &app,
        &u.wang,
        "early",
        &new_message("凌晨发出的留言", false),
    )
    .await;
    assert_eq!(early["deadline"], "2027-01-17T15:59:59Z");

    // triage at 23:50 local on 31 January: fast → end of 5 February (local)
    app.state.set_now(t("2027-01-31T23:50:00+08:00"));
    let m = triage(&app, &u.huang, &late, "fast", ("deputy", CHEN)).await;
    assert_eq!(m["deadline"], "2027-02-05T15:59:59Z");
    // ten minutes later it is 1 February locally: a day later
    app.state.set_now(t("2027-02-01T00:00:00+08:00"));
    let m = triage(&app, &u.huang, &early, "fast", ("deputy", CHEN)).await;
    assert_eq!(m["deadline"], "2027-02-06T15:59:59Z");

    // major: 30 days, across the end of February
    let other = create(&app, &u.li, "major", &new_message("重大议题留言", false)).await;
    app.state.set_now(t("2027-02-10T09:00:00+08:00"));
    let m = triage(&app, &u.huang, &other, "major", ("deputy", HE)).await;
    assert_eq!(m["deadline"], "2027-03-12T15:59:59Z");
}

#[tokio::test]
async fn a_server_in_another_time_zone() {
    // UTC: end of day is 23:59:59Z
    let (app, u) = setup_with(TestApp::with_config(|c| c.tz_offset_minutes = 0));
    app.state.set_now(t("2027-01-15T23:30:00Z"));
    let m = create(&app, &u.wang, "a", &new_message("UTC时区的留言", false)).await;
    assert_eq!(m["deadline"], "2027-01-16T23:59:59Z");
    let m = triage(&app, &u.huang, &m, "fast", ("deputy", CHEN)).await;
    assert_eq!(m["deadline"], "2027-01-20T23:59:59Z");

    // UTC-5: 22:00 local on the 15th is 03:00Z on the 16th
    let (app, u) = setup_with(TestApp::with_config(|c| c.tz_offset_minutes = -300));
    app.state.set_now(t("2027-01-15T22:00:00-05:00"));
    let m = create(&app, &u.wang, "b", &new_message("西五区的留言", false)).await;
    assert_eq!(m["deadline"], "2027-01-17T04:59:59Z");
    // the local day of triage is the 15th: + 30 days = 14 February, ending 05:00Z the 15th
    let m = triage(&app, &u.huang, &m, "major", ("deputy", CHEN)).await;
    assert_eq!(m["deadline"], "2027-02-15T04:59:59Z");
}

#[tokio::test]
async fn overdue_is_computed_at_the_time_of_the_request() {
    let (app, u) = setup();
    // NOW is 12:00 on 15 January (local): triage due at the end of the 16th
    let m = create(&app, &u.wang, "a", &new_message("逾期测试留言", true)).await;
    let id = id_of(&m);
    let due = t("2027-01-16T15:59:59Z");
    app.state.set_now(due);
    assert_eq!(read(&app, Some(&u.wang), &id, 200).await["overdue"], false);
    app.state.set_now(due + 1);
    assert_eq!(read(&app, Some(&u.wang), &id, 200).await["overdue"], true);
    let queue = list(&app, "/api/v1/triage", Some(&u.huang)).await;
    assert_eq!(queue["items"][0]["overdue"], true);

    // triage (fast): due at the end of the 22nd; a reply finishes it
    let m = triage(&app, &u.huang, &m, "fast", ("deputy", CHEN)).await;
    assert_eq!(m["overdue"], false);
    let due = t("2027-01-22T15:59:59Z");
    app.state.set_now(due + 1);
    let inbox = list(&app, "/api/v1/inbox", Some(&u.chen)).await;
    assert_eq!(inbox["items"][0]["overdue"], true);
    let m = act(
        &app,
        Some(&u.chen),
        &id,
        "replies",
        Some("r"),
        &json!({"body": "迟到的答复"}),
        201,
    )
    .await;
    assert_eq!(m["overdue"], false);
    assert_eq!(m["status"], "replied");
    // the board shows the same figure
    assert_eq!(
        list(&app, "/api/v1/board", None).await["items"][0]["overdue"],
        false
    );

    // major: a reply does not finish it, the resolution does
    let b = create(&app, &u.li, "b", &new_message("重大议题逾期测试", false)).await;
    let bid = id_of(&b);
    let b = triage(&app, &u.huang, &b, "major", ("deputy", CHEN)).await;
    let due = parse_rfc3339(b["deadline"].as_str().expect("deadline")).expect("time");
    app.state.set_now(due + 1);
    // a month later: a new session
    let chen = app.token_for(CHEN_USER);
    let b = act(
        &app,
        Some(&chen),
        &bid,
        "replies",
        Some("rb"),
        &json!({"body": "正在办理中"}),
        201,
    )
    .await;
    assert_eq!(b["status"], "replied");
    assert_eq!(b["overdue"], true);
    let b = act(
        &app,
        Some(&chen),
        &bid,
        "status",
        None,
        &json!({"version": b["version"], "status": "resolved"}),
        200,
    )
    .await;
    assert_eq!(b["overdue"], false);
}

#[tokio::test]
async fn inbox_is_overdue_first_then_by_deadline() {
    let (app, u) = setup();
    // triaged on the 15th (due 20th), 17th (due 22nd), 19th (major, due 18 Feb)
    let mut ms = Vec::new();
    for (i, (day, track)) in [(15, "fast"), (17, "fast"), (19, "major"), (16, "fast")]
        .iter()
        .enumerate()
    {
        app.state
            .set_now(t(&format!("2027-01-{day}T10:00:00+08:00")));
        let m = create(
            &app,
            &u.wang,
            &format!("k{i}"),
            &new_message(&format!("收件箱排序{i}"), false),
        )
        .await;
        let m = triage(&app, &u.huang, &m, track, ("deputy", CHEN)).await;
        ms.push(id_of(&m));
    }
    // one to another deputy, one to a department
    let other = create(&app, &u.li, "o", &new_message("给何代表的留言", false)).await;
    triage(&app, &u.huang, &other, "fast", ("deputy", HE)).await;
    let dept = create(&app, &u.li, "d", &new_message("给部门的留言", false)).await;
    let dept = triage(&app, &u.huang, &dept, "fast", ("department", "dept_build")).await;

    // on the 21st: the first (due 20th) is overdue
    app.state.set_now(t("2027-01-21T09:00:00+08:00"));
    let inbox = list(&app, "/api/v1/inbox", Some(&u.chen)).await;
    assert_eq!(
        ids(&inbox),
        vec![ms[0].clone(), ms[3].clone(), ms[1].clone(), ms[2].clone()]
    );
    assert_eq!(inbox["items"][0]["overdue"], true);
    assert_eq!(inbox["items"][1]["overdue"], false);
    // the same through pages of one
    let (walked, pages) = walk_signed_in(&app, "/api/v1/inbox?limit=1", &u.chen).await;
    assert_eq!(walked, ids(&inbox));
    assert_eq!(pages, 4);
    // on the 23rd: three overdue, by deadline, then the major one
    app.state.set_now(t("2027-01-23T09:00:00+08:00"));
    let inbox = list(&app, "/api/v1/inbox", Some(&u.chen)).await;
    assert_eq!(
        ids(&inbox),
        vec![ms[0].clone(), ms[3].clone(), ms[1].clone(), ms[2].clone()]
    );
    // answering the first (fast track: nothing due any more) moves it to the end
    act(
        &app,
        Some(&u.chen),
        &ms[0],
        "replies",
        Some("r0"),
        &json!({"body": "已答复"}),
        201,
    )
    .await;
    let inbox = list(&app, "/api/v1/inbox", Some(&u.chen)).await;
    assert_eq!(
        ids(&inbox),
        vec![ms[3].clone(), ms[1].clone(), ms[2].clone(), ms[0].clone()]
    );
    assert_eq!(inbox["items"][3]["overdue"], false);
    // resolving another puts it after the open ones, most recently updated first
    app.state.set_now(t("2027-01-23T10:00:00+08:00"));
    let m = read(&app, Some(&u.chen), &ms[1], 200).await;
    act(
        &app,
        Some(&u.chen),
        &ms[1],
        "status",
        None,
        &json!({"version": m["version"], "status": "resolved"}),
        200,
    )
    .await;
    let inbox = list(&app, "/api/v1/inbox", Some(&u.chen)).await;
    assert_eq!(
        ids(&inbox),
        vec![ms[3].clone(), ms[2].clone(), ms[1].clone(), ms[0].clone()]
    );
    let (walked, _) = walk_signed_in(&app, "/api/v1/inbox?limit=1", &u.chen).await;
    assert_eq!(walked, ids(&inbox));
    // the status filter
    let replied = list(&app, "/api/v1/inbox?status=replied", Some(&u.chen)).await;
    assert_eq!(ids(&replied), vec![ms[0].clone()]);
    // the other deputy sees only theirs; staff see the departments' messages
    assert_eq!(
        ids(&list(&app, "/api/v1/inbox", Some(&u.he)).await),
        vec![id_of(&other)]
    );
    assert_eq!(
        ids(&list(&app, "/api/v1/inbox", Some(&u.huang)).await),
        vec![id_of(&dept)]
    );
    let staff_view = read(&app, Some(&u.huang), &id_of(&dept), 200).await;
    assert_eq!(staff_view["can"]["reply"], true);
}

#[tokio::test]
async fn plan_steps_of_a_major_issue() {
    let (app, u) = setup();
    let m = create(&app, &u.wang, "a", &new_message("重大议题计划测试", true)).await;
    let id = id_of(&m);
    let m = triage(&app, &u.huang, &m, "major", ("deputy", CHEN)).await;
    assert_eq!(m["can"]["plan"], true, "staff plan");
    assert_eq!(
        read(&app, Some(&u.wang), &id, 200).await["can"]["plan"],
        false
    );
    assert_eq!(
        read(&app, Some(&u.chen), &id, 200).await["can"]["plan"],
        true
    );

    let later = act(
        &app,
        Some(&u.chen),
        &id,
        "plan",
        None,
        &json!({"version": 2, "title": "施工并验收", "due_at": rfc3339(NOW + 20 * DAY)}),
        201,
    )
    .await;
    assert_eq!(later["version"], 3);
    let m = act(
        &app,
        Some(&u.huang),
        &id,
        "plan",
        None,
        &json!({"version": 3, "title": "现场勘查", "due_at": rfc3339(NOW + 2 * DAY)}),
        201,
    )
    .await;
    let plan = m["plan"].as_array().expect("plan");
    assert_eq!(plan.len(), 2);
    assert_eq!(plan[0]["title"], "现场勘查", "by due time");
    assert_eq!(plan[0]["done"], false);
    assert_eq!(plan[0]["overdue"], false);
    let first = plan[0]["id"].as_str().expect("id").to_owned();
    // the public sees the plan too
    let public = read(&app, None, &id, 200).await;
    assert_eq!(public["plan"].as_array().expect("plan").len(), 2);

    // past its due time and not done: overdue
    app.state.set_now(NOW + 3 * DAY);
    let m = read(&app, Some(&u.chen), &id, 200).await;
    assert_eq!(m["plan"][0]["overdue"], true);
    let m = act(
        &app,
        Some(&u.chen),
        &id,
        &format!("plan/{first}/done"),
        None,
        &json!({"version": m["version"]}),
        200,
    )
    .await;
    assert_eq!(m["plan"][0]["done"], true);
    assert_eq!(m["plan"][0]["overdue"], false);
    assert_eq!(m["plan"][0]["done_at"], rfc3339(NOW + 3 * DAY));
    let kinds: Vec<&str> = m["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .map(|e| e["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(
        kinds,
        vec![
            "submitted",
            "triaged",
            // staff's words on the triage, for the handler (this is the handler's view)
            "internal_note",
            "plan_step_added",
            "plan_step_added",
            "plan_step_done"
        ]
    );
    // done again: 409; a stale version: 409; no version: 400
    act(
        &app,
        Some(&u.chen),
        &id,
        &format!("plan/{first}/done"),
        None,
        &json!({"version": m["version"]}),
        409,
    )
    .await;
    let second = m["plan"][1]["id"].as_str().expect("id").to_owned();
    act(
        &app,
        Some(&u.chen),
        &id,
        &format!("plan/{second}/done"),
        None,
        &json!({"version": 1}),
        409,
    )
    .await;
    act(
        &app,
        Some(&u.chen),
        &id,
        &format!("plan/{second}/done"),
        None,
        &json!({}),
        400,
    )
    .await;
    // a step of another message is not found
    let other = create(&app, &u.wang, "b", &new_message("另一个重大议题", true)).await;
    let other = triage(&app, &u.huang, &other, "major", ("deputy", CHEN)).await;
    act(
        &app,
        Some(&u.chen),
        &id_of(&other),
        &format!("plan/{second}/done"),
        None,
        &json!({"version": 2}),
        404,
    )
    .await;
    // once closed, no more planning
    let m = act(
        &app,
        Some(&u.huang),
        &id,
        "status",
        None,
        &json!({"version": m["version"], "status": "closed"}),
        200,
    )
    .await;
    act(
        &app,
        Some(&u.chen),
        &id,
        "plan",
        None,
        &json!({"version": m["version"], "title": "补充步骤", "due_at": rfc3339(NOW + 9 * DAY)}),
        409,
    )
    .await;
    act(
        &app,
        Some(&u.chen),
        &id,
        &format!("plan/{second}/done"),
        None,
        &json!({"version": m["version"]}),
        409,
    )
    .await;
}

#[tokio::test]
async fn hand_over_to_a_department() {
    let (app, u) = setup();
    let m = create(&app, &u.wang, "a", &new_message("转交部门测试留言", false)).await;
    let id = id_of(&m);
    let m = triage(&app, &u.huang, &m, "fast", ("deputy", CHEN)).await;
    let deadline = m["deadline"].clone();
    let m = act(
        &app,
        Some(&u.chen),
        &id,
        "status",
        None,
        &json!({"version": 2, "status": "in_progress"}),
        200,
    )
    .await;
    app.state.set_now(NOW + HOUR);
    let m = act(&app, Some(&u.chen), &id, "hand-over", None, &json!({"version": m["version"], "department_id": "dept_build", "note": "属规划建设办职责"}), 200).await;
    assert_eq!(
        m["handler"],
        json!({"kind": "department", "id": "dept_build", "name": "规划建设办"})
    );
    assert_eq!(m["status"], "assigned");
    assert_eq!(m["deadline"], deadline, "the deadline is unchanged");
    assert_eq!(m["version"], 4);
    let last = m["timeline"]
        .as_array()
        .expect("timeline")
        .last()
        .cloned()
        .expect("entry");
    assert_eq!(last["kind"], "handed_over");
    assert_eq!(last["actor"]["name"], "陈志强");
    assert!(last["note"].as_str().expect("note").contains("规划建设办"));
    // the deputy no longer handles (nor sees) this private message; staff do
    read(&app, Some(&u.chen), &id, 404).await;
    assert!(ids(&list(&app, "/api/v1/inbox", Some(&u.chen)).await).is_empty());
    assert_eq!(
        ids(&list(&app, "/api/v1/inbox", Some(&u.huang)).await),
        vec![id.clone()]
    );
    // to the same department again: 409; staff may hand over to another one
    act(
        &app,
        Some(&u.huang),
        &id,
        "hand-over",
        None,
        &json!({"version": 4, "department_id": "dept_build", "note": "再次转交"}),
        409,
    )
    .await;
    let m = act(
        &app,
        Some(&u.huang),
        &id,
        "hand-over",
        None,
        &json!({"version": 4, "department_id": "dept_order", "note": "由综合治理办牵头"}),
        200,
    )
    .await;
    assert_eq!(m["handler"]["id"], "dept_order");
    assert_eq!(
        m["timeline"]
            .as_array()
            .expect("timeline")
            .last()
            .expect("entry")["actor"]["role"],
        "staff"
    );
    // staff answer for the department; resolved messages are not handed over
    let m = act(
        &app,
        Some(&u.huang),
        &id,
        "replies",
        Some("s1"),
        &json!({"body": "已安排人员处理"}),
        201,
    )
    .await;
    assert_eq!(m["replies"][0]["from"]["role"], "staff");
    let m = act(
        &app,
        Some(&u.huang),
        &id,
        "status",
        None,
        &json!({"version": m["version"], "status": "resolved"}),
        200,
    )
    .await;
    act(
        &app,
        Some(&u.huang),
        &id,
        "hand-over",
        None,
        &json!({"version": m["version"], "department_id": "dept_build", "note": "再转回去"}),
        409,
    )
    .await;
    // a message not triaged yet is not handed over
    let fresh = create(&app, &u.wang, "b", &new_message("尚未分办的留言", false)).await;
    act(
        &app,
        Some(&u.huang),
        &id_of(&fresh),
        "hand-over",
        None,
        &json!({"version": 1, "department_id": "dept_build", "note": "直接转交"}),
        409,
    )
    .await;
}

#[tokio::test]
async fn the_seven_day_reopen_window() {
    let (app, u) = setup();
    let mut closed = Vec::new();
    for key in ["a", "b"] {
        let m = create(&app, &u.wang, key, &new_message("重新打开测试留言", false)).await;
        let m = triage(&app, &u.huang, &m, "fast", ("deputy", CHEN)).await;
        let id = id_of(&m);
        act(
            &app,
            Some(&u.chen),
            &id,
            "status",
            None,
            &json!({"version": 2, "status": "resolved"}),
            200,
        )
        .await;
        let m = act(
            &app,
            Some(&u.wang),
            &id,
            "rating",
            None,
            &json!({"stars": 3}),
            200,
        )
        .await;
        assert_eq!(m["reopen_until"], rfc3339(NOW + 7 * DAY));
        closed.push(id);
    }
    // exactly 7 days after closing: still allowed
    app.state.set_now(NOW + 7 * DAY);
    assert_eq!(
        read(&app, Some(&u.wang), &closed[0], 200).await["can"]["reopen"],
        true
    );
    let m = act(
        &app,
        Some(&u.wang),
        &closed[0],
        "reopen",
        None,
        &json!({"reason": "问题又出现了"}),
        200,
    )
    .await;
    assert_eq!(m["status"], "reopened");
    // one second later: too late
    app.state.set_now(NOW + 7 * DAY + 1);
    let m = read(&app, Some(&u.wang), &closed[1], 200).await;
    assert_eq!(m["can"]["reopen"], false);
    act(
        &app,
        Some(&u.wang),
        &closed[1],
        "reopen",
        None,
        &json!({"reason": "问题又出现了"}),
        409,
    )
    .await;
    // closed by staff: the window counts from that close
    let m = create(
        &app,
        &u.wang,
        "c",
        &new_message("工作人员关闭的留言", false),
    )
    .await;
    let m = triage(&app, &u.huang, &m, "fast", ("deputy", CHEN)).await;
    let m = act(
        &app,
        Some(&u.huang),
        &id_of(&m),
        "status",
        None,
        &json!({"version": 2, "status": "closed"}),
        200,
    )
    .await;
    assert_eq!(m["closed_at"], rfc3339(NOW + 7 * DAY + 1));
    app.state.set_now(NOW + 14 * DAY + 1);
    act(
        &app,
        Some(&u.wang),
        &id_of(&m),
        "reopen",
        None,
        &json!({"reason": "还没解决"}),
        200,
    )
    .await;
}

/// Every phone number and full name of the demo citizens.
fn citizens() -> Vec<(String, String)> {
    let mut all = vec![
        ("13800000001".to_owned(), "王秀英".to_owned()),
        ("13800000002".to_owned(), "李建国".to_owned()),
    ];
    for (_, phone, name) in server::demo::messages::CITIZENS {
        all.push(((*phone).to_owned(), (*name).to_owned()));
    }
    all
}

fn assert_no_personal_data(raw: &str, what: &str) {
    for (phone, name) in citizens() {
        assert!(!raw.contains(&phone), "{what} shows the phone {phone}");
        assert!(!raw.contains(&name), "{what} shows the name {name}");
    }
    for phone in ["13900000001", "13900000002", "13700000001"] {
        assert!(!raw.contains(phone), "{what} shows the phone {phone}");
    }
}

#[tokio::test]
async fn demo_messages_and_masking_on_the_board() {
    let (app, u) = setup();
    let seeded =
        server::demo::messages::seed_messages_if_empty(&app.db, NOW, 8 * HOUR).expect("seed");
    assert!(seeded.is_some_and(|n| n >= 40), "{seeded:?}");
    // only once
    assert_eq!(
        server::demo::messages::seed_messages_if_empty(&app.db, NOW, 8 * HOUR).expect("seed"),
        None
    );
    // every status, a major issue with a plan, ratings, hand-overs, follow-ups
    let counts: Vec<(String, i64)> = app.db.with_conn(|c| {
        let mut s = c
            .prepare("SELECT status, COUNT(*) FROM messages GROUP BY status ORDER BY status")
            .expect("sql");
        s.query_map((), |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows")
    });
    let statuses: Vec<&str> = counts.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        statuses,
        vec![
            "accepted",
            "assigned",
            "closed",
            "in_progress",
            "reopened",
            "replied",
            "resolved",
            "submitted"
        ]
    );
    let (plans, ratings, handovers, follow_ups, oldest): (i64, i64, i64, i64, i64) =
        app.db.with_conn(|c| {
            c.query_row(
                "SELECT (SELECT COUNT(DISTINCT message_id) FROM plan_steps), \
                    (SELECT COUNT(*) FROM message_ratings), \
                    (SELECT COUNT(*) FROM message_timeline WHERE kind = 'handed_over'), \
                    (SELECT COUNT(*) FROM message_replies WHERE kind = 'follow_up'), \
                    (SELECT MIN(created_at) FROM messages)",
                (),
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .expect("counts")
        });
    assert!(plans >= 4 && ratings >= 10 && handovers >= 3 && follow_ups >= 2);
    assert!((NOW - 61 * DAY..=NOW - 55 * DAY).contains(&oldest));

    // the board, anonymously and as another citizen: no phone numbers, no full names
    for token in [None, Some(u.li.as_str())] {
        let mut uri = "/api/v1/board?limit=7".to_owned();
        let mut seen = 0;
        loop {
            let r = get(&app, &uri, token).await;
            let page = checked(&r, "get", "/api/v1/board", 200);
            let raw = r.text();
            if token.is_none() {
                assert_no_personal_data(&raw, "the board");
            }
            for item in page["items"].as_array().expect("items") {
                seen += 1;
                assert_eq!(item["public"], true);
                assert_ne!(item["status"], "submitted");
                let id = item["id"].as_str().expect("id");
                let r = get(&app, &format!("/api/v1/messages/{id}"), token).await;
                let m = checked(&r, "get", &format!("/api/v1/messages/{id}"), 200);
                let mine = m["author"]["is_you"] == true;
                if !mine {
                    assert_no_personal_data(&r.text(), &format!("message {id}"));
                    assert!(m.get("location").is_none());
                }
            }
            match page["next_cursor"].as_str() {
                Some(c) => uri = format!("/api/v1/board?limit=7&cursor={c}"),
                None => break,
            }
        }
        assert!(seen >= 25, "{seen} public messages");
    }
    // deputies see citizens masked too
    for token in [&u.chen, &u.he] {
        let inbox = list(&app, "/api/v1/inbox?limit=50", Some(token)).await;
        assert!(ids(&inbox).len() >= 5);
        for item in inbox["items"].as_array().expect("items") {
            let r = get(
                &app,
                &format!("/api/v1/messages/{}", item["id"].as_str().expect("id")),
                Some(token),
            )
            .await;
            assert_no_personal_data(&r.text(), "the deputy's view");
        }
    }
    // the overdue ones first in 何美玲's inbox
    let inbox = list(&app, "/api/v1/inbox?limit=50", Some(&u.he)).await;
    let flags: Vec<bool> = inbox["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["overdue"] == true)
        .collect();
    assert!(flags.first() == Some(&true));
    assert!(flags.windows(2).all(|w| w[0] || !w[1]), "{flags:?}");
    // a new message to 陈志强, triaged now, is first in his inbox (nothing of the demo is
    // due sooner), as the e2e journey expects
    let m = create(&app, &u.wang, "new", &new_message("新的留言排在最前", true)).await;
    let m = triage(&app, &u.huang, &m, "fast", ("deputy", CHEN)).await;
    let inbox = list(&app, "/api/v1/inbox", Some(&u.chen)).await;
    assert_eq!(ids(&inbox)[0], id_of(&m));
    // the author sees their own name
    let mine = list(&app, "/api/v1/messages/mine?limit=50", Some(&u.wang)).await;
    assert!(ids(&mine).len() >= 5);
    for item in mine["items"].as_array().expect("items") {
        assert_eq!(item["author"]["name"], "王秀英");
        assert_eq!(item["author"]["is_you"], true);
    }
    // the triage queue has overdue and fresh ones
    let queue = list(&app, "/api/v1/triage?limit=50", Some(&u.huang)).await;
    assert!(ids(&queue).len() >= 5);
    // the responsiveness table has figures
    let table = list(&app, "/api/v1/responsiveness", None).await;
    let rows = table["deputies"].as_array().expect("rows");
    let chen = rows.iter().find(|r| r["id"] == CHEN).expect("chen");
    assert!(chen["stats"]["assigned"].as_u64().is_some_and(|n| n >= 5));
    assert!(chen["stats"]["reply_rate"].as_f64().is_some());
    assert!(chen["stats"]["median_first_reply_hours"].as_f64().is_some());
    assert!(chen["stats"]["on_time_rate"].as_f64().is_some());
    assert!(chen["stats"]["satisfaction"].as_f64().is_some());
    assert_no_personal_data(
        &get(&app, "/api/v1/responsiveness", None).await.text(),
        "the table",
    );
}
