//! 写留言 (`/messages/new?to=deputy:<id>|department:<id>|station:<id>`): recipient (chosen on
//! the recipient picker, `pages::recipient`), category, title, body,
//! photos (downscaled here), location, public or not. The draft is saved as the user types
//! and sending goes through the outbox (see `state::outbox`), so nothing typed is lost.

use contract::{HandlerKind, BODY_MAX, MAX_PHOTOS, TITLE_MAX};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::api::{self, endpoints};
use crate::components::form::{api_errors, focus, focus_first_invalid, form_of, Control, Errors, Field as FormField, FieldError, FormError, Value};
use crate::components::shell::TopBar;
use crate::components::states::{ErrorState, SignInRequired};
use crate::i18n::{fill, lang, t, Key, Lang};
use crate::pages::messages::css;
use crate::pages::recipient::RecipientPicker;
use crate::state::loader::Loader;
use crate::state::drafts::{self, Draft};
use crate::state::outbox::{self, classify, validate, Check, Class, Compose, Field, MessageDraft, Photo};
use crate::state::session::SessionState;
use crate::state::effect;

/// Longest side of a photo after downscaling, in pixels.
const PHOTO_MAX_PX: f64 = 1600.0;
/// A data URL longer than this is encoded again at a lower quality (localStorage is ~5 MB).
const PHOTO_MAX_CHARS: usize = 700_000;

/// `deputy:<id>` / `department:<id>` / `station:<id>`.
pub fn parse_to(to: &str) -> Option<(HandlerKind, String)> {
    let (kind, id) = to.split_once(':')?;
    let kind = match kind {
        "deputy" => HandlerKind::Deputy,
        "department" => HandlerKind::Department,
        "station" => HandlerKind::Station,
        _ => return None,
    };
    let id = id.trim();
    (!id.is_empty() && id.len() <= 100).then(|| (kind, id.to_string()))
}

/// The message for a local check.
pub fn check_text(field: Field, check: Check, lang: Lang) -> String {
    match check {
        Check::Missing => lang
            .text(match field {
                Field::Recipient => Key::ComposeErrRecipient,
                Field::Category => Key::ComposeErrCategory,
                Field::Title => Key::ComposeErrTitle,
                _ => Key::ComposeErrBody,
            })
            .to_string(),
        Check::TooShort(n) => fill(lang.text(Key::ComposeErrShort), &[("n", &n.to_string())]),
        Check::TooLong(n) => fill(lang.text(Key::ComposeErrLong), &[("n", &n.to_string())]),
    }
}

/// The contract's name of a field of the draft: its errors are kept under it (`Other`: the
/// form's own, "").
fn field_name(field: Field) -> &'static str {
    match field {
        Field::Recipient => "recipient",
        Field::Category => "category_id",
        Field::Title => "title",
        Field::Body => "body",
        Field::Photos => "photo_ids",
        Field::Location => "location",
        Field::Other => "",
    }
}

/// Where the errors of an API answer go: the field the contract's name is of (`None`: the form's).
fn at_field(name: &str) -> Option<&'static str> {
    Some(field_name(Field::from_contract(name))).filter(|n| !n.is_empty())
}

/// `/messages/new`, or with `?choose` the recipient picker (`pages::recipient`: in this
/// route's chunk, which is loaded anyway to write the message).
#[component]
pub fn Compose() -> impl IntoView {
    let query = use_query_map();
    let choosing = Memo::new(move |_| query.with(|q| q.get("choose").is_some()));
    move || if choosing.get() { view! { <RecipientPicker/> }.into_any() } else { view! { <ComposeScreen/> }.into_any() }
}

#[component]
fn ComposeScreen() -> impl IntoView {
    let session = SessionState::get();
    let title = t(Key::ComposeTitle);
    let lang = lang();
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) back_to="/messages" search=false/>
        {move || match session.user() {
            None => {
                let expired = session.expired.get();
                view! {
                    <SignInRequired message=Signal::derive(move || {
                        lang.get().text(if expired { Key::ComposeExpired } else { Key::ComposeSignIn }).to_string()
                    })/>
                }
                .into_any()
            }
            Some(_) => view! { <ComposeForm/> }.into_any(),
        }}
    }
}

#[component]
fn ComposeForm() -> impl IntoView {
    let session = SessionState::get();
    let lang = lang();
    let navigate = use_navigate();
    let mut initial = outbox::load_draft(session).unwrap_or_else(|| Draft::new(Compose::default()));
    let to = use_query_map().with_untracked(|q| q.get("to"));
    if let Some((kind, id)) = to.as_deref().and_then(parse_to) {
        if initial.to_kind != Some(kind) || initial.to_id != id {
            initial.to_kind = Some(kind);
            initial.to_id = id;
            initial.to_name = String::new();
        }
    }
    if to.is_some() {
        // The recipient is in the draft now: the address drops `?to=`, so that coming back to
        // this entry (from the recipient picker's 更换, or by back) keeps the draft's choice.
        let navigate = navigate.clone();
        request_animation_frame(move || {
            navigate("/messages/new", NavigateOptions { replace: true, scroll: false, ..Default::default() })
        });
    }
    let draft = RwSignal::new(initial);
    let errors = Errors::new();
    // Field errors of a rejected outbox entry brought back here to be corrected.
    let carried = outbox::take_draft_errors(session);
    if !carried.is_empty() {
        errors.set(carried.into_iter().map(|(f, m)| (field_name(Field::from_contract(&f)).to_string(), m)).collect());
    }
    let save_failed = RwSignal::new(false);
    let sending = RwSignal::new(false);
    let photo_busy = RwSignal::new(false);
    let photo_error = RwSignal::new(None::<Key>);

    // The draft is saved as the user types (and not while it is being sent: it is in the outbox).
    effect(move || {
        let d = draft.get();
        if sending.get_untracked() {
            return;
        }
        let result = if d.is_blank() && d.to_kind.is_none() {
            drafts::clear(session, outbox::DRAFT);
            Ok(())
        } else {
            drafts::save(session, outbox::DRAFT, &d)
        };
        save_failed.set(result.is_err());
    });
    let edit = move |field: Field, f: Box<dyn FnOnce(&mut MessageDraft)>| {
        draft.update(f);
        errors.clear(&[field_name(field), ""]);
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let form = form_of(&ev);
        let mut d = draft.get_untracked();
        let l = lang.get_untracked();
        let local: Vec<(String, String)> = validate(&d).into_iter().map(|(f, c)| (field_name(f).to_string(), check_text(f, c, l))).collect();
        if !local.is_empty() {
            errors.set(local);
            focus_first_invalid(form);
            return;
        }
        errors.set(Vec::new());
        // Sent in a visit that began at a poster: the message says so (counted, not kept).
        if d.value.via.is_empty() {
            d.value.via = crate::state::poster_visit::current().unwrap_or_default();
        }
        // The key to send with: the draft's, unless it was sent before with other content.
        d.key_for_send(crate::state::storage::new_key);
        draft.set(d.clone());
        // The draft moves into the outbox (kept there until it is delivered). Removed first, so
        // that its photos are not stored twice on a nearly full storage; put back on failure.
        drafts::clear(session, outbox::DRAFT);
        if outbox::update(session, |o| o.put(d.clone(), js_sys::Date::now())).is_err() {
            let _ = outbox::update(session, |o| {
                o.remove(&d.key);
            });
            save_failed.set(drafts::save(session, outbox::DRAFT, &d).is_err());
            errors.set(vec![(String::new(), l.text(Key::ComposeQueueFailed).to_string())]);
            return;
        }
        sending.set(true);
        let navigate = navigate.clone();
        let key = d.key.clone();
        leptos::task::spawn_local(async move {
            let result = outbox::deliver(session, key.clone(), true).await;
            match result {
                Some(Ok(m)) => {
                    // The confirmation replaces the form in the history: back does not return
                    // to an empty compose screen.
                    let href = format!("/messages/{}/sent", api::url::encode_component(&m.id));
                    navigate(&href, NavigateOptions { replace: true, ..NavigateOptions::default() });
                }
                Some(Err(e)) if matches!(classify(&e), Class::Invalid | Class::Refused) => {
                    // Back to the form: the text stays, the errors show at their fields.
                    let _ = outbox::update(session, |o| {
                        o.remove(&key);
                    });
                    let list = api_errors(&e, lang.get_untracked(), &at_field);
                    let only_the_form = list.iter().all(|(f, _)| f.is_empty());
                    sending.set(false);
                    // Saved again (a send of changed content takes a new key: the one rule).
                    draft.update(|_| {});
                    errors.set(list);
                    if only_the_form {
                        focus(Field::Other.input_id());
                    } else {
                        focus_first_invalid(form);
                    }
                }
                _ => {
                    // Kept in the outbox (offline, server trouble, rate limit, sign-in):
                    // 我的留言 shows it with its note, and it is sent by itself later.
                    navigate("/messages", NavigateOptions::default());
                }
            }
        });
    };

    let categories = Loader::new(endpoints::message_categories);
    let category = Control::own(move |aria| {
        (move || match categories.get() {
            None => view! { <p class=css::hint role="status">{t(Key::Loading)}</p> }.into_any(),
            Some(Err(e)) => view! { <ErrorState error=e on_retry=Callback::new(move |_| categories.refetch()) inline=true/> }.into_any(),
            Some(Ok(page)) => {
                let options = view! {
                    <option value="" selected=move || draft.with(|d| d.category_id.is_empty())>{t(Key::ComposeCategoryPick)}</option>
                    {page.items.into_iter().map(|c| {
                        let id = c.id.clone();
                        view! { <option value=c.id selected=move || draft.with(|d| d.category_id == id)>{c.name}</option> }
                    }).collect_view()}
                };
                aria.select(options.into_any(), Callback::new(move |v| edit(Field::Category, Box::new(move |d| d.category_id = v))))
            }
        })
        .into_any()
    });
    let title = Control::Input {
        kind: "text",
        value: Value::new(move || draft.with(|d| d.title.clone()), move |v| edit(Field::Title, Box::new(move |d| d.title = v))),
        min: None,
        autocomplete: Some("off"),
    };
    let body = Control::area("8", Value::new(move || draft.with(|d| d.body.clone()), move |v| edit(Field::Body, Box::new(move |d| d.body = v))));
    let place = Control::text(Value::new(move || draft.with(|d| d.place.clone()), move |v| edit(Field::Location, Box::new(move |d| d.place = v))));

    // Photos: each file is downscaled in the browser and kept as a JPEG data URL.
    let add_photos = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(files) = input.files() else { return };
        let room = MAX_PHOTOS.saturating_sub(draft.with_untracked(|d| d.photos.len()));
        let picked: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
        input.set_value("");
        photo_error.set((picked.len() > room).then_some(Key::ComposePhotoTooMany));
        if picked.is_empty() || room == 0 {
            return;
        }
        photo_busy.set(true);
        leptos::task::spawn_local(async move {
            for file in picked.into_iter().take(room) {
                match downscale(&file).await {
                    Some(data_url) => edit(Field::Photos, Box::new(move |d| d.photos.push(Photo { data_url, upload_id: None }))),
                    None => photo_error.set(Some(Key::ComposePhotoBad)),
                }
            }
            photo_busy.set(false);
        });
    };

    let locating = RwSignal::new(false);
    let locate_error = RwSignal::new(None::<Key>);
    let use_location = move |_| {
        locating.set(true);
        locate_error.set(None);
        locate(move |result| {
            locating.set(false);
            match result {
                Ok((lat, lng)) => edit(Field::Location, Box::new(move |d| {
                    d.lat = Some(lat);
                    d.lng = Some(lng);
                })),
                Err(code) => locate_error.set(Some(if code == 1 { Key::ComposeLocationDenied } else { Key::ComposeLocationFailed })),
            }
        });
    };

    view! {
        <form class=css::form on:submit=submit novalidate=true data-draft="">
            <fieldset class=css::field disabled=move || sending.get() style="display:contents">
            <div class=css::field>
                <span class=css::label id="compose-recipient-label">{t(Key::ComposeRecipient)}</span>
                <RecipientField draft=draft/>
                <FieldError errors=errors field="recipient" id="compose-recipient"/>
            </div>
            <FormField id="compose-category" field="category_id" errors=errors label=Key::ComposeCategory control=category/>
            <FormField id="compose-title" field="title" errors=errors label=Key::ComposeTitleLabel control=title max=TITLE_MAX/>
            <FormField id="compose-body" field="body" errors=errors label=Key::ComposeBody control=body max=BODY_MAX/>
            <div class=css::field>
                <span class=css::label>{t(Key::ComposePhotos)}</span>
                <p class=css::hint id="compose-photos-hint">{move || fill(lang.get().text(Key::ComposePhotosHint), &[("n", &MAX_PHOTOS.to_string())])}</p>
                <ul class=css::photos>
                    {move || draft.with(|d| d.photos.iter().enumerate().map(|(i, p)| {
                        let alt = fill(lang.get().text(Key::ComposePhotoAlt), &[("n", &(i + 1).to_string())]);
                        let remove_label = fill(lang.get().text(Key::ComposePhotoRemove), &[("n", &(i + 1).to_string())]);
                        view! {
                            <li class=css::photo>
                                <img src=p.data_url.clone() alt=alt/>
                                <button type="button" class=format!("btn {}", css::remove) on:click=move |_| {
                                    edit(Field::Photos, Box::new(move |d| { if i < d.photos.len() { d.photos.remove(i); } }));
                                    photo_error.set(None);
                                }>{remove_label}</button>
                            </li>
                        }
                    }).collect_view())}
                </ul>
                {move || (draft.with(|d| d.photos.len()) < MAX_PHOTOS).then(|| view! {
                    <label class=format!("btn {}", css::file) for="compose-photos">
                        {move || lang.get().text(if photo_busy.get() { Key::ComposePhotoBusy } else { Key::ComposePhotoAdd })}
                        <input id="compose-photos" type="file" accept="image/*" multiple=true
                            aria-describedby="compose-photos-hint" on:change=add_photos/>
                    </label>
                })}
                {move || photo_error.get().map(|k| view! { <p class=css::error role="alert">{t(k)}</p> })}
                <FieldError errors=errors field="photo_ids" id="compose-photos"/>
            </div>
            <FormField id="compose-place" field="location" errors=errors label=Key::ComposePlace control=place>
                <div class=css::row>
                    <button type="button" class="btn" disabled=move || locating.get() on:click=use_location>
                        {move || lang.get().text(if locating.get() { Key::ComposeLocating } else { Key::ComposeUseLocation })}
                    </button>
                    {move || draft.with(|d| d.lat.is_some()).then(|| view! {
                        <button type="button" class="btn" on:click=move |_| edit(Field::Location, Box::new(|d| { d.lat = None; d.lng = None; }))>
                            {t(Key::ComposeLocationClear)}
                        </button>
                    })}
                </div>
                {move || draft.with(|d| d.lat.is_some()).then(|| view! { <p class=css::hint role="status">{t(Key::ComposeLocationAttached)}</p> })}
                {move || locate_error.get().map(|k| view! { <p class=css::error role="alert">{t(k)}</p> })}
            </FormField>
            <fieldset class=css::field>
                <legend>{t(Key::ComposeVisibility)}</legend>
                <div class=css::choices>
                    {[(true, Key::ComposePublic, Key::ComposePublicHint), (false, Key::ComposePrivate, Key::ComposePrivateHint)]
                        .into_iter()
                        .map(|(value, label, hint)| view! {
                            <label class=css::choice>
                                <input type="radio" name="compose-public"
                                    prop:checked=move || draft.with(|d| d.public == value)
                                    on:change=move |_| draft.update(|d| d.public = value)/>
                                <span>{t(label)}</span>
                                <small>{t(hint)}</small>
                            </label>
                        })
                        .collect_view()}
                </div>
            </fieldset>
            </fieldset>
            {move || save_failed.get().then(|| view! { <p class=css::error role="alert">{t(Key::ComposeSaveFailed)}</p> })}
            <FormError errors=errors class=css::error/>
            <button id="compose-send" type="submit" class=format!("btn btn-primary {}", css::send) disabled=move || sending.get()>
                {move || lang.get().text(if sending.get() { Key::ComposeSending } else { Key::ComposeSend })}
            </button>
            <p class=css::hint>{t(Key::ComposeSavedHint)}</p>
        </form>
    }
}

/// Where 更换 / 选择留言对象 go: the recipient picker, which comes back here.
const PICKER: &str = "/messages/new?choose=1&from=compose";

/// The recipient: the one chosen (named, fetched when only its id is known) with 更换, or a
/// big link to the recipient picker (a screen of its own: `pages::recipient`).
#[component]
fn RecipientField(draft: RwSignal<MessageDraft>) -> impl IntoView {
    let lang = lang();
    move || {
        let (to_kind, id, name) = draft.with(|d| (d.to_kind, d.to_id.clone(), d.to_name.clone()));
        match to_kind {
            Some(k) if !id.is_empty() => {
                let label = match k {
                    HandlerKind::Department => Key::ComposeToDepartment,
                    HandlerKind::Station => Key::ComposeToStation,
                    _ => Key::ComposeToDeputy,
                };
                view! {
                    <div class=css::picked id="compose-recipient" tabindex="-1">
                        <span>{move || fill(lang.get().text(label), &[("name", &draft.with(|d| d.to_name.clone()))])}</span>
                        {name.is_empty().then(|| view! { <RecipientName draft=draft kind=k id=id.clone()/> })}
                        <a class="btn" href=crate::paths::to(&PICKER)>{t(Key::ComposeChange)}</a>
                    </div>
                    {(k == HandlerKind::Station).then(|| view! { <p class=css::hint>{t(Key::ComposeStationHint)}</p> })}
                }
                .into_any()
            }
            _ => view! {
                <a class=format!("btn {}", css::choose) id="compose-recipient" href=crate::paths::to(&PICKER) aria-describedby="compose-recipient-hint">
                    {t(Key::ComposeChoose)}
                </a>
                <p class=css::hint id="compose-recipient-hint">{t(Key::ComposeChooseHint)}</p>
            }
            .into_any(),
        }
    }
}

/// Fetches the name of a recipient given by id (from `?to=`), into the draft.
#[component]
fn RecipientName(draft: RwSignal<MessageDraft>, kind: HandlerKind, id: String) -> impl IntoView {
    let failed = RwSignal::new(false);
    let name = move |found: Option<String>| match found {
        Some(n) => draft.update(|x| x.to_name = n),
        None => failed.set(true),
    };
    match kind {
        HandlerKind::Deputy => {
            let loaded = Loader::new(move || endpoints::deputy(&id));
            effect(move || match loaded.get() {
                Some(r) => name(r.ok().map(|d| d.name)),
                None => {}
            });
        }
        HandlerKind::Station => {
            let loaded = Loader::new(move || endpoints::station(&id));
            effect(move || match loaded.get() {
                Some(r) => name(r.ok().map(|s| s.name)),
                None => {}
            });
        }
        _ => {
            let loaded = Loader::new(endpoints::departments);
            effect(move || match loaded.get() {
                Some(r) => name(r.ok().and_then(|p| p.items.into_iter().find(|d| d.id == id)).map(|d| d.name)),
                None => {}
            });
        }
    }
    move || view! { <span class=css::hint role="status">{t(if failed.get() { Key::ComposeRecipientUnknown } else { Key::Loading })}</span> }
}

// ---------------------------------------------------------------------------
// Browser helpers: photo downscaling, geolocation
// ---------------------------------------------------------------------------

/// Target size of an image `w`×`h` whose long side must not exceed `max`.
pub fn fit(w: f64, h: f64, max: f64) -> (f64, f64) {
    let scale = (max / w.max(h)).min(1.0);
    ((w * scale).round().max(1.0), (h * scale).round().max(1.0))
}

/// Decodes an image file (createImageBitmap, or an `<img>` where that is missing), draws it
/// at most 1600 px on its long side and encodes it as JPEG (~0.8).
async fn downscale(file: &web_sys::File) -> Option<String> {
    let window = web_sys::window()?;
    let document = window.document()?;
    let canvas: web_sys::HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
    let bitmap = match window.create_image_bitmap_with_blob(file) {
        Ok(p) => JsFuture::from(p).await.ok().and_then(|b| b.dyn_into::<web_sys::ImageBitmap>().ok()),
        Err(_) => None,
    };
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    match bitmap {
        Some(b) => {
            let (w, h) = fit(b.width().into(), b.height().into(), PHOTO_MAX_PX);
            canvas.set_width(w as u32);
            canvas.set_height(h as u32);
            ctx.draw_image_with_image_bitmap_and_dw_and_dh(&b, 0.0, 0.0, w, h).ok()?;
            b.close();
        }
        None => {
            let url = web_sys::Url::create_object_url_with_blob(file).ok()?;
            let img = web_sys::HtmlImageElement::new().ok()?;
            let loaded = js_sys::Promise::new(&mut |resolve, reject| {
                img.set_onload(Some(&resolve));
                img.set_onerror(Some(&reject));
            });
            img.set_src(&url);
            let ok = JsFuture::from(loaded).await.is_ok();
            let _ = web_sys::Url::revoke_object_url(&url);
            if !ok {
                return None;
            }
            let (w, h) = fit(img.natural_width().into(), img.natural_height().into(), PHOTO_MAX_PX);
            canvas.set_width(w as u32);
            canvas.set_height(h as u32);
            ctx.draw_image_with_html_image_element_and_dw_and_dh(&img, 0.0, 0.0, w, h).ok()?;
        }
    }
    let mut best = None;
    for quality in [0.8, 0.6, 0.45] {
        let url = canvas.to_data_url_with_type_and_encoder_options("image/jpeg", &JsValue::from_f64(quality)).ok()?;
        if !url.starts_with("data:image/jpeg") {
            return None;
        }
        let small = url.len() <= PHOTO_MAX_CHARS;
        best = Some(url);
        if small {
            break;
        }
    }
    best
}

/// Asks for the device's position: `Ok((lat, lng))`, or `Err(code)` (1 = refused).
fn locate(done: impl FnOnce(Result<(f64, f64), u32>) + 'static) {
    use js_sys::Reflect;
    let done = std::rc::Rc::new(std::cell::RefCell::new(Some(done)));
    let finish = {
        let done = done.clone();
        move |r: Result<(f64, f64), u32>| {
            if let Some(f) = done.borrow_mut().take() {
                f(r);
            }
        }
    };
    let geo = web_sys::window()
        .and_then(|w| Reflect::get(&w.navigator(), &JsValue::from_str("geolocation")).ok())
        .filter(|g| g.is_object());
    let get = geo.as_ref().and_then(|g| Reflect::get(g, &JsValue::from_str("getCurrentPosition")).ok()?.dyn_into::<js_sys::Function>().ok());
    let (Some(geo), Some(get)) = (geo, get) else {
        finish(Err(2));
        return;
    };
    let ok_finish = finish.clone();
    let ok = wasm_bindgen::closure::Closure::once_into_js(move |pos: JsValue| {
        let coords = Reflect::get(&pos, &JsValue::from_str("coords")).unwrap_or(JsValue::UNDEFINED);
        let lat = Reflect::get(&coords, &JsValue::from_str("latitude")).ok().and_then(|v| v.as_f64());
        let lng = Reflect::get(&coords, &JsValue::from_str("longitude")).ok().and_then(|v| v.as_f64());
        ok_finish(match (lat, lng) {
            (Some(a), Some(b)) => Ok((a, b)),
            _ => Err(2),
        });
    });
    let err_finish = finish.clone();
    let err = wasm_bindgen::closure::Closure::once_into_js(move |e: JsValue| {
        let code = Reflect::get(&e, &JsValue::from_str("code")).ok().and_then(|v| v.as_f64()).unwrap_or(2.0);
        err_finish(Err(code as u32));
    });
    let options = js_sys::Object::new();
    let _ = Reflect::set(&options, &JsValue::from_str("timeout"), &JsValue::from_f64(15_000.0));
    let _ = Reflect::set(&options, &JsValue::from_str("maximumAge"), &JsValue::from_f64(60_000.0));
    if get.call3(&geo, &ok, &err, &options).is_err() {
        finish(Err(2));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_parameter() {
        assert_eq!(parse_to("deputy:d_1"), Some((HandlerKind::Deputy, "d_1".into())));
        assert_eq!(parse_to("department:g_2"), Some((HandlerKind::Department, "g_2".into())));
        assert_eq!(parse_to("station:st_center"), Some((HandlerKind::Station, "st_center".into())));
        assert_eq!(parse_to("deputy:"), None);
        assert_eq!(parse_to("mayor:x"), None);
        assert_eq!(parse_to("d_1"), None);
    }

    #[test]
    fn photos_fit_in_1600_px() {
        assert_eq!(fit(4000.0, 3000.0, 1600.0), (1600.0, 1200.0));
        assert_eq!(fit(3000.0, 4000.0, 1600.0), (1200.0, 1600.0));
        assert_eq!(fit(800.0, 600.0, 1600.0), (800.0, 600.0), "never enlarged");
        assert_eq!(fit(10000.0, 1.0, 1600.0), (1600.0, 1.0));
    }

    #[test]
    fn check_texts() {
        assert_eq!(check_text(Field::Title, Check::TooShort(4), Lang::Zh), "至少需要 4 个字");
        assert_eq!(check_text(Field::Body, Check::TooLong(1000), Lang::Zh), "最多 1000 个字");
        assert_eq!(check_text(Field::Recipient, Check::Missing, Lang::Zh), "请选择留言对象");
    }
}
