//! 代表履职情况 (`/responsiveness`): how every deputy and department answers messages.
//! Rows of labelled figures (readable at 320 px, no table to scroll sideways).

use contract::{HandlerKind, ResponsivenessRow, ResponsivenessTable};
use leptos::prelude::*;

use crate::api::{endpoints, url};
use crate::components::figures::Figures;
use crate::components::shell::TopBar;
use crate::components::states::{detail_state, EmptyState};
use crate::format;
use crate::i18n::{fill, lang, t, Key};
use crate::pages::page_css as pcss;
use crate::pages::people_css as css;
use crate::state::loader::Loader;

#[component]
pub fn Responsiveness() -> impl IntoView {
    let table = Loader::new(endpoints::responsiveness);
    let retry = Callback::new(move |_| table.refetch());
    let title = t(Key::RespTitle);
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) back_to="/me"/>
        {move || detail_state(table.get().map(|r| r.map(|x| view! { <TableView table=x/> }.into_any())), retry)}
    }
}

#[component]
fn TableView(table: ResponsivenessTable) -> impl IntoView {
    let lang = lang();
    let generated = table.generated_at.clone();
    let nothing = table.deputies.is_empty() && table.departments.is_empty();
    view! {
        <div class=css::page>
            <p class=css::lead>{t(Key::RespLead)}</p>
            {(!generated.is_empty()).then(|| {
                let g = generated.clone();
                view! {
                    <p class=pcss::footnote>
                        {move || fill(lang.get().text(Key::RespGenerated), &[("time", &format::date_time(&g, lang.get()))])}
                    </p>
                }
            })}
            <details class=css::explain>
                <summary>{t(Key::RespExplain)}</summary>
                <dl>
                    <dt>{t(Key::FigReplyRate)}</dt><dd>{t(Key::RespExplainReply)}</dd>
                    <dt>{t(Key::FigFirstReply)}</dt><dd>{t(Key::RespExplainFirst)}</dd>
                    <dt>{t(Key::FigOnTime)}</dt><dd>{t(Key::RespExplainOnTime)}</dd>
                    <dt>{t(Key::FigSatisfaction)}</dt><dd>{t(Key::RespExplainRating)}</dd>
                </dl>
            </details>
        </div>
        {nothing.then(|| {
            let text = t(Key::RespEmpty);
            view! { <EmptyState message=Signal::derive(move || text().to_string())/> }
        })}
        <Rows id="resp-deputies" title=Key::RespDeputies rows=table.deputies/>
        <Rows id="resp-departments" title=Key::RespDepartments rows=table.departments/>
    }
}

#[component]
fn Rows(id: &'static str, title: Key, rows: Vec<ResponsivenessRow>) -> impl IntoView {
    (!rows.is_empty()).then(|| view! {
        <section class=css::list aria-labelledby=id>
            <h2 class=css::list_title id=id>{t(title)}</h2>
            <ul class=css::rows>
                {rows
                    .into_iter()
                    .map(|r| {
                        let name = if r.kind == HandlerKind::Deputy {
                            let href = format!("/deputies/{}", url::encode_component(&r.id));
                            view! { <a href=crate::paths::to(&href)>{r.name}</a> }.into_any()
                        } else {
                            view! { <span>{r.name}</span> }.into_any()
                        };
                        view! {
                            <li class=css::row_card>
                                <h3 class=css::row_name>{name}</h3>
                                <Figures stats=r.stats/>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    })
}
