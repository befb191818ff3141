//! Demo points and 表彰榜: the ledger is paid from the demo's own activity — the messages
//! people sent, their ratings, their published comments — through the same
//! [`crate::points::award`] (so the caps hold), plus visits and reads over the past eight
//! weeks, more for the more active; then commendations of the most active citizens and of the
//! two demo deputies.

use crate::sql::{params, Connection};

use super::people::{DEPUTY_CHEN, DEPUTY_HE, STAFF_HUANG};
use crate::clock::{DAY, HOUR};
use crate::db::Error;
use crate::points::{self, Award, PointsRules};
use crate::Db;
use contract::PointsAction;

/// Seeds the demo points when there are demo people but no ledger yet.
pub fn seed_points_if_empty(
    db: &Db,
    now: i64,
    rules: &PointsRules,
    tz_minutes: i32,
) -> Result<Option<usize>, Error> {
    db.with_conn(|conn| {
        let entries: i64 =
            conn.query_row("SELECT COUNT(*) FROM points_ledger", (), |r| r.get(0))?;
        let staff: i64 = conn.query_row(
            "SELECT COUNT(*) FROM users WHERE id = ?1",
            [STAFF_HUANG],
            |r| r.get(0),
        )?;
        if entries > 0 || staff == 0 {
            return Ok(None);
        }
        let tx = conn.transaction()?;
        let n =
            seed(&tx, now, rules, tz_minutes).map_err(|e| Error(format!("demo points: {e:?}")))?;
        tx.commit()?;
        Ok(Some(n))
    })
}

type Event = (i64, String, PointsAction, String, String, Option<String>);

fn events(conn: &Connection, sql: &str, action: PointsAction) -> crate::sql::Result<Vec<Event>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map((), |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            action,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
        ))
    })?;
    rows.collect()
}

fn seed(
    conn: &Connection,
    now: i64,
    rules: &PointsRules,
    tz: i32,
) -> Result<usize, crate::problem::ApiError> {
    let mut all: Vec<Event> = Vec::new();
    all.extend(events(
        conn,
        "SELECT created_at, author_id, id, title, '/messages/' || id FROM messages",
        PointsAction::MessageSent,
    )?);
    all.extend(events(
        conn,
        "SELECT r.at, m.author_id, m.id, m.title, '/messages/' || m.id FROM message_ratings r JOIN messages m ON m.id = r.message_id",
        PointsAction::MessageRated,
    )?);
    all.extend(events(
        conn,
        "SELECT c.created_at, c.author_id, c.id, COALESCE(a.title, m.title, ''), \
         CASE c.target_kind WHEN 'article' THEN '/articles/' ELSE '/messages/' END || c.target_id || '#comment-' || COALESCE(c.thread_id, c.id) \
         FROM comments c LEFT JOIN articles a ON c.target_kind = 'article' AND a.id = c.target_id \
         LEFT JOIN messages m ON c.target_kind = 'message' AND m.id = c.target_id WHERE c.state = 'published'",
        PointsAction::Comment,
    )?);
    // Visits and reads: each person who took part visits on some of the last 56 days — the
    // more they did, the more often — and reads an article or two on those days.
    let people: Vec<(String, i64)> = {
        let mut stmt = conn.prepare(
            "SELECT u.id, (SELECT COUNT(*) FROM messages WHERE author_id = u.id) + \
             (SELECT COUNT(*) FROM comments WHERE author_id = u.id) FROM users u WHERE u.roles NOT LIKE '%staff%'",
        )?;
        let rows = stmt.query_map((), |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    let articles: Vec<(String, String)> = {
        let mut stmt =
            conn.prepare("SELECT id, title FROM articles ORDER BY published_at DESC LIMIT 20")?;
        let rows = stmt.query_map((), |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    for (i, (user, activity)) in people.iter().enumerate() {
        if *activity == 0 {
            continue;
        }
        // every 2nd to 6th day, by how active
        let every = (6 - activity.min(&4)) as usize;
        for d in (1..56).filter(|d| (d + i) % every == 0) {
            // mornings and evenings, when people in the township read their phones
            let at = now - d as i64 * DAY - (i as i64 % 3) * 5 * HOUR;
            let day = (at + i64::from(tz) * 60).div_euclid(DAY);
            all.push((
                at,
                user.clone(),
                PointsAction::DailyVisit,
                format!("day-{day}"),
                "每日访问".into(),
                None,
            ));
            if let Some((id, title)) = articles.get((d + i * 7) % articles.len().max(1)) {
                all.push((
                    at + 120,
                    user.clone(),
                    PointsAction::ArticleRead,
                    format!("{id}@{day}"),
                    title.clone(),
                    Some(format!("/articles/{id}")),
                ));
            }
        }
    }
    all.sort_by(|a, b| a.0.cmp(&b.0));
    let mut paid = 0;
    for (at, user, action, reference, title, link) in &all {
        let a = Award {
            user_id: user,
            action: *action,
            reference,
            title,
            link: link.as_deref(),
        };
        if points::award(conn, rules, tz, &a, *at)?.is_some() {
            paid += 1;
        }
    }
    commend(conn, now)?;
    Ok(paid)
}

/// The 表彰榜: the two citizens with the most points, and the two demo deputies.
fn commend(conn: &Connection, now: i64) -> Result<(), crate::problem::ApiError> {
    let top: Vec<String> = {
        let mut stmt = conn.prepare(
            "SELECT p.user_id FROM points_ledger p JOIN users u ON u.id = p.user_id \
             WHERE u.roles = 'citizen' GROUP BY p.user_id ORDER BY SUM(p.points) DESC, p.user_id LIMIT 2",
        )?;
        let rows = stmt.query_map((), |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    // periods named from today: last month, and the quarter before it
    let (y, m, _) = contract::civil::civil_from_days(now.div_euclid(DAY));
    let (ly, lm) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
    let month = format!("{ly}年{lm}月");
    let (qy, q) = if lm <= 3 {
        (ly - 1, 4)
    } else {
        (ly, (lm - 1) / 3)
    };
    let quarter = format!("{qy}年第{}季度", ["一", "二", "三", "四"][q as usize - 1]);
    let mut list: Vec<(Option<String>, Option<&str>, &str, &str, &str, i64)> = vec![(
        None,
        Some(DEPUTY_HE),
        "优秀代表",
        &quarter,
        "每月两次到联络站接待群众，推动解决了龙湾村灌溉渠清淤和村小校门口交通安全问题。",
        60,
    )];
    let citizen_reasons = [
        "积极为村道管护、垃圾分类建言献策，多条留言被代表采纳办理，并主动在评论区解答邻里疑问。",
        "经常参与政策解读的讨论，帮助村里老人了解医保缴费和养老服务政策，热心公益。",
    ];
    for (user, reason) in top.iter().zip(citizen_reasons) {
        list.push((Some(user.clone()), None, "热心群众", &month, reason, 4));
    }
    list.push((
        None,
        Some(DEPUTY_CHEN),
        "优秀代表",
        &month,
        "本月办结群众留言全部按期答复，群众满意度评价4.8分，带头推进村口路灯安装。",
        3,
    ));
    for (i, (user, deputy, title, period, reason, days_ago)) in list.iter().enumerate() {
        let exists: bool = match deputy {
            Some(d) => conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM deputies WHERE id = ?1)",
                [d],
                |r| r.get(0),
            )?,
            None => true,
        };
        if !exists {
            continue;
        }
        let n = i as i64 + 1;
        conn.execute(
            "INSERT INTO commendations (seq, id, user_id, deputy_id, title, reason, period, by_user, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![n, format!("cm_{n:05}"), user, deputy, title, reason, period, STAFF_HUANG, now - days_ago * DAY],
        )?;
    }
    Ok(())
}
