//! Notifications (消息提醒): a reply, a status change, a plan step done, a suggestion adopted,
//! an assignment, a deadline approaching or passed — listed with cursor pages, an unread
//! count, marked read, and pushed live over Server-Sent Events (authenticated by a
//! short-lived single-use stream ticket). Preferences per kind and channel.

use serde::{Deserialize, Serialize};

use crate::{lenient_vec, string_enum, Timestamp};

/// A stream ticket works this many seconds after it was issued, once.
pub const STREAM_TICKET_SECS: i64 = 60;
/// The server's `retry:` advice to EventSource clients, in milliseconds.
pub const STREAM_RETRY_MS: u64 = 3000;
/// The server sends a comment line at least this often on an idle stream, in seconds.
pub const STREAM_KEEP_ALIVE_SECS: u64 = 15;
/// SSE event name of a notification (`data`: [`Notification`]).
pub const EVENT_NOTIFICATION: &str = "notification";
/// SSE event name of the unread count (`data`: [`UnreadCount`]).
pub const EVENT_UNREAD: &str = "unread";

string_enum! {
    /// What a notification is about.
    NotificationKind {
        /// The handler answered the user's message (to the author).
        Reply = "reply",
        /// The status of the user's message changed (to the author).
        StatusChanged = "status_changed",
        /// A step of the plan of the user's major issue was done (to the author).
        PlanStepDone = "plan_step_done",
        /// The user's major issue (重大议题) was resolved: the suggestion was adopted
        /// (建议采纳) (to the author).
        SuggestionAdopted = "suggestion_adopted",
        /// A message was assigned to the user to handle (to the deputy; to staff for
        /// departments).
        Assigned = "assigned",
        /// A message the user handles is due within 24 hours and not finished.
        DeadlineApproaching = "deadline_approaching",
        /// A message the user handles is past its deadline and not finished.
        DeadlinePassed = "deadline_passed",
        /// The author of a message the user handles asked a follow-up question (追问).
        FollowUp = "follow_up",
        /// The author reopened a message the user handled (申请重新办理).
        Reopened = "reopened",
        /// The author rated how the user handled their message.
        Rated = "rated",
        /// Someone replied to the user's comment, or in its thread (link: the thread).
        CommentReply = "comment_reply",
        /// Staff hid the user's comment (the body says why).
        CommentHidden = "comment_hidden",
        /// Someone commented on the user's topic (议事).
        TopicReply = "topic_reply",
        /// The user's topic was closed with a conclusion.
        TopicClosed = "topic_closed",
        /// A topic's conclusion adopted the user's comment (采纳).
        CommentAdopted = "comment_adopted",
        /// A poll the user voted in closed: its results are out (`link` = `/polls/<id>`).
        PollResults = "poll_results",
        /// Staff commended the user (表彰; link: `/commendations`).
        Commended = "commended",
        /// Staff assigned a course to the user (a deputy) with a due date (link: the course).
        CourseAssigned = "course_assigned",
        /// An assigned course the user has not completed is due within 3 days.
        CourseDueSoon = "course_due_soon",
        /// An assigned course the user has not completed is past its due date.
        CourseOverdue = "course_overdue",
        /// Staff reminded the user of the training they are behind with.
        TrainingReminder = "training_reminder",
    }
}

string_enum! {
    /// A way of telling the user.
    NotificationChannel {
        /// The app's notification centre, its badge, the live stream and system notifications.
        InApp = "in_app",
        /// A text message, sent by the backend.
        Sms = "sms",
        /// A WeChat subscription message (订阅消息), sent by the backend.
        Wechat = "wechat",
        /// A Web Push message to each device the user subscribed (`/push/subscriptions`),
        /// shown by the app's service worker even when the app is closed.
        WebPush = "web_push",
    }
}

/// One notification of the signed-in user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    /// Opaque, and also the `id:` of the notification's event on the stream: pass the last
    /// one seen as `Last-Event-ID` (or `last_event_id`) or as `after` to catch up. Newer
    /// notifications of a user sort after older ones on the server.
    pub id: String,
    pub kind: NotificationKind,
    pub created_at: Timestamp,
    /// Whether the user marked it read (or read all).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub read: bool,
    /// Display text written by the backend (zh-CN), e.g. 您的留言有了新回复. Clients may
    /// write their own text from `kind` instead.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub title: String,
    /// Display text: what it is about, e.g. the message title and the start of a reply.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub body: String,
    /// The message it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// Where the app goes when the notification is opened: an app path such as
    /// `/messages/<id>`.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub link: String,
}

/// How many of the user's notifications are unread (the badge).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnreadCount {
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub unread: u32,
}

/// `POST /api/v1/notifications/read-all`: mark every notification read, or only those up to
/// and including `up_to_id` (the newest one the user saw), so that one that arrived
/// meanwhile stays unread. The body may be empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReadAll {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub up_to_id: Option<String>,
}

/// A short-lived, single-use ticket that opens the live stream
/// (`GET /api/v1/notifications/stream?ticket=…`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StreamTicket {
    /// Opaque; valid once, until `expires_at` (60 seconds). Not a bearer token.
    pub ticket: String,
    pub expires_at: Timestamp,
}

/// The user's choice for one kind of notification, per channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KindPreference {
    pub kind: NotificationKind,
    /// In the app (notification centre, badge, live stream, system notifications).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub in_app: bool,
    /// By SMS (sent by the backend, if it can).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub sms: bool,
    /// By WeChat subscription message (sent by the backend, if it can).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub wechat: bool,
    /// By Web Push to the user's subscribed devices. On unless turned off: a `PUT` item
    /// without it turns it on (clients from before it existed leave it as it was meant), so
    /// the schema does not require it (answers always have it); `null` is taken as absent,
    /// as for every optional field.
    #[cfg_attr(feature = "openapi", schema(nullable))]
    #[serde(default = "crate::default_true")]
    pub web_push: bool,
}

impl KindPreference {
    /// Whether this channel is on.
    pub fn channel(&self, channel: NotificationChannel) -> bool {
        match channel {
            NotificationChannel::InApp => self.in_app,
            NotificationChannel::Sms => self.sms,
            NotificationChannel::Wechat => self.wechat,
            NotificationChannel::WebPush => self.web_push,
            NotificationChannel::Unknown => false,
        }
    }
}

/// `GET`/`PUT /api/v1/notification-preferences`: one entry per kind. A `PUT` may list only
/// some kinds; the others keep their values. The answer always lists every kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationPreferences {
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub items: Vec<KindPreference>,
}

/// Query of `GET /api/v1/notifications`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct NotificationQuery {
    /// `true`: only unread notifications. Absent or `false`: all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unread: Option<String>,
    /// Catch-up (polling fallback): the notifications after this notification id, **oldest
    /// first**. Without it: newest first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Page size, 1–50, default 20.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
}

/// Query of `GET /api/v1/notifications/stream`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct StreamQuery {
    /// Required: a ticket from `POST /notifications/stream-tickets` (single use, 60 s).
    pub ticket: String,
    /// For clients that cannot set the `Last-Event-ID` header: the id of the last
    /// notification seen. The header wins when both are given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_event_id: Option<String>,
}
