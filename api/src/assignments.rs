//! 履职学堂 for liaison-station staff: courses assigned to deputies with a due date — each
//! deputy is alerted when it is assigned, 3 days before it is due and when it is overdue —
//! and the training report: every deputy's courses, assignments, study time and practice,
//! per deputy and per station, also as CSV, with one action to remind everyone behind.
//!
//! Staff only (403 for others); a deputy sees the due date of an assigned course on the
//! course itself (`CourseSummary::due_at`).

use serde::{Deserialize, Serialize};

use crate::rules::{self, Expect, Field, FieldErrors, Request};
use crate::{lenient_vec, string_enum, CourseLevel, FieldError, StationRef, Timestamp};

/// An assignment's note to the deputies: at most this many characters.
pub const ASSIGNMENT_NOTE_MAX: usize = 200;
/// Deputies named in one assignment or reminder: at most this many.
pub const ASSIGNMENT_DEPUTIES_MAX: usize = 200;

string_enum! {
    /// Whom a course is assigned to. The deputies are those of the moment it is assigned.
    AudienceKind {
        /// Every deputy.
        All = "all",
        /// The deputies of one liaison station (`station_id`).
        Station = "station",
        /// Deputies named one by one (`deputy_ids`).
        Deputies = "deputies",
    }
}

/// `POST /api/v1/training/assignments` (staff; Idempotency-Key).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewAssignment {
    pub course_id: String,
    pub audience: AudienceKind,
    /// With `audience` `station`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station_id: Option<String>,
    /// With `audience` `deputies`: deputy ids, 1–200, each once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deputy_ids: Vec<String>,
    /// When the course is due (RFC 3339, in the future).
    pub due_at: Timestamp,
    /// 1–200 characters, shown with the alert (why, what to pay attention to).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A course assigned to deputies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assignment {
    pub id: String,
    pub course_id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub course_title: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub level: CourseLevel,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub audience: AudienceKind,
    /// The station, when assigned to one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<StationRef>,
    pub due_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The staff member who assigned it.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub assigned_by: String,
    pub created_at: Timestamp,
    /// Deputies it was assigned to.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub deputies: u32,
    /// Of them, those who have completed the course.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub completed: u32,
}

/// One deputy's line of the training report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingRow {
    pub deputy_id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<StationRef>,
    /// Whether the deputy has an account to study with (without one, they cannot start).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub has_account: bool,
    /// Courses completed, assigned or not.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub courses_completed: u32,
    /// Courses assigned to the deputy.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub assigned: u32,
    /// Of them, completed.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub assigned_done: u32,
    /// Of them, past their due date and not completed.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub overdue: u32,
    /// Study time counted, in minutes (rounded down).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub study_minutes: u32,
    /// Days of the last 30 on which the deputy answered 每日一练.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub practice_days: u32,
    /// The deputy's current 每日一练 streak.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub streak: u32,
    /// The last time they studied a lesson or practised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_active_at: Option<Timestamp>,
    /// Behind: an assigned course not completed is overdue or due within 3 days.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub behind: bool,
}

/// A station's line of the training report: the sums of its deputies' lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StationTraining {
    /// The station (absent: deputies of no station).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<StationRef>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub deputies: u32,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub with_account: u32,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub courses_completed: u32,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub assigned: u32,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub assigned_done: u32,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub overdue: u32,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub study_minutes: u32,
    /// Deputies behind.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub behind: u32,
}

/// `GET /api/v1/training/report` (staff).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingReport {
    /// Every deputy (of the station asked for), by station and then name.
    #[serde(default, deserialize_with = "lenient_vec")]
    pub rows: Vec<TrainingRow>,
    /// Per station, in the stations' order (deputies of no station last).
    #[serde(default, deserialize_with = "lenient_vec")]
    pub stations: Vec<StationTraining>,
    pub generated_at: Timestamp,
}

/// `POST /api/v1/training/reminders` (staff; Idempotency-Key): remind deputies behind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewReminder {
    /// Only these deputies (1–200, each once); absent or empty: everyone behind.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deputy_ids: Vec<String>,
}

/// What `POST /api/v1/training/reminders` did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RemindersSent {
    /// Deputies alerted now.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub reminded: u32,
    /// Deputies behind but reminded within the last 24 hours: not again.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub recently_reminded: u32,
    /// Deputies behind without an account: to be reached otherwise (the report lists them).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub without_account: u32,
}

/// Query of `GET /api/v1/training/report` and `GET /api/v1/training/report.csv`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ReportQuery {
    /// Only the deputies of this station.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<String>,
}

/// Deputy ids: 1–[`ASSIGNMENT_DEPUTIES_MAX`], each a valid id, each once.
fn deputy_ids(field: &str, ids: &[String]) -> Result<Vec<String>, FieldError> {
    if ids.is_empty() {
        return Err(rules::error(field, rules::REQUIRED, "name at least one deputy"));
    }
    if ids.len() > ASSIGNMENT_DEPUTIES_MAX {
        return Err(rules::error(
            field,
            rules::OUT_OF_RANGE,
            format!("name at most {ASSIGNMENT_DEPUTIES_MAX} deputies"),
        ));
    }
    let mut seen = std::collections::BTreeSet::new();
    for id in ids {
        let id = rules::id(field, id)?;
        if !seen.insert(id) {
            return Err(rules::error(field, rules::INVALID, "a deputy is named twice"));
        }
    }
    Ok(ids.to_vec())
}

impl Request for NewAssignment {
    const FIELDS: &'static [Field] = &[
        Field::required("course_id", Expect::Id),
        Field::required("audience", Expect::OneOf("all, station, deputies")),
        Field::optional("station_id", Expect::Id),
        Field::optional("deputy_ids", Expect::List("deputy_ids must be a list of deputy ids")),
        Field::required("due_at", Expect::Time),
        Field::optional("note", Expect::Text),
    ];
}

impl NewAssignment {
    /// The rules of an assignment at `now` (Unix seconds; it may not be due in the past).
    /// The server also checks that the course, the station and the deputies exist.
    pub fn validate(&self, now: i64) -> Result<NewAssignment, Vec<FieldError>> {
        let mut e = FieldErrors::new();
        let course_id = e.value(rules::id("course_id", &self.course_id));
        let audience = e.value(rules::one_of("audience", self.audience, AudienceKind::ALL, "all, station, deputies"));
        // (with an unknown audience, which of station and deputies it needs is unknown too)
        let known = !e.has("audience");
        let station_id = match (audience, &self.station_id) {
            _ if !known => None,
            (AudienceKind::Station, Some(id)) => e.take(rules::id("station_id", id)),
            (AudienceKind::Station, None) => {
                e.push(rules::error("station_id", rules::REQUIRED, "name the station"));
                None
            }
            (_, Some(_)) => {
                e.push(rules::error("station_id", rules::INVALID, "station_id goes with audience station"));
                None
            }
            (_, None) => None,
        };
        let deputy_ids = match audience {
            _ if !known => Vec::new(),
            AudienceKind::Deputies => e.take(deputy_ids("deputy_ids", &self.deputy_ids)).unwrap_or_default(),
            _ if !self.deputy_ids.is_empty() => {
                e.push(rules::error("deputy_ids", rules::INVALID, "deputy_ids go with audience deputies"));
                Vec::new()
            }
            _ => Vec::new(),
        };
        let due_at = e.take(rules::not_before("due_at", &self.due_at, now)).map(|_| self.due_at.clone());
        let note = e.value(rules::optional_text("note", self.note.as_deref(), 1, ASSIGNMENT_NOTE_MAX));
        e.finish(NewAssignment {
            course_id,
            audience,
            station_id,
            deputy_ids,
            due_at: due_at.unwrap_or_default(),
            note,
        })
    }

    /// Every field error of [`Self::validate`] at `now`.
    pub fn check(&self, now: i64) -> Vec<FieldError> {
        self.validate(now).err().unwrap_or_default()
    }
}

impl rules::Validate for NewAssignment {
    fn validate_at(&self, now: i64) -> Result<Self, Vec<FieldError>> {
        self.validate(now)
    }
}

impl Request for NewReminder {
    const FIELDS: &'static [Field] =
        &[Field::optional("deputy_ids", Expect::List("deputy_ids must be a list of deputy ids"))];
}

impl NewReminder {
    /// No deputies (everyone behind), or 1–200 valid ids, each once.
    pub fn validate(&self) -> Result<NewReminder, Vec<FieldError>> {
        if self.deputy_ids.is_empty() {
            return Ok(self.clone());
        }
        match deputy_ids("deputy_ids", &self.deputy_ids) {
            Ok(deputy_ids) => Ok(NewReminder { deputy_ids }),
            Err(e) => Err(vec![e]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_790_000_000; // 2026-09-21

    fn station() -> NewAssignment {
        NewAssignment {
            course_id: "crs_phone".into(),
            audience: AudienceKind::Station,
            station_id: Some("st_center".into()),
            deputy_ids: Vec::new(),
            due_at: "2026-12-31T15:59:59Z".into(),
            note: Some("  年底前学完  ".into()),
        }
    }

    fn fields(errors: Vec<FieldError>) -> Vec<String> {
        errors.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn an_assignment_to_a_station() {
        let a = station().validate(NOW).expect("valid");
        assert_eq!(a.note.as_deref(), Some("年底前学完"), "trimmed");
        assert_eq!(a.station_id.as_deref(), Some("st_center"));
    }

    #[test]
    fn the_audience_decides_which_of_station_and_deputies_it_needs() {
        let mut a = station();
        a.station_id = None;
        assert_eq!(fields(a.check(NOW)), ["station_id"]);
        let mut a = station();
        a.audience = AudienceKind::All;
        assert_eq!(fields(a.check(NOW)), ["station_id"], "a station with everyone is a mistake");
        let mut a = station();
        a.audience = AudienceKind::Deputies;
        a.station_id = None;
        assert_eq!(fields(a.check(NOW)), ["deputy_ids"], "nobody named");
        a.deputy_ids = vec!["dp_lw01".into(), "dp_lw01".into()];
        assert_eq!(fields(a.check(NOW)), ["deputy_ids"], "twice");
        a.deputy_ids = vec!["dp_lw01".into(), "dp_lw02".into()];
        assert!(a.check(NOW).is_empty());
        a.deputy_ids = (0..=ASSIGNMENT_DEPUTIES_MAX).map(|i| format!("dp_{i}")).collect();
        assert_eq!(fields(a.check(NOW)), ["deputy_ids"], "too many");
        let mut a = station();
        a.audience = AudienceKind::Unknown;
        assert_eq!(fields(a.check(NOW)), ["audience"]);
    }

    #[test]
    fn it_is_due_in_the_future_with_a_short_note() {
        let mut a = station();
        a.due_at = "2026-01-01T00:00:00Z".into();
        a.note = Some("很".repeat(ASSIGNMENT_NOTE_MAX + 1));
        assert_eq!(fields(a.check(NOW)), ["due_at", "note"]);
        a.due_at = "next week".into();
        a.note = None;
        assert_eq!(fields(a.check(NOW)), ["due_at"]);
    }

    #[test]
    fn a_reminder_names_nobody_or_valid_deputies() {
        assert!(NewReminder::default().validate().is_ok());
        let r = NewReminder { deputy_ids: vec!["dp_lw01".into(), "dp_lw01".into()] };
        assert_eq!(fields(r.validate().unwrap_err()), ["deputy_ids"]);
    }

    #[test]
    fn unknown_fields_and_values_are_tolerated_in_answers() {
        let r: TrainingRow = serde_json::from_str(r#"{"deputy_id":"dp_1","name":"陈","new_field":1}"#).unwrap();
        assert_eq!(r.name, "陈");
        let a: Assignment = serde_json::from_str(
            r#"{"id":"as_1","course_id":"c","audience":"village","due_at":"2026-12-31T00:00:00Z","created_at":"2026-12-01T00:00:00Z"}"#,
        )
        .unwrap();
        assert_eq!(a.audience, AudienceKind::Unknown);
    }
}
