//! The handling rules, exhaustively: deadlines in local days, overdue, transitions, who
//! sees and does what.

use super::*;
use crate::clock::{days_from_civil, parse_rfc3339, rfc3339, HOUR};
use MessageStatus as S;

const BJ: i64 = 8 * HOUR;

fn t(s: &str) -> i64 {
    parse_rfc3339(s).unwrap_or_else(|| panic!("bad time {s}"))
}

#[test]
fn local_days_and_their_ends() {
    // 2026-11-29 00:30 +08 is still 2026-11-28 in UTC
    let at = t("2026-11-29T00:30:00+08:00");
    assert_eq!(local_day(at, BJ), days_from_civil(2026, 11, 29));
    assert_eq!(local_day(at, 0), days_from_civil(2026, 11, 28));
    assert_eq!(
        rfc3339(end_of_local_day(days_from_civil(2026, 11, 29), BJ)),
        "2026-11-29T15:59:59Z"
    );
    assert_eq!(
        rfc3339(end_of_local_day(days_from_civil(2026, 11, 29), 0)),
        "2026-11-29T23:59:59Z"
    );
    // before 1970 too (div_euclid)
    assert_eq!(local_day(-1, 0), -1);
    assert_eq!(end_of_local_day(-1, 0), -1);
}

#[test]
fn triage_deadline_is_the_end_of_the_next_local_day() {
    // the design's example
    assert_eq!(
        rfc3339(triage_deadline(t("2026-11-29T10:00:00+08:00"), BJ)),
        "2026-11-30T15:59:59Z"
    );
    // 23:30 local vs 00:30 local the next day: one local day apart
    let late = t("2026-11-29T23:30:00+08:00"); // 15:30Z on the 29th
    let early = t("2026-11-30T00:30:00+08:00"); // 16:30Z on the 29th: same UTC day
    assert_eq!(rfc3339(triage_deadline(late, BJ)), "2026-11-30T15:59:59Z");
    assert_eq!(rfc3339(triage_deadline(early, BJ)), "2026-12-01T15:59:59Z");
    // in UTC both would be the same day
    assert_eq!(
        triage_deadline(late, 0),
        triage_deadline(early, 0),
        "same UTC day"
    );
    // the very first and last second of a local day
    assert_eq!(
        rfc3339(triage_deadline(t("2026-11-29T00:00:00+08:00"), BJ)),
        "2026-11-30T15:59:59Z"
    );
    assert_eq!(
        rfc3339(triage_deadline(t("2026-11-29T23:59:59+08:00"), BJ)),
        "2026-11-30T15:59:59Z"
    );
}

#[test]
fn track_deadlines_cross_month_and_year_ends() {
    // fast: end of the local day of triage + 5 days
    assert_eq!(
        rfc3339(track_deadline(Track::Fast, t("2026-11-28T09:00:00+08:00"), BJ).unwrap()),
        "2026-12-03T15:59:59Z"
    );
    // triaged at 23:50 local on 30 Nov (15:50Z): local day is 30 Nov
    assert_eq!(
        rfc3339(track_deadline(Track::Fast, t("2026-11-30T23:50:00+08:00"), BJ).unwrap()),
        "2026-12-05T15:59:59Z"
    );
    // triaged at 00:10 local on 1 Dec (16:10Z on 30 Nov): local day is 1 Dec
    assert_eq!(
        rfc3339(track_deadline(Track::Fast, t("2026-12-01T00:10:00+08:00"), BJ).unwrap()),
        "2026-12-06T15:59:59Z"
    );
    // major: + 30 days, across the year end
    assert_eq!(
        rfc3339(track_deadline(Track::Major, t("2026-12-15T10:00:00+08:00"), BJ).unwrap()),
        "2027-01-14T15:59:59Z"
    );
    // February of a non-leap and a leap year
    assert_eq!(
        rfc3339(track_deadline(Track::Fast, t("2027-02-26T12:00:00+08:00"), BJ).unwrap()),
        "2027-03-03T15:59:59Z"
    );
    assert_eq!(
        rfc3339(track_deadline(Track::Fast, t("2028-02-26T12:00:00+08:00"), BJ).unwrap()),
        "2028-03-02T15:59:59Z"
    );
    // end of January + 30 days
    assert_eq!(
        rfc3339(track_deadline(Track::Major, t("2027-01-31T08:00:00+08:00"), BJ).unwrap()),
        "2027-03-02T15:59:59Z"
    );
    assert_eq!(track_deadline(Track::Unknown, 0, BJ), None);
}

#[test]
fn other_server_time_zones() {
    // a township at UTC-5 (e.g. a test server configured with -300 minutes)
    let ny = -5 * HOUR;
    let at = t("2026-11-29T22:00:00-05:00"); // 03:00Z on the 30th
    assert_eq!(rfc3339(triage_deadline(at, ny)), "2026-12-01T04:59:59Z");
    assert_eq!(
        rfc3339(track_deadline(Track::Fast, at, ny).unwrap()),
        "2026-12-05T04:59:59Z"
    );
    // UTC
    assert_eq!(
        rfc3339(triage_deadline(t("2026-11-29T23:59:59Z"), 0)),
        "2026-11-30T23:59:59Z"
    );
    // a half-hour zone (UTC+5:30)
    let ist = 5 * HOUR + 30 * 60;
    assert_eq!(
        rfc3339(triage_deadline(t("2026-11-29T23:45:00+05:30"), ist)),
        "2026-11-30T18:29:59Z"
    );
    // +14: the same instant is already the next day
    let kiri = 14 * HOUR;
    let at = t("2026-11-29T12:00:00Z"); // 02:00 on the 30th in +14: due end of 1 Dec there
    assert_eq!(rfc3339(triage_deadline(at, kiri)), "2026-12-01T09:59:59Z");
    assert_eq!(rfc3339(triage_deadline(at, BJ)), "2026-11-30T15:59:59Z");
}

#[test]
fn finished_and_overdue() {
    let d = Some(1000);
    // exactly at the deadline is not yet overdue
    assert!(!is_overdue(S::Assigned, Some(Track::Fast), d, 1000));
    assert!(is_overdue(S::Assigned, Some(Track::Fast), d, 1001));
    assert!(!is_overdue(S::Assigned, Some(Track::Fast), None, 1_000_000));
    // fast: a reply finishes it
    for s in [S::Replied, S::Resolved, S::Closed] {
        assert!(is_finished(s, Some(Track::Fast)), "{s:?}");
        assert!(!is_overdue(s, Some(Track::Fast), d, 5000));
    }
    for s in [S::Assigned, S::Accepted, S::InProgress] {
        assert!(!is_finished(s, Some(Track::Fast)), "{s:?}");
        assert!(is_overdue(s, Some(Track::Fast), d, 5000));
    }
    // major: only the resolution
    for s in [S::Assigned, S::Accepted, S::InProgress, S::Replied] {
        assert!(!is_finished(s, Some(Track::Major)), "{s:?}");
        assert!(is_overdue(s, Some(Track::Major), d, 5000));
    }
    for s in [S::Resolved, S::Closed] {
        assert!(is_finished(s, Some(Track::Major)), "{s:?}");
    }
    // untriaged: never finished, whatever the old track
    for track in [None, Some(Track::Fast), Some(Track::Major)] {
        assert!(!is_finished(S::Submitted, track));
        assert!(!is_finished(S::Reopened, track));
        assert!(is_overdue(S::Reopened, track, d, 5000));
    }
}

#[test]
fn finished_sql_matches_the_rust_rule() {
    let conn = crate::sql::Connection::open_in_memory().unwrap();
    conn.execute_batch("CREATE TABLE messages (status TEXT, track TEXT, deadline INTEGER)")
        .unwrap();
    let sql = format!(
        "SELECT {}, {} FROM messages m",
        finished_sql("m"),
        overdue_sql("m", "?1")
    );
    for status in S::ALL {
        for track in [None, Some(Track::Fast), Some(Track::Major)] {
            for deadline in [None, Some(100_i64)] {
                conn.execute("DELETE FROM messages", ()).unwrap();
                conn.execute(
                    "INSERT INTO messages VALUES (?1, ?2, ?3)",
                    crate::sql::params![status.as_str(), track.map(|t| t.as_str()), deadline],
                )
                .unwrap();
                for now in [50_i64, 100, 101] {
                    let (fin, over): (bool, bool) = conn
                        .query_row(&sql, [now], |r| Ok((r.get(0)?, r.get(1)?)))
                        .unwrap();
                    assert_eq!(fin, is_finished(*status, track), "{status:?} {track:?}");
                    assert_eq!(
                        over,
                        is_overdue(*status, track, deadline, now),
                        "{status:?} {track:?} {deadline:?} {now}"
                    );
                }
            }
        }
    }
}

#[test]
fn what_needs_the_handler() {
    use Track::{Fast, Major};
    // not finished: needs the handler, with or without a follow-up
    for s in [S::Assigned, S::Accepted, S::InProgress] {
        for track in [None, Some(Fast), Some(Major)] {
            assert!(needs_handler(s, track, false), "{s:?} {track:?}");
        }
    }
    // answered on the fast track: out of the to-do list, back in when the author asks again
    assert!(!needs_handler(S::Replied, Some(Fast), false));
    assert!(needs_handler(S::Replied, Some(Fast), true));
    // a major issue stays until it is resolved (its deadline asks for the resolution)
    assert!(needs_handler(S::Replied, Some(Major), false));
    // resolved: waiting for the author's rating, unless they asked something
    for track in [None, Some(Fast), Some(Major)] {
        assert!(!needs_handler(S::Resolved, track, false));
        assert!(needs_handler(S::Resolved, track, true));
    }
    // never: closed, waiting for triage (staff's queue)
    for s in [S::Closed, S::Submitted, S::Reopened] {
        for pending in [false, true] {
            assert!(!needs_handler(s, Some(Fast), pending), "{s:?}");
        }
    }
}

#[test]
fn needs_handler_sql_matches_the_rust_rule() {
    let conn = crate::sql::Connection::open_in_memory().unwrap();
    conn.execute_batch(
        "CREATE TABLE messages (id TEXT, status TEXT, track TEXT);
         CREATE TABLE message_replies (seq INTEGER PRIMARY KEY, message_id TEXT, kind TEXT);",
    )
    .unwrap();
    let sql = format!("SELECT {} FROM messages m", needs_handler_sql("m"));
    // the replies in order: (kinds, whether a follow-up is pending)
    let histories: [(&[&str], bool); 6] = [
        (&[], false),
        (&["reply"], false),
        (&["follow_up"], true),
        (&["reply", "follow_up"], true),
        (&["follow_up", "reply"], false),
        (&["reply", "follow_up", "reply"], false),
    ];
    for status in S::ALL {
        for track in [None, Some(Track::Fast), Some(Track::Major)] {
            for (kinds, pending) in histories {
                conn.execute_batch("DELETE FROM messages; DELETE FROM message_replies;").unwrap();
                conn.execute(
                    "INSERT INTO messages VALUES ('m1', ?1, ?2)",
                    crate::sql::params![status.as_str(), track.map(|t| t.as_str())],
                )
                .unwrap();
                // another message's replies never count
                conn.execute("INSERT INTO message_replies (message_id, kind) VALUES ('m2', 'follow_up')", ()).unwrap();
                for k in kinds {
                    conn.execute("INSERT INTO message_replies (message_id, kind) VALUES ('m1', ?1)", [k]).unwrap();
                }
                let got: bool = conn.query_row(&sql, (), |r| r.get(0)).unwrap();
                assert_eq!(got, needs_handler(*status, track, pending), "{status:?} {track:?} {kinds:?}");
            }
        }
    }
}

#[test]
fn status_transitions() {
    assert_eq!(
        handler_statuses(S::Assigned),
        vec![S::Accepted, S::InProgress, S::Resolved]
    );
    assert_eq!(
        handler_statuses(S::Accepted),
        vec![S::InProgress, S::Resolved]
    );
    assert_eq!(handler_statuses(S::InProgress), vec![S::Resolved]);
    assert_eq!(
        handler_statuses(S::Replied),
        vec![S::InProgress, S::Resolved]
    );
    for s in [
        S::Submitted,
        S::Reopened,
        S::Resolved,
        S::Closed,
        S::Unknown,
    ] {
        assert!(handler_statuses(s).is_empty(), "{s:?}");
    }
    assert_eq!(
        staff_statuses(S::Assigned),
        vec![S::Accepted, S::InProgress, S::Resolved, S::Closed]
    );
    assert_eq!(staff_statuses(S::Resolved), vec![S::Closed]);
    for s in [S::Submitted, S::Reopened, S::Closed] {
        assert!(staff_statuses(s).is_empty(), "{s:?}");
    }
    // nobody sets `accepted` except from `assigned`, nor the status it already has
    for s in S::ALL {
        assert!(!staff_statuses(*s).contains(s), "{s:?}");
        if *s != S::Assigned {
            assert!(!staff_statuses(*s).contains(&S::Accepted));
        }
    }
}

fn facts(status: S) -> Facts<'static> {
    Facts {
        author_id: "u_author",
        public: false,
        status,
        track: Some(Track::Fast),
        handler: if awaiting_triage(status) && status == S::Submitted {
            None
        } else {
            Some((HandlerKind::Deputy, "d_01"))
        },
        rated: false,
        closed_at: None,
    }
}

const CITIZEN: &[Role] = &[Role::Citizen];
const DEPUTY: &[Role] = &[Role::Deputy];
const STAFF: &[Role] = &[Role::Staff];

fn author() -> Viewer<'static> {
    Viewer {
        user_id: "u_author",
        roles: CITIZEN,
        deputy_id: None,
    }
}
fn other_citizen() -> Viewer<'static> {
    Viewer {
        user_id: "u_other",
        roles: CITIZEN,
        deputy_id: None,
    }
}
fn handler() -> Viewer<'static> {
    Viewer {
        user_id: "u_dep1",
        roles: DEPUTY,
        deputy_id: Some("d_01"),
    }
}
fn other_deputy() -> Viewer<'static> {
    Viewer {
        user_id: "u_dep2",
        roles: DEPUTY,
        deputy_id: Some("d_02"),
    }
}
fn staff() -> Viewer<'static> {
    Viewer {
        user_id: "u_staff",
        roles: STAFF,
        deputy_id: None,
    }
}

#[test]
fn who_sees_what() {
    let private = facts(S::Assigned);
    let public = Facts {
        public: true,
        ..facts(S::Assigned)
    };
    let public_untriaged = Facts {
        public: true,
        ..facts(S::Submitted)
    };
    let vis = |v: Option<Viewer<'_>>, m: &Facts<'_>| visibility(Relation::of(v.as_ref(), m), m);
    for m in [&private, &public, &public_untriaged] {
        assert_eq!(vis(Some(author()), m), Visibility::Full);
        assert_eq!(vis(Some(staff()), m), Visibility::Full);
    }
    assert_eq!(vis(Some(handler()), &private), Visibility::Full);
    assert_eq!(vis(Some(other_citizen()), &private), Visibility::Hidden);
    assert_eq!(vis(Some(other_deputy()), &private), Visibility::Hidden);
    assert_eq!(vis(None, &private), Visibility::Hidden);
    assert_eq!(vis(Some(other_citizen()), &public), Visibility::Public);
    assert_eq!(vis(Some(other_deputy()), &public), Visibility::Public);
    assert_eq!(vis(None, &public), Visibility::Public);
    // public but not triaged yet: only author and staff
    assert_eq!(
        vis(Some(other_citizen()), &public_untriaged),
        Visibility::Hidden
    );
    assert_eq!(vis(None, &public_untriaged), Visibility::Hidden);
    assert_eq!(vis(Some(handler()), &public_untriaged), Visibility::Hidden);
    // reopened messages stay on the board
    let reopened = Facts {
        public: true,
        ..facts(S::Reopened)
    };
    assert_eq!(vis(None, &reopened), Visibility::Public);
    // a deputy id without the deputy role does not make a handler
    let fake = Viewer {
        user_id: "u_x",
        roles: CITIZEN,
        deputy_id: Some("d_01"),
    };
    assert_eq!(vis(Some(fake), &private), Visibility::Hidden);
    // a message handled by a department: deputies do not handle it
    let dept = Facts {
        handler: Some((HandlerKind::Department, "d_01")),
        ..private
    };
    assert_eq!(vis(Some(handler()), &dept), Visibility::Hidden);
    assert_eq!(vis(Some(staff()), &dept), Visibility::Full);
}

fn can(v: Option<Viewer<'_>>, m: &Facts<'_>, now: i64) -> Permissions {
    permissions(Relation::of(v.as_ref(), m), m, now)
}

#[test]
fn permissions_follow_the_rules() {
    let now = 10 * DAY;
    // public view: nothing
    let public = Facts {
        public: true,
        ..facts(S::Assigned)
    };
    assert_eq!(
        can(Some(other_citizen()), &public, now),
        Permissions::default()
    );
    assert_eq!(can(None, &public, now), Permissions::default());
    assert_eq!(
        can(Some(other_deputy()), &public, now),
        Permissions::default()
    );

    // submitted: staff triages; the author may follow up
    let m = facts(S::Submitted);
    let p = can(Some(staff()), &m, now);
    assert!(p.triage && !p.reply && p.set_status.is_empty() && !p.hand_over);
    let p = can(Some(author()), &m, now);
    assert!(p.follow_up && !p.triage && !p.rate && !p.reopen && !p.reply);

    // assigned to d_01
    let m = facts(S::Assigned);
    let p = can(Some(handler()), &m, now);
    assert!(p.reply && p.hand_over && !p.triage && !p.plan && !p.follow_up);
    assert_eq!(p.set_status, vec![S::Accepted, S::InProgress, S::Resolved]);
    let p = can(Some(staff()), &m, now);
    assert!(p.reply && p.hand_over && !p.triage);
    assert_eq!(
        p.set_status,
        vec![S::Accepted, S::InProgress, S::Resolved, S::Closed]
    );
    let p = can(Some(author()), &m, now);
    assert!(p.follow_up && !p.reply && p.set_status.is_empty());

    // major: plan
    let m = Facts {
        track: Some(Track::Major),
        ..facts(S::InProgress)
    };
    assert!(can(Some(handler()), &m, now).plan);
    assert!(can(Some(staff()), &m, now).plan);
    assert!(!can(Some(author()), &m, now).plan);
    let closed = Facts {
        closed_at: Some(now),
        ..Facts {
            status: S::Closed,
            ..m
        }
    };
    assert!(!can(Some(handler()), &closed, now).plan);

    // resolved: the author rates once; no hand-over
    let m = facts(S::Resolved);
    let p = can(Some(author()), &m, now);
    assert!(p.rate && p.follow_up && !p.reopen);
    assert!(!can(Some(handler()), &m, now).hand_over);
    assert!(can(Some(handler()), &m, now).reply);
    let rated = Facts { rated: true, ..m };
    assert!(!can(Some(author()), &rated, now).rate);

    // closed: reopen within 7 days, inclusive
    let closed = Facts {
        closed_at: Some(now),
        ..facts(S::Closed)
    };
    let p = can(Some(author()), &closed, now + 7 * DAY);
    assert!(p.reopen && !p.follow_up && !p.rate);
    assert!(!can(Some(author()), &closed, now + 7 * DAY + 1).reopen);
    assert!(!can(Some(staff()), &closed, now).reopen);
    let p = can(Some(handler()), &closed, now);
    assert!(!p.reply && p.set_status.is_empty() && !p.hand_over);
    assert!(can(Some(staff()), &closed, now).set_status.is_empty());

    // reopened: back to triage
    let m = facts(S::Reopened);
    let p = can(Some(staff()), &m, now);
    assert!(p.triage && !p.reply && !p.hand_over);
    let p = can(Some(handler()), &m, now);
    assert!(!p.reply && p.set_status.is_empty());
}

#[test]
fn refusals_say_forbidden_or_conflict() {
    let now = 0;
    let m = facts(S::Assigned);
    let rel = |v: Viewer<'_>| Relation::of(Some(&v), &m);
    assert!(matches!(
        check(Action::Triage, rel(author()), &m, now),
        Err(Refusal::Forbidden(_))
    ));
    assert!(matches!(
        check(Action::Triage, rel(staff()), &m, now),
        Err(Refusal::Conflict(_))
    ));
    assert!(matches!(
        check(Action::Reply, rel(other_deputy()), &m, now),
        Err(Refusal::Forbidden(_))
    ));
    assert!(matches!(
        check(Action::SetStatus(S::Closed), rel(handler()), &m, now),
        Err(Refusal::Conflict(_))
    ));
    assert!(check(Action::SetStatus(S::Closed), rel(staff()), &m, now).is_ok());
    assert!(matches!(
        check(Action::Rate, rel(handler()), &m, now),
        Err(Refusal::Forbidden(_))
    ));
    assert!(matches!(
        check(Action::Rate, rel(author()), &m, now),
        Err(Refusal::Conflict(_))
    ));
    assert!(matches!(
        check(Action::FollowUp, rel(staff()), &m, now),
        Err(Refusal::Forbidden(_))
    ));
    assert!(matches!(
        check(Action::Plan, rel(handler()), &m, now),
        Err(Refusal::Conflict(_))
    ));
    assert!(matches!(
        check(Action::HandOver, rel(other_citizen()), &m, now),
        Err(Refusal::Forbidden(_))
    ));
    let closed_without_time = facts(S::Closed);
    assert!(matches!(
        check(Action::Reopen, rel(author()), &closed_without_time, now),
        Err(Refusal::Conflict(_))
    ));
}
