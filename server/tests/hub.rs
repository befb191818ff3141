//! What the app's service hub, recipient picker, station pages and search need (issue 10):
//! `/meta` with the township, its mark and the main station; stations with their villages and
//! position; deputies with one station's first; a message to a liaison station ("not sure
//! whom"), triaged by staff; the count of one's open messages; search by relevance with
//! excerpts.

mod common;
mod msgsupport;

use common::{article, schema, TestApp, DAY, NOW};
use contract::ArticleKind::{News, Policy};
use serde_json::{json, Value};
use server::cursor::Cursor as _;

fn enc(q: &str) -> String {
    q.bytes().map(|b| format!("%{b:02X}")).collect()
}

fn field(v: &Value, name: &str) -> Vec<String> {
    v["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i[name].as_str().expect("field").to_owned())
        .collect()
}

// ---------------------------------------------------------------------------
// /meta
// ---------------------------------------------------------------------------

#[tokio::test]
async fn meta_names_the_township_its_mark_and_the_main_station() {
    // Nothing configured, no stations: only the name and version.
    let bare = TestApp::new();
    let v = bare.ok("/api/v1/meta").await;
    schema::assert_response("/api/v1/meta", 200, "application/json", &v);
    assert_eq!(v["township"], "");
    assert!(v.get("emblem").is_none() && v.get("station").is_none(), "{v}");

    // The demo identity; the main station defaults to the first in display order.
    let app = TestApp::with_config(|c| {
        c.name = String::new();
        *c = c.clone().with_demo_identity();
    });
    app.seed_people();
    let v = app.ok("/api/v1/meta").await;
    schema::assert_response("/api/v1/meta", 200, "application/json", &v);
    assert_eq!(v["name"], "清远市清新区龙湾镇人大主席团");
    assert_eq!(v["township"], "龙湾镇");
    assert_eq!(
        v["station"],
        json!({"id": "st_center", "name": "龙湾镇人大代表中心联络站", "phone": "0763-5800101"})
    );
    assert_eq!(v["emblem"]["url"], "/media/emblem.svg");
    assert_eq!(v["emblem"]["alt"], "龙湾镇的标志");
    assert_eq!(v["emblem"]["width"], 96);
    let svg = app.get("/media/emblem.svg").await;
    assert_eq!(svg.status, 200);
    assert_eq!(svg.header("content-type"), Some("image/svg+xml"));
    assert!(svg.text().starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));

    // A configured station (without a phone), and one that does not exist: no other instead.
    let router = app.sibling(|c| c.main_station = Some("st_xinxu".into()));
    let v = common::send(&router, get("/api/v1/meta")).await.json();
    assert_eq!(v["station"]["id"], "st_xinxu");
    assert!(v["station"].get("phone").is_none(), "{v}");
    let router = app.sibling(|c| c.main_station = Some("st_gone".into()));
    let v = common::send(&router, get("/api/v1/meta")).await.json();
    assert!(v.get("station").is_none(), "{v}");
}

fn get(uri: &str) -> axum::http::Request<axum::body::Body> {
    axum::http::Request::get(uri)
        .body(axum::body::Body::empty())
        .expect("request")
}

// ---------------------------------------------------------------------------
// Stations and deputies
// ---------------------------------------------------------------------------

#[tokio::test]
async fn stations_say_which_villages_they_serve_and_where_they_are() {
    let app = TestApp::new();
    app.seed_people();
    let s = app.ok("/api/v1/stations/st_heping").await;
    schema::assert_response("/api/v1/stations/{id}", 200, "application/json", &s);
    assert_eq!(s["villages"], json!(["和平村", "大坪村"]));
    assert!((s["lat"].as_f64().expect("lat") - 23.82651).abs() < 1e-9);
    assert!((s["lng"].as_f64().expect("lng") - 112.94803).abs() < 1e-9);
    let all = app.ok("/api/v1/stations").await;
    for s in all["items"].as_array().expect("items") {
        assert!(!s["villages"].as_array().expect("villages").is_empty(), "{s}");
        assert!(s["lat"].is_f64() && s["lng"].is_f64(), "{s}");
    }
    // A station without them leaves them out (they are optional).
    app.db.with_conn(|c| {
        c.execute(
            "INSERT INTO stations (id, name, address, reception_hours) VALUES ('st_new', '新站', '', '')",
            (),
        )
        .expect("insert")
    });
    let s = app.ok("/api/v1/stations/st_new").await;
    schema::assert_response("/api/v1/stations/{id}", 200, "application/json", &s);
    assert!(s.get("villages").is_none() && s.get("lat").is_none(), "{s}");
}

#[tokio::test]
async fn one_stations_deputies_first_through_every_page_size() {
    let app = TestApp::new();
    app.seed_people();
    let all = app.ok("/api/v1/deputies?limit=50").await;
    let by_name = field(&all, "id");
    let station_of = |id: &str| -> String {
        all["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|d| d["id"] == id)
            .and_then(|d| d["station"]["id"].as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let (first, rest): (Vec<String>, Vec<String>) =
        by_name.iter().cloned().partition(|id| station_of(id) == "st_heping");
    assert_eq!(first.len(), 3);
    let expected: Vec<String> = first.iter().chain(rest.iter()).cloned().collect();
    for limit in [1, 2, 3, 5, 50] {
        let (got, pages) = app
            .walk(&format!("/api/v1/deputies?first_station=st_heping&limit={limit}"))
            .await;
        assert_eq!(got, expected, "limit {limit}");
        assert_eq!(pages, 12_usize.div_ceil(limit), "limit {limit}");
    }
    let page = app.ok("/api/v1/deputies?first_station=st_heping&limit=4").await;
    schema::assert_response("/api/v1/deputies", 200, "application/json", &page);
    // With a search: still that station's first, among the matches only.
    let (got, _) = app
        .walk(&format!("/api/v1/deputies?first_station=st_heping&q={}&limit=1", enc("道路")))
        .await;
    let (plain, _) = app.walk(&format!("/api/v1/deputies?q={}", enc("道路"))).await;
    assert_eq!(got.len(), plain.len());
    let firsts = got.iter().take_while(|id| station_of(id) == "st_heping").count();
    assert!(firsts >= 1 && got[firsts..].iter().all(|id| station_of(id) != "st_heping"), "{got:?}");
    // An unknown station puts nobody first; with `station` the hint is moot.
    let (got, _) = app.walk("/api/v1/deputies?first_station=st_gone&limit=5").await;
    assert_eq!(got, by_name);
    let (got, _) = app
        .walk("/api/v1/deputies?station=st_shixia&first_station=st_heping&limit=2")
        .await;
    assert!(got.iter().all(|id| station_of(id) == "st_shixia") && got.len() == 3);
}

#[tokio::test]
async fn first_station_is_validated_and_keeps_its_own_cursors() {
    let app = TestApp::new();
    app.seed_people();
    let r = app.get(&format!("/api/v1/deputies?first_station={}", "x".repeat(65))).await;
    assert_eq!(r.error_fields(), ["first_station"]);
    let r = app.get("/api/v1/deputies?first_station=%20").await;
    assert_eq!(r.error_fields(), ["first_station"]);
    // empty = absent (api/README.md)
    assert_eq!(app.ok("/api/v1/deputies?first_station=").await, app.ok("/api/v1/deputies").await);
    // A cursor of the plain list is not one of the grouped walk, and the other way round.
    let plain = app.ok("/api/v1/deputies?limit=2").await;
    let c = plain["next_cursor"].as_str().expect("cursor");
    let r = app.get(&format!("/api/v1/deputies?first_station=st_heping&cursor={c}")).await;
    assert_eq!(r.error_fields(), ["cursor"]);
    let grouped = app.ok("/api/v1/deputies?first_station=st_heping&limit=2").await;
    let c = grouped["next_cursor"].as_str().expect("cursor");
    assert!(server::cursor::DeputyGroupCursor::decode(c).is_some());
    let r = app.get(&format!("/api/v1/deputies?cursor={c}")).await;
    assert_eq!(r.error_fields(), ["cursor"]);
}

// ---------------------------------------------------------------------------
// Messages to a liaison station
// ---------------------------------------------------------------------------

fn to_station(station: &str) -> Value {
    json!({
        "recipient": {"kind": "station", "id": station},
        "category_id": "mc_other",
        "title": "不知道该找谁反映",
        "body": "家门口的排水沟堵了好几天，不知道归哪个部门管。",
        "public": false
    })
}

#[tokio::test]
async fn a_message_to_the_station_waits_in_staffs_triage_queue() {
    let (app, u) = msgsupport::setup();
    let r = msgsupport::post(&app, "/api/v1/messages", Some(&u.wang), Some("k-station-1"), &to_station("st_center")).await;
    let m = msgsupport::checked(&r, "post", "/api/v1/messages", 201);
    let id = m["id"].as_str().expect("id").to_owned();
    assert_eq!(m["recipient"], json!({"kind": "station", "id": "st_center", "name": "龙湾镇人大代表中心联络站"}));
    assert_eq!(m["status"], "submitted");
    assert!(m.get("handler").is_none() || m["handler"].is_null(), "{m}");

    // Staff see it in the triage queue; no deputy has it in their inbox.
    let r = msgsupport::get(&app, "/api/v1/triage?limit=50", Some(&u.huang)).await;
    let queue = msgsupport::checked(&r, "get", "/api/v1/triage", 200);
    let row = queue["items"].as_array().expect("items").iter().find(|x| x["id"] == id.as_str()).cloned();
    assert_eq!(row.expect("in the queue")["recipient"]["kind"], "station");
    let r = msgsupport::get(&app, "/api/v1/inbox?limit=50", Some(&u.chen)).await;
    let inbox = msgsupport::checked(&r, "get", "/api/v1/inbox", 200);
    assert!(!field(&inbox, "id").contains(&id));

    // A station is never a handler: triage names a deputy or a department.
    let version = m["version"].as_u64().expect("version");
    let triage = |kind: &str, hid: &str| {
        json!({"version": version, "track": "fast", "category_id": "mc_sanitation",
               "handler": {"kind": kind, "id": hid}})
    };
    let path = format!("/api/v1/messages/{id}/triage");
    let r = msgsupport::post(&app, &path, Some(&u.huang), None, &triage("station", "st_center")).await;
    msgsupport::checked(&r, "post", &path, 400);
    assert_eq!(r.error_fields(), ["handler"]);
    let r = msgsupport::post(&app, &path, Some(&u.huang), None, &triage("department", "dept_eco")).await;
    let m = msgsupport::checked(&r, "post", &path, 200);
    assert_eq!(m["status"], "assigned");
    assert_eq!(m["handler"]["kind"], "department");
    assert_eq!(m["recipient"]["kind"], "station", "the author still sees whom they wrote to");

    // The author's list names the station.
    let r = msgsupport::get(&app, "/api/v1/messages/mine?limit=50", Some(&u.wang)).await;
    let mine = msgsupport::checked(&r, "get", "/api/v1/messages/mine", 200);
    let row = mine["items"].as_array().expect("items").iter().find(|x| x["id"] == id.as_str()).cloned();
    assert_eq!(row.expect("mine")["recipient"]["name"], "龙湾镇人大代表中心联络站");
}

#[tokio::test]
async fn an_unknown_station_is_refused_at_the_recipient() {
    let (app, u) = msgsupport::setup();
    let r = msgsupport::post(&app, "/api/v1/messages", Some(&u.wang), Some("k-station-2"), &to_station("st_gone")).await;
    msgsupport::checked(&r, "post", "/api/v1/messages", 400);
    assert_eq!(r.error_fields(), ["recipient"]);
    // A department's id is no station's.
    let r = msgsupport::post(&app, "/api/v1/messages", Some(&u.wang), Some("k-station-3"), &to_station("dept_eco")).await;
    assert_eq!(r.error_fields(), ["recipient"]);
}

#[tokio::test]
async fn my_messages_summary_counts_the_open_ones() {
    let (app, u) = msgsupport::setup();
    let r = msgsupport::get(&app, "/api/v1/messages/mine/summary", None).await;
    msgsupport::checked(&r, "get", "/api/v1/messages/mine/summary", 401);
    let summary = |token: &str| {
        let app = &app;
        let token = token.to_owned();
        async move {
            let r = msgsupport::get(app, "/api/v1/messages/mine/summary", Some(&token)).await;
            msgsupport::checked(&r, "get", "/api/v1/messages/mine/summary", 200)
        }
    };
    assert_eq!(summary(&u.wang).await, json!({"open": 0, "total": 0}));
    for (i, to) in ["st_center", "st_heping"].iter().enumerate() {
        let key = format!("k-sum-{i}");
        let r = msgsupport::post(&app, "/api/v1/messages", Some(&u.wang), Some(&key), &to_station(to)).await;
        msgsupport::checked(&r, "post", "/api/v1/messages", 201);
    }
    assert_eq!(summary(&u.wang).await, json!({"open": 2, "total": 2}));
    assert_eq!(summary(&u.li).await, json!({"open": 0, "total": 0}), "only one's own");
    // A closed message is not open any more.
    app.db.with_conn(|c| {
        c.execute("UPDATE messages SET status = 'closed' WHERE recipient_id = 'st_heping'", ())
            .expect("close")
    });
    assert_eq!(summary(&u.wang).await, json!({"open": 1, "total": 2}));
}

// ---------------------------------------------------------------------------
// Search by relevance
// ---------------------------------------------------------------------------

fn relevance_fixture(app: &TestApp) {
    app.insert_articles(&[
        // newest: the word only deep in the body
        article(
            "a_000001",
            News,
            None,
            NOW - DAY,
            "镇人大主席团召开会议",
            "会议还听取了关于新圩街人行道和村道路灯维修情况的汇报，要求尽快完成。",
        ),
        // the word in the title
        article("a_000002", Policy, None, NOW - 9 * DAY, "路灯维修怎么报", "可以在掌上人大留言。"),
        // in the summary and body but not the title
        article("a_000003", News, None, NOW - 5 * DAY, "村里的夜晚亮起来了", "二十盏路灯全部点亮，路灯由村委会管护。"),
        article("a_000004", News, None, NOW - 2 * DAY, "无关的新闻", "今天天气很好。"),
    ]);
    // a_000003's summary mentions it too
    app.db.with_conn(|c| {
        c.execute(
            "UPDATE articles SET summary = '村道装上了路灯' WHERE id = 'a_000003'",
            (),
        )
        .expect("summary")
    });
}

#[tokio::test]
async fn relevance_puts_title_matches_first_and_pages_without_gaps() {
    let app = TestApp::new();
    relevance_fixture(&app);
    let q = enc("路灯");
    let newest = app.ok(&format!("/api/v1/articles?q={q}")).await;
    assert_eq!(field(&newest, "id"), ["a_000001", "a_000003", "a_000002"]);
    let ranked = app.ok(&format!("/api/v1/articles?q={q}&sort=relevance")).await;
    schema::assert_response("/api/v1/articles", 200, "application/json", &ranked);
    // SQLite's bm25 also counts how often the word occurs (a_000003 has it twice); PostgreSQL's
    // score weighs where it occurs only, and a tie is newest first (docs/postgres.md, Ranking)
    let expected = if common::on_postgres().is_some() {
        ["a_000002", "a_000001", "a_000003"]
    } else {
        ["a_000002", "a_000003", "a_000001"]
    };
    assert_eq!(field(&ranked, "id"), expected);
    for limit in [1, 2, 3] {
        let (got, pages) = app.walk(&format!("/api/v1/articles?q={q}&sort=relevance&limit={limit}")).await;
        assert_eq!(got, expected, "limit {limit}");
        assert_eq!(pages, 3_usize.div_ceil(limit), "limit {limit}");
    }
    // One character still finds what two do (1- and 2-character queries work ranked too).
    let (one, _) = app.walk(&format!("/api/v1/articles?q={}&sort=relevance&limit=1", enc("灯"))).await;
    assert_eq!(one.len(), 3);
    assert_eq!(one[0], "a_000002");
    // `sort=newest` is the default order; relevance without a query is newest first too.
    let v = app.ok(&format!("/api/v1/articles?q={q}&sort=newest")).await;
    assert_eq!(field(&v, "id"), field(&newest, "id"));
    let v = app.ok("/api/v1/articles?sort=relevance").await;
    assert_eq!(field(&v, "id"), ["a_000001", "a_000004", "a_000003", "a_000002"]);
}

#[tokio::test]
async fn results_matching_only_in_the_body_carry_an_excerpt() {
    let app = TestApp::new();
    relevance_fixture(&app);
    for sort in ["", "&sort=relevance"] {
        let v = app.ok(&format!("/api/v1/articles?q={}{sort}", enc("路灯"))).await;
        let items = v["items"].as_array().expect("items");
        let excerpt = |id: &str| items.iter().find(|a| a["id"] == id).and_then(|a| a.get("excerpt")).cloned();
        assert_eq!(
            excerpt("a_000001"),
            Some(json!("…议还听取了关于新圩街人行道和村道路灯维修情况的汇报，要求尽快完成。"))
        );
        assert_eq!(excerpt("a_000002"), None, "the title has it");
        assert_eq!(excerpt("a_000003"), None, "the summary has it");
    }
    // Not in ordinary lists.
    let v = app.ok("/api/v1/articles").await;
    assert!(v["items"].as_array().expect("items").iter().all(|a| a.get("excerpt").is_none()));
}

#[tokio::test]
async fn bad_sorts_and_foreign_rank_cursors_are_400() {
    let app = TestApp::new();
    relevance_fixture(&app);
    let r = app.get("/api/v1/articles?q=%E7%81%AF&sort=best").await;
    assert_eq!(r.error_fields(), ["sort"]);
    let first = app.ok(&format!("/api/v1/articles?q={}&sort=relevance&limit=1", enc("路灯"))).await;
    let c = first["next_cursor"].as_str().expect("cursor").to_owned();
    // another query, another filter, or the newest-first walk: not this cursor
    for other in [
        format!("/api/v1/articles?q={}&sort=relevance&cursor={c}", enc("灯")),
        format!("/api/v1/articles?q={}&sort=relevance&kind=news&cursor={c}", enc("路灯")),
        format!("/api/v1/articles?q={}&cursor={c}", enc("路灯")),
    ] {
        let r = app.get(&other).await;
        assert_eq!(r.error_fields(), ["cursor"], "{other}");
    }
    let newest = app.ok(&format!("/api/v1/articles?q={}&limit=1", enc("路灯"))).await;
    let c = newest["next_cursor"].as_str().expect("cursor");
    let r = app.get(&format!("/api/v1/articles?q={}&sort=relevance&cursor={c}", enc("路灯"))).await;
    assert_eq!(r.error_fields(), ["cursor"]);
}

// ---------------------------------------------------------------------------
// Demo data
// ---------------------------------------------------------------------------

/// Whether `text` has something that looks like an HTML tag (`<b>`, `</p>`, `<script …`).
fn looks_like_markup(text: &str) -> bool {
    let b = text.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        c == b'<' && {
            let rest = &b[i + 1..];
            let rest = rest.strip_prefix(b"/").unwrap_or(rest);
            rest.first().is_some_and(u8::is_ascii_alphabetic)
        }
    })
}

#[test]
fn markup_is_recognised() {
    assert!(looks_like_markup("输入<b>加粗</b>"));
    assert!(looks_like_markup("x</p>"));
    assert!(looks_like_markup("<script>"));
    assert!(!looks_like_markup("a < b，1<2"));
    assert!(!looks_like_markup("尖括号〈〉"));
}

/// The demo is what a township would really show: no placeholder names and no test
/// leftovers (raw markup) in any text it seeds — articles, events, people, messages,
/// notifications — nor in what `/meta` says.
#[tokio::test]
async fn demo_data_has_no_placeholders_or_markup() {
    // (the tests' own name is a placeholder by design: the demo's is what is checked)
    let app = TestApp::with_config(|c| {
        c.name = String::new();
        *c = c.clone().with_demo_identity();
    });
    let tz = 8 * 3600;
    server::demo::seed_if_empty(&app.db, NOW).expect("content").expect("seeded");
    app.seed_people();
    server::demo::messages::seed_messages_if_empty(&app.db, NOW, tz).expect("messages").expect("seeded");
    app.db.with_conn(|c| server::demo::notifications::seed(c, NOW)).expect("notifications");
    let placeholders = ["示范", "测试", "test", "Test", "TODO", "lorem", "xxx", "占位"];
    // (测试 is a real word in the demo — 数字履职能力测试 — so only where nothing else explains it)
    let allowed = |s: &str| s.contains("能力测试") || s.contains("测试成绩") || s.contains("测试怎么考")
        || s.contains("测试全程") || s.contains("测试结果") || s.contains("入门级测试") || s.contains("进阶级测试")
        || s.contains("考试、测试") || s.contains("共同测试") || s.contains("测试已结束") || s.contains("测试安排")
        || s.contains("测试，") || s.contains("测试。");
    let found: Vec<String> = app.db.with_conn(|c| {
        let listing = if c.is_postgres() {
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() \
             AND table_name NOT LIKE 'articles_fts%' AND table_name NOT IN ('files', 'uploads', 'sessions', 'sms_codes', 'idempotency', 'zsrd_schema')"
        } else {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name NOT LIKE 'articles_fts%' AND name NOT IN ('files', 'uploads', 'sessions', 'sms_codes', 'idempotency')"
        };
        let tables: Vec<String> = c
            .prepare(listing)
            .expect("sql")
            .query_map((), |r| r.get(0))
            .expect("tables")
            .collect::<Result<_, _>>()
            .expect("names");
        let mut found = Vec::new();
        for t in tables {
            let mut stmt = c.prepare(&format!("SELECT * FROM \"{t}\"")).expect("select");
            let n = stmt.column_count();
            let mut rows = stmt.query(()).expect("rows");
            while let Some(row) = rows.next().expect("row") {
                for i in 0..n {
                    // (a column that is not text is not read as text)
                    if let Ok(Some(s)) = row.get::<_, Option<String>>(i) {
                        if looks_like_markup(&s) || placeholders.iter().any(|p| s.contains(p)) && !allowed(&s) {
                            found.push(format!("{t}: {s}"));
                        }
                    }
                }
            }
        }
        found
    });
    assert!(found.is_empty(), "{found:#?}");
    let meta = app.ok("/api/v1/meta").await;
    let text = meta.to_string();
    assert!(!looks_like_markup(&text) && !placeholders.iter().any(|p| text.contains(p)), "{text}");
}
