//! The storage of 测评 (capability tests), each deputy's attempts and the certificates, with
//! the pure rules of [`rules`]: when an attempt may start, its deadline, whether an answer is
//! still saved, the draw of its questions and the order of their options, the marks and the
//! score. An attempt past its deadline is submitted with what was saved, as of its deadline —
//! by [`settle_user`] before anything of the user is read or written, and by the periodic
//! [`sweep`]. Every statement is parameterised.

use contract::civil::{civil_from_days, local_day};
use contract::{
    Attempt, AttemptResult, AttemptStatus, AttemptSummary, CapabilityTest, Certificate, CertificateCheck,
    CertificateKind, DrawRule, ResultItem, SavedAnswer, TestRulesView, TestStanding, TestState, TestSummary,
};
use crate::sql::{params, Connection, OptionalExtension};

use super::quiz::{self, QuestionRow};
use super::sandbox_store;
use super::rules::{self, AttemptState, AttemptTimes, StartRefusal, TestRules};
use crate::clock::rfc3339;
use crate::problem::ApiError;

/// How often [`spawn_sweeper`] submits overdue attempts.
pub const SWEEP_INTERVAL_SECS: u64 = 60;

/// A test as stored.
#[derive(Debug, Clone)]
pub struct TestRow {
    pub seq: i64,
    pub id: String,
    pub title: String,
    pub intro: String,
    pub course_id: Option<String>,
    pub opens_at: Option<i64>,
    pub closes_at: Option<i64>,
    pub time_limit_secs: Option<i64>,
    pub max_attempts: Option<u32>,
    pub wait_secs: i64,
    pub pass_percent: u32,
    pub draw: Vec<DrawRule>,
    /// How many practical tasks (平台实操) it has.
    pub task_count: u32,
}

pub const TEST_COLUMNS: &str = "t.seq, t.id, t.title, t.intro, t.course_id, t.opens_at, t.closes_at, \
     t.time_limit_secs, t.max_attempts, t.wait_secs, t.pass_percent, t.draw_json, \
     (SELECT COUNT(*) FROM assessment_tasks k WHERE k.test_id = t.id)";

pub fn test_row(r: &crate::sql::Row) -> crate::sql::Result<TestRow> {
    let draw: String = r.get(11)?;
    Ok(TestRow {
        seq: r.get(0)?,
        id: r.get(1)?,
        title: r.get(2)?,
        intro: r.get(3)?,
        course_id: r.get(4)?,
        opens_at: r.get(5)?,
        closes_at: r.get(6)?,
        time_limit_secs: r.get(7)?,
        max_attempts: r.get(8)?,
        wait_secs: r.get(9)?,
        pass_percent: r.get(10)?,
        draw: serde_json::from_str(&draw).unwrap_or_default(),
        task_count: r.get(12)?,
    })
}

impl TestRow {
    pub fn rules(&self) -> TestRules {
        TestRules {
            opens_at: self.opens_at,
            closes_at: self.closes_at,
            time_limit_secs: self.time_limit_secs,
            max_attempts: self.max_attempts,
            wait_secs: self.wait_secs,
        }
    }

    pub fn view(&self) -> TestRulesView {
        TestRulesView {
            opens_at: self.opens_at.map(rfc3339),
            closes_at: self.closes_at.map(rfc3339),
            time_limit_minutes: self.time_limit_secs.map(|s| u32::try_from((s + 59) / 60).unwrap_or(u32::MAX)),
            max_attempts: self.max_attempts,
            wait_minutes: u32::try_from((self.wait_secs + 59) / 60).unwrap_or(u32::MAX),
            pass_percent: self.pass_percent,
            question_count: self.draw.iter().map(|d| d.count).sum(),
            task_count: self.task_count,
        }
    }
}

pub fn test_by_id(conn: &Connection, id: &str) -> Result<Option<TestRow>, ApiError> {
    Ok(conn.query_row(&format!("SELECT {TEST_COLUMNS} FROM assessments t WHERE t.id = ?1"), params![id], test_row).optional()?)
}

/// An attempt as stored.
#[derive(Debug, Clone)]
pub struct AttemptRow {
    pub id: String,
    pub test_id: String,
    pub user_id: String,
    pub number: u32,
    pub started_at: i64,
    pub question_ids: Vec<String>,
    pub submitted_at: Option<i64>,
    pub auto_submitted: bool,
    pub score: Option<u32>,
    pub passed: Option<bool>,
}

const ATTEMPT_COLUMNS: &str = "a.id, a.test_id, a.user_id, a.number, a.started_at, a.question_ids_json, \
     a.submitted_at, a.auto_submitted, a.score, a.passed";

fn attempt_row(r: &crate::sql::Row) -> crate::sql::Result<AttemptRow> {
    let ids: String = r.get(5)?;
    Ok(AttemptRow {
        id: r.get(0)?,
        test_id: r.get(1)?,
        user_id: r.get(2)?,
        number: r.get(3)?,
        started_at: r.get(4)?,
        question_ids: serde_json::from_str(&ids).unwrap_or_default(),
        submitted_at: r.get(6)?,
        auto_submitted: r.get::<_, i64>(7)? != 0,
        score: r.get(8)?,
        passed: r.get::<_, Option<i64>>(9)?.map(|p| p != 0),
    })
}

impl AttemptRow {
    pub fn times(&self) -> AttemptTimes {
        AttemptTimes { started_at: self.started_at, submitted_at: self.submitted_at }
    }

    /// The seed of the attempt's draw and of its options' order.
    fn seed(&self) -> u64 {
        rules::seed(&[&self.id, &self.user_id])
    }

    fn status(&self) -> AttemptStatus {
        if self.submitted_at.is_some() { AttemptStatus::Submitted } else { AttemptStatus::InProgress }
    }

    fn summary(&self) -> AttemptSummary {
        AttemptSummary {
            id: self.id.clone(),
            number: self.number,
            status: self.status(),
            started_at: rfc3339(self.started_at),
            submitted_at: self.submitted_at.map(rfc3339),
            score: self.score,
            passed: self.passed,
        }
    }
}

pub fn attempt_by_id(conn: &Connection, id: &str) -> Result<Option<AttemptRow>, ApiError> {
    Ok(conn
        .query_row(&format!("SELECT {ATTEMPT_COLUMNS} FROM assessment_attempts a WHERE a.id = ?1"), params![id], attempt_row)
        .optional()?)
}

/// `user_id`'s attempts at a test, oldest first.
pub fn attempts_of(conn: &Connection, test_id: &str, user_id: &str) -> Result<Vec<AttemptRow>, ApiError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ATTEMPT_COLUMNS} FROM assessment_attempts a WHERE a.test_id = ?1 AND a.user_id = ?2 ORDER BY a.number"
    ))?;
    let rows = stmt.query_map(params![test_id, user_id], attempt_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The saved answers of an attempt: (question id, chosen ids, saved at).
fn answers(conn: &Connection, attempt_id: &str) -> Result<Vec<(String, Vec<String>, i64)>, ApiError> {
    let mut stmt = conn.prepare_cached(
        "SELECT question_id, option_ids_json, saved_at FROM assessment_answers WHERE attempt_id = ?1",
    )?;
    let rows = stmt
        .query_map(params![attempt_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows.into_iter().map(|(q, json, at)| (q, serde_json::from_str(&json).unwrap_or_default(), at)).collect())
}

/// The questions of an attempt still in the bank, in the attempt's order.
fn questions(conn: &Connection, a: &AttemptRow) -> Result<Vec<QuestionRow>, ApiError> {
    let mut out = Vec::with_capacity(a.question_ids.len());
    for id in &a.question_ids {
        if let Some(q) = quiz::question(conn, id)? {
            out.push(q);
        }
    }
    Ok(out)
}

/// Submits `a` as of `at`: marks every question (unanswered ones 0), keeps the score and
/// whether it passed, and issues the test's certificate when it passed (once per test).
pub fn finish(conn: &Connection, t: &TestRow, a: &AttemptRow, at: i64, auto: bool, issuer_rng: &mut dyn FnMut() -> [u8; rules::CODE_BODY_LEN]) -> Result<AttemptRow, ApiError> {
    if a.submitted_at.is_some() {
        return Ok(a.clone());
    }
    let saved = answers(conn, &a.id)?;
    let mut marks = Vec::new();
    for q in questions(conn, a)? {
        let chosen = saved.iter().find(|(id, _, _)| *id == q.id).map(|(_, c, _)| c.clone()).unwrap_or_default();
        let mark = q.mark(&chosen);
        conn.execute(
            "UPDATE assessment_answers SET mark = ?1 WHERE attempt_id = ?2 AND question_id = ?3",
            params![mark, a.id, q.id],
        )?;
        marks.push(mark);
    }
    // each practical task counts as one question, marked by the share of its steps done right
    marks.extend(sandbox_store::task_marks(conn, &t.id, &a.id)?);
    let score = rules::score_percent(&marks);
    let passed = score >= t.pass_percent;
    conn.execute(
        "UPDATE assessment_attempts SET submitted_at = ?1, auto_submitted = ?2, score = ?3, passed = ?4 WHERE id = ?5",
        params![at, i64::from(auto), score, i64::from(passed), a.id],
    )?;
    if passed {
        issue(conn, &a.user_id, Issued::Test { test_id: &t.id, attempt_id: &a.id, score }, &t.title, at, issuer_rng)?;
    }
    Ok(AttemptRow { submitted_at: Some(at), auto_submitted: auto, score: Some(score), passed: Some(passed), ..a.clone() })
}

/// Random bytes of a certificate code from the operating system.
pub fn os_random() -> [u8; rules::CODE_BODY_LEN] {
    let mut buf = [0u8; rules::CODE_BODY_LEN];
    if getrandom::fill(&mut buf).is_err() {
        // no randomness: the code is still unique (retried on a clash), only guessable
        let t = crate::clock::now_secs().to_le_bytes();
        buf[..8].copy_from_slice(&t);
    }
    buf
}

/// Submits `user_id`'s attempts whose time is up, as of their deadlines.
pub fn settle_user(conn: &Connection, user_id: &str, now: i64) -> Result<usize, ApiError> {
    settle(conn, Some(user_id), now)
}

fn settle(conn: &Connection, user_id: Option<&str>, now: i64) -> Result<usize, ApiError> {
    let open = {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {ATTEMPT_COLUMNS} FROM assessment_attempts a WHERE a.submitted_at IS NULL \
             AND (?1 IS NULL OR a.user_id = ?1) ORDER BY a.seq"
        ))?;
        let rows = stmt.query_map(params![user_id], attempt_row)?.collect::<Result<Vec<_>, _>>()?;
        rows
    };
    let mut n = 0;
    for a in open {
        let Some(t) = test_by_id(conn, &a.test_id)? else { continue };
        if let AttemptState::Overdue { deadline } = rules::attempt_state(&t.rules(), &a.times(), now) {
            finish(conn, &t, &a, deadline, true, &mut os_random)?;
            n += 1;
        }
    }
    Ok(n)
}

/// Submits every overdue attempt; how many.
pub fn sweep(conn: &mut Connection, now: i64) -> Result<usize, ApiError> {
    let tx = conn.transaction()?;
    let n = settle(&tx, None, now)?;
    tx.commit()?;
    Ok(n)
}

/// One round on this instance, if it holds the lease of [`crate::jobs::OVERDUE_ATTEMPTS`]:
/// `None` when another instance runs it.
pub async fn run_round(state: &crate::AppState) -> Option<Result<usize, ApiError>> {
    crate::jobs::leased_round(state, crate::jobs::OVERDUE_ATTEMPTS, |conn, now| sweep(conn, now)).await
}

/// Runs [`sweep`] every [`SWEEP_INTERVAL_SECS`] with the server's clock, on the one instance
/// that holds its lease ([`run_round`]).
pub fn spawn_sweeper(state: crate::AppState) -> tokio::task::JoinHandle<()> {
    crate::clock::every(SWEEP_INTERVAL_SECS, move || {
        let state = state.clone();
        async move {
            match run_round(&state).await {
                None | Some(Ok(0)) => {}
                Some(Ok(n)) => tracing::info!("测评: {n} overdue attempts submitted"),
                Some(Err(e)) => tracing::warn!("测评 sweep failed: {e:?}"),
            }
        }
    })
}

fn certificate_of_test(conn: &Connection, user_id: &str, test_id: &str) -> Result<Option<String>, ApiError> {
    Ok(conn
        .query_row(
            "SELECT code FROM certificates WHERE user_id = ?1 AND kind = 'test' AND test_id = ?2",
            params![user_id, test_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// `user_id`'s standing in `t` (their attempts settled).
pub fn standing(conn: &Connection, t: &TestRow, attempts: &[AttemptRow], now: i64) -> Result<TestStanding, ApiError> {
    let r = t.rules();
    let times: Vec<AttemptTimes> = attempts.iter().map(AttemptRow::times).collect();
    let open = attempts
        .iter()
        .find(|a| matches!(rules::attempt_state(&r, &a.times(), now), AttemptState::InProgress { .. }));
    let (state, wait_until) = match (open, rules::may_start(&r, &times, now)) {
        (Some(_), _) | (None, Err(StartRefusal::InProgress)) => (TestState::InProgress, None),
        (None, Ok(())) => (TestState::Available, None),
        (None, Err(StartRefusal::NotOpenYet { .. })) => (TestState::NotOpenYet, None),
        (None, Err(StartRefusal::Closed)) => (TestState::Closed, None),
        (None, Err(StartRefusal::NoAttemptsLeft { .. })) => (TestState::NoAttemptsLeft, None),
        (None, Err(StartRefusal::Wait { until })) => (TestState::Waiting, Some(rfc3339(until))),
    };
    let user_id = attempts.first().map(|a| a.user_id.as_str()).unwrap_or_default();
    Ok(TestStanding {
        state,
        open_attempt_id: open.map(|a| a.id.clone()),
        wait_until,
        attempts_used: attempts.len() as u32,
        best_score: attempts.iter().filter_map(|a| a.score).max(),
        passed: attempts.iter().any(|a| a.passed == Some(true)),
        certificate_code: if user_id.is_empty() { None } else { certificate_of_test(conn, user_id, &t.id)? },
    })
}

pub fn summary(conn: &Connection, t: &TestRow, user_id: &str, now: i64) -> Result<TestSummary, ApiError> {
    let attempts = attempts_of(conn, &t.id, user_id)?;
    Ok(TestSummary {
        id: t.id.clone(),
        title: t.title.clone(),
        course_id: t.course_id.clone(),
        rules: t.view(),
        standing: standing(conn, t, &attempts, now)?,
    })
}

pub fn test(conn: &Connection, t: &TestRow, user_id: &str, now: i64) -> Result<CapabilityTest, ApiError> {
    let attempts = attempts_of(conn, &t.id, user_id)?;
    Ok(CapabilityTest {
        id: t.id.clone(),
        title: t.title.clone(),
        intro: t.intro.clone(),
        course_id: t.course_id.clone(),
        rules: t.view(),
        draw: t.draw.clone(),
        standing: standing(conn, t, &attempts, now)?,
        attempts: attempts.iter().rev().map(AttemptRow::summary).collect(),
    })
}

/// Why an attempt does not start, as a 409.
pub fn refusal(r: StartRefusal) -> ApiError {
    ApiError::Conflict(match r {
        StartRefusal::NotOpenYet { opens_at } => format!("The test opens at {}.", rfc3339(opens_at)),
        StartRefusal::Closed => "The test has closed.".into(),
        StartRefusal::InProgress => "An attempt is open: resume it.".into(),
        StartRefusal::NoAttemptsLeft { max } => format!("Every attempt allowed ({max}) was used."),
        StartRefusal::Wait { until } => format!("The next attempt may start at {}.", rfc3339(until)),
    })
}

/// Starts an attempt of `user_id` at `t` (their attempts settled): `(attempt, true)`; or the
/// open one `(attempt, false)`; or why not.
pub fn start(conn: &Connection, t: &TestRow, user_id: &str, now: i64) -> Result<(AttemptRow, bool), ApiError> {
    let attempts = attempts_of(conn, &t.id, user_id)?;
    let r = t.rules();
    if let Some(open) =
        attempts.iter().find(|a| matches!(rules::attempt_state(&r, &a.times(), now), AttemptState::InProgress { .. }))
    {
        return Ok((open.clone(), false));
    }
    let times: Vec<AttemptTimes> = attempts.iter().map(AttemptRow::times).collect();
    rules::may_start(&r, &times, now).map_err(refusal)?;
    let seq: i64 = conn.next_seq("assessment_attempts")?;
    let id = format!("at_{seq:05}");
    let bank: Vec<(String, String)> = {
        let mut stmt = conn.prepare_cached("SELECT category, id FROM quiz_questions")?;
        let rows = stmt.query_map((), |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<Vec<_>, _>>()?;
        rows
    };
    let bank: Vec<(&str, &str)> = bank.iter().map(|(c, q)| (c.as_str(), q.as_str())).collect();
    let plan: Vec<(&str, usize)> = t.draw.iter().map(|d| (d.category.as_str(), d.count as usize)).collect();
    let draw = rules::draw(&bank, &plan, rules::seed(&[&id, user_id])).map_err(|s| {
        ApiError::Conflict(format!(
            "The question bank has {} questions of {:?}; the test draws {}.",
            s.there, s.category, s.wanted
        ))
    })?;
    let number = attempts.len() as u32 + 1;
    let json = serde_json::to_string(&draw).map_err(|e| ApiError::Internal(e.to_string()))?;
    conn.execute(
        "INSERT INTO assessment_attempts (seq, id, test_id, user_id, number, started_at, question_ids_json) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![seq, id, t.id, user_id, number, now, json],
    )?;
    let row = attempt_by_id(conn, &id)?.ok_or_else(|| ApiError::Internal("the attempt just made is gone".into()))?;
    Ok((row, true))
}

/// The attempt as taken: no right options, no explanations.
pub fn attempt(conn: &Connection, t: &TestRow, a: &AttemptRow, now: i64) -> Result<Attempt, ApiError> {
    let seed = a.seed();
    Ok(Attempt {
        id: a.id.clone(),
        test_id: t.id.clone(),
        test_title: t.title.clone(),
        number: a.number,
        status: a.status(),
        started_at: rfc3339(a.started_at),
        deadline: rules::deadline(&t.rules(), a.started_at).map(rfc3339),
        now: rfc3339(now),
        submitted_at: a.submitted_at.map(rfc3339),
        questions: questions(conn, a)?.iter().map(|q| q.asked(seed)).collect(),
        answers: answers(conn, &a.id)?
            .into_iter()
            .map(|(question_id, option_ids, at)| SavedAnswer { question_id, option_ids, saved_at: rfc3339(at) })
            .collect(),
        tasks: sandbox_store::attempt_tasks(conn, &t.id, &a.id)?,
    })
}

/// Saves an answer (replacing the one saved; none chosen: cleared). The attempt is the
/// caller's and settled; 409 when it takes no answers now, 404 for a question not of it,
/// 400 for options not of the question.
pub fn save(conn: &Connection, t: &TestRow, a: &AttemptRow, question_id: &str, chosen: &[String], now: i64) -> Result<SavedAnswer, ApiError> {
    if !rules::may_save(&t.rules(), &a.times(), now) {
        return Err(ApiError::Conflict(if a.submitted_at.is_some() {
            "The attempt was submitted.".into()
        } else {
            "The attempt's time is up.".into()
        }));
    }
    let q = match quiz::question(conn, question_id)? {
        Some(q) if a.question_ids.iter().any(|id| *id == q.id) => q,
        _ => return Err(ApiError::NotFound(format!("{question_id:?} is not a question of this attempt."))),
    };
    let invalid = |m: &str| ApiError::Validation(vec![contract::rules::error("option_ids", contract::rules::INVALID, m)]);
    if !q.has_options(chosen) {
        return Err(invalid("an option is not one of the question's"));
    }
    if q.kind != contract::QuizKind::Multiple && chosen.len() > 1 {
        return Err(invalid("choose one option"));
    }
    let mut chosen = chosen.to_vec();
    chosen.sort();
    if chosen.is_empty() {
        conn.execute(
            "DELETE FROM assessment_answers WHERE attempt_id = ?1 AND question_id = ?2",
            params![a.id, q.id],
        )?;
    } else {
        let json = serde_json::to_string(&chosen).map_err(|e| ApiError::Internal(e.to_string()))?;
        conn.execute(
            "INSERT INTO assessment_answers (attempt_id, question_id, option_ids_json, saved_at) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (attempt_id, question_id) DO UPDATE SET option_ids_json = excluded.option_ids_json, saved_at = excluded.saved_at",
            params![a.id, q.id, json, now],
        )?;
    }
    Ok(SavedAnswer { question_id: q.id, option_ids: chosen, saved_at: rfc3339(now) })
}

fn display_name(conn: &Connection, user_id: &str) -> Result<String, ApiError> {
    Ok(conn
        .query_row("SELECT display_name FROM users WHERE id = ?1", params![user_id], |r| r.get(0))
        .optional()?
        .unwrap_or_default())
}

/// The result of a submitted attempt.
pub fn result(conn: &Connection, t: &TestRow, a: &AttemptRow) -> Result<AttemptResult, ApiError> {
    let submitted_at = a.submitted_at.ok_or_else(|| ApiError::Conflict("The attempt is not submitted yet.".into()))?;
    let seed = a.seed();
    let saved = answers(conn, &a.id)?;
    let items = questions(conn, a)?
        .iter()
        .map(|q| {
            let chosen = saved.iter().find(|(id, _, _)| *id == q.id).map(|(_, c, _)| c.clone()).unwrap_or_default();
            let mark = q.mark(&chosen);
            ResultItem { question: q.asked(seed), feedback: q.feedback(chosen, mark) }
        })
        .collect();
    Ok(AttemptResult {
        attempt_id: a.id.clone(),
        test_id: t.id.clone(),
        test_title: t.title.clone(),
        number: a.number,
        holder_name: display_name(conn, &a.user_id)?,
        submitted_at: rfc3339(submitted_at),
        auto_submitted: a.auto_submitted,
        score: a.score.unwrap_or(0),
        pass_percent: t.pass_percent,
        passed: a.passed.unwrap_or(false),
        items,
        tasks: sandbox_store::task_results(conn, &t.id, &a.id)?,
        certificate_code: certificate_of_test(conn, &a.user_id, &t.id)?,
    })
}

// ---------------------------------------------------------------------------
// Certificates
// ---------------------------------------------------------------------------

/// What a certificate is issued for.
pub enum Issued<'a> {
    Course { course_id: &'a str },
    Test { test_id: &'a str, attempt_id: &'a str, score: u32 },
}

/// Issues a certificate to `user_id` unless they hold one for the same course or test; its
/// code (the new or the existing one).
pub fn issue(
    conn: &Connection,
    user_id: &str,
    what: Issued<'_>,
    title: &str,
    at: i64,
    random: &mut dyn FnMut() -> [u8; rules::CODE_BODY_LEN],
) -> Result<String, ApiError> {
    let (kind, course_id, test_id, attempt_id, score) = match what {
        Issued::Course { course_id } => ("course", Some(course_id), None, None, None),
        Issued::Test { test_id, attempt_id, score } => ("test", None, Some(test_id), Some(attempt_id), Some(score)),
    };
    let held: Option<String> = conn
        .query_row(
            "SELECT code FROM certificates WHERE user_id = ?1 AND kind = ?2 AND (course_id = ?3 OR test_id = ?4)",
            params![user_id, kind, course_id, test_id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(code) = held {
        return Ok(code);
    }
    // a clash of two random codes is very unlikely; try again with new bytes
    for _ in 0..8 {
        let code = rules::new_code(random());
        let n = conn.execute(
            "INSERT INTO certificates (code, user_id, kind, course_id, test_id, attempt_id, title, score, issued_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT DO NOTHING",
            params![code, user_id, kind, course_id, test_id, attempt_id, title, score, at],
        )?;
        if n == 1 {
            return Ok(code);
        }
    }
    Err(ApiError::Internal("no free certificate code".into()))
}

/// Issues the certificate of a course just completed.
pub fn issue_course(conn: &Connection, user_id: &str, course_id: &str, at: i64) -> Result<String, ApiError> {
    let title: String = conn.query_row("SELECT title FROM courses WHERE id = ?1", params![course_id], |r| r.get(0))?;
    issue(conn, user_id, Issued::Course { course_id }, &title, at, &mut os_random)
}

/// A certificate as stored.
#[derive(Debug, Clone)]
pub struct CertificateRow {
    pub code: String,
    pub user_id: String,
    pub holder_name: String,
    pub kind: CertificateKind,
    pub course_id: Option<String>,
    pub test_id: Option<String>,
    pub title: String,
    pub score: Option<u32>,
    pub issued_at: i64,
}

const CERTIFICATE_SELECT: &str = "SELECT c.code, c.user_id, COALESCE(u.display_name, ''), c.kind, c.course_id, c.test_id, \
     c.title, c.score, c.issued_at FROM certificates c LEFT JOIN users u ON u.id = c.user_id";

fn certificate_row(r: &crate::sql::Row) -> crate::sql::Result<CertificateRow> {
    let kind: String = r.get(3)?;
    Ok(CertificateRow {
        code: r.get(0)?,
        user_id: r.get(1)?,
        holder_name: r.get(2)?,
        kind: CertificateKind::parse(&kind).unwrap_or_default(),
        course_id: r.get(4)?,
        test_id: r.get(5)?,
        title: r.get(6)?,
        score: r.get(7)?,
        issued_at: r.get(8)?,
    })
}

impl CertificateRow {
    pub fn certificate(&self) -> Certificate {
        Certificate {
            code: self.code.clone(),
            kind: self.kind,
            title: self.title.clone(),
            holder_name: self.holder_name.clone(),
            issued_at: rfc3339(self.issued_at),
            score: self.score,
            course_id: self.course_id.clone(),
            test_id: self.test_id.clone(),
        }
    }

    pub fn check(&self, issuer: &str) -> CertificateCheck {
        CertificateCheck {
            code: self.code.clone(),
            valid: true,
            kind: self.kind,
            title: self.title.clone(),
            holder_name: self.holder_name.clone(),
            issued_at: rfc3339(self.issued_at),
            issuer: issuer.to_owned(),
        }
    }

    /// The lines of its PDF: the heading, the holder, what for, the date (township day), the
    /// code as printed and where to check it (`base`: the path the app is served under).
    pub fn pdf_lines(&self, issuer: &str, tz_secs: i64, base: &str) -> Vec<String> {
        let (y, m, d) = civil_from_days(local_day(self.issued_at, tz_secs));
        let (heading, what) = match self.kind {
            CertificateKind::Course => ("结业证书", "完成课程"),
            _ => ("测评合格证书", "通过测评"),
        };
        vec![
            format!("{issuer} · 履职学堂 {heading}"),
            format!("{}：", self.holder_name),
            format!("{what}《{}》。", self.title),
            format!("日期：{y}年{m}月{d}日"),
            format!("验证码：{}", rules::printed_code(&self.code)),
            format!("验证：本平台 {base}/certificates/{}", self.code),
        ]
    }
}

pub fn certificates_of(conn: &Connection, user_id: &str) -> Result<Vec<CertificateRow>, ApiError> {
    let mut stmt = conn.prepare_cached(&format!("{CERTIFICATE_SELECT} WHERE c.user_id = ?1 ORDER BY c.issued_at DESC, c.code"))?;
    let rows = stmt.query_map(params![user_id], certificate_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

pub fn certificate_by_code(conn: &Connection, code: &str) -> Result<Option<CertificateRow>, ApiError> {
    Ok(conn.query_row(&format!("{CERTIFICATE_SELECT} WHERE c.code = ?1"), params![code], certificate_row).optional()?)
}
