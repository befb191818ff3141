//! The question bank and 每日一练: questions as asked (options shuffled per person and day, never
//! the answer), answers marked with [`rules::mark`], the day's questions chosen once with
//! [`rules::daily_practice`], and the streak of days practised. Every statement is
//! parameterised.

use contract::civil::{civil_from_days, date_string, local_day};
use contract::{PracticeItem, PracticeSet, QuizFeedback, QuizKind, QuizOption, QuizQuestion};
use crate::sql::{params, Connection, OptionalExtension};

use super::rules::{self, Kind};
use crate::problem::ApiError;

/// A question of the bank as stored.
#[derive(Debug, Clone)]
pub struct QuestionRow {
    pub id: String,
    pub category: String,
    pub kind: QuizKind,
    pub text: String,
    /// The options' texts; an option's id is its letter ([`option_id`]).
    pub options: Vec<String>,
    pub correct: Vec<String>,
    pub explanation: String,
}

/// The id of the option at `index` of the bank's order: a, b, c…
pub fn option_id(index: usize) -> String {
    char::from(b'a' + (index % 26) as u8).to_string()
}

const COLUMNS: &str = "q.id, q.category, q.kind, q.text, q.options_json, q.correct_json, q.explanation";

fn read(r: &crate::sql::Row) -> crate::sql::Result<QuestionRow> {
    let kind: String = r.get(2)?;
    let options: String = r.get(4)?;
    let correct: String = r.get(5)?;
    Ok(QuestionRow {
        id: r.get(0)?,
        category: r.get(1)?,
        kind: QuizKind::parse(&kind).unwrap_or_default(),
        text: r.get(3)?,
        options: serde_json::from_str(&options).unwrap_or_default(),
        correct: serde_json::from_str(&correct).unwrap_or_default(),
        explanation: r.get(6)?,
    })
}

pub fn question(conn: &Connection, id: &str) -> Result<Option<QuestionRow>, ApiError> {
    Ok(conn.query_row(&format!("SELECT {COLUMNS} FROM quiz_questions q WHERE q.id = ?1"), params![id], read).optional()?)
}

/// Every question id of the bank.
pub fn bank(conn: &Connection) -> Result<Vec<String>, ApiError> {
    let mut stmt = conn.prepare_cached("SELECT id FROM quiz_questions ORDER BY seq")?;
    let ids = stmt.query_map((), |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
    Ok(ids)
}

fn kind(k: QuizKind) -> Kind {
    match k {
        QuizKind::Multiple => Kind::Multiple,
        QuizKind::TrueFalse => Kind::TrueFalse,
        _ => Kind::Single,
    }
}

impl QuestionRow {
    /// The question as asked with `seed`: options shuffled (正确/错误 keep their order).
    pub fn asked(&self, seed: u64) -> QuizQuestion {
        let ids: Vec<String> = (0..self.options.len()).map(option_id).collect();
        let order: Vec<String> = if self.kind == QuizKind::TrueFalse {
            ids.clone()
        } else {
            rules::shuffled_options(&ids.iter().map(String::as_str).collect::<Vec<_>>(), seed, &self.id)
        };
        QuizQuestion {
            id: self.id.clone(),
            category: self.category.clone(),
            kind: self.kind,
            text: self.text.clone(),
            options: order
                .iter()
                .filter_map(|id| ids.iter().position(|i| i == id).map(|at| QuizOption { id: id.clone(), text: self.options[at].clone() }))
                .collect(),
        }
    }

    /// Whether every chosen id is an option of this question.
    pub fn has_options(&self, chosen: &[String]) -> bool {
        chosen.iter().all(|c| (0..self.options.len()).any(|i| option_id(i) == *c))
    }

    /// The mark of `chosen` (0–100).
    pub fn mark(&self, chosen: &[String]) -> u32 {
        let correct: Vec<&str> = self.correct.iter().map(String::as_str).collect();
        let chosen: Vec<&str> = chosen.iter().map(String::as_str).collect();
        rules::mark(kind(self.kind), &correct, &chosen)
    }

    pub fn feedback(&self, chosen: Vec<String>, mark: u32) -> QuizFeedback {
        QuizFeedback {
            question_id: self.id.clone(),
            correct: mark == 100,
            mark,
            chosen,
            correct_option_ids: self.correct.clone(),
            explanation: self.explanation.clone(),
        }
    }
}

/// The township day number of `now`.
pub fn today(now: i64, tz_secs: i64) -> i64 {
    local_day(now, tz_secs)
}

fn day_string(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    date_string(y, m, d)
}

/// The questions of `user_id`'s practice on `day`: chosen the first time they are asked for,
/// then kept.
pub fn day_questions(conn: &Connection, user_id: &str, day: i64) -> Result<Vec<String>, ApiError> {
    let stored: Option<String> = conn
        .query_row(
            "SELECT question_ids_json FROM practice_days WHERE user_id = ?1 AND day = ?2",
            params![user_id, day],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(json) = stored {
        return Ok(serde_json::from_str(&json).unwrap_or_default());
    }
    let ids = bank(conn)?;
    let chosen = rules::daily_practice(&ids.iter().map(String::as_str).collect::<Vec<_>>(), user_id, day);
    let json = serde_json::to_string(&chosen).map_err(|e| ApiError::Internal(e.to_string()))?;
    conn.execute(
        "INSERT INTO practice_days (user_id, day, question_ids_json) VALUES (?1, ?2, ?3)",
        params![user_id, day, json],
    )?;
    Ok(chosen)
}

/// The points ledger's reference of a day's practice: its date, `YYYY-MM-DD`.
pub fn day_reference(day: i64) -> String {
    day_string(day)
}

/// The seed of a user's day: the options' order of their practice that day.
fn day_seed(user_id: &str, day: i64) -> u64 {
    rules::seed(&[user_id, "practice", &day.to_string()])
}

/// The stored answer of a question of a user's day: (chosen ids, mark).
pub fn answer(conn: &Connection, user_id: &str, day: i64, question_id: &str) -> Result<Option<(Vec<String>, u32)>, ApiError> {
    Ok(conn
        .query_row(
            "SELECT option_ids_json, mark FROM practice_answers WHERE user_id = ?1 AND day = ?2 AND question_id = ?3",
            params![user_id, day, question_id],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)),
        )
        .optional()?
        .map(|(json, mark)| (serde_json::from_str(&json).unwrap_or_default(), mark)))
}

pub fn save_answer(conn: &Connection, user_id: &str, day: i64, question_id: &str, chosen: &[String], mark: u32, now: i64) -> Result<(), ApiError> {
    let json = serde_json::to_string(chosen).map_err(|e| ApiError::Internal(e.to_string()))?;
    conn.execute(
        "INSERT INTO practice_answers (user_id, day, question_id, option_ids_json, mark, answered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![user_id, day, question_id, json, mark, now],
    )?;
    Ok(())
}

/// The days on which `user_id` answered every question of the day.
pub fn finished_days(conn: &Connection, user_id: &str) -> Result<Vec<i64>, ApiError> {
    // (the length of the day's list read here: SQLite and PostgreSQL name their JSON functions
    // differently)
    let mut stmt = conn.prepare_cached(
        "SELECT d.day, d.question_ids_json, \
           (SELECT COUNT(*) FROM practice_answers a WHERE a.user_id = d.user_id AND a.day = d.day) \
         FROM practice_days d WHERE d.user_id = ?1 ORDER BY d.day",
    )?;
    let rows = stmt
        .query_map(params![user_id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows
        .into_iter()
        .filter(|(_, ids, answered)| {
            let asked = serde_json::from_str::<Vec<serde_json::Value>>(ids).map_or(0, |v| v.len());
            *answered >= asked as i64
        })
        .map(|(day, _, _)| day)
        .collect())
}

/// `user_id`'s practice of `day` as shown.
pub fn practice_set(conn: &Connection, user_id: &str, day: i64) -> Result<PracticeSet, ApiError> {
    let seed = day_seed(user_id, day);
    let mut items = Vec::new();
    let (mut answered, mut correct) = (0, 0);
    for id in day_questions(conn, user_id, day)? {
        // a question taken out of the bank since the morning is left out
        let Some(q) = question(conn, &id)? else { continue };
        let feedback = answer(conn, user_id, day, &id)?.map(|(chosen, mark)| q.feedback(chosen, mark));
        if let Some(f) = &feedback {
            answered += 1;
            correct += u32::from(f.correct);
        }
        items.push(PracticeItem { question: q.asked(seed), feedback });
    }
    Ok(PracticeSet {
        day: day_string(day),
        items,
        answered,
        correct,
        streak: rules::streak(&finished_days(conn, user_id)?, day),
    })
}
