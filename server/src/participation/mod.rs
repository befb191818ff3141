//! Public participation: the rules of comments, likes, reports and moderation as pure
//! functions (tested below, like `handling.rs` for messages), and their storage ([`store`]).
//!
//! Who sees what: a published comment is public; a pending one only its author and staff; a
//! hidden one its author and staff (with the reason), others a placeholder when it has
//! replies; a deleted one a placeholder when it has replies.

pub mod store;

use contract::{
    CommentPermissions, CommentState, HoldReason, ModerationAction, ModerationMode, Role,
    COMMENT_EDIT_MINUTES, REPORTS_TO_HIDE,
};

const MINUTE: i64 = 60;

/// Comments a user may post in a day.
pub const COMMENTS_PER_DAY: u32 = 30;
/// Seconds between two comments of a user.
pub const COMMENT_INTERVAL_SECS: i64 = 10;
/// Likes a user may give in a day.
pub const LIKES_PER_DAY: u32 = 200;
/// The same text on the same target by the same user within this many seconds is refused.
pub const DUPLICATE_SECS: i64 = 5 * MINUTE;

/// Whether the author is a deputy or staff member: their posts are published at once, and
/// reports bring them to review without hiding them.
pub fn official(roles: &[Role]) -> bool {
    roles.contains(&Role::Deputy) || roles.contains(&Role::Staff)
}

/// The first state of a new comment (and why it waits, if it does): staff's are published;
/// anyone else's with a word of the word list waits; a citizen's waits under
/// pre-moderation.
pub fn initial_state(
    roles: &[Role],
    mode: ModerationMode,
    matched_word: bool,
) -> (CommentState, Option<HoldReason>) {
    if roles.contains(&Role::Staff) {
        (CommentState::Published, None)
    } else if matched_word {
        (CommentState::Pending, Some(HoldReason::WordList))
    } else if !official(roles) && mode == ModerationMode::Pre {
        (CommentState::Pending, Some(HoldReason::PreModeration))
    } else {
        (CommentState::Published, None)
    }
}

/// The demo's word list (`server/word-list.txt`), used with `--demo` unless `--word-list`
/// names another.
pub const DEMO_WORD_LIST: &str = include_str!("../../word-list.txt");

/// A word list file: one word or phrase per line; blank lines and `#` comments skipped;
/// kept lowercase.
pub fn parse_word_list(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_lowercase)
        .collect()
}

/// Whether a text contains a word of the list (case-insensitive; the list is lowercase).
pub fn matches_word_list(text: &str, words: &[String]) -> bool {
    let lower = text.to_lowercase();
    words
        .iter()
        .any(|w| !w.is_empty() && lower.contains(w.as_str()))
}

/// A comment after reports from `reporters` distinct users (open reports): a published
/// citizen's comment is hidden from [`REPORTS_TO_HIDE`] on; any reported comment is held
/// for review. Others stay as they are.
pub fn after_report(
    state: CommentState,
    author_official: bool,
    reporters: u32,
) -> (CommentState, Option<HoldReason>) {
    match state {
        CommentState::Published if !author_official && reporters >= REPORTS_TO_HIDE => {
            (CommentState::Hidden, Some(HoldReason::Reports))
        }
        CommentState::Published if reporters > 0 => {
            (CommentState::Published, Some(HoldReason::Reports))
        }
        other => (other, None),
    }
}

/// Why a decision does not fit an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Misfit {
    Deleted,
    NotPending,
    AlreadyHidden,
    NotHidden,
    NoReports,
}

impl Misfit {
    pub fn detail(self) -> &'static str {
        match self {
            Misfit::Deleted => "Its author deleted it.",
            Misfit::NotPending => {
                "Only an item waiting for approval can be approved; a hidden one is restored."
            }
            Misfit::AlreadyHidden => "It is hidden already.",
            Misfit::NotHidden => "Only a hidden item can be restored.",
            Misfit::NoReports => "It has no open reports.",
        }
    }
}

/// The state after a staff decision (the decision also settles the open reports and takes
/// the item out of the queue).
pub fn decide(
    state: CommentState,
    action: ModerationAction,
    open_reports: u32,
) -> Result<CommentState, Misfit> {
    use CommentState as S;
    use ModerationAction as A;
    if state == S::Deleted {
        return Err(Misfit::Deleted);
    }
    match (action, state) {
        (A::Approve, S::Pending) => Ok(S::Published),
        (A::Approve, _) => Err(Misfit::NotPending),
        (A::Hide, S::Hidden) => Err(Misfit::AlreadyHidden),
        (A::Hide, _) => Ok(S::Hidden),
        (A::Restore, S::Hidden) => Ok(S::Published),
        (A::Restore, _) => Err(Misfit::NotHidden),
        (A::IgnoreReports, s) if open_reports > 0 => Ok(s),
        (A::IgnoreReports, _) => Err(Misfit::NoReports),
        (A::Unknown, _) => Err(Misfit::NotPending),
    }
}

/// What the viewer sees of a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// Everything.
    Whole,
    /// A placeholder: no text (hidden or deleted, kept because of its replies).
    Placeholder,
    /// Not listed at all.
    Nothing,
}

/// What a viewer (`is_author`, `is_staff`) sees of a comment in `state` with `replies` that
/// they can see.
pub fn seen(state: CommentState, is_author: bool, is_staff: bool, replies: u32) -> Seen {
    match state {
        CommentState::Published => Seen::Whole,
        CommentState::Pending if is_author || is_staff => Seen::Whole,
        CommentState::Hidden if is_author || is_staff => Seen::Whole,
        CommentState::Deleted | CommentState::Hidden if replies > 0 => Seen::Placeholder,
        _ => Seen::Nothing,
    }
}

/// The facts [`permissions`] needs about a comment and its viewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    pub state: CommentState,
    pub created_at: i64,
    /// Signed in (and the viewer's relation to the comment).
    pub signed_in: bool,
    pub is_author: bool,
    /// Suspended from posting now.
    pub suspended: bool,
    /// The viewer reported it already.
    pub reported: bool,
}

/// Until when the author may edit a comment made at `created_at`.
pub fn edit_deadline(created_at: i64) -> i64 {
    created_at + COMMENT_EDIT_MINUTES * MINUTE
}

/// What the viewer may do with a comment at `now`.
pub fn permissions(f: Facts, now: i64) -> CommentPermissions {
    let live = matches!(f.state, CommentState::Published | CommentState::Pending);
    let published = f.state == CommentState::Published;
    let poster = f.signed_in && !f.suspended;
    CommentPermissions {
        edit: f.is_author && live && now < edit_deadline(f.created_at),
        delete: f.is_author && f.state != CommentState::Deleted,
        reply: poster && published,
        like: poster && published,
        report: poster && published && !f.is_author && !f.reported,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CommentState as S;

    #[test]
    fn new_comments_wait_as_the_deployment_and_the_word_list_say() {
        let citizen = [Role::Citizen];
        let deputy = [Role::Deputy];
        let staff = [Role::Staff];
        use ModerationMode::{Post, Pre};
        assert_eq!(initial_state(&citizen, Post, false), (S::Published, None));
        assert_eq!(
            initial_state(&citizen, Pre, false),
            (S::Pending, Some(HoldReason::PreModeration))
        );
        assert_eq!(
            initial_state(&citizen, Post, true),
            (S::Pending, Some(HoldReason::WordList))
        );
        assert_eq!(initial_state(&deputy, Pre, false), (S::Published, None));
        assert_eq!(
            initial_state(&deputy, Post, true),
            (S::Pending, Some(HoldReason::WordList))
        );
        assert_eq!(initial_state(&staff, Pre, true), (S::Published, None));
    }

    #[test]
    fn the_word_list_matches_inside_words_and_ignores_case() {
        let words = vec!["代开发票".to_owned(), "vx".to_owned()];
        assert!(matches_word_list("专业代开发票，联系我", &words));
        assert!(matches_word_list("加我VX", &words));
        assert!(!matches_word_list("村道什么时候硬化？", &words));
        assert!(!matches_word_list("任何话", &[String::new()]));
    }

    #[test]
    fn three_distinct_reporters_hide_a_citizens_comment_and_officials_go_to_review_only() {
        assert_eq!(
            after_report(S::Published, false, 1),
            (S::Published, Some(HoldReason::Reports))
        );
        assert_eq!(
            after_report(S::Published, false, 2),
            (S::Published, Some(HoldReason::Reports))
        );
        assert_eq!(
            after_report(S::Published, false, 3),
            (S::Hidden, Some(HoldReason::Reports))
        );
        assert_eq!(
            after_report(S::Published, true, 5),
            (S::Published, Some(HoldReason::Reports))
        );
        assert_eq!(after_report(S::Pending, false, 3), (S::Pending, None));
        assert_eq!(after_report(S::Deleted, false, 3), (S::Deleted, None));
    }

    #[test]
    fn decisions_fit_the_state_or_are_refused() {
        use ModerationAction as A;
        assert_eq!(decide(S::Pending, A::Approve, 0), Ok(S::Published));
        assert_eq!(decide(S::Hidden, A::Approve, 0), Err(Misfit::NotPending));
        assert_eq!(decide(S::Published, A::Hide, 1), Ok(S::Hidden));
        assert_eq!(decide(S::Pending, A::Hide, 0), Ok(S::Hidden));
        assert_eq!(decide(S::Hidden, A::Hide, 0), Err(Misfit::AlreadyHidden));
        assert_eq!(decide(S::Hidden, A::Restore, 3), Ok(S::Published));
        assert_eq!(decide(S::Published, A::Restore, 0), Err(Misfit::NotHidden));
        assert_eq!(decide(S::Published, A::IgnoreReports, 2), Ok(S::Published));
        assert_eq!(
            decide(S::Published, A::IgnoreReports, 0),
            Err(Misfit::NoReports)
        );
        assert_eq!(decide(S::Deleted, A::Restore, 0), Err(Misfit::Deleted));
    }

    #[test]
    fn who_sees_what() {
        assert_eq!(seen(S::Published, false, false, 0), Seen::Whole);
        assert_eq!(seen(S::Pending, true, false, 0), Seen::Whole);
        assert_eq!(seen(S::Pending, false, true, 0), Seen::Whole);
        assert_eq!(seen(S::Pending, false, false, 2), Seen::Nothing);
        assert_eq!(seen(S::Hidden, false, false, 0), Seen::Nothing);
        assert_eq!(seen(S::Hidden, false, false, 1), Seen::Placeholder);
        assert_eq!(seen(S::Hidden, true, false, 0), Seen::Whole);
        assert_eq!(seen(S::Deleted, true, false, 0), Seen::Nothing);
        assert_eq!(seen(S::Deleted, false, false, 1), Seen::Placeholder);
    }

    #[test]
    fn the_author_edits_for_ten_minutes_and_deletes_any_time() {
        let f = Facts {
            state: S::Published,
            created_at: 1000,
            signed_in: true,
            is_author: true,
            suspended: false,
            reported: false,
        };
        let p = permissions(f, 1000 + 10 * 60 - 1);
        assert!(p.edit && p.delete && p.reply && p.like && !p.report);
        let later = permissions(f, 1000 + 10 * 60);
        assert!(!later.edit && later.delete);
        let other = permissions(
            Facts {
                is_author: false,
                ..f
            },
            1001,
        );
        assert!(!other.edit && !other.delete && other.report && other.like);
        let reported = permissions(
            Facts {
                is_author: false,
                reported: true,
                ..f
            },
            1001,
        );
        assert!(!reported.report);
        let suspended = permissions(
            Facts {
                suspended: true,
                ..f
            },
            1001,
        );
        assert!(!suspended.reply && !suspended.like && suspended.delete);
        let anon = permissions(
            Facts {
                signed_in: false,
                is_author: false,
                ..f
            },
            1001,
        );
        assert_eq!(anon, CommentPermissions::default());
        let hidden = permissions(
            Facts {
                state: S::Hidden,
                ..f
            },
            1001,
        );
        assert!(!hidden.edit && hidden.delete && !hidden.reply);
        let pending = permissions(
            Facts {
                state: S::Pending,
                ..f
            },
            1001,
        );
        assert!(pending.edit && !pending.reply && !pending.like);
    }
}
