//! The rules of the handling panel: which controls show for a set of permissions, the local
//! checks of the fields, handler choices. Plain functions, tested natively.

use contract::{rules, HandlerKind, MessageStatus, Permissions, Recipient, TimelineEntry};

use contract::civil::{civil_from_days, date_string, days_from_civil, days_in_month, parse_date};
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
    /// Internal notes (`can.note`).
    pub note: bool,
}

impl Controls {
    pub fn any(&self) -> bool {
        self.triage || self.reply || !self.status.is_empty() || self.plan || self.hand_over || self.note
    }
}

/// The internal notes of a timeline (only handlers and staff get them), oldest first. A
/// backend's `internal` flag decides, whatever the entry's kind.
pub fn internal_notes(timeline: &[TimelineEntry]) -> Vec<TimelineEntry> {
    timeline.iter().filter(|e| e.internal && e.note.as_deref().is_some_and(|n| !n.trim().is_empty())).cloned().collect()
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
    Controls { triage: can.triage, reply: can.reply, status, plan: can.plan, hand_over: can.hand_over, note: can.note }
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

/// The date `n` days after `date` (`YYYY-MM-DD`).
pub fn add_days(date: &str, n: i64) -> Option<String> {
    let (y, m, d) = parse_date(date)?;
    let (y, m, d) = civil_from_days(days_from_civil(i64::from(y), m, d) + n);
    Some(date_string(y, m, d))
}

/// The same day `n` months after `date`, or the month's last day when it has fewer days
/// (31 January + 1 month: 28 or 29 February).
pub fn add_months(date: &str, n: u32) -> Option<String> {
    let (y, m, d) = parse_date(date)?;
    let months = i64::from(y) * 12 + i64::from(m - 1) + i64::from(n);
    let (y, m) = (months.div_euclid(12), (months.rem_euclid(12) + 1) as u32);
    Some(date_string(y, m, d.min(days_in_month(y, m))))
}

/// The day of the week of `date`: 0 for Sunday … 6 for Saturday.
pub fn weekday(date: &str) -> Option<usize> {
    let (y, m, d) = parse_date(date)?;
    // 1970-01-01 was a Thursday
    Some((days_from_civil(i64::from(y), m, d) + 4).rem_euclid(7) as usize)
}

/// `date` with its year, month or day changed (from the 年 / 月 / 日 choices): the day is kept
/// within the month (31 → 30 in April). An unreadable `date` starts from `today`.
pub fn with_part(date: &str, today: &str, year: Option<i32>, month: Option<u32>, day: Option<u32>) -> String {
    let (y0, m0, d0) = parse_date(date).or_else(|| parse_date(today)).unwrap_or((1970, 1, 1));
    let y = year.unwrap_or(y0);
    let m = month.unwrap_or(m0).clamp(1, 12);
    let d = day.unwrap_or(d0).clamp(1, days_in_month(i64::from(y), m));
    date_string(i64::from(y), m, d)
}

/// The quick choices of a plan step's due date, from `today`: a week, two weeks, a month.
pub fn quick_dates(today: &str) -> [Option<String>; 3] {
    [add_days(today, 7), add_days(today, 14), add_months(today, 1)]
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

/// The answer after a saved reply was tapped: the saved text when nothing is written yet,
/// else what is written with the saved text on a new line (what was typed is never lost; a
/// second tap on the same one adds nothing).
pub fn insert_template(current: &str, template: &str) -> String {
    let template = template.trim();
    if current.trim().is_empty() {
        template.to_string()
    } else if current.contains(template) {
        current.to_string()
    } else {
        format!("{}\n{template}", current.trim_end())
    }
}

/// A saved reply as its button reads: its first 30 characters (with `…` when longer), on one
/// line.
pub fn template_label(body: &str) -> String {
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut label: String = flat.chars().take(30).collect();
    if flat.chars().count() > 30 {
        label.push('…');
    }
    label
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
    fn internal_notes_are_the_flagged_entries() {
        use contract::{TimelineEntry, TimelineKind};
        let entry = |kind, internal, note: Option<&str>| TimelineEntry { kind, internal, note: note.map(str::to_string), ..Default::default() };
        let timeline = [
            entry(TimelineKind::Triaged, false, Some("民生小事，交由陈志强办理")),
            entry(TimelineKind::InternalNote, true, Some("先联系村委会")),
            entry(TimelineKind::InternalNote, true, Some("  ")),
            // a kind this app does not know, flagged internal by the backend, is one too
            entry(TimelineKind::Unknown, true, Some("已电话沟通")),
            entry(TimelineKind::StatusChanged, false, Some("正在协调")),
        ];
        let notes: Vec<String> = internal_notes(&timeline).into_iter().filter_map(|e| e.note).collect();
        assert_eq!(notes, ["先联系村委会", "已电话沟通"]);
        assert!(controls(&Permissions { note: true, ..Default::default() }).any());
        assert!(controls(&Permissions { note: true, ..Default::default() }).note);
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
    fn due_dates_are_counted_on_the_calendar() {
        assert_eq!(add_days("2026-12-28", 7).as_deref(), Some("2027-01-04"));
        assert_eq!(add_days("2028-02-22", 7).as_deref(), Some("2028-02-29"), "a leap year");
        assert_eq!(add_days("2026-02-30", 7), None);
        assert_eq!(add_months("2026-01-31", 1).as_deref(), Some("2026-02-28"));
        assert_eq!(add_months("2028-01-31", 1).as_deref(), Some("2028-02-29"));
        assert_eq!(add_months("2026-12-15", 1).as_deref(), Some("2027-01-15"));
        assert_eq!(add_months("2026-03-31", 13).as_deref(), Some("2027-04-30"));
        assert_eq!(weekday("1970-01-01"), Some(4));
        assert_eq!(weekday("2026-12-04"), Some(5), "a Friday");
        assert_eq!(weekday("2027-01-03"), Some(0), "a Sunday");
        assert_eq!(with_part("2026-01-31", "2026-01-10", None, Some(4), None), "2026-04-30");
        assert_eq!(with_part("2028-02-29", "2026-01-10", Some(2027), None, None), "2027-02-28");
        assert_eq!(with_part("", "2026-01-10", None, None, Some(20)), "2026-01-20", "from today");
        assert_eq!(with_part("2026-05-05", "2026-01-10", None, Some(13), Some(0)), "2026-12-01", "clamped");
        assert_eq!(quick_dates("2026-12-04"), [Some("2026-12-11".into()), Some("2026-12-18".into()), Some("2027-01-04".into())]);
        // (and every quick date passes the check against today)
        for d in quick_dates("2026-12-04").into_iter().flatten() {
            assert_eq!(check_due_date(&d, "2026-12-04"), None);
        }
    }

    #[test]
    fn saved_replies_fill_in_without_losing_what_was_typed() {
        assert_eq!(insert_template("", " 您好，已收到。 "), "您好，已收到。");
        assert_eq!(insert_template("  \n", "您好，已收到。"), "您好，已收到。");
        assert_eq!(insert_template("王阿姨：", "您好，已收到。"), "王阿姨：\n您好，已收到。");
        assert_eq!(insert_template("王阿姨：\n您好，已收到。", "您好，已收到。"), "王阿姨：\n您好，已收到。", "twice: once");
        assert_eq!(template_label("您好，\n已收到"), "您好， 已收到");
        let long = "字".repeat(31);
        assert_eq!(template_label(&long), format!("{}…", "字".repeat(30)));
        assert_eq!(template_label(&"字".repeat(30)), "字".repeat(30));
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
