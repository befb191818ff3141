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
    /// The handler's name (a deputy's or a department's), for the texts.
    pub handler_name: Option<String>,
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

/// Who handles a message, as the author reads it: `陈志强代表`, or the department's name.
pub fn handler_label(p: &Parties) -> Option<String> {
    let name = p.handler_name.as_deref().filter(|n| !n.trim().is_empty())?;
    Some(if p.department_handled {
        name.to_owned()
    } else {
        format!("{name}代表")
    })
}

/// Who answered, as the author reads it: the handling deputy (`陈志强代表`), the department
/// staff answered for, or the liaison station (staff answering a deputy's message).
pub fn replier(p: &Parties, actor: Option<&str>) -> String {
    let deputy_answered = actor.is_some() && actor == p.handler_user.as_deref();
    match handler_label(p) {
        Some(label) if deputy_answered || p.department_handled => label,
        _ if deputy_answered => "代表".to_owned(),
        _ => "联络站".to_owned(),
    }
}

/// The texts of a reply, to the author: who answered and the first words of the answer as
/// the title (what the alert is for), the message it is about as the body.
pub fn reply_texts(who: &str, subject: &str, reply: Option<&str>) -> (String, String) {
    let title = match reply.filter(|r| !r.trim().is_empty()) {
        Some(r) => format!("{who}答复：{}", excerpt(r, 40)),
        None => format!("{who}答复了您的留言"),
    };
    (title, format!("《{}》", excerpt(subject, 40)))
}

/// The texts of a status change, to the author, in plain words: 您的留言已受理 / 已交由…办理 /
/// 已办结…; the body names the message and carries the handler's note, if any.
/// `handler`: [`handler_label`] (after the change).
pub fn status_texts(
    from: Status,
    to: Status,
    handler: Option<&str>,
    subject: &str,
    note: Option<&str>,
) -> (String, String) {
    let triaged = matches!(from, Status::Submitted | Status::Reopened | Status::Unknown);
    let title = match (to, handler) {
        (Status::Assigned, Some(h)) if triaged => format!("您的留言已交由{h}办理"),
        (Status::Assigned, Some(h)) => format!("您的留言已转交{h}办理"),
        (Status::Assigned, None) => "您的留言已分派办理".to_owned(),
        (Status::Accepted, _) => "您的留言已受理".to_owned(),
        (Status::InProgress, _) => "您的留言正在办理".to_owned(),
        (Status::Replied, _) => "您的留言已答复".to_owned(),
        (Status::Resolved, _) => "您的留言已办结".to_owned(),
        (Status::Closed, _) => "您的留言已关闭，办理结束".to_owned(),
        (Status::Reopened, _) => "您的留言已重新提交".to_owned(),
        (Status::Submitted | Status::Unknown, _) => "您的留言有新进展".to_owned(),
    };
    let subject = excerpt(subject, 40);
    let body = match note.filter(|n| !n.trim().is_empty()) {
        Some(n) => format!("《{subject}》：{}", excerpt(n, 60)),
        None => format!("《{subject}》"),
    };
    (title, body)
}

/// Title and body of a notification of `kind` about the message titled `subject`;
/// `detail` is what the title carries: the start of a follow-up question, a plan step's
/// title, a reopening reason; a rating's goes in the body (replies and status changes:
/// [`reply_texts`], [`status_texts`]).
pub fn texts(kind: NotificationKind, subject: &str, detail: Option<&str>) -> (String, String) {
    use NotificationKind as K;
    let subject = excerpt(subject, 40);
    let detail = detail.map(str::trim).filter(|d| !d.is_empty());
    let with = |title: &str| match detail {
        Some(d) => format!("{title}：{}", excerpt(d, 40)),
        None => title.to_owned(),
    };
    let title = match kind {
        K::Reply => with("您的留言有了新答复"),
        K::StatusChanged => with("您的留言有新进展"),
        K::PlanStepDone => with("办理步骤已完成"),
        K::SuggestionAdopted => "您的建议已被采纳".to_owned(),
        K::Assigned => "您有一条新的留言待办理".to_owned(),
        K::DeadlineApproaching => "留言将在24小时内到期".to_owned(),
        K::DeadlinePassed => "留言已超过办理期限".to_owned(),
        K::FollowUp => with("群众追问"),
        K::Reopened => with("群众申请重新办理"),
        K::Rated => "群众评价了办理结果".to_owned(),
        K::CommentReply => with("有人回复了您的评论"),
        K::CommentHidden => with("您的评论已被隐藏"),
        K::TopicReply => with("您发起的议题有了新评论"),
        K::TopicClosed => with("您发起的议题已有结论"),
        K::CommentAdopted => "您的评论被议题结论采纳".to_owned(),
        K::PollResults => "您参与的投票已公布结果".to_owned(),
        K::Commended => with("您获得了表彰"),
        K::CourseAssigned => "您有一门新的培训课程".to_owned(),
        K::CourseDueSoon => "培训课程将在3天内到期".to_owned(),
        K::CourseOverdue => "培训课程已超过完成期限".to_owned(),
        K::TrainingReminder => "工作人员提醒您完成培训".to_owned(),
        K::Unknown => "新消息".to_owned(),
    };
    let body = match (kind, detail) {
        (K::SuggestionAdopted, _) => format!("《{subject}》已办结"),
        // the stars and the comment ("评价 4 星：很及时")
        (K::Rated, Some(d)) => format!("《{subject}》：{}", excerpt(d, 60)),
        _ => format!("《{subject}》"),
    };
    (title, body)
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
            handler_name: Some("陈志强".into()),
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
        let (t, b) = super::texts(K::FollowUp, "路灯不亮", Some("什么时候修？"));
        assert_eq!(t, "群众追问：什么时候修？");
        assert_eq!(b, "《路灯不亮》");
        let (t, b) = super::texts(K::PlanStepDone, "修桥", Some("现场勘查"));
        assert_eq!((t.as_str(), b.as_str()), ("办理步骤已完成：现场勘查", "《修桥》"));
        let (_, b) = super::texts(K::SuggestionAdopted, "修桥", None);
        assert_eq!(b, "《修桥》已办结");
        let (t, _) = super::texts(K::Reopened, "修桥", Some("  "));
        assert_eq!(t, "群众申请重新办理", "a blank detail adds nothing");
    }

    #[test]
    fn a_reply_alert_carries_who_answered_and_the_first_words() {
        let p = parties();
        assert_eq!(replier(&p, Some("deputy1")), "陈志强代表");
        assert_eq!(replier(&p, Some("staff1")), "联络站", "staff answering a deputy's message");
        let dept = Parties {
            handler_user: None,
            department_handled: true,
            handler_name: Some("镇城建办".into()),
            ..p.clone()
        };
        assert_eq!(replier(&dept, Some("staff1")), "镇城建办");
        let (t, b) = reply_texts("陈志强代表", "村口路灯不亮", Some("已联系供电所，本周内修复。"));
        assert_eq!(t, "陈志强代表答复：已联系供电所，本周内修复。");
        assert_eq!(b, "《村口路灯不亮》");
        let long = "您好，".repeat(30);
        let (t, _) = reply_texts("联络站", "路灯", Some(&long));
        assert!(t.starts_with("联络站答复：您好，您好") && t.ends_with('…'), "{t}");
        assert_eq!(t.chars().count(), "联络站答复：".chars().count() + 41);
        let (t, _) = reply_texts("陈志强代表", "路灯", None);
        assert_eq!(t, "陈志强代表答复了您的留言");
    }

    #[test]
    fn a_status_alert_says_the_new_status_in_plain_words() {
        let s = |from, to, h: Option<&str>| status_texts(from, to, h, "村口路灯不亮", None).0;
        assert_eq!(s(Status::Submitted, Status::Assigned, Some("陈志强代表")), "您的留言已交由陈志强代表办理");
        assert_eq!(s(Status::Reopened, Status::Assigned, Some("镇城建办")), "您的留言已交由镇城建办办理");
        assert_eq!(s(Status::InProgress, Status::Assigned, Some("镇城建办")), "您的留言已转交镇城建办办理");
        assert_eq!(s(Status::Submitted, Status::Assigned, None), "您的留言已分派办理");
        assert_eq!(s(Status::Assigned, Status::Accepted, None), "您的留言已受理");
        assert_eq!(s(Status::Accepted, Status::InProgress, None), "您的留言正在办理");
        assert_eq!(s(Status::Replied, Status::Resolved, None), "您的留言已办结");
        assert_eq!(s(Status::Resolved, Status::Closed, None), "您的留言已关闭，办理结束");
        let (_, b) = status_texts(Status::Assigned, Status::InProgress, None, "路灯", Some("已派人查看"));
        assert_eq!(b, "《路灯》：已派人查看");
        let p = parties();
        assert_eq!(handler_label(&p).as_deref(), Some("陈志强代表"));
        let dept = Parties { department_handled: true, handler_name: Some("镇城建办".into()), ..p.clone() };
        assert_eq!(handler_label(&dept).as_deref(), Some("镇城建办"));
        assert_eq!(handler_label(&Parties { handler_name: None, ..p }), None);
    }
}
