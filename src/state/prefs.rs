//! Reading preferences: 字号 (text size), 长辈模式 (elderly mode) and language,
//! persisted in localStorage and applied to `<html>` (see style/main.css).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::i18n::{Key, Lang, Shown};
use crate::state::storage;

const STORAGE_KEY: &str = "zsrd.prefs.v1";

/// Text size steps. The root font size is a percentage of the browser's (or WeChat's)
/// own setting, so the system / WeChat font size is honoured, never replaced; with 长辈模式 the
/// steps are a bounded scale (style/main.css: a 24 px floor, at most 28 px).
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
    /// The first-visit offer of 长辈模式 and bigger text was answered (yes or no): it is
    /// not made again.
    pub offered: bool,
}

impl StoredPrefs {
    /// Parses stored JSON; anything unreadable gives the defaults (never a crash).
    pub fn parse(raw: Option<&str>) -> StoredPrefs {
        raw.and_then(|text| serde_json::from_str(text).ok()).unwrap_or_default()
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

/// Reactive preferences, provided as context by the app shell.
#[derive(Clone, Copy)]
pub struct Prefs {
    pub font: RwSignal<FontSize>,
    pub elderly: RwSignal<bool>,
    /// The language the user chose (or the browser's).
    pub lang: RwSignal<Lang>,
    /// The language the screens are in: `lang` once its texts are there (see `i18n::pack`).
    pub shown: RwSignal<Lang>,
    /// The first-visit offer of larger text was answered.
    pub offered: RwSignal<bool>,
}

impl Prefs {
    /// Loads the stored preferences, provides them as context, and keeps storage and
    /// `<html>` attributes in step with them.
    pub fn provide() -> Prefs {
        let stored = StoredPrefs::parse(storage::read_text(STORAGE_KEY).as_deref());
        let browser = web_sys::window().and_then(|w| w.navigator().language());
        let chosen = stored.lang_or(browser.as_deref());
        let available = |l: Lang| l == Lang::Zh || crate::i18n::pack::ready();
        let prefs = Prefs {
            font: RwSignal::new(stored.font),
            elderly: RwSignal::new(stored.elderly),
            lang: RwSignal::new(chosen),
            shown: RwSignal::new(if available(chosen) { chosen } else { Lang::Zh }),
            offered: RwSignal::new(stored.offered),
        };
        provide_context(prefs);
        provide_context(Shown(prefs.shown));
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
        let mut prev: Option<(FontSize, bool, Lang, bool)> = None;
        super::effect(move || {
            let now = (prefs.font.get(), prefs.elderly.get(), prefs.lang.get(), prefs.offered.get());
            apply_to_document(now.0, now.1, prefs.shown.get());
            // Only write once something changed, so a browser-derived language stays implicit.
            if prev.is_some_and(|p| p != now) || (prev.is_none() && explicit_lang) {
                let stored = StoredPrefs { font: now.0, elderly: now.1, lang: Some(now.2.tag().to_string()), offered: now.3 };
                let _ = storage::write(STORAGE_KEY, &stored);
            }
            prev = Some(now);
        });
        prefs
    }
}

impl Prefs {
    /// Whether to offer 长辈模式 and bigger text (first visit): not once answered, nor to
    /// someone who already chose a larger size or elderly mode.
    pub fn should_offer_larger(&self) -> bool {
        !self.offered.get_untracked() && !self.elderly.get_untracked() && self.font.get_untracked() == FontSize::Standard
    }
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
    fn stored_prefs_round_trip() {
        for font in FontSize::ALL {
            for elderly in [false, true] {
                for lang in Lang::ALL {
                    let value = StoredPrefs { font, elderly, lang: Some(lang.tag().to_string()), offered: elderly };
                    let json = serde_json::to_string(&value).unwrap();
                    assert_eq!(StoredPrefs::parse(Some(&json)), value);
                }
            }
        }
        // What earlier versions stored still reads.
        let old = StoredPrefs::parse(Some(r#"{"font":"largest","elderly":true,"lang":"zh-CN"}"#));
        assert_eq!(old, StoredPrefs { font: FontSize::Largest, elderly: true, lang: Some("zh-CN".into()), offered: false });
        // The answer to the first-visit offer is kept.
        assert!(StoredPrefs::parse(Some(r#"{"font":"standard","offered":true}"#)).offered);
    }

    #[test]
    fn four_font_sizes_with_distinct_attributes() {
        let attrs: Vec<_> = FontSize::ALL.iter().map(|f| f.attr()).collect();
        assert_eq!(attrs, ["1", "2", "3", "4"]);
    }
}
