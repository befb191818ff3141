//! 模拟实操 and 平台实操: who may practise, a run from start to end through the endpoints that
//! mirror a message's (each step checked and explained, the reply idempotent, the run over once
//! resolved), wrong steps and the handling rules, runs are their user's alone, nothing reaches
//! the real messages or anyone's notifications, and the practical task of a test — its verdicts
//! withheld until the attempt is submitted, then marked with the questions.

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

const RUNS: &str = "/api/v1/training/sandbox/runs";

async fn start(app: &TestApp, token: &str, case: &str, status: u16) -> Value {
    call(app, Method::POST, &format!("/api/v1/training/sandbox/cases/{case}/runs"), Some(token), None, status).await
}

async fn run_of(app: &TestApp, token: &str, id: &str) -> Value {
    call(app, Method::GET, &format!("{RUNS}/{id}"), Some(token), None, 200).await
}

async fn set_status(app: &TestApp, token: &str, run: &Value, to: &str, status: u16) -> Value {
    let id = run["id"].as_str().unwrap();
    let version = run["message"]["version"].as_u64().or_else(|| run["version"].as_u64()).unwrap();
    call(app, Method::POST, &format!("{RUNS}/{id}/status"), Some(token), Some(&json!({ "version": version, "status": to })), status).await
}

async fn reply(app: &TestApp, token: &str, id: &str, key: &str, body: &str, status: u16) -> Value {
    call_with_key(app, Method::POST, &format!("{RUNS}/{id}/replies"), Some(token), Some(key), Some(&json!({ "body": body })), status).await
}

fn count(app: &TestApp, table: &str) -> i64 {
    app.db.with_conn(|conn| conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), (), |r| r.get(0)).expect("count"))
}

fn steps(v: &Value) -> Vec<&str> {
    v.as_array().expect("steps").iter().map(|s| s.as_str().unwrap()).collect()
}

const LIGHT_REPLY: &str = "王大爷您好，三盏路灯我已经报给镇供电所，维修师傅明天上午来换灯头，修好后我去现场看看。";

#[tokio::test]
async fn only_deputies_and_staff_practise_and_the_cases_say_what_they_ask() {
    let (app, u) = world();
    call(&app, Method::GET, "/api/v1/training/sandbox/cases", None, None, 401).await;
    call(&app, Method::GET, "/api/v1/training/sandbox/cases", Some(&u.wang), None, 403).await;
    start(&app, &u.wang, "pc_streetlight", 403).await;
    call(&app, Method::GET, &format!("{RUNS}/pr_00001"), Some(&u.wang), None, 403).await;
    let cases = call(&app, Method::GET, "/api/v1/training/sandbox/cases", Some(&u.chen), None, 200).await;
    let items = cases["items"].as_array().unwrap();
    // the test's task is not listed for practice
    let ids: Vec<&str> = items.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["pc_streetlight", "pc_school_road"]);
    assert_eq!(steps(&items[0]["steps"]), ["accept", "reply", "resolve"]);
    assert_eq!(items[1]["track"], "major");
    assert_eq!(steps(&items[1]["steps"]), ["accept", "plan", "reply", "finish_plan", "resolve"]);
    // the demo: 陈 did the street-light case right once
    assert_eq!(items[0]["completed_runs"], 1);
    assert!(items[0].get("open_run_id").is_none());
    let he = call(&app, Method::GET, "/api/v1/training/sandbox/cases", Some(&u.he), None, 200).await;
    assert_eq!(he["items"][0]["completed_runs"], 0);
    // staff practise too; a task of a test cannot be started as practice
    start(&app, &u.huang, "pc_streetlight", 201).await;
    start(&app, &u.he, "pc_pension_task", 404).await;
    start(&app, &u.he, "pc_nope", 404).await;
}

#[tokio::test]
async fn a_run_is_handled_like_a_real_message_and_each_step_is_explained() {
    let (app, u) = world();
    let (messages, notifications) = (count(&app, "messages"), count(&app, "notifications"));
    let run = start(&app, &u.he, "pc_streetlight", 201).await;
    let id = run["id"].as_str().unwrap().to_owned();
    let m = &run["message"];
    assert_eq!(m["id"], id.as_str(), "the message's id is the run's");
    assert_eq!(m["status"], "assigned");
    assert_eq!(m["track"], "fast");
    assert!(m["author"]["name"].as_str().unwrap().contains("模拟"));
    assert_eq!(m["handler"]["name"], "何美玲");
    assert!(m["deadline"].is_string());
    // what is practised, and nothing else
    assert_eq!(m["can"]["reply"], true);
    assert!(steps(&m["can"]["set_status"]).contains(&"accepted"));
    for other in ["triage", "hand_over", "note", "follow_up", "rate", "reopen", "plan"] {
        assert_eq!(m["can"][other], false, "{other}");
    }
    assert_eq!(run["open"], true);
    assert_eq!(run["checks"], json!([]));
    // starting again resumes it
    let again = start(&app, &u.he, "pc_streetlight", 200).await;
    assert_eq!(again["id"], id.as_str());
    let cases = call(&app, Method::GET, "/api/v1/training/sandbox/cases", Some(&u.he), None, 200).await;
    assert_eq!(cases["items"][0]["open_run_id"], id.as_str());

    let m = set_status(&app, &u.he, &run, "accepted", 200).await;
    assert_eq!(m["status"], "accepted");
    // a reply needs its key, as a real one; a repeat does not reply twice
    call(&app, Method::POST, &format!("{RUNS}/{id}/replies"), Some(&u.he), Some(&json!({ "body": LIGHT_REPLY })), 400).await;
    let m = reply(&app, &u.he, &id, "r1", LIGHT_REPLY, 201).await;
    assert_eq!(m["status"], "replied");
    let m = reply(&app, &u.he, &id, "r1", LIGHT_REPLY, 201).await;
    assert_eq!(m["replies"].as_array().unwrap().len(), 1);
    assert_eq!(m["replies"][0]["from"]["is_you"], true);
    let r = run_of(&app, &u.he, &id).await;
    assert_eq!(steps(&r["done"]), ["accept", "reply"]);
    let m = set_status(&app, &u.he, &json!({ "id": id, "message": m }), "resolved", 200).await;
    assert_eq!(m["status"], "resolved");
    assert_eq!(m["can"]["reply"], false, "the run is over");

    let r = run_of(&app, &u.he, &id).await;
    assert_eq!(r["open"], false);
    assert_eq!(steps(&r["done"]), ["accept", "reply", "resolve"]);
    let checks = r["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 3);
    for c in checks {
        assert_eq!(c["ok"], true, "{c}");
        assert!(c["explanation"].as_str().unwrap().chars().count() > 10, "{c}");
    }
    let again = call(&app, Method::GET, &format!("{RUNS}/{id}/message"), Some(&u.he), None, 200).await;
    set_status(&app, &u.he, &json!({ "id": id, "message": again }), "in_progress", 409).await;
    // a new run to practise again; the finished one counts
    let next = start(&app, &u.he, "pc_streetlight", 201).await;
    assert_ne!(next["id"], id.as_str());
    let cases = call(&app, Method::GET, "/api/v1/training/sandbox/cases", Some(&u.he), None, 200).await;
    assert_eq!(cases["items"][0]["completed_runs"], 1);
    // nothing of it reached a real message or anyone's alerts
    assert_eq!(count(&app, "messages"), messages);
    assert_eq!(count(&app, "notifications"), notifications);
}

#[tokio::test]
async fn wrong_steps_are_taken_and_explained_and_the_handling_rules_hold() {
    let (app, u) = world();
    // resolving before replying: wrong, and the run is over
    let run = start(&app, &u.he, "pc_streetlight", 201).await;
    let id = run["id"].as_str().unwrap().to_owned();
    let m = set_status(&app, &u.he, &run, "accepted", 200).await;
    let short = reply(&app, &u.he, &id, "s1", "好的，知道了。", 201).await;
    let r = run_of(&app, &u.he, &id).await;
    let last = r["checks"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["step"].as_str(), last["ok"].as_bool()), (Some("reply"), Some(false)));
    assert!(last["explanation"].as_str().unwrap().contains("太简短"), "{last}");
    // a stale version is refused as for a real message
    set_status(&app, &u.he, &json!({ "id": id, "message": m }), "resolved", 409).await;
    set_status(&app, &u.he, &json!({ "id": id, "message": short }), "resolved", 200).await;
    let r = run_of(&app, &u.he, &id).await;
    assert_eq!(r["open"], false);
    assert_eq!(steps(&r["done"]), ["accept"]);
    // the run is 何's alone
    call(&app, Method::GET, &format!("{RUNS}/{id}"), Some(&u.chen), None, 404).await;
    reply(&app, &u.chen, &id, "c1", LIGHT_REPLY, 404).await;

    // a fast case has no plan; a major one's plan must be in time
    let fast = start(&app, &u.he, "pc_streetlight", 201).await;
    let fid = fast["id"].as_str().unwrap();
    let due = server::clock::rfc3339(app.state.now() + 3 * 86_400);
    call(&app, Method::POST, &format!("{RUNS}/{fid}/plan"), Some(&u.he), Some(&json!({ "version": 1, "title": "查看现场", "due_at": due })), 409).await;
    let major = start(&app, &u.he, "pc_school_road", 201).await;
    let mid = major["id"].as_str().unwrap().to_owned();
    assert_eq!(major["message"]["can"]["plan"], true);
    let m = set_status(&app, &u.he, &major, "accepted", 200).await;
    let deadline = m["deadline"].as_str().unwrap();
    let late = server::clock::rfc3339(server::clock::parse_rfc3339(deadline).unwrap() + 86_400);
    let m = call(&app, Method::POST, &format!("{RUNS}/{mid}/plan"), Some(&u.he), Some(&json!({ "version": m["version"], "title": "年后再议", "due_at": late })), 201).await;
    assert_eq!(m["plan"].as_array().unwrap().len(), 1);
    let r = run_of(&app, &u.he, &mid).await;
    let last = r["checks"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["step"].as_str(), last["ok"].as_bool()), (Some("plan"), Some(false)));
    assert!(last["explanation"].as_str().unwrap().contains("晚于办结期限"), "{last}");
    // a plan step that is not there, and one done twice
    let step = m["plan"][0]["id"].as_str().unwrap().to_owned();
    call(&app, Method::POST, &format!("{RUNS}/{mid}/plan/ps_9/done"), Some(&u.he), Some(&json!({ "version": m["version"] })), 404).await;
    let m = call(&app, Method::POST, &format!("{RUNS}/{mid}/plan/{step}/done"), Some(&u.he), Some(&json!({ "version": m["version"] })), 200).await;
    assert_eq!(m["plan"][0]["done"], true);
    call(&app, Method::POST, &format!("{RUNS}/{mid}/plan/{step}/done"), Some(&u.he), Some(&json!({ "version": m["version"] })), 409).await;
    // closing is staff's, never practised
    set_status(&app, &u.he, &json!({ "id": mid, "message": m }), "closed", 409).await;
    // a body the contract refuses
    call(&app, Method::POST, &format!("{RUNS}/{mid}/status"), Some(&u.he), Some(&json!({ "status": 3 })), 400).await;
}

/// Starts an attempt at the practical test and answers its questions right.
async fn attempt_with_answers(app: &TestApp, token: &str, key: &str) -> Value {
    let a = call_with_key(app, Method::POST, "/api/v1/training/tests/tst_practical/attempts", Some(token), Some(key), None, 201).await;
    let id = a["id"].as_str().unwrap();
    for q in a["questions"].as_array().unwrap() {
        let qid = q["id"].as_str().unwrap();
        let right: String = app.db.with_conn(|conn| {
            conn.query_row("SELECT correct_json FROM quiz_questions WHERE id = ?1", [qid], |r| r.get(0)).expect("question")
        });
        let right: Vec<String> = serde_json::from_str(&right).unwrap();
        call(app, Method::PUT, &format!("/api/v1/training/attempts/{id}/answers/{qid}"), Some(token), Some(&json!({ "option_ids": right })), 200).await;
    }
    a
}

#[tokio::test]
async fn a_practical_task_is_judged_after_submission_and_scored_with_the_questions() {
    let (app, u) = world();
    let listed = call(&app, Method::GET, "/api/v1/training/tests/tst_practical", Some(&u.he), None, 200).await;
    assert_eq!(listed["rules"]["task_count"], 1);
    assert_eq!(listed["rules"]["question_count"], 3);
    let a = attempt_with_answers(&app, &u.he, "a1").await;
    let aid = a["id"].as_str().unwrap().to_owned();
    let tasks = a["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0]["case_id"], "pc_pension_task");
    assert!(tasks[0].get("run_id").is_none());
    let task = format!("/api/v1/training/attempts/{aid}/tasks/pc_pension_task");
    call(&app, Method::POST, &format!("/api/v1/training/attempts/{aid}/tasks/pc_streetlight"), Some(&u.he), None, 404).await;
    call(&app, Method::POST, &task, Some(&u.chen), None, 404).await;
    let run = call(&app, Method::POST, &task, Some(&u.he), None, 201).await;
    assert_eq!(run["attempt_id"], aid.as_str());
    let again = call(&app, Method::POST, &task, Some(&u.he), None, 200).await;
    assert_eq!(again["id"], run["id"]);
    let rid = run["id"].as_str().unwrap().to_owned();
    set_status(&app, &u.he, &run, "accepted", 200).await;
    reply(&app, &u.he, &rid, "p1", "赵阿姨您好，我问了镇社保所，这个月养老金因银行系统升级推迟发放，二十五号前会到账。", 201).await;
    let m = call(&app, Method::GET, &format!("{RUNS}/{rid}/message"), Some(&u.he), None, 200).await;
    set_status(&app, &u.he, &json!({ "id": rid, "message": m }), "resolved", 200).await;
    // during the attempt: the steps are recorded, their verdicts withheld
    let r = run_of(&app, &u.he, &rid).await;
    assert_eq!(r["checks"].as_array().unwrap().len(), 3);
    assert_eq!(r["done"], json!([]));
    let mut found = Vec::new();
    keys_of(&r["checks"], &mut found);
    assert!(!found.iter().any(|k| k == "ok" || k == "explanation"), "{found:?}");
    let a = call(&app, Method::GET, &format!("/api/v1/training/attempts/{aid}"), Some(&u.he), None, 200).await;
    assert_eq!(a["tasks"][0]["steps_taken"], 3);
    assert_eq!(a["tasks"][0]["run_id"], rid.as_str());

    let result = call(&app, Method::POST, &format!("/api/v1/training/attempts/{aid}/submit"), Some(&u.he), None, 200).await;
    assert_eq!(result["score"], 100);
    assert_eq!(result["passed"], true);
    let t = &result["tasks"][0];
    assert_eq!(t["mark"], 100);
    assert_eq!(steps(&t["done"]), ["accept", "reply", "resolve"]);
    assert!(t["checks"].as_array().unwrap().iter().all(|c| c["ok"] == true && c["explanation"].is_string()));
    // after submission: the verdicts are out, the task takes no more steps
    let r = run_of(&app, &u.he, &rid).await;
    assert_eq!(r["open"], false);
    assert_eq!(steps(&r["done"]), ["accept", "reply", "resolve"]);
    call(&app, Method::POST, &task, Some(&u.he), None, 409).await;

    // a task not done counts 0: three questions right of four marks
    let b = attempt_with_answers(&app, &u.he, "a2").await;
    let bid = b["id"].as_str().unwrap();
    let result = call(&app, Method::POST, &format!("/api/v1/training/attempts/{bid}/submit"), Some(&u.he), None, 200).await;
    assert_eq!(result["score"], 75);
    assert_eq!(result["tasks"][0]["mark"], 0);
    assert_eq!(result["tasks"][0]["checks"], json!([]));
}

#[tokio::test]
async fn a_tasks_run_stops_with_its_attempts_time() {
    let (app, u) = world();
    let a = attempt_with_answers(&app, &u.he, "t1").await;
    let aid = a["id"].as_str().unwrap().to_owned();
    let run = call(&app, Method::POST, &format!("/api/v1/training/attempts/{aid}/tasks/pc_pension_task"), Some(&u.he), None, 201).await;
    set_status(&app, &u.he, &run, "accepted", 200).await;
    // 20 minutes and the grace later
    later(&app, 21 * 60);
    let rid = run["id"].as_str().unwrap();
    reply(&app, &u.he, rid, "late", "赵阿姨您好，养老金的事我已经问过社保所了，月底前到账。", 409).await;
    // the attempt was submitted as of its deadline, with the task's one step right of three
    let result = call(&app, Method::GET, &format!("/api/v1/training/attempts/{aid}/result"), Some(&u.he), None, 200).await;
    assert_eq!(result["auto_submitted"], true);
    assert_eq!(result["tasks"][0]["mark"], 33);
    assert_eq!(result["score"], (3 * 100 + 33) / 4);
}

/// Every key anywhere in `v`.
fn keys_of(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                out.push(k.clone());
                keys_of(x, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| keys_of(x, out)),
        _ => {}
    }
}
