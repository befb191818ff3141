//! 履职学堂: who may see the courses, the list and its filters, a course and a lesson with the
//! viewer's progress, and the study time counted from heartbeats (one clock per user, at most
//! 30 s a beat, a lesson done at its minimum time, the course completed with its last lesson).

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
        .expect("seed courses");
    (app, users)
}

async fn beat(app: &TestApp, token: &str, lesson: &str, body: Value, status: u16) -> Value {
    call(app, Method::POST, &format!("/api/v1/training/lessons/{lesson}/beats"), Some(token), Some(&body), status).await
}

fn ids(page: &Value) -> Vec<String> {
    page["items"].as_array().expect("items").iter().map(|c| c["id"].as_str().unwrap_or("").to_owned()).collect()
}

#[tokio::test]
async fn only_deputies_and_staff_see_the_courses() {
    let (app, u) = world();
    for uri in ["/api/v1/training/courses", "/api/v1/training/courses/crs_phone", "/api/v1/training/lessons/les_phone_1"] {
        call(&app, Method::GET, uri, None, None, 401).await;
        call(&app, Method::GET, uri, Some(&u.wang), None, 403).await;
        call(&app, Method::GET, uri, Some(&u.he), None, 200).await;
        call(&app, Method::GET, uri, Some(&u.huang), None, 200).await;
    }
    beat(&app, &u.wang, "les_phone_1", json!({}), 403).await;
    let r = send_req(&app, Method::POST, "/api/v1/training/lessons/les_phone_1/beats", None, None, Some(&json!({}))).await;
    checked(&r, "post", "/api/v1/training/lessons/les_phone_1/beats", 401);
}

#[tokio::test]
async fn the_list_puts_basic_first_filters_and_pages_to_the_end() {
    let (app, u) = world();
    let all = call(&app, Method::GET, "/api/v1/training/courses?limit=50", Some(&u.he), None, 200).await;
    let levels: Vec<&str> = all["items"].as_array().unwrap().iter().map(|c| c["level"].as_str().unwrap()).collect();
    assert_eq!(levels.len(), 6);
    let first_advanced = levels.iter().position(|l| *l == "advanced").expect("an advanced course");
    assert!(levels[..first_advanced].iter().all(|l| *l == "basic") && levels[first_advanced..].iter().all(|l| *l == "advanced"), "{levels:?}");
    let phone = &all["items"][0];
    assert_eq!(phone["id"], "crs_phone");
    assert_eq!(phone["lesson_count"], 3);
    assert_eq!(phone["minutes"], 7, "420 s of minimum study: 7 minutes");
    assert_eq!(phone["progress"]["lessons_done"], 0);
    assert_eq!(phone["progress"]["next_lesson_id"], "les_phone_1");

    let basic = call(&app, Method::GET, "/api/v1/training/courses?level=basic", Some(&u.he), None, 200).await;
    assert_eq!(ids(&basic), ["crs_phone", "crs_reply", "crs_law"]);
    let induction = call(&app, Method::GET, "/api/v1/training/courses?track=induction", Some(&u.he), None, 200).await;
    assert_eq!(ids(&induction), ["crs_law"]);
    let digital_advanced = call(&app, Method::GET, "/api/v1/training/courses?level=advanced&track=digital", Some(&u.he), None, 200).await;
    assert_eq!(ids(&digital_advanced), ["crs_data"]);

    // pages of two to the end, nothing twice
    let mut seen = Vec::new();
    let mut uri = "/api/v1/training/courses?limit=2".to_owned();
    loop {
        let page = call(&app, Method::GET, &uri, Some(&u.he), None, 200).await;
        seen.extend(ids(&page));
        match page["next_cursor"].as_str() {
            Some(c) => uri = format!("/api/v1/training/courses?limit=2&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen, ids(&all));

    for bad in ["level=expert", "track=sports", "cursor=nonsense", "limit=0"] {
        let field = bad.split('=').next().unwrap();
        let v = call(&app, Method::GET, &format!("/api/v1/training/courses?{bad}"), Some(&u.he), None, 400).await;
        assert_eq!(field_codes(&v)[0].0, field, "{bad}");
    }
}

#[tokio::test]
async fn a_course_and_a_lesson_show_the_viewers_study() {
    let (app, u) = world();
    // the demo deputy 陈: 手机与平台入门 completed, the replies course half way
    let phone = call(&app, Method::GET, "/api/v1/training/courses/crs_phone", Some(&u.chen), None, 200).await;
    assert_eq!(phone["progress"]["lessons_done"], 3);
    assert!(phone["progress"]["completed_at"].is_string());
    assert!(phone["progress"].get("next_lesson_id").is_none());
    let reply = call(&app, Method::GET, "/api/v1/training/courses/crs_reply", Some(&u.chen), None, 200).await;
    assert_eq!(reply["progress"]["lessons_done"], 1);
    assert_eq!(reply["progress"]["next_lesson_id"], "les_reply_2");
    let lessons: Vec<(&str, bool)> =
        reply["lessons"].as_array().unwrap().iter().map(|l| (l["id"].as_str().unwrap(), l["done"].as_bool().unwrap())).collect();
    assert_eq!(lessons, [("les_reply_1", true), ("les_reply_2", false), ("les_reply_3", false)]);
    assert!(reply["description"].as_array().is_some_and(|d| !d.is_empty()));

    let lesson = call(&app, Method::GET, "/api/v1/training/lessons/les_reply_2", Some(&u.chen), None, 200).await;
    assert_eq!(lesson["number"], 2);
    assert_eq!(lesson["course_title"], "如何在平台上答复群众留言");
    assert_eq!(lesson["studied_secs"], 75);
    assert_eq!(lesson["resume_at"], 2);
    assert_eq!(lesson["previous_id"], "les_reply_1");
    assert_eq!(lesson["next_id"], "les_reply_3");
    // another deputy has studied nothing
    let theirs = call(&app, Method::GET, "/api/v1/training/lessons/les_reply_2", Some(&u.he), None, 200).await;
    assert_eq!(theirs["studied_secs"], 0);
    assert!(theirs.get("resume_at").is_none());
    let first = call(&app, Method::GET, "/api/v1/training/lessons/les_phone_1", Some(&u.he), None, 200).await;
    assert!(first.get("previous_id").is_none());

    call(&app, Method::GET, "/api/v1/training/courses/crs_nope", Some(&u.he), None, 404).await;
    call(&app, Method::GET, "/api/v1/training/lessons/les_nope", Some(&u.he), None, 404).await;
}

#[tokio::test]
async fn heartbeats_count_the_time_on_screen_and_complete_the_course() {
    let (app, u) = world();
    let first = beat(&app, &u.he, "les_law_1", json!({}), 200).await;
    assert_eq!(first["counted_secs"], 0, "the first beat starts the clock");
    later(&app, 15);
    let second = beat(&app, &u.he, "les_law_1", json!({"position": 1}), 200).await;
    assert_eq!(second["counted_secs"], 15);
    assert_eq!(second["lesson"]["studied_secs"], 15);
    // the phone slept for an hour: 30 s count
    later(&app, 3600);
    let woke = beat(&app, &u.he, "les_law_1", json!({}), 200).await;
    assert_eq!(woke["counted_secs"], 30);
    assert_eq!(woke["lesson"]["studied_secs"], 45);
    let lesson = call(&app, Method::GET, "/api/v1/training/lessons/les_law_1", Some(&u.he), None, 200).await;
    assert_eq!(lesson["resume_at"], 1, "a beat without a position keeps the last one");

    // two lessons open at once share one clock
    later(&app, 10);
    let other = beat(&app, &u.he, "les_law_2", json!({}), 200).await;
    assert_eq!(other["counted_secs"], 10);
    later(&app, 5);
    let back = beat(&app, &u.he, "les_law_1", json!({}), 200).await;
    assert_eq!(back["counted_secs"], 5);

    // on to the minimum (180 s) in 15-second beats: done, and not before
    let mut studied = back["lesson"]["studied_secs"].as_u64().unwrap();
    while studied < 180 {
        assert_eq!(back["lesson"]["done"], false);
        later(&app, 15);
        let b = beat(&app, &u.he, "les_law_1", json!({}), 200).await;
        studied = b["lesson"]["studied_secs"].as_u64().unwrap();
        assert_eq!(b["lesson"]["done"], studied >= 180, "at {studied} s");
        if studied >= 180 {
            assert_eq!(b["course"]["lessons_done"], 1);
            assert!(b["course"].get("completed_at").is_none());
            assert_eq!(b["course"]["next_lesson_id"], "les_law_2");
        }
    }
    // the second lesson: the course is completed with it
    let mut last = Value::Null;
    for _ in 0..13 {
        later(&app, 15);
        last = beat(&app, &u.he, "les_law_2", json!({}), 200).await;
    }
    assert_eq!(last["lesson"]["done"], true);
    assert_eq!(last["course"]["lessons_done"], 2);
    assert!(last["course"]["completed_at"].is_string());
    let list = call(&app, Method::GET, "/api/v1/training/courses?track=induction", Some(&u.he), None, 200).await;
    assert!(list["items"][0]["progress"]["completed_at"].is_string());
    // 陈 studied none of it
    let chens = call(&app, Method::GET, "/api/v1/training/courses/crs_law", Some(&u.chen), None, 200).await;
    assert_eq!(chens["progress"]["lessons_done"], 0);
}

#[tokio::test]
async fn a_beat_is_validated() {
    let (app, u) = world();
    for (body, field) in [(json!({"position": -1}), "position"), (json!({"position": "top"}), "position"), (json!({"position": 10001}), "position")] {
        let v = beat(&app, &u.he, "les_phone_1", body.clone(), 400).await;
        assert_eq!(field_codes(&v)[0].0, field, "{body}");
    }
    let r = send_req(&app, Method::POST, "/api/v1/training/lessons/les_phone_1/beats", Some(&u.he), None, Some(&json!([1]))).await;
    checked(&r, "post", "/api/v1/training/lessons/les_phone_1/beats", 400);
    beat(&app, &u.he, "les_nope", json!({}), 404).await;
}

#[tokio::test]
async fn the_demo_has_courses_of_both_levels_and_the_deputys_study() {
    let app = TestApp::new();
    app.seed_people();
    let n = server::demo::training::seed_training_if_empty(&app.db, NOW).expect("seed").expect("seeded");
    assert!(n >= 12, "{n} lessons");
    assert_eq!(server::demo::training::seed_training_if_empty(&app.db, NOW).expect("again"), None, "only into an empty database");
}

async fn practice(app: &TestApp, token: &str) -> Value {
    call(app, Method::GET, "/api/v1/training/practice", Some(token), None, 200).await
}

async fn answer(app: &TestApp, token: &str, body: Value, status: u16) -> Value {
    call(app, Method::POST, "/api/v1/training/practice/answers", Some(token), Some(&body), status).await
}

/// The right options of a demo question (from the bank, as the server has it).
fn right(app: &TestApp, id: &str) -> Vec<String> {
    let json: String = app
        .db
        .with_conn(|c| c.query_row("SELECT correct_json FROM quiz_questions WHERE id = ?1", [id], |r| r.get(0)))
        .expect("question");
    serde_json::from_str(&json).expect("ids")
}

#[tokio::test]
async fn the_days_practice_is_five_questions_without_answers_the_same_all_day() {
    let (app, u) = world();
    call(&app, Method::GET, "/api/v1/training/practice", None, None, 401).await;
    call(&app, Method::GET, "/api/v1/training/practice", Some(&u.wang), None, 403).await;
    let set = practice(&app, &u.he).await;
    assert_eq!(set["day"], "2027-01-15", "the township day of NOW (12:00 in UTC+8)");
    let items = set["items"].as_array().unwrap();
    assert_eq!(items.len(), 5);
    assert_eq!(set["answered"], 0);
    let text = set["items"].to_string();
    assert!(!text.contains("correct_option_ids") && !text.contains("explanation") && !text.contains("feedback"), "no answer before answering: {text}");
    let ids: Vec<&str> = items.iter().map(|i| i["question"]["id"].as_str().unwrap()).collect();
    later(&app, 5 * 3600);
    let again = practice(&app, &u.he).await;
    assert_eq!(again["items"], set["items"], "the same questions in the same order later that day");
    let others = practice(&app, &u.huang).await;
    let theirs: Vec<&str> = others["items"].as_array().unwrap().iter().map(|i| i["question"]["id"].as_str().unwrap()).collect();
    assert_ne!(ids, theirs, "another person, other questions");
    // the next township day: other questions
    later(&app, 24 * 3600);
    let tomorrow = practice(&app, &u.he).await;
    assert_eq!(tomorrow["day"], "2027-01-16");
    assert_ne!(tomorrow["items"], set["items"]);
}

#[tokio::test]
async fn answers_are_marked_once_with_the_explanation_and_make_a_streak() {
    let (app, u) = world();
    let set = practice(&app, &u.he).await;
    let items = set["items"].as_array().unwrap().clone();
    // a wrong answer to the first, right answers to the others
    let first = &items[0]["question"];
    let right_first = right(&app, first["id"].as_str().unwrap());
    let kind = first["kind"].as_str().unwrap();
    let wrong: Vec<String> = first["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_owned())
        .filter(|o| !right_first.contains(o))
        .take(1)
        .collect();
    let f = answer(&app, &u.he, json!({"question_id": first["id"], "option_ids": wrong}), 201).await;
    assert_eq!(f["correct"], false);
    assert_eq!(f["mark"], 0);
    assert_eq!(f["correct_option_ids"], json!(right_first));
    assert!(f["explanation"].as_str().is_some_and(|e| !e.is_empty()));
    // a retry of the same answer: the same feedback; another answer: 409
    let again = answer(&app, &u.he, json!({"question_id": first["id"], "option_ids": wrong}), 200).await;
    assert_eq!(again, f);
    answer(&app, &u.he, json!({"question_id": first["id"], "option_ids": right_first}), 409).await;
    assert!(["single", "multiple", "true_false"].contains(&kind));

    let streak_before = practice(&app, &u.he).await["streak"].as_u64().unwrap();
    assert_eq!(streak_before, 0);
    for item in &items[1..] {
        let id = item["question"]["id"].as_str().unwrap();
        let f = answer(&app, &u.he, json!({"question_id": id, "option_ids": right(&app, id)}), 201).await;
        assert_eq!((f["correct"].as_bool(), f["mark"].as_u64()), (Some(true), Some(100)), "{id}");
    }
    let done = practice(&app, &u.he).await;
    assert_eq!((done["answered"].as_u64(), done["correct"].as_u64(), done["streak"].as_u64()), (Some(5), Some(4), Some(1)));
    assert!(done["items"].as_array().unwrap().iter().all(|i| i["feedback"].is_object()));
    // the next day, before practising: the streak still stands (yesterday's counts)
    later(&app, 24 * 3600);
    assert_eq!(practice(&app, &u.he).await["streak"], 1);
    // a day missed: it is gone
    later(&app, 24 * 3600);
    assert_eq!(practice(&app, &u.he).await["streak"], 0);
}

#[tokio::test]
async fn a_practice_answer_is_validated() {
    let (app, u) = world();
    let set = practice(&app, &u.he).await;
    let single = set["items"].as_array().unwrap().iter().map(|i| &i["question"]).find(|q| q["kind"] != "multiple").cloned();
    let q = single.expect("a single-answer question among the five");
    let opts: Vec<&str> = q["options"].as_array().unwrap().iter().map(|o| o["id"].as_str().unwrap()).collect();
    for (body, field) in [
        (json!({"question_id": q["id"], "option_ids": []}), "option_ids"),
        (json!({"question_id": q["id"], "option_ids": [opts[0], opts[0]]}), "option_ids"),
        (json!({"question_id": q["id"], "option_ids": ["z"]}), "option_ids"),
        (json!({"question_id": q["id"], "option_ids": [opts[0], opts[1]]}), "option_ids"),
        (json!({"question_id": q["id"]}), "option_ids"),
        (json!({"option_ids": [opts[0]]}), "question_id"),
    ] {
        let v = answer(&app, &u.he, body.clone(), 400).await;
        assert_eq!(field_codes(&v)[0].0, field, "{body}");
    }
    // a question of the bank that is not one of today's five
    let bank: Vec<String> = app
        .db
        .with_conn(|c| {
            let mut s = c.prepare("SELECT id FROM quiz_questions")?;
            let ids = s.query_map((), |r| r.get(0))?.collect::<Result<Vec<String>, _>>();
            ids
        })
        .expect("bank");
    let five: Vec<&str> = set["items"].as_array().unwrap().iter().map(|i| i["question"]["id"].as_str().unwrap()).collect();
    let other = bank.iter().find(|b| !five.contains(&b.as_str())).expect("another question");
    answer(&app, &u.he, json!({"question_id": other, "option_ids": ["a"]}), 404).await;
    answer(&app, &u.wang, json!({"question_id": q["id"], "option_ids": [opts[0]]}), 403).await;
}

#[tokio::test]
async fn the_demo_bank_has_sixty_questions_and_a_deputy_with_a_streak() {
    let (app, u) = world();
    let n: i64 = app.db.with_conn(|c| c.query_row("SELECT COUNT(*) FROM quiz_questions", (), |r| r.get(0))).expect("count");
    assert!(n >= 60, "{n} questions");
    let categories: i64 =
        app.db.with_conn(|c| c.query_row("SELECT COUNT(DISTINCT category) FROM quiz_questions", (), |r| r.get(0))).expect("count");
    assert_eq!(categories, 5);
    let chen = practice(&app, &u.chen).await;
    assert_eq!(chen["streak"], 4, "the four days before today");
    assert_eq!(chen["answered"], 0);
}

#[tokio::test]
async fn finishing_the_days_practice_pays_points_once_a_day() {
    let (app, u) = world();
    let daily = |summary: &Value| {
        summary["today"].as_array().unwrap().iter().find(|a| a["action"] == "daily_practice").cloned()
    };
    let before = call(&app, Method::GET, "/api/v1/points/me", Some(&u.he), None, 200).await;
    let task = daily(&before).expect("a deputy's task of the day");
    assert_eq!((task["points"].as_u64(), task["daily_cap"].as_u64(), task["times_today"].as_u64()), (Some(3), Some(1), Some(0)));
    let citizen = call(&app, Method::GET, "/api/v1/points/me", Some(&u.wang), None, 200).await;
    assert!(daily(&citizen).is_none(), "not a citizen's task: {citizen}");

    let set = practice(&app, &u.he).await;
    let items = set["items"].as_array().unwrap().clone();
    let total = |v: &Value| v["total"].as_u64().unwrap();
    for (n, item) in items.iter().enumerate() {
        let id = item["question"]["id"].as_str().unwrap();
        answer(&app, &u.he, json!({"question_id": id, "option_ids": right(&app, id)}), 201).await;
        let now = call(&app, Method::GET, "/api/v1/points/me", Some(&u.he), None, 200).await;
        let paid = daily(&now).unwrap()["times_today"].as_u64().unwrap();
        assert_eq!(paid, u64::from(n == items.len() - 1), "paid only with the last answer ({n})");
    }
    let after = call(&app, Method::GET, "/api/v1/points/me", Some(&u.he), None, 200).await;
    assert_eq!(total(&after), total(&before) + 3);
    // a retry of the last answer pays nothing more
    let last = items.last().unwrap()["question"]["id"].as_str().unwrap();
    answer(&app, &u.he, json!({"question_id": last, "option_ids": right(&app, last)}), 200).await;
    let again = call(&app, Method::GET, "/api/v1/points/me", Some(&u.he), None, 200).await;
    assert_eq!(total(&again), total(&after));
    let history = call(&app, Method::GET, "/api/v1/points/me/history", Some(&u.he), None, 200).await;
    let entries: Vec<&Value> = history["items"].as_array().unwrap().iter().filter(|e| e["action"] == "daily_practice").collect();
    assert_eq!(entries.len(), 1, "{history}");
    assert_eq!(entries[0]["points"], 3);

    // staff practise too, for nothing
    let staff = practice(&app, &u.huang).await;
    for item in staff["items"].as_array().unwrap() {
        let id = item["question"]["id"].as_str().unwrap();
        answer(&app, &u.huang, json!({"question_id": id, "option_ids": right(&app, id)}), 201).await;
    }
    let paid: i64 = app
        .db
        .with_conn(|c| c.query_row("SELECT COUNT(*) FROM points_ledger WHERE action = 'daily_practice'", (), |r| r.get(0)))
        .expect("ledger");
    assert_eq!(paid, 1, "only 何's");
}

async fn take(app: &TestApp, token: &str, body: Value, status: u16) -> Value {
    call(app, Method::POST, "/api/v1/training/self-check", Some(token), Some(&body), status).await
}

/// An answer to every question of `check`: the option at `pick(question index, option count)`.
fn answers(check: &Value, pick: impl Fn(usize, usize) -> usize) -> Value {
    let list: Vec<Value> = check["questions"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let options = q["options"].as_array().unwrap();
            json!({"question_id": q["id"], "option_id": options[pick(i, options.len())]["id"]})
        })
        .collect();
    json!({ "answers": list })
}

#[tokio::test]
async fn the_self_check_recommends_a_level_and_keeps_the_last_result() {
    let (app, u) = world();
    call(&app, Method::GET, "/api/v1/training/self-check", None, None, 401).await;
    call(&app, Method::GET, "/api/v1/training/self-check", Some(&u.wang), None, 403).await;
    take(&app, &u.wang, json!({"answers": []}), 403).await;

    let check = call(&app, Method::GET, "/api/v1/training/self-check", Some(&u.he), None, 200).await;
    let questions = check["questions"].as_array().unwrap();
    assert!((6..=10).contains(&questions.len()), "{}", questions.len());
    assert!(check.get("result").is_none(), "not taken yet");
    assert!(!check.to_string().contains("points"), "what an option is worth stays on the server");

    // the least at ease everywhere: 入门, naming what to practise first
    let basic = take(&app, &u.he, answers(&check, |_, _| 0), 201).await;
    assert_eq!(basic["level"], "basic");
    assert_eq!(basic["score"], 0);
    assert!(basic["max_score"].as_u64().unwrap() > 0);
    let reason = basic["reason"].as_str().unwrap();
    assert!(reason.contains("入门") && reason.contains("拍照发微信"), "{reason}");
    let kept = call(&app, Method::GET, "/api/v1/training/self-check", Some(&u.he), None, 200).await;
    assert_eq!(kept["result"], basic);

    // taken again, at ease with everything: 进阶, and it replaces the first result
    later(&app, 3600);
    let advanced = take(&app, &u.he, answers(&check, |_, n| n - 1), 201).await;
    assert_eq!(advanced["level"], "advanced");
    assert_eq!(advanced["score"], advanced["max_score"]);
    assert_ne!(advanced["taken_at"], basic["taken_at"]);
    let kept = call(&app, Method::GET, "/api/v1/training/self-check", Some(&u.he), None, 200).await;
    assert_eq!(kept["result"], advanced);
    // another person's is their own (staff 黄 may take it too)
    let other = call(&app, Method::GET, "/api/v1/training/self-check", Some(&u.huang), None, 200).await;
    assert!(other.get("result").is_none());
}

#[tokio::test]
async fn a_self_check_is_validated_with_field_errors() {
    let (app, u) = world();
    let check = call(&app, Method::GET, "/api/v1/training/self-check", Some(&u.he), None, 200).await;
    let all = answers(&check, |_, _| 0);
    let list = all["answers"].as_array().unwrap().clone();
    let first = check["questions"][0]["id"].clone();
    let mut twice = list.clone();
    twice.push(json!({"question_id": first, "option_id": "a"}));
    let mut unknown_option = list.clone();
    unknown_option[0]["option_id"] = json!("z");
    let mut unknown_question = list.clone();
    unknown_question.push(json!({"question_id": "sc_nope", "option_id": "a"}));
    for (body, code) in [
        (json!({"answers": list[1..]}), "required"),
        (json!({"answers": []}), "required"),
        (json!({}), "required"),
        (json!({"answers": "all"}), "required"),
        (json!({"answers": twice}), "invalid"),
        (json!({"answers": unknown_option}), "invalid"),
        (json!({"answers": unknown_question}), "invalid"),
    ] {
        let v = take(&app, &u.he, body.clone(), 400).await;
        assert_eq!(field_codes(&v)[0], ("answers".to_string(), code.to_string()), "{body}");
    }
    let r = send_req(&app, Method::POST, "/api/v1/training/self-check", Some(&u.he), None, Some(&json!([1]))).await;
    checked(&r, "post", "/api/v1/training/self-check", 400);
    // nothing was stored
    let kept = call(&app, Method::GET, "/api/v1/training/self-check", Some(&u.he), None, 200).await;
    assert!(kept.get("result").is_none());
}
