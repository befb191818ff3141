//! Online polls (在线投票): storing a poll, what a viewer sees of it (status, whether they may
//! vote and why not, their vote, the results when they may see them), votes (one per user and
//! poll: the primary key of `poll_votes` refuses a second one), and telling the voters when a
//! poll's results are out — when staff close it, or by the periodic [`spawn_closer`] when its
//! time passes.

use std::sync::Arc;

use contract::{
    Answer, Block, NewPoll, NotificationKind, OptionResult, Poll, PollOption, PollQuestion,
    PollResults, PollScope, PollStatus, PollSummary, QuestionKind, QuestionResult, ResultsShown,
    Role, ScopeKind, Village, VoteBlock,
};
use crate::sql::{params, Connection, OptionalExtension};

use crate::auth::Caller;
use crate::clock::{parse_rfc3339, rfc3339};
use crate::notify::{self, Hub, NewNotification};
use crate::problem::ApiError;

/// How often closed polls are looked for, to tell their voters (seconds).
pub const CLOSER_INTERVAL_SECS: u64 = 60;

/// A poll as stored.
#[derive(Debug, Clone)]
pub struct PollRow {
    pub seq: i64,
    pub id: String,
    pub title: String,
    pub description: Vec<Block>,
    pub scope_kind: ScopeKind,
    pub station_id: Option<String>,
    pub village: Option<String>,
    pub opens_at: i64,
    pub closes_at: i64,
    pub closed_at: Option<i64>,
    pub results_shown: ResultsShown,
}

impl PollRow {
    /// When it closes (or closed): early when staff closed it.
    pub fn end(&self) -> i64 {
        self.closed_at
            .map_or(self.closes_at, |c| c.min(self.closes_at))
    }

    pub fn status(&self, now: i64) -> PollStatus {
        if self.closed_at.is_some() || now >= self.closes_at {
            PollStatus::Closed
        } else if now < self.opens_at {
            PollStatus::Upcoming
        } else {
            PollStatus::Open
        }
    }
}

pub const ROW_COLUMNS: &str = "p.seq, p.id, p.title, p.description_json, p.scope_kind, \
     p.scope_station_id, p.scope_village, p.opens_at, p.closes_at, p.closed_at, p.results_shown";

pub fn row(r: &crate::sql::Row<'_>) -> crate::sql::Result<PollRow> {
    let description: String = r.get(3)?;
    let scope: String = r.get(4)?;
    let shown: String = r.get(10)?;
    Ok(PollRow {
        seq: r.get(0)?,
        id: r.get(1)?,
        title: r.get(2)?,
        description: serde_json::from_str(&description).unwrap_or_default(),
        scope_kind: ScopeKind::parse(&scope).unwrap_or_default(),
        station_id: r.get(5)?,
        village: r.get(6)?,
        opens_at: r.get(7)?,
        closes_at: r.get(8)?,
        closed_at: r.get(9)?,
        results_shown: ResultsShown::parse(&shown).unwrap_or_default(),
    })
}

/// The poll `id`, if it exists.
pub fn find(conn: &Connection, id: &str) -> Result<Option<PollRow>, ApiError> {
    if !crate::cursor::valid_id(id) {
        return Ok(None);
    }
    Ok(conn
        .query_row(
            &format!("SELECT {ROW_COLUMNS} FROM polls p WHERE p.id = ?1"),
            params![id],
            row,
        )
        .optional()?)
}

/// The name of a station, if it exists.
pub fn station_name(conn: &Connection, station_id: &str) -> Result<Option<String>, ApiError> {
    Ok(conn
        .query_row(
            "SELECT name FROM stations WHERE id = ?1",
            params![station_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// Whether `station_id` is a station that serves `village`.
pub fn serves(conn: &Connection, station_id: &str, village: &str) -> Result<bool, ApiError> {
    let villages: Option<String> = conn
        .query_row(
            "SELECT villages_json FROM stations WHERE id = ?1",
            params![station_id],
            |r| r.get(0),
        )
        .optional()?;
    let villages: Vec<String> = villages
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default();
    Ok(villages.iter().any(|v| v == village))
}

pub fn scope(conn: &Connection, p: &PollRow) -> Result<PollScope, ApiError> {
    let label = match (p.scope_kind, &p.station_id, &p.village) {
        (ScopeKind::Village, _, Some(v)) => v.clone(),
        (ScopeKind::Station, Some(s), _) => station_name(conn, s)?.unwrap_or_default(),
        _ => "全镇".to_owned(),
    };
    Ok(PollScope {
        kind: p.scope_kind,
        station_id: p.station_id.clone(),
        village: p.village.clone(),
        label,
    })
}

pub fn voters(conn: &Connection, poll_id: &str) -> Result<u32, ApiError> {
    let n: i64 = conn.query_row(
        "SELECT COUNT(*) FROM poll_votes WHERE poll_id = ?1",
        params![poll_id],
        |r| r.get(0),
    )?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

pub fn summary(conn: &Connection, p: &PollRow, now: i64) -> Result<PollSummary, ApiError> {
    Ok(PollSummary {
        id: p.id.clone(),
        title: p.title.clone(),
        scope: scope(conn, p)?,
        status: p.status(now),
        opens_at: rfc3339(p.opens_at),
        closes_at: rfc3339(p.end()),
        results_shown: p.results_shown,
        voters: voters(conn, &p.id)?,
    })
}

/// The questions of a poll with their options, in order.
pub fn questions(conn: &Connection, poll_id: &str) -> Result<Vec<PollQuestion>, ApiError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, text, kind, max_choices FROM poll_questions WHERE poll_id = ?1 ORDER BY position",
    )?;
    let mut qs = stmt
        .query_map(params![poll_id], |r| {
            let kind: String = r.get(2)?;
            Ok(PollQuestion {
                id: r.get(0)?,
                text: r.get(1)?,
                kind: QuestionKind::parse(&kind).unwrap_or_default(),
                max_choices: r.get(3)?,
                options: Vec::new(),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT question_id, id, text FROM poll_options WHERE poll_id = ?1 ORDER BY position",
    )?;
    let options = stmt
        .query_map(params![poll_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    for (q, id, text) in options {
        if let Some(q) = qs.iter_mut().find(|x| x.id == q) {
            q.options.push(PollOption { id, text });
        }
    }
    Ok(qs)
}

/// The results: votes per option in the questions' order, voters per question, turnout.
pub fn results(
    conn: &Connection,
    poll_id: &str,
    qs: &[PollQuestion],
) -> Result<PollResults, ApiError> {
    let mut stmt = conn.prepare_cached(
        "SELECT option_id, COUNT(*) FROM poll_choices WHERE poll_id = ?1 GROUP BY option_id",
    )?;
    let counts = stmt
        .query_map(params![poll_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT question_id, COUNT(DISTINCT user_id) FROM poll_choices WHERE poll_id = ?1 \
         GROUP BY question_id",
    )?;
    let per_question = stmt
        .query_map(params![poll_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let count = |list: &[(String, i64)], id: &str| {
        list.iter()
            .find(|(k, _)| k == id)
            .map_or(0, |(_, n)| u32::try_from(*n).unwrap_or(u32::MAX))
    };
    Ok(PollResults {
        voters: voters(conn, poll_id)?,
        questions: qs
            .iter()
            .map(|q| QuestionResult {
                question_id: q.id.clone(),
                voters: count(&per_question, &q.id),
                options: q
                    .options
                    .iter()
                    .map(|o| OptionResult {
                        option_id: o.id.clone(),
                        votes: count(&counts, &o.id),
                    })
                    .collect(),
            })
            .collect(),
    })
}

/// The vote of `user_id`, if they voted.
pub fn vote_of(
    conn: &Connection,
    poll_id: &str,
    user_id: &str,
    qs: &[PollQuestion],
) -> Result<Option<Vec<Answer>>, ApiError> {
    let voted: Option<i64> = conn
        .query_row(
            "SELECT created_at FROM poll_votes WHERE poll_id = ?1 AND user_id = ?2",
            params![poll_id, user_id],
            |r| r.get(0),
        )
        .optional()?;
    if voted.is_none() {
        return Ok(None);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT c.question_id, c.option_id FROM poll_choices c \
         JOIN poll_options o ON o.poll_id = c.poll_id AND o.id = c.option_id \
         WHERE c.poll_id = ?1 AND c.user_id = ?2 ORDER BY o.position",
    )?;
    let chosen = stmt
        .query_map(params![poll_id, user_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(
        qs.iter()
            .map(|q| Answer {
                question_id: q.id.clone(),
                option_ids: chosen
                    .iter()
                    .filter(|(qid, _)| *qid == q.id)
                    .map(|(_, o)| o.clone())
                    .collect(),
            })
            .collect(),
    ))
}

/// Whether `village` (a user's) is in the poll's scope: `Err` says why not.
pub fn in_scope(p: &PollRow, village: Option<&Village>) -> Result<(), VoteBlock> {
    if p.scope_kind == ScopeKind::All {
        return Ok(());
    }
    let Some(v) = village else {
        return Err(VoteBlock::ChooseVillage);
    };
    let same_station = p.station_id.as_deref() == Some(v.station_id.as_str());
    let ok = match p.scope_kind {
        ScopeKind::Station => same_station,
        _ => same_station && p.village.as_deref() == Some(v.village.as_str()),
    };
    if ok {
        Ok(())
    } else {
        Err(VoteBlock::OutOfScope)
    }
}

/// Why `caller` cannot vote in `p` now, if they cannot (`voted`: they did).
pub fn vote_block(
    p: &PollRow,
    caller: Option<&Caller>,
    voted: bool,
    now: i64,
) -> Option<VoteBlock> {
    let Some(c) = caller else {
        return Some(VoteBlock::SignIn);
    };
    if voted {
        return Some(VoteBlock::AlreadyVoted);
    }
    match p.status(now) {
        PollStatus::Closed => return Some(VoteBlock::Closed),
        PollStatus::Upcoming => return Some(VoteBlock::NotOpen),
        _ => {}
    }
    in_scope(p, c.village.as_ref()).err()
}

/// Whether the viewer may see the results: staff always; others once it is closed, or
/// after their vote when the poll says so.
pub fn results_visible(p: &PollRow, staff: bool, voted: bool, now: i64) -> bool {
    staff
        || p.status(now) == PollStatus::Closed
        || (voted && p.results_shown == ResultsShown::AfterVote)
}

/// The poll as `caller` sees it.
pub fn view(
    conn: &Connection,
    p: &PollRow,
    caller: Option<&Caller>,
    now: i64,
) -> Result<Poll, ApiError> {
    let qs = questions(conn, &p.id)?;
    let my_vote = match caller {
        Some(c) => vote_of(conn, &p.id, &c.user_id, &qs)?,
        None => None,
    };
    let voted = my_vote.is_some();
    let staff = caller.is_some_and(|c| c.is(Role::Staff));
    let block = vote_block(p, caller, voted, now);
    let results = if results_visible(p, staff, voted, now) {
        Some(results(conn, &p.id, &qs)?)
    } else {
        None
    };
    let status = p.status(now);
    Ok(Poll {
        id: p.id.clone(),
        title: p.title.clone(),
        description: p.description.clone(),
        scope: scope(conn, p)?,
        status,
        opens_at: rfc3339(p.opens_at),
        closes_at: rfc3339(p.end()),
        results_shown: p.results_shown,
        questions: qs,
        voters: voters(conn, &p.id)?,
        can_vote: block.is_none(),
        vote_block: block,
        my_vote,
        results,
        can_close: staff && status != PollStatus::Closed,
    })
}

/// Stores a checked poll (`NewPoll::validate`) by `created_by`; its id.
pub fn insert(
    conn: &Connection,
    new: &NewPoll,
    created_by: &str,
    now: i64,
) -> Result<String, ApiError> {
    let opens = new
        .opens_at
        .as_deref()
        .and_then(parse_rfc3339)
        .unwrap_or(now);
    let closes = parse_rfc3339(&new.closes_at)
        .ok_or_else(|| ApiError::Internal("a checked poll without closes_at".into()))?;
    let seq: i64 = conn.next_seq("polls")?;
    let id = format!("pl_{seq:06}");
    let description = serde_json::to_string(&contract::description_blocks(&new.description))?;
    conn.execute(
        "INSERT INTO polls (seq, id, title, description_json, scope_kind, scope_station_id, \
         scope_village, opens_at, closes_at, results_shown, created_by, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            seq,
            id,
            new.title,
            description,
            new.scope.kind.as_str(),
            new.scope.station_id,
            new.scope.village,
            opens,
            closes,
            new.results_shown.as_str(),
            created_by,
            now
        ],
    )?;
    for (i, q) in new.questions.iter().enumerate() {
        let qid = format!("q{}", i + 1);
        conn.execute(
            "INSERT INTO poll_questions (poll_id, id, position, text, kind, max_choices) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, qid, i as i64, q.text, q.kind.as_str(), q.choices()],
        )?;
        for (j, o) in q.options.iter().enumerate() {
            conn.execute(
                "INSERT INTO poll_options (poll_id, question_id, id, position, text) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, qid, format!("{qid}o{}", j + 1), j as i64, o],
            )?;
        }
    }
    Ok(id)
}

/// Stores a checked vote (`NewVote::validate`). The database refuses a second vote of one
/// user in one poll (the primary key of `poll_votes`): 409.
pub fn insert_vote(
    conn: &Connection,
    poll_id: &str,
    user_id: &str,
    answers: &[Answer],
    now: i64,
) -> Result<(), ApiError> {
    let inserted = conn.execute(
        "INSERT INTO poll_votes (poll_id, user_id, created_at) VALUES (?1, ?2, ?3)",
        params![poll_id, user_id, now],
    );
    match inserted {
        Err(crate::sql::Error::SqliteFailure(e, _))
            if e.code == crate::sql::ErrorCode::ConstraintViolation =>
        {
            return Err(already_voted());
        }
        other => {
            other?;
        }
    }
    for a in answers {
        for o in &a.option_ids {
            conn.execute(
                "INSERT INTO poll_choices (poll_id, user_id, question_id, option_id) \
                 VALUES (?1, ?2, ?3, ?4)",
                params![poll_id, user_id, a.question_id, o],
            )?;
        }
    }
    Ok(())
}

pub fn already_voted() -> ApiError {
    ApiError::Conflict("You have voted in this poll already; a vote cannot be changed.".into())
}

/// Tells the voters of a closed poll that its results are out, once (a `poll_results`
/// notification linking to the poll); how many were told.
pub fn announce_results(
    conn: &Connection,
    hub: &Hub,
    p: &PollRow,
    now: i64,
) -> Result<usize, ApiError> {
    let marked = conn.execute(
        "UPDATE polls SET results_notified_at = ?1 WHERE id = ?2 AND results_notified_at IS NULL",
        params![now, p.id],
    )?;
    if marked == 0 {
        return Ok(0);
    }
    let mut stmt = conn
        .prepare_cached("SELECT user_id FROM poll_votes WHERE poll_id = ?1 ORDER BY created_at")?;
    let voters = stmt
        .query_map(params![p.id], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    let mut sent = 0;
    for user_id in voters {
        let n = NewNotification::about(user_id, NotificationKind::PollResults, &p.title, None, format!("/polls/{}", p.id));
        if notify::notify(conn, hub, &n, now)?.is_some() {
            sent += 1;
        }
    }
    Ok(sent)
}

/// Announces the results of every poll whose time has passed (or that staff closed) and
/// whose voters were not told yet; how many notifications were sent.
pub fn sweep(conn: &mut Connection, hub: &Hub, now: i64) -> Result<usize, ApiError> {
    let tx = conn.transaction()?;
    let due = {
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT {ROW_COLUMNS} FROM polls p WHERE p.results_notified_at IS NULL \
             AND (p.closed_at IS NOT NULL OR p.closes_at <= ?1) ORDER BY p.seq"
        ))?;
        let rows = stmt
            .query_map(params![now], row)?
            .collect::<Result<Vec<_>, _>>()?;
        rows
    };
    let mut sent = 0;
    for p in &due {
        sent += announce_results(&tx, hub, p, now)?;
    }
    tx.commit()?;
    Ok(sent)
}

/// One round of the results sweep on this instance, if it holds the lease of
/// [`crate::jobs::POLL_RESULTS`]: `None` when another instance runs it.
pub async fn run_round(state: &crate::AppState) -> Option<Result<usize, ApiError>> {
    let hub = Arc::clone(state.hub());
    crate::jobs::leased_round(state, crate::jobs::POLL_RESULTS, move |conn, now| sweep(conn, &hub, now)).await
}

/// Runs [`sweep`] every [`CLOSER_INTERVAL_SECS`] with the server's clock, on the one instance
/// that holds its lease ([`run_round`]).
pub fn spawn_closer(state: crate::AppState) -> tokio::task::JoinHandle<()> {
    crate::clock::every(CLOSER_INTERVAL_SECS, move || {
        let state = state.clone();
        async move {
            match run_round(&state).await {
                None | Some(Ok(0)) => {}
                Some(Ok(n)) => tracing::info!("poll results: {n} notifications"),
                Some(Err(e)) => tracing::warn!("poll results sweep failed: {e:?}"),
            }
        }
    })
}

/// Sets a user's village (checked: the station serves it).
pub fn set_village(conn: &Connection, user_id: &str, v: &Village) -> Result<usize, ApiError> {
    Ok(conn.execute(
        "UPDATE users SET village_station_id = ?1, village = ?2 WHERE id = ?3",
        params![v.station_id, v.village, user_id],
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn poll(kind: ScopeKind, station: Option<&str>, village: Option<&str>) -> PollRow {
        PollRow {
            seq: 1,
            id: "pl_1".into(),
            title: "t".into(),
            description: vec![],
            scope_kind: kind,
            station_id: station.map(Into::into),
            village: village.map(Into::into),
            opens_at: 100,
            closes_at: 200,
            closed_at: None,
            results_shown: ResultsShown::AfterVote,
        }
    }

    fn home(s: &str, v: &str) -> Village {
        Village {
            station_id: s.into(),
            village: v.into(),
        }
    }

    #[test]
    fn status_follows_the_clock_and_an_early_close() {
        let mut p = poll(ScopeKind::All, None, None);
        assert_eq!(p.status(99), PollStatus::Upcoming);
        assert_eq!(p.status(100), PollStatus::Open);
        assert_eq!(p.status(199), PollStatus::Open);
        assert_eq!(p.status(200), PollStatus::Closed);
        p.closed_at = Some(150);
        assert_eq!(p.status(120), PollStatus::Closed);
        assert_eq!(p.end(), 150);
    }

    #[test]
    fn scope_is_the_village_or_the_station() {
        let all = poll(ScopeKind::All, None, None);
        assert_eq!(in_scope(&all, None), Ok(()));
        let st = poll(ScopeKind::Station, Some("st_a"), None);
        assert_eq!(in_scope(&st, None), Err(VoteBlock::ChooseVillage));
        assert_eq!(in_scope(&st, Some(&home("st_a", "甲村"))), Ok(()));
        assert_eq!(
            in_scope(&st, Some(&home("st_b", "乙村"))),
            Err(VoteBlock::OutOfScope)
        );
        let v = poll(ScopeKind::Village, Some("st_a"), Some("甲村"));
        assert_eq!(in_scope(&v, Some(&home("st_a", "甲村"))), Ok(()));
        assert_eq!(
            in_scope(&v, Some(&home("st_a", "丙村"))),
            Err(VoteBlock::OutOfScope)
        );
    }

    #[test]
    fn results_show_after_the_vote_or_the_close_and_always_to_staff() {
        let mut p = poll(ScopeKind::All, None, None);
        assert!(!results_visible(&p, false, false, 150));
        assert!(results_visible(&p, false, true, 150));
        assert!(results_visible(&p, true, false, 150));
        assert!(results_visible(&p, false, false, 200));
        p.results_shown = ResultsShown::AfterClose;
        assert!(!results_visible(&p, false, true, 150));
        assert!(results_visible(&p, false, true, 200));
    }
}
