//! 掌上人大 — the web app (Leptos, client-side rendered, compiled to wasm).

pub mod api;
pub mod app;
pub mod components;
pub mod format;
pub mod i18n;
pub mod pages;
pub mod paths;
pub mod state;
pub mod tabs;

pub use app::App;

/// Starts the app: reads `config.json`, then replaces the boot screen of index.html.
pub fn start() {
    // Release builds abort on panic (`-Cpanic=immediate-abort`): the trap surfaces as an
    // uncaught `RuntimeError: unreachable` in the console. Debug builds print the message.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // Leptos' executor is set up by `mount_to_body`; before it, use wasm-bindgen's directly.
    wasm_bindgen_futures::spawn_local(async {
        api::load_config().await;
        if let Some(boot) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("boot")) {
            boot.remove();
        }
        leptos::mount::mount_to_body(App);
    });
}
