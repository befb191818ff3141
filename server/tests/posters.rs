//! Posters (issue 16, §2 "Reaching people where they are"): staff make them, everyone else is
//! refused; every bad field named; the QR's path per target; opens counted per week without
//! sign-in, limited per address; messages counted through `via` — and no personal data: the
//! counters are per poster and week only, and nothing of the poster is stored with the message.
//! Every answer is checked against the contract (`api/openapi.json`).

mod common;
mod msgsupport;

use axum::http::Method;
use common::*;
use msgsupport::*;
use serde_json::{json, Value};

async fn make(app: &TestApp, token: &str, key: &str, body: Value) -> Value {
    call_with_key(app, Method::POST, "/api/v1/posters", Some(token), Some(key), Some(&body), 201).await
}

async fn poster(app: &TestApp, token: &str, id: &str) -> Value {
    call(app, Method::GET, &format!("/api/v1/posters/{id}"), Some(token), None, 200).await
}

async fn open(app: &TestApp, id: &str, status: u16) -> Value {
    call(app, Method::POST, &format!("/api/v1/posters/{id}/opens"), None, None, status).await
}

/// Every row of every table, as text (to look for what must not be stored).
fn dump(app: &TestApp, skip: &[&str]) -> String {
    app.db.with_conn(|conn| {
        let listing = if conn.is_postgres() {
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() \
             AND table_name NOT LIKE '%fts%' AND table_name <> 'zsrd_schema' ORDER BY table_name"
        } else {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'"
        };
        let tables: Vec<String> = conn
            .prepare(listing)
            .unwrap()
            .query_map((), |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut out = String::new();
        for t in tables.iter().filter(|t| !skip.contains(&t.as_str())) {
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
            let n = stmt.column_count();
            let mut rows = stmt.query(()).unwrap();
            while let Some(row) = rows.next().unwrap() {
                for i in 0..n {
                    if let Ok(v) = row.get::<_, server::sql::types::Value>(i) {
                        out.push_str(&format!("{t}: {v:?}\n"));
                    }
                }
            }
        }
        out
    })
}

#[tokio::test]
async fn staff_make_posters_for_a_deputy_a_station_and_home_and_others_may_not() {
    let (app, u) = setup();
    let body = json!({"target": "deputy", "target_id": HE, "place": " 石峡村委会公告栏 "});
    // not signed in, a citizen, a deputy
    call_with_key(&app, Method::POST, "/api/v1/posters", None, Some("k1"), Some(&body), 401).await;
    call_with_key(&app, Method::POST, "/api/v1/posters", Some(&u.wang), Some("k1"), Some(&body), 403).await;
    call_with_key(&app, Method::POST, "/api/v1/posters", Some(&u.chen), Some("k1"), Some(&body), 403).await;
    call(&app, Method::GET, "/api/v1/posters", Some(&u.wang), None, 403).await;
    call(&app, Method::GET, "/api/v1/posters", None, None, 401).await;

    let p = make(&app, &u.huang, "k1", body.clone()).await;
    assert_eq!(p["place"], "石峡村委会公告栏", "trimmed");
    assert_eq!(p["target"], "deputy");
    assert_eq!(p["target_name"], "何美玲");
    let id = p["id"].as_str().unwrap().to_owned();
    assert_eq!(p["path"], format!("/d/LW02?via={id}"), "the deputy's QR short link with the poster");
    assert_eq!((p["opens"].as_u64(), p["messages"].as_u64()), (Some(0), Some(0)));
    // a retry answers the same poster; another body with the key is a conflict
    assert_eq!(make(&app, &u.huang, "k1", body).await["id"], p["id"]);
    call_with_key(&app, Method::POST, "/api/v1/posters", Some(&u.huang), Some("k1"),
        Some(&json!({"target": "home", "place": "别处"})), 409).await;

    let s = make(&app, &u.huang, "k2", json!({"target": "station", "target_id": "st_heping", "place": "和平村小学宣传栏"})).await;
    assert_eq!(s["path"], format!("/stations/st_heping?via={}", s["id"].as_str().unwrap()));
    assert_eq!(s["target_name"], "和平村人大代表联络点");
    let h = make(&app, &u.huang, "k3", json!({"target": "home", "place": "卫生院挂号处"})).await;
    assert_eq!(h["path"], format!("/deputies?via={}", h["id"].as_str().unwrap()));
    assert!(h.get("target_id").is_none());

    // staff see them, newest first, page by page; one by id; another's id is 404
    let (ids, pages) = walk_signed_in(&app, "/api/v1/posters?limit=2", &u.huang).await;
    assert_eq!(ids, vec![h["id"].as_str().unwrap(), s["id"].as_str().unwrap(), id.as_str()]);
    assert_eq!(pages, 2);
    assert_eq!(poster(&app, &u.huang, &id).await["place"], "石峡村委会公告栏");
    call(&app, Method::GET, &format!("/api/v1/posters/{id}"), Some(&u.wang), None, 403).await;
    call(&app, Method::GET, "/api/v1/posters/ps_99999", Some(&u.huang), None, 404).await;
}

#[tokio::test]
async fn every_bad_field_of_a_poster_is_named() {
    let (app, u) = setup();
    let bad = |body: Value| {
        let app = &app;
        let token = u.huang.clone();
        async move {
            let v = call_with_key(app, Method::POST, "/api/v1/posters", Some(&token), Some("bad"), Some(&body), 400).await;
            field_codes(&v)
        }
    };
    let pair = |f: &str, c: &str| (f.to_owned(), c.to_owned());
    assert_eq!(bad(json!({"target": "deputy", "place": "公告栏"})).await, vec![pair("target_id", "required")]);
    assert_eq!(bad(json!({"target": "home", "target_id": HE, "place": "公告栏"})).await, vec![pair("target_id", "invalid")]);
    assert_eq!(
        bad(json!({"target": "noticeboard", "place": "长".repeat(41)})).await,
        vec![pair("target", "invalid"), pair("place", "too_long")]
    );
    assert_eq!(bad(json!({"target": "home"})).await, vec![pair("place", "required")]);
    assert_eq!(bad(json!({"target": "deputy", "target_id": "dp_nobody", "place": "公告栏"})).await, vec![pair("target_id", "invalid")]);
    assert_eq!(bad(json!({"target": "station", "target_id": HE, "place": "公告栏"})).await, vec![pair("target_id", "invalid")]);
    // without an Idempotency-Key
    let r = post(&app, "/api/v1/posters", Some(&u.huang), None, &json!({"target": "home", "place": "公告栏"})).await;
    assert_eq!(r.status.as_u16(), 400);
    let list = call(&app, Method::GET, "/api/v1/posters", Some(&u.huang), None, 200).await;
    assert!(list["items"].as_array().unwrap().is_empty(), "nothing was made");
    call(&app, Method::GET, "/api/v1/posters?cursor=zzz", Some(&u.huang), None, 400).await;
}

#[tokio::test]
async fn opens_and_messages_are_counted_per_week_without_personal_data() {
    let (app, u) = setup();
    let p = make(&app, &u.huang, "k1", json!({"target": "deputy", "target_id": CHEN, "place": "龙湾村公告栏"})).await;
    let id = p["id"].as_str().unwrap().to_owned();
    // anyone opens it, without signing in; an unknown or malformed poster is 404
    open(&app, &id, 204).await;
    open(&app, &id, 204).await;
    open(&app, "ps_99999", 404).await;
    open(&app, "不是编号", 404).await;
    // a message written in such a visit carries the poster; a retry of it counts nothing more
    let mut m = new_message("村口路灯不亮", false);
    m["via"] = json!(id);
    let sent = create(&app, &u.wang, "m1", &m).await;
    create(&app, &u.wang, "m1", &m).await;
    // a message without a poster, and one of a poster taken down or mistyped: not counted, sent
    create(&app, &u.li, "m2", &new_message("垃圾清运不及时", false)).await;
    let mut stray = new_message("桥面有裂缝需要维修", false);
    stray["via"] = json!("ps_99999");
    create(&app, &u.li, "m3", &stray).await;
    // a malformed poster id is a field error, like any other field
    let mut malformed = new_message("下水道堵塞", false);
    malformed["via"] = json!("不是编号");
    let v = call_with_key(&app, Method::POST, "/api/v1/messages", Some(&u.li), Some("m4"), Some(&malformed), 400).await;
    assert_eq!(field_codes(&v), vec![("via".to_owned(), "invalid".to_owned())]);

    let week1 = poster(&app, &u.huang, &id).await;
    assert_eq!((week1["opens"].as_u64(), week1["messages"].as_u64()), (Some(2), Some(1)));
    let weeks = week1["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 1);
    // NOW is a Friday (2027-01-15, township time): its week began on Monday the 11th
    assert_eq!(weeks[0], json!({"week_start": "2027-01-11", "opens": 2, "messages": 1}));

    // the next week has its own row; the list shows the newest week first
    later(&app, 7 * DAY);
    open(&app, &id, 204).await;
    let listed = call(&app, Method::GET, "/api/v1/posters", Some(&u.huang), None, 200).await;
    let item = &listed["items"][0];
    assert_eq!((item["opens"].as_u64(), item["messages"].as_u64()), (Some(3), Some(1)));
    assert_eq!(item["weeks"][0], json!({"week_start": "2027-01-18", "opens": 1, "messages": 0}));
    assert_eq!(item["weeks"][1]["week_start"], "2027-01-11");

    // No personal data: the counters are per poster and week, nothing else …
    let columns: Vec<String> = app.db.with_conn(|conn| {
        let listing = if conn.is_postgres() {
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() \
             AND table_name = 'poster_weeks' ORDER BY ordinal_position"
        } else {
            "SELECT name FROM pragma_table_info('poster_weeks')"
        };
        conn.prepare(listing)
            .unwrap()
            .query_map((), |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    });
    assert_eq!(columns, ["poster_id", "week_start", "opens", "messages"]);
    let counters = dump(&app, &[]).lines().filter(|l| l.starts_with("poster_weeks:")).collect::<Vec<_>>().join("\n");
    for personal in [WANG, LI, "13800000001", "王秀英", sent["id"].as_str().unwrap()] {
        assert!(!counters.contains(personal), "{personal} in the counters: {counters}");
    }
    // … and the poster is stored nowhere but in its own tables: not with the message, its
    // timeline, the stored answer of its request, nor the rate limits
    let elsewhere = dump(&app, &["posters", "poster_weeks"]);
    // (but the stored answer of the staff's request that made it: the poster itself)
    let made = format!("{{\\\"id\\\":\\\"{id}\\\",\\\"target\\\"");
    let found: Vec<&str> = elsewhere.lines().filter(|l| l.contains(&id) && !(l.starts_with("idempotency:") && l.contains(&made))).collect();
    assert!(found.is_empty(), "the poster {id} is stored beside the people's data: {found:?}");
    // the message's author sees no trace of it either
    let mine = read(&app, Some(&u.wang), sent["id"].as_str().unwrap(), 200).await;
    assert!(!mine.to_string().contains(&id));
}

#[tokio::test]
async fn opens_are_limited_per_client_address() {
    let (app, u) = setup();
    let p = make(&app, &u.huang, "k1", json!({"target": "home", "place": "卫生院挂号处"})).await;
    let id = p["id"].as_str().unwrap().to_owned();
    for _ in 0..contract::POSTER_OPENS_PER_HOUR {
        open(&app, &id, 204).await;
    }
    let r = send_req(&app, Method::POST, &format!("/api/v1/posters/{id}/opens"), None, None, None).await;
    assert_eq!(r.status.as_u16(), 429);
    assert!(r.header("retry-after").is_some());
    later(&app, HOUR);
    open(&app, &id, 204).await;
    assert_eq!(poster(&app, &u.huang, &id).await["opens"].as_u64(), Some(u64::from(contract::POSTER_OPENS_PER_HOUR) + 1));
}

#[tokio::test]
async fn the_demo_has_posters_with_weekly_counts() {
    let (app, u) = setup();
    let n = server::demo::posters::seed_posters_if_empty(&app.db, NOW, 8 * HOUR).unwrap();
    assert_eq!(n, Some(3));
    let list = call(&app, Method::GET, "/api/v1/posters", Some(&u.huang), None, 200).await;
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert!(items.iter().all(|p| p["opens"].as_u64().unwrap() > 0 && !p["weeks"].as_array().unwrap().is_empty()));
    assert_eq!(server::demo::posters::seed_posters_if_empty(&app.db, NOW, 8 * HOUR).unwrap(), None);
}
