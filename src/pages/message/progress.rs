//! The handling of a message told plainly, for the person who wrote it: a few milestones
//! (已提交 → 已分派 → 办理中 → 已答复 → 已办结) from its status and timeline, what the
//! deadline is for, where each plan step stands, and which reply is the latest answer.
//!
//! The contract's statuses and timeline are the handlers' vocabulary (accepted, assigned,
//! status changes…); these rules fold them into the five steps a citizen follows. Pure, with
//! native tests below.

use contract::{MessageStatus, PlanStep, Reply, Role, TimelineEntry, TimelineKind, Track};

/// A milestone of the handling, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// 已提交: sent (or reopened), waiting for the station to assign it.
    Submitted,
    /// 已分派: a handler has it.
    Assigned,
    /// 办理中: the handler accepted it and works on it.
    InProgress,
    /// 已答复: the handler answered.
    Replied,
    /// 已办结: done (resolved, or closed).
    Finished,
}

impl Stage {
    pub const ALL: [Stage; 5] = [Stage::Submitted, Stage::Assigned, Stage::InProgress, Stage::Replied, Stage::Finished];

    /// The milestone a status belongs to; `None` for a status this app does not know.
    pub fn of_status(status: MessageStatus) -> Option<Stage> {
        use MessageStatus as S;
        Some(match status {
            S::Submitted | S::Reopened => Stage::Submitted,
            S::Assigned => Stage::Assigned,
            S::Accepted | S::InProgress => Stage::InProgress,
            S::Replied => Stage::Replied,
            S::Resolved | S::Closed => Stage::Finished,
            S::Unknown => return None,
        })
    }

    /// The milestone a timeline entry reaches: the status it set, else what its kind means.
    fn of_entry(e: &TimelineEntry) -> Option<Stage> {
        e.status.and_then(Stage::of_status).or(match e.kind {
            TimelineKind::Submitted | TimelineKind::Reopened => Some(Stage::Submitted),
            TimelineKind::Triaged => Some(Stage::Assigned),
            TimelineKind::Replied => Some(Stage::Replied),
            _ => None,
        })
    }
}

/// Where a milestone stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Done,
    /// Where the message is now (`aria-current="step"`).
    Current,
    Ahead,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Milestone {
    pub stage: Stage,
    pub mark: Mark,
    /// When it was first reached in the current round (RFC 3339); `None` when it was passed
    /// without an entry of its own (answered straight after assignment) or is ahead.
    pub at: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// One per [`Stage`], in order.
    pub milestones: Vec<Milestone>,
    /// The author reopened it: the milestones are those of the new round, from the reopening.
    pub reopened: bool,
}

impl Progress {
    /// The milestone the message is at.
    pub fn current(&self) -> Stage {
        self.milestones.iter().find(|m| m.mark == Mark::Current).map_or(Stage::Submitted, |m| m.stage)
    }
}

/// The milestones of a message from its status, its sending time and its timeline (oldest
/// first). After a reopening only the new round counts. A status this app does not know
/// leaves the message at the furthest milestone its timeline reached.
pub fn progress(status: MessageStatus, created_at: &str, timeline: &[TimelineEntry]) -> Progress {
    let start = timeline
        .iter()
        .rposition(|e| e.kind == TimelineKind::Reopened || e.status == Some(MessageStatus::Reopened));
    let round = &timeline[start.unwrap_or(0)..];
    let mut first: [Option<&str>; 5] = [None; 5];
    for e in round {
        if let Some(s) = Stage::of_entry(e) {
            first[s as usize].get_or_insert(e.at.as_str());
        }
    }
    if start.is_none() && !created_at.is_empty() {
        first[Stage::Submitted as usize] = Some(created_at);
    }
    let furthest = round.iter().filter_map(Stage::of_entry).max();
    let current = Stage::of_status(status).or(furthest).unwrap_or(Stage::Submitted);
    let milestones = Stage::ALL
        .into_iter()
        .map(|stage| {
            let mark = match stage.cmp(&current) {
                std::cmp::Ordering::Less => Mark::Done,
                std::cmp::Ordering::Equal => Mark::Current,
                std::cmp::Ordering::Greater => Mark::Ahead,
            };
            let at = (mark != Mark::Ahead).then(|| first[stage as usize].map(str::to_string)).flatten();
            Milestone { stage, mark, at }
        })
        .collect();
    Progress { milestones, reopened: start.is_some() }
}

/// What a message's deadline asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    /// Staff must assign it (a new or reopened message).
    Triage,
    /// The handler must answer (民生小事).
    Answer,
    /// The handler must resolve it (重大议题, or a track this app does not know).
    Resolve,
}

/// What the deadline is for now, or `None` once that is done (the backend's rule: the fast
/// track is done when answered, the major track when resolved; closed is always done).
pub fn due(status: MessageStatus, track: Option<Track>) -> Option<Due> {
    use MessageStatus as S;
    match status {
        S::Submitted | S::Reopened => Some(Due::Triage),
        S::Resolved | S::Closed => None,
        S::Replied if track == Some(Track::Fast) => None,
        _ if track == Some(Track::Fast) => Some(Due::Answer),
        _ => Some(Due::Resolve),
    }
}

/// Where a plan step stands, as the author reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepMark {
    Done,
    /// Not done by its due date.
    Overdue,
    /// The step being worked on: the first one not done.
    Underway,
    /// A later step: 未开始 (not "in progress": nobody works on it yet).
    NotStarted,
    /// Not done, and the handling is over.
    Unfinished,
}

/// The marks of a plan's steps (in the contract's order, by due time). `finished`: the
/// message is resolved or closed.
pub fn step_marks(steps: &[PlanStep], finished: bool) -> Vec<StepMark> {
    let mut underway_seen = false;
    steps
        .iter()
        .map(|s| {
            if s.done {
                StepMark::Done
            } else if finished {
                StepMark::Unfinished
            } else if s.overdue {
                underway_seen = true;
                StepMark::Overdue
            } else if !underway_seen {
                underway_seen = true;
                StepMark::Underway
            } else {
                StepMark::NotStarted
            }
        })
        .collect()
}

/// Whether a reply is an answer from a handler (deputy, department, staff), not the
/// author's own follow-up. (Only the author adds follow-ups, and the author is a citizen.)
pub fn is_answer(r: &Reply) -> bool {
    r.from.role != Role::Citizen
}

/// The latest answer of a handler (replies are oldest first).
pub fn latest_answer(replies: &[Reply]) -> Option<&Reply> {
    replies.iter().rev().find(|r| is_answer(r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::Actor;

    fn entry(at: &str, kind: TimelineKind, status: Option<MessageStatus>) -> TimelineEntry {
        TimelineEntry { id: at.into(), at: at.into(), kind, status, ..Default::default() }
    }

    fn marks(p: &Progress) -> Vec<(Stage, Mark, Option<&str>)> {
        p.milestones.iter().map(|m| (m.stage, m.mark, m.at.as_deref())).collect()
    }

    use MessageStatus as S;
    use Mark::{Ahead, Current, Done};
    use Stage::*;
    use TimelineKind as K;

    #[test]
    fn a_new_message_is_at_submitted_with_its_sending_time() {
        let p = progress(S::Submitted, "t0", &[entry("t0", K::Submitted, Some(S::Submitted))]);
        assert_eq!(
            marks(&p),
            vec![(Submitted, Current, Some("t0")), (Assigned, Ahead, None), (InProgress, Ahead, None), (Replied, Ahead, None), (Finished, Ahead, None)]
        );
        assert!(!p.reopened);
        assert_eq!(p.current(), Submitted);
        // A backend that sends no timeline at all: the sending time still dates the first step.
        assert_eq!(marks(&progress(S::Submitted, "t0", &[]))[0], (Submitted, Current, Some("t0")));
    }

    #[test]
    fn internal_statuses_fold_into_plain_milestones_with_their_first_dates() {
        let timeline = [
            entry("t0", K::Submitted, Some(S::Submitted)),
            entry("t1", K::Triaged, Some(S::Assigned)),
            entry("t2", K::StatusChanged, Some(S::Accepted)),
            entry("t3", K::StatusChanged, Some(S::InProgress)),
            entry("t4", K::PlanStepAdded, None),
            entry("t5", K::Replied, Some(S::Replied)),
            entry("t6", K::FollowUp, None),
            entry("t7", K::Replied, Some(S::Replied)),
        ];
        let p = progress(S::Replied, "t0", &timeline);
        assert_eq!(
            marks(&p),
            vec![(Submitted, Done, Some("t0")), (Assigned, Done, Some("t1")), (InProgress, Done, Some("t2")), (Replied, Current, Some("t5")), (Finished, Ahead, None)]
        );
        let mut done = timeline.to_vec();
        done.push(entry("t8", K::StatusChanged, Some(S::Resolved)));
        done.push(entry("t9", K::Rated, Some(S::Closed)));
        let p = progress(S::Closed, "t0", &done);
        assert_eq!(p.milestones[4], Milestone { stage: Finished, mark: Current, at: Some("t8".into()) }, "dated when first finished");
        assert!(p.milestones[..4].iter().all(|m| m.mark == Done));
    }

    #[test]
    fn a_passed_milestone_without_an_entry_is_done_without_a_date() {
        // answered right after assignment: never "in progress" on its own
        let timeline = [entry("t0", K::Submitted, None), entry("t1", K::Triaged, None), entry("t2", K::Replied, None)];
        let p = progress(S::Replied, "t0", &timeline);
        assert_eq!(p.milestones[2], Milestone { stage: InProgress, mark: Done, at: None });
        assert_eq!(p.milestones[3], Milestone { stage: Replied, mark: Current, at: Some("t2".into()) });
        // closed by staff straight from triage: the steps between are passed, undated
        let p = progress(S::Closed, "t0", &[entry("t0", K::Submitted, None), entry("t1", K::StatusChanged, Some(S::Closed))]);
        assert_eq!(marks(&p)[1..], [(Assigned, Done, None), (InProgress, Done, None), (Replied, Done, None), (Finished, Current, Some("t1"))]);
    }

    #[test]
    fn the_status_decides_where_it_is_even_when_it_went_back() {
        // answered, then set back to in progress after a follow-up: in progress again
        let timeline = [
            entry("t0", K::Submitted, None),
            entry("t1", K::Triaged, Some(S::Assigned)),
            entry("t2", K::Replied, Some(S::Replied)),
            entry("t3", K::StatusChanged, Some(S::InProgress)),
        ];
        let p = progress(S::InProgress, "t0", &timeline);
        assert_eq!(p.current(), InProgress);
        assert_eq!(p.milestones[2].at.as_deref(), Some("t3"));
        assert_eq!((p.milestones[3].mark, p.milestones[3].at.as_deref()), (Ahead, None), "ahead has no date");
    }

    #[test]
    fn a_reopened_message_starts_a_new_round() {
        let timeline = [
            entry("t0", K::Submitted, Some(S::Submitted)),
            entry("t1", K::Triaged, Some(S::Assigned)),
            entry("t2", K::Replied, Some(S::Replied)),
            entry("t3", K::StatusChanged, Some(S::Resolved)),
            entry("t4", K::Rated, Some(S::Closed)),
            entry("t5", K::Reopened, Some(S::Reopened)),
        ];
        let p = progress(S::Reopened, "t0", &timeline);
        assert!(p.reopened);
        assert_eq!(marks(&p)[..2], [(Submitted, Current, Some("t5")), (Assigned, Ahead, None)]);
        let mut again = timeline.to_vec();
        again.push(entry("t6", K::Triaged, Some(S::Assigned)));
        let p = progress(S::Assigned, "t0", &again);
        assert_eq!(marks(&p)[..3], [(Submitted, Done, Some("t5")), (Assigned, Current, Some("t6")), (InProgress, Ahead, None)]);
    }

    #[test]
    fn an_unknown_status_stays_at_the_furthest_milestone_of_the_timeline() {
        let timeline = [entry("t0", K::Submitted, None), entry("t1", K::Triaged, Some(S::Assigned)), entry("t2", K::Unknown, Some(S::Unknown))];
        assert_eq!(progress(S::Unknown, "t0", &timeline).current(), Assigned);
        assert_eq!(progress(S::Unknown, "", &[]).current(), Submitted);
        assert_eq!(progress(S::Unknown, "", &[]).milestones[0].at, None);
    }

    #[test]
    fn what_the_deadline_is_for() {
        assert_eq!(due(S::Submitted, None), Some(Due::Triage));
        assert_eq!(due(S::Reopened, Some(Track::Fast)), Some(Due::Triage));
        assert_eq!(due(S::Assigned, Some(Track::Fast)), Some(Due::Answer));
        assert_eq!(due(S::InProgress, Some(Track::Fast)), Some(Due::Answer));
        assert_eq!(due(S::Replied, Some(Track::Fast)), None, "the fast track is done when answered");
        assert_eq!(due(S::Replied, Some(Track::Major)), Some(Due::Resolve), "the major track when resolved");
        assert_eq!(due(S::Accepted, None), Some(Due::Resolve));
        assert_eq!(due(S::Resolved, Some(Track::Major)), None);
        assert_eq!(due(S::Closed, Some(Track::Fast)), None);
    }

    fn step(done: bool, overdue: bool) -> PlanStep {
        PlanStep { done, overdue, ..Default::default() }
    }

    #[test]
    fn only_the_first_open_step_is_under_way_later_ones_have_not_started() {
        use StepMark as M;
        let plan = [step(true, false), step(false, false), step(false, false), step(false, false)];
        assert_eq!(step_marks(&plan, false), vec![M::Done, M::Underway, M::NotStarted, M::NotStarted]);
        let late = [step(true, false), step(false, true), step(false, false)];
        assert_eq!(step_marks(&late, false), vec![M::Done, M::Overdue, M::NotStarted], "a late step is the one under way");
        assert_eq!(step_marks(&late, true), vec![M::Done, M::Unfinished, M::Unfinished]);
        assert_eq!(step_marks(&[step(true, false)], false), vec![M::Done]);
        assert!(step_marks(&[], false).is_empty());
    }

    fn reply(at: &str, role: Role) -> Reply {
        Reply { id: at.into(), at: at.into(), from: Actor { name: "x".into(), role, is_you: false }, body: at.into() }
    }

    #[test]
    fn the_latest_answer_is_the_last_reply_not_by_the_author() {
        let replies = [reply("r1", Role::Deputy), reply("r2", Role::Citizen), reply("r3", Role::Staff), reply("r4", Role::Citizen)];
        assert_eq!(latest_answer(&replies).map(|r| r.id.as_str()), Some("r3"));
        assert_eq!(latest_answer(&replies[..2]).map(|r| r.id.as_str()), Some("r1"));
        assert_eq!(latest_answer(&[reply("r1", Role::Citizen)]), None);
        assert_eq!(latest_answer(&[]), None);
        assert!(is_answer(&reply("r", Role::Unknown)), "a role this app does not know is not the author's");
    }
}
