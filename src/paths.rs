//! Where the app is deployed: at the root of its origin (`https://host/`) or under a path
//! (`https://example.gov.cn/renda/`, issue 16). One build serves both: the deployment says
//! where in index.html's `<base href>` (`/` as built; the reference server's `--base-path`
//! rewrites it, nginx with `sub_filter`; README, "Deploying under a path"), and the app reads it
//! back here.
//!
//! The rule inside the app: a path of the app is written from its root (`/messages/new`), as
//! the routes are. The router adds the base when it matches and navigates; an `href` of a plain
//! `<a>` goes through [`to`]; a literal `href` is written relative (`"messages/new"`, no
//! slash), which the document's `<base>` resolves at no cost in the first load; and a path
//! read from the address bar goes through [`app_path`] before it is compared with a route.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(thread_local_v2, js_namespace = window, js_name = zsrdBase)]
    static ZSRD_BASE: JsValue;
}

/// The base path without its trailing slash: `""` at the root, `"/renda"` under a path.
/// (index.html's first script sets `zsrdBase` from `<base>` with the browser's URL parser: the
/// same in Rust, with the value kept, cost 0.8 KiB gzip of the first load.)
pub fn base() -> String {
    ZSRD_BASE.with(JsValue::as_string).unwrap_or_default()
}

/// The address of an app path (`/messages/1` → `/renda/messages/1`) for an `href`. Anything
/// else (`tel:`, `https://…`, `#…`, `//host`) is returned as it is. (Never inlined: one call per
/// link instead of its body at each of them, measured 0.9 KiB gzip of the first load.)
#[inline(never)]
pub fn to(path: &str) -> String {
    with_base(&base(), path)
}

/// [`to`] for a given base.
pub fn with_base(base: &str, path: &str) -> String {
    let mut out = String::with_capacity(base.len() + path.len());
    if path.starts_with('/') && !path.starts_with("//") {
        out.push_str(base);
    }
    out.push_str(path);
    out
}

/// The app path of an address bar's path (`/renda/messages/1` → `/messages/1`); a path outside
/// the base is returned as it is.
#[inline(never)]
pub fn app_path(pathname: &str) -> &str {
    strip(&base(), pathname)
}

/// [`app_path`] for a given base.
pub fn strip<'a>(base: &str, pathname: &'a str) -> &'a str {
    match pathname.strip_prefix(base) {
        Some("") => "/",
        Some(rest) if base.is_empty() || rest.starts_with('/') => rest,
        _ => pathname,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs() {
        assert_eq!(with_base("", "/messages/1"), "/messages/1");
        assert_eq!(with_base("/renda", "/messages/1"), "/renda/messages/1");
        assert_eq!(with_base("/renda", "/"), "/renda/");
        assert_eq!(with_base("/renda", "/search?q=%E8%B7%AF"), "/renda/search?q=%E8%B7%AF");
        for other in ["tel:0763-5551234", "https://example.cn/x", "//cdn.example.cn/x", "#main", "messages"] {
            assert_eq!(with_base("/renda", other), other);
        }
    }

    #[test]
    fn app_paths() {
        assert_eq!(strip("", "/messages/1"), "/messages/1");
        assert_eq!(strip("/renda", "/renda/messages/1"), "/messages/1");
        assert_eq!(strip("/renda", "/renda/"), "/");
        assert_eq!(strip("/renda", "/renda"), "/");
        // not inside the base: unchanged (and not a prefix of a longer segment)
        assert_eq!(strip("/renda", "/rendaxyz/1"), "/rendaxyz/1");
        assert_eq!(strip("/renda", "/other"), "/other");
    }
}
