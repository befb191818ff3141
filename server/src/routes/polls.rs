//! `/polls` (online polls) and the village of an account (`/me/village`, `/users/{id}/village`).
//!
//! Order of answers of a vote: 401 → 400 (the `Idempotency-Key`, a body that is not a JSON
//! object) → the stored answer of a repeat → 404 → 409 (not open yet, closed) → 403 (outside
//! the scope, or no village) → 409 (voted already) → 400 (the answers) → 429. Creating a
//! poll: 401 → 403 (not staff) → 400 (key, body) → the stored answer → 400 (fields, then the
//! station and village) → 429.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use contract::rules::{self, INVALID};
use contract::{
    NewPoll, NewVote, Page, Poll, PollQuery, PollStatus, PollSummary, Role, ScopeKind, User,
    Village, VoteBlock, API_PREFIX,
};
use crate::sql::params;

use super::{body, cursor, limit, parsed, valid, IdPath, QueryPairs};
use crate::auth::{self, Caller, MaybeCaller};
use crate::clock::HOUR;
use crate::cursor::{int, Cursor};
use crate::idempotency::{Idempotent, Stored};
use crate::polls::{self, PollRow};
use crate::problem::ApiError;
use crate::{rate, AppState};

/// The routes of this module (under [`contract::API_PREFIX`]).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/polls", get(list).post(create))
        .route("/polls/{id}", get(get_one))
        .route("/polls/{id}/votes", post(vote))
        .route("/polls/{id}/close", post(close))
        .route("/me/village", put(set_my_village))
        .route("/users/{id}/village", put(set_user_village))
}

fn not_found(id: &str) -> ApiError {
    ApiError::NotFound(format!("There is no poll with id {id:?}."))
}

fn staff_only(caller: &Caller) -> Result<(), ApiError> {
    caller.require_any(
        &[Role::Staff],
        "Only liaison-station staff create and close polls.",
    )
}

/// A stored answer as a response (`Location`: the poll).
fn respond(stored: Stored, poll_id: &str) -> Response {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let mut res = (status, stored.body).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Ok(l) = HeaderValue::from_str(&format!("{API_PREFIX}/polls/{poll_id}")) {
        res.headers_mut().insert(header::LOCATION, l);
    }
    res
}

// ---------------------------------------------------------------------------
// The list
// ---------------------------------------------------------------------------

/// Keyset position in the list of polls: `(group, key, seq)` ascending at the `reference`
/// time of the first page (group 0 open, key = closes_at; 1 upcoming, key = opens_at; 2
/// closed, key = -its end).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollCursor {
    pub reference: i64,
    pub group: i64,
    pub key: i64,
    pub seq: i64,
}

impl Cursor for PollCursor {
    const TAG: &'static str = "pl";
    const FIELDS: usize = 4;

    fn fields(&self) -> Vec<String> {
        vec![
            self.reference.to_string(),
            self.group.to_string(),
            self.key.to_string(),
            self.seq.to_string(),
        ]
    }

    fn from_fields(f: &[&str]) -> Option<Self> {
        let group = int(f[1]).filter(|g| (0..=2).contains(g))?;
        Some(PollCursor {
            reference: int(f[0])?,
            group,
            key: int(f[2])?,
            seq: int(f[3])?,
        })
    }
}

fn group_of(status: PollStatus) -> i64 {
    match status {
        PollStatus::Open => 0,
        PollStatus::Upcoming => 1,
        _ => 2,
    }
}

/// `GET /api/v1/polls`
pub async fn list(
    State(state): State<AppState>,
    pairs: QueryPairs,
) -> Result<Json<Page<PollSummary>>, ApiError> {
    let mut errors = Vec::new();
    let q = PollQuery {
        status: pairs.one("status", &mut errors),
        cursor: pairs.one("cursor", &mut errors),
        limit: pairs.one("limit", &mut errors),
    };
    let status = parsed(
        q.status.as_deref(),
        "status",
        "status must be one of upcoming, open, closed",
        PollStatus::parse,
        &mut errors,
    );
    let fits = |c: &PollCursor| status.is_none_or(|s| group_of(s) == c.group);
    let after = cursor::<PollCursor>(q.cursor.as_deref(), fits, &mut errors);
    let limit = limit(q.limit, &mut errors);
    valid(errors)?;
    let now = state.now();
    let reference = after.as_ref().map_or(now, |c| c.reference);
    super::page(&state, move |conn| {
        // (group, key) at the reference time, in SQL so that the database pages
        let sql = format!(
            "SELECT * FROM (SELECT {cols}, \
               CASE WHEN p.closed_at IS NOT NULL OR p.closes_at <= ?1 THEN 2 \
                    WHEN p.opens_at > ?1 THEN 1 ELSE 0 END AS grp, \
               CASE WHEN p.closed_at IS NOT NULL OR p.closes_at <= ?1 \
                      THEN -(CASE WHEN p.closed_at < p.closes_at THEN p.closed_at ELSE p.closes_at END) \
                    WHEN p.opens_at > ?1 THEN p.opens_at ELSE p.closes_at END AS k \
             FROM polls p) AS ranked \
             WHERE (?2 IS NULL OR grp = ?2) AND (grp, k, seq) > (?3, ?4, ?5) \
             ORDER BY grp, k, seq LIMIT ?6",
            cols = polls::ROW_COLUMNS
        );
        let (g, k, s) = after
            .as_ref()
            .map_or((-1, i64::MIN, i64::MIN), |c| (c.group, c.key, c.seq));
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(
                params![reference, status.map(group_of), g, k, s, limit + 1],
                |r| Ok((polls::row(r)?, r.get::<_, i64>(11)?, r.get::<_, i64>(12)?)),
            )?
            .collect::<Result<Vec<_>, _>>()?;
        let more = rows.len() > limit as usize;
        let mut items = Vec::new();
        let mut next = None;
        for (i, (p, grp, k)) in rows.into_iter().take(limit as usize).enumerate() {
            if more && i + 1 == limit as usize {
                next = Some(
                    PollCursor {
                        reference,
                        group: grp,
                        key: k,
                        seq: p.seq,
                    }
                    .encode(),
                );
            }
            items.push(polls::summary(conn, &p, now)?);
        }
        Ok((items, next))
    })
    .await
}

/// `GET /api/v1/polls/{id}` (a bearer token is optional)
pub async fn get_one(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    IdPath(id): IdPath,
) -> Result<Json<Poll>, ApiError> {
    let now = state.now();
    let poll = state
        .db()
        .call(move |conn| {
            let p = polls::find(conn, &id)?.ok_or_else(|| not_found(&id))?;
            polls::view(conn, &p, caller.as_ref(), now)
        })
        .await?;
    Ok(Json(poll))
}

// ---------------------------------------------------------------------------
// Creating and closing (staff)
// ---------------------------------------------------------------------------

/// `POST /api/v1/polls` (Idempotency-Key; staff)
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    staff_only(&caller)?;
    let request = Idempotent::post(&headers, &format!("{API_PREFIX}/polls"), &bytes)?;
    let now = state.now();
    let read = body::read::<NewPoll>(&bytes)?;
    let per_hour = state.config().limits.polls_per_hour;
    let (stored, id) = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            if let Some(stored) = request.replay(&tx, &caller.user_id, now)? {
                let id = serde_json::from_str::<serde_json::Value>(&stored.body)
                    .ok()
                    .and_then(|v| v["id"].as_str().map(str::to_owned))
                    .unwrap_or_default();
                return Ok((stored, id));
            }
            let mut body = read.check(|p| p.validate(now));
            if body.ok("scope") {
                let s = &body.raw.scope;
                let known = match (s.kind, s.station_id.as_deref(), s.village.as_deref()) {
                    (ScopeKind::Station, Some(st), _) => polls::station_name(&tx, st)?.is_some(),
                    (ScopeKind::Village, Some(st), Some(v)) => polls::serves(&tx, st, v.trim())?,
                    _ => true,
                };
                if !known {
                    body.reject(rules::error(
                        "scope",
                        INVALID,
                        "scope names no known station, or a village its station does not serve",
                    ));
                }
            }
            let new = body.finish()?;
            rate::check_rate(
                &tx,
                &format!("poll:{}", caller.user_id),
                per_hour,
                HOUR,
                now,
            )?;
            let id = polls::insert(&tx, &new, &caller.user_id, now)?;
            let p = polls::find(&tx, &id)?.ok_or_else(|| not_found(&id))?;
            let poll = polls::view(&tx, &p, Some(&caller), now)?;
            let stored = request.answer(&tx, &caller.user_id, &poll, now)?;
            tx.commit()?;
            Ok((stored, id))
        })
        .await?;
    Ok(respond(stored, &id))
}

/// `POST /api/v1/polls/{id}/close` (staff): closes it now and tells its voters.
pub async fn close(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> Result<Json<Poll>, ApiError> {
    staff_only(&caller)?;
    let now = state.now();
    let hub = std::sync::Arc::clone(state.hub());
    let poll = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            let p = polls::find(&tx, &id)?.ok_or_else(|| not_found(&id))?;
            if p.status(now) == PollStatus::Closed {
                return Err(ApiError::Conflict("This poll is closed already.".into()));
            }
            tx.execute(
                "UPDATE polls SET closed_at = ?1 WHERE id = ?2",
                params![now, id],
            )?;
            let p = polls::find(&tx, &id)?.ok_or_else(|| not_found(&id))?;
            polls::announce_results(&tx, &hub, &p, now)?;
            let poll = polls::view(&tx, &p, Some(&caller), now)?;
            tx.commit()?;
            Ok(poll)
        })
        .await?;
    Ok(Json(poll))
}

// ---------------------------------------------------------------------------
// Voting
// ---------------------------------------------------------------------------

/// What a refusal to vote says (409 or 403).
fn refusal(p: &PollRow, block: VoteBlock) -> ApiError {
    match block {
        VoteBlock::NotOpen => ApiError::Conflict("This poll is not open yet.".into()),
        VoteBlock::Closed => ApiError::Conflict("This poll is closed.".into()),
        VoteBlock::AlreadyVoted => polls::already_voted(),
        VoteBlock::ChooseVillage => ApiError::Forbidden(
            "This poll asks the people of one station or village: choose your village first (PUT /me/village; in the app, 我的)."
                .into(),
        ),
        _ => ApiError::Forbidden(match p.scope_kind {
            ScopeKind::Village => format!(
                "This poll asks the people of {} only; your village is another.",
                p.village.as_deref().unwrap_or_default()
            ),
            _ => "This poll asks the people of another liaison station's villages only; your village is not one of them.".into(),
        }),
    }
}

/// `POST /api/v1/polls/{id}/votes` (Idempotency-Key)
pub async fn vote(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let request = Idempotent::post(&headers, &format!("{API_PREFIX}/polls/{id}/votes"), &bytes)?;
    let read = body::read::<NewVote>(&bytes)?;
    let now = state.now();
    let per_hour = state.config().limits.votes_per_hour;
    let points_rules = state.config().points.clone();
    let tz = state.config().tz_offset_minutes;
    let poll_id = id.clone();
    let stored = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            if let Some(stored) = request.replay(&tx, &caller.user_id, now)? {
                return Ok(stored);
            }
            let p = polls::find(&tx, &id)?.ok_or_else(|| not_found(&id))?;
            let qs = polls::questions(&tx, &id)?;
            let voted = polls::vote_of(&tx, &id, &caller.user_id, &qs)?.is_some();
            // the poll's state first, then the scope, then an earlier vote
            let block = polls::vote_block(&p, Some(&caller), false, now)
                .or(voted.then_some(VoteBlock::AlreadyVoted));
            if let Some(b) = block {
                return Err(refusal(&p, b));
            }
            let vote = read.check(|v| v.validate(&qs)).finish()?;
            rate::check_rate(
                &tx,
                &format!("vote:{}", caller.user_id),
                per_hour,
                HOUR,
                now,
            )?;
            polls::insert_vote(&tx, &id, &caller.user_id, &vote.answers, now)?;
            // a vote earns points (paid in the vote's transaction; staff earn none)
            let link = format!("/polls/{id}");
            let award = crate::points::Award {
                user_id: &caller.user_id,
                action: contract::PointsAction::PollVote,
                reference: &id,
                title: &p.title,
                link: Some(&link),
            };
            crate::points::award(&tx, &points_rules, tz, &award, now)?;
            let poll = polls::view(&tx, &p, Some(&caller), now)?;
            let stored = request.answer(&tx, &caller.user_id, &poll, now)?;
            tx.commit()?;
            Ok(stored)
        })
        .await?;
    Ok(respond(stored, &poll_id))
}

// ---------------------------------------------------------------------------
// The village of an account
// ---------------------------------------------------------------------------

/// A checked village choice: the station serves the village (else a 400 on the field).
fn checked_village(conn: &crate::sql::Connection, bytes: &[u8]) -> Result<Village, ApiError> {
    let mut body = body::read::<Village>(bytes)?.check(Village::validate);
    if body.ok("station_id") && polls::station_name(conn, &body.raw.station_id)?.is_none() {
        body.reject(rules::error(
            "station_id",
            INVALID,
            "station_id is not a known station",
        ));
    } else if body.ok("station_id")
        && body.ok("village")
        && !polls::serves(conn, &body.raw.station_id, body.raw.village.trim())?
    {
        body.reject(rules::error(
            "village",
            INVALID,
            "village is not one of the station's villages",
        ));
    }
    body.finish()
}

/// `PUT /api/v1/me/village`
pub async fn set_my_village(
    State(state): State<AppState>,
    caller: Caller,
    bytes: Bytes,
) -> Result<Json<User>, ApiError> {
    body::object(&bytes)?;
    let user = state
        .db()
        .call(move |conn| {
            let v = checked_village(conn, &bytes)?;
            polls::set_village(conn, &caller.user_id, &v)?;
            let me = auth::caller_by_id(conn, &caller.user_id)?
                .ok_or_else(|| ApiError::Internal("the caller vanished".into()))?;
            Ok(me.to_user())
        })
        .await?;
    Ok(Json(user))
}

/// `PUT /api/v1/users/{id}/village` (staff)
pub async fn set_user_village(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    bytes: Bytes,
) -> Result<Json<Village>, ApiError> {
    caller.require_any(
        &[Role::Staff],
        "Only liaison-station staff correct a user's village.",
    )?;
    body::object(&bytes)?;
    let v = state
        .db()
        .call(move |conn| {
            if !crate::cursor::valid_id(&id) || auth::caller_by_id(conn, &id)?.is_none() {
                return Err(ApiError::NotFound(format!(
                    "There is no user with id {id:?}."
                )));
            }
            let v = checked_village(conn, &bytes)?;
            polls::set_village(conn, &id, &v)?;
            Ok(v)
        })
        .await?;
    Ok(Json(v))
}
