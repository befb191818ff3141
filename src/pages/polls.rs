//! 在线投票: the polls (open ones first, as the backend orders them, with status chips and who
//! each asks), one poll — its questions as big radio buttons or checkboxes, one group each, a
//! confirmation that a vote cannot be changed, then the results as a bar chart whose numbers
//! and percentages are text, with the turnout — and (`new`) the form staff create one with.
//! Whether the viewer may vote, and why not, is the backend's (`can_vote`, `vote_block`).

pub mod new;

use contract::{Answer, NewVote, Poll, PollResults, PollStatus, PollSummary, QuestionKind, Role, TargetKind, VoteBlock};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::{self, endpoints, Canceller};
use crate::components::blocks::RichText;
use crate::components::comments::Comments;
use crate::components::paged_list::{Item, PagedList, Source};
use crate::components::share::{first_line, link_to, ShareButton};
use crate::components::shell::TopBar;
use crate::state::wechat::ShareCard;
use crate::components::states::{detail_state, sign_in_href};
use crate::format;
use crate::i18n::{fill, lang, t, ErrorText, Key, Lang};
use crate::state::drafts::{self, Draft};
use crate::state::session::SessionState;
use crate::state::storage;

stylance::import_crate_style!(pub css, "src/pages/polls.module.css");

/// The status filters of the list: (query value, label).
const FILTERS: [(&str, Key); 4] =
    [("", Key::PollsAll), ("open", Key::PollsOpen), ("upcoming", Key::PollsUpcoming), ("closed", Key::PollsClosed)];

fn status_label(s: PollStatus) -> Key {
    match s {
        PollStatus::Open => Key::PollsOpen,
        PollStatus::Upcoming => Key::PollsUpcoming,
        PollStatus::Closed => Key::PollsClosed,
        PollStatus::Unknown => Key::PollsAll,
    }
}

fn status_class(s: PollStatus) -> String {
    let extra = match s {
        PollStatus::Open => css::open,
        PollStatus::Closed => css::closed,
        _ => "",
    };
    format!("{} {extra}", css::badge)
}

/// When: "12月20日 截止", "12月8日 开始" or "12月1日 结束".
fn when(status: PollStatus, opens_at: &str, closes_at: &str, lang: Lang) -> String {
    let (key, at) = match status {
        PollStatus::Upcoming => (Key::PollsOpens, opens_at),
        PollStatus::Closed => (Key::PollsEnded, closes_at),
        _ => (Key::PollsCloses, closes_at),
    };
    fill(lang.text(key), &[("date", &format::date(at, lang))])
}

#[component]
pub fn Polls() -> impl IntoView {
    let query = use_query_map();
    let status = Memo::new(move |_| query.with(|q| q.get("status")).filter(|s| FILTERS.iter().any(|(v, _)| *v == s.as_str() && !v.is_empty())));
    let session = SessionState::get();
    let title = t(Key::PollsTitle);
    let empty = t(Key::PollsEmpty);
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) back_to="/"/>
        <nav aria-label=t(Key::PollsTitle)>
            <ul class=crate::components::chips::css::segmented>
                {FILTERS.into_iter().map(|(value, label)| {
                    let href = if value.is_empty() { "/polls".to_string() } else { format!("/polls?status={value}") };
                    let current = move || (status.get().as_deref().unwrap_or("") == value).then_some("page");
                    view! { <li><a class=crate::components::chips::css::segment href=crate::paths::to(&href) aria-current=current>{t(label)}</a></li> }
                }).collect_view()}
            </ul>
        </nav>
        {move || session.has_role(Role::Staff).then(|| view! {
            <p class=css::actions><a class="btn btn-primary" href="polls/new">{t(Key::PollsNew)}</a></p>
        })}
        {move || {
            let s = status.get();
            view! {
                <PagedList
                    cache_key=format!("polls:{}", s.clone().unwrap_or_default())
                    source=Source::polls(s, render_poll)
                    empty=Signal::derive(move || empty().to_string())
                />
            }
        }}
    }
}

fn render_poll(item: Item, _: bool) -> AnyView {
    match item {
        Item::Poll(p) => view! { <PollCard poll=p/> }.into_any(),
        _ => ().into_any(),
    }
}

#[component]
fn PollCard(poll: PollSummary) -> impl IntoView {
    let lang = lang();
    let href = format!("/polls/{}", crate::api::url::encode_component(&poll.id));
    let (status, opens, closes) = (poll.status, poll.opens_at.clone(), poll.closes_at.clone());
    let voters = poll.voters.to_string();
    view! {
        <article class=css::card>
            <h2 class=css::card_title><a href=crate::paths::to(&href)>{poll.title.clone()}</a></h2>
            <p class=css::line>
                <span class=status_class(status)>{t(status_label(status))}</span>
                <span>{move || when(status, &opens, &closes, lang.get())}</span>
            </p>
            <p class=css::line>
                <span>{move || fill(lang.get().text(Key::PollsScope), &[("scope", &poll.scope.label)])}</span>
                <span>{move || fill(lang.get().text(Key::PollsVoters), &[("n", &voters)])}</span>
            </p>
        </article>
    }
}

// ---------------------------------------------------------------------------
// One poll
// ---------------------------------------------------------------------------

#[component]
pub fn PollPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let poll = crate::state::loader::Loader::new(move || endpoints::poll(&id.get()));
    // the poll as the vote (or closing) answered it, until the next load
    let answered: RwSignal<Option<Poll>> = RwSignal::new(None);
    let retry = Callback::new(move |_| {
        answered.set(None);
        poll.refetch()
    });
    let title = t(Key::PollsDetail);
    let doc_title = Signal::derive(move || match poll.get() {
        Some(Ok(p)) => p.title,
        _ => String::new(),
    });
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) doc_title=doc_title back_to="/polls" heading=false/>
        {move || {
            let state = match (answered.get(), poll.get()) {
                (Some(p), _) => Some(Ok(p)),
                (None, other) => other,
            };
            detail_state(state.map(|r| r.map(|p| view! { <PollView poll=p answered=answered reload=retry/> }.into_any())), retry)
        }}
    }
}

#[component]
fn PollView(poll: Poll, answered: RwSignal<Option<Poll>>, reload: Callback<()>) -> impl IntoView {
    let lang = lang();
    let (status, opens, closes) = (poll.status, poll.opens_at.clone(), poll.closes_at.clone());
    let scope = poll.scope.label.clone();
    let scope_line = scope.clone();
    let ballot = poll.can_vote.then(|| view! { <Ballot poll=poll.clone() answered=answered reload=reload/> });
    let why = (!poll.can_vote).then(|| blocked(poll.vote_block, &scope, status, &opens, lang.get_untracked()));
    let hidden = poll.results.is_none() && poll.my_vote.is_some();
    let results = poll.results.clone().map(|r| view! { <Results poll=poll.clone() results=r/> });
    let close = poll.can_close.then(|| view! { <CloseButton id=poll.id.clone() answered=answered/> });
    let share = ShareCard {
        title: poll.title.clone(),
        desc: first_line(&poll.description),
        link: link_to(&format!("/polls/{}", crate::api::url::encode_component(&poll.id))),
        image: None,
    };
    view! {
        <article class=css::detail>
            <h1 class=css::title>{poll.title.clone()}</h1>
            <p class=css::line>
                <span class=status_class(status)>{t(status_label(status))}</span>
                <span>{move || when(status, &opens, &closes, lang.get())}</span>
            </p>
            <p class=css::line>{move || fill(lang.get().text(Key::PollsScope), &[("scope", &scope_line)])}</p>
            <RichText blocks=poll.description.clone()/>
            {why}
            {hidden.then(|| view! { <p class=css::note>{t(Key::PollsResultsLater)}</p> })}
            {ballot}
            {results}
            {close}
            <ShareButton card=share/>
        </article>
        <Comments kind=TargetKind::Poll id=poll.id.clone()/>
    }
}

/// Why the viewer cannot vote, in plain words, with the way forward where there is one.
fn blocked(block: Option<VoteBlock>, scope: &str, status: PollStatus, opens: &str, lang: Lang) -> AnyView {
    let text = |key: Key| fill(lang.text(key), &[("scope", scope), ("date", &format::date(opens, lang))]);
    match block {
        Some(VoteBlock::SignIn) if status == PollStatus::Open => view! {
            <div class=css::note>
                <p>{t(Key::PollsSignIn)}</p>
                <a class="btn btn-primary" href=sign_in_href()>{t(Key::SignInAction)}</a>
            </div>
        }
        .into_any(),
        Some(VoteBlock::ChooseVillage) => view! {
            <div class=css::note role="status">
                <p>{text(Key::PollsChooseVillage)}</p>
                <a class="btn btn-primary" href="me#village">{t(Key::PollsChooseVillageLink)}</a>
            </div>
        }
        .into_any(),
        Some(VoteBlock::OutOfScope) => view! { <p class=css::note role="status">{text(Key::PollsOutOfScope)}</p> }.into_any(),
        Some(VoteBlock::NotOpen) => view! { <p class=css::note>{text(Key::PollsNotOpen)}</p> }.into_any(),
        Some(VoteBlock::AlreadyVoted) => view! { <p class=css::done>{t(Key::PollsVoted)}</p> }.into_any(),
        _ if status == PollStatus::Closed => view! { <p class=css::note>{t(Key::PollsEndedNote)}</p> }.into_any(),
        _ => ().into_any(),
    }
}

/// What is being chosen: the options of each question, in the questions' order.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct Choice {
    #[serde(default)]
    chosen: Vec<Vec<String>>,
}

/// The questions with their options as big radio buttons or checkboxes, 投票, then the
/// confirmation. The choice is a draft (`poll.<id>`): its key makes a retry the same vote.
#[component]
fn Ballot(poll: Poll, answered: RwSignal<Option<Poll>>, reload: Callback<()>) -> impl IntoView {
    let lang = lang();
    let session = SessionState::get();
    let name = format!("poll.{}", poll.id);
    let n = poll.questions.len();
    let draft = StoredValue::new(drafts::load::<Choice>(session, &name).filter(|d| d.chosen.len() == n).unwrap_or_else(|| {
        Draft::new(Choice { chosen: vec![Vec::new(); n] })
    }));
    let chosen = RwSignal::new(draft.with_value(|d| d.chosen.clone()));
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let questions = StoredValue::new(poll.questions.clone());
    let id = poll.id.clone();
    let draft_name = StoredValue::new(name.clone());
    let pick = move |q: usize, option: String, single: bool, on: bool| {
        chosen.update(|c| {
            let list = &mut c[q];
            if single {
                *list = vec![option];
            } else if on {
                if !list.contains(&option) {
                    list.push(option);
                }
            } else {
                list.retain(|o| *o != option);
            }
        });
        error.set(None);
        confirming.set(false);
        draft.update_value(|d| d.chosen = chosen.get_untracked());
        draft.with_value(|d| draft_name.with_value(|n| drafts::save(session, n, d).ok()));
    };
    let answers = move || -> Vec<Answer> {
        questions.with_value(|qs| {
            qs.iter()
                .zip(chosen.get_untracked())
                .map(|(q, picked)| {
                    // in the options' order, as the backend keeps them
                    let option_ids = q.options.iter().filter(|o| picked.contains(&o.id)).map(|o| o.id.clone()).collect();
                    Answer { question_id: q.id.clone(), option_ids }
                })
                .collect()
        })
    };
    // the contract's own rule of a vote, before asking to confirm
    let check = move || questions.with_value(|qs| NewVote { answers: answers() }.validate(qs).err());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(errors) = check() {
            let wrong = errors.first().map(|e| e.code.clone()).unwrap_or_default();
            let key = if wrong == "too_long" { Key::PollsTooMany } else { Key::PollsAnswerAll };
            error.set(Some(lang.get_untracked().text(key).to_string()));
            return;
        }
        confirming.set(true);
        crate::components::form::focus("poll-confirm");
    };
    let name_send = name.clone();
    let send = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let body = NewVote { answers: answers() };
        let key = draft.try_update_value(|d| d.key_for_send(storage::new_key)).unwrap_or_else(storage::new_key);
        draft.with_value(|d| drafts::save(session, &name_send, d).ok());
        let id = id.clone();
        let name = name_send.clone();
        let c = Canceller::for_owner();
        leptos::task::spawn_local(async move {
            let result = api::send(endpoints::vote(&id), &body, Some(&key), &c).await;
            busy.try_set(false);
            match result {
                Ok(p) => {
                    drafts::clear(session, &name);
                    answered.try_set(Some(p));
                    crate::components::form::focus("poll-results");
                }
                // voted meanwhile (another tab), or the poll changed: show it as it is now
                Err(api::ApiError::Http { status: 403 | 409, .. }) => {
                    drafts::clear(session, &name);
                    reload.run(());
                }
                Err(e) => {
                    confirming.try_set(false);
                    error.try_set(Some(e.message(lang.get_untracked())));
                }
            }
        });
    };
    let groups = poll
        .questions
        .iter()
        .enumerate()
        .map(|(qi, q)| {
            let single = q.kind != QuestionKind::Multiple;
            let hint = if single {
                lang.get_untracked().text(Key::PollsSingle).to_string()
            } else {
                fill(lang.get_untracked().text(Key::PollsMultiple), &[("n", &q.max_choices.to_string())])
            };
            let group = format!("q-{}", q.id);
            let options = q
                .options
                .iter()
                .map(|o| {
                    let oid = o.id.clone();
                    let checked_id = oid.clone();
                    let input_id = format!("{group}-{}", o.id);
                    let label_for = input_id.clone();
                    let kind = if single { "radio" } else { "checkbox" };
                    view! {
                        <li>
                            <label class=css::option for=label_for>
                                <input
                                    type=kind
                                    id=input_id
                                    name=group.clone()
                                    value=oid.clone()
                                    prop:checked=move || chosen.with(|c| c[qi].contains(&checked_id))
                                    on:change=move |ev| pick(qi, oid.clone(), single, event_target_checked(&ev))
                                />
                                <span>{o.text.clone()}</span>
                            </label>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <fieldset class=css::question>
                    <legend>
                        <span class=css::question_text>{format!("{}. {}", qi + 1, q.text)}</span>
                        <span class=css::question_hint>{hint}</span>
                    </legend>
                    <ul class=css::options>{options}</ul>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <form class=css::ballot on:submit=submit novalidate>
            {groups}
            <div role="alert">{move || error.get().map(|m| view! { <p class=css::error>{m}</p> })}</div>
            {move || if confirming.get() {
                view! {
                    <div class=css::confirm id="poll-confirm" tabindex="-1">
                        <p>{t(Key::PollsConfirm)}</p>
                        <div class=css::confirm_actions>
                            <button type="button" class="btn btn-primary" disabled=move || busy.get() on:click=send.clone()>
                                {move || if busy.get() { t(Key::PollsSending)() } else { t(Key::PollsConfirmYes)() }}
                            </button>
                            <button type="button" class="btn" on:click=move |_| confirming.set(false)>{t(Key::PollsConfirmNo)}</button>
                        </div>
                    </div>
                }.into_any()
            } else {
                view! { <button type="submit" class=format!("btn btn-primary {}", css::vote)>{t(Key::PollsVote)}</button> }.into_any()
            }}
        </form>
    }
}

/// A whole percentage of `part` in `whole` (integer maths: no float formatting in the wasm).
pub fn percent(part: u32, whole: u32) -> u32 {
    if whole == 0 {
        0
    } else {
        ((u64::from(part) * 100 + u64::from(whole) / 2) / u64::from(whole)) as u32
    }
}

/// The results: per question, each option's votes and share as text, with a bar drawn beside
/// (hidden from screen readers: the text says it all); the viewer's own choices marked; the
/// turnout.
#[component]
fn Results(poll: Poll, results: PollResults) -> impl IntoView {
    let lang = lang();
    let mine: Vec<String> = poll.my_vote.iter().flatten().flat_map(|a| a.option_ids.clone()).collect();
    let turnout = results.voters.to_string();
    let questions = poll
        .questions
        .iter()
        .map(|q| {
            let r = results.questions.iter().find(|r| r.question_id == q.id).cloned().unwrap_or_default();
            let rows = q
                .options
                .iter()
                .map(|o| {
                    let votes = r.options.iter().find(|x| x.option_id == o.id).map_or(0, |x| x.votes);
                    let pct = percent(votes, r.voters);
                    let numbers = move || fill(lang.get().text(Key::PollsVotes), &[("n", &votes.to_string()), ("pct", &pct.to_string())]);
                    let is_mine = mine.contains(&o.id);
                    view! {
                        <li class=css::result>
                            <p class=css::result_line>
                                <span class=css::result_text>
                                    {o.text.clone()}
                                    {is_mine.then(|| view! { <span class=css::mine>{t(Key::PollsMine)}</span> })}
                                </span>
                                <span class=css::result_numbers>{numbers}</span>
                            </p>
                            <div class=css::bar aria-hidden="true"><div class=css::bar_fill style=format!("width:{pct}%")></div></div>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class=css::result_question>
                    <h3>{q.text.clone()}</h3>
                    <ul class=css::results_list>{rows}</ul>
                </section>
            }
        })
        .collect_view();
    view! {
        <section class=css::results aria-labelledby="poll-results" >
            <h2 id="poll-results" tabindex="-1">{t(Key::PollsResults)}</h2>
            <p class=css::turnout>{move || fill(lang.get().text(Key::PollsTurnout), &[("n", &turnout)])}</p>
            {questions}
        </section>
    }
}

/// Staff: 提前结束投票, after a confirmation.
#[component]
fn CloseButton(id: String, answered: RwSignal<Option<Poll>>) -> impl IntoView {
    let lang = lang();
    let asking = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let close = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let id = id.clone();
        let c = Canceller::for_owner();
        leptos::task::spawn_local(async move {
            let result = api::fetch(endpoints::close_poll(&id), &c).await;
            busy.try_set(false);
            match result {
                Ok(p) => {
                    answered.try_set(Some(p));
                }
                Err(e) => {
                    error.try_set(Some(e.message(lang.get_untracked())));
                }
            }
        });
    };
    view! {
        <div class=css::staff>
            {move || if asking.get() {
                view! {
                    <div class=css::confirm>
                        <p>{t(Key::PollsCloseConfirm)}</p>
                        <div class=css::confirm_actions>
                            <button type="button" class="btn btn-primary" disabled=move || busy.get() on:click=close.clone()>{t(Key::PollsClose)}</button>
                            <button type="button" class="btn" on:click=move |_| asking.set(false)>{t(Key::PollsConfirmNo)}</button>
                        </div>
                    </div>
                }.into_any()
            } else {
                view! { <button type="button" class="btn" on:click=move |_| asking.set(true)>{t(Key::PollsClose)}</button> }.into_any()
            }}
            <div role="alert">{move || error.get().map(|m| view! { <p class=css::error>{m}</p> })}</div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn percentages_round_and_survive_nobody() {
        assert_eq!(percent(0, 0), 0);
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(5, 5), 100);
    }
}
