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
    /// When staff assigned the course to the viewer (a deputy): when it is due (the earliest,
    /// if assigned twice).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_at: Option<Timestamp>,
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
    /// When it is due, when staff assigned it to the viewer (as in [`CourseSummary`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_at: Option<Timestamp>,
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

// ---------------------------------------------------------------------------
// The question bank and 每日一练 (daily practice)
// ---------------------------------------------------------------------------

/// Questions of 每日一练 a day.
pub const PRACTICE_SIZE: usize = 5;

string_enum! {
    /// How a question of the bank is answered.
    QuizKind {
        /// Exactly one option.
        Single = "single",
        /// One or more options; each right one chosen earns its share, each wrong one takes a
        /// share away (never below zero).
        Multiple = "multiple",
        /// 正确 / 错误: one of two options.
        TrueFalse = "true_false",
    }
}

/// An option of a question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuizOption {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub text: String,
}

/// A question as asked: never with its answer (that comes with the feedback, after answering).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuizQuestion {
    pub id: String,
    /// The bank's category, as shown (代表法, 预算审查…).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub category: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub kind: QuizKind,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub text: String,
    /// In the order this viewer sees them (shuffled per person and day, or per attempt).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub options: Vec<QuizOption>,
}

/// An answer to one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuizAnswer {
    pub question_id: String,
    /// The options chosen: one for `single` and `true_false`, one or more for `multiple`.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub option_ids: Vec<String>,
}

/// How an answer was marked, with the right answer and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuizFeedback {
    pub question_id: String,
    /// Entirely right.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub correct: bool,
    /// The mark in percent of the question (a multiple-choice answer may be partly right).
    #[cfg_attr(feature = "openapi", schema(required = true, maximum = 100))]
    #[serde(default)]
    pub mark: u32,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub chosen: Vec<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub correct_option_ids: Vec<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub explanation: String,
}

/// One question of the day's practice, with the feedback once answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PracticeItem {
    pub question: QuizQuestion,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<QuizFeedback>,
}

/// 每日一练: the viewer's questions of the township day (the same all day, on any device).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PracticeSet {
    /// The township day, `YYYY-MM-DD`.
    pub day: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub items: Vec<PracticeItem>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub answered: u32,
    /// Answers entirely right today.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub correct: u32,
    /// Township days in a row, up to today (or yesterday while today's is not finished), on
    /// which every question of the day was answered.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub streak: u32,
}

impl Request for QuizAnswer {
    const FIELDS: &'static [Field] = &[
        Field::required("question_id", Expect::Id),
        Field::required("option_ids", Expect::List("option_ids must be a list of option ids")),
    ];
}

impl QuizAnswer {
    /// At least one option, each named once.
    pub fn validate(&self) -> Result<QuizAnswer, Vec<FieldError>> {
        let mut ids = self.option_ids.clone();
        ids.sort();
        ids.dedup();
        if self.option_ids.is_empty() {
            Err(vec![rules::error("option_ids", rules::REQUIRED, "choose at least one option")])
        } else if ids.len() != self.option_ids.len() {
            Err(vec![rules::error("option_ids", rules::INVALID, "an option is named twice")])
        } else {
            Ok(self.clone())
        }
    }
}

// ---------------------------------------------------------------------------
// 数字素养自测 (the self-check that recommends a level)
// ---------------------------------------------------------------------------

/// An option of a self-check question (what it is worth stays on the server).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelfCheckOption {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub text: String,
}

/// A question of the self-check about the deputy's own digital habits (会不会用手机拍照发微信…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelfCheckQuestion {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub text: String,
    /// From the least to the most at ease; exactly one is chosen.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub options: Vec<SelfCheckOption>,
}

/// What the self-check recommends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelfCheckResult {
    /// The level of courses to begin with.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub level: CourseLevel,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub score: u32,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub max_score: u32,
    /// One line: why this level.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub reason: String,
    pub taken_at: Timestamp,
}

/// `GET /api/v1/training/self-check`: the questions, and the viewer's last result if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelfCheck {
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub questions: Vec<SelfCheckQuestion>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<SelfCheckResult>,
}

/// One answer of the self-check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelfCheckAnswer {
    pub question_id: String,
    pub option_id: String,
}

/// `POST /api/v1/training/self-check`: an answer to every question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewSelfCheck {
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub answers: Vec<SelfCheckAnswer>,
}

impl Request for NewSelfCheck {
    const FIELDS: &'static [Field] =
        &[Field::required("answers", Expect::List("answers must be a list of {question_id, option_id}"))];
}

impl NewSelfCheck {
    /// Every question of `questions` answered once, with one of its options. Errors are on
    /// `answers`.
    pub fn validate(&self, questions: &[SelfCheckQuestion]) -> Result<NewSelfCheck, Vec<FieldError>> {
        let wrong = |code: &str, m: String| Err(vec![rules::error("answers", code, m)]);
        for a in &self.answers {
            let Some(q) = questions.iter().find(|q| q.id == a.question_id) else {
                return wrong(rules::INVALID, format!("{:?} is not a question of the self-check", a.question_id));
            };
            if !q.options.iter().any(|o| o.id == a.option_id) {
                return wrong(rules::INVALID, format!("{:?} is not an option of question {:?}", a.option_id, q.id));
            }
        }
        for q in questions {
            match self.answers.iter().filter(|a| a.question_id == q.id).count() {
                0 => return wrong(rules::REQUIRED, format!("answer every question: {:?} has no answer", q.id)),
                1 => {}
                _ => return wrong(rules::INVALID, format!("question {:?} is answered twice", q.id)),
            }
        }
        Ok(self.clone())
    }
}

#[cfg(test)]
mod self_check_tests {
    use super::*;

    fn questions() -> Vec<SelfCheckQuestion> {
        let q = |id: &str| SelfCheckQuestion {
            id: id.into(),
            text: id.into(),
            options: ["a", "b"].iter().map(|o| SelfCheckOption { id: (*o).into(), text: (*o).into() }).collect(),
        };
        vec![q("q1"), q("q2")]
    }

    fn answer(q: &str, o: &str) -> SelfCheckAnswer {
        SelfCheckAnswer { question_id: q.into(), option_id: o.into() }
    }

    #[test]
    fn every_question_once_with_its_options() {
        let qs = questions();
        let ok = NewSelfCheck { answers: vec![answer("q2", "b"), answer("q1", "a")] };
        assert_eq!(ok.validate(&qs), Ok(ok.clone()));
        let code = |n: NewSelfCheck| n.validate(&qs).unwrap_err()[0].code.clone();
        assert_eq!(code(NewSelfCheck { answers: vec![answer("q1", "a")] }), rules::REQUIRED);
        assert_eq!(code(NewSelfCheck { answers: vec![] }), rules::REQUIRED);
        assert_eq!(code(NewSelfCheck { answers: vec![answer("q1", "a"), answer("q1", "b"), answer("q2", "a")] }), rules::INVALID);
        assert_eq!(code(NewSelfCheck { answers: vec![answer("q1", "z"), answer("q2", "a")] }), rules::INVALID);
        assert_eq!(code(NewSelfCheck { answers: vec![answer("q9", "a"), answer("q1", "a"), answer("q2", "a")] }), rules::INVALID);
    }
}
