//! The signed-in user's session: the bearer token (for [`crate::api`]), who they are and
//! their roles, kept in localStorage so that a reload stays signed in.
//!
//! Per-user data on the device (drafts, outbox…) lives under keys made by
//! [`SessionState::user_key`] (`zsrd.u.<user id>.<name>`): signing out removes all of them.
//! When the backend answers 401 to a request that carried the token, the session ends here
//! too and `expired` is set, so that the app asks the user to sign in again; their per-user
//! data stays (a draft survives a re-sign-in).

use contract::{Role, Session, User};
use leptos::prelude::*;

use crate::api::{self, endpoints};
use crate::state::storage;

const STORAGE_KEY: &str = "zsrd.session.v1";

/// Prefix of the per-user keys of user `id`.
pub fn user_prefix(id: &str) -> String {
    format!("zsrd.u.{id}.")
}

/// Whether an RFC 3339 time has passed (an unreadable time has not).
fn is_past(time: &str) -> bool {
    let t = js_sys::Date::parse(time);
    !t.is_nan() && t <= js_sys::Date::now()
}

/// Shared session state (a context, see [`SessionState::provide`]).
#[derive(Clone, Copy)]
pub struct SessionState {
    session: RwSignal<Option<Session>>,
    /// Set when the backend ended the session (expired, revoked): ask to sign in again.
    pub expired: RwSignal<bool>,
}

impl SessionState {
    /// Reads the stored session (dropping an expired one), gives its token to the API client,
    /// and provides the state as a context.
    pub fn provide() -> SessionState {
        let stored = storage::read::<Session>(STORAGE_KEY)
            .filter(|s| !s.token.is_empty() && !s.user.id.is_empty() && !is_past(&s.expires_at));
        api::set_token(stored.as_ref().map(|s| s.token.clone()));
        let signed_in = stored.is_some();
        let state = SessionState { session: RwSignal::new(stored), expired: RwSignal::new(false) };
        api::set_on_unauthorized(move || state.expire());
        provide_context(state);
        if signed_in {
            // Confirm the stored session with the backend once per start: a revoked or expired
            // token is noticed now (401 → `expire`), not at the first write; and the user's
            // name and roles are refreshed.
            leptos::task::spawn_local(async move {
                let user = api::fetch(endpoints::me(), &api::Canceller::default()).await;
                if let Ok(user) = user {
                    state.refresh_user(user);
                }
            });
        }
        state
    }

    /// Replaces the signed-in user's details (same user) with fresh ones from `GET /me`.
    fn refresh_user(&self, user: User) {
        let Some(mut session) = self.session.try_get_untracked().flatten() else { return };
        if session.user.id != user.id || session.user == user {
            return;
        }
        session.user = user;
        let _ = storage::write(STORAGE_KEY, &session);
        self.session.set(Some(session));
    }

    pub fn get() -> SessionState {
        expect_context::<SessionState>()
    }

    /// The signed-in user (reactive).
    pub fn user(&self) -> Option<User> {
        self.session.try_with(|s| s.as_ref().map(|s| s.user.clone())).flatten()
    }

    pub fn is_signed_in(&self) -> bool {
        self.session.try_with(|s| s.is_some()).unwrap_or(false)
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.session.try_with(|s| s.as_ref().is_some_and(|s| s.user.roles.contains(&role))).unwrap_or(false)
    }

    /// The user's id, without subscribing (for storage keys in event handlers).
    pub fn user_id_untracked(&self) -> Option<String> {
        // (Also called from tasks that may outlive the app, e.g. a delivery in flight.)
        self.session.try_with_untracked(|s| s.as_ref().map(|s| s.user.id.clone())).flatten()
    }

    /// A per-user storage key, `zsrd.u.<user id>.<name>`; `None` when signed out.
    pub fn user_key(&self, name: &str) -> Option<String> {
        self.user_id_untracked().map(|id| user_prefix(&id) + name)
    }

    /// Starts a session (after `POST /auth/sessions`).
    pub fn sign_in(&self, session: Session) {
        let _ = storage::write(STORAGE_KEY, &session);
        api::set_token(Some(session.token.clone()));
        self.expired.set(false);
        self.session.set(Some(session));
    }

    /// The backend no longer accepts the token: forget it, keep the user's data.
    pub fn expire(&self) {
        if self.session.try_with_untracked(|s| s.is_none()).unwrap_or(true) {
            return;
        }
        api::set_token(None);
        storage::forget(STORAGE_KEY);
        self.session.set(None);
        self.expired.set(true);
    }

    /// Signs out on this device: removes the session and everything stored for this user
    /// (drafts, outbox, remembered lists), then tells the backend (best effort).
    pub fn sign_out(&self) {
        let token = api::token();
        api::set_token(None);
        if let Some(id) = self.user_id_untracked() {
            storage::forget_prefix(&user_prefix(&id));
            storage::forget(STORAGE_KEY);
        }
        crate::state::lists::forget_all();
        self.expired.set(false);
        self.session.set(None);
        if let Some(token) = token {
            leptos::task::spawn_local(async move {
                // After the effects of the change have run (a task later): what follows the
                // session, such as the live alerts, has stopped before the backend forgets the
                // token, so none of it is refused with a 401 on the way out.
                api::sleep(0).await;
                let _ = api::sign_out(&token).await;
            });
        }
    }
}
