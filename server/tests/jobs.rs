//! Several instances on one database (issue 17): each periodic job runs on one of them per round,
//! the one that holds its lease (`server/src/jobs.rs`), and another takes it over once that
//! lease ends. The "instances" are two `AppState`s, each with its own connections to the same
//! database file, as two server processes would have.

mod common;
mod msgsupport;

use common::{TestApp, NOW};
use server::db::Db;
use server::jobs::{self, lease_secs, Job};
use server::{AppState, Config};

/// A second instance on `app`'s database file: its own connections, its own instance id.
fn second_instance(app: &TestApp) -> AppState {
    let db = app.reopen();
    AppState::new(
        db,
        Config {
            static_dir: app.path().join("no-dist"),
            fixed_now: Some(NOW),
            ..Config::default()
        },
    )
}

/// One round of `job` on `state`, as its spawn runs it: `Some` when this instance ran it.
async fn round(state: &AppState, job: Job) -> Option<usize> {
    let ran = match job.name {
        "deadline_sweep" => server::notify::sweep::run_round(state).await,
        "poll_results" => server::polls::run_round(state).await,
        "training_reminders" => server::training::assign::run_round(state).await,
        "overdue_attempts" => server::training::assess::run_round(state).await,
        // the clean-ups run their deletes only after this
        _ => jobs::take_lease(state, job).await.then_some(Ok(0)),
    };
    ran.map(|r| r.expect("the round ran without error"))
}

fn at(states: &[&AppState], now: i64) {
    for s in states {
        s.set_now(now);
    }
}

fn holder(db: &Db, job: Job) -> Option<String> {
    db.with_conn(|c| jobs::lease_of(c, &job)).expect("lease").map(|l| l.holder)
}

#[tokio::test]
async fn one_instance_runs_each_job_and_another_takes_over_when_its_lease_ends() {
    let (app, _) = msgsupport::setup();
    let a = app.state.clone();
    let b = second_instance(&app);
    assert_ne!(a.instance_id(), b.instance_id());
    for job in jobs::LEASED {
        let interval = job.interval_secs as i64;
        let lease = lease_secs(job.interval_secs);
        let t = NOW + 1000;
        // a round: a takes the lease, b finds it taken (whichever asks first)
        at(&[&a, &b], t);
        assert!(round(&a, job).await.is_some(), "{}: a takes the free lease", job.name);
        assert_eq!(round(&b, job).await, None, "{}: not twice in a round", job.name);
        assert_eq!(holder(&app.db, job).as_deref(), Some(a.instance_id()));
        // a's next rounds renew it; b's ticks, however many, find it taken
        for k in 1..=3 {
            at(&[&a, &b], t + k * interval);
            assert!(round(&a, job).await.is_some(), "{}: a renews, round {k}", job.name);
            assert_eq!(round(&b, job).await, None, "{}: b waits, round {k}", job.name);
        }
        // a dies after its last round: until its lease ends, nobody runs the job …
        let last = t + 3 * interval;
        at(&[&b], last + lease - 1);
        assert_eq!(round(&b, job).await, None, "{}: a's lease still runs", job.name);
        // … then b takes over, and keeps it
        at(&[&b], last + lease);
        assert!(round(&b, job).await.is_some(), "{}: b takes over when a's lease ends", job.name);
        assert_eq!(holder(&app.db, job).as_deref(), Some(b.instance_id()));
        // within about one interval of the end: b's first tick after it is at most one interval later
        assert!(lease <= interval + interval.max(60), "{}: taken over soon", job.name);
        // a comes back (or was only slow): it finds b's lease
        at(&[&a, &b], last + lease + interval);
        assert_eq!(round(&a, job).await, None, "{}: b's now", job.name);
        assert!(round(&b, job).await.is_some(), "{}: b renews", job.name);
        // b stops gracefully: its leases are released, and a takes the job at its next tick
        let released = b.db().with_conn(|c| jobs::release_all(c, b.instance_id(), last + lease + interval + 1)).expect("release");
        assert!(released >= 1);
        at(&[&a], last + lease + interval + 1);
        assert!(round(&a, job).await.is_some(), "{}: a takes over at once after the release", job.name);
        // set the lease back for the next job's story (each job is its own row)
        a.db().with_conn(|c| jobs::release_all(c, a.instance_id(), 0)).expect("release");
    }
}

/// `/readyz` of each instance says which jobs it runs: every job on exactly one of them.
#[tokio::test]
async fn readiness_says_which_instance_runs_which_job() {
    let (app, _) = msgsupport::setup();
    let a = app.state.clone();
    let b = second_instance(&app);
    at(&[&a, &b], NOW + 1000);
    // a ticks first for half of the jobs, b for the others; the later tick finds the lease taken
    for (i, job) in jobs::LEASED.iter().enumerate() {
        let (first, second) = if i % 2 == 0 { (&a, &b) } else { (&b, &a) };
        assert!(round(first, *job).await.is_some(), "{}", job.name);
        assert_eq!(round(second, *job).await, None, "{}", job.name);
    }
    let ready = |state: &AppState| {
        let router = server::app(state.clone());
        async move {
            let r = common::send(&router, axum::http::Request::get("/readyz").body(axum::body::Body::empty()).unwrap()).await;
            assert_eq!(r.status, 200, "{}", r.text());
            r.json()
        }
    };
    let (on_a, on_b) = (ready(&a).await, ready(&b).await);
    assert_eq!(on_a["instance"], a.instance_id());
    assert_eq!(on_b["instance"], b.instance_id());
    let names = |v: &serde_json::Value| -> Vec<String> {
        v["jobs"].as_array().expect("jobs").iter().map(|j| j.as_str().expect("name").to_owned()).collect()
    };
    let (mut expect_a, mut expect_b): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    for (i, job) in jobs::LEASED.iter().enumerate() {
        if i % 2 == 0 { &mut expect_a } else { &mut expect_b }.push(job.name.to_owned());
    }
    expect_a.sort();
    expect_b.sort();
    assert_eq!(names(&on_a), expect_a);
    assert_eq!(names(&on_b), expect_b);
    // a lease that ran out is nobody's
    at(&[&a, &b], NOW + 1000 + 24 * 3600);
    assert_eq!(names(&ready(&a).await), Vec::<String>::new());
}

/// The deadline alerts of the messages below (who was told what about which message).
fn deadline_alerts(db: &Db) -> Vec<(String, String, String)> {
    db.with_conn(|c| {
        let mut stmt = c
            .prepare(
                "SELECT user_id, kind, COALESCE(message_id, '') FROM notifications \
                 WHERE kind LIKE 'deadline%' ORDER BY user_id, kind, message_id",
            )
            .expect("query");
        let rows = stmt
            .query_map((), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("rows")
            .collect::<Result<Vec<_>, _>>()
            .expect("rows");
        rows
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_deadline_sweep_from_both_instances_at_once_notifies_once() {
    let (app, u) = msgsupport::setup();
    let a = app.state.clone();
    let b = second_instance(&app);
    // three messages: two handled by deputy Chen (his deadline), one waiting for triage (staff's)
    let mut deadlines = Vec::new();
    for (i, title) in ["道路坑洼积水", "公交站牌损坏"].iter().enumerate() {
        let m = msgsupport::create(&app, &u.wang, &format!("k-{i}"), &msgsupport::new_message(title, false)).await;
        let m = msgsupport::triage(&app, &u.huang, &m, "fast", ("deputy", msgsupport::CHEN)).await;
        deadlines.push(server::clock::parse_rfc3339(m["deadline"].as_str().expect("deadline")).expect("time"));
    }
    let waiting = msgsupport::create(&app, &u.li, "k-wait", &msgsupport::new_message("路灯不亮", false)).await;
    deadlines.push(server::clock::parse_rfc3339(waiting["deadline"].as_str().expect("deadline")).expect("time"));
    assert!(deadline_alerts(&app.db).is_empty());

    // every deadline is less than a day away: both instances sweep at the same moment, again
    // and again (a new round each time: the lease is free again)
    let now = deadlines.iter().max().copied().expect("deadlines") - 3600;
    let mut ran = 0;
    let mut stored = 0;
    for k in 0..5 {
        at(&[&a, &b], now + k);
        let (ra, rb) = tokio::join!(
            tokio::spawn({
                let a = a.clone();
                async move { server::notify::sweep::run_round(&a).await.map(|r| r.expect("sweep a")) }
            }),
            tokio::spawn({
                let b = b.clone();
                async move { server::notify::sweep::run_round(&b).await.map(|r| r.expect("sweep b")) }
            }),
        );
        let (ra, rb) = (ra.expect("a"), rb.expect("b"));
        assert!(ra.is_none() || rb.is_none(), "round {k}: both instances swept ({ra:?}, {rb:?})");
        assert!(ra.is_some() || rb.is_some(), "round {k}: nobody swept");
        ran += 1;
        stored += ra.or(rb).unwrap_or(0);
        // the next round is another: whoever held the lease gives it up
        for s in [&a, &b] {
            s.db().with_conn(|c| jobs::release_all(c, s.instance_id(), 0)).expect("release");
        }
    }
    assert_eq!(ran, 5);
    let alerts = deadline_alerts(&app.db);
    assert_eq!(stored, alerts.len(), "what the sweeps counted is what is stored");
    // once each: Chen for his two messages, and the staff for the one waiting for triage
    let mut unique = alerts.clone();
    unique.dedup();
    assert_eq!(unique, alerts, "a notification twice: {alerts:?}");
    let chen: Vec<_> = alerts.iter().filter(|(user, _, _)| user == msgsupport::CHEN_USER).collect();
    assert_eq!(chen.len(), 2, "{alerts:?}");
    // (the triage deadline is the nearest: it may have passed already)
    assert!(
        alerts.iter().any(|(user, _, m)| user == msgsupport::HUANG && m == waiting["id"].as_str().expect("id")),
        "{alerts:?}"
    );

    // The claim of each alert (deadline_alerts) is the second guard: even the bare sweeps of
    // both instances at the same moment, with no lease, store each alert once.
    let passed = deadlines.iter().max().copied().expect("deadlines") + 60;
    let (ha, hb) = (a.hub().clone(), b.hub().clone());
    let (da, db) = (a.db().clone(), b.db().clone());
    let (na, nb) = tokio::join!(
        da.call(move |c| server::notify::sweep(c, &ha, passed)),
        db.call(move |c| server::notify::sweep(c, &hb, passed)),
    );
    let (na, nb) = (na.expect("sweep a"), nb.expect("sweep b"));
    let alerts = deadline_alerts(&app.db);
    let passed_alerts = alerts.iter().filter(|(_, k, _)| k == "deadline_passed").count();
    assert!(na + nb >= 2, "Chen's two deadlines passed: {alerts:?}");
    assert_eq!(alerts.len(), stored + na + nb, "each passed alert stored once, by one of them: {alerts:?}");
    assert!(passed_alerts >= 2, "{alerts:?}");
    let mut unique = alerts.clone();
    unique.dedup();
    assert_eq!(unique, alerts);
}

/// Messages created on two instances at the same moment each get an id of their own: the id is
/// the table's largest number + 1 (`Connection::next_seq`), and on PostgreSQL two instances'
/// transactions would read the same one without its lock (`make bench-server` found half of
/// such creates answered 500). SQLite's instances share one file whose writer lock already
/// serialises them; the race is PostgreSQL's, so the test is too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creates_on_two_instances_at_once_get_ids_of_their_own() {
    let (app, users) = msgsupport::setup();
    if app.db.postgres_url().is_none() {
        return;
    }
    let b = server::app(second_instance(&app));
    let mut sends = Vec::new();
    for i in 0..16 {
        let router = if i % 2 == 0 { app.router.clone() } else { b.clone() };
        let token = if i < 8 { users.wang.clone() } else { users.li.clone() };
        let body = msgsupport::new_message(&format!("同时提交的留言 {i}"), false).to_string();
        sends.push(tokio::spawn(async move {
            let req = axum::http::Request::builder()
                .method("POST")
                .uri("/api/v1/messages")
                .header("authorization", format!("Bearer {token}"))
                .header("idempotency-key", format!("same-moment-{i}"))
                .header("content-type", "application/json")
                .body(axum::body::Body::from(body))
                .expect("request");
            common::send(&router, req).await
        }));
    }
    let mut ids = std::collections::BTreeSet::new();
    for s in sends {
        let r = s.await.expect("task");
        assert_eq!(r.status, 201, "{}", r.text());
        ids.insert(r.json()["id"].as_str().expect("id").to_string());
    }
    assert_eq!(ids.len(), 16, "{ids:?}");
}
