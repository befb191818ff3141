//! The rules of notifications, pure: who gets which for an event of a message
//! ([`recipients`]), and the texts they are sent with ([`texts`]).

use contract::NotificationKind;

/// A message's status as far as notifications care (mirrors `contract::MessageStatus`).
pub use contract::MessageStatus as Status;
pub use contract::Track;

/// The people around a message, resolved from the database by the caller.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parties {
    /// The author's user id.
    pub author: String,
    /// The user account of the handling deputy, when a deputy with an account handles it.
    pub handler_user: Option<String>,
    /// Whether a department handles it (staff act for departments).
    pub department_handled: bool,
    /// Whether it waits for (re-)triage (no handler yet: staff's turn).
    pub awaiting_triage: bool,
    /// The staff users.
    pub staff: Vec<String>,
}

/// What happened to a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// The handler (or staff) posted a reply.
    Replied,
    /// The status changed by a handler or staff (not by a reply).
    StatusChanged {
        from: Status,
        to: Status,
        track: Option<Track>,
    },
    /// A plan step was ticked off.
    PlanStepDone,
    /// Triage or hand-over gave the message a (new) handler; `parties` describe the new one.
    Assigned { from: Status, to: Status },
    /// Due within [`super::APPROACHING_SECS`] and not finished.
    DeadlineApproaching,
    /// Past the deadline and not finished.
    DeadlinePassed,
    /// The author asked a follow-up question.
    FollowedUp,
    /// The author reopened the message.
    Reopened,
    /// The author rated the handling.
    Rated,
}

/// An event of a message: what happened, who did it (their user id; `None` for the
/// system, e.g. the sweep), and who is around the message.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageEvent {
    pub change: Change,
    pub actor: Option<String>,
    pub parties: Parties,
}

/// Who gets which notification for an event. Pure: the rules in one place.
///
/// * reply, status change, plan step done → the author; a major issue becoming `resolved`
///   is `suggestion_adopted` (instead of `status_changed`);
/// * assigned → the handling deputy's user, or staff when a department handles it or the
///   deputy has no account; the author also gets `status_changed` when the status changed;
/// * deadline approaching / passed → the handling deputy's user; staff when a department
///   handles it, when it waits for triage, or when the deputy has no account;
/// * the author's follow-up, reopening or rating → the handlers, as for deadlines;
/// * never the actor themself; nobody twice for one event. Only the author, the handling
///   deputy and staff can ever be recipients: a citizen never gets a notification about
///   another citizen's message.
pub fn recipients(event: &MessageEvent) -> Vec<(String, NotificationKind)> {
    use NotificationKind as K;
    let p = &event.parties;
    let handlers = || -> Vec<String> {
        match &p.handler_user {
            Some(u) if !p.department_handled && !p.awaiting_triage => vec![u.clone()],
            _ => p.staff.clone(),
        }
    };
    let mut out: Vec<(String, NotificationKind)> = Vec::new();
    match &event.change {
        Change::Replied => out.push((p.author.clone(), K::Reply)),
        Change::StatusChanged { from, to, track } => {
            if from != to {
                let kind = if *to == Status::Resolved && *track == Some(Track::Major) {
                    K::SuggestionAdopted
                } else {
                    K::StatusChanged
                };
                out.push((p.author.clone(), kind));
            }
        }
        Change::PlanStepDone => out.push((p.author.clone(), K::PlanStepDone)),
        Change::Assigned { from, to } => {
            out.extend(handlers().into_iter().map(|u| (u, K::Assigned)));
            if from != to {
                out.push((p.author.clone(), K::StatusChanged));
            }
        }
        Change::DeadlineApproaching => {
            out.extend(handlers().into_iter().map(|u| (u, K::DeadlineApproaching)));
        }
        Change::DeadlinePassed => {
            out.extend(handlers().into_iter().map(|u| (u, K::DeadlinePassed)));
        }
        Change::FollowedUp => out.extend(handlers().into_iter().map(|u| (u, K::FollowUp))),
        Change::Reopened => out.extend(handlers().into_iter().map(|u| (u, K::Reopened))),
        Change::Rated => out.extend(handlers().into_iter().map(|u| (u, K::Rated))),
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|(u, k)| {
        !u.is_empty() && event.actor.as_deref() != Some(u.as_str()) && seen.insert((u.clone(), *k))
    });
    out
}

// ---------------------------------------------------------------------------
// Texts
// ---------------------------------------------------------------------------

/// The first `max` characters of a text, with `…` when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let text = text.trim();
    let mut out: String = text.chars().take(max).collect();
    if text.chars().count() > max {
        out.push('…');
    }
    out
}

/// zh-CN label of a status, for the texts of notifications.
pub fn status_label(s: Status) -> &'static str {
    match s {
        Status::Submitted => "待受理",
        Status::Assigned => "已交办",
        Status::Accepted => "已受理",
        Status::InProgress => "办理中",
        Status::Replied => "已答复",
        Status::Resolved => "已办结",
        Status::Closed => "已关闭",
        Status::Reopened => "已重新提交",
        Status::Unknown => "已更新",
    }
}

/// Title and body of a notification of `kind` about the message titled `subject`;
/// `detail` is the start of a reply, a new status, a plan step's title.
pub fn texts(kind: NotificationKind, subject: &str, detail: Option<&str>) -> (String, String) {
    use NotificationKind as K;
    let subject = excerpt(subject, 40);
    let with = |d: Option<&str>| match d {
        Some(d) if !d.trim().is_empty() => format!("《{subject}》：{}", excerpt(d, 60)),
        _ => format!("《{subject}》"),
    };
    let title = match kind {
        K::Reply => "您的留言有了新回复",
        K::StatusChanged => "您的留言有新进展",
        K::PlanStepDone => "办理进度更新",
        K::SuggestionAdopted => "您的建议已被采纳",
        K::Assigned => "您有一条新的留言待办理",
        K::DeadlineApproaching => "留言将在24小时内到期",
        K::DeadlinePassed => "留言已超过办理期限",
        K::FollowUp => "群众对留言有追问",
        K::Reopened => "群众申请重新办理",
        K::Rated => "群众评价了办理结果",
        K::Unknown => "新消息",
    };
    let body = match kind {
        K::SuggestionAdopted => format!("《{subject}》已办结"),
        K::DeadlineApproaching | K::DeadlinePassed | K::Assigned => format!("《{subject}》"),
        _ => with(detail),
    };
    (title.to_owned(), body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parties() -> Parties {
        Parties {
            author: "citizen1".into(),
            handler_user: Some("deputy1".into()),
            department_handled: false,
            awaiting_triage: false,
            staff: vec!["staff1".into(), "staff2".into()],
        }
    }

    fn ev(change: Change, actor: Option<&str>, parties: Parties) -> MessageEvent {
        MessageEvent {
            change,
            actor: actor.map(str::to_owned),
            parties,
        }
    }

    fn r(e: &MessageEvent) -> Vec<(String, NotificationKind)> {
        recipients(e)
    }

    fn w(want: &[(&str, NotificationKind)]) -> Vec<(String, NotificationKind)> {
        want.iter().map(|(u, k)| ((*u).to_owned(), *k)).collect()
    }

    use NotificationKind as K;

    #[test]
    fn author_hears_of_replies_status_plan_and_adoption() {
        let p = parties();
        assert_eq!(
            r(&ev(Change::Replied, Some("deputy1"), p.clone())),
            w(&[("citizen1", K::Reply)])
        );
        let status = |from, to, track| Change::StatusChanged { from, to, track };
        assert_eq!(
            r(&ev(
                status(Status::Assigned, Status::InProgress, Some(Track::Fast)),
                Some("deputy1"),
                p.clone()
            )),
            w(&[("citizen1", K::StatusChanged)])
        );
        // a major issue resolved: the suggestion was adopted (instead of status_changed)
        assert_eq!(
            r(&ev(
                status(Status::InProgress, Status::Resolved, Some(Track::Major)),
                Some("deputy1"),
                p.clone()
            )),
            w(&[("citizen1", K::SuggestionAdopted)])
        );
        // a fast one resolved is a status change
        assert_eq!(
            r(&ev(
                status(Status::Replied, Status::Resolved, Some(Track::Fast)),
                Some("deputy1"),
                p.clone()
            )),
            w(&[("citizen1", K::StatusChanged)])
        );
        // no change, no notification
        assert!(r(&ev(
            status(Status::InProgress, Status::InProgress, None),
            Some("deputy1"),
            p.clone()
        ))
        .is_empty());
        // staff closing it
        assert_eq!(
            r(&ev(
                status(Status::Resolved, Status::Closed, Some(Track::Fast)),
                Some("staff1"),
                p.clone()
            )),
            w(&[("citizen1", K::StatusChanged)])
        );
        assert_eq!(
            r(&ev(Change::PlanStepDone, Some("staff1"), p.clone())),
            w(&[("citizen1", K::PlanStepDone)])
        );
    }

    #[test]
    fn assignment_goes_to_the_handler_and_tells_the_author() {
        let p = parties();
        let assigned = Change::Assigned {
            from: Status::Submitted,
            to: Status::Assigned,
        };
        assert_eq!(
            r(&ev(assigned.clone(), Some("staff1"), p.clone())),
            w(&[("deputy1", K::Assigned), ("citizen1", K::StatusChanged)])
        );
        // handed over by the deputy to a department: staff (the author's status unchanged)
        let dept = Parties {
            handler_user: None,
            department_handled: true,
            ..p.clone()
        };
        let handed = Change::Assigned {
            from: Status::Assigned,
            to: Status::Assigned,
        };
        assert_eq!(
            r(&ev(handed.clone(), Some("deputy1"), dept.clone())),
            w(&[("staff1", K::Assigned), ("staff2", K::Assigned)])
        );
        // staff handing over: the other staff only
        assert_eq!(
            r(&ev(handed, Some("staff2"), dept)),
            w(&[("staff1", K::Assigned)])
        );
        // a deputy without an account: staff
        let no_account = Parties {
            handler_user: None,
            ..p
        };
        assert_eq!(
            r(&ev(assigned, Some("staff1"), no_account)),
            w(&[("staff2", K::Assigned), ("citizen1", K::StatusChanged)])
        );
    }

    #[test]
    fn deadlines_go_to_the_handler_or_staff() {
        let p = parties();
        assert_eq!(
            r(&ev(Change::DeadlineApproaching, None, p.clone())),
            w(&[("deputy1", K::DeadlineApproaching)])
        );
        assert_eq!(
            r(&ev(Change::DeadlinePassed, None, p.clone())),
            w(&[("deputy1", K::DeadlinePassed)])
        );
        let dept = Parties {
            handler_user: None,
            department_handled: true,
            ..p.clone()
        };
        assert_eq!(
            r(&ev(Change::DeadlinePassed, None, dept)),
            w(&[("staff1", K::DeadlinePassed), ("staff2", K::DeadlinePassed)])
        );
        let untriaged = Parties {
            handler_user: None,
            awaiting_triage: true,
            ..p
        };
        assert_eq!(
            r(&ev(Change::DeadlineApproaching, None, untriaged)),
            w(&[
                ("staff1", K::DeadlineApproaching),
                ("staff2", K::DeadlineApproaching)
            ])
        );
    }

    #[test]
    fn a_citizen_never_gets_another_citizens_notification_nor_their_own_action() {
        let p = parties();
        let changes = [
            Change::Replied,
            Change::StatusChanged {
                from: Status::Assigned,
                to: Status::Resolved,
                track: Some(Track::Major),
            },
            Change::PlanStepDone,
            Change::Assigned {
                from: Status::Reopened,
                to: Status::Assigned,
            },
            Change::DeadlineApproaching,
            Change::DeadlinePassed,
        ];
        let people = ["citizen1", "citizen2", "deputy1", "staff1", "staff2"];
        for change in &changes {
            for actor in people.iter().map(|a| Some(*a)).chain([None]) {
                for dept in [false, true] {
                    let parties = Parties {
                        department_handled: dept,
                        handler_user: (!dept).then(|| "deputy1".to_owned()),
                        ..p.clone()
                    };
                    let got = recipients(&ev(change.clone(), actor, parties));
                    for (u, k) in &got {
                        assert_ne!(u, "citizen2", "{change:?} by {actor:?}: {k:?}");
                        assert_ne!(Some(u.as_str()), actor, "the actor is not told");
                        if u == "citizen1" {
                            assert!(
                                matches!(
                                    k,
                                    K::Reply
                                        | K::StatusChanged
                                        | K::PlanStepDone
                                        | K::SuggestionAdopted
                                ),
                                "the author gets only news of their message: {k:?}"
                            );
                        }
                    }
                    let unique: std::collections::HashSet<_> = got.iter().collect();
                    assert_eq!(unique.len(), got.len(), "nobody twice");
                }
            }
        }
    }

    #[test]
    fn texts() {
        assert_eq!(excerpt("一二三四", 3), "一二三…");
        assert_eq!(excerpt("一二三", 3), "一二三");
        let (t, b) = super::texts(K::Reply, "路灯不亮", Some("已联系供电所"));
        assert_eq!(t, "您的留言有了新回复");
        assert_eq!(b, "《路灯不亮》：已联系供电所");
        let (_, b) = super::texts(K::SuggestionAdopted, "修桥", None);
        assert_eq!(b, "《修桥》已办结");
    }
}
