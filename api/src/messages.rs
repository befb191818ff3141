//! Messages (留言/诉求) to a deputy or a department and their handling: triage into a track
//! with a deadline, a handler, status changes, a public timeline, replies, plan steps for
//! major issues, ratings and reopening.

use serde::{Deserialize, Serialize};

use crate::{lenient_vec, string_enum, HandlerKind, ImageRef, Role, Timestamp};

/// Title length in characters.
pub const TITLE_MIN: usize = 4;
pub const TITLE_MAX: usize = 40;
/// Body length in characters.
pub const BODY_MIN: usize = 10;
pub const BODY_MAX: usize = 1000;
/// Reply, follow-up, note and rating-comment length in characters.
pub const REPLY_MAX: usize = 1000;
pub const NOTE_MAX: usize = 200;
/// Plan step title length in characters.
pub const STEP_TITLE_MIN: usize = 2;
pub const STEP_TITLE_MAX: usize = 60;
/// Hand-over notes and reopening reasons: at least this many characters (at most
/// [`NOTE_MAX`]).
pub const REASON_MIN: usize = 2;
/// Location label length in characters.
pub const LOCATION_MAX: usize = 100;
/// Photos per message.
pub const MAX_PHOTOS: usize = 4;
/// Largest accepted upload, in bytes.
pub const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;
/// Longest `Idempotency-Key` (visible ASCII), in characters.
pub const IDEMPOTENCY_KEY_MAX: usize = 100;
/// A closed message may be reopened by its author for this many days after closing.
pub const REOPEN_DAYS: i64 = 7;

string_enum! {
    /// Where a message is in its handling.
    MessageStatus {
        /// Sent, waiting for the liaison station to triage it.
        Submitted = "submitted",
        /// Seen and accepted by its handler.
        Accepted = "accepted",
        /// Triaged and assigned to a handler.
        Assigned = "assigned",
        InProgress = "in_progress",
        /// The handler has answered.
        Replied = "replied",
        /// The handler says it is done; the author may rate it.
        Resolved = "resolved",
        /// Finished (rated by the author, or closed by staff).
        Closed = "closed",
        /// Reopened by its author after closing; back in triage.
        Reopened = "reopened",
    }
}

string_enum! {
    /// Handling track set at triage (分类分级办理).
    Track {
        /// 民生小事: answered within days.
        Fast = "fast",
        /// 重大议题: a plan of steps, resolved within weeks.
        Major = "major",
    }
}

string_enum! {
    /// Kind of a timeline entry.
    TimelineKind {
        Submitted = "submitted",
        Triaged = "triaged",
        StatusChanged = "status_changed",
        Replied = "replied",
        FollowUp = "follow_up",
        HandedOver = "handed_over",
        PlanStepAdded = "plan_step_added",
        PlanStepDone = "plan_step_done",
        Rated = "rated",
        Reopened = "reopened",
        /// An internal note of a handler or staff (`internal: true`): only handlers and staff
        /// ever see it.
        InternalNote = "internal_note",
    }
}

/// A category of messages (e.g. 道路交通).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageCategory {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub name: String,
}

/// Who a message is addressed to, or handled by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandlerRef {
    pub kind: HandlerKind,
    /// Deputy or department id.
    pub id: String,
    /// Display name (public: deputies and departments are public).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub name: String,
}

/// A person acting on a message, as shown on it. Citizens other than the viewer are masked
/// (`张*`); deputies and staff are shown by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Actor {
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub name: String,
    pub role: Role,
    /// Whether this is the signed-in viewer.
    #[serde(default)]
    pub is_you: bool,
}

/// An optional place a message is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Location {
    /// What the author typed, e.g. 龙湾村委会门口.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub label: String,
    /// WGS 84 latitude, when the author shared their position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lng: Option<f64>,
}

/// One entry of a message's public timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    pub id: String,
    pub at: Timestamp,
    pub kind: TimelineKind,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub actor: Actor,
    /// The status after this entry, when it changed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<MessageStatus>,
    /// A short note (triage decision, hand-over reason, step title…), or the text of an
    /// internal note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Only for handlers and staff (an `internal_note`): never in the author's or the public
    /// view. Clients mark it as internal.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub internal: bool,
}

/// A reply by a handler, or a follow-up by the author, in time order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reply {
    pub id: String,
    pub at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub from: Actor,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub body: String,
}

/// A step of the plan of a major issue (办理进度时间表), public.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanStep {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub title: String,
    /// When the step is due.
    pub due_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub done: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_at: Option<Timestamp>,
    /// Not done and past due (computed by the server).
    #[serde(default)]
    pub overdue: bool,
}

/// The author's rating of how a message was handled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rating {
    /// 1–5.
    pub stars: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    pub at: Timestamp,
}

/// What the signed-in viewer may do with a message now (computed by the server, so that
/// clients need not repeat the rules). All false for anonymous viewers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Permissions {
    /// Staff: set track, category and handler.
    #[serde(default)]
    pub triage: bool,
    /// Handler (or staff): post a reply.
    #[serde(default)]
    pub reply: bool,
    /// Handler (or staff): change the status; the values allowed now.
    #[serde(default, deserialize_with = "lenient_vec")]
    pub set_status: Vec<MessageStatus>,
    /// Handler (or staff) of a major issue: add and tick off plan steps.
    #[serde(default)]
    pub plan: bool,
    /// Handler deputy (or staff): hand over to a department.
    #[serde(default)]
    pub hand_over: bool,
    /// Author: add a follow-up.
    #[serde(default)]
    pub follow_up: bool,
    /// Author: rate (once, when resolved).
    #[serde(default)]
    pub rate: bool,
    /// Author: reopen (within 7 days of closing).
    #[serde(default)]
    pub reopen: bool,
    /// Handler (or staff): write an internal note (only handlers and staff see it).
    #[serde(default)]
    pub note: bool,
}

/// A message as listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageSummary {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub title: String,
    /// The first characters of the body.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub excerpt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<MessageCategory>,
    pub status: MessageStatus,
    /// Set at triage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track: Option<Track>,
    /// Who it was addressed to.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub recipient: HandlerRef,
    /// Who handles it now (after triage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handler: Option<HandlerRef>,
    /// The author, masked unless it is the viewer.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub author: Actor,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub public: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// When an answer (fast track) or resolution (major track) is due; before triage, when
    /// triage is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Timestamp>,
    /// Past the deadline and not yet answered/resolved (computed by the server).
    #[serde(default)]
    pub overdue: bool,
    #[serde(default)]
    pub reply_count: u32,
    #[serde(default)]
    pub photo_count: u32,
    /// A public message: its comments (with replies) the public can see.
    #[serde(default)]
    pub comment_count: u32,
    /// A public message: its likes (点赞).
    #[serde(default)]
    pub like_count: u32,
}

/// A message with its handling.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    pub id: String,
    /// Increases with every change; send it back as `version` with a change, which fails
    /// with 409 when someone else changed the message first.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub version: u32,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<MessageCategory>,
    pub status: MessageStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track: Option<Track>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub recipient: HandlerRef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handler: Option<HandlerRef>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub author: Actor,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub public: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Timestamp>,
    #[serde(default)]
    pub overdue: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<Timestamp>,
    /// Until when the author may reopen it (closed messages).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reopen_until: Option<Timestamp>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub photos: Vec<ImageRef>,
    /// Only shown to the author, the handler and staff.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Oldest first.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub timeline: Vec<TimelineEntry>,
    /// Replies and follow-ups, oldest first.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub replies: Vec<Reply>,
    /// Plan steps of a major issue, by due time.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub plan: Vec<PlanStep>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub can: Permissions,
    /// The time limits of the backend's handling rules, so that clients can explain them
    /// ("民生小事: answered within 5 days of triage"). Absent from older backends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limits: Option<TimeLimits>,
}

/// The handling rules' time limits (办结时限), in days of the township's calendar: a limit of
/// `n` days ends at the end of the `n`-th local day after the day it starts. `0` means the
/// backend does not say.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimeLimits {
    /// Staff assign (triage) a new or reopened message within this many days of its sending.
    #[serde(default)]
    pub triage_days: u32,
    /// 民生小事 (fast track): answered within this many days of triage.
    #[serde(default)]
    pub fast_days: u32,
    /// 重大议题 (major track): resolved within this many days of triage.
    #[serde(default)]
    pub major_days: u32,
}

// ---------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------

/// Addressee of a new message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recipient {
    pub kind: HandlerKind,
    pub id: String,
}

/// `POST /api/v1/messages` (with `Idempotency-Key`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewMessage {
    pub recipient: Recipient,
    /// A category id from `GET /message-categories`.
    pub category_id: String,
    /// 4–40 characters.
    pub title: String,
    /// 10–1000 characters.
    pub body: String,
    /// Up to 4 ids from `POST /uploads`, uploaded by the same user.
    #[serde(default)]
    pub photo_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Shown on the public board (with the author masked) when true.
    #[serde(default)]
    pub public: bool,
    /// The poster (its id) whose QR code began the visit this message was written in: the
    /// backend adds one to that poster's count of messages for the week and keeps nothing
    /// of it with the message. An unknown poster is ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
}

/// `POST /api/v1/uploads` answer: an uploaded photo, to be referenced by `photo_ids`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Upload {
    pub id: String,
    /// Where the image is served.
    pub url: String,
    /// `image/jpeg`, `image/png` or `image/webp`.
    pub content_type: String,
    /// Size in bytes.
    pub size: u32,
}

/// `POST /api/v1/messages/{id}/triage` (staff).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Triage {
    /// The `version` the client saw.
    pub version: u32,
    pub track: Track,
    /// Message category id (分类).
    pub category_id: String,
    /// Deputy or department who will handle it.
    pub handler: Recipient,
    /// An internal note for the handler and staff (never shown to the author or the public:
    /// it becomes an `internal_note` entry after the public `triaged` one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `POST /api/v1/messages/{id}/replies` (handler or staff, with `Idempotency-Key`),
/// `POST /api/v1/messages/{id}/follow-ups` (author, with `Idempotency-Key`) and
/// `POST /api/v1/messages/{id}/notes` (an internal note: handler or staff, with
/// `Idempotency-Key`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewReply {
    /// 1–1000 characters.
    pub body: String,
}

/// `POST /api/v1/messages/{id}/status` (handler or staff).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusChange {
    pub version: u32,
    /// One of `can.set_status`.
    pub status: MessageStatus,
    /// A word to the author with the new status: public like the status (on the timeline, in
    /// the author's alert). Internal remarks go to `POST /messages/{id}/notes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `POST /api/v1/messages/{id}/plan` (handler or staff of a major issue).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPlanStep {
    pub version: u32,
    /// 2–60 characters.
    pub title: String,
    /// Due time, not before now.
    pub due_at: Timestamp,
}

/// `POST /api/v1/messages/{id}/plan/{step_id}/done` (handler or staff).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StepDone {
    pub version: u32,
}

/// `POST /api/v1/messages/{id}/hand-over` (handler deputy or staff).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandOver {
    pub version: u32,
    pub department_id: String,
    /// Why (required, 2–200 characters); shown on the timeline.
    pub note: String,
}

/// `POST /api/v1/messages/{id}/rating` (author, once, when resolved; closes the message).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewRating {
    /// 1–5.
    pub stars: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// `POST /api/v1/messages/{id}/reopen` (author, within 7 days of closing).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reopen {
    /// Why (2–200 characters).
    pub reason: String,
}

/// `GET /api/v1/messages/mine/summary`: how many messages the signed-in user has written, and
/// how many of them are still being handled (the home screen's 我的留言 entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyMessagesSummary {
    /// Messages not yet resolved or closed (`status=open` of `/messages/mine`).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub open: u32,
    /// All the user's messages.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub total: u32,
}

/// Query of the message lists (`/messages/mine`, `/board`, `/inbox`, `/triage`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct MessageQuery {
    /// Only messages with this status. `open` = every status but resolved and closed;
    /// `todo` (`/inbox` and `/triage` only) = what needs the caller now (需要您处理, see
    /// api/README.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Only messages of this category id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Page size, 1–50, default 20.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
}

// ---------------------------------------------------------------------------
// The workspace (工作台) of deputies and staff
// ---------------------------------------------------------------------------

/// How many messages of a list have one status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusCount {
    pub status: MessageStatus,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub count: u32,
}

/// `GET /api/v1/work/summary` (deputies and staff): the counts of the caller's workspace, for
/// its filters and its entries elsewhere in the app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkSummary {
    /// Messages of the caller's inbox that need them now (需要您处理; `GET /inbox?status=todo`,
    /// the rule is in api/README.md).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub todo: u32,
    /// Messages of the inbox past their deadline and not finished (all of them are in `todo`).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub overdue: u32,
    /// Every message of the inbox (`GET /inbox`).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub total: u32,
    /// The inbox per status, in the order of the statuses; statuses without messages are left
    /// out.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub by_status: Vec<StatusCount>,
    /// Staff: messages waiting for triage (`GET /triage`); 0 for deputies.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub triage: u32,
}

impl WorkSummary {
    /// The count of one status (0 when not listed).
    pub fn of(&self, status: MessageStatus) -> u32 {
        self.by_status.iter().filter(|c| c.status == status).map(|c| c.count).sum()
    }
}

/// Most 常用答复 (saved replies) a user keeps.
pub const REPLY_TEMPLATES_MAX: usize = 20;

/// A saved reply (常用答复) of a deputy or staff member: a text they start answers from.
/// Private to its owner. Created and changed with a [`NewReply`] body (`body`, 1–1000
/// characters).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReplyTemplate {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub body: String,
    pub updated_at: Timestamp,
}
