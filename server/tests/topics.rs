//! 议事 topics (issue 12): opened by staff and deputies, proposed by citizens under
//! pre-moderation, discussed in comments, closed with a conclusion that adopts comments.
//! Every answer is checked against the contract (`api/openapi.json`).

mod common;
mod msgsupport;

use axum::http::Method;
use common::*;
use msgsupport::*;
use serde_json::{json, Value};

fn world() -> (TestApp, Users, Vec<String>) {
    let app = TestApp::new();
    app.state.set_now(NOW);
    let (app, users) = setup_with(app);
    let mut more = Vec::new();
    for i in 1..=3 {
        let id = format!("u_topic_citizen{i}");
        app.db
            .with_conn(|c| {
                c.execute(
                    "INSERT INTO users (id, phone, display_name, roles, created_at) VALUES (?1, ?2, ?3, 'citizen', ?4)",
                    server::params![id, format!("1771000000{i}"), format!("钱{i}"), NOW],
                )
            })
            .expect("user");
        more.push(app.token_for(&id));
    }
    (app, users, more)
}

fn new_topic(title: &str) -> Value {
    json!({"title": title, "body": "村里准备在晒谷场旁边修一个停车点。\n\n大家觉得位置合适吗？还有什么建议？"})
}

async fn open(app: &TestApp, token: &str, key: &str, body: &Value, status: u16) -> Value {
    checked(&post(app, "/api/v1/topics", Some(token), Some(key), body).await, "post", "/api/v1/topics", status)
}

fn titles(page: &Value) -> Vec<String> {
    page["items"].as_array().expect("items").iter().map(|t| t["title"].as_str().unwrap().to_owned()).collect()
}

async fn kinds(app: &TestApp, token: &str) -> Vec<String> {
    let n = call(app, Method::GET, "/api/v1/notifications", Some(token), None, 200).await;
    n["items"].as_array().unwrap().iter().map(|x| x["kind"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn staff_open_citizens_propose_and_staff_approve() {
    let (app, u, _) = world();
    let t = open(&app, &u.huang, "t1", &new_topic("塘尾村停车点选址"), 201).await;
    assert_eq!(t["status"], "open");
    assert_eq!(t["body"].as_array().unwrap().len(), 2, "two paragraphs");
    assert_eq!(t["can"]["close"], true);
    // a citizen's proposal waits (pre-moderation is the default for topics)
    let p = open(&app, &u.wang, "t2", &new_topic("村口增设公交站牌"), 201).await;
    assert_eq!(p["status"], "pending");
    let pid = p["id"].as_str().unwrap();
    let list = call(&app, Method::GET, "/api/v1/topics", None, None, 200).await;
    assert_eq!(titles(&list), ["塘尾村停车点选址"]);
    call(&app, Method::GET, &format!("/api/v1/topics/{pid}"), Some(&u.li), None, 404).await;
    assert_eq!(call(&app, Method::GET, &format!("/api/v1/topics/{pid}"), Some(&u.wang), None, 200).await["status"], "pending");
    let mine = call(&app, Method::GET, "/api/v1/topics/mine", Some(&u.wang), None, 200).await;
    assert_eq!(titles(&mine), ["村口增设公交站牌"]);
    call(&app, Method::GET, "/api/v1/topics/mine", None, None, 401).await;
    // in the moderation queue, approved by staff
    let q = call(&app, Method::GET, "/api/v1/moderation/queue?state=pending", Some(&u.huang), None, 200).await;
    assert_eq!(q["items"][0]["target_kind"], "topic");
    assert_eq!(q["items"][0]["held_for"], "pre_moderation");
    let approve = json!({"target_kind": "topic", "target_id": pid, "action": "approve"});
    call(&app, Method::POST, "/api/v1/moderation/decisions", Some(&u.huang), Some(&approve), 200).await;
    let list = call(&app, Method::GET, "/api/v1/topics", Some(&u.li), None, 200).await;
    assert_eq!(titles(&list), ["村口增设公交站牌", "塘尾村停车点选址"], "open ones, newest first");
    // the author is masked for others
    assert_eq!(list["items"][0]["author"]["name"], "王*");
}

#[tokio::test]
async fn a_topic_is_discussed_then_closed_with_a_conclusion_that_adopts_comments() {
    let (app, u, _) = world();
    let t = open(&app, &u.chen, "t1", &new_topic("龙湾村垃圾分类收集点怎么设"), 201).await;
    assert_eq!(t["status"], "open", "a deputy's topic opens at once");
    let id = t["id"].as_str().unwrap().to_owned();
    let c = checked(
        &post(&app, "/api/v1/comments", Some(&u.wang), Some("c1"), &json!({"target_kind": "topic", "target_id": id, "body": "建议设在村委会旁边"})).await,
        "post",
        "/api/v1/comments",
        201,
    );
    assert_eq!(kinds(&app, &u.chen).await, ["topic_reply"], "the deputy who opened it is told");
    // a citizen may not close it; staff or the deputy who opened it may
    let conclusion = json!({"conclusion": "采纳设在村委会旁边的建议，下月动工。", "adopted": [c["id"]]});
    let uri = format!("/api/v1/topics/{id}/close");
    call(&app, Method::POST, &uri, Some(&u.wang), Some(&conclusion), 403).await;
    call(&app, Method::POST, &uri, None, Some(&conclusion), 401).await;
    let bogus = json!({"conclusion": "结论", "adopted": ["c_999999"]});
    let v = call(&app, Method::POST, &uri, Some(&u.chen), Some(&bogus), 400).await;
    assert_eq!(field_codes(&v), [("adopted".into(), "invalid".into())]);
    let v = call(&app, Method::POST, &uri, Some(&u.chen), Some(&json!({"conclusion": " "})), 400).await;
    assert_eq!(field_codes(&v), [("conclusion".into(), "required".into())]);
    let closed = call(&app, Method::POST, &uri, Some(&u.chen), Some(&conclusion), 200).await;
    assert_eq!((closed["status"].as_str(), closed["adopted_count"].as_u64()), (Some("closed"), Some(1)));
    assert_eq!(closed["closed_by"]["name"], "陈志强");
    call(&app, Method::POST, &uri, Some(&u.huang), Some(&conclusion), 409).await;
    assert_eq!(kinds(&app, &u.wang).await, ["comment_adopted"]);
    // the adopted comment earned its author 10 points (besides the comment's own)
    let history = call(&app, Method::GET, "/api/v1/points/me/history", Some(&u.wang), None, 200).await;
    let adopted: Vec<u64> = history["items"].as_array().unwrap().iter().filter(|e| e["action"] == "comment_adopted").map(|e| e["points"].as_u64().unwrap()).collect();
    assert_eq!(adopted, [10]);
    // the adopted comment is marked; no more comments
    let page = call(&app, Method::GET, &format!("/api/v1/comments?target_kind=topic&target_id={id}"), None, None, 200).await;
    assert_eq!(page["items"][0]["adopted"], true);
    let late = post(&app, "/api/v1/comments", Some(&u.li), Some("c2"), &json!({"target_kind": "topic", "target_id": id, "body": "还能说吗"})).await;
    checked(&late, "post", "/api/v1/comments", 409);
    // closed topics come after open ones
    open(&app, &u.huang, "t2", &new_topic("养老服务中心开放时间"), 201).await;
    let list = call(&app, Method::GET, "/api/v1/topics", None, None, 200).await;
    assert_eq!(titles(&list), ["养老服务中心开放时间", "龙湾村垃圾分类收集点怎么设"]);
    let only = call(&app, Method::GET, "/api/v1/topics?status=closed", None, None, 200).await;
    assert_eq!(titles(&only), ["龙湾村垃圾分类收集点怎么设"]);
    let found = call(&app, Method::GET, "/api/v1/topics?q=%E5%85%BB%E8%80%81", None, None, 200).await;
    assert_eq!(titles(&found), ["养老服务中心开放时间"]);
}

#[tokio::test]
async fn a_staff_topic_closes_by_the_staff_who_are_not_its_author_and_the_author_is_told() {
    let (app, u, _) = world();
    let t = open(&app, &u.chen, "t1", &new_topic("村道硬化先修哪一段"), 201).await;
    let uri = format!("/api/v1/topics/{}/close", t["id"].as_str().unwrap());
    call(&app, Method::POST, &uri, Some(&u.huang), Some(&json!({"conclusion": "先修塘尾村至南岸村一段。"})), 200).await;
    assert_eq!(kinds(&app, &u.chen).await, ["topic_closed"]);
}

#[tokio::test]
async fn fields_are_validated_and_discussion_ends_at_its_time() {
    let (app, u, _) = world();
    let bad = json!({"title": "短", "body": "太短", "village": "和平村", "closes_at": "2020-01-01T00:00:00Z"});
    let v = open(&app, &u.huang, "b1", &bad, 400).await;
    let fields: Vec<String> = field_codes(&v).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["title", "body", "village", "closes_at"]);
    let unknown = json!({"title": "停车点选址讨论", "body": "村里准备修停车点，大家说说看法。", "station_id": "st_nope"});
    assert_eq!(field_codes(&open(&app, &u.huang, "b2", &unknown, 400).await), [("station_id".into(), "invalid".into())]);
    checked(&post(&app, "/api/v1/topics", None, Some("k"), &new_topic("没有登录的议题")).await, "post", "/api/v1/topics", 401);
    // a topic whose discussion ends in an hour
    let mut soon = new_topic("周末集市摆摊区域划分");
    soon["closes_at"] = json!(server::clock::rfc3339(NOW + 3600));
    let t = open(&app, &u.huang, "s1", &soon, 201).await;
    let id = t["id"].as_str().unwrap();
    let say = |key: &'static str| {
        let body = json!({"target_kind": "topic", "target_id": id, "body": format!("意见{key}")});
        let app = &app;
        let token = u.wang.clone();
        async move { post(app, "/api/v1/comments", Some(&token), Some(key), &body).await }
    };
    checked(&say("k1").await, "post", "/api/v1/comments", 201);
    app.state.set_now(NOW + 3600);
    checked(&say("k2").await, "post", "/api/v1/comments", 409);
    assert_eq!(call(&app, Method::GET, &format!("/api/v1/topics/{id}"), Some(&u.wang), None, 200).await["can"]["comment"], false);
}

#[tokio::test]
async fn three_reporters_take_a_citizens_topic_down_until_staff_decide() {
    let (app, u, more) = world();
    let (app, huang) = (app, u.huang.clone());
    // approve a citizen's topic first
    let p = open(&app, &u.wang, "t1", &new_topic("建议每月开一次村民议事会"), 201).await;
    let id = p["id"].as_str().unwrap().to_owned();
    let approve = json!({"target_kind": "topic", "target_id": id, "action": "approve"});
    call(&app, Method::POST, "/api/v1/moderation/decisions", Some(&huang), Some(&approve), 200).await;
    for t in &more {
        let r = json!({"target_kind": "topic", "target_id": id, "reason": "spam"});
        checked(&post(&app, "/api/v1/reports", Some(t), None, &r).await, "post", "/api/v1/reports", 201);
    }
    assert!(titles(&call(&app, Method::GET, "/api/v1/topics", None, None, 200).await).is_empty());
    let own = call(&app, Method::GET, &format!("/api/v1/topics/{id}"), Some(&u.wang), None, 200).await;
    assert_eq!(own["status"], "rejected");
    assert!(own["moderation_reason"].is_string());
    let restore = json!({"target_kind": "topic", "target_id": id, "action": "restore"});
    let item = call(&app, Method::POST, "/api/v1/moderation/decisions", Some(&huang), Some(&restore), 200).await;
    assert_eq!(item["state"], "published");
    assert_eq!(titles(&call(&app, Method::GET, "/api/v1/topics", None, None, 200).await), ["建议每月开一次村民议事会"]);
}

#[tokio::test]
async fn topic_pages_end_and_never_repeat() {
    let (app, u, _) = world();
    for (i, token) in [&u.huang, &u.huang, &u.huang, &u.chen, &u.he].into_iter().enumerate() {
        open(&app, token, &format!("p{i}"), &new_topic(&format!("第{i}个议题的讨论")), 201).await;
        app.state.set_now(app.state.now() + 60);
    }
    let first = call(&app, Method::GET, "/api/v1/topics?limit=2", None, None, 200).await;
    let (ids, pages) = app.walk("/api/v1/topics?limit=2").await;
    assert_eq!((ids.len(), pages), (5, 3));
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(unique.len(), 5);
    assert_eq!(first["items"][0]["title"], "第4个议题的讨论", "newest first");
    // the daily limit
    for i in 0..2 {
        open(&app, &u.huang, &format!("q{i}"), &new_topic(&format!("追加议题{i}号讨论")), 201).await;
    }
    let r = post(&app, "/api/v1/topics", Some(&u.huang), Some("q9"), &new_topic("第六个议题讨论")).await;
    checked(&r, "post", "/api/v1/topics", 429);
}
