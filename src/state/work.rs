//! The workspace (工作台) of deputies and staff on the device: whether the app starts there, and
//! the last count of open work seen.
//!
//! Deputies and staff open the app to answer people, so with open work they land on 工作台:
//! after signing in (see `pages::sign_in`) and when the app starts at `/`. Only a start at
//! `/` itself: a QR code (`/d/<code>`), an article link, `/?category=…` or any other deep link
//! is where the person meant to go and is never redirected. A switch in 我的 turns it off (on by
//! default), per user on this device.
//!
//! Whether there is open work is known from the last `GET /work/summary` the device saw (kept
//! per user): with some, the app lands at once, before 首页 shows. Otherwise it asks the backend
//! in the background (a lazily loaded chunk) and lands when the answer says so — unless the
//! person has meanwhile tapped, typed or gone elsewhere: the app never pulls the page from
//! under someone who started reading.

use std::cell::Cell;
use std::rc::Rc;

use contract::{Role, WorkSummary};
use leptos::prelude::*;

use crate::state::session::SessionState;
use crate::state::storage;

/// Per-user keys: the switch (`"0"`: off) and the open work last seen.
const LANDING: &str = "work.landing";
const OPEN: &str = "work.open";

/// Deputies and staff have a workspace.
pub fn handles(roles: &[Role]) -> bool {
    roles.iter().any(|r| matches!(r, Role::Deputy | Role::Staff))
}

/// The open work of a summary: what needs the user in their inbox and, for staff, the triage
/// queue.
pub fn open_work(s: &WorkSummary) -> u32 {
    s.todo.saturating_add(s.triage)
}

/// Whether an app start at `path` (with the query `search`) may land on 工作台: only at `/`
/// with no query, for someone with a workspace who did not turn it off.
pub fn may_land(path: &str, search: &str, handles: bool, enabled: bool) -> bool {
    handles && enabled && path == "/" && search.trim_start_matches('?').is_empty()
}

/// Where to go after signing in: 工作台 when the sign-in came from nowhere in particular (`/`,
/// or 我的's sign-in button), for someone with a workspace who did not turn it off; else
/// `next` (the screen the person was on).
pub fn after_sign_in(next: &str, handles: bool, enabled: bool) -> String {
    if handles && enabled && matches!(next, "/" | "/me") {
        "/work".to_string()
    } else {
        next.to_string()
    }
}

/// Whether the user lands on 工作台 (the switch in 我的; on unless turned off).
pub fn landing_on(session: SessionState) -> bool {
    session.user_key(LANDING).and_then(|k| storage::read_text(&k)).as_deref() != Some("0")
}

pub fn set_landing(session: SessionState, on: bool) {
    if let Some(k) = session.user_key(LANDING) {
        if on {
            storage::forget(&k);
        } else {
            let _ = storage::write_text(&k, "0");
        }
    }
}

/// Keeps the open work of a summary the user's screens loaded.
pub fn remember(session: SessionState, s: &WorkSummary) {
    if let Some(k) = session.user_key(OPEN) {
        let _ = storage::write_text(&k, &open_work(s).to_string());
    }
}

/// The open work last seen on this device (`None`: never seen).
pub fn remembered(session: SessionState) -> Option<u32> {
    session.user_key(OPEN).and_then(|k| storage::read_text(&k)).and_then(|v| v.parse().ok())
}

/// At the app's start: lands on 工作台 (through `go`) when the rules above say so. `still_here`
/// says whether the app is still on the screen it started on (no navigation since).
pub fn on_start(session: SessionState, still_here: impl Fn() -> bool + 'static, go: impl Fn() + 'static) {
    let Some(roles) = untrack(|| session.user()).map(|u| u.roles) else { return };
    let Some(location) = web_sys::window().map(|w| w.location()) else { return };
    let (path, search) = (location.pathname().unwrap_or_default(), location.search().unwrap_or_default());
    if !may_land(crate::paths::app_path(&path), &search, handles(&roles), landing_on(session)) {
        return;
    }
    if remembered(session).unwrap_or(0) > 0 {
        go();
        return;
    }
    // A tap or a key press means the person has started: no landing after that.
    let touched = Rc::new(Cell::new(false));
    let (t1, t2) = (touched.clone(), touched.clone());
    let tap = window_event_listener(leptos::ev::pointerdown, move |_| t1.set(true));
    let key = window_event_listener(leptos::ev::keydown, move |_| t2.set(true));
    leptos::task::spawn_local(async move {
        let open = check(session).await;
        tap.remove();
        key.remove();
        if open.unwrap_or(0) > 0 && !touched.get() && still_here() {
            go();
        }
    });
}

/// Asks the backend for the open work (and remembers it); `None` when it could not tell. In
/// its own wasm chunk in the release build (the first load only needs the rules above).
#[cfg(zsrd_split)]
#[leptos::lazy]
async fn check(session: SessionState) -> Option<u32> {
    check_now(session).await
}

#[cfg(not(zsrd_split))]
async fn check(session: SessionState) -> Option<u32> {
    check_now(session).await
}

async fn check_now(session: SessionState) -> Option<u32> {
    let s = crate::api::fetch(crate::api::endpoints::work_summary(), &crate::api::Canceller::default()).await.ok()?;
    remember(session, &s);
    Some(open_work(&s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_plain_start_at_home_lands() {
        assert!(may_land("/", "", true, true));
        assert!(may_land("/", "?", true, true));
        for (path, search) in [("/d/LW01", ""), ("/articles/a_000001", ""), ("/", "?category=meeting"), ("/messages/m_1", ""), ("/work", "")] {
            assert!(!may_land(path, search, true, true), "{path}{search}: a deep link is never redirected");
        }
        assert!(!may_land("/", "", false, true), "citizens have no workspace");
        assert!(!may_land("/", "", true, false), "turned off");
    }

    #[test]
    fn signing_in_from_nowhere_in_particular_lands_on_the_workspace() {
        assert_eq!(after_sign_in("/", true, true), "/work");
        assert_eq!(after_sign_in("/me", true, true), "/work");
        assert_eq!(after_sign_in("/messages/m_000001", true, true), "/messages/m_000001", "back to where they were");
        assert_eq!(after_sign_in("/d/LW01", true, true), "/d/LW01");
        assert_eq!(after_sign_in("/", false, true), "/");
        assert_eq!(after_sign_in("/me", true, false), "/me");
    }

    #[test]
    fn open_work_counts_the_triage_queue_too() {
        let s = WorkSummary { todo: 3, triage: 2, total: 9, ..Default::default() };
        assert_eq!(open_work(&s), 5);
        assert_eq!(open_work(&WorkSummary::default()), 0);
        assert!(handles(&[Role::Citizen, Role::Deputy]));
        assert!(handles(&[Role::Staff]));
        assert!(!handles(&[Role::Citizen, Role::Unknown]));
    }
}
