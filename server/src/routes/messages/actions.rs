//! The actions on a message, each only its own checks and its change (the rest is the
//! [`pipeline`](super::pipeline)), and creating a message.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use contract::rules::{self, INVALID};
use contract::{
    HandOver as HandOverBody, HandlerKind, MessageStatus, NewMessage, NewPlanStep, NewRating,
    NewReply, PointsAction, Reopen as ReopenBody, Role, StatusChange, StepDone, TimelineKind, Track,
    Triage as TriageBody, API_PREFIX,
};
use crate::sql::Connection;

use super::pipeline::{actor, reload, run, tz_secs, viewer, By, Cx, Effect, MessageAction};
use crate::auth::Caller;
use crate::clock::{parse_rfc3339, HOUR};
use crate::cursor::valid_id;
use crate::handling::Action;
use crate::idempotency::Idempotent;
use crate::messages::{self, NewMessageRec};
use crate::notify::Change;
use crate::problem::ApiError;
use crate::routes::body::{self, Checked};
use crate::routes::IdPath;
use crate::{rate, uploads, AppState, Limits};

/// `POST /messages/{id}/<action>` for an action that needs nothing but the message id.
pub async fn post<A: MessageAction + Default>(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    run(state, caller, id, headers, body, A::default()).await
}

/// `POST /messages/{id}/plan/{step_id}/done` (handler or staff)
pub async fn plan_step_done(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, step_id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let action = PlanStepDone {
        step_id,
        step: None,
    };
    run(state, caller, id, HeaderMap::new(), body, action).await
}

// ---------------------------------------------------------------------------
// Checks against the database
// ---------------------------------------------------------------------------

/// An error on `field` unless `category_id` is a message category.
fn known_category<T>(
    conn: &Connection,
    body: &mut Checked<T>,
    field: &str,
    category_id: &str,
) -> Result<(), ApiError> {
    if body.ok(field) && !messages::category_exists(conn, category_id)? {
        body.reject(rules::error(
            field,
            INVALID,
            format!("{field} is not a category from /message-categories"),
        ));
    }
    Ok(())
}

/// The name of the deputy or department `field` names; an error on the field when there is
/// none.
fn known_handler<T>(
    conn: &Connection,
    body: &mut Checked<T>,
    field: &str,
    (kind, id): (HandlerKind, &str),
) -> Result<String, ApiError> {
    if !body.ok(field) {
        return Ok(String::new());
    }
    let name = messages::handler_name(conn, kind, id)?;
    if name.is_none() {
        body.reject(rules::error(
            field,
            INVALID,
            format!("{field} is not a known deputy or department"),
        ));
    }
    Ok(name.unwrap_or_default())
}

// ---------------------------------------------------------------------------
// Creating a message
// ---------------------------------------------------------------------------

/// `POST /api/v1/messages` (Idempotency-Key): 400 (key, body, fields) → the stored answer
/// of a repeat → 400 (what the database says of the fields) → 429.
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let request = Idempotent::post(&headers, &format!("{API_PREFIX}/messages"), &bytes)?;
    let mut body = body::read::<NewMessage>(&bytes)?.check(NewMessage::validate);
    let now = state.now();
    let tz = tz_secs(&state);
    let per_hour = state.config().limits.messages_per_hour;
    let points = state.config().points.clone();
    let answer = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            if let Some(stored) = request.replay(&tx, &caller.user_id, now)? {
                return Ok(stored);
            }
            let recipient = body.raw.recipient.clone();
            if body.ok("recipient")
                && messages::recipient_name(&tx, recipient.kind, &recipient.id)?.is_none()
            {
                body.reject(rules::error(
                    "recipient",
                    INVALID,
                    "recipient is not a known deputy, department or liaison station",
                ));
            }
            let category_id = body.raw.category_id.clone();
            known_category(&tx, &mut body, "category_id", &category_id)?;
            if body.ok("photo_ids") {
                for id in &body.raw.photo_ids {
                    let ok = uploads::info(&tx, id)?
                        .is_some_and(|u| uploads::attachable(&u, &caller.user_id, now));
                    if !ok {
                        body.reject(rules::error(
                            "photo_ids",
                            INVALID,
                            "a photo is not yours, is older than 24 hours, or is already attached",
                        ));
                        break;
                    }
                }
            }
            let m = body.finish()?;
            let bucket = format!("message:{}", caller.user_id);
            rate::check_rate(&tx, &bucket, per_hour, HOUR, now)?;
            let rec = NewMessageRec {
                recipient_kind: m.recipient.kind,
                recipient_id: m.recipient.id,
                category_id: m.category_id,
                title: m.title,
                body: m.body,
                photo_ids: m.photo_ids,
                location: m.location,
                public: m.public,
            };
            let title = rec.title.clone();
            let id = messages::insert_message(&tx, &actor(&caller, Role::Citizen), &rec, now, tz)?;
            // One more message for the poster's week; the message keeps nothing of it.
            super::super::posters::count_message(&tx, m.via.as_deref(), now, tz)?;
            let link = format!("/messages/{id}");
            let award = crate::points::Award {
                user_id: &caller.user_id,
                action: PointsAction::MessageSent,
                reference: &id,
                title: &title,
                link: Some(&link),
            };
            crate::points::award(&tx, &points, (tz / 60) as i32, &award, now)?;
            let message = reload(&tx, &id, &viewer(&caller), now)?;
            let stored = request.answer(&tx, &caller.user_id, &message, now)?;
            tx.commit()?;
            Ok(stored)
        })
        .await?;
    Ok(answer.into_response())
}

// ---------------------------------------------------------------------------
// Replies and follow-ups (Idempotency-Key)
// ---------------------------------------------------------------------------

/// `POST /api/v1/messages/{id}/replies` (handler or staff): a reply answers the message
/// (`replied`, unless it is resolved or replied already).
#[derive(Default)]
pub struct Reply;

impl MessageAction for Reply {
    type Body = NewReply;
    const BY: By = By::Handler;
    const IDEMPOTENT: Option<&'static str> = Some("replies");
    const RULE: Action = Action::Reply;

    fn apply(self, cx: &Cx<'_>, reply: NewReply) -> Result<Effect, ApiError> {
        messages::add_reply(cx.conn, cx.id, false, &cx.by, &reply.body, cx.now)?;
        let status = match cx.row.status {
            MessageStatus::Resolved | MessageStatus::Replied => None,
            _ => Some(MessageStatus::Replied),
        };
        if let Some(s) = status {
            messages::set_status(cx.conn, cx.id, s, cx.now)?;
        }
        Ok(Effect {
            internal_note: None,
            timeline: TimelineKind::Replied,
            status,
            note: None,
            notify: Some((Change::Replied, Some(reply.body))),
        })
    }
}

/// `POST /api/v1/messages/{id}/follow-ups` (the author).
#[derive(Default)]
pub struct FollowUp;

impl MessageAction for FollowUp {
    type Body = NewReply;
    const BY: By = By::Author;
    const IDEMPOTENT: Option<&'static str> = Some("follow-ups");
    const RULE: Action = Action::FollowUp;

    fn limit(&self, limits: &Limits) -> Option<(&'static str, u32)> {
        Some(("follow_up", limits.follow_ups_per_hour))
    }

    fn apply(self, cx: &Cx<'_>, follow_up: NewReply) -> Result<Effect, ApiError> {
        messages::add_reply(cx.conn, cx.id, true, &cx.by, &follow_up.body, cx.now)?;
        Ok(Effect {
            internal_note: None,
            timeline: TimelineKind::FollowUp,
            status: None,
            note: None,
            notify: Some((Change::FollowedUp, Some(follow_up.body))),
        })
    }
}

/// `POST /api/v1/messages/{id}/notes` (handler or staff): an internal note, for the handlers
/// and staff only; nobody is alerted, and the message's `version` and `updated_at` stay.
#[derive(Default)]
pub struct Note;

impl MessageAction for Note {
    type Body = NewReply;
    const BY: By = By::Handler;
    const IDEMPOTENT: Option<&'static str> = Some("notes");
    const RULE: Action = Action::Note;

    fn limit(&self, limits: &Limits) -> Option<(&'static str, u32)> {
        Some(("note", limits.follow_ups_per_hour))
    }

    fn apply(self, _cx: &Cx<'_>, note: NewReply) -> Result<Effect, ApiError> {
        Ok(Effect {
            internal_note: None,
            timeline: TimelineKind::InternalNote,
            status: None,
            note: Some(note.body),
            notify: None,
        })
    }
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

/// The change of status of a message (re)assigned to a handler.
fn assigned(cx: &Cx<'_>) -> Option<(Change, Option<String>)> {
    let change = Change::Assigned {
        from: cx.row.status,
        to: MessageStatus::Assigned,
    };
    Some((change, None))
}

/// `POST /api/v1/messages/{id}/triage` (staff): track, category and handler; the track's
/// deadline.
#[derive(Default)]
pub struct Triage {
    /// The handler's name (found by `lookup`).
    handler: String,
}

impl MessageAction for Triage {
    type Body = TriageBody;
    const BY: By = By::Staff;
    const RULE: Action = Action::Triage;

    fn lookup(&mut self, cx: &Cx<'_>, body: &mut Checked<TriageBody>) -> Result<(), ApiError> {
        let category_id = body.raw.category_id.clone();
        known_category(cx.conn, body, "category_id", &category_id)?;
        let h = body.raw.handler.clone();
        self.handler = known_handler(cx.conn, body, "handler", (h.kind, &h.id))?;
        Ok(())
    }

    fn apply(self, cx: &Cx<'_>, t: TriageBody) -> Result<Effect, ApiError> {
        let handler = (t.handler.kind, t.handler.id.as_str());
        messages::triage(
            cx.conn,
            cx.id,
            t.track,
            &t.category_id,
            handler,
            cx.now,
            cx.tz,
        )?;
        // the public entry says only the decision; staff's own words are for the handler
        let note = format!("{}，交由{}办理", track_label(t.track), self.handler);
        Ok(Effect {
            internal_note: t.note,
            timeline: TimelineKind::Triaged,
            status: Some(MessageStatus::Assigned),
            note: Some(note),
            notify: assigned(cx),
        })
    }
}

/// `POST /api/v1/messages/{id}/status` (handler or staff).
#[derive(Default)]
pub struct SetStatus;

impl MessageAction for SetStatus {
    type Body = StatusChange;
    const BY: By = By::Handler;
    /// The rule checked for a status that is not readable: one every handler may ask for.
    const RULE: Action = Action::SetStatus(MessageStatus::Resolved);

    /// The rule depends on the status asked for.
    fn rule(&self, body: &StatusChange) -> Action {
        match body.status {
            MessageStatus::Unknown => Self::RULE,
            s => Action::SetStatus(s),
        }
    }

    fn apply(self, cx: &Cx<'_>, s: StatusChange) -> Result<Effect, ApiError> {
        messages::set_status(cx.conn, cx.id, s.status, cx.now)?;
        let change = Change::StatusChanged {
            from: cx.row.status,
            to: s.status,
            track: cx.row.track,
        };
        Ok(Effect {
            internal_note: None,
            timeline: TimelineKind::StatusChanged,
            status: Some(s.status),
            // the handler's note goes to the author with the new status
            notify: Some((change, s.note.clone())),
            note: s.note,
        })
    }
}

/// `POST /api/v1/messages/{id}/plan` (handler or staff of a major issue): a new step.
#[derive(Default)]
pub struct AddPlanStep;

impl MessageAction for AddPlanStep {
    type Body = NewPlanStep;
    const BY: By = By::Handler;
    const STATUS: StatusCode = StatusCode::CREATED;
    const RULE: Action = Action::Plan;

    fn apply(self, cx: &Cx<'_>, step: NewPlanStep) -> Result<Effect, ApiError> {
        let due_at = parse_rfc3339(&step.due_at)
            .ok_or_else(|| ApiError::Internal("a validated due_at does not parse".into()))?;
        messages::add_plan_step(cx.conn, cx.id, &step.title, due_at, cx.now)?;
        Ok(Effect {
            internal_note: None,
            timeline: TimelineKind::PlanStepAdded,
            status: None,
            note: Some(step.title),
            notify: None,
        })
    }
}

/// `POST /api/v1/messages/{id}/plan/{step_id}/done` (handler or staff): a step done.
pub struct PlanStepDone {
    step_id: String,
    /// Its title, and whether it was done already (found by `load`).
    step: Option<(String, bool)>,
}

impl MessageAction for PlanStepDone {
    type Body = StepDone;
    const BY: By = By::Handler;
    const RULE: Action = Action::Plan;

    fn load(&mut self, cx: &Cx<'_>) -> Result<(), ApiError> {
        if valid_id(&self.step_id) {
            self.step = messages::plan_step(cx.conn, cx.id, &self.step_id)?;
        }
        match self.step {
            Some(_) => Ok(()),
            None => Err(ApiError::NotFound(format!(
                "Message {:?} has no plan step {:?}.",
                cx.id, self.step_id
            ))),
        }
    }

    fn conflict(&self, _cx: &Cx<'_>, _body: &StepDone) -> Option<ApiError> {
        match self.step {
            Some((_, true)) => Some(ApiError::Conflict("This plan step is already done.".into())),
            _ => None,
        }
    }

    fn apply(self, cx: &Cx<'_>, _: StepDone) -> Result<Effect, ApiError> {
        let (title, _) = self.step.unwrap_or_default();
        messages::mark_step_done(cx.conn, &self.step_id, cx.now)?;
        Ok(Effect {
            internal_note: None,
            timeline: TimelineKind::PlanStepDone,
            status: None,
            note: Some(title.clone()),
            notify: Some((Change::PlanStepDone, Some(title))),
        })
    }
}

/// `POST /api/v1/messages/{id}/hand-over` (the handling deputy or staff): to a department.
#[derive(Default)]
pub struct HandOver {
    /// The department's name (found by `lookup`).
    department: String,
}

impl MessageAction for HandOver {
    type Body = HandOverBody;
    const BY: By = By::Handler;
    const RULE: Action = Action::HandOver;

    fn lookup(&mut self, cx: &Cx<'_>, body: &mut Checked<HandOverBody>) -> Result<(), ApiError> {
        if !body.ok("department_id") {
            return Ok(());
        }
        let department = &body.raw.department_id;
        match messages::handler_name(cx.conn, HandlerKind::Department, department)? {
            Some(name) => self.department = name,
            None => body.reject(rules::error(
                "department_id",
                INVALID,
                "department_id is not a department from /departments",
            )),
        }
        Ok(())
    }

    fn conflict(&self, cx: &Cx<'_>, h: &HandOverBody) -> Option<ApiError> {
        let same = cx.row.handler_kind == Some(HandlerKind::Department)
            && cx.row.handler_id.as_deref() == Some(h.department_id.as_str());
        same.then(|| {
            ApiError::Conflict("The message is already handled by this department.".into())
        })
    }

    fn apply(self, cx: &Cx<'_>, h: HandOverBody) -> Result<Effect, ApiError> {
        messages::hand_over(cx.conn, cx.id, &h.department_id, cx.now)?;
        Ok(Effect {
            internal_note: None,
            timeline: TimelineKind::HandedOver,
            status: Some(MessageStatus::Assigned),
            note: Some(format!("转交{}办理：{}", self.department, h.note)),
            notify: assigned(cx),
        })
    }
}

/// `POST /api/v1/messages/{id}/rating` (the author, once, when resolved): closes it.
#[derive(Default)]
pub struct Rate;

impl MessageAction for Rate {
    type Body = NewRating;
    const BY: By = By::Author;
    const RULE: Action = Action::Rate;

    fn apply(self, cx: &Cx<'_>, r: NewRating) -> Result<Effect, ApiError> {
        messages::rate(cx.conn, cx.id, r.stars, r.comment.as_deref(), cx.now)?;
        let link = format!("/messages/{}", cx.id);
        let award = crate::points::Award {
            user_id: &cx.row.author_id,
            action: PointsAction::MessageRated,
            reference: cx.id,
            title: &cx.row.title,
            link: Some(&link),
        };
        crate::points::award(cx.conn, cx.points, (cx.tz / 60) as i32, &award, cx.now)?;
        let note = match &r.comment {
            Some(c) => format!("评价 {} 星：{c}", r.stars),
            None => format!("评价 {} 星", r.stars),
        };
        Ok(Effect {
            internal_note: None,
            timeline: TimelineKind::Rated,
            status: Some(MessageStatus::Closed),
            note: Some(note.clone()),
            notify: Some((Change::Rated, Some(note))),
        })
    }
}

/// `POST /api/v1/messages/{id}/reopen` (the author, within 7 days of closing): back to
/// triage.
#[derive(Default)]
pub struct Reopen;

impl MessageAction for Reopen {
    type Body = ReopenBody;
    const BY: By = By::Author;
    const RULE: Action = Action::Reopen;

    fn apply(self, cx: &Cx<'_>, r: ReopenBody) -> Result<Effect, ApiError> {
        messages::reopen(cx.conn, cx.id, cx.now, cx.tz)?;
        Ok(Effect {
            internal_note: None,
            timeline: TimelineKind::Reopened,
            status: Some(MessageStatus::Reopened),
            note: Some(r.reason.clone()),
            notify: Some((Change::Reopened, Some(r.reason))),
        })
    }
}
