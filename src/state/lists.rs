//! Paged lists: the loading logic (plain Rust, tested natively) and a small cache of list
//! snapshots, so that going back from an article shows the same items at the same scroll
//! position without reloading.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use contract::Page;

use crate::api::{ApiError, MessageList};

/// Where a list stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    /// Nothing requested yet.
    Fresh,
    Loading,
    /// Loaded what was asked; more may follow if `next_cursor` is set.
    Idle,
    Failed(ApiError),
}

/// A cursor-paged list.
#[derive(Clone, Debug, PartialEq)]
pub struct ListModel<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
    pub phase: Phase,
    /// At least one page arrived.
    pub loaded: bool,
}

impl<T> Default for ListModel<T> {
    fn default() -> Self {
        Self { items: Vec::new(), next_cursor: None, phase: Phase::Fresh, loaded: false }
    }
}

impl<T> ListModel<T> {
    /// Starts loading the next page if that makes sense; returns the cursor to ask with
    /// (`Some(None)` for the first page), or `None` when already loading or at the end.
    pub fn begin(&mut self) -> Option<Option<String>> {
        if matches!(self.phase, Phase::Loading) || (self.loaded && self.next_cursor.is_none()) {
            return None;
        }
        self.phase = Phase::Loading;
        Some(self.next_cursor.clone())
    }

    /// Records the outcome of a load started with [`ListModel::begin`].
    pub fn finish(&mut self, result: Result<Page<T>, ApiError>) {
        match result {
            Ok(page) => {
                self.items.extend(page.items);
                // A server that repeats a cursor must not make the list load forever.
                self.next_cursor = page.next_cursor.filter(|c| Some(c) != self.next_cursor.as_ref() && !c.is_empty());
                self.loaded = true;
                self.phase = Phase::Idle;
            }
            Err(ApiError::Aborted) => self.phase = Phase::Idle,
            Err(e) => self.phase = Phase::Failed(e),
        }
    }

    pub fn is_done(&self) -> bool {
        self.loaded && self.next_cursor.is_none()
    }

    pub fn is_empty_result(&self) -> bool {
        self.loaded && self.items.is_empty() && self.next_cursor.is_none()
    }

    pub fn error(&self) -> Option<&ApiError> {
        match &self.phase {
            Phase::Failed(e) => Some(e),
            _ => None,
        }
    }
}

const CACHE_SIZE: usize = 12;

thread_local! {
    static SNAPSHOTS: RefCell<Vec<(String, Rc<dyn Any>)>> = const { RefCell::new(Vec::new()) };
    // A few lists at most: a list is smaller in the wasm than a hash map.
    static SCROLL: RefCell<Vec<(String, f64)>> = const { RefCell::new(Vec::new()) };
}

/// Remembers the loaded state of list `key` (most recent first, bounded).
pub fn save<T: Clone + 'static>(key: &str, model: &ListModel<T>) {
    let mut model = model.clone();
    if matches!(model.phase, Phase::Loading) {
        model.phase = Phase::Idle;
    }
    SNAPSHOTS.with(|s| {
        let mut s = s.borrow_mut();
        s.retain(|(k, _)| k != key);
        s.insert(0, (key.to_string(), Rc::new(model)));
        s.truncate(CACHE_SIZE);
    });
}

/// The remembered state of list `key`, if any.
pub fn restore<T: Clone + 'static>(key: &str) -> Option<ListModel<T>> {
    SNAPSHOTS.with(|s| {
        s.borrow()
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.downcast_ref::<ListModel<T>>().cloned())
    })
}

/// Forgets list `key` (pull to refresh).
pub fn forget(key: &str) {
    SNAPSHOTS.with(|s| s.borrow_mut().retain(|(k, _)| k != key));
    SCROLL.with(|s| s.borrow_mut().retain(|(k, _)| k != key));
}

/// Forgets every remembered list (sign-out: lists of one user must not show to the next).
pub fn forget_all() {
    SNAPSHOTS.with(|s| s.borrow_mut().clear());
    SCROLL.with(|s| s.borrow_mut().clear());
}

pub fn save_scroll(key: &str, y: f64) {
    SCROLL.with(|s| {
        let mut s = s.borrow_mut();
        match s.iter_mut().find(|(k, _)| k == key) {
            Some(entry) => entry.1 = y,
            None => s.push((key.to_string(), y)),
        }
    });
}

pub fn saved_scroll(key: &str) -> Option<f64> {
    SCROLL.with(|s| s.borrow().iter().find(|(k, _)| k == key).map(|(_, y)| *y))
}

// ---------------------------------------------------------------------------
// The workspace (工作台) lists: remembered per user, forgotten together when the user acted on
// a message (so that coming back shows the new state)
// ---------------------------------------------------------------------------

/// The filters of a workspace inbox, as query values ("" = what needs the user, "all" = all,
/// else a status); the page labels them.
pub const WORK_STATUSES: [&str; 7] = ["", "all", "assigned", "accepted", "in_progress", "replied", "resolved"];

fn list_name(list: MessageList) -> &'static str {
    match list {
        MessageList::Triage => "triage",
        MessageList::Inbox => "inbox",
        MessageList::Mine => "mine",
        MessageList::Board => "board",
    }
}

/// The remembered-list key of a workspace list of user `user`.
pub fn work_key(user: &str, list: MessageList, status: &str) -> String {
    format!("work:{user}:{}:{status}", list_name(list))
}

/// Forgets every workspace list of `user` (after they acted on a message).
pub fn forget_work(user: &str) {
    for list in [MessageList::Inbox, MessageList::Triage] {
        for status in WORK_STATUSES {
            forget(&work_key(user, list, status));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(items: &[u32], next: Option<&str>) -> Result<Page<u32>, ApiError> {
        Ok(Page { items: items.to_vec(), next_cursor: next.map(String::from) })
    }

    #[test]
    fn walks_pages_to_the_end() {
        let mut m = ListModel::<u32>::default();
        assert_eq!(m.begin(), Some(None));
        assert_eq!(m.begin(), None, "no second load while loading");
        m.finish(page(&[1, 2], Some("c1")));
        assert_eq!(m.begin(), Some(Some("c1".into())));
        m.finish(page(&[3], None));
        assert_eq!(m.items, vec![1, 2, 3]);
        assert!(m.is_done());
        assert_eq!(m.begin(), None, "nothing after the last page");
    }

    #[test]
    fn failure_keeps_items_and_allows_retry() {
        let mut m = ListModel::<u32>::default();
        m.begin();
        m.finish(page(&[1], Some("c1")));
        m.begin();
        m.finish(Err(ApiError::Timeout));
        assert_eq!(m.error(), Some(&ApiError::Timeout));
        assert_eq!(m.items, vec![1]);
        assert_eq!(m.begin(), Some(Some("c1".into())), "retry asks for the same page");
    }

    #[test]
    fn empty_and_repeated_cursor() {
        let mut m = ListModel::<u32>::default();
        m.begin();
        m.finish(page(&[], None));
        assert!(m.is_empty_result());

        let mut m = ListModel::<u32>::default();
        m.begin();
        m.finish(page(&[1], Some("same")));
        m.begin();
        m.finish(page(&[2], Some("same")));
        assert!(m.is_done(), "a repeated cursor ends the list instead of looping");
    }

    #[test]
    fn snapshots_round_trip_and_are_bounded() {
        let mut m = ListModel::<u32>::default();
        m.begin();
        m.finish(page(&[7], Some("x")));
        save("k", &m);
        assert_eq!(restore::<u32>("k"), Some(m.clone()));
        assert_eq!(restore::<String>("k"), None, "wrong type is not a crash");
        for i in 0..20 {
            save(&format!("other{i}"), &m);
        }
        assert_eq!(restore::<u32>("k"), None);
        save_scroll("k", 420.0);
        save_scroll("other", 1.0);
        save_scroll("k", 421.0);
        assert_eq!(saved_scroll("k"), Some(421.0));
        assert_eq!(saved_scroll("other"), Some(1.0));
        forget("k");
        assert_eq!(saved_scroll("k"), None);
    }

    #[test]
    fn work_lists_are_per_user_and_forgotten_together() {
        let a = work_key("u_1", MessageList::Inbox, "replied");
        assert_eq!(a, "work:u_1:inbox:replied");
        assert_ne!(a, work_key("u_2", MessageList::Inbox, "replied"));
        let mut m = ListModel::<u32>::default();
        m.begin();
        m.finish(Ok(contract::Page { items: vec![1], next_cursor: None }));
        save(&a, &m);
        save(&work_key("u_1", MessageList::Triage, ""), &m);
        save(&work_key("u_2", MessageList::Triage, ""), &m);
        forget_work("u_1");
        assert!(restore::<u32>(&a).is_none());
        assert!(restore::<u32>(&work_key("u_1", MessageList::Triage, "")).is_none());
        assert!(restore::<u32>(&work_key("u_2", MessageList::Triage, "")).is_some(), "other users' lists stay");
    }
}
