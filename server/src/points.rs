//! Points (积分): what each action pays, the daily caps, levels and periods — pure functions
//! with their tests — and the append-only ledger that records them ([`award`]).
//!
//! * Every award comes from the server's own events (a message sent, a comment published, a
//!   rating, the day's first `GET /me`, an article read for 30 s) and is written in the same
//!   transaction as the event, so that an event that is rolled back pays nothing.
//! * A cap counts the awards of one action in one township day ([`crate::Config::tz_offset_minutes`]);
//!   the same thing (`reference`) never pays twice: `UNIQUE (user_id, action, reference)`.
//! * Staff earn nothing: answering and moderating is their work, and their activity would
//!   crowd the citizens and deputies out of the leaderboards.

use contract::{
    ActionProgress, LeaderboardPeriod, PointsAction, PointsEntry, PointsLevel, PointsSummary, Role,
};
use crate::sql::{params, Connection, OptionalExtension};

use crate::auth::parse_roles;
use crate::clock::{rfc3339, DAY};
use crate::problem::ApiError;

/// What one action pays and how many times a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionRule {
    pub points: u32,
    /// Awards per township day (`None`: no cap).
    pub daily_cap: Option<u32>,
}

/// The deployment's points table (`Config::points`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointsRules {
    pub daily_visit: ActionRule,
    pub article_read: ActionRule,
    pub comment: ActionRule,
    pub comment_adopted: ActionRule,
    pub poll_vote: ActionRule,
    pub message_sent: ActionRule,
    pub message_rated: ActionRule,
    pub daily_practice: ActionRule,
}

const fn rule(points: u32, daily_cap: Option<u32>) -> ActionRule {
    ActionRule { points, daily_cap }
}

impl Default for PointsRules {
    /// The table: a visit 1 (once a day), a read 1 (5 a day), a comment 1 (5 a day),
    /// an adopted comment 10, a poll vote 2, a message 2 (twice a day), a rating 2.
    fn default() -> Self {
        PointsRules {
            daily_visit: rule(1, Some(1)),
            article_read: rule(1, Some(5)),
            comment: rule(1, Some(5)),
            comment_adopted: rule(10, None),
            // one vote per poll is the polls' own rule; no daily cap on top of it
            poll_vote: rule(2, None),
            message_sent: rule(2, Some(2)),
            // one rating per message (a message is rated once)
            message_rated: rule(2, None),
            // 每日一练: once a township day, for answering the whole set (see routes/training.rs)
            daily_practice: rule(3, Some(1)),
        }
    }
}

impl PointsRules {
    /// The rule of `action` (`None`: an action this server does not pay).
    pub fn of(&self, action: PointsAction) -> Option<ActionRule> {
        use PointsAction as A;
        Some(match action {
            A::DailyVisit => self.daily_visit,
            A::ArticleRead => self.article_read,
            A::Comment => self.comment,
            A::CommentAdopted => self.comment_adopted,
            A::PollVote => self.poll_vote,
            A::MessageSent => self.message_sent,
            A::MessageRated => self.message_rated,
            A::DailyPractice => self.daily_practice,
            A::Unknown => return None,
        })
    }
}

/// What the next award of a rule pays after `times_today` awards today: 0 past the cap.
pub fn pays(rule: ActionRule, times_today: u32) -> u32 {
    match rule.daily_cap {
        Some(cap) if times_today >= cap => 0,
        _ => rule.points,
    }
}

/// Levels by total points: (from, name). Low first steps so that a newcomer sees progress in
/// a week of ordinary use (a visit a day, a read or two); 模范 takes months of taking part.
pub const LEVELS: &[(u32, &str)] = &[(0, "新芽"), (20, "热心"), (100, "积极"), (300, "模范")];

fn level(i: usize) -> PointsLevel {
    PointsLevel {
        number: i as u32 + 1,
        name: LEVELS[i].1.to_owned(),
        min_points: LEVELS[i].0,
    }
}

/// The level of a total, and the next one (none at the top).
pub fn level_of(total: u32) -> (PointsLevel, Option<PointsLevel>) {
    let i = LEVELS
        .iter()
        .rposition(|(from, _)| total >= *from)
        .unwrap_or(0);
    (level(i), (i + 1 < LEVELS.len()).then(|| level(i + 1)))
}

/// The first second (township time) of the month or year around `now`, as Unix seconds.
pub fn period_start(period: LeaderboardPeriod, now: i64, tz_secs: i64) -> i64 {
    let day = contract::civil::local_day(now, tz_secs);
    let (y, m, _) = contract::civil::civil_from_days(day);
    let first = match period {
        LeaderboardPeriod::Year => contract::civil::days_from_civil(y, 1, 1),
        _ => contract::civil::days_from_civil(y, m, 1),
    };
    first * DAY - tz_secs
}

/// Competition ranks ("1224") of totals sorted from the most.
pub fn ranks(sorted: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(sorted.len());
    for (i, p) in sorted.iter().enumerate() {
        let r = match (i, out.last()) {
            (0, _) | (_, None) => 1,
            (_, Some(&last)) if sorted[i - 1] == *p => last,
            _ => i as u32 + 1,
        };
        out.push(r);
    }
    out
}

/// The township's day number at `t`.
fn day_of(t: i64, tz_secs: i64) -> i64 {
    contract::civil::local_day(t, tz_secs)
}

/// What earned an award: who, for what, and the thing itself (shown in 积分明细).
#[derive(Debug, Clone)]
pub struct Award<'a> {
    pub user_id: &'a str,
    pub action: PointsAction,
    /// What it is for, unique per user and action: a comment or message id, `<article>@<day>`,
    /// the day of a visit, a poll id.
    pub reference: &'a str,
    pub title: &'a str,
    pub link: Option<&'a str>,
}

/// Pays an award into the ledger, inside the caller's transaction: `Some(points)` when it
/// paid, `None` when it did not (a staff member, today's cap reached, this reference paid
/// already, or an action this server does not pay).
///
/// The polls' vote calls it as
/// `points::award(&tx, &cfg.points, cfg.tz_offset_minutes, &Award { user_id, action:
/// PointsAction::PollVote, reference: &poll_id, title: &poll_title, link: Some(&format!("/polls/{poll_id}")) }, now)`.
pub fn award(
    conn: &Connection,
    rules: &PointsRules,
    tz_offset_minutes: i32,
    a: &Award<'_>,
    now: i64,
) -> Result<Option<u32>, ApiError> {
    let Some(rule) = rules.of(a.action) else {
        return Ok(None);
    };
    let roles: Option<String> = conn
        .query_row(
            "SELECT roles FROM users WHERE id = ?1",
            params![a.user_id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(roles) = roles else { return Ok(None) };
    if parse_roles(&roles).contains(&Role::Staff) {
        return Ok(None);
    }
    let tz = i64::from(tz_offset_minutes) * 60;
    let day = day_of(now, tz);
    let times: u32 = conn.query_row(
        "SELECT COUNT(*) FROM points_ledger WHERE user_id = ?1 AND action = ?2 AND day = ?3",
        params![a.user_id, a.action.as_str(), day],
        |r| r.get(0),
    )?;
    let points = pays(rule, times);
    if points == 0 {
        return Ok(None);
    }
    let added = conn.execute(
        "INSERT INTO points_ledger (user_id, action, reference, points, title, link, day, at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (user_id, action, reference) DO NOTHING",
        params![a.user_id, a.action.as_str(), a.reference, points, a.title, a.link, day, now],
    )?;
    Ok((added == 1).then_some(points))
}

/// The day's visit (the first `GET /me` or `GET /points/me` of the township day).
pub fn visit(
    conn: &Connection,
    rules: &PointsRules,
    tz_offset_minutes: i32,
    user_id: &str,
    now: i64,
) -> Result<(), ApiError> {
    let day = day_of(now, i64::from(tz_offset_minutes) * 60);
    let reference = format!("day-{day}");
    let a = Award {
        user_id,
        action: PointsAction::DailyVisit,
        reference: &reference,
        title: "每日访问",
        link: None,
    };
    award(conn, rules, tz_offset_minutes, &a, now)?;
    Ok(())
}

/// A comment published (at once, or approved by staff): pays its author once.
pub fn comment_published(
    conn: &Connection,
    rules: &PointsRules,
    tz_offset_minutes: i32,
    comment: &crate::participation::store::CommentRow,
    on: &crate::participation::store::Target,
    now: i64,
) -> Result<(), ApiError> {
    let link = format!(
        "{}#comment-{}",
        on.link,
        comment.thread_id.as_deref().unwrap_or(&comment.id)
    );
    let a = Award {
        user_id: &comment.author_id,
        action: PointsAction::Comment,
        reference: &comment.id,
        title: &on.title,
        link: Some(&link),
    };
    award(conn, rules, tz_offset_minutes, &a, now)?;
    Ok(())
}

/// A user's total (all their entries).
pub fn total(conn: &Connection, user_id: &str) -> Result<u32, ApiError> {
    Ok(conn.query_row(
        "SELECT COALESCE(SUM(points), 0) FROM points_ledger WHERE user_id = ?1",
        params![user_id],
        |r| r.get(0),
    )?)
}

/// `GET /points/me`.
pub fn summary(
    conn: &Connection,
    rules: &PointsRules,
    tz_offset_minutes: i32,
    user_id: &str,
    now: i64,
) -> Result<PointsSummary, ApiError> {
    let tz = i64::from(tz_offset_minutes) * 60;
    let since = |p| period_start(p, now, tz);
    let sum_since = |from: i64| -> Result<u32, ApiError> {
        Ok(conn.query_row(
            "SELECT COALESCE(SUM(points), 0) FROM points_ledger WHERE user_id = ?1 AND at >= ?2",
            params![user_id, from],
            |r| r.get(0),
        )?)
    };
    let total = total(conn, user_id)?;
    let (level, next_level) = level_of(total);
    let day = day_of(now, tz);
    // 每日一练 is the deputies' (citizens cannot open it): not listed as a task for others
    let roles: Option<String> =
        conn.query_row("SELECT roles FROM users WHERE id = ?1", params![user_id], |r| r.get(0)).optional()?;
    let deputy = roles.is_some_and(|r| parse_roles(&r).contains(&Role::Deputy));
    let mut today = Vec::new();
    for &action in PointsAction::ALL {
        let Some(rule) = rules.of(action) else {
            continue;
        };
        if action == PointsAction::DailyPractice && !deputy {
            continue;
        }
        let times_today: u32 = conn.query_row(
            "SELECT COUNT(*) FROM points_ledger WHERE user_id = ?1 AND action = ?2 AND day = ?3",
            params![user_id, action.as_str(), day],
            |r| r.get(0),
        )?;
        today.push(ActionProgress {
            action,
            points: rule.points,
            daily_cap: rule.daily_cap,
            times_today,
        });
    }
    Ok(PointsSummary {
        total,
        month: sum_since(since(LeaderboardPeriod::Month))?,
        year: sum_since(since(LeaderboardPeriod::Year))?,
        level,
        next_level,
        today,
    })
}

/// A page of a user's ledger, newest first, before `before` (a `seq`); and the next `seq`.
pub fn history(
    conn: &Connection,
    user_id: &str,
    before: Option<i64>,
    limit: u32,
) -> Result<(Vec<PointsEntry>, Option<i64>), ApiError> {
    let mut stmt = conn.prepare(
        "SELECT seq, action, points, title, link, at FROM points_ledger \
         WHERE user_id = ?1 AND seq < ?2 ORDER BY seq DESC LIMIT ?3",
    )?;
    let rows = stmt.query_map(
        params![user_id, before.unwrap_or(i64::MAX), i64::from(limit) + 1],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                PointsEntry {
                    id: format!("p_{}", r.get::<_, i64>(0)?),
                    action: PointsAction::parse(&r.get::<_, String>(1)?).unwrap_or_default(),
                    points: r.get(2)?,
                    title: r.get(3)?,
                    link: r.get(4)?,
                    at: rfc3339(r.get(5)?),
                },
            ))
        },
    )?;
    let mut items: Vec<(i64, PointsEntry)> = rows.collect::<Result<_, _>>()?;
    let next = if items.len() > limit as usize {
        items.truncate(limit as usize);
        items.last().map(|(seq, _)| *seq)
    } else {
        None
    };
    Ok((items.into_iter().map(|(_, e)| e).collect(), next))
}

/// Notes that `user_id` fetched an article (the clock of its read starts; a fetch more than
/// an hour after the noted one starts it again).
pub fn note_fetch(
    conn: &Connection,
    user_id: &str,
    article_id: &str,
    now: i64,
) -> Result<(), ApiError> {
    conn.execute(
        "INSERT INTO article_fetches (user_id, article_id, at) VALUES (?1, ?2, ?3) \
         ON CONFLICT (user_id, article_id) DO UPDATE SET at = excluded.at WHERE article_fetches.at < excluded.at - 3600",
        params![user_id, article_id, now],
    )?;
    Ok(())
}

/// Whether a read of an article fetched at `fetched_at` may be paid at `now`.
pub fn read_long_enough(fetched_at: Option<i64>, now: i64) -> bool {
    fetched_at.is_some_and(|at| now - at >= contract::READ_SECONDS)
}

/// When `user_id` last started reading `article_id` (see [`note_fetch`]).
pub fn fetched_at(
    conn: &Connection,
    user_id: &str,
    article_id: &str,
) -> Result<Option<i64>, ApiError> {
    Ok(conn
        .query_row(
            "SELECT at FROM article_fetches WHERE user_id = ?1 AND article_id = ?2",
            params![user_id, article_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// The reference of a read: one article once a township day.
pub fn read_reference(article_id: &str, now: i64, tz_offset_minutes: i32) -> String {
    format!(
        "{article_id}@{}",
        day_of(now, i64::from(tz_offset_minutes) * 60)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_stop_paying() {
        let r = PointsRules::default();
        assert_eq!(pays(r.comment, 0), 1);
        assert_eq!(pays(r.comment, 4), 1);
        assert_eq!(pays(r.comment, 5), 0);
        assert_eq!(pays(r.daily_visit, 1), 0);
        assert_eq!(pays(r.message_sent, 1), 2);
        assert_eq!(pays(r.message_sent, 2), 0);
        assert_eq!(pays(r.comment_adopted, 100), 10);
        assert_eq!(r.of(PointsAction::Unknown), None);
    }

    #[test]
    fn levels_by_total() {
        assert_eq!(level_of(0).0.name, "新芽");
        assert_eq!(level_of(19).1.unwrap().min_points, 20);
        assert_eq!(level_of(20).0.name, "热心");
        assert_eq!(level_of(299).0.number, 3);
        let (top, next) = level_of(10_000);
        assert_eq!((top.name.as_str(), next), ("模范", None));
    }

    #[test]
    fn periods_begin_in_township_time() {
        let tz = 8 * 3600;
        // 2026-12-01T00:30+08:00 = 2026-11-30T16:30Z: already December in the township
        let t = contract::civil::parse_rfc3339("2026-11-30T16:30:00Z").unwrap();
        assert_eq!(
            rfc3339(period_start(LeaderboardPeriod::Month, t, tz)),
            "2026-11-30T16:00:00Z"
        );
        assert_eq!(
            rfc3339(period_start(LeaderboardPeriod::Year, t, tz)),
            "2025-12-31T16:00:00Z"
        );
        // 2026-11-30T15:59Z is still November there
        let t = contract::civil::parse_rfc3339("2026-11-30T15:59:00Z").unwrap();
        assert_eq!(
            rfc3339(period_start(LeaderboardPeriod::Month, t, tz)),
            "2026-10-31T16:00:00Z"
        );
    }

    #[test]
    fn equal_totals_share_a_rank() {
        assert_eq!(ranks(&[9, 7, 7, 3, 3, 3, 1]), vec![1, 2, 2, 4, 4, 4, 7]);
        assert_eq!(ranks(&[]), Vec::<u32>::new());
    }

    #[test]
    fn a_read_needs_thirty_seconds() {
        assert!(!read_long_enough(None, 100));
        assert!(!read_long_enough(Some(71), 100));
        assert!(read_long_enough(Some(70), 100));
    }
}
