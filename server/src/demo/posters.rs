//! Demo posters (扫码即联代表 on notice boards): three that 黄丽 put up some weeks ago, with
//! what they brought per week (aggregate counts only, as the API keeps them).

use crate::sql::params;

use super::people::{DEPUTY_HE, STAFF_HUANG};
use crate::clock::DAY;
use crate::db::Error;
use crate::routes::posters::week_start;
use crate::Db;

/// (id, target, target id, place, days ago, opens and messages per week, oldest first)
const POSTERS: &[(&str, &str, Option<&str>, &str, i64, &[(i64, i64)])] = &[
    ("ps_00001", "deputy", Some(DEPUTY_HE), "石峡村委会公告栏", 30, &[(9, 2), (6, 1), (4, 1), (3, 0), (1, 0)]),
    ("ps_00002", "station", Some("st_heping"), "和平村小学门口宣传栏", 16, &[(5, 1), (7, 2), (2, 0)]),
    ("ps_00003", "home", None, "龙湾镇卫生院挂号处", 9, &[(11, 3), (4, 1)]),
];

/// Seeds the demo posters when there are demo people but no posters yet.
pub fn seed_posters_if_empty(db: &Db, now: i64, tz_secs: i64) -> Result<Option<usize>, Error> {
    db.with_conn(|conn| {
        let posters: i64 = conn.query_row("SELECT COUNT(*) FROM posters", (), |r| r.get(0))?;
        let staff: i64 = conn.query_row("SELECT COUNT(*) FROM users WHERE id = ?1", [STAFF_HUANG], |r| r.get(0))?;
        if posters > 0 || staff == 0 {
            return Ok(None);
        }
        let tx = conn.transaction()?;
        for (seq, (id, target, target_id, place, days_ago, weeks)) in POSTERS.iter().enumerate() {
            let made = now - days_ago * DAY;
            tx.execute(
                "INSERT INTO posters (seq, id, target, target_id, place, by_user, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![seq as i64 + 1, id, target, target_id, place, STAFF_HUANG, made],
            )?;
            let last = weeks.len() as i64 - 1;
            for (i, (opens, messages)) in weeks.iter().enumerate() {
                let at = now - (last - i as i64) * 7 * DAY;
                tx.execute(
                    "INSERT INTO poster_weeks (poster_id, week_start, opens, messages) VALUES (?1, ?2, ?3, ?4)",
                    params![id, week_start(at, tz_secs), opens, messages],
                )?;
            }
        }
        tx.commit()?;
        Ok(Some(POSTERS.len()))
    })
}
