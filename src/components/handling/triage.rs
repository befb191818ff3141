//! 分派 (triage, staff): track, category and handler of a new message, with a note.

use contract::{Track, Triage, NOTE_MAX};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::choices::{
    categories_page, categories_path, departments_page, departments_path, deputies_page, deputies_path, ensure, select_field,
    Load, Select,
};
use super::rules::{check_len, handler_value, local_errors, parse_handler, Invalid};
use super::{css, form_block, Fold, Form, Panel};
use crate::api::endpoints;
use crate::components::cards::track_label;
use crate::components::form::{focus_first_invalid, form_of, Control, Errors, Field, FieldError};
use crate::i18n::{lang, t, Key};

pub(super) fn form(p: Panel) -> AnyView {
    let lang = lang();
    let (track0, category0, handler0) = p.msg.with_untracked(|m| {
        (
            m.track.filter(|t| *t != Track::Unknown).unwrap_or(Track::Fast),
            m.category.as_ref().map(|c| c.id.clone()).unwrap_or_default(),
            handler_value(m.recipient.kind, &m.recipient.id),
        )
    });
    let track = RwSignal::new(track0);
    let category = RwSignal::new(category0);
    let handler = RwSignal::new(handler0);
    let note = RwSignal::new(String::new());
    let errs = Errors::new();
    let load = move || {
        let c = p.canceller.get_value();
        ensure(p.categories, categories_path, categories_page, c.clone());
        ensure(p.deputies, deputies_path, deputies_page, c.clone());
        ensure(p.departments, departments_path, departments_page, c);
    };
    load();
    let retry = Callback::new(move |_| {
        for l in [p.categories, p.deputies, p.departments] {
            if matches!(l.get_untracked(), Load::Failed(_)) {
                l.set(Load::Idle);
            }
        }
        load();
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let lang = lang.get_untracked();
        let handler_choice = parse_handler(&handler.get_untracked());
        let checks = [
            ("category_id", category.with_untracked(|c| c.is_empty()).then_some(Invalid::Required)),
            ("handler", handler_choice.is_none().then_some(Invalid::Required)),
            ("note", note.with_untracked(|n| check_len(n, 0, NOTE_MAX))),
        ];
        let local = local_errors(&checks, lang);
        let Some(handler_choice) = handler_choice.filter(|_| local.is_empty()) else {
            errs.set(local);
            focus_first_invalid(form_of(&ev));
            return;
        };
        let n = note.get_untracked().trim().to_string();
        let body = Triage {
            version: p.version(),
            track: track.get_untracked(),
            category_id: category.get_untracked(),
            handler: handler_choice,
            note: (!n.is_empty()).then_some(n),
        };
        p.send(
            errs,
            (endpoints::triage(&p.id()).with_body(&body), None),
            &["track", "category_id", "handler", "note"],
            Box::new(|_, lang| lang.text(Key::WorkTriageDone).to_string()),
            Box::new(move || note.set(String::new())),
        );
    };
    let radio = move |value: Track, hint: Key| {
        view! {
            <label class=css::option>
                <input
                    type="radio"
                    name="hp-track"
                    value=value.as_str()
                    prop:checked=move || track.get() == value
                    on:change=move |_| track.set(value)
                />
                <span class=css::option_text>
                    <strong>{t(track_label(value))}</strong>
                    <span class=css::hint>{t(hint)}</span>
                </span>
            </label>
        }
    };
    let category_select = select_field(Select {
        id: "hp-category",
        label: Key::WorkCategory,
        field: "category_id",
        choose: Key::WorkCategoryChoose,
        value: category,
        errs,
        list: p.categories,
        retry,
        departments: None,
    });
    let handler_select = select_field(Select {
        id: "hp-handler",
        label: Key::WorkHandler,
        field: "handler",
        choose: Key::WorkHandlerChoose,
        value: handler,
        errs,
        list: p.deputies,
        retry,
        departments: Some(p.departments),
    });
    let fields = view! {
        <fieldset class=css::options>
            <legend>{t(Key::WorkTrack)}</legend>
            {radio(Track::Fast, Key::WorkTrackFastHint)}
            {radio(Track::Major, Key::WorkTrackMajorHint)}
        </fieldset>
        {category_select}
        {handler_select}
        <Field id="hp-triage-note" field="note" errors=errs label=Key::WorkTriageNote control=Control::area("3", note) max=NOTE_MAX/>
        <FieldError errors=errs field="track" id="hp-track"/>
    };
    form_block(Form {
        id: "hp-triage-title",
        title: Key::WorkTriageTitle,
        submit_label: Key::WorkTriageSubmit,
        errs,
        busy: p.busy,
        on_submit: Callback::new(submit),
        before: None,
        fields: fields.into_any(),
        fold: Fold::Open,
        open: RwSignal::new(true),
        draft: false,
    })
}
