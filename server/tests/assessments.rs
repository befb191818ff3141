//! 测评 (capability tests) and certificates: who may see what, the demo's standings, starting
//! (one attempt at a time, idempotent), the questions never carrying their answers before
//! submission, answers saved one by one, the time limit kept by the server (a grace, then 409
//! and the attempt submitted as of its deadline — on a read or by the sweep), the number of
//! attempts and the wait between them, the marks of each kind of question, the result and
//! who reads it, certificates of tests and courses, and their public check and PDF.

mod common;
mod msgsupport;

use axum::http::Method;
use common::*;
use msgsupport::*;
use serde_json::{json, Value};

fn world() -> (TestApp, Users) {
    let (app, users) = setup();
    app.db
        .with_conn(|conn| {
            let tx = conn.transaction()?;
            server::demo::training::seed(&tx, NOW)?;
            tx.commit()?;
            Ok::<_, server::db::Error>(())
        })
        .expect("seed training");
    (app, users)
}

/// A test of our own: (opens, closes) relative to the server's now, time limit and wait in
/// seconds.
#[allow(clippy::too_many_arguments)]
fn add_test(app: &TestApp, id: &str, opens: Option<i64>, closes: Option<i64>, limit: Option<i64>, max: Option<u32>, wait: i64, pass: u32, draw: Value) {
    let now = app.state.now();
    app.db.with_conn(|conn| {
        conn.execute(
            "INSERT INTO assessments (id, title, intro, opens_at, closes_at, time_limit_secs, max_attempts, wait_secs, pass_percent, draw_json, created_at) \
             VALUES (?1, ?2, '', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            server::params![id, format!("测试 {id}"), opens.map(|o| now + o), closes.map(|c| now + c), limit, max, wait, pass, draw.to_string(), now],
        )
        .expect("insert test");
    });
}

/// The right options of a question of the bank.
fn correct(app: &TestApp, question_id: &str) -> Vec<String> {
    app.db.with_conn(|conn| {
        let json: String = conn
            .query_row("SELECT correct_json FROM quiz_questions WHERE id = ?1", [question_id], |r| r.get(0))
            .expect("question");
        serde_json::from_str(&json).expect("correct ids")
    })
}

async fn start(app: &TestApp, token: &str, test: &str, key: &str, status: u16) -> Value {
    call_with_key(app, Method::POST, &format!("/api/v1/training/tests/{test}/attempts"), Some(token), Some(key), None, status).await
}

async fn answer(app: &TestApp, token: &str, attempt: &str, question: &str, ids: &[&str], status: u16) -> Value {
    call(
        app,
        Method::PUT,
        &format!("/api/v1/training/attempts/{attempt}/answers/{question}"),
        Some(token),
        Some(&json!({ "option_ids": ids })),
        status,
    )
    .await
}

async fn submit(app: &TestApp, token: &str, attempt: &str, status: u16) -> Value {
    call(app, Method::POST, &format!("/api/v1/training/attempts/{attempt}/submit"), Some(token), None, status).await
}

async fn test_of(app: &TestApp, token: &str, id: &str) -> Value {
    call(app, Method::GET, &format!("/api/v1/training/tests/{id}"), Some(token), None, 200).await
}

fn question_ids(attempt: &Value) -> Vec<String> {
    attempt["questions"].as_array().expect("questions").iter().map(|q| q["id"].as_str().unwrap().to_owned()).collect()
}

/// Every key anywhere in `v`.
fn keys(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                out.push(k.clone());
                keys(x, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| keys(x, out)),
        _ => {}
    }
}

fn str_of(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn only_deputies_and_staff_take_tests_and_anyone_checks_a_certificate() {
    let (app, u) = world();
    for uri in ["/api/v1/training/tests", "/api/v1/training/tests/tst_law", "/api/v1/training/certificates"] {
        call(&app, Method::GET, uri, None, None, 401).await;
        call(&app, Method::GET, uri, Some(&u.wang), None, 403).await;
        call(&app, Method::GET, uri, Some(&u.he), None, 200).await;
        call(&app, Method::GET, uri, Some(&u.huang), None, 200).await;
    }
    start(&app, &u.wang, "tst_law", "k1", 403).await;
    start(&app, &u.he, "tst_nope", "k1", 404).await;
    let r = send_req(&app, Method::POST, "/api/v1/training/tests/tst_law/attempts", Some(&u.he), None, None).await;
    assert_eq!(r.status.as_u16(), 400, "an Idempotency-Key is required: {}", r.text());
    // 陈's certificate is checked without signing in
    let mine = call(&app, Method::GET, "/api/v1/training/certificates", Some(&u.chen), None, 200).await;
    let code = str_of(&mine["items"][0]["code"]);
    let check = call(&app, Method::GET, &format!("/api/v1/certificates/{code}"), None, None, 200).await;
    assert_eq!(check["valid"], true);
}

#[tokio::test]
async fn the_demo_has_a_pass_a_fail_and_a_test_not_open_yet() {
    let (app, u) = world();
    let list = call(&app, Method::GET, "/api/v1/training/tests", Some(&u.chen), None, 200).await;
    let items = list["items"].as_array().unwrap();
    let ids: Vec<String> = items.iter().map(|t| str_of(&t["id"])).collect();
    assert_eq!(ids, ["tst_digital", "tst_law", "tst_platform", "tst_budget", "tst_practical"]);
    let digital = &items[0];
    assert_eq!(digital["rules"]["time_limit_minutes"], 30);
    assert_eq!(digital["rules"]["max_attempts"], 2);
    assert_eq!(digital["rules"]["wait_minutes"], 60);
    assert_eq!(digital["rules"]["pass_percent"], 60);
    assert_eq!(digital["rules"]["question_count"], 10);
    assert_eq!(digital["standing"]["passed"], true);
    assert_eq!(digital["standing"]["state"], "available", "a second attempt is allowed: {digital}");
    assert_eq!(digital["standing"]["attempts_used"], 1);
    assert!(digital["standing"]["best_score"].as_u64().unwrap() >= 60);
    assert!(digital["standing"]["certificate_code"].is_string());
    assert_eq!(items[3]["standing"]["state"], "not_open_yet");

    let law = test_of(&app, &u.he, "tst_law").await;
    assert_eq!(law["standing"]["passed"], false);
    assert_eq!(law["standing"]["best_score"], 30);
    assert_eq!(law["attempts"][0]["passed"], false);
    assert!(law["standing"].get("certificate_code").is_none());

    let certs = call(&app, Method::GET, "/api/v1/training/certificates", Some(&u.chen), None, 200).await;
    let kinds: Vec<String> = certs["items"].as_array().unwrap().iter().map(|c| str_of(&c["kind"])).collect();
    assert_eq!(kinds, ["test", "course"], "newest first: the test ten days ago, the course twenty");
    let none = call(&app, Method::GET, "/api/v1/training/certificates", Some(&u.he), None, 200).await;
    assert_eq!(none["items"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn an_attempt_draws_per_plan_and_never_shows_the_answers_before_submission() {
    let (app, u) = world();
    let a = start(&app, &u.he, "tst_law", "start-1", 201).await;
    let qs = a["questions"].as_array().unwrap();
    assert_eq!(qs.len(), 10);
    let law = qs.iter().filter(|q| q["category"] == "代表法").count();
    assert_eq!((law, qs.len() - law), (8, 2), "8 of 代表法 and 2 of 代表建议");
    assert_eq!(a["number"], 2);
    assert_eq!(a["status"], "in_progress");
    assert_eq!(a["now"], contract::civil::rfc3339_utc(NOW));
    assert_eq!(a["deadline"], contract::civil::rfc3339_utc(NOW + 20 * 60));
    let mut found = Vec::new();
    keys(&a, &mut found);
    for leak in ["correct", "correct_option_ids", "explanation", "mark", "feedback"] {
        assert!(!found.contains(&leak.to_owned()), "{leak} in an attempt before submission");
    }
    let body = a.to_string();
    // no explanation text of any drawn question either
    for q in question_ids(&a) {
        let explanation: String = app
            .db
            .with_conn(|c| c.query_row("SELECT explanation FROM quiz_questions WHERE id = ?1", [&q], |r| r.get(0)).unwrap());
        assert!(!body.contains(&explanation), "the explanation of {q} was sent");
    }

    // the same key: the first answer again; another key while one is open: the open attempt (200)
    let again = start(&app, &u.he, "tst_law", "start-1", 201).await;
    assert_eq!(again["id"], a["id"]);
    let resumed = start(&app, &u.he, "tst_law", "start-2", 200).await;
    assert_eq!(resumed["id"], a["id"], "one attempt at a time");
    assert_eq!(question_ids(&resumed), question_ids(&a), "the same questions in the same order");
    assert_eq!(resumed["questions"], a["questions"], "the options in the same order too");
    let list = call(&app, Method::GET, "/api/v1/training/tests", Some(&u.he), None, 200).await;
    let law = list["items"].as_array().unwrap().iter().find(|t| t["id"] == "tst_law").unwrap().clone();
    assert_eq!(law["standing"]["state"], "in_progress");
    assert_eq!(law["standing"]["open_attempt_id"], a["id"]);

    // another deputy's attempt does not exist for them; a citizen is refused before that
    let id = str_of(&a["id"]);
    call(&app, Method::GET, &format!("/api/v1/training/attempts/{id}"), Some(&u.chen), None, 404).await;
    call(&app, Method::GET, &format!("/api/v1/training/attempts/{id}"), Some(&u.wang), None, 403).await;
    submit(&app, &u.chen, &id, 404).await;
    answer(&app, &u.chen, &id, &question_ids(&a)[0], &["a"], 404).await;
    call(&app, Method::GET, &format!("/api/v1/training/attempts/{id}/result"), Some(&u.he), None, 409).await;
}

#[tokio::test]
async fn answers_are_saved_one_by_one_and_checked() {
    let (app, u) = world();
    let a = start(&app, &u.he, "tst_law", "k", 201).await;
    let id = str_of(&a["id"]);
    let qs = a["questions"].as_array().unwrap().clone();
    let single = qs.iter().find(|q| q["kind"] == "single").expect("a single-choice question");
    let sid = str_of(&single["id"]);
    let saved = answer(&app, &u.he, &id, &sid, &["b"], 200).await;
    assert_eq!(saved["option_ids"], json!(["b"]));
    answer(&app, &u.he, &id, &sid, &["c"], 200).await;
    answer(&app, &u.he, &id, &sid, &["c"], 200).await;
    let r = send_req(&app, Method::PUT, &format!("/api/v1/training/attempts/{id}/answers/{sid}"), Some(&u.he), None, Some(&json!({ "option_ids": ["a", "b"] }))).await;
    assert_eq!(checked(&r, "put", &format!("/api/v1/training/attempts/{id}/answers/{sid}"), 400)["errors"][0]["field"], "option_ids");
    let r = send_req(&app, Method::PUT, &format!("/api/v1/training/attempts/{id}/answers/{sid}"), Some(&u.he), None, Some(&json!({ "option_ids": ["z"] }))).await;
    assert_eq!(r.status.as_u16(), 400, "not an option of the question");
    let r = send_req(&app, Method::PUT, &format!("/api/v1/training/attempts/{id}/answers/{sid}"), Some(&u.he), None, Some(&json!({ "option_ids": ["a", "a"] }))).await;
    assert_eq!(r.status.as_u16(), 400, "an option twice");
    let other = app.db.with_conn(|c| {
        c.query_row("SELECT id FROM quiz_questions WHERE category = '预算审查' LIMIT 1", (), |r| r.get::<_, String>(0)).unwrap()
    });
    answer(&app, &u.he, &id, &other, &["a"], 404).await;
    let read = call(&app, Method::GET, &format!("/api/v1/training/attempts/{id}"), Some(&u.he), None, 200).await;
    let answers = read["answers"].as_array().unwrap();
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0]["question_id"], sid.as_str());
    assert_eq!(answers[0]["option_ids"], json!(["c"]), "the last one saved");
    // an empty list clears it
    answer(&app, &u.he, &id, &sid, &[], 200).await;
    let read = call(&app, Method::GET, &format!("/api/v1/training/attempts/{id}"), Some(&u.he), None, 200).await;
    assert_eq!(read["answers"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn the_server_keeps_the_time_then_submits_with_what_was_saved() {
    let (app, u) = world();
    add_test(&app, "tst_t", Some(-10), None, Some(600), None, 0, 60, json!([{ "category": "平台操作", "count": 4 }]));
    let a = start(&app, &u.he, "tst_t", "k", 201).await;
    let id = str_of(&a["id"]);
    let qs = question_ids(&a);
    let right = correct(&app, &qs[0]);
    let right: Vec<&str> = right.iter().map(String::as_str).collect();
    answer(&app, &u.he, &id, &qs[0], &right, 200).await;
    later(&app, 600 + 15);
    answer(&app, &u.he, &id, &qs[1], &["a"], 200).await; // within the grace: kept
    later(&app, 1);
    let late = send_req(&app, Method::PUT, &format!("/api/v1/training/attempts/{id}/answers/{}", qs[2]), Some(&u.he), None, Some(&json!({ "option_ids": ["a"] }))).await;
    assert_eq!(late.status.as_u16(), 409, "after the deadline and the grace: {}", late.text());
    let read = call(&app, Method::GET, &format!("/api/v1/training/attempts/{id}"), Some(&u.he), None, 200).await;
    assert_eq!(read["status"], "submitted", "submitted on the read");
    assert_eq!(read["submitted_at"], contract::civil::rfc3339_utc(NOW + 600), "as of its deadline");
    let result = call(&app, Method::GET, &format!("/api/v1/training/attempts/{id}/result"), Some(&u.he), None, 200).await;
    assert_eq!(result["auto_submitted"], true);
    let answered: Vec<&Value> = result["items"].as_array().unwrap().iter().filter(|i| !i["feedback"]["chosen"].as_array().unwrap().is_empty()).collect();
    assert_eq!(answered.len(), 2, "the two saved answers count, the late one does not");
    assert_eq!(result["items"].as_array().unwrap().iter().find(|i| i["question"]["id"] == qs[0].as_str()).unwrap()["feedback"]["mark"], 100);
    // submitting now returns the same result
    let again = submit(&app, &u.he, &id, 200).await;
    assert_eq!(again["score"], result["score"]);
    assert_eq!(again["submitted_at"], result["submitted_at"]);
}

#[tokio::test]
async fn the_sweep_submits_overdue_attempts_nobody_reads() {
    let (app, u) = world();
    add_test(&app, "tst_s", Some(-10), None, Some(300), None, 0, 60, json!([{ "category": "联系群众", "count": 3 }]));
    let a = start(&app, &u.he, "tst_s", "k", 201).await;
    let id = str_of(&a["id"]);
    let swept = app.db.with_conn(|c| server::training::assess::sweep(c, NOW + 300)).expect("sweep");
    assert_eq!(swept, 0, "within its time");
    let swept = app.db.with_conn(|c| server::training::assess::sweep(c, NOW + 300 + 16)).expect("sweep");
    assert_eq!(swept, 1);
    let (submitted_at, auto): (i64, i64) = app.db.with_conn(|c| {
        c.query_row("SELECT submitted_at, auto_submitted FROM assessment_attempts WHERE id = ?1", [&id], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
    });
    assert_eq!((submitted_at, auto), (NOW + 300, 1));
}

#[tokio::test]
async fn attempts_are_limited_and_spaced_and_the_window_is_kept() {
    let (app, u) = world();
    add_test(&app, "tst_l", Some(-10), Some(30 * 86_400), Some(600), Some(2), 3600, 60, json!([{ "category": "代表建议", "count": 2 }]));
    let first = start(&app, &u.he, "tst_l", "k1", 201).await;
    later(&app, 100);
    submit(&app, &u.he, &str_of(&first["id"]), 200).await;
    let refused = send_req(&app, Method::POST, "/api/v1/training/tests/tst_l/attempts", Some(&u.he), Some("k2"), None).await;
    assert_eq!(refused.status.as_u16(), 409);
    assert!(refused.text().contains(&contract::civil::rfc3339_utc(NOW + 100 + 3600)), "says until when: {}", refused.text());
    let t = test_of(&app, &u.he, "tst_l").await;
    assert_eq!(t["standing"]["state"], "waiting");
    assert_eq!(t["standing"]["wait_until"], contract::civil::rfc3339_utc(NOW + 3700));
    later(&app, 3600);
    let second = start(&app, &u.he, "tst_l", "k3", 201).await;
    assert_eq!(second["number"], 2);
    assert_ne!(second["id"], first["id"]);
    later(&app, 10);
    submit(&app, &u.he, &str_of(&second["id"]), 200).await;
    later(&app, 86_400);
    start(&app, &u.he, "tst_l", "k4", 409).await;
    assert_eq!(test_of(&app, &u.he, "tst_l").await["standing"]["state"], "no_attempts_left");
    // another deputy's attempts are their own
    start(&app, &u.chen, "tst_l", "k5", 201).await;

    add_test(&app, "tst_later", Some(86_400), Some(2 * 86_400), None, None, 0, 60, json!([{ "category": "代表建议", "count": 1 }]));
    start(&app, &u.he, "tst_later", "k6", 409).await;
    add_test(&app, "tst_over", Some(-2 * 86_400), Some(-86_400), None, None, 0, 60, json!([{ "category": "代表建议", "count": 1 }]));
    start(&app, &u.he, "tst_over", "k7", 409).await;
    assert_eq!(test_of(&app, &u.he, "tst_over").await["standing"]["state"], "closed");

    // the close cuts an attempt's time short
    add_test(&app, "tst_closing", Some(-10), Some(1200), Some(3600), None, 0, 60, json!([{ "category": "代表建议", "count": 1 }]));
    let a = start(&app, &u.huang, "tst_closing", "k8", 201).await;
    let now = app.state.now();
    assert_eq!(now, NOW + 100 + 3600 + 10 + 86_400);
    assert_eq!(a["deadline"], contract::civil::rfc3339_utc(now + 1200), "at the close in twenty minutes, not in the hour");
}

/// Questions of a category of our own, one of each kind: (id, kind, options, correct).
fn add_questions(app: &TestApp) {
    app.db.with_conn(|conn| {
        for (id, kind, options, correct) in [
            ("zq_single", "single", json!(["甲", "乙", "丙"]), json!(["b"])),
            ("zq_multi", "multiple", json!(["甲", "乙", "丙", "丁"]), json!(["a", "c"])),
            ("zq_tf", "true_false", json!(["正确", "错误"]), json!(["a"])),
        ] {
            conn.execute(
                "INSERT INTO quiz_questions (id, category, kind, text, options_json, correct_json, explanation, created_at) \
                 VALUES (?1, '测试', ?2, ?3, ?4, ?5, ?6, ?7)",
                server::params![id, kind, format!("题 {id}"), options.to_string(), correct.to_string(), format!("因为 {id}"), NOW],
            )
            .expect("question");
        }
    });
}

#[tokio::test]
async fn each_kind_of_question_is_marked_and_a_pass_earns_one_certificate() {
    let (app, u) = world();
    add_questions(&app);
    add_test(&app, "tst_m", Some(-10), None, None, None, 0, 50, json!([{ "category": "测试", "count": 3 }]));
    let a = start(&app, &u.he, "tst_m", "k", 201).await;
    let id = str_of(&a["id"]);
    answer(&app, &u.he, &id, "zq_single", &["b"], 200).await;
    answer(&app, &u.he, &id, "zq_multi", &["a"], 200).await;
    answer(&app, &u.he, &id, "zq_tf", &["b"], 200).await;
    let r = submit(&app, &u.he, &id, 200).await;
    let mark = |q: &str| r["items"].as_array().unwrap().iter().find(|i| i["question"]["id"] == q).unwrap()["feedback"].clone();
    assert_eq!(mark("zq_single")["mark"], 100);
    assert_eq!(mark("zq_multi")["mark"], 50, "one of two right options");
    assert_eq!(mark("zq_multi")["correct_option_ids"], json!(["a", "c"]));
    assert_eq!(mark("zq_tf")["mark"], 0);
    assert_eq!(mark("zq_tf")["explanation"], "因为 zq_tf");
    assert_eq!(r["score"], 50, "(100 + 50 + 0) / 3, rounded down");
    assert_eq!(r["passed"], true, "50 reaches a pass mark of 50");
    assert_eq!(r["auto_submitted"], false);
    assert_eq!(r["holder_name"], "何美玲");
    let code = str_of(&r["certificate_code"]);
    assert_eq!(code.len(), 10);
    assert_eq!(submit(&app, &u.he, &id, 200).await["certificate_code"], code.as_str(), "submitting again: the same");

    // a second pass keeps the one certificate
    let b = start(&app, &u.he, "tst_m", "k2", 201).await;
    let bid = str_of(&b["id"]);
    for (q, o) in [("zq_single", "b"), ("zq_tf", "a")] {
        answer(&app, &u.he, &bid, q, &[o], 200).await;
    }
    answer(&app, &u.he, &bid, "zq_multi", &["a", "c"], 200).await;
    let r2 = submit(&app, &u.he, &bid, 200).await;
    assert_eq!(r2["score"], 100);
    assert_eq!(r2["certificate_code"], code.as_str());
    let certs = call(&app, Method::GET, "/api/v1/training/certificates", Some(&u.he), None, 200).await;
    let tests: Vec<&Value> = certs["items"].as_array().unwrap().iter().filter(|c| c["test_id"] == "tst_m").collect();
    assert_eq!(tests.len(), 1);
    assert_eq!(tests[0]["score"], 50, "the score of the first pass");

    // a fail: nothing issued
    add_test(&app, "tst_f", Some(-10), None, None, None, 0, 80, json!([{ "category": "测试", "count": 3 }]));
    let c = start(&app, &u.huang, "tst_f", "k3", 201).await;
    let fail = submit(&app, &u.huang, &str_of(&c["id"]), 200).await;
    assert_eq!((fail["score"].as_u64(), fail["passed"].as_bool()), (Some(0), Some(false)), "nothing answered");
    assert!(fail.get("certificate_code").is_none());
}

#[tokio::test]
async fn results_are_read_by_their_holder_and_staff_only() {
    let (app, u) = world();
    let law = test_of(&app, &u.he, "tst_law").await;
    let id = str_of(&law["attempts"][0]["id"]);
    let uri = format!("/api/v1/training/attempts/{id}/result");
    let mine = call(&app, Method::GET, &uri, Some(&u.he), None, 200).await;
    assert_eq!(mine["score"], 30);
    assert_eq!(mine["passed"], false);
    let unanswered = mine["items"].as_array().unwrap().iter().filter(|i| i["feedback"]["chosen"].as_array().unwrap().is_empty()).count();
    assert_eq!(unanswered, 2);
    let staff = call(&app, Method::GET, &uri, Some(&u.huang), None, 200).await;
    assert_eq!(staff["holder_name"], "何美玲");
    call(&app, Method::GET, &uri, Some(&u.chen), None, 404).await;
    call(&app, Method::GET, &uri, Some(&u.wang), None, 403).await;
    // staff do not take over the attempt itself
    call(&app, Method::GET, &format!("/api/v1/training/attempts/{id}"), Some(&u.huang), None, 404).await;
}

#[tokio::test]
async fn a_certificate_is_checked_by_its_code_as_typed_and_printed_as_a_pdf() {
    let (app, u) = world();
    let certs = call(&app, Method::GET, "/api/v1/training/certificates", Some(&u.chen), None, 200).await;
    let c = &certs["items"][0];
    let code = str_of(&c["code"]);
    assert_eq!(c["holder_name"], "陈志强");
    assert!(c["score"].as_u64().unwrap() >= 60);
    let typed = format!(" {} ", contract::printed_code(&code).to_lowercase().replace('-', " "));
    let r = get(&app, &format!("/api/v1/certificates/{}", typed.replace(' ', "%20")), None).await;
    let check = checked(&r, "get", &format!("/api/v1/certificates/{code}"), 200);
    assert_eq!(check["code"], code.as_str());
    assert_eq!(check["holder_name"], "陈志强");
    assert_eq!(check["kind"], "test");
    assert_eq!(check["title"], "数字履职能力测试（入门）");
    assert_eq!(check["valid"], true);
    assert!(check.get("score").is_none(), "never the score in public");

    // one character changed: told as a typo before any lookup
    let mut typo: Vec<char> = code.chars().collect();
    typo[0] = if typo[0] == 'A' { 'B' } else { 'A' };
    let typo: String = typo.into_iter().collect();
    let r = get(&app, &format!("/api/v1/certificates/{typo}"), None).await;
    assert_eq!(checked(&r, "get", "/api/v1/certificates/x", 400)["errors"][0]["field"], "code");
    // a well-formed code nobody holds
    let unknown = (0..50)
        .map(|i| server::training::rules::new_code([i, 1, 2, 3, 4, 5, 6, 7, 8]))
        .find(|k| *k != code)
        .unwrap();
    call(&app, Method::GET, &format!("/api/v1/certificates/{unknown}"), None, None, 404).await;

    let pdf = get(&app, &format!("/api/v1/certificates/{code}/pdf"), None).await;
    assert_eq!(pdf.status.as_u16(), 200);
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert!(pdf.text().starts_with("%PDF-"));
    call(&app, Method::GET, &format!("/api/v1/certificates/{unknown}/pdf"), None, None, 404).await;
}

#[tokio::test]
async fn completing_a_course_issues_its_certificate_once() {
    let (app, u) = world();
    let course = call(&app, Method::GET, "/api/v1/training/courses/crs_phone", Some(&u.he), None, 200).await;
    let lessons: Vec<String> = course["lessons"].as_array().unwrap().iter().map(|l| str_of(&l["id"])).collect();
    let mut beats = 0;
    for lesson in &lessons {
        loop {
            let p = call(&app, Method::POST, &format!("/api/v1/training/lessons/{lesson}/beats"), Some(&u.he), Some(&json!({})), 200).await;
            later(&app, 30);
            beats += 1;
            assert!(beats < 200);
            if p["lesson"]["done"] == true {
                break;
            }
        }
    }
    let certs = call(&app, Method::GET, "/api/v1/training/certificates", Some(&u.he), None, 200).await;
    let items = certs["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["kind"], "course");
    assert_eq!(items[0]["course_id"], "crs_phone");
    assert_eq!(items[0]["title"], course["title"]);
    assert!(items[0].get("score").is_none());
    // more study of a completed course issues nothing more
    call(&app, Method::POST, &format!("/api/v1/training/lessons/{}/beats", lessons[0]), Some(&u.he), Some(&json!({})), 200).await;
    let again = call(&app, Method::GET, "/api/v1/training/certificates", Some(&u.he), None, 200).await;
    assert_eq!(again["items"].as_array().unwrap().len(), 1);
}
