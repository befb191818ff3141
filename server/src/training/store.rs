//! The storage of courses, lessons and each user's study of them. Every statement is
//! parameterised.

use contract::{
    Block, Course, CourseLevel, CourseProgress, CourseSummary, CourseTrack, Lesson, LessonMedia,
    LessonSummary, StudyProgress,
};
use crate::sql::{params, Connection, OptionalExtension};

use super::rules;
use crate::clock::rfc3339;
use crate::problem::ApiError;

/// A course as stored.
#[derive(Debug, Clone)]
pub struct CourseRow {
    pub seq: i64,
    pub id: String,
    pub title: String,
    pub level: CourseLevel,
    pub track: CourseTrack,
    pub summary: String,
    pub description: Vec<Block>,
}

pub const COURSE_COLUMNS: &str = "c.seq, c.id, c.title, c.level, c.track, c.summary, c.description_json";

pub fn course_row(r: &crate::sql::Row) -> crate::sql::Result<CourseRow> {
    let level: String = r.get(3)?;
    let track: String = r.get(4)?;
    let description: String = r.get(6)?;
    Ok(CourseRow {
        seq: r.get(0)?,
        id: r.get(1)?,
        title: r.get(2)?,
        level: CourseLevel::parse(&level).unwrap_or_default(),
        track: CourseTrack::parse(&track).unwrap_or_default(),
        summary: r.get(5)?,
        description: serde_json::from_str(&description).unwrap_or_default(),
    })
}

pub fn course_by_id(conn: &Connection, id: &str) -> Result<Option<CourseRow>, ApiError> {
    Ok(conn
        .query_row(&format!("SELECT {COURSE_COLUMNS} FROM courses c WHERE c.id = ?1"), params![id], course_row)
        .optional()?)
}

/// A lesson as stored, with the user's study of it.
#[derive(Debug, Clone)]
pub struct LessonRow {
    pub id: String,
    pub course_id: String,
    pub position: i64,
    pub title: String,
    pub body: Vec<Block>,
    pub media: Option<LessonMedia>,
    pub min_secs: i64,
    pub studied_secs: i64,
    pub resume_at: Option<i64>,
    pub done_at: Option<i64>,
}

impl LessonRow {
    pub fn summary(&self) -> LessonSummary {
        LessonSummary {
            id: self.id.clone(),
            title: self.title.clone(),
            min_secs: secs(self.min_secs),
            studied_secs: secs(self.studied_secs),
            done: self.done_at.is_some(),
            media: self.media.as_ref().map(|m| m.kind),
        }
    }
}

fn secs(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

const LESSON_SELECT: &str = "SELECT l.id, l.course_id, l.position, l.title, l.body_json, l.media_json, l.min_secs, \
     COALESCE(p.studied_secs, 0), p.position, p.done_at \
     FROM lessons l LEFT JOIN lesson_progress p ON p.lesson_id = l.id AND p.user_id = ?1";

fn lesson_row(r: &crate::sql::Row) -> crate::sql::Result<LessonRow> {
    let body: String = r.get(4)?;
    let media: Option<String> = r.get(5)?;
    Ok(LessonRow {
        id: r.get(0)?,
        course_id: r.get(1)?,
        position: r.get(2)?,
        title: r.get(3)?,
        body: serde_json::from_str(&body).unwrap_or_default(),
        media: media.and_then(|m| serde_json::from_str(&m).ok()),
        min_secs: r.get(6)?,
        studied_secs: r.get(7)?,
        resume_at: r.get(8)?,
        done_at: r.get(9)?,
    })
}

/// The lessons of a course in order, with `user_id`'s study of each.
pub fn lessons(conn: &Connection, course_id: &str, user_id: &str) -> Result<Vec<LessonRow>, ApiError> {
    let mut stmt = conn.prepare_cached(&format!("{LESSON_SELECT} WHERE l.course_id = ?2 ORDER BY l.position"))?;
    let rows = stmt.query_map(params![user_id, course_id], lesson_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

pub fn lesson_by_id(conn: &Connection, id: &str, user_id: &str) -> Result<Option<LessonRow>, ApiError> {
    Ok(conn.query_row(&format!("{LESSON_SELECT} WHERE l.id = ?2"), params![user_id, id], lesson_row).optional()?)
}

/// A user's progress in a course from its lessons (as [`lessons`] gives them).
pub fn progress(conn: &Connection, course_id: &str, user_id: &str, lessons: &[LessonRow]) -> Result<CourseProgress, ApiError> {
    let completed_at: Option<i64> = conn
        .query_row(
            "SELECT completed_at FROM course_completions WHERE user_id = ?1 AND course_id = ?2",
            params![user_id, course_id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(CourseProgress {
        lessons_done: lessons.iter().filter(|l| l.done_at.is_some()).count() as u32,
        lessons_total: lessons.len() as u32,
        studied_secs: secs(lessons.iter().map(|l| l.studied_secs).sum()),
        completed_at: completed_at.map(rfc3339),
        next_lesson_id: lessons.iter().find(|l| l.done_at.is_none()).map(|l| l.id.clone()),
    })
}

/// The minimum study time of a course's lessons in minutes, rounded up.
fn minutes(lessons: &[LessonRow]) -> u32 {
    let total: i64 = lessons.iter().map(|l| l.min_secs).sum();
    secs((total + 59) / 60)
}

pub fn summary(conn: &Connection, c: &CourseRow, user_id: &str) -> Result<CourseSummary, ApiError> {
    let lessons = lessons(conn, &c.id, user_id)?;
    Ok(CourseSummary {
        id: c.id.clone(),
        title: c.title.clone(),
        level: c.level,
        track: c.track,
        summary: c.summary.clone(),
        lesson_count: lessons.len() as u32,
        minutes: minutes(&lessons),
        progress: progress(conn, &c.id, user_id, &lessons)?,
        due_at: super::assign::due_at(conn, user_id, &c.id)?.map(rfc3339),
    })
}

pub fn course(conn: &Connection, c: &CourseRow, user_id: &str) -> Result<Course, ApiError> {
    let lessons = lessons(conn, &c.id, user_id)?;
    Ok(Course {
        id: c.id.clone(),
        title: c.title.clone(),
        level: c.level,
        track: c.track,
        summary: c.summary.clone(),
        minutes: minutes(&lessons),
        progress: progress(conn, &c.id, user_id, &lessons)?,
        description: c.description.clone(),
        lessons: lessons.iter().map(LessonRow::summary).collect(),
        due_at: super::assign::due_at(conn, user_id, &c.id)?.map(rfc3339),
    })
}

pub fn lesson(conn: &Connection, l: &LessonRow, user_id: &str) -> Result<Lesson, ApiError> {
    let siblings = lessons(conn, &l.course_id, user_id)?;
    let at = siblings.iter().position(|s| s.id == l.id).unwrap_or(0);
    let course_title: String =
        conn.query_row("SELECT title FROM courses WHERE id = ?1", params![l.course_id], |r| r.get(0))?;
    Ok(Lesson {
        id: l.id.clone(),
        course_id: l.course_id.clone(),
        course_title,
        number: at as u32 + 1,
        title: l.title.clone(),
        min_secs: secs(l.min_secs),
        studied_secs: secs(l.studied_secs),
        done: l.done_at.is_some(),
        body: l.body.clone(),
        media: l.media.clone(),
        resume_at: l.resume_at.map(secs),
        previous_id: at.checked_sub(1).and_then(|i| siblings.get(i)).map(|s| s.id.clone()),
        next_id: siblings.get(at + 1).map(|s| s.id.clone()),
    })
}

/// A heartbeat of `user_id` on lesson `l` at `now`: counts the study time the user's clock
/// allows ([`rules::study_credit`]), keeps the position, marks the lesson done at its minimum
/// time and the course completed with its last lesson (issuing its certificate). Call it in a
/// transaction.
pub fn beat(conn: &Connection, l: &LessonRow, user_id: &str, position: Option<u32>, now: i64) -> Result<StudyProgress, ApiError> {
    let last: Option<i64> = conn
        .query_row("SELECT last_beat FROM study_clock WHERE user_id = ?1", params![user_id], |r| r.get(0))
        .optional()?;
    let credit = rules::study_credit(last, now);
    conn.execute(
        "INSERT INTO study_clock (user_id, last_beat) VALUES (?1, ?2) \
         ON CONFLICT (user_id) DO UPDATE SET last_beat = CASE WHEN study_clock.last_beat > excluded.last_beat \
           THEN study_clock.last_beat ELSE excluded.last_beat END",
        params![user_id, now],
    )?;
    let studied = l.studied_secs + credit;
    let done_at = l.done_at.or((studied >= l.min_secs).then_some(now));
    conn.execute(
        "INSERT INTO lesson_progress (user_id, lesson_id, studied_secs, position, done_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
         ON CONFLICT (user_id, lesson_id) DO UPDATE SET studied_secs = excluded.studied_secs, \
           position = COALESCE(excluded.position, lesson_progress.position), done_at = excluded.done_at, updated_at = excluded.updated_at",
        params![user_id, l.id, studied, position.map(i64::from), done_at, now],
    )?;
    let all = lessons(conn, &l.course_id, user_id)?;
    if all.iter().all(|s| s.done_at.is_some()) {
        let completed = conn.execute(
            "INSERT INTO course_completions (user_id, course_id, completed_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
            params![user_id, l.course_id, now],
        )?;
        if completed == 1 {
            // its certificate (结业证书), with the completion
            super::assess::issue_course(conn, user_id, &l.course_id, now)?;
        }
    }
    let fresh = all.iter().find(|s| s.id == l.id).map_or_else(|| l.summary(), LessonRow::summary);
    Ok(StudyProgress {
        counted_secs: secs(credit),
        lesson: fresh,
        course: progress(conn, &l.course_id, user_id, &all)?,
    })
}
