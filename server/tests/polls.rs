//! Online polls (issue 12, section 4): staff create and close them; signed-in people in the
//! scope vote once (the database refuses a second vote, even when two race); results show
//! after voting or after closing as the poll says, always to staff; the account's village
//! decides the scope; the voters are told when the results are out. Every answer is checked
//! against the contract (`api/openapi.json`).

mod common;
mod msgsupport;

use axum::http::Method;
use common::*;
use msgsupport::*;
use serde_json::{json, Value};

const POLLS: &str = "/api/v1/polls";

fn iso(t: i64) -> String {
    contract::civil::rfc3339_utc(t)
}

/// A poll of one single-choice question (3 options) and one multiple-choice (4, at most 2).
fn new_poll(title: &str, scope: Value, opens: i64, closes: i64, shown: &str) -> Value {
    json!({
        "title": title,
        "description": "村民代表会议提出两个方案。\n\n请在截止前投票。",
        "scope": scope,
        "opens_at": iso(opens),
        "closes_at": iso(closes),
        "results_shown": shown,
        "questions": [
            {"text": "您支持哪个村道硬化方案？", "kind": "single", "options": ["水泥路面", "沥青路面", "暂缓"]},
            {"text": "最需要硬化的路段（最多选两项）", "kind": "multiple", "max_choices": 2,
             "options": ["村口至小学", "祠堂至河堤", "新村路", "后山路"]},
        ],
    })
}

fn all() -> Value {
    json!({"kind": "all"})
}

async fn create(app: &TestApp, token: &str, key: &str, body: &Value) -> Value {
    let r = post(app, POLLS, Some(token), Some(key), body).await;
    let v = checked(&r, "post", POLLS, 201);
    assert_eq!(
        r.header("location"),
        Some(format!("{POLLS}/{}", v["id"].as_str().unwrap()).as_str())
    );
    v
}

fn id_of(v: &Value) -> String {
    v["id"].as_str().expect("id").to_owned()
}

fn ballot(single: &str, multiple: &[&str]) -> Value {
    json!({"answers": [
        {"question_id": "q1", "option_ids": [single]},
        {"question_id": "q2", "option_ids": multiple},
    ]})
}

async fn vote(
    app: &TestApp,
    token: Option<&str>,
    id: &str,
    key: &str,
    body: &Value,
    status: u16,
) -> Value {
    let path = format!("{POLLS}/{id}/votes");
    let r = post(app, &path, token, Some(key), body).await;
    checked(&r, "post", &path, status)
}

async fn view(app: &TestApp, token: Option<&str>, id: &str) -> Value {
    let path = format!("{POLLS}/{id}");
    checked(&get(app, &path, token).await, "get", &path, 200)
}

async fn set_village(
    app: &TestApp,
    token: &str,
    station: &str,
    village: &str,
    status: u16,
) -> Value {
    let path = "/api/v1/me/village";
    let r = send_req(
        app,
        Method::PUT,
        path,
        Some(token),
        None,
        Some(&json!({"station_id": station, "village": village})),
    )
    .await;
    checked(&r, "put", path, status)
}

fn fields(p: &Value) -> Vec<(String, String)> {
    p["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn staff_create_polls_and_the_list_puts_open_ones_first() {
    let (app, u) = setup();
    app.state.set_now(NOW - 9 * DAY);
    let closed = create(
        &app,
        &u.huang,
        "k-closed",
        &new_poll(
            "垃圾分类收集点选址",
            all(),
            NOW - 9 * DAY,
            NOW + DAY,
            "after_vote",
        ),
    )
    .await;
    app.state.set_now(NOW);
    let open_late = create(
        &app,
        &u.huang,
        "k-open-late",
        &new_poll(
            "养老服务中心开放时间",
            all(),
            NOW,
            NOW + 9 * DAY,
            "after_vote",
        ),
    )
    .await;
    let open_soon = create(
        &app,
        &u.huang,
        "k-open-soon",
        &new_poll(
            "村道硬化方案征求意见",
            all(),
            NOW,
            NOW + 2 * DAY,
            "after_close",
        ),
    )
    .await;
    let upcoming = create(
        &app,
        &u.huang,
        "k-upcoming",
        &new_poll(
            "民生实事项目票选",
            all(),
            NOW + 2 * DAY,
            NOW + 5 * DAY,
            "after_vote",
        ),
    )
    .await;
    assert_eq!(open_soon["status"], "open");
    assert_eq!(upcoming["status"], "upcoming");
    assert_eq!(
        open_soon["description"].as_array().unwrap().len(),
        2,
        "blank lines separate paragraphs"
    );
    assert_eq!(open_soon["questions"][1]["max_choices"], 2);
    assert_eq!(
        open_soon["questions"][1]["options"][3],
        json!({"id": "q2o4", "text": "后山路"})
    );
    assert_eq!(open_soon["scope"]["label"], "全镇");
    // the same key and body: the first answer again; the same key with another body: 409
    let again = post(
        &app,
        POLLS,
        Some(&u.huang),
        Some("k-open-soon"),
        &new_poll(
            "村道硬化方案征求意见",
            all(),
            NOW,
            NOW + 2 * DAY,
            "after_close",
        ),
    )
    .await;
    assert_eq!(checked(&again, "post", POLLS, 201)["id"], open_soon["id"]);
    let other = post(
        &app,
        POLLS,
        Some(&u.huang),
        Some("k-open-soon"),
        &new_poll("另一个投票标题", all(), NOW, NOW + 2 * DAY, "after_close"),
    )
    .await;
    checked(&other, "post", POLLS, 409);
    // the first poll closes by its time
    app.state.set_now(NOW + DAY + 1);
    let (ids, pages) = app.walk(&format!("{POLLS}?limit=1")).await;
    assert_eq!(
        ids,
        vec![
            id_of(&open_soon),
            id_of(&open_late),
            id_of(&upcoming),
            id_of(&closed)
        ]
    );
    assert_eq!(pages, 4);
    let (ids, _) = app.walk(&format!("{POLLS}?status=closed")).await;
    assert_eq!(ids, vec![id_of(&closed)]);
    let (ids, _) = app.walk(&format!("{POLLS}?status=open&limit=1")).await;
    assert_eq!(ids, vec![id_of(&open_soon), id_of(&open_late)]);
    let list = checked(
        &get(&app, &format!("{POLLS}?status=upcoming"), None).await,
        "get",
        POLLS,
        200,
    );
    assert_eq!(list["items"][0]["status"], "upcoming");
    // bad query values
    for q in ["status=ongoing", "limit=0", "cursor=nonsense"] {
        checked(
            &get(&app, &format!("{POLLS}?{q}"), None).await,
            "get",
            POLLS,
            400,
        );
    }
    // a cursor of the open list does not fit the closed one
    let first = checked(
        &get(&app, &format!("{POLLS}?status=open&limit=1"), None).await,
        "get",
        POLLS,
        200,
    );
    let c = first["next_cursor"].as_str().unwrap();
    checked(
        &get(&app, &format!("{POLLS}?status=closed&cursor={c}"), None).await,
        "get",
        POLLS,
        400,
    );
    // 404
    checked(
        &get(&app, &format!("{POLLS}/pl_999999"), None).await,
        "get",
        "/api/v1/polls/pl_999999",
        404,
    );
}

#[tokio::test]
async fn only_staff_create_and_close_polls() {
    let (app, u) = setup();
    let body = new_poll("村道硬化方案", all(), NOW, NOW + DAY, "after_vote");
    checked(
        &post(&app, POLLS, None, Some("k"), &body).await,
        "post",
        POLLS,
        401,
    );
    checked(
        &post(&app, POLLS, Some(&u.wang), Some("k"), &body).await,
        "post",
        POLLS,
        403,
    );
    checked(
        &post(&app, POLLS, Some(&u.chen), Some("k"), &body).await,
        "post",
        POLLS,
        403,
    );
    checked(
        &post(&app, POLLS, Some(&u.huang), None, &body).await,
        "post",
        POLLS,
        400,
    );
    let p = create(&app, &u.huang, "k", &body).await;
    assert_eq!(p["can_close"], true);
    let close = format!("{POLLS}/{}/close", id_of(&p));
    checked(
        &post(&app, &close, None, None, &json!({})).await,
        "post",
        &close,
        401,
    );
    checked(
        &post(&app, &close, Some(&u.wang), None, &json!({})).await,
        "post",
        &close,
        403,
    );
    let missing = format!("{POLLS}/pl_424242/close");
    checked(
        &post(&app, &missing, Some(&u.huang), None, &json!({})).await,
        "post",
        &missing,
        404,
    );
    let closed = checked(
        &post(&app, &close, Some(&u.huang), None, &json!({})).await,
        "post",
        &close,
        200,
    );
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["can_close"], false);
    assert_eq!(closed["closes_at"], iso(NOW));
    checked(
        &post(&app, &close, Some(&u.huang), None, &json!({})).await,
        "post",
        &close,
        409,
    );
}

#[tokio::test]
async fn each_invalid_field_of_a_new_poll_is_named() {
    let (app, u) = setup();
    let bad = |f: &dyn Fn(&mut Value)| {
        let mut b = new_poll("村道硬化方案", all(), NOW, NOW + DAY, "after_vote");
        f(&mut b);
        b
    };
    let cases: Vec<(Value, Vec<(&str, &str)>)> = vec![
        (
            bad(&|b| b["title"] = json!("村道")),
            vec![("title", "too_short")],
        ),
        (
            bad(&|b| b["title"] = json!("长".repeat(61))),
            vec![("title", "too_long")],
        ),
        (
            bad(&|b| b["scope"] = json!({"kind": "station"})),
            vec![("scope", "required")],
        ),
        (
            bad(&|b| b["scope"] = json!({"kind": "station", "station_id": "st_nowhere"})),
            vec![("scope", "invalid")],
        ),
        (
            bad(&|b| {
                b["scope"] =
                    json!({"kind": "village", "station_id": "st_center", "village": "和平村"})
            }),
            vec![("scope", "invalid")],
        ),
        (
            bad(&|b| b["scope"] = json!("all")),
            vec![("scope", "invalid")],
        ),
        (
            bad(&|b| b["closes_at"] = json!(iso(NOW - HOUR))),
            vec![("closes_at", "out_of_range")],
        ),
        (
            bad(&|b| b["closes_at"] = json!(iso(NOW + 91 * DAY))),
            vec![("closes_at", "out_of_range")],
        ),
        (
            bad(&|b| b["opens_at"] = json!(iso(NOW + 2 * DAY))),
            vec![("closes_at", "out_of_range")],
        ),
        (
            bad(&|b| b["closes_at"] = json!("明天")),
            vec![("closes_at", "invalid")],
        ),
        (
            bad(&|b| b["results_shown"] = json!("never")),
            vec![("results_shown", "invalid")],
        ),
        (
            bad(&|b| b["questions"] = json!([])),
            vec![("questions", "required")],
        ),
        (
            bad(&|b| b["questions"] = json!("一个问题")),
            vec![("questions", "required")],
        ),
        (
            bad(&|b| b["questions"][0]["options"] = json!(["只有一个"])),
            vec![("questions[0].options", "too_short")],
        ),
        (
            bad(&|b| b["questions"][0]["options"] = json!(["甲", "甲"])),
            vec![("questions[0].options[1]", "invalid")],
        ),
        (
            bad(&|b| b["questions"][0]["kind"] = json!("ranking")),
            vec![("questions[0].kind", "invalid")],
        ),
        (
            bad(&|b| b["questions"][1]["max_choices"] = json!(5)),
            vec![("questions[1].max_choices", "out_of_range")],
        ),
        (
            bad(&|b| b["questions"][1]["text"] = json!("")),
            vec![("questions[1].text", "required")],
        ),
        // what is given is checked whatever the kind
        (
            bad(&|b| b["scope"] = json!({"kind": "all", "village": " "})),
            vec![("scope", "required")],
        ),
        (
            bad(&|b| b["scope"] = json!({"kind": "all", "station_id": "st center"})),
            vec![("scope", "invalid")],
        ),
        (
            bad(&|b| b["questions"][0]["max_choices"] = json!(0)),
            vec![("questions[0].max_choices", "out_of_range")],
        ),
    ];
    for (i, (body, want)) in cases.into_iter().enumerate() {
        let r = post(
            &app,
            POLLS,
            Some(&u.huang),
            Some(&format!("bad-{i}")),
            &body,
        )
        .await;
        let p = checked(&r, "post", POLLS, 400);
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(f, c)| ((*f).into(), (*c).into()))
            .collect();
        assert_eq!(fields(&p), want, "case {i}: {body}");
    }
    let too_many: Vec<Value> = (0..11)
        .map(|i| json!({"text": format!("问题{i}"), "kind": "single", "options": ["是", "否"]}))
        .collect();
    let r = post(
        &app,
        POLLS,
        Some(&u.huang),
        Some("bad-many"),
        &bad(&|b| b["questions"] = json!(too_many)),
    )
    .await;
    assert_eq!(
        fields(&checked(&r, "post", POLLS, 400)),
        vec![("questions".into(), "too_long".into())]
    );
}

#[tokio::test]
async fn a_citizen_votes_once_sees_the_results_and_cannot_change_the_vote() {
    let (app, u) = setup();
    let p = create(
        &app,
        &u.huang,
        "k",
        &new_poll("村道硬化方案", all(), NOW, NOW + 3 * DAY, "after_vote"),
    )
    .await;
    let id = id_of(&p);
    // before voting: no results, may vote
    let before = view(&app, Some(&u.wang), &id).await;
    assert_eq!(before["can_vote"], true);
    assert!(before.get("results").is_none() && before.get("my_vote").is_none());
    // signed out: sign_in; staff: results always
    let public = view(&app, None, &id).await;
    assert_eq!(
        (public["can_vote"].clone(), public["vote_block"].clone()),
        (json!(false), json!("sign_in"))
    );
    assert!(public.get("results").is_none());
    assert!(view(&app, Some(&u.huang), &id).await["results"].is_object());
    // not signed in, unknown poll, a missing key
    vote(&app, None, &id, "v", &ballot("q1o1", &["q2o1"]), 401).await;
    vote(
        &app,
        Some(&u.wang),
        "pl_999999",
        "v0",
        &ballot("q1o1", &["q2o1"]),
        404,
    )
    .await;
    let r = post(
        &app,
        &format!("{POLLS}/{id}/votes"),
        Some(&u.wang),
        None,
        &ballot("q1o1", &["q2o1"]),
    )
    .await;
    checked(&r, "post", &format!("{POLLS}/{id}/votes"), 400);
    // each invalid ballot
    for (i, b) in [
        json!({"answers": [{"question_id": "q1", "option_ids": ["q1o1"]}]}),
        ballot("q1o1", &["q2o1", "q2o2", "q2o3"]),
        ballot("q2o1", &["q2o1"]),
        ballot("q1o1", &["q2o1", "q2o1"]),
        ballot("q1o1", &[]),
        json!({"answers": "q1o1"}),
        json!({}),
    ]
    .iter()
    .enumerate()
    {
        let p = vote(&app, Some(&u.wang), &id, &format!("bad-{i}"), b, 400).await;
        assert_eq!(p["errors"][0]["field"], "answers", "{b}");
    }
    // the vote: results at once (after_vote), the vote itself, no more voting
    let voted = vote(
        &app,
        Some(&u.wang),
        &id,
        "v1",
        &ballot("q1o2", &["q2o1", "q2o3"]),
        201,
    )
    .await;
    assert_eq!(voted["can_vote"], false);
    assert_eq!(voted["vote_block"], "already_voted");
    assert_eq!(
        voted["my_vote"],
        json!([{"question_id": "q1", "option_ids": ["q1o2"]}, {"question_id": "q2", "option_ids": ["q2o1", "q2o3"]}])
    );
    assert_eq!(voted["voters"], 1);
    let res = &voted["results"];
    assert_eq!(res["voters"], 1);
    assert_eq!(
        res["questions"][0]["options"],
        json!([{"option_id": "q1o1", "votes": 0}, {"option_id": "q1o2", "votes": 1}, {"option_id": "q1o3", "votes": 0}])
    );
    assert_eq!(res["questions"][1]["voters"], 1);
    // the vote earned 2 points, once
    let me = checked(&get(&app, "/api/v1/points/me/history", Some(&u.wang)).await, "get", "/api/v1/points/me/history", 200);
    let paid: Vec<u64> = me["items"].as_array().unwrap().iter().filter(|e| e["action"] == "poll_vote").map(|e| e["points"].as_u64().unwrap()).collect();
    assert_eq!(paid, [2]);
    // the same request again: the first answer; another key: 409, and the vote is unchanged
    let again = vote(
        &app,
        Some(&u.wang),
        &id,
        "v1",
        &ballot("q1o2", &["q2o1", "q2o3"]),
        201,
    )
    .await;
    assert_eq!(again["my_vote"], voted["my_vote"]);
    vote(
        &app,
        Some(&u.wang),
        &id,
        "v1",
        &ballot("q1o1", &["q2o1"]),
        409,
    )
    .await;
    vote(
        &app,
        Some(&u.wang),
        &id,
        "v2",
        &ballot("q1o1", &["q2o2"]),
        409,
    )
    .await;
    // another citizen: the counts add up
    vote(
        &app,
        Some(&u.li),
        &id,
        "v1",
        &ballot("q1o2", &["q2o3"]),
        201,
    )
    .await;
    let seen = view(&app, Some(&u.wang), &id).await;
    assert_eq!(seen["my_vote"], voted["my_vote"]);
    assert_eq!(seen["results"]["voters"], 2);
    assert_eq!(seen["results"]["questions"][0]["options"][1]["votes"], 2);
    assert_eq!(seen["results"]["questions"][1]["options"][2]["votes"], 2);
    assert_eq!(seen["results"]["questions"][1]["options"][0]["votes"], 1);
    let list = checked(&get(&app, POLLS, None).await, "get", POLLS, 200);
    assert_eq!(list["items"][0]["voters"], 2);
}

#[tokio::test]
async fn votes_are_taken_only_while_a_poll_is_open() {
    let (app, u) = setup();
    let p = create(
        &app,
        &u.huang,
        "k",
        &new_poll(
            "民生实事项目票选",
            all(),
            NOW + DAY,
            NOW + 3 * DAY,
            "after_vote",
        ),
    )
    .await;
    let id = id_of(&p);
    assert_eq!(
        view(&app, Some(&u.wang), &id).await["vote_block"],
        "not_open"
    );
    vote(
        &app,
        Some(&u.wang),
        &id,
        "v1",
        &ballot("q1o1", &["q2o1"]),
        409,
    )
    .await;
    app.state.set_now(NOW + DAY);
    vote(
        &app,
        Some(&u.wang),
        &id,
        "v2",
        &ballot("q1o1", &["q2o1"]),
        201,
    )
    .await;
    app.state.set_now(NOW + 3 * DAY);
    assert_eq!(view(&app, Some(&u.li), &id).await["vote_block"], "closed");
    vote(
        &app,
        Some(&u.li),
        &id,
        "v3",
        &ballot("q1o1", &["q2o1"]),
        409,
    )
    .await;
    // closed early by staff
    let q = create(
        &app,
        &u.huang,
        "k2",
        &new_poll(
            "养老服务中心开放时间",
            all(),
            NOW + 3 * DAY,
            NOW + 9 * DAY,
            "after_vote",
        ),
    )
    .await;
    let close = format!("{POLLS}/{}/close", id_of(&q));
    checked(
        &post(&app, &close, Some(&u.huang), None, &json!({})).await,
        "post",
        &close,
        200,
    );
    vote(
        &app,
        Some(&u.li),
        &id_of(&q),
        "v4",
        &ballot("q1o1", &["q2o1"]),
        409,
    )
    .await;
}

#[tokio::test]
async fn results_after_close_are_hidden_from_voters_until_then() {
    let (app, u) = setup();
    let p = create(
        &app,
        &u.huang,
        "k",
        &new_poll("垃圾分类收集点选址", all(), NOW, NOW + DAY, "after_close"),
    )
    .await;
    let id = id_of(&p);
    let voted = vote(
        &app,
        Some(&u.wang),
        &id,
        "v1",
        &ballot("q1o3", &["q2o4"]),
        201,
    )
    .await;
    assert!(voted.get("results").is_none());
    assert!(voted["my_vote"].is_array());
    assert!(
        view(&app, Some(&u.huang), &id).await["results"].is_object(),
        "staff see them"
    );
    app.state.set_now(NOW + DAY);
    assert_eq!(
        view(&app, None, &id).await["results"]["voters"],
        1,
        "everyone once closed"
    );
}

#[tokio::test]
async fn the_village_of_the_account_decides_the_scope() {
    let (app, u) = setup();
    let village = json!({"kind": "village", "station_id": "st_heping", "village": "和平村"});
    let station = json!({"kind": "station", "station_id": "st_center"});
    let pv = id_of(
        &create(
            &app,
            &u.huang,
            "kv",
            &new_poll("和平村文化室选址", village, NOW, NOW + DAY, "after_vote"),
        )
        .await,
    );
    let ps = create(
        &app,
        &u.huang,
        "ks",
        &new_poll(
            "中心片区垃圾分类收集点",
            station,
            NOW,
            NOW + DAY,
            "after_vote",
        ),
    )
    .await;
    assert_eq!(ps["scope"]["label"], "龙湾镇人大代表中心联络站");
    let ps = id_of(&ps);
    // no village yet: told to choose it
    assert_eq!(
        view(&app, Some(&u.wang), &pv).await["vote_block"],
        "choose_village"
    );
    let p = vote(
        &app,
        Some(&u.wang),
        &pv,
        "v1",
        &ballot("q1o1", &["q2o1"]),
        403,
    )
    .await;
    assert!(p["detail"]
        .as_str()
        .unwrap()
        .contains("choose your village"));
    // the choice is checked
    assert_eq!(
        fields(&set_village(&app, &u.wang, "st_nowhere", "和平村", 400).await),
        vec![("station_id".into(), "invalid".into())]
    );
    assert_eq!(
        fields(&set_village(&app, &u.wang, "st_center", "和平村", 400).await),
        vec![("village".into(), "invalid".into())]
    );
    assert_eq!(
        fields(&set_village(&app, &u.wang, "", "", 400).await),
        vec![
            ("station_id".into(), "required".into()),
            ("village".into(), "required".into())
        ]
    );
    let r = send_req(
        &app,
        Method::PUT,
        "/api/v1/me/village",
        None,
        None,
        Some(&json!({"station_id": "st_center", "village": "龙湾村"})),
    )
    .await;
    checked(&r, "put", "/api/v1/me/village", 401);
    // 王秀英 lives in 龙湾村 (the centre station): the station's poll, not 和平村's
    let me = set_village(&app, &u.wang, "st_center", "龙湾村", 200).await;
    assert_eq!(
        me["village"],
        json!({"station_id": "st_center", "village": "龙湾村"})
    );
    assert_eq!(
        checked(
            &get(&app, "/api/v1/me", Some(&u.wang)).await,
            "get",
            "/api/v1/me",
            200
        )["village"]["village"],
        "龙湾村"
    );
    assert_eq!(
        view(&app, Some(&u.wang), &pv).await["vote_block"],
        "out_of_scope"
    );
    let p = vote(
        &app,
        Some(&u.wang),
        &pv,
        "v2",
        &ballot("q1o1", &["q2o1"]),
        403,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("和平村"), "{p}");
    vote(
        &app,
        Some(&u.wang),
        &ps,
        "v3",
        &ballot("q1o1", &["q2o1"]),
        201,
    )
    .await;
    // 李建国 chose 大坪村 by mistake: staff correct it to 和平村
    set_village(&app, &u.li, "st_heping", "大坪村", 200).await;
    vote(
        &app,
        Some(&u.li),
        &pv,
        "v4",
        &ballot("q1o1", &["q2o1"]),
        403,
    )
    .await;
    vote(
        &app,
        Some(&u.li),
        &ps,
        "v5",
        &ballot("q1o1", &["q2o1"]),
        403,
    )
    .await;
    let path = format!("/api/v1/users/{LI}/village");
    let fix = json!({"station_id": "st_heping", "village": "和平村"});
    checked(
        &send_req(&app, Method::PUT, &path, Some(&u.wang), None, Some(&fix)).await,
        "put",
        &path,
        403,
    );
    checked(
        &send_req(&app, Method::PUT, &path, None, None, Some(&fix)).await,
        "put",
        &path,
        401,
    );
    let nobody = "/api/v1/users/u_nobody/village";
    checked(
        &send_req(&app, Method::PUT, nobody, Some(&u.huang), None, Some(&fix)).await,
        "put",
        nobody,
        404,
    );
    let bad = json!({"station_id": "st_heping", "village": "龙湾村"});
    checked(
        &send_req(&app, Method::PUT, &path, Some(&u.huang), None, Some(&bad)).await,
        "put",
        &path,
        400,
    );
    let set = checked(
        &send_req(&app, Method::PUT, &path, Some(&u.huang), None, Some(&fix)).await,
        "put",
        &path,
        200,
    );
    assert_eq!(set, fix);
    vote(
        &app,
        Some(&u.li),
        &pv,
        "v6",
        &ballot("q1o1", &["q2o1"]),
        201,
    )
    .await;
}

#[tokio::test]
async fn two_votes_racing_give_one_vote_and_a_409() {
    let (app, u) = setup();
    let id = id_of(
        &create(
            &app,
            &u.huang,
            "k",
            &new_poll("村道硬化方案", all(), NOW, NOW + DAY, "after_vote"),
        )
        .await,
    );
    // two requests of one user with two keys, at once
    let path = format!("{POLLS}/{id}/votes");
    let (first, second) = (ballot("q1o1", &["q2o1"]), ballot("q1o2", &["q2o2"]));
    let (a, b) = tokio::join!(
        post(&app, &path, Some(&u.wang), Some("race-a"), &first),
        post(&app, &path, Some(&u.wang), Some("race-b"), &second),
    );
    let mut statuses = vec![a.status.as_u16(), b.status.as_u16()];
    statuses.sort();
    assert_eq!(statuses, vec![201, 409]);
    assert_eq!(
        view(&app, Some(&u.huang), &id).await["results"]["voters"],
        1
    );
    // the database itself refuses a second vote, whatever the handler checked before
    let second = app.db.with_conn(|c| {
        server::polls::insert_vote(
            c,
            &id,
            WANG,
            &[contract::Answer {
                question_id: "q1".into(),
                option_ids: vec!["q1o3".into()],
            }],
            NOW,
        )
    });
    assert!(
        matches!(second, Err(server::problem::ApiError::Conflict(_))),
        "{second:?}"
    );
    let n: i64 = app.db.with_conn(|c| {
        c.query_row(
            "SELECT COUNT(*) FROM poll_choices WHERE option_id = 'q1o3'",
            (),
            |r| r.get(0),
        )
        .unwrap()
    });
    assert_eq!(n, 0);
}

#[tokio::test]
async fn votes_are_rate_limited_per_user() {
    let app = TestApp::with_config(|c| c.limits.votes_per_hour = 1);
    let (app, u) = setup_with(app);
    let a = id_of(
        &create(
            &app,
            &u.huang,
            "ka",
            &new_poll("村道硬化方案", all(), NOW, NOW + DAY, "after_vote"),
        )
        .await,
    );
    let b = id_of(
        &create(
            &app,
            &u.huang,
            "kb",
            &new_poll("养老服务中心开放时间", all(), NOW, NOW + DAY, "after_vote"),
        )
        .await,
    );
    vote(
        &app,
        Some(&u.wang),
        &a,
        "v1",
        &ballot("q1o1", &["q2o1"]),
        201,
    )
    .await;
    let path = format!("{POLLS}/{b}/votes");
    let r = post(
        &app,
        &path,
        Some(&u.wang),
        Some("v2"),
        &ballot("q1o1", &["q2o1"]),
    )
    .await;
    checked(&r, "post", &path, 429);
    assert!(r.header("retry-after").is_some());
}

async fn poll_alerts(app: &TestApp, token: &str) -> Vec<Value> {
    let r = get(app, "/api/v1/notifications", Some(token)).await;
    let v = checked(&r, "get", "/api/v1/notifications", 200);
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "poll_results")
        .cloned()
        .collect()
}

#[tokio::test]
async fn voters_are_told_once_when_the_results_are_out() {
    let (app, u) = setup();
    let p = id_of(
        &create(
            &app,
            &u.huang,
            "k",
            &new_poll("垃圾分类收集点选址", all(), NOW, NOW + DAY, "after_close"),
        )
        .await,
    );
    vote(
        &app,
        Some(&u.wang),
        &p,
        "v1",
        &ballot("q1o1", &["q2o1"]),
        201,
    )
    .await;
    let hub = std::sync::Arc::clone(app.state.hub());
    let sweep = |now| {
        app.db
            .with_conn(|c| server::polls::sweep(c, &hub, now))
            .expect("sweep")
    };
    assert_eq!(sweep(NOW + DAY - 1), 0, "still open");
    assert_eq!(sweep(NOW + DAY), 1);
    assert_eq!(sweep(NOW + DAY + 60), 0, "once");
    let alerts = poll_alerts(&app, &u.wang).await;
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0]["link"], format!("/polls/{p}"));
    assert!(alerts[0]["body"]
        .as_str()
        .unwrap()
        .contains("垃圾分类收集点选址"));
    assert!(poll_alerts(&app, &u.li).await.is_empty(), "only voters");
    // staff closing early tells the voters at once
    let q = id_of(
        &create(
            &app,
            &u.huang,
            "k2",
            &new_poll(
                "养老服务中心开放时间",
                all(),
                NOW,
                NOW + 5 * DAY,
                "after_vote",
            ),
        )
        .await,
    );
    vote(&app, Some(&u.li), &q, "v2", &ballot("q1o1", &["q2o1"]), 201).await;
    let close = format!("{POLLS}/{q}/close");
    checked(
        &post(&app, &close, Some(&u.huang), None, &json!({})).await,
        "post",
        &close,
        200,
    );
    assert_eq!(poll_alerts(&app, &u.li).await.len(), 1);
    assert_eq!(sweep(NOW + 6 * DAY), 0, "not again");
}

#[tokio::test]
async fn the_demo_has_open_polls_of_each_scope_and_closed_ones_with_votes() {
    let (app, u) = setup();
    let votes = server::demo::polls::seed_polls_if_empty(&app.db, NOW)
        .expect("seed")
        .expect("seeded");
    assert!(votes > 100, "{votes} votes");
    assert_eq!(
        server::demo::polls::seed_polls_if_empty(&app.db, NOW).expect("again"),
        None
    );
    let (ids, _) = app.walk(POLLS).await;
    let mut open_scopes = Vec::new();
    let mut closed = 0;
    for id in &ids {
        let p = view(&app, Some(&u.wang), id).await;
        match p["status"].as_str().unwrap() {
            "open" => open_scopes.push(p["scope"]["kind"].as_str().unwrap().to_owned()),
            "closed" => {
                closed += 1;
                assert!(p["results"]["voters"].as_u64().unwrap() >= 10, "{p}");
                assert!(p["my_vote"].is_array(), "王秀英 voted in the closed ones");
            }
            _ => {}
        }
        // Chinese text from a township's life, never lorem ipsum
        assert!(!p.to_string().to_lowercase().contains("lorem"));
    }
    open_scopes.sort();
    assert_eq!(open_scopes, vec!["all", "station", "village"]);
    assert_eq!(closed, 2);
    // 王秀英 (龙湾村) may vote in the township's and her station's polls, not 和平村's
    let blocks: Vec<Value> = {
        let mut v = Vec::new();
        for id in &ids {
            let p = view(&app, Some(&u.wang), id).await;
            if p["status"] == "open" {
                v.push(json!([p["scope"]["kind"], p["vote_block"]]));
            }
        }
        v
    };
    assert!(
        blocks.contains(&json!(["village", "out_of_scope"])),
        "{blocks:?}"
    );
    assert!(blocks.contains(&json!(["station", null])), "{blocks:?}");
    // her closed polls' results are announced by the sweep
    let hub = std::sync::Arc::clone(app.state.hub());
    app.db
        .with_conn(|c| server::polls::sweep(c, &hub, NOW))
        .expect("sweep");
    assert_eq!(poll_alerts(&app, &u.wang).await.len(), 2);
}

#[tokio::test]
async fn a_poll_is_commented_on_and_liked_like_an_article() {
    let (app, u) = setup();
    let p = create(&app, &u.huang, "k", &new_poll("村道硬化方案", all(), NOW, NOW + 3 * DAY, "after_vote")).await;
    let id = id_of(&p);
    let body = json!({"target_kind": "poll", "target_id": id, "body": "建议先修村口到小学那段。"});
    let c = checked(&post(&app, "/api/v1/comments", Some(&u.chen), Some("c1"), &body).await, "post", "/api/v1/comments", 201);
    assert_eq!(c["state"], "published");
    let path = format!("/api/v1/comments?target_kind=poll&target_id={id}");
    let page = checked(&get(&app, &path, None).await, "get", &path, 200);
    assert_eq!(page["items"][0]["body"], "建议先修村口到小学那段。");
    let like = format!("/api/v1/likes/poll/{id}");
    let r = send_req(&app, Method::PUT, &like, Some(&u.wang), None, None).await;
    assert_eq!(checked(&r, "put", &like, 200)["like_count"], 1);
    let counts = checked(&get(&app, &like, None).await, "get", &like, 200);
    assert_eq!((counts["like_count"].clone(), counts["comment_count"].clone()), (json!(1), json!(1)));
    // an unknown poll has no thread
    let none = "/api/v1/comments?target_kind=poll&target_id=pl_999999";
    checked(&get(&app, none, None).await, "get", none, 404);
}
