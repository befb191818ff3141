//! 履职学堂 (training for deputies): courses of lessons by level (入门 / 进阶) and track, read on
//! the phone with a minimum study time that counts only while a lesson is on screen (the app
//! sends heartbeats; the server decides what they earn), progress kept on the server so that a
//! deputy resumes where they left off on any device.
//!
//! Deputies and staff see the courses; citizens do not (403).

use serde::{Deserialize, Serialize};

use crate::rules::{self, Expect, Field, Request, OUT_OF_RANGE};
use crate::FieldError;
use crate::{lenient_blocks, lenient_vec, string_enum, Block, Timestamp};

/// The highest block index a heartbeat names.
pub const POSITION_MAX: u32 = 10_000;

/// The app sends a heartbeat this often while a lesson is visible (seconds).
pub const STUDY_BEAT_SECS: u32 = 15;

string_enum! {
    /// A course's level of digital skill (阶梯式分层培训).
    CourseLevel {
        /// 入门: using a smartphone, signing in, using this platform — for older deputies and
        /// those with little experience.
        Basic = "basic",
        /// 进阶: data analysis, information handling.
        Advanced = "advanced",
    }
}

string_enum! {
    /// What a course is about.
    CourseTrack {
        /// 数字技能: the phone and the platform.
        Digital = "digital",
        /// 新任培训: induction of newly elected deputies.
        Induction = "induction",
        /// 专题: a theme of a deputy's work (budget review, writing proposals…).
        Thematic = "thematic",
    }
}

string_enum! {
    /// What a lesson's media is.
    MediaKind {
        /// A micro-course video (微课).
        Video = "video",
        Audio = "audio",
    }
}

/// A lesson's video or audio: a link (played by the browser), with its transcript for those
/// who read rather than listen (and for screen readers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LessonMedia {
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub kind: MediaKind,
    /// An `https:` URL (or a path of this server).
    pub url: String,
    /// Its length in seconds, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_secs: Option<u32>,
    /// What is said, as plain text (paragraphs separated by blank lines).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub transcript: String,
}

/// The viewer's progress in a course.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CourseProgress {
    /// Lessons studied for their minimum time.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub lessons_done: u32,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub lessons_total: u32,
    /// Seconds of study counted in the course.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub studied_secs: u32,
    /// When every lesson was done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<Timestamp>,
    /// The lesson to go on with: the first one not done (absent when all are).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_lesson_id: Option<String>,
}

/// A course as listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CourseSummary {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub level: CourseLevel,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub track: CourseTrack,
    /// One or two sentences: what one learns.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub summary: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub lesson_count: u32,
    /// The minimum study time of all its lessons, in minutes (rounded up).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub minutes: u32,
    /// The viewer's progress.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub progress: CourseProgress,
}

/// A lesson as listed in its course.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LessonSummary {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub title: String,
    /// The study time it needs to count as done, in seconds.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub min_secs: u32,
    /// The viewer's study time in it so far (may exceed `min_secs`).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub studied_secs: u32,
    /// Studied for `min_secs`.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub done: bool,
    /// Whether it has a video or audio.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media: Option<MediaKind>,
}

/// A course with its description and its lessons in order (`lesson_count` is `lessons`'
/// length).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Course {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub level: CourseLevel,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub track: CourseTrack,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub summary: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub minutes: u32,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub progress: CourseProgress,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_blocks")]
    pub description: Vec<Block>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub lessons: Vec<LessonSummary>,
}

/// A lesson to study.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Lesson {
    pub id: String,
    pub course_id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub course_title: String,
    /// Its place in the course, from 1.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub number: u32,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub title: String,
    /// The study time it needs to count as done, in seconds.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub min_secs: u32,
    /// The viewer's study time in it so far.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub studied_secs: u32,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub done: bool,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_blocks")]
    pub body: Vec<Block>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media: Option<LessonMedia>,
    /// Where the viewer left off: the index of the block last in view (the app scrolls back
    /// to it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume_at: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_id: Option<String>,
}

/// `POST /api/v1/training/lessons/{id}/beats`: the lesson is on screen (sent every
/// [`STUDY_BEAT_SECS`] while it is visible, and once when it is shown).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudyBeat {
    /// The index of the block in view (0–10000), kept to resume there.
    #[cfg_attr(feature = "openapi", schema(maximum = 10000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<u32>,
}

/// What a heartbeat counted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudyProgress {
    /// Seconds this heartbeat added: the time since the viewer's previous heartbeat (on any
    /// lesson), at most 30; 0 for the first one.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub counted_secs: u32,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub lesson: LessonSummary,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub course: CourseProgress,
}

/// Query of `GET /api/v1/training/courses`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct CourseQuery {
    /// `basic` or `advanced`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// `digital`, `induction` or `thematic`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Page size, 1–50, default 20.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
}

impl Request for StudyBeat {
    const FIELDS: &'static [Field] = &[Field::optional("position", Expect::Whole { min: 0, max: POSITION_MAX as i64 })];
}

impl StudyBeat {
    /// `position` within 0–[`POSITION_MAX`].
    pub fn validate(&self) -> Result<StudyBeat, Vec<FieldError>> {
        match self.position {
            Some(p) if p > POSITION_MAX => Err(vec![rules::error(
                "position",
                OUT_OF_RANGE,
                format!("position must be a whole number from 0 to {POSITION_MAX}"),
            )]),
            _ => Ok(self.clone()),
        }
    }
}
