//! Messages and their handling: `/message-categories`, `/messages…`, `/board`, `/inbox`,
//! `/triage`, `/responsiveness`.
//!
//! Order of answers for a write: 401 (not signed in) → 400 for a missing `Idempotency-Key`
//! or a body that is not a JSON object → the stored answer of a repeated idempotent
//! request → 404 (no such message, or not visible) → 403 (not this caller's to do) → 400
//! (invalid fields, all at once) → 409 (stale `version`, or not possible in the message's
//! state) → 429 (rate limits, counted only for what is created). Every change happens in
//! one transaction on the one connection, so concurrent requests cannot interleave.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use contract::{
    HandlerKind, Location, Message, MessageCategory, MessageStatus, MessageSummary, Page,
    ResponsivenessRow, ResponsivenessTable, Role, TimelineKind, Track, BODY_MAX, BODY_MIN,
    MAX_PHOTOS, NOTE_MAX, REPLY_MAX, TITLE_MAX, TITLE_MIN,
};
use rusqlite::Connection;
use serde_json::{Map, Value};

use super::input::{self, Fields};
use super::{bad_cursor, invalid, limit, IdPath, QueryPairs};
use crate::auth::{Caller, MaybeCaller};
use crate::clock::{rfc3339, HOUR};
use crate::cursor::{Cursor, MessageCursor};
use crate::handling::{self, Action, Refusal, Relation, Viewer, Visibility};
use crate::idempotency::{self, Stored};
use crate::messages::{
    self, ActorRec, ListFilter, ListKind, MessageRow, NewMessageRec, StatusFilter,
};
use crate::notify::{self, Change};
use crate::problem::ApiError;
use crate::{rate, stats, uploads, AppState};

/// Plan step titles.
const STEP_TITLE_MIN: usize = 2;
const STEP_TITLE_MAX: usize = 60;
/// Hand-over notes and reopen reasons.
const REASON_MIN: usize = 2;
/// Location labels.
const LOCATION_MAX: usize = 100;

fn viewer(c: &Caller) -> Viewer<'_> {
    Viewer {
        user_id: &c.user_id,
        roles: &c.roles,
        deputy_id: c.deputy_id.as_deref(),
    }
}

fn actor(c: &Caller, role: Role) -> ActorRec {
    ActorRec {
        user_id: Some(c.user_id.clone()),
        role,
        name: c.display_name.clone(),
    }
}

/// The role a handler acts in: the handling deputy, or staff.
fn handler_role(rel: Relation) -> Role {
    if rel.handling_deputy {
        Role::Deputy
    } else {
        Role::Staff
    }
}

fn not_found(id: &str) -> ApiError {
    ApiError::NotFound(format!("There is no message with id {id:?}."))
}

fn tz_secs(state: &AppState) -> i64 {
    i64::from(state.config().tz_offset_minutes) * 60
}

/// The message if the viewer may see it, else 404.
fn load_visible(
    conn: &Connection,
    id: &str,
    viewer: Option<&Viewer<'_>>,
) -> Result<MessageRow, ApiError> {
    let row = messages::load(conn, id)?.ok_or_else(|| not_found(id))?;
    if handling::visibility(row.relation(viewer), &row.facts()) == Visibility::Hidden {
        return Err(not_found(id));
    }
    Ok(row)
}

/// 403 when the action is not the caller's; a state conflict is returned for later (after
/// the fields were validated).
fn may(
    action: Action,
    row: &MessageRow,
    viewer: &Viewer<'_>,
    now: i64,
) -> Result<(Relation, Option<ApiError>), ApiError> {
    let rel = row.relation(Some(viewer));
    match handling::check(action, rel, &row.facts(), now) {
        Ok(()) => Ok((rel, None)),
        Err(Refusal::Forbidden(why)) => Err(ApiError::Forbidden(why.into())),
        Err(Refusal::Conflict(why)) => Ok((rel, Some(ApiError::Conflict(why.into())))),
    }
}

fn check_version(row: &MessageRow, version: Option<i64>) -> Result<(), ApiError> {
    match version {
        Some(v) if v != row.version => Err(ApiError::Conflict(format!(
            "The message changed meanwhile (version {} now, {v} sent); reload it and try again.",
            row.version
        ))),
        _ => Ok(()),
    }
}

/// The message as the viewer sees it after a change.
fn reload(conn: &Connection, id: &str, v: &Viewer<'_>, now: i64) -> Result<Message, ApiError> {
    let row = messages::load(conn, id)?.ok_or_else(|| not_found(id))?;
    messages::view(conn, &row, Some(v), now)
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

/// `GET /api/v1/message-categories`
pub async fn categories(
    State(state): State<AppState>,
) -> Result<Json<Page<MessageCategory>>, ApiError> {
    let items = state.db().call(|conn| messages::categories(conn)).await?;
    Ok(Json(Page {
        items,
        next_cursor: None,
    }))
}

/// `GET /api/v1/messages/{id}`
pub async fn get_one(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    IdPath(id): IdPath,
) -> Result<Json<Message>, ApiError> {
    let now = state.now();
    let message = state
        .db()
        .call(move |conn| {
            let v = caller.as_ref().map(viewer);
            let row = load_visible(conn, &id, v.as_ref())?;
            messages::view(conn, &row, v.as_ref(), now)
        })
        .await?;
    Ok(Json(message))
}

/// Validates the query of a list.
fn list_filter(pairs: &QueryPairs, kind: ListKind, now: i64) -> Result<ListFilter, ApiError> {
    let mut errors = Vec::new();
    let status_raw = pairs.one("status", &mut errors);
    let category_raw = pairs.one("category", &mut errors);
    let cursor_raw = pairs.one("cursor", &mut errors);
    let limit_raw = pairs.one("limit", &mut errors);
    let status = match status_raw.as_deref() {
        None => None,
        Some(s) => {
            let parsed = StatusFilter::parse(s);
            if parsed.is_none() {
                errors.push(invalid(
                    "status",
                    "status must be open, submitted, accepted, assigned, in_progress, replied, \
                     resolved, closed or reopened",
                ));
            }
            parsed
        }
    };
    let category = match category_raw {
        Some(c) if c.is_empty() || c.chars().count() > 64 => {
            errors.push(invalid(
                "category",
                "category must be a category id from /message-categories",
            ));
            None
        }
        other => other,
    };
    let after = match cursor_raw.as_deref() {
        None => None,
        Some(c) => match MessageCursor::decode(c).filter(|c| messages::cursor_fits(&kind, c)) {
            Some(c) => Some(c),
            None => {
                errors.push(bad_cursor());
                None
            }
        },
    };
    let limit = limit(limit_raw, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    Ok(ListFilter {
        kind,
        status,
        category,
        after,
        limit,
        now,
    })
}

async fn list_for(
    state: &AppState,
    caller: Option<Caller>,
    filter: ListFilter,
) -> Result<Json<Page<MessageSummary>>, ApiError> {
    let (items, next_cursor) = state
        .db()
        .call(move |conn| {
            let v = caller.as_ref().map(viewer);
            messages::list(conn, &filter, v.as_ref())
        })
        .await?;
    Ok(Json(Page { items, next_cursor }))
}

/// `GET /api/v1/messages/mine`
pub async fn mine(
    State(state): State<AppState>,
    caller: Caller,
    pairs: QueryPairs,
) -> Result<Json<Page<MessageSummary>>, ApiError> {
    let kind = ListKind::Mine {
        user_id: caller.user_id.clone(),
    };
    let filter = list_filter(&pairs, kind, state.now())?;
    list_for(&state, Some(caller), filter).await
}

/// `GET /api/v1/board`
pub async fn board(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    pairs: QueryPairs,
) -> Result<Json<Page<MessageSummary>>, ApiError> {
    let filter = list_filter(&pairs, ListKind::Board, state.now())?;
    list_for(&state, caller, filter).await
}

/// `GET /api/v1/inbox`
pub async fn inbox(
    State(state): State<AppState>,
    caller: Caller,
    pairs: QueryPairs,
) -> Result<Json<Page<MessageSummary>>, ApiError> {
    if !caller.is(Role::Deputy) && !caller.is(Role::Staff) {
        return Err(ApiError::Forbidden(
            "The inbox is for deputies and liaison-station staff.".into(),
        ));
    }
    let kind = ListKind::Inbox {
        deputy_id: caller.deputy_id.clone().filter(|_| caller.is(Role::Deputy)),
        departments: caller.is(Role::Staff),
    };
    let filter = list_filter(&pairs, kind, state.now())?;
    list_for(&state, Some(caller), filter).await
}

/// `GET /api/v1/triage`
pub async fn triage_queue(
    State(state): State<AppState>,
    caller: Caller,
    pairs: QueryPairs,
) -> Result<Json<Page<MessageSummary>>, ApiError> {
    if !caller.is(Role::Staff) {
        return Err(ApiError::Forbidden(
            "The triage queue is for liaison-station staff.".into(),
        ));
    }
    let filter = list_filter(&pairs, ListKind::Triage, state.now())?;
    list_for(&state, Some(caller), filter).await
}

/// `GET /api/v1/responsiveness`
pub async fn responsiveness(
    State(state): State<AppState>,
) -> Result<Json<ResponsivenessTable>, ApiError> {
    let now = state.now();
    let table = state
        .db()
        .call(move |conn| {
            let rows_of =
                |sql: &str, kind: HandlerKind| -> Result<Vec<ResponsivenessRow>, ApiError> {
                    let mut stmt = conn.prepare(sql)?;
                    let people = stmt
                        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
                        .collect::<Result<Vec<_>, _>>()?;
                    let mut rows = Vec::with_capacity(people.len());
                    for (id, name) in people {
                        let stats = stats::responsiveness(conn, kind, &id, now)?;
                        rows.push(ResponsivenessRow {
                            id,
                            kind,
                            name,
                            stats,
                        });
                    }
                    rows.sort_by(|a, b| {
                        let ra = a.stats.reply_rate.unwrap_or(-1.0);
                        let rb = b.stats.reply_rate.unwrap_or(-1.0);
                        rb.total_cmp(&ra).then_with(|| a.name.cmp(&b.name))
                    });
                    Ok(rows)
                };
            let deputies = rows_of(
                "SELECT id, name FROM deputies ORDER BY position, id",
                HandlerKind::Deputy,
            )?;
            let departments = rows_of(
                "SELECT id, name FROM departments ORDER BY position, id",
                HandlerKind::Department,
            )?;
            Ok(ResponsivenessTable {
                deputies,
                departments,
                generated_at: rfc3339(now),
            })
        })
        .await?;
    Ok(Json(table))
}

// ---------------------------------------------------------------------------
// Creating a message
// ---------------------------------------------------------------------------

/// What can be checked of a new message without the database.
struct NewMessageInput {
    recipient: Option<(HandlerKind, String)>,
    category_id: Option<String>,
    title: Option<String>,
    body: Option<String>,
    photo_ids: Vec<String>,
    location: Option<Location>,
    public: bool,
}

fn recipient_field(
    f: &mut Fields,
    value: Option<&Value>,
    name: &str,
) -> Option<(HandlerKind, String)> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        f.push(name, "required", format!("{name} is required"));
        return None;
    };
    let Some(obj) = value.as_object() else {
        f.push(
            name,
            "invalid",
            format!("{name} must be {{\"kind\": \"deputy\" | \"department\", \"id\": …}}"),
        );
        return None;
    };
    let kind = obj
        .get("kind")
        .and_then(Value::as_str)
        .and_then(HandlerKind::parse);
    let id = obj
        .get("id")
        .and_then(Value::as_str)
        .filter(|id| crate::cursor::valid_id(id));
    match (kind, id) {
        (Some(kind), Some(id)) => Some((kind, id.to_owned())),
        _ => {
            f.push(
                name,
                "invalid",
                format!("{name} must name a deputy or a department"),
            );
            None
        }
    }
}

fn location_field(f: &mut Fields, obj: &Map<String, Value>) -> Option<Location> {
    let value = obj.get("location").filter(|v| !v.is_null())?;
    let Some(loc) = value.as_object() else {
        f.push(
            "location",
            "invalid",
            "location must be an object with a label",
        );
        return None;
    };
    let label = f.text_value(
        loc.get("label").filter(|v| !v.is_null()),
        "location",
        1,
        LOCATION_MAX,
        true,
    )?;
    let coord = |f: &mut Fields, name: &str, max: f64| -> Result<Option<f64>, ()> {
        match loc.get(name).filter(|v| !v.is_null()) {
            None => Ok(None),
            Some(v) => match v.as_f64() {
                Some(x) if x.is_finite() && (-max..=max).contains(&x) => Ok(Some(x)),
                Some(_) => {
                    f.push(
                        "location",
                        "out_of_range",
                        format!("location.{name} must be from -{max} to {max}"),
                    );
                    Err(())
                }
                None => {
                    f.push(
                        "location",
                        "invalid",
                        format!("location.{name} must be a number"),
                    );
                    Err(())
                }
            },
        }
    };
    let lat = coord(f, "lat", 90.0).ok()?;
    let lng = coord(f, "lng", 180.0).ok()?;
    if lat.is_some() != lng.is_some() {
        f.push(
            "location",
            "invalid",
            "location needs both lat and lng, or neither",
        );
        return None;
    }
    Some(Location { label, lat, lng })
}

fn photos_field(f: &mut Fields, obj: &Map<String, Value>) -> Vec<String> {
    let Some(value) = obj.get("photo_ids").filter(|v| !v.is_null()) else {
        return Vec::new();
    };
    let Some(items) = value.as_array() else {
        f.push(
            "photo_ids",
            "invalid",
            "photo_ids must be a list of upload ids",
        );
        return Vec::new();
    };
    if items.len() > MAX_PHOTOS {
        f.push(
            "photo_ids",
            "too_long",
            format!("at most {MAX_PHOTOS} photos per message"),
        );
        return Vec::new();
    }
    let mut ids: Vec<String> = Vec::new();
    for item in items {
        match item.as_str() {
            Some(id) if uploads::valid_upload_id(id) && !ids.iter().any(|x| x == id) => {
                ids.push(id.to_owned())
            }
            _ => {
                f.push(
                    "photo_ids",
                    "invalid",
                    "photo_ids must be distinct ids from POST /uploads",
                );
                return Vec::new();
            }
        }
    }
    ids
}

fn new_message_input(obj: &Map<String, Value>) -> (NewMessageInput, Fields) {
    let mut f = Fields::default();
    let input = NewMessageInput {
        recipient: recipient_field(&mut f, obj.get("recipient"), "recipient"),
        category_id: f.id(obj, "category_id"),
        title: f.text(obj, "title", TITLE_MIN, TITLE_MAX, true),
        body: f.text(obj, "body", BODY_MIN, BODY_MAX, true),
        photo_ids: photos_field(&mut f, obj),
        location: location_field(&mut f, obj),
        public: f.flag(obj, "public"),
    };
    (input, f)
}

/// `POST /api/v1/messages` (Idempotency-Key)
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let key = idempotency::key(&headers)?;
    let hash = idempotency::request_hash("POST", "/api/v1/messages", &body);
    let obj = input::object(&body)?;
    let (input, mut f) = new_message_input(&obj);
    let now = state.now();
    let tz = tz_secs(&state);
    let per_hour = state.config().limits.messages_per_hour;
    let answer = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            if let Some(stored) = idempotency::lookup(&tx, &caller.user_id, &key, &hash, now)? {
                return Ok(stored);
            }
            // checks that need the database
            if let Some((kind, id)) = &input.recipient {
                if messages::handler_name(&tx, *kind, id)?.is_none() {
                    f.push(
                        "recipient",
                        "invalid",
                        "recipient is not a known deputy or department",
                    );
                }
            }
            if let Some(c) = &input.category_id {
                if !messages::category_exists(&tx, c)? {
                    f.push(
                        "category_id",
                        "invalid",
                        "category_id is not a category from /message-categories",
                    );
                }
            }
            for id in &input.photo_ids {
                let ok = uploads::info(&tx, id)?
                    .is_some_and(|u| uploads::attachable(&u, &caller.user_id, now));
                if !ok {
                    f.push(
                        "photo_ids",
                        "invalid",
                        "a photo is not yours, is older than 24 hours, or is already attached",
                    );
                    break;
                }
            }
            f.finish()?;
            let (Some((rk, rid)), Some(category_id), Some(title), Some(body)) =
                (input.recipient, input.category_id, input.title, input.body)
            else {
                return Err(ApiError::Internal("validated input incomplete".into()));
            };
            rate::check_rate(
                &tx,
                &format!("message:{}", caller.user_id),
                per_hour,
                HOUR,
                now,
            )?;
            let rec = NewMessageRec {
                recipient_kind: rk,
                recipient_id: rid,
                category_id,
                title,
                body,
                photo_ids: input.photo_ids,
                location: input.location,
                public: input.public,
            };
            let id = messages::insert_message(&tx, &actor(&caller, Role::Citizen), &rec, now, tz)?;
            let message = reload(&tx, &id, &viewer(&caller), now)?;
            let stored = Stored {
                status: 201,
                body: serde_json::to_string(&message)?,
            };
            idempotency::store(&tx, &caller.user_id, &key, &hash, &stored, now)?;
            tx.commit()?;
            Ok(stored)
        })
        .await?;
    Ok(answer.into_response())
}

// ---------------------------------------------------------------------------
// Replies and follow-ups (Idempotency-Key)
// ---------------------------------------------------------------------------

async fn post_reply(
    state: AppState,
    caller: Caller,
    id: String,
    headers: HeaderMap,
    body: Bytes,
    follow_up: bool,
) -> Result<Response, ApiError> {
    let key = idempotency::key(&headers)?;
    let path = format!(
        "/api/v1/messages/{id}/{}",
        if follow_up { "follow-ups" } else { "replies" }
    );
    let hash = idempotency::request_hash("POST", &path, &body);
    let obj = input::object(&body)?;
    let mut f = Fields::default();
    let text = f.text(&obj, "body", 1, REPLY_MAX, true);
    let now = state.now();
    let per_hour = state.config().limits.follow_ups_per_hour;
    let hub = std::sync::Arc::clone(state.hub());
    let answer = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            if let Some(stored) = idempotency::lookup(&tx, &caller.user_id, &key, &hash, now)? {
                return Ok(stored);
            }
            let v = viewer(&caller);
            let row = load_visible(&tx, &id, Some(&v))?;
            let action = if follow_up {
                Action::FollowUp
            } else {
                Action::Reply
            };
            let (rel, conflict) = may(action, &row, &v, now)?;
            f.finish()?;
            if let Some(c) = conflict {
                return Err(c);
            }
            let text = text.ok_or_else(|| ApiError::Internal("validated body missing".into()))?;
            if follow_up {
                rate::check_rate(
                    &tx,
                    &format!("follow_up:{}", caller.user_id),
                    per_hour,
                    HOUR,
                    now,
                )?;
                let by = actor(&caller, Role::Citizen);
                messages::add_reply(&tx, &id, true, &by, &text, now)?;
                messages::add_timeline(&tx, &id, now, TimelineKind::FollowUp, &by, None, None)?;
                notify::message_changed(
                    &tx,
                    &hub,
                    &id,
                    Change::FollowedUp,
                    &caller.user_id,
                    Some(&text),
                    now,
                )?;
            } else {
                let by = actor(&caller, handler_role(rel));
                messages::add_reply(&tx, &id, false, &by, &text, now)?;
                let new_status = match row.status {
                    MessageStatus::Resolved | MessageStatus::Replied => None,
                    _ => Some(MessageStatus::Replied),
                };
                if let Some(s) = new_status {
                    messages::set_status(&tx, &id, s, now)?;
                }
                messages::add_timeline(
                    &tx,
                    &id,
                    now,
                    TimelineKind::Replied,
                    &by,
                    new_status,
                    None,
                )?;
                notify::message_changed(
                    &tx,
                    &hub,
                    &id,
                    Change::Replied,
                    &caller.user_id,
                    Some(&text),
                    now,
                )?;
            }
            messages::touch(&tx, &id, now)?;
            let message = reload(&tx, &id, &v, now)?;
            let stored = Stored {
                status: 201,
                body: serde_json::to_string(&message)?,
            };
            idempotency::store(&tx, &caller.user_id, &key, &hash, &stored, now)?;
            tx.commit()?;
            Ok(stored)
        })
        .await?;
    Ok(answer.into_response())
}

/// `POST /api/v1/messages/{id}/replies` (Idempotency-Key)
pub async fn reply(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    post_reply(state, caller, id, headers, body, false).await
}

/// `POST /api/v1/messages/{id}/follow-ups` (Idempotency-Key)
pub async fn follow_up(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    post_reply(state, caller, id, headers, body, true).await
}

// ---------------------------------------------------------------------------
// Handling
// ---------------------------------------------------------------------------

fn track_label(t: Track) -> &'static str {
    match t {
        Track::Fast => "民生小事",
        Track::Major => "重大议题",
        Track::Unknown => "未分类",
    }
}

/// The message (404 if not visible) and the caller's relation to it; 403 when the action
/// is not the caller's; a state conflict is kept for [`gate`].
fn prelude(
    conn: &Connection,
    id: &str,
    v: &Viewer<'_>,
    action: Action,
    now: i64,
) -> Result<(MessageRow, Relation, Option<ApiError>), ApiError> {
    let row = load_visible(conn, id, Some(v))?;
    let (rel, conflict) = may(action, &row, v, now)?;
    Ok((row, rel, conflict))
}

/// After the fields were read: 400 with every field error, then 409 for a stale version,
/// then 409 for a state that does not allow the action.
fn gate(
    f: Fields,
    row: &MessageRow,
    version: Option<i64>,
    conflict: Option<ApiError>,
) -> Result<(), ApiError> {
    f.finish()?;
    check_version(row, version)?;
    match conflict {
        Some(c) => Err(c),
        None => Ok(()),
    }
}

/// Bumps the version, commits, and answers the message as the caller sees it.
fn finish(
    tx: rusqlite::Transaction<'_>,
    id: &str,
    v: &Viewer<'_>,
    now: i64,
) -> Result<Message, ApiError> {
    messages::touch(&tx, id, now)?;
    let message = reload(&tx, id, v, now)?;
    tx.commit()?;
    Ok(message)
}

fn missing() -> ApiError {
    ApiError::Internal("a validated field is missing".into())
}

/// `POST /api/v1/messages/{id}/triage` (staff)
pub async fn triage(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    body: Bytes,
) -> Result<Json<Message>, ApiError> {
    let obj = input::object(&body)?;
    let now = state.now();
    let tz = tz_secs(&state);
    let hub = std::sync::Arc::clone(state.hub());
    let m = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            let v = viewer(&caller);
            let (row, _rel, conflict) = prelude(&tx, &id, &v, Action::Triage, now)?;
            let mut f = Fields::default();
            let version = f.version(&obj);
            let track = f.choice(&obj, "track", "fast, major", Track::parse);
            let category = f.id(&obj, "category_id");
            let handler = recipient_field(&mut f, obj.get("handler"), "handler");
            let note = f.text(&obj, "note", 1, NOTE_MAX, false);
            if let Some(c) = &category {
                if !messages::category_exists(&tx, c)? {
                    f.push(
                        "category_id",
                        "invalid",
                        "category_id is not a category from /message-categories",
                    );
                }
            }
            let mut handler_name = None;
            if let Some((k, hid)) = &handler {
                handler_name = messages::handler_name(&tx, *k, hid)?;
                if handler_name.is_none() {
                    f.push(
                        "handler",
                        "invalid",
                        "handler is not a known deputy or department",
                    );
                }
            }
            gate(f, &row, version, conflict)?;
            let (Some(track), Some(category), Some((k, hid)), Some(hname)) =
                (track, category, handler, handler_name)
            else {
                return Err(missing());
            };
            messages::triage(&tx, &id, track, &category, (k, &hid), now, tz)?;
            let mut text = format!("{}，交由{}办理", track_label(track), hname);
            if let Some(n) = note {
                text.push('。');
                text.push_str(&n);
            }
            messages::add_timeline(
                &tx,
                &id,
                now,
                TimelineKind::Triaged,
                &actor(&caller, Role::Staff),
                Some(MessageStatus::Assigned),
                Some(&text),
            )?;
            let assigned = Change::Assigned {
                from: row.status,
                to: MessageStatus::Assigned,
            };
            notify::message_changed(&tx, &hub, &id, assigned, &caller.user_id, None, now)?;
            finish(tx, &id, &v, now)
        })
        .await?;
    Ok(Json(m))
}

/// `POST /api/v1/messages/{id}/status` (handler or staff)
pub async fn set_status(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    body: Bytes,
) -> Result<Json<Message>, ApiError> {
    let obj = input::object(&body)?;
    let now = state.now();
    let hub = std::sync::Arc::clone(state.hub());
    let m = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            let v = viewer(&caller);
            let mut f = Fields::default();
            let version = f.version(&obj);
            let status = f.choice(
                &obj,
                "status",
                "accepted, in_progress, resolved, closed",
                MessageStatus::parse,
            );
            let note = f.text(&obj, "note", 1, NOTE_MAX, false);
            // the action depends on the wanted status; an unreadable one checks the rights
            // with a status every handler may want
            let wanted = status.unwrap_or(MessageStatus::Resolved);
            let (row, rel, conflict) = prelude(&tx, &id, &v, Action::SetStatus(wanted), now)?;
            gate(f, &row, version, conflict)?;
            let status = status.ok_or_else(missing)?;
            messages::set_status(&tx, &id, status, now)?;
            messages::add_timeline(
                &tx,
                &id,
                now,
                TimelineKind::StatusChanged,
                &actor(&caller, handler_role(rel)),
                Some(status),
                note.as_deref(),
            )?;
            let change = Change::StatusChanged {
                from: row.status,
                to: status,
                track: row.track,
            };
            notify::message_changed(&tx, &hub, &id, change, &caller.user_id, None, now)?;
            finish(tx, &id, &v, now)
        })
        .await?;
    Ok(Json(m))
}

/// `POST /api/v1/messages/{id}/plan` (handler or staff of a major issue)
pub async fn add_plan_step(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    body: Bytes,
) -> Result<Response, ApiError> {
    let obj = input::object(&body)?;
    let now = state.now();
    let m = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            let v = viewer(&caller);
            let (row, rel, conflict) = prelude(&tx, &id, &v, Action::Plan, now)?;
            let mut f = Fields::default();
            let version = f.version(&obj);
            let title = f.text(&obj, "title", STEP_TITLE_MIN, STEP_TITLE_MAX, true);
            let due_at = f.time(&obj, "due_at", now);
            gate(f, &row, version, conflict)?;
            let (Some(title), Some(due_at)) = (title, due_at) else {
                return Err(missing());
            };
            messages::add_plan_step(&tx, &id, &title, due_at, now)?;
            messages::add_timeline(
                &tx,
                &id,
                now,
                TimelineKind::PlanStepAdded,
                &actor(&caller, handler_role(rel)),
                None,
                Some(&title),
            )?;
            finish(tx, &id, &v, now)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(m)).into_response())
}

/// `POST /api/v1/messages/{id}/plan/{step_id}/done` (handler or staff)
pub async fn plan_step_done(
    State(state): State<AppState>,
    caller: Caller,
    axum::extract::Path((id, step_id)): axum::extract::Path<(String, String)>,
    body: Bytes,
) -> Result<Json<Message>, ApiError> {
    let obj = input::object(&body)?;
    let now = state.now();
    let hub = std::sync::Arc::clone(state.hub());
    let m = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            let v = viewer(&caller);
            let (row, rel, conflict) = prelude(&tx, &id, &v, Action::Plan, now)?;
            let step = if crate::cursor::valid_id(&step_id) {
                messages::plan_step(&tx, &id, &step_id)?
            } else {
                None
            };
            let Some((title, done)) = step else {
                return Err(ApiError::NotFound(format!(
                    "Message {id:?} has no plan step {step_id:?}."
                )));
            };
            let mut f = Fields::default();
            let version = f.version(&obj);
            let conflict = conflict.or_else(|| {
                done.then(|| ApiError::Conflict("This plan step is already done.".into()))
            });
            gate(f, &row, version, conflict)?;
            messages::mark_step_done(&tx, &step_id, now)?;
            messages::add_timeline(
                &tx,
                &id,
                now,
                TimelineKind::PlanStepDone,
                &actor(&caller, handler_role(rel)),
                None,
                Some(&title),
            )?;
            notify::message_changed(
                &tx,
                &hub,
                &id,
                Change::PlanStepDone,
                &caller.user_id,
                Some(&title),
                now,
            )?;
            finish(tx, &id, &v, now)
        })
        .await?;
    Ok(Json(m))
}

/// `POST /api/v1/messages/{id}/hand-over` (handling deputy or staff)
pub async fn hand_over(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    body: Bytes,
) -> Result<Json<Message>, ApiError> {
    let obj = input::object(&body)?;
    let now = state.now();
    let hub = std::sync::Arc::clone(state.hub());
    let m = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            let v = viewer(&caller);
            let (row, rel, conflict) = prelude(&tx, &id, &v, Action::HandOver, now)?;
            let mut f = Fields::default();
            let version = f.version(&obj);
            let department = f.id(&obj, "department_id");
            let note = f.text(&obj, "note", REASON_MIN, NOTE_MAX, true);
            let mut name = None;
            if let Some(d) = &department {
                name = messages::handler_name(&tx, HandlerKind::Department, d)?;
                if name.is_none() {
                    f.push(
                        "department_id",
                        "invalid",
                        "department_id is not a department from /departments",
                    );
                }
            }
            let same = row.handler_kind == Some(HandlerKind::Department)
                && row.handler_id.is_some()
                && row.handler_id == department;
            let conflict = conflict.or_else(|| {
                same.then(|| {
                    ApiError::Conflict("The message is already handled by this department.".into())
                })
            });
            gate(f, &row, version, conflict)?;
            let (Some(department), Some(name), Some(note)) = (department, name, note) else {
                return Err(missing());
            };
            messages::hand_over(&tx, &id, &department, now)?;
            messages::add_timeline(
                &tx,
                &id,
                now,
                TimelineKind::HandedOver,
                &actor(&caller, handler_role(rel)),
                Some(MessageStatus::Assigned),
                Some(&format!("转交{name}办理：{note}")),
            )?;
            let assigned = Change::Assigned {
                from: row.status,
                to: MessageStatus::Assigned,
            };
            notify::message_changed(&tx, &hub, &id, assigned, &caller.user_id, None, now)?;
            finish(tx, &id, &v, now)
        })
        .await?;
    Ok(Json(m))
}

/// `POST /api/v1/messages/{id}/rating` (author, once, when resolved; closes it)
pub async fn rate(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    body: Bytes,
) -> Result<Json<Message>, ApiError> {
    let obj = input::object(&body)?;
    let now = state.now();
    let hub = std::sync::Arc::clone(state.hub());
    let m = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            let v = viewer(&caller);
            let (row, _rel, conflict) = prelude(&tx, &id, &v, Action::Rate, now)?;
            let mut f = Fields::default();
            let stars = f.int_in(&obj, "stars", 1, 5);
            let comment = f.text(&obj, "comment", 1, NOTE_MAX, false);
            gate(f, &row, None, conflict)?;
            let stars = stars
                .and_then(|s| u8::try_from(s).ok())
                .ok_or_else(missing)?;
            messages::rate(&tx, &id, stars, comment.as_deref(), now)?;
            let note = match &comment {
                Some(c) => format!("评价 {stars} 星：{c}"),
                None => format!("评价 {stars} 星"),
            };
            messages::add_timeline(
                &tx,
                &id,
                now,
                TimelineKind::Rated,
                &actor(&caller, Role::Citizen),
                Some(MessageStatus::Closed),
                Some(&note),
            )?;
            notify::message_changed(&tx, &hub, &id, Change::Rated, &caller.user_id, Some(&note), now)?;
            finish(tx, &id, &v, now)
        })
        .await?;
    Ok(Json(m))
}

/// `POST /api/v1/messages/{id}/reopen` (author, within 7 days of closing)
pub async fn reopen(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    body: Bytes,
) -> Result<Json<Message>, ApiError> {
    let obj = input::object(&body)?;
    let now = state.now();
    let tz = tz_secs(&state);
    let hub = std::sync::Arc::clone(state.hub());
    let m = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            let v = viewer(&caller);
            let (row, _rel, conflict) = prelude(&tx, &id, &v, Action::Reopen, now)?;
            let mut f = Fields::default();
            let reason = f.text(&obj, "reason", REASON_MIN, NOTE_MAX, true);
            gate(f, &row, None, conflict)?;
            let reason = reason.ok_or_else(missing)?;
            messages::reopen(&tx, &id, now, tz)?;
            messages::add_timeline(
                &tx,
                &id,
                now,
                TimelineKind::Reopened,
                &actor(&caller, Role::Citizen),
                Some(MessageStatus::Reopened),
                Some(&reason),
            )?;
            notify::message_changed(&tx, &hub, &id, Change::Reopened, &caller.user_id, Some(&reason), now)?;
            finish(tx, &id, &v, now)
        })
        .await?;
    Ok(Json(m))
}
