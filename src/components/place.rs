//! 拨打 and 导航 for a place (an event's; the same works for any place with a phone number or
//! coordinates): a `tel:` link, and links that open the phone's map apps at the place.
//!
//! Which map links work where (checked in Chrome on Android and in WeChat's webview):
//! - the map vendors' web URIs (高德 `uri.amap.com`, 百度 `api.map.baidu.com`) open everywhere,
//!   WeChat included: a map page with the place marked and an "open in the app" button (the
//!   app itself opens directly outside WeChat when installed). They take WGS 84 coordinates
//!   (`coordinate=wgs84`, `coord_type=wgs84`), what the contract carries, and convert them to
//!   the Chinese datum themselves;
//! - `geo:` opens the phone's own choice of map apps on Android, but WeChat blocks it, and iOS
//!   does not know it: offered on Android outside WeChat only;
//! - Apple Maps (`maps.apple.com`) on iOS outside WeChat.
//! The rules are plain functions with native tests; [`PlaceActions`] shows them.

use leptos::prelude::*;

use crate::api::url::encode_component;
use crate::components::icons::{Icon, Svg};
use crate::i18n::{fill, lang, t, Key};

stylance::import_crate_style!(css, "src/components/place.module.css");

/// The `tel:` link of a phone number as people write it ("0763-580 0101", "(0763)5800101"),
/// or `None` when it is not one: only digits, and `+` / `-` kept.
pub fn tel_href(phone: &str) -> Option<String> {
    let kept: String = phone.chars().filter(|c| !matches!(c, ' ' | '(' | ')' | '\u{3000}')).collect();
    let digits = kept.chars().filter(char::is_ascii_digit).count();
    let ok = (3..=20).contains(&digits) && kept.chars().enumerate().all(|(i, c)| c.is_ascii_digit() || c == '-' || (c == '+' && i == 0));
    ok.then(|| format!("tel:{kept}"))
}

/// A map app a place can be opened in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapApp {
    Amap,
    Baidu,
    /// The phone's own choice (Android `geo:`).
    Device,
    Apple,
}

impl MapApp {
    pub fn label(self) -> Key {
        match self {
            MapApp::Amap => Key::MapAmap,
            MapApp::Baidu => Key::MapBaidu,
            MapApp::Device => Key::MapDevice,
            MapApp::Apple => Key::MapApple,
        }
    }
}

/// The platform the links are for (from the user agent).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Platform {
    pub android: bool,
    pub ios: bool,
    /// WeChat's in-app browser: other schemes than http(s) and `tel:` are blocked.
    pub wechat: bool,
}

impl Platform {
    pub fn from_user_agent(ua: &str) -> Platform {
        Platform {
            android: ua.contains("Android"),
            ios: ua.contains("iPhone") || ua.contains("iPad") || ua.contains("iPod"),
            wechat: ua.contains("MicroMessenger"),
        }
    }

    /// This browser's.
    pub fn current() -> Platform {
        let ua = web_sys::window().and_then(|w| w.navigator().user_agent().ok()).unwrap_or_default();
        Platform::from_user_agent(&ua)
    }
}

/// Valid WGS 84 coordinates (and not the 0,0 of a missing position).
pub fn valid_position(lat: f64, lng: f64) -> bool {
    lat.is_finite() && lng.is_finite() && (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lng) && !(lat == 0.0 && lng == 0.0)
}

/// The map links of a place at `lat`, `lng` named `name`, for `platform`: the vendors' web
/// URIs everywhere, the phone's own map where it can open it.
pub fn map_links(lat: f64, lng: f64, name: &str, platform: Platform) -> Vec<(MapApp, String)> {
    if !valid_position(lat, lng) {
        return Vec::new();
    }
    let name = encode_component(name.trim());
    let mut out = vec![
        (MapApp::Amap, format!("https://uri.amap.com/marker?position={lng},{lat}&name={name}&coordinate=wgs84&callnative=1&src=zsrd")),
        (MapApp::Baidu, format!("https://api.map.baidu.com/marker?location={lat},{lng}&title={name}&content={name}&output=html&coord_type=wgs84&src=zsrd")),
    ];
    if platform.android && !platform.wechat {
        out.insert(0, (MapApp::Device, format!("geo:{lat},{lng}?q={lat},{lng}({name})")));
    }
    if platform.ios && !platform.wechat {
        out.push((MapApp::Apple, format!("https://maps.apple.com/?ll={lat},{lng}&q={name}")));
    }
    out
}

/// 拨打 and 导航 for a place: a call button when there is a phone number, the map apps when
/// there are coordinates; nothing when there is neither.
#[component]
pub fn PlaceActions(
    /// The place's name, shown on the map.
    name: String,
    phone: Option<String>,
    lat: Option<f64>,
    lng: Option<f64>,
) -> impl IntoView {
    let lang = lang();
    let tel = phone.as_deref().and_then(|p| tel_href(p).map(|h| (h, p.trim().to_string())));
    let maps = match (lat, lng) {
        (Some(a), Some(b)) => map_links(a, b, &name, Platform::current()),
        _ => Vec::new(),
    };
    (tel.is_some() || !maps.is_empty()).then(|| view! {
        <div class=css::actions>
            {tel.map(|(href, number)| {
                let label = fill(lang.get_untracked().text(Key::PlaceCall), &[("phone", &number)]);
                view! { <a class=format!("btn btn-primary {}", css::call) href=href>{label}</a> }
            })}
            {(!maps.is_empty()).then(|| view! {
                <div class=css::maps role="group" aria-labelledby="place-maps">
                    <p id="place-maps" class=css::maps_title><Svg icon=Icon::Place/>{t(Key::PlaceNavigate)}</p>
                    <ul class=css::map_list>
                        {maps.into_iter().map(|(app, href)| {
                            let external = href.starts_with("https://");
                            view! {
                                <li>
                                    <a class="btn" href=href target=external.then_some("_blank") rel=external.then_some("noopener noreferrer")>
                                        {t(app.label())}
                                    </a>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
            })}
        </div>
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_become_tel_links_and_nothing_else_does() {
        assert_eq!(tel_href("0763-5800101").as_deref(), Some("tel:0763-5800101"));
        assert_eq!(tel_href(" (0763) 580 0101 ").as_deref(), Some("tel:07635800101"));
        assert_eq!(tel_href("+86 763 5800101").as_deref(), Some("tel:+867635800101"));
        for bad in ["", "12", "javascript:alert(1)", "0763-580?x=1", "1+2", "电话 0763", "0763;ext=1"] {
            assert_eq!(tel_href(bad), None, "{bad}");
        }
    }

    const ANDROID_CHROME: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36";
    const ANDROID_WECHAT: &str = "Mozilla/5.0 (Linux; Android 14; V2229A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/126.0 Mobile Safari/537.36 XWEB/1260117 MMWEBSDK/20240404 MicroMessenger/8.0.49.2600(0x28003133) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN";
    const IPHONE_SAFARI: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

    #[test]
    fn platforms_from_user_agents() {
        assert_eq!(Platform::from_user_agent(ANDROID_CHROME), Platform { android: true, ios: false, wechat: false });
        assert_eq!(Platform::from_user_agent(ANDROID_WECHAT), Platform { android: true, ios: false, wechat: true });
        assert_eq!(Platform::from_user_agent(IPHONE_SAFARI), Platform { android: false, ios: true, wechat: false });
        assert_eq!(Platform::from_user_agent(""), Platform::default());
    }

    #[test]
    fn map_links_open_the_vendors_everywhere_and_the_phones_own_map_where_it_can() {
        let apps = |p: &str| map_links(23.7352, 112.9871, "中心联络站", Platform::from_user_agent(p)).into_iter().map(|(a, _)| a).collect::<Vec<_>>();
        assert_eq!(apps(ANDROID_CHROME), vec![MapApp::Device, MapApp::Amap, MapApp::Baidu]);
        assert_eq!(apps(ANDROID_WECHAT), vec![MapApp::Amap, MapApp::Baidu], "WeChat blocks geo:");
        assert_eq!(apps(IPHONE_SAFARI), vec![MapApp::Amap, MapApp::Baidu, MapApp::Apple]);
        let links = map_links(23.7352, 112.9871, "中心联络站 A&B", Platform::from_user_agent(ANDROID_CHROME));
        assert_eq!(links[0].1, "geo:23.7352,112.9871?q=23.7352,112.9871(%E4%B8%AD%E5%BF%83%E8%81%94%E7%BB%9C%E7%AB%99%20A%26B)");
        assert!(links[1].1.starts_with("https://uri.amap.com/marker?position=112.9871,23.7352&name=%E4%B8%AD"), "{}", links[1].1);
        assert!(links[1].1.contains("coordinate=wgs84"));
        assert!(links[2].1.starts_with("https://api.map.baidu.com/marker?location=23.7352,112.9871&"), "{}", links[2].1);
        assert!(links[2].1.contains("coord_type=wgs84") && links[2].1.contains("output=html"));
        assert!(links.iter().all(|(_, l)| !l.contains(' ') && !l.contains("A&B")), "the name is encoded");
    }

    #[test]
    fn no_map_links_without_a_real_position() {
        let p = Platform::from_user_agent(ANDROID_CHROME);
        for (lat, lng) in [(0.0, 0.0), (91.0, 10.0), (10.0, -181.0), (f64::NAN, 1.0), (1.0, f64::INFINITY)] {
            assert!(map_links(lat, lng, "x", p).is_empty(), "{lat},{lng}");
        }
    }
}
