//! One pipeline for the actions on a message: an action ([`MessageAction`]) is only its own
//! checks and its change; [`run`] does the rest, in the order of answers of every write
//! (see [`super`]):
//!
//! 1. 400: the `Idempotency-Key` (idempotent actions), then a body that is not a JSON
//!    object; the body is read into its contract type and the contract's rules run
//!    ([`Validate`]);
//! 2. in one transaction: the stored answer of a repeated idempotent request;
//! 3. 404: the message, if the caller may see it;
//! 4. 403: the handling rule of the action ([`handling::check`]); a conflict with the
//!    message's state is kept for step 6; then 404 for what else the action works on
//!    ([`MessageAction::load`], e.g. a plan step);
//! 5. 400: every field error at once (the rules', then the database's:
//!    [`MessageAction::lookup`]);
//! 6. 409: a stale `version`, then the state's conflict, then the action's own
//!    ([`MessageAction::conflict`]);
//! 7. 429: the rate limit of what is created ([`MessageAction::limit`]);
//! 8. the change ([`MessageAction::apply`]), its timeline entry, the notifications
//!    ([`notify::message_changed`]), the new version; the answer is the message as the
//!    caller now sees it (stored for repeats of an idempotent request).

use std::sync::Arc;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use contract::rules::Validate;
use contract::{Message, MessageStatus, Role, TimelineKind, API_PREFIX};
use crate::sql::Connection;

use crate::auth::Caller;
use crate::clock::HOUR;
use crate::handling::{self, Action, Refusal, Relation, Viewer, Visibility};
use crate::idempotency::{Idempotent, Stored};
use crate::messages::{self, ActorRec, MessageRow};
use crate::notify::{self, Change};
use crate::problem::ApiError;
use crate::routes::body::{self, Checked, Wire};
use crate::{rate, AppState, Limits};

/// Who acts, as the timeline shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// The author (a citizen).
    Author,
    /// Liaison-station staff.
    Staff,
    /// The handling deputy, or staff acting for a department.
    Handler,
}

impl By {
    fn role(self, rel: Relation) -> Role {
        match self {
            By::Author => Role::Citizen,
            By::Staff => Role::Staff,
            By::Handler if rel.handling_deputy => Role::Deputy,
            By::Handler => Role::Staff,
        }
    }
}

/// What an action sees: the message before the change and who acts.
pub struct Cx<'a> {
    pub conn: &'a Connection,
    pub id: &'a str,
    pub row: &'a MessageRow,
    /// The caller, as recorded on what they write.
    pub by: ActorRec,
    pub now: i64,
    /// The township's offset from UTC in seconds.
    pub tz: i64,
    /// What actions pay in points.
    pub points: &'a crate::points::PointsRules,
}

/// What a change puts on the message's timeline, and whom it tells.
pub struct Effect {
    pub timeline: TimelineKind,
    /// The status after the change, when it changed it.
    pub status: Option<MessageStatus>,
    pub note: Option<String>,
    /// An internal note written with the change (triage's note), put after its entry as an
    /// `internal_note` entry that only handlers and staff see.
    pub internal_note: Option<String>,
    /// What happened for the notifications, and the detail they quote (`None`: nobody is
    /// told).
    pub notify: Option<(Change, Option<String>)>,
}

/// One action on a message: its body, its checks and its change. The body's own rules are
/// the contract's ([`Validate`]).
pub trait MessageAction: Send + 'static {
    /// The request body (a contract type).
    type Body: Wire + Validate + Send + 'static;
    /// Who does it.
    const BY: By;
    /// The handling rule the action falls under.
    const RULE: Action;
    /// Idempotent actions (they create something the author must not get twice): the last
    /// segment of their path; their answer is 201, stored for repeats.
    const IDEMPOTENT: Option<&'static str> = None;
    /// The status of the answer of an action that is not idempotent.
    const STATUS: StatusCode = StatusCode::OK;

    /// The handling rule of what is asked ([`Self::RULE`] unless it depends on the body).
    fn rule(&self, _body: &Self::Body) -> Action {
        Self::RULE
    }

    /// What else the action works on (404 when it is not there).
    fn load(&mut self, _cx: &Cx<'_>) -> Result<(), ApiError> {
        Ok(())
    }

    /// Field checks that need the database (of the fields still fine).
    fn lookup(&mut self, _cx: &Cx<'_>, _body: &mut Checked<Self::Body>) -> Result<(), ApiError> {
        Ok(())
    }

    /// A conflict of the action with the message beyond the handling rules (409).
    fn conflict(&self, _cx: &Cx<'_>, _body: &Self::Body) -> Option<ApiError> {
        None
    }

    /// The rate limit of the action: the bucket's name and the requests per hour.
    fn limit(&self, _limits: &Limits) -> Option<(&'static str, u32)> {
        None
    }

    /// The change.
    fn apply(self, cx: &Cx<'_>, body: Self::Body) -> Result<Effect, ApiError>;
}

/// A signed-in caller as the handling rules see them.
pub fn viewer(c: &Caller) -> Viewer<'_> {
    Viewer {
        user_id: &c.user_id,
        roles: &c.roles,
        deputy_id: c.deputy_id.as_deref(),
    }
}

/// The caller as recorded on what they write, acting as `role`.
pub fn actor(c: &Caller, role: Role) -> ActorRec {
    ActorRec {
        user_id: Some(c.user_id.clone()),
        role,
        name: c.display_name.clone(),
    }
}

fn not_found(id: &str) -> ApiError {
    ApiError::NotFound(format!("There is no message with id {id:?}."))
}

/// The township's offset from UTC in seconds.
pub fn tz_secs(state: &AppState) -> i64 {
    state.tz_secs()
}

/// The message if the viewer may see it, else 404.
pub fn load_visible(
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

fn check_version(row: &MessageRow, version: Option<u32>) -> Result<(), ApiError> {
    match version.map(i64::from) {
        Some(v) if v != row.version => Err(ApiError::Conflict(format!(
            "The message changed meanwhile (version {} now, {v} sent); reload it and try again.",
            row.version
        ))),
        _ => Ok(()),
    }
}

/// The message as the viewer sees it after a change.
pub fn reload(conn: &Connection, id: &str, v: &Viewer<'_>, now: i64) -> Result<Message, ApiError> {
    let row = messages::load(conn, id)?.ok_or_else(|| not_found(id))?;
    messages::view(conn, &row, Some(v), now)
}

/// The answer of an action.
enum Answer {
    Message(Box<Message>),
    Stored(Stored),
}

/// Runs `action` on the message `id` for `caller` (see the module's steps).
pub async fn run<A: MessageAction>(
    state: AppState,
    caller: Caller,
    id: String,
    headers: HeaderMap,
    bytes: Bytes,
    mut action: A,
) -> Result<Response, ApiError> {
    let idempotent = match A::IDEMPOTENT {
        Some(segment) => {
            let path = format!("{API_PREFIX}/messages/{id}/{segment}");
            Some(Idempotent::post(&headers, &path, &bytes)?)
        }
        None => None,
    };
    let now = state.now();
    let tz = tz_secs(&state);
    let mut body = body::read::<A::Body>(&bytes)?.check(|b| b.validate_at(now));
    let limits = state.config().limits.clone();
    let points = state.config().points.clone();
    let hub = Arc::clone(state.hub());
    let answer = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            if let Some(i) = &idempotent {
                if let Some(stored) = i.replay(&tx, &caller.user_id, now)? {
                    return Ok(Answer::Stored(stored));
                }
            }
            let v = viewer(&caller);
            let row = load_visible(&tx, &id, Some(&v))?;
            let (rel, conflict) = may(action.rule(&body.raw), &row, &v, now)?;
            let cx = Cx {
                conn: &tx,
                id: &id,
                row: &row,
                by: actor(&caller, A::BY.role(rel)),
                now,
                tz,
                points: &points,
            };
            action.load(&cx)?;
            action.lookup(&cx, &mut body)?;
            let valid = body.finish()?;
            check_version(&row, valid.seen_version())?;
            if let Some(c) = conflict.or_else(|| action.conflict(&cx, &valid)) {
                return Err(c);
            }
            if let Some((what, per_hour)) = action.limit(&limits) {
                let bucket = format!("{what}:{}", caller.user_id);
                rate::check_rate(&tx, &bucket, per_hour, HOUR, now)?;
            }
            let effect = action.apply(&cx, valid)?;
            let note = effect.note.as_deref();
            messages::add_timeline(&tx, &id, now, effect.timeline, &cx.by, effect.status, note)?;
            if let Some(n) = effect.internal_note.as_deref() {
                messages::add_timeline(&tx, &id, now, TimelineKind::InternalNote, &cx.by, None, Some(n))?;
            }
            if let Some((change, detail)) = effect.notify {
                let (user, detail) = (&caller.user_id, detail.as_deref());
                notify::message_changed(&tx, &hub, &id, change, user, detail, now)?;
            }
            // an internal note alone changes nothing the author sees: the message keeps its
            // `updated_at` (the author's and the board's order, which would tell that something
            // happened) and its `version` (the handlers' open forms stay valid)
            if effect.timeline != TimelineKind::InternalNote {
                messages::touch(&tx, &id, now)?;
            }
            let message = reload(&tx, &id, &v, now)?;
            let answer = match &idempotent {
                Some(i) => Answer::Stored(i.answer(&tx, &caller.user_id, &message, now)?),
                None => Answer::Message(Box::new(message)),
            };
            drop(cx);
            tx.commit()?;
            Ok(answer)
        })
        .await?;
    Ok(match answer {
        Answer::Stored(stored) => stored.into_response(),
        Answer::Message(message) => (A::STATUS, Json(*message)).into_response(),
    })
}
