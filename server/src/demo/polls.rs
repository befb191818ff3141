//! Demo polls of 龙湾镇: open ones of each scope (the township, a station's villages, one
//! village), one not open yet, and two closed ones with the votes of the village's people —
//! demo voter accounts (村民 of each village), so that results and turnout look like a
//! township's. The demo citizens get a village (王秀英 龙湾村, 李建国 和平村) and have not voted
//! in the open polls, so that the demo can vote.

use contract::{NewPoll, NewQuestion, NewScope, QuestionKind, ResultsShown, ScopeKind};
use crate::sql::{params, Connection};

use crate::clock::{rfc3339, DAY, HOUR};
use crate::db::{Db, Error};
use crate::polls;

use super::people::{CITIZEN_LI, CITIZEN_WANG, STAFF_HUANG};

/// The demo voters: (village, station, how many).
const VOTERS: &[(&str, &str, usize)] = &[
    ("龙湾村", "st_center", 34),
    ("龙湾社区", "st_center", 22),
    ("塘尾村", "st_center", 14),
    ("和平村", "st_heping", 26),
    ("大坪村", "st_heping", 12),
    ("石峡社区", "st_shixia", 18),
    ("新圩村", "st_xinxu", 16),
];

const SURNAMES: &[&str] = &[
    "陈", "李", "黄", "何", "梁", "邓", "罗", "冯", "林", "谭", "吴", "朱",
];
const GIVEN: &[&str] = &["伯", "婶", "姨", "叔", "大哥", "阿姐", "嫂", "公"];

struct Demo {
    title: &'static str,
    description: &'static str,
    scope: (ScopeKind, Option<&'static str>, Option<&'static str>),
    /// Opens and closes, in days from now.
    days: (i64, i64),
    shown: ResultsShown,
    questions: Vec<(&'static str, QuestionKind, Option<u32>, Vec<&'static str>)>,
    /// Of the voters in scope, how many in a hundred vote; and each question's weights.
    turnout: usize,
    weights: Vec<Vec<u32>>,
    /// 王秀英 voted (a closed poll: she is told the results are out).
    wang_voted: bool,
}

fn demos() -> Vec<Demo> {
    use QuestionKind::{Multiple, Single};
    vec![
        Demo {
            title: "2027年民生实事项目票选",
            description: "镇人大主席团从代表建议和群众留言中梳理出六个候选项目，经人代会审议后纳入明年镇财政预算。\n\n每人最多选三项，得票高的项目优先安排。投票结果将提交镇人代会参考。",
            scope: (ScopeKind::All, None, None),
            days: (-4, 10),
            shown: ResultsShown::AfterVote,
            questions: vec![(
                "您最希望明年优先办理哪些民生实事？（最多选三项）",
                Multiple,
                Some(3),
                vec!["自然村村道硬化", "农村饮水管网改造", "镇卫生院增设夜间门诊", "村级养老服务站", "中小学校门口交通护栏", "垃圾分类收集点升级"],
            )],
            turnout: 45,
            weights: vec![vec![9, 7, 6, 8, 4, 3]],
            wang_voted: false,
        },
        Demo {
            title: "龙湾片区垃圾分类收集点选址",
            description: "中心联络站服务的龙湾社区、龙湾村、塘尾村、白沙村将新设两个四分类收集点（可回收物、有害垃圾、厨余垃圾、其他垃圾），定时定点投放。请选择您认为最合适的位置。",
            scope: (ScopeKind::Station, Some("st_center"), None),
            days: (-2, 12),
            shown: ResultsShown::AfterClose,
            questions: vec![
                ("第一个收集点设在哪里？", Single, None, vec!["龙湾市场东侧空地", "龙湾小学后门停车场旁", "塘尾村文化室旁"]),
                ("您希望的定时投放时段", Single, None, vec!["早上 7:00–9:00", "傍晚 18:00–20:00", "早晚各一次"]),
            ],
            turnout: 35,
            weights: vec![vec![5, 3, 2], vec![2, 3, 6]],
            wang_voted: false,
        },
        Demo {
            title: "和平村村道硬化方案",
            description: "和平村至大坪村的机耕路约 2.3 公里，雨天泥泞，村民多次反映。镇里拟安排资金硬化，现就路面方案和施工时间征求和平村村民意见。",
            scope: (ScopeKind::Village, Some("st_heping"), Some("和平村")),
            days: (-3, 7),
            shown: ResultsShown::AfterVote,
            questions: vec![
                ("您支持哪种路面方案？", Single, None, vec!["水泥混凝土路面（宽 4.5 米）", "沥青路面（宽 4 米，造价高约两成）", "先修排水沟，明年再硬化"]),
                ("施工期间您最关心什么？（可多选）", Multiple, Some(2), vec!["农忙时不影响收割运输", "留出学生上学通道", "施工噪音和扬尘"]),
            ],
            turnout: 60,
            weights: vec![vec![7, 2, 1], vec![6, 5, 3]],
            wang_voted: false,
        },
        Demo {
            title: "镇人大代表年度述职评议",
            description: "每年年底，镇人大代表向选民述职。请选择您最希望代表重点汇报的内容，联络站将据此安排述职会议程。",
            scope: (ScopeKind::All, None, None),
            days: (3, 17),
            shown: ResultsShown::AfterClose,
            questions: vec![("您最希望代表重点汇报哪方面？", Single, None, vec!["建议办理和落实情况", "联系群众、接待走访情况", "参加人代会和视察调研情况"])],
            turnout: 0,
            weights: vec![vec![1, 1, 1]],
            wang_voted: false,
        },
        Demo {
            title: "镇养老服务中心开放时间调整",
            description: "镇养老服务中心（日间照料）现开放时间为工作日 8:30–17:00。不少老人和家属反映周末也需要照料服务。根据投票结果，中心将于下月起调整开放时间。",
            scope: (ScopeKind::All, None, None),
            days: (-24, -10),
            shown: ResultsShown::AfterVote,
            questions: vec![
                ("您希望的开放时间", Single, None, vec!["维持工作日 8:30–17:00", "每天 8:00–18:00（含周末）", "工作日延长到 19:00，周末半天"]),
                ("您希望增加哪些服务？（最多选两项）", Multiple, Some(2), vec!["午餐送餐上门", "健康体检和量血压", "棋牌和读报活动", "代购代办"]),
            ],
            turnout: 55,
            weights: vec![vec![1, 6, 4], vec![7, 6, 3, 4]],
            wang_voted: true,
        },
        Demo {
            title: "龙湾村文化广场健身器材选配",
            description: "龙湾村文化广场改造项目有一笔健身器材经费，可选配四至五件。请村民选出最需要的器材。",
            scope: (ScopeKind::Village, Some("st_center"), Some("龙湾村")),
            days: (-45, -30),
            shown: ResultsShown::AfterClose,
            questions: vec![("最需要哪些健身器材？（最多选三项）", Multiple, Some(3), vec!["太极推手器", "腰背按摩器", "乒乓球台", "儿童滑梯秋千", "漫步机"])],
            turnout: 70,
            weights: vec![vec![6, 7, 5, 8, 4]],
            wang_voted: true,
        },
    ]
}

/// A small deterministic generator (the demo is the same every time).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as u32
    }

    /// An index chosen by `weights`, not one of `taken`.
    fn pick(&mut self, weights: &[u32], taken: &[usize]) -> usize {
        let total: u32 = weights
            .iter()
            .enumerate()
            .filter(|(i, _)| !taken.contains(i))
            .map(|(_, w)| w)
            .sum();
        let mut r = self.next() % total.max(1);
        for (i, w) in weights.iter().enumerate() {
            if taken.contains(&i) {
                continue;
            }
            if r < *w {
                return i;
            }
            r -= w;
        }
        (0..weights.len()).find(|i| !taken.contains(i)).unwrap_or(0)
    }
}

fn seed(conn: &Connection, now: i64) -> Result<usize, crate::problem::ApiError> {
    // the voters of each village
    let mut voters: Vec<(String, &str, &str)> = Vec::new();
    let mut n = 0;
    for (village, station, count) in VOTERS {
        for _ in 0..*count {
            n += 1;
            let id = format!("u_demo_voter_{n:03}");
            let name = format!(
                "{}{}",
                SURNAMES[n % SURNAMES.len()],
                GIVEN[(n / SURNAMES.len()) % GIVEN.len()]
            );
            conn.execute(
                "INSERT INTO users (id, phone, display_name, roles, created_at, village_station_id, village) \
                 VALUES (?1, ?2, ?3, 'citizen', ?4, ?5, ?6)",
                params![id, format!("1350000{n:04}"), name, now - 60 * DAY, station, village],
            )?;
            voters.push((id, station, village));
        }
    }
    polls::set_village(
        conn,
        CITIZEN_WANG,
        &contract::Village {
            station_id: "st_center".into(),
            village: "龙湾村".into(),
        },
    )?;
    polls::set_village(
        conn,
        CITIZEN_LI,
        &contract::Village {
            station_id: "st_heping".into(),
            village: "和平村".into(),
        },
    )?;
    let mut rng = Lcg(20261205);
    let mut votes = 0;
    for d in demos() {
        let new = NewPoll {
            title: d.title.into(),
            description: d.description.into(),
            scope: NewScope {
                kind: d.scope.0,
                station_id: d.scope.1.map(Into::into),
                village: d.scope.2.map(Into::into),
            },
            opens_at: Some(rfc3339(now + d.days.0 * DAY)),
            closes_at: rfc3339(now + d.days.1 * DAY),
            results_shown: d.shown,
            questions: d
                .questions
                .iter()
                .map(|(text, kind, max, options)| NewQuestion {
                    text: (*text).into(),
                    kind: *kind,
                    max_choices: *max,
                    options: options.iter().map(|o| (*o).to_owned()).collect(),
                })
                .collect(),
        };
        let id = polls::insert(conn, &new, STAFF_HUANG, now + (d.days.0 - 2) * DAY)?;
        let row = polls::find(conn, &id)?
            .ok_or_else(|| crate::problem::ApiError::Internal("a demo poll vanished".into()))?;
        let qs = polls::questions(conn, &id)?;
        let mut who: Vec<String> = voters
            .iter()
            .filter(|(_, s, v)| {
                polls::in_scope(
                    &row,
                    Some(&contract::Village {
                        station_id: (*s).into(),
                        village: (*v).into(),
                    }),
                )
                .is_ok()
            })
            .filter(|_| rng.next() % 100 < d.turnout as u32)
            .map(|(id, _, _)| id.clone())
            .collect();
        if d.wang_voted {
            who.push(CITIZEN_WANG.into());
        }
        let span = (d.days.1.min(0) - d.days.0).max(1) * DAY - HOUR;
        for user in who {
            let answers = qs
                .iter()
                .zip(&d.weights)
                .map(|(q, w)| {
                    let mut taken = Vec::new();
                    let k = if q.kind == QuestionKind::Multiple {
                        1 + rng.next() as usize % q.max_choices as usize
                    } else {
                        1
                    };
                    for _ in 0..k.min(q.options.len()) {
                        taken.push(rng.pick(w, &taken));
                    }
                    taken.sort_unstable();
                    contract::Answer {
                        question_id: q.id.clone(),
                        option_ids: taken.iter().map(|i| q.options[*i].id.clone()).collect(),
                    }
                })
                .collect::<Vec<_>>();
            let at = row.opens_at + i64::from(rng.next()) % span;
            polls::insert_vote(conn, &id, &user, &answers, at)?;
            votes += 1;
        }
    }
    Ok(votes)
}

/// `--demo`: seeds the demo polls when there are none (after the people). `Ok(None)` when
/// nothing was done.
pub fn seed_polls_if_empty(db: &Db, now: i64) -> Result<Option<usize>, Error> {
    db.with_conn(|conn| {
        let count: i64 = conn.query_row("SELECT COUNT(*) FROM polls", (), |r| r.get(0))?;
        let people: i64 = conn.query_row(
            "SELECT COUNT(*) FROM users WHERE id = ?1",
            [CITIZEN_WANG],
            |r| r.get(0),
        )?;
        if count > 0 || people == 0 {
            return Ok(None);
        }
        let tx = conn.transaction()?;
        let votes = seed(&tx, now).map_err(|e| Error(format!("demo polls: {e:?}")))?;
        tx.commit()?;
        Ok(Some(votes))
    })
}
