//! 履职档案 (a deputy's duty record) and the attendance of events. Every statement is
//! parameterised.

use contract::{
    Attendance, AttendanceKind, AttendanceRow, AttendedEvent, CompletedCourse, CourseLevel, DutyRecord, HandlerKind,
    RecordPart, StationRef,
};
use crate::sql::{params, Connection, OptionalExtension};

use super::{assign, quiz, rules};
use crate::clock::rfc3339;
use crate::problem::ApiError;

/// A deputy's name and station, or `None` when there is no such deputy.
fn deputy(conn: &Connection, id: &str) -> Result<Option<(String, Option<StationRef>)>, ApiError> {
    Ok(conn
        .query_row(
            "SELECT d.name, d.station_id, s.name FROM deputies d LEFT JOIN stations s ON s.id = d.station_id WHERE d.id = ?1",
            params![id],
            |r| {
                let station: Option<String> = r.get(1)?;
                let station_name: Option<String> = r.get(2)?;
                Ok((r.get(0)?, station.map(|id| StationRef { id, name: station_name.unwrap_or_default() })))
            },
        )
        .optional()?)
}

/// The record of `deputy_id` as `full` (the deputy themself, staff) or public (`public`
/// parts only) viewers see it; `None` when there is no such deputy.
pub fn record(
    conn: &Connection,
    deputy_id: &str,
    full: bool,
    public: &[RecordPart],
    now: i64,
    tz_secs: i64,
) -> Result<Option<DutyRecord>, ApiError> {
    let Some((name, station)) = deputy(conn, deputy_id)? else { return Ok(None) };
    let shows = |part: RecordPart| full || public.contains(&part);
    let user = assign::account(conn, deputy_id)?;
    let mut r = DutyRecord {
        deputy_id: deputy_id.to_owned(),
        name,
        station,
        full,
        public_parts: public.iter().copied().filter(|p| *p != RecordPart::Unknown).collect(),
        ..DutyRecord::default()
    };
    if shows(RecordPart::Courses) {
        let mut courses = Vec::new();
        if let Some(user) = &user {
            let mut stmt = conn.prepare_cached(
                "SELECT c.id, c.title, c.level, cc.completed_at FROM course_completions cc \
                 JOIN courses c ON c.id = cc.course_id WHERE cc.user_id = ?1 ORDER BY cc.completed_at DESC, c.seq",
            )?;
            courses = stmt
                .query_map(params![user], |r| {
                    let level: String = r.get(2)?;
                    Ok(CompletedCourse {
                        course_id: r.get(0)?,
                        title: r.get(1)?,
                        level: CourseLevel::parse(&level).unwrap_or_default(),
                        completed_at: rfc3339(r.get(3)?),
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
        }
        r.courses = Some(courses);
    }
    if shows(RecordPart::Study) {
        let secs: i64 = match &user {
            Some(u) => conn.query_row(
                "SELECT COALESCE(SUM(studied_secs), 0) FROM lesson_progress WHERE user_id = ?1",
                params![u],
                |r| r.get(0),
            )?,
            None => 0,
        };
        r.study_minutes = Some(u32::try_from(secs.max(0) / 60).unwrap_or(u32::MAX));
    }
    if shows(RecordPart::Practice) {
        let today = quiz::today(now, tz_secs);
        let (days, streak) = match &user {
            Some(u) => {
                let days: i64 = conn.query_row(
                    "SELECT COUNT(DISTINCT day) FROM practice_answers WHERE user_id = ?1 AND day > ?2",
                    params![u, today - assign::PRACTICE_WINDOW_DAYS],
                    |r| r.get(0),
                )?;
                (u32::try_from(days).unwrap_or(0), rules::streak(&quiz::finished_days(conn, u)?, today))
            }
            None => (0, 0),
        };
        r.practice_days = Some(days);
        r.practice_streak = Some(streak);
    }
    // (scores are never public: the full record only)
    if full {
        let mut tests = Vec::new();
        if let Some(user) = &user {
            let mut stmt = conn.prepare_cached(
                "SELECT t.id, t.title, MAX(a.score), MIN(a.submitted_at) FROM assessment_attempts a \
                 JOIN assessments t ON t.id = a.test_id WHERE a.user_id = ?1 AND a.passed = 1 \
                 GROUP BY t.id, t.title, t.seq ORDER BY MIN(a.submitted_at) DESC, t.seq",
            )?;
            tests = stmt
                .query_map(params![user], |r| {
                    Ok(contract::PassedTest {
                        test_id: r.get(0)?,
                        title: r.get(1)?,
                        score: r.get(2)?,
                        passed_at: rfc3339(r.get(3)?),
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
        }
        r.tests = Some(tests);
    }
    if shows(RecordPart::Responsiveness) {
        r.responsiveness = Some(crate::stats::responsiveness(conn, HandlerKind::Deputy, deputy_id, now)?);
    }
    if shows(RecordPart::Events) {
        let mut stmt = conn.prepare_cached(
            "SELECT e.id, e.title, e.starts_at, a.how FROM event_attendance a JOIN events e ON e.id = a.event_id \
             WHERE a.deputy_id = ?1 ORDER BY e.starts_at DESC, e.id",
        )?;
        let events = stmt
            .query_map(params![deputy_id], |r| {
                let how: String = r.get(3)?;
                Ok(AttendedEvent {
                    event_id: r.get(0)?,
                    title: r.get(1)?,
                    starts_at: rfc3339(r.get(2)?),
                    how: AttendanceKind::parse(&how).unwrap_or_default(),
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        r.events = Some(events);
    }
    Ok(Some(r))
}

/// An event's start and effective end, or `None` when there is no such event.
pub fn event_times(conn: &Connection, event_id: &str) -> Result<Option<(i64, i64)>, ApiError> {
    Ok(conn
        .query_row("SELECT starts_at, effective_end FROM events WHERE id = ?1", params![event_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?)
}

/// The event's check-in code, made the first time it is asked for: 8 characters of the
/// certificate alphabet (no 0/O, 1/I/L), to be typed from a poster if a camera fails.
pub fn check_in_code(conn: &Connection, event_id: &str) -> Result<String, ApiError> {
    if let Some(code) = conn
        .query_row("SELECT code FROM event_check_in_codes WHERE event_id = ?1", params![event_id], |r| r.get(0))
        .optional()?
    {
        return Ok(code);
    }
    let mut bytes = [0u8; contract::CHECK_IN_CODE_LEN];
    getrandom::fill(&mut bytes).map_err(|e| ApiError::Internal(format!("no randomness: {e}")))?;
    // (256 is not a multiple of 30: the first 16 characters are a little likelier, which a
    // code that opens one event's check-in for an hour or two can bear)
    let code: String = bytes.iter().map(|b| rules::CODE_ALPHABET[usize::from(*b) % rules::CODE_ALPHABET.len()] as char).collect();
    conn.execute("INSERT INTO event_check_in_codes (event_id, code) VALUES (?1, ?2)", params![event_id, code])?;
    Ok(code)
}

/// The code an event's check-in takes, if it was ever made.
pub fn stored_code(conn: &Connection, event_id: &str) -> Result<Option<String>, ApiError> {
    Ok(conn
        .query_row("SELECT code FROM event_check_in_codes WHERE event_id = ?1", params![event_id], |r| r.get(0))
        .optional()?)
}

/// One deputy's attendance of an event, if recorded.
pub fn attendance_of(conn: &Connection, event_id: &str, deputy_id: &str) -> Result<Option<AttendanceRow>, ApiError> {
    let Some((name, station)) = deputy(conn, deputy_id)? else { return Ok(None) };
    let seen: Option<(String, i64)> = conn
        .query_row(
            "SELECT how, at FROM event_attendance WHERE event_id = ?1 AND deputy_id = ?2",
            params![event_id, deputy_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(Some(AttendanceRow {
        deputy_id: deputy_id.to_owned(),
        name,
        station,
        how: seen.as_ref().map(|(how, _)| AttendanceKind::parse(how).unwrap_or_default()),
        at: seen.map(|(_, at)| rfc3339(at)),
    }))
}

/// Every deputy with their attendance of the event, by station and name.
pub fn attendance(conn: &Connection, event_id: &str, code: String, window: (i64, i64)) -> Result<Attendance, ApiError> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.name, d.station_id, s.name, a.how, a.at FROM deputies d \
         LEFT JOIN stations s ON s.id = d.station_id \
         LEFT JOIN event_attendance a ON a.deputy_id = d.id AND a.event_id = ?1 \
         ORDER BY (s.id IS NULL), s.position, s.id, d.position, d.name, d.id",
    )?;
    let deputies = stmt
        .query_map(params![event_id], |r| {
            let station: Option<String> = r.get(2)?;
            let station_name: Option<String> = r.get(3)?;
            let how: Option<String> = r.get(4)?;
            let at: Option<i64> = r.get(5)?;
            Ok(AttendanceRow {
                deputy_id: r.get(0)?,
                name: r.get(1)?,
                station: station.map(|id| StationRef { id, name: station_name.unwrap_or_default() }),
                how: how.map(|h| AttendanceKind::parse(&h).unwrap_or_default()),
                at: at.map(rfc3339),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Attendance {
        event_id: event_id.to_owned(),
        check_in_code: code,
        check_in_opens_at: rfc3339(window.0),
        check_in_closes_at: rfc3339(window.1),
        deputies,
    })
}

/// Records that `deputy_id` attended (kept as first recorded: a check-in stays a check-in
/// when staff tick the deputy too). Whether it is new.
pub fn attend(conn: &Connection, event_id: &str, deputy_id: &str, how: AttendanceKind, by_user: &str, now: i64) -> Result<bool, ApiError> {
    let n = conn.execute(
        "INSERT INTO event_attendance (event_id, deputy_id, how, at, by_user) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
        params![event_id, deputy_id, how.as_str(), now, by_user],
    )?;
    Ok(n > 0)
}

/// Removes a deputy's attendance (staff correct a mistake). Whether there was one.
pub fn unattend(conn: &Connection, event_id: &str, deputy_id: &str) -> Result<bool, ApiError> {
    let n = conn.execute("DELETE FROM event_attendance WHERE event_id = ?1 AND deputy_id = ?2", params![event_id, deputy_id])?;
    Ok(n > 0)
}
