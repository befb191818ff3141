//! Comments, likes, reports and moderation (issue 12): every rule, every denial, each
//! validation error. Every answer is checked against the contract (`api/openapi.json`).

mod common;
mod msgsupport;

use axum::http::Method;
use common::*;
use contract::ArticleKind;
use msgsupport::*;
use serde_json::{json, Value};

const ARTICLE: &str = "a_policy";

/// The demo people, an article to comment on, and three more citizens (tokens).
fn world(config: impl FnOnce(&mut server::Config)) -> (TestApp, Users, Vec<String>) {
    let app = TestApp::with_config(config);
    app.state.set_now(NOW);
    app.insert_articles(&[article(
        ARTICLE,
        ArticleKind::Policy,
        None,
        NOW - DAY,
        "《龙湾镇村道管护办法（征求意见稿）》解读",
        "正文",
    )]);
    let (app, users) = setup_with(app);
    let mut more = Vec::new();
    for i in 1..=3 {
        let id = format!("u_test_citizen{i}");
        app.db
            .with_conn(|c| {
                c.execute(
                    "INSERT INTO users (id, phone, display_name, roles, created_at) VALUES (?1, ?2, ?3, 'citizen', ?4)",
                    server::params![id, format!("1770000000{i}"), format!("赵{i}"), NOW],
                )
            })
            .expect("user");
        more.push(app.token_for(&id));
    }
    (app, users, more)
}

async fn comment(app: &TestApp, token: &str, key: &str, body: Value, status: u16) -> Value {
    let r = post(app, "/api/v1/comments", Some(token), Some(key), &body).await;
    checked(&r, "post", "/api/v1/comments", status)
}

fn on_article(text: &str) -> Value {
    json!({"target_kind": "article", "target_id": ARTICLE, "body": text})
}

async fn thread(app: &TestApp, token: Option<&str>) -> Value {
    let uri = format!("/api/v1/comments?target_kind=article&target_id={ARTICLE}");
    checked(&get(app, &uri, token).await, "get", "/api/v1/comments", 200)
}

fn bodies(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| c["body"].as_str().unwrap_or("").to_owned())
        .collect()
}

#[tokio::test]
async fn a_thread_with_replies_names_whom_a_reply_answers_and_tells_the_authors() {
    let (app, u, more) = world(|_| {});
    let first = comment(
        &app,
        &u.wang,
        "k1",
        on_article("村道管护经费能不能按里程分配？"),
        201,
    )
    .await;
    assert_eq!(first["state"], "published");
    assert_eq!(first["author"]["is_you"], true);
    assert!(first["can"]["edit"].as_bool().unwrap() && first["editable_until"].is_string());
    let id = first["id"].as_str().unwrap().to_owned();
    later(&app, 60);
    let reply = json!({"target_kind": "article", "target_id": ARTICLE, "body": "同意，山区村道路更长。", "reply_to": id});
    let r1 = comment(&app, &u.li, "k2", reply, 201).await;
    assert_eq!(r1["thread_id"], id.as_str());
    later(&app, 60);
    let r1_id = r1["id"].as_str().unwrap();
    let reply2 = json!({"target_kind": "article", "target_id": ARTICLE, "body": "还要考虑人口。", "reply_to": r1_id});
    let r2 = comment(&app, &more[0], "k3", reply2, 201).await;
    // a reply to a reply stays in the thread and names whom it answers (masked)
    assert_eq!(r2["thread_id"], id.as_str());
    assert_eq!(r2["reply_to_name"], "李*");

    // the public sees it masked, with the replies embedded
    let page = thread(&app, None).await;
    let top = &page["items"][0];
    assert_eq!(top["author"]["name"], "王*");
    assert_eq!(top["reply_count"], 2);
    assert_eq!(top["replies"].as_array().unwrap().len(), 2);
    assert_eq!(
        top["can"],
        json!({"edit": false, "delete": false, "reply": false, "like": false, "report": false})
    );
    let replies = checked(
        &get(&app, &format!("/api/v1/comments/{id}/replies"), None).await,
        "get",
        "/api/v1/comments/{id}/replies",
        200,
    );
    assert_eq!(
        bodies(&replies),
        ["同意，山区村道路更长。", "还要考虑人口。"]
    );

    // 王 was told twice (a reply to her comment, a reply in her thread); 李 once
    let wang = checked(
        &get(&app, "/api/v1/notifications", Some(&u.wang)).await,
        "get",
        "/api/v1/notifications",
        200,
    );
    let kinds: Vec<&str> = wang["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["comment_reply", "comment_reply"]);
    assert_eq!(
        wang["items"][0]["link"],
        format!("/articles/{ARTICLE}#comment-{id}")
    );
    let li = checked(
        &get(&app, "/api/v1/notifications", Some(&u.li)).await,
        "get",
        "/api/v1/notifications",
        200,
    );
    assert_eq!(li["items"].as_array().unwrap().len(), 1);

    // the article card counts them
    let list = checked(
        &get(&app, "/api/v1/articles", None).await,
        "get",
        "/api/v1/articles",
        200,
    );
    assert_eq!(list["items"][0]["comment_count"], 3);
}

#[tokio::test]
async fn posting_is_validated_idempotent_and_limited() {
    let (app, u, _) = world(|_| {});
    // not signed in; no key; bad fields
    let r = post(
        &app,
        "/api/v1/comments",
        None,
        Some("k"),
        &on_article("你好"),
    )
    .await;
    checked(&r, "post", "/api/v1/comments", 401);
    let r = post(
        &app,
        "/api/v1/comments",
        Some(&u.wang),
        None,
        &on_article("你好"),
    )
    .await;
    assert_eq!(
        checked(&r, "post", "/api/v1/comments", 400)["errors"][0]["field"],
        "Idempotency-Key"
    );
    let bad = json!({"target_kind": "comment", "target_id": "x y", "body": "  "});
    let v = comment(&app, &u.wang, "k0", bad, 400).await;
    assert_eq!(
        field_codes(&v),
        [
            ("target_kind".into(), "invalid".into()),
            ("target_id".into(), "invalid".into()),
            ("body".into(), "required".into())
        ]
    );
    let long = comment(&app, &u.wang, "k00", on_article(&"长".repeat(501)), 400).await;
    assert_eq!(field_codes(&long), [("body".into(), "too_long".into())]);
    // no such article; a private message is no target
    comment(
        &app,
        &u.wang,
        "k1",
        json!({"target_kind": "article", "target_id": "a_nope", "body": "你好"}),
        404,
    )
    .await;
    let private = create(&app, &u.wang, "m1", &new_message("家门口路灯坏了", false)).await;
    let on_private =
        json!({"target_kind": "message", "target_id": private["id"], "body": "同样的问题"});
    comment(&app, &u.li, "k2", on_private, 404).await;

    // a repeat of the same key answers the first result; one comment is stored
    let a = comment(
        &app,
        &u.wang,
        "same",
        on_article("建议公开各村的管护经费"),
        201,
    )
    .await;
    let b = comment(
        &app,
        &u.wang,
        "same",
        on_article("建议公开各村的管护经费"),
        201,
    )
    .await;
    assert_eq!(a["id"], b["id"]);
    assert_eq!(
        thread(&app, None).await["items"].as_array().unwrap().len(),
        1
    );
    // the same text again (another key) within 5 minutes
    later(&app, 30);
    comment(
        &app,
        &u.wang,
        "again",
        on_article("建议公开各村的管护经费"),
        409,
    )
    .await;
    // two comments less than 10 seconds apart
    comment(&app, &u.wang, "c1", on_article("第一条"), 201).await;
    let r = post(
        &app,
        "/api/v1/comments",
        Some(&u.wang),
        Some("c2"),
        &on_article("第二条"),
    )
    .await;
    checked(&r, "post", "/api/v1/comments", 429);
    assert!(r.header("retry-after").is_some());
}

#[tokio::test]
async fn the_daily_cap_holds() {
    let (app, u, _) = world(|c| c.limits.comments_per_day = 3);
    for i in 0..3 {
        comment(
            &app,
            &u.wang,
            &format!("d{i}"),
            on_article(&format!("第{i}条意见")),
            201,
        )
        .await;
        later(&app, 11);
    }
    let r = post(
        &app,
        "/api/v1/comments",
        Some(&u.wang),
        Some("d3"),
        &on_article("第四条意见"),
    )
    .await;
    checked(&r, "post", "/api/v1/comments", 429);
    later(&app, DAY);
    comment(&app, &u.wang, "d4", on_article("第二天的意见"), 201).await;
}

#[tokio::test]
async fn the_author_edits_for_ten_minutes_and_deletes_leaving_a_placeholder_for_replies() {
    let (app, u, _) = world(|_| {});
    let c = comment(&app, &u.wang, "k1", on_article("路面坑洼多"), 201).await;
    let id = c["id"].as_str().unwrap().to_owned();
    let uri = format!("/api/v1/comments/{id}");
    let edited = call(
        &app,
        Method::PUT,
        &uri,
        Some(&u.wang),
        Some(&json!({"body": "路面坑洼多，雨天积水"})),
        200,
    )
    .await;
    assert_eq!(edited["body"], "路面坑洼多，雨天积水");
    assert!(edited["edited_at"].is_string());
    call(
        &app,
        Method::PUT,
        &uri,
        Some(&u.li),
        Some(&json!({"body": "改别人的"})),
        403,
    )
    .await;
    call(
        &app,
        Method::PUT,
        &uri,
        None,
        Some(&json!({"body": "x"})),
        401,
    )
    .await;
    call(
        &app,
        Method::PUT,
        &uri,
        Some(&u.wang),
        Some(&json!({"body": ""})),
        400,
    )
    .await;
    call(
        &app,
        Method::PUT,
        "/api/v1/comments/c_999999",
        Some(&u.wang),
        Some(&json!({"body": "x"})),
        404,
    )
    .await;
    later(&app, 10 * 60);
    call(
        &app,
        Method::PUT,
        &uri,
        Some(&u.wang),
        Some(&json!({"body": "太晚了"})),
        409,
    )
    .await;

    // a reply keeps the deleted comment as a placeholder
    comment(
        &app,
        &u.li,
        "k2",
        json!({"target_kind": "article", "target_id": ARTICLE, "body": "附议", "reply_to": id}),
        201,
    )
    .await;
    call(&app, Method::DELETE, &uri, Some(&u.li), None, 403).await;
    call(&app, Method::DELETE, &uri, Some(&u.wang), None, 204).await;
    call(&app, Method::DELETE, &uri, Some(&u.wang), None, 204).await;
    let page = thread(&app, None).await;
    assert_eq!(page["items"][0]["state"], "deleted");
    assert_eq!(page["items"][0]["body"], "");
    assert_eq!(page["items"][0]["replies"][0]["body"], "附议");
    // without replies, a deleted comment is gone
    later(&app, 20);
    let lone = comment(&app, &u.wang, "k3", on_article("另一条"), 201).await;
    call(
        &app,
        Method::DELETE,
        &format!("/api/v1/comments/{}", lone["id"].as_str().unwrap()),
        Some(&u.wang),
        None,
        204,
    )
    .await;
    assert_eq!(
        thread(&app, None).await["items"].as_array().unwrap().len(),
        1
    );
}

#[tokio::test]
async fn one_like_per_user_undone_by_a_second_tap_and_capped_per_day() {
    let (app, u, _) = world(|c| c.limits.likes_per_day = 2);
    let uri = format!("/api/v1/likes/article/{ARTICLE}");
    let r = call(&app, Method::PUT, &uri, Some(&u.wang), None, 200).await;
    assert_eq!(
        (r["like_count"].as_u64(), r["liked"].as_bool()),
        (Some(1), Some(true))
    );
    let r = call(&app, Method::PUT, &uri, Some(&u.wang), None, 200).await;
    assert_eq!(r["like_count"], 1, "liking again changes nothing");
    let r = call(&app, Method::GET, &uri, None, None, 200).await;
    assert_eq!(
        (r["like_count"].as_u64(), r["liked"].as_bool()),
        (Some(1), Some(false))
    );
    let r = call(&app, Method::DELETE, &uri, Some(&u.wang), None, 200).await;
    assert_eq!(
        (r["like_count"].as_u64(), r["liked"].as_bool()),
        (Some(0), Some(false))
    );
    call(&app, Method::PUT, &uri, None, None, 401).await;
    call(
        &app,
        Method::PUT,
        "/api/v1/likes/article/a_nope",
        Some(&u.wang),
        None,
        404,
    )
    .await;
    call(
        &app,
        Method::PUT,
        "/api/v1/likes/poster/a_1",
        Some(&u.wang),
        None,
        404,
    )
    .await;
    // the cap counts new likes: the one above and one more, then 429
    let c = comment(&app, &u.li, "k1", on_article("支持"), 201).await;
    call(
        &app,
        Method::PUT,
        &format!("/api/v1/likes/comment/{}", c["id"].as_str().unwrap()),
        Some(&u.wang),
        None,
        200,
    )
    .await;
    let r = send_req(&app, Method::PUT, &uri, Some(&u.wang), None, None).await;
    checked(&r, "put", "/api/v1/likes/article/x", 429);
    // the comment's like shows in the thread
    let page = thread(&app, Some(&u.wang)).await;
    assert_eq!(
        (
            page["items"][0]["like_count"].as_u64(),
            page["items"][0]["liked"].as_bool()
        ),
        (Some(1), Some(true))
    );
}

#[tokio::test]
async fn three_distinct_reporters_hide_a_comment_until_staff_restore_it() {
    let (app, u, more) = world(|_| {});
    let c = comment(&app, &u.wang, "k1", on_article("这条会被举报"), 201).await;
    let id = c["id"].as_str().unwrap().to_owned();
    let report =
        |reason: &str| json!({"target_kind": "comment", "target_id": id, "reason": reason});
    // own comment; not signed in; bad fields
    let r = post(
        &app,
        "/api/v1/reports",
        Some(&u.wang),
        None,
        &report("spam"),
    )
    .await;
    checked(&r, "post", "/api/v1/reports", 403);
    checked(
        &post(&app, "/api/v1/reports", None, None, &report("spam")).await,
        "post",
        "/api/v1/reports",
        401,
    );
    let v = checked(
        &post(&app, "/api/v1/reports", Some(&u.li), None, &report("other")).await,
        "post",
        "/api/v1/reports",
        400,
    );
    assert_eq!(field_codes(&v), [("detail".into(), "required".into())]);
    // the same user twice is one report
    checked(
        &post(&app, "/api/v1/reports", Some(&u.li), None, &report("abuse")).await,
        "post",
        "/api/v1/reports",
        201,
    );
    checked(
        &post(&app, "/api/v1/reports", Some(&u.li), None, &report("spam")).await,
        "post",
        "/api/v1/reports",
        200,
    );
    checked(
        &post(
            &app,
            "/api/v1/reports",
            Some(&more[0]),
            None,
            &report("spam"),
        )
        .await,
        "post",
        "/api/v1/reports",
        201,
    );
    assert_eq!(
        bodies(&thread(&app, None).await),
        ["这条会被举报"],
        "two reporters do not hide it"
    );
    checked(
        &post(
            &app,
            "/api/v1/reports",
            Some(&more[1]),
            None,
            &report("spam"),
        )
        .await,
        "post",
        "/api/v1/reports",
        201,
    );
    assert!(
        bodies(&thread(&app, None).await).is_empty(),
        "three reporters hide it"
    );
    // its author still sees it, with why
    let own = thread(&app, Some(&u.wang)).await;
    assert_eq!(own["items"][0]["state"], "hidden");
    assert!(own["items"][0]["moderation_reason"].is_string());

    // staff: the queue shows it with the counts; a citizen may not look
    call(
        &app,
        Method::GET,
        "/api/v1/moderation/queue",
        Some(&u.li),
        None,
        403,
    )
    .await;
    let q = call(
        &app,
        Method::GET,
        "/api/v1/moderation/queue?state=hidden",
        Some(&u.huang),
        None,
        200,
    )
    .await;
    let item = &q["items"][0];
    assert_eq!(
        (item["target_id"].as_str(), item["author"]["name"].as_str()),
        (Some(id.as_str()), Some("王秀英"))
    );
    assert_eq!(item["held_for"], "reports");
    assert_eq!(item["reports"][0], json!({"reason": "spam", "count": 2}));
    let decide =
        |action: &str| json!({"target_kind": "comment", "target_id": id, "action": action});
    call(
        &app,
        Method::POST,
        "/api/v1/moderation/decisions",
        Some(&u.huang),
        Some(&decide("approve")),
        409,
    )
    .await;
    let after = call(
        &app,
        Method::POST,
        "/api/v1/moderation/decisions",
        Some(&u.huang),
        Some(&decide("restore")),
        200,
    )
    .await;
    assert_eq!(after["state"], "published");
    assert!(after["held_for"].is_null() && after["reports"].as_array().unwrap().is_empty());
    assert_eq!(bodies(&thread(&app, None).await), ["这条会被举报"]);
    // hiding needs a reason, which the author is told
    let v = call(
        &app,
        Method::POST,
        "/api/v1/moderation/decisions",
        Some(&u.huang),
        Some(&decide("hide")),
        400,
    )
    .await;
    assert_eq!(field_codes(&v), [("reason".into(), "required".into())]);
    let hide = json!({"target_kind": "comment", "target_id": id, "action": "hide", "reason": "含有广告信息"});
    call(
        &app,
        Method::POST,
        "/api/v1/moderation/decisions",
        Some(&u.huang),
        Some(&hide),
        200,
    )
    .await;
    let n = call(
        &app,
        Method::GET,
        "/api/v1/notifications",
        Some(&u.wang),
        None,
        200,
    )
    .await;
    assert_eq!(n["items"][0]["kind"], "comment_hidden");
    assert!(n["items"][0]["title"]
        .as_str()
        .unwrap()
        .contains("含有广告信息"));
    assert_eq!(
        thread(&app, Some(&u.wang)).await["items"][0]["moderation_reason"],
        "含有广告信息"
    );
    // every decision is in the log
    let log = call(
        &app,
        Method::GET,
        "/api/v1/moderation/log",
        Some(&u.huang),
        None,
        200,
    )
    .await;
    let actions: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["hide", "restore", "held"]);
}

#[tokio::test]
async fn a_deputys_comment_goes_to_review_without_being_hidden() {
    let (app, u, more) = world(|_| {});
    let c = comment(
        &app,
        &u.chen,
        "k1",
        on_article("代表回应：经费按里程和人口综合测算。"),
        201,
    )
    .await;
    let id = c["id"].as_str().unwrap();
    for t in [&u.wang, &u.li, &more[0]] {
        let r = json!({"target_kind": "comment", "target_id": id, "reason": "off_topic"});
        checked(
            &post(&app, "/api/v1/reports", Some(t), None, &r).await,
            "post",
            "/api/v1/reports",
            201,
        );
    }
    assert_eq!(thread(&app, None).await["items"][0]["state"], "published");
    let q = call(
        &app,
        Method::GET,
        "/api/v1/moderation/queue?state=reported",
        Some(&u.huang),
        None,
        200,
    )
    .await;
    assert_eq!(q["items"][0]["target_id"], id);
    let ignore = json!({"target_kind": "comment", "target_id": id, "action": "ignore_reports"});
    call(
        &app,
        Method::POST,
        "/api/v1/moderation/decisions",
        Some(&u.huang),
        Some(&ignore),
        200,
    )
    .await;
    let q = call(
        &app,
        Method::GET,
        "/api/v1/moderation/queue",
        Some(&u.huang),
        None,
        200,
    )
    .await;
    assert!(q["items"].as_array().unwrap().is_empty());
    call(
        &app,
        Method::POST,
        "/api/v1/moderation/decisions",
        Some(&u.huang),
        Some(&ignore),
        409,
    )
    .await;
}

#[tokio::test]
async fn pre_moderation_and_the_word_list_hold_comments_until_approved() {
    let (app, u, _) = world(|c| {
        c.moderation.comments = contract::ModerationMode::Pre;
        c.word_list = vec!["加我微信".into()];
    });
    let meta = checked(
        &get(&app, "/api/v1/meta", None).await,
        "get",
        "/api/v1/meta",
        200,
    );
    assert_eq!(meta["moderation"]["comments"], "pre");
    let c = comment(&app, &u.wang, "k1", on_article("建议增加路灯"), 201).await;
    assert_eq!(c["state"], "pending");
    assert!(
        bodies(&thread(&app, Some(&u.li)).await).is_empty(),
        "others do not see it"
    );
    assert_eq!(
        bodies(&thread(&app, Some(&u.wang)).await),
        ["建议增加路灯"],
        "its author does"
    );
    assert_eq!(
        bodies(&thread(&app, Some(&u.huang)).await),
        ["建议增加路灯"],
        "staff do"
    );
    // a deputy is not pre-moderated, but the word list holds anyone but staff
    assert_eq!(
        comment(&app, &u.chen, "k2", on_article("已转交交通办"), 201).await["state"],
        "published"
    );
    later(&app, 20);
    let spam = comment(&app, &u.chen, "k3", on_article("详情加我微信"), 201).await;
    assert_eq!(spam["state"], "pending");
    let q = call(
        &app,
        Method::GET,
        "/api/v1/moderation/queue?state=pending",
        Some(&u.huang),
        None,
        200,
    )
    .await;
    let held: Vec<&str> = q["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["held_for"].as_str().unwrap())
        .collect();
    assert_eq!(held, ["pre_moderation", "word_list"]);
    let approve = json!({"target_kind": "comment", "target_id": c["id"], "action": "approve"});
    call(
        &app,
        Method::POST,
        "/api/v1/moderation/decisions",
        Some(&u.huang),
        Some(&approve),
        200,
    )
    .await;
    assert_eq!(
        bodies(&thread(&app, Some(&u.li)).await),
        ["已转交交通办", "建议增加路灯"]
    );
}

#[tokio::test]
async fn a_suspended_user_may_not_post_like_or_report() {
    let (app, u, _) = world(|_| {});
    let suspend = json!({"user_id": WANG, "days": 7, "reason": "多次发布广告"});
    call(
        &app,
        Method::POST,
        "/api/v1/moderation/suspensions",
        Some(&u.li),
        Some(&suspend),
        403,
    )
    .await;
    let s = call(
        &app,
        Method::POST,
        "/api/v1/moderation/suspensions",
        Some(&u.huang),
        Some(&suspend),
        201,
    )
    .await;
    assert_eq!(s["user_id"], WANG);
    let bad = json!({"user_id": "u_nobody", "days": 7, "reason": "x"});
    call(
        &app,
        Method::POST,
        "/api/v1/moderation/suspensions",
        Some(&u.huang),
        Some(&bad),
        404,
    )
    .await;
    let staff = json!({"user_id": HUANG, "days": 7, "reason": "x"});
    call(
        &app,
        Method::POST,
        "/api/v1/moderation/suspensions",
        Some(&u.huang),
        Some(&staff),
        403,
    )
    .await;
    let v = call(
        &app,
        Method::POST,
        "/api/v1/moderation/suspensions",
        Some(&u.huang),
        Some(&json!({"user_id": WANG, "days": 0, "reason": ""})),
        400,
    )
    .await;
    assert_eq!(
        field_codes(&v),
        [
            ("days".into(), "out_of_range".into()),
            ("reason".into(), "required".into())
        ]
    );
    let r = post(
        &app,
        "/api/v1/comments",
        Some(&u.wang),
        Some("k1"),
        &on_article("我又来了"),
    )
    .await;
    assert!(checked(&r, "post", "/api/v1/comments", 403)["detail"]
        .as_str()
        .unwrap()
        .contains("多次发布广告"));
    call(
        &app,
        Method::PUT,
        &format!("/api/v1/likes/article/{ARTICLE}"),
        Some(&u.wang),
        None,
        403,
    )
    .await;
    // and may post again once it ends
    later(&app, 7 * DAY);
    comment(&app, &u.wang, "k2", on_article("我会注意言行"), 201).await;
}

#[tokio::test]
async fn the_demo_has_threads_likes_and_work_for_the_moderators() {
    let app = TestApp::new();
    server::demo::seed_if_empty(&app.db, NOW).expect("content").expect("seeded");
    let (app, u) = setup_with(app);
    server::demo::messages::seed_messages_if_empty(&app.db, NOW, 8 * 3600).expect("messages").expect("seeded");
    let n = server::demo::participation::seed_participation_if_empty(&app.db, NOW).expect("comments").expect("seeded");
    assert!(n >= 15, "{n} demo comments");
    assert!(server::demo::participation::seed_participation_if_empty(&app.db, NOW).expect("again").is_none());
    app.state.set_now(NOW);
    let garbage = checked(&get(&app, "/api/v1/articles?q=%E5%9E%83%E5%9C%BE%E5%88%86%E7%B1%BB&limit=50", None).await, "get", "/api/v1/articles", 200);
    let card = garbage["items"].as_array().unwrap().iter().find(|a| a["title"] == "农村生活垃圾分类怎么分？四类垃圾一看就懂").expect("the explainer");
    assert!(card["comment_count"].as_u64().unwrap() >= 6 && card["like_count"].as_u64().unwrap() >= 5, "{card}");
    let id = card["id"].as_str().unwrap();
    let page = thread_of(&app, id, None).await;
    assert!(page["items"].as_array().unwrap().iter().all(|c| c["state"] == "published"), "the public sees no held comment");
    assert!(page["items"].as_array().unwrap().iter().any(|c| c["reply_count"].as_u64() > Some(0)));
    // a reply by staff is shown with the staff member's full name and role
    let staff_reply = page["items"].as_array().unwrap().iter().flat_map(|c| c["replies"].as_array().cloned().unwrap_or_default()).find(|r| r["author"]["role"] == "staff").expect("a staff reply");
    assert_eq!(staff_reply["author"]["name"], "黄丽");
    let q = call(&app, Method::GET, "/api/v1/moderation/queue", Some(&u.huang), None, 200).await;
    let held: Vec<&str> = q["items"].as_array().unwrap().iter().map(|i| i["held_for"].as_str().unwrap()).collect();
    assert_eq!(held, ["pre_moderation", "word_list", "reports"], "oldest first: a proposed topic, an advert, a reported comment");
}

async fn thread_of(app: &TestApp, article: &str, token: Option<&str>) -> Value {
    let uri = format!("/api/v1/comments?target_kind=article&target_id={article}");
    checked(&get(app, &uri, token).await, "get", "/api/v1/comments", 200)
}

#[tokio::test]
async fn a_course_q_and_a_is_for_deputies_and_staff_and_the_asker_is_told_the_answer() {
    let (app, u, _) = world(|_| {});
    app.db
        .with_conn(|conn| {
            let tx = conn.transaction()?;
            server::demo::training::seed(&tx, NOW)?;
            tx.commit()?;
            Ok::<_, server::db::Error>(())
        })
        .expect("seed courses");
    let ask = json!({"target_kind": "course", "target_id": "crs_reply", "body": "答复里可以附上照片吗？"});
    let list_uri = "/api/v1/comments?target_kind=course&target_id=crs_reply";
    // citizens and the public are not told it exists
    comment(&app, &u.wang, "k0", ask.clone(), 404).await;
    checked(&get(&app, list_uri, None).await, "get", "/api/v1/comments", 404);
    checked(&get(&app, list_uri, Some(&u.wang)).await, "get", "/api/v1/comments", 404);
    // a deputy asks, staff answer: the deputy is told, with a link to the course's thread
    let q = comment(&app, &u.chen, "k1", ask, 201).await;
    let qid = q["id"].as_str().unwrap();
    let answer = json!({"target_kind": "course", "target_id": "crs_reply", "body": "可以，最多3张。", "reply_to": qid});
    comment(&app, &u.huang, "k2", answer, 201).await;
    let thread = checked(&get(&app, list_uri, Some(&u.he)).await, "get", "/api/v1/comments", 200);
    assert_eq!(bodies(&thread), ["答复里可以附上照片吗？"]);
    assert_eq!(thread["items"][0]["reply_count"], 1);
    let alerts = call(&app, Method::GET, "/api/v1/notifications", Some(&u.chen), None, 200).await;
    let told: Vec<&Value> = alerts["items"].as_array().unwrap().iter().filter(|n| n["kind"] == "comment_reply").collect();
    assert_eq!(told.len(), 1);
    assert!(told[0]["link"].as_str().unwrap().starts_with("/training/courses/crs_reply#comment-"), "{}", told[0]);
    // its replies, likes and reports are closed to citizens too
    let replies = format!("/api/v1/comments/{qid}/replies");
    checked(&get(&app, &replies, Some(&u.wang)).await, "get", "/api/v1/comments/{id}/replies", 404);
    checked(&get(&app, &replies, Some(&u.he)).await, "get", "/api/v1/comments/{id}/replies", 200);
    let like = format!("/api/v1/likes/comment/{qid}");
    call(&app, Method::PUT, &like, Some(&u.wang), None, 404).await;
    call(&app, Method::PUT, &like, Some(&u.he), None, 200).await;
    let report = json!({"target_kind": "comment", "target_id": qid, "reason": "spam"});
    checked(&post(&app, "/api/v1/reports", Some(&u.wang), None, &report).await, "post", "/api/v1/reports", 404);
}
