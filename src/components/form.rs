//! Form fields and their errors, the same way in every form of the app (compose, sign-in, the
//! handling panel):
//!
//! - [`Errors`], the errors of one form by the contract's field names (`title`, `category_id`,
//!   `phone`…; the field "" holds the form's own), filled from local checks and from an API
//!   error ([`api_errors`]);
//! - [`Field`], a labelled control with an optional hint and character counter and the field's
//!   error under it: the control is `aria-invalid` while the field has an error and
//!   `aria-describedby` its hint, counter and error;
//! - [`FieldError`] (the error alone, for a group that is not one control) and [`FormError`];
//! - [`focus_first_invalid`] after a submit that found errors.
//!
//! Ids follow one rule: a control `<id>` has `<id>-hint`, `<id>-count` and `<id>-error`.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::ApiError;
use crate::i18n::{t, tf, ErrorText, Key, Lang};

stylance::import_crate_style!(pub css, "src/components/form.module.css");

/// The errors of one form: (field, message) pairs by the contract's field names, in the order
/// they were found; the field "" holds errors that belong to no field (403, network…).
#[derive(Clone, Copy)]
pub struct Errors(RwSignal<Vec<(String, String)>>);

impl Default for Errors {
    fn default() -> Self {
        Errors::new()
    }
}

impl Errors {
    pub fn new() -> Errors {
        Errors(RwSignal::new(Vec::new()))
    }

    /// The message at `field` (several are joined), tracked.
    pub fn at(self, field: &str) -> Option<String> {
        self.0.with(|list| message_at(list, field))
    }

    /// Whether `field` has an error, tracked.
    pub fn has(self, field: &str) -> bool {
        self.0.with(|list| list.iter().any(|(f, _)| f == field))
    }

    /// Replaces every error of the form.
    pub fn set(self, list: Vec<(String, String)>) {
        self.0.set(list);
    }

    /// Forgets the errors at `fields` (the user changed them).
    pub fn clear(self, fields: &[&str]) {
        self.0.update(|list| list.retain(|(f, _)| !fields.contains(&f.as_str())));
    }
}

/// The message at `field` of a list of errors: several are joined with "；", each once.
pub fn message_at(list: &[(String, String)], field: &str) -> Option<String> {
    let mut messages: Vec<&str> = Vec::new();
    for (_, m) in list.iter().filter(|(f, _)| f == field) {
        if !messages.contains(&m.as_str()) {
            messages.push(m);
        }
    }
    (!messages.is_empty()).then(|| messages.join("；"))
}

/// The errors of an API answer for a form: each field error at the field `place` gives it
/// (`None`: the form's own, ""); an empty message is replaced by the error's; an error without
/// field errors is the form's.
pub fn api_errors(e: &ApiError, lang: Lang, place: &dyn Fn(&str) -> Option<&'static str>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = e
        .field_errors()
        .iter()
        .map(|fe| {
            let text = if fe.message.trim().is_empty() { e.message(lang) } else { fe.message.clone() };
            (place(&fe.field).unwrap_or_default().to_string(), text)
        })
        .collect();
    if out.is_empty() {
        out.push((String::new(), e.message(lang)));
    }
    out
}

/// A control's value: what it shows and what an edit does.
#[derive(Clone, Copy)]
pub struct Value {
    pub get: Signal<String>,
    pub set: Callback<String>,
}

impl Value {
    pub fn new(get: impl Fn() -> String + Send + Sync + 'static, set: impl Fn(String) + Send + Sync + 'static) -> Value {
        Value { get: Signal::derive(get), set: Callback::new(set) }
    }
}

impl From<RwSignal<String>> for Value {
    fn from(v: RwSignal<String>) -> Value {
        Value { get: v.into(), set: Callback::new(move |s| v.set(s)) }
    }
}

/// What links a control to its field, for a control the form builds itself.
#[derive(Clone, Copy)]
pub struct Aria {
    /// The control's id (the label's `for`).
    pub id: &'static str,
    field: &'static str,
    errors: Errors,
    hint: bool,
    count: bool,
}

impl Aria {
    /// `aria-invalid`: "true" while the field has an error.
    pub fn invalid(self) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || if self.errors.has(self.field) { "true" } else { "false" }
    }

    /// `aria-describedby`: the counter, the hint and the error (while there is one).
    pub fn described_by(self) -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
        move || {
            let mut ids: Vec<String> = Vec::new();
            if self.count {
                ids.push(format!("{}-count", self.id));
            }
            if self.hint {
                ids.push(format!("{}-hint", self.id));
            }
            if self.errors.has(self.field) {
                ids.push(format!("{}-error", self.id));
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    }

    /// A `<select>` of `options` (`<option>`s, `<optgroup>`s); `on_change` gets the value chosen.
    pub fn select(self, options: AnyView, on_change: Callback<String>) -> AnyView {
        view! {
            <select
                id=self.id
                class=css::input
                aria-invalid=self.invalid()
                aria-describedby=self.described_by()
                on:change=move |ev| on_change.run(event_target_value(&ev))
            >
                {options}
            </select>
        }
        .into_any()
    }
}

/// The control of a [`Field`].
pub enum Control {
    /// An `<input type=kind>` (`text`, `date`…); `min` for a date.
    Input { kind: &'static str, value: Value, min: Option<String>, autocomplete: Option<&'static str> },
    /// A `<textarea>` of `rows` rows.
    Area { rows: &'static str, value: Value },
    /// A control the form builds from the field's [`Aria`] (a `<select>` of a list that is still
    /// loading, an input with a button beside it…).
    Own(Box<dyn FnOnce(Aria) -> AnyView>),
}

impl Control {
    /// A text input.
    pub fn text(value: impl Into<Value>) -> Control {
        Control::Input { kind: "text", value: value.into(), min: None, autocomplete: None }
    }

    pub fn area(rows: &'static str, value: impl Into<Value>) -> Control {
        Control::Area { rows, value: value.into() }
    }

    pub fn own(build: impl FnOnce(Aria) -> AnyView + 'static) -> Control {
        Control::Own(Box::new(build))
    }

    fn value(&self) -> Option<Value> {
        match self {
            Control::Input { value, .. } | Control::Area { value, .. } => Some(*value),
            Control::Own(_) => None,
        }
    }

    fn view(self, aria: Aria) -> AnyView {
        let input = |value: Value| move |ev: leptos::ev::Event| value.set.run(event_target_value(&ev));
        match self {
            Control::Input { kind, value, min, autocomplete } => view! {
                <input
                    id=aria.id
                    class=css::input
                    type=kind
                    min=min
                    autocomplete=autocomplete
                    aria-invalid=aria.invalid()
                    aria-describedby=aria.described_by()
                    prop:value=move || value.get.get()
                    on:input=input(value)
                    on:change=input(value)
                />
            }
            .into_any(),
            Control::Area { rows, value } => view! {
                <textarea
                    id=aria.id
                    class=css::input
                    rows=rows
                    aria-invalid=aria.invalid()
                    aria-describedby=aria.described_by()
                    prop:value=move || value.get.get()
                    on:input=input(value)
                ></textarea>
            }
            .into_any(),
            Control::Own(build) => build(aria),
        }
    }
}

/// A form field: its label, its control, an optional hint and character counter, what the
/// form adds (`children`), and the field's error.
#[component]
pub fn Field(
    /// The control's id; the hint, counter and error are `<id>-hint`, `<id>-count`, `<id>-error`.
    id: &'static str,
    /// The field's name in the contract: the errors at this name show here.
    field: &'static str,
    errors: Errors,
    label: Key,
    control: Control,
    #[prop(optional)] hint: Option<Key>,
    /// Shows a counter of the value's characters (surrounding spaces ignored) against this many.
    #[prop(optional)]
    max: Option<usize>,
    /// The class of the error, for a page with a look of its own.
    #[prop(optional)]
    error_class: Option<&'static str>,
    /// The error is announced as it appears (a live region that stays in the page): for a form
    /// that does not move the focus to it.
    #[prop(optional)]
    live: bool,
    /// Shown after the control (buttons, notes), before the error.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let value = control.value();
    let aria = Aria { id, field, errors, hint: hint.is_some(), count: max.is_some() };
    let counter = max.zip(value).map(|(max, value)| {
        let count = move || value.get.with(|s| s.trim().chars().count());
        let class = move || if count() > max { format!("{} {}", css::count, css::count_over) } else { css::count.to_string() };
        view! {
            <p id=format!("{id}-count") class=class>
                {tf(Key::ComposeCount, move || vec![("n", count().to_string()), ("max", max.to_string())])}
            </p>
        }
    });
    view! {
        <div class=css::field>
            <label for=id>{t(label)}</label>
            {control.view(aria)}
            {hint.map(|h| view! { <p id=format!("{id}-hint") class=css::hint>{t(h)}</p> })}
            {counter}
            {children.map(|c| c())}
            {if live {
                view! { <div role="alert"><FieldError errors=errors field=field id=id class=error_class/></div> }.into_any()
            } else {
                view! { <FieldError errors=errors field=field id=id class=error_class/> }.into_any()
            }}
        </div>
    }
}

/// The error of `field` (`<id>-error`), for a field that is not one [`Field`] (a group of
/// controls, radio buttons).
#[component]
pub fn FieldError(
    errors: Errors,
    field: &'static str,
    /// The id of the control (or group) it belongs to.
    id: &'static str,
    /// The class of the message, for a page with a look of its own.
    #[prop(optional_no_strip)]
    class: Option<&'static str>,
) -> impl IntoView {
    let class = class.unwrap_or(css::error);
    move || errors.at(field).map(|m| view! { <p id=format!("{id}-error") class=class>{m}</p> })
}

/// The errors of the form that belong to no field.
#[component]
pub fn FormError(
    errors: Errors,
    /// The class of the message, for a page with a look of its own.
    #[prop(optional)]
    class: Option<&'static str>,
    /// A live region that stays in the page (see [`Field`]'s `live`), rather than an alert
    /// that appears.
    #[prop(optional)]
    live: bool,
) -> impl IntoView {
    let class = class.unwrap_or(css::alert);
    if live {
        view! { <div role="alert">{move || errors.at("").map(|m| view! { <p class=class>{m}</p> })}</div> }.into_any()
    } else {
        (move || errors.at("").map(|m| view! { <p class=class role="alert">{m}</p> })).into_any()
    }
}

/// Focuses the control of the first field of `form` that shows an error, in the form's order
/// (once the errors are on the page). Returns at once.
pub fn focus_first_invalid(form: Option<web_sys::Element>) {
    request_animation_frame(move || {
        let Some(form) = form else { return };
        let document = web_sys::window().and_then(|w| w.document());
        // One error after the other with `querySelector` alone (no more browser bindings in the
        // first load's JS): an error whose control is not there (a list still loading) is
        // passed over.
        let mut selector = String::from("[id$='-error']");
        for _ in 0..50 {
            let Some(id) = form.query_selector(&selector).ok().flatten().and_then(|e| e.get_attribute("id")) else { return };
            let control = id.strip_suffix("-error").and_then(|c| document.as_ref()?.get_element_by_id(c));
            if let Some(el) = control.and_then(|c| c.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = el.focus();
                return;
            }
            selector.push_str(&format!(":not([id='{id}'])"));
        }
    });
}

/// The form a submit event belongs to.
pub fn form_of(ev: &leptos::ev::SubmitEvent) -> Option<web_sys::Element> {
    ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok())
}

/// Focuses the element `id` (if it is there).
pub fn focus(id: &str) {
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) {
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(errors: &[(&str, &str)]) -> ApiError {
        let p = contract::Problem {
            status: 400,
            errors: errors
                .iter()
                .map(|(f, m)| contract::FieldError { field: f.to_string(), code: "invalid".into(), message: m.to_string() })
                .collect(),
            ..Default::default()
        };
        ApiError::Http { status: 400, problem: Some(p), retry_after: None }
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(f, m)| (f.to_string(), m.to_string())).collect()
    }

    #[test]
    fn api_errors_go_to_the_fields_the_form_shows() {
        let place = |f: &str| ["title", "body"].into_iter().find(|x| *x == f);
        let e = problem(&[("title", "太长"), ("recipient.id", "不存在"), ("body", "")]);
        let shown = api_errors(&e, Lang::Zh, &place);
        assert_eq!(shown[..2], pairs(&[("title", "太长"), ("", "不存在")]));
        assert_eq!(shown[2].0, "body");
        assert_eq!(shown[2].1, e.message(Lang::Zh), "an empty message is replaced by the error's");
        assert_eq!(api_errors(&ApiError::Offline, Lang::Zh, &place), pairs(&[("", Lang::Zh.text(Key::ErrorOffline))]));
        let none = problem(&[]);
        assert_eq!(api_errors(&none, Lang::En, &place), vec![(String::new(), none.message(Lang::En))]);
    }

    #[test]
    fn several_messages_of_a_field_are_joined_once() {
        let list = pairs(&[("title", "太短"), ("body", "必填"), ("title", "含有不允许的内容"), ("title", "太短")]);
        assert_eq!(message_at(&list, "title").as_deref(), Some("太短；含有不允许的内容"));
        assert_eq!(message_at(&list, "body").as_deref(), Some("必填"));
        assert_eq!(message_at(&list, ""), None);
    }
}
