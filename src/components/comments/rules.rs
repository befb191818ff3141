//! The thread's rules as plain functions (native tests below): what a comment shows to this
//! viewer, the optimistic like, what a post's failure says, the edit window, the report's
//! checks, and how a page of comments joins what is already shown.

use contract::{Comment, CommentPermissions, CommentState, ReportReason, REPORT_DETAIL_MAX};

use crate::api::ApiError;
use crate::i18n::{fill, ErrorText, Key, Lang};

/// What the body of a comment shows to this viewer.
#[derive(Clone, Debug, PartialEq)]
pub enum Shown {
    /// The text (published, or the viewer's own pending one: then marked 审核中).
    Text { pending: bool },
    /// The viewer's own hidden comment: the text and why it was hidden.
    HiddenOwn(Option<String>),
    /// Someone else's hidden comment kept for its replies: "该评论已被隐藏".
    Hidden,
    /// "该评论已删除" (kept for its replies).
    Deleted,
}

pub fn shown(c: &Comment) -> Shown {
    match c.state {
        CommentState::Deleted => Shown::Deleted,
        // Staff see hidden text too (the server sends it): shown with the reason like to its author.
        CommentState::Hidden if c.author.is_you || !c.body.is_empty() => Shown::HiddenOwn(c.moderation_reason.clone()),
        CommentState::Hidden => Shown::Hidden,
        CommentState::Pending => Shown::Text { pending: true },
        // an unknown state: the text when there is one, else as removed
        CommentState::Unknown if c.body.is_empty() => Shown::Deleted,
        CommentState::Published | CommentState::Unknown => Shown::Text { pending: false },
    }
}

/// A like tapped: the new state and count (tapping again undoes).
pub fn toggle_like(liked: bool, count: u32) -> (bool, u32) {
    if liked {
        (false, count.saturating_sub(1))
    } else {
        (true, count.saturating_add(1))
    }
}

/// What a failed post, edit, like or report says: 429 with its wait in seconds, 403 with the
/// server's detail (a suspension says until when and why), the rest as everywhere.
pub fn failure_text(e: &ApiError, lang: Lang) -> String {
    match e {
        ApiError::Http { status: 429, retry_after, .. } => {
            let secs = retry_after.unwrap_or(10).max(1);
            fill(lang.text(Key::CmTooFast), &[("n", &secs.to_string())])
        }
        ApiError::Http { status: 403, problem: Some(p), .. } => {
            p.detail.clone().filter(|d| !d.trim().is_empty()).unwrap_or_else(|| e.message(lang))
        }
        _ => e.message(lang),
    }
}

/// Whole minutes left to edit (rounded up), while there are any.
pub fn minutes_left(now_ms: f64, until_ms: f64) -> Option<i64> {
    let left = until_ms - now_ms;
    (left.is_finite() && left > 0.0).then(|| (left / 60_000.0).ceil() as i64)
}

/// A deleted comment: `true` while it stays as a placeholder (it has replies), `false` when it
/// leaves the thread. Either way nothing can be done with it any more.
pub fn delete_in_place(c: &mut Comment) -> bool {
    c.state = CommentState::Deleted;
    c.body.clear();
    c.can = CommentPermissions::default();
    c.editable_until = None;
    c.reply_count > 0
}

/// The local check of a report: a reason, and words for 其他 (at most 200 characters).
pub fn check_report(reason: Option<ReportReason>, detail: &str) -> Result<(ReportReason, Option<String>), (&'static str, Key)> {
    let reason = reason.ok_or(("reason", Key::CmReportPick))?;
    let detail = detail.trim();
    if reason == ReportReason::Other && detail.is_empty() {
        return Err(("detail", Key::CmReportDetailNeeded));
    }
    if detail.chars().count() > REPORT_DETAIL_MAX {
        return Err(("detail", Key::CmReportDetailLong));
    }
    Ok((reason, (!detail.is_empty()).then(|| detail.to_string())))
}

/// The ids of a page that are not shown yet (a comment posted here may come again in a
/// later page: it is shown once).
pub fn new_ones(shown: &[String], page: Vec<Comment>) -> Vec<Comment> {
    page.into_iter().filter(|c| !shown.contains(&c.id)).collect()
}

/// Whether a comment counts in the public count (a published one).
pub fn counts(c: &Comment) -> bool {
    c.state == CommentState::Published
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::{Actor, Problem};

    fn comment(state: CommentState, you: bool, body: &str) -> Comment {
        Comment {
            id: "c1".into(),
            state,
            body: body.into(),
            author: Actor { name: "张*".into(), role: contract::Role::Citizen, is_you: you },
            ..Default::default()
        }
    }

    #[test]
    fn what_each_state_shows() {
        assert_eq!(shown(&comment(CommentState::Published, false, "好")), Shown::Text { pending: false });
        assert_eq!(shown(&comment(CommentState::Pending, true, "好")), Shown::Text { pending: true });
        assert_eq!(shown(&comment(CommentState::Deleted, false, "")), Shown::Deleted);
        assert_eq!(shown(&comment(CommentState::Hidden, false, "")), Shown::Hidden);
        let mut own = comment(CommentState::Hidden, true, "好");
        own.moderation_reason = Some("人身攻击".into());
        assert_eq!(shown(&own), Shown::HiddenOwn(Some("人身攻击".into())));
        assert_eq!(shown(&comment(CommentState::Unknown, false, "")), Shown::Deleted);
        assert_eq!(shown(&comment(CommentState::Unknown, false, "x")), Shown::Text { pending: false });
    }

    #[test]
    fn a_like_toggles_and_never_goes_below_zero() {
        assert_eq!(toggle_like(false, 4), (true, 5));
        assert_eq!(toggle_like(true, 5), (false, 4));
        assert_eq!(toggle_like(true, 0), (false, 0));
        assert_eq!(toggle_like(false, u32::MAX), (true, u32::MAX));
    }

    #[test]
    fn failures_say_the_wait_and_the_servers_reason() {
        let limited = ApiError::Http { status: 429, problem: None, retry_after: Some(8) };
        assert_eq!(failure_text(&limited, Lang::Zh), "太频繁，请 8 秒后再试");
        let no_header = ApiError::Http { status: 429, problem: None, retry_after: None };
        assert!(failure_text(&no_header, Lang::Zh).contains("10"));
        let p = Problem { status: 403, detail: Some("您已被禁言至 12月9日：多次辱骂他人".into()), ..Default::default() };
        let suspended = ApiError::Http { status: 403, problem: Some(p), retry_after: None };
        assert_eq!(failure_text(&suspended, Lang::Zh), "您已被禁言至 12月9日：多次辱骂他人");
        let bare = ApiError::Http { status: 403, problem: None, retry_after: None };
        assert_eq!(failure_text(&bare, Lang::Zh), bare.message(Lang::Zh));
        assert_eq!(failure_text(&ApiError::Offline, Lang::En), ApiError::Offline.message(Lang::En));
    }

    #[test]
    fn edit_window_in_whole_minutes() {
        assert_eq!(minutes_left(0.0, 600_000.0), Some(10));
        assert_eq!(minutes_left(0.0, 61_000.0), Some(2));
        assert_eq!(minutes_left(0.0, 1.0), Some(1));
        assert_eq!(minutes_left(10.0, 10.0), None);
        assert_eq!(minutes_left(0.0, f64::NAN), None);
    }

    #[test]
    fn a_deleted_comment_stays_only_for_its_replies() {
        let mut c = comment(CommentState::Published, true, "好");
        c.can = CommentPermissions { edit: true, delete: true, reply: true, like: true, report: false };
        assert!(!delete_in_place(&mut c.clone()));
        c.reply_count = 2;
        assert!(delete_in_place(&mut c));
        assert_eq!((c.state, c.body.as_str(), c.can), (CommentState::Deleted, "", CommentPermissions::default()));
    }

    #[test]
    fn report_checks() {
        assert_eq!(check_report(None, ""), Err(("reason", Key::CmReportPick)));
        assert_eq!(check_report(Some(ReportReason::Spam), "  "), Ok((ReportReason::Spam, None)));
        assert_eq!(check_report(Some(ReportReason::Other), " "), Err(("detail", Key::CmReportDetailNeeded)));
        assert_eq!(check_report(Some(ReportReason::Other), " 冒充工作人员 "), Ok((ReportReason::Other, Some("冒充工作人员".into()))));
        assert_eq!(check_report(Some(ReportReason::Abuse), &"字".repeat(201)), Err(("detail", Key::CmReportDetailLong)));
        assert!(check_report(Some(ReportReason::Abuse), &"字".repeat(200)).is_ok());
    }

    #[test]
    fn pages_join_without_repeats() {
        let c = |id: &str| Comment { id: id.into(), ..Default::default() };
        let ids: Vec<String> = new_ones(&["b".into()], vec![c("a"), c("b"), c("c")]).into_iter().map(|c| c.id).collect();
        assert_eq!(ids, ["a", "c"]);
    }
}
