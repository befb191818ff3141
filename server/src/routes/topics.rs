//! `/topics`: 议事 topics — listed, opened or proposed, and closed with a conclusion that
//! can adopt comments. Their comments are `/comments?target_kind=topic`; the rules are in
//! [`crate::participation::topics`].
//!
//! Order of answers for a write: 401 → 400 (a missing `Idempotency-Key`, a body that is not
//! a JSON object, invalid fields) → the stored answer of a repeated request → 404 → 403 →
//! 400 (fields that need the database: the station, adopted comments) → 409 → 429.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use contract::rules::{self, INVALID};
use contract::{
    CloseTopic, NewTopic, NotificationKind, Page, TargetKind, Topic, TopicStatus, TopicSummary, API_PREFIX,
};
use crate::sql::{params, params_from_iter, types::Value, OptionalExtension};

use super::{body, cursor, invalid, limit, parsed, valid, IdPath, QueryPairs};
use crate::auth::{Caller, MaybeCaller};
use crate::clock::{parse_rfc3339, DAY};
use crate::cursor::{Cursor, QueueCursor};
use crate::idempotency::Idempotent;
use crate::notify::{self, NewNotification};
use crate::participation::store::{self, Viewer};
use crate::participation::topics::{self, paragraphs, TopicRow, TOPICS_PER_DAY};
use crate::participation::{matches_word_list, official};
use crate::problem::ApiError;
use crate::{rate, AppState};

/// The routes of this module (under [`contract::API_PREFIX`]).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/topics", get(list).post(create))
        .route("/topics/mine", get(mine))
        .route("/topics/{id}", get(get_one))
        .route("/topics/{id}/close", post(close))
}

fn no_topic(id: &str) -> ApiError {
    ApiError::NotFound(format!("There is no topic {id:?}."))
}

/// The topic when the viewer can see it.
fn visible_row(conn: &crate::sql::Connection, id: &str, viewer: &Viewer) -> Result<TopicRow, ApiError> {
    let row = topics::row(conn, id)?.ok_or_else(|| no_topic(id))?;
    let is_author = viewer.user_id.as_deref() == Some(row.author_id.as_str());
    if !topics::visible(row.status, is_author, viewer.is_staff) {
        return Err(no_topic(id));
    }
    Ok(row)
}

/// `GET /api/v1/topics`: open first (newest first), then closed (most recently closed
/// first). The order is one integer, the cursor's `at`: the group (0 open, 1 closed) × 2^40
/// plus (2^40 − 1 − the time), so that ascending order is newest first in each group (Unix
/// times stay far below 2^40).
pub async fn list(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    pairs: QueryPairs,
) -> Result<Json<Page<TopicSummary>>, ApiError> {
    let mut errors = Vec::new();
    let status = parsed(
        pairs.one("status", &mut errors).as_deref(),
        "status",
        "status must be open or closed",
        |s| TopicStatus::parse(s).filter(|s| matches!(s, TopicStatus::Open | TopicStatus::Closed)),
        &mut errors,
    );
    let station = pairs.one("station", &mut errors);
    if let Some(s) = &station {
        if s.trim().is_empty() || s.chars().count() > 64 {
            errors.push(invalid("station", "station must be a station id"));
        }
    }
    let q = pairs.one("q", &mut errors);
    if let Some(q) = &q {
        if q.trim().is_empty() || q.chars().count() > contract::MAX_QUERY_CHARS {
            errors.push(invalid("q", "q must be 1–50 characters"));
        }
    }
    let after = cursor::<QueueCursor>(pairs.one("cursor", &mut errors).as_deref(), |_| true, &mut errors);
    let limit = limit(pairs.one("limit", &mut errors), &mut errors);
    valid(errors)?;
    let now = state.now();
    let (items, next) = state
        .db()
        .call(move |conn| {
            let viewer = store::viewer_of(conn, caller.as_ref(), now)?;
            // group 0: open (by created, newest first); group 1: closed (by closed, newest first)
            let key = "(CASE t.status WHEN 'open' THEN 0 ELSE 1 END) * 1099511627776 \
                       + (1099511627775 - COALESCE(t.closed_at, t.created_at))";
            let mut sql = format!(
                "SELECT {}, {key} AS sort_key {} WHERE t.status IN ('open', 'closed')",
                topics::COLUMNS,
                topics::FROM
            );
            let mut args: Vec<Value> = Vec::new();
            if let Some(s) = status {
                args.push(Value::Text(s.as_str().into()));
                sql.push_str(&format!(" AND t.status = ?{}", args.len()));
            }
            if let Some(s) = &station {
                args.push(Value::Text(s.clone()));
                sql.push_str(&format!(" AND (t.station_id = ?{} OR t.station_id IS NULL)", args.len()));
            }
            if let Some(q) = &q {
                for word in q.split_whitespace() {
                    args.push(Value::Text(format!("%{}%", word.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"))));
                    let n = args.len();
                    sql.push_str(&format!(" AND (t.title LIKE ?{n} ESCAPE '\\' OR t.plain LIKE ?{n} ESCAPE '\\')"));
                }
            }
            if let Some(c) = &after {
                args.push(Value::Integer(c.at));
                let a = args.len();
                args.push(Value::Text(c.id.clone()));
                let i = args.len();
                sql.push_str(&format!(" AND ({key} > ?{a} OR ({key} = ?{a} AND t.id < ?{i}))"));
            }
            args.push(Value::Integer(i64::from(limit) + 1));
            // ties (the same second): the later one first
            sql.push_str(&format!(" ORDER BY sort_key, t.id DESC LIMIT ?{}", args.len()));
            let mut stmt = conn.prepare(&sql)?;
            let mut rows = stmt
                .query_map(params_from_iter(args), |r| Ok((topics::read(r)?, r.get::<_, i64>(22)?)))?
                .collect::<Result<Vec<_>, _>>()?;
            let more = rows.len() > limit as usize;
            rows.truncate(limit as usize);
            let next = if more { rows.last().map(|(t, k)| QueueCursor { at: *k, id: t.id.clone() }) } else { None };
            Ok((rows.iter().map(|(t, _)| topics::summary(t, &viewer)).collect::<Vec<_>>(), next))
        })
        .await?;
    Ok(Json(Page { items, next_cursor: next.map(|c| c.encode()) }))
}

/// `GET /api/v1/topics/mine`
pub async fn mine(
    State(state): State<AppState>,
    caller: Caller,
    pairs: QueryPairs,
) -> Result<Json<Page<TopicSummary>>, ApiError> {
    let mut errors = Vec::new();
    let after = cursor::<QueueCursor>(pairs.one("cursor", &mut errors).as_deref(), |_| true, &mut errors);
    let limit = limit(pairs.one("limit", &mut errors), &mut errors);
    valid(errors)?;
    let now = state.now();
    let (items, next) = state
        .db()
        .call(move |conn| {
            let viewer = store::viewer_of(conn, Some(&caller), now)?;
            let (a_seq, _) = after.map(|c| (c.at, c.id)).unwrap_or((i64::MAX, String::new()));
            let sql = format!(
                "SELECT {} {} WHERE t.author_id = ?1 AND t.seq < ?2 ORDER BY t.seq DESC LIMIT ?3",
                topics::COLUMNS,
                topics::FROM
            );
            let mut rows = conn
                .prepare(&sql)?
                .query_map(params![caller.user_id, a_seq, i64::from(limit) + 1], topics::read)?
                .collect::<Result<Vec<_>, _>>()?;
            let more = rows.len() > limit as usize;
            rows.truncate(limit as usize);
            let next = if more { rows.last().map(|t| QueueCursor { at: t.seq, id: t.id.clone() }) } else { None };
            Ok((rows.iter().map(|t| topics::summary(t, &viewer)).collect::<Vec<_>>(), next))
        })
        .await?;
    Ok(Json(Page { items, next_cursor: next.map(|c| c.encode()) }))
}

/// `GET /api/v1/topics/{id}`
pub async fn get_one(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    IdPath(id): IdPath,
) -> Result<Json<Topic>, ApiError> {
    let now = state.now();
    let topic = state
        .db()
        .call(move |conn| {
            let viewer = store::viewer_of(conn, caller.as_ref(), now)?;
            let row = visible_row(conn, &id, &viewer)?;
            topics::view(conn, &row, &viewer, now)
        })
        .await?;
    Ok(Json(topic))
}

/// `POST /api/v1/topics` (Idempotency-Key)
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let request = Idempotent::post(&headers, &format!("{API_PREFIX}/topics"), &bytes)?;
    let now = state.now();
    let mut checked = body::read::<NewTopic>(&bytes)?.check(|t| t.validate(now));
    let mode = state.config().moderation.topics;
    let words = state.config().word_list.clone();
    let answer = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            if let Some(stored) = request.replay(&tx, &caller.user_id, now)? {
                return Ok(stored);
            }
            store::not_suspended(&tx, &caller.user_id, now)?;
            // the station exists, and serves the village
            if let Some(station) = checked.raw.station_id.clone().filter(|_| checked.ok("station_id")) {
                let villages: Option<String> = tx
                    .query_row("SELECT villages_json FROM stations WHERE id = ?1", params![station], |r| r.get(0))
                    .optional()?;
                match villages {
                    None => checked.reject(rules::error("station_id", INVALID, "station_id is not a known liaison station")),
                    Some(json) => {
                        let list: Vec<String> = serde_json::from_str(&json).unwrap_or_default();
                        if let Some(v) = checked.raw.village.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                            if checked.ok("village") && !list.iter().any(|x| x == v) {
                                checked.reject(rules::error("village", INVALID, "village is not one the station serves"));
                            }
                        }
                    }
                }
            }
            let t = checked.finish()?;
            let bucket = format!("topic:{}", caller.user_id);
            rate::check_rate(&tx, &bucket, TOPICS_PER_DAY, DAY, now)?;
            let (state_, held) = crate::participation::initial_state(
                &caller.roles,
                mode,
                matches_word_list(&format!("{}\n{}", t.title, t.body), &words),
            );
            let status = topics::from_state(state_, TopicStatus::Open);
            let n: i64 = tx.next_seq("topics")?;
            let id = format!("t_{n:06}");
            let body = serde_json::to_string(&paragraphs(&t.body))?;
            tx.execute(
                "INSERT INTO topics (seq, id, author_id, title, body_json, plain, station_id, village, status, held_for, \
                 held_at, closes_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                params![
                    n,
                    id,
                    caller.user_id,
                    t.title,
                    body,
                    t.body,
                    t.station_id,
                    t.village,
                    status.as_str(),
                    held.map(|h| h.as_str()),
                    held.map(|_| now),
                    t.closes_at.as_deref().and_then(parse_rfc3339),
                    now
                ],
            )?;
            if let Some(h) = held {
                store::log(&tx, now, None, "held", Some((TargetKind::Topic, &id)), None, Some(h.as_str()))?;
            }
            let row = topics::row(&tx, &id)?.ok_or_else(|| ApiError::Internal("a new topic vanished".into()))?;
            let viewer = store::viewer_of(&tx, Some(&caller), now)?;
            let topic = topics::view(&tx, &row, &viewer, now)?;
            let stored = request.answer(&tx, &caller.user_id, &topic, now)?;
            tx.commit()?;
            Ok(stored)
        })
        .await?;
    Ok(answer.into_response())
}

/// `POST /api/v1/topics/{id}/close`
pub async fn close(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    bytes: Bytes,
) -> Result<Json<Topic>, ApiError> {
    let mut checked = body::read::<CloseTopic>(&bytes)?.check(CloseTopic::validate);
    let now = state.now();
    let hub = state.hub().clone();
    let points_rules = state.config().points.clone();
    let tz = state.config().tz_offset_minutes;
    let topic = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            let viewer = store::viewer_of(&tx, Some(&caller), now)?;
            let row = visible_row(&tx, &id, &viewer)?;
            let before = topics::view(&tx, &row, &viewer, now)?;
            let allowed = viewer.is_staff || (row.author_id == caller.user_id && official(&row.author_roles));
            if !allowed {
                return Err(ApiError::Forbidden(
                    "Liaison-station staff, or the deputy who opened the topic, close it.".into(),
                ));
            }
            if checked.ok("adopted") {
                for c in checked.raw.adopted.clone() {
                    let ok = store::row(&tx, &c)?.is_some_and(|k| {
                        k.target_kind == TargetKind::Topic
                            && k.target_id == row.id
                            && k.state == contract::CommentState::Published
                    });
                    if !ok {
                        checked.reject(rules::error("adopted", INVALID, format!("{c} is not a shown comment of this topic")));
                        break;
                    }
                }
            }
            let c = checked.finish()?;
            if !before.can.close {
                return Err(ApiError::Conflict("Only an open topic can be closed.".into()));
            }
            tx.execute(
                "UPDATE topics SET status = 'closed', conclusion = ?1, closed_at = ?2, closed_by = ?3 WHERE id = ?4",
                params![c.conclusion, now, caller.user_id, row.id],
            )?;
            let link = format!("/topics/{}", row.id);
            for k in &c.adopted {
                tx.execute("UPDATE comments SET adopted = 1 WHERE id = ?1", params![k])?;
                // an adopted comment earns its author points (once per comment)
                if let Some(comment) = store::row(&tx, k)? {
                    let award = crate::points::Award {
                        user_id: &comment.author_id,
                        action: contract::PointsAction::CommentAdopted,
                        reference: k,
                        title: &row.title,
                        link: Some(&link),
                    };
                    crate::points::award(&tx, &points_rules, tz, &award, now)?;
                }
            }
            if row.author_id != caller.user_id {
                let n = NewNotification::about(
                    row.author_id.clone(),
                    NotificationKind::TopicClosed,
                    &row.title,
                    Some(&c.conclusion),
                    link.clone(),
                );
                notify::notify(&tx, &hub, &n, now)?;
            }
            for k in &c.adopted {
                if let Some(comment) = store::row(&tx, k)? {
                    let n = NewNotification::about(
                        comment.author_id.clone(),
                        NotificationKind::CommentAdopted,
                        &row.title,
                        None,
                        comment.link_on(&link),
                    );
                    notify::notify(&tx, &hub, &n, now)?;
                }
            }
            let fresh = topics::row(&tx, &row.id)?.ok_or_else(|| no_topic(&row.id))?;
            let t = topics::view(&tx, &fresh, &viewer, now)?;
            tx.commit()?;
            Ok(t)
        })
        .await?;
    Ok(Json(topic))
}
