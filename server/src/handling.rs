//! The handling rules of messages, without storage: deadlines in the township's local days,
//! overdue, status transitions, who sees a message and what each viewer may do with it.
//!
//! Everything here is pure so that the rules can be tested exhaustively; the storage
//! (`crate::messages`) and the handlers (`crate::routes::messages`) only ask these functions.
//!
//! Rules (issue 3 design):
//! * the township lives in one time zone (`Config::tz_offset_minutes`, UTC+8 by default);
//!   "end of a day" is 23:59:59 local time;
//! * untriaged (submitted, reopened): triage is due at the end of the local day after the day
//!   the message was sent or reopened; fast track: end of the local day of triage + 5 days;
//!   major track: end of the local day of triage + 30 days;
//! * overdue = now > deadline and not finished; finished: fast → replied, resolved, closed;
//!   major → resolved, closed; untriaged → never (triage is what is due).

use contract::{HandlerKind, MessageStatus, Permissions, Role, TimeLimits, Track, REOPEN_DAYS};

use crate::clock::DAY;

/// Days staff have to triage a new (or reopened) message, counted in local days from its
/// sending: the end of the next local day.
pub const TRIAGE_DAYS: i64 = 1;
/// Days a fast-track (民生小事) message has, counted in local days from triage.
pub const FAST_DAYS: i64 = 5;
/// Days a major-track (重大议题) message has.
pub const MAJOR_DAYS: i64 = 30;

/// The time limits above, as the contract tells them to clients (on every message).
pub fn time_limits() -> TimeLimits {
    let days = |d: i64| u32::try_from(d).unwrap_or(0);
    TimeLimits {
        triage_days: days(TRIAGE_DAYS),
        fast_days: days(FAST_DAYS),
        major_days: days(MAJOR_DAYS),
    }
}

// ---------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------

/// The local day number of a Unix time, and 23:59:59 local time of a local day: the
/// contract's calendar maths ([`contract::civil`]), with the township's offset in seconds.
pub use contract::civil::{end_of_local_day, local_day};

/// When triage of a message sent (or reopened) at `at` is due: the end of the next local day.
pub fn triage_deadline(at: i64, tz_secs: i64) -> i64 {
    end_of_local_day(local_day(at, tz_secs) + TRIAGE_DAYS, tz_secs)
}

/// Days a track has from triage.
pub fn track_days(track: Track) -> Option<i64> {
    match track {
        Track::Fast => Some(FAST_DAYS),
        Track::Major => Some(MAJOR_DAYS),
        Track::Unknown => None,
    }
}

/// When a message triaged at `triaged_at` into `track` must be answered (fast) or resolved
/// (major): the end of the local day `track_days` after the day of triage.
pub fn track_deadline(track: Track, triaged_at: i64, tz_secs: i64) -> Option<i64> {
    let days = track_days(track)?;
    Some(end_of_local_day(
        local_day(triaged_at, tz_secs) + days,
        tz_secs,
    ))
}

/// Waiting for (re-)triage.
pub fn awaiting_triage(status: MessageStatus) -> bool {
    matches!(status, MessageStatus::Submitted | MessageStatus::Reopened)
}

/// Whether what the deadline asks for has been done: an answer on the fast track, the
/// resolution on the major track. Untriaged messages are never finished.
pub fn is_finished(status: MessageStatus, track: Option<Track>) -> bool {
    use MessageStatus as S;
    if awaiting_triage(status) {
        return false;
    }
    match track {
        Some(Track::Fast) => matches!(status, S::Replied | S::Resolved | S::Closed),
        Some(Track::Major) => matches!(status, S::Resolved | S::Closed),
        // without a known track only the end of handling counts
        _ => matches!(status, S::Resolved | S::Closed),
    }
}

/// The SQL expression of [`is_finished`] over the columns `status` and `track` of
/// `messages` (prefixed by `alias.`), a truth value on both databases (`1 = 0`, not `0`: a
/// `CASE` of PostgreSQL has one type). Tested against the Rust function.
pub fn finished_sql(alias: &str) -> String {
    format!(
        "(CASE WHEN {a}.status IN ('submitted', 'reopened') THEN 1 = 0 \
              WHEN {a}.track = 'fast' THEN {a}.status IN ('replied', 'resolved', 'closed') \
              ELSE {a}.status IN ('resolved', 'closed') END)",
        a = alias
    )
}

/// The SQL expression of [`is_overdue`]; `now` is the parameter placeholder (e.g. `?1`).
pub fn overdue_sql(alias: &str, now: &str) -> String {
    format!(
        "({a}.deadline IS NOT NULL AND {now} > {a}.deadline AND NOT {f})",
        a = alias,
        f = finished_sql(alias)
    )
}

/// Whether a message in a handler's inbox needs its handler now (需要您处理, the workspace's
/// to-do list and its count): its handling is not finished ([`is_finished`]: on the fast
/// track not answered yet, on the major track not resolved yet), or the author asked a
/// follow-up question after the handler's last reply (`follow_up_pending`). Never while it
/// waits for triage (that is staff's triage queue, not a handler's to-do) and never once
/// closed. So an answered fast-track message leaves the to-do list until the author asks
/// again; a major issue stays until it is resolved, as its deadline asks.
pub fn needs_handler(status: MessageStatus, track: Option<Track>, follow_up_pending: bool) -> bool {
    if awaiting_triage(status) || status == MessageStatus::Closed {
        return false;
    }
    !is_finished(status, track) || follow_up_pending
}

/// Whether the author's latest follow-up came after the handler's latest reply, in SQL over
/// `message_replies` (their `seq` orders them) for the message `alias.id`.
pub fn follow_up_pending_sql(alias: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM message_replies f WHERE f.message_id = {a}.id AND f.kind = 'follow_up' \
           AND f.seq > COALESCE((SELECT MAX(r.seq) FROM message_replies r \
                                 WHERE r.message_id = {a}.id AND r.kind = 'reply'), 0))",
        a = alias
    )
}

/// The SQL expression of [`needs_handler`] over `messages` (prefixed by `alias.`) and its
/// replies. Tested against the Rust function.
pub fn needs_handler_sql(alias: &str) -> String {
    format!(
        "({a}.status NOT IN ('submitted', 'reopened', 'closed') AND (NOT {f} OR {p}))",
        a = alias,
        f = finished_sql(alias),
        p = follow_up_pending_sql(alias)
    )
}

/// Past the deadline and not finished.
pub fn is_overdue(
    status: MessageStatus,
    track: Option<Track>,
    deadline: Option<i64>,
    now: i64,
) -> bool {
    deadline.is_some_and(|d| now > d) && !is_finished(status, track)
}

/// Until when the author may reopen a message closed at `closed_at`.
pub fn reopen_until(closed_at: i64) -> i64 {
    closed_at + REOPEN_DAYS * DAY
}

// ---------------------------------------------------------------------------
// Status transitions
// ---------------------------------------------------------------------------

/// Statuses a handler may set from `from`: `accepted` only from `assigned`; `in_progress`
/// and `resolved` from any active status (not to the status it already has).
pub fn handler_statuses(from: MessageStatus) -> Vec<MessageStatus> {
    use MessageStatus as S;
    match from {
        S::Assigned => vec![S::Accepted, S::InProgress, S::Resolved],
        S::Accepted | S::Replied => vec![S::InProgress, S::Resolved],
        S::InProgress => vec![S::Resolved],
        _ => Vec::new(),
    }
}

/// Statuses staff may set from `from`: the handler's, and `closed` from any triaged status
/// that is not closed.
pub fn staff_statuses(from: MessageStatus) -> Vec<MessageStatus> {
    use MessageStatus as S;
    let mut out = handler_statuses(from);
    if matches!(
        from,
        S::Assigned | S::Accepted | S::InProgress | S::Replied | S::Resolved
    ) {
        out.push(S::Closed);
    }
    out
}

// ---------------------------------------------------------------------------
// Who sees and does what
// ---------------------------------------------------------------------------

/// A signed-in viewer.
#[derive(Debug, Clone, Copy)]
pub struct Viewer<'a> {
    pub user_id: &'a str,
    pub roles: &'a [Role],
    /// The deputy profile of a deputy.
    pub deputy_id: Option<&'a str>,
}

impl Viewer<'_> {
    pub fn is(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// What the rules need to know about a message.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub author_id: &'a str,
    pub public: bool,
    pub status: MessageStatus,
    pub track: Option<Track>,
    pub handler: Option<(HandlerKind, &'a str)>,
    /// Rated in the current round (since the last reopening).
    pub rated: bool,
    pub closed_at: Option<i64>,
}

/// How a viewer is related to a message.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Relation {
    /// The viewer wrote it.
    pub author: bool,
    /// The viewer is the deputy handling it.
    pub handling_deputy: bool,
    /// The viewer is liaison-station staff (sees everything, acts for departments).
    pub staff: bool,
}

impl Relation {
    pub fn of(viewer: Option<&Viewer<'_>>, m: &Facts<'_>) -> Relation {
        let Some(v) = viewer else {
            return Relation::default();
        };
        let handling_deputy = match (m.handler, v.deputy_id) {
            (Some((HandlerKind::Deputy, handler)), Some(me)) => v.is(Role::Deputy) && handler == me,
            _ => false,
        };
        Relation {
            author: v.user_id == m.author_id,
            handling_deputy,
            staff: v.is(Role::Staff),
        }
    }

    /// Handles it (the deputy it is assigned to, or staff acting for departments).
    pub fn handles(&self) -> bool {
        self.handling_deputy || self.staff
    }

    /// Sees everything of it (location, full names).
    pub fn full(&self) -> bool {
        self.author || self.handles()
    }
}

/// How much of a message a viewer sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// Everything: author, handler, staff.
    Full,
    /// The public view: author masked, no location, no permissions.
    Public,
    /// Nothing: 404.
    Hidden,
}

/// Public messages are on view once triaged (any status but `submitted`).
pub fn publicly_visible(m: &Facts<'_>) -> bool {
    m.public && m.status != MessageStatus::Submitted
}

pub fn visibility(rel: Relation, m: &Facts<'_>) -> Visibility {
    if rel.full() {
        Visibility::Full
    } else if publicly_visible(m) {
        Visibility::Public
    } else {
        Visibility::Hidden
    }
}

/// Something a viewer wants to do with a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Triage,
    Reply,
    SetStatus(MessageStatus),
    Plan,
    HandOver,
    FollowUp,
    Rate,
    Reopen,
    /// An internal note.
    Note,
}

/// Why an action is refused: 403 (not this viewer's to do) or 409 (not now).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Forbidden(&'static str),
    Conflict(&'static str),
}

/// Whether `rel` may do `action` on `m` at `now`. The caller has already made sure the
/// message is visible to the viewer (else 404).
pub fn check(action: Action, rel: Relation, m: &Facts<'_>, now: i64) -> Result<(), Refusal> {
    use MessageStatus as S;
    use Refusal::{Conflict, Forbidden};
    match action {
        Action::Triage => {
            if !rel.staff {
                return Err(Forbidden("Only liaison-station staff triage messages."));
            }
            if !awaiting_triage(m.status) {
                return Err(Conflict("The message is not waiting for triage."));
            }
        }
        Action::Reply => {
            if !rel.handles() {
                return Err(Forbidden(
                    "Only the handler of the message (or staff) may reply.",
                ));
            }
            if awaiting_triage(m.status) {
                return Err(Conflict("The message has not been triaged yet."));
            }
            if m.status == S::Closed {
                return Err(Conflict("The message is closed."));
            }
        }
        Action::SetStatus(to) => {
            if !rel.handles() {
                return Err(Forbidden(
                    "Only the handler of the message (or staff) may change its status.",
                ));
            }
            let allowed = if rel.staff {
                staff_statuses(m.status)
            } else {
                handler_statuses(m.status)
            };
            if !allowed.contains(&to) {
                return Err(Conflict("This status change is not allowed now."));
            }
        }
        Action::Plan => {
            if !rel.handles() {
                return Err(Forbidden(
                    "Only the handler of the message (or staff) may plan it.",
                ));
            }
            if m.track != Some(Track::Major) {
                return Err(Conflict("Only major issues have a plan."));
            }
            if m.status == S::Closed {
                return Err(Conflict("The message is closed."));
            }
        }
        Action::HandOver => {
            if !rel.handles() {
                return Err(Forbidden(
                    "Only the handling deputy (or staff) may hand the message over.",
                ));
            }
            if awaiting_triage(m.status) || m.handler.is_none() {
                return Err(Conflict("The message has not been triaged yet."));
            }
            if matches!(m.status, S::Resolved | S::Closed) {
                return Err(Conflict("The message is already resolved or closed."));
            }
        }
        Action::Note => {
            // at any status: a closed or reopened message may still need a word among handlers
            if !rel.handles() {
                return Err(Forbidden(
                    "Only the handler of the message (or staff) may write internal notes.",
                ));
            }
        }
        Action::FollowUp => {
            if !rel.author {
                return Err(Forbidden("Only the author may add to the message."));
            }
            if m.status == S::Closed {
                return Err(Conflict("The message is closed."));
            }
        }
        Action::Rate => {
            if !rel.author {
                return Err(Forbidden("Only the author may rate the message."));
            }
            if m.status != S::Resolved {
                return Err(Conflict("Only a resolved message can be rated."));
            }
            if m.rated {
                return Err(Conflict("The message has already been rated."));
            }
        }
        Action::Reopen => {
            if !rel.author {
                return Err(Forbidden("Only the author may reopen the message."));
            }
            if m.status != S::Closed {
                return Err(Conflict("Only a closed message can be reopened."));
            }
            match m.closed_at {
                Some(closed) if now <= reopen_until(closed) => {}
                _ => {
                    return Err(Conflict(
                        "A message can only be reopened within 7 days of closing.",
                    ))
                }
            }
        }
    }
    Ok(())
}

/// What the viewer may do now (all false unless the viewer has the full view).
pub fn permissions(rel: Relation, m: &Facts<'_>, now: i64) -> Permissions {
    if visibility(rel, m) != Visibility::Full {
        return Permissions::default();
    }
    let ok = |a| check(a, rel, m, now).is_ok();
    let candidates = [
        MessageStatus::Accepted,
        MessageStatus::InProgress,
        MessageStatus::Resolved,
        MessageStatus::Closed,
    ];
    Permissions {
        triage: ok(Action::Triage),
        reply: ok(Action::Reply),
        set_status: candidates
            .into_iter()
            .filter(|s| ok(Action::SetStatus(*s)))
            .collect(),
        plan: ok(Action::Plan),
        hand_over: ok(Action::HandOver),
        follow_up: ok(Action::FollowUp),
        rate: ok(Action::Rate),
        reopen: ok(Action::Reopen),
        note: ok(Action::Note),
    }
}

#[cfg(test)]
mod tests;
