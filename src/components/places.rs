//! Calling a place and finding the way there: a big 拨打 button (`tel:`) and 导航, which
//! offers the map apps the phone can open.
//!
//! Which map links work where (why the list differs by browser):
//! * WeChat's and Alipay's webviews refuse `geo:` and every app scheme (`androidamap://`,
//!   `baidumap://`…); ordinary https links open there, so we offer the map services' web
//!   pages, which show the place and offer to open their app (高德 `uri.amap.com`, 百度
//!   `api.map.baidu.com`). Both take WGS 84 positions (`coordinate=wgs84`,
//!   `coord_type=wgs84`), the contract's, so nothing is converted here.
//! * Android browsers hand `geo:` to whatever map app is installed: offered first there.
//! * Without a position, the web pages search for the name and address instead.

use leptos::prelude::*;

use crate::api::url::{encode_component, tel_href};
use crate::components::icons::{Icon, Svg};
use crate::i18n::{fill, lang, t, Key};

stylance::import_crate_style!(pub css, "src/components/places.module.css");

/// Who asks for the maps, as far as the links are concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Browser {
    /// WeChat, Alipay and similar in-app webviews: https links only.
    InApp,
    Android,
    Other,
}

impl Browser {
    pub fn from_user_agent(ua: &str) -> Browser {
        if ["MicroMessenger", "AlipayClient", "DingTalk", "QQ/"].iter().any(|m| ua.contains(m)) {
            Browser::InApp
        } else if ua.contains("Android") {
            Browser::Android
        } else {
            Browser::Other
        }
    }

    pub fn current() -> Browser {
        let ua = web_sys::window().and_then(|w| w.navigator().user_agent().ok()).unwrap_or_default();
        Browser::from_user_agent(&ua)
    }
}

/// One way of opening a place in a map.
#[derive(Clone, Debug, PartialEq)]
pub struct MapLink {
    pub label: Key,
    pub href: String,
}

/// A place to find: its name and address, and its WGS 84 position when known.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Place {
    pub name: String,
    pub address: String,
    pub position: Option<(f64, f64)>,
}

/// A coordinate as the map services read it: at most 6 decimals (about 10 cm), no exponent.
/// (Integer maths: float formatting would bring its machinery into the wasm.)
pub fn coordinate(x: f64) -> String {
    let micro = (x * 1_000_000.0).round() as i64;
    let sign = if micro < 0 { "-" } else { "" };
    let micro = micro.unsigned_abs();
    let (whole, frac) = (micro / 1_000_000, micro % 1_000_000);
    let mut frac = format!("{frac:06}");
    while frac.ends_with('0') {
        frac.pop();
    }
    if frac.is_empty() { format!("{sign}{whole}") } else { format!("{sign}{whole}.{frac}") }
}

/// A usable WGS 84 position.
fn valid((lat, lng): (f64, f64)) -> bool {
    lat.is_finite() && lng.is_finite() && (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lng) && (lat, lng) != (0.0, 0.0)
}

/// The map links for `place` in `browser`, best first.
pub fn map_links(place: &Place, browser: Browser) -> Vec<MapLink> {
    const SRC: &str = "webapp.zsrd.zhangshangrenda";
    let name = encode_component(place.name.trim());
    let mut out = Vec::new();
    match place.position.filter(|p| valid(*p)) {
        Some((lat, lng)) => {
            let (la, ln) = (coordinate(lat), coordinate(lng));
            if browser == Browser::Android {
                out.push(MapLink { label: Key::MapPhone, href: format!("geo:{la},{ln}?q={la},{ln}({name})") });
            }
            out.push(MapLink {
                label: Key::MapAmap,
                href: format!("https://uri.amap.com/marker?position={ln},{la}&name={name}&coordinate=wgs84&callnative=1&src=zsrd"),
            });
            let address = encode_component(place.address.trim());
            out.push(MapLink {
                label: Key::MapBaidu,
                href: format!(
                    "https://api.map.baidu.com/marker?location={la},{ln}&title={name}&content={address}&coord_type=wgs84&output=html&src={SRC}"
                ),
            });
        }
        None => {
            let what = format!("{} {}", place.address.trim(), place.name.trim());
            let what = encode_component(what.trim());
            if what.is_empty() {
                return out;
            }
            if browser == Browser::Android {
                out.push(MapLink { label: Key::MapPhone, href: format!("geo:0,0?q={what}") });
            }
            out.push(MapLink { label: Key::MapAmap, href: format!("https://uri.amap.com/search?keyword={what}&callnative=1&src=zsrd") });
            out.push(MapLink {
                label: Key::MapBaidu,
                href: format!("https://api.map.baidu.com/place/search?query={what}&output=html&src={SRC}"),
            });
        }
    }
    out
}

/// 拨打 (when there is a phone) and 导航 (when there is a place to find), as big buttons.
/// 导航 opens the list of map apps (a disclosure: one tap more, but no app is chosen for the
/// person).
#[component]
pub fn CallAndNavigate(
    /// The number to call, as shown.
    #[prop(optional)]
    phone: Option<String>,
    /// Whom the call goes to, for the button's accessible name (e.g. the station).
    #[prop(into)]
    callee: String,
    #[prop(optional)] place: Option<Place>,
) -> impl IntoView {
    let lang = lang();
    let phone = phone.filter(|p| p.chars().any(|c| c.is_ascii_digit()));
    let links = place.map(|p| map_links(&p, Browser::current())).filter(|l| !l.is_empty());
    if phone.is_none() && links.is_none() {
        return ().into_any();
    }
    let call = phone.map(|p| {
        let label = fill(lang.get_untracked().text(Key::CallLabel), &[("name", &callee), ("phone", &p)]);
        view! {
            <a class=format!("btn btn-primary {}", css::big) href=tel_href(&p) aria-label=label>
                <Svg icon=Icon::Phone/>
                <span>{t(Key::Call)}</span>
                <span class=css::number>{p.clone()}</span>
            </a>
        }
    });
    let nav = links.map(|links| view! {
        <details class=css::nav>
            <summary class=format!("btn {}", css::big)><Svg icon=Icon::Place/><span>{t(Key::Navigate)}</span></summary>
            <p class=css::hint>{t(Key::NavigateHint)}</p>
            <ul class=css::maps>
                {links.into_iter().map(|l| view! { <li><a class="btn" href=l.href>{t(l.label)}</a></li> }).collect_view()}
            </ul>
        </details>
    });
    view! { <div class=css::actions>{call}{nav}</div> }.into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn station() -> Place {
        Place { name: "和平村联络点".into(), address: "和平村村委会一楼".into(), position: Some((23.82651, 112.94803)) }
    }

    #[test]
    fn browsers_by_user_agent() {
        let wechat = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/116 Mobile MicroMessenger/8.0.49";
        assert_eq!(Browser::from_user_agent(wechat), Browser::InApp);
        assert_eq!(Browser::from_user_agent("Mozilla/5.0 (Linux; Android 14) Chrome/126 Mobile"), Browser::Android);
        assert_eq!(Browser::from_user_agent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Safari/604.1"), Browser::Other);
        assert_eq!(Browser::from_user_agent("Mozilla/5.0 (Linux; Android 13) AlipayClient/10.5"), Browser::InApp);
    }

    #[test]
    fn coordinates_without_float_formatting() {
        assert_eq!(coordinate(23.82651), "23.82651");
        assert_eq!(coordinate(112.948031234), "112.948031");
        assert_eq!(coordinate(-0.5), "-0.5");
        assert_eq!(coordinate(113.0), "113");
        assert_eq!(coordinate(-33.8688197), "-33.86882");
    }

    #[test]
    fn map_links_per_browser() {
        let android = map_links(&station(), Browser::Android);
        let labels: Vec<Key> = android.iter().map(|l| l.label).collect();
        assert_eq!(labels, [Key::MapPhone, Key::MapAmap, Key::MapBaidu]);
        let enc = encode_component("和平村联络点");
        assert_eq!(android[0].href, format!("geo:23.82651,112.94803?q=23.82651,112.94803({enc})"));
        assert_eq!(
            android[1].href,
            format!("https://uri.amap.com/marker?position=112.94803,23.82651&name={enc}&coordinate=wgs84&callnative=1&src=zsrd")
        );
        assert!(android[2].href.starts_with("https://api.map.baidu.com/marker?location=23.82651,112.94803&title="));
        assert!(android[2].href.contains("&coord_type=wgs84&"));
        // WeChat refuses geo: and app schemes: https only.
        let wechat = map_links(&station(), Browser::InApp);
        assert_eq!(wechat.iter().map(|l| l.label).collect::<Vec<_>>(), [Key::MapAmap, Key::MapBaidu]);
        assert!(wechat.iter().all(|l| l.href.starts_with("https://")));
    }

    #[test]
    fn without_a_position_the_maps_search() {
        let mut p = station();
        p.position = None;
        let links = map_links(&p, Browser::Other);
        assert_eq!(links.len(), 2);
        assert!(links[0].href.starts_with("https://uri.amap.com/search?keyword="));
        assert!(links[0].href.contains(&encode_component("和平村村委会一楼 和平村联络点")));
        // a nonsense position is no position
        p.position = Some((f64::NAN, 1.0));
        assert!(map_links(&p, Browser::Other)[0].href.contains("/search?"));
        p.position = Some((0.0, 0.0));
        assert!(map_links(&p, Browser::Other)[0].href.contains("/search?"));
        // nothing to find: no links
        assert!(map_links(&Place::default(), Browser::Android).is_empty());
        // text cannot break out of its parameter
        let odd = Place { name: "a&b=c#d".into(), address: String::new(), position: Some((23.8, 112.9)) };
        assert!(map_links(&odd, Browser::Other)[0].href.contains("name=a%26b%3Dc%23d&"));
    }
}
