-- Migration 25: leases of the periodic jobs (issue 17) — several instances of the server on one
-- database run each periodic job (the deadline sweep, poll results, training reminders, …) once,
-- not once per instance: before a round, an instance takes or renews the job's lease in one
-- statement (server/src/jobs.rs) and runs the round only if the row is then its own.
-- Applied once, in order, by server/src/db.rs (PRAGMA user_version); never edit an
-- applied migration: add the next number.

    CREATE TABLE job_leases (
        -- the job's name (jobs.rs: deadline_sweep, poll_results, …)
        job          TEXT PRIMARY KEY,
        -- the instance holding the lease: a random id made when the server starts
        holder       TEXT NOT NULL,
        -- the lease ends then (Unix seconds): another instance may take it from then on
        lease_until  INTEGER NOT NULL,
        -- when this holder took it (kept while it renews): for whoever looks
        taken_at     INTEGER NOT NULL
    );
