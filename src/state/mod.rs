//! App state: preferences, network status, list snapshots (for returning to a list), loaders.

pub mod lists;
pub mod loader;
pub mod network;
pub mod prefs;

/// The browser's localStorage, if available (it is not in some private modes).
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}
