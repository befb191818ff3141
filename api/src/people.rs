//! Sign-in, users and roles; liaison stations, deputies, departments and their
//! responsiveness figures.

use serde::{Deserialize, Serialize};

use crate::{lenient_vec, string_enum, ImageRef, Timestamp};

// ---------------------------------------------------------------------------
// Sign-in
// ---------------------------------------------------------------------------

string_enum! {
    /// What a user may do. A user has one or more roles.
    Role {
        /// A member of the public (群众).
        Citizen = "citizen",
        /// A people's congress deputy (人大代表): answers what is assigned to them.
        Deputy = "deputy",
        /// Liaison-station staff (联络站工作人员): triage and assignment.
        Staff = "staff",
    }
}

/// Digits of a mainland mobile number (it starts with 1).
pub const PHONE_DIGITS: usize = 11;
/// Digits of a one-time sign-in code.
pub const SIGN_IN_CODE_DIGITS: usize = 6;

/// `POST /api/v1/auth/codes`: send a one-time sign-in code to a phone by SMS.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeRequest {
    /// Mainland mobile number, 11 digits starting with 1 (spaces and a `+86` prefix are ignored).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub phone: String,
}

/// Answer to a code request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeSent {
    /// When the code stops working.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub expires_at: Timestamp,
    /// Seconds before another code may be requested for this phone.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub resend_after_seconds: u32,
    /// DEMO SERVERS ONLY: the code itself, so that a demo can be used without a phone.
    /// Production backends never send it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demo_code: Option<String>,
}

/// `POST /api/v1/auth/sessions`: sign in with the phone and the code it received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignIn {
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub phone: String,
    /// The 6-digit code.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub code: String,
}

/// A signed-in user, as they see themselves (`GET /api/v1/me`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: String,
    /// Name shown in the app (the user's own; never shown to other citizens unmasked).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub display_name: String,
    /// The user's phone, masked (`138****1234`).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub phone_masked: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub roles: Vec<Role>,
    /// For a deputy: their deputy profile id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deputy_id: Option<String>,
    /// For staff (and deputies): their liaison station id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station_id: Option<String>,
    /// The user's village, when chosen (`PUT /me/village`, or set by staff): it decides which
    /// station's and village's polls they may vote in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub village: Option<crate::Village>,
}

/// A session: the bearer token for `Authorization: Bearer <token>`, its expiry and the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub token: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub expires_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub user: User,
}

// ---------------------------------------------------------------------------
// Stations, deputies, departments
// ---------------------------------------------------------------------------

/// A liaison station (人大代表联络站): where deputies receive the public.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Station {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub address: String,
    /// Reception hours as display text, e.g. 每月 15 日 9:00–12:00（代表接待日）.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub reception_hours: String,
    /// Public office phone of the station.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// How many deputies belong to it.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub deputy_count: u32,
    /// The villages and communities (村、社区) it serves, e.g. 和平村: people choose "my
    /// village" from these. Empty when the backend does not say.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "lenient_vec")]
    pub villages: Vec<String>,
    /// WGS 84 latitude of its entrance (for map apps), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    /// WGS 84 longitude, with `lat`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lng: Option<f64>,
}

/// The main liaison station as named by [`crate::Meta`]: enough to call it or write to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StationContact {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub name: String,
    /// Public office phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// A station as embedded in a deputy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StationRef {
    pub id: String,
    #[serde(default)]
    pub name: String,
}

/// How a deputy or department answers, computed by the server over all messages assigned
/// to them. A rate is a fraction 0–1; absent when there is nothing to compute it from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Responsiveness {
    /// Messages assigned to them.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub assigned: u32,
    /// Of those, answered with at least one reply.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub replied: u32,
    /// `replied / assigned`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_rate: Option<f64>,
    /// Median hours from assignment to the first reply, over replied messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median_first_reply_hours: Option<f64>,
    /// Share of the messages whose deadline has passed or that are finished, that were
    /// answered (fast track) or resolved (major track) by their deadline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_time_rate: Option<f64>,
    /// Mean rating 1–5 given by citizens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<f64>,
    /// Number of ratings behind `satisfaction`.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub ratings: u32,
}

/// A deputy as listed. All fields are public.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeputySummary {
    pub id: String,
    /// Short code of the deputy's QR link `/d/<code>` (letters and digits).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub name: String,
    /// e.g. 镇人大代表, 区人大代表.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub title: String,
    /// Electoral district / village they represent, e.g. 龙湾村选区.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub constituency: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<ImageRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<StationRef>,
}

/// A deputy's profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deputy {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub constituency: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<ImageRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<StationRef>,
    /// Plain-text biography (paragraphs separated by blank lines).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub bio: String,
    /// Areas they follow, e.g. 农业农村, 道路交通.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub focus: Vec<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub stats: Responsiveness,
}

/// A government department (职能部门) that messages can be addressed or handed over to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Department {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub name: String,
    /// What it handles, one line.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub description: String,
}

string_enum! {
    /// Who a message is addressed to or handled by.
    HandlerKind {
        Deputy = "deputy",
        Department = "department",
        /// A liaison station: only as the recipient of a message whose writer is not sure
        /// whom to address (不确定找谁？交给联络站); its staff triage it to a handler. Never a
        /// handler itself.
        Station = "station",
    }
}

/// One row of the public responsiveness table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResponsivenessRow {
    /// Deputy or department id.
    pub id: String,
    pub kind: HandlerKind,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub stats: Responsiveness,
}

/// `GET /api/v1/responsiveness`: every deputy and department, by reply rate (highest first,
/// then name).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResponsivenessTable {
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub deputies: Vec<ResponsivenessRow>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub departments: Vec<ResponsivenessRow>,
    /// When the figures were computed.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub generated_at: Timestamp,
}

/// Query of `GET /api/v1/deputies`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct DeputyQuery {
    /// Only the deputies of this liaison station.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<String>,
    /// Search in name, constituency and focus areas (1–50 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// The deputies of this liaison station first (the user's own village), then the others;
    /// each group by name. Combines with `q`; ignored with `station`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_station: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Page size, 1–50, default 20.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
}
