//! Demo courses of 履职学堂 (`server/demo/training.json`): 入门 courses on the phone and this
//! platform and on the 代表法 for new deputies, 进阶 ones on writing proposals, budget review and
//! reading the figures — with some study already done by the demo deputy 陈 (one course
//! completed, one half way), so that progress and resuming show; and the question bank, with
//! 陈's 每日一练 of the last four days.

use contract::{Block, LessonMedia};
use crate::sql::{params, Connection, OptionalExtension};
use serde::Deserialize;

use crate::clock::{DAY, HOUR};
use crate::db::{Db, Error};
use crate::training::quiz;

use super::people::{DEPUTY_CHEN, DEPUTY_CHEN_USER, DEPUTY_HE, DEPUTY_HE_USER, STAFF_HUANG, STATION_CENTER};
use crate::training::assess;

pub const TRAINING_JSON: &str = include_str!("../../demo/training.json");
/// The question bank: 60 questions in five categories (代表法, 代表建议, 预算审查, 联系群众,
/// 平台操作), each with its explanation.
pub const QUESTIONS_JSON: &str = include_str!("../../demo/questions.json");

#[derive(Deserialize)]
struct DemoBank {
    questions: Vec<DemoQuestion>,
}

#[derive(Deserialize)]
struct DemoQuestion {
    id: String,
    category: String,
    kind: String,
    text: String,
    options: Vec<String>,
    /// Indexes of the right options.
    correct: Vec<usize>,
    explanation: String,
}

#[derive(Deserialize)]
struct Demo {
    courses: Vec<DemoCourse>,
}

#[derive(Deserialize)]
struct DemoCourse {
    id: String,
    title: String,
    level: String,
    track: String,
    summary: String,
    description: Vec<Block>,
    lessons: Vec<DemoLesson>,
}

#[derive(Deserialize)]
struct DemoLesson {
    id: String,
    title: String,
    min_secs: i64,
    body: Vec<Block>,
    #[serde(default)]
    media: Option<LessonMedia>,
}

/// The demo capability tests (测评): times in days from now.
pub const ASSESSMENTS_JSON: &str = include_str!("../../demo/assessments.json");

#[derive(Deserialize)]
struct DemoTests {
    tests: Vec<DemoTest>,
}

#[derive(Deserialize)]
struct DemoTest {
    id: String,
    title: String,
    intro: String,
    #[serde(default)]
    course_id: Option<String>,
    #[serde(default)]
    opens_days: Option<i64>,
    #[serde(default)]
    closes_days: Option<i64>,
    #[serde(default)]
    time_limit_minutes: Option<i64>,
    #[serde(default)]
    max_attempts: Option<u32>,
    wait_minutes: i64,
    pass_percent: u32,
    draw: Vec<contract::DrawRule>,
    /// Practice cases done as its practical tasks (平台实操).
    #[serde(default)]
    tasks: Vec<String>,
}

/// The practice cases of 模拟实操 (simulated messages, with their rules).
pub const SANDBOX_JSON: &str = include_str!("../../demo/sandbox.json");

#[derive(Deserialize)]
struct DemoCases {
    cases: Vec<DemoCase>,
}

#[derive(Deserialize)]
struct DemoCase {
    id: String,
    title: String,
    summary: String,
    track: String,
    steps: Vec<contract::PracticeStep>,
    citizen: String,
    category: String,
    message_title: String,
    message_body: String,
    reply_min_chars: u32,
    reply_mentions: Vec<String>,
    plan_min_steps: u32,
    listed: bool,
}

/// The practice cases, and 陈's run of the street-light case five days ago, every step right.
fn seed_sandbox(conn: &Connection, now: i64) -> Result<(), Error> {
    use crate::training::sandbox::{self, Act};
    use crate::training::sandbox_store;
    let demo: DemoCases = serde_json::from_str(SANDBOX_JSON).map_err(|e| Error(format!("demo sandbox: {e}")))?;
    for c in &demo.cases {
        let steps = serde_json::to_string(&c.steps).map_err(|e| Error(e.to_string()))?;
        let mentions = serde_json::to_string(&c.reply_mentions).map_err(|e| Error(e.to_string()))?;
        conn.execute(
            "INSERT INTO practice_cases (id, title, summary, track, steps_json, citizen, category, message_title, \
               message_body, reply_min_chars, reply_mentions_json, plan_min_steps, listed) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                c.id,
                c.title,
                c.summary,
                c.track,
                steps,
                c.citizen,
                c.category,
                c.message_title,
                c.message_body,
                c.reply_min_chars,
                mentions,
                c.plan_min_steps,
                c.listed
            ],
        )?;
    }
    let tz = i64::from(crate::Config::default().tz_offset_minutes) * 60;
    let case = sandbox_store::case_by_id(conn, "pc_streetlight").map_err(api)?.ok_or_else(|| Error("pc_streetlight".into()))?;
    let started = now - 5 * DAY;
    let mut run = sandbox_store::start(conn, &case, (DEPUTY_CHEN_USER, "陈志强"), None, started, tz).map_err(api)?;
    let reply = "王大爷您好，路灯的事我已经联系了镇供电所，维修师傅后天上午来更换三盏路灯的灯头，修好后我再去现场看看。";
    let acts = [Act::Status(contract::MessageStatus::Accepted, None), Act::Reply(reply), Act::Status(contract::MessageStatus::Resolved, None)];
    for (i, act) in acts.into_iter().enumerate() {
        let at = started + (i as i64 + 1) * 4 * 60;
        sandbox::take(&case, &mut run.sim, act, at, tz);
        sandbox_store::save(conn, &case, &mut run, at).map_err(api)?;
    }
    Ok(())
}

fn api(e: crate::problem::ApiError) -> Error {
    Error(format!("{e:?}"))
}

/// The tests, 陈's passed attempt at the digital test ten days ago (its certificate too) and
/// 何's failed attempt at the 代表法 test three days ago; 陈's certificate of the course he
/// completed.
fn seed_assessments(conn: &Connection, now: i64) -> Result<(), Error> {
    let demo: DemoTests = serde_json::from_str(ASSESSMENTS_JSON).map_err(|e| Error(format!("demo assessments: {e}")))?;
    for (n, t) in demo.tests.iter().enumerate() {
        let draw = serde_json::to_string(&t.draw).map_err(|e| Error(e.to_string()))?;
        conn.execute(
            "INSERT INTO assessments (id, title, intro, course_id, opens_at, closes_at, time_limit_secs, max_attempts, \
               wait_secs, pass_percent, draw_json, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                t.id,
                t.title,
                t.intro,
                t.course_id,
                t.opens_days.map(|d| now + d * DAY),
                t.closes_days.map(|d| now + d * DAY),
                t.time_limit_minutes.map(|m| m * 60),
                t.max_attempts,
                t.wait_minutes * 60,
                t.pass_percent,
                draw,
                now - 60 * DAY + n as i64 * HOUR
            ],
        )?;
        for (position, case_id) in t.tasks.iter().enumerate() {
            conn.execute(
                "INSERT INTO assessment_tasks (test_id, case_id, position) VALUES (?1, ?2, ?3)",
                params![t.id, case_id, position as i64],
            )?;
        }
    }
    // 陈: right but for every fourth question, submitted after 18 minutes; 何: right only now
    // and then, submitted after 12 minutes with the last two questions unanswered
    let takes = [(DEPUTY_CHEN_USER, "tst_digital", 10 * DAY, 18 * 60, 4), (DEPUTY_HE_USER, "tst_law", 3 * DAY, 12 * 60, 3)];
    for (user, test, ago, took, every) in takes {
        let t = assess::test_by_id(conn, test).map_err(api)?.ok_or_else(|| Error(test.into()))?;
        let started = now - ago;
        let (a, _) = assess::start(conn, &t, user, started).map_err(api)?;
        for (i, id) in a.question_ids.iter().enumerate() {
            let q = quiz::question(conn, id).map_err(api)?.ok_or_else(|| Error(id.clone()))?;
            let at = started + (i as i64 + 1) * 90;
            if at > started + took {
                break;
            }
            let right = if every == 4 { i % 4 != 3 } else { i % 3 == 0 };
            let chosen = if right { q.correct.clone() } else { vec![quiz::option_id(q.options.len() - 1)] };
            let chosen = if !right && chosen == q.correct { vec![quiz::option_id(0)] } else { chosen };
            assess::save(conn, &t, &a, id, &chosen, at).map_err(api)?;
        }
        assess::finish(conn, &t, &a, started + took, false, &mut assess::os_random).map_err(api)?;
    }
    assess::issue_course(conn, DEPUTY_CHEN_USER, "crs_phone", now - 20 * DAY).map_err(api)?;
    Ok(())
}

/// Seeds the courses into `conn` (a transaction); how many lessons.
pub fn seed(conn: &Connection, now: i64) -> Result<usize, Error> {
    let demo: Demo = serde_json::from_str(TRAINING_JSON).map_err(|e| Error(format!("demo training: {e}")))?;
    let mut lessons = 0;
    for (n, c) in demo.courses.iter().enumerate() {
        let description = serde_json::to_string(&c.description).map_err(|e| Error(e.to_string()))?;
        conn.execute(
            "INSERT INTO courses (id, title, level, track, summary, description_json, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![c.id, c.title, c.level, c.track, c.summary, description, now - 60 * DAY + n as i64 * HOUR],
        )?;
        for (i, l) in c.lessons.iter().enumerate() {
            let body = serde_json::to_string(&l.body).map_err(|e| Error(e.to_string()))?;
            let media = l.media.as_ref().map(serde_json::to_string).transpose().map_err(|e| Error(e.to_string()))?;
            conn.execute(
                "INSERT INTO lessons (id, course_id, position, title, body_json, media_json, min_secs) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![l.id, c.id, i as i64 + 1, l.title, body, media, l.min_secs],
            )?;
            lessons += 1;
        }
    }
    // 陈 completed 手机与平台入门 three weeks ago and is half way through the replies course
    let studied = [
        ("les_phone_1", 150, true, 21),
        ("les_phone_2", 130, true, 21),
        ("les_phone_3", 200, true, 20),
        ("les_reply_1", 160, true, 2),
        ("les_reply_2", 75, false, 1),
    ];
    for (lesson, secs, done, days_ago) in studied {
        let at = now - days_ago * DAY;
        conn.execute(
            "INSERT INTO lesson_progress (user_id, lesson_id, studied_secs, position, done_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![DEPUTY_CHEN_USER, lesson, secs, if done { 0 } else { 2 }, done.then_some(at), at],
        )?;
    }
    conn.execute(
        "INSERT INTO course_completions (user_id, course_id, completed_at) VALUES (?1, 'crs_phone', ?2)",
        params![DEPUTY_CHEN_USER, now - 20 * DAY],
    )?;
    let bank: DemoBank = serde_json::from_str(QUESTIONS_JSON).map_err(|e| Error(format!("demo questions: {e}")))?;
    for q in &bank.questions {
        let options = serde_json::to_string(&q.options).map_err(|e| Error(e.to_string()))?;
        let correct: Vec<String> = q.correct.iter().map(|&i| quiz::option_id(i)).collect();
        let correct = serde_json::to_string(&correct).map_err(|e| Error(e.to_string()))?;
        conn.execute(
            "INSERT INTO quiz_questions (id, category, kind, text, options_json, correct_json, explanation, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![q.id, q.category, q.kind, q.text, options, correct, q.explanation, now - 60 * DAY],
        )?;
    }
    // 陈 practised the four days before today: a streak of 4 that today's practice makes 5
    let tz = i64::from(crate::Config::default().tz_offset_minutes) * 60;
    let today = quiz::today(now, tz);
    for day in today - 4..today {
        let at = now - (today - day) * DAY;
        for id in quiz::day_questions(conn, DEPUTY_CHEN_USER, day).map_err(|e| Error(format!("{e:?}")))? {
            let q = quiz::question(conn, &id).map_err(|e| Error(format!("{e:?}")))?.ok_or_else(|| Error(id.clone()))?;
            // right, except now and then
            let chosen = if (day + id.len() as i64) % 4 == 0 { vec![quiz::option_id(q.options.len() - 1)] } else { q.correct.clone() };
            let mark = q.mark(&chosen);
            quiz::save_answer(conn, DEPUTY_CHEN_USER, day, &id, &chosen, mark, at).map_err(|e| Error(format!("{e:?}")))?;
        }
    }
    seed_sandbox(conn, now)?;
    seed_assessments(conn, now)?;
    Ok(lessons)
}

/// `--demo`: the courses, into a database that has none (and has the demo people).
pub fn seed_training_if_empty(db: &Db, now: i64) -> Result<Option<usize>, Error> {
    db.with_conn(|conn| {
        let count: i64 = conn.query_row("SELECT COUNT(*) FROM courses", (), |r| r.get(0))?;
        let people: i64 =
            conn.query_row("SELECT COUNT(*) FROM users WHERE id = ?1", [DEPUTY_CHEN_USER], |r| r.get(0))?;
        if count > 0 || people == 0 {
            return Ok(None);
        }
        let tx = conn.transaction()?;
        let n = seed(&tx, now)?;
        seed_assignments(&tx, now)?;
        seed_attendance(&tx)?;
        tx.commit()?;
        Ok(Some(n))
    })
}

/// Staff assigned two courses (with their alerts): 代表法要点 to the central station's
/// deputies, due in 12 days, and the replies course to 陈 and 何, due in 2 days — 陈 is half
/// way through it, so the training report shows him behind.
pub fn seed_assignments(conn: &Connection, now: i64) -> Result<(), Error> {
    use contract::{AudienceKind, NewAssignment};
    let hub = crate::notify::Hub::new();
    let tz = i64::from(crate::Config::default().tz_offset_minutes) * 60;
    let assignments = [
        (
            NewAssignment {
                course_id: "crs_law".into(),
                audience: AudienceKind::Station,
                station_id: Some(STATION_CENTER.into()),
                deputy_ids: Vec::new(),
                due_at: crate::clock::rfc3339(now + 12 * DAY),
                note: Some("本季度履职培训，请按时学完".into()),
            },
            now - 2 * DAY,
        ),
        (
            NewAssignment {
                course_id: "crs_reply".into(),
                audience: AudienceKind::Deputies,
                station_id: None,
                deputy_ids: vec![DEPUTY_CHEN.into(), DEPUTY_HE.into()],
                due_at: crate::clock::rfc3339(now + 2 * DAY),
                note: None,
            },
            now - 5 * DAY,
        ),
    ];
    for (a, at) in assignments {
        let title: String = conn.query_row("SELECT title FROM courses WHERE id = ?1", params![a.course_id], |r| r.get(0))?;
        let deputies = match crate::training::assign::audience(conn, &a).map_err(|e| Error(format!("{e:?}")))? {
            Ok(ids) => ids,
            Err(e) => return Err(Error(format!("demo assignment: {e:?}"))),
        };
        crate::training::assign::create(conn, &hub, &a, &title, &deputies, STAFF_HUANG, at, tz)
            .map_err(|e| Error(format!("{e:?}")))?;
    }
    Ok(())
}

/// 陈 attended three of the demo's past events (a visit recorded by staff, a training and a
/// reception day he checked in to) and 何 one: their 履职档案 show them. Events are found by
/// title; one the content does not have is skipped.
pub fn seed_attendance(conn: &Connection) -> Result<(), Error> {
    let attended = [
        ("代表视察镇村道路建设", DEPUTY_CHEN, "staff"),
        ("数字技能培训班（入门·第一期）", DEPUTY_CHEN, "check_in"),
        ("中心联络站代表接待日", DEPUTY_CHEN, "check_in"),
        ("数字技能培训班（进阶·第一期）", DEPUTY_HE, "staff"),
    ];
    for (title, deputy, how) in attended {
        let event: Option<(String, i64)> = conn
            .query_row("SELECT id, starts_at FROM events WHERE title = ?1 ORDER BY seq LIMIT 1", params![title], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let Some((event_id, starts_at)) = event else { continue };
        let by: String = if how == "staff" {
            STAFF_HUANG.to_owned()
        } else {
            conn.query_row("SELECT id FROM users WHERE deputy_id = ?1 ORDER BY created_at LIMIT 1", params![deputy], |r| r.get(0))?
        };
        conn.execute(
            "INSERT INTO event_attendance (event_id, deputy_id, how, at, by_user) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
            params![event_id, deputy, how, starts_at + 10 * 60, by],
        )?;
    }
    Ok(())
}
