//! The storage of comments, likes, reports, suspensions and the moderation log, and the
//! views of them a viewer gets. Every statement is parameterised.

use contract::{
    Actor, Comment, CommentState, HoldReason, ModerationItem, ModerationLogEntry, ReasonCount,
    ReportReason, Role, TargetKind, COMMENT_REPLIES_SHOWN,
};
use crate::sql::{params, Connection, OptionalExtension, Row};

use super::{edit_deadline, permissions, seen, Facts, Seen};
use crate::auth::{parse_roles, Caller};
use crate::clock::rfc3339;
use crate::cursor::valid_id;
use crate::mask::mask_name;
use crate::problem::ApiError;

/// Who is looking.
#[derive(Debug, Clone, Default)]
pub struct Viewer {
    pub user_id: Option<String>,
    pub is_staff: bool,
    /// Suspended from posting now.
    pub suspended: bool,
}

/// What a comment is on, as far as comments need to know.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub kind: TargetKind,
    pub id: String,
    pub title: String,
    /// The app path of its page.
    pub link: String,
}

/// The target `kind`/`id` when the public can see it (a public message of the board; a
/// published comment, for likes and reports; an open or closed topic; a poll: every scope is
/// listed, so anyone may read and join its discussion).
pub fn target(conn: &Connection, kind: TargetKind, id: &str) -> Result<Option<Target>, ApiError> {
    if !valid_id(id) {
        return Ok(None);
    }
    let (sql, link) = match kind {
        TargetKind::Article => (
            "SELECT title FROM articles WHERE id = ?1",
            format!("/articles/{id}"),
        ),
        TargetKind::Message => (
            "SELECT title FROM messages WHERE id = ?1 AND public = 1 AND status <> 'submitted'",
            format!("/messages/{id}"),
        ),
        TargetKind::Comment => {
            let Some(c) = row(conn, id)? else {
                return Ok(None);
            };
            if c.state != CommentState::Published {
                return Ok(None);
            }
            let Some(on) = target(conn, c.target_kind, &c.target_id)? else {
                return Ok(None);
            };
            return Ok(Some(Target {
                kind,
                id: id.to_owned(),
                title: on.title,
                link: format!(
                    "{}#comment-{}",
                    on.link,
                    c.thread_id.as_deref().unwrap_or(&c.id)
                ),
            }));
        }
        TargetKind::Topic => (
            "SELECT title FROM topics WHERE id = ?1 AND status IN ('open', 'closed')",
            format!("/topics/{id}"),
        ),
        TargetKind::Poll => (
            "SELECT title FROM polls WHERE id = ?1",
            format!("/polls/{id}"),
        ),
        // (its Q&A is for deputies and staff: the routes ask [`learners_only`])
        TargetKind::Course => (
            "SELECT title FROM courses WHERE id = ?1",
            format!("/training/courses/{id}"),
        ),
        TargetKind::Unknown => return Ok(None),
    };
    let title: Option<String> = conn.query_row(sql, params![id], |r| r.get(0)).optional()?;
    Ok(title.map(|title| Target {
        kind,
        id: id.to_owned(),
        title,
        link,
    }))
}

/// Whether what is on `kind`/`id` (for a comment: its thread's target) is for deputies and
/// staff only: the Q&A (在线答疑) of a course, like the course itself.
pub fn learners_only(conn: &Connection, kind: TargetKind, id: &str) -> Result<bool, ApiError> {
    Ok(match kind {
        TargetKind::Course => true,
        TargetKind::Comment => row(conn, id)?.is_some_and(|c| c.target_kind == TargetKind::Course),
        _ => false,
    })
}

/// Until when (and why) the user may not post, if they are suspended at `now`.
pub fn suspension(
    conn: &Connection,
    user_id: &str,
    now: i64,
) -> Result<Option<(i64, String)>, ApiError> {
    Ok(conn
        .query_row(
            "SELECT until, reason FROM suspensions WHERE user_id = ?1 AND until > ?2",
            params![user_id, now],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// 403 when the user is suspended from posting at `now` (comments and topics alike).
pub fn not_suspended(conn: &Connection, user_id: &str, now: i64) -> Result<(), ApiError> {
    match suspension(conn, user_id, now)? {
        Some((until, reason)) => Err(ApiError::Forbidden(format!(
            "You may not post until {}: {reason}",
            rfc3339(until)
        ))),
        None => Ok(()),
    }
}

/// The viewer a request is made by: anonymous, or a signed-in user (staff or not, suspended
/// from posting or not).
pub fn viewer_of(conn: &Connection, caller: Option<&Caller>, now: i64) -> Result<Viewer, ApiError> {
    Ok(match caller {
        None => Viewer::default(),
        Some(c) => Viewer {
            user_id: Some(c.user_id.clone()),
            is_staff: c.is(Role::Staff),
            suspended: suspension(conn, &c.user_id, now)?.is_some(),
        },
    })
}

/// A comment as stored, with its author.
#[derive(Debug, Clone)]
pub struct CommentRow {
    pub seq: i64,
    pub id: String,
    pub target_kind: TargetKind,
    pub target_id: String,
    pub thread_id: Option<String>,
    pub reply_to_id: Option<String>,
    pub author_id: String,
    pub author_name: String,
    pub author_roles: Vec<Role>,
    pub body: String,
    pub state: CommentState,
    pub held_for: Option<HoldReason>,
    pub held_at: Option<i64>,
    pub moderation_reason: Option<String>,
    pub adopted: bool,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub like_count: i64,
}

impl CommentRow {
    /// The app path of this comment on the page at `page` (its thread's anchor: a reply is
    /// shown within its thread).
    pub fn link_on(&self, page: &str) -> String {
        format!("{page}#comment-{}", self.thread_id.as_deref().unwrap_or(&self.id))
    }
}

const COLUMNS: &str =
    "k.seq, k.id, k.target_kind, k.target_id, k.thread_id, k.reply_to_id, k.author_id, \
    COALESCE(u.display_name, ''), COALESCE(u.roles, ''), k.body, k.state, k.held_for, k.held_at, \
    k.moderation_reason, k.adopted, k.created_at, k.edited_at, \
    (SELECT COUNT(*) FROM likes l WHERE l.target_kind = 'comment' AND l.target_id = k.id)";
const FROM: &str = "FROM comments k LEFT JOIN users u ON u.id = k.author_id";

fn read(r: &Row<'_>) -> crate::sql::Result<CommentRow> {
    let kind: String = r.get(2)?;
    let roles: String = r.get(8)?;
    let state: String = r.get(10)?;
    let held: Option<String> = r.get(11)?;
    Ok(CommentRow {
        seq: r.get(0)?,
        id: r.get(1)?,
        target_kind: TargetKind::parse(&kind).unwrap_or_default(),
        target_id: r.get(3)?,
        thread_id: r.get(4)?,
        reply_to_id: r.get(5)?,
        author_id: r.get(6)?,
        author_name: r.get(7)?,
        author_roles: parse_roles(&roles),
        body: r.get(9)?,
        state: CommentState::parse(&state).unwrap_or_default(),
        held_for: held.and_then(|h| HoldReason::parse(&h)),
        held_at: r.get(12)?,
        moderation_reason: r.get(13)?,
        adopted: r.get(14)?,
        created_at: r.get(15)?,
        edited_at: r.get(16)?,
        like_count: r.get(17)?,
    })
}

/// One stored comment.
pub fn row(conn: &Connection, id: &str) -> Result<Option<CommentRow>, ApiError> {
    if !valid_id(id) {
        return Ok(None);
    }
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} {FROM} WHERE k.id = ?1"),
            params![id],
            read,
        )
        .optional()?)
}

/// The role shown for a user: staff, else deputy, else citizen.
pub fn shown_role(roles: &[Role]) -> Role {
    if roles.contains(&Role::Staff) {
        Role::Staff
    } else if roles.contains(&Role::Deputy) {
        Role::Deputy
    } else {
        Role::Citizen
    }
}

/// A comment's author as `viewer` sees them: a citizen masked unless it is the viewer.
fn author(row: &CommentRow, viewer: &Viewer) -> Actor {
    let role = shown_role(&row.author_roles);
    let is_you = viewer.user_id.as_deref() == Some(row.author_id.as_str());
    let name = if role == Role::Citizen && !is_you {
        mask_name(&row.author_name)
    } else {
        row.author_name.clone()
    };
    Actor { name, role, is_you }
}

/// SQL condition: comment `k` is one the viewer (`?v`: user id or NULL, `?s`: staff 0/1)
/// sees whole. Pending and hidden ones: their author and staff only.
fn visible(k: &str, v: &str, s: &str) -> String {
    format!("({k}.state = 'published' OR ({k}.state IN ('pending', 'hidden') AND ({k}.author_id = {v} OR {s} = 1)))")
}

/// SQL condition: a top-level comment `k` is listed for the viewer — seen whole, or a
/// hidden or deleted one as a placeholder when it has replies the viewer sees.
fn listed(v: &str, s: &str) -> String {
    format!(
        "({} OR (k.state IN ('hidden', 'deleted') AND EXISTS (SELECT 1 FROM comments r WHERE r.thread_id = k.id AND {})))",
        visible("k", v, s),
        visible("r", v, s)
    )
}

fn reply_count(conn: &Connection, thread: &str, viewer: &Viewer) -> Result<u32, ApiError> {
    let n: i64 = conn.query_row(
        &format!(
            "SELECT COUNT(*) FROM comments r WHERE r.thread_id = ?1 AND {}",
            visible("r", "?2", "?3")
        ),
        params![thread, viewer.user_id, viewer.is_staff],
        |r| r.get(0),
    )?;
    Ok(u32::try_from(n).unwrap_or(0))
}

fn liked(
    conn: &Connection,
    kind: TargetKind,
    id: &str,
    user: Option<&str>,
) -> Result<bool, ApiError> {
    let Some(user) = user else { return Ok(false) };
    Ok(conn
        .query_row(
            "SELECT 1 FROM likes WHERE target_kind = ?1 AND target_id = ?2 AND user_id = ?3",
            params![kind.as_str(), id, user],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

fn reported(
    conn: &Connection,
    kind: TargetKind,
    id: &str,
    user: Option<&str>,
) -> Result<bool, ApiError> {
    let Some(user) = user else { return Ok(false) };
    Ok(conn
        .query_row(
            "SELECT 1 FROM reports WHERE target_kind = ?1 AND target_id = ?2 AND user_id = ?3",
            params![kind.as_str(), id, user],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// The comment as `viewer` sees it at `now`; `with_replies`: a top-level comment of a list
/// carries its first replies.
pub fn view(
    conn: &Connection,
    row: &CommentRow,
    viewer: &Viewer,
    now: i64,
    with_replies: bool,
) -> Result<Comment, ApiError> {
    let uid = viewer.user_id.as_deref();
    let is_author = uid == Some(row.author_id.as_str());
    let top = row.thread_id.is_none();
    let replies_seen = if top {
        reply_count(conn, &row.id, viewer)?
    } else {
        0
    };
    let whole = seen(row.state, is_author, viewer.is_staff, replies_seen) == Seen::Whole;
    let can = permissions(
        Facts {
            state: row.state,
            created_at: row.created_at,
            signed_in: uid.is_some(),
            is_author,
            suspended: viewer.suspended,
            reported: reported(conn, TargetKind::Comment, &row.id, uid)?,
        },
        now,
    );
    let reply_to_name = match (&row.reply_to_id, &row.thread_id) {
        (Some(to), Some(thread)) if to != thread => {
            self::row(conn, to)?.map(|r| author(&r, viewer).name)
        }
        _ => None,
    };
    let replies = if top && with_replies && replies_seen > 0 {
        replies(
            conn,
            &row.id,
            viewer,
            None,
            COMMENT_REPLIES_SHOWN as u32,
            now,
        )?
        .0
    } else {
        Vec::new()
    };
    Ok(Comment {
        id: row.id.clone(),
        target_kind: row.target_kind,
        target_id: row.target_id.clone(),
        author: author(row, viewer),
        body: if whole {
            row.body.clone()
        } else {
            String::new()
        },
        state: row.state,
        moderation_reason: (whole
            && (is_author || viewer.is_staff)
            && row.state == CommentState::Hidden)
            .then(|| {
                row.moderation_reason
                    .clone()
                    .unwrap_or_else(|| "多名用户举报，等待工作人员审核".into())
            }),
        created_at: rfc3339(row.created_at),
        edited_at: row.edited_at.map(rfc3339),
        editable_until: can.edit.then(|| rfc3339(edit_deadline(row.created_at))),
        thread_id: row.thread_id.clone(),
        reply_to_name,
        like_count: u32::try_from(row.like_count).unwrap_or(0),
        liked: liked(conn, TargetKind::Comment, &row.id, uid)?,
        reply_count: replies_seen,
        replies,
        adopted: row.adopted,
        can,
    })
}

/// The top-level comments of a target for the viewer: newest first, or most liked first
/// (`top`); `after`: the last one of the previous page (likes, seq).
pub fn list(
    conn: &Connection,
    target: &Target,
    viewer: &Viewer,
    top: bool,
    after: Option<(i64, i64)>,
    limit: u32,
    now: i64,
) -> Result<(Vec<Comment>, Option<(i64, i64)>), ApiError> {
    let likes =
        "(SELECT COUNT(*) FROM likes l WHERE l.target_kind = 'comment' AND l.target_id = k.id)";
    let (order, keyset) = if top {
        (
            format!("{likes} DESC, k.seq DESC"),
            format!("({likes} < ?5 OR ({likes} = ?5 AND k.seq < ?6))"),
        )
    } else {
        ("k.seq DESC".to_owned(), "k.seq < ?6".to_owned())
    };
    let cond = if after.is_some() {
        format!(" AND {keyset}")
    } else {
        String::new()
    };
    let sql = format!(
        "SELECT {COLUMNS} {FROM} WHERE k.target_kind = ?1 AND k.target_id = ?2 AND k.thread_id IS NULL AND {}{cond} \
         ORDER BY {order} LIMIT ?7",
        listed("?3", "?4")
    );
    let (a_likes, a_seq) = after.unwrap_or((0, 0));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(
            params![
                target.kind.as_str(),
                target.id,
                viewer.user_id,
                viewer.is_staff,
                a_likes,
                a_seq,
                i64::from(limit) + 1
            ],
            read,
        )?
        .collect::<Result<Vec<_>, _>>()?;
    page(conn, rows, viewer, limit, now, true, |r| {
        (r.like_count, r.seq)
    })
}

/// The replies of a thread the viewer sees, oldest first, after reply `after` (seq).
pub fn replies(
    conn: &Connection,
    thread: &str,
    viewer: &Viewer,
    after: Option<i64>,
    limit: u32,
    now: i64,
) -> Result<(Vec<Comment>, Option<(i64, i64)>), ApiError> {
    let sql = format!(
        "SELECT {COLUMNS} {FROM} WHERE k.thread_id = ?1 AND {} AND k.seq > ?4 ORDER BY k.seq LIMIT ?5",
        visible("k", "?2", "?3")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(
            params![
                thread,
                viewer.user_id,
                viewer.is_staff,
                after.unwrap_or(0),
                i64::from(limit) + 1
            ],
            read,
        )?
        .collect::<Result<Vec<_>, _>>()?;
    page(conn, rows, viewer, limit, now, false, |r| (0, r.seq))
}

fn page(
    conn: &Connection,
    mut rows: Vec<CommentRow>,
    viewer: &Viewer,
    limit: u32,
    now: i64,
    with_replies: bool,
    key: impl Fn(&CommentRow) -> (i64, i64),
) -> Result<(Vec<Comment>, Option<(i64, i64)>), ApiError> {
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next = if more { rows.last().map(&key) } else { None };
    let items = rows
        .iter()
        .map(|r| view(conn, r, viewer, now, with_replies))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((items, next))
}

/// Open reports of an item by reason (most first), and their words (newest first, at most 5).
pub fn report_counts(conn: &Connection, kind: TargetKind, id: &str) -> Result<(Vec<ReasonCount>, Vec<String>), ApiError> {
    let mut stmt = conn.prepare_cached(
        "SELECT reason, COUNT(*) FROM reports WHERE target_kind = ?1 AND target_id = ?2 AND settled = 0 \
         GROUP BY reason ORDER BY COUNT(*) DESC, reason",
    )?;
    let reports = stmt
        .query_map(params![kind.as_str(), id], |r| {
            let reason: String = r.get(0)?;
            let n: i64 = r.get(1)?;
            Ok(ReasonCount { reason: ReportReason::parse(&reason).unwrap_or_default(), count: u32::try_from(n).unwrap_or(0) })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT detail FROM reports WHERE target_kind = ?1 AND target_id = ?2 AND settled = 0 \
         AND detail IS NOT NULL ORDER BY seq DESC LIMIT 5",
    )?;
    let details = stmt.query_map(params![kind.as_str(), id], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
    Ok((reports, details))
}

/// Published comments (with replies) of a target, and its likes.
pub fn counts(conn: &Connection, kind: TargetKind, id: &str) -> Result<(u32, u32), ApiError> {
    let (comments, likes): (i64, i64) = conn.query_row(
        "SELECT (SELECT COUNT(*) FROM comments WHERE target_kind = ?1 AND target_id = ?2 AND state = 'published'), \
                (SELECT COUNT(*) FROM likes WHERE target_kind = ?1 AND target_id = ?2)",
        params![kind.as_str(), id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((
        u32::try_from(comments).unwrap_or(0),
        u32::try_from(likes).unwrap_or(0),
    ))
}

/// SQL of the published comment count and the like count of a target whose id is `id_sql`,
/// for summaries (articles, messages).
pub fn count_columns(kind: TargetKind, id_sql: &str) -> String {
    let k = kind.as_str();
    format!(
        "(SELECT COUNT(*) FROM comments cc WHERE cc.target_kind = '{k}' AND cc.target_id = {id_sql} AND cc.state = 'published'), \
         (SELECT COUNT(*) FROM likes ll WHERE ll.target_kind = '{k}' AND ll.target_id = {id_sql})"
    )
}

/// Open (unsettled) reports of an item, by distinct users.
pub fn open_reports(conn: &Connection, kind: TargetKind, id: &str) -> Result<u32, ApiError> {
    let n: i64 = conn.query_row(
        "SELECT COUNT(DISTINCT user_id) FROM reports WHERE target_kind = ?1 AND target_id = ?2 AND settled = 0",
        params![kind.as_str(), id],
        |r| r.get(0),
    )?;
    Ok(u32::try_from(n).unwrap_or(0))
}

/// Writes an entry of the moderation log.
#[allow(clippy::too_many_arguments)]
pub fn log(
    conn: &Connection,
    now: i64,
    actor: Option<(&str, &str)>,
    action: &str,
    target: Option<(TargetKind, &str)>,
    user_id: Option<&str>,
    reason: Option<&str>,
) -> Result<(), ApiError> {
    conn.execute(
        "INSERT INTO moderation_log (at, actor_id, actor_name, action, target_kind, target_id, user_id, reason) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            now,
            actor.map(|a| a.0),
            actor.map_or("system", |a| a.1),
            action,
            target.map(|t| t.0.as_str()),
            target.map(|t| t.1),
            user_id,
            reason
        ],
    )?;
    Ok(())
}

/// The log, newest first, before entry `before` (seq).
pub fn log_page(
    conn: &Connection,
    before: Option<i64>,
    limit: u32,
) -> Result<(Vec<ModerationLogEntry>, Option<i64>), ApiError> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, at, actor_name, action, target_kind, target_id, user_id, reason FROM moderation_log \
         WHERE seq < ?1 ORDER BY seq DESC LIMIT ?2",
    )?;
    let mut rows = stmt
        .query_map(
            params![before.unwrap_or(i64::MAX), i64::from(limit) + 1],
            |r| {
                let kind: Option<String> = r.get(4)?;
                Ok((
                    r.get::<_, i64>(0)?,
                    ModerationLogEntry {
                        id: format!("ml_{}", r.get::<_, i64>(0)?),
                        at: rfc3339(r.get(1)?),
                        actor_name: r.get(2)?,
                        action: r.get(3)?,
                        target_kind: kind.and_then(|k| TargetKind::parse(&k)),
                        target_id: r.get(5)?,
                        user_id: r.get(6)?,
                        reason: r.get(7)?,
                    },
                ))
            },
        )?
        .collect::<Result<Vec<_>, _>>()?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next = if more { rows.last().map(|r| r.0) } else { None };
    Ok((rows.into_iter().map(|r| r.1).collect(), next))
}

/// The queue's filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueFilter {
    /// Every item waiting for a decision.
    Waiting,
    Pending,
    Hidden,
    Reported,
}

impl QueueFilter {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(QueueFilter::Pending),
            "hidden" => Some(QueueFilter::Hidden),
            "reported" => Some(QueueFilter::Reported),
            _ => None,
        }
    }

    fn comments(self) -> &'static str {
        match self {
            QueueFilter::Waiting => "k.held_for IS NOT NULL AND k.state <> 'deleted'",
            QueueFilter::Pending => "k.state = 'pending'",
            QueueFilter::Hidden => "k.state = 'hidden'",
            QueueFilter::Reported => "k.state = 'published' AND k.held_for = 'reports'",
        }
    }

    fn topics(self) -> &'static str {
        match self {
            QueueFilter::Waiting => "t.held_for IS NOT NULL",
            QueueFilter::Pending => "t.status = 'pending'",
            QueueFilter::Hidden => "t.status = 'rejected'",
            QueueFilter::Reported => "t.status IN ('open', 'closed') AND t.held_for = 'reports'",
        }
    }
}

/// The queue — comments and topics together —, oldest first (by when it was held, else
/// created, then id), after `after` (time, id).
pub fn queue(
    conn: &Connection,
    filter: QueueFilter,
    after: Option<(i64, String)>,
    limit: u32,
    now: i64,
) -> Result<(Vec<ModerationItem>, Option<(i64, String)>), ApiError> {
    let (a_at, a_id) = after.unwrap_or((i64::MIN, String::new()));
    let n = i64::from(limit) + 1;
    let at = "COALESCE(k.held_at, k.created_at)";
    let sql = format!(
        "SELECT {COLUMNS} {FROM} WHERE {} AND ({at} > ?1 OR ({at} = ?1 AND k.id > ?2)) ORDER BY {at}, k.id LIMIT ?3",
        filter.comments()
    );
    let comments = conn
        .prepare_cached(&sql)?
        .query_map(params![a_at, a_id, n], read)?
        .collect::<Result<Vec<_>, _>>()?;
    let at = "COALESCE(t.held_at, t.created_at)";
    let sql = format!(
        "SELECT {} {} WHERE {} AND ({at} > ?1 OR ({at} = ?1 AND t.id > ?2)) ORDER BY {at}, t.id LIMIT ?3",
        super::topics::COLUMNS,
        super::topics::FROM,
        filter.topics()
    );
    let topics = conn
        .prepare_cached(&sql)?
        .query_map(params![a_at, a_id, n], super::topics::read)?
        .collect::<Result<Vec<_>, _>>()?;
    let mut all: Vec<(i64, String, ModerationItem)> = Vec::new();
    for c in &comments {
        all.push((c.held_at.unwrap_or(c.created_at), c.id.clone(), item(conn, c, now)?));
    }
    for t in &topics {
        all.push((t.held_at.unwrap_or(t.created_at), t.id.clone(), super::topics::item(conn, t, now)?));
    }
    all.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let more = all.len() > limit as usize;
    all.truncate(limit as usize);
    let next = if more { all.last().map(|(at, id, _)| (*at, id.clone())) } else { None };
    Ok((all.into_iter().map(|(_, _, i)| i).collect(), next))
}

/// A comment as a moderation item (staff only: the author unmasked).
pub fn item(conn: &Connection, row: &CommentRow, now: i64) -> Result<ModerationItem, ApiError> {
    let (reports, report_details) = report_counts(conn, TargetKind::Comment, &row.id)?;
    let on = target(conn, row.target_kind, &row.target_id)?;
    let anchor = row.thread_id.as_deref().unwrap_or(&row.id);
    Ok(ModerationItem {
        target_kind: TargetKind::Comment,
        target_id: row.id.clone(),
        body: row.body.clone(),
        author: Actor {
            name: row.author_name.clone(),
            role: shown_role(&row.author_roles),
            is_you: false,
        },
        author_id: row.author_id.clone(),
        author_suspended_until: suspension(conn, &row.author_id, now)?
            .map(|(until, _)| rfc3339(until)),
        state: row.state,
        held_for: row.held_for,
        reports,
        report_details,
        link: on
            .as_ref()
            .map(|t| format!("{}#comment-{anchor}", t.link))
            .unwrap_or_default(),
        context: on.map(|t| t.title).unwrap_or_default(),
        created_at: rfc3339(row.created_at),
        held_at: rfc3339(row.held_at.unwrap_or(row.created_at)),
    })
}
