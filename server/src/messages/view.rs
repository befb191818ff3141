//! The contract's views of a message for a viewer: as listed ([`summary`]) and in full
//! ([`view`]), with what the viewer may see and do.

use contract::{
    Actor, HandlerKind, HandlerRef, ImageRef, Location, Message, MessageCategory, MessageStatus,
    MessageSummary, PlanStep, Rating, Reply, Role, TimelineEntry, TimelineKind,
};
use crate::sql::{Connection, OptionalExtension};

use super::MessageRow;
use crate::clock::rfc3339;
use crate::handling::{self, Viewer, Visibility};
use crate::mask::mask_name;
use crate::problem::ApiError;

/// How people are shown to a viewer: citizens' names are masked in every view but their
/// own (`张*`; the contract's rule); deputies and staff are shown by name.
#[derive(Debug, Clone, Copy)]
struct Naming<'a> {
    viewer_id: Option<&'a str>,
}

impl Naming<'_> {
    fn actor(&self, user_id: Option<&str>, role: Role, name: &str) -> Actor {
        let is_you = user_id.is_some() && user_id == self.viewer_id;
        let name = if role == Role::Citizen && !is_you {
            mask_name(name)
        } else {
            name.to_owned()
        };
        Actor { name, role, is_you }
    }
}

fn handler_ref(kind: HandlerKind, id: &str, name: &str) -> HandlerRef {
    HandlerRef {
        kind,
        id: id.to_owned(),
        name: name.to_owned(),
    }
}

/// The first characters of a body.
pub fn excerpt(body: &str) -> String {
    const N: usize = 60;
    let text: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= N {
        text
    } else {
        let mut out: String = text.chars().take(N).collect();
        out.push('…');
        out
    }
}

/// Photos are served by the uploads part (`/media/uploads/{id}`).
pub fn photo_url(upload_id: &str) -> String {
    crate::uploads::url(upload_id)
}

fn category(row: &MessageRow) -> Option<MessageCategory> {
    row.category_name.as_ref().map(|name| MessageCategory {
        id: row.category_id.clone(),
        name: name.clone(),
    })
}

/// A message as listed for `viewer`.
pub fn summary(row: &MessageRow, viewer: Option<&Viewer<'_>>, now: i64) -> MessageSummary {
    let naming = Naming {
        viewer_id: viewer.map(|v| v.user_id),
    };
    MessageSummary {
        id: row.id.clone(),
        title: row.title.clone(),
        excerpt: excerpt(&row.body),
        category: category(row),
        status: row.status,
        track: row.track,
        recipient: handler_ref(row.recipient_kind, &row.recipient_id, &row.recipient_name),
        handler: handler_of(row),
        author: naming.actor(Some(&row.author_id), Role::Citizen, &row.author_name),
        public: row.public,
        created_at: rfc3339(row.created_at),
        updated_at: rfc3339(row.updated_at),
        deadline: row.deadline.map(rfc3339),
        overdue: row.overdue(now),
        reply_count: u32::try_from(row.reply_count).unwrap_or(0),
        photo_count: u32::try_from(row.photo_count).unwrap_or(0),
        comment_count: u32::try_from(row.comment_count).unwrap_or(0),
        like_count: u32::try_from(row.like_count).unwrap_or(0),
    }
}

fn handler_of(row: &MessageRow) -> Option<HandlerRef> {
    match (row.handler_kind, &row.handler_id) {
        (Some(kind), Some(id)) => Some(handler_ref(
            kind,
            id,
            row.handler_name.as_deref().unwrap_or(""),
        )),
        _ => None,
    }
}

fn role(raw: &str) -> Role {
    Role::parse(raw).unwrap_or(Role::Unknown)
}

/// The full message for `viewer` (who must be allowed to see it: `visibility != Hidden`).
pub fn view(
    conn: &Connection,
    row: &MessageRow,
    viewer: Option<&Viewer<'_>>,
    now: i64,
) -> Result<Message, ApiError> {
    let facts = row.facts();
    let rel = row.relation(viewer);
    let full = handling::visibility(rel, &facts) == Visibility::Full;
    let naming = Naming {
        viewer_id: viewer.map(|v| v.user_id),
    };

    // internal notes only for those who handle it: never the author's or the public view
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, kind, actor_id, actor_role, actor_name, status, note \
         FROM message_timeline WHERE message_id = ?1 AND (?2 = 1 OR kind <> 'internal_note') ORDER BY at, seq",
    )?;
    let timeline = stmt
        .query_map(crate::sql::params![&row.id, rel.handles()], |r| {
            let kind: String = r.get(2)?;
            let actor_id: Option<String> = r.get(3)?;
            let actor_role: String = r.get(4)?;
            let actor_name: String = r.get(5)?;
            let status: Option<String> = r.get(6)?;
            Ok(TimelineEntry {
                id: r.get(0)?,
                at: rfc3339(r.get(1)?),
                kind: TimelineKind::parse(&kind).unwrap_or(TimelineKind::Unknown),
                actor: naming.actor(actor_id.as_deref(), role(&actor_role), &actor_name),
                status: status.and_then(|s| MessageStatus::parse(&s)),
                note: r.get(7)?,
                internal: kind == TimelineKind::InternalNote.as_str(),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;

    let mut stmt = conn.prepare_cached(
        "SELECT id, at, author_id, author_role, author_name, body \
         FROM message_replies WHERE message_id = ?1 ORDER BY at, seq",
    )?;
    let replies = stmt
        .query_map([&row.id], |r| {
            let author_id: Option<String> = r.get(2)?;
            let author_role: String = r.get(3)?;
            let author_name: String = r.get(4)?;
            Ok(Reply {
                id: r.get(0)?,
                at: rfc3339(r.get(1)?),
                from: naming.actor(author_id.as_deref(), role(&author_role), &author_name),
                body: r.get(5)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;

    let mut stmt = conn.prepare_cached(
        "SELECT id, title, due_at, done_at FROM plan_steps WHERE message_id = ?1 \
         ORDER BY due_at, seq",
    )?;
    let plan = stmt
        .query_map([&row.id], |r| {
            let due_at: i64 = r.get(2)?;
            let done_at: Option<i64> = r.get(3)?;
            Ok(PlanStep {
                id: r.get(0)?,
                title: r.get(1)?,
                due_at: rfc3339(due_at),
                done: done_at.is_some(),
                done_at: done_at.map(rfc3339),
                overdue: done_at.is_none() && now > due_at,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;

    // the rating of the current round, else the latest one
    let rating = conn
        .query_row(
            "SELECT stars, comment, at FROM message_ratings WHERE message_id = ?1 \
             ORDER BY round DESC LIMIT 1",
            [&row.id],
            |r| {
                let stars: i64 = r.get(0)?;
                Ok(Rating {
                    stars: u8::try_from(stars).unwrap_or(0),
                    comment: r.get(1)?,
                    at: rfc3339(r.get(2)?),
                })
            },
        )
        .optional()?;

    let mut stmt = conn.prepare_cached(
        "SELECT upload_id FROM message_photos WHERE message_id = ?1 ORDER BY position",
    )?;
    let photo_ids = stmt
        .query_map([&row.id], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    let photos = photo_ids
        .iter()
        .enumerate()
        .map(|(i, id)| ImageRef {
            url: photo_url(id),
            alt: format!("留言照片 {}", i + 1),
            width: None,
            height: None,
        })
        .collect();

    let location = if full {
        row.location_label.as_ref().map(|label| Location {
            label: label.clone(),
            lat: row.location_lat,
            lng: row.location_lng,
        })
    } else {
        None
    };

    Ok(Message {
        id: row.id.clone(),
        version: u32::try_from(row.version).unwrap_or(u32::MAX),
        title: row.title.clone(),
        body: row.body.clone(),
        category: category(row),
        status: row.status,
        track: row.track,
        recipient: handler_ref(row.recipient_kind, &row.recipient_id, &row.recipient_name),
        handler: handler_of(row),
        author: naming.actor(Some(&row.author_id), Role::Citizen, &row.author_name),
        public: row.public,
        created_at: rfc3339(row.created_at),
        updated_at: rfc3339(row.updated_at),
        deadline: row.deadline.map(rfc3339),
        overdue: row.overdue(now),
        closed_at: if row.status == MessageStatus::Closed {
            row.closed_at.map(rfc3339)
        } else {
            None
        },
        reopen_until: if row.status == MessageStatus::Closed {
            row.closed_at.map(|c| rfc3339(handling::reopen_until(c)))
        } else {
            None
        },
        photos,
        location,
        timeline,
        replies,
        plan,
        rating,
        can: handling::permissions(rel, &facts, now),
        time_limits: Some(handling::time_limits()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_short_single_line() {
        assert_eq!(excerpt("  路灯\n不亮  "), "路灯 不亮");
        let long = "字".repeat(100);
        let e = excerpt(&long);
        assert_eq!(e.chars().count(), 61);
        assert!(e.ends_with('…'));
    }
}
