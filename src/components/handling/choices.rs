//! The choice lists of the panel (categories, deputies, departments): loaded once per panel,
//! every page, and shown as a labelled `<select>` (or its loading / failed state with a retry).

use contract::{Department, DeputySummary, HandlerKind, MessageCategory, Page};
use leptos::prelude::*;

use super::css;
use super::rules::handler_value;
use crate::api::endpoints::{self, Method};
use crate::api::{decode, fetch_raw, ApiError, Canceller};
use crate::components::form::{self, Control, Errors, Field};
use crate::i18n::{lang, t, ErrorText, Key};

/// Pages of a choice list (deputies…) read at most.
const MAX_PAGES: usize = 20;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Load {
    Idle,
    Loading,
    Ready(Vec<(String, String)>),
    Failed(ApiError),
}

type Decoded = Result<(Vec<(String, String)>, Option<String>), ApiError>;

fn page_of<T: serde::de::DeserializeOwned>(body: Result<String, ApiError>, pick: fn(T) -> (String, String)) -> Decoded {
    let page: Page<T> = decode(body)?;
    Ok((page.items.into_iter().map(pick).collect(), page.next_cursor))
}

pub(super) fn categories_page(body: Result<String, ApiError>) -> Decoded {
    page_of::<MessageCategory>(body, |c| (c.id, c.name))
}

pub(super) fn deputies_page(body: Result<String, ApiError>) -> Decoded {
    page_of::<DeputySummary>(body, |d| (d.id, d.name))
}

pub(super) fn departments_page(body: Result<String, ApiError>) -> Decoded {
    page_of::<Department>(body, |d| (d.id, d.name))
}

// The path of the page after `cursor`; `None` where the list has no further pages in the
// contract (categories and departments come in one page).
pub(super) fn categories_path(cursor: Option<&str>) -> Option<String> {
    cursor.is_none().then(|| endpoints::message_categories().path)
}

pub(super) fn deputies_path(cursor: Option<&str>) -> Option<String> {
    Some(endpoints::deputies(None, None, None, cursor).path)
}

pub(super) fn departments_path(cursor: Option<&str>) -> Option<String> {
    cursor.is_none().then(|| endpoints::departments().path)
}

/// Loads every page of a list into `sig` unless it is loaded or loading.
pub(super) fn ensure(
    sig: RwSignal<Load>,
    path: fn(Option<&str>) -> Option<String>,
    decode: fn(Result<String, ApiError>) -> Decoded,
    c: Canceller,
) {
    if !matches!(sig.get_untracked(), Load::Idle) {
        return;
    }
    sig.set(Load::Loading);
    leptos::task::spawn_local(async move {
        let mut all = Vec::new();
        let mut cursor: Option<String> = None;
        let mut outcome = Ok(());
        for _ in 0..MAX_PAGES {
            let Some(path) = path(cursor.as_deref()) else { break };
            match decode(fetch_raw(Method::Get, &path, &c).await) {
                Ok((items, next)) => {
                    all.extend(items);
                    match next {
                        Some(n) if !n.is_empty() && Some(&n) != cursor.as_ref() => cursor = Some(n),
                        _ => break,
                    }
                }
                Err(e) => {
                    outcome = Err(e);
                    break;
                }
            }
        }
        if c.is_cancelled() {
            return;
        }
        sig.try_set(match outcome {
            Ok(()) => Load::Ready(all),
            Err(e) => Load::Failed(e),
        });
    });
}

fn options(items: Vec<(String, String)>, current: &str) -> AnyView {
    items
        .into_iter()
        .map(|(id, name)| {
            let selected = id == current;
            view! { <option value=id selected=selected>{name}</option> }
        })
        .collect_view()
        .into_any()
}


/// A labelled `<select>` over a loaded choice list (or its loading / failed state with a
/// retry), with its error. One non-generic function for every choice of the panel.
#[derive(Clone, Copy)]
pub(super) struct Select {
    pub id: &'static str,
    pub label: Key,
    /// The request field its errors come under.
    pub field: &'static str,
    /// The empty first option.
    pub choose: Key,
    pub value: RwSignal<String>,
    pub errs: Errors,
    pub list: RwSignal<Load>,
    pub retry: Callback<()>,
    /// A handler choice: `list` holds deputies and this list departments, shown in two groups
    /// with `handler_value`s.
    pub departments: Option<RwSignal<Load>>,
}

pub(super) fn select_field(s: Select) -> AnyView {
    let control = Control::own(move |aria| {
        (move || match (s.list.get(), s.departments.map(|d| d.get()).unwrap_or(Load::Ready(Vec::new()))) {
            (Load::Ready(items), Load::Ready(depts)) => {
                let current = s.value.get_untracked();
                let opts = match s.departments {
                    Some(_) => {
                        let as_handlers = |kind: HandlerKind, items: Vec<(String, String)>| {
                            items.into_iter().map(|(id, name)| (handler_value(kind, &id), name)).collect::<Vec<_>>()
                        };
                        let (people, depts) = (as_handlers(HandlerKind::Deputy, items), as_handlers(HandlerKind::Department, depts));
                        view! {
                            <optgroup label=t(Key::WorkHandlerDeputies)>{options(people, &current)}</optgroup>
                            <optgroup label=t(Key::WorkHandlerDepartments)>{options(depts, &current)}</optgroup>
                        }
                        .into_any()
                    }
                    None => options(items, &current),
                };
                let opts = view! {
                    <option value="" selected=current.is_empty()>{t(s.choose)}</option>
                    {opts}
                };
                aria.select(opts.into_any(), Callback::new(move |v| s.value.set(v)))
            }
            (Load::Failed(e), _) | (_, Load::Failed(e)) => view! {
                <div class=form::css::alert role="alert">
                    <span>{t(Key::WorkOptionsFailed)}" "{move || e.message(lang().get())}</span>
                    <button type="button" class="btn" on:click=move |_| s.retry.run(())>{t(Key::ErrorRetry)}</button>
                </div>
            }
            .into_any(),
            _ => view! { <p class=css::hint role="status">{t(Key::WorkLoadingOptions)}</p> }.into_any(),
        })
        .into_any()
    });
    view! { <Field id=s.id field=s.field errors=s.errs label=s.label control=control/> }.into_any()
}
