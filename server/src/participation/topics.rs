//! 议事 topics: who may do what (pure, tested below), and their storage and views.
//!
//! A topic's status maps onto the moderation states of [`CommentState`] so that one set of
//! rules ([`super::decide`], [`super::after_report`]) serves both: open = published,
//! pending = pending, rejected = hidden. Closed is open that has ended with a conclusion.

use contract::{
    Actor, Block, CommentState, HoldReason, ModerationItem, Role, StationRef, Topic, TopicPermissions, TopicStatus,
    TopicSummary,
};
use crate::sql::{params, Connection, OptionalExtension, Row};

use super::store::{open_reports, shown_role, suspension, Viewer};
use crate::auth::parse_roles;
use crate::clock::rfc3339;
use crate::cursor::valid_id;
use crate::mask::mask_name;
use crate::problem::ApiError;

/// Topics a user may open or propose per day.
pub const TOPICS_PER_DAY: u32 = 5;

/// The moderation state of a topic status.
pub fn as_state(status: TopicStatus) -> CommentState {
    match status {
        TopicStatus::Pending => CommentState::Pending,
        TopicStatus::Open | TopicStatus::Closed => CommentState::Published,
        TopicStatus::Rejected => CommentState::Hidden,
        TopicStatus::Unknown => CommentState::Deleted,
    }
}

/// The topic status of a moderation state (a closed topic stays closed when published).
pub fn from_state(state: CommentState, before: TopicStatus) -> TopicStatus {
    match state {
        CommentState::Pending => TopicStatus::Pending,
        CommentState::Published if before == TopicStatus::Closed => TopicStatus::Closed,
        CommentState::Published => TopicStatus::Open,
        _ => TopicStatus::Rejected,
    }
}

/// Who sees a topic: open and closed ones everyone; pending and rejected ones their author
/// and staff.
pub fn visible(status: TopicStatus, is_author: bool, is_staff: bool) -> bool {
    matches!(status, TopicStatus::Open | TopicStatus::Closed) || is_author || is_staff
}

/// Whether discussion is going on: open, and its `closes_at` (if any) not passed.
pub fn discussing(status: TopicStatus, closes_at: Option<i64>, now: i64) -> bool {
    status == TopicStatus::Open && closes_at.is_none_or(|t| now < t)
}

/// The facts of a topic and its viewer for [`permissions`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TopicFacts {
    pub status: TopicStatus,
    pub closes_at: Option<i64>,
    pub signed_in: bool,
    pub is_author: bool,
    pub author_is_deputy: bool,
    pub is_staff: bool,
    pub suspended: bool,
    pub reported: bool,
}

/// What the viewer may do with a topic at `now`.
pub fn permissions(f: TopicFacts, now: i64) -> TopicPermissions {
    let poster = f.signed_in && !f.suspended;
    let shown = matches!(f.status, TopicStatus::Open | TopicStatus::Closed);
    TopicPermissions {
        comment: poster && discussing(f.status, f.closes_at, now),
        like: poster && shown,
        report: poster && shown && !f.is_author && !f.reported,
        close: f.status == TopicStatus::Open && (f.is_staff || (f.is_author && f.author_is_deputy)),
    }
}

/// A topic's text as paragraphs: a blank line starts a new one.
pub fn paragraphs(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(Block::Paragraph { text: current.join("\n") });
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(Block::Paragraph { text: current.join("\n") });
    }
    out
}

/// A stored topic.
#[derive(Debug, Clone)]
pub struct TopicRow {
    pub seq: i64,
    pub id: String,
    pub author_id: String,
    pub author_name: String,
    pub author_roles: Vec<Role>,
    pub title: String,
    pub body_json: String,
    pub plain: String,
    pub station_id: Option<String>,
    pub station_name: Option<String>,
    pub village: Option<String>,
    pub status: TopicStatus,
    pub held_for: Option<HoldReason>,
    pub held_at: Option<i64>,
    pub moderation_reason: Option<String>,
    pub closes_at: Option<i64>,
    pub created_at: i64,
    pub conclusion: Option<String>,
    pub closed_at: Option<i64>,
    pub closed_by: Option<String>,
    pub comment_count: i64,
    pub like_count: i64,
}

pub const COLUMNS: &str = "t.seq, t.id, t.author_id, COALESCE(u.display_name, ''), COALESCE(u.roles, ''), t.title, \
    t.body_json, t.plain, t.station_id, s.name, t.village, t.status, t.held_for, t.held_at, t.moderation_reason, \
    t.closes_at, t.created_at, t.conclusion, t.closed_at, t.closed_by, \
    (SELECT COUNT(*) FROM comments cc WHERE cc.target_kind = 'topic' AND cc.target_id = t.id AND cc.state = 'published'), \
    (SELECT COUNT(*) FROM likes ll WHERE ll.target_kind = 'topic' AND ll.target_id = t.id)";
pub const FROM: &str = "FROM topics t LEFT JOIN users u ON u.id = t.author_id LEFT JOIN stations s ON s.id = t.station_id";

pub fn read(r: &Row<'_>) -> crate::sql::Result<TopicRow> {
    let roles: String = r.get(4)?;
    let status: String = r.get(11)?;
    let held: Option<String> = r.get(12)?;
    Ok(TopicRow {
        seq: r.get(0)?,
        id: r.get(1)?,
        author_id: r.get(2)?,
        author_name: r.get(3)?,
        author_roles: parse_roles(&roles),
        title: r.get(5)?,
        body_json: r.get(6)?,
        plain: r.get(7)?,
        station_id: r.get(8)?,
        station_name: r.get(9)?,
        village: r.get(10)?,
        status: TopicStatus::parse(&status).unwrap_or_default(),
        held_for: held.and_then(|h| HoldReason::parse(&h)),
        held_at: r.get(13)?,
        moderation_reason: r.get(14)?,
        closes_at: r.get(15)?,
        created_at: r.get(16)?,
        conclusion: r.get(17)?,
        closed_at: r.get(18)?,
        closed_by: r.get(19)?,
        comment_count: r.get(20)?,
        like_count: r.get(21)?,
    })
}

pub fn row(conn: &Connection, id: &str) -> Result<Option<TopicRow>, ApiError> {
    if !valid_id(id) {
        return Ok(None);
    }
    Ok(conn.query_row(&format!("SELECT {COLUMNS} {FROM} WHERE t.id = ?1"), params![id], read).optional()?)
}

fn actor(id: &str, name: &str, roles: &[Role], viewer: &Viewer) -> Actor {
    let role = shown_role(roles);
    let is_you = viewer.user_id.as_deref() == Some(id);
    let name = if role == Role::Citizen && !is_you { mask_name(name) } else { name.to_owned() };
    Actor { name, role, is_you }
}

/// The start of a text, at most `n` characters, with an ellipsis when cut.
fn excerpt(text: &str, n: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= n {
        flat
    } else {
        flat.chars().take(n).collect::<String>() + "…"
    }
}

pub fn summary(row: &TopicRow, viewer: &Viewer) -> TopicSummary {
    TopicSummary {
        id: row.id.clone(),
        title: row.title.clone(),
        excerpt: excerpt(&row.plain, 60),
        author: actor(&row.author_id, &row.author_name, &row.author_roles, viewer),
        status: row.status,
        station: station(row),
        village: row.village.clone(),
        closes_at: row.closes_at.map(rfc3339),
        created_at: rfc3339(row.created_at),
        comment_count: u32::try_from(row.comment_count).unwrap_or(0),
        like_count: u32::try_from(row.like_count).unwrap_or(0),
    }
}

fn station(row: &TopicRow) -> Option<StationRef> {
    row.station_id.as_ref().map(|id| StationRef { id: id.clone(), name: row.station_name.clone().unwrap_or_default() })
}

/// The topic as `viewer` sees it at `now`.
pub fn view(conn: &Connection, row: &TopicRow, viewer: &Viewer, now: i64) -> Result<Topic, ApiError> {
    let uid = viewer.user_id.as_deref();
    let is_author = uid == Some(row.author_id.as_str());
    let liked = match uid {
        None => false,
        Some(u) => conn
            .query_row(
                "SELECT 1 FROM likes WHERE target_kind = 'topic' AND target_id = ?1 AND user_id = ?2",
                params![row.id, u],
                |_| Ok(()),
            )
            .optional()?
            .is_some(),
    };
    let reported = match uid {
        None => false,
        Some(u) => conn
            .query_row(
                "SELECT 1 FROM reports WHERE target_kind = 'topic' AND target_id = ?1 AND user_id = ?2",
                params![row.id, u],
                |_| Ok(()),
            )
            .optional()?
            .is_some(),
    };
    let closed_by = match &row.closed_by {
        Some(id) => conn
            .query_row("SELECT display_name, roles FROM users WHERE id = ?1", params![id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .optional()?
            .map(|(name, roles)| actor(id, &name, &parse_roles(&roles), viewer)),
        None => None,
    };
    let adopted: i64 = conn.query_row(
        "SELECT COUNT(*) FROM comments WHERE target_kind = 'topic' AND target_id = ?1 AND adopted = 1",
        params![row.id],
        |r| r.get(0),
    )?;
    let can = permissions(
        TopicFacts {
            status: row.status,
            closes_at: row.closes_at,
            signed_in: uid.is_some(),
            is_author,
            author_is_deputy: row.author_roles.contains(&Role::Deputy),
            is_staff: viewer.is_staff,
            suspended: viewer.suspended,
            reported,
        },
        now,
    );
    Ok(Topic {
        id: row.id.clone(),
        title: row.title.clone(),
        body: serde_json::from_str(&row.body_json).unwrap_or_default(),
        author: actor(&row.author_id, &row.author_name, &row.author_roles, viewer),
        status: row.status,
        station: station(row),
        village: row.village.clone(),
        closes_at: row.closes_at.map(rfc3339),
        created_at: rfc3339(row.created_at),
        conclusion: row.conclusion.clone(),
        closed_at: row.closed_at.map(rfc3339),
        closed_by,
        adopted_count: u32::try_from(adopted).unwrap_or(0),
        moderation_reason: (row.status == TopicStatus::Rejected && (is_author || viewer.is_staff))
            .then(|| row.moderation_reason.clone().unwrap_or_else(|| "多名用户举报，等待工作人员审核".into())),
        comment_count: u32::try_from(row.comment_count).unwrap_or(0),
        like_count: u32::try_from(row.like_count).unwrap_or(0),
        liked,
        can,
    })
}

/// A topic as a moderation item (staff only: the author unmasked).
pub fn item(conn: &Connection, row: &TopicRow, now: i64) -> Result<ModerationItem, ApiError> {
    let (reports, report_details) = super::store::report_counts(conn, contract::TargetKind::Topic, &row.id)?;
    let _ = open_reports;
    Ok(ModerationItem {
        target_kind: contract::TargetKind::Topic,
        target_id: row.id.clone(),
        body: format!("{}\n\n{}", row.title, row.plain),
        author: Actor { name: row.author_name.clone(), role: shown_role(&row.author_roles), is_you: false },
        author_id: row.author_id.clone(),
        author_suspended_until: suspension(conn, &row.author_id, now)?.map(|(until, _)| rfc3339(until)),
        state: as_state(row.status),
        held_for: row.held_for,
        reports,
        report_details,
        link: format!("/topics/{}", row.id),
        context: row.title.clone(),
        created_at: rfc3339(row.created_at),
        held_at: rfc3339(row.held_at.unwrap_or(row.created_at)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> TopicFacts {
        TopicFacts {
            status: TopicStatus::Open,
            closes_at: None,
            signed_in: true,
            is_author: false,
            author_is_deputy: false,
            is_staff: false,
            suspended: false,
            reported: false,
        }
    }

    #[test]
    fn discussion_ends_at_its_time_and_when_closed() {
        assert!(discussing(TopicStatus::Open, None, 10));
        assert!(discussing(TopicStatus::Open, Some(11), 10));
        assert!(!discussing(TopicStatus::Open, Some(10), 10));
        assert!(!discussing(TopicStatus::Closed, None, 10));
        assert!(!discussing(TopicStatus::Pending, None, 10));
    }

    #[test]
    fn staff_and_the_deputy_who_opened_it_close_a_topic() {
        assert!(!permissions(facts(), 0).close);
        assert!(permissions(TopicFacts { is_staff: true, ..facts() }, 0).close);
        assert!(permissions(TopicFacts { is_author: true, author_is_deputy: true, ..facts() }, 0).close);
        assert!(!permissions(TopicFacts { is_author: true, ..facts() }, 0).close, "a citizen author does not");
        assert!(!permissions(TopicFacts { is_staff: true, status: TopicStatus::Closed, ..facts() }, 0).close);
    }

    #[test]
    fn what_others_may_do() {
        let p = permissions(facts(), 0);
        assert!(p.comment && p.like && p.report);
        let closed = permissions(TopicFacts { status: TopicStatus::Closed, ..facts() }, 0);
        assert!(!closed.comment && closed.like && closed.report);
        let pending = permissions(TopicFacts { status: TopicStatus::Pending, is_author: true, ..facts() }, 0);
        assert_eq!(pending, TopicPermissions::default());
        let anon = permissions(TopicFacts { signed_in: false, ..facts() }, 0);
        assert_eq!(anon, TopicPermissions::default());
        assert!(!permissions(TopicFacts { reported: true, ..facts() }, 0).report);
        assert!(!permissions(TopicFacts { suspended: true, ..facts() }, 0).comment);
    }

    #[test]
    fn visibility_and_states() {
        assert!(visible(TopicStatus::Open, false, false) && visible(TopicStatus::Closed, false, false));
        assert!(!visible(TopicStatus::Pending, false, false) && visible(TopicStatus::Pending, true, false));
        assert!(!visible(TopicStatus::Rejected, false, false) && visible(TopicStatus::Rejected, false, true));
        assert_eq!(from_state(CommentState::Published, TopicStatus::Closed), TopicStatus::Closed);
        assert_eq!(from_state(CommentState::Published, TopicStatus::Rejected), TopicStatus::Open);
        assert_eq!(from_state(as_state(TopicStatus::Pending), TopicStatus::Pending), TopicStatus::Pending);
        assert_eq!(from_state(CommentState::Hidden, TopicStatus::Open), TopicStatus::Rejected);
    }

    #[test]
    fn text_becomes_paragraphs_at_blank_lines() {
        let b = paragraphs("第一段第一行\n第一段第二行\n\n\n第二段\n");
        assert_eq!(
            b,
            vec![
                Block::Paragraph { text: "第一段第一行\n第一段第二行".into() },
                Block::Paragraph { text: "第二段".into() }
            ]
        );
        assert!(paragraphs("  \n ").is_empty());
    }
}
