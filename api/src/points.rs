//! Points (积分) and commendation (表彰).
//!
//! The server keeps an append-only ledger: each entry pays a fixed number of points for one
//! action, at most a number of times a day (the township's day), and never twice for the
//! same thing. The rules are the server's (`GET /points/me` answers them with today's
//! progress); clients never compute points. Levels go by the total.

use serde::{Deserialize, Serialize};

use crate::{lenient_vec, string_enum, Role, StationRef, Timestamp};

/// An article read counts once it was open for at least this many seconds of visible time,
/// and the server only pays when the same user fetched it at least this long before.
pub const READ_SECONDS: i64 = 30;
/// A commendation's title (热心群众, 优秀代表) is 1 to this many characters.
pub const COMMENDATION_TITLE_MAX: usize = 20;
/// Its reason: 1 to this many characters.
pub const COMMENDATION_REASON_MAX: usize = 200;
/// Its period (2026年11月, 2026年度): 1 to this many characters.
pub const COMMENDATION_PERIOD_MAX: usize = 20;
/// A leaderboard lists at most this many people (and the viewer's own row).
pub const LEADERBOARD_SIZE: usize = 50;

string_enum! {
    /// What earns points.
    PointsAction {
        /// The first visit of the day (signed in).
        DailyVisit = "daily_visit",
        /// Reading an article for at least [`READ_SECONDS`] of visible time.
        ArticleRead = "article_read",
        /// A published comment.
        Comment = "comment",
        /// A comment adopted by a topic's conclusion (采纳).
        CommentAdopted = "comment_adopted",
        /// A vote in a poll.
        PollVote = "poll_vote",
        /// A message (留言) sent.
        MessageSent = "message_sent",
        /// Rating how a message was handled.
        MessageRated = "message_rated",
        /// Finishing the day's 每日一练 (every question answered), once a township day.
        DailyPractice = "daily_practice",
    }
}

string_enum! {
    /// The time a leaderboard covers, in the township's time zone.
    LeaderboardPeriod {
        /// This calendar month.
        Month = "month",
        /// This calendar year.
        Year = "year",
    }
}

/// A level (等级): reached at `min_points` in total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointsLevel {
    /// 1 for the first level, then 2, 3…
    #[serde(default)]
    pub number: u32,
    /// Its name, e.g. 新芽, 热心, 积极, 模范.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub min_points: u32,
}

/// How one action pays today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionProgress {
    pub action: PointsAction,
    /// Points paid each time.
    #[serde(default)]
    pub points: u32,
    /// How many times it pays a day (absent: no daily cap).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily_cap: Option<u32>,
    /// How many times it paid today.
    #[serde(default)]
    pub times_today: u32,
}

/// `GET /points/me`: the viewer's balance, level and today's progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointsSummary {
    /// All points ever earned (the sum of the ledger).
    #[serde(default)]
    pub total: u32,
    /// Earned this month and this year (township time).
    #[serde(default)]
    pub month: u32,
    #[serde(default)]
    pub year: u32,
    pub level: PointsLevel,
    /// The next level (absent at the highest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_level: Option<PointsLevel>,
    /// Every action with its points, cap and today's count.
    #[serde(default, deserialize_with = "lenient_vec")]
    pub today: Vec<ActionProgress>,
}

/// One entry of the ledger (积分明细).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointsEntry {
    pub id: String,
    pub action: PointsAction,
    #[serde(default)]
    pub points: u32,
    /// What earned it, e.g. the article's or the message's title (empty for a daily visit).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub title: String,
    /// Where it is in the app, e.g. `/articles/<id>` (absent: nowhere to go).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    pub at: Timestamp,
}

/// One row of a leaderboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeaderboardRow {
    /// 1 for the most points; equal points share a rank.
    #[serde(default)]
    pub rank: u32,
    /// A citizen's name masked (张*), a deputy's or staff member's in full.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub name: String,
    pub role: Role,
    #[serde(default)]
    pub points: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<StationRef>,
    /// Whether this is the signed-in viewer.
    #[serde(default)]
    pub is_you: bool,
    /// The person's account id, for liaison-station staff only (to commend them or correct
    /// their village); absent for everyone else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

/// `GET /points/leaderboard`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Leaderboard {
    pub period: LeaderboardPeriod,
    /// The start of the period (township time, as UTC).
    pub since: Timestamp,
    /// Only the people of this station (absent: everyone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<StationRef>,
    /// At most [`LEADERBOARD_SIZE`] rows, most points first; people without points this
    /// period are not listed.
    #[serde(default, deserialize_with = "lenient_vec")]
    pub rows: Vec<LeaderboardRow>,
    /// The viewer's own row when signed in and they have points this period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub you: Option<LeaderboardRow>,
}

/// `POST /points/reads`: the viewer read an article for [`READ_SECONDS`] of visible time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewRead {
    pub article_id: String,
}

/// What an action earned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointsAwarded {
    pub action: PointsAction,
    /// 0 when it paid nothing: today's cap reached, or already paid for this.
    #[serde(default)]
    pub points: u32,
    /// The total after it.
    #[serde(default)]
    pub total: u32,
}

/// Who is commended: a user (a citizen's name masked) or a deputy (by name, with their
/// profile).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Commended {
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub name: String,
    pub role: Role,
    /// A deputy: their profile (`GET /deputies/{id}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deputy_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<StationRef>,
}

/// A commendation of the 表彰榜.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Commendation {
    pub id: String,
    /// E.g. 热心群众, 优秀代表.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub reason: String,
    /// E.g. 2026年11月, 2026年度.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub period: String,
    pub person: Commended,
    pub created_at: Timestamp,
}

/// `POST /commendations` (staff): commend a user (`user_id`, e.g. a comment's author from
/// the moderation queue) or a deputy (`deputy_id`, from their profile) — exactly one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCommendation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deputy_id: Option<String>,
    /// 1–20 characters.
    pub title: String,
    /// 1–200 characters.
    pub reason: String,
    /// 1–20 characters.
    pub period: String,
}

/// Query of `GET /points/leaderboard`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct LeaderboardQuery {
    /// `month` (the default) or `year`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// A station id: only its people — its staff, its deputies and the citizens whose village
    /// (`PUT /me/village`) it serves (absent: everyone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<String>,
}
