//! `/training/…`: 履职学堂's courses and lessons, and the heartbeats that count study time.
//! Deputies and staff only: 401 without a token, 403 for a citizen (before anything else is
//! looked at).

use axum::body::Bytes;
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use axum::http::StatusCode;
use contract::rules::{self as contract_rules, INVALID};
use contract::{
    Course, CourseLevel, CourseSummary, CourseTrack, Lesson, NewSelfCheck, Page, PointsAction, PracticeSet, QuizAnswer,
    QuizFeedback, QuizKind, Role, SelfCheck, SelfCheckResult, StudyBeat, StudyProgress,
};
use crate::sql::{params_from_iter, types::Value};

use super::{body, cursor, limit, parsed, valid, IdPath, QueryPairs};
use crate::auth::Caller;
use crate::cursor::{Cursor, SeqCursor};
use crate::problem::ApiError;
use crate::clock::rfc3339;
use crate::training::{quiz, self_check, store};
use crate::AppState;

/// The routes of this module (under [`contract::API_PREFIX`]).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/training/courses", get(list))
        .route("/training/courses/{id}", get(get_course))
        .route("/training/lessons/{id}", get(get_lesson))
        .route("/training/lessons/{id}/beats", post(beat))
        .route("/training/practice", get(practice))
        .route("/training/practice/answers", post(answer_practice))
        .route("/training/self-check", get(self_check).post(take_self_check))
}

/// `SeqCursor::list` of the course list.
const COURSES: i64 = 3;

fn learner(caller: &Caller) -> Result<(), ApiError> {
    caller.require_any(&[Role::Deputy, Role::Staff], "履职学堂 is for deputies and liaison-station staff.")
}

fn no_course(id: &str) -> ApiError {
    ApiError::NotFound(format!("There is no course {id:?}."))
}

fn no_lesson(id: &str) -> ApiError {
    ApiError::NotFound(format!("There is no lesson {id:?}."))
}

/// `GET /api/v1/training/courses`: 入门 before 进阶, then in the order they were made.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    pairs: QueryPairs,
) -> Result<Json<Page<CourseSummary>>, ApiError> {
    learner(&caller)?;
    let mut errors = Vec::new();
    let level = parsed(
        pairs.one("level", &mut errors).as_deref(),
        "level",
        "level must be basic or advanced",
        CourseLevel::parse,
        &mut errors,
    );
    let track = parsed(
        pairs.one("track", &mut errors).as_deref(),
        "track",
        "track must be digital, induction or thematic",
        CourseTrack::parse,
        &mut errors,
    );
    let after = cursor::<SeqCursor>(pairs.one("cursor", &mut errors).as_deref(), |c| c.list == COURSES, &mut errors);
    let limit = limit(pairs.one("limit", &mut errors), &mut errors);
    valid(errors)?;
    let (items, next) = state
        .db()
        .call(move |conn| {
            // the order key: level (basic 0, advanced 1) then seq, in one integer
            let key = "((CASE c.level WHEN 'basic' THEN 0 ELSE 1 END) * 1099511627776 + c.seq)";
            let mut sql = format!("SELECT {}, {key} FROM courses c WHERE 1 = 1", store::COURSE_COLUMNS);
            let mut args: Vec<Value> = Vec::new();
            if let Some(l) = level {
                args.push(Value::Text(l.as_str().into()));
                sql.push_str(&format!(" AND c.level = ?{}", args.len()));
            }
            if let Some(t) = track {
                args.push(Value::Text(t.as_str().into()));
                sql.push_str(&format!(" AND c.track = ?{}", args.len()));
            }
            if let Some(c) = &after {
                args.push(Value::Integer(c.seq));
                sql.push_str(&format!(" AND {key} > ?{}", args.len()));
            }
            args.push(Value::Integer(i64::from(limit) + 1));
            sql.push_str(&format!(" ORDER BY {key} LIMIT ?{}", args.len()));
            let mut stmt = conn.prepare(&sql)?;
            let mut rows = stmt
                .query_map(params_from_iter(args), |r| Ok((store::course_row(r)?, r.get::<_, i64>(7)?)))?
                .collect::<Result<Vec<_>, _>>()?;
            let more = rows.len() > limit as usize;
            rows.truncate(limit as usize);
            let next = if more { rows.last().map(|(_, k)| SeqCursor { list: COURSES, seq: *k }) } else { None };
            let items = rows
                .iter()
                .map(|(c, _)| store::summary(conn, c, &caller.user_id))
                .collect::<Result<Vec<_>, _>>()?;
            Ok((items, next))
        })
        .await?;
    Ok(Json(Page { items, next_cursor: next.map(|c| c.encode()) }))
}

/// `GET /api/v1/training/courses/{id}`
pub async fn get_course(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> Result<Json<Course>, ApiError> {
    learner(&caller)?;
    let course = state
        .db()
        .call(move |conn| {
            let row = store::course_by_id(conn, &id)?.ok_or_else(|| no_course(&id))?;
            store::course(conn, &row, &caller.user_id)
        })
        .await?;
    Ok(Json(course))
}

/// `GET /api/v1/training/lessons/{id}`
pub async fn get_lesson(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> Result<Json<Lesson>, ApiError> {
    learner(&caller)?;
    let lesson = state
        .db()
        .call(move |conn| {
            let row = store::lesson_by_id(conn, &id, &caller.user_id)?.ok_or_else(|| no_lesson(&id))?;
            store::lesson(conn, &row, &caller.user_id)
        })
        .await?;
    Ok(Json(lesson))
}

/// `POST /api/v1/training/lessons/{id}/beats`: 401 → 403 → 400 (the body) → 404.
pub async fn beat(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    bytes: Bytes,
) -> Result<Json<StudyProgress>, ApiError> {
    learner(&caller)?;
    let b = body::read::<StudyBeat>(&bytes)?.check(StudyBeat::validate).finish()?;
    let now = state.now();
    let progress = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            let row = store::lesson_by_id(&tx, &id, &caller.user_id)?.ok_or_else(|| no_lesson(&id))?;
            let progress = store::beat(&tx, &row, &caller.user_id, b.position, now)?;
            tx.commit()?;
            Ok(progress)
        })
        .await?;
    Ok(Json(progress))
}

/// `GET /api/v1/training/practice`: today's 每日一练 (chosen at the first request of the day).
pub async fn practice(State(state): State<AppState>, caller: Caller) -> Result<Json<PracticeSet>, ApiError> {
    learner(&caller)?;
    let now = state.now();
    let tz = i64::from(state.config().tz_offset_minutes) * 60;
    let set = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            let set = quiz::practice_set(&tx, &caller.user_id, quiz::today(now, tz))?;
            tx.commit()?;
            Ok(set)
        })
        .await?;
    Ok(Json(set))
}

/// `POST /api/v1/training/practice/answers`: 401 → 403 → 400 (the body) → 404 (not a question
/// of today's practice) → 400 (options not of the question, or several for a single answer) →
/// the stored feedback of the same answer again (200) → 409 (answered otherwise already) → 201.
pub async fn answer_practice(
    State(state): State<AppState>,
    caller: Caller,
    bytes: Bytes,
) -> Result<(StatusCode, Json<QuizFeedback>), ApiError> {
    learner(&caller)?;
    let a = body::read::<QuizAnswer>(&bytes)?.check(QuizAnswer::validate).finish()?;
    let now = state.now();
    let tz = i64::from(state.config().tz_offset_minutes) * 60;
    let points_rules = state.config().points.clone();
    state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            let day = quiz::today(now, tz);
            let ids = quiz::day_questions(&tx, &caller.user_id, day)?;
            let q = match quiz::question(&tx, &a.question_id)? {
                Some(q) if ids.contains(&q.id) => q,
                _ => {
                    return Err(ApiError::NotFound(format!(
                        "{:?} is not a question of today's practice.",
                        a.question_id
                    )))
                }
            };
            if !q.has_options(&a.option_ids) {
                return Err(ApiError::Validation(vec![contract_rules::error("option_ids", INVALID, "an option is not one of the question's")]));
            }
            if q.kind != QuizKind::Multiple && a.option_ids.len() > 1 {
                return Err(ApiError::Validation(vec![contract_rules::error("option_ids", INVALID, "choose one option")]));
            }
            let mut chosen = a.option_ids.clone();
            chosen.sort();
            if let Some((before, mark)) = quiz::answer(&tx, &caller.user_id, day, &q.id)? {
                return if before == chosen {
                    Ok((StatusCode::OK, Json(q.feedback(before, mark))))
                } else {
                    Err(ApiError::Conflict("This question of today's practice was answered already.".into()))
                };
            }
            let mark = q.mark(&chosen);
            quiz::save_answer(&tx, &caller.user_id, day, &q.id, &chosen, mark, now)?;
            // 每日一练 pays once a day, for the whole set answered (right or not): it rewards the
            // habit the streak counts, not luck with five random questions, and paying per right
            // answer would make a wrong guess cost points where the explanation is the lesson
            let mut done = true;
            for id in ids.iter().filter(|id| **id != q.id) {
                done &= quiz::answer(&tx, &caller.user_id, day, id)?.is_some();
            }
            if done {
                let reference = quiz::day_reference(day);
                let award = crate::points::Award {
                    user_id: &caller.user_id,
                    action: PointsAction::DailyPractice,
                    reference: &reference,
                    title: "每日一练",
                    link: Some("/training/practice"),
                };
                crate::points::award(&tx, &points_rules, (tz / 60) as i32, &award, now)?;
            }
            tx.commit()?;
            Ok((StatusCode::CREATED, Json(q.feedback(chosen, mark))))
        })
        .await
}

/// `GET /api/v1/training/self-check`: the questions and the viewer's last result.
pub async fn self_check(State(state): State<AppState>, caller: Caller) -> Result<Json<SelfCheck>, ApiError> {
    learner(&caller)?;
    let questions = self_check::bank().asked();
    let result = state.db().call(move |conn| self_check::last(conn, &caller.user_id)).await?;
    Ok(Json(SelfCheck { questions, result }))
}

/// `POST /api/v1/training/self-check`: 401 → 403 → 400 (the body, then the answers) → 201
/// with the recommendation, kept as the viewer's last result.
pub async fn take_self_check(
    State(state): State<AppState>,
    caller: Caller,
    bytes: Bytes,
) -> Result<(StatusCode, Json<SelfCheckResult>), ApiError> {
    learner(&caller)?;
    let bank = self_check::bank();
    let questions = bank.asked();
    let taken = body::read::<NewSelfCheck>(&bytes)?.check(|n| n.validate(&questions)).finish()?;
    let now = state.now();
    let (level, score, max_score, reason) = self_check::recommend(&bank.scored(&taken.answers));
    let result = SelfCheckResult { level, score, max_score, reason, taken_at: rfc3339(now) };
    let stored = result.clone();
    state
        .db()
        .call(move |conn| self_check::save(conn, &caller.user_id, &taken.answers, &stored, now))
        .await?;
    Ok((StatusCode::CREATED, Json(result)))
}
