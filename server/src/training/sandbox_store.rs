//! The storage of 模拟实操: practice cases, each user's runs (the simulated message and its
//! checks as one JSON state, [`Sim`]), and the practical tasks of tests. The views are the
//! contract's: a run's message is a [`Message`] as its handler would see a real one, with
//! `can` limited to what is practised. Every statement is parameterised.

use contract::{
    Actor, AttemptTask, HandlerKind, HandlerRef, Message, MessageCategory, Permissions, PlanStep,
    PracticeCase, PracticeCheck, PracticeRun, PracticeStep, Reply, Role, TaskResult, TimelineEntry, TimelineKind,
};
use crate::sql::{params, Connection, OptionalExtension};

use super::sandbox::{done_steps, ended, Case, Sim};
use crate::clock::rfc3339;
use crate::handling::{self, Facts, Relation};
use crate::problem::ApiError;

const CASE_COLUMNS: &str = "c.seq, c.id, c.title, c.summary, c.track, c.steps_json, c.citizen, c.category, \
     c.message_title, c.message_body, c.reply_min_chars, c.reply_mentions_json, c.plan_min_steps, c.listed";

fn case_row(r: &crate::sql::Row) -> crate::sql::Result<Case> {
    let steps: String = r.get(5)?;
    let mentions: String = r.get(11)?;
    let track: String = r.get(4)?;
    Ok(Case {
        seq: r.get(0)?,
        id: r.get(1)?,
        title: r.get(2)?,
        summary: r.get(3)?,
        track: serde_json::from_value(serde_json::Value::String(track)).unwrap_or_default(),
        steps: serde_json::from_str(&steps).unwrap_or_default(),
        citizen: r.get(6)?,
        category: r.get(7)?,
        message_title: r.get(8)?,
        message_body: r.get(9)?,
        reply_min_chars: r.get::<_, i64>(10)?.max(0) as usize,
        reply_mentions: serde_json::from_str(&mentions).unwrap_or_default(),
        plan_min_steps: r.get::<_, i64>(12)?.max(1) as usize,
        listed: r.get(13)?,
    })
}

pub fn case_by_id(conn: &Connection, id: &str) -> Result<Option<Case>, ApiError> {
    Ok(conn
        .query_row(&format!("SELECT {CASE_COLUMNS} FROM practice_cases c WHERE c.id = ?1"), params![id], case_row)
        .optional()?)
}

/// The cases listed for practice, in their order.
pub fn listed_cases(conn: &Connection) -> Result<Vec<Case>, ApiError> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {CASE_COLUMNS} FROM practice_cases c WHERE c.listed = 1 ORDER BY c.seq"))?;
    let rows = stmt.query_map((), case_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The practical tasks of a test, in their order.
pub fn tasks_of_test(conn: &Connection, test_id: &str) -> Result<Vec<Case>, ApiError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CASE_COLUMNS} FROM assessment_tasks t JOIN practice_cases c ON c.id = t.case_id \
         WHERE t.test_id = ?1 ORDER BY t.position"
    ))?;
    let rows = stmt.query_map(params![test_id], case_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// A run as stored.
#[derive(Debug, Clone)]
pub struct RunRow {
    pub id: String,
    pub case_id: String,
    pub user_id: String,
    pub attempt_id: Option<String>,
    pub started_at: i64,
    pub ended_at: Option<i64>,
    pub sim: Sim,
}

const RUN_COLUMNS: &str = "r.id, r.case_id, r.user_id, r.attempt_id, r.started_at, r.ended_at, r.state_json";

fn run_row(r: &crate::sql::Row) -> crate::sql::Result<RunRow> {
    let state: String = r.get(6)?;
    let sim = serde_json::from_str(&state)
        .map_err(|e| crate::sql::Error::FromSqlConversionFailure(6, crate::sql::types::Type::Text, Box::new(e)))?;
    Ok(RunRow {
        id: r.get(0)?,
        case_id: r.get(1)?,
        user_id: r.get(2)?,
        attempt_id: r.get(3)?,
        started_at: r.get(4)?,
        ended_at: r.get(5)?,
        sim,
    })
}

fn one_run(conn: &Connection, filter: &str, p: impl crate::sql::Params) -> Result<Option<RunRow>, ApiError> {
    Ok(conn.query_row(&format!("SELECT {RUN_COLUMNS} FROM practice_runs r WHERE {filter}"), p, run_row).optional()?)
}

pub fn run_by_id(conn: &Connection, id: &str) -> Result<Option<RunRow>, ApiError> {
    one_run(conn, "r.id = ?1", params![id])
}

/// The user's practice run of a case still under way.
pub fn open_run(conn: &Connection, user_id: &str, case_id: &str) -> Result<Option<RunRow>, ApiError> {
    one_run(
        conn,
        "r.user_id = ?1 AND r.case_id = ?2 AND r.attempt_id IS NULL AND r.ended_at IS NULL ORDER BY r.seq DESC LIMIT 1",
        params![user_id, case_id],
    )
}

/// The run of a task of an attempt.
pub fn task_run(conn: &Connection, attempt_id: &str, case_id: &str) -> Result<Option<RunRow>, ApiError> {
    one_run(conn, "r.attempt_id = ?1 AND r.case_id = ?2", params![attempt_id, case_id])
}

/// Starts a run of `case` for `user_id` (`handler_name` as the message names them), of an
/// attempt's task or for practice.
pub fn start(
    conn: &Connection,
    case: &Case,
    (user_id, handler_name): (&str, &str),
    attempt_id: Option<&str>,
    now: i64,
    tz: i64,
) -> Result<RunRow, ApiError> {
    let seq: i64 = conn.next_seq("practice_runs")?;
    let id = format!("pr_{seq:05}");
    let sim = Sim::new(case, handler_name, now, tz);
    let state = serde_json::to_string(&sim).map_err(|e| ApiError::Internal(e.to_string()))?;
    conn.execute(
        "INSERT INTO practice_runs (seq, id, case_id, user_id, attempt_id, started_at, state_json) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![seq, id, case.id, user_id, attempt_id, now, state],
    )?;
    Ok(RunRow { id, case_id: case.id.clone(), user_id: user_id.to_owned(), attempt_id: attempt_id.map(str::to_owned), started_at: now, ended_at: None, sim })
}

/// Keeps a run's state after an action; a run that has ended ([`ended`]) is marked so, with
/// whether every step was right.
pub fn save(conn: &Connection, case: &Case, run: &mut RunRow, now: i64) -> Result<(), ApiError> {
    let state = serde_json::to_string(&run.sim).map_err(|e| ApiError::Internal(e.to_string()))?;
    if run.ended_at.is_none() && ended(&case.steps, &run.sim) {
        run.ended_at = Some(now);
    }
    let completed = done_steps(&case.steps, &run.sim.checks).len() == case.steps.len();
    conn.execute(
        "UPDATE practice_runs SET state_json = ?1, ended_at = ?2, completed = ?3 WHERE id = ?4",
        params![state, run.ended_at, i64::from(completed), run.id],
    )?;
    Ok(())
}

/// Whose run it is, as its message names them.
pub struct Handler {
    pub deputy_id: Option<String>,
    pub user_id: String,
    pub name: String,
    pub role: Role,
}

/// The run's user is the handling deputy of its message (staff practise as deputies do).
fn handler_relation() -> Relation {
    Relation { handling_deputy: true, ..Relation::default() }
}

/// What the handling rules need to know of the simulated message: nobody's, private.
fn facts(sim: &Sim, track: contract::Track) -> Facts<'static> {
    Facts {
        author_id: "",
        public: false,
        status: sim.status,
        track: Some(track),
        handler: Some((HandlerKind::Deputy, "")),
        rated: false,
        closed_at: None,
    }
}

/// What is practised: replying, the statuses, the plan — never triage, hand-over, notes or
/// the author's actions; nothing once the run is over.
pub fn permissions(sim: &Sim, track: contract::Track, open: bool, now: i64) -> Permissions {
    if !open {
        return Permissions::default();
    }
    let all = handling::permissions(handler_relation(), &facts(sim, track), now);
    Permissions { reply: all.reply, set_status: all.set_status, plan: all.plan, ..Permissions::default() }
}

/// The run's simulated message as its handler sees it.
pub fn message(case: &Case, run: &RunRow, h: &Handler, open: bool, now: i64) -> Message {
    let sim = &run.sim;
    let me = Actor { name: h.name.clone(), role: h.role, is_you: true };
    let citizen = Actor { name: case.citizen.clone(), role: Role::Citizen, is_you: false };
    let station = Actor { name: "模拟联络站".into(), role: Role::Staff, is_you: false };
    let handler = HandlerRef {
        kind: HandlerKind::Deputy,
        id: h.deputy_id.clone().unwrap_or_else(|| h.user_id.clone()),
        name: h.name.clone(),
    };
    let finished = handling::is_finished(sim.status, Some(case.track));
    Message {
        id: run.id.clone(),
        version: sim.version,
        title: case.message_title.clone(),
        body: case.message_body.clone(),
        category: Some(MessageCategory { id: "practice".into(), name: case.category.clone(), ..MessageCategory::default() }),
        status: sim.status,
        track: Some(case.track),
        recipient: handler.clone(),
        handler: Some(handler),
        author: citizen.clone(),
        public: false,
        created_at: rfc3339(sim.created_at),
        updated_at: rfc3339(sim.updated_at),
        deadline: Some(rfc3339(sim.deadline)),
        overdue: !finished && now > sim.deadline,
        timeline: sim
            .timeline
            .iter()
            .map(|e| TimelineEntry {
                id: e.id.clone(),
                at: rfc3339(e.at),
                kind: e.kind,
                actor: if e.by_handler {
                    me.clone()
                } else if e.kind == TimelineKind::Submitted {
                    citizen.clone()
                } else {
                    station.clone()
                },
                status: e.status,
                note: e.note.clone(),
                internal: false,
            })
            .collect(),
        replies: sim
            .replies
            .iter()
            .map(|r| Reply { id: r.id.clone(), at: rfc3339(r.at), from: me.clone(), body: r.body.clone() })
            .collect(),
        plan: sim
            .plan
            .iter()
            .map(|s| PlanStep {
                id: s.id.clone(),
                title: s.title.clone(),
                due_at: rfc3339(s.due_at),
                done: s.done_at.is_some(),
                done_at: s.done_at.map(rfc3339),
                overdue: s.done_at.is_none() && now > s.due_at,
            })
            .collect(),
        can: permissions(sim, case.track, open, now),
        time_limits: Some(handling::time_limits()),
        ..Message::default()
    }
}

/// Whether a run still takes steps: not ended, and its attempt (if any) still open
/// (`attempt_open`).
pub fn is_open(run: &RunRow, attempt_open: bool) -> bool {
    run.ended_at.is_none() && (run.attempt_id.is_none() || attempt_open)
}

/// The run as its user sees it; `withhold`: a task of an attempt not submitted — the checks
/// carry no verdict and no step counts as done.
pub fn view(case: &Case, run: &RunRow, h: &Handler, open: bool, withhold: bool, now: i64) -> PracticeRun {
    PracticeRun {
        id: run.id.clone(),
        case_id: case.id.clone(),
        case_title: case.title.clone(),
        summary: case.summary.clone(),
        steps: case.steps.clone(),
        attempt_id: run.attempt_id.clone(),
        open,
        done: if withhold { Vec::new() } else { done_steps(&case.steps, &run.sim.checks) },
        checks: checks(&run.sim, withhold),
        message: message(case, run, h, open, now),
        started_at: rfc3339(run.started_at),
    }
}

fn checks(sim: &Sim, withhold: bool) -> Vec<PracticeCheck> {
    sim.checks
        .iter()
        .map(|c| PracticeCheck {
            step: c.step,
            at: rfc3339(c.at),
            ok: (!withhold).then_some(c.ok),
            explanation: (!withhold).then(|| c.explanation.clone()),
        })
        .collect()
}

/// A case as listed for `user_id`: runs completed, the run under way.
pub fn case_view(conn: &Connection, case: &Case, user_id: &str) -> Result<PracticeCase, ApiError> {
    let completed: u32 = conn.query_row(
        "SELECT COUNT(*) FROM practice_runs WHERE user_id = ?1 AND case_id = ?2 AND attempt_id IS NULL AND completed = 1",
        params![user_id, case.id],
        |r| r.get(0),
    )?;
    Ok(PracticeCase {
        id: case.id.clone(),
        title: case.title.clone(),
        summary: case.summary.clone(),
        track: case.track,
        steps: case.steps.clone(),
        completed_runs: completed,
        open_run_id: open_run(conn, user_id, &case.id)?.map(|r| r.id),
    })
}

/// The tasks of an attempt as it is taken.
pub fn attempt_tasks(conn: &Connection, test_id: &str, attempt_id: &str) -> Result<Vec<AttemptTask>, ApiError> {
    tasks_of_test(conn, test_id)?
        .into_iter()
        .map(|c| {
            let run = task_run(conn, attempt_id, &c.id)?;
            Ok(AttemptTask {
                case_id: c.id,
                title: c.title,
                summary: c.summary,
                steps: c.steps,
                steps_taken: run.as_ref().map_or(0, |r| r.sim.timeline.iter().filter(|e| e.by_handler).count() as u32),
                run_id: run.map(|r| r.id),
            })
        })
        .collect()
}

/// The tasks of a submitted attempt, marked.
pub fn task_results(conn: &Connection, test_id: &str, attempt_id: &str) -> Result<Vec<TaskResult>, ApiError> {
    tasks_of_test(conn, test_id)?
        .into_iter()
        .map(|c| {
            let run = task_run(conn, attempt_id, &c.id)?;
            let done: Vec<PracticeStep> = run.as_ref().map(|r| done_steps(&c.steps, &r.sim.checks)).unwrap_or_default();
            Ok(TaskResult {
                mark: contract::task_mark(&c.steps, &done),
                case_id: c.id,
                title: c.title,
                steps: c.steps,
                done,
                checks: run.map(|r| checks(&r.sim, false)).unwrap_or_default(),
            })
        })
        .collect()
}

/// The marks of an attempt's tasks (percent each), for its score.
pub fn task_marks(conn: &Connection, test_id: &str, attempt_id: &str) -> Result<Vec<u32>, ApiError> {
    Ok(task_results(conn, test_id, attempt_id)?.iter().map(|t| t.mark).collect())
}

/// Whether the handling rules let the run's handler do `action` now (a practised action on
/// the simulated message, as [`handling::check`] decides it for a real one).
pub fn check(sim: &Sim, track: contract::Track, action: handling::Action, now: i64) -> Result<(), handling::Refusal> {
    handling::check(action, handler_relation(), &facts(sim, track), now)
}
