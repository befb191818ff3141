//! The rules of 履职学堂 that need no database, each with its tests: how much study time a
//! heartbeat earns, when a deputy may start a capability test (测评) and until when an attempt
//! takes answers, how answers are marked, which questions an attempt or a day's practice
//! (每日一练) draws and in which order, a practice streak, the reminders of an assigned course,
//! and the verification code of a certificate.
//!
//! Moodle's quiz rules are the model where people already trust them: a time limit kept by the
//! server and cut short by the close time, a wait between attempts counted from the end of the
//! previous one, one open attempt at a time, an overdue attempt submitted with what was saved.

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};

use crate::clock::DAY;

/// A heartbeat of a visible lesson earns the time since the previous heartbeat of the same
/// user, at most this much: the app beats every 15 s while the lesson is on screen, so a gap
/// longer than this means it was hidden (or the phone slept) and only this much counts.
pub const HEARTBEAT_MAX_GAP_SECS: i64 = 30;

/// Answers still saved this long after an attempt's deadline: the last answer of someone whose
/// time ran out while it was on its way (a slow network) is not lost.
pub const SAVE_GRACE_SECS: i64 = 15;

/// Questions of 每日一练.
pub const DAILY_PRACTICE_SIZE: usize = 5;

/// How long before its due date an assigned course is recalled once (due in 3 days).
pub const DUE_SOON_SECS: i64 = 3 * DAY;

/// The study time (seconds) a heartbeat at `now` earns, given the same user's previous
/// heartbeat on any lesson. The clock is per user, not per lesson: two lessons open in two
/// tabs share it, so they never earn more than the time that passed. The first heartbeat starts
/// the clock and earns nothing.
pub fn study_credit(previous_beat: Option<i64>, now: i64) -> i64 {
    match previous_beat {
        Some(prev) if now > prev => (now - prev).min(HEARTBEAT_MAX_GAP_SECS),
        _ => 0,
    }
}

/// The settings of a capability test that decide its attempts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestRules {
    pub opens_at: Option<i64>,
    pub closes_at: Option<i64>,
    /// The time an attempt may take.
    pub time_limit_secs: Option<i64>,
    /// How many attempts a deputy has; `None`: no limit.
    pub max_attempts: Option<u32>,
    /// The wait between the end of one attempt and the start of the next.
    pub wait_secs: i64,
}

/// An attempt as far as the rules need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttemptTimes {
    pub started_at: i64,
    pub submitted_at: Option<i64>,
}

/// Where an attempt stands at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptState {
    /// Taking answers; `deadline`: when its time is up (none: no limit and no close time).
    InProgress { deadline: Option<i64> },
    /// Its time is up and it was not submitted: it is to be submitted, as of its deadline,
    /// with the answers saved.
    Overdue { deadline: i64 },
    Submitted { at: i64 },
}

/// Why a deputy may not start an attempt now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartRefusal {
    NotOpenYet { opens_at: i64 },
    Closed,
    /// An attempt is open: it is resumed, not started again.
    InProgress,
    NoAttemptsLeft { max: u32 },
    Wait { until: i64 },
}

/// When an attempt started at `started_at` is due: its time limit, cut short by the close time
/// of the test.
pub fn deadline(rules: &TestRules, started_at: i64) -> Option<i64> {
    let by_limit = rules.time_limit_secs.map(|l| started_at + l);
    match (by_limit, rules.closes_at) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

pub fn attempt_state(rules: &TestRules, a: &AttemptTimes, now: i64) -> AttemptState {
    if let Some(at) = a.submitted_at {
        return AttemptState::Submitted { at };
    }
    match deadline(rules, a.started_at) {
        Some(d) if now > d + SAVE_GRACE_SECS => AttemptState::Overdue { deadline: d },
        d => AttemptState::InProgress { deadline: d },
    }
}

/// Whether an answer to the attempt is saved at `now` (up to [`SAVE_GRACE_SECS`] past its
/// deadline).
pub fn may_save(rules: &TestRules, a: &AttemptTimes, now: i64) -> bool {
    matches!(attempt_state(rules, a, now), AttemptState::InProgress { .. })
}

/// Whether a new attempt may start at `now`, given the deputy's attempts so far (overdue ones
/// count as submitted at their deadline).
pub fn may_start(rules: &TestRules, attempts: &[AttemptTimes], now: i64) -> Result<(), StartRefusal> {
    if let Some(opens_at) = rules.opens_at.filter(|&o| now < o) {
        return Err(StartRefusal::NotOpenYet { opens_at });
    }
    if rules.closes_at.is_some_and(|c| now >= c) {
        return Err(StartRefusal::Closed);
    }
    let mut last_end = None::<i64>;
    for a in attempts {
        let end = match attempt_state(rules, a, now) {
            AttemptState::InProgress { .. } => return Err(StartRefusal::InProgress),
            AttemptState::Overdue { deadline } => deadline,
            AttemptState::Submitted { at } => at,
        };
        last_end = Some(last_end.map_or(end, |l| l.max(end)));
    }
    if let Some(max) = rules.max_attempts.filter(|&m| attempts.len() >= m as usize) {
        return Err(StartRefusal::NoAttemptsLeft { max });
    }
    match last_end.map(|e| e + rules.wait_secs) {
        Some(until) if now < until => Err(StartRefusal::Wait { until }),
        _ => Ok(()),
    }
}

/// How a question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Single,
    Multiple,
    TrueFalse,
}

/// The mark of one answer in hundredths of the question's point (0–100).
/// Single choice and true/false: all or nothing (exactly the right option). Multiple choice:
/// each right option chosen earns its share, each wrong one takes a share away, never below
/// zero — choosing everything earns nothing, as in Moodle's multiple-answer questions.
pub fn mark(kind: Kind, correct: &[&str], chosen: &[&str]) -> u32 {
    let mut chosen: Vec<&str> = chosen.to_vec();
    chosen.sort_unstable();
    chosen.dedup();
    match kind {
        Kind::Single | Kind::TrueFalse => {
            if correct.len() == 1 && chosen == correct { 100 } else { 0 }
        }
        Kind::Multiple => {
            if correct.is_empty() {
                return 0;
            }
            let right = chosen.iter().filter(|c| correct.contains(c)).count() as i64;
            let wrong = chosen.len() as i64 - right;
            let share = 100 * (right - wrong) / correct.len() as i64;
            share.clamp(0, 100) as u32
        }
    }
}

/// The score of an attempt in percent (rounded down) from its marks (unanswered: 0).
pub fn score_percent(marks: &[u32]) -> u32 {
    if marks.is_empty() {
        return 0;
    }
    marks.iter().map(|&m| u64::from(m)).sum::<u64>().checked_div(marks.len() as u64).unwrap_or(0) as u32
}

/// A seed of the draws for one attempt or one day's practice: the same inputs give the same
/// questions in the same order (a reload, a second device), different ones another draw.
pub fn seed(parts: &[&str]) -> u64 {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    let d = h.finalize();
    u64::from_le_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]])
}

/// Not enough questions in a category of the bank for the test's plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    pub category: String,
    pub wanted: usize,
    pub there: usize,
}

/// The questions of an attempt: for each `(category, count)` of the plan, `count` distinct
/// questions of that category of `bank` (`(category, question id)`), all shuffled together.
pub fn draw(bank: &[(&str, &str)], plan: &[(&str, usize)], seed: u64) -> Result<Vec<String>, Shortfall> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut out = Vec::new();
    for &(category, count) in plan {
        let mut pool: Vec<&str> = bank.iter().filter(|(c, _)| *c == category).map(|(_, q)| *q).collect();
        if pool.len() < count {
            return Err(Shortfall { category: category.to_owned(), wanted: count, there: pool.len() });
        }
        // the bank's order is the database's: sort first so that the draw depends on the seed only
        pool.sort_unstable();
        pool.shuffle(&mut rng);
        out.extend(pool.into_iter().take(count).map(str::to_owned));
    }
    out.shuffle(&mut rng);
    Ok(out)
}

/// The options of a question in the order one attempt shows them.
pub fn shuffled_options(options: &[&str], seed: u64, question_id: &str) -> Vec<String> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ self::seed(&[question_id]));
    let mut out: Vec<String> = options.iter().map(|o| (*o).to_owned()).collect();
    out.shuffle(&mut rng);
    out
}

/// The questions of a user's 每日一练 on a township day: [`DAILY_PRACTICE_SIZE`] of the whole
/// bank (fewer if the bank is smaller), the same all day.
pub fn daily_practice(bank: &[&str], user_id: &str, day: i64) -> Vec<String> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed(&[user_id, &day.to_string()]));
    let mut pool: Vec<&str> = bank.to_vec();
    pool.sort_unstable();
    pool.shuffle(&mut rng);
    pool.into_iter().take(DAILY_PRACTICE_SIZE).map(str::to_owned).collect()
}

/// The 每日一练 streak: how many township days in a row, ending today or yesterday (today's
/// may still come), the user practised. `days`: day numbers practised, in any order.
pub fn streak(days: &[i64], today: i64) -> u32 {
    let mut days: Vec<i64> = days.iter().copied().filter(|&d| d <= today).collect();
    days.sort_unstable_by(|a, b| b.cmp(a));
    days.dedup();
    let first = if days.first() == Some(&today) { today } else { today - 1 };
    let mut expect = first;
    let mut n = 0;
    for d in days {
        if d != expect {
            break;
        }
        n += 1;
        expect -= 1;
    }
    n
}

/// A reminder of an assigned course that is due now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reminder {
    DueSoon,
    Overdue,
}

/// The reminder to send now for a course due at `due_at` and not completed, given which were
/// sent already; each is sent once, and a course assigned late enough to be due soon at once
/// gets only the overdue one when its time passes.
pub fn reminder(due_at: i64, now: i64, sent_soon: bool, sent_overdue: bool) -> Option<Reminder> {
    if now >= due_at {
        return (!sent_overdue).then_some(Reminder::Overdue);
    }
    (now >= due_at - DUE_SOON_SECS && !sent_soon).then_some(Reminder::DueSoon)
}

/// The characters of a certificate's verification code: no 0/O, 1/I/L (nor U, which keeps
/// the count even, as the check character's algorithm needs), to be read aloud and typed from
/// paper.
pub const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Random characters of a code; one check character follows.
pub const CODE_BODY_LEN: usize = 9;

/// The check character of a code's body (Luhn mod N over [`CODE_ALPHABET`]): it catches every
/// single mistyped character and every swap of two neighbours but that of the alphabet's first
/// and last characters (`2Z` ↔ `Z2`), so a typo is told as such before any lookup. `None` when the body has a character outside the alphabet.
pub fn check_char(body: &str) -> Option<char> {
    let n = CODE_ALPHABET.len() as u32;
    let mut factor = 2;
    let mut sum = 0;
    for c in body.chars().rev() {
        let code = CODE_ALPHABET.iter().position(|&a| a as char == c)? as u32;
        let mut addend = factor * code;
        factor = if factor == 2 { 1 } else { 2 };
        addend = addend / n + addend % n;
        sum += addend;
    }
    let check = (n - sum % n) % n;
    Some(CODE_ALPHABET[check as usize] as char)
}

/// A new code from random bytes: [`CODE_BODY_LEN`] characters and the check character.
pub fn new_code(random: [u8; CODE_BODY_LEN]) -> String {
    let body: String = random.iter().map(|b| CODE_ALPHABET[*b as usize % CODE_ALPHABET.len()] as char).collect();
    let check = check_char(&body).unwrap_or('2');
    format!("{body}{check}")
}

/// A code as typed (any case, with spaces or dashes) in its stored form, or `None` when it
/// cannot be one (length, characters, check character).
pub fn normalize_code(typed: &str) -> Option<String> {
    let code: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_ascii_uppercase();
    if code.chars().count() != CODE_BODY_LEN + 1 {
        return None;
    }
    let (body, check) = code.split_at(CODE_BODY_LEN);
    (check_char(body)? == check.chars().next()?).then_some(code)
}

/// A code as printed: groups of four (`ABCD-EFGH-JK`).
pub fn printed_code(code: &str) -> String {
    code.chars().collect::<Vec<_>>().chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_800_000_000;

    fn rules() -> TestRules {
        TestRules {
            opens_at: Some(T0),
            closes_at: Some(T0 + 30 * DAY),
            time_limit_secs: Some(1800),
            max_attempts: Some(2),
            wait_secs: 3600,
        }
    }

    fn done(started_at: i64, submitted_at: i64) -> AttemptTimes {
        AttemptTimes { started_at, submitted_at: Some(submitted_at) }
    }

    #[test]
    fn a_heartbeat_earns_the_time_since_the_last_one_up_to_thirty_seconds() {
        assert_eq!(study_credit(None, T0), 0, "the first beat starts the clock");
        assert_eq!(study_credit(Some(T0), T0 + 15), 15);
        assert_eq!(study_credit(Some(T0), T0 + 600), HEARTBEAT_MAX_GAP_SECS, "hidden for ten minutes");
        assert_eq!(study_credit(Some(T0), T0), 0);
        assert_eq!(study_credit(Some(T0 + 5), T0), 0, "a clock going back earns nothing");
        // two tabs beating alternately share one clock: never more than the time that passed
        let beats = [0, 3, 15, 18, 30, 33];
        let earned: i64 = beats.windows(2).map(|w| study_credit(Some(T0 + w[0]), T0 + w[1])).sum();
        assert_eq!(earned, 33);
    }

    #[test]
    fn the_deadline_is_the_time_limit_cut_short_by_the_close() {
        let r = rules();
        assert_eq!(deadline(&r, T0), Some(T0 + 1800));
        assert_eq!(deadline(&r, T0 + 30 * DAY - 600), Some(T0 + 30 * DAY), "ten minutes before the close");
        let open_ended = TestRules { closes_at: None, time_limit_secs: None, ..r.clone() };
        assert_eq!(deadline(&open_ended, T0), None);
        let no_limit = TestRules { time_limit_secs: None, ..r };
        assert_eq!(deadline(&no_limit, T0), Some(T0 + 30 * DAY));
    }

    #[test]
    fn answers_are_saved_until_the_deadline_and_a_short_grace() {
        let r = rules();
        let a = AttemptTimes { started_at: T0, submitted_at: None };
        assert!(may_save(&r, &a, T0 + 1800));
        assert!(may_save(&r, &a, T0 + 1800 + SAVE_GRACE_SECS));
        assert!(!may_save(&r, &a, T0 + 1800 + SAVE_GRACE_SECS + 1));
        assert_eq!(attempt_state(&r, &a, T0 + 4000), AttemptState::Overdue { deadline: T0 + 1800 });
        assert!(!may_save(&r, &done(T0, T0 + 60), T0 + 61), "a submitted attempt takes no answers");
    }

    #[test]
    fn attempts_open_close_limit_and_wait() {
        let r = rules();
        assert_eq!(may_start(&r, &[], T0 - 1), Err(StartRefusal::NotOpenYet { opens_at: T0 }));
        assert_eq!(may_start(&r, &[], T0), Ok(()));
        assert_eq!(may_start(&r, &[], T0 + 30 * DAY), Err(StartRefusal::Closed));
        let open = AttemptTimes { started_at: T0, submitted_at: None };
        assert_eq!(may_start(&r, &[open], T0 + 100), Err(StartRefusal::InProgress), "one attempt at a time");
        // submitted at +1000: the next may start an hour later
        let first = done(T0, T0 + 1000);
        assert_eq!(may_start(&r, &[first], T0 + 1000 + 3599), Err(StartRefusal::Wait { until: T0 + 4600 }));
        assert_eq!(may_start(&r, &[first], T0 + 4600), Ok(()));
        // an overdue attempt ends at its deadline, and the wait counts from there
        assert_eq!(may_start(&r, &[open], T0 + 1800 + 3600 - 1), Err(StartRefusal::Wait { until: T0 + 5400 }));
        assert_eq!(may_start(&r, &[open], T0 + 5400), Ok(()));
        let second = done(T0 + 5000, T0 + 5100);
        assert_eq!(may_start(&r, &[first, second], T0 + 20 * DAY), Err(StartRefusal::NoAttemptsLeft { max: 2 }));
        let unlimited = TestRules { max_attempts: None, wait_secs: 0, ..r };
        assert_eq!(may_start(&unlimited, &[first, second, done(T0 + 6000, T0 + 6100)], T0 + 6100), Ok(()));
    }

    #[test]
    fn marks_all_or_nothing_for_one_answer_and_shares_for_several() {
        assert_eq!(mark(Kind::Single, &["b"], &["b"]), 100);
        assert_eq!(mark(Kind::Single, &["b"], &["a"]), 0);
        assert_eq!(mark(Kind::Single, &["b"], &["a", "b"]), 0, "two options on a single-choice question");
        assert_eq!(mark(Kind::Single, &["b"], &[]), 0);
        assert_eq!(mark(Kind::TrueFalse, &["true"], &["true"]), 100);
        assert_eq!(mark(Kind::TrueFalse, &["true"], &["false"]), 0);
        assert_eq!(mark(Kind::Multiple, &["a", "c"], &["a", "c"]), 100);
        assert_eq!(mark(Kind::Multiple, &["a", "c"], &["c", "a", "a"]), 100, "a repeated id counts once");
        assert_eq!(mark(Kind::Multiple, &["a", "c"], &["a"]), 50);
        assert_eq!(mark(Kind::Multiple, &["a", "c"], &["a", "b"]), 0);
        assert_eq!(mark(Kind::Multiple, &["a", "b", "c"], &["a", "b", "d"]), 33);
        assert_eq!(mark(Kind::Multiple, &["a", "c"], &["a", "b", "c", "d"]), 0, "everything chosen earns nothing");
        assert_eq!(mark(Kind::Multiple, &["a", "c"], &["b"]), 0, "never below zero");
    }

    #[test]
    fn the_score_is_the_mean_mark_in_percent() {
        assert_eq!(score_percent(&[100, 100, 0, 50]), 62);
        assert_eq!(score_percent(&[100; 20]), 100);
        assert_eq!(score_percent(&[]), 0);
    }

    #[test]
    fn draws_follow_the_plan_and_the_seed_only() {
        let bank = [("law", "q1"), ("law", "q2"), ("law", "q3"), ("budget", "q4"), ("budget", "q5"), ("law", "q6")];
        let plan = [("law", 3), ("budget", 2)];
        let a = draw(&bank, &plan, seed(&["attempt-1"])).unwrap();
        assert_eq!(a.len(), 5);
        let mut sorted = a.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 5, "no question twice");
        assert_eq!(a.iter().filter(|q| ["q4", "q5"].contains(&q.as_str())).count(), 2);
        let mut reversed = bank;
        reversed.reverse();
        assert_eq!(draw(&reversed, &plan, seed(&["attempt-1"])).unwrap(), a, "the bank's order does not matter");
        let others: Vec<Vec<String>> = (2..8).map(|i| draw(&bank, &plan, seed(&[&format!("attempt-{i}")])).unwrap()).collect();
        assert!(others.iter().any(|o| *o != a), "another seed, another draw");
        assert_eq!(
            draw(&bank, &[("budget", 3)], 1),
            Err(Shortfall { category: "budget".into(), wanted: 3, there: 2 })
        );
    }

    #[test]
    fn options_are_shuffled_per_attempt_and_question() {
        let opts = ["a", "b", "c", "d"];
        let one = shuffled_options(&opts, 7, "q1");
        assert_eq!(one, shuffled_options(&opts, 7, "q1"), "the same on a reload");
        let mut sorted = one.clone();
        sorted.sort();
        assert_eq!(sorted, ["a", "b", "c", "d"]);
        let orders: std::collections::HashSet<Vec<String>> = (0..20).map(|s| shuffled_options(&opts, s, "q1")).collect();
        assert!(orders.len() > 5, "orders vary with the seed: {}", orders.len());
    }

    #[test]
    fn a_days_practice_is_five_questions_the_same_all_day() {
        let bank: Vec<String> = (1..=60).map(|i| format!("q{i:02}")).collect();
        let bank: Vec<&str> = bank.iter().map(String::as_str).collect();
        let today = daily_practice(&bank, "u1", 20_000);
        assert_eq!(today.len(), DAILY_PRACTICE_SIZE);
        assert_eq!(today, daily_practice(&bank, "u1", 20_000));
        assert_ne!(today, daily_practice(&bank, "u1", 20_001), "the next day another five");
        assert_ne!(today, daily_practice(&bank, "u2", 20_000), "another deputy another five");
        assert_eq!(daily_practice(&bank[..3], "u1", 20_000).len(), 3, "a small bank: all of it");
    }

    #[test]
    fn the_streak_counts_days_in_a_row_to_today_or_yesterday() {
        assert_eq!(streak(&[], 100), 0);
        assert_eq!(streak(&[100, 99, 98, 96], 100), 3);
        assert_eq!(streak(&[99, 98], 100), 2, "today's practice may still come");
        assert_eq!(streak(&[98, 97], 100), 0, "a day missed");
        assert_eq!(streak(&[98, 100, 99, 99], 100), 3, "any order, a day twice");
        assert_eq!(streak(&[101, 100], 100), 1, "a day after today (another clock) is left out");
    }

    #[test]
    fn an_assigned_course_is_recalled_three_days_before_and_once_overdue() {
        let due = T0 + 10 * DAY;
        assert_eq!(reminder(due, due - 4 * DAY, false, false), None);
        assert_eq!(reminder(due, due - 3 * DAY, false, false), Some(Reminder::DueSoon));
        assert_eq!(reminder(due, due - DAY, true, false), None, "once");
        assert_eq!(reminder(due, due, true, false), Some(Reminder::Overdue));
        assert_eq!(reminder(due, due + DAY, false, false), Some(Reminder::Overdue), "assigned late: only overdue");
        assert_eq!(reminder(due, due + DAY, true, true), None);
    }

    #[test]
    fn a_verification_code_catches_typos_and_swaps() {
        use rand::RngCore;
        let mut rng = ChaCha8Rng::seed_from_u64(42);
        for _ in 0..200 {
            let mut random = [0u8; CODE_BODY_LEN];
            rng.fill_bytes(&mut random);
            let code = new_code(random);
            assert_eq!(code.len(), CODE_BODY_LEN + 1);
            assert_eq!(normalize_code(&code), Some(code.clone()));
            assert_eq!(normalize_code(&printed_code(&code).to_lowercase()), Some(code.clone()), "as printed, any case");
            assert_eq!(normalize_code(&format!(" {} ", printed_code(&code).replace('-', " "))), Some(code.clone()));
            let chars: Vec<char> = code.chars().collect();
            for i in 0..chars.len() {
                for &other in CODE_ALPHABET {
                    if other as char == chars[i] {
                        continue;
                    }
                    let mut typo = chars.clone();
                    typo[i] = other as char;
                    assert_eq!(normalize_code(&typo.iter().collect::<String>()), None, "{code}: one character changed at {i}");
                }
                let pair = [chars.get(i).copied(), chars.get(i + 1).copied()];
                let blind = pair == [Some('2'), Some('Z')] || pair == [Some('Z'), Some('2')];
                if i + 1 < chars.len() && chars[i] != chars[i + 1] && !blind {
                    let mut swapped = chars.clone();
                    swapped.swap(i, i + 1);
                    assert_eq!(normalize_code(&swapped.iter().collect::<String>()), None, "{code}: {i} and {} swapped", i + 1);
                }
            }
        }
        assert_eq!(normalize_code("ABC"), None);
        assert_eq!(normalize_code("0OIL1OIL10"), None, "characters outside the alphabet");
        assert_eq!(printed_code("ABCDEFGHJK"), "ABCD-EFGH-JK");
    }
}
