//! Demo participation: 议事 topics (open, closed with a conclusion, one proposal waiting for
//! approval), comments and replies on them, on policy explainers, news and a public message, likes, a comment held by the word list and one hidden by reports (so that the
//! staff's moderation queue has work), written by demo citizens, deputies and staff.

use crate::sql::{params, Connection, OptionalExtension};

use super::people::{CITIZEN_LI, CITIZEN_WANG, DEPUTY_CHEN_USER, DEPUTY_HE_USER, STAFF_HUANG};
use crate::clock::{DAY, HOUR};
use crate::db::{Db, Error};

/// More citizens who take part (they can sign in with their phones and the demo code).
const VOICES: &[(&str, &str, &str)] = &[
    ("u_demo_citizen3", "13800000011", "张桂兰"),
    ("u_demo_citizen4", "13800000012", "黄志明"),
    ("u_demo_citizen5", "13800000013", "陈美玲"),
    ("u_demo_citizen6", "13800000014", "邓国强"),
    ("u_demo_citizen7", "13800000015", "梁小红"),
];

/// (key, on: article title or `message`, reply to key, author, text, hours ago)
type Line = (&'static str, &'static str, Option<&'static str>, &'static str, &'static str, i64);

const GARBAGE: &str = "农村生活垃圾分类怎么分？四类垃圾一看就懂";
const ALLOWANCE: &str = "高龄津贴怎么申领？给家有高龄老人的家庭说明白";
const INSURANCE: &str = "城乡居民医保怎么交、怎么报？一次讲清楚";
const PARKING: &str = "塘尾村村民议事会：修不修村道停车点，大家商量着办";
const MESSAGE: &str = "message";

const LINES: &[Line] = &[
    ("g1", GARBAGE, None, "u_demo_citizen3", "厨余垃圾桶能不能多放几个？我们巷子里只有一个，早上经常满了。", 70),
    ("g2", GARBAGE, Some("g1"), STAFF_HUANG, "已记录，下周村里会在巷口再加一组分类桶，谢谢您的建议。", 66),
    ("g3", GARBAGE, Some("g2"), "u_demo_citizen3", "太好了，谢谢！", 65),
    ("g4", GARBAGE, None, CITIZEN_LI, "有害垃圾（旧电池、过期药）送到哪里？希望村委会门口设个回收点。", 40),
    ("g5", GARBAGE, Some("g4"), DEPUTY_CHEN_USER, "村委会门口的回收箱本月底安装，我会跟进，装好后在这里告诉大家。", 30),
    ("g6", GARBAGE, None, "u_demo_citizen4", "建议给老人发一张图文卡片，贴在厨房，一看就知道怎么分。", 20),
    ("a1", ALLOWANCE, None, CITIZEN_WANG, "我母亲今年满八十岁，是不是要本人到镇上办？她腿脚不方便。", 50),
    ("a2", ALLOWANCE, Some("a1"), STAFF_HUANG, "行动不便的老人可以由家属代办，带上老人身份证、户口簿和银行卡到村委会即可。", 46),
    ("a3", ALLOWANCE, None, "u_demo_citizen5", "津贴是每月发还是每季度发？", 12),
    ("i1", INSURANCE, None, "u_demo_citizen6", "在外地打工看病怎么报销？要先备案吗？", 90),
    ("i2", INSURANCE, Some("i1"), DEPUTY_HE_USER, "需要先办异地就医备案，手机上就能办，备案后直接结算。下次接待日我带大家现场操作。", 80),
    ("p1", PARKING, None, "u_demo_citizen7", "支持修停车点，晚上车停路边太挤，救护车都进不来。", 26),
    ("p2", PARKING, None, "u_demo_citizen4", "停车点建在晒谷场旁边比较合适，不占农田。", 25),
    ("p3", PARKING, Some("p1"), CITIZEN_LI, "同意，上次老人生病救护车就卡在村口。", 24),
    ("m1", MESSAGE, None, "u_demo_citizen5", "我们村也有同样的问题，希望一起解决。", 15),
];

/// Likes: (key or article title, who).
const LIKES: &[(&str, &[&str])] = &[
    (GARBAGE, &["u_demo_citizen3", "u_demo_citizen4", CITIZEN_LI, CITIZEN_WANG, "u_demo_citizen6"]),
    (ALLOWANCE, &[CITIZEN_WANG, "u_demo_citizen5"]),
    (INSURANCE, &["u_demo_citizen6", "u_demo_citizen7", CITIZEN_LI]),
    ("g1", &[CITIZEN_LI, "u_demo_citizen4", "u_demo_citizen5"]),
    ("g5", &["u_demo_citizen3", CITIZEN_WANG]),
    ("a2", &[CITIZEN_WANG]),
    ("i2", &["u_demo_citizen6", "u_demo_citizen7"]),
    ("p1", &["u_demo_citizen4", CITIZEN_LI, "u_demo_citizen3", CITIZEN_WANG]),
];

/// Seeds the demo participation when there are demo people and articles but no comments.
pub fn seed_participation_if_empty(db: &Db, now: i64) -> Result<Option<usize>, Error> {
    db.with_conn(|conn| {
        let comments: i64 = conn.query_row("SELECT COUNT(*) FROM comments", (), |r| r.get(0))?;
        let staff: i64 = conn.query_row("SELECT COUNT(*) FROM users WHERE id = ?1", [STAFF_HUANG], |r| r.get(0))?;
        if comments > 0 || staff == 0 {
            return Ok(None);
        }
        let tx = conn.transaction()?;
        let n = seed(&tx, now)?;
        tx.commit()?;
        Ok(Some(n))
    })
}

fn article(conn: &Connection, title: &str) -> Result<Option<String>, Error> {
    Ok(conn
        .query_row("SELECT id FROM articles WHERE title = ?1", [title], |r| r.get(0))
        .optional()?)
}

fn seed(conn: &Connection, now: i64) -> Result<usize, Error> {
    for (id, phone, name) in VOICES {
        conn.execute(
            "INSERT INTO users (id, phone, display_name, roles, created_at) VALUES (?1, ?2, ?3, 'citizen', ?4) ON CONFLICT DO NOTHING",
            params![id, phone, name, now - 30 * DAY],
        )?;
    }
    let message: Option<String> = conn
        .query_row(
            "SELECT id FROM messages WHERE public = 1 AND status <> 'submitted' ORDER BY updated_at DESC LIMIT 1",
            (),
            |r| r.get(0),
        )
        .optional()?;
    let mut ids: Vec<(&str, String, String, String, String)> = Vec::new(); // key, id, kind, target, thread
    let mut n = 0;
    for (seq, (key, on, to, author, text, hours)) in LINES.iter().enumerate() {
        let (kind, target) = if *on == MESSAGE {
            match &message {
                Some(m) => ("message", m.clone()),
                None => continue,
            }
        } else {
            match article(conn, on)? {
                Some(a) => ("article", a),
                None => continue,
            }
        };
        let parent = to.and_then(|k| ids.iter().find(|(key, ..)| *key == k).cloned());
        let id = format!("c_{:06}", seq + 1);
        let thread = parent.as_ref().map(|p| p.4.clone());
        conn.execute(
            "INSERT INTO comments (seq, id, target_kind, target_id, thread_id, reply_to_id, author_id, body, state, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'published', ?9)",
            params![seq as i64 + 1, id, kind, target, thread, parent.as_ref().map(|p| p.1.clone()), author, text, now - hours * HOUR],
        )?;
        let thread_of_this = thread.unwrap_or_else(|| id.clone());
        ids.push((key, id, kind.to_owned(), target, thread_of_this));
        n += 1;
    }
    for (on, who) in LIKES {
        let (kind, target) = match ids.iter().find(|(key, ..)| key == on) {
            Some((_, id, ..)) => ("comment", id.clone()),
            None => match article(conn, on)? {
                Some(a) => ("article", a),
                None => continue,
            },
        };
        for user in *who {
            conn.execute(
                "INSERT INTO likes (target_kind, target_id, user_id, created_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                params![kind, target, user, now - 10 * HOUR],
            )?;
        }
    }
    // for the moderation queue: an advert held by the word list, and a rude comment hidden
    // by three reports
    if let Some(a) = article(conn, GARBAGE)? {
        let next = LINES.len() as i64 + 1;
        conn.execute(
            "INSERT INTO comments (seq, id, target_kind, target_id, author_id, body, state, held_for, held_at, created_at) \
             VALUES (?1, ?2, 'article', ?3, 'u_demo_citizen7', '回收旧家电，价格公道，加我微信详谈。', 'pending', 'word_list', ?4, ?4)",
            params![next, format!("c_{next:06}"), a, now - 3 * HOUR],
        )?;
        let rude = next + 1;
        let rude_id = format!("c_{rude:06}");
        conn.execute(
            "INSERT INTO comments (seq, id, target_kind, target_id, author_id, body, state, held_for, held_at, created_at) \
             VALUES (?1, ?2, 'article', ?3, 'u_demo_citizen6', '分什么分，搞这些都是形式主义，浪费大家时间！', 'hidden', 'reports', ?4, ?5)",
            params![rude, rude_id, a, now - 2 * HOUR, now - 5 * HOUR],
        )?;
        for (who, reason) in [(CITIZEN_LI, "abuse"), ("u_demo_citizen3", "abuse"), ("u_demo_citizen4", "off_topic")] {
            conn.execute(
                "INSERT INTO reports (target_kind, target_id, user_id, reason, created_at) VALUES ('comment', ?1, ?2, ?3, ?4)",
                params![rude_id, who, reason, now - 2 * HOUR],
            )?;
        }
        conn.execute(
            "INSERT INTO moderation_log (at, actor_name, action, target_kind, target_id, reason) VALUES (?1, 'system', 'held', 'comment', ?2, 'reports')",
            params![now - 2 * HOUR, rude_id],
        )?;
        n += 2;
    }
    n += seed_topics(conn, now)?;
    Ok(n)
}

/// (id, author, title, text, status, station, hours ago, closes in hours, conclusion)
type TopicLine = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    i64,
    Option<i64>,
    Option<&'static str>,
);

const TOPICS: &[TopicLine] = &[
    (
        "t_000001",
        STAFF_HUANG,
        "村道硬化：明年先修哪几段？",
        "镇里明年安排了村道硬化资金，可以硬化约八公里村道。\n\n请大家说说，哪几段路最急、最影响出行和生产？说清楚位置和理由，联络站会汇总后提交镇人大主席团。",
        "open",
        None,
        72,
        Some(24 * 20),
        None,
    ),
    (
        "t_000002",
        DEPUTY_CHEN_USER,
        "龙湾村垃圾分类收集点怎么设更方便？",
        "村里准备增设四个分类收集点。放在哪里既方便倒垃圾、又不影响邻居？欢迎大家提意见。",
        "closed",
        Some("st_center"),
        24 * 12,
        None,
        Some("汇总了二十多条意见，采纳了“设在村委会旁和晒谷场东侧”的建议，四个收集点已于本月安装完成；早晚各清运一次。"),
    ),
    (
        "t_000003",
        DEPUTY_HE_USER,
        "镇养老服务中心开放时间要不要调整？",
        "有老人反映中午休息时间中心关门，想在中心吃完饭后休息一下。是否把开放时间改为早八点到晚六点不间断？请大家发表意见。",
        "open",
        None,
        30,
        None,
        None,
    ),
    (
        "t_000004",
        CITIZEN_WANG,
        "建议在圩日开设代表流动接待点",
        "圩日来镇上的人最多，很多老人不会用手机。建议每逢圩日在圩场设一个代表接待点，现场听意见。",
        "pending",
        None,
        5,
        None,
        None,
    ),
];

/// Comments on the topics: (key, topic, reply to key, author, text, hours ago, adopted).
const TOPIC_LINES: &[(&str, &str, Option<&str>, &str, &str, i64, bool)] = &[
    ("r1", "t_000001", None, "u_demo_citizen3", "塘尾村到南岸村那段最急，下雨全是泥，学生上学鞋子都湿透。", 60, false),
    ("r2", "t_000001", None, "u_demo_citizen4", "高田片区机耕路也要考虑，收割机进不去。", 50, false),
    ("r3", "t_000001", Some("r1"), CITIZEN_LI, "同意，那段路还有两个急弯，硬化时最好加装反光镜。", 40, false),
    ("w1", "t_000002", None, CITIZEN_WANG, "建议设在村委会旁边，白天有人看着，也方便。", 24 * 11, true),
    ("w2", "t_000002", None, "u_demo_citizen5", "晒谷场东侧空地也可以，离住户远一点没有异味。", 24 * 11 - 3, true),
    ("w3", "t_000002", None, "u_demo_citizen6", "希望每天清运，不然夏天味道大。", 24 * 10, false),
    ("y1", "t_000003", None, "u_demo_citizen7", "支持不间断开放，我父亲每天中午都想在那里看报纸。", 20, false),
    ("y2", "t_000003", None, "u_demo_citizen3", "中午开放需要增加值班人员，可以请志愿者轮流。", 18, false),
];

fn seed_topics(conn: &Connection, now: i64) -> Result<usize, Error> {
    let mut n = 0;
    for (id, author, title, text, status, station, hours, closes_in, conclusion) in TOPICS {
        let created = now - hours * HOUR;
        let body = serde_json::to_string(&crate::participation::topics::paragraphs(text))?;
        let (held_for, held_at) = if *status == "pending" { (Some("pre_moderation"), Some(created)) } else { (None, None) };
        let closed_at = conclusion.map(|_| created + 24 * 9 * HOUR);
        conn.execute(
            "INSERT INTO topics (seq, id, author_id, title, body_json, plain, station_id, status, held_for, held_at, \
             closes_at, created_at, conclusion, closed_at, closed_by) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            params![
                n as i64 + 1,
                id,
                author,
                title,
                body,
                text,
                station,
                status,
                held_for,
                held_at,
                closes_in.map(|h| now + h * HOUR),
                created,
                conclusion,
                closed_at,
                conclusion.map(|_| *author)
            ],
        )?;
        n += 1;
    }
    let first: i64 = conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM comments", (), |r| r.get(0))?;
    let mut keys: Vec<(&str, String, String)> = Vec::new(); // key, id, thread
    for (i, (key, topic, to, author, text, hours, adopted)) in TOPIC_LINES.iter().enumerate() {
        let seq = first + i as i64 + 1;
        let id = format!("c_{seq:06}");
        let parent = to.and_then(|k| keys.iter().find(|(x, ..)| *x == k).cloned());
        conn.execute(
            "INSERT INTO comments (seq, id, target_kind, target_id, thread_id, reply_to_id, author_id, body, state, \
             adopted, created_at) VALUES (?1, ?2, 'topic', ?3, ?4, ?5, ?6, ?7, 'published', ?8, ?9)",
            params![
                seq,
                id,
                topic,
                parent.as_ref().map(|p| p.2.clone()),
                parent.as_ref().map(|p| p.1.clone()),
                author,
                text,
                adopted,
                now - hours * HOUR
            ],
        )?;
        let thread = parent.map(|p| p.2).unwrap_or_else(|| id.clone());
        keys.push((key, id, thread));
        n += 1;
    }
    for (topic, who) in [("t_000001", &["u_demo_citizen3", "u_demo_citizen4", CITIZEN_LI][..]), ("t_000002", &[CITIZEN_WANG, "u_demo_citizen5"][..])] {
        for user in who {
            conn.execute(
                "INSERT INTO likes (target_kind, target_id, user_id, created_at) VALUES ('topic', ?1, ?2, ?3) ON CONFLICT DO NOTHING",
                params![topic, user, now - 6 * HOUR],
            )?;
        }
    }
    Ok(n)
}
