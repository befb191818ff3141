//! 履职学堂 for staff: courses assigned to deputies (who may, to whom, the alerts when assigned,
//! due in 3 days and overdue — each once, never once completed), the due date on the deputy's
//! course, the training report and its CSV, and reminding those behind (once a day).

mod common;
mod msgsupport;

use axum::http::Method;
use common::*;
use msgsupport::*;
use serde_json::{json, Value};
use server::clock::{rfc3339, DAY};

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

const ASSIGN: &str = "/api/v1/training/assignments";
const REPORT: &str = "/api/v1/training/report";
const REMIND: &str = "/api/v1/training/reminders";

fn to_station(course: &str, due_in: i64) -> Value {
    json!({"course_id": course, "audience": "station", "station_id": "st_center", "due_at": rfc3339(NOW + due_in), "note": "年底前学完"})
}

async fn assign(app: &TestApp, token: &str, key: &str, body: &Value, status: u16) -> Value {
    call_with_key(app, Method::POST, ASSIGN, Some(token), Some(key), Some(body), status).await
}

async fn alerts(app: &TestApp, token: &str, kind: &str) -> Vec<Value> {
    let v = call(app, Method::GET, "/api/v1/notifications", Some(token), None, 200).await;
    v["items"].as_array().unwrap().iter().filter(|n| n["kind"] == kind).cloned().collect()
}

fn sweep(app: &TestApp, now: i64) -> usize {
    let hub = app.state.hub().clone();
    app.db.with_conn(|c| server::training::assign::sweep(c, &hub, now, 8 * 3600)).expect("sweep")
}

fn row<'a>(report: &'a Value, deputy: &str) -> &'a Value {
    report["rows"].as_array().unwrap().iter().find(|r| r["deputy_id"] == deputy).expect("the deputy's row")
}

/// Completes every lesson of `course` for `token`'s user, by heartbeats 30 s apart.
async fn complete(app: &TestApp, token: &str, course: &str) {
    let c = call(app, Method::GET, &format!("/api/v1/training/courses/{course}"), Some(token), None, 200).await;
    for lesson in c["lessons"].as_array().unwrap() {
        let id = lesson["id"].as_str().unwrap();
        let min = lesson["min_secs"].as_i64().unwrap();
        let uri = format!("/api/v1/training/lessons/{id}/beats");
        call(app, Method::POST, &uri, Some(token), Some(&json!({})), 200).await;
        for _ in 0..=(min / 30) {
            later(app, 30);
            call(app, Method::POST, &uri, Some(token), Some(&json!({})), 200).await;
        }
    }
    let c = call(app, Method::GET, &format!("/api/v1/training/courses/{course}"), Some(token), None, 200).await;
    assert!(c["progress"]["completed_at"].is_string(), "{course} completed: {c}");
}

#[tokio::test]
async fn only_staff_assign_and_see_the_report() {
    let (app, u) = world();
    for token in [&u.wang, &u.chen] {
        assign(&app, token, "k1", &to_station("crs_phone", 10 * DAY), 403).await;
        call(&app, Method::GET, ASSIGN, Some(token), None, 403).await;
        call(&app, Method::GET, REPORT, Some(token), None, 403).await;
        call_with_key(&app, Method::POST, REMIND, Some(token), Some("k2"), Some(&json!({})), 403).await;
        let r = get(&app, "/api/v1/training/report.csv", Some(token)).await;
        assert_eq!(r.status.as_u16(), 403);
    }
    call(&app, Method::GET, REPORT, None, None, 401).await;
    // no key
    let r = post(&app, ASSIGN, Some(&u.huang), None, &to_station("crs_phone", 10 * DAY)).await;
    checked(&r, "post", ASSIGN, 400);
}

#[tokio::test]
async fn what_does_not_exist_is_a_field_error() {
    let (app, u) = world();
    let mut body = to_station("crs_nothing", 10 * DAY);
    body["station_id"] = json!("st_nowhere");
    let v = assign(&app, &u.huang, "k1", &body, 400).await;
    assert_eq!(field_codes(&v), [("course_id".into(), "invalid".into()), ("station_id".into(), "invalid".into())]);
    let body = json!({"course_id": "crs_phone", "audience": "deputies", "deputy_ids": ["dp_lw01", "dp_ghost"], "due_at": rfc3339(NOW + DAY)});
    let v = assign(&app, &u.huang, "k2", &body, 400).await;
    assert_eq!(field_codes(&v), [("deputy_ids".into(), "invalid".into())]);
    let past = to_station("crs_phone", -60);
    let v = assign(&app, &u.huang, "k3", &past, 400).await;
    assert_eq!(field_codes(&v)[0].0, "due_at");
}

#[tokio::test]
async fn a_station_assignment_alerts_its_deputies_once_and_shows_the_due_date() {
    let (app, u) = world();
    let body = to_station("crs_law", 10 * DAY);
    let a = assign(&app, &u.huang, "k1", &body, 201).await;
    assert_eq!(a["course_title"].as_str().map(|t| !t.is_empty()), Some(true));
    assert_eq!(a["station"]["id"], "st_center");
    // st_center has three deputies (陈志强, 黄伟明, 吴建华); only 陈 has an account
    assert_eq!(a["deputies"], 3);
    assert_eq!(a["completed"], 0);
    assert_eq!(a["assigned_by"], "黄丽");
    // the same request again: the same assignment, no second alert
    let again = assign(&app, &u.huang, "k1", &body, 201).await;
    assert_eq!(again["id"], a["id"]);
    let told = alerts(&app, &u.chen, "course_assigned").await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0]["link"], "/training/courses/crs_law");
    assert!(told[0]["body"].as_str().unwrap().contains("年底前学完"), "{}", told[0]);
    // 何美玲 (st_shixia) was not assigned
    assert!(alerts(&app, &u.he, "course_assigned").await.is_empty());

    let course = call(&app, Method::GET, "/api/v1/training/courses/crs_law", Some(&u.chen), None, 200).await;
    assert_eq!(course["due_at"], a["due_at"]);
    let list = call(&app, Method::GET, "/api/v1/training/courses?limit=50", Some(&u.he), None, 200).await;
    assert!(list["items"].as_array().unwrap().iter().all(|c| c.get("due_at").is_none()), "not assigned to 何");

    let page = call(&app, Method::GET, ASSIGN, Some(&u.huang), None, 200).await;
    assert_eq!(ids(&page), [a["id"].as_str().unwrap()]);
}

#[tokio::test]
async fn reminders_come_due_soon_then_overdue_each_once_and_stop_when_completed() {
    let (app, u) = world();
    assign(&app, &u.huang, "k1", &to_station("crs_law", 10 * DAY), 201).await;
    let named = json!({"course_id": "crs_proposal", "audience": "deputies", "deputy_ids": ["dp_lw01", "dp_lw02"], "due_at": rfc3339(NOW + 10 * DAY)});
    assign(&app, &u.huang, "k2", &named, 201).await;

    assert_eq!(sweep(&app, NOW + 6 * DAY), 0, "not yet");
    // 3 days before: both deputies, each course once
    assert_eq!(sweep(&app, NOW + 7 * DAY), 3);
    assert_eq!(sweep(&app, NOW + 7 * DAY + 60), 0, "once");
    assert_eq!(alerts(&app, &u.chen, "course_due_soon").await.len(), 2);
    assert_eq!(alerts(&app, &u.he, "course_due_soon").await.len(), 1);

    // 何 completes crs_proposal before it is due: no overdue alert for it
    complete(&app, &u.he, "crs_proposal").await;
    assert_eq!(sweep(&app, NOW + 10 * DAY), 2, "陈's two courses");
    assert_eq!(sweep(&app, NOW + 11 * DAY), 0, "once");
    assert!(alerts(&app, &u.he, "course_overdue").await.is_empty());
    let overdue = alerts(&app, &u.chen, "course_overdue").await;
    assert_eq!(overdue.len(), 2);
    assert!(overdue.iter().all(|n| n["body"].as_str().unwrap().contains("已于")), "{overdue:?}");
}

#[tokio::test]
async fn a_course_due_within_three_days_is_not_recalled_as_due_soon() {
    let (app, u) = world();
    let body = json!({"course_id": "crs_phone", "audience": "deputies", "deputy_ids": ["dp_lw02"], "due_at": rfc3339(NOW + DAY)});
    assign(&app, &u.huang, "k1", &body, 201).await;
    assert_eq!(sweep(&app, NOW + 60), 0, "the assignment alert said when");
    assert_eq!(sweep(&app, NOW + DAY), 1);
    assert_eq!(alerts(&app, &u.he, "course_overdue").await.len(), 1);
    assert!(alerts(&app, &u.he, "course_due_soon").await.is_empty());
}

#[tokio::test]
async fn the_report_counts_each_deputy_and_sums_each_station() {
    let (app, u) = world();
    let everyone = json!({"course_id": "crs_law", "audience": "all", "due_at": rfc3339(NOW + 2 * DAY)});
    assign(&app, &u.huang, "k1", &everyone, 201).await;
    complete(&app, &u.he, "crs_law").await;
    // 何 answers a practice question
    let set = call(&app, Method::GET, "/api/v1/training/practice", Some(&u.he), None, 200).await;
    let q = &set["items"][0]["question"];
    let option = q["options"][0]["id"].clone();
    call(&app, Method::POST, "/api/v1/training/practice/answers", Some(&u.he), Some(&json!({"question_id": q["id"], "option_ids": [option]})), 201).await;

    let report = call(&app, Method::GET, REPORT, Some(&u.huang), None, 200).await;
    assert_eq!(report["rows"].as_array().unwrap().len(), 12, "every deputy");
    let he = row(&report, "dp_lw02");
    assert_eq!((he["has_account"].as_bool(), he["assigned"].as_u64(), he["assigned_done"].as_u64()), (Some(true), Some(1), Some(1)));
    assert_eq!(he["courses_completed"], 1);
    assert_eq!(he["behind"], false);
    assert_eq!(he["practice_days"], 1);
    assert!(he["study_minutes"].as_u64().unwrap() >= 7, "{he}");
    assert!(he["last_active_at"].is_string());
    let chen = row(&report, "dp_lw01");
    assert_eq!(chen["behind"], true, "due in 2 days, not done");
    assert_eq!(chen["courses_completed"], 1, "the demo's 手机与平台入门");
    assert_eq!(chen["streak"], 4, "the demo's four days of practice");
    assert_eq!(chen["overdue"], 0);
    // the demo's tests: 陈 passed one, 何 failed hers (a best score, nothing passed)
    assert_eq!(chen["tests_passed"], 1);
    assert!(chen["best_score"].as_u64().unwrap() >= 60);
    assert_eq!(he["tests_passed"], 0);
    assert!(he["best_score"].as_u64().unwrap() < 60);
    let ghost = row(&report, "dp_lw03");
    assert_eq!((ghost["has_account"].as_bool(), ghost["behind"].as_bool()), (Some(false), Some(true)));
    assert!(ghost.get("last_active_at").is_none());
    // stations in order, each summing its deputies
    let stations = report["stations"].as_array().unwrap();
    let total: u64 = stations.iter().map(|s| s["deputies"].as_u64().unwrap()).sum();
    assert_eq!(total, 12);
    let shixia = stations.iter().find(|s| s["station"]["id"] == "st_shixia").unwrap();
    let shixia_rows: Vec<&Value> = report["rows"].as_array().unwrap().iter().filter(|r| r["station"]["id"] == "st_shixia").collect();
    assert_eq!(shixia["deputies"].as_u64().unwrap() as usize, shixia_rows.len());
    assert_eq!(shixia["assigned_done"], 1, "何's");
    // one station only
    let center = call(&app, Method::GET, &format!("{REPORT}?station=st_center"), Some(&u.huang), None, 200).await;
    assert!(center["rows"].as_array().unwrap().iter().all(|r| r["station"]["id"] == "st_center"));
    assert_eq!(center["stations"].as_array().unwrap().len(), 1);
    call(&app, Method::GET, &format!("{REPORT}?station=a%20b"), Some(&u.huang), None, 400).await;

    // past its due date, 陈's course is overdue
    later(&app, 3 * DAY);
    let report = call(&app, Method::GET, REPORT, Some(&u.huang), None, 200).await;
    assert_eq!(row(&report, "dp_lw01")["overdue"], 1);
}

#[tokio::test]
async fn the_csv_has_a_line_per_deputy_and_no_formulas() {
    let (app, u) = world();
    app.db
        .with_conn(|c| c.execute("UPDATE deputies SET name = '=HYPERLINK(\"x\")' WHERE id = 'dp_lw12'", ()))
        .expect("a hostile name");
    let r = get(&app, "/api/v1/training/report.csv?station=st_shixia", Some(&u.huang)).await;
    assert_eq!(r.status.as_u16(), 200);
    assert_eq!(r.header("content-type").as_deref(), Some("text/csv; charset=utf-8"));
    assert!(r.header("content-disposition").unwrap_or_default().starts_with("attachment"));
    let text = r.text();
    assert!(text.starts_with('\u{feff}'), "a byte-order mark for spreadsheets");
    let lines: Vec<&str> = text.trim_end().split("\r\n").collect();
    assert!(lines[0].contains("代表") && lines[0].contains("学习分钟") && lines[0].contains("最高分"), "{}", lines[0]);
    let json = call(&app, Method::GET, &format!("{REPORT}?station=st_shixia"), Some(&u.huang), None, 200).await;
    assert_eq!(lines.len() - 1, json["rows"].as_array().unwrap().len());
    assert!(lines.iter().any(|l| l.starts_with("何美玲,")), "{text}");
    assert!(lines.iter().any(|l| l.starts_with("\"'=HYPERLINK(\"\"x\"\")\"")), "{text}");
}

#[tokio::test]
async fn staff_remind_those_behind_at_most_once_a_day() {
    let (app, u) = world();
    let everyone = json!({"course_id": "crs_law", "audience": "all", "due_at": rfc3339(NOW + DAY)});
    assign(&app, &u.huang, "k1", &everyone, 201).await;
    complete(&app, &u.he, "crs_law").await;
    let sent = call_with_key(&app, Method::POST, REMIND, Some(&u.huang), Some("r1"), Some(&json!({})), 201).await;
    // 陈 is behind and has an account; 10 others behind have none; 何 is done
    assert_eq!(sent, json!({"reminded": 1, "recently_reminded": 0, "without_account": 10}));
    let told = alerts(&app, &u.chen, "training_reminder").await;
    assert_eq!(told.len(), 1);
    assert!(told[0]["body"].as_str().unwrap().contains("代表法"), "names the course: {}", told[0]);
    assert!(alerts(&app, &u.he, "training_reminder").await.is_empty());
    // the same action again (a retry) is the same answer; a new one within a day reminds nobody
    let again = call_with_key(&app, Method::POST, REMIND, Some(&u.huang), Some("r1"), Some(&json!({})), 201).await;
    assert_eq!(again, sent);
    let second = call_with_key(&app, Method::POST, REMIND, Some(&u.huang), Some("r2"), Some(&json!({"deputy_ids": ["dp_lw01"]})), 201).await;
    assert_eq!(second, json!({"reminded": 0, "recently_reminded": 1, "without_account": 0}));
    later(&app, DAY + 1);
    let third = call_with_key(&app, Method::POST, REMIND, Some(&u.huang), Some("r3"), Some(&json!({"deputy_ids": ["dp_lw01"]})), 201).await;
    assert_eq!(third["reminded"], 1);
    assert_eq!(alerts(&app, &u.chen, "training_reminder").await.len(), 2);
    let bad = call_with_key(&app, Method::POST, REMIND, Some(&u.huang), Some("r4"), Some(&json!({"deputy_ids": ["dp_lw01", "dp_lw01"]})), 400).await;
    assert_eq!(field_codes(&bad)[0].0, "deputy_ids");
}

#[tokio::test]
async fn the_demo_assigns_two_courses_and_shows_chen_behind() {
    let (app, u) = world();
    app.db
        .with_conn(|conn| {
            let tx = conn.transaction()?;
            server::demo::training::seed_assignments(&tx, NOW)?;
            tx.commit()?;
            Ok::<_, server::db::Error>(())
        })
        .expect("seed assignments");
    let page = call(&app, Method::GET, ASSIGN, Some(&u.huang), None, 200).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert_eq!(alerts(&app, &u.chen, "course_assigned").await.len(), 2);
    let report = call(&app, Method::GET, REPORT, Some(&u.huang), None, 200).await;
    assert_eq!(row(&report, "dp_lw01")["behind"], true, "the replies course, due in 2 days");
    assert_eq!(row(&report, "dp_lw01")["assigned"], 2);
    let reply = call(&app, Method::GET, "/api/v1/training/courses/crs_reply", Some(&u.chen), None, 200).await;
    assert_eq!(reply["due_at"], rfc3339(NOW + 2 * DAY));
    // the sweep recalls it to both (made 5 days ago, so not "due soon" when made)
    assert_eq!(sweep(&app, NOW), 2);
}
