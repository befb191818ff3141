//! Recent searches, on this device only (suggestions on the empty search screen): the last
//! few queries, newest first, without repeats. Not per account: like the text size, it is
//! about the phone's owner, and it holds nothing the person did not type themself. It can be
//! cleared from the search screen.

use crate::state::storage;

const STORAGE_KEY: &str = "zsrd.searches.v1";
/// How many are kept.
pub const KEPT: usize = 6;

/// `query` put first in `list` (an earlier equal query removed), at most [`KEPT`].
pub fn remember(mut list: Vec<String>, query: &str) -> Vec<String> {
    let query = query.trim();
    if query.is_empty() {
        return list;
    }
    list.retain(|q| q != query);
    list.insert(0, query.to_string());
    list.truncate(KEPT);
    list
}

/// The stored searches, newest first (what is unreadable or blank is dropped).
pub fn load() -> Vec<String> {
    let list: Vec<String> = storage::read(STORAGE_KEY).unwrap_or_default();
    list.into_iter().map(|q| q.trim().to_string()).filter(|q| !q.is_empty()).take(KEPT).collect()
}

/// Adds a search.
pub fn add(query: &str) -> Vec<String> {
    let list = remember(load(), query);
    let _ = storage::write(STORAGE_KEY, &list);
    list
}

pub fn clear() {
    storage::forget(STORAGE_KEY);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_first_without_repeats() {
        let l = remember(Vec::new(), " 医保 ");
        assert_eq!(l, ["医保"]);
        let l = remember(l, "道路");
        let l = remember(l, "医保");
        assert_eq!(l, ["医保", "道路"]);
        assert_eq!(remember(l.clone(), "   "), l);
        let mut many = Vec::new();
        for i in 0..10 {
            many = remember(many, &i.to_string());
        }
        assert_eq!(many, ["9", "8", "7", "6", "5", "4"]);
    }
}
