//! The demo township's mark, drawn like the demo illustrations (a small self-contained SVG,
//! no text, no external references): a round red seal with a meeting hall above hills and the
//! bend of a river — the "bay" of 龙湾. Deliberately not the national emblem, which only
//! state bodies may show. Served at [`URL`] and named by `/api/v1/meta` with `--demo`.

/// Where the mark is served.
pub const URL: &str = "/media/emblem.svg";
/// Its width and height in CSS pixels (it is square).
pub const SIZE: u32 = 96;

/// The SVG.
pub const SVG: &str = concat!(
    r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96" width="96" height="96">"##,
    r##"<circle cx="48" cy="48" r="47" fill="#b3262e"/>"##,
    r##"<circle cx="48" cy="48" r="41" fill="#fdf6ec"/>"##,
    r##"<circle cx="48" cy="48" r="44" fill="none" stroke="#e8b64c" stroke-width="1.5" stroke-dasharray="2 3"/>"##,
    // hills
    r##"<path d="M9 62q10-14 22-8t20-10 22 6 16 8v6H9z" fill="#5f9e5a"/>"##,
    r##"<path d="M12 68q14-10 28-4t24-4 22 4v6H14z" fill="#7db46f"/>"##,
    // the river's bend
    r##"<path d="M14 74q20-6 34 0t34-2q-2 8-8 12-14 4-26-1t-28 1q-4-4-6-10z" fill="#4a8cc7"/>"##,
    r##"<path d="M24 79q12-4 24 0t24-1" fill="none" stroke="#cfe3f4" stroke-width="1.5" stroke-linecap="round"/>"##,
    // the hall: roof, beam, columns, steps
    r##"<path d="M26 36l22-14 22 14z" fill="#c8323a"/>"##,
    r##"<rect x="29" y="36" width="38" height="4" fill="#e8b64c"/>"##,
    r##"<path d="M32 40h4v14h-4zM41 40h4v14h-4zM51 40h4v14h-4zM60 40h4v14h-4z" fill="#c8323a"/>"##,
    r##"<rect x="28" y="54" width="40" height="3" fill="#8a6a45"/>"##,
    r##"<circle cx="48" cy="30" r="3" fill="#e8b64c"/>"##,
    "</svg>"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_self_contained_square_svg_without_text() {
        assert!(SVG.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 96 96\""));
        assert!(SVG.ends_with("</svg>"));
        for forbidden in ["<text", "href", "<script", "url("] {
            assert!(!SVG.contains(forbidden), "{forbidden}");
        }
    }
}
