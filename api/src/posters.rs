//! Posters (扫码即联代表 on notice boards): staff make a printable poster for a named place —
//! a station's notice board, a school board, a hospital desk — whose QR code opens a deputy's
//! page, a liaison station's, or the app's way in, and see how many people each poster
//! brought: opens and messages sent, per poster and week.
//!
//! Only aggregate counters are kept (per poster and week: opens, messages). Nothing ties a
//! person, a device or a message to a poster: a message sent in a visit that began at a
//! poster carries the poster's id in `NewMessage.via`, the backend adds one to that week's
//! count and does not store it with the message.

use serde::{Deserialize, Serialize};

use crate::{lenient_vec, string_enum, Timestamp};

/// The name of a poster's place (石峡村委会公告栏) is 1 to this many characters.
pub const POSTER_PLACE_MAX: usize = 40;
/// A poster answers the counts of at most this many weeks (the most recent with any count).
pub const POSTER_WEEKS: usize = 12;
/// Opens counted per client address and hour (more are refused with 429): enough for a
/// family's phones on one network, not for inflating a poster's count by script.
pub const POSTER_OPENS_PER_HOUR: u32 = 30;

string_enum! {
    /// Where a poster's QR code leads.
    PosterTarget {
        /// The app's way in for people who do not know their deputy: the deputies, their own
        /// village's first (`/deputies`).
        Home = "home",
        /// A deputy's page with 给代表留言 (`/d/<code>`).
        Deputy = "deputy",
        /// A liaison station's page (`/stations/<id>`).
        Station = "station",
    }
}

/// The counts of one week (Monday to Sunday, township time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PosterWeek {
    /// The Monday the week starts on, `YYYY-MM-DD` (township calendar).
    #[cfg_attr(feature = "openapi", schema(required = true, format = Date))]
    #[serde(default)]
    pub week_start: String,
    /// Visits opened from the poster's QR code.
    #[serde(default)]
    pub opens: u32,
    /// Messages sent in those visits.
    #[serde(default)]
    pub messages: u32,
}

/// A poster and what it brought.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Poster {
    /// Also the code its QR carries (`via`): short, ASCII letters, digits and `_`.
    pub id: String,
    pub target: PosterTarget,
    /// The deputy's or the station's id (absent for `home`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_id: Option<String>,
    /// The deputy's or the station's name; for `home` the deploying body's short name (the
    /// township).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub target_name: String,
    /// Where it hangs, e.g. 石峡村委会公告栏.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub place: String,
    /// The path of the app its QR code opens (on the app's origin), with `via=<id>`, e.g.
    /// `/d/LW01?via=ps_00001`.
    pub path: String,
    pub created_at: Timestamp,
    /// All visits opened from its QR code so far.
    #[serde(default)]
    pub opens: u32,
    /// All messages sent in those visits so far.
    #[serde(default)]
    pub messages: u32,
    /// The counts per week, newest first: at most [`POSTER_WEEKS`], weeks without any left out.
    #[serde(default, deserialize_with = "lenient_vec")]
    pub weeks: Vec<PosterWeek>,
}

/// `POST /api/v1/posters` (staff).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPoster {
    pub target: PosterTarget,
    /// Required for `deputy` and `station`: the deputy's or the station's id; not given for
    /// `home`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_id: Option<String>,
    /// Where it will hang, 1–40 characters.
    pub place: String,
}
