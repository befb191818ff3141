//! A comment thread (评论; 征求意见 on policy explainers) under an article or a public message:
//! the count and the target's like, 最新 / 最热, top-level comments with their first replies
//! ("查看全部 N 条回复"), one reply composer open at a time, and the composer of a new comment —
//! a draft kept on the device (`state::drafts`, one `Idempotency-Key` per draft, kept over
//! retries and reloads). What a comment shows and the rules of its actions are in [`rules`].
//!
//! Each comment is a signal of its own in the list (a `For` keyed by id), so that an edit, a
//! like or a deletion changes that comment only and an open panel or the focus stays put.

mod like;
pub mod rules;

use contract::{Comment, CommentEdit, CommentSort, NewComment, NewReport, ReportReason, TargetKind, COMMENT_MAX};
use leptos::prelude::*;

pub use self::like::LikeButton;
use self::rules::{check_report, counts, delete_in_place, failure_text, minutes_left, new_ones, shown, Shown};
use crate::api::{self, endpoints, ApiError, Canceller};
use crate::components::cards::role_label;
use crate::components::form::{api_errors, focus, focus_first_invalid, form_of, Control, Errors, Field, FieldError, FormError, Value};
use crate::components::states::{sign_in_href, EmptyState, ErrorState, SkeletonList};
use crate::format;
use crate::i18n::{fill, lang, t, Key, Lang};
use crate::state::drafts::{self, Draft, Text};
use crate::state::effect;
use crate::state::outbox::char_count;
use crate::state::session::SessionState;
use crate::state::storage;

stylance::import_crate_style!(pub css, "src/components/comments/comments.module.css");

/// What the comments of one target share.
#[derive(Clone, Copy)]
struct Thread {
    kind: TargetKind,
    target: StoredValue<String>,
    /// The public count in the heading (`None` until known).
    count: RwSignal<Option<u32>>,
    /// The one open reply composer: (thread, the comment answered, its author's name).
    replying: RwSignal<Option<(String, String, String)>>,
    /// The comment whose panel (edit, delete, report) is open: one at a time, so that the ids
    /// of its fields are unique on the page.
    open: RwSignal<Option<String>>,
}

impl Thread {
    fn add(self, c: &Comment, delta: i32) {
        if counts(c) {
            self.count.update(|n| *n = n.map(|n| n.saturating_add_signed(delta)));
        }
    }
}

fn sort_label(s: CommentSort) -> Key {
    if s == CommentSort::Top { Key::CmSortTop } else { Key::CmSortNewest }
}

pub fn reason_label(r: ReportReason) -> Key {
    match r {
        ReportReason::Spam => Key::CmReasonSpam,
        ReportReason::Abuse => Key::CmReasonAbuse,
        ReportReason::OffTopic => Key::CmReasonOffTopic,
        ReportReason::PersonalData => Key::CmReasonPersonalData,
        ReportReason::Other | ReportReason::Unknown => Key::CmReasonOther,
    }
}

const REASONS: [ReportReason; 5] =
    [ReportReason::Spam, ReportReason::Abuse, ReportReason::OffTopic, ReportReason::PersonalData, ReportReason::Other];

/// The comments of `kind`/`id`; `policy`: a policy explainer (征求意见: said in the heading);
/// `closed`: discussion has ended (a closed 议事 topic): no composer, a note says so.
#[component]
pub fn Comments(kind: TargetKind, id: String, #[prop(optional)] policy: bool, #[prop(optional)] closed: bool) -> impl IntoView {
    let thread = Thread {
        kind,
        target: StoredValue::new(id.clone()),
        count: RwSignal::new(None),
        replying: RwSignal::new(None),
        open: RwSignal::new(None),
    };
    provide_context(thread);
    let kind_str = kind.as_str();
    let reactions = crate::state::loader::Loader::new(move || endpoints::likes(kind_str, &thread.target.get_value()));
    effect(move || {
        if let Some(Ok(r)) = reactions.get() {
            thread.count.set(Some(r.comment_count));
        }
    });
    let sort = RwSignal::new(CommentSort::Newest);
    let items = RwSignal::new(Vec::<RwSignal<Comment>>::new());
    let next = RwSignal::new(None::<String>);
    // None: loading the first page; Some(Err): it failed; Some(Ok): shown.
    let phase = RwSignal::new(None::<Result<(), ApiError>>);
    let more = RwSignal::new(None::<Result<(), ApiError>>);
    let loading_more = RwSignal::new(false);
    let generation = RwSignal::new(0u32);
    let canceller = Canceller::for_owner();
    let load_fn = move |cursor: Option<String>| {
        let gen = generation.get_untracked();
        let first = cursor.is_none();
        let c = canceller.clone();
        let ep = endpoints::comments(Some(kind_str), Some(&thread.target.get_value()), Some(sort.get_untracked().as_str()), cursor.as_deref(), None);
        leptos::task::spawn_local(async move {
            let result = api::fetch(ep, &c).await;
            if c.is_cancelled() || generation.try_get_untracked() != Some(gen) {
                return;
            }
            loading_more.set(false);
            match result {
                Ok(page) => {
                    let shown: Vec<String> = items.with_untracked(|v| v.iter().map(|s| s.with_untracked(|c| c.id.clone())).collect());
                    let fresh = new_ones(&shown, page.items);
                    items.update(|v| v.extend(fresh.into_iter().map(RwSignal::new)));
                    next.set(page.next_cursor);
                    phase.set(Some(Ok(())));
                    more.set(None);
                    if first {
                        request_animation_frame(show_linked);
                    }
                }
                Err(e) if first => phase.set(Some(Err(e))),
                Err(e) => more.set(Some(Err(e))),
            }
        });
    };
    // (the canceller is not `Send`: kept here, called through a copyable handle)
    let load_fn = StoredValue::new_local(load_fn);
    let load = move |cursor: Option<String>| load_fn.with_value(|f| f(cursor));
    let restart = move || {
        generation.update(|g| *g = g.wrapping_add(1));
        items.set(Vec::new());
        next.set(None);
        phase.set(None);
        more.set(None);
        load(None);
    };
    effect(move || {
        sort.track();
        restart();
    });
    let on_posted = Callback::new(move |c: Comment| {
        thread.add(&c, 1);
        items.update(|v| v.insert(0, RwSignal::new(c)));
    });
    let lang = lang();
    let title = match (kind, policy) {
        (TargetKind::Course, _) => Key::CmTitleCourse,
        (_, true) => Key::CmTitlePolicy,
        _ => Key::CmTitle,
    };
    let sort_button = move |s: CommentSort| view! {
        <button type="button" class=css::sort aria-pressed=move || if sort.get() == s { "true" } else { "false" }
            on:click=move |_| if sort.get_untracked() != s { sort.set(s) }>{t(sort_label(s))}</button>
    };
    view! {
        <section class=css::thread id="comments" aria-labelledby="comments-title">
            <div class=css::head>
                <h2 id="comments-title" class=css::title>
                    {t(title)}
                    {move || thread.count.get().map(|n| view! { " "<span class=css::count>{fill(lang.get().text(Key::CmCount), &[("n", &n.to_string())])}</span> })}
                </h2>
                {move || reactions.get().and_then(Result::ok).map(|r| view! {
                    <LikeButton kind=kind id=thread.target.get_value() liked=r.liked count=r.like_count/>
                })}
            </div>
            {policy.then(|| view! { <p class=css::hint>{t(Key::CmHintPolicy)}</p> })}
            {(kind == TargetKind::Course).then(|| view! { <p class=css::hint>{t(Key::CmHintCourse)}</p> })}
            {if closed {
                view! { <p class=css::hint>{t(Key::CmClosed)}</p> }.into_any()
            } else {
                view! { <Composer reply_to=None on_posted=on_posted/> }.into_any()
            }}
            <div class=css::sorts role="group" aria-label=t(Key::CmSort)>
                {sort_button(CommentSort::Newest)}
                {sort_button(CommentSort::Top)}
            </div>
            {move || match phase.get() {
                None => view! { <SkeletonList count=2/> }.into_any(),
                Some(Err(e)) => view! { <ErrorState error=e on_retry=Callback::new(move |_| restart()) inline=true/> }.into_any(),
                Some(Ok(())) => (items.with(Vec::is_empty))
                    .then(|| view! { <EmptyState message=Signal::derive(move || lang.get().text(Key::CmEmpty).to_string())/> })
                    .into_any(),
            }}
            <ul class=css::list>
                <For each=move || items.get() key=|c| c.with_untracked(|c| c.id.clone()) let:c>
                    <li><TopComment comment=c/></li>
                </For>
            </ul>
            {move || match more.get() {
                Some(Err(e)) => Some(view! { <ErrorState error=e on_retry=Callback::new(move |_| {
                    loading_more.set(true);
                    load(next.get_untracked());
                }) inline=true/> }.into_any()),
                _ => next.get().filter(|_| matches!(phase.get(), Some(Ok(())))).map(|cursor| view! {
                    <button type="button" class="btn" disabled=move || loading_more.get() on:click=move |_| {
                        loading_more.set(true);
                        load(Some(cursor.clone()));
                    }>{t(Key::CmMore)}</button>
                }.into_any()),
            }}
        </section>
    }
}

/// An alert's link (`…#comment-<id>`, a reply in that thread) scrolls to the comment once the
/// thread is shown.
fn show_linked() {
    let Some(w) = web_sys::window() else { return };
    let hash = w.location().hash().unwrap_or_default();
    let Some(id) = hash.strip_prefix('#').filter(|h| h.starts_with("comment-")) else { return };
    if let Some(el) = w.document().and_then(|d| d.get_element_by_id(id)) {
        el.scroll_into_view();
    }
}

/// A top-level comment with its replies and, when open, the reply composer of its thread.
#[component]
fn TopComment(comment: RwSignal<Comment>) -> impl IntoView {
    let thread = expect_context::<Thread>();
    let id = comment.with_untracked(|c| c.id.clone());
    let replies = RwSignal::new(comment.with_untracked(|c| c.replies.iter().cloned().map(RwSignal::new).collect::<Vec<_>>()));
    let loading = RwSignal::new(false);
    let failed = RwSignal::new(None::<ApiError>);
    let all_id = id.clone();
    let load_all = move || {
        loading.set(true);
        failed.set(None);
        let id = all_id.clone();
        leptos::task::spawn_local(async move {
            let mut cursor: Option<String> = None;
            let mut got = Vec::new();
            // every page of the thread (a thread is short: at most a few pages)
            for _ in 0..20 {
                match api::fetch(endpoints::comment_replies(&id, cursor.as_deref(), Some("50")), &Canceller::default()).await {
                    Ok(page) => {
                        got.extend(page.items);
                        cursor = page.next_cursor;
                        if cursor.is_none() {
                            break;
                        }
                    }
                    Err(e) => {
                        loading.try_set(false);
                        failed.try_set(Some(e));
                        return;
                    }
                }
            }
            loading.try_set(false);
            let n = got.len() as u32;
            replies.try_set(got.into_iter().map(RwSignal::new).collect());
            comment.try_update(|c| c.reply_count = c.reply_count.max(n));
        });
    };
    let posted_to = id.clone();
    let on_posted = Callback::new(move |c: Comment| {
        thread.add(&c, 1);
        replies.update(|v| v.push(RwSignal::new(c)));
        comment.update(|t| t.reply_count += 1);
        thread.replying.set(None);
        let _ = &posted_to;
    });
    let lang = lang();
    let thread_id = id.clone();
    let composer = move || {
        let open = thread.replying.get().filter(|(t, _, _)| *t == thread_id);
        open.map(|(_, to, name)| view! { <Composer reply_to=Some((to, name)) on_posted=on_posted/> })
    };
    let load_all = StoredValue::new_local(load_all);
    view! {
        <CommentView comment=comment thread_id=id.clone()/>
        <ul class=css::replies>
            <For each=move || replies.get() key=|c| c.with_untracked(|c| c.id.clone()) let:r>
                <li><CommentView comment=r thread_id=id.clone()/></li>
            </For>
        </ul>
        {move || {
            let total = comment.with(|c| c.reply_count);
            let shown = replies.with(Vec::len) as u32;
            (total > shown).then(|| view! {
                <button type="button" class=css::link disabled=move || loading.get() on:click=move |_| load_all.with_value(|f| f())>
                    {fill(lang.get().text(Key::CmRepliesAll), &[("n", &total.to_string())])}
                </button>
            })
        }}
        {move || failed.get().map(|e| view! { <ErrorState error=e on_retry=Callback::new(move |_| load_all.with_value(|f| f())) inline=true/> })}
        {composer}
    }
}

/// One comment or reply: who, when, the text (or its placeholder), and what the viewer may do.
#[component]
fn CommentView(comment: RwSignal<Comment>, thread_id: String) -> impl IntoView {
    let thread = expect_context::<Thread>();
    let lang = lang();
    let gone = RwSignal::new(false);
    let panel = RwSignal::new(Panel::None);
    let reported = RwSignal::new(false);
    let placeholder = Memo::new(move |_| comment.with(|c| matches!(shown(c), Shown::Deleted | Shown::Hidden)));
    let can = Memo::new(move |_| comment.with(|c| c.can));
    let head = move || {
        comment.with(|c| {
            let l = lang.get();
            let role = matches!(c.author.role, contract::Role::Deputy | contract::Role::Staff)
                .then(|| view! { <span class=css::role>{l.text(role_label(c.author.role))}</span> });
            let created = c.created_at.clone();
            let pending = matches!(shown(c), Shown::Text { pending: true });
            // 采纳: a 议事 topic's conclusion adopted it
            let adopted = (c.adopted && !matches!(shown(c), Shown::Deleted | Shown::Hidden))
                .then(|| view! { <span class=css::adopted>{l.text(Key::CmAdopted)}</span> });
            view! {
                <p class=css::who>
                    <span class=css::name>{c.author.name.clone()}</span>
                    {role}
                    <time datetime=created.clone()>{format::relative(&created, l)}</time>
                    {c.edited_at.is_some().then(|| view! { <span>{l.text(Key::CmEdited)}</span> })}
                    {pending.then(|| view! { <span class=css::pending>{l.text(Key::CmPending)}</span> })}
                    {adopted}
                </p>
            }
        })
    };
    let body = move || {
        comment.with(|c| {
            let l = lang.get();
            let to = c.reply_to_name.clone().filter(|n| !n.is_empty()).map(|n| view! {
                <span class=css::to>{fill(l.text(Key::CmReplyTo), &[("name", &n)])}"："</span>
            });
            match shown(c) {
                Shown::Text { .. } => view! { <p class=css::text>{to}{c.body.clone()}</p> }.into_any(),
                Shown::HiddenOwn(reason) => view! {
                    <p class=css::text>{to}{c.body.clone()}</p>
                    <p class=css::note>{l.text(Key::CmHiddenOwn)}
                        {reason.map(|r| view! { " "{fill(l.text(Key::CmHiddenWhy), &[("reason", &r)])} })}
                    </p>
                }.into_any(),
                Shown::Hidden => view! { <p class=css::gone>{l.text(Key::CmHidden)}</p> }.into_any(),
                Shown::Deleted => view! { <p class=css::gone>{l.text(Key::CmDeleted)}</p> }.into_any(),
            }
        })
    };
    let thread_id = StoredValue::new(thread_id);
    let reply = move |_| {
        let (id, name) = comment.with_untracked(|c| (c.id.clone(), c.author.name.clone()));
        thread.replying.set(Some((thread_id.get_value(), id, name)));
        request_animation_frame(|| focus("reply-body"));
    };
    let edit_left = move || {
        let until = comment.with(|c| c.editable_until.clone())?;
        minutes_left(js_sys::Date::now(), js_sys::Date::parse(&until))
            .map(|m| fill(lang.get().text(Key::CmEditLeft), &[("m", &m.to_string())]))
    };
    let own_id = StoredValue::new(comment.with_untracked(|c| c.id.clone()));
    effect(move || {
        if thread.open.with(|o| o.as_ref() != Some(&own_id.get_value())) {
            panel.set(Panel::None);
        }
    });
    let toggle = move |p: Panel| {
        move |_| {
            let open = panel.get_untracked() != p;
            thread.open.set(open.then(|| own_id.get_value()));
            panel.set(if open { p } else { Panel::None });
        }
    };
    let actions = move || {
        (!placeholder.get()).then(|| {
            let (cid, liked, likes) = comment.with_untracked(|c| (c.id.clone(), c.liked, c.like_count));
            view! {
                <div class=css::actions>
                    <LikeButton kind=TargetKind::Comment id=cid liked=liked count=likes enabled=can.get_untracked().like
                        on_change=Callback::new(move |(l, n)| comment.update_untracked(|c| { c.liked = l; c.like_count = n; }))/>
                    {move || can.get().reply.then(|| view! { <button type="button" class=css::act on:click=reply>{t(Key::CmReply)}</button> })}
                    {move || can.get().edit.then(|| view! {
                        <button type="button" class=css::act aria-expanded=move || (panel.get() == Panel::Edit).to_string() on:click=toggle(Panel::Edit)>{t(Key::CmEdit)}</button>
                        <span class=css::small>{edit_left}</span>
                    })}
                    {move || can.get().delete.then(|| view! {
                        <button type="button" class=css::act aria-expanded=move || (panel.get() == Panel::Delete).to_string() on:click=toggle(Panel::Delete)>{t(Key::CmDelete)}</button>
                    })}
                    {move || can.get().report.then(|| view! {
                        <button type="button" class=css::act aria-expanded=move || (panel.get() == Panel::Report).to_string() on:click=toggle(Panel::Report)>{t(Key::CmReport)}</button>
                    })}
                </div>
            }
        })
    };
    let panels = move || match panel.get() {
        Panel::None => None,
        Panel::Edit => Some(view! { <EditForm comment=comment panel=panel/> }.into_any()),
        Panel::Delete => Some(view! { <DeleteConfirm comment=comment panel=panel gone=gone/> }.into_any()),
        Panel::Report => Some(view! { <ReportForm comment=comment panel=panel reported=reported/> }.into_any()),
    };
    view! {
        <Show when=move || !gone.get()>
            <article class=css::comment id=format!("comment-{}", own_id.get_value())>
                {head}
                {body}
                {actions}
                {panels}
                {move || reported.get().then(|| view! { <p class=css::done role="status">{t(Key::CmReported)}</p> })}
            </article>
        </Show>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Panel {
    None,
    Edit,
    Delete,
    Report,
}

/// Runs a write; `busy` while it runs; a failure goes to the form's errors (`fields` at
/// their field), said as [`failure_text`] for 429 and 403.
fn run<T: 'static>(
    call: impl std::future::Future<Output = Result<T, ApiError>> + 'static,
    busy: RwSignal<bool>,
    errs: Errors,
    (fields, form, lang): (&'static [&'static str], Option<web_sys::Element>, Lang),
    done: impl FnOnce(T) + 'static,
) {
    if busy.get_untracked() {
        return;
    }
    busy.set(true);
    errs.set(Vec::new());
    leptos::task::spawn_local(async move {
        let result = call.await;
        busy.try_set(false);
        match result {
            Ok(v) => done(v),
            Err(e) => {
                let list = if matches!(e, ApiError::Http { status: 403 | 429, .. }) {
                    vec![(String::new(), failure_text(&e, lang))]
                } else {
                    api_errors(&e, lang, &|f: &str| fields.iter().find(|x| **x == f).copied())
                };
                errs.set(list);
                focus_first_invalid(form);
            }
        }
    });
}

fn length_error(text: &str, l: Lang) -> Option<String> {
    let n = char_count(text);
    if n == 0 {
        Some(l.text(Key::CmEmptyBody).to_string())
    } else if n > COMMENT_MAX {
        Some(fill(l.text(Key::ComposeErrLong), &[("n", &COMMENT_MAX.to_string())]))
    } else {
        None
    }
}

/// 写评论 / 写回复: sign-in first; then the text with its counter, kept as a draft.
#[component]
fn Composer(reply_to: Option<(String, String)>, on_posted: Callback<Comment>) -> impl IntoView {
    let thread = expect_context::<Thread>();
    let session = SessionState::get();
    move || {
        if session.user().is_none() {
            return reply_to.is_none().then(|| view! {
                <div class=css::sign_in>
                    <p>{t(Key::CmSignIn)}</p>
                    <a class="btn btn-primary" href=sign_in_href()>{t(Key::SignInAction)}</a>
                </div>
            }.into_any());
        }
        Some(view! { <ComposerForm thread=thread reply_to=reply_to.clone() on_posted=on_posted/> }.into_any())
    }
}

#[component]
fn ComposerForm(thread: Thread, reply_to: Option<(String, String)>, on_posted: Callback<Comment>) -> impl IntoView {
    let session = SessionState::get();
    let lang = lang();
    let name = match &reply_to {
        Some((to, _)) => format!("comment.re.{to}"),
        None => format!("comment.{}.{}", thread.kind.as_str(), thread.target.get_value()),
    };
    let draft = RwSignal::new(drafts::load_text(session, &name));
    let busy = RwSignal::new(false);
    let errs = Errors::new();
    let notice = RwSignal::new(false);
    let saved_as = name.clone();
    effect(move || {
        let d = draft.get();
        if d.text.trim().is_empty() {
            drafts::clear(session, &saved_as);
        } else {
            let _ = drafts::save(session, &saved_as, &d);
        }
    });
    let value = Value::new(move || draft.with(|d| d.text.clone()), move |v| {
        draft.update(|d| d.value.text = v);
        errs.clear(&["body", ""]);
        notice.set(false);
    });
    let is_reply = reply_to.is_some();
    let to = reply_to.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = lang.get_untracked();
        let text = draft.with_untracked(|d| d.text.trim().to_string());
        if let Some(e) = length_error(&text, l) {
            errs.set(vec![("body".into(), e)]);
            focus_first_invalid(form_of(&ev));
            return;
        }
        let mut key = String::new();
        draft.update(|d| key = d.key_for_send(storage::new_key));
        let body = NewComment {
            target_kind: thread.kind,
            target_id: thread.target.get_value(),
            body: text,
            reply_to: to.as_ref().map(|(id, _)| id.clone()),
        };
        let name = name.clone();
        let call = async move { api::send(endpoints::create_comment(), &body, Some(&key), &Canceller::default()).await };
        run(call, busy, errs, (&["body"], form_of(&ev), l), move |c: Comment| {
            drafts::clear(session, &name);
            draft.set(Draft::new(Text::default()));
            notice.set(c.state == contract::CommentState::Pending);
            on_posted.run(c);
        });
    };
    let (id, label) = if is_reply { ("reply-body", Key::CmLabelReply) } else { ("comment-body", Key::CmLabel) };
    view! {
        <form class=css::composer on:submit=submit novalidate=true data-draft="">
            {reply_to.map(|(_, n)| view! { <p class=css::small>{move || fill(lang.get().text(Key::CmReplyTo), &[("name", &n)])}</p> })}
            <Field id=id field="body" errors=errs label=label control=Control::area(if is_reply { "2" } else { "3" }, value) max=COMMENT_MAX/>
            <FormError errors=errs/>
            <div class=css::actions>
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                    {move || lang.get().text(if busy.get() { Key::ComposeSending } else { Key::CmSend })}
                </button>
                {is_reply.then(|| view! { <button type="button" class="btn" on:click=move |_| thread.replying.set(None)>{t(Key::WorkCancel)}</button> })}
            </div>
            {move || notice.get().then(|| view! { <p class=css::done role="status">{t(Key::CmSentPending)}</p> })}
        </form>
    }
}

/// 修改: the author's new text, while the edit window is open.
#[component]
fn EditForm(comment: RwSignal<Comment>, panel: RwSignal<Panel>) -> impl IntoView {
    let lang = lang();
    let text = RwSignal::new(comment.with_untracked(|c| c.body.clone()));
    let busy = RwSignal::new(false);
    let errs = Errors::new();
    let value = Value::new(move || text.get(), move |v| {
        text.set(v);
        errs.clear(&["body", ""]);
    });
    request_animation_frame(|| focus("comment-edit"));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = lang.get_untracked();
        let body = text.get_untracked().trim().to_string();
        if let Some(e) = length_error(&body, l) {
            errs.set(vec![("body".into(), e)]);
            focus_first_invalid(form_of(&ev));
            return;
        }
        let id = comment.with_untracked(|c| c.id.clone());
        let call = async move { api::send(endpoints::edit_comment(&id), &CommentEdit { body }, None, &Canceller::default()).await };
        run(call, busy, errs, (&["body"], form_of(&ev), l), move |c: Comment| {
            panel.set(Panel::None);
            // the list keeps the replies it shows (an answer carries none)
            comment.update(|old| *old = Comment { replies: std::mem::take(&mut old.replies), ..c });
        });
    };
    view! {
        <form class=css::panel on:submit=submit novalidate=true>
            <Field id="comment-edit" field="body" errors=errs label=Key::CmEdit control=Control::area("3", value) max=COMMENT_MAX/>
            <FormError errors=errs/>
            <div class=css::actions>
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{t(Key::CmSave)}</button>
                <button type="button" class="btn" on:click=move |_| panel.set(Panel::None)>{t(Key::WorkCancel)}</button>
            </div>
        </form>
    }
}

/// 删除, confirmed.
#[component]
fn DeleteConfirm(comment: RwSignal<Comment>, panel: RwSignal<Panel>, gone: RwSignal<bool>) -> impl IntoView {
    let thread = expect_context::<Thread>();
    let lang = lang();
    let busy = RwSignal::new(false);
    let errs = Errors::new();
    let yes = move |_| {
        let id = comment.with_untracked(|c| c.id.clone());
        let call = async move { api::fetch(endpoints::delete_comment(&id), &Canceller::default()).await };
        run(call, busy, errs, (&[], None, lang.get_untracked()), move |()| {
            panel.set(Panel::None);
            let before = comment.get_untracked();
            thread.add(&before, -1);
            let mut keep = true;
            comment.update(|c| keep = delete_in_place(c));
            gone.set(!keep);
        });
    };
    view! {
        <div class=css::panel role="alertdialog" aria-labelledby="comment-delete-q">
            <p id="comment-delete-q">{t(Key::CmDeleteConfirm)}</p>
            <FormError errors=errs/>
            <div class=css::actions>
                <button type="button" class="btn btn-primary" disabled=move || busy.get() on:click=yes>{t(Key::CmDelete)}</button>
                <button type="button" class="btn" on:click=move |_| panel.set(Panel::None)>{t(Key::WorkCancel)}</button>
            </div>
        </div>
    }
}

/// 举报: one of five reasons, words for 其他.
#[component]
fn ReportForm(comment: RwSignal<Comment>, panel: RwSignal<Panel>, reported: RwSignal<bool>) -> impl IntoView {
    let lang = lang();
    let reason = RwSignal::new(None::<ReportReason>);
    let detail = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let errs = Errors::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = lang.get_untracked();
        let (reason, detail) = match check_report(reason.get_untracked(), &detail.get_untracked()) {
            Ok(ok) => ok,
            Err((field, key)) => {
                errs.set(vec![(field.to_string(), l.text(key).to_string())]);
                focus_first_invalid(form_of(&ev));
                return;
            }
        };
        let body = NewReport { target_kind: TargetKind::Comment, target_id: comment.with_untracked(|c| c.id.clone()), reason, detail };
        let call = async move { api::send(endpoints::report(), &body, None, &Canceller::default()).await };
        run(call, busy, errs, (&["reason", "detail"], form_of(&ev), l), move |_| {
            panel.set(Panel::None);
            reported.set(true);
            comment.update(|c| c.can.report = false);
        });
    };
    let detail_value = Value::new(move || detail.get(), move |v| {
        detail.set(v);
        errs.clear(&["detail", ""]);
    });
    view! {
        <form class=css::panel on:submit=submit novalidate=true aria-labelledby="report-title">
            <fieldset class=css::reasons id="report-reason" aria-describedby=move || errs.has("reason").then_some("report-reason-error")>
                <legend id="report-title">{t(Key::CmReportTitle)}</legend>
                {REASONS.into_iter().map(|r| view! {
                    <label class=css::reason>
                        <input type="radio" name="report-reason" value=r.as_str() prop:checked=move || reason.get() == Some(r)
                            on:change=move |_| { reason.set(Some(r)); errs.clear(&["reason", ""]); }/>
                        <span>{t(reason_label(r))}</span>
                    </label>
                }).collect_view()}
                <FieldError errors=errs field="reason" id="report-reason"/>
            </fieldset>
            <Field id="report-detail" field="detail" errors=errs label=Key::CmReportDetail control=Control::area("2", detail_value) max=contract::REPORT_DETAIL_MAX/>
            <FormError errors=errs/>
            <div class=css::actions>
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{t(Key::CmReportSend)}</button>
                <button type="button" class="btn" on:click=move |_| panel.set(Panel::None)>{t(Key::WorkCancel)}</button>
            </div>
        </form>
    }
}
