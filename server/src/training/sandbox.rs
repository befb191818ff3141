//! 模拟实操: the simulated message of a practice run and the checks of its steps, without
//! storage ([`super::sandbox_store`] keeps them).
//!
//! A run's message lives in its own state ([`Sim`]), never in `messages`: the same handling
//! rules ([`crate::handling::check`]) decide what may be done, but nothing reaches a citizen,
//! a notification, the board or the responsiveness figures. Each action is judged against the
//! case's rules ([`judge`]) on the state *before* it is applied, then applied ([`apply`]), so
//! that a wrong step still happens, as it would for real, and its check says why it was wrong.
//!
//! The rules of a case (why each, in the words of the explanations):
//! * accept — mark it `accepted` first: the citizen sees 已受理 and knows someone has it;
//!   going straight to 办理中 skips it (wrong);
//! * reply — after accepting, at least `reply_min_chars` characters, naming at least one of
//!   `reply_mentions` (what the citizen asked about); the latest reply counts;
//! * plan — a major issue's plan of at least `plan_min_steps` steps, every one due by the
//!   message's deadline; no verdict while it is still short, wrong at once for a late step;
//! * finish_plan — every step ticked off, the plan long enough;
//! * resolve — only after a right reply and, for a major issue, the whole plan done. Resolving ends
//!   the run whatever the verdict (as for real, a resolved message stays resolved): a wrong
//!   resolution is practised again in a new run.
//!
//! A step is done right when its latest check is right ([`done_steps`]).

use contract::civil::{civil_from_days, local_day};
use contract::{MessageStatus, PracticeStep, TimelineKind, Track};
use serde::{Deserialize, Serialize};

/// A practice case as stored.
#[derive(Debug, Clone, Default)]
pub struct Case {
    pub seq: i64,
    pub id: String,
    pub title: String,
    pub summary: String,
    pub track: Track,
    pub steps: Vec<PracticeStep>,
    pub citizen: String,
    pub category: String,
    pub message_title: String,
    pub message_body: String,
    pub reply_min_chars: usize,
    pub reply_mentions: Vec<String>,
    pub plan_min_steps: usize,
    pub listed: bool,
}

/// A reply of the run's handler.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimReply {
    pub id: String,
    pub at: i64,
    pub body: String,
}

/// A plan step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimStep {
    pub id: String,
    pub title: String,
    pub due_at: i64,
    pub done_at: Option<i64>,
}

/// An entry of the run's timeline; `by_handler`: the run's user, else the simulated
/// liaison station or citizen (by kind).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimEntry {
    pub id: String,
    pub at: i64,
    pub kind: TimelineKind,
    pub status: Option<MessageStatus>,
    pub note: Option<String>,
    pub by_handler: bool,
}

/// A check of a step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimCheck {
    pub step: PracticeStep,
    pub at: i64,
    pub ok: bool,
    pub explanation: String,
}

/// The simulated message of a run and the checks of its steps (stored as JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sim {
    pub version: u32,
    pub status: MessageStatus,
    /// When the made-up citizen sent it, and when the simulated station assigned it.
    pub created_at: i64,
    pub triaged_at: i64,
    pub updated_at: i64,
    pub deadline: i64,
    pub replies: Vec<SimReply>,
    pub plan: Vec<SimStep>,
    pub timeline: Vec<SimEntry>,
    pub checks: Vec<SimCheck>,
}

/// How long before the start of a run its message was sent, and assigned.
pub const SENT_BEFORE: i64 = 3 * 3600;
pub const ASSIGNED_BEFORE: i64 = 3600;

impl Sim {
    /// The message of a new run started at `now`: sent a while ago, just assigned to the
    /// user, with the deadline of the case's track.
    pub fn new(case: &Case, handler_name: &str, now: i64, tz: i64) -> Sim {
        let (created_at, triaged_at) = (now - SENT_BEFORE, now - ASSIGNED_BEFORE);
        let deadline = crate::handling::track_deadline(case.track, triaged_at, tz).unwrap_or(triaged_at);
        let lane = if case.track == Track::Major { "重大议题" } else { "民生小事" };
        Sim {
            version: 1,
            status: MessageStatus::Assigned,
            created_at,
            triaged_at,
            updated_at: triaged_at,
            deadline,
            replies: Vec::new(),
            plan: Vec::new(),
            timeline: vec![
                SimEntry { id: "pt_1".into(), at: created_at, kind: TimelineKind::Submitted, status: Some(MessageStatus::Submitted), note: None, by_handler: false },
                SimEntry {
                    id: "pt_2".into(),
                    at: triaged_at,
                    kind: TimelineKind::Triaged,
                    status: Some(MessageStatus::Assigned),
                    note: Some(format!("{lane}，交由{handler_name}办理")),
                    by_handler: false,
                },
            ],
            checks: Vec::new(),
        }
    }

    /// Ended: resolved (or closed).
    pub fn resolved(&self) -> bool {
        matches!(self.status, MessageStatus::Resolved | MessageStatus::Closed)
    }
}

/// An action on a run's message (its handling rule and body already checked).
#[derive(Debug, Clone, Copy)]
pub enum Act<'a> {
    Status(MessageStatus, Option<&'a str>),
    Reply(&'a str),
    AddStep { title: &'a str, due_at: i64 },
    /// The index of the plan step ticked off.
    StepDone(usize),
}

/// 12月31日: a local date for the explanations.
fn local_date(at: i64, tz: i64) -> String {
    let (_, m, d) = civil_from_days(local_day(at, tz));
    format!("{m}月{d}日")
}

/// How `act` on `sim` (before it is applied) is judged for `case`: the step it counts as,
/// right or not and why; `None` when it is no step of the case's or gets no verdict yet.
pub fn judge(case: &Case, sim: &Sim, act: Act<'_>, tz: i64) -> Option<(PracticeStep, bool, String)> {
    use MessageStatus as S;
    use PracticeStep as P;
    let asks = |s: P| case.steps.contains(&s);
    let verdict = match act {
        Act::Status(S::Accepted, _) => {
            (P::Accept, true, "接手及时：留言显示“已受理”，群众知道已经有人在办。".to_string())
        }
        Act::Status(S::InProgress, _) if sim.status == S::Assigned => (
            P::Accept,
            false,
            "跳过了接手：请先点“已受理”，群众看到“已受理”才知道有人接手，然后再标记“办理中”。".to_string(),
        ),
        Act::Status(S::Resolved, _) => {
            let unfinished = sim.plan.iter().filter(|s| s.done_at.is_none()).count();
            let reply_right = !asks(P::Reply) || done_steps(&case.steps, &sim.checks).contains(&P::Reply);
            if sim.replies.is_empty() {
                (P::Resolve, false, "办结前要先答复群众：告诉他们办得怎么样、结果是什么，再标记“已解决”。".to_string())
            } else if !reply_right {
                (P::Resolve, false, "答复还不合格就办结了：请先按讲评把答复写清楚、说到群众问的事，再标记“已解决”。".to_string())
            } else if case.track == Track::Major && sim.plan.len() < case.plan_min_steps {
                (P::Resolve, false, "重大议题要先制定办理计划并逐步完成，再标记“已解决”。".to_string())
            } else if case.track == Track::Major && unfinished > 0 {
                (
                    P::Resolve,
                    false,
                    format!("办理计划还有 {unfinished} 步没有完成：每一步都完成后再标记“已解决”，群众才看得到完整的办理过程。"),
                )
            } else {
                (P::Resolve, true, "办结得当：已经答复了群众，办理过程完整，群众现在可以评价这次办理。".to_string())
            }
        }
        Act::Reply(body) => {
            let chars = body.chars().filter(|c| !c.is_whitespace()).count();
            if matches!(sim.status, S::Assigned) {
                (P::Reply, false, "先接手再答复：请先点“已受理”，让群众知道留言已经有人办理。".to_string())
            } else if chars < case.reply_min_chars {
                (
                    P::Reply,
                    false,
                    format!(
                        "答复太简短（{chars} 字）：请至少写 {} 字，说清办理结果、时间和联系方式。",
                        case.reply_min_chars
                    ),
                )
            } else if !case.reply_mentions.is_empty() && !case.reply_mentions.iter().any(|m| body.contains(m.as_str())) {
                (
                    P::Reply,
                    false,
                    format!("答复没有回应群众问的事：请具体说明“{}”的处理情况。", case.reply_mentions.join("”或“")),
                )
            } else {
                (P::Reply, true, "答复清楚：回应了群众关心的问题，说明了办理情况，语气平实。".to_string())
            }
        }
        Act::AddStep { due_at, .. } => {
            let count = sim.plan.len() + 1;
            let late = sim.plan.iter().any(|s| s.due_at > sim.deadline) || due_at > sim.deadline;
            if late {
                (
                    P::Plan,
                    false,
                    format!("计划的完成时间晚于办结期限（{}）：每一步都要在期限内完成。", local_date(sim.deadline, tz)),
                )
            } else if count < case.plan_min_steps {
                // no verdict while the plan is still being written
                return None;
            } else {
                (
                    P::Plan,
                    true,
                    format!("计划完整：{count} 步，每一步都在办结期限前，群众能随时看到办理进度。"),
                )
            }
        }
        Act::StepDone(i) => {
            let all_done = sim.plan.iter().enumerate().all(|(j, s)| j == i || s.done_at.is_some());
            if !all_done {
                return None;
            }
            if sim.plan.len() < case.plan_min_steps {
                (
                    P::FinishPlan,
                    false,
                    format!("计划只有 {} 步就完成了：重大议题的计划至少要 {} 步。", sim.plan.len(), case.plan_min_steps),
                )
            } else {
                (P::FinishPlan, true, "计划的每一步都已完成：可以答复群众办理结果并办结了。".to_string())
            }
        }
        Act::Status(..) => return None,
    };
    asks(verdict.0).then_some(verdict)
}

/// Applies `act` to `sim` at `now` by the run's handler: the change, its timeline entry and a
/// new version (as the real actions do).
pub fn apply(sim: &mut Sim, act: Act<'_>, now: i64) {
    use MessageStatus as S;
    let n = sim.timeline.len() + 1;
    let mut entry = SimEntry { id: format!("pt_{n}"), at: now, kind: TimelineKind::Unknown, status: None, note: None, by_handler: true };
    match act {
        Act::Status(s, note) => {
            sim.status = s;
            entry.kind = TimelineKind::StatusChanged;
            entry.status = Some(s);
            entry.note = note.map(str::to_owned);
        }
        Act::Reply(body) => {
            sim.replies.push(SimReply { id: format!("pr_{}", sim.replies.len() + 1), at: now, body: body.to_owned() });
            entry.kind = TimelineKind::Replied;
            if !matches!(sim.status, S::Resolved | S::Replied) {
                sim.status = S::Replied;
                entry.status = Some(S::Replied);
            }
        }
        Act::AddStep { title, due_at } => {
            sim.plan.push(SimStep { id: format!("ps_{}", sim.plan.len() + 1), title: title.to_owned(), due_at, done_at: None });
            sim.plan.sort_by_key(|s| s.due_at);
            entry.kind = TimelineKind::PlanStepAdded;
            entry.note = Some(title.to_owned());
        }
        Act::StepDone(i) => {
            if let Some(s) = sim.plan.get_mut(i) {
                s.done_at = Some(now);
                entry.note = Some(s.title.clone());
            }
            entry.kind = TimelineKind::PlanStepDone;
        }
    }
    sim.timeline.push(entry);
    sim.version += 1;
    sim.updated_at = now;
}

/// Judges, then applies, `act`; the check it got, if any, is kept.
pub fn take(case: &Case, sim: &mut Sim, act: Act<'_>, now: i64, tz: i64) -> Option<SimCheck> {
    let check = judge(case, sim, act, tz).map(|(step, ok, explanation)| SimCheck { step, at: now, ok, explanation });
    apply(sim, act, now);
    if let Some(c) = &check {
        sim.checks.push(c.clone());
    }
    check
}

/// The case's steps whose latest check is right, in the case's order.
pub fn done_steps(case_steps: &[PracticeStep], checks: &[SimCheck]) -> Vec<PracticeStep> {
    case_steps
        .iter()
        .copied()
        .filter(|s| checks.iter().rev().find(|c| c.step == *s).is_some_and(|c| c.ok))
        .collect()
}

/// Whether a run has ended: resolved, or every step right.
pub fn ended(case_steps: &[PracticeStep], sim: &Sim) -> bool {
    sim.resolved() || done_steps(case_steps, &sim.checks).len() == case_steps.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::task_mark;
    use MessageStatus as S;
    use PracticeStep as P;

    const TZ: i64 = 8 * 3600;
    // 2026-12-01T02:00:00Z, 10:00 in the township
    const NOW: i64 = 1_764_554_400;

    fn fast() -> Case {
        Case {
            id: "pc_streetlight".into(),
            track: Track::Fast,
            steps: vec![P::Accept, P::Reply, P::Resolve],
            reply_min_chars: 20,
            reply_mentions: vec!["路灯".into(), "维修".into()],
            plan_min_steps: 2,
            ..Case::default()
        }
    }

    fn major() -> Case {
        Case {
            id: "pc_school_road".into(),
            track: Track::Major,
            steps: vec![P::Accept, P::Plan, P::Reply, P::FinishPlan, P::Resolve],
            reply_min_chars: 20,
            reply_mentions: vec!["学校".into()],
            plan_min_steps: 2,
            ..Case::default()
        }
    }

    fn run(case: &Case, acts: &[Act<'_>]) -> Sim {
        let mut sim = Sim::new(case, "何丽华", NOW, TZ);
        for (i, a) in acts.iter().enumerate() {
            take(case, &mut sim, *a, NOW + 60 * (i as i64 + 1), TZ);
        }
        sim
    }

    const GOOD_REPLY: &str = "您好，村口的三盏路灯已经联系供电所，维修人员明天上午来更换灯泡，修好后请您看看。";

    #[test]
    fn a_new_run_is_assigned_with_its_tracks_deadline() {
        let sim = Sim::new(&fast(), "何丽华", NOW, TZ);
        assert_eq!(sim.status, S::Assigned);
        assert_eq!(sim.version, 1);
        // assigned an hour ago, on 12-01 local: fast track ends 23:59:59 local five days on
        assert_eq!(sim.deadline, crate::handling::track_deadline(Track::Fast, NOW - ASSIGNED_BEFORE, TZ).unwrap());
        assert!(sim.deadline > NOW + 4 * 86_400);
        assert_eq!(sim.timeline.len(), 2);
        assert_eq!(sim.timeline[1].note.as_deref(), Some("民生小事，交由何丽华办理"));
        assert!(sim.checks.is_empty());
    }

    #[test]
    fn the_fast_case_done_right_is_done_and_ended() {
        let case = fast();
        let sim = run(&case, &[Act::Status(S::Accepted, None), Act::Reply(GOOD_REPLY), Act::Status(S::Resolved, None)]);
        assert!(sim.checks.iter().all(|c| c.ok), "{:?}", sim.checks);
        let done = done_steps(&case.steps, &sim.checks);
        assert_eq!(done, case.steps);
        assert_eq!(task_mark(&case.steps, &done), 100);
        assert!(ended(&case.steps, &sim));
        assert_eq!(sim.status, S::Resolved);
        assert_eq!(sim.version, 4);
        assert_eq!(sim.replies.len(), 1);
    }

    #[test]
    fn each_wrong_step_is_explained() {
        let case = fast();
        // replying before accepting
        let sim = run(&case, &[Act::Reply(GOOD_REPLY)]);
        assert!(!sim.checks[0].ok && sim.checks[0].explanation.contains("先接手"), "{:?}", sim.checks);
        // the reply still happened: the status is replied, as it would be for real
        assert_eq!(sim.status, S::Replied);
        // too short, then not about the matter
        let sim = run(&case, &[Act::Status(S::Accepted, None), Act::Reply("已收到，谢谢。")]);
        assert!(!sim.checks[1].ok && sim.checks[1].explanation.contains("太简短"), "{:?}", sim.checks[1]);
        let sim = run(&case, &[Act::Status(S::Accepted, None), Act::Reply("您好，您反映的问题我们已经知道了，会尽快处理，请耐心等待。")]);
        assert!(!sim.checks[1].ok && sim.checks[1].explanation.contains("“路灯”或“维修”"), "{:?}", sim.checks[1]);
        // skipping 已受理
        let sim = run(&case, &[Act::Status(S::InProgress, None)]);
        assert_eq!((sim.checks[0].step, sim.checks[0].ok), (P::Accept, false));
        // resolving before replying ends the run with the step wrong
        let sim = run(&case, &[Act::Status(S::Accepted, None), Act::Status(S::Resolved, None)]);
        let last = sim.checks.last().unwrap();
        assert_eq!((last.step, last.ok), (P::Resolve, false));
        assert!(last.explanation.contains("先答复"));
        assert!(ended(&case.steps, &sim));
        assert_eq!(task_mark(&case.steps, &done_steps(&case.steps, &sim.checks)), 33);        // resolving after a reply that was not right is not right either
        let sim = run(&case, &[Act::Status(S::Accepted, None), Act::Reply("好的"), Act::Status(S::Resolved, None)]);
        let last = sim.checks.last().unwrap();
        assert_eq!((last.step, last.ok), (P::Resolve, false));
        assert!(last.explanation.contains("答复还不合格"), "{}", last.explanation);
    }

    #[test]
    fn the_latest_check_of_a_step_counts() {
        let case = fast();
        let sim = run(&case, &[Act::Status(S::Accepted, None), Act::Reply("好的"), Act::Reply(GOOD_REPLY)]);
        assert_eq!(done_steps(&case.steps, &sim.checks), [P::Accept, P::Reply]);
        let sim = run(&case, &[Act::Status(S::Accepted, None), Act::Reply(GOOD_REPLY), Act::Reply("好的")]);
        assert_eq!(done_steps(&case.steps, &sim.checks), [P::Accept]);
        assert!(!ended(&case.steps, &sim));
    }

    #[test]
    fn a_major_issue_needs_a_plan_in_time_done_before_it_is_resolved() {
        let case = major();
        let sim0 = Sim::new(&case, "何丽华", NOW, TZ);
        let (d1, d2) = (NOW + 5 * 86_400, NOW + 12 * 86_400);
        let reply = "您好，学校门口的减速带和护栏已列入计划，交通部门下周施工，完工后请您监督。";
        let good = [
            Act::Status(S::Accepted, None),
            Act::AddStep { title: "现场查看路口", due_at: d1 },
            Act::AddStep { title: "协调安装减速带", due_at: d2 },
            Act::StepDone(0),
            Act::StepDone(1),
            Act::Reply(reply),
            Act::Status(S::Resolved, None),
        ];
        let sim = run(&case, &good);
        // the first plan step gets no verdict; the second makes the plan; the first tick none
        let steps: Vec<_> = sim.checks.iter().map(|c| (c.step, c.ok)).collect();
        assert_eq!(steps, [(P::Accept, true), (P::Plan, true), (P::FinishPlan, true), (P::Reply, true), (P::Resolve, true)]);
        assert_eq!(task_mark(&case.steps, &done_steps(&case.steps, &sim.checks)), 100);
        assert!(sim.deadline > d2, "a major issue has 30 days");
        // a step due after the deadline is wrong at once
        let late = sim0.deadline + 86_400;
        let sim = run(&case, &[Act::Status(S::Accepted, None), Act::AddStep { title: "年后再议", due_at: late }]);
        let last = sim.checks.last().unwrap();
        assert_eq!((last.step, last.ok), (P::Plan, false));
        assert!(last.explanation.contains("晚于办结期限"), "{}", last.explanation);
        // resolving with a step not done
        let sim = run(&case, &[
            Act::Status(S::Accepted, None),
            Act::AddStep { title: "现场查看路口", due_at: d1 },
            Act::AddStep { title: "协调安装减速带", due_at: d2 },
            Act::Reply(reply),
            Act::Status(S::Resolved, None),
        ]);
        let last = sim.checks.last().unwrap();
        assert_eq!((last.step, last.ok), (P::Resolve, false));
        assert!(last.explanation.contains("还有 2 步"), "{}", last.explanation);
    }

    #[test]
    fn steps_the_case_does_not_ask_for_get_no_check() {
        // the fast case has no plan steps to judge; 办理中 after accepting is no step
        let case = fast();
        let sim = run(&case, &[Act::Status(S::Accepted, None), Act::Status(S::InProgress, None)]);
        assert_eq!(sim.checks.len(), 1);
        assert_eq!(sim.status, S::InProgress);
        assert_eq!(sim.timeline.len(), 4);
    }
}
