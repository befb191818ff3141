//! `/comments`, `/likes/{target_kind}/{target_id}` and `/reports`: public participation.
//! The rules are in [`crate::participation`]; this module reads requests, checks who may
//! do what, and answers.
//!
//! Order of answers for a write: 401 (not signed in) → 400 (a missing `Idempotency-Key`, a
//! body that is not a JSON object, invalid fields) → the stored answer of a repeated
//! idempotent request → 404 (no such target or comment the caller can see) → 403 (not the
//! author, suspended) → 409 (not possible in the comment's state, a duplicate) → 429 (limits,
//! counted only for what is created).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use contract::{
    Comment, CommentEdit, CommentState, NewComment, NewReport, NotificationKind, Page, Reactions,
    ReportReceived, Role, TargetKind, TopicStatus, API_PREFIX,
};
use crate::sql::{params, Connection, OptionalExtension};

use super::{body, cursor, invalid, limit, parsed, valid, IdPath, QueryPairs};
use crate::auth::{Caller, MaybeCaller};
use crate::clock::{rfc3339, DAY};
use crate::cursor::{CommentCursor, Cursor};
use crate::idempotency::Idempotent;
use crate::notify::{self, NewNotification};
use crate::participation::store::{self, CommentRow, Target};
use crate::participation::topics;
use crate::participation::{
    self as rules, after_report, initial_state, matches_word_list, DUPLICATE_SECS,
};
use crate::problem::ApiError;
use crate::{rate, AppState};

/// The routes of this module (under [`contract::API_PREFIX`]).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/comments", get(list).post(create))
        .route("/comments/{id}", put(edit).delete(remove))
        .route("/comments/{id}/replies", get(replies))
        .route(
            "/likes/{target_kind}/{target_id}",
            get(get_likes).put(like).delete(unlike),
        )
        .route("/reports", axum::routing::post(report))
}

/// 404 unless `caller` may see what is on `kind`/`id`: a course's Q&A (在线答疑) is for deputies
/// and staff, like the course itself (others are not told it exists).
fn may_see(conn: &Connection, kind: TargetKind, id: &str, caller: Option<&Caller>) -> Result<(), ApiError> {
    let learner = caller.is_some_and(|c| c.is(Role::Deputy) || c.is(Role::Staff));
    if !learner && store::learners_only(conn, kind, id)? {
        return Err(no_target(kind, id));
    }
    Ok(())
}

fn no_target(kind: TargetKind, id: &str) -> ApiError {
    ApiError::NotFound(format!(
        "There is no {} {id:?} that the public can see.",
        kind.as_str()
    ))
}

fn no_comment(id: &str) -> ApiError {
    ApiError::NotFound(format!("There is no comment {id:?}."))
}

/// `GET /api/v1/comments`
pub async fn list(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    pairs: QueryPairs,
) -> Result<Json<Page<Comment>>, ApiError> {
    let mut errors = Vec::new();
    let kinds = "target_kind must be one of article, message, topic, poll, course";
    let kind = match pairs.one("target_kind", &mut errors) {
        None => {
            errors.push(super::field_error("target_kind", "required", kinds));
            None
        }
        Some(k) => parsed(
            Some(&k),
            "target_kind",
            kinds,
            |k| TargetKind::parse(k).filter(|k| *k != TargetKind::Comment),
            &mut errors,
        ),
    };
    let id = match pairs.one("target_id", &mut errors) {
        None => {
            errors.push(super::field_error(
                "target_id",
                "required",
                "target_id must not be empty",
            ));
            None
        }
        Some(id) if crate::cursor::valid_id(&id) => Some(id),
        Some(_) => {
            errors.push(invalid("target_id", "target_id is not a known id"));
            None
        }
    };
    let sort = parsed(
        pairs.one("sort", &mut errors).as_deref(),
        "sort",
        "sort must be newest or top",
        contract::CommentSort::parse,
        &mut errors,
    );
    let top = sort == Some(contract::CommentSort::Top);
    let after = cursor::<CommentCursor>(
        pairs.one("cursor", &mut errors).as_deref(),
        |c| c.top == top,
        &mut errors,
    );
    let limit = limit(pairs.one("limit", &mut errors), &mut errors);
    valid(errors)?;
    let (kind, id) = (kind.unwrap_or_default(), id.unwrap_or_default());
    let now = state.now();
    let (items, next) = state
        .db()
        .call(move |conn| {
            let target = store::target(conn, kind, &id)?.ok_or_else(|| no_target(kind, &id))?;
            may_see(conn, kind, &id, caller.as_ref())?;
            let viewer = store::viewer_of(conn, caller.as_ref(), now)?;
            store::list(
                conn,
                &target,
                &viewer,
                top,
                after.map(|c| (c.likes, c.seq)),
                limit,
                now,
            )
        })
        .await?;
    Ok(Json(Page {
        items,
        next_cursor: next.map(|(likes, seq)| CommentCursor { top, likes, seq }.encode()),
    }))
}

/// `GET /api/v1/comments/{id}/replies`
pub async fn replies(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    IdPath(id): IdPath,
    pairs: QueryPairs,
) -> Result<Json<Page<Comment>>, ApiError> {
    let mut errors = Vec::new();
    let after = cursor::<CommentCursor>(
        pairs.one("cursor", &mut errors).as_deref(),
        |c| !c.top && c.likes == 0,
        &mut errors,
    );
    let limit = limit(pairs.one("limit", &mut errors), &mut errors);
    valid(errors)?;
    let now = state.now();
    let (items, next) = state
        .db()
        .call(move |conn| {
            let viewer = store::viewer_of(conn, caller.as_ref(), now)?;
            let row = store::row(conn, &id)?.ok_or_else(|| no_comment(&id))?;
            may_see(conn, row.target_kind, &row.target_id, caller.as_ref()).map_err(|_| no_comment(&id))?;
            let listed = row.thread_id.is_none()
                && store::target(conn, row.target_kind, &row.target_id)?.is_some()
                && store::view(conn, &row, &viewer, now, false).map(|c| {
                    c.state == CommentState::Published || !c.body.is_empty() || c.reply_count > 0
                })?;
            if !listed {
                return Err(no_comment(&id));
            }
            store::replies(conn, &id, &viewer, after.map(|c| c.seq), limit, now)
        })
        .await?;
    Ok(Json(Page {
        items,
        next_cursor: next.map(|(_, seq)| {
            CommentCursor {
                top: false,
                likes: 0,
                seq,
            }
            .encode()
        }),
    }))
}

/// `POST /api/v1/comments` (Idempotency-Key)
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let request = Idempotent::post(&headers, &format!("{API_PREFIX}/comments"), &bytes)?;
    let c = body::read::<NewComment>(&bytes)?
        .check(NewComment::validate)
        .finish()?;
    let now = state.now();
    let mode = state.config().moderation.comments;
    let words = state.config().word_list.clone();
    let limits = state.config().limits.clone();
    let points = state.config().points.clone();
    let tz = state.config().tz_offset_minutes;
    let hub = state.hub().clone();
    let answer = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            if let Some(stored) = request.replay(&tx, &caller.user_id, now)? {
                return Ok(stored);
            }
            let target = store::target(&tx, c.target_kind, &c.target_id)?
                .ok_or_else(|| no_target(c.target_kind, &c.target_id))?;
            may_see(&tx, c.target_kind, &c.target_id, Some(&caller))?;
            let parent = match &c.reply_to {
                None => None,
                Some(to) => {
                    let p = store::row(&tx, to)?
                        .filter(|p| p.target_kind == c.target_kind && p.target_id == c.target_id)
                        .ok_or_else(|| {
                            ApiError::NotFound(format!(
                                "There is no comment {to:?} on this {}.",
                                c.target_kind.as_str()
                            ))
                        })?;
                    Some(p)
                }
            };
            store::not_suspended(&tx, &caller.user_id, now)?;
            if c.target_kind == TargetKind::Topic {
                let open = topics::row(&tx, &c.target_id)?
                    .is_some_and(|t| topics::discussing(t.status, t.closes_at, now));
                if !open {
                    return Err(ApiError::Conflict(
                        "The discussion of this topic has ended.".into(),
                    ));
                }
            }
            if let Some(p) = &parent {
                if p.state != CommentState::Published {
                    return Err(ApiError::Conflict(
                        "The comment you answer is not shown (deleted, hidden or waiting for review).".into(),
                    ));
                }
            }
            let duplicate: Option<String> = tx
                .query_row(
                    "SELECT id FROM comments WHERE author_id = ?1 AND target_kind = ?2 AND target_id = ?3 \
                     AND body = ?4 AND state <> 'deleted' AND created_at > ?5 LIMIT 1",
                    params![caller.user_id, c.target_kind.as_str(), c.target_id, c.body, now - DUPLICATE_SECS],
                    |r| r.get(0),
                )
                .optional()?;
            if duplicate.is_some() {
                return Err(ApiError::Conflict(
                    "You posted the same text here a moment ago.".into(),
                ));
            }
            let gap = format!("comment-gap:{}", caller.user_id);
            rate::check_rate(&tx, &gap, 1, limits.comment_interval_secs, now)?;
            let day = format!("comment:{}", caller.user_id);
            rate::check_rate(&tx, &day, limits.comments_per_day, DAY, now)?;
            let (state_, held) = initial_state(&caller.roles, mode, matches_word_list(&c.body, &words));
            let n: i64 = tx.next_seq("comments")?;
            let id = format!("c_{n:06}");
            let thread = parent.as_ref().map(|p| p.thread_id.clone().unwrap_or_else(|| p.id.clone()));
            tx.execute(
                "INSERT INTO comments (seq, id, target_kind, target_id, thread_id, reply_to_id, author_id, body, \
                 state, held_for, held_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    n,
                    id,
                    c.target_kind.as_str(),
                    c.target_id,
                    thread,
                    c.reply_to,
                    caller.user_id,
                    c.body,
                    state_.as_str(),
                    held.map(|h| h.as_str()),
                    held.map(|_| now),
                    now
                ],
            )?;
            if let Some(h) = held {
                store::log(&tx, now, None, "held", Some((TargetKind::Comment, &id)), None, Some(h.as_str()))?;
            }
            let row = store::row(&tx, &id)?.ok_or_else(|| ApiError::Internal("a new comment vanished".into()))?;
            if state_ == CommentState::Published {
                tell_replied(&tx, &hub, &row, &target, now)?;
                crate::points::comment_published(&tx, &points, tz, &row, &target, now)?;
            }
            let viewer = store::viewer_of(&tx, Some(&caller), now)?;
            let comment = store::view(&tx, &row, &viewer, now, false)?;
            let stored = request.answer(&tx, &caller.user_id, &comment, now)?;
            tx.commit()?;
            Ok(stored)
        })
        .await?;
    Ok(answer.into_response())
}

/// Tells the author of the comment answered, and the author of the thread, that a reply
/// was published (never the replier themselves).
pub fn tell_replied(
    conn: &Connection,
    hub: &notify::Hub,
    reply: &CommentRow,
    target: &Target,
    now: i64,
) -> Result<(), ApiError> {
    let mut to: Vec<String> = Vec::new();
    for id in [&reply.reply_to_id, &reply.thread_id].into_iter().flatten() {
        if let Some(p) = store::row(conn, id)? {
            if p.author_id != reply.author_id
                && !to.contains(&p.author_id)
                && p.state != CommentState::Deleted
            {
                to.push(p.author_id);
            }
        }
    }
    let who = store::shown_role(&reply.author_roles);
    // the author of the topic commented on hears of every comment (once)
    if reply.target_kind == TargetKind::Topic {
        if let Some(t) = topics::row(conn, &reply.target_id)? {
            if t.author_id != reply.author_id && !to.contains(&t.author_id) {
                let n = NewNotification::about(
                    t.author_id.clone(),
                    NotificationKind::TopicReply,
                    &t.title,
                    Some(&reply.body),
                    reply.link_on(&target.link),
                );
                notify::notify(conn, hub, &n, now)?;
            }
        }
    }
    let name = if who == Role::Citizen {
        crate::mask::mask_name(&reply.author_name)
    } else {
        reply.author_name.clone()
    };
    for user_id in to {
        let mut n = NewNotification::about(
            user_id,
            NotificationKind::CommentReply,
            &target.title,
            Some(&reply.body),
            reply.link_on(&target.link),
        );
        n.body = format!("{name}：{}", n.body);
        notify::notify(conn, hub, &n, now)?;
    }
    Ok(())
}

/// The caller's own comment (404 when they cannot see it; 403 when it is not theirs).
fn own(conn: &Connection, caller: &Caller, id: &str, now: i64) -> Result<CommentRow, ApiError> {
    let row = store::row(conn, id)?.ok_or_else(|| no_comment(id))?;
    let viewer = store::viewer_of(conn, Some(caller), now)?;
    let is_author = row.author_id == caller.user_id;
    let listed = store::target(conn, row.target_kind, &row.target_id)?.is_some()
        && rules::seen(row.state, is_author, viewer.is_staff, 1) != rules::Seen::Nothing;
    if !listed {
        return Err(no_comment(id));
    }
    if !is_author {
        return Err(ApiError::Forbidden(
            "Only its author may change or delete a comment.".into(),
        ));
    }
    Ok(row)
}

/// `PUT /api/v1/comments/{id}`
pub async fn edit(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    bytes: Bytes,
) -> Result<Json<Comment>, ApiError> {
    let checked = body::read::<CommentEdit>(&bytes)?.check(CommentEdit::validate);
    let now = state.now();
    let mode = state.config().moderation.comments;
    let words = state.config().word_list.clone();
    let comment = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            let row = own(&tx, &caller, &id, now)?;
            let text = checked.finish()?.body;
            if matches!(row.state, CommentState::Hidden | CommentState::Deleted) {
                return Err(ApiError::Conflict("A hidden or deleted comment cannot be changed.".into()));
            }
            if now >= rules::edit_deadline(row.created_at) {
                return Err(ApiError::Conflict(format!(
                    "A comment can be changed for {} minutes after posting.",
                    contract::COMMENT_EDIT_MINUTES
                )));
            }
            let (next, held) = match initial_state(&caller.roles, mode, matches_word_list(&text, &words)) {
                // a published comment stays published unless the new text needs review
                (CommentState::Pending, Some(h)) if h == contract::HoldReason::WordList || row.state == CommentState::Pending => {
                    (CommentState::Pending, Some(h))
                }
                _ if row.state == CommentState::Pending => (CommentState::Pending, row.held_for),
                _ => (row.state, row.held_for),
            };
            tx.execute(
                "UPDATE comments SET body = ?1, edited_at = ?2, state = ?3, held_for = ?4, \
                 held_at = CASE WHEN ?4 IS NULL THEN NULL ELSE COALESCE(held_at, ?2) END WHERE id = ?5",
                params![text, now, next.as_str(), held.map(|h| h.as_str()), id],
            )?;
            let row = store::row(&tx, &id)?.ok_or_else(|| no_comment(&id))?;
            let viewer = store::viewer_of(&tx, Some(&caller), now)?;
            let c = store::view(&tx, &row, &viewer, now, true)?;
            tx.commit()?;
            Ok(c)
        })
        .await?;
    Ok(Json(comment))
}

/// `DELETE /api/v1/comments/{id}`
pub async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> Result<StatusCode, ApiError> {
    let now = state.now();
    state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            let row = match store::row(&tx, &id)? {
                // deleting again answers the same
                Some(r) if r.state == CommentState::Deleted && r.author_id == caller.user_id => return Ok(()),
                _ => own(&tx, &caller, &id, now)?,
            };
            // The words go: a deleted comment keeps only its place in the thread.
            tx.execute(
                "UPDATE comments SET state = 'deleted', body = '', held_for = NULL, held_at = NULL WHERE id = ?1",
                params![row.id],
            )?;
            tx.execute(
                "UPDATE reports SET settled = 1 WHERE target_kind = 'comment' AND target_id = ?1",
                params![row.id],
            )?;
            tx.commit()?;
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The target of a like path, when the viewer can see it.
fn like_target(conn: &Connection, kind: &str, id: &str) -> Result<Target, ApiError> {
    let k = TargetKind::parse(kind);
    let target = match k {
        Some(k) => store::target(conn, k, id)?,
        None => None,
    };
    target.ok_or_else(|| ApiError::NotFound(format!("There is no {kind} {id:?} to like.")))
}

fn reactions(conn: &Connection, t: &Target, user: Option<&str>) -> Result<Reactions, ApiError> {
    let (comments, likes) = store::counts(conn, t.kind, &t.id)?;
    let liked = match user {
        None => false,
        Some(u) => conn
            .query_row(
                "SELECT 1 FROM likes WHERE target_kind = ?1 AND target_id = ?2 AND user_id = ?3",
                params![t.kind.as_str(), t.id, u],
                |_| Ok(()),
            )
            .optional()?
            .is_some(),
    };
    Ok(Reactions {
        like_count: likes,
        liked,
        comment_count: if t.kind == TargetKind::Comment {
            0
        } else {
            comments
        },
    })
}

/// `GET /api/v1/likes/{target_kind}/{target_id}`
pub async fn get_likes(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    Path((kind, id)): Path<(String, String)>,
) -> Result<Json<Reactions>, ApiError> {
    let r = state
        .db()
        .call(move |conn| {
            let t = like_target(conn, &kind, &id)?;
            may_see(conn, t.kind, &t.id, caller.as_ref())?;
            reactions(conn, &t, caller.as_ref().map(|c| c.user_id.as_str()))
        })
        .await?;
    Ok(Json(r))
}

/// `PUT /api/v1/likes/{target_kind}/{target_id}`
pub async fn like(
    State(state): State<AppState>,
    caller: Caller,
    Path((kind, id)): Path<(String, String)>,
) -> Result<Json<Reactions>, ApiError> {
    let now = state.now();
    let per_day = state.config().limits.likes_per_day;
    let r = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            let t = like_target(&tx, &kind, &id)?;
            may_see(&tx, t.kind, &t.id, Some(&caller))?;
            store::not_suspended(&tx, &caller.user_id, now)?;
            let had = reactions(&tx, &t, Some(&caller.user_id))?.liked;
            if !had {
                let day = format!("like:{}", caller.user_id);
                rate::check_rate(&tx, &day, per_day, DAY, now)?;
                tx.execute(
                    "INSERT INTO likes (target_kind, target_id, user_id, created_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                    params![t.kind.as_str(), t.id, caller.user_id, now],
                )?;
            }
            let r = reactions(&tx, &t, Some(&caller.user_id))?;
            tx.commit()?;
            Ok(r)
        })
        .await?;
    Ok(Json(r))
}

/// `DELETE /api/v1/likes/{target_kind}/{target_id}`
pub async fn unlike(
    State(state): State<AppState>,
    caller: Caller,
    Path((kind, id)): Path<(String, String)>,
) -> Result<Json<Reactions>, ApiError> {
    let r = state
        .db()
        .call(move |conn| {
            // A comment that was hidden after the like can still lose it.
            let t = match TargetKind::parse(&kind) {
                Some(TargetKind::Comment) if store::row(conn, &id)?.is_some() => Target {
                    kind: TargetKind::Comment,
                    id: id.clone(),
                    title: String::new(),
                    link: String::new(),
                },
                _ => like_target(conn, &kind, &id)?,
            };
            conn.execute(
                "DELETE FROM likes WHERE target_kind = ?1 AND target_id = ?2 AND user_id = ?3",
                params![t.kind.as_str(), t.id, caller.user_id],
            )?;
            reactions(conn, &t, Some(&caller.user_id))
        })
        .await?;
    Ok(Json(r))
}

/// `POST /api/v1/reports`: 201, or 200 with the caller's earlier report of the item.
pub async fn report(
    State(state): State<AppState>,
    caller: Caller,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let r = body::read::<NewReport>(&bytes)?
        .check(NewReport::validate)
        .finish()?;
    let now = state.now();
    let per_hour = state.config().limits.reports_per_hour;
    let (created, received) = state
        .db()
        .call(move |conn| {
            let tx = conn.transaction()?;
            may_see(&tx, r.target_kind, &r.target_id, Some(&caller))?;
            // what is reported: (its author, the author's roles, its state)
            let (author_id, author_roles, state_now) = match r.target_kind {
                TargetKind::Comment => store::row(&tx, &r.target_id)?
                    .filter(|c| c.state == CommentState::Published)
                    .filter(|c| store::target(&tx, c.target_kind, &c.target_id).ok().flatten().is_some())
                    .map(|c| (c.author_id, c.author_roles, c.state)),
                TargetKind::Topic => topics::row(&tx, &r.target_id)?
                    .filter(|t| matches!(t.status, TopicStatus::Open | TopicStatus::Closed))
                    .map(|t| (t.author_id, t.author_roles, topics::as_state(t.status))),
                _ => None,
            }
            .ok_or_else(|| no_target(r.target_kind, &r.target_id))?;
            let earlier: Option<(String, i64)> = tx
                .query_row(
                    "SELECT reason, created_at FROM reports WHERE target_kind = ?1 AND target_id = ?2 AND user_id = ?3",
                    params![r.target_kind.as_str(), r.target_id, caller.user_id],
                    |x| Ok((x.get(0)?, x.get(1)?)),
                )
                .optional()?;
            if let Some((reason, at)) = earlier {
                return Ok((
                    false,
                    ReportReceived {
                        target_kind: r.target_kind,
                        target_id: r.target_id.clone(),
                        reason: contract::ReportReason::parse(&reason).unwrap_or_default(),
                        created_at: rfc3339(at),
                    },
                ));
            }
            if author_id == caller.user_id {
                return Err(ApiError::Forbidden("You cannot report what you wrote.".into()));
            }
            store::not_suspended(&tx, &caller.user_id, now)?;
            let bucket = format!("report:{}", caller.user_id);
            rate::check_rate(&tx, &bucket, per_hour, crate::clock::HOUR, now)?;
            tx.execute(
                "INSERT INTO reports (target_kind, target_id, user_id, reason, detail, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![r.target_kind.as_str(), r.target_id, caller.user_id, r.reason.as_str(), r.detail, now],
            )?;
            let reporters = store::open_reports(&tx, r.target_kind, &r.target_id)?;
            let (next, held) = after_report(state_now, rules::official(&author_roles), reporters);
            if let Some(h) = held {
                if r.target_kind == TargetKind::Topic {
                    let before = topics::row(&tx, &r.target_id)?.map(|t| t.status).unwrap_or_default();
                    tx.execute(
                        "UPDATE topics SET status = ?1, held_for = ?2, held_at = COALESCE(held_at, ?3) WHERE id = ?4",
                        params![topics::from_state(next, before).as_str(), h.as_str(), now, r.target_id],
                    )?;
                } else {
                    tx.execute(
                        "UPDATE comments SET state = ?1, held_for = ?2, held_at = COALESCE(held_at, ?3) WHERE id = ?4",
                        params![next.as_str(), h.as_str(), now, r.target_id],
                    )?;
                }
                if next != state_now {
                    store::log(&tx, now, None, "held", Some((r.target_kind, &r.target_id)), None, Some("reports"))?;
                }
            }
            tx.commit()?;
            Ok((
                true,
                ReportReceived {
                    target_kind: r.target_kind,
                    target_id: r.target_id,
                    reason: r.reason,
                    created_at: rfc3339(now),
                },
            ))
        })
        .await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(received)).into_response())
}
