//! 首页 and a deputy's QR page (`/d/<code>`) drawn by the server, for a first visit (issue 15:
//! the first article, and the deputy with 给代表留言, without waiting for the app's wasm).
//!
//! On a slow phone, a cold 首页 waited for the first load (about 220 KiB: over a second at
//! 1.6 Mbps), the wasm's start and then its requests: 2.1 s to the first article, where the
//! same screen as a static page showed in 0.6 s. The reference server now answers `/` with
//! `index.html` carrying the screen the app will show, drawn from the same data: the township,
//! the service hub's entries, 人大动态's categories and its newest articles, in the app's own
//! markup and class names. index.html's last script treats it as it treats the last-seen 首页
//! of a second visit (`#snap`): shown while the app loads, the app hidden behind it, then
//! replaced by the app's own screen. Its links work before the app has started (whole-page
//! navigations) and the router's after.
//!
//! What keeps it the app's screen and not a second design:
//! - class names come from the app's CSS modules by stylance's own hash of their paths;
//! - texts come from the app's locale files (zh-CN) and icons from `src/components/icons.rs`,
//!   read when the server is compiled;
//! - the markup follows the components named at each part, and the end-to-end test
//!   (`tests/e2e/first-screen.spec.ts`) compares this screen with the app's own, part by part.
//!
//! A deputy's QR page the same way: what a scan must show at once (name, title, station, and
//! 给代表留言 first), measured 2.3 → 0.6 s.
//!
//! It is the reference server's: another backend serving `dist/` as files gives today's boot
//! screen, and the app works the same. Only for `/` (the feed unfiltered) and `/d/<code>`, and
//! in Chinese (the script takes it away for someone who chose English); nothing of a person is
//! in it, so one drawing of 首页 serves everyone for [`FRESH_FOR`].

use std::path::Path;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use contract::civil::{civil_from_days, parse_rfc3339, DAY};
use contract::display::{clamp_level, encode_component, human_size, paragraphs, relative_parts, resolve, tel_href};
use contract::{Article, ArticleKind, ArticleSummary, Block, Category, Deputy, StationContact};
use maud::{html, Markup};

use crate::db::{self, ArticleFilter};
use crate::problem::ApiError;
use crate::{people, AppState};

/// How many of the feed's articles: a phone's screen and more; the rest of the first page
/// comes with the app (which asks for its own, fresh).
pub const ARTICLES: u32 = 8;

/// How long one drawing is answered (everyone gets the same; the app's own, fresh screen
/// replaces it within seconds anyway).
pub const FRESH_FOR: Duration = Duration::from_secs(10);

/// The last drawing and when it was made ([`AppState::first_screen_cache`]).
pub type Cache = Mutex<Option<(Instant, String)>>;

/// The app's locale files the screen's texts come from (zh-CN, the default language).
const TEXTS: [&str; 4] = [
    include_str!("../../locales/zh-CN/reading.txt"),
    include_str!("../../locales/zh-CN/reading-screens.txt"),
    include_str!("../../locales/zh-CN/shell.txt"),
    include_str!("../../locales/zh-CN/people.txt"),
];

/// The app's icons (`Icon::Name => "path data"` in its source).
const ICONS: &str = include_str!("../../src/components/icons.rs");

/// The app's CSS modules this screen uses, as paths from the app's crate root (what stylance
/// hashes; `[package.metadata.stylance]` in Cargo.toml keeps its defaults: 7 hex digits).
const SHELL: &str = "src/components/shell.module.css";
const HUB: &str = "src/pages/hub.module.css";
const CHIPS: &str = "src/components/chips.module.css";
const LIST: &str = "src/components/paged_list.module.css";
const CARDS: &str = "src/components/cards.module.css";
const PAGE: &str = "src/pages/page.module.css";
const PEOPLE: &str = "src/pages/people.module.css";
const BLOCKS: &str = "src/components/blocks.module.css";

/// A class of one of the app's CSS modules, as stylance names it in the app's build:
/// `name-<the first 7 hex digits of the hash of the module's path>`.
pub fn class(module: &str, name: &str) -> String {
    let mut hash = format!("{:x}", stylance_core::hash_path(Path::new(module)));
    hash.truncate(7);
    format!("{name}-{hash}")
}

/// A text of the app's zh-CN locale files (`key = value`); empty when it is not there (a test
/// checks that every key used here is).
pub fn text(key: &str) -> &'static str {
    // (read once: a drawing asks for dozens of texts, and deputies and articles are drawn on
    // every request)
    static BY_KEY: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    let texts = BY_KEY.get_or_init(|| {
        TEXTS
            .iter()
            .flat_map(|file| file.lines())
            .filter_map(|line| line.split_once('=').map(|(k, v)| (k.trim(), v.trim())))
            .collect()
    });
    texts.get(key).copied().unwrap_or("")
}

/// `{name}` placeholders of a text filled in (the app's `i18n::fill`).
fn fill(text: &str, pairs: &[(&str, &str)]) -> String {
    pairs.iter().fold(text.to_owned(), |t, (k, v)| t.replace(&format!("{{{k}}}"), v))
}

/// The path data of one of the app's icons; empty when it is not there (tested).
pub fn icon_path(name: &str) -> &'static str {
    let Some(at) = ICONS.find(&format!("Icon::{name} => \"")) else { return "" };
    let rest = &ICONS[at + name.len() + 11..];
    rest.split('"').next().unwrap_or("")
}

/// The app's `Svg` (components/icons.rs).
fn svg(icon: &str) -> Markup {
    html! {
        svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false"
            fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" {
            path d=(icon_path(icon)) {}
        }
    }
}

/// A time as the app shows it in a card (`format::relative` in zh-CN, with `Intl`'s
/// `numeric: "auto"`): 刚刚, N分钟前, N小时前, 昨天/前天/N天前 within a week, else the date in
/// the deployment's time zone.
pub fn relative(rfc3339: &str, now: i64, tz_offset_secs: i64) -> String {
    let Some(at) = parse_rfc3339(rfc3339) else { return rfc3339.to_owned() };
    match relative_parts((at - now) as f64) {
        None => text("time_just_now").to_owned(),
        Some((_, "date")) => {
            let (y, m, d) = civil_from_days((at + tz_offset_secs).div_euclid(DAY));
            format!("{y}年{m}月{d}日")
        }
        // (`Intl.RelativeTimeFormat` in zh-CN with `numeric: "auto"`)
        Some((value, unit)) => {
            let n = value.abs() as i64;
            let unit = match unit {
                "minute" => "分钟",
                "hour" => "小时",
                _ => "天",
            };
            match (unit, value < 0.0, n) {
                ("天", true, 1) => "昨天".into(),
                ("天", true, 2) => "前天".into(),
                ("天", false, 1) => "明天".into(),
                ("天", false, 2) => "后天".into(),
                (_, true, _) => format!("{n}{unit}前"),
                (_, false, _) => format!("{n}{unit}后"),
            }
        }
    }
}

/// A count as the app shows it (`format::count`: `Intl`'s compact notation in zh-CN).
pub fn count(n: u64) -> String {
    let (value, unit) = match n {
        0..=9_999 => return n.to_string(),
        10_000..=99_999_999 => (n as f64 / 1e4, "万"),
        _ => (n as f64 / 1e8, "亿"),
    };
    // Two significant digits below 10, whole numbers above (as Intl rounds compact numbers).
    let shown = if value < 10.0 { format!("{:.1}", (value * 10.0).round() / 10.0) } else { format!("{}", value.round()) };
    format!("{}{unit}", shown.strip_suffix(".0").unwrap_or(&shown))
}

/// What the screen shows of the backend.
pub struct Data {
    pub place: String,
    pub body_name: Option<String>,
    pub emblem: Option<String>,
    pub station: Option<StationContact>,
    pub categories: Vec<Category>,
    pub articles: Vec<ArticleSummary>,
}

impl Data {
    async fn read(state: &AppState) -> Result<Data, ApiError> {
        let config = state.config();
        let wanted = config.main_station.clone();
        let (station, categories, (articles, _)) = state
            .db()
            .read(move |conn| {
                let filter = ArticleFilter {
                    kind: Some(ArticleKind::News),
                    category: None,
                    search: None,
                    pg_search: None,
                    phrases: Vec::new(),
                    relevance: false,
                    after: None,
                    ranked_after: None,
                    limit: ARTICLES,
                };
                Ok((
                    people::main_station(conn, wanted.as_deref())?,
                    db::list_categories(conn, Some(ArticleKind::News))?,
                    db::list_articles(conn, &filter)?,
                ))
            })
            .await?;
        // (as `GET /meta` says it, and `pages::hub::Brand` shows it)
        let (township, name) = (config.township.clone(), config.name.clone());
        Ok(Data {
            place: if township.is_empty() { name.clone() } else { township.clone() },
            body_name: (!township.is_empty() && !name.is_empty()).then_some(name),
            emblem: config.emblem.clone().filter(|u| !u.trim().is_empty()),
            station,
            categories,
            articles,
        })
    }
}

/// 首页 (pages::home::Home), in the app's frame.
pub fn draw(data: &Data, base: &str, now: i64, tz_offset_secs: i64) -> String {
    let to = |path: &str| format!("{base}{path}");
    let shell = |n: &str| class(SHELL, n);
    let hub = |n: &str| class(HUB, n);
    let tiles = [
        ("/messages/new?choose=1", "Chat", "hub_write", text("hub_write_hint"), None),
        ("/deputies", "People", "hub_find", text("hub_find_hint"), None),
        ("/messages", "Policy", "hub_mine", text("hub_mine_signed_out"), Some("s-hub-mine")),
    ];
    // (pages::hub: PollsTile, TopicsTile, PointsTile; relative links)
    let more = [("polls", "Vote", "polls_title", "polls_hub_hint"), ("topics", "Topic", "topics_title", "topics_hub_hint"), ("points", "Award", "points_hub", "points_hub_hint")];
    let phone = data
        .station
        .as_ref()
        .and_then(|s| s.phone.clone().filter(|p| p.chars().any(|c| c.is_ascii_digit())).map(|p| (s.name.clone(), p)));
    let main = html! {
        // components::shell::TopBar
        header class=(shell("topbar")) {
            h1 class=(shell("title")) { (text("app_name")) }
            a class=(shell("icon_btn")) href="search" aria-label=(text("nav_search")) { (svg("Search")) }
        }
        // pages::home::Hub, with pages::hub's parts drawn in
        div id="s-hub-offer" {}
        div class=(hub("hub")) {
            div id="s-hub-brand" {
                div class=(hub("brand")) {
                    @if let Some(src) = data.emblem.as_deref().and_then(|e| resolve(base, e)) {
                        span class=(hub("emblem")) { (image(&src, "", None, None, true)) }
                    }
                    p class=(hub("place")) {
                        span { (data.place) }
                        @if let Some(b) = &data.body_name { span class=(hub("body_name")) { (b) } }
                    }
                }
            }
            nav aria-label=(text("hub_services")) {
                ul class=(hub("tiles")) id="s-hub-tiles" {
                    @for (href, icon, title, hint, id) in tiles {
                        li { a class=(hub("tile")) href=(to(href)) {
                            (svg(icon))
                            strong { (text(title)) }
                            span class=(hub("note")) id=[id] { (hint) }
                        } }
                    }
                    @for (href, icon, title, hint) in more {
                        li { a class=(hub("tile")) href=(href) {
                            (svg(icon))
                            strong { (text(title)) }
                            span class=(hub("note")) { (text(hint)) }
                        } }
                    }
                    @if let Some((name, phone)) = &phone {
                        li { a class=(hub("tile")) href=(tel_href(phone)) aria-label=(fill(text("hub_call_label"), &[("name", name), ("phone", phone)])) {
                            (svg("Phone"))
                            strong { (text("hub_call")) }
                            span class=(hub("note")) { (phone) }
                        } }
                    }
                }
            }
        }
        a class=(hub("events_entry")) href="events" {
            (svg("Calendar"))
            span class=(hub("events_entry_text")) {
                strong { (text("events_title")) }
                span { (text("home_events_hint")) }
            }
            span aria-hidden="true" { "›" }
        }
        section aria-labelledby="s-home-news" {
            h2 class=(hub("news_title")) id="s-home-news" { (text("home_title")) }
            // pages::home::ArticleFeed: components::chips::CategoryChips, then the list
            div style="min-height:3.5rem" {
                @if !data.categories.is_empty() {
                    nav aria-label=(text("categories_label")) {
                        ul class=(class(CHIPS, "row")) {
                            li { a class=(class(CHIPS, "chip")) href=(to("/")) aria-current="page" { (text("category_all")) } }
                            @for c in &data.categories {
                                li { a class=(class(CHIPS, "chip")) href=(to(&format!("/?category={}", encode_component(&c.id)))) { (c.name) } }
                            }
                        }
                    }
                }
            }
            div class=(class(LIST, "list")) {
                @for a in &data.articles { (card(a, base, now, tz_offset_secs)) }
            }
        }
    };
    frame(main, Some(0))
}

/// The app's frame around a screen (app.rs: the skip link, `main`, components::shell::TabBar
/// with the screen's tab current), as `<div id="snap">` (index.html's scripts and
/// style/main.css). Ids carry `s-` as in the last-seen 首页 (public/late.js), so that none is
/// the app's own.
fn frame(main: Markup, tab: Option<usize>) -> String {
    let shell = |n: &str| class(SHELL, n);
    let tabs = [("./", "nav_home", "Home"), ("policy", "nav_policy", "Policy"), ("deputies", "tab_deputies", "People"), ("messages", "tab_messages", "Chat"), ("me", "nav_me", "Person")];
    html! {
        div id="snap" {
            a class="skip-link" href="#s-main" { (text("skip_to_content")) }
            // (`data-drawn`: this drawing, not the last-seen 首页 that may take its place)
            main id="s-main" tabindex="-1" data-drawn { (main) }
            nav class=(shell("tabbar")) aria-label=(text("nav_main")) {
                ul class=(shell("tabs")) {
                    @for (i, (href, label, icon)) in tabs.iter().enumerate() {
                        li { a class=(shell("tab")) href=(href) aria-current=[(Some(i) == tab).then_some("page")] {
                            (svg(icon))
                            span class=(shell("tab_label")) { (text(label)) }
                        } }
                    }
                }
            }
        }
    }
    .into_string()
}

/// A deputy's page as a QR code opens it (`/d/<code>`, pages::deputies::DeputyView with
/// `from_code`): the name, title and constituency, the station, 给代表留言 first, then the
/// introduction and the fields the deputy follows. (The station's phone, the figures and the QR
/// code come with the app.) Its 返回 is a link to the directory, where the app's goes when
/// there is no screen to go back to, as after a scan.
pub fn draw_deputy(d: &Deputy, base: &str) -> String {
    let shell = |n: &str| class(SHELL, n);
    let page = |n: &str| class(PAGE, n);
    let people = |n: &str| class(PEOPLE, n);
    let main = html! {
        header class=(format!("{} {}", shell("topbar"), shell("topbar_with_back"))) {
            a class=(shell("icon_btn")) href="deputies" aria-label=(text("nav_back")) { (svg("Back")) }
            span class=(shell("title")) { (text("deputy_title")) }
            a class=(shell("icon_btn")) href="search" aria-label=(text("nav_search")) { (svg("Search")) }
        }
        article class=(page("detail")) {
            div class=(people("profile_head")) {
                @if let Some(src) = d.photo.as_ref().and_then(|p| resolve(base, &p.url)) {
                    div class=(people("photo")) { (image(&src, "", None, None, true)) }
                }
                div class=(people("profile_text")) {
                    h1 class=(page("detail_title")) { (d.name) }
                    p class=(page("meta")) {
                        span class=(page("tag")) { (d.title) }
                        span { (d.constituency) }
                    }
                    @if let Some(s) = &d.station {
                        p class=(people("station_line")) {
                            (text("deputy_station")) " " a href=(format!("{base}/stations/{}", encode_component(&s.id))) { (s.name) }
                        }
                    }
                }
            }
            a class=(format!("btn btn-primary {}", people("cta"))) href=(format!("{base}/messages/new?to=deputy:{}", encode_component(&d.id))) { (text("deputy_write")) }
            @let bio = paragraphs(&d.bio);
            @if !bio.is_empty() {
                section class=(people("block")) aria-labelledby="s-deputy-bio" {
                    h2 class=(page("section_title")) id="s-deputy-bio" { (text("deputy_bio")) }
                    @for p in &bio { p class=(people("para")) { (p) } }
                }
            }
            @if !d.focus.is_empty() {
                section class=(people("block")) aria-labelledby="s-deputy-focus" {
                    h2 class=(page("section_title")) id="s-deputy-focus" { (text("deputy_focus")) }
                    ul class=(people("tags")) { @for f in &d.focus { li { (f) } } }
                }
            }
        }
    };
    frame(main, Some(2))
}

/// An article as a shared link opens it (`/articles/<id>`, pages::article::ArticleView): the
/// title, its line of category, source, author, time and reads, the cover and the body's
/// blocks (components::blocks::RichText). Pictures are drawn as pictures: the app makes them
/// buttons that open the viewer. (Comments, related articles and 给代表留言 come with the app,
/// below them.)
pub fn draw_article(a: &Article, base: &str, tz_offset_secs: i64) -> String {
    let shell = |n: &str| class(SHELL, n);
    let page = |n: &str| class(PAGE, n);
    let s = &a.summary;
    let kind = match s.kind {
        ArticleKind::Policy => "kind_policy",
        ArticleKind::Case => "kind_case",
        ArticleKind::News => "kind_news",
        _ => "kind_unknown",
    };
    let tag = s.category.as_ref().map(|c| c.name.as_str()).filter(|n| !n.is_empty()).unwrap_or(text(kind));
    let source = s.source.as_deref().filter(|x| !x.trim().is_empty());
    let author = s.author.as_deref().filter(|x| !x.trim().is_empty());
    let updated = a.updated_at.as_deref().filter(|u| *u != s.published_at);
    let main = html! {
        header class=(format!("{} {}", shell("topbar"), shell("topbar_with_back"))) {
            a class=(shell("icon_btn")) href=(format!("{base}/")) aria-label=(text("nav_back")) { (svg("Back")) }
            span class=(shell("title")) { (text(kind)) }
            a class=(shell("icon_btn")) href="search" aria-label=(text("nav_search")) { (svg("Search")) }
        }
        article class=(page("detail")) {
            h1 class=(page("detail_title")) { (s.title) }
            p class=(page("meta")) {
                span class=(page("tag")) { (tag) }
                @if let Some(x) = source { span { (fill(text("source_by"), &[("source", x)])) } }
                @if let Some(x) = author { span { (fill(text("author_by"), &[("author", x)])) } }
                time datetime=(s.published_at) { (date_time(&s.published_at, tz_offset_secs)) }
                span { (fill(text("views"), &[("n", &count(s.view_count))])) }
            }
            @if let Some(c) = &s.cover {
                @if let Some(src) = resolve(base, &c.url) {
                    figure class=(page("cover")) { (image(&src, &c.alt, c.width, c.height, true)) }
                }
            }
            div class=(class(BLOCKS, "rich")) { @for b in &a.body { (block(b, base)) } }
            @if let Some(u) = updated {
                p class=(page("footnote")) { (fill(text("updated_at"), &[("time", &date_time(u, tz_offset_secs))])) }
            }
        }
    };
    frame(main, None)
}

/// components::blocks::SafeImage.
fn image(src: &str, alt: &str, width: Option<u32>, height: Option<u32>, eager: bool) -> Markup {
    html! { img src=(src) alt=(alt) width=[width] height=[height] loading=(if eager { "eager" } else { "lazy" }) decoding="async"; }
}

/// One block of a body (components::blocks::render_block).
fn block(b: &Block, base: &str) -> Markup {
    let css = |n: &str| class(BLOCKS, n);
    let some = |c: &Option<String>| c.clone().filter(|c| !c.trim().is_empty());
    html! {
        @match b {
            Block::Paragraph { text } => p { (text) },
            Block::Heading { level, text } => @match clamp_level(*level) {
                2 => h2 { (text) },
                3 => h3 { (text) },
                _ => h4 { (text) },
            },
            Block::List { ordered: true, items } => ol { @for i in items { li { (i) } } },
            Block::List { items, .. } => ul { @for i in items { li { (i) } } },
            Block::Quote { text, cite } => figure class=(css("quote")) {
                blockquote { p { (text) } }
                @if let Some(c) = some(cite) { figcaption { "— " (c) } }
            },
            Block::Image { url, alt, caption, width, height } => figure class=(css("figure")) {
                @if let Some(src) = resolve(base, url) { (image(&src, alt, *width, *height, false)) }
                @if let Some(c) = some(caption) { figcaption { (c) } }
            },
            Block::Attachment { url, name, size_bytes, .. } => @if let Some(href) = resolve(base, url) {
                @let name = if name.trim().is_empty() { text("attachment").to_owned() } else { name.clone() };
                a class=(css("attachment")) href=(href) download="" rel="noopener" aria-label=(fill(text("attachment_download"), &[("name", &name)])) {
                    (svg("Clip"))
                    span { (name) }
                    @if let Some(size) = size_bytes { span class=(css("attachment_size")) { (human_size(*size)) } }
                }
            },
        }
    }
}

/// A time as the app shows an article's (`format::date_time` in zh-CN: `Intl`'s medium date
/// and short time), in the deployment's time zone: 2026年12月6日 09:03.
pub fn date_time(rfc3339: &str, tz_offset_secs: i64) -> String {
    let Some(at) = parse_rfc3339(rfc3339) else { return rfc3339.to_owned() };
    let local = at + tz_offset_secs;
    let (y, m, d) = civil_from_days(local.div_euclid(DAY));
    let secs = local.rem_euclid(DAY);
    format!("{y}年{m}月{d}日 {:02}:{:02}", secs / 3600, secs % 3600 / 60)
}

/// The drawing of an article for a shared link: `None` for an id of nothing (the app says so
/// itself) or when the database could not be read. Not a view: the app's own request counts it.
pub async fn article(state: &AppState, id: &str) -> Option<String> {
    if !crate::cursor::valid_id(id) {
        return None;
    }
    let id = id.to_owned();
    match state.db().read(move |conn| db::read_article(conn, &id)).await {
        Ok(found) => found.map(|a| draw_article(&a, &state.config().base_path, state.tz_secs())),
        Err(e) => {
            tracing::warn!(error = ?e, "an article could not be drawn for a first visit");
            None
        }
    }
}

/// The drawing of a deputy's page for a QR code: `None` for a code of nobody (the app says
/// so itself) or when the database could not be read.
pub async fn deputy(state: &AppState, code: &str) -> Option<String> {
    if !crate::routes::people::valid_code(code) {
        return None;
    }
    let code = code.to_owned();
    match state.db().read(move |conn| Ok(people::get_deputy(conn, None, Some(&code))?)).await {
        Ok(found) => found.map(|d| draw_deputy(&d, &state.config().base_path)),
        Err(e) => {
            tracing::warn!(error = ?e, "a deputy's page could not be drawn for a first visit");
            None
        }
    }
}

/// components::cards::ArticleCard (a category's name as its tag, as 人大动态 shows it).
fn card(a: &ArticleSummary, base: &str, now: i64, tz_offset_secs: i64) -> Markup {
    let c = |n: &str| class(CARDS, n);
    let tag = a.category.as_ref().map(|c| c.name.as_str()).filter(|n| !n.is_empty());
    html! {
        article class=(c("card")) {
            div class=(c("body")) {
                h2 class=(c("title")) { a href=(format!("{base}/articles/{}", encode_component(&a.id))) { (a.title) } }
                @if !a.summary.is_empty() { p class=(c("summary")) { (a.summary) } }
                p class=(c("meta")) {
                    @if let Some(t) = tag { span class=(c("tag")) { (t) } }
                    @if let Some(s) = &a.source { span { (s) } }
                    time datetime=(a.published_at) { (relative(&a.published_at, now, tz_offset_secs)) }
                    span { (fill(text("views"), &[("n", &count(a.view_count))])) }
                    @if a.comment_count > 0 { span { (fill(text("card_comments"), &[("n", &a.comment_count.to_string())])) } }
                    @if a.like_count > 0 { span { (fill(text("card_likes"), &[("n", &a.like_count.to_string())])) } }
                }
            }
            @if let Some(src) = a.cover.as_ref().and_then(|c| resolve(base, &c.url)) {
                div class=(c("thumb")) aria-hidden="true" { (image(&src, "", None, None, false)) }
            }
        }
    }
}

/// The drawing of 首页 for now: the cached one while it is fresh, else a new one. `None` when
/// there is no news yet or the database could not be read (the app then starts as without it).
pub async fn home(state: &AppState) -> Option<String> {
    let cache = state.first_screen_cache();
    if let Ok(guard) = cache.lock() {
        if let Some((_, html)) = guard.as_ref().filter(|(at, _)| at.elapsed() < FRESH_FOR) {
            return Some(html.clone());
        }
    }
    let data = match Data::read(state).await {
        // (no news yet: the app's own 首页 says so, with its empty state)
        Ok(d) if d.articles.is_empty() => return None,
        Ok(d) => d,
        Err(e) => {
            tracing::warn!(error = ?e, "首页 could not be drawn for a first visit");
            return None;
        }
    };
    let html = draw(&data, &state.config().base_path, state.now(), state.tz_secs());
    if let Ok(mut guard) = cache.lock() {
        *guard = Some((Instant::now(), html.clone()));
    }
    Some(html)
}

/// `index.html` with the drawing at the start of its `<body>` (unchanged without one).
pub fn insert(index_html: &str, drawing: &str) -> String {
    match index_html.find("<body>") {
        Some(at) => {
            let at = at + "<body>".len();
            format!("{}{}{}", &index_html[..at], drawing, &index_html[at..])
        }
        None => index_html.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::civil::HOUR;

    #[test]
    fn class_names_are_the_apps() {
        // As the app's build names them (seen in its rendered 首页 and style/.stylance/bundle.css).
        assert_eq!(class(HUB, "tile"), "tile-9d04551");
        assert_eq!(class(SHELL, "topbar"), "topbar-a814661");
        assert_eq!(class(CARDS, "card"), "card-e838cf5");
        assert_eq!(class(CHIPS, "chip"), "chip-3a3ff58");
        assert_eq!(class(LIST, "list"), "list-10fd025");
    }

    #[test]
    fn every_text_and_icon_is_there() {
        for key in [
            "skip_to_content", "app_name", "nav_search", "hub_services", "hub_write", "hub_write_hint", "hub_find",
            "hub_find_hint", "hub_mine", "hub_mine_signed_out", "polls_title", "polls_hub_hint", "topics_title",
            "topics_hub_hint", "points_hub", "points_hub_hint", "hub_call", "hub_call_label", "events_title",
            "home_events_hint", "home_title", "categories_label", "category_all", "views", "card_comments",
            "card_likes", "time_just_now", "nav_main", "nav_home", "nav_policy", "tab_deputies", "tab_messages", "nav_me",
            "nav_back", "deputy_title", "deputy_station", "deputy_write", "deputy_bio", "deputy_focus",
            "kind_news", "kind_policy", "kind_case", "kind_unknown", "source_by", "author_by", "updated_at", "attachment",
            "attachment_download",
        ] {
            assert!(!text(key).is_empty(), "{key}");
        }
        assert_eq!(text("home_title"), "人大动态");
        for icon in ["Back", "Clip", "Search", "Chat", "People", "Policy", "Vote", "Topic", "Award", "Phone", "Calendar", "Home", "Person"] {
            assert!(icon_path(icon).starts_with('M'), "{icon}");
        }
        assert_eq!(icon_path("Search"), "M10.5 17a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13zM15.5 15.5 21 21");
    }

    #[test]
    fn times_and_counts_as_the_app_shows_them() {
        let now = parse_rfc3339("2026-12-06T08:00:00Z").unwrap();
        let bj = 8 * HOUR;
        for (at, shown) in [
            ("2026-12-06T07:59:30Z", "刚刚"),
            ("2026-12-06T07:57:00Z", "3分钟前"),
            ("2026-12-06T01:03:00Z", "6小时前"),
            ("2026-12-05T07:00:00Z", "昨天"),
            ("2026-12-04T06:00:00Z", "前天"),
            ("2026-12-03T07:11:00Z", "3天前"),
            ("2026-09-07T09:41:00Z", "2026年9月7日"),
            // (a date in Beijing time: already the next day there)
            ("2026-09-07T17:00:00Z", "2026年9月8日"),
            ("not a time", "not a time"),
        ] {
            assert_eq!(relative(at, now, bj), shown, "{at}");
        }
        for (n, shown) in [(0, "0"), (45, "45"), (2317, "2317"), (9_999, "9999"), (10_000, "1万"), (12_345, "1.2万"), (123_456, "12万"), (250_000_000, "2.5亿")] {
            assert_eq!(count(n), shown, "{n}");
        }
    }

    #[test]
    fn text_from_the_backend_is_escaped_and_links_are_the_apps() {
        let data = Data {
            place: "龙湾镇<script>".into(),
            body_name: Some("人大主席团".into()),
            emblem: Some("/media/emblem.svg".into()),
            station: Some(StationContact { id: "s1".into(), name: "中心联络站".into(), phone: Some("0763-5800101".into()) }),
            categories: vec![Category { id: "a b".into(), kind: ArticleKind::News, name: "会议<b>".into() }],
            articles: vec![ArticleSummary {
                id: "a_1".into(),
                kind: ArticleKind::News,
                category: None,
                title: "标题\"><img src=x onerror=alert(1)>".into(),
                summary: String::new(),
                cover: Some(contract::ImageRef { url: "javascript:alert(1)".into(), alt: String::new(), width: None, height: None }),
                author: None,
                source: Some("人大办".into()),
                published_at: "2026-12-06T07:00:00Z".into(),
                view_count: 3,
                excerpt: None,
                comment_count: 2,
                like_count: 0,
            }],
        };
        let now = parse_rfc3339("2026-12-06T08:00:00Z").unwrap();
        let html = draw(&data, "/renda", now, 8 * HOUR);
        assert!(html.starts_with("<div id=\"snap\">"));
        assert!(html.contains("龙湾镇&lt;script&gt;"));
        assert!(html.contains("会议&lt;b&gt;"));
        assert!(!html.contains("<img src=x"));
        assert!(!html.contains("javascript:"), "a cover the app would not show is not drawn");
        assert!(html.contains("href=\"/renda/articles/a_1\""));
        assert!(html.contains("href=\"/renda/?category=a%20b\""));
        assert!(html.contains("src=\"/renda/media/emblem.svg\""));
        assert!(html.contains("href=\"tel:0763-5800101\""));
        assert!(html.contains("拨打中心联络站电话 0763-5800101"));
        assert!(html.contains(">1小时前</time>"));
        assert!(html.contains("<span>评论 2</span>"));
        assert!(!html.contains("赞 "));
        assert!(!html.contains("id=\"main\""), "no id of the app's own");
        let deputy: Deputy = serde_json::from_value(serde_json::json!({
            "id": "dp 1", "code": "LW01", "name": "李<i>华</i>", "title": "镇人大代表", "constituency": "第一选区",
            "station": { "id": "st_1", "name": "中心联络站" }, "bio": "第一段\n接着\n\n第二段", "focus": ["养老", "道路"],
            "photo": { "url": "/media/p.jpg", "alt": "" }
        }))
        .expect("a deputy");
        let html = draw_deputy(&deputy, "/renda");
        assert!(html.contains(">李&lt;i&gt;华&lt;/i&gt;</h1>"));
        assert!(html.contains("href=\"/renda/messages/new?to=deputy:dp%201\">给代表留言</a>"));
        assert!(html.contains("href=\"/renda/stations/st_1\">中心联络站</a>"));
        assert!(html.contains("<a class=\"icon_btn-a814661\" href=\"deputies\" aria-label=\"返回\">"));
        assert!(html.contains("<p class=\"para-") && html.contains(">第一段\n接着</p>") && html.contains(">第二段</p>"));
        assert!(html.contains("<li>养老</li><li>道路</li>"));
        assert!(html.contains("src=\"/renda/media/p.jpg\""));
        assert!(html.contains("href=\"deputies\" aria-current=\"page\""));
        let article: Article = serde_json::from_value(serde_json::json!({
            "id": "a 1", "kind": "policy", "title": "医保<新规>", "summary": "", "published_at": "2026-12-06T01:03:00Z",
            "updated_at": "2026-12-06T02:00:00Z", "view_count": 12345, "source": " ", "author": "李明",
            "cover": { "url": "/media/c.jpg", "alt": "封面", "width": 800, "height": 450 },
            "body": [
                { "type": "paragraph", "text": "第一段<script>" },
                { "type": "heading", "level": 1, "text": "小标题" },
                { "type": "list", "ordered": true, "items": ["一", "二"] },
                { "type": "quote", "text": "引文", "cite": "某人" },
                { "type": "image", "url": "javascript:alert(1)", "alt": "坏图", "caption": "说明" },
                { "type": "attachment", "url": "/media/f.pdf", "name": "", "size_bytes": 1572864 }
            ]
        }))
        .expect("an article");
        let html = draw_article(&article, "/renda", 8 * HOUR);
        assert!(html.contains("<span class=\"title-a814661\">政策解读</span>"));
        assert!(html.contains(">医保&lt;新规&gt;</h1>"));
        assert!(html.contains("<span class=\"tag-") && html.contains(">政策解读</span><span>作者：李明</span>"), "no 来源 for a blank source");
        assert!(html.contains("<time datetime=\"2026-12-06T01:03:00Z\">2026年12月6日 09:03</time><span>1.2万 次阅读</span>"));
        assert!(html.contains("<img src=\"/renda/media/c.jpg\" alt=\"封面\" width=\"800\" height=\"450\" loading=\"eager\""));
        assert!(html.contains("<p>第一段&lt;script&gt;</p><h2>小标题</h2><ol><li>一</li><li>二</li></ol>"));
        assert!(html.contains("<blockquote><p>引文</p></blockquote><figcaption>— 某人</figcaption>"));
        assert!(!html.contains("javascript:") && html.contains("<figcaption>说明</figcaption>"));
        assert!(html.contains("href=\"/renda/media/f.pdf\" download=\"\" rel=\"noopener\" aria-label=\"下载附件：附件\""));
        assert!(html.contains(">1.5 MB</span>"));
        assert!(html.contains("更新于 2026年12月6日 10:00"));
        assert!(html.contains("href=\"/renda/\" aria-label=\"返回\""));
        assert!(!html.contains("aria-current"), "no tab is an article's");
        assert_eq!(insert("<html><body><p>x</p></body>", "<div id=\"snap\"></div>"), "<html><body><div id=\"snap\"></div><p>x</p></body>");
        assert_eq!(insert("<p>no body</p>", "<div></div>"), "<p>no body</p>");
    }
}
