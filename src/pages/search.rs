//! 搜索: full-text search over all articles.

use contract::MAX_QUERY_CHARS;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::{url::encode_component, ArticleFilter};
use crate::components::icons::{Icon, Svg};
use crate::components::paged_list::{PagedList, Source};
use crate::components::shell::TopBar;
use crate::i18n::{fill, lang, t, Key};
use crate::pages::page_css as css;
use crate::state::effect;

/// The query to send: trimmed, at most `MAX_QUERY_CHARS` characters; `None` if empty.
pub fn normalise_query(raw: &str) -> Option<String> {
    let q: String = raw.trim().chars().take(MAX_QUERY_CHARS).collect();
    let q = q.trim().to_string();
    (!q.is_empty()).then_some(q)
}

#[component]
pub fn Search() -> impl IntoView {
    let lang = lang();
    let query = use_query_map();
    let q = Memo::new(move |_| query.with(|m| m.get("q")).and_then(|raw| normalise_query(&raw)));
    let text = RwSignal::new(q.get_untracked().unwrap_or_default());
    // Follow the URL (back / forward between searches).
    effect(move || text.set(q.get().unwrap_or_default()));
    let navigate = use_navigate();
    let input_ref = NodeRef::<leptos::html::Input>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let target = match normalise_query(&text.get_untracked()) {
            Some(q) => format!("/search?q={}", encode_component(&q)),
            None => "/search".to_string(),
        };
        navigate(&target, NavigateOptions::default());
        // Close the on-screen keyboard so the results are visible.
        if let Some(input) = input_ref.get_untracked() {
            let _ = input.blur();
        }
    };
    // Focus the field when arriving without a query.
    effect(move || {
        if q.get_untracked().is_none() {
            if let Some(input) = input_ref.get() {
                let _ = input.focus();
            }
        }
    });
    let title = t(Key::SearchTitle);
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) back_to="/" search=false/>
        <form class=css::search_form role="search" on:submit=on_submit>
            <label for="search-q" class="visually-hidden">{t(Key::SearchLabel)}</label>
            <input
                id="search-q"
                node_ref=input_ref
                class=css::search_input
                type="search"
                name="q"
                enterkeyhint="search"
                autocomplete="off"
                maxlength=MAX_QUERY_CHARS.to_string()
                placeholder=t(Key::SearchPlaceholder)
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            />
            <button type="submit" class="btn btn-primary"><Svg icon=Icon::Search/>{t(Key::SearchSubmit)}</button>
        </form>
        {move || match q.get() {
            None => view! { <p class=css::hint>{t(Key::SearchHint)}</p> }.into_any(),
            Some(query) => {
                let heading_q = query.clone();
                let empty_q = query.clone();
                let filter = ArticleFilter { kind: None, category: None, q: Some(query.clone()) };
                view! {
                    <h2 class=css::results_heading>{move || fill(lang.get().text(Key::SearchResults), &[("q", &heading_q)])}</h2>
                    <PagedList
                        cache_key=format!("search:{query}")
                        source=Source::articles(filter)
                        show_kind=true
                        empty=Signal::derive(move || fill(lang.get().text(Key::SearchEmpty), &[("q", &empty_q)]))
                    />
                }
                .into_any()
            }
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::normalise_query;

    #[test]
    fn queries_are_trimmed_and_bounded() {
        assert_eq!(normalise_query("  医保 "), Some("医保".into()));
        assert_eq!(normalise_query("   "), None);
        let long: String = "字".repeat(80);
        assert_eq!(normalise_query(&long).map(|q| q.chars().count()), Some(50));
    }
}
