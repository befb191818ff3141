//! `/training/sandbox`: 模拟实操 — the practice cases, each user's runs and the handling steps on
//! a run's simulated message, mirroring `/messages/{id}` (same bodies, same `Message` answer);
//! and `POST /training/attempts/{id}/tasks/{case_id}`, the run of a practical task of a test
//! (平台实操). Deputies and staff only (401 without a token, 403 for a citizen, first); a run
//! is its user's alone (404 for anyone else).
//!
//! Order of the answers of a step: 401 → 403 → 400 (the Idempotency-Key of a reply, the body)
//! → the stored answer of a repeated reply → 404 (the run, a plan step) → 409 (the run is over:
//! ended, or its attempt submitted or out of time) → 403/409 (the handling rules, as for a real
//! message) → 409 (a stale `version`, a step done already) → the change, judged.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use contract::rules::Validate;
use contract::{Message, MessageStatus, NewPlanStep, NewReply, Page, PracticeCase, PracticeRun, Role, StatusChange, StepDone, API_PREFIX};
use crate::sql::Connection;

use super::body::{self, Wire};
use super::IdPath;
use crate::auth::Caller;
use crate::clock::parse_rfc3339;
use crate::handling::{Action, Refusal};
use crate::idempotency::Idempotent;
use crate::problem::ApiError;
use crate::training::sandbox::{self, Act, Case};
use crate::training::sandbox_store::{self as store, Handler, RunRow};
use crate::training::{assess, rules};
use crate::AppState;

/// The routes of this module (under [`contract::API_PREFIX`]).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/training/sandbox/cases", get(list_cases))
        .route("/training/sandbox/cases/{id}/runs", post(start_run))
        .route("/training/sandbox/runs/{id}", get(get_run))
        .route("/training/sandbox/runs/{id}/message", get(get_message))
        .route("/training/sandbox/runs/{id}/status", post(status))
        .route("/training/sandbox/runs/{id}/replies", post(reply))
        .route("/training/sandbox/runs/{id}/plan", post(add_step))
        .route("/training/sandbox/runs/{id}/plan/{step_id}/done", post(step_done))
        .route("/training/attempts/{id}/tasks/{case_id}", post(start_task))
}

fn learner(caller: &Caller) -> Result<(), ApiError> {
    caller.require_any(&[Role::Deputy, Role::Staff], "模拟实操 is for deputies and liaison-station staff.")
}

fn handler(caller: &Caller) -> Handler {
    Handler {
        deputy_id: caller.deputy_id.clone(),
        user_id: caller.user_id.clone(),
        name: caller.display_name.clone(),
        role: if caller.is(Role::Deputy) { Role::Deputy } else { Role::Staff },
    }
}

fn no_run(id: &str) -> ApiError {
    ApiError::NotFound(format!("You have no practice run {id:?}."))
}

/// A JSON answer with its status.
fn json(status: u16, body: String) -> Response {
    let mut res = (StatusCode::from_u16(status).unwrap_or(StatusCode::OK), body).into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    res
}

/// A run of the caller with its case; whether it takes steps now, and whether its verdicts
/// are withheld (a task of an attempt not yet submitted). The caller's overdue attempts are
/// submitted first, so a task's run is never taken as open after the attempt's time.
struct Loaded {
    case: Case,
    run: RunRow,
    open: bool,
    withhold: bool,
}

fn load(conn: &Connection, id: &str, user_id: &str, now: i64) -> Result<Loaded, ApiError> {
    let run = store::run_by_id(conn, id)?.filter(|r| r.user_id == user_id).ok_or_else(|| no_run(id))?;
    let case = store::case_by_id(conn, &run.case_id)?.ok_or_else(|| no_run(id))?;
    let (attempt_open, withhold) = match &run.attempt_id {
        None => (true, false),
        Some(attempt_id) => {
            assess::settle_user(conn, user_id, now)?;
            let a = assess::attempt_by_id(conn, attempt_id)?.ok_or_else(|| no_run(id))?;
            let t = assess::test_by_id(conn, &a.test_id)?.ok_or_else(|| no_run(id))?;
            (rules::may_save(&t.rules(), &a.times(), now), a.submitted_at.is_none())
        }
    };
    let open = store::is_open(&run, attempt_open);
    Ok(Loaded { case, run, open, withhold })
}

/// `GET /api/v1/training/sandbox/cases`: one page.
pub async fn list_cases(State(state): State<AppState>, caller: Caller) -> Result<Json<Page<PracticeCase>>, ApiError> {
    learner(&caller)?;
    super::page(&state, move |conn| {
        let cases = store::listed_cases(conn)?;
        let items = cases.iter().map(|c| store::case_view(conn, c, &caller.user_id)).collect::<Result<Vec<_>, _>>()?;
        Ok((items, None))
    })
    .await
}

/// `POST /api/v1/training/sandbox/cases/{id}/runs`: the run under way (200) or a new one (201).
pub async fn start_run(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> Result<Response, ApiError> {
    learner(&caller)?;
    let now = state.now();
    let tz = state.tz_secs();
    let (status, body) = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            let case = store::case_by_id(&tx, &id)?
                .filter(|c| c.listed)
                .ok_or_else(|| ApiError::NotFound(format!("There is no practice case {id:?}.")))?;
            let h = handler(&caller);
            let (run, status) = match store::open_run(&tx, &caller.user_id, &case.id)? {
                Some(run) => (run, 200),
                None => (store::start(&tx, &case, (&caller.user_id, &caller.display_name), None, now, tz)?, 201),
            };
            let view = store::view(&case, &run, &h, true, false, now);
            tx.commit()?;
            Ok((status, serde_json::to_string(&view)?))
        })
        .await?;
    Ok(json(status, body))
}

/// `POST /api/v1/training/attempts/{id}/tasks/{case_id}`: the task's run (200) or a new one
/// (201), while the attempt is open.
pub async fn start_task(
    State(state): State<AppState>,
    caller: Caller,
    Path((attempt_id, case_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    learner(&caller)?;
    let now = state.now();
    let tz = state.tz_secs();
    let (status, body) = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            assess::settle_user(&tx, &caller.user_id, now)?;
            let a = assess::attempt_by_id(&tx, &attempt_id)?
                .filter(|a| a.user_id == caller.user_id)
                .ok_or_else(|| ApiError::NotFound(format!("You have no attempt {attempt_id:?}.")))?;
            let t = assess::test_by_id(&tx, &a.test_id)?.ok_or_else(|| ApiError::NotFound("The attempt's test is gone.".into()))?;
            let case = store::tasks_of_test(&tx, &t.id)?
                .into_iter()
                .find(|c| c.id == case_id)
                .ok_or_else(|| ApiError::NotFound(format!("{case_id:?} is not a task of this attempt.")))?;
            if !rules::may_save(&t.rules(), &a.times(), now) {
                // a task's run already made is still there to read; none is started now
                return Err(ApiError::Conflict(if a.submitted_at.is_some() {
                    "The attempt was submitted.".into()
                } else {
                    "The attempt's time is up.".into()
                }));
            }
            let (run, status) = match store::task_run(&tx, &a.id, &case.id)? {
                Some(run) => (run, 200),
                None => (store::start(&tx, &case, (&caller.user_id, &caller.display_name), Some(&a.id), now, tz)?, 201),
            };
            let open = store::is_open(&run, true);
            let view = store::view(&case, &run, &handler(&caller), open, true, now);
            tx.commit()?;
            Ok((status, serde_json::to_string(&view)?))
        })
        .await?;
    Ok(json(status, body))
}

/// `GET /api/v1/training/sandbox/runs/{id}`
pub async fn get_run(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> Result<Json<PracticeRun>, ApiError> {
    learner(&caller)?;
    let now = state.now();
    let view = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            let l = load(&tx, &id, &caller.user_id, now)?;
            let view = store::view(&l.case, &l.run, &handler(&caller), l.open, l.withhold, now);
            tx.commit()?;
            Ok(view)
        })
        .await?;
    Ok(Json(view))
}

/// `GET /api/v1/training/sandbox/runs/{id}/message`
pub async fn get_message(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> Result<Json<Message>, ApiError> {
    learner(&caller)?;
    let now = state.now();
    let message = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            let l = load(&tx, &id, &caller.user_id, now)?;
            let m = store::message(&l.case, &l.run, &handler(&caller), l.open, now);
            tx.commit()?;
            Ok(m)
        })
        .await?;
    Ok(Json(message))
}

/// A handling step asked for, with its validated body.
enum Ask {
    Status(StatusChange),
    Reply(NewReply),
    AddStep(NewPlanStep, i64),
    StepDone(String, StepDone),
}

impl Ask {
    fn rule(&self) -> Action {
        match self {
            Ask::Status(s) if s.status == MessageStatus::Unknown => Action::SetStatus(MessageStatus::Resolved),
            Ask::Status(s) => Action::SetStatus(s.status),
            Ask::Reply(_) => Action::Reply,
            Ask::AddStep(..) | Ask::StepDone(..) => Action::Plan,
        }
    }

    fn version(&self) -> Option<u32> {
        match self {
            Ask::Status(s) => s.seen_version(),
            Ask::Reply(r) => r.seen_version(),
            Ask::AddStep(p, _) => p.seen_version(),
            Ask::StepDone(_, d) => d.seen_version(),
        }
    }
}

/// A body read and checked by the contract's rules (400 with every field error).
fn read<T: Wire + Validate>(bytes: &[u8], now: i64) -> Result<T, ApiError> {
    body::read::<T>(bytes)?.check(|b| b.validate_at(now)).finish()
}

/// Takes the step `ask` on the caller's run `id`; `idempotent`: a reply's key (its answer is
/// stored for repeats); `created`: the answer's status is 201.
async fn take(state: AppState, caller: Caller, id: String, ask: Ask, idempotent: Option<Idempotent>, created: bool) -> Result<Response, ApiError> {
    let now = state.now();
    let tz = state.tz_secs();
    let (status, body) = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            if let Some(i) = &idempotent {
                if let Some(stored) = i.replay(&tx, &caller.user_id, now)? {
                    return Ok((stored.status, stored.body));
                }
            }
            let Loaded { case, mut run, open, .. } = load(&tx, &id, &caller.user_id, now)?;
            let step = match &ask {
                Ask::StepDone(step_id, _) => Some(
                    run.sim
                        .plan
                        .iter()
                        .position(|s| s.id == *step_id)
                        .ok_or_else(|| ApiError::NotFound(format!("The practice message has no plan step {step_id:?}.")))?,
                ),
                _ => None,
            };
            if !open {
                return Err(ApiError::Conflict(match (&run.attempt_id, run.ended_at) {
                    (_, Some(_)) => "This practice run is over: start a new one to practise again.".into(),
                    _ => "The test attempt this task belongs to was submitted or its time is up.".into(),
                }));
            }
            match store::check(&run.sim, case.track, ask.rule(), now) {
                Ok(()) => {}
                Err(Refusal::Forbidden(why)) => return Err(ApiError::Forbidden(why.into())),
                Err(Refusal::Conflict(why)) => return Err(ApiError::Conflict(why.into())),
            }
            if let Some(v) = ask.version().filter(|v| *v != run.sim.version) {
                return Err(ApiError::Conflict(format!(
                    "The message changed meanwhile (version {} now, {v} sent); reload it and try again.",
                    run.sim.version
                )));
            }
            if step.is_some_and(|i| run.sim.plan[i].done_at.is_some()) {
                return Err(ApiError::Conflict("This plan step is already done.".into()));
            }
            let act = match &ask {
                Ask::Status(s) => Act::Status(s.status, s.note.as_deref()),
                Ask::Reply(r) => Act::Reply(&r.body),
                Ask::AddStep(p, due_at) => Act::AddStep { title: &p.title, due_at: *due_at },
                Ask::StepDone(..) => Act::StepDone(step.unwrap_or_default()),
            };
            sandbox::take(&case, &mut run.sim, act, now, tz);
            store::save(&tx, &case, &mut run, now)?;
            let open = store::is_open(&run, true);
            let message = store::message(&case, &run, &handler(&caller), open, now);
            let answer = match &idempotent {
                Some(i) => {
                    let stored = i.answer(&tx, &caller.user_id, &message, now)?;
                    (stored.status, stored.body)
                }
                None => (if created { 201 } else { 200 }, serde_json::to_string(&message)?),
            };
            tx.commit()?;
            Ok(answer)
        })
        .await?;
    Ok(json(status, body))
}

/// `POST /api/v1/training/sandbox/runs/{id}/status`
pub async fn status(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath, bytes: Bytes) -> Result<Response, ApiError> {
    learner(&caller)?;
    let s = read::<StatusChange>(&bytes, state.now())?;
    take(state, caller, id, Ask::Status(s), None, false).await
}

/// `POST /api/v1/training/sandbox/runs/{id}/replies` (Idempotency-Key)
pub async fn reply(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    learner(&caller)?;
    let key = Idempotent::post(&headers, &format!("{API_PREFIX}/training/sandbox/runs/{id}/replies"), &bytes)?;
    let r = read::<NewReply>(&bytes, state.now())?;
    take(state, caller, id, Ask::Reply(r), Some(key), true).await
}

/// `POST /api/v1/training/sandbox/runs/{id}/plan`
pub async fn add_step(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath, bytes: Bytes) -> Result<Response, ApiError> {
    learner(&caller)?;
    let p = read::<NewPlanStep>(&bytes, state.now())?;
    let due_at = parse_rfc3339(&p.due_at).ok_or_else(|| ApiError::Internal("a validated due_at does not parse".into()))?;
    take(state, caller, id, Ask::AddStep(p, due_at), None, true).await
}

/// `POST /api/v1/training/sandbox/runs/{id}/plan/{step_id}/done`
pub async fn step_done(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, step_id)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    learner(&caller)?;
    let d = read::<StepDone>(&bytes, state.now())?;
    take(state, caller, id, Ask::StepDone(step_id, d), None, false).await
}
