//! 议事 topics (发帖讨论): a question put to the public by staff or a deputy — or proposed by a
//! citizen and, under pre-moderation, approved by staff — discussed in comments
//! (`target_kind` = `topic`) and closed with a conclusion (结论/采纳情况) that can adopt
//! individual comments.

use serde::{Deserialize, Serialize};

use crate::{lenient_blocks, string_enum, Actor, Block, StationRef, Timestamp};

/// A topic's title is 4 to this many characters.
pub const TOPIC_TITLE_MAX: usize = 40;
/// A topic's title is at least this many characters.
pub const TOPIC_TITLE_MIN: usize = 4;
/// A topic's text is 10 to this many characters (paragraphs separated by blank lines).
pub const TOPIC_BODY_MAX: usize = 2000;
/// A topic's text is at least this many characters.
pub const TOPIC_BODY_MIN: usize = 10;
/// A conclusion is 1 to this many characters.
pub const CONCLUSION_MAX: usize = 1000;
/// At most this many comments are adopted by one conclusion.
pub const ADOPTED_MAX: usize = 20;

string_enum! {
    /// Where a topic stands.
    TopicStatus {
        /// Proposed by a citizen, waiting for staff approval (审核中): seen by its author and
        /// staff only.
        Pending = "pending",
        /// Open for comments (讨论中).
        Open = "open",
        /// Closed with a conclusion (已结束); comments are read-only.
        Closed = "closed",
        /// Not approved, or taken down by staff: its author sees why.
        Rejected = "rejected",
    }
}

/// What the viewer may do with a topic now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct TopicPermissions {
    /// Comment on it: a signed-in user who may post, while it is open.
    pub comment: bool,
    /// Like it.
    pub like: bool,
    /// Report it (not one's own).
    pub report: bool,
    /// Close it with a conclusion: staff, or the deputy who opened it, while it is open.
    pub close: bool,
}

/// A topic as listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicSummary {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub title: String,
    /// The start of its text, plain.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub excerpt: String,
    /// Who opened or proposed it (a citizen masked for others).
    pub author: Actor,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub status: TopicStatus,
    /// The liaison station it concerns (absent: the whole township).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<StationRef>,
    /// The village or community it concerns, one of the station's `villages`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub village: Option<String>,
    /// When discussion ends by itself (the topic stays open until staff close it with a
    /// conclusion, but no comment is taken after this time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closes_at: Option<Timestamp>,
    pub created_at: Timestamp,
    /// Published comments (with replies).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub comment_count: u32,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub like_count: u32,
}

/// A topic in full.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Topic {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub title: String,
    /// The text as typed blocks (paragraphs for what people type).
    #[serde(default, deserialize_with = "lenient_blocks")]
    pub body: Vec<Block>,
    pub author: Actor,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub status: TopicStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<StationRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub village: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closes_at: Option<Timestamp>,
    pub created_at: Timestamp,
    /// Closed: the conclusion (结论/采纳情况), shown at the top.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conclusion: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<Timestamp>,
    /// Closed: who wrote the conclusion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_by: Option<Actor>,
    /// Closed: how many comments the conclusion adopted (they carry `adopted`).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub adopted_count: u32,
    /// Rejected: why (to its author and staff).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moderation_reason: Option<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub comment_count: u32,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub like_count: u32,
    /// Whether the viewer likes it.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub liked: bool,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub can: TopicPermissions,
}

/// `POST /topics`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewTopic {
    /// 4–40 characters.
    pub title: String,
    /// 10–2000 characters of plain text; a blank line starts a new paragraph.
    pub body: String,
    /// A liaison station id (the topic concerns its area).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station_id: Option<String>,
    /// One of that station's villages (needs `station_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub village: Option<String>,
    /// When discussion ends (RFC 3339, in the future).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closes_at: Option<Timestamp>,
}

/// `POST /topics/{id}/close`: the conclusion, and the comments it adopts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CloseTopic {
    /// 1–1000 characters.
    pub conclusion: String,
    /// Ids of published comments of this topic adopted (采纳) by the conclusion, at most 20.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adopted: Vec<String>,
}

/// Query of `GET /topics`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct TopicQuery {
    /// `open` or `closed`; both when absent (open ones first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Only the topics of this liaison station (and the township-wide ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<String>,
    /// Words in the title or text (1–50 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Page size, 1–50, default 20.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
}
