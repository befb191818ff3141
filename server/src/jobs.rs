//! Periodic jobs run once across instances (issue 17): several identical servers behind a load
//! balancer share one database, and each periodic job must run in one of them per round, never
//! in two — two deadline sweeps at once could each tell a handler, two training sweeps would
//! each remind a deputy.
//!
//! The means is a leased row per job (`job_leases`, migration 25), not an advisory lock: it works
//! the same on SQLite — which several processes may open — and on PostgreSQL, and a dead
//! instance's lease simply runs out (an advisory lock lives with a session, which SQLite has
//! not). Before each round an instance takes or renews the job's lease in one statement
//! ([`TAKE_SQL`]: an upsert whose update applies only when the lease has run out or is already
//! this instance's), and runs the round only if that statement wrote the row — then the row is
//! its own. A lease lasts a little longer than the job's interval ([`lease_secs`]): the instance
//! that holds it renews it every round and keeps it while it lives; when it dies (or stops), the
//! lease runs out and another instance takes the job over within about one more interval.
//!
//! The times are the instances' clocks ([`crate::AppState::now`]): they must agree to well
//! within the slack of a lease (30 s at least; NTP does far better). On PostgreSQL the same
//! statement may use the database's clock instead.
//!
//! Which jobs are leased, and why (the spawns in `main.rs`):
//! - the deadline sweep ([`DEADLINE_SWEEP`]) sends notifications. Its claim of each alert is
//!   already atomic (`INSERT OR IGNORE INTO deadline_alerts`, one row per message, deadline
//!   and kind, so two sweeps cannot both store the same alert), but two instances would still
//!   both read and compete for every due message each minute: leased, so one does the work;
//!   the claim stays as the second guard (tests/jobs.rs runs both at the same moment);
//! - poll results ([`POLL_RESULTS`]) notify the voters; the claim of each poll
//!   (`UPDATE polls … WHERE results_notified_at IS NULL`) is atomic too, leased for the same
//!   reason;
//! - training reminders ([`TRAINING_REMINDERS`]) read which deputies are due, notify them and
//!   then mark them, with no conditional claim: two instances would remind twice. Leased;
//! - attempts past their time ([`OVERDUE_ATTEMPTS`]) are submitted, scored and may get a
//!   certificate; the update of an attempt is unconditional (on PostgreSQL two instances could
//!   both score it). Leased;
//! - clean-ups ([`CLEANUP`], [`UNATTACHED_UPLOADS`]) only delete what is old: twice does no
//!   harm, but once is enough. Leased (the shared request limit's full rows go with them); a
//!   request limiter in memory (SQLite's) has idle addresses of each instance's own, forgotten
//!   on every instance, lease or not;
//! - the SMS and push senders are not leased: they claim their rows one by one with a
//!   conditional update (`… WHERE seq = ? AND next_at <= now`, sms/mod.rs and push.rs), which
//!   only one instance can win for a row, so two instances never send the same message — and
//!   every instance may send, at once, what its own requests queued (a sign-in code waits for
//!   no lease).

use crate::problem::ApiError;
use crate::AppState;
use crate::sql::{params, Connection};

/// A periodic job: its name in `job_leases` and how often it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Job {
    pub name: &'static str,
    pub interval_secs: u64,
}

pub const DEADLINE_SWEEP: Job = Job { name: "deadline_sweep", interval_secs: crate::notify::SWEEP_INTERVAL_SECS };
pub const POLL_RESULTS: Job = Job { name: "poll_results", interval_secs: crate::polls::CLOSER_INTERVAL_SECS };
pub const TRAINING_REMINDERS: Job = Job { name: "training_reminders", interval_secs: crate::training::assign::SWEEP_INTERVAL_SECS };
pub const OVERDUE_ATTEMPTS: Job = Job { name: "overdue_attempts", interval_secs: crate::training::assess::SWEEP_INTERVAL_SECS };
pub const CLEANUP: Job = Job { name: "cleanup", interval_secs: crate::cleanup::CLEANUP_INTERVAL_SECS };
pub const UNATTACHED_UPLOADS: Job = Job { name: "unattached_uploads", interval_secs: crate::uploads::CLEAN_INTERVAL_SECS };

/// Every leased job (distinct names: tested).
pub const LEASED: [Job; 6] = [DEADLINE_SWEEP, POLL_RESULTS, TRAINING_REMINDERS, OVERDUE_ATTEMPTS, CLEANUP, UNATTACHED_UPLOADS];

/// The least time a lease outlasts its interval: a round may start late (a busy database, a
/// slow previous round) and the clocks of two instances may differ a little.
pub const MIN_SLACK_SECS: i64 = 30;

/// How long a lease taken now lasts for a job run every `interval_secs`: the interval and half
/// of it more (at least [`MIN_SLACK_SECS`]). Longer than the interval, so that the holder renews
/// it before it runs out; not much longer, so that another instance takes over soon after the
/// holder died (at most this long after its last round, then at its next tick).
pub fn lease_secs(interval_secs: u64) -> i64 {
    let interval = i64::try_from(interval_secs).unwrap_or(i64::MAX / 4);
    interval + (interval / 2).max(MIN_SLACK_SECS)
}

/// The lease row of a job as it is (the rule [`TAKE_SQL`] applies, for the tests and whoever
/// reasons about it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    pub holder: String,
    pub lease_until: i64,
}

/// Whether instance `me` may take (or renew) a job's lease at `now`: nobody holds it, it is
/// `me`'s already, or it ran out. Exactly the condition of [`TAKE_SQL`].
pub fn may_take(current: Option<&Lease>, me: &str, now: i64) -> bool {
    match current {
        None => true,
        Some(l) => l.holder == me || l.lease_until <= now,
    }
}

/// Takes or renews a lease in one statement — atomic on SQLite (one writer) and on PostgreSQL
/// (`INSERT … ON CONFLICT DO UPDATE` locks the conflicting row, and the `WHERE` is evaluated on
/// its latest version): it writes the row (1 row changed) when [`may_take`] holds, and nothing
/// (0) when another instance's lease still runs. `?1` job, `?2` instance, `?3` lease end,
/// `?4` now. The same text serves both databases.
pub const TAKE_SQL: &str = "INSERT INTO job_leases (job, holder, lease_until, taken_at) VALUES (?1, ?2, ?3, ?4) \
     ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, lease_until = excluded.lease_until, \
       taken_at = CASE WHEN job_leases.holder = excluded.holder THEN job_leases.taken_at ELSE excluded.taken_at END \
     WHERE job_leases.lease_until <= excluded.taken_at OR job_leases.holder = excluded.holder";

/// Takes or renews `job`'s lease for instance `me` at `now`; whether the lease is now `me`'s
/// (the round may run).
pub fn take(conn: &Connection, job: &Job, me: &str, now: i64) -> Result<bool, ApiError> {
    let until = now.saturating_add(lease_secs(job.interval_secs));
    let written = conn.execute(TAKE_SQL, params![job.name, me, until, now])?;
    Ok(written == 1)
}

/// Gives up every lease of instance `me` (a graceful shutdown: another instance takes the jobs
/// over at its next tick rather than when the leases run out); how many.
pub fn release_all(conn: &Connection, me: &str, now: i64) -> Result<usize, ApiError> {
    Ok(conn.execute(
        "UPDATE job_leases SET lease_until = ?2 WHERE holder = ?1 AND lease_until > ?2",
        params![me, now],
    )?)
}

/// The jobs whose lease instance `me` holds at `now`, by name (`/readyz` says them).
pub fn held_by(conn: &Connection, me: &str, now: i64) -> Result<Vec<String>, ApiError> {
    let mut stmt = conn.prepare_cached("SELECT job FROM job_leases WHERE holder = ?1 AND lease_until > ?2 ORDER BY job")?;
    let jobs = stmt.query_map(params![me, now], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
    Ok(jobs)
}

/// The lease of `job` as it is (tests, diagnostics).
pub fn lease_of(conn: &Connection, job: &Job) -> Result<Option<Lease>, ApiError> {
    use crate::sql::OptionalExtension;
    Ok(conn
        .query_row(
            "SELECT holder, lease_until FROM job_leases WHERE job = ?1",
            params![job.name],
            |r| Ok(Lease { holder: r.get(0)?, lease_until: r.get(1)? }),
        )
        .optional()?)
}

/// Whether this instance runs `job`'s round now: it takes or renews the lease with the server's
/// clock. A database error counts as "not ours" (logged): skipping a round is safe, running it
/// twice is not.
pub async fn take_lease(state: &AppState, job: Job) -> bool {
    let me = state.instance_id().to_owned();
    let now = state.now();
    match state.db().call(move |conn| take(conn, &job, &me, now)).await {
        Ok(ours) => ours,
        Err(e) => {
            tracing::warn!("the lease of {} could not be taken: {e:?}", job.name);
            false
        }
    }
}

/// One round of `job` on this instance: `round` on the database with the clock's now, if this
/// instance holds the job's lease ([`take_lease`]); `None` when another instance runs it.
pub async fn leased_round<R: Send + 'static>(
    state: &AppState,
    job: Job,
    round: impl FnOnce(&mut crate::sql::Connection, i64) -> Result<R, crate::problem::ApiError> + Send + 'static,
) -> Option<Result<R, crate::problem::ApiError>> {
    if !take_lease(state, job).await {
        return None;
    }
    let now = state.now();
    Some(state.db().call(move |conn| round(conn, now)).await)
}

/// A new instance id: 16 random bytes in hex (a process that cannot get randomness uses the
/// time and its process id — still different from every other instance's).
pub fn new_instance_id() -> String {
    let mut buf = [0u8; 16];
    if getrandom::fill(&mut buf).is_err() {
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        buf = (t ^ (u128::from(std::process::id()) << 96)).to_le_bytes();
    }
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lease_outlasts_its_interval_by_half_of_it_and_at_least_the_slack() {
        assert_eq!(lease_secs(60), 90);
        assert_eq!(lease_secs(600), 900);
        assert_eq!(lease_secs(10), 40);
        for j in LEASED {
            assert!(lease_secs(j.interval_secs) > j.interval_secs as i64, "{j:?}");
            assert!(lease_secs(j.interval_secs) <= 2 * j.interval_secs as i64 + MIN_SLACK_SECS, "{j:?}");
        }
        assert!(lease_secs(u64::MAX) > 0);
    }

    #[test]
    fn the_jobs_have_distinct_names() {
        let mut names: Vec<&str> = LEASED.iter().map(|j| j.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), LEASED.len());
    }

    #[test]
    fn a_lease_is_taken_when_free_own_or_run_out() {
        let a = Lease { holder: "a".into(), lease_until: 100 };
        assert!(may_take(None, "b", 50));
        assert!(may_take(Some(&a), "a", 50), "renewed by its holder");
        assert!(!may_take(Some(&a), "b", 99), "another's, still running");
        assert!(may_take(Some(&a), "b", 100), "run out");
        assert!(may_take(Some(&a), "b", 150));
    }

    #[test]
    fn the_statement_follows_the_rule() {
        let conn = crate::db::migrated_in_memory();
        let job = DEADLINE_SWEEP;
        let lease = |now: i64| lease_of(&conn, &job).expect("lease").map(|l| (l.holder, l.lease_until, now));
        let mut now = 1_000;
        for step in 0..12 {
            // a and b alternate asking; whatever the table says, the statement agrees with may_take
            let me = if step % 3 == 0 { "b" } else { "a" };
            let before = lease_of(&conn, &job).expect("lease");
            let expected = may_take(before.as_ref(), me, now);
            assert_eq!(take(&conn, &job, me, now).expect("take"), expected, "step {step}: {:?}", lease(now));
            let after = lease_of(&conn, &job).expect("lease").expect("a row");
            if expected {
                assert_eq!(after, Lease { holder: me.into(), lease_until: now + lease_secs(job.interval_secs) });
            } else {
                assert_eq!(Some(after), before, "unchanged");
            }
            now += 40;
        }
        // taken_at stays while the holder renews, and moves when another takes over
        let taken = |c: &Connection| -> i64 {
            c.query_row("SELECT taken_at FROM job_leases WHERE job = ?1", [job.name], |r| r.get(0)).expect("taken_at")
        };
        let holder = lease_of(&conn, &job).expect("lease").expect("row").holder;
        let first = taken(&conn);
        assert!(take(&conn, &job, &holder, now).expect("renew"));
        assert_eq!(taken(&conn), first);
        // released: the other takes it at once
        assert_eq!(release_all(&conn, &holder, now).expect("release"), 1);
        let other = if holder == "a" { "b" } else { "a" };
        assert!(take(&conn, &job, other, now).expect("take over"));
        assert_eq!(taken(&conn), now);
        // other jobs are other rows
        assert!(take(&conn, &POLL_RESULTS, &holder, now).expect("another job"));
    }

    #[test]
    fn instance_ids_are_random() {
        let (a, b) = (new_instance_id(), new_instance_id());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }
}
