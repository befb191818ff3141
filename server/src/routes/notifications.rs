//! `/api/v1/notifications…` and `/api/v1/notification-preferences`: the list, the unread
//! count, marking read, preferences, stream tickets and the live stream (SSE).

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use contract::rules::{FieldErrors, Request};
use contract::{
    FieldError, KindPreference, NotificationPreferences, Page, ReadAll, StreamTicket,
    EVENT_NOTIFICATION, EVENT_UNREAD, STREAM_KEEP_ALIVE_SECS, STREAM_RETRY_MS,
};
use futures_util::stream::{self, Stream};
use serde_json::{Map, Value};
use tokio::sync::broadcast;

use super::{bad_cursor, body, invalid, limit, parse_json, valid, IdPath, QueryPairs};
use crate::auth::{self, Caller, MaybeCaller};
use crate::clock::{rfc3339, HOUR};
use crate::cursor::Cursor;
use crate::notify::{self, Hub, Position, Push};
use crate::problem::ApiError;
use crate::{rate, AppState, Db};

/// The routes of this module (under [`contract::API_PREFIX`]).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(list))
        .route("/notifications/unread-count", get(unread_count))
        .route("/notifications/read-all", post(read_all))
        .route("/notifications/stream-tickets", post(stream_ticket))
        .route("/notifications/stream", get(stream))
        .route("/notifications/{id}/read", post(mark_read))
        .route(
            "/notification-preferences",
            get(get_preferences).put(put_preferences),
        )
}

// ---------------------------------------------------------------------------
// The list
// ---------------------------------------------------------------------------

/// A position id of `after` / `Last-Event-ID`: a notification id, or `0` (before all).
fn position_id(raw: &str) -> Option<i64> {
    if raw == "0" {
        Some(0)
    } else {
        notify::parse_id(raw)
    }
}

/// `GET /api/v1/notifications?unread=&after=&cursor=&limit=`
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    q: QueryPairs,
) -> Result<Json<Page<contract::Notification>>, ApiError> {
    let mut errors: Vec<FieldError> = Vec::new();
    let unread_only = match q.one("unread", &mut errors).as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => {
            errors.push(invalid("unread", "unread must be true or false"));
            false
        }
    };
    let after = q
        .one("after", &mut errors)
        .and_then(|a| match position_id(&a) {
            Some(n) => Some(n),
            None => {
                errors.push(invalid("after", "after must be the id of a notification"));
                None
            }
        });
    let cursor = q.one("cursor", &mut errors);
    let limit = limit(q.one("limit", &mut errors), &mut errors);
    let mut pos = match after {
        Some(a) => Position::After(a),
        None => Position::Before(None),
    };
    if let Some(c) = cursor {
        match Position::decode(&c) {
            Some(p @ Position::After(_)) if after.is_some() => pos = p,
            Some(p @ Position::Before(_)) if after.is_none() => pos = p,
            _ => errors.push(bad_cursor()),
        }
    }
    valid(errors)?;
    let user = caller.user_id;
    let rows = state
        .db()
        .call(move |conn| notify::list(conn, &user, unread_only, pos, limit + 1))
        .await?;
    let more = rows.len() > limit as usize;
    let mut items = rows;
    items.truncate(limit as usize);
    let next_cursor = match (more, items.last(), pos) {
        (true, Some((seq, _)), Position::After(_)) => Some(Position::After(*seq).encode()),
        (true, Some((seq, _)), Position::Before(_)) => Some(Position::Before(Some(*seq)).encode()),
        _ => None,
    };
    Ok(Json(Page {
        items: items.into_iter().map(|(_, n)| n).collect(),
        next_cursor,
    }))
}

/// `GET /api/v1/notifications/unread-count`
pub async fn unread_count(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<contract::UnreadCount>, ApiError> {
    let user = caller.user_id;
    let n = state
        .db()
        .call(move |conn| notify::unread_count(conn, &user))
        .await?;
    Ok(Json(notify::unread(n)))
}

fn no_such_notification(id: &str) -> ApiError {
    ApiError::NotFound(format!("You have no notification {id:?}."))
}

/// Marks the caller's notifications read ([`notify::mark_read`]: `seq` only, all up to
/// `seq`, or all) once `seq` is theirs (else `not_theirs`), and answers the unread count.
async fn mark(
    state: &AppState,
    user: String,
    seq: Option<i64>,
    only: bool,
    not_theirs: impl FnOnce() -> ApiError + Send + 'static,
) -> Result<Json<contract::UnreadCount>, ApiError> {
    let hub = Arc::clone(state.hub());
    let now = state.now();
    let n = state
        .db()
        .call(move |conn| {
            if let Some(seq) = seq {
                if !notify::exists(conn, &user, seq)? {
                    return Err(not_theirs());
                }
            }
            notify::mark_read(conn, &hub, &user, seq, only, now)
        })
        .await?;
    Ok(Json(notify::unread(n)))
}

/// `POST /api/v1/notifications/{id}/read`
pub async fn mark_read(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> Result<Json<contract::UnreadCount>, ApiError> {
    let seq = notify::parse_id(&id).ok_or_else(|| no_such_notification(&id))?;
    mark(&state, caller.user_id, Some(seq), true, move || {
        no_such_notification(&id)
    })
    .await
}

/// `POST /api/v1/notifications/read-all` with an optional `{up_to_id}`.
pub async fn read_all(
    State(state): State<AppState>,
    caller: Caller,
    body: Bytes,
) -> Result<Json<contract::UnreadCount>, ApiError> {
    let input: ReadAll = if body.iter().all(u8::is_ascii_whitespace) {
        ReadAll::default()
    } else {
        parse_json(&body)?
    };
    let up_to = match input.up_to_id.as_deref() {
        None => None,
        Some(raw) => Some(notify::parse_id(raw).ok_or_else(|| {
            ApiError::field(
                "up_to_id",
                "invalid",
                "up_to_id must be the id of a notification",
            )
        })?),
    };
    mark(&state, caller.user_id, up_to, false, || {
        ApiError::field(
            "up_to_id",
            "invalid",
            "up_to_id must be the id of one of your notifications",
        )
    })
    .await
}

// ---------------------------------------------------------------------------
// Preferences
// ---------------------------------------------------------------------------

/// `GET /api/v1/notification-preferences`
pub async fn get_preferences(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<NotificationPreferences>, ApiError> {
    let user = caller.user_id;
    let prefs = state
        .db()
        .call(move |conn| notify::preferences(conn, &user))
        .await?;
    Ok(Json(prefs))
}

/// `PUT /api/v1/notification-preferences`
pub async fn put_preferences(
    State(state): State<AppState>,
    caller: Caller,
    body: Bytes,
) -> Result<Json<NotificationPreferences>, ApiError> {
    let items = preferences_asked(&body)?;
    let user = caller.user_id;
    let prefs = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            notify::set_preferences(&tx, &user, &items)?;
            let prefs = notify::preferences(&tx, &user)?;
            tx.commit()?;
            Ok(prefs)
        })
        .await?;
    Ok(Json(prefs))
}

/// The kinds a `PUT` of preferences sets, each with its three channels. A body that is
/// JSON but not an object has no `items`; an item whose kind is unknown or repeated is named
/// by its kind only.
fn preferences_asked(bytes: &[u8]) -> Result<Vec<KindPreference>, ApiError> {
    let items = match parse_json::<Value>(bytes)? {
        Value::Object(mut body) => body.remove("items"),
        _ => None,
    };
    let Some(Value::Array(items)) = items else {
        let missing = NotificationPreferences::FIELDS
            .iter()
            .filter_map(|f| f.missing());
        return Err(ApiError::Validation(missing.collect()));
    };
    let mut read = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let fields = match item {
            Value::Object(fields) => fields,
            _ => Map::new(),
        };
        read.push(body::decode::<KindPreference>(
            fields,
            &format!("items[{i}]."),
        )?);
    }
    let asked = NotificationPreferences {
        items: read.iter().map(|item| item.raw.clone()).collect(),
    };
    let kinds = asked.check();
    let mut errors = FieldErrors::new();
    for (i, item) in read.into_iter().enumerate() {
        let kind = format!("items[{i}].kind");
        let bad_kind = item
            .undecoded
            .iter()
            .chain(&kinds)
            .find(|e| e.field == kind);
        match bad_kind {
            Some(e) => errors.push(e.clone()),
            None => errors.extend(item.undecoded.into_vec()),
        }
    }
    errors.finish(asked.items).map_err(ApiError::Validation)
}

// ---------------------------------------------------------------------------
// The stream
// ---------------------------------------------------------------------------

/// `POST /api/v1/notifications/stream-tickets`
pub async fn stream_ticket(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Response, ApiError> {
    let now = state.now();
    let max = state.config().limits.stream_tickets_per_hour;
    let user = caller.user_id;
    let (ticket, expires_at) = state
        .db()
        .call(move |conn| {
            rate::check_rate(conn, &format!("ticket:{user}"), max, HOUR, now)?;
            notify::issue_ticket(conn, &user, now)
        })
        .await?;
    let answer = StreamTicket {
        ticket,
        expires_at: rfc3339(expires_at),
    };
    let mut res = (StatusCode::CREATED, Json(answer)).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

fn bad_ticket() -> ApiError {
    ApiError::Unauthorized(
        "The stream ticket is missing, unknown, expired or already used: get a new one with \
         POST /api/v1/notifications/stream-tickets."
            .into(),
    )
}

/// `GET /api/v1/notifications/stream?ticket=…[&last_event_id=…]` (or `Last-Event-ID`).
pub async fn stream(
    State(state): State<AppState>,
    caller: MaybeCaller,
    headers: HeaderMap,
    q: QueryPairs,
) -> Result<Response, ApiError> {
    let mut errors = Vec::new();
    let ticket = q.one("ticket", &mut errors);
    let from_query = q.one("last_event_id", &mut errors);
    valid(errors)?;
    let from_header = headers
        .get("last-event-id")
        .map(|v| v.to_str().map(|s| s.trim().to_owned()).unwrap_or_default());
    let last_raw = from_header
        .filter(|s| !s.is_empty())
        .or(from_query.filter(|s| !s.is_empty()));
    let last = match last_raw {
        None => None,
        Some(raw) => Some(position_id(&raw).ok_or_else(|| {
            ApiError::field(
                "last_event_id",
                "invalid",
                "Last-Event-ID / last_event_id must be the id of a notification",
            )
        })?),
    };
    let ticket = ticket.ok_or_else(bad_ticket)?;
    let now = state.now();
    let hub = Arc::clone(state.hub());
    // one database call: use the ticket, subscribe, read the first replay page. Subscribing
    // before reading the replay means nothing published meanwhile is missed; what is both
    // replayed and received live is sent once (ids ≤ the last sent are skipped).
    let hub2 = Arc::clone(&hub);
    let limits = &state.config().limits;
    let (per_user, total) = (limits.streams_per_user as usize, limits.streams_total as usize);
    let (user, member, page, unread) = state
        .db()
        .call(move |conn| {
            let Some(user) = notify::redeem_ticket(conn, &ticket, now)? else {
                return Ok(None);
            };
            let Ok(member) = hub2.join(&user, per_user, total) else {
                return Err(ApiError::RateLimited {
                    retry_after_secs: 60,
                    detail: "The server holds as many live streams as it can; try again later \
                             (GET /api/v1/notifications?after= meanwhile)."
                        .into(),
                });
            };
            let page = match last {
                Some(after) => {
                    notify::list(conn, &user, false, Position::After(after), REPLAY_PAGE)?
                }
                None => Vec::new(),
            };
            let unread = notify::unread_count(conn, &user)?;
            Ok(Some((user, member, page, unread)))
        })
        .await?
        .ok_or_else(bad_ticket)?;
    // Each stream ends after its lifetime (the app reconnects with its last id and misses
    // nothing): a connection is not held forever by one ticket, and a proxy's or phone's
    // half-dead connection goes in the end. 90–100 % of the lifetime, so that streams opened
    // together (after a restart) do not all reconnect together.
    let lifetime = state.config().stream_max_secs.max(1) as f64;
    let jitter = f64::from(auth::random_bytes::<1>()?[0]) / 255.0;
    let deadline = tokio::time::Instant::now() + Duration::from_secs_f64(lifetime * (0.9 + 0.1 * jitter));
    let mut live = Live {
        db: state.db().clone(),
        hub,
        user,
        member_id: member.id,
        closed: member.closed,
        deadline,
        rx: Some(member.rx),
        last: last.unwrap_or(0),
        replay: false,
        greeted: false,
        queue: VecDeque::from([Event::default().retry(Duration::from_millis(STREAM_RETRY_MS))]),
    };
    if let Some(c) = caller.0 {
        if c.user_id != live.user {
            return Err(ApiError::Forbidden(
                "The stream ticket belongs to another user than the bearer token.".into(),
            ));
        }
    }
    live.take_page(page, unread)?;
    let sse = Sse::new(events(live)).keep_alive(
        KeepAlive::new()
            .interval(Duration::from_secs(STREAM_KEEP_ALIVE_SECS))
            .text("keep-alive"),
    );
    Ok((
        [
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (
                header::HeaderName::from_static("x-accel-buffering"),
                HeaderValue::from_static("no"),
            ),
        ],
        sse,
    )
        .into_response())
}

/// Notifications replayed per database read.
const REPLAY_PAGE: u32 = 200;

/// The state of one stream: its receiver, the last event id sent, what to send next.
struct Live {
    db: Db,
    hub: Arc<Hub>,
    user: String,
    /// Its place in the hub, and the hub's signal to end it (the user opened newer ones).
    member_id: u64,
    closed: Arc<tokio::sync::Notify>,
    /// When it ends by itself.
    deadline: tokio::time::Instant,
    rx: Option<broadcast::Receiver<Push>>,
    /// The last notification id sent (or given as Last-Event-ID).
    last: i64,
    /// More to replay from the database.
    replay: bool,
    /// The opening's unread count was queued.
    greeted: bool,
    queue: VecDeque<Event>,
}

impl Drop for Live {
    fn drop(&mut self) {
        drop(self.rx.take());
        self.hub.leave(&self.user, self.member_id);
    }
}

fn notification_event(seq: i64, json: &str) -> Event {
    Event::default()
        .event(EVENT_NOTIFICATION)
        .id(seq.to_string())
        .data(json)
}

fn unread_event(n: u32) -> Event {
    Event::default()
        .event(EVENT_UNREAD)
        .data(format!("{{\"unread\":{n}}}"))
}

impl Live {
    /// Queues a replay page; a full page means there may be more (read next), else the
    /// unread count closes the opening.
    fn take_page(
        &mut self,
        page: Vec<(i64, contract::Notification)>,
        unread: u32,
    ) -> Result<(), ApiError> {
        let full = page.len() >= REPLAY_PAGE as usize;
        for (seq, n) in page {
            let json = serde_json::to_string(&n)?;
            self.last = seq;
            self.queue.push_back(notification_event(seq, &json));
        }
        self.replay = full;
        if !full && !self.greeted {
            self.greeted = true;
            self.queue.push_back(unread_event(unread));
        }
        Ok(())
    }

    /// The next event; `None` ends the stream.
    async fn next(&mut self) -> Option<Event> {
        loop {
            if let Some(e) = self.queue.pop_front() {
                return Some(e);
            }
            if self.replay {
                let (user, after) = (self.user.clone(), self.last);
                let read = self
                    .db
                    .call(move |conn| {
                        let page =
                            notify::list(conn, &user, false, Position::After(after), REPLAY_PAGE)?;
                        let unread = notify::unread_count(conn, &user)?;
                        Ok((page, unread))
                    })
                    .await;
                let Ok((page, unread)) = read else {
                    return None;
                };
                self.take_page(page, unread).ok()?;
                continue;
            }
            let rx = self.rx.as_mut()?;
            let received = tokio::select! {
                r = rx.recv() => r,
                () = self.closed.notified() => return None,
                () = tokio::time::sleep_until(self.deadline) => return None,
            };
            match received {
                Ok(Push::Notification { seq, json, unread }) => {
                    if seq <= self.last {
                        continue;
                    }
                    self.last = seq;
                    self.queue.push_back(notification_event(seq, &json));
                    self.queue.push_back(unread_event(unread));
                }
                Ok(Push::Unread(n)) => self.queue.push_back(unread_event(n)),
                // too far behind, or the hub is gone: end; the client reconnects with its
                // last id and gets the rest replayed
                Err(_) => return None,
            }
        }
    }
}

fn events(live: Live) -> impl Stream<Item = Result<Event, Infallible>> {
    stream::unfold(live, |mut live| async move {
        let e = live.next().await?;
        Some((Ok(e), live))
    })
}
