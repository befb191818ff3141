//! Points and commendation (issue 12, section 5): each cap within a township day and again the
//! next, no double award for one thing, the read rule, the leaderboards' order and masking,
//! commendations and their notification, every denial and validation error. Every answer is
//! checked against the contract (`api/openapi.json`).

mod common;
mod msgsupport;

use axum::http::Method;
use common::*;
use contract::ArticleKind;
use msgsupport::*;
use serde_json::{json, Value};

const ARTICLE: &str = "a_policy";

/// The demo people and six articles.
fn world(config: impl FnOnce(&mut server::Config)) -> (TestApp, Users) {
    let app = TestApp::with_config(config);
    app.state.set_now(NOW);
    let mut list = vec![article(ARTICLE, ArticleKind::Policy, None, NOW - DAY, "村道管护办法解读", "正文")];
    for i in 1..=6 {
        list.push(article(&format!("a_news{i}"), ArticleKind::News, None, NOW - DAY - i, &format!("新闻{i}"), "正文"));
    }
    app.insert_articles(&list);
    setup_with(app)
}

/// Seconds from `NOW` (12:00 in the township, UTC+8) to 00:00:30 of the next township day.
const TO_NEXT_DAY: i64 = 12 * HOUR + 30;

async fn mine(app: &TestApp, token: &str) -> Value {
    call_with_key(app, Method::GET, "/api/v1/points/me", Some(token), None, None, 200).await
}

fn today(summary: &Value, action: &str) -> (u64, u64) {
    let a = summary["today"].as_array().unwrap().iter().find(|a| a["action"] == action).expect(action);
    (a["times_today"].as_u64().unwrap(), a["points"].as_u64().unwrap())
}

async fn history(app: &TestApp, token: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut uri = "/api/v1/points/me/history?limit=3".to_owned();
    loop {
        let page = call_with_key(app, Method::GET, &uri, Some(token), None, None, 200).await;
        out.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => uri = format!("/api/v1/points/me/history?limit=3&cursor={c}"),
            None => return out,
        }
    }
}

async fn comment(app: &TestApp, token: &str, key: &str, text: &str) -> Value {
    let body = json!({"target_kind": "article", "target_id": ARTICLE, "body": text});
    call_with_key(app, Method::POST, "/api/v1/comments", Some(token), Some(key), Some(&body), 201).await
}

#[tokio::test]
async fn comments_pay_five_a_day_once_each_and_again_the_next_township_day() {
    let (app, u) = world(|_| {});
    let start = mine(&app, &u.wang).await;
    assert_eq!(start["total"], 1, "the day's visit");
    assert_eq!(start["level"]["name"], "新芽");
    assert_eq!(start["next_level"]["min_points"], 20);
    for i in 0..6 {
        comment(&app, &u.wang, &format!("c{i}"), &format!("第{i}条意见：建议按里程分配管护经费。")).await;
        later(&app, 11);
    }
    // the same request again (a retry) pays nothing more
    let again = send_req(&app, Method::POST, "/api/v1/comments", Some(&u.wang), Some("c0"),
        Some(&json!({"target_kind": "article", "target_id": ARTICLE, "body": "第0条意见：建议按里程分配管护经费。"}))).await;
    assert_eq!(again.status.as_u16(), 201);
    let s = mine(&app, &u.wang).await;
    assert_eq!(today(&s, "comment"), (5, 1), "the sixth comment earns nothing");
    assert_eq!(today(&s, "daily_visit"), (1, 1));
    assert_eq!(s["total"], 6);
    let h = history(&app, &u.wang).await;
    assert_eq!(h.len(), 6);
    assert_eq!(h[0]["action"], "comment", "newest first");
    assert_eq!(h[0]["title"], "村道管护办法解读");
    assert!(h[0]["link"].as_str().unwrap().starts_with(&format!("/articles/{ARTICLE}#comment-")));
    assert_eq!(h[5]["action"], "daily_visit");

    // 23:59 the same township day: still capped
    later(&app, TO_NEXT_DAY - 6 * 11 - 60);
    comment(&app, &u.wang, "late", "晚上补充一条：山区路段要多给经费。").await;
    assert_eq!(today(&mine(&app, &u.wang).await, "comment").0, 5);
    // the next township day (00:00:30 there, still 16:00 UTC): the caps start again
    later(&app, 90);
    let s = mine(&app, &u.wang).await;
    assert_eq!(today(&s, "comment").0, 0);
    assert_eq!(today(&s, "daily_visit").0, 1, "a new day's visit");
    comment(&app, &u.wang, "next", "第二天再提一条：建议公开经费使用情况。").await;
    let s = mine(&app, &u.wang).await;
    assert_eq!(today(&s, "comment").0, 1);
    assert_eq!(s["total"], 8);
}

#[tokio::test]
async fn a_pre_moderated_comment_pays_when_approved_and_staff_earn_nothing() {
    let (app, u) = world(|c| c.moderation.comments = contract::ModerationMode::Pre);
    let c = comment(&app, &u.wang, "k", "建议村道两侧加装护栏。").await;
    assert_eq!(c["state"], "pending");
    assert_eq!(today(&mine(&app, &u.wang).await, "comment").0, 0);
    let d = json!({"target_kind": "comment", "target_id": c["id"], "action": "approve"});
    call_with_key(&app, Method::POST, "/api/v1/moderation/decisions", Some(&u.huang), None, Some(&d), 200).await;
    assert_eq!(today(&mine(&app, &u.wang).await, "comment").0, 1);
    // staff: their comments and visits pay nothing
    comment(&app, &u.huang, "s", "感谢大家的意见，我们会汇总上报。").await;
    let s = mine(&app, &u.huang).await;
    assert_eq!(s["total"], 0);
}

#[tokio::test]
async fn messages_pay_twice_a_day_and_a_rating_pays_once() {
    let (app, u) = world(|_| {});
    let mut ids = Vec::new();
    for i in 0..3 {
        let m = create(&app, &u.wang, &format!("m{i}"), &new_message(&format!("村口路灯不亮{i}"), false)).await;
        ids.push(m);
    }
    let s = mine(&app, &u.wang).await;
    assert_eq!(today(&s, "message_sent"), (2, 2));
    assert_eq!(s["total"], 2 * 2 + 1);
    // the deputy resolves the first; its author rates it
    let m = triage(&app, &u.huang, &ids[0], "fast", ("deputy", CHEN)).await;
    let id = m["id"].as_str().unwrap().to_owned();
    let m = act(&app, Some(&u.chen), &id, "status", None, &json!({"version": m["version"], "status": "resolved"}), 200).await;
    assert_eq!(m["status"], "resolved");
    act(&app, Some(&u.wang), &id, "rating", None, &json!({"stars": 5}), 200).await;
    let s = mine(&app, &u.wang).await;
    assert_eq!(today(&s, "message_rated"), (1, 2));
    let h = history(&app, &u.wang).await;
    assert_eq!(h[0]["action"], "message_rated");
    assert_eq!(h[0]["link"], format!("/messages/{id}"));
    assert_eq!(h[0]["title"], "村口路灯不亮0");
}

#[tokio::test]
async fn a_visit_is_the_first_get_me_of_the_township_day() {
    let (app, u) = world(|_| {});
    call_with_key(&app, Method::GET, "/api/v1/me", Some(&u.li), None, None, 200).await;
    call_with_key(&app, Method::GET, "/api/v1/me", Some(&u.li), None, None, 200).await;
    assert_eq!(mine(&app, &u.li).await["total"], 1);
    later(&app, TO_NEXT_DAY - 60);
    call_with_key(&app, Method::GET, "/api/v1/me", Some(&u.li), None, None, 200).await;
    assert_eq!(mine(&app, &u.li).await["total"], 1);
    later(&app, 60);
    call_with_key(&app, Method::GET, "/api/v1/me", Some(&u.li), None, None, 200).await;
    assert_eq!(mine(&app, &u.li).await["total"], 2);
}

async fn read(app: &TestApp, token: Option<&str>, article: &str, status: u16) -> Value {
    let body = json!({"article_id": article});
    call_with_key(app, Method::POST, "/api/v1/points/reads", token, None, Some(&body), status).await
}

async fn open(app: &TestApp, token: Option<&str>, article: &str) {
    let uri = format!("/api/v1/articles/{article}");
    call_with_key(app, Method::GET, &uri, token, None, None, 200).await;
}

#[tokio::test]
async fn a_read_pays_only_thirty_seconds_after_a_signed_in_fetch_once_per_article_and_day() {
    let (app, u) = world(|_| {});
    // never opened; opened without the token: no claim
    read(&app, Some(&u.wang), ARTICLE, 409).await;
    open(&app, None, ARTICLE).await;
    later(&app, 60);
    read(&app, Some(&u.wang), ARTICLE, 409).await;
    // opened with the token 29 s ago: too early; at 30 s: paid, once
    open(&app, Some(&u.wang), ARTICLE).await;
    later(&app, 29);
    read(&app, Some(&u.wang), ARTICLE, 409).await;
    later(&app, 1);
    let a = read(&app, Some(&u.wang), ARTICLE, 200).await;
    assert_eq!((a["action"].as_str(), a["points"].as_u64(), a["total"].as_u64()), (Some("article_read"), Some(1), Some(1)));
    assert_eq!(read(&app, Some(&u.wang), ARTICLE, 200).await["points"], 0, "one read per article and day");
    // another user's fetch does not count for this one
    open(&app, Some(&u.li), "a_news1").await;
    later(&app, 31);
    read(&app, Some(&u.wang), "a_news1", 409).await;
    // five reads a day
    for i in 1..=6 {
        open(&app, Some(&u.wang), &format!("a_news{i}")).await;
    }
    later(&app, 30);
    let paid: Vec<u64> = {
        let mut v = Vec::new();
        for i in 1..=6 {
            v.push(read(&app, Some(&u.wang), &format!("a_news{i}"), 200).await["points"].as_u64().unwrap());
        }
        v
    };
    assert_eq!(paid, vec![1, 1, 1, 1, 0, 0]);
    // the next day the same article pays again (its fetch is still noted)
    later(&app, TO_NEXT_DAY);
    assert_eq!(read(&app, Some(&u.wang), ARTICLE, 200).await["points"], 1);
    // denials and validation
    read(&app, None, ARTICLE, 401).await;
    read(&app, Some(&u.wang), "a_nothing", 404).await;
    let r = read(&app, Some(&u.wang), "not an id", 400).await;
    assert_eq!(field_codes(&r), vec![("article_id".to_owned(), "invalid".to_owned())]);
    let r = call_with_key(&app, Method::POST, "/api/v1/points/reads", Some(&u.wang), None, Some(&json!({})), 400).await;
    assert_eq!(field_codes(&r)[0].0, "article_id");
}

fn ledger(app: &TestApp, user: &str, action: &str, reference: &str, points: u32, at: i64) {
    app.db
        .with_conn(|c| {
            c.execute(
                "INSERT INTO points_ledger (user_id, action, reference, points, title, day, at) VALUES (?1, ?2, ?3, ?4, '', ?5, ?6)",
                server::params![user, action, reference, points, (at + 8 * HOUR) / DAY, at],
            )
        })
        .expect("ledger");
}

#[tokio::test]
async fn leaderboards_rank_by_the_period_mask_citizens_and_filter_by_station() {
    let (app, _) = world(|_| {});
    // mid-year (NOW is in January), with fresh sessions
    let now = NOW + 160 * DAY;
    app.state.set_now(now);
    let wang = app.token_for(WANG);
    // this month: 李 12 + visit, 陈 (deputy) 12, 王 3; 王 had 100 a few months ago (this year)
    let month_start = server::points::period_start(contract::LeaderboardPeriod::Month, now, 8 * HOUR);
    let year_start = server::points::period_start(contract::LeaderboardPeriod::Year, now, 8 * HOUR);
    assert!(year_start < month_start - 40 * DAY, "the fixture's now is late enough in the year");
    ledger(&app, LI, "comment_adopted", "c_x", 10, now - HOUR);
    ledger(&app, LI, "poll_vote", "p_x", 2, now - HOUR);
    ledger(&app, CHEN_USER, "comment_adopted", "c_y", 10, now - 2 * HOUR);
    ledger(&app, CHEN_USER, "poll_vote", "p_y", 2, now - 2 * HOUR);
    ledger(&app, WANG, "comment_adopted", "c_old", 100, month_start - 10 * DAY);
    ledger(&app, WANG, "poll_vote", "p_z", 2, now - HOUR);
    ledger(&app, WANG, "comment_adopted", "c_last_year", 10, year_start - DAY);
    let board = call_with_key(&app, Method::GET, "/api/v1/points/leaderboard", Some(&wang), None, None, 200).await;
    assert_eq!(board["period"], "month");
    assert_eq!(board["since"], server::clock::rfc3339(month_start));
    let rows = board["rows"].as_array().unwrap();
    let shown: Vec<(String, u64, u64)> = rows
        .iter()
        .map(|r| (r["name"].as_str().unwrap().to_owned(), r["points"].as_u64().unwrap(), r["rank"].as_u64().unwrap()))
        .collect();
    // equal points share a rank (the earlier earner first); a citizen masked, a deputy named
    assert_eq!(shown, vec![("陈志强".into(), 12, 1), ("李*".into(), 12, 1), ("王*".into(), 2, 3)]);
    assert_eq!(rows[0]["role"], "deputy");
    assert_eq!(board["you"]["name"], "王*", "the viewer's own row, masked like the others");
    assert_eq!(board["you"]["is_you"], true);
    let year = call_with_key(&app, Method::GET, "/api/v1/points/leaderboard?period=year", None, None, None, 200).await;
    assert_eq!(year["rows"][0]["name"], "王*");
    assert_eq!(year["rows"][0]["points"], 102);
    assert!(year.get("you").is_none());
    // account ids for staff only (whom to commend), never for others
    assert!(rows.iter().all(|r| r.get("user_id").is_none()), "no account ids for a citizen");
    let staff = app.token_for(HUANG);
    let staff_year = call_with_key(&app, Method::GET, "/api/v1/points/leaderboard?period=year", Some(&staff), None, None, 200).await;
    assert_eq!(staff_year["rows"][0]["user_id"], WANG);
    assert_eq!(staff_year["rows"][0]["name"], "王*");
    // by station: the deputy's station from their profile
    let station = rows[0]["station"]["id"].as_str().expect("the deputy's station").to_owned();
    let uri = format!("/api/v1/points/leaderboard?station={station}");
    let st = call_with_key(&app, Method::GET, &uri, None, None, None, 200).await;
    assert!(st["rows"].as_array().unwrap().iter().all(|r| r["station"]["id"] == station.as_str()));
    assert_eq!(st["station"]["id"], station.as_str());
    // a citizen counts on the board of the station of the village they chose
    let li = app.token_for(LI);
    call_with_key(&app, Method::PUT, "/api/v1/me/village", Some(&li), None, Some(&json!({"station_id": "st_heping", "village": "和平村"})), 200).await;
    let heping = call_with_key(&app, Method::GET, "/api/v1/points/leaderboard?station=st_heping", None, None, None, 200).await;
    let names: Vec<&str> = heping["rows"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"李*"), "{names:?}");
    assert!(heping["rows"].as_array().unwrap().iter().all(|r| r["station"]["id"] == "st_heping"));
    // errors
    let r = call_with_key(&app, Method::GET, "/api/v1/points/leaderboard?period=week", None, None, None, 400).await;
    assert_eq!(field_codes(&r)[0].0, "period");
    call_with_key(&app, Method::GET, "/api/v1/points/leaderboard?station=st_none", None, None, None, 404).await;
    call_with_key(&app, Method::GET, "/api/v1/points/leaderboard", Some("bad-token"), None, None, 401).await;
}

#[tokio::test]
async fn the_ledger_is_append_only() {
    let (app, _u) = world(|_| {});
    ledger(&app, WANG, "poll_vote", "p_1", 2, NOW);
    let err = app.db.with_conn(|c| c.execute("UPDATE points_ledger SET points = 100", ()));
    assert!(err.is_err());
    let err = app.db.with_conn(|c| c.execute("DELETE FROM points_ledger", ()));
    assert!(err.is_err());
    // the same thing twice: refused by the database
    let twice = app.db.with_conn(|c| {
        c.execute(
            "INSERT INTO points_ledger (user_id, action, reference, points, title, day, at) VALUES (?1, 'poll_vote', 'p_1', 2, '', 0, 0)",
            [WANG],
        )
    });
    assert!(twice.is_err());
}

async fn commend(app: &TestApp, token: Option<&str>, key: Option<&str>, body: &Value, status: u16) -> Value {
    call_with_key(app, Method::POST, "/api/v1/commendations", token, key, Some(body), status).await
}

#[tokio::test]
async fn staff_commend_a_citizen_who_is_told_and_the_list_is_public_and_masked() {
    let (app, u) = world(|_| {});
    let body = json!({"user_id": WANG, "title": "热心群众", "reason": "一年来提出村道、路灯等建议12条，多条被采纳。", "period": "2026年度"});
    commend(&app, None, Some("k1"), &body, 401).await;
    commend(&app, Some(&u.wang), Some("k1"), &body, 403).await;
    commend(&app, Some(&u.chen), Some("k1"), &body, 403).await;
    commend(&app, Some(&u.huang), None, &body, 400).await;
    let c = commend(&app, Some(&u.huang), Some("k1"), &body, 201).await;
    assert_eq!(c["person"]["name"], "王*");
    assert_eq!(c["person"]["role"], "citizen");
    assert_eq!(c["title"], "热心群众");
    // a repeat answers the first; the key with another body is a conflict
    let again = commend(&app, Some(&u.huang), Some("k1"), &body, 201).await;
    assert_eq!(again["id"], c["id"]);
    let other = json!({"user_id": LI, "title": "热心群众", "reason": "积极参与议事。", "period": "2026年度"});
    commend(&app, Some(&u.huang), Some("k1"), &other, 409).await;
    // the citizen is told, with a link to the 表彰榜
    let n = call_with_key(&app, Method::GET, "/api/v1/notifications", Some(&u.wang), None, None, 200).await;
    let told: Vec<&Value> = n["items"].as_array().unwrap().iter().filter(|n| n["kind"] == "commended").collect();
    assert_eq!(told.len(), 1);
    assert_eq!(told[0]["link"], "/commendations");
    assert!(told[0]["title"].as_str().unwrap().contains("热心群众"));
    // a deputy: named, with their profile
    let d = json!({"deputy_id": CHEN, "title": "优秀代表", "reason": "留言按时答复率100%，群众满意度4.9分。", "period": "2026年11月"});
    let dc = commend(&app, Some(&u.huang), Some("k2"), &d, 201).await;
    assert_eq!(dc["person"]["name"], "陈志强");
    assert_eq!(dc["person"]["deputy_id"], CHEN);
    let n = call_with_key(&app, Method::GET, "/api/v1/notifications", Some(&u.chen), None, None, 200).await;
    assert!(n["items"].as_array().unwrap().iter().any(|n| n["kind"] == "commended"));
    // public, newest first, in pages
    let p = call_with_key(&app, Method::GET, "/api/v1/commendations?limit=1", None, None, None, 200).await;
    assert_eq!(p["items"][0]["id"], dc["id"]);
    let next = p["next_cursor"].as_str().expect("a second page").to_owned();
    let p2 = call_with_key(&app, Method::GET, &format!("/api/v1/commendations?limit=1&cursor={next}"), None, None, None, 200).await;
    assert_eq!(p2["items"][0]["id"], c["id"]);
    assert!(p2["next_cursor"].is_null());
    call_with_key(&app, Method::GET, "/api/v1/commendations?cursor=nonsense", None, None, None, 400).await;
    // no such person; validation
    let r = commend(&app, Some(&u.huang), Some("k3"), &json!({"user_id": "u_nobody", "title": "热心群众", "reason": "r", "period": "p"}), 404).await;
    assert_eq!(r["status"], 404);
    commend(&app, Some(&u.huang), Some("k4"), &json!({"deputy_id": "dp_nobody", "title": "优秀代表", "reason": "r", "period": "p"}), 404).await;
    let r = commend(&app, Some(&u.huang), Some("k5"), &json!({"title": "热心群众", "reason": "r", "period": "p"}), 400).await;
    assert_eq!(field_codes(&r), vec![("user_id".to_owned(), "required".to_owned())]);
    let both = json!({"user_id": WANG, "deputy_id": CHEN, "title": "一二三四五六七八九十一二三四五六七八九十一", "reason": " ", "period": "p"});
    let r = commend(&app, Some(&u.huang), Some("k6"), &both, 400).await;
    let fields: Vec<String> = field_codes(&r).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, vec!["deputy_id", "title", "reason"]);
}

#[tokio::test]
async fn points_of_the_viewer_need_sign_in() {
    let (app, _u) = world(|_| {});
    call_with_key(&app, Method::GET, "/api/v1/points/me", None, None, None, 401).await;
    call_with_key(&app, Method::GET, "/api/v1/points/me/history", None, None, None, 401).await;
    call_with_key(&app, Method::GET, "/api/v1/points/me", Some("bad"), None, None, 401).await;
}

#[tokio::test]
async fn the_demo_pays_its_ledger_from_its_activity_within_the_caps_and_has_a_commendation_list() {
    let app = TestApp::new();
    app.state.set_now(NOW);
    if server::demo::AVAILABLE {
        server::demo::seed_if_empty(&app.db, NOW).expect("content");
    }
    app.seed_people();
    server::demo::messages::seed_messages_if_empty(&app.db, NOW, 8 * HOUR).expect("messages").expect("seeded");
    server::demo::participation::seed_participation_if_empty(&app.db, NOW).expect("comments");
    let rules = server::points::PointsRules::default();
    let n = server::demo::points::seed_points_if_empty(&app.db, NOW, &rules, 480).expect("points").expect("seeded");
    assert!(n > 20, "only {n} entries");
    assert!(server::demo::points::seed_points_if_empty(&app.db, NOW, &rules, 480).expect("again").is_none());
    // every message of the demo paid its author, within the caps
    let over: i64 = app.db.with_conn(|c| {
        c.query_row(
            "SELECT COUNT(*) FROM (SELECT user_id, action, day FROM points_ledger GROUP BY user_id, action, day \
             HAVING (action = 'comment' AND COUNT(*) > 5) OR (action = 'message_sent' AND COUNT(*) > 2) \
             OR (action = 'daily_visit' AND COUNT(*) > 1) OR (action = 'article_read' AND COUNT(*) > 5)) AS over_caps",
            (),
            |r| r.get(0),
        )
    }).expect("caps");
    assert_eq!(over, 0);
    let year = call_with_key(&app, Method::GET, "/api/v1/points/leaderboard?period=year", None, None, None, 200).await;
    let rows = year["rows"].as_array().unwrap();
    assert!(rows.len() >= 5, "{rows:?}");
    assert!(rows.iter().all(|r| r["role"] != "staff"));
    assert!(rows.iter().filter(|r| r["role"] == "citizen").all(|r| r["name"].as_str().unwrap().ends_with('*')));
    let list = call_with_key(&app, Method::GET, "/api/v1/commendations", None, None, None, 200).await;
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    assert!(items.iter().any(|c| c["title"] == "热心群众" && c["person"]["role"] == "citizen"));
    assert!(items.iter().any(|c| c["title"] == "优秀代表" && c["person"]["deputy_id"] == CHEN));
}
