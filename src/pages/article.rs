//! An article: title, source, time, cover and the body blocks.

use contract::Article;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::endpoints;
use crate::components::blocks::{RichText, SafeImage};
use crate::components::cards::kind_label;
use crate::components::shell::TopBar;
use crate::components::states::detail_state;
use crate::format;
use crate::i18n::{fill, lang, Key};
use crate::pages::page_css as css;
use crate::state::loader::Loader;

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
                    <SafeImage url=c.url alt=c.alt width=c.width height=c.height eager=true/>
                </figure>
            })}
            <RichText blocks=article.body/>
            {updated.map(|u| view! {
                <p class=css::footnote>{move || fill(lang.get().text(Key::UpdatedAt), &[("time", &format::date_time(&u, lang.get()))])}</p>
            })}
        </article>
    }
}
