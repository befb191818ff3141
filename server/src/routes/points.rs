//! `/points/…` and `/commendations`: the viewer's points, the leaderboards, reads of
//! articles, and the 表彰榜. The rules are in [`crate::points`].
//!
//! Order of answers for a write: 401 → 400 (a missing `Idempotency-Key`, invalid fields) →
//! the stored answer of a repeated request → 403 (not staff) → 404 (no such article, user or
//! deputy) → 409 (a read claimed too early).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use contract::{
    Commendation, Commended, Leaderboard, LeaderboardPeriod, LeaderboardRow, NewCommendation,
    NewRead, NotificationKind, Page, PointsAction, PointsAwarded, PointsEntry, PointsSummary, Role,
    StationRef, API_PREFIX, LEADERBOARD_SIZE,
};
use crate::sql::{params, Connection, OptionalExtension};

use super::{body, cursor, invalid, limit, parsed, valid, QueryPairs};
use crate::auth::{parse_roles, Caller, MaybeCaller};
use crate::clock::rfc3339;
use crate::cursor::{Cursor, SeqCursor};
use crate::idempotency::Idempotent;
use crate::notify::{self, NewNotification};
use crate::participation::store::shown_role;
use crate::points::{self, Award};
use crate::problem::ApiError;
use crate::AppState;

/// The routes of this module (under [`contract::API_PREFIX`]).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/points/me", get(me))
        .route("/points/me/history", get(history))
        .route("/points/leaderboard", get(leaderboard))
        .route("/points/reads", post(read))
        .route("/commendations", get(commendations).post(commend))
}

/// `GET /api/v1/points/me` (also the day's visit)
pub async fn me(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<PointsSummary>, ApiError> {
    let now = state.now();
    let rules = state.config().points.clone();
    let tz = state.config().tz_offset_minutes;
    let summary = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            points::visit(&tx, &rules, tz, &caller.user_id, now)?;
            let s = points::summary(&tx, &rules, tz, &caller.user_id, now)?;
            tx.commit()?;
            Ok(s)
        })
        .await?;
    Ok(Json(summary))
}

/// `GET /api/v1/points/me/history`
pub async fn history(
    State(state): State<AppState>,
    caller: Caller,
    pairs: QueryPairs,
) -> Result<Json<Page<PointsEntry>>, ApiError> {
    let mut errors = Vec::new();
    // (the moderation log's cursor shape: a sequence number, `at` 1 marks this list)
    let before = cursor::<SeqCursor>(
        pairs.one("cursor", &mut errors).as_deref(),
        |c| c.list == 1,
        &mut errors,
    );
    let limit = limit(pairs.one("limit", &mut errors), &mut errors);
    valid(errors)?;
    let (items, next) = state
        .db()
        .call(move |conn| points::history(conn, &caller.user_id, before.map(|c| c.seq), limit))
        .await?;
    Ok(Json(Page {
        items,
        next_cursor: next.map(|seq| SeqCursor { list: 1, seq }.encode()),
    }))
}

fn station_ref(conn: &Connection, id: Option<String>) -> Result<Option<StationRef>, ApiError> {
    let Some(id) = id else { return Ok(None) };
    Ok(conn
        .query_row(
            "SELECT name FROM stations WHERE id = ?1",
            params![id],
            |r| r.get::<_, String>(0),
        )
        .optional()?
        .map(|name| StationRef { id, name }))
}

/// A person's name as the public sees it: a citizen masked, a deputy or staff member named.
fn public_name(name: &str, role: Role) -> String {
    if role == Role::Citizen {
        crate::mask::mask_name(name)
    } else {
        name.to_owned()
    }
}

/// `GET /api/v1/points/leaderboard`
pub async fn leaderboard(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    pairs: QueryPairs,
) -> Result<Json<Leaderboard>, ApiError> {
    let mut errors = Vec::new();
    let period = parsed(
        pairs.one("period", &mut errors).as_deref(),
        "period",
        "period must be month or year",
        LeaderboardPeriod::parse,
        &mut errors,
    )
    .unwrap_or(LeaderboardPeriod::Month);
    let station = pairs.one("station", &mut errors);
    if station
        .as_deref()
        .is_some_and(|s| s.trim().is_empty() || s.chars().count() > 64)
    {
        errors.push(invalid("station", "station must be a station id"));
    }
    valid(errors)?;
    let now = state.now();
    let tz = i64::from(state.config().tz_offset_minutes) * 60;
    let since = points::period_start(period, now, tz);
    // Staff get the people's account ids (to commend them, or correct their village).
    let staff = caller.as_ref().is_some_and(|c| c.is(Role::Staff));
    let me = caller.map(|c| c.user_id);
    let board = state
        .db()
        .call(move |conn| {
            let station = match station {
                None => None,
                Some(id) => Some(
                    station_ref(conn, Some(id.clone()))?
                        .ok_or_else(|| ApiError::NotFound(format!("There is no station with id {id:?}.")))?,
                ),
            };
            // A person's station: their own (staff), else a deputy's profile's, else that of the
            // village a citizen chose (`PUT /me/village`).
            let mut stmt = conn.prepare(
                "SELECT u.id, u.display_name, u.roles, COALESCE(u.station_id, d.station_id, u.village_station_id) AS st, SUM(p.points) AS total \
                 FROM points_ledger p JOIN users u ON u.id = p.user_id LEFT JOIN deputies d ON d.id = u.deputy_id \
                 WHERE p.at >= ?1 GROUP BY u.id, d.station_id \
                 HAVING (?2 IS NULL OR COALESCE(u.station_id, d.station_id, u.village_station_id) = ?2) \
                 ORDER BY total DESC, MIN(p.at) ASC, u.id",
            )?;
            let all: Vec<(String, String, String, Option<String>, u32)> = stmt
                .query_map(params![since, station.as_ref().map(|s| s.id.clone())], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })?
                .collect::<Result<_, _>>()?;
            let ranks = points::ranks(&all.iter().map(|r| r.4).collect::<Vec<_>>());
            let mut rows = Vec::new();
            let mut you = None;
            for (i, (id, name, roles, st, total)) in all.into_iter().enumerate() {
                let is_you = me.as_deref() == Some(id.as_str());
                if i >= LEADERBOARD_SIZE && !is_you {
                    continue;
                }
                let role = shown_role(&parse_roles(&roles));
                let row = LeaderboardRow {
                    rank: ranks[i],
                    name: public_name(&name, role),
                    role,
                    points: total,
                    station: station_ref(conn, st)?,
                    is_you,
                    user_id: staff.then(|| id.clone()),
                };
                if is_you {
                    you = Some(row.clone());
                }
                if i < LEADERBOARD_SIZE {
                    rows.push(row);
                }
            }
            Ok(Leaderboard { period, since: rfc3339(since), station, rows, you })
        })
        .await?;
    Ok(Json(board))
}

/// `POST /api/v1/points/reads`
pub async fn read(
    State(state): State<AppState>,
    caller: Caller,
    bytes: Bytes,
) -> Result<Json<PointsAwarded>, ApiError> {
    let r = body::read::<NewRead>(&bytes)?
        .check(NewRead::validate)
        .finish()?;
    let now = state.now();
    let rules = state.config().points.clone();
    let tz = state.config().tz_offset_minutes;
    let awarded = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            let title: String = tx
                .query_row(
                    "SELECT title FROM articles WHERE id = ?1",
                    params![r.article_id],
                    |row| row.get(0),
                )
                .optional()?
                .ok_or_else(|| {
                    ApiError::NotFound(format!("There is no article with id {:?}.", r.article_id))
                })?;
            let fetched = points::fetched_at(&tx, &caller.user_id, &r.article_id)?;
            if !points::read_long_enough(fetched, now) {
                return Err(ApiError::Conflict(format!(
                    "A read counts {} seconds after the article was opened with this account.",
                    contract::READ_SECONDS
                )));
            }
            let reference = points::read_reference(&r.article_id, now, tz);
            let link = format!("/articles/{}", r.article_id);
            let a = Award {
                user_id: &caller.user_id,
                action: PointsAction::ArticleRead,
                reference: &reference,
                title: &title,
                link: Some(&link),
            };
            let paid = points::award(&tx, &rules, tz, &a, now)?;
            let total = points::total(&tx, &caller.user_id)?;
            tx.commit()?;
            Ok(PointsAwarded {
                action: PointsAction::ArticleRead,
                points: paid.unwrap_or(0),
                total,
            })
        })
        .await?;
    Ok(Json(awarded))
}

const COMMENDATION_COLUMNS: &str = "c.id, c.title, c.reason, c.period, c.created_at, c.deputy_id, \
     COALESCE(u.display_name, d.name), u.roles, COALESCE(u.station_id, d.station_id, ud.station_id, u.village_station_id), c.seq, u.deputy_id";
const COMMENDATION_FROM: &str = "commendations c LEFT JOIN users u ON u.id = c.user_id \
     LEFT JOIN deputies d ON d.id = c.deputy_id LEFT JOIN deputies ud ON ud.id = u.deputy_id";

type CommendationRow = (Commendation, i64, Option<String>);

fn commendation_row(
    r: &crate::sql::Row<'_>,
) -> crate::sql::Result<(Commendation, i64, Option<String>, Option<String>)> {
    let deputy_id: Option<String> = r.get(5)?;
    let roles: Option<String> = r.get(7)?;
    let user_deputy: Option<String> = r.get(10)?;
    let role = match &roles {
        Some(roles) => shown_role(&parse_roles(roles)),
        None => Role::Deputy,
    };
    let name: String = r.get::<_, Option<String>>(6)?.unwrap_or_default();
    Ok((
        Commendation {
            id: r.get(0)?,
            title: r.get(1)?,
            reason: r.get(2)?,
            period: r.get(3)?,
            created_at: rfc3339(r.get(4)?),
            person: Commended {
                name: public_name(&name, role),
                role,
                deputy_id: deputy_id.or(if role == Role::Deputy {
                    user_deputy
                } else {
                    None
                }),
                station: None,
            },
        },
        r.get(9)?,
        r.get(8)?,
        None,
    ))
}

fn commendation_page(
    conn: &Connection,
    before: Option<i64>,
    limit: u32,
) -> Result<(Vec<Commendation>, Option<i64>), ApiError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COMMENDATION_COLUMNS} FROM {COMMENDATION_FROM} WHERE c.seq < ?1 ORDER BY c.seq DESC LIMIT ?2"
    ))?;
    let rows: Vec<CommendationRow> = stmt
        .query_map(
            params![before.unwrap_or(i64::MAX), i64::from(limit) + 1],
            commendation_row,
        )?
        .map(|r| r.map(|(c, seq, st, _)| (c, seq, st)))
        .collect::<Result<_, _>>()?;
    let mut items = Vec::new();
    let mut last = None;
    for (mut c, seq, st) in rows.into_iter().take(limit as usize) {
        c.person.station = station_ref(conn, st)?;
        last = Some(seq);
        items.push(c);
    }
    let more: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM commendations WHERE seq < ?1)",
        params![last.unwrap_or(i64::MIN)],
        |r| r.get(0),
    )?;
    Ok((items, if more { last } else { None }))
}

fn one_commendation(conn: &Connection, id: &str) -> Result<Commendation, ApiError> {
    let (mut c, _, st, _) = conn
        .query_row(
            &format!("SELECT {COMMENDATION_COLUMNS} FROM {COMMENDATION_FROM} WHERE c.id = ?1"),
            params![id],
            commendation_row,
        )
        .optional()?
        .ok_or_else(|| ApiError::Internal("a new commendation vanished".into()))?;
    c.person.station = station_ref(conn, st)?;
    Ok(c)
}

/// `GET /api/v1/commendations`
pub async fn commendations(
    State(state): State<AppState>,
    pairs: QueryPairs,
) -> Result<Json<Page<Commendation>>, ApiError> {
    let mut errors = Vec::new();
    // (`at` 2 marks the cursors of this list)
    let before = cursor::<SeqCursor>(
        pairs.one("cursor", &mut errors).as_deref(),
        |c| c.list == 2,
        &mut errors,
    );
    let limit = limit(pairs.one("limit", &mut errors), &mut errors);
    valid(errors)?;
    let (items, next) = state
        .db()
        .call(move |conn| commendation_page(conn, before.map(|c| c.seq), limit))
        .await?;
    Ok(Json(Page {
        items,
        next_cursor: next.map(|seq| SeqCursor { list: 2, seq }.encode()),
    }))
}

/// `POST /api/v1/commendations` (staff; Idempotency-Key)
pub async fn commend(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let request = Idempotent::post(&headers, &format!("{API_PREFIX}/commendations"), &bytes)?;
    let c = body::read::<NewCommendation>(&bytes)?
        .check(NewCommendation::validate)
        .finish()?;
    let now = state.now();
    let hub = state.hub().clone();
    let answer = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            if let Some(stored) = request.replay(&tx, &caller.user_id, now)? {
                return Ok(stored);
            }
            caller.require_any(&[Role::Staff], "Only liaison-station staff commend people.")?;
            // whom to tell: the user, or the deputy's account when they have one
            let told: Option<String> = match (&c.user_id, &c.deputy_id) {
                (Some(u), _) => Some(
                    tx.query_row("SELECT id FROM users WHERE id = ?1", params![u], |r| r.get(0))
                        .optional()?
                        .ok_or_else(|| ApiError::NotFound(format!("There is no user with id {u:?}.")))?,
                ),
                (None, Some(d)) => {
                    let exists: bool =
                        tx.query_row("SELECT EXISTS (SELECT 1 FROM deputies WHERE id = ?1)", params![d], |r| r.get(0))?;
                    if !exists {
                        return Err(ApiError::NotFound(format!("There is no deputy with id {d:?}.")));
                    }
                    tx.query_row("SELECT id FROM users WHERE deputy_id = ?1 ORDER BY created_at LIMIT 1", params![d], |r| {
                        r.get(0)
                    })
                    .optional()?
                }
                (None, None) => return Err(ApiError::Internal("a commendation of nobody passed validation".into())),
            };
            let n: i64 = tx.next_seq("commendations")?;
            let id = format!("cm_{n:05}");
            tx.execute(
                "INSERT INTO commendations (seq, id, user_id, deputy_id, title, reason, period, by_user, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![n, id, c.user_id, c.deputy_id, c.title, c.reason, c.period, caller.user_id, now],
            )?;
            if let Some(user_id) = told {
                let mut n = NewNotification::about(
                    user_id,
                    NotificationKind::Commended,
                    &c.title,
                    Some(&c.title),
                    "/commendations".into(),
                );
                n.body = format!("{}（{}）：{}", n.body, c.period, c.reason);
                notify::notify(&tx, &hub, &n, now)?;
            }
            let made = one_commendation(&tx, &id)?;
            let stored = request.answer(&tx, &caller.user_id, &made, now)?;
            tx.commit()?;
            Ok(stored)
        })
        .await?;
    Ok(answer.into_response())
}
