//! QR codes, generated in the app (qrcodegen, no network) and drawn as one SVG `<path>`:
//! dark modules merged into horizontal runs, inside a 4-module quiet zone.

use leptos::prelude::*;
use qrcodegen::{QrCode, QrCodeEcc};

use crate::api::url::encode_component;

/// Width of the light border around the code, in modules (the standard's minimum).
pub const QUIET: usize = 4;

/// The short link printed on a deputy's QR code: `<origin>/d/<code>`.
pub fn short_link(origin: &str, code: &str) -> String {
    format!("{}/d/{}", origin.trim_end_matches('/'), encode_component(code))
}

/// Where the app runs, without a trailing slash (`https://host`, or `https://host/renda` under a
/// path: crate::paths), for absolute links: `app_origin() + "/d/…"`.
pub fn app_origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default() + &crate::paths::base()
}

/// The module matrix of `text` (row-major, `true` = dark) and its side, without the quiet
/// zone; `None` when the text is too long for a QR code.
pub fn modules(text: &str) -> Option<(usize, Vec<bool>)> {
    let qr = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let n = qr.size();
    let mut m = Vec::with_capacity((n * n) as usize);
    for y in 0..n {
        for x in 0..n {
            m.push(qr.get_module(x, y));
        }
    }
    Some((n as usize, m))
}

/// SVG path data covering exactly the dark modules, one `M x y h w v1 h-w z` per run of
/// dark modules in a row, offset by the quiet zone.
pub fn path_of(size: usize, modules: &[bool]) -> String {
    use std::fmt::Write as _;
    let mut d = String::new();
    for y in 0..size {
        let row = &modules[y * size..(y + 1) * size];
        let mut x = 0;
        while x < size {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < size && row[x] {
                x += 1;
            }
            let w = x - start;
            let _ = write!(d, "M{} {}h{}v1h-{}z", start + QUIET, y + QUIET, w, w);
        }
    }
    d
}

/// `text` as a QR code: an `<svg role="img">` named by `label`, scaled to its box.
#[component]
pub fn QrSvg(text: String, #[prop(into)] label: String, #[prop(optional, into)] class: String) -> impl IntoView {
    let Some((size, m)) = modules(&text) else {
        return view! { <p>{text}</p> }.into_any();
    };
    let side = size + 2 * QUIET;
    let view_box = format!("0 0 {side} {side}");
    view! {
        <svg class=class viewBox=view_box role="img" aria-label=label shape-rendering="crispEdges"
            xmlns="http://www.w3.org/2000/svg">
            <rect width="100%" height="100%" fill="#fff"></rect>
            <path d=path_of(size, &m) fill="#000"></path>
        </svg>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads the path back into a matrix (with the quiet zone removed).
    fn paint(size: usize, d: &str) -> Vec<bool> {
        let mut m = vec![false; size * size];
        for cmd in d.split('M').filter(|c| !c.is_empty()) {
            let cmd = cmd.strip_suffix('z').expect("closed run");
            let (xy, rest) = cmd.split_once('h').expect("h");
            let (x, y) = xy.split_once(' ').expect("x y");
            let (w, back) = rest.split_once("v1h-").expect("v1h-");
            assert_eq!(w, back, "the run closes on itself");
            let (x, y, w): (usize, usize, usize) = (x.parse().unwrap(), y.parse().unwrap(), w.parse().unwrap());
            assert!(x >= QUIET && y >= QUIET && x - QUIET + w <= size && y - QUIET < size, "inside the code");
            for i in 0..w {
                let cell = &mut m[(y - QUIET) * size + x - QUIET + i];
                assert!(!*cell, "no module painted twice");
                *cell = true;
            }
        }
        m
    }

    #[test]
    fn the_path_covers_exactly_the_dark_modules() {
        for text in ["https://zsrd.example.cn/d/LW01", "http://localhost:8080/d/LW02", "x", &"长".repeat(200)] {
            let qr = QrCode::encode_text(text, QrCodeEcc::Medium).unwrap();
            let (size, m) = modules(text).unwrap();
            assert_eq!(size as i32, qr.size());
            for y in 0..qr.size() {
                for x in 0..qr.size() {
                    assert_eq!(m[y as usize * size + x as usize], qr.get_module(x, y), "module {x},{y}");
                }
            }
            let d = path_of(size, &m);
            assert_eq!(paint(size, &d), m, "{text}");
            // Runs are maximal: fewer commands than dark modules.
            assert!(d.matches('M').count() < m.iter().filter(|&&b| b).count());
        }
    }

    #[test]
    fn a_known_link_has_the_expected_size_and_finders() {
        let (size, m) = modules("https://zsrd.example.cn/d/LW01").unwrap();
        assert_eq!(size, 29, "30 bytes at level M: version 3");
        // The three finder patterns: dark 7×7 rings at three corners.
        for (ox, oy) in [(0, 0), (size - 7, 0), (0, size - 7)] {
            for i in 0..7 {
                assert!(m[oy * size + ox + i] && m[(oy + 6) * size + ox + i]);
                assert!(m[(oy + i) * size + ox] && m[(oy + i) * size + ox + 6]);
            }
            assert!(!m[(oy + 1) * size + ox + 1]);
            assert!(m[(oy + 3) * size + ox + 3]);
        }
        assert!(modules(&"x".repeat(3000)).is_none(), "too long for any version");
    }

    #[test]
    fn short_links_are_absolute_and_encoded() {
        assert_eq!(short_link("https://zsrd.example.cn", "LW01"), "https://zsrd.example.cn/d/LW01");
        assert_eq!(short_link("http://localhost:8080/", "LW02"), "http://localhost:8080/d/LW02");
        assert_eq!(short_link("https://a.cn", "a b/c"), "https://a.cn/d/a%20b%2Fc");
    }
}
