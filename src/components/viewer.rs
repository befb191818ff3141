//! A picture full screen, to look at closely: pinch (or double-tap, or 放大/缩小) to zoom,
//! drag to move around; 关闭, Escape or the phone's back button close it.
//!
//! It is a native `<dialog>` opened as a modal: the browser keeps focus inside it, makes the
//! page behind it inert and closes it with Escape. Opening it adds a history entry (the same
//! address), so that the back button — what people press on Android, and the back gesture in
//! WeChat — closes the picture instead of leaving the article. Zoom is the picture's width in
//! percent inside a scrolling box, so moving around a zoomed picture is ordinary scrolling.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::api::media_url;
use crate::i18n::{t, Key};

stylance::import_crate_style!(pub css, "src/components/viewer.module.css");

/// Zoom limits and steps, in percent of the screen's width.
pub const MIN_ZOOM: u32 = 100;
pub const MAX_ZOOM: u32 = 400;
const STEP: u32 = 50;
const DOUBLE_TAP_ZOOM: u32 = 250;
/// Two taps within this many milliseconds are a double tap.
const DOUBLE_TAP_MS: f64 = 300.0;

/// A picture to show: its URL as the API gave it, and its text alternative.
#[derive(Clone, Debug, PartialEq)]
pub struct Picture {
    pub url: String,
    pub alt: String,
}

/// Opens pictures in the screen's viewer (see [`ImageViewer`]); absent where a screen has none.
#[derive(Clone, Copy)]
pub struct Viewer(pub RwSignal<Option<Picture>>);

impl Viewer {
    pub fn get() -> Option<Viewer> {
        use_context::<Viewer>()
    }

    pub fn open(&self, p: Picture) {
        self.0.set(Some(p));
    }
}

/// The zoom after a pinch that began at `start` percent with the fingers `from` apart and
/// has them `to` apart now.
pub fn pinched(start: u32, from: f64, to: f64) -> u32 {
    if from <= 0.0 || !to.is_finite() || !from.is_finite() {
        return start;
    }
    let z = (f64::from(start) * to / from).round();
    (z.max(f64::from(MIN_ZOOM)).min(f64::from(MAX_ZOOM))) as u32
}

/// Where to scroll so that the point at `focus` (pixels from the box's edge) stays under the
/// fingers when the zoom goes from `old` to `new`, with the box scrolled by `scroll`.
pub fn keep_in_place(scroll: f64, focus: f64, old: u32, new: u32) -> f64 {
    if old == 0 {
        return scroll;
    }
    ((scroll + focus) * f64::from(new) / f64::from(old) - focus).max(0.0)
}

fn call(target: &JsValue, method: &str) -> bool {
    js_sys::Reflect::get(target, &JsValue::from_str(method))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .is_some_and(|f| f.call0(target).is_ok())
}

/// Provides a [`Viewer`] to the screen and draws its dialog. Put it once on a screen.
#[component]
pub fn ImageViewer() -> impl IntoView {
    let current = RwSignal::new(None::<Picture>);
    provide_context(Viewer(current));
    let zoom = RwSignal::new(MIN_ZOOM);
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let stage = NodeRef::<leptos::html::Div>::new();
    // Whether the history entry of an open picture is ours to take back.
    let pushed = StoredValue::new(false);
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    let pointers = StoredValue::new(Vec::<(i32, f64, f64)>::new());
    let pinch = StoredValue::new(None::<(u32, f64)>);
    let last_tap = StoredValue::new(0.0_f64);

    let set_zoom = move |new: u32, focus: Option<(f64, f64)>| {
        let old = zoom.get_untracked();
        let new = new.clamp(MIN_ZOOM, MAX_ZOOM);
        if new == old {
            return;
        }
        zoom.set(new);
        if let Some(el) = stage.get_untracked() {
            let (fx, fy) = focus.unwrap_or((f64::from(el.client_width()) / 2.0, f64::from(el.client_height()) / 2.0));
            let (x, y) = (keep_in_place(el.scroll_left().into(), fx, old, new), keep_in_place(el.scroll_top().into(), fy, old, new));
            request_animation_frame(move || {
                el.set_scroll_left(x as i32);
                el.set_scroll_top(y as i32);
            });
        }
    };

    // Closing, however it happens: the dialog, the history entry, the focus.
    let close = move |from_history: bool| {
        if current.get_untracked().is_none() {
            return;
        }
        current.set(None);
        if pushed.get_value() {
            pushed.set_value(false);
            if !from_history {
                if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                    let _ = h.back();
                }
            }
        }
    };
    let popstate = window_event_listener(leptos::ev::popstate, move |_| close(true));
    on_cleanup(move || {
        popstate.remove();
        // Leaving the screen with a picture open: its history entry goes with it.
        if pushed.try_get_value() == Some(true) {
            if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                let _ = h.back();
            }
        }
    });

    crate::state::effect(move || {
        let Some(d) = dialog.get() else { return };
        let d: JsValue = d.into();
        if current.get().is_some() {
            zoom.set(MIN_ZOOM);
            opener.set_value(
                web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|doc| doc.active_element())
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
            );
            if !call(&d, "showModal") {
                // (an old webview without modal dialogs: shown as an ordinary open one)
                let _ = js_sys::Reflect::set(&d, &JsValue::from_str("open"), &JsValue::TRUE);
            }
            if !pushed.get_value() {
                if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                    pushed.set_value(h.push_state_with_url(&JsValue::NULL, "", None).is_ok());
                }
            }
        } else {
            call(&d, "close");
            if let Some(el) = opener.get_value() {
                let _ = el.focus();
            }
        }
    });

    let down = move |ev: leptos::ev::PointerEvent| {
        pointers.update_value(|p| {
            p.retain(|(id, ..)| *id != ev.pointer_id());
            p.push((ev.pointer_id(), f64::from(ev.client_x()), f64::from(ev.client_y())));
        });
        if pointers.with_value(Vec::len) == 2 {
            pinch.set_value(Some((zoom.get_untracked(), distance(&pointers.get_value()))));
        }
    };
    let moved = move |ev: leptos::ev::PointerEvent| {
        pointers.update_value(|p| {
            if let Some(x) = p.iter_mut().find(|(id, ..)| *id == ev.pointer_id()) {
                *x = (ev.pointer_id(), f64::from(ev.client_x()), f64::from(ev.client_y()));
            }
        });
        let (Some((start, from)), Some(el)) = (pinch.get_value(), stage.get_untracked()) else { return };
        let p = pointers.get_value();
        if p.len() < 2 {
            return;
        }
        ev.prevent_default();
        let rect = el.get_bounding_client_rect();
        let mid = ((p[0].1 + p[1].1) / 2.0 - rect.left(), (p[0].2 + p[1].2) / 2.0 - rect.top());
        set_zoom(pinched(start, from, distance(&p)), Some(mid));
    };
    let up = move |ev: leptos::ev::PointerEvent| {
        pointers.update_value(|p| p.retain(|(id, ..)| *id != ev.pointer_id()));
        if pointers.with_value(Vec::len) < 2 {
            pinch.set_value(None);
        }
        // A double tap switches between the whole picture and a closer look.
        if ev.is_primary() && ev.pointer_type() != "mouse" {
            let now = js_sys::Date::now();
            if now - last_tap.get_value() < DOUBLE_TAP_MS {
                last_tap.set_value(0.0);
                let target = if zoom.get_untracked() > MIN_ZOOM { MIN_ZOOM } else { DOUBLE_TAP_ZOOM };
                set_zoom(target, stage_point(stage, &ev));
            } else {
                last_tap.set_value(now);
            }
        }
    };

    let src = move || current.with(|c| c.as_ref().and_then(|p| media_url(&p.url))).unwrap_or_default();
    let alt = move || current.with(|c| c.as_ref().map(|p| p.alt.clone())).unwrap_or_default();
    view! {
        <dialog class=css::viewer node_ref=dialog aria-label=t(Key::ViewerTitle)
            on:cancel=move |ev: web_sys::Event| { ev.prevent_default(); close(false); }
            on:keydown=move |ev| if ev.key() == "Escape" { ev.prevent_default(); close(false); }>
            <div class=css::bar>
                <button type="button" class=css::tool on:click=move |_| set_zoom(zoom.get_untracked().saturating_sub(STEP), None)
                    disabled=move || { zoom.get() <= MIN_ZOOM }>{t(Key::ViewerOut)}</button>
                <button type="button" class=css::tool on:click=move |_| set_zoom(zoom.get_untracked() + STEP, None)
                    disabled=move || { zoom.get() >= MAX_ZOOM }>{t(Key::ViewerIn)}</button>
                <button type="button" class=format!("{} {}", css::tool, css::close) autofocus=true on:click=move |_| close(false)>
                    {t(Key::ViewerClose)}
                </button>
            </div>
            // Focusable: a zoomed picture is a scrolling region that the keyboard's arrows move.
            <div class=css::stage node_ref=stage tabindex="0"
                on:pointerdown=down on:pointermove=moved on:pointerup=up on:pointercancel=up
                on:dblclick=move |ev| {
                    let target = if zoom.get_untracked() > MIN_ZOOM { MIN_ZOOM } else { DOUBLE_TAP_ZOOM };
                    let point = stage.get_untracked().map(|el| {
                        let r = el.get_bounding_client_rect();
                        (f64::from(ev.client_x()) - r.left(), f64::from(ev.client_y()) - r.top())
                    });
                    set_zoom(target, point);
                }>
                {move || current.with(Option::is_some).then(|| view! {
                    <img src=src alt=alt style=move || format!("width:{}%", zoom.get()) draggable="false"/>
                })}
            </div>
            <p class=css::caption>{alt}</p>
        </dialog>
    }
}

fn distance(p: &[(i32, f64, f64)]) -> f64 {
    match p {
        [a, b, ..] => ((a.1 - b.1).powi(2) + (a.2 - b.2).powi(2)).sqrt(),
        _ => 0.0,
    }
}

fn stage_point(stage: NodeRef<leptos::html::Div>, ev: &web_sys::PointerEvent) -> Option<(f64, f64)> {
    let el = stage.get_untracked()?;
    let r = el.get_bounding_client_rect();
    Some((f64::from(ev.client_x()) - r.left(), f64::from(ev.client_y()) - r.top()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinching_zooms_within_bounds() {
        assert_eq!(pinched(100, 100.0, 200.0), 200);
        assert_eq!(pinched(200, 100.0, 50.0), 100);
        assert_eq!(pinched(100, 100.0, 1000.0), MAX_ZOOM);
        assert_eq!(pinched(150, 100.0, 10.0), MIN_ZOOM);
        assert_eq!(pinched(150, 0.0, 10.0), 150, "no distance to start from: no change");
        assert_eq!(pinched(150, 100.0, f64::NAN), 150);
    }

    #[test]
    fn the_point_under_the_fingers_stays() {
        // the box shows 0..400 px; zooming 100 → 200 around x = 100 shows it at 200, so scroll by 100
        assert_eq!(keep_in_place(0.0, 100.0, 100, 200), 100.0);
        // back to 100 %: at the start again
        assert_eq!(keep_in_place(100.0, 100.0, 200, 100), 0.0);
        // never before the start
        assert_eq!(keep_in_place(0.0, 300.0, 200, 100), 0.0);
    }
}
