//! The 掌上人大 API contract.
//!
//! These serde types are the single source of truth for the HTTP API under `/api/v1`.
//! The web app decodes with them, the reference server encodes with them, and the
//! committed OpenAPI 3.1 document (`api/openapi.json`) is generated from them
//! (feature `openapi`; a test fails when the committed file is stale).
//!
//! Conventions (see `api/README.md`): JSON, `snake_case` fields, opaque string ids,
//! RFC 3339 UTC times, cursor pages, RFC 9457 problem details for every error.
//!
//! Clients must tolerate what they do not know: every enum has an `Unknown` fallback
//! (`#[serde(other)]`), unknown fields are ignored, optional fields default, and a rich
//! text body drops blocks it cannot read instead of failing as a whole.

use serde::{Deserialize, Deserializer, Serialize};

#[cfg(feature = "openapi")]
pub mod openapi;

pub mod civil;
pub mod display;
mod messages;
mod notifications;
mod participation;
mod people;
mod topics;
mod polls;
mod points;
mod training;
mod assignments;
mod record;
mod assessments;
mod sandbox;
mod push;
mod wechat;
mod posters;
mod requests;
pub mod rules;

pub use messages::*;
pub use notifications::*;
pub use participation::*;
pub use people::*;
pub use topics::*;
pub use polls::*;
pub use points::*;
pub use training::*;
pub use assignments::*;
pub use record::*;
pub use assessments::*;
pub use sandbox::*;
pub use push::*;
pub use wechat::*;
pub use posters::*;

/// A string enum of the contract: lowercase wire values, an `Unknown` fallback for values
/// this version does not know (`#[serde(other)]`, also the `Default`), `ALL` (the wire
/// values, in order), `as_str` and `parse`.
#[macro_export]
macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $s:literal,)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $s)] $v,)+
            /// A value this version of the contract does not know (never sent).
            #[default]
            #[serde(rename = "unknown", other)]
            Unknown,
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$v => $s,)+
                    $name::Unknown => "unknown",
                }
            }

            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|k| k.as_str() == s)
            }
        }
    };
}

/// Base path of every endpoint of this contract version.
pub const API_PREFIX: &str = "/api/v1";
/// Default page size of list endpoints.
pub const DEFAULT_LIMIT: u32 = 20;
/// Largest page size a client may ask for.
pub const MAX_LIMIT: u32 = 50;
/// Longest accepted search query, in characters.
pub const MAX_QUERY_CHARS: usize = 50;

/// An RFC 3339 time in UTC, e.g. `2026-11-29T08:30:00Z`.
pub type Timestamp = String;

// ---------------------------------------------------------------------------
// Pages and errors
// ---------------------------------------------------------------------------

/// A cursor page. Pass `next_cursor` back as `cursor` to get the next page;
/// `null` means this was the last page. Cursors are opaque.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(bound(deserialize = "T: serde::de::DeserializeOwned"))]
pub struct Page<T> {
    #[serde(default = "Vec::new", deserialize_with = "lenient_vec")]
    pub items: Vec<T>,
    #[serde(default)]
    pub next_cursor: Option<String>,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Self { items: Vec::new(), next_cursor: None }
    }
}

/// RFC 9457 problem details; every 4xx/5xx answer under `/api` has this shape
/// (`Content-Type: application/problem+json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI reference naming the problem type; `about:blank` when only the status matters.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(rename = "type", default = "about_blank")]
    pub problem_type: String,
    /// Short, human-readable summary of the problem type.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub title: String,
    /// The HTTP status code.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub status: u16,
    /// Human-readable explanation of this occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Validation errors, one per offending field (only for 400 validation problems).
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "lenient_vec")]
    pub errors: Vec<FieldError>,
}

fn about_blank() -> String {
    "about:blank".into()
}

/// One validation error, shown by clients next to the field it names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The request field (query parameter or body field) at fault, e.g. `limit`.
    #[serde(default)]
    pub field: String,
    /// Machine-readable reason: `required`, `too_long`, `too_short`, `out_of_range`, `invalid`.
    #[serde(default)]
    pub code: String,
    /// Human-readable message.
    #[serde(default)]
    pub message: String,
}

/// Problem type URIs used by the reference server (others may appear; clients use `status`).
pub mod problem_types {
    pub const VALIDATION: &str = "https://zsrd.example/problems/validation";
    pub const NOT_FOUND: &str = "https://zsrd.example/problems/not-found";
    pub const METHOD_NOT_ALLOWED: &str = "https://zsrd.example/problems/method-not-allowed";
    pub const INTERNAL: &str = "https://zsrd.example/problems/internal";
    /// 401: no valid bearer token (absent, unknown, expired or signed out).
    pub const UNAUTHORIZED: &str = "https://zsrd.example/problems/unauthorized";
    /// 403: signed in, but this user may not do this.
    pub const FORBIDDEN: &str = "https://zsrd.example/problems/forbidden";
    /// 409: the resource changed (stale `version`), is in a state that does not allow the
    /// action, or an `Idempotency-Key` was reused with a different request.
    pub const CONFLICT: &str = "https://zsrd.example/problems/conflict";
    /// 413: the upload is too large.
    pub const TOO_LARGE: &str = "https://zsrd.example/problems/too-large";
    /// 413: the user's stored uploads would pass their storage quota (`POST /uploads`).
    pub const QUOTA_EXCEEDED: &str = "https://zsrd.example/problems/quota-exceeded";
    /// 415: the upload is not an accepted image type.
    pub const UNSUPPORTED_MEDIA_TYPE: &str = "https://zsrd.example/problems/unsupported-media-type";
    /// 429: too many requests; see `Retry-After`.
    pub const RATE_LIMITED: &str = "https://zsrd.example/problems/rate-limited";
}

// ---------------------------------------------------------------------------
// Rich text
// ---------------------------------------------------------------------------

/// An image reference with its text alternative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImageRef {
    /// Absolute URL, or a path on the API's origin.
    #[serde(default)]
    pub url: String,
    /// Text alternative; empty only for purely decorative images.
    #[serde(default)]
    pub alt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
}

/// One block of structured rich text. Never HTML: clients render `text` as text.
/// Clients skip block types they do not know.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Paragraph {
        #[serde(default)]
        text: String,
    },
    Heading {
        /// 2 to 4; clients clamp other values.
        #[serde(default = "default_heading_level")]
        level: u8,
        #[serde(default)]
        text: String,
    },
    List {
        #[serde(default)]
        ordered: bool,
        #[serde(default)]
        items: Vec<String>,
    },
    Quote {
        #[serde(default)]
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cite: Option<String>,
    },
    Image {
        #[serde(default)]
        url: String,
        #[serde(default)]
        alt: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        width: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        height: Option<u32>,
    },
    Attachment {
        #[serde(default)]
        url: String,
        /// File name shown to the user.
        #[serde(default)]
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        size_bytes: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        mime_type: Option<String>,
    },
}

fn default_heading_level() -> u8 {
    2
}

// ---------------------------------------------------------------------------
// Articles
// ---------------------------------------------------------------------------

/// What an article is: 人大动态 (news), 政策解读 (policy explainer) or 优秀案例 (case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArticleKind {
    News,
    Policy,
    Case,
    /// A kind this client does not know.
    #[serde(other)]
    Unknown,
}

impl ArticleKind {
    pub const ALL: [ArticleKind; 3] = [ArticleKind::News, ArticleKind::Policy, ArticleKind::Case];

    pub fn as_str(self) -> &'static str {
        match self {
            ArticleKind::News => "news",
            ArticleKind::Policy => "policy",
            ArticleKind::Case => "case",
            ArticleKind::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A category of articles of one kind (e.g. 会议动态 for news).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Category {
    /// Opaque id, used as the `category` filter.
    pub id: String,
    pub kind: ArticleKind,
    /// Display name.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub name: String,
}

/// The category an article belongs to, as embedded in the article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryRef {
    pub id: String,
    #[serde(default)]
    pub name: String,
}

/// An article as listed. All fields are public.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleSummary {
    pub id: String,
    pub kind: ArticleKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<CategoryRef>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub summary: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover: Option<ImageRef>,
    /// Person who wrote it (e.g. 通讯员 name), if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Publishing body (e.g. 清远日报, 镇人大主席团).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub published_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub view_count: u64,
    /// In search results (`q`) only: a short passage of the body around the first match, as
    /// plain text, when neither the title nor the summary contains the query.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
    /// Comments (with replies) the public can see. 0 from backends without comments.
    #[serde(default)]
    pub comment_count: u32,
    /// Likes (点赞). 0 from backends without likes.
    #[serde(default)]
    pub like_count: u32,
}

/// A full article: the summary fields plus the body as typed blocks.
// On the wire the summary fields sit beside `body` in one object (`flatten`). Decoding goes
// through `ArticleWire`, which names every field, instead of serde's buffered `flatten` path
// (smaller and faster in the web app); the JSON is the same. (A `//` comment: doc comments
// end up in the OpenAPI document.)
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Article {
    #[serde(flatten)]
    pub summary: ArticleSummary,
    #[serde(default, deserialize_with = "lenient_blocks")]
    pub body: Vec<Block>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Timestamp>,
}

// ---------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------

/// Where an event stands relative to now, computed by the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventStatus {
    Upcoming,
    Ongoing,
    Past,
    #[serde(other)]
    Unknown,
}

impl EventStatus {
    pub const ALL: [EventStatus; 3] = [EventStatus::Upcoming, EventStatus::Ongoing, EventStatus::Past];

    pub fn as_str(self) -> &'static str {
        match self {
            EventStatus::Upcoming => "upcoming",
            EventStatus::Ongoing => "ongoing",
            EventStatus::Past => "past",
            EventStatus::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// An event (相关活动) as listed. All fields are public.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventSummary {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub summary: String,
    pub starts_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<Timestamp>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub place: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub organiser: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default = "unknown_status")]
    pub status: EventStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover: Option<ImageRef>,
}

fn unknown_status() -> EventStatus {
    EventStatus::Unknown
}

/// A full event with its description blocks.
// Decoded through `EventWire`, like `Article`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    #[serde(flatten)]
    pub summary: EventSummary,
    #[serde(default, deserialize_with = "lenient_blocks")]
    pub description: Vec<Block>,
    /// Where the event can be joined online (a live stream, a meeting, a survey), when it can.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online: Option<OnlineJoin>,
    /// A phone number to ask about the event (its place or organiser), for a call button.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The place's position, WGS 84 latitude (with `lng`), for navigation with a map app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    /// WGS 84 longitude (with `lat`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lng: Option<f64>,
}

/// How to join an event online.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OnlineJoin {
    /// An `https` (or `http`) URL, opened outside the app, or a path of the app itself
    /// (`/…`, e.g. `/messages?status=resolved`). Anything else is ignored by clients.
    pub url: String,
    /// What the link opens, as its text, e.g. `观看直播` or `腾讯会议 123 456 789`.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub label: String,
}

// ---------------------------------------------------------------------------
// Flat decoding of Article and Event
// ---------------------------------------------------------------------------

// The field lists below repeat those of `ArticleSummary` / `EventSummary` with the same
// serde attributes; the round-trip tests at the end of this file fail if one is missed.

/// [`Article`] as it is on the wire: one flat object.
#[derive(Deserialize)]
struct ArticleWire {
    id: String,
    kind: ArticleKind,
    #[serde(default)]
    category: Option<CategoryRef>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    cover: Option<ImageRef>,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    source: Option<String>,
    published_at: Timestamp,
    #[serde(default)]
    view_count: u64,
    #[serde(default)]
    excerpt: Option<String>,
    #[serde(default)]
    comment_count: u32,
    #[serde(default)]
    like_count: u32,
    #[serde(default, deserialize_with = "lenient_blocks")]
    body: Vec<Block>,
    #[serde(default)]
    updated_at: Option<Timestamp>,
}

impl<'de> Deserialize<'de> for Article {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let w = ArticleWire::deserialize(deserializer)?;
        Ok(Article {
            summary: ArticleSummary {
                id: w.id,
                kind: w.kind,
                category: w.category,
                title: w.title,
                summary: w.summary,
                cover: w.cover,
                author: w.author,
                source: w.source,
                published_at: w.published_at,
                view_count: w.view_count,
                excerpt: w.excerpt,
                comment_count: w.comment_count,
                like_count: w.like_count,
            },
            body: w.body,
            updated_at: w.updated_at,
        })
    }
}

/// [`Event`] as it is on the wire: one flat object.
#[derive(Deserialize)]
struct EventWire {
    id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    summary: String,
    starts_at: Timestamp,
    #[serde(default)]
    ends_at: Option<Timestamp>,
    #[serde(default)]
    place: String,
    #[serde(default)]
    organiser: String,
    #[serde(default = "unknown_status")]
    status: EventStatus,
    #[serde(default)]
    cover: Option<ImageRef>,
    #[serde(default, deserialize_with = "lenient_blocks")]
    description: Vec<Block>,
    #[serde(default)]
    online: Option<OnlineJoin>,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    lat: Option<f64>,
    #[serde(default)]
    lng: Option<f64>,
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let w = EventWire::deserialize(deserializer)?;
        Ok(Event {
            summary: EventSummary {
                id: w.id,
                title: w.title,
                summary: w.summary,
                starts_at: w.starts_at,
                ends_at: w.ends_at,
                place: w.place,
                organiser: w.organiser,
                status: w.status,
                cover: w.cover,
            },
            description: w.description,
            online: w.online,
            phone: w.phone,
            lat: w.lat,
            lng: w.lng,
        })
    }
}

// ---------------------------------------------------------------------------
// Tolerant decoding helpers
// ---------------------------------------------------------------------------

/// `true`, for a field that is on unless said otherwise.
pub fn default_true() -> bool {
    true
}

/// Decodes a list, dropping the elements that do not decode (a malformed item must not
/// take the whole page down). `null` decodes as an empty list.
///
/// Each element is first taken as raw JSON text (any well-formed value), then decoded on
/// its own, so a bad element cannot leave the parser in the middle of the list. (Cheaper
/// than going through `serde_json::Value`; works with every serde_json deserializer,
/// including `from_value`.)
pub fn lenient_vec<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let raw: Option<Vec<Box<serde_json::value::RawValue>>> = Option::deserialize(deserializer)?;
    Ok(raw
        .unwrap_or_default()
        .iter()
        .filter_map(|v| serde_json::from_str(v.get()).ok())
        .collect())
}

/// Decodes rich text: blocks of unknown types, and blocks that do not decode, are dropped.
pub fn lenient_blocks<'de, D>(deserializer: D) -> Result<Vec<Block>, D::Error>
where
    D: Deserializer<'de>,
{
    let raw: Option<Vec<Box<serde_json::value::RawValue>>> = Option::deserialize(deserializer)?;
    Ok(raw.unwrap_or_default().iter().filter_map(|v| decode_block(v.get())).collect())
}

// One block, decoded as `Block`'s derived (internally tagged) `Deserialize` would: first the
// `type`, then the fields of that type from the same text. Serde decodes internally tagged
// enums by buffering the whole object (`Content`), which is a lot of code in the web app; a
// second pass over a block's few bytes is not. A test checks that both agree (except for
// blocks written as JSON arrays, a serde artefact outside the contract: those are skipped).
fn decode_block(raw: &str) -> Option<Block> {
    // A block is an object (serde would also read an array of the tag and field values).
    if !raw.trim_start().starts_with('{') {
        return None;
    }
    #[derive(Deserialize)]
    struct Tag {
        #[serde(rename = "type")]
        tag: String,
    }
    fn variant<'a, W: Deserialize<'a> + Into<Block>>(raw: &'a str) -> Option<Block> {
        serde_json::from_str::<W>(raw).ok().map(Into::into)
    }
    let Tag { tag } = serde_json::from_str(raw).ok()?;
    match tag.as_str() {
        "paragraph" => variant::<ParagraphWire>(raw),
        "heading" => variant::<HeadingWire>(raw),
        "list" => variant::<ListWire>(raw),
        "quote" => variant::<QuoteWire>(raw),
        "image" => variant::<ImageWire>(raw),
        "attachment" => variant::<AttachmentWire>(raw),
        _ => None,
    }
}

// The variants of `Block` as structs, with the same fields and serde attributes.

#[derive(Deserialize)]
struct ParagraphWire {
    #[serde(default)]
    text: String,
}

impl From<ParagraphWire> for Block {
    fn from(w: ParagraphWire) -> Block {
        Block::Paragraph { text: w.text }
    }
}

#[derive(Deserialize)]
struct HeadingWire {
    #[serde(default = "default_heading_level")]
    level: u8,
    #[serde(default)]
    text: String,
}

impl From<HeadingWire> for Block {
    fn from(w: HeadingWire) -> Block {
        Block::Heading { level: w.level, text: w.text }
    }
}

#[derive(Deserialize)]
struct ListWire {
    #[serde(default)]
    ordered: bool,
    #[serde(default)]
    items: Vec<String>,
}

impl From<ListWire> for Block {
    fn from(w: ListWire) -> Block {
        Block::List { ordered: w.ordered, items: w.items }
    }
}

#[derive(Deserialize)]
struct QuoteWire {
    #[serde(default)]
    text: String,
    #[serde(default)]
    cite: Option<String>,
}

impl From<QuoteWire> for Block {
    fn from(w: QuoteWire) -> Block {
        Block::Quote { text: w.text, cite: w.cite }
    }
}

#[derive(Deserialize)]
struct ImageWire {
    #[serde(default)]
    url: String,
    #[serde(default)]
    alt: String,
    #[serde(default)]
    caption: Option<String>,
    #[serde(default)]
    width: Option<u32>,
    #[serde(default)]
    height: Option<u32>,
}

impl From<ImageWire> for Block {
    fn from(w: ImageWire) -> Block {
        Block::Image { url: w.url, alt: w.alt, caption: w.caption, width: w.width, height: w.height }
    }
}

#[derive(Deserialize)]
struct AttachmentWire {
    #[serde(default)]
    url: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    size_bytes: Option<u64>,
    #[serde(default)]
    mime_type: Option<String>,
}

impl From<AttachmentWire> for Block {
    fn from(w: AttachmentWire) -> Block {
        Block::Attachment { url: w.url, name: w.name, size_bytes: w.size_bytes, mime_type: w.mime_type }
    }
}

// ---------------------------------------------------------------------------
// Query parameters (shared so that servers validate what clients send)
// ---------------------------------------------------------------------------

/// Query of `GET /api/v1/articles`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ArticleQuery {
    /// `news`, `policy` or `case`; all kinds when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// A category id from `GET /categories`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Full-text search over titles, summaries and bodies (1–50 characters; Chinese works).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Order: `newest` (the default) or `relevance` (with `q` only: the best matches first —
    /// a match in the title counts most, then the summary, then the body; ties newest first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    /// `next_cursor` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Page size, 1–50, default 20.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
}

/// Query of `GET /api/v1/events`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct EventQuery {
    /// `upcoming`, `ongoing` or `past`. Without it: ongoing and upcoming first (soonest
    /// first), then past events (most recent first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Page size, 1–50, default 20.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
}

/// Query of `GET /api/v1/categories`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct CategoryQuery {
    /// Only the categories of this article kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

/// Validates a `limit` query value: absent → default, else 1..=MAX_LIMIT.
pub fn parse_limit(raw: Option<&str>) -> Result<u32, FieldError> {
    match raw {
        None => Ok(DEFAULT_LIMIT),
        Some(s) => match s.trim().parse::<u32>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            _ => Err(FieldError {
                field: "limit".into(),
                code: "out_of_range".into(),
                message: format!("limit must be an integer from 1 to {MAX_LIMIT}"),
            }),
        },
    }
}

// ---------------------------------------------------------------------------
// Service metadata
// ---------------------------------------------------------------------------

/// `GET /api/v1/meta`: who this backend is, and what the app's home screen (the service hub)
/// shows of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Meta {
    /// Full name of the deploying body, e.g. 清远市清新区龙湾镇人大主席团.
    #[serde(default)]
    pub name: String,
    /// Contract version implemented, e.g. `1.0`.
    #[serde(default)]
    pub api_version: String,
    /// Short name of the place served, e.g. 龙湾镇: the home screen's heading. Empty when the
    /// backend does not say.
    #[serde(default)]
    pub township: String,
    /// The township's mark, a square image (not the national emblem).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emblem: Option<ImageRef>,
    /// The main liaison station: its phone is offered on the home screen, and a message the
    /// writer does not know whom to address goes to it (`recipient.kind` = `station`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<StationContact>,
    /// How new comments and topics are moderated (absent: the backend does not say; clients
    /// then rely on each comment's `state`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moderation: Option<ModerationPolicy>,
    /// Whether the backend sends Web Push (then `GET /push/vapid-key` has its key; absent or
    /// `false`: it does not, and the app offers no push channel).
    #[serde(default)]
    pub web_push: bool,
    /// Whether the backend has a WeChat official account (then `GET /wechat/js-config` signs
    /// `wx.config`; absent or `false`: the app does not ask, and leaves WeChat's JS-SDK alone).
    #[serde(default)]
    pub wechat: bool,
}

#[cfg(test)]
mod tests;
