//! Generated portrait avatars for the demo deputies: small self-contained SVGs (square,
//! `viewBox="0 0 240 240"`, no text, no external references), a person's head and shoulders
//! whose colours and hair are chosen from the key. Served at `/media/avatars/<key>.svg`.

/// Width and height of every avatar.
pub const SIZE: u32 = 240;

/// The URL path of the avatar for `key` (e.g. a deputy's code in lowercase and `-m`/`-f`).
pub fn url(key: &str) -> String {
    format!("/media/avatars/{key}.svg")
}

fn hash(s: &str) -> u64 {
    let h = s.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    // splitmix64 finaliser: every bit depends on every input byte
    let mut z = h.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

const BACKGROUNDS: [&str; 8] = [
    "#e8f1fb", "#fdeee8", "#eaf6ee", "#f5effb", "#fff5dc", "#e6f4f4", "#fbe9ef", "#eef0f3",
];
const CLOTHES: [&str; 8] = [
    "#1f4e8c", "#8c2f1f", "#2f6b3f", "#5b3f8c", "#3a3a3a", "#1f6b6b", "#7a1f3d", "#44546a",
];
const SKIN: [&str; 4] = ["#f6d5b8", "#eec39e", "#e2b48c", "#f3cdb0"];
const HAIR: [&str; 4] = ["#222222", "#3b2a20", "#4a4a4a", "#2a2018"];

/// The SVG of the avatar for `key` (every key gets a picture). A key ending in `-m` gets
/// short hair, `-f` long hair or a bun; others any of them.
pub fn svg(key: &str) -> String {
    let h = hash(key);
    let pick = |shift: u32, n: usize| ((h >> shift) as usize) % n;
    let style = if key.ends_with("-m") {
        pick(24, 2)
    } else if key.ends_with("-f") {
        2 + pick(24, 2)
    } else {
        pick(24, 4)
    };
    let bg = BACKGROUNDS[pick(0, BACKGROUNDS.len())];
    let cloth = CLOTHES[pick(8, CLOTHES.len())];
    let skin = SKIN[pick(16, SKIN.len())];
    let hair = HAIR[pick(20, HAIR.len())];
    let hair_shape = match style {
        // short
        0 => format!(
            r#"<path d="M78 104c0-30 18-50 42-50s42 20 42 50c-8-14-22-22-42-22s-34 8-42 22z" fill="{hair}"/>"#
        ),
        // side parting
        1 => format!(
            r#"<path d="M76 108c-2-34 18-56 46-56 26 0 44 20 42 52-10-18-28-26-54-22-14 2-26 12-34 26z" fill="{hair}"/>"#
        ),
        // long
        2 => format!(
            r#"<path d="M74 112c0-36 20-60 46-60s46 24 46 60v50c-8 6-16 8-22 8v-64c-10-8-40-8-48 0v64c-6 0-14-2-22-8z" fill="{hair}"/>"#
        ),
        // bun
        _ => format!(
            r#"<circle cx="120" cy="50" r="16" fill="{hair}"/><path d="M78 106c0-32 18-52 42-52s42 20 42 52c-10-16-24-24-42-24s-32 8-42 24z" fill="{hair}"/>"#
        ),
    };
    let collar = if pick(28, 2) == 0 {
        r##"<path d="M104 176l16 22 16-22" fill="#ffffff"/><path d="M116 186h8l-2 30h-4z" fill="#b0283a"/>"##
    } else {
        r##"<path d="M100 176q20 18 40 0" fill="none" stroke="#ffffff" stroke-width="6"/>"##
    };
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 240" width="240" height="240"><rect width="240" height="240" fill="{bg}"/><path d="M40 240c0-40 34-68 80-68s80 28 80 68z" fill="{cloth}"/><rect x="108" y="146" width="24" height="32" rx="8" fill="{skin}"/><ellipse cx="120" cy="112" rx="40" ry="46" fill="{skin}"/>{hair_shape}<circle cx="105" cy="116" r="4" fill="#2a2a2a"/><circle cx="135" cy="116" r="4" fill="#2a2a2a"/><path d="M108 138q12 8 24 0" fill="none" stroke="#9a5a4a" stroke-width="3" stroke-linecap="round"/>{collar}</svg>"##
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_distinct() {
        assert_eq!(svg("lw01"), svg("lw01"));
        let all: std::collections::HashSet<String> =
            (1..=12).map(|i| svg(&format!("lw{i:02}-m"))).collect();
        assert!(all.len() >= 10);
        let s = svg("x");
        assert!(s.starts_with("<svg") && s.ends_with("</svg>"));
        assert!(!s.contains("href") && !s.contains("<text"));
        assert_eq!(url("lw01"), "/media/avatars/lw01.svg");
    }
}
