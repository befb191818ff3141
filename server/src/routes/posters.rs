//! `/posters`: staff make printable posters whose QR code opens a deputy's page, a liaison
//! station's or the app's way in, with `via=<poster id>`; the app says once per visit that
//! a poster was opened (`POST /posters/{id}/opens`, public) and sends the id with a message
//! written in that visit (`NewMessage.via`, counted by [`count_message`]).
//!
//! Only aggregate counters are kept: `poster_weeks (poster_id, week_start, opens, messages)`.
//! Nothing about the visitor is stored with an open (the per-address limit's events carry no
//! poster and go within two hours), and a message keeps nothing of its poster.
//!
//! Order of answers for a create: 401 → 400 (a missing `Idempotency-Key`, invalid fields) →
//! the stored answer of a repeated request → 403 (not staff) → 400 (an unknown deputy or
//! station, on `target_id`).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use contract::rules::{self, INVALID};
use contract::{NewPoster, Page, Poster, PosterTarget, PosterWeek, Role, API_PREFIX, POSTER_OPENS_PER_HOUR, POSTER_WEEKS};
use crate::sql::{params, Connection, OptionalExtension};

use super::{body, cursor, limit, valid, IdPath, QueryPairs};
use crate::auth::Caller;
use crate::client::ClientAddr;
use crate::clock::{rfc3339, HOUR};
use crate::cursor::{Cursor, SeqCursor};
use crate::idempotency::Idempotent;
use crate::problem::ApiError;
use crate::{rate, AppState};

/// The routes of this module (under [`contract::API_PREFIX`]).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/posters", get(list).post(create))
        .route("/posters/{id}", get(one))
        .route("/posters/{id}/opens", post(open))
}

/// The Monday (`YYYY-MM-DD`, township calendar) of the week of `at`; `tz_secs` ahead of UTC.
pub fn week_start(at: i64, tz_secs: i64) -> String {
    let day = contract::civil::local_day(at, tz_secs);
    // 1970-01-01 was a Thursday: day 0 is 3 days after a Monday.
    let monday = day - (day + 3).rem_euclid(7);
    let (y, m, d) = contract::civil::civil_from_days(monday);
    contract::civil::date_string(y, m, d)
}

/// Which counter of a week.
#[derive(Clone, Copy)]
enum Counter {
    Opens,
    Messages,
}

/// Adds one to a poster's counter of the week of `now`; false when there is no such poster.
fn count(conn: &Connection, poster: &str, counter: Counter, now: i64, tz_secs: i64) -> Result<bool, ApiError> {
    let exists: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM posters WHERE id = ?1)", params![poster], |r| r.get(0))?;
    if !exists {
        return Ok(false);
    }
    let week = week_start(now, tz_secs);
    let (opens, messages) = match counter {
        Counter::Opens => (1, 0),
        Counter::Messages => (0, 1),
    };
    conn.execute(
        "INSERT INTO poster_weeks (poster_id, week_start, opens, messages) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (poster_id, week_start) DO UPDATE SET opens = poster_weeks.opens + excluded.opens, messages = poster_weeks.messages + excluded.messages",
        params![poster, week, opens, messages],
    )?;
    Ok(true)
}

/// A message was sent in a visit that began at poster `via`: one more message this week. An
/// unknown poster (taken down, mistyped) is ignored: a message never fails for it. Nothing of
/// the poster is stored with the message.
pub fn count_message(conn: &Connection, via: Option<&str>, now: i64, tz_secs: i64) -> Result<(), ApiError> {
    if let Some(via) = via {
        count(conn, via, Counter::Messages, now, tz_secs)?;
    }
    Ok(())
}

const COLUMNS: &str = "p.seq, p.id, p.target, p.target_id, p.place, p.created_at, \
     COALESCE(d.name, s.name), d.code";
const FROM: &str = "posters p LEFT JOIN deputies d ON p.target = 'deputy' AND d.id = p.target_id \
     LEFT JOIN stations s ON p.target = 'station' AND s.id = p.target_id";

/// A poster row with its counts; `home_name` names the `home` target (the township).
fn poster_row(conn: &Connection, r: &crate::sql::Row<'_>, home_name: &str) -> crate::sql::Result<(i64, Poster)> {
    let seq: i64 = r.get(0)?;
    let id: String = r.get(1)?;
    let target = PosterTarget::parse(&r.get::<_, String>(2)?).unwrap_or_default();
    let target_id: Option<String> = r.get(3)?;
    let name: Option<String> = r.get(6)?;
    let code: Option<String> = r.get(7)?;
    let path = match target {
        PosterTarget::Deputy => format!("/d/{}?via={id}", code.unwrap_or_default()),
        PosterTarget::Station => format!("/stations/{}?via={id}", target_id.clone().unwrap_or_default()),
        _ => format!("/deputies?via={id}"),
    };
    let (opens, messages): (i64, i64) = conn.query_row(
        "SELECT COALESCE(SUM(opens), 0), COALESCE(SUM(messages), 0) FROM poster_weeks WHERE poster_id = ?1",
        params![id],
        |w| Ok((w.get(0)?, w.get(1)?)),
    )?;
    let mut stmt = conn.prepare_cached(
        "SELECT week_start, opens, messages FROM poster_weeks WHERE poster_id = ?1 AND (opens > 0 OR messages > 0) \
         ORDER BY week_start DESC LIMIT ?2",
    )?;
    let weeks = stmt
        .query_map(params![id, POSTER_WEEKS as i64], |w| {
            Ok(PosterWeek { week_start: w.get(0)?, opens: w.get(1)?, messages: w.get(2)? })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok((
        seq,
        Poster {
            target_name: match target {
                PosterTarget::Home => home_name.to_owned(),
                _ => name.unwrap_or_default(),
            },
            id,
            target,
            target_id,
            place: r.get(4)?,
            path,
            created_at: rfc3339(r.get(5)?),
            opens: opens as u32,
            messages: messages as u32,
            weeks,
        },
    ))
}

fn one_poster(conn: &Connection, id: &str, home_name: &str) -> Result<Option<Poster>, ApiError> {
    Ok(conn
        .query_row(&format!("SELECT {COLUMNS} FROM {FROM} WHERE p.id = ?1"), params![id], |r| {
            poster_row(conn, r, home_name)
        })
        .optional()?
        .map(|(_, p)| p))
}

/// What a `home` poster names: the township (else the deploying body).
fn home_name(state: &AppState) -> String {
    let c = state.config();
    if c.township.is_empty() { c.name.clone() } else { c.township.clone() }
}

const STAFF_ONLY: &str = "Only liaison-station staff make and follow posters.";

/// `GET /api/v1/posters` (staff)
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    pairs: QueryPairs,
) -> Result<Json<Page<Poster>>, ApiError> {
    caller.require_any(&[Role::Staff], STAFF_ONLY)?;
    let mut errors = Vec::new();
    // (`list` 3 marks the cursors of this list)
    let before = cursor::<SeqCursor>(pairs.one("cursor", &mut errors).as_deref(), |c| c.list == 3, &mut errors);
    let limit = limit(pairs.one("limit", &mut errors), &mut errors);
    valid(errors)?;
    let home = home_name(&state);
    let (items, next) = state
        .db()
        .read(move |conn| {
            let mut stmt = conn.prepare(&format!(
                "SELECT {COLUMNS} FROM {FROM} WHERE p.seq < ?1 ORDER BY p.seq DESC LIMIT ?2"
            ))?;
            let rows = stmt
                .query_map(params![before.map_or(i64::MAX, |c| c.seq), i64::from(limit) + 1], |r| {
                    poster_row(conn, r, &home)
                })?
                .collect::<Result<Vec<_>, _>>()?;
            let more = rows.len() > limit as usize;
            let items: Vec<(i64, Poster)> = rows.into_iter().take(limit as usize).collect();
            let next = if more { items.last().map(|(seq, _)| *seq) } else { None };
            Ok((items.into_iter().map(|(_, p)| p).collect::<Vec<_>>(), next))
        })
        .await?;
    Ok(Json(Page { items, next_cursor: next.map(|seq| SeqCursor { list: 3, seq }.encode()) }))
}

/// `GET /api/v1/posters/{id}` (staff)
pub async fn one(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> Result<Json<Poster>, ApiError> {
    caller.require_any(&[Role::Staff], STAFF_ONLY)?;
    let home = home_name(&state);
    let key = id.clone();
    state
        .db()
        .read(move |conn| one_poster(conn, &key, &home))
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("There is no poster with id {id:?}.")))
}

/// `POST /api/v1/posters` (staff; Idempotency-Key)
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let request = Idempotent::post(&headers, &format!("{API_PREFIX}/posters"), &bytes)?;
    let mut body = body::read::<NewPoster>(&bytes)?.check(NewPoster::validate);
    let now = state.now();
    let home = home_name(&state);
    let answer = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            if let Some(stored) = request.replay(&tx, &caller.user_id, now)? {
                return Ok(stored);
            }
            caller.require_any(&[Role::Staff], STAFF_ONLY)?;
            if body.ok("target_id") {
                let table = match body.raw.target {
                    PosterTarget::Deputy => Some("deputies"),
                    PosterTarget::Station => Some("stations"),
                    _ => None,
                };
                if let (Some(table), Some(id)) = (table, body.raw.target_id.clone()) {
                    // (the table's name is one of two constants; the id a parameter)
                    let exists: bool = tx.query_row(
                        &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)"),
                        params![id],
                        |r| r.get(0),
                    )?;
                    if !exists {
                        body.reject(rules::error("target_id", INVALID, "target_id is not a known deputy or station"));
                    }
                }
            }
            let p = body.finish()?;
            let n: i64 = tx.next_seq("posters")?;
            let id = format!("ps_{n:05}");
            tx.execute(
                "INSERT INTO posters (seq, id, target, target_id, place, by_user, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![n, id, p.target.as_str(), p.target_id, p.place, caller.user_id, now],
            )?;
            let made = one_poster(&tx, &id, &home)?.ok_or_else(|| ApiError::Internal("a new poster vanished".into()))?;
            let stored = request.answer(&tx, &caller.user_id, &made, now)?;
            tx.commit()?;
            Ok(stored)
        })
        .await?;
    Ok(answer.into_response())
}

/// `POST /api/v1/posters/{id}/opens` (anyone): 404 → 429 (per client address) → 204.
pub async fn open(
    State(state): State<AppState>,
    addr: ClientAddr,
    IdPath(id): IdPath,
) -> Result<Response, ApiError> {
    let not_found = || ApiError::NotFound(format!("There is no poster with id {id:?}."));
    if !rules::valid_id(&id) {
        return Err(not_found());
    }
    let now = state.now();
    let tz = state.tz_secs();
    // The limit's bucket names the address only (never the poster): it says nothing of who
    // opened what, and its events go within two hours (`rate::record`).
    let bucket = format!("poster-open:{}", addr.key());
    let key = id.clone();
    let counted = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            let exists: bool =
                tx.query_row("SELECT EXISTS (SELECT 1 FROM posters WHERE id = ?1)", params![key], |r| r.get(0))?;
            if !exists {
                return Ok(false);
            }
            rate::check_rate(&tx, &bucket, POSTER_OPENS_PER_HOUR, HOUR, now)?;
            count(&tx, &key, Counter::Opens, now, tz)?;
            tx.commit()?;
            Ok(true)
        })
        .await?;
    if !counted {
        return Err(not_found());
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}
