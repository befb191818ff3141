//! Reading preferences: 字号 (text size), 长辈模式 (elderly mode) and language,
//! persisted in localStorage and applied to `<html>` (see style/main.css).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::decode::{self, decode, FromJson};
use crate::api::json::J;
use crate::i18n::{Key, Lang};

const STORAGE_KEY: &str = "zsrd.prefs.v1";

/// Text size steps. The root font size is a percentage of the browser's (or WeChat's)
/// own setting, so the system / WeChat font size is honoured and multiplied, never replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FontSize {
    #[default]
    Standard,
    Large,
    Larger,
    Largest,
}

impl FontSize {
    pub const ALL: [FontSize; 4] = [FontSize::Standard, FontSize::Large, FontSize::Larger, FontSize::Largest];

    /// Value of `<html data-font>`.
    pub fn attr(self) -> &'static str {
        match self {
            FontSize::Standard => "1",
            FontSize::Large => "2",
            FontSize::Larger => "3",
            FontSize::Largest => "4",
        }
    }

    pub fn label(self) -> Key {
        match self {
            FontSize::Standard => Key::FontSmall,
            FontSize::Large => Key::FontMedium,
            FontSize::Larger => Key::FontLarge,
            FontSize::Largest => Key::FontXlarge,
        }
    }
}

/// What is stored.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct StoredPrefs {
    pub font: FontSize,
    pub elderly: bool,
    /// BCP 47 tag; absent = follow the browser (zh-CN unless it asks for English).
    pub lang: Option<String>,
}

impl StoredPrefs {
    /// Parses stored JSON; anything unreadable gives the defaults (never a crash).
    pub fn parse(raw: Option<&str>) -> StoredPrefs {
        raw.and_then(decode::<StoredPrefs>).unwrap_or_default()
    }

    pub fn lang_or(&self, browser: Option<&str>) -> Lang {
        self.lang
            .as_deref()
            .and_then(Lang::from_tag)
            .or_else(|| browser.and_then(Lang::from_tag))
            .filter(|l| *l == Lang::En)
            .unwrap_or(Lang::Zh)
    }
}

// Read as serde would read it (a test in api::decode compares): `#[serde(default)]` on the
// struct, and a font size must be one of the four names.
impl FromJson for StoredPrefs {
    fn from_json(v: &J) -> Option<Self> {
        let f = decode::Fields::of(v)?;
        f.end(3)?;
        Some(StoredPrefs {
            font: match f.get(0, "font")? {
                None => FontSize::default(),
                Some(v) => match decode::variant(v)? {
                    "standard" => FontSize::Standard,
                    "large" => FontSize::Large,
                    "larger" => FontSize::Larger,
                    "largest" => FontSize::Largest,
                    _ => return None,
                },
            },
            elderly: decode::def(f.get(1, "elderly")?, decode::boolean)?,
            lang: decode::opt(f.get(2, "lang")?, decode::string)?,
        })
    }
}

/// Reactive preferences, provided as context by the app shell.
#[derive(Clone, Copy)]
pub struct Prefs {
    pub font: RwSignal<FontSize>,
    pub elderly: RwSignal<bool>,
    /// The language the user chose (or the browser's).
    pub lang: RwSignal<Lang>,
    /// The language the screens are in: `lang` once its texts are there (see `i18n::pack`).
    pub shown: RwSignal<Lang>,
}

impl Prefs {
    /// Loads the stored preferences, provides them as context, and keeps storage and
    /// `<html>` attributes in step with them.
    pub fn provide() -> Prefs {
        let storage = super::local_storage();
        let raw = storage.as_ref().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
        let stored = StoredPrefs::parse(raw.as_deref());
        let browser = web_sys::window().and_then(|w| w.navigator().language());
        let chosen = stored.lang_or(browser.as_deref());
        let available = |l: Lang| l == Lang::Zh || crate::i18n::pack::ready();
        let prefs = Prefs {
            font: RwSignal::new(stored.font),
            elderly: RwSignal::new(stored.elderly),
            lang: RwSignal::new(chosen),
            shown: RwSignal::new(if available(chosen) { chosen } else { Lang::Zh }),
        };
        provide_context(prefs);
        super::effect(move || {
            let l = prefs.lang.get();
            if available(l) {
                prefs.shown.set(l);
            } else {
                leptos::task::spawn_local(async move {
                    if crate::i18n::pack::load().await && prefs.lang.try_get_untracked() == Some(l) {
                        prefs.shown.try_set(l);
                    }
                });
            }
        });
        let explicit_lang = stored.lang.is_some();
        let mut prev: Option<(FontSize, bool, Lang)> = None;
        super::effect(move || {
            let now = (prefs.font.get(), prefs.elderly.get(), prefs.lang.get());
            apply_to_document(now.0, now.1, prefs.shown.get());
            // Only write once something changed, so a browser-derived language stays implicit.
            if prev.is_some_and(|p| p != now) || (prev.is_none() && explicit_lang) {
                if let Some(s) = super::local_storage() {
                    let _ = s.set_item(STORAGE_KEY, &stored_json(now.0, now.1, now.2));
                }
            }
            prev = Some(now);
        });
        prefs
    }
}

/// The stored JSON of these preferences: what `serde_json::to_string(&StoredPrefs)` gives
/// (a test checks), written by hand to keep serde's serializer out of the wasm.
fn stored_json(font: FontSize, elderly: bool, lang: Lang) -> String {
    let font = match font {
        FontSize::Standard => "standard",
        FontSize::Large => "large",
        FontSize::Larger => "larger",
        FontSize::Largest => "largest",
    };
    let elderly = if elderly { "true" } else { "false" };
    // Language tags are plain ASCII letters and '-': nothing to escape.
    format!(r#"{{"font":"{font}","elderly":{elderly},"lang":"{}"}}"#, lang.tag())
}

fn apply_to_document(font: FontSize, elderly: bool, lang: Lang) {
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) else {
        return;
    };
    let _ = root.set_attribute("data-font", font.attr());
    if elderly {
        let _ = root.set_attribute("data-elderly", "");
    } else {
        let _ = root.remove_attribute("data-elderly");
    }
    let _ = root.set_attribute("lang", lang.tag());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_stored_prefs_tolerantly() {
        assert_eq!(StoredPrefs::parse(None), StoredPrefs::default());
        assert_eq!(StoredPrefs::parse(Some("not json")), StoredPrefs::default());
        let p = StoredPrefs::parse(Some(r#"{"font":"larger","elderly":true,"lang":"en","extra":1}"#));
        assert_eq!(p.font, FontSize::Larger);
        assert!(p.elderly);
        assert_eq!(p.lang_or(None), Lang::En);
        // An unknown font value falls back to all defaults rather than failing.
        assert_eq!(StoredPrefs::parse(Some(r#"{"font":"huge"}"#)), StoredPrefs::default());
    }

    #[test]
    fn language_defaults_to_chinese() {
        let p = StoredPrefs::default();
        assert_eq!(p.lang_or(None), Lang::Zh);
        assert_eq!(p.lang_or(Some("fr-FR")), Lang::Zh);
        assert_eq!(p.lang_or(Some("en-GB")), Lang::En);
        assert_eq!(p.lang_or(Some("zh-TW")), Lang::Zh);
    }

    #[test]
    fn hand_written_json_is_what_serde_writes() {
        for font in FontSize::ALL {
            for elderly in [false, true] {
                for lang in Lang::ALL {
                    let value = StoredPrefs { font, elderly, lang: Some(lang.tag().to_string()) };
                    let json = stored_json(font, elderly, lang);
                    assert_eq!(json, serde_json::to_string(&value).unwrap());
                    assert_eq!(StoredPrefs::parse(Some(&json)), value);
                }
            }
        }
    }

    #[test]
    fn four_font_sizes_with_distinct_attributes() {
        let attrs: Vec<_> = FontSize::ALL.iter().map(|f| f.attr()).collect();
        assert_eq!(attrs, ["1", "2", "3", "4"]);
    }
}
