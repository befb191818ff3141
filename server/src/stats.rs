//! Responsiveness figures of deputies and departments (computed over their messages).
//!
//! Over the messages whose current handler is them:
//! * `assigned`: how many; `replied`: of those, answered with at least one handler reply;
//! * `median_first_reply_hours`: from assignment to them to the first reply after it;
//! * `on_time_rate`: over the messages whose deadline has passed or that are finished, the
//!   share finished (fast: answered; major: resolved) by the deadline;
//! * `satisfaction`: mean of all ratings given on them (`ratings` = how many).

use contract::{HandlerKind, Responsiveness};
use crate::sql::{params, Connection};

use crate::handling;

/// The figures of one handler at `now`.
pub fn responsiveness(
    conn: &Connection,
    kind: HandlerKind,
    id: &str,
    now: i64,
) -> crate::sql::Result<Responsiveness> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.status, m.track, m.deadline, m.done_at, m.assigned_at, \
                (SELECT MIN(r.at) FROM message_replies r \
                  WHERE r.message_id = m.id AND r.kind = 'reply' \
                    AND r.at >= COALESCE(m.assigned_at, m.created_at)), \
                EXISTS (SELECT 1 FROM message_replies r WHERE r.message_id = m.id AND r.kind = 'reply') \
         FROM messages m WHERE m.handler_kind = ?1 AND m.handler_id = ?2",
    )?;
    let rows = stmt
        .query_map(params![kind.as_str(), id], |r| {
            let status: String = r.get(0)?;
            let track: Option<String> = r.get(1)?;
            Ok((
                contract::MessageStatus::parse(&status).unwrap_or_default(),
                track.and_then(|t| contract::Track::parse(&t)),
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, Option<i64>>(5)?,
                r.get::<_, bool>(6)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;

    let assigned = rows.len();
    let replied = rows.iter().filter(|r| r.6).count();
    let mut first_reply_hours: Vec<f64> = rows
        .iter()
        .filter_map(|r| match (r.4, r.5) {
            (Some(assigned_at), Some(first)) => Some((first - assigned_at) as f64 / 3600.0),
            _ => None,
        })
        .collect();
    // on time: among the triaged messages whose deadline passed or that are finished
    let mut due = 0usize;
    let mut on_time = 0usize;
    for (status, track, deadline, done_at, ..) in &rows {
        let Some(deadline) = deadline else { continue };
        if handling::awaiting_triage(*status) {
            continue;
        }
        let finished = handling::is_finished(*status, *track);
        if !(finished || now > *deadline) {
            continue;
        }
        due += 1;
        if finished && done_at.is_some_and(|d| d <= *deadline) {
            on_time += 1;
        }
    }

    let (ratings, stars_sum): (i64, Option<i64>) = conn.query_row(
        "SELECT COUNT(*), SUM(g.stars) FROM message_ratings g JOIN messages m ON m.id = g.message_id \
         WHERE m.handler_kind = ?1 AND m.handler_id = ?2",
        params![kind.as_str(), id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;

    let ratio = |a: usize, b: usize| (b > 0).then(|| round(a as f64 / b as f64, 3));
    Ok(Responsiveness {
        assigned: u32::try_from(assigned).unwrap_or(u32::MAX),
        replied: u32::try_from(replied).unwrap_or(u32::MAX),
        reply_rate: ratio(replied, assigned),
        median_first_reply_hours: median(&mut first_reply_hours).map(|h| round(h, 1)),
        on_time_rate: ratio(on_time, due),
        satisfaction: match (ratings, stars_sum) {
            (n, Some(sum)) if n > 0 => Some(round(sum as f64 / n as f64, 2)),
            _ => None,
        },
        ratings: u32::try_from(ratings).unwrap_or(u32::MAX),
    })
}

/// What a responsiveness table is computed from, in a few numbers: any change of a message
/// (its `version`, bumped by every change), its timeline, replies or ratings, or of the people
/// listed, changes them.
pub type Fingerprint = [i64; 7];

/// A computed `/responsiveness` table and when it stops being right.
pub struct CachedTable {
    pub fingerprint: Fingerprint,
    /// The table is right while `now <= until` (the earliest deadline not yet passed when it
    /// was computed: once it passes, an on-time rate may change); `None`: no such deadline.
    pub until: Option<i64>,
    /// When it was computed (a safety net: recomputed at the latest [`TABLE_MAX_AGE_SECS`]
    /// later, for changes made beside the API, e.g. a renamed deputy).
    pub at: i64,
    pub table: contract::ResponsivenessTable,
}

/// See [`CachedTable::at`].
pub const TABLE_MAX_AGE_SECS: i64 = 10 * 60;

impl CachedTable {
    pub fn fresh(&self, fingerprint: &Fingerprint, now: i64) -> bool {
        self.fingerprint == *fingerprint
            && self.until.is_none_or(|d| now <= d)
            && now >= self.at
            && now - self.at < TABLE_MAX_AGE_SECS
    }
}

/// The [`Fingerprint`] of the data now (a handful of index lookups and one pass over the
/// messages' small columns, instead of the figures' per-handler queries).
pub fn fingerprint(conn: &Connection) -> crate::sql::Result<Fingerprint> {
    conn.query_row(
        "SELECT (SELECT COUNT(*) FROM messages), (SELECT COALESCE(SUM(version), 0) FROM messages), \
                (SELECT COALESCE(MAX(seq), 0) FROM message_timeline), \
                (SELECT COALESCE(MAX(seq), 0) FROM message_replies), \
                (SELECT COUNT(*) FROM message_ratings), \
                (SELECT COUNT(*) FROM deputies), (SELECT COUNT(*) FROM departments)",
        (),
        |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?]),
    )
}

/// The earliest deadline at or after `now` (see [`CachedTable::until`]).
pub fn next_deadline(conn: &Connection, now: i64) -> crate::sql::Result<Option<i64>> {
    conn.query_row("SELECT MIN(deadline) FROM messages WHERE deadline >= ?1", params![now], |r| r.get(0))
}

fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

/// The median of some values (mean of the middle two for an even count).
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3.0]), Some(3.0));
        assert_eq!(median(&mut [5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(round(2.0 / 3.0, 3), 0.667);
    }
}
