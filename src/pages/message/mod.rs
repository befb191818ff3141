//! A message (`/messages/:id`), told plainly for the person who wrote it: the latest answer
//! first, then the handling as a few milestones (已提交 → 已分派 → 办理中 → 已答复 → 已办结,
//! [`progress`]) with the deadline, what the author may do now (rate, reopen, a follow-up
//! behind a button: [`author`]), the message itself, the plan of a major issue, the whole
//! conversation, the handlers' panel (`HandlingPanel`), and the detailed log folded away.
//! Every internal term (民生小事, 重大议题, 已办结 / 已关闭, 公开…) is explained in one line
//! where it appears. After sending, the confirmation is [`sent`] (`/messages/:id/sent`).

mod author;
pub mod progress;
pub mod sent;

use contract::{HandlerKind, Message, MessageStatus, TimeLimits, TimelineKind, REOPEN_DAYS};
// (not `Track`: that is leptos' trait of `.track()`)
use contract::Track as Lane;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use self::author::{FollowUp, RatingForm, ReopenForm};
use self::progress::{due, latest_answer, progress, step_marks, Due, Mark, Stage, StepMark};
use crate::components::blocks::SafeImage;
use crate::components::cards::{message_status_class, message_status_label, track_label};
use crate::components::comments::Comments;
use crate::components::handling::HandlingPanel;
use crate::components::shell::TopBar;
use crate::components::states::{ErrorState, SkeletonDetail};
use crate::format;
use crate::format::{time_left, TimeLeft};
use crate::i18n::{fill, lang, t, Key, Lang};
use crate::pages::messages::css;
use crate::state::effect;
use crate::state::loader::Loader;
use crate::state::session::SessionState;

use crate::components::cards::css as cards;

stylance::import_crate_style!(pub mp, "src/pages/message/message.module.css");

/// "还剩 2 天 3 小时" / "已超期".
pub fn time_left_text(left: TimeLeft, lang: Lang) -> String {
    match left {
        TimeLeft::Overdue => lang.text(Key::MsgOverdue).to_string(),
        TimeLeft::Days(d, h) => fill(lang.text(Key::MvLeftDays), &[("d", &d.to_string()), ("h", &h.to_string())]),
        TimeLeft::Hours(h) => fill(lang.text(Key::MvLeftHours), &[("h", &h.to_string())]),
        TimeLeft::Minutes(m) => fill(lang.text(Key::MvLeftMinutes), &[("m", &m.to_string())]),
    }
}

fn timeline_label(kind: TimelineKind) -> Key {
    match kind {
        TimelineKind::Submitted => Key::TlSubmitted,
        TimelineKind::Triaged => Key::TlTriaged,
        TimelineKind::StatusChanged => Key::TlStatus,
        TimelineKind::Replied => Key::TlReplied,
        TimelineKind::FollowUp => Key::TlFollowUp,
        TimelineKind::HandedOver => Key::TlHandedOver,
        TimelineKind::PlanStepAdded => Key::TlPlanAdded,
        TimelineKind::PlanStepDone => Key::TlPlanDone,
        TimelineKind::Rated => Key::TlRated,
        TimelineKind::Reopened => Key::TlReopened,
        TimelineKind::InternalNote => Key::TlInternalNote,
        TimelineKind::Unknown => Key::TlOther,
    }
}


fn stage_label(stage: Stage) -> Key {
    match stage {
        Stage::Submitted => Key::StageSubmitted,
        Stage::Assigned => Key::StageAssigned,
        Stage::InProgress => Key::StageInProgress,
        Stage::Replied => Key::StageReplied,
        Stage::Finished => Key::StageFinished,
    }
}

/// What a status means now, in one plain line ("已受理：陈志强已接手，正在办理。"); the
/// author is spoken to as 您. `None` for a status this app does not know. `date` formats
/// the deadline for people.
pub fn status_line(m: &Message, l: Lang, date: impl Fn(&str) -> String) -> Option<String> {
    use MessageStatus as S;
    let you = m.author.is_you;
    let handler = m.handler.as_ref().unwrap_or(&m.recipient).name.clone();
    let key = match m.status {
        S::Submitted if m.deadline.is_some() => Key::TermSubmittedBy,
        S::Submitted => Key::TermSubmitted,
        S::Reopened => Key::TermReopened,
        S::Assigned => Key::TermAssigned,
        S::Accepted => Key::TermAccepted,
        S::InProgress => Key::TermInProgress,
        S::Replied if you => Key::TermRepliedYou,
        S::Replied => Key::TermReplied,
        S::Resolved if you => Key::TermResolvedYou,
        S::Resolved => Key::TermResolved,
        S::Closed => Key::TermClosed,
        S::Unknown => return None,
    };
    let date = m.deadline.as_deref().map(date).unwrap_or_default();
    Some(fill(l.text(key), &[("name", &handler), ("date", &date), ("days", &REOPEN_DAYS.to_string())]))
}

/// 民生小事 / 重大议题 in one line, with the backend's time limit when it says it.
pub fn track_line(track: Lane, limits: Option<&TimeLimits>, l: Lang) -> Option<String> {
    let (with_days, plain, days) = match track {
        Lane::Fast => (Key::TermFastDays, Key::TermFast, limits.map_or(0, |x| x.fast_days)),
        Lane::Major => (Key::TermMajorDays, Key::TermMajor, limits.map_or(0, |x| x.major_days)),
        Lane::Unknown => return None,
    };
    Some(if days > 0 { fill(l.text(with_days), &[("n", &days.to_string())]) } else { l.text(plain).to_string() })
}

fn ms(rfc3339: &str) -> f64 {
    js_sys::Date::parse(rfc3339)
}

#[component]
pub fn MessagePage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let loaded = Loader::new(move || crate::api::endpoints::message(&id.get()));
    // The message as the backend answered an action on this page (newer than the load).
    let changed = RwSignal::new(None::<Message>);
    let session = SessionState::get();
    // A sign-in or sign-out changes what the viewer may see and do.
    let mut seen_user = None;
    effect(move || {
        let user = session.user().map(|u| u.id);
        if seen_user.as_ref().is_some_and(|u| *u != user) {
            changed.set(None);
            loaded.refetch();
        }
        seen_user = Some(user);
    });
    effect(move || {
        id.track();
        changed.set(None);
    });
    // Opening a message reads its alerts (once the device knows which are unread).
    if let Some(alerts) = crate::state::alerts::Alerts::get() {
        let mut done_for = None::<String>;
        effect(move || {
            let Some(Ok(m)) = loaded.get() else { return };
            if done_for.as_deref() == Some(m.id.as_str()) {
                return;
            }
            let Some(unread) = alerts.unread_about(&m.id) else { return };
            done_for = Some(m.id.clone());
            for id in unread {
                leptos::task::spawn_local(async move {
                    let _ = crate::state::alerts::mark_read(id).await;
                });
            }
        });
    }
    let title = t(Key::MvTitle);
    let lang = lang();
    let doc_title = Signal::derive(move || match loaded.get() {
        Some(Ok(m)) => m.title,
        _ => String::new(),
    });
    let retry = Callback::new(move |_| {
        changed.set(None);
        loaded.refetch();
    });
    let on_change = Callback::new(move |m: Message| changed.set(Some(m)));
    // The comments of a public message, below it: outside the message's view, so that an
    // action on the message (which shows it again) keeps the thread as it is.
    // The thread is that of the public board: a public message once it is triaged (one still
    // waiting for triage is not on the board, and the backend takes no comments on it).
    let public = Memo::new(move |_| match changed.get().map(Ok).or_else(|| loaded.get()) {
        Some(Ok(m)) if m.public && !matches!(m.status, MessageStatus::Submitted | MessageStatus::Unknown) => Some(m.id),
        _ => None,
    });
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) doc_title=doc_title back_to="/messages" heading=false/>
        {move || match changed.get().map(Ok).or_else(|| loaded.get()) {
            None => view! { <SkeletonDetail/> }.into_any(),
            Some(Err(e)) if e.is_not_found() => view! {
                <div class="page-pad" role="alert">
                    <h1 class=css::title>{t(Key::MvNotFound)}</h1>
                    <p><a href="messages">{t(Key::MessagesTitle)}</a>" · "<a href="board">{t(Key::BoardTitle)}</a></p>
                </div>
            }
            .into_any(),
            Some(Err(e)) => view! { <ErrorState error=e on_retry=retry/> }.into_any(),
            Some(Ok(m)) => {
                // Its texts are in the language of the moment: shown again when it changes.
                lang.track();
                view! { <MessageView message=m on_change=on_change/> }.into_any()
            }
        }}
        {move || public.get().map(|id| view! { <Comments kind=contract::TargetKind::Message id=id/> })}
    }
}

/// A message as its page shows it (below the top bar). `practice`: the message of a practice
/// run (模拟实操, `pages::training::sandbox`), handled in the same screen with the run's
/// endpoints (see `HandlingPanel`).
#[component]
pub fn MessageView(message: Message, on_change: Callback<Message>, #[prop(optional)] practice: bool) -> impl IntoView {
    let l = lang().get_untracked();
    let m = message.clone();
    let status = m.status;
    let can = m.can.clone();
    let reopen_open = can.reopen && m.reopen_until.as_deref().is_none_or(|u| ms(u) > js_sys::Date::now());
    let id = m.id.clone();
    let finished = matches!(status, MessageStatus::Resolved | MessageStatus::Closed);
    let answered = m.replies.iter().any(progress::is_answer);
    view! {
        <article class=css::detail>
            <h1 class=css::title>{m.title.clone()}</h1>
            <p class=css::badges>
                <span class=format!("{} {}", cards::status, message_status_class(status))>{t(message_status_label(status))}</span>
                {m.overdue.then(|| view! { <span class=cards::overdue>{t(Key::MsgOverdue)}</span> })}
            </p>
            {status_line(&m, l, |d| format::date_time(d, l)).map(|s| view! { <p class=mp::now>{s}</p> })}
        </article>
        {latest_answer(&m.replies).cloned().map(|r| {
            let at = r.at.clone();
            let who = format!("{} · {}", r.from.name, l.text(crate::components::cards::role_label(r.from.role)));
            view! {
                <section class=format!("{} {}", css::section, mp::latest) aria-labelledby="msg-latest">
                    <h2 id="msg-latest">{t(Key::MvLatestAnswer)}</h2>
                    <p class=css::small>{who}" · "<time datetime=at.clone()>{format::date_time(&at, l)}</time></p>
                    <p class=mp::answer>{r.body}</p>
                    {(m.replies.len() > 1).then(|| view! {
                        <p class=mp::more><a href="#msg-replies">{fill(l.text(Key::MvAllReplies), &[("n", &m.replies.len().to_string())])}</a></p>
                    })}
                </section>
            }
        })}
        <ProgressSection message=m.clone()/>
        {can.rate.then(|| view! { <RatingForm id=id.clone() on_change=on_change/> })}
        {reopen_open.then(|| view! { <ReopenForm id=id.clone() until=m.reopen_until.clone() on_change=on_change/> })}
        {can.follow_up.then(|| view! { <FollowUp id=id.clone() answered=answered on_change=on_change/> })}
        <Content message=m.clone()/>
        {(!m.plan.is_empty()).then(|| {
            let marks = step_marks(&m.plan, finished);
            view! {
                <section class=css::section aria-labelledby="msg-plan">
                    <h2 id="msg-plan">{t(Key::MvPlan)}</h2>
                    <p class=mp::term>{t(Key::TermPlan)}</p>
                    <ol class=css::plan>
                        {m.plan.iter().zip(marks).map(|(s, mark)| {
                            let due = s.due_at.clone();
                            let state = match mark {
                                StepMark::Done => view! {
                                    <span class=css::done>{"✓ "}{t(Key::MvPlanDone)}{s.done_at.clone().map(|d| view! { " "{format::date(&d, l)} })}</span>
                                }.into_any(),
                                StepMark::Overdue => view! { <span class=css::late>{"! "}{t(Key::MvPlanOverdue)}</span> }.into_any(),
                                StepMark::Underway => view! { <span class=mp::underway>{t(Key::MvPlanPending)}</span> }.into_any(),
                                StepMark::NotStarted => view! { <span class=css::small>{t(Key::MvPlanNotStarted)}</span> }.into_any(),
                                StepMark::Unfinished => view! { <span class=css::small>{t(Key::MvPlanUnfinished)}</span> }.into_any(),
                            };
                            view! {
                                <li>
                                    <span><strong>{s.title.clone()}</strong>
                                        <span class=css::small>{fill(l.text(Key::MvPlanDue), &[("date", &format::date(&due, l))])}</span>
                                    </span>
                                    {state}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                </section>
            }
        })}
        {(!m.replies.is_empty()).then(|| view! {
            <section class=css::section aria-labelledby="msg-replies">
                <h2 id="msg-replies">{t(Key::MvConversation)}</h2>
                <ol class=css::convo>
                    {m.replies.iter().map(|r| {
                        let from_author = !progress::is_answer(r);
                        let at = r.at.clone();
                        let who = format!("{} · {}", r.from.name, l.text(crate::components::cards::role_label(r.from.role)));
                        view! {
                            <li class=format!("{} {}", css::bubble, if from_author { css::from_author } else { css::from_handler })>
                                <span class=css::small>{who}" · "{format::date_time(&at, l)}</span>
                                {r.body.clone()}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </section>
        })}
        {m.rating.clone().map(|r| view! {
            <section class=css::section aria-labelledby="msg-rating">
                <h2 id="msg-rating">{t(Key::MvRating)}</h2>
                <p>
                    <span aria-hidden="true" class=css::star_on>{"★".repeat(r.stars.min(5) as usize)}</span>
                    <span aria-hidden="true">{"☆".repeat(5 - r.stars.min(5) as usize)}</span>
                    " "{fill(l.text(Key::RatingStars), &[("n", &r.stars.to_string())])}
                </p>
                {r.comment.map(|c| view! { <p class=css::body>{c}</p> })}
            </section>
        })}
        <HandlingPanel message=message on_change=on_change practice=practice/>
        {(!m.timeline.is_empty()).then(|| view! { <Log message=m.clone()/> })}
    }
}

/// 办理进度: the milestones (a list; the current one `aria-current="step"`), then what the
/// deadline is for and the time left.
#[component]
fn ProgressSection(message: Message) -> impl IntoView {
    let l = lang().get_untracked();
    let m = message;
    let p = progress(m.status, &m.created_at, &m.timeline);
    let due = due(m.status, m.track).zip(m.deadline.clone());
    let overdue = m.overdue;
    view! {
        <section class=css::section aria-labelledby="msg-progress">
            <h2 id="msg-progress">{t(Key::MvProgress)}</h2>
            {p.reopened.then(|| view! { <p class=mp::term>{t(Key::MvReopenedRound)}</p> })}
            <ol class=mp::steps>
                {p.milestones.iter().map(|s| {
                    let (class, mark, state) = match s.mark {
                        Mark::Done => (mp::step_done, "✓", Key::MvStepDone),
                        Mark::Current => (mp::step_current, "●", Key::MvStepCurrent),
                        Mark::Ahead => (mp::step_ahead, "○", Key::MvStepAhead),
                    };
                    let name = if s.stage == Stage::Submitted && p.reopened { Key::StageResubmitted } else { stage_label(s.stage) };
                    view! {
                        <li class=format!("{} {}", mp::step, class) aria-current=(s.mark == Mark::Current).then_some("step")>
                            <span class=mp::dot aria-hidden="true">{mark}</span>
                            <span class=mp::step_name>{t(name)}<span class="visually-hidden">{"（"}{t(state)}{"）"}</span></span>
                            {s.at.clone().map(|at| view! { <time class=mp::step_at datetime=at.clone()>{format::date_time(&at, l)}</time> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            {due.map(|(kind, d)| {
                let key = match kind {
                    Due::Triage => Key::MvDueTriage,
                    Due::Answer => Key::MvDueAnswer,
                    Due::Resolve => Key::MvDueResolve,
                };
                let left = if overdue { TimeLeft::Overdue } else { time_left(js_sys::Date::now(), ms(&d)) };
                view! {
                    <p class=mp::due>
                        <strong>{t(Key::MvDeadline)}</strong>" "
                        <time datetime=d.clone()>{fill(l.text(key), &[("date", &format::date_time(&d, l))])}</time>
                        " · "
                        <strong class=if matches!(left, TimeLeft::Overdue) { css::late } else { "" }>{time_left_text(left, l)}</strong>
                    </p>
                }
            })}
        </section>
    }
}

/// 留言内容: whom it is to, who handles it, the track and whether it is public (each with
/// its one-line explanation), when it was sent, the place, the text and the photos.
#[component]
fn Content(message: Message) -> impl IntoView {
    let l = lang().get_untracked();
    let m = message;
    let author = m.author.clone();
    let viewing = RwSignal::new(None::<usize>);
    let photos = m.photos.clone();
    let to_label = if m.recipient.kind == HandlerKind::Department { Key::MvToDepartment } else { Key::MvToDeputy };
    let created = m.created_at.clone();
    view! {
        <section class=css::section aria-labelledby="msg-content">
            <h2 id="msg-content">{t(Key::MvContent)}</h2>
            <dl class=css::facts>
                <dt>{t(to_label)}</dt><dd>{m.recipient.name.clone()}</dd>
                {m.handler.clone().filter(|h| h.name != m.recipient.name || h.kind != m.recipient.kind).map(|h| view! {
                    <dt>{t(Key::MvHandler)}</dt><dd>{h.name}</dd>
                })}
                {m.track.map(|tr| view! {
                    <dt>{t(Key::MvTrack)}</dt>
                    <dd>{t(track_label(tr))}{track_line(tr, m.time_limits.as_ref(), l).map(|s| view! { <span class=mp::term>{s}</span> })}</dd>
                })}
                {m.category.clone().map(|c| view! { <dt>{t(Key::ComposeCategory)}</dt><dd>{c.name}</dd> })}
                <dt>{t(Key::MvVisibility)}</dt>
                <dd>
                    {t(if m.public { Key::MvPublic } else { Key::MvPrivate })}
                    <span class=mp::term>{t(if m.public { Key::TermPublic } else { Key::TermPrivate })}</span>
                </dd>
                <dt>{t(Key::MvAuthor)}</dt>
                <dd>{author.name.clone()}{author.is_you.then(|| view! { " "{t(Key::MvYou)} })}</dd>
                <dt>{t(Key::MvSentAt)}</dt>
                <dd><time datetime=created.clone()>{format::date_time(&created, l)}</time></dd>
                {m.location.clone().filter(|p| !p.label.trim().is_empty() || p.lat.is_some()).map(|p| view! {
                    <dt>{t(Key::MvLocation)}</dt>
                    <dd>{if p.label.trim().is_empty() { l.text(Key::ComposeLocationAttached).to_string() } else { p.label }}</dd>
                })}
            </dl>
            <p class=css::body>{m.body.clone()}</p>
            {(!photos.is_empty()).then(|| view! {
                <ul class=css::photos aria-label=t(Key::ComposePhotos)>
                    {photos.iter().enumerate().map(|(i, p)| {
                        let alt = if p.alt.is_empty() { fill(l.text(Key::ComposePhotoAlt), &[("n", &(i + 1).to_string())]) } else { p.alt.clone() };
                        let label = fill(l.text(Key::MvPhotoOpen), &[("n", &(i + 1).to_string())]);
                        view! {
                            <li class=css::photo>
                                <button type="button" class=css::photo_btn aria-label=label on:click=move |_| viewing.set(Some(i))>
                                    <SafeImage url=p.url.clone() alt=alt/>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            {move || viewing.get().and_then(|i| photos.get(i).cloned()).map(|p| view! {
                <div class=css::viewer role="dialog" aria-modal="true" aria-label=t(Key::MvPhotoViewer)
                    on:keydown=move |ev| if ev.key() == "Escape" { viewing.set(None) }>
                    <SafeImage url=p.url alt=p.alt eager=true/>
                    <button type="button" class="btn" autofocus=true on:click=move |_| viewing.set(None)>{t(Key::MvPhotoClose)}</button>
                </div>
            })}
        </section>
    }
}

/// 办理经过: every entry of the timeline, folded (the handlers' record; the milestones above
/// tell the same story plainly).
#[component]
fn Log(message: Message) -> impl IntoView {
    let l = lang().get_untracked();
    let entries = message.timeline;
    let n = entries.len();
    view! {
        <section class=css::section aria-labelledby="msg-timeline">
            <details class=mp::log>
                <summary>
                    <h2 id="msg-timeline" class=mp::log_title>{t(Key::MvTimeline)}</h2>
                    <span class=css::small>{fill(l.text(Key::MvTimelineCount), &[("n", &n.to_string())])}</span>
                </summary>
                <p class=mp::term>{t(Key::TermTimeline)}</p>
                <ol class=css::timeline>
                    {entries.into_iter().map(|e| {
                        let at = e.at.clone();
                        let who = if e.actor.name.is_empty() { String::new() } else { format!("{}（{}）", e.actor.name, l.text(crate::components::cards::role_label(e.actor.role))) };
                        // A status change says what the status became; other entries name it after.
                        let what = match (e.kind, e.status) {
                            (TimelineKind::StatusChanged, Some(s)) => fill(l.text(Key::TlStatusTo), &[("status", l.text(message_status_label(s)))]),
                            (k, Some(s)) => fill(l.text(Key::TlWithStatus), &[("what", l.text(timeline_label(k))), ("status", l.text(message_status_label(s)))]),
                            (k, None) => l.text(timeline_label(k)).to_string(),
                        };
                        view! {
                            <li>
                                <time class=css::small datetime=at.clone()>{format::date_time(&at, l)}</time>
                                <strong>{what}</strong>
                                {(!who.is_empty()).then(|| view! { <span class=css::small>{who}</span> })}
                                {e.internal.then(|| view! { <span class=mp::internal>{t(Key::TlInternalOnly)}</span> })}
                                {e.note.map(|n| view! { <span class=mp::note>{n}</span> })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </details>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::{Actor, HandlerRef, Role};

    #[test]
    fn time_left_texts() {
        assert_eq!(time_left_text(TimeLeft::Overdue, Lang::Zh), "已超期");
        assert_eq!(time_left_text(TimeLeft::Days(2, 3), Lang::Zh), "还剩 2 天 3 小时");
        assert_eq!(time_left_text(TimeLeft::Hours(5), Lang::Zh), "还剩 5 小时");
        assert_eq!(time_left_text(TimeLeft::Minutes(20), Lang::En), "20 min left");
    }

    #[test]
    fn each_track_is_explained_with_the_backends_time_limit() {
        let limits = TimeLimits { triage_days: 1, fast_days: 5, major_days: 30 };
        let fast = track_line(Lane::Fast, Some(&limits), Lang::Zh).unwrap();
        assert!(fast.starts_with("民生小事") && fast.contains("5 天内答复"), "{fast}");
        let major = track_line(Lane::Major, Some(&limits), Lang::Zh).unwrap();
        assert!(major.starts_with("重大议题") && major.contains("30 天内办结"), "{major}");
        // an older backend that does not say: explained without a number
        let plain = track_line(Lane::Fast, None, Lang::Zh).unwrap();
        assert!(plain.starts_with("民生小事") && !plain.chars().any(|c| c.is_ascii_digit()), "{plain}");
        let zero = TimeLimits { fast_days: 0, ..limits };
        assert_eq!(track_line(Lane::Fast, Some(&zero), Lang::Zh), Some(plain));
        assert_eq!(track_line(Lane::Unknown, Some(&limits), Lang::Zh), None);
        assert!(track_line(Lane::Major, Some(&limits), Lang::En).unwrap().contains("30 days"));
    }

    fn msg(status: MessageStatus, you: bool) -> Message {
        Message {
            status,
            recipient: HandlerRef { kind: HandlerKind::Deputy, id: "d".into(), name: "陈志强".into() },
            author: Actor { name: "王秀英".into(), role: Role::Citizen, is_you: you },
            ..Default::default()
        }
    }

    #[test]
    fn every_status_is_explained_in_one_line_and_closed_differs_from_resolved() {
        use MessageStatus as S;
        for &s in S::ALL {
            for you in [true, false] {
                let line = status_line(&msg(s, you), Lang::Zh, str::to_string).unwrap_or_else(|| panic!("{s:?}"));
                assert!(line.starts_with(Lang::Zh.text(message_status_label(s))), "{s:?}: {line}");
                assert!(!line.contains('{') && !line.contains('\n'), "{s:?}: {line}");
            }
        }
        assert_eq!(status_line(&msg(S::Unknown, true), Lang::Zh, str::to_string), None);
        let resolved = status_line(&msg(S::Resolved, true), Lang::Zh, str::to_string).unwrap();
        let closed = status_line(&msg(S::Closed, true), Lang::Zh, str::to_string).unwrap();
        assert!(resolved.contains("评价"), "{resolved}");
        assert!(closed.contains("7 天内"), "{closed}");
        assert!(status_line(&msg(S::InProgress, true), Lang::Zh, str::to_string).unwrap().contains("陈志强"), "names who handles it");
        // the author is spoken to, others are not
        assert!(status_line(&msg(S::Resolved, true), Lang::Zh, str::to_string).unwrap().contains('您'));
        assert!(!status_line(&msg(S::Resolved, false), Lang::Zh, str::to_string).unwrap().contains('您'));
        let mut due = msg(S::Submitted, true);
        due.deadline = Some("2026-12-01T15:59:59Z".into());
        let line = status_line(&due, Lang::Zh, |d| format!("<{d}>")).unwrap();
        assert!(line.contains("<2026-12-01T15:59:59Z> 前"), "the triage deadline: {line}");
    }
}
