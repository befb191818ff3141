//! Browser tests (wasm-bindgen-test in headless Chromium). PLACEHOLDER written by the tooling
//! setup to validate `make test`'s browser layer; replace with the app's real browser tests.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn runs_in_a_real_document() {
    let document = web_sys::window().unwrap().document().unwrap();
    let p = document.create_element("p").unwrap();
    p.set_text_content(Some("掌上人大"));
    document.body().unwrap().append_child(&p).unwrap();
    let text = document.body().unwrap().text_content().unwrap_or_default();
    assert!(text.contains("掌上人大"));
}
