//! A visit that began at a poster (扫码即联代表 on a notice board): its QR code opens a deputy's
//! page, a station's or the deputies with `via=<poster id>`. The screens those addresses lead
//! to call [`arrived`] as they are built (lazily loaded code: nothing of this is in the first
//! load): the open is told to the backend once per visit (a reload does not count again), the
//! poster is kept for this visit (sessionStorage: gone when the tab is closed) and `via` is
//! taken out of the address bar, so that a shared or bookmarked address never counts for the
//! poster. A message sent in the visit names the poster ([`current`], `NewMessage.via`); the
//! backend only counts it (api/README.md, "Posters").

use crate::api::{self, endpoints, Canceller};

/// sessionStorage: the poster of this visit.
const CURRENT: &str = "zsrd.via";
/// sessionStorage prefix: the posters whose open this visit already told.
const OPENED: &str = "zsrd.via.opened.";

/// The poster id in a query string (`?a=1&via=ps_00001`), if it is one (an id of the
/// contract's shape), and the query without it (`?a=1`, or "" when nothing is left).
pub fn split_via(search: &str) -> (Option<String>, String) {
    let mut via = None;
    let mut kept = Vec::new();
    for pair in search.trim_start_matches('?').split('&').filter(|p| !p.is_empty()) {
        match pair.strip_prefix("via=") {
            Some(v) => {
                if via.is_none() && contract::rules::valid_id(v) {
                    via = Some(v.to_string());
                }
            }
            None => kept.push(pair),
        }
    }
    let rest = if kept.is_empty() { String::new() } else { format!("?{}", kept.join("&")) };
    (via, rest)
}

/// sessionStorage, read as a property: `Window::session_storage` would be one more import of
/// the main module (every wasm import is in it), and the first load has no bytes left.
fn session_storage() -> Option<web_sys::Storage> {
    use wasm_bindgen::JsCast;
    let w = web_sys::window()?;
    js_sys::Reflect::get(&w, &"sessionStorage".into())
        .ok()
        .filter(|v| v.is_object())
        .map(|v| v.unchecked_into::<web_sys::Storage>())
}

/// The poster this visit began at, if any.
pub fn current() -> Option<String> {
    session_storage()
        .and_then(|s| s.get_item(CURRENT).ok().flatten())
        .filter(|v| contract::rules::valid_id(v))
}

/// Called by the screens a poster's QR code opens: counts the open once per visit, keeps the
/// poster for this visit and takes `via` out of the address.
pub fn arrived() {
    let Some(window) = web_sys::window() else { return };
    let location = window.location();
    let search = location.search().unwrap_or_default();
    if !search.contains("via=") {
        return;
    }
    let (via, rest) = split_via(&search);
    if let Ok(history) = window.history() {
        let path = location.pathname().unwrap_or_default();
        let hash = location.hash().unwrap_or_default();
        // (the router's state kept; read as a property, for the same reason as above)
        let state = js_sys::Reflect::get(&history, &"state".into()).unwrap_or(wasm_bindgen::JsValue::NULL);
        let _ = history.replace_state_with_url(&state, "", Some(&format!("{path}{rest}{hash}")));
    }
    let Some(via) = via else { return };
    let storage = session_storage();
    if let Some(s) = &storage {
        let _ = s.set_item(CURRENT, &via);
    }
    let opened = format!("{OPENED}{via}");
    // Without sessionStorage a reload may count again: better than never counting.
    if storage.as_ref().is_some_and(|s| s.get_item(&opened).ok().flatten().is_some()) {
        return;
    }
    if let Some(s) = &storage {
        let _ = s.set_item(&opened, "1");
    }
    leptos::task::spawn_local(async move {
        // Not worth a retry or a word to the reader: a lost open is one fewer in a count.
        let _ = api::fetch(endpoints::poster_open(&via), &Canceller::default()).await;
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn via_is_taken_out_of_the_query() {
        assert_eq!(split_via("?via=ps_00001"), (Some("ps_00001".into()), String::new()));
        assert_eq!(split_via("?station=st_1&via=ps_2&q=x"), (Some("ps_2".into()), "?station=st_1&q=x".into()));
        assert_eq!(split_via("?q=x"), (None, "?q=x".into()));
        assert_eq!(split_via(""), (None, String::new()));
        // not an id: dropped from the address all the same, never sent
        assert_eq!(split_via("?via=%3Cscript%3E&q=1"), (None, "?q=1".into()));
        assert_eq!(split_via("?via="), (None, String::new()));
        // the first one counts
        assert_eq!(split_via("?via=a&via=b").0.as_deref(), Some("a"));
    }
}
