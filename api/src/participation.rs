//! Public participation (群众参与): comments (评论) with one level of replies, likes (点赞),
//! reports (举报) and the staff's moderation of what people post (先审后发 or 先发后审).
//!
//! Everyone may read; commenting, liking and reporting need a signed-in user. What a viewer
//! may do with a comment now is in its `can`, so that clients never re-derive the rules
//! (edit window, author, suspension).

use serde::{Deserialize, Serialize};

use crate::{lenient_vec, string_enum, Actor, Timestamp};

/// A comment is 1 to this many characters (after trimming).
pub const COMMENT_MAX: usize = 500;
/// Its author may edit a comment this many minutes after posting it.
pub const COMMENT_EDIT_MINUTES: i64 = 10;
/// Each top-level comment of a list carries at most this many of its replies (the oldest);
/// `GET /comments/{id}/replies` lists them all.
pub const COMMENT_REPLIES_SHOWN: usize = 3;
/// A report's optional words are at most this many characters.
pub const REPORT_DETAIL_MAX: usize = 200;
/// A moderation decision's reason (told to the author when an item is hidden): at most
/// this many characters.
pub const MODERATION_REASON_MAX: usize = 100;
/// Reports from this many different users hide a citizen's comment until staff review it.
pub const REPORTS_TO_HIDE: u32 = 3;
/// A suspension from posting lasts 1 to this many days.
pub const SUSPENSION_DAYS_MAX: i64 = 365;

string_enum! {
    /// What can be commented on, liked or reported.
    TargetKind {
        /// An article (news, policy explainer — 征求意见 on a draft rule — or case).
        Article = "article",
        /// A public message of the board (公开留言).
        Message = "message",
        /// A discussion topic (议事).
        Topic = "topic",
        /// A poll (在线投票).
        Poll = "poll",
        /// A course of 履职学堂: its Q&A (在线答疑), seen and joined by deputies and staff only.
        Course = "course",
        /// A comment (liked or reported; never commented on: a reply names its thread).
        Comment = "comment",
    }
}

string_enum! {
    /// Where a comment stands.
    CommentState {
        /// Shown to everyone.
        Published = "published",
        /// Waiting for staff approval (审核中): pre-moderation, a matched word of the word
        /// list, or reports on a comment of a deputy or staff member. Seen only by its author
        /// and staff.
        Pending = "pending",
        /// Hidden by staff, or by reports from [`REPORTS_TO_HIDE`] users until staff review
        /// it. Its author (and staff) still see the text and `moderation_reason`; others see
        /// it only as a placeholder, and only when it has replies.
        Hidden = "hidden",
        /// Deleted by its author: `body` is empty; kept as a placeholder ("该评论已删除")
        /// only when it has replies.
        Deleted = "deleted",
    }
}

string_enum! {
    /// Order of a comment list.
    CommentSort {
        /// Newest first (the default).
        Newest = "newest",
        /// Most liked first; ties newest first.
        Top = "top",
    }
}

string_enum! {
    /// Why something is reported.
    ReportReason {
        /// 垃圾广告.
        Spam = "spam",
        /// 辱骂攻击.
        Abuse = "abuse",
        /// 与主题无关.
        OffTopic = "off_topic",
        /// 泄露个人信息.
        PersonalData = "personal_data",
        /// 其他 (say what in `detail`).
        Other = "other",
    }
}

string_enum! {
    /// Why an item is in the moderation queue.
    HoldReason {
        /// Pre-moderation (先审后发): every new item of this kind waits for approval.
        PreModeration = "pre_moderation",
        /// It contains a word of the deployment's word list.
        WordList = "word_list",
        /// Users reported it.
        Reports = "reports",
    }
}

string_enum! {
    /// A staff decision on a moderated item.
    ModerationAction {
        /// Publish it (a pending item), and set its open reports aside.
        Approve = "approve",
        /// Hide it from the public, with a reason its author sees.
        Hide = "hide",
        /// Show a hidden item again.
        Restore = "restore",
        /// Keep it as it is and set its open reports aside.
        IgnoreReports = "ignore_reports",
    }
}

string_enum! {
    /// Whether new items wait for staff approval before they are shown.
    ModerationMode {
        /// 先审后发: shown after approval (the author sees 审核中 meanwhile).
        Pre = "pre",
        /// 先发后审: shown at once; reports and the word list bring items to review.
        Post = "post",
    }
}

/// What the viewer may do with a comment now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CommentPermissions {
    /// Change the text: its author, within [`COMMENT_EDIT_MINUTES`] of posting, while it is
    /// not hidden or deleted.
    pub edit: bool,
    /// Delete it: its author, at any time.
    pub delete: bool,
    /// Reply to it: a signed-in user who may post, on a published comment.
    pub reply: bool,
    /// Like it: a signed-in user, on a published comment.
    pub like: bool,
    /// Report it: a signed-in user other than its author who has not reported it yet.
    pub report: bool,
}

/// One comment. Authors are shown as elsewhere in public: a citizen's name masked (`张*`),
/// a deputy's or staff member's in full with their role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comment {
    pub id: String,
    pub target_kind: TargetKind,
    pub target_id: String,
    pub author: Actor,
    /// The text (plain text, 1–500 characters). Empty when deleted, and when hidden from
    /// this viewer.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub body: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub state: CommentState,
    /// Hidden: why (staff's reason, or that users reported it) — to its author and staff.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moderation_reason: Option<String>,
    pub created_at: Timestamp,
    /// When its author last changed the text (shown as 已编辑).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited_at: Option<Timestamp>,
    /// Until when its author may edit it (only to its author, while they may).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editable_until: Option<Timestamp>,
    /// A reply: the top-level comment of its thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<String>,
    /// A reply to a reply: the name of whom it answers (as shown on that reply).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to_name: Option<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub like_count: u32,
    /// Whether the viewer liked it.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub liked: bool,
    /// A top-level comment: how many replies its thread has that this viewer can see.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub reply_count: u32,
    /// A top-level comment in a list: its oldest replies, at most
    /// [`COMMENT_REPLIES_SHOWN`]; the rest with `GET /comments/{id}/replies`. Always empty
    /// on replies.
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "lenient_vec"
    )]
    pub replies: Vec<Comment>,
    /// On a topic: the topic's conclusion adopted this comment (采纳).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub adopted: bool,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub can: CommentPermissions,
}

/// `POST /comments`: a new comment on a target, or a reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewComment {
    pub target_kind: TargetKind,
    pub target_id: String,
    /// 1–500 characters of plain text.
    pub body: String,
    /// A reply: the comment it answers (a top-level comment, or a reply in its thread: the
    /// reply then goes into that thread and names whom it answers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
}

/// `PUT /comments/{id}`: the author's new text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentEdit {
    /// 1–500 characters of plain text.
    pub body: String,
}

/// The likes and comments of a target, as its viewer sees them
/// (`GET`/`PUT`/`DELETE /likes/{target_kind}/{target_id}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Reactions {
    pub like_count: u32,
    /// Whether the viewer likes it (false when not signed in).
    pub liked: bool,
    /// Comments (with replies) the public can see; 0 for comments themselves.
    pub comment_count: u32,
}

/// `POST /reports`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewReport {
    /// `comment` (topics too, where the backend has them).
    pub target_kind: TargetKind,
    pub target_id: String,
    pub reason: ReportReason,
    /// Optional words, at most 200 characters (needed for `other`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// The answer to a report: received (a user's second report of the same item answers the
/// first again).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportReceived {
    pub target_kind: TargetKind,
    pub target_id: String,
    pub reason: ReportReason,
    pub created_at: Timestamp,
}

/// How many open reports an item has for one reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReasonCount {
    pub reason: ReportReason,
    #[serde(default)]
    pub count: u32,
}

/// An item of the staff's moderation queue (审核).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModerationItem {
    pub target_kind: TargetKind,
    pub target_id: String,
    /// The item's text (the full comment).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub body: String,
    /// Its author, unmasked (staff only), with their account id for a suspension.
    pub author: Actor,
    pub author_id: String,
    /// Until when its author may not post (when suspended now).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_suspended_until: Option<Timestamp>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub state: CommentState,
    /// Why it waits for a decision; absent once decided (a hidden item stays listed under
    /// `hidden` so that it can be restored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held_for: Option<HoldReason>,
    /// Open reports by reason (those not yet decided on).
    #[serde(default, deserialize_with = "lenient_vec")]
    pub reports: Vec<ReasonCount>,
    /// The reports' words, newest first (at most 5).
    #[serde(default, deserialize_with = "lenient_vec")]
    pub report_details: Vec<String>,
    /// Where it was posted: an app path such as `/articles/<id>`.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub link: String,
    /// The title of what it was posted on.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub context: String,
    pub created_at: Timestamp,
    /// When it entered the queue.
    pub held_at: Timestamp,
}

/// `POST /moderation/decisions`: a staff decision on an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModerationDecision {
    pub target_kind: TargetKind,
    pub target_id: String,
    pub action: ModerationAction,
    /// Required to hide (1–100 characters): told to the author.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `POST /moderation/suspensions`: a user may not post (comment, like, report, vote,
/// propose) for `days` days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewSuspension {
    pub user_id: String,
    /// 1–365.
    pub days: i64,
    /// 1–100 characters: told to the user.
    pub reason: String,
}

/// A suspension from posting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Suspension {
    pub user_id: String,
    pub until: Timestamp,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub reason: String,
}

/// One entry of the moderation audit log: who decided what, when and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModerationLogEntry {
    pub id: String,
    pub at: Timestamp,
    /// The staff member (or `system` for automatic holds: reports, the word list).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub actor_name: String,
    /// `approve`, `hide`, `restore`, `ignore_reports`, `suspend`, or an automatic `held`
    /// (values may grow: show unknown ones as they are).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_kind: Option<TargetKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_id: Option<String>,
    /// A suspension: the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// How a deployment moderates new items (part of `GET /meta`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ModerationPolicy {
    /// New comments (of citizens; deputies' and staff's are published at once).
    pub comments: ModerationMode,
    /// Topics proposed by citizens.
    pub topics: ModerationMode,
}

/// Query of `GET /comments`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct CommentQuery {
    /// `article`, `message`, `topic` or `poll`.
    pub target_kind: Option<String>,
    /// The id of the article, public message, topic or poll.
    pub target_id: Option<String>,
    /// `newest` (the default) or `top` (most liked first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Page size, 1–50, default 20.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
}

/// Query of `GET /moderation/queue`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ModerationQuery {
    /// `pending` (waiting for approval), `hidden` (hidden by reports or staff) or `reported`
    /// (still shown, with open reports). Absent: every item waiting for a decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Page size, 1–50, default 20.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
}
