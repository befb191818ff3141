//! 数字素养自测: a few questions about a deputy's own digital habits (拍照发微信, 下载安装应用,
//! 网上办事…) from `server/demo/self_check.json`, each option worth points; the total
//! recommends 入门 or 进阶 courses ([`recommend`], a pure rule with its tests), and each user's
//! last result is kept (`self_check_results`, migration 19).

use contract::{CourseLevel, SelfCheckAnswer, SelfCheckOption, SelfCheckQuestion, SelfCheckResult};
use crate::sql::{params, Connection, OptionalExtension};
use serde::Deserialize;

use crate::clock::rfc3339;
use crate::problem::ApiError;

pub const SELF_CHECK_JSON: &str = include_str!("../../demo/self_check.json");

/// At this share of the maximum score (percent) or more, 进阶 courses are recommended.
pub const ADVANCED_FROM_PERCENT: u32 = 60;

/// How many habits to practise first a reason names at most.
const NAMED_SKILLS: usize = 3;

#[derive(Debug, Clone, Deserialize)]
pub struct Bank {
    pub questions: Vec<Question>,
}

/// A question as configured: a short name of the skill it asks about, and what each option is
/// worth.
#[derive(Debug, Clone, Deserialize)]
pub struct Question {
    pub id: String,
    pub skill: String,
    pub text: String,
    pub options: Vec<Choice>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Choice {
    pub text: String,
    pub points: u32,
}

/// The id of the option at `index`: a, b, c…
fn option_id(index: usize) -> String {
    char::from(b'a' + (index % 26) as u8).to_string()
}

/// The questions (the file is part of the server; a broken one is a build's mistake, caught by
/// the tests).
pub fn bank() -> Bank {
    serde_json::from_str(SELF_CHECK_JSON).unwrap_or(Bank { questions: Vec::new() })
}

impl Bank {
    /// The questions as asked: without their points.
    pub fn asked(&self) -> Vec<SelfCheckQuestion> {
        self.questions
            .iter()
            .map(|q| SelfCheckQuestion {
                id: q.id.clone(),
                text: q.text.clone(),
                options: q
                    .options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| SelfCheckOption { id: option_id(i), text: o.text.clone() })
                    .collect(),
            })
            .collect()
    }

    /// (skill, points earned, points possible) of each question, for validated `answers`.
    pub fn scored(&self, answers: &[SelfCheckAnswer]) -> Vec<(String, u32, u32)> {
        self.questions
            .iter()
            .map(|q| {
                let max = q.options.iter().map(|o| o.points).max().unwrap_or(0);
                let got = answers
                    .iter()
                    .find(|a| a.question_id == q.id)
                    .and_then(|a| (0..q.options.len()).find(|&i| option_id(i) == a.option_id))
                    .map_or(0, |i| q.options[i].points);
                (q.skill.clone(), got, max)
            })
            .collect()
    }
}

/// The recommendation of scored answers (skill, earned, possible): the level, the score, the
/// maximum and a one-line reason naming the habits with the fewest points (those earning
/// nothing first) when 入门 is recommended, or the weakest ones still worth practising at 进阶.
pub fn recommend(scored: &[(String, u32, u32)]) -> (CourseLevel, u32, u32, String) {
    let score: u32 = scored.iter().map(|s| s.1).sum();
    let max: u32 = scored.iter().map(|s| s.2).sum();
    let percent = if max == 0 { 0 } else { score * 100 / max };
    let mut weak: Vec<&(String, u32, u32)> = scored.iter().filter(|s| s.1 < s.2).collect();
    // the least at ease first (by the share earned), in the questions' order on a tie
    weak.sort_by_key(|s| if s.2 == 0 { 0 } else { s.1 * 100 / s.2 });
    let named: Vec<&str> = weak.iter().take(NAMED_SKILLS).map(|s| s.0.as_str()).collect();
    if max > 0 && percent >= ADVANCED_FROM_PERCENT {
        let reason = if named.is_empty() {
            format!("得分 {score}/{max}，常用的手机操作都很熟练，可以直接学习进阶课程。")
        } else {
            format!("得分 {score}/{max}，常用的手机操作已经熟练，可以学习进阶课程；还可以多练练：{}。", named.join("、"))
        };
        (CourseLevel::Advanced, score, max, reason)
    } else {
        let reason = if named.is_empty() {
            format!("得分 {score}/{max}，建议先从入门课程学起。")
        } else {
            format!("得分 {score}/{max}，建议先从入门课程学起，先练好：{}。", named.join("、"))
        };
        (CourseLevel::Basic, score, max, reason)
    }
}

/// `user_id`'s last result.
pub fn last(conn: &Connection, user_id: &str) -> Result<Option<SelfCheckResult>, ApiError> {
    Ok(conn
        .query_row(
            "SELECT level, score, max_score, reason, taken_at FROM self_check_results WHERE user_id = ?1",
            params![user_id],
            |r| {
                Ok(SelfCheckResult {
                    level: CourseLevel::parse(&r.get::<_, String>(0)?).unwrap_or_default(),
                    score: r.get(1)?,
                    max_score: r.get(2)?,
                    reason: r.get(3)?,
                    taken_at: rfc3339(r.get(4)?),
                })
            },
        )
        .optional()?)
}

/// Keeps `result` as `user_id`'s last one (replacing the one before).
pub fn save(conn: &Connection, user_id: &str, answers: &[SelfCheckAnswer], result: &SelfCheckResult, now: i64) -> Result<(), ApiError> {
    let json = serde_json::to_string(answers).map_err(|e| ApiError::Internal(e.to_string()))?;
    conn.execute(
        "INSERT INTO self_check_results (user_id, answers_json, score, max_score, level, reason, taken_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (user_id) DO UPDATE SET answers_json = ?2, score = ?3, \
         max_score = ?4, level = ?5, reason = ?6, taken_at = ?7",
        params![user_id, json, result.score, result.max_score, result.level.as_str(), result.reason, now],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(skill: &str, got: u32, max: u32) -> (String, u32, u32) {
        (skill.to_string(), got, max)
    }

    #[test]
    fn the_bank_is_six_to_ten_questions_each_with_points() {
        let b = bank();
        assert!((6..=10).contains(&b.questions.len()), "{}", b.questions.len());
        for q in &b.questions {
            assert!(q.options.len() >= 2, "{}", q.id);
            assert!(q.options.iter().any(|o| o.points > 0), "{}", q.id);
            assert!(!q.skill.is_empty());
        }
        let asked = b.asked();
        assert_eq!(asked[0].options[0].id, "a");
        assert_eq!(asked[0].options.len(), b.questions[0].options.len());
    }

    #[test]
    fn sixty_percent_recommends_advanced() {
        let (level, score, max, reason) = recommend(&[s("拍照", 2, 2), s("安装", 1, 2), s("网上办事", 0, 1)]);
        assert_eq!((level, score, max), (CourseLevel::Advanced, 3, 5));
        assert!(reason.contains("3/5") && reason.contains("网上办事、安装"), "{reason}");
        let (level, _, _, reason) = recommend(&[s("拍照", 2, 2), s("安装", 2, 2)]);
        assert_eq!(level, CourseLevel::Advanced);
        assert!(reason.contains("都很熟练"), "{reason}");
        // just below
        let (level, ..) = recommend(&[s("a", 1, 2), s("b", 1, 2), s("c", 0, 1)]);
        assert_eq!(level, CourseLevel::Basic);
    }

    #[test]
    fn basic_names_the_habits_to_practise_first() {
        let scored = [s("拍照发微信", 1, 2), s("下载安装应用", 0, 2), s("网上办事", 0, 2), s("调大字号", 2, 2), s("看懂统计数字", 1, 2)];
        let (level, score, max, reason) = recommend(&scored);
        assert_eq!((level, score, max), (CourseLevel::Basic, 4, 10));
        assert_eq!(reason, "得分 4/10，建议先从入门课程学起，先练好：下载安装应用、网上办事、拍照发微信。");
        // nothing answered with points at all
        assert_eq!(recommend(&[]).0, CourseLevel::Basic);
    }

    #[test]
    fn answers_are_scored_by_their_options() {
        let b = bank();
        let answers: Vec<SelfCheckAnswer> = b
            .questions
            .iter()
            .map(|q| SelfCheckAnswer { question_id: q.id.clone(), option_id: option_id(q.options.len() - 1) })
            .collect();
        let scored = b.scored(&answers);
        assert!(scored.iter().all(|(_, got, max)| got == max));
        assert_eq!(recommend(&scored).0, CourseLevel::Advanced);
        let none: Vec<SelfCheckAnswer> =
            b.questions.iter().map(|q| SelfCheckAnswer { question_id: q.id.clone(), option_id: "a".into() }).collect();
        assert_eq!(recommend(&b.scored(&none)).0, CourseLevel::Basic);
    }
}
