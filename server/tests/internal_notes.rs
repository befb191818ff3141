//! Internal notes (issue 11): handlers and staff write notes that only they see; staff's words
//! on a triage are one; nothing internal reaches the author's or the public view; user text
//! with bidirectional controls is refused.

mod common;
mod msgsupport;

use common::*;
use msgsupport::*;
use serde_json::{json, Value};

fn id_of(m: &Value) -> String {
    m["id"].as_str().expect("id").to_owned()
}

/// The entries of a view's timeline as (kind, note, internal).
fn entries(m: &Value) -> Vec<(String, String, bool)> {
    m["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().expect("kind").to_owned(),
                e["note"].as_str().unwrap_or("").to_owned(),
                e["internal"].as_bool().unwrap_or(false),
            )
        })
        .collect()
}

fn notifications(app: &TestApp) -> i64 {
    app.db.with_conn(|c| c.query_row("SELECT COUNT(*) FROM notifications", (), |r| r.get(0))).expect("count")
}

#[tokio::test]
async fn internal_notes_reach_handlers_and_staff_only() {
    let (app, u) = setup();
    let m = create(&app, &u.wang, "k-1", &new_message("村口路灯不亮", true)).await;
    let id = id_of(&m);
    // staff's words on the triage ("请尽快核实处理", by the helper) are an internal note
    let m = triage(&app, &u.huang, &m, "fast", ("deputy", CHEN)).await;
    let triaged = ("triaged".to_owned(), "民生小事，交由陈志强办理".to_owned(), false);
    let staff_note = ("internal_note".to_owned(), "请尽快核实处理".to_owned(), true);
    assert_eq!(entries(&m)[1..], [triaged.clone(), staff_note.clone()]);

    // the handler writes one (idempotent, 201); nobody is alerted; the message keeps its
    // version and updated_at
    let before = read(&app, Some(&u.wang), &id, 200).await;
    let alerts = notifications(&app);
    let note = json!({"body": "已电话联系村委会，周三去现场看。\n不要对外说维修预算。"});
    let hv = act(&app, Some(&u.chen), &id, "notes", Some("note-1"), &note, 201).await;
    let chen_note = ("internal_note".to_owned(), note["body"].as_str().expect("body").to_owned(), true);
    assert_eq!(entries(&hv)[1..], [triaged.clone(), staff_note.clone(), chen_note.clone()]);
    let last = &hv["timeline"][3];
    assert_eq!((last["actor"]["name"].as_str(), last["actor"]["role"].as_str()), (Some("陈志强"), Some("deputy")));
    assert_eq!(hv["version"], before["version"]);
    assert_eq!(hv["updated_at"], before["updated_at"]);
    assert_eq!(notifications(&app), alerts);
    // a repeat of the request is the same answer, one note; the key with other text is a 409
    let again = act(&app, Some(&u.chen), &id, "notes", Some("note-1"), &note, 201).await;
    assert_eq!(again, hv);
    act(&app, Some(&u.chen), &id, "notes", Some("note-1"), &json!({"body": "别的"}), 409).await;
    // staff see them and may write them too
    let sv = read(&app, Some(&u.huang), &id, 200).await;
    assert_eq!(entries(&sv)[1..], [triaged.clone(), staff_note.clone(), chen_note.clone()]);
    assert_eq!((sv["can"]["note"].as_bool(), hv["can"]["note"].as_bool()), (Some(true), Some(true)));
    act(&app, Some(&u.huang), &id, "notes", Some("note-2"), &json!({"body": "已转告镇城建办。"}), 201).await;

    // the author, another citizen, a deputy who does not handle it and the public: no internal
    // text anywhere in what they get, and no permission to write it
    for token in [Some(&u.wang), Some(&u.li), Some(&u.he), None] {
        let r = get(&app, &format!("/api/v1/messages/{id}"), token.map(String::as_str)).await;
        let v = checked(&r, "get", &format!("/api/v1/messages/{id}"), 200);
        assert_eq!(entries(&v), [("submitted".to_owned(), String::new(), false), triaged.clone()], "{token:?}");
        assert_eq!(v["can"]["note"], false);
        let raw = r.text();
        for secret in ["请尽快核实处理", "维修预算", "镇城建办", "internal"] {
            assert!(!raw.contains(secret), "{token:?} sees {secret:?}");
        }
    }
    for token in [&u.wang, &u.li, &u.he] {
        let r = act(&app, Some(token), &id, "notes", Some("note-x"), &json!({"body": "我也写"}), 403).await;
        assert_eq!(r["status"], 403);
    }
    act(&app, None, &id, "notes", Some("note-x"), &json!({"body": "我也写"}), 401).await;
    // the board and the author's list still show it where it was
    let board = list(&app, "/api/v1/board", None).await;
    assert_eq!(board["items"][0]["updated_at"], before["updated_at"]);
    assert!(!board.to_string().contains("维修预算"));

    // the body's rules: required, at most 1000 characters, no bidi controls
    let bad = act(&app, Some(&u.chen), &id, "notes", Some("note-3"), &json!({"body": "  "}), 400).await;
    assert_eq!(field_codes(&bad), [("body".to_owned(), "required".to_owned())]);
    let bad = act(&app, Some(&u.chen), &id, "notes", Some("note-4"), &json!({"body": "x".repeat(1001)}), 400).await;
    assert_eq!(field_codes(&bad), [("body".to_owned(), "too_long".to_owned())]);
    let bad = act(&app, Some(&u.chen), &id, "notes", Some("note-5"), &json!({"body": "电话\u{202E}0000831"}), 400).await;
    assert_eq!(field_codes(&bad), [("body".to_owned(), "invalid".to_owned())]);
}

#[tokio::test]
async fn private_messages_and_untriaged_ones() {
    let (app, u) = setup();
    let m = create(&app, &u.wang, "k-1", &new_message("家门口积水严重", false)).await;
    let id = id_of(&m);
    // staff note a message still waiting for triage; the deputy it is addressed to does not
    // handle it yet (a private message they cannot see: 404, as for anyone else)
    act(&app, Some(&u.huang), &id, "notes", Some("n-1"), &json!({"body": "像是排水沟堵了"}), 201).await;
    act(&app, Some(&u.li), &id, "notes", Some("n-2"), &json!({"body": "看看"}), 404).await;
    act(&app, Some(&u.he), &id, "notes", Some("n-2"), &json!({"body": "看看"}), 404).await;
    let own = read(&app, Some(&u.wang), &id, 200).await;
    assert_eq!(entries(&own).len(), 1);
    assert!(!own.to_string().contains("排水沟"));
    // a triage without a note adds no internal entry
    let m = read(&app, Some(&u.huang), &id, 200).await;
    let uri = format!("/api/v1/messages/{id}/triage");
    let body = json!({"version": m["version"], "track": "fast", "category_id": "mc_traffic", "handler": {"kind": "deputy", "id": CHEN}});
    let tv = checked(&post(&app, &uri, Some(&u.huang), None, &body).await, "post", &uri, 200);
    let kinds: Vec<String> = entries(&tv).into_iter().map(|e| e.0).collect();
    assert_eq!(kinds, ["submitted", "internal_note", "triaged"]);
    let cv = read(&app, Some(&u.chen), &id, 200).await;
    assert_eq!(cv["can"]["note"], true);
    assert!(cv.to_string().contains("排水沟"));
}

#[tokio::test]
async fn bidi_controls_are_refused_in_user_text() {
    let (app, u) = setup();
    let mut body = new_message("路灯\u{202E}不亮了", true);
    body["body"] = json!("村口路灯坏了一个月\u{2066}没人修理，请尽快处理。");
    body["location"]["label"] = json!("龙湾村\u{202D}村口");
    let r = post(&app, "/api/v1/messages", Some(&u.wang), Some("k-bidi"), &body).await;
    let p = checked(&r, "post", "/api/v1/messages", 400);
    let mut codes = field_codes(&p);
    codes.sort();
    assert_eq!(codes, [("body".to_owned(), "invalid".to_owned()), ("location".to_owned(), "invalid".to_owned()), ("title".to_owned(), "invalid".to_owned())]);
    // the marks that only set a direction stay allowed
    let ok = new_message("路灯\u{200F}不亮了", true);
    create(&app, &u.wang, "k-rlm", &ok).await;
}

#[test]
fn migration_8_moves_old_triage_words_to_internal_notes() {
    if common::on_postgres().is_some() {
        // SQLite's text of migration 8, run by hand; its PostgreSQL twin is compared with it
        // row for row in tests/postgres.rs
        return;
    }
    let app = TestApp::new();
    app.db.with_conn(|c| {
        // rows of messages that are not there: only the timeline matters here
        c.execute_batch("PRAGMA foreign_keys = OFF;")?;
        c.execute_batch(
            "INSERT INTO message_timeline (id, message_id, at, kind, actor_id, actor_role, actor_name, status, note) VALUES
               ('t_000001', 'm_1', 100, 'submitted', 'u_1', 'citizen', '王秀英', 'submitted', NULL),
               ('t_000002', 'm_1', 200, 'triaged', 'u_2', 'staff', '黄丽', 'assigned', '民生小事，交由陈志强办理。请尽快，别告诉群众预算'),
               ('t_000003', 'm_2', 300, 'triaged', 'u_2', 'staff', '黄丽', 'assigned', '重大议题，交由城建办办理'),
               ('t_000004', 'm_1', 400, 'replied', 'u_3', 'deputy', '陈志强', 'replied', NULL);",
        )?;
        c.execute_batch(include_str!("../migrations/0008_internal_triage_notes.sql"))?;
        let rows: Vec<(String, String, String, i64, Option<String>)> = c
            .prepare("SELECT id, message_id, kind, at, note FROM message_timeline ORDER BY at, seq")?
            .query_map((), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
            .collect::<Result<_, _>>()?;
        let note = |s: &str| Some(s.to_owned());
        assert_eq!(
            rows,
            [
                ("t_000001".into(), "m_1".into(), "submitted".into(), 100, None),
                ("t_000002".into(), "m_1".into(), "triaged".into(), 200, note("民生小事，交由陈志强办理")),
                ("t_000002_note".into(), "m_1".into(), "internal_note".into(), 200, note("请尽快，别告诉群众预算")),
                ("t_000003".into(), "m_2".into(), "triaged".into(), 300, note("重大议题，交由城建办办理")),
                ("t_000004".into(), "m_1".into(), "replied".into(), 400, None),
            ]
        );
        Ok::<_, server::sql::Error>(())
    })
    .expect("migration");
}
