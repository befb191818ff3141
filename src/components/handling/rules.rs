//! The rules of the handling panel: which controls show for a set of permissions, the local
//! checks of the fields, handler choices. Plain functions, tested natively.

use contract::{rules, HandlerKind, MessageStatus, Permissions, Recipient};

use contract::civil::parse_date;
use crate::i18n::{fill, Key, Lang};

/// The parts of the panel shown for a set of permissions.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Controls {
    pub triage: bool,
    pub reply: bool,
    /// One button per status the viewer may set now (values unknown to this app are left out).
    pub status: Vec<MessageStatus>,
    pub plan: bool,
    pub hand_over: bool,
}

impl Controls {
    pub fn any(&self) -> bool {
        self.triage || self.reply || !self.status.is_empty() || self.plan || self.hand_over
    }
}

/// Which controls show for `can` (the author's follow-up, rating and reopening are on the
/// message page, not here).
pub fn controls(can: &Permissions) -> Controls {
    let mut status: Vec<MessageStatus> = Vec::new();
    for s in &can.set_status {
        if *s != MessageStatus::Unknown && !status.contains(s) {
            status.push(*s);
        }
    }
    Controls { triage: can.triage, reply: can.reply, status, plan: can.plan, hand_over: can.hand_over }
}

/// Statuses that finish the handling ask "are you sure?" first.
pub fn needs_confirm(status: MessageStatus) -> bool {
    matches!(status, MessageStatus::Resolved | MessageStatus::Closed)
}

/// Why a field's value is not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invalid {
    Required,
    TooShort(usize),
    TooLong(usize),
    BadDate,
    PastDate,
}

/// Checks the length (in characters, surrounding spaces ignored) of a text field with the
/// contract's text rule (`contract::rules::text`, the server's too); `min` 0 means optional.
/// (A text the rule finds invalid otherwise — control characters — is left to the server's
/// answer.)
pub fn check_len(text: &str, min: usize, max: usize) -> Option<Invalid> {
    let e = rules::text("", text, min.max(1), max, min > 0).err()?;
    match e.code.as_str() {
        rules::REQUIRED => Some(Invalid::Required),
        rules::TOO_SHORT => Some(Invalid::TooShort(min)),
        rules::TOO_LONG => Some(Invalid::TooLong(max)),
        _ => None,
    }
}

/// Checks a due date `YYYY-MM-DD` against today's local date (same format).
pub fn check_due_date(date: &str, today: &str) -> Option<Invalid> {
    if date.trim().is_empty() {
        return Some(Invalid::Required);
    }
    if parse_date(date).is_none() {
        return Some(Invalid::BadDate);
    }
    // Same fixed-width format: the text order is the date order.
    (date < today).then_some(Invalid::PastDate)
}

pub fn invalid_text(i: Invalid, lang: Lang) -> String {
    match i {
        Invalid::Required => lang.text(Key::WorkRequired).to_string(),
        Invalid::TooShort(n) => fill(lang.text(Key::WorkTooShort), &[("n", &n.to_string())]),
        Invalid::TooLong(n) => fill(lang.text(Key::WorkTooLong), &[("n", &n.to_string())]),
        Invalid::BadDate => lang.text(Key::WorkPlanBadDate).to_string(),
        Invalid::PastDate => lang.text(Key::WorkPlanPast).to_string(),
    }
}

/// The value of a handler choice: `deputy:<id>` / `department:<id>`.
pub fn handler_value(kind: HandlerKind, id: &str) -> String {
    format!("{}:{id}", kind.as_str())
}

/// Reads a handler choice back.
pub fn parse_handler(value: &str) -> Option<Recipient> {
    let (kind, id) = value.split_once(':')?;
    let kind = match kind {
        "deputy" => HandlerKind::Deputy,
        "department" => HandlerKind::Department,
        _ => return None,
    };
    (!id.is_empty()).then(|| Recipient { kind, id: id.to_string() })
}

/// Client-side checks: (request field, problem) pairs, in form order.
pub fn local_errors(checks: &[(&str, Option<Invalid>)], lang: Lang) -> Vec<(String, String)> {
    checks.iter().filter_map(|(f, i)| i.map(|i| (f.to_string(), invalid_text(i, lang)))).collect()
}

#[cfg(test)]
mod tests {
    use contract::{NOTE_MAX, REPLY_MAX};

    use super::*;
    use contract::{NOTE_MAX as REASON_MAX, REASON_MIN, STEP_TITLE_MAX, STEP_TITLE_MIN};

    #[test]
    fn fields_are_validated() {
        assert_eq!(check_len("", 1, REPLY_MAX), Some(Invalid::Required));
        assert_eq!(check_len("   ", 1, REPLY_MAX), Some(Invalid::Required));
        assert_eq!(check_len("好", 1, REPLY_MAX), None);
        assert_eq!(check_len(&"字".repeat(REPLY_MAX), 1, REPLY_MAX), None);
        assert_eq!(check_len(&"字".repeat(REPLY_MAX + 1), 1, REPLY_MAX), Some(Invalid::TooLong(REPLY_MAX)));
        assert_eq!(check_len("", 0, NOTE_MAX), None, "optional note");
        assert_eq!(check_len("勘", STEP_TITLE_MIN, STEP_TITLE_MAX), Some(Invalid::TooShort(2)));
        assert_eq!(check_len(" 勘查 ", STEP_TITLE_MIN, STEP_TITLE_MAX), None);
        assert_eq!(check_len(&"a".repeat(61), STEP_TITLE_MIN, STEP_TITLE_MAX), Some(Invalid::TooLong(60)));
        assert_eq!(check_len("x", REASON_MIN, REASON_MAX), Some(Invalid::TooShort(2)));
        assert_eq!(check_due_date("", "2026-11-29"), Some(Invalid::Required));
        assert_eq!(check_due_date("2026-11-28", "2026-11-29"), Some(Invalid::PastDate));
        assert_eq!(check_due_date("2026-11-29", "2026-11-29"), None, "today is fine");
        assert_eq!(check_due_date("2027-01-02", "2026-11-29"), None);
        assert_eq!(check_due_date("2026-02-30", "2026-01-01"), Some(Invalid::BadDate));
        assert_eq!(invalid_text(Invalid::TooShort(2), Lang::Zh), "至少 2 个字");
        assert_eq!(invalid_text(Invalid::TooLong(200), Lang::En), "At most 200 characters");
    }

    #[test]
    fn controls_follow_the_permissions_only() {
        assert!(!controls(&Permissions::default()).any());
        let author = Permissions { follow_up: true, rate: true, reopen: true, ..Default::default() };
        assert!(!controls(&author).any(), "the author's actions are not handling");
        let staff = Permissions { triage: true, ..Default::default() };
        assert_eq!(controls(&staff), Controls { triage: true, ..Default::default() });
        let handler = Permissions {
            reply: true,
            set_status: vec![MessageStatus::InProgress, MessageStatus::Unknown, MessageStatus::Resolved, MessageStatus::InProgress],
            plan: true,
            hand_over: true,
            ..Default::default()
        };
        let c = controls(&handler);
        assert!(c.any() && c.reply && c.plan && c.hand_over && !c.triage);
        assert_eq!(c.status, vec![MessageStatus::InProgress, MessageStatus::Resolved]);
        let only_unknown = Permissions { set_status: vec![MessageStatus::Unknown], ..Default::default() };
        assert!(!controls(&only_unknown).any());
        assert!(needs_confirm(MessageStatus::Resolved) && needs_confirm(MessageStatus::Closed));
        assert!(!needs_confirm(MessageStatus::Accepted) && !needs_confirm(MessageStatus::InProgress));
    }

    #[test]
    fn handler_choices() {
        assert_eq!(handler_value(HandlerKind::Deputy, "d_1"), "deputy:d_1");
        assert_eq!(parse_handler("department:g:2"), Some(Recipient { kind: HandlerKind::Department, id: "g:2".into() }));
        assert_eq!(parse_handler("deputy:"), None);
        assert_eq!(parse_handler(""), None);
        assert_eq!(parse_handler("mayor:x"), None);
    }
}
