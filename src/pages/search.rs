//! 搜索: full-text search over all articles, best matches first, with the words found marked
//! (by splitting the text here: nothing from the API is ever read as HTML), and, with nothing
//! to show, suggestions: this phone's recent searches and the topics (categories).

use contract::{ArticleKind, ArticleSummary, Category, MAX_QUERY_CHARS};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::{endpoints, url::encode_component, ArticleFilter};
use crate::components::blocks::SafeImage;
use crate::components::cards::{css as cards, kind_label};
use crate::components::icons::{Icon, Svg};
use crate::components::paged_list::{Item, PagedList, Source};
use crate::components::shell::TopBar;
use crate::format;
use crate::i18n::{fill, lang, t, Key};
use crate::pages::page_css as css;
use crate::state::effect;
use crate::state::loader::Loader;
use crate::state::recent;

stylance::import_crate_style!(search_css, "src/pages/search.module.css");

/// The query to send: trimmed, at most `MAX_QUERY_CHARS` characters; `None` if empty.
pub fn normalise_query(raw: &str) -> Option<String> {
    let q: String = raw.trim().chars().take(MAX_QUERY_CHARS).collect();
    let q = q.trim().to_string();
    (!q.is_empty()).then_some(q)
}

fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// What a query looks for, as the backend splits it: runs of letters and digits between spaces
/// and punctuation (lowercased), longest first so that the longest match is marked.
pub fn terms(query: &str) -> Vec<Vec<char>> {
    let mut out: Vec<Vec<char>> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(|t| t.chars().map(lower).collect())
        .collect();
    out.sort_by_key(|t| std::cmp::Reverse(t.len()));
    out.dedup();
    out
}

/// `text` cut into runs that are (`true`) or are not a match of one of `terms`
/// (case-insensitively), in order; joined they are `text` again.
pub fn segments(text: &str, terms: &[Vec<char>]) -> Vec<(String, bool)> {
    let chars: Vec<char> = text.chars().collect();
    let lowered: Vec<char> = chars.iter().copied().map(lower).collect();
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut push = |s: &[char], hit: bool| match out.last_mut() {
        Some((last, h)) if *h == hit => last.extend(s),
        _ => out.push((s.iter().collect(), hit)),
    };
    let mut i = 0;
    while i < chars.len() {
        let found = terms.iter().find(|t| !t.is_empty() && lowered[i..].starts_with(t)).map(Vec::len);
        match found {
            Some(len) => {
                push(&chars[i..i + len], true);
                i += len;
            }
            None => {
                push(&chars[i..i + 1], false);
                i += 1;
            }
        }
    }
    out
}

/// Text with the words found in `<mark>` (each run inserted as text).
fn marked(text: &str, terms: &[Vec<char>]) -> impl IntoView {
    segments(text, terms)
        .into_iter()
        .map(|(s, hit)| if hit { view! { <mark class=search_css::mark>{s}</mark> }.into_any() } else { s.into_any() })
        .collect_view()
}

/// The words of the current search, for the result cards.
#[derive(Clone)]
struct Terms(std::sync::Arc<Vec<Vec<char>>>);

/// A search result: an article card with the words found marked, and the passage of the body
/// that has them when the title and summary do not. (The list's renderer: see
/// `Source::with_render`.)
fn hit(item: Item, _show_kind: bool) -> AnyView {
    let Item::Article(a) = item else { return ().into_any() };
    let terms = use_context::<Terms>().map(|t| t.0).unwrap_or_default();
    result_card(a, &terms).into_any()
}

fn result_card(a: ArticleSummary, terms: &[Vec<char>]) -> impl IntoView {
    let lang = lang();
    let href = format!("/articles/{}", encode_component(&a.id));
    let published = a.published_at.clone();
    let published_attr = published.clone();
    view! {
        <article class=cards::card>
            <div class=cards::body>
                <h2 class=cards::title><a href=crate::paths::to(&href)>{marked(&a.title, terms)}</a></h2>
                {(!a.summary.is_empty()).then(|| view! { <p class=cards::summary>{marked(&a.summary, terms)}</p> })}
                {a.excerpt.filter(|e| !e.trim().is_empty()).map(|e| view! {
                    <p class=search_css::excerpt><strong>{t(Key::SearchExcerpt)}</strong>{marked(&e, terms)}</p>
                })}
                <p class=cards::meta>
                    <span class=cards::tag>{t(kind_label(a.kind))}</span>
                    {a.source.clone().map(|s| view! { <span>{s}</span> })}
                    <time datetime=published_attr>{move || format::relative(&published, lang.get())}</time>
                </p>
            </div>
            {a.cover.map(|c| view! {
                <div class=cards::thumb aria-hidden="true"><SafeImage url=c.url alt=""/></div>
            })}
        </article>
    }
}

#[component]
pub fn Search() -> impl IntoView {
    let lang = lang();
    let query = use_query_map();
    let q = Memo::new(move |_| query.with(|m| m.get("q")).and_then(|raw| normalise_query(&raw)));
    let text = RwSignal::new(q.get_untracked().unwrap_or_default());
    let recent_list = RwSignal::new(recent::load());
    // Follow the URL (back / forward between searches); every search is remembered.
    effect(move || {
        let now = q.get();
        text.set(now.clone().unwrap_or_default());
        if let Some(q) = now {
            recent_list.set(recent::add(&q));
        }
    });
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
            None => view! {
                <p class=css::hint>{t(Key::SearchHint)}</p>
                <Suggestions recent=recent_list/>
            }
            .into_any(),
            Some(query) => {
                let heading_q = query.clone();
                let empty_q = query.clone();
                let this_q = query.clone();
                provide_context(Terms(std::sync::Arc::new(terms(&query))));
                let filter = ArticleFilter { q: Some(query.clone()), relevance: true, ..ArticleFilter::default() };
                view! {
                    <h2 class=css::results_heading>{move || fill(lang.get().text(Key::SearchResults), &[("q", &heading_q)])}</h2>
                    <PagedList
                        cache_key=format!("search:{query}")
                        source=Source::articles(filter).with_render(hit)
                        show_kind=true
                        empty=Signal::derive(move || fill(lang.get().text(Key::SearchEmpty), &[("q", &empty_q)]))
                        when_empty=ViewFn::from(move || view! { <Suggestions recent=recent_list except=this_q.clone()/> })
                    />
                }
                .into_any()
            }
        }}
    }
}

/// Where a topic (category) is listed.
pub fn topic_href(c: &Category) -> String {
    let base = match c.kind {
        ArticleKind::Policy => "/policy",
        ArticleKind::Case => "/cases",
        _ => "/",
    };
    format!("{base}?category={}", encode_component(&c.id))
}

/// Recent searches on this phone (with a way to clear them; `except` the one just made) and
/// the topics.
#[component]
fn Suggestions(recent: RwSignal<Vec<String>>, #[prop(optional, into)] except: String) -> impl IntoView {
    let topics = Loader::new(|| endpoints::categories(None));
    let recent_part = move || {
        let list: Vec<String> = recent.get().into_iter().filter(|q| *q != except).collect();
        (!list.is_empty()).then(|| view! {
            <section class=search_css::suggest aria-labelledby="search-recent">
                <h2 id="search-recent">{t(Key::SearchRecent)}</h2>
                <ul>
                    {list.into_iter().map(|q| view! {
                        <li><a class=crate::pages::people_css::chip href=crate::paths::to(&format!("/search?q={}", encode_component(&q)))>{q.clone()}</a></li>
                    }).collect_view()}
                </ul>
                <button type="button" class="btn" on:click=move |_| {
                    recent::clear();
                    recent.set(Vec::new());
                }>{t(Key::SearchRecentClear)}</button>
            </section>
        })
    };
    // Topics are a help, not the screen's content: while they load or when they fail, the
    // search box and the recent searches are still there.
    let topics_part = move || {
        let page = topics.get()?.ok().filter(|p| !p.items.is_empty())?;
        Some(view! {
            <section class=search_css::suggest aria-labelledby="search-topics">
                <h2 id="search-topics">{t(Key::SearchTopics)}</h2>
                <ul>
                    {page.items.into_iter().map(|c| view! {
                        <li><a class=crate::pages::people_css::chip href=crate::paths::to(&topic_href(&c))>{c.name.clone()}</a></li>
                    }).collect_view()}
                </ul>
            </section>
        })
    };
    view! { {recent_part}{topics_part} }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_trimmed_and_bounded() {
        assert_eq!(normalise_query("  医保 "), Some("医保".into()));
        assert_eq!(normalise_query("   "), None);
        let long: String = "字".repeat(80);
        assert_eq!(normalise_query(&long).map(|q| q.chars().count()), Some(50));
    }

    fn shown(text: &str, q: &str) -> String {
        segments(text, &terms(q)).into_iter().map(|(s, hit)| if hit { format!("[{s}]") } else { s }).collect()
    }

    #[test]
    fn words_found_are_marked_as_text() {
        assert_eq!(shown("村道路灯坏了，路灯要修", "路灯"), "村道[路灯]坏了，[路灯]要修");
        // several terms, punctuation between them, the longest first
        assert_eq!(shown("代表联络站和联络员", "联络站，联络"), "代表[联络站]和[联络]员");
        assert_eq!(shown("Digital 人大 APP", "app 人"), "Digital [人]大 [APP]");
        // one character
        assert_eq!(shown("医保医疗", "医"), "[医]保[医]疗");
        // markup stays text: it is only ever split, never parsed
        assert_eq!(shown("<b>路灯</b>", "路灯"), "<b>[路灯]</b>");
        assert_eq!(shown("没有", "路灯"), "没有");
        assert!(segments("", &terms("x")).is_empty());
        assert_eq!(shown("abc", "，。"), "abc");
        // joined, the runs are the text
        let text = "镇人大召开会议，听取路灯维修汇报。";
        let joined: String = segments(text, &terms("路灯 人大")).into_iter().map(|(s, _)| s).collect();
        assert_eq!(joined, text);
    }

    #[test]
    fn topics_lead_to_their_lists() {
        let c = |kind, id: &str| Category { id: id.into(), kind, name: "x".into() };
        assert_eq!(topic_href(&c(ArticleKind::News, "meeting")), "/?category=meeting");
        assert_eq!(topic_href(&c(ArticleKind::Policy, "law")), "/policy?category=law");
        assert_eq!(topic_href(&c(ArticleKind::Case, "a b")), "/cases?category=a%20b");
    }
}
