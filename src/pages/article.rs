//! An article: title, source, time, cover and the body blocks (pictures open full screen),
//! then related reads of the same category and an entry to 给代表留言.

use contract::{Article, ArticleSummary};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::endpoints;
use crate::components::blocks::{RichText, Zoomable};
use crate::components::cards::kind_label;
use crate::components::comments::Comments;
use crate::components::share::{link_to, ShareButton};
use crate::components::shell::TopBar;
use crate::components::states::{detail_state, ErrorState};
use crate::components::viewer::ImageViewer;
use crate::format;
use crate::i18n::{fill, lang, t, Key};
use crate::pages::page_css as css;
use crate::state::loader::Loader;
use crate::state::wechat::ShareCard;

stylance::import_crate_style!(art_css, "src/pages/article.module.css");

#[component]
pub fn ArticlePage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let article = Loader::new(move || endpoints::article(&id.get()));
    let lang = lang();
    let bar_title = Signal::derive(move || {
        let key = match article.get() {
            Some(Ok(a)) => kind_label(a.summary.kind),
            _ => Key::ArticleTitle,
        };
        lang.get().text(key).to_string()
    });
    let doc_title = Signal::derive(move || match article.get() {
        Some(Ok(a)) => a.summary.title,
        _ => String::new(),
    });
    let retry = Callback::new(move |_| article.refetch());
    view! {
        <TopBar title=bar_title doc_title=doc_title back_to="/" heading=false/>
        <ImageViewer/>
        {move || detail_state(article.get().map(|r| r.map(|x| view! { <ArticleView article=x/> }.into_any())), retry)}
    }
}

#[component]
fn ArticleView(article: Article) -> impl IntoView {
    let lang = lang();
    let s = article.summary;
    let published = s.published_at.clone();
    let published_attr = published.clone();
    let views = s.view_count;
    let source = s.source.clone().filter(|x| !x.trim().is_empty());
    let author = s.author.clone().filter(|x| !x.trim().is_empty());
    let updated = article.updated_at.filter(|u| *u != s.published_at);
    let card = ShareCard {
        title: s.title.clone(),
        desc: s.summary.clone(),
        link: link_to(&format!("/articles/{}", crate::api::url::encode_component(&s.id))),
        image: s.cover.as_ref().and_then(|c| crate::components::share::picture(&c.url)),
    };
    view! {
        <article class=css::detail>
            <h1 class=css::detail_title>{s.title.clone()}</h1>
            <p class=css::meta>
                <span class=css::tag>
                    {s.category.clone().filter(|c| !c.name.is_empty()).map(|c| c.name)
                        .unwrap_or_else(|| lang.get_untracked().text(kind_label(s.kind)).to_string())}
                </span>
                {source.map(|src| view! {
                    <span>{move || fill(lang.get().text(Key::SourceBy), &[("source", &src)])}</span>
                })}
                {author.map(|a| view! {
                    <span>{move || fill(lang.get().text(Key::AuthorBy), &[("author", &a)])}</span>
                })}
                <time datetime=published_attr>{move || format::date_time(&published, lang.get())}</time>
                <span>{move || fill(lang.get().text(Key::Views), &[("n", &format::count(views, lang.get()))])}</span>
            </p>
            {s.cover.map(|c| view! {
                <figure class=css::cover>
                    <Zoomable url=c.url alt=c.alt width=c.width height=c.height eager=true/>
                </figure>
            })}
            <RichText blocks=article.body/>
            {updated.map(|u| view! {
                <p class=css::footnote>{move || fill(lang.get().text(Key::UpdatedAt), &[("time", &format::date_time(&u, lang.get()))])}</p>
            })}
            <ShareButton card=card/>
        </article>
        <Comments kind=contract::TargetKind::Article id=s.id.clone() policy={s.kind == contract::ArticleKind::Policy}/>
        <ReadTimer id=s.id.clone()/>
        <Related id=s.id.clone() kind=s.kind category=s.category.map(|c| c.id)/>
        <section class=art_css::write aria-labelledby="article-write">
            <h2 id="article-write" class="visually-hidden">{t(Key::HubWrite)}</h2>
            <a class="btn btn-primary" href="messages/new?choose=1">{t(Key::ArticleWrite)}</a>
            <p>{t(Key::ArticleWriteHint)}</p>
        </section>
    }
}

/// Tells the server once the article has been on screen for [`contract::READ_SECONDS`] of
/// visible time (a tick counts only while the page is visible), for the reading points. The
/// server pays only when this user fetched the article that long before, so the timer is a
/// courtesy, not the proof; a failure is not worth troubling the reader with.
#[component]
fn ReadTimer(id: String) -> impl IntoView {
    if !crate::api::has_token() {
        return;
    }
    let canceller = crate::api::Canceller::for_owner();
    let due = move |_| {
        let body = contract::NewRead { article_id: id.clone() };
        let canceller = canceller.clone();
        leptos::task::spawn_local(async move {
            let _ = crate::api::send(endpoints::points_read(), &body, None, &canceller).await;
        });
    };
    crate::state::visible::on_visible_time(contract::READ_SECONDS as u32, false, |_| {}, due);
}

/// How many related reads are shown.
const RELATED: usize = 3;

/// The other articles of `list`, at most [`RELATED`], without the one being read.
pub fn related(list: Vec<ArticleSummary>, current: &str) -> Vec<ArticleSummary> {
    list.into_iter().filter(|a| a.id != current).take(RELATED).collect()
}

/// Newest articles of the same category (of the same kind when it has none).
#[component]
fn Related(id: String, kind: contract::ArticleKind, category: Option<String>) -> impl IntoView {
    let lang = lang();
    let loaded = Loader::new(move || {
        let kind = category.is_none().then(|| kind.as_str());
        // one more than shown: the article itself may be among them
        endpoints::articles(kind, category.as_deref(), None, None, None, Some("4"))
    });
    move || match loaded.get() {
        // Loading, or nothing else to read: nothing (the article above is what was asked for).
        None => None,
        Some(Err(e)) => Some(view! {
            <section class=art_css::related><ErrorState error=e on_retry=Callback::new(move |_| loaded.refetch()) inline=true/></section>
        }.into_any()),
        Some(Ok(page)) => {
            let items = related(page.items, &id);
            (!items.is_empty()).then(|| view! {
                <section class=art_css::related aria-labelledby="article-related">
                    <h2 id="article-related">{t(Key::ArticleRelated)}</h2>
                    <ul>
                        {items.into_iter().map(|a| {
                            let href = format!("/articles/{}", crate::api::url::encode_component(&a.id));
                            let at = a.published_at.clone();
                            view! {
                                <li>
                                    <a href=crate::paths::to(&href)>{a.title}</a>
                                    <time datetime=a.published_at>{move || format::date(&at, lang.get())}</time>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            }.into_any())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn related_reads_leave_out_the_article() {
        let a = |id: &str| ArticleSummary {
            id: id.into(),
            kind: contract::ArticleKind::News,
            category: None,
            title: id.into(),
            summary: String::new(),
            cover: None,
            author: None,
            source: None,
            published_at: "2026-11-29T08:30:00Z".into(),
            view_count: 0,
            excerpt: None,
            comment_count: 0,
            like_count: 0,
        };
        let ids = |v: Vec<ArticleSummary>| v.into_iter().map(|a| a.id).collect::<Vec<_>>();
        assert_eq!(ids(related(vec![a("1"), a("2"), a("3"), a("4")], "2")), ["1", "3", "4"]);
        assert_eq!(ids(related(vec![a("1"), a("2"), a("3"), a("4")], "9")), ["1", "2", "3"]);
        assert!(related(vec![a("1")], "1").is_empty());
    }
}
