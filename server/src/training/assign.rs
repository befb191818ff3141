//! Courses assigned by staff to deputies, their reminders, and the staff's training report.
//! Every statement is parameterised.
//!
//! An assignment names its deputies when it is made (everyone, a station's, or named ones):
//! a deputy who joins later is not silently given a due date in the past. Alerts go to the
//! deputy's account; a deputy without one is still listed in the report ("no account"), so
//! that staff reach them another way.

use contract::{
    Assignment, AudienceKind, CourseLevel, NewAssignment, NotificationKind, RemindersSent, StationRef,
    StationTraining, TrainingReport, TrainingRow,
};
use crate::sql::{params, Connection, OptionalExtension};

use super::{quiz, rules};
use crate::clock::{civil_from_days, parse_rfc3339, rfc3339, DAY};
use crate::notify::{self, Hub, NewNotification};
use crate::problem::ApiError;

/// A deputy's reminder from staff is sent at most once in this long.
pub const REMIND_AGAIN_SECS: i64 = DAY;

/// Practice days are counted over this many township days, today included.
pub const PRACTICE_WINDOW_DAYS: i64 = 30;

/// The deputy's account (the oldest, if there were ever two).
const ACCOUNT_OF: &str = "(SELECT u.id FROM users u WHERE u.deputy_id = {d} ORDER BY u.created_at, u.id LIMIT 1)";

fn account_of(deputy_column: &str) -> String {
    ACCOUNT_OF.replace("{d}", deputy_column)
}

/// `M月D日` of a time in the township's time zone (`tz_secs` east of UTC).
pub fn month_day(at: i64, tz_secs: i64) -> String {
    let (_, m, d) = civil_from_days((at + tz_secs).div_euclid(DAY));
    format!("{m}月{d}日")
}

/// The deputies an assignment goes to (ids, by station and name), or the field error of a
/// station or deputy that does not exist.
pub fn audience(conn: &Connection, a: &NewAssignment) -> Result<Result<Vec<String>, contract::FieldError>, ApiError> {
    let invalid = |field: &str, message: String| contract::FieldError { field: field.into(), code: "invalid".into(), message };
    let ids = match a.audience {
        AudienceKind::Station => {
            let station = a.station_id.clone().unwrap_or_default();
            let exists: bool =
                conn.query_row("SELECT EXISTS (SELECT 1 FROM stations WHERE id = ?1)", params![station], |r| r.get(0))?;
            if !exists {
                return Ok(Err(invalid("station_id", format!("{station:?} is not a known liaison station"))));
            }
            let mut stmt = conn.prepare_cached("SELECT id FROM deputies WHERE station_id = ?1 ORDER BY position, name, id")?;
            let ids = stmt.query_map(params![station], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
            ids
        }
        AudienceKind::Deputies => {
            for id in &a.deputy_ids {
                let exists: bool =
                    conn.query_row("SELECT EXISTS (SELECT 1 FROM deputies WHERE id = ?1)", params![id], |r| r.get(0))?;
                if !exists {
                    return Ok(Err(invalid("deputy_ids", format!("{id:?} is not a deputy"))));
                }
            }
            a.deputy_ids.clone()
        }
        _ => {
            let mut stmt = conn.prepare_cached("SELECT id FROM deputies ORDER BY position, name, id")?;
            let ids = stmt.query_map((), |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
            ids
        }
    };
    Ok(Ok(ids))
}

/// Stores an assignment of `course_title` to `deputies` and alerts each deputy's account.
/// A course due within [`rules::DUE_SOON_SECS`] already is not recalled as "due soon": the
/// first alert says when it is due.
#[allow(clippy::too_many_arguments)]
pub fn create(
    conn: &Connection,
    hub: &Hub,
    a: &NewAssignment,
    course_title: &str,
    deputies: &[String],
    by_user: &str,
    now: i64,
    tz_secs: i64,
) -> Result<String, ApiError> {
    let due_at = parse_rfc3339(&a.due_at).ok_or_else(|| ApiError::Internal("a due date passed validation unparsed".into()))?;
    let n: i64 = conn.next_seq("course_assignments")?;
    let id = format!("as_{n:05}");
    conn.execute(
        "INSERT INTO course_assignments (seq, id, course_id, audience, station_id, due_at, note, created_by, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![n, id, a.course_id, a.audience.as_str(), a.station_id, due_at, a.note, by_user, now],
    )?;
    let soon = due_at - now <= rules::DUE_SOON_SECS;
    let mut body = format!("《{course_title}》，请于{}前完成", month_day(due_at, tz_secs));
    if let Some(note) = &a.note {
        body.push_str(&format!("。{note}"));
    }
    for deputy in deputies {
        conn.execute(
            "INSERT INTO assignment_deputies (assignment_id, deputy_id, sent_soon) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
            params![id, deputy, soon],
        )?;
        if let Some(user) = account(conn, deputy)? {
            let mut alert = NewNotification::about(
                user,
                NotificationKind::CourseAssigned,
                course_title,
                None,
                format!("/training/courses/{}", a.course_id),
            );
            alert.body = body.clone();
            notify::notify(conn, hub, &alert, now)?;
        }
    }
    Ok(id)
}

/// The deputy's account (the oldest, if there were ever two), if any.
pub fn account(conn: &Connection, deputy: &str) -> Result<Option<String>, ApiError> {
    Ok(conn.query_row(&format!("SELECT {}", account_of("?1")), params![deputy], |r| r.get(0)).optional()?.flatten())
}

/// An assignment as listed.
pub fn one(conn: &Connection, id: &str) -> Result<Option<Assignment>, ApiError> {
    let sql = format!(
        "SELECT a.id, a.course_id, c.title, c.level, a.audience, a.station_id, s.name, a.due_at, a.note, \
                COALESCE(u.display_name, ''), a.created_at, \
                (SELECT COUNT(*) FROM assignment_deputies ad WHERE ad.assignment_id = a.id), \
                (SELECT COUNT(*) FROM assignment_deputies ad WHERE ad.assignment_id = a.id AND EXISTS \
                   (SELECT 1 FROM course_completions cc WHERE cc.course_id = a.course_id \
                      AND cc.user_id = {})) \
         FROM course_assignments a JOIN courses c ON c.id = a.course_id \
         LEFT JOIN stations s ON s.id = a.station_id LEFT JOIN users u ON u.id = a.created_by \
         WHERE a.id = ?1",
        account_of("ad.deputy_id")
    );
    Ok(conn
        .query_row(&sql, params![id], |r| {
            let level: String = r.get(3)?;
            let audience: String = r.get(4)?;
            let station: Option<String> = r.get(5)?;
            let station_name: Option<String> = r.get(6)?;
            Ok(Assignment {
                id: r.get(0)?,
                course_id: r.get(1)?,
                course_title: r.get(2)?,
                level: CourseLevel::parse(&level).unwrap_or_default(),
                audience: AudienceKind::parse(&audience).unwrap_or_default(),
                station: station.map(|id| StationRef { id, name: station_name.unwrap_or_default() }),
                due_at: rfc3339(r.get(7)?),
                note: r.get(8)?,
                assigned_by: r.get(9)?,
                created_at: rfc3339(r.get(10)?),
                deputies: r.get(11)?,
                completed: r.get(12)?,
            })
        })
        .optional()?)
}

/// Assignments newest first, before `before` (a `seq`), at most `limit`, and the `seq` to
/// go on from.
pub fn page(conn: &Connection, before: Option<i64>, limit: u32) -> Result<(Vec<Assignment>, Option<i64>), ApiError> {
    let mut stmt =
        conn.prepare_cached("SELECT seq, id FROM course_assignments WHERE seq < ?1 ORDER BY seq DESC LIMIT ?2")?;
    let rows = stmt
        .query_map(params![before.unwrap_or(i64::MAX), i64::from(limit) + 1], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    let more = rows.len() > limit as usize;
    let mut items = Vec::new();
    let mut last = None;
    for (seq, id) in rows.into_iter().take(limit as usize) {
        if let Some(a) = one(conn, &id)? {
            items.push(a);
        }
        last = Some(seq);
    }
    Ok((items, if more { last } else { None }))
}

/// The earliest due date of `course_id` among the assignments of the deputy of `user_id`.
pub fn due_at(conn: &Connection, user_id: &str, course_id: &str) -> Result<Option<i64>, ApiError> {
    Ok(conn.query_row(
        "SELECT MIN(a.due_at) FROM course_assignments a \
         JOIN assignment_deputies ad ON ad.assignment_id = a.id \
         JOIN users u ON u.deputy_id = ad.deputy_id \
         WHERE u.id = ?1 AND a.course_id = ?2",
        params![user_id, course_id],
        |r| r.get(0),
    )?)
}

/// A deputy's assigned course: its title, earliest due date, and whether it is completed.
#[derive(Debug, Clone, PartialEq)]
pub struct Assigned {
    pub title: String,
    pub due_at: i64,
    pub done: bool,
}

impl Assigned {
    /// Overdue, or due within [`rules::DUE_SOON_SECS`], and not completed.
    pub fn behind(&self, now: i64) -> bool {
        !self.done && self.due_at - now <= rules::DUE_SOON_SECS
    }
}

/// The courses assigned to `deputy` (each once, with its earliest due date), soonest first.
pub fn assigned(conn: &Connection, deputy: &str, user: Option<&str>) -> Result<Vec<Assigned>, ApiError> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.title, MIN(a.due_at), \
                EXISTS (SELECT 1 FROM course_completions cc WHERE cc.course_id = a.course_id AND cc.user_id = ?2) \
         FROM assignment_deputies ad JOIN course_assignments a ON a.id = ad.assignment_id \
         JOIN courses c ON c.id = a.course_id \
         WHERE ad.deputy_id = ?1 GROUP BY a.course_id, c.title, c.seq ORDER BY MIN(a.due_at), c.seq",
    )?;
    let rows = stmt
        .query_map(params![deputy, user], |r| Ok(Assigned { title: r.get(0)?, due_at: r.get(1)?, done: r.get(2)? }))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The training report: every deputy (of `station`), by station and then as the deputies
/// are ordered, with the sums per station. One deputy at a time: a township has dozens.
pub fn report(conn: &Connection, station: Option<&str>, now: i64, tz_secs: i64) -> Result<TrainingReport, ApiError> {
    let today = quiz::today(now, tz_secs);
    let sql = format!(
        "SELECT d.id, d.name, d.station_id, s.name, {} \
         FROM deputies d LEFT JOIN stations s ON s.id = d.station_id \
         WHERE (?1 IS NULL OR d.station_id = ?1) \
         ORDER BY (s.id IS NULL), s.position, s.id, d.position, d.name, d.id",
        account_of("d.id")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let deputies = stmt
        .query_map(params![station], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut rows = Vec::with_capacity(deputies.len());
    for (deputy_id, name, station_id, station_name, user) in deputies {
        let courses = assigned(conn, &deputy_id, user.as_deref())?;
        let mut row = TrainingRow {
            deputy_id: deputy_id.clone(),
            name,
            station: station_id.map(|id| StationRef { id, name: station_name.unwrap_or_default() }),
            has_account: user.is_some(),
            assigned: count(courses.len()),
            assigned_done: count(courses.iter().filter(|c| c.done).count()),
            overdue: count(courses.iter().filter(|c| !c.done && c.due_at <= now).count()),
            behind: courses.iter().any(|c| c.behind(now)),
            ..TrainingRow::default()
        };
        if let Some(user) = user.as_deref() {
            let (completed, studied, last_study): (i64, i64, Option<i64>) = conn.query_row(
                "SELECT (SELECT COUNT(*) FROM course_completions WHERE user_id = ?1), \
                        (SELECT COALESCE(SUM(studied_secs), 0) FROM lesson_progress WHERE user_id = ?1), \
                        (SELECT MAX(updated_at) FROM lesson_progress WHERE user_id = ?1 AND studied_secs > 0)",
                params![user],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            let (practice_days, last_practice): (i64, Option<i64>) = conn.query_row(
                "SELECT COUNT(DISTINCT day), MAX(answered_at) FROM practice_answers WHERE user_id = ?1 AND day > ?2",
                params![user, today - PRACTICE_WINDOW_DAYS],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            row.courses_completed = count(completed as usize);
            row.study_minutes = u32::try_from(studied.max(0) / 60).unwrap_or(u32::MAX);
            row.practice_days = count(practice_days as usize);
            row.streak = rules::streak(&quiz::finished_days(conn, user)?, today);
            row.last_active_at = last_study.max(last_practice).map(rfc3339);
            let (passed, best): (i64, Option<u32>) = conn.query_row(
                "SELECT COUNT(DISTINCT CASE WHEN passed = 1 THEN test_id END), MAX(score) \
                 FROM assessment_attempts WHERE user_id = ?1 AND submitted_at IS NOT NULL",
                params![user],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            row.tests_passed = count(passed as usize);
            row.best_score = best;
        }
        rows.push(row);
    }
    Ok(TrainingReport { stations: per_station(&rows), rows, generated_at: rfc3339(now) })
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The sums of the rows per station, in the order the rows come (they are by station).
pub fn per_station(rows: &[TrainingRow]) -> Vec<StationTraining> {
    let mut out: Vec<StationTraining> = Vec::new();
    for r in rows {
        let same = out.last().is_some_and(|s| s.station.as_ref().map(|s| &s.id) == r.station.as_ref().map(|s| &s.id));
        if !same {
            out.push(StationTraining { station: r.station.clone(), ..StationTraining::default() });
        }
        if let Some(s) = out.last_mut() {
            s.deputies += 1;
            s.with_account += u32::from(r.has_account);
            s.courses_completed += r.courses_completed;
            s.assigned += r.assigned;
            s.assigned_done += r.assigned_done;
            s.overdue += r.overdue;
            s.study_minutes += r.study_minutes;
            s.tests_passed += r.tests_passed;
            s.behind += u32::from(r.behind);
        }
    }
    out
}

/// The report as CSV (RFC 4180, UTF-8 with a byte-order mark so that spreadsheet programs
/// read the Chinese right), one line per deputy.
pub fn csv(report: &TrainingReport) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str("代表,联络站,已开通账号,完成课程,指派课程,已完成指派,逾期,学习分钟,近30天练习天数,连续练习天数,通过测评,最高分,最近学习,需督促\r\n");
    for r in &report.rows {
        let fields = [
            r.name.clone(),
            r.station.as_ref().map(|s| s.name.clone()).unwrap_or_default(),
            yes_no(r.has_account).into(),
            r.courses_completed.to_string(),
            r.assigned.to_string(),
            r.assigned_done.to_string(),
            r.overdue.to_string(),
            r.study_minutes.to_string(),
            r.practice_days.to_string(),
            r.streak.to_string(),
            r.tests_passed.to_string(),
            r.best_score.map(|s| s.to_string()).unwrap_or_default(),
            r.last_active_at.clone().unwrap_or_default(),
            yes_no(r.behind).into(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "是"
    } else {
        "否"
    }
}

/// A CSV field, quoted when it must be; a leading `=`, `+`, `-` or `@` is escaped with `'`
/// so that a spreadsheet never runs a name as a formula (CSV injection).
pub fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_owned() };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// Reminds the deputies behind (of `only`, when named) who have an account and were not
/// reminded in the last [`REMIND_AGAIN_SECS`]; the alert lists what they are behind with.
pub fn remind(
    conn: &Connection,
    hub: &Hub,
    only: &[String],
    by_user: &str,
    now: i64,
    tz_secs: i64,
) -> Result<RemindersSent, ApiError> {
    let mut sent = RemindersSent::default();
    let report = report(conn, None, now, tz_secs)?;
    for row in report.rows.iter().filter(|r| r.behind && (only.is_empty() || only.contains(&r.deputy_id))) {
        let Some(user) = account(conn, &row.deputy_id)? else {
            sent.without_account += 1;
            continue;
        };
        let recent: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM training_reminders WHERE deputy_id = ?1 AND sent_at > ?2)",
            params![row.deputy_id, now - REMIND_AGAIN_SECS],
            |r| r.get(0),
        )?;
        if recent {
            sent.recently_reminded += 1;
            continue;
        }
        let behind: Vec<String> = assigned(conn, &row.deputy_id, Some(&user))?
            .into_iter()
            .filter(|c| c.behind(now))
            .map(|c| {
                if c.due_at <= now {
                    format!("《{}》已逾期", c.title)
                } else {
                    format!("《{}》{}到期", c.title, month_day(c.due_at, tz_secs))
                }
            })
            .collect();
        let mut alert = NewNotification::about(user, NotificationKind::TrainingReminder, "", None, "/training".into());
        alert.body = format!("未完成：{}", behind.join("；"));
        notify::notify(conn, hub, &alert, now)?;
        conn.execute(
            "INSERT INTO training_reminders (deputy_id, sent_at, sent_by) VALUES (?1, ?2, ?3)",
            params![row.deputy_id, now, by_user],
        )?;
        sent.reminded += 1;
    }
    Ok(sent)
}

/// Sends the reminders due now ([`rules::reminder`]: due in 3 days, overdue, each once) of
/// assigned courses not completed; a completed course, or a deputy without an account, is
/// marked as told so that it is not looked at again. Returns the alerts sent.
pub fn sweep(conn: &Connection, hub: &Hub, now: i64, tz_secs: i64) -> Result<usize, ApiError> {
    let sql = format!(
        "SELECT ad.assignment_id, ad.deputy_id, a.course_id, c.title, a.due_at, ad.sent_soon, ad.sent_overdue, {} \
         FROM assignment_deputies ad JOIN course_assignments a ON a.id = ad.assignment_id \
         JOIN courses c ON c.id = a.course_id \
         WHERE (ad.sent_soon = 0 OR ad.sent_overdue = 0) AND a.due_at <= ?1",
        account_of("ad.deputy_id")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    #[allow(clippy::type_complexity)]
    let due: Vec<(String, String, String, String, i64, bool, bool, Option<String>)> = stmt
        .query_map(params![now + rules::DUE_SOON_SECS], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut told = 0;
    for (assignment, deputy, course, title, due_at, sent_soon, sent_overdue, user) in due {
        let done = match &user {
            Some(u) => conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM course_completions WHERE user_id = ?1 AND course_id = ?2)",
                params![u, course],
                |r| r.get(0),
            )?,
            None => false,
        };
        let mark = |soon: bool, overdue: bool| {
            conn.execute(
                "UPDATE assignment_deputies SET sent_soon = ?3, sent_overdue = ?4 WHERE assignment_id = ?1 AND deputy_id = ?2",
                params![assignment, deputy, soon, overdue],
            )
        };
        let Some(user) = user.filter(|_| !done) else {
            // nothing to tell: done, or nobody to tell
            if now >= due_at || done {
                mark(true, true)?;
            } else {
                mark(true, sent_overdue)?;
            }
            continue;
        };
        let Some(reminder) = rules::reminder(due_at, now, sent_soon, sent_overdue) else { continue };
        let (kind, body, soon, overdue) = match reminder {
            rules::Reminder::DueSoon => (
                NotificationKind::CourseDueSoon,
                format!("《{title}》将于{}到期，请抓紧学习", month_day(due_at, tz_secs)),
                true,
                sent_overdue,
            ),
            rules::Reminder::Overdue => (
                NotificationKind::CourseOverdue,
                format!("《{title}》已于{}到期，请尽快完成", month_day(due_at, tz_secs)),
                true,
                true,
            ),
        };
        let mut alert = NewNotification::about(user, kind, &title, None, format!("/training/courses/{course}"));
        alert.body = body;
        notify::notify(conn, hub, &alert, now)?;
        mark(soon, overdue)?;
        told += 1;
    }
    Ok(told)
}

/// How often [`spawn_sweeper`] looks.
pub const SWEEP_INTERVAL_SECS: u64 = 10 * 60;

/// One round of the reminders on this instance, if it holds the lease of
/// [`crate::jobs::TRAINING_REMINDERS`] (the sweep marks what it told only after telling: two
/// instances at once would both remind): `None` when another instance runs it.
pub async fn run_round(state: &crate::AppState) -> Option<Result<usize, ApiError>> {
    let tz = i64::from(state.config().tz_offset_minutes) * 60;
    let hub = std::sync::Arc::clone(state.hub());
    crate::jobs::leased_round(state, crate::jobs::TRAINING_REMINDERS, move |conn, now| sweep(conn, &hub, now, tz)).await
}

/// Runs [`sweep`] every [`SWEEP_INTERVAL_SECS`] with the server's clock, on the one instance
/// that holds its lease ([`run_round`]).
pub fn spawn_sweeper(state: crate::AppState) -> tokio::task::JoinHandle<()> {
    crate::clock::every(SWEEP_INTERVAL_SECS, move || {
        let state = state.clone();
        async move {
            match run_round(&state).await {
                None | Some(Ok(0)) => {}
                Some(Ok(n)) => tracing::info!("training sweep: {n} reminders"),
                Some(Err(e)) => tracing::warn!("training sweep failed: {e:?}"),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(csv_field("陈志强"), "陈志强");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("-1"), "'-1");
    }

    #[test]
    fn month_day_is_in_the_township_time() {
        // 2026-12-31T16:30:00Z is 2027-01-01 00:30 in Beijing
        let t = parse_rfc3339("2026-12-31T16:30:00Z").unwrap();
        assert_eq!(month_day(t, 8 * 3600), "1月1日");
        assert_eq!(month_day(t, 0), "12月31日");
    }

    #[test]
    fn behind_is_overdue_or_due_soon_and_not_done() {
        let now = 1_000_000;
        let c = |due_at, done| Assigned { title: "t".into(), due_at, done };
        assert!(c(now - 1, false).behind(now));
        assert!(c(now + rules::DUE_SOON_SECS, false).behind(now));
        assert!(!c(now + rules::DUE_SOON_SECS + 1, false).behind(now));
        assert!(!c(now - 1, true).behind(now));
    }

    #[test]
    fn stations_sum_their_deputies() {
        let st = |id: &str| Some(StationRef { id: id.into(), name: id.into() });
        let row = |station, behind, has_account| TrainingRow {
            station,
            behind,
            has_account,
            assigned: 2,
            assigned_done: 1,
            study_minutes: 10,
            ..TrainingRow::default()
        };
        let sums = per_station(&[row(st("a"), true, true), row(st("a"), false, false), row(st("b"), false, true), row(None, true, false)]);
        assert_eq!(sums.len(), 3);
        assert_eq!((sums[0].deputies, sums[0].behind, sums[0].with_account, sums[0].assigned, sums[0].study_minutes), (2, 1, 1, 4, 20));
        assert_eq!(sums[1].station.as_ref().map(|s| s.id.as_str()), Some("b"));
        assert!(sums[2].station.is_none());
    }
}
