//! 履职档案 (a deputy's duty record) and the attendance of events: courses completed, study
//! time, 每日一练, the responsiveness figures of the messages they handle, and the events they
//! attended — recorded by staff, or checked in by the deputy scanning the event's QR code
//! during its time window.
//!
//! The deputy and staff see the whole record; everyone else sees the parts the deployment makes
//! public (`public_parts`; by default the courses completed and the responsiveness figures).
//! Test scores are never public.

use serde::{Deserialize, Serialize};

use crate::rules::{self, Expect, Field, Request};
use crate::{lenient_vec, string_enum, CourseLevel, FieldError, Responsiveness, StationRef, Timestamp};

/// The check-in code of an event: this many characters.
pub const CHECK_IN_CODE_LEN: usize = 8;
/// A deputy may check in from this long before an event starts (seconds)…
pub const CHECK_IN_OPENS_BEFORE_SECS: i64 = 3600;
/// …until this long after it ends (its `ends_at`, or 2 hours after it starts).
pub const CHECK_IN_CLOSES_AFTER_SECS: i64 = 1800;

string_enum! {
    /// A part of a deputy's record a deployment may make public.
    RecordPart {
        /// The courses completed.
        Courses = "courses",
        /// Study time.
        Study = "study",
        /// 每日一练: days and streak.
        Practice = "practice",
        /// The responsiveness figures of the messages they handle.
        Responsiveness = "responsiveness",
        /// The events attended.
        Events = "events",
    }
}

string_enum! {
    /// How a deputy's attendance of an event was recorded.
    AttendanceKind {
        /// Staff recorded it.
        Staff = "staff",
        /// The deputy checked in with the event's QR code.
        CheckIn = "check_in",
    }
}

/// A course the deputy completed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompletedCourse {
    pub course_id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub level: CourseLevel,
    pub completed_at: Timestamp,
}

/// An event the deputy attended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendedEvent {
    pub event_id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub title: String,
    pub starts_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub how: AttendanceKind,
}

/// `GET /api/v1/deputies/{id}/record`: 履职档案. A part absent is not shown to this viewer
/// (not public), or the backend does not keep it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DutyRecord {
    pub deputy_id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<StationRef>,
    /// The whole record (the deputy themself, staff); false: the public parts only.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub full: bool,
    /// The parts everyone sees.
    #[serde(default, deserialize_with = "lenient_vec")]
    pub public_parts: Vec<RecordPart>,
    /// Newest first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub courses: Option<Vec<CompletedCourse>>,
    /// Minutes of study counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub study_minutes: Option<u32>,
    /// 每日一练 days of the last 30.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practice_days: Option<u32>,
    /// 每日一练 days in a row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practice_streak: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsiveness: Option<Responsiveness>,
    /// Newest first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<AttendedEvent>>,
}

/// One deputy's line of an event's attendance (staff).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceRow {
    pub deputy_id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<StationRef>,
    /// How it was recorded; absent: not attended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub how: Option<AttendanceKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Timestamp>,
}

/// `GET /api/v1/events/{id}/attendance` (staff): every deputy, and the event's check-in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attendance {
    pub event_id: String,
    /// The code of the event's check-in QR (the app's `/events/{id}/check-in?code=…`).
    pub check_in_code: String,
    /// When check-in opens and closes.
    pub check_in_opens_at: Timestamp,
    pub check_in_closes_at: Timestamp,
    /// Every deputy, by station and name.
    #[serde(default, deserialize_with = "lenient_vec")]
    pub deputies: Vec<AttendanceRow>,
}

/// `POST /api/v1/events/{id}/check-ins` (a deputy): the code of the event's QR.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckIn {
    /// The 8 characters of the QR's `code`.
    pub code: String,
}

impl Request for CheckIn {
    const FIELDS: &'static [Field] = &[Field::required("code", Expect::Text)];
}

impl CheckIn {
    /// A code of [`CHECK_IN_CODE_LEN`] letters and digits (its case and surrounding spaces do
    /// not matter).
    pub fn validate(&self) -> Result<CheckIn, Vec<FieldError>> {
        let code = self.code.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(vec![rules::error("code", rules::REQUIRED, "the check-in code is required")]);
        }
        if code.chars().count() != CHECK_IN_CODE_LEN || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(vec![rules::error(
                "code",
                rules::INVALID,
                format!("a check-in code is {CHECK_IN_CODE_LEN} letters and digits"),
            )]);
        }
        Ok(CheckIn { code })
    }
}

/// When check-in of an event that starts at `starts_at` and ends at `effective_end` (Unix
/// seconds) opens and closes.
pub fn check_in_window(starts_at: i64, effective_end: i64) -> (i64, i64) {
    (starts_at - CHECK_IN_OPENS_BEFORE_SECS, effective_end.max(starts_at) + CHECK_IN_CLOSES_AFTER_SECS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_eight_letters_and_digits_in_any_case() {
        assert_eq!(CheckIn { code: " ab3k9mz2 ".into() }.validate().unwrap().code, "AB3K9MZ2");
        for bad in ["", "ABC", "AB3K9MZ2X", "AB3K-MZ2"] {
            assert!(CheckIn { code: bad.into() }.validate().is_err(), "{bad}");
        }
    }

    #[test]
    fn check_in_opens_an_hour_before_and_closes_half_an_hour_after() {
        assert_eq!(check_in_window(10_000, 17_200), (6_400, 19_000));
        // an end before the start (bad data) is taken as the start
        assert_eq!(check_in_window(10_000, 5_000), (6_400, 11_800));
    }

    #[test]
    fn a_record_of_a_newer_backend_still_reads() {
        let r: DutyRecord = serde_json::from_str(
            r#"{"deputy_id":"dp_1","name":"陈","full":false,"public_parts":["courses","tests_passed"],"courses":[{"course_id":"c","title":"t","level":"expert","completed_at":"2026-12-01T00:00:00Z"}],"badges":[1]}"#,
        )
        .unwrap();
        assert_eq!(r.public_parts, [RecordPart::Courses, RecordPart::Unknown]);
        assert_eq!(r.courses.unwrap()[0].level, CourseLevel::Unknown);
    }
}
