//! 测评 (capability tests) of 履职学堂 and the certificates of passed tests and completed
//! courses.
//!
//! A test draws its questions from the bank (a count per category), shuffled per attempt with
//! the options of each question shuffled too. The server keeps the time: an attempt's deadline
//! is its start plus the time limit, cut short by the test's close; answers are saved one by
//! one until the deadline and a short grace; an attempt past it is submitted with what was
//! saved. One attempt at a time, a number of attempts, a wait between attempts counted from
//! the end of the previous one. The questions of an attempt never carry their answers: those
//! come with the result, after submission.
//!
//! Deputies and staff take tests; citizens do not (403). A certificate is checked by anyone
//! with its code (no sign-in).

use serde::{Deserialize, Serialize};

use crate::rules::{Expect, Field, Request};
use crate::FieldError;
use crate::{lenient_vec, string_enum, AttemptTask, QuizAnswer, QuizFeedback, QuizQuestion, TaskResult, Timestamp};

/// Answers are still saved this many seconds after an attempt's deadline (a slow network).
pub const SAVE_GRACE_SECS: u32 = 15;

string_enum! {
    /// Where a test stands for the viewer now.
    TestState {
        /// An attempt may be started.
        Available = "available",
        /// An attempt is open: resume it (`open_attempt_id`).
        InProgress = "in_progress",
        /// The wait after the previous attempt is not over (`wait_until`).
        Waiting = "waiting",
        /// Every attempt allowed was used.
        NoAttemptsLeft = "no_attempts_left",
        /// The test opens later (`opens_at`).
        NotOpenYet = "not_open_yet",
        /// The test has closed.
        Closed = "closed",
    }
}

string_enum! {
    /// Where an attempt stands.
    AttemptStatus {
        /// Taking answers until `deadline` (and a short grace).
        InProgress = "in_progress",
        /// Submitted (by the deputy, or by the server at the deadline): the result is out.
        Submitted = "submitted",
    }
}

string_enum! {
    /// What a certificate is for.
    CertificateKind {
        /// A course whose every lesson was completed.
        Course = "course",
        /// A capability test passed.
        Test = "test",
    }
}

/// How many questions of a category of the bank a test draws.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DrawRule {
    /// The bank's category (代表法, 预算审查…).
    pub category: String,
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100))]
    pub count: u32,
}

/// The rules of a test, in the words the app shows them (限时 30 分钟, 可考 2 次…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TestRulesView {
    /// Attempts may start from then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens_at: Option<Timestamp>,
    /// No attempt starts after, and an open attempt ends then at the latest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closes_at: Option<Timestamp>,
    /// The time an attempt may take, in minutes (absent: no limit but the close).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 600))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit_minutes: Option<u32>,
    /// Attempts each deputy has (absent: no limit).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_attempts: Option<u32>,
    /// The wait between the end of an attempt and the start of the next, in minutes.
    #[cfg_attr(feature = "openapi", schema(required = true, maximum = 100000))]
    #[serde(default)]
    pub wait_minutes: u32,
    /// The score needed to pass, in percent.
    #[cfg_attr(feature = "openapi", schema(required = true, maximum = 100))]
    #[serde(default)]
    pub pass_percent: u32,
    /// How many questions an attempt has (the sum of the draw plan).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub question_count: u32,
    /// How many practical tasks (平台实操) it has besides; each counts as one question.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub task_count: u32,
}

/// The viewer's standing in a test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TestStanding {
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub state: TestState,
    /// The open attempt (state `in_progress`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_attempt_id: Option<String>,
    /// When the next attempt may start (state `waiting`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_until: Option<Timestamp>,
    /// Attempts started so far.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub attempts_used: u32,
    /// The best score of the submitted attempts, in percent.
    #[cfg_attr(feature = "openapi", schema(maximum = 100))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best_score: Option<u32>,
    /// An attempt reached the pass mark.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub passed: bool,
    /// The certificate of the test, once passed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_code: Option<String>,
}

/// A test as listed, with the viewer's standing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TestSummary {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub title: String,
    /// The course it belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub course_id: Option<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub rules: TestRulesView,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub standing: TestStanding,
}

/// A submitted or open attempt as listed on its test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttemptSummary {
    pub id: String,
    /// 1 for the first attempt at the test.
    #[cfg_attr(feature = "openapi", schema(required = true, minimum = 1))]
    #[serde(default)]
    pub number: u32,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub status: AttemptStatus,
    pub started_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<Timestamp>,
    /// In percent, once submitted.
    #[cfg_attr(feature = "openapi", schema(maximum = 100))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passed: Option<bool>,
}

/// A test with its introduction, its draw plan and the viewer's attempts (newest first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CapabilityTest {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub title: String,
    /// What it covers and how it goes, as plain text (paragraphs separated by blank lines).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub intro: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub course_id: Option<String>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub rules: TestRulesView,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub draw: Vec<DrawRule>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub standing: TestStanding,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub attempts: Vec<AttemptSummary>,
}

/// An answer saved in an attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedAnswer {
    pub question_id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub option_ids: Vec<String>,
    pub saved_at: Timestamp,
}

/// An attempt as it is taken: its questions in the attempt's order with their options in the
/// attempt's order — never the right options or the explanations — the answers saved so far,
/// and the server's clock: the app counts down from `deadline` offset by `now`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attempt {
    pub id: String,
    pub test_id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub test_title: String,
    #[cfg_attr(feature = "openapi", schema(required = true, minimum = 1))]
    #[serde(default)]
    pub number: u32,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub status: AttemptStatus,
    pub started_at: Timestamp,
    /// When its time is up (absent: no limit and no close).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Timestamp>,
    /// The server's time when this was sent.
    pub now: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<Timestamp>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub questions: Vec<QuizQuestion>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub answers: Vec<SavedAnswer>,
    /// The practical tasks (平台实操), done in the practice workspace.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub tasks: Vec<AttemptTask>,
}

/// `PUT /api/v1/training/attempts/{id}/answers/{question_id}`: the options chosen (an empty
/// list clears the answer).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttemptAnswer {
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub option_ids: Vec<String>,
}

/// One question of a submitted attempt: as it was asked, with how it was marked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultItem {
    pub question: QuizQuestion,
    pub feedback: QuizFeedback,
}

/// The result of a submitted attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttemptResult {
    pub attempt_id: String,
    pub test_id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub test_title: String,
    #[cfg_attr(feature = "openapi", schema(required = true, minimum = 1))]
    #[serde(default)]
    pub number: u32,
    /// Whose attempt (staff read others').
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub holder_name: String,
    pub submitted_at: Timestamp,
    /// Submitted by the server when its time was up, with the answers saved.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub auto_submitted: bool,
    /// The mean mark of the questions, in percent (unanswered ones count 0).
    #[cfg_attr(feature = "openapi", schema(required = true, maximum = 100))]
    #[serde(default)]
    pub score: u32,
    #[cfg_attr(feature = "openapi", schema(required = true, maximum = 100))]
    #[serde(default)]
    pub pass_percent: u32,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub passed: bool,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub items: Vec<ResultItem>,
    /// The practical tasks, with how each step was judged.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub tasks: Vec<TaskResult>,
    /// The certificate of the test, when this or an earlier attempt passed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_code: Option<String>,
}

/// A certificate of its holder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Certificate {
    /// The verification code: 10 characters of `23456789ABCDEFGHJKMNPQRSTVWXYZ`, the last a
    /// check character; printed in groups of four (`ABCD-EFGH-JK`).
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub kind: CertificateKind,
    /// The course's or the test's title.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub holder_name: String,
    pub issued_at: Timestamp,
    /// The score of the passing attempt, in percent (tests only).
    #[cfg_attr(feature = "openapi", schema(maximum = 100))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub course_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_id: Option<String>,
}

/// What anyone with the code sees: who holds it, for what, since when — never a score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateCheck {
    /// The code in its stored form (upper case, no separators).
    pub code: String,
    /// Issued by this platform and not withdrawn.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub valid: bool,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub kind: CertificateKind,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub holder_name: String,
    pub issued_at: Timestamp,
    /// The deployment that issued it (its name).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub issuer: String,
}

impl Request for AttemptAnswer {
    const FIELDS: &'static [Field] =
        &[Field::required("option_ids", Expect::List("option_ids must be a list of option ids"))];
}

/// Most options a question has.
pub const ANSWER_OPTIONS_MAX: usize = 26;
/// Longest option id.
pub const ANSWER_OPTION_ID_MAX: usize = 8;

impl AttemptAnswer {
    /// Each option named once, at most [`ANSWER_OPTIONS_MAX`]; an empty list clears the answer.
    pub fn validate(&self) -> Result<AttemptAnswer, Vec<FieldError>> {
        let mut ids = self.option_ids.clone();
        ids.sort();
        ids.dedup();
        if ids.len() != self.option_ids.len() {
            Err(vec![crate::rules::error("option_ids", crate::rules::INVALID, "an option is named twice")])
        } else if ids.len() > ANSWER_OPTIONS_MAX || ids.iter().any(|i| i.is_empty() || i.chars().count() > ANSWER_OPTION_ID_MAX) {
            Err(vec![crate::rules::error("option_ids", crate::rules::INVALID, "option_ids must be option ids of the question")])
        } else {
            Ok(self.clone())
        }
    }

    /// As the app builds it from an answer.
    pub fn of(a: &QuizAnswer) -> AttemptAnswer {
        AttemptAnswer { option_ids: a.option_ids.clone() }
    }
}

/// A certificate code as printed: groups of four (`ABCD-EFGH-JK`).
pub fn printed_code(code: &str) -> String {
    code.chars().collect::<Vec<_>>().chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_names_each_option_once() {
        let ok = AttemptAnswer { option_ids: vec!["a".into(), "c".into()] };
        assert!(ok.validate().is_ok());
        assert!(AttemptAnswer { option_ids: vec![] }.validate().is_ok(), "an empty list clears");
        let twice = AttemptAnswer { option_ids: vec!["a".into(), "a".into()] };
        assert_eq!(twice.validate().unwrap_err()[0].field, "option_ids");
        let long = AttemptAnswer { option_ids: vec!["abcdefghij".into()] };
        assert!(long.validate().is_err());
    }

    #[test]
    fn codes_print_in_groups_of_four() {
        assert_eq!(printed_code("ABCDEFGHJK"), "ABCD-EFGH-JK");
        assert_eq!(printed_code(""), "");
    }

    #[test]
    fn an_attempt_has_no_field_for_answers() {
        let a = Attempt { id: "at_1".into(), questions: vec![QuizQuestion::default()], ..Attempt::default() };
        let json = serde_json::to_value(&a).unwrap();
        let q = &json["questions"][0];
        for key in ["correct", "correct_option_ids", "explanation", "mark"] {
            assert!(q.get(key).is_none() && json.get(key).is_none(), "{key}");
        }
    }
}
