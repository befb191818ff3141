//! Offering a file made in the app (a calendar entry, a CSV report) as a download: a click on a
//! download link to a Blob URL, which the caller revokes when the screen goes away (revoking at
//! once can cancel the download in some browsers).

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// Offers `text` as a file `name` of type `mime`; the Blob URL, to [`revoke`] later.
pub fn offer(text: &str, name: &str, mime: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let link = web_sys::window()?.document()?.create_element("a").ok()?;
    link.set_attribute("href", &url).ok()?;
    link.set_attribute("download", name).ok()?;
    link.dyn_ref::<web_sys::HtmlElement>()?.click();
    Some(url)
}

/// Revokes the Blob URL kept in `made`, if any.
pub fn revoke(made: StoredValue<Option<String>, LocalStorage>) {
    if let Some(url) = made.try_update_value(Option::take).flatten() {
        let _ = web_sys::Url::revoke_object_url(&url);
    }
}
