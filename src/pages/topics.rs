//! 议事 topics: the list (讨论中 / 已结束 / 我的议题, a station's topics with the township's, a
//! search), one topic — its conclusion (结论/采纳情况) first once closed, the text as typed
//! blocks, the like and the comment thread with the adopted comments marked — and, for staff
//! and the deputy who opened it, the form that closes it with a conclusion adopting comments
//! chosen by checkbox. `new` is the form citizens propose one with (pre-moderated: 审核中)
//! and staff and deputies open one with. What the viewer may do is the backend's (`can`).

pub mod new;

use contract::{CloseTopic, Comment, CommentState, Role, Station, TargetKind, Topic, TopicStatus, TopicSummary, ADOPTED_MAX, CONCLUSION_MAX};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::{self, endpoints, url, ApiError, Canceller};
use crate::components::blocks::RichText;
use crate::components::cards::role_label;
use crate::components::chips::css as chips;
use crate::components::comments::Comments;
use crate::components::form::{api_errors, focus, focus_first_invalid, form_of, Control, Errors, Field, FieldError, FormError, Value};
use crate::components::paged_list::{Item, PagedList, Source};
use crate::components::share::{first_line, link_to, ShareButton};
use crate::components::shell::TopBar;
use crate::state::wechat::ShareCard;
use crate::components::states::{detail_state, ErrorState, SkeletonList};
use crate::format;
use crate::i18n::{fill, lang, t, Key, Lang};
use crate::state::loader::Loader;
use crate::state::session::SessionState;
use crate::state::village;

stylance::import_crate_style!(pub css, "src/pages/topics.module.css");

/// The status filters of the list: (query value, label); `mine` is the viewer's own topics.
const FILTERS: [(&str, Key); 3] = [("", Key::TopicsAll), ("open", Key::TopicsOpen), ("closed", Key::TopicsClosed)];

pub fn status_label(s: TopicStatus) -> Key {
    match s {
        TopicStatus::Open => Key::TopicsOpen,
        TopicStatus::Closed => Key::TopicsClosed,
        TopicStatus::Pending => Key::TopicsPending,
        TopicStatus::Rejected | TopicStatus::Unknown => Key::TopicsRejected,
    }
}

fn status_class(s: TopicStatus) -> String {
    let extra = match s {
        TopicStatus::Open => css::open,
        TopicStatus::Pending => css::pending,
        TopicStatus::Rejected => css::rejected,
        _ => "",
    };
    format!("{} {extra}", css::badge)
}

/// Whom a topic concerns: the township (`None`), a liaison station, or one of its villages.
pub fn scope_text(station: Option<&str>, village: Option<&str>, township: &str) -> String {
    match (station.filter(|s| !s.is_empty()), village.filter(|v| !v.is_empty())) {
        (Some(s), Some(v)) => format!("{s} · {v}"),
        (Some(s), None) => s.to_string(),
        (None, Some(v)) => v.to_string(),
        (None, None) => township.to_string(),
    }
}

/// Whether discussion has ended: closed, or open past its `closes_at` (both in ms; `NaN` for
/// an unreadable time counts as no end).
pub fn discussion_over(status: TopicStatus, closes_at_ms: Option<f64>, now_ms: f64) -> bool {
    status == TopicStatus::Closed || (status == TopicStatus::Open && closes_at_ms.is_some_and(|c| c <= now_ms))
}

/// The list's address for a filter, a station and a search (each left out when empty).
pub fn list_href(status: &str, station: Option<&str>, q: Option<&str>) -> String {
    let status = (!status.is_empty()).then_some(status);
    let station = station.filter(|_| status != Some("mine"));
    let q = q.filter(|_| status != Some("mine"));
    url::with_query("/topics", &[("status", status), ("station", station), ("q", q)])
}

/// The stations as chips, the one of the viewer's village first.
pub fn stations_mine_first(stations: &[Station], mine: Option<&str>) -> Vec<(String, String, bool)> {
    let mut out: Vec<(String, String, bool)> = stations
        .iter()
        .filter(|s| !s.id.is_empty())
        .map(|s| (s.id.clone(), s.name.clone(), Some(s.id.as_str()) == mine))
        .collect();
    out.sort_by_key(|(_, _, m)| !*m);
    out
}

#[component]
pub fn Topics() -> impl IntoView {
    let lang = lang();
    let query = use_query_map();
    let session = SessionState::get();
    let status = Memo::new(move |_| {
        query
            .with(|q| q.get("status"))
            .filter(|s| s == "open" || s == "closed" || (s == "mine" && session.is_signed_in()))
            .unwrap_or_default()
    });
    let station = Memo::new(move |_| query.with(|q| q.get("station")).filter(|s| !s.trim().is_empty()));
    let q = Memo::new(move |_| query.with(|q| q.get("q")).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()));
    let mine = Memo::new(move |_| status.get() == "mine");
    let stations = Loader::new(endpoints::stations);
    let my_station = village::load().map(|v| v.station_id);
    let input = RwSignal::new(String::new());
    crate::state::effect(move || input.set(q.get().unwrap_or_default()));
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = input.get_untracked().trim().chars().take(50).collect::<String>();
        let text = (!text.is_empty()).then_some(text);
        let s = status.get_untracked();
        let s = if s == "mine" { String::new() } else { s };
        navigate(&list_href(&s, station.get_untracked().as_deref(), text.as_deref()), NavigateOptions::default());
    };
    let title = t(Key::TopicsTitle);
    let segments = move || {
        let mut all: Vec<(&'static str, Key)> = FILTERS.to_vec();
        if session.is_signed_in() {
            all.push(("mine", Key::TopicsMine));
        }
        all.into_iter()
            .map(|(value, label)| {
                let href = move || crate::paths::to(&list_href(value, station.get().as_deref(), q.get().as_deref()));
                let current = move || (status.get() == value).then_some("page");
                view! { <li><a class=chips::segment href=href aria-current=current>{t(label)}</a></li> }
            })
            .collect_view()
    };
    let station_chips = move || {
        if mine.get() {
            return None;
        }
        Some(match stations.get() {
            None => ().into_any(),
            Some(Err(e)) => view! { <ErrorState error=e on_retry=Callback::new(move |_| stations.refetch()) inline=true/> }.into_any(),
            Some(Ok(page)) => {
                let chosen = stations_mine_first(&page.items, my_station.as_deref());
                view! {
                    <nav aria-label=t(Key::TopicsScopes)>
                        <ul class=chips::row>
                            <li>
                                <a class=chips::chip href=move || crate::paths::to(&list_href(&status.get(), None, q.get().as_deref()))
                                    aria-current=move || station.get().is_none().then_some("page")>{t(Key::TopicsAllPlaces)}</a>
                            </li>
                            {chosen.into_iter().map(|(id, name, is_mine)| {
                                let href_id = id.clone();
                                let label = move || if is_mine { fill(lang.get().text(Key::TopicsStationMine), &[("name", &name)]) } else { name.clone() };
                                view! {
                                    <li>
                                        <a class=chips::chip href=move || crate::paths::to(&list_href(&status.get(), Some(&href_id), q.get().as_deref()))
                                            aria-current=move || (station.get().as_deref() == Some(id.as_str())).then_some("page")>{label}</a>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </nav>
                }
                .into_any()
            }
        })
    };
    let new_label = move || {
        if session.has_role(Role::Staff) || session.has_role(Role::Deputy) { Key::TopicsNewOfficial } else { Key::TopicsNew }
    };
    let list = move || {
        let (s, st, text, own) = (status.get(), station.get(), q.get(), mine.get());
        let key = format!("topics:{s}:{}:{}", st.clone().unwrap_or_default(), text.clone().unwrap_or_default());
        let empty = Signal::derive({
            let text = text.clone();
            move || match (&text, own) {
                (_, true) => lang.get().text(Key::TopicsEmptyMine).to_string(),
                (Some(x), _) => fill(lang.get().text(Key::TopicsEmptySearch), &[("q", x)]),
                (None, _) => lang.get().text(Key::TopicsEmpty).to_string(),
            }
        });
        let status = (!s.is_empty() && !own).then_some(s);
        view! { <PagedList cache_key=key source=Source::topics(status, st, text, own, render_topic) empty=empty/> }
    };
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) back_to="/"/>
        <nav aria-label=t(Key::TopicsFilters)>
            <ul class=chips::segmented>{segments}</ul>
        </nav>
        {move || (!mine.get()).then(|| view! {
            <form class=crate::pages::page_css::search_form role="search" on:submit=submit.clone()>
                <label for="topics-q" class="visually-hidden">{t(Key::TopicsSearchLabel)}</label>
                <input id="topics-q" class=crate::pages::page_css::search_input type="search" name="q" maxlength="50"
                    placeholder=t(Key::TopicsSearchPlaceholder)
                    prop:value=move || input.get() on:input=move |ev| input.set(event_target_value(&ev))/>
                <button type="submit" class="btn btn-primary">{t(Key::TopicsSearch)}</button>
            </form>
        })}
        {station_chips}
        {move || q.get().filter(|_| !mine.get()).map(|x| view! {
            <p class=crate::pages::page_css::results_heading role="status">
                {move || fill(lang.get().text(Key::TopicsResultsFor), &[("q", &x)])}
                " "<a href=move || crate::paths::to(&list_href(&status.get(), station.get().as_deref(), None))>{t(Key::TopicsClearSearch)}</a>
            </p>
        })}
        {move || session.is_signed_in().then(|| view! {
            <p class=css::actions><a class="btn btn-primary" href="topics/new">{move || t(new_label())()}</a></p>
        })}
        {list}
    }
}

fn render_topic(item: Item, _: bool) -> AnyView {
    match item {
        Item::Topic(topic) => view! { <TopicCard topic=topic/> }.into_any(),
        _ => ().into_any(),
    }
}

/// The date line of a topic: when discussion ends (or ended), else when it was opened.
fn when(status: TopicStatus, closes_at: Option<&str>, created_at: &str, lang: Lang) -> String {
    match (status, closes_at) {
        (TopicStatus::Open, Some(c)) => fill(lang.text(Key::TopicsCloses), &[("date", &format::date(c, lang))]),
        _ => fill(lang.text(Key::TopicsCreated), &[("date", &format::date(created_at, lang))]),
    }
}

#[component]
fn TopicCard(topic: TopicSummary) -> impl IntoView {
    let lang = lang();
    let href = format!("/topics/{}", url::encode_component(&topic.id));
    let status = topic.status;
    let station = topic.station.as_ref().map(|s| s.name.clone());
    let village = topic.village.clone();
    let (closes, created) = (topic.closes_at.clone(), topic.created_at.clone());
    let (comments, likes) = (topic.comment_count.to_string(), topic.like_count.to_string());
    let scope = move || {
        let l = lang.get();
        fill(l.text(Key::TopicsScope), &[("scope", &scope_text(station.as_deref(), village.as_deref(), l.text(Key::TopicsScopeAll)))])
    };
    view! {
        <article class=css::card>
            <h2 class=css::card_title><a href=crate::paths::to(&href)>{topic.title.clone()}</a></h2>
            <p class=css::excerpt>{topic.excerpt.clone()}</p>
            <p class=css::line>
                <span class=status_class(status)>{t(status_label(status))}</span>
                <span>{scope}</span>
                <span>{move || when(status, closes.as_deref(), &created, lang.get())}</span>
            </p>
            <p class=css::line>
                <span>{move || fill(lang.get().text(Key::TopicsComments), &[("n", &comments)])}</span>
                <span>{move || fill(lang.get().text(Key::TopicsLikes), &[("n", &likes)])}</span>
            </p>
        </article>
    }
}

// ---------------------------------------------------------------------------
// One topic
// ---------------------------------------------------------------------------

#[component]
pub fn TopicPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let topic = Loader::new(move || endpoints::topic(&id.get()));
    // the topic as closing it answered, until the next load
    let answered: RwSignal<Option<Topic>> = RwSignal::new(None);
    let retry = Callback::new(move |_| {
        answered.set(None);
        topic.refetch()
    });
    let title = t(Key::TopicsDetail);
    let doc_title = Signal::derive(move || match topic.get() {
        Some(Ok(t)) => t.title,
        _ => String::new(),
    });
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) doc_title=doc_title back_to="/topics" heading=false/>
        {move || {
            let state = match (answered.get(), topic.get()) {
                (Some(t), _) => Some(Ok(t)),
                (None, other) => other,
            };
            detail_state(state.map(|r| r.map(|t| view! { <TopicView topic=t answered=answered/> }.into_any())), retry)
        }}
    }
}

#[component]
fn TopicView(topic: Topic, answered: RwSignal<Option<Topic>>) -> impl IntoView {
    let lang = lang();
    let status = topic.status;
    let station = topic.station.as_ref().map(|s| s.name.clone());
    let village = topic.village.clone();
    let scope = move || {
        let l = lang.get();
        fill(l.text(Key::TopicsScope), &[("scope", &scope_text(station.as_deref(), village.as_deref(), l.text(Key::TopicsScopeAll)))])
    };
    let author = topic.author.clone();
    let by = move || {
        let l = lang.get();
        let role = l.text(role_label(author.role));
        fill(l.text(Key::TopicsBy), &[("name", &format!("{} · {role}", author.name))])
    };
    let created = topic.created_at.clone();
    let created_line = move || fill(lang.get().text(Key::TopicsCreated), &[("date", &format::date(&created, lang.get()))]);
    let closes = topic.closes_at.clone().filter(|_| status == TopicStatus::Open);
    let closes_line = closes.map(|c| move || fill(lang.get().text(Key::TopicsCloses), &[("date", &format::date(&c, lang.get()))]));
    let over = discussion_over(status, topic.closes_at.as_deref().map(js_sys::Date::parse).filter(|d| !d.is_nan()), js_sys::Date::now());
    let conclusion = (status == TopicStatus::Closed).then(|| view! { <Conclusion topic=topic.clone()/> });
    let note = match status {
        TopicStatus::Pending => Some(view! { <p class=css::note role="status">{t(Key::TopicsPendingNote)}</p> }.into_any()),
        TopicStatus::Rejected => {
            let reason = topic.moderation_reason.clone().filter(|r| !r.trim().is_empty());
            Some(view! {
                <div class=css::note role="status">
                    <p>{t(Key::TopicsRejectedNote)}</p>
                    {reason.map(|r| view! { <p>{move || fill(lang.get().text(Key::TopicsRejectedWhy), &[("reason", &r)])}</p> })}
                </div>
            }.into_any())
        }
        _ => None,
    };
    let shown = matches!(status, TopicStatus::Open | TopicStatus::Closed);
    let close = topic.can.close.then(|| view! { <CloseForm id=topic.id.clone() answered=answered/> });
    let over_note = (over && status == TopicStatus::Open).then(|| view! { <p class=css::note>{t(Key::TopicsDiscussionOver)}</p> });
    // (a topic waiting for review, or turned down, is not for passing on)
    let share = shown.then(|| ShareCard {
        title: topic.title.clone(),
        desc: first_line(&topic.body),
        link: link_to(&format!("/topics/{}", crate::api::url::encode_component(&topic.id))),
        image: None,
    });
    view! {
        <article class=css::detail>
            {conclusion}
            <h1 class=css::title>{topic.title.clone()}</h1>
            <p class=css::line>
                <span class=status_class(status)>{t(status_label(status))}</span>
                <span>{scope}</span>
            </p>
            <p class=css::line>
                <span>{by}</span>
                <span>{created_line}</span>
                {closes_line.map(|c| view! { <span>{c}</span> })}
            </p>
            {note}
            <div class=css::body><RichText blocks=topic.body.clone()/></div>
            {over_note}
            {close}
            {share.map(|card| view! { <ShareButton card=card/> })}
        </article>
        {shown.then(|| view! { <Comments kind=TargetKind::Topic id=topic.id.clone() closed=over/> })}
    }
}

/// 结论: what the conclusion says, how many comments it adopted (marked in the thread below),
/// who wrote it and when.
#[component]
fn Conclusion(topic: Topic) -> impl IntoView {
    let lang = lang();
    let text = topic.conclusion.clone().unwrap_or_default();
    let adopted = topic.adopted_count;
    let who = topic.closed_by.as_ref().map(|a| a.name.clone()).unwrap_or_default();
    let when = topic.closed_at.clone().unwrap_or_default();
    let signed = move || {
        let l = lang.get();
        let date = if when.is_empty() { String::new() } else { format::date(&when, l) };
        fill(l.text(Key::TopicsConcludedBy), &[("name", &who), ("date", &date)])
    };
    view! {
        <section class=css::conclusion aria-labelledby="topic-conclusion">
            <h2 id="topic-conclusion" tabindex="-1">{t(Key::TopicsConclusion)}</h2>
            <p class=css::conclusion_text>{text}</p>
            {(adopted > 0).then(|| view! {
                <p class=css::adopted_line>
                    {move || fill(lang.get().text(Key::TopicsAdoptedCount), &[("n", &adopted.to_string())])}
                    " "<a href="#comments">{t(Key::TopicsSeeComments)}</a>
                </p>
            })}
            <p class=css::signed>{signed}</p>
        </section>
    }
}

/// A comment that can be adopted: published, and not a placeholder.
pub fn adoptable(c: &Comment) -> bool {
    c.state == CommentState::Published && !c.body.trim().is_empty()
}

/// The first `n` characters of a comment, for its checkbox.
pub fn excerpt(text: &str, n: usize) -> String {
    let t = text.trim();
    if t.chars().count() <= n {
        t.to_string()
    } else {
        format!("{}…", t.chars().take(n).collect::<String>())
    }
}

/// Staff, or the deputy who opened it: 结束讨论 with a conclusion, adopting comments chosen
/// from the thread (top-level comments and their replies, every page).
#[component]
fn CloseForm(id: String, answered: RwSignal<Option<Topic>>) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <div class=css::staff>
            {move || if open.get() {
                view! { <CloseFields id=id.clone() answered=answered open=open/> }.into_any()
            } else {
                view! {
                    <button type="button" class="btn btn-primary" on:click=move |_| {
                        open.set(true);
                        request_animation_frame(|| focus("topic-conclusion-text"));
                    }>{t(Key::TopicsCloseOpen)}</button>
                }.into_any()
            }}
        </div>
    }
}

#[component]
fn CloseFields(id: String, answered: RwSignal<Option<Topic>>, open: RwSignal<bool>) -> impl IntoView {
    let lang = lang();
    let text = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<String>::new());
    let errs = Errors::new();
    let busy = RwSignal::new(false);
    // the comments to choose from: None while loading
    let comments = RwSignal::new(None::<Result<Vec<Comment>, ApiError>>);
    let target = StoredValue::new(id.clone());
    let load = move || {
        comments.set(None);
        let target = target.get_value();
        leptos::task::spawn_local(async move {
            let mut cursor: Option<String> = None;
            let mut got: Vec<Comment> = Vec::new();
            // every page (a topic has at most a few hundred comments)
            for _ in 0..20 {
                let ep = endpoints::comments(Some("topic"), Some(&target), Some("newest"), cursor.as_deref(), Some("50"));
                match api::fetch(ep, &Canceller::default()).await {
                    Ok(page) => {
                        for mut c in page.items {
                            let replies = std::mem::take(&mut c.replies);
                            got.push(c);
                            got.extend(replies);
                        }
                        cursor = page.next_cursor;
                        if cursor.is_none() {
                            break;
                        }
                    }
                    Err(e) => {
                        comments.try_set(Some(Err(e)));
                        return;
                    }
                }
            }
            got.retain(adoptable);
            comments.try_set(Some(Ok(got)));
        });
    };
    load();
    let value = Value::new(move || text.get(), move |v| {
        text.set(v);
        errs.clear(&["conclusion", ""]);
    });
    let navigate_id = id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let l = lang.get_untracked();
        let body = CloseTopic { conclusion: text.get_untracked().trim().to_string(), adopted: chosen.get_untracked() };
        if let Err(list) = body.validate() {
            errs.set(
                list.into_iter()
                    .map(|e| {
                        let message = match e.field.as_str() {
                            "conclusion" => l.text(Key::TopicsConclusionEmpty).to_string(),
                            _ => fill(l.text(Key::TopicsAdoptTooMany), &[("n", &ADOPTED_MAX.to_string())]),
                        };
                        (e.field, message)
                    })
                    .collect(),
            );
            focus_first_invalid(form_of(&ev));
            return;
        }
        busy.set(true);
        errs.set(Vec::new());
        let form = form_of(&ev);
        let id = navigate_id.clone();
        leptos::task::spawn_local(async move {
            let result = api::send(endpoints::close_topic(&id), &body, None, &Canceller::default()).await;
            busy.try_set(false);
            match result {
                Ok(topic) => {
                    crate::state::lists::forget("topics:::");
                    crate::state::lists::forget("topics:open::");
                    crate::state::lists::forget("topics:closed::");
                    answered.try_set(Some(topic));
                    request_animation_frame(|| focus("topic-conclusion"));
                }
                Err(e) => {
                    errs.set(api_errors(&e, l, &|f: &str| ["conclusion", "adopted"].into_iter().find(|x| *x == f)));
                    focus_first_invalid(form);
                }
            }
        });
    };
    let toggle = move |cid: String, on: bool| {
        chosen.update(|c| {
            if on {
                if !c.contains(&cid) {
                    c.push(cid);
                }
            } else {
                c.retain(|x| *x != cid);
            }
        });
        errs.clear(&["adopted", ""]);
    };
    let choices = move || match comments.get() {
        None => view! { <SkeletonList count=2/> }.into_any(),
        Some(Err(e)) => view! { <ErrorState error=e on_retry=Callback::new(move |_| load()) inline=true/> }.into_any(),
        Some(Ok(list)) if list.is_empty() => view! { <p class=css::hint>{t(Key::TopicsAdoptNone)}</p> }.into_any(),
        Some(Ok(list)) => view! {
            <ul class=css::choices>
                {list.into_iter().map(|c| {
                    let cid = c.id.clone();
                    let checked_id = cid.clone();
                    let input_id = format!("adopt-{}", c.id);
                    let label_for = input_id.clone();
                    let who = c.author.name.clone();
                    let words = excerpt(&c.body, 60);
                    view! {
                        <li>
                            <label class=css::choice for=label_for>
                                <input type="checkbox" id=input_id value=cid.clone()
                                    prop:checked=move || chosen.with(|x| x.contains(&checked_id))
                                    on:change=move |ev| toggle(cid.clone(), event_target_checked(&ev))/>
                                <span><strong>{who}"："</strong>{words}</span>
                            </label>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }.into_any(),
    };
    view! {
        <form class=css::close_form on:submit=submit novalidate=true aria-labelledby="topic-close-title">
            <h2 id="topic-close-title">{t(Key::TopicsCloseTitle)}</h2>
            <Field id="topic-conclusion-text" field="conclusion" errors=errs label=Key::TopicsConclusionLabel
                hint=Key::TopicsConclusionHint control=Control::area("4", value) max=CONCLUSION_MAX/>
            <fieldset class=css::adopt id="topic-adopted" aria-describedby=move || if errs.has("adopted") { "topic-adopted-hint topic-adopted-error" } else { "topic-adopted-hint" }>
                <legend>{move || fill(lang.get().text(Key::TopicsAdoptLegend), &[("n", &ADOPTED_MAX.to_string())])}</legend>
                <p id="topic-adopted-hint" class=css::hint>{t(Key::TopicsAdoptHint)}</p>
                {choices}
                <FieldError errors=errs field="adopted" id="topic-adopted"/>
            </fieldset>
            <FormError errors=errs/>
            <div class=css::form_actions>
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                    {move || lang.get().text(if busy.get() { Key::TopicsSending } else { Key::TopicsCloseSend })}
                </button>
                <button type="button" class="btn" on:click=move |_| open.set(false)>{t(Key::TopicsCancel)}</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_says_township_station_or_village() {
        assert_eq!(scope_text(None, None, "全镇"), "全镇");
        assert_eq!(scope_text(Some("石峡联络点"), None, "全镇"), "石峡联络点");
        assert_eq!(scope_text(Some("石峡联络点"), Some("石峡社区"), "全镇"), "石峡联络点 · 石峡社区");
        assert_eq!(scope_text(Some(""), Some(""), "全镇"), "全镇");
    }

    #[test]
    fn discussion_ends_when_closed_or_past_its_end() {
        assert!(discussion_over(TopicStatus::Closed, None, 10.0));
        assert!(!discussion_over(TopicStatus::Open, None, 10.0));
        assert!(!discussion_over(TopicStatus::Open, Some(20.0), 10.0));
        assert!(discussion_over(TopicStatus::Open, Some(10.0), 10.0));
        assert!(!discussion_over(TopicStatus::Pending, Some(1.0), 10.0));
    }

    #[test]
    fn list_addresses_keep_filters_but_mine_takes_none() {
        assert_eq!(list_href("", None, None), "/topics");
        assert_eq!(list_href("closed", Some("st_1"), Some("垃圾")), "/topics?status=closed&station=st_1&q=%E5%9E%83%E5%9C%BE");
        assert_eq!(list_href("mine", Some("st_1"), Some("x")), "/topics?status=mine");
        assert_eq!(list_href("", Some("st 1"), None), "/topics?station=st%201");
    }

    #[test]
    fn my_station_comes_first() {
        let st = |id: &str, name: &str| Station { id: id.into(), name: name.into(), ..Default::default() };
        let all = [st("a", "甲"), st("b", "乙"), st("", "无"), st("c", "丙")];
        let ids: Vec<(String, bool)> = stations_mine_first(&all, Some("c")).into_iter().map(|(id, _, m)| (id, m)).collect();
        assert_eq!(ids, [("c".to_string(), true), ("a".into(), false), ("b".into(), false)]);
        assert_eq!(stations_mine_first(&all, None).len(), 3);
    }

    #[test]
    fn adoptable_comments_and_excerpts() {
        let c = Comment { state: CommentState::Published, body: "好".into(), ..Default::default() };
        assert!(adoptable(&c));
        assert!(!adoptable(&Comment { state: CommentState::Pending, ..c.clone() }));
        assert!(!adoptable(&Comment { body: " ".into(), ..c }));
        assert_eq!(excerpt(" 一二三四 ", 4), "一二三四");
        assert_eq!(excerpt("一二三四五", 4), "一二三四…");
    }
}
