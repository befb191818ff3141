//! 模拟实操 (the practice workspace) of 履职学堂, and the practical tasks of a test (平台实操).
//!
//! A practice case is a simulated message — a made-up citizen, a made-up request — that a
//! deputy handles with the real handling steps: accept it, reply, plan the steps of a major
//! issue and tick them off, mark it resolved. Starting a case makes a *run*: a copy of the
//! case's message that belongs to the run alone. A run lives apart from the real messages
//! (its own endpoints under `/training/sandbox/runs/{id}`, which mirror those of
//! `/messages/{id}` and answer the same [`Message`](crate::Message)): it never reaches a
//! citizen, a notification, a figure of responsiveness or the board.
//!
//! Each handling step is checked against the case's rules as it is taken, and the check says
//! why ([`PracticeCheck`]). A run made for a task of a test attempt keeps its checks' verdicts
//! to itself until the attempt is submitted (like the right options of its questions); the
//! share of the case's steps done right is then the task's mark, scored with the questions.

use serde::{Deserialize, Serialize};

use crate::{lenient_vec, string_enum, Message, Timestamp, Track};

string_enum! {
    /// A handling step a case asks for.
    PracticeStep {
        /// 接手: mark the message `accepted`, so the citizen knows someone has it.
        Accept = "accept",
        /// 答复: reply to the citizen, saying what was done and when.
        Reply = "reply",
        /// 制定计划: the plan of a major issue, enough steps, each due before the deadline.
        Plan = "plan",
        /// 完成计划: every plan step ticked off.
        FinishPlan = "finish_plan",
        /// 办结: mark it `resolved`, after the reply (and the plan).
        Resolve = "resolve",
    }
}

/// A simulated message to practise on, with the viewer's runs of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PracticeCase {
    pub id: String,
    /// What the case is about (村口路灯坏了…).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub title: String,
    /// What the deputy is asked to do, in one or two sentences.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub summary: String,
    /// The track the simulated message is on (a major issue needs a plan).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub track: Track,
    /// The steps it asks for, in the order they are usually taken.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub steps: Vec<PracticeStep>,
    /// Runs of the viewer finished with every step right.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub completed_runs: u32,
    /// The viewer's run still under way (practice only), to resume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_run_id: Option<String>,
}

/// How a handling step of a run was judged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PracticeCheck {
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub step: PracticeStep,
    pub at: Timestamp,
    /// Done right. Absent while the run is a task of a test attempt not yet submitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ok: Option<bool>,
    /// Why, in a sentence or two for the deputy. Absent with `ok`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
}

/// A run of a practice case: its own simulated message and the checks of the steps taken.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PracticeRun {
    /// Also the id of its message (`message.id`).
    pub id: String,
    pub case_id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub case_title: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub summary: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub steps: Vec<PracticeStep>,
    /// The test attempt this run is a task of; absent for practice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempt_id: Option<String>,
    /// Still taking steps: false once every step was done right (practice), or once the
    /// attempt it belongs to was submitted.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub open: bool,
    /// The steps done right so far (absent verdicts, in an open attempt, count as not).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub done: Vec<PracticeStep>,
    /// Oldest first.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub checks: Vec<PracticeCheck>,
    /// The simulated message as its handler sees it, with `can` for the practice.
    pub message: Message,
    pub started_at: Timestamp,
}

/// A practical task of a test attempt, as it is taken.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttemptTask {
    pub case_id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub summary: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub steps: Vec<PracticeStep>,
    /// Its run, once started (`POST /training/attempts/{id}/tasks/{case_id}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_id: Option<String>,
    /// Steps taken so far (how they were judged comes with the result).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub steps_taken: u32,
}

/// A practical task of a submitted attempt, with how each step was judged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskResult {
    pub case_id: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default)]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub steps: Vec<PracticeStep>,
    /// The share of the steps done right, in percent (not started: 0).
    #[cfg_attr(feature = "openapi", schema(required = true, maximum = 100))]
    #[serde(default)]
    pub mark: u32,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub done: Vec<PracticeStep>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    #[serde(default, deserialize_with = "lenient_vec")]
    pub checks: Vec<PracticeCheck>,
}

/// The mark of a run in percent: the share of `steps` in `done` (rounded down).
pub fn task_mark(steps: &[PracticeStep], done: &[PracticeStep]) -> u32 {
    if steps.is_empty() {
        return 0;
    }
    let right = steps.iter().filter(|s| done.contains(s)).count();
    (right * 100 / steps.len()) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_is_marked_by_the_share_of_its_steps_done_right() {
        use PracticeStep as S;
        let steps = [S::Accept, S::Reply, S::Resolve];
        assert_eq!(task_mark(&steps, &[]), 0);
        assert_eq!(task_mark(&steps, &[S::Reply]), 33);
        assert_eq!(task_mark(&steps, &[S::Resolve, S::Accept, S::Reply]), 100);
        // a step the case does not ask for earns nothing
        assert_eq!(task_mark(&steps, &[S::Plan]), 0);
        assert_eq!(task_mark(&[], &[S::Plan]), 0);
    }

    #[test]
    fn unknown_steps_and_extra_fields_are_tolerated() {
        let run: PracticeRun = serde_json::from_value(serde_json::json!({
            "id": "r1", "case_id": "c1", "steps": ["accept", "sing"], "done": ["teleport"],
            "checks": [{"step": "reply", "at": "2026-12-01T00:00:00Z", "mood": 1}, 7],
            "message": {"id": "r1", "status": "assigned", "created_at": "2026-12-01T00:00:00Z", "updated_at": "2026-12-01T00:00:00Z"},
            "started_at": "2026-12-01T00:00:00Z", "new_field": true
        }))
        .unwrap();
        assert_eq!(run.steps, [PracticeStep::Accept, PracticeStep::Unknown]);
        assert_eq!(run.checks.len(), 1);
        assert_eq!(run.checks[0].ok, None, "a verdict withheld reads as none");
    }
}
