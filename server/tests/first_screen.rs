//! 首页 drawn by the server for a first visit (issue 15, `server/src/first_screen.rs`): `/`
//! answers `index.html` with the screen in it, from the same data as the API's; nothing else
//! does (the service worker's `index.html`, a filtered feed, other screens).

mod common;

use common::*;
use contract::ArticleKind;

fn served(base_path: &str) -> TestApp {
    let app = TestApp::new();
    app.seed_people();
    app.insert_categories(&[("meeting", ArticleKind::News, "会议动态"), ("duty", ArticleKind::News, "代表履职"), ("rules", ArticleKind::Policy, "法规")]);
    // Twelve news (newest first: n_11 … n_00) and a policy article, newer than them all.
    let mut articles: Vec<_> = (0..12)
        .map(|i| article(&format!("n_{i:02}"), ArticleKind::News, Some(if i % 2 == 0 { "meeting" } else { "duty" }), NOW - 3600 * (12 - i), &format!("新闻标题 {i}"), "正文"))
        .collect();
    articles.push(article("p_01", ArticleKind::Policy, Some("rules"), NOW - 60, "政策标题", "正文"));
    app.insert_articles(&articles);
    let dist = write_dist(app.path());
    let base_path = base_path.to_owned();
    let router = app.sibling(|c| {
        c.static_dir = dist;
        c.township = "龙湾镇".into();
        c.base_path = base_path;
    });
    TestApp { router, ..app }
}

const DRAWN: &str = "<body><div id=\"snap\">";

#[tokio::test]
async fn home_is_drawn_from_the_apis_data() {
    let app = served("");
    let feed = app.get("/api/v1/articles?kind=news").await;
    assert_eq!(feed.status, 200);
    let feed = feed.json();
    let items = feed["items"].as_array().expect("items");
    assert!(items.len() > server::first_screen::ARTICLES as usize, "the demo has more news than the drawing shows");
    let r = app.get("/").await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").is_some_and(|t| t.starts_with("text/html")));
    assert_eq!(r.header("cache-control"), Some("no-cache"));
    assert!(r.header("content-security-policy").is_some());
    let html = r.text();
    assert!(html.contains(DRAWN), "{html}");
    // The newest news, in the API's order, as many as drawn; the one after them is not.
    let mut at = 0;
    for item in &items[..server::first_screen::ARTICLES as usize] {
        let link = format!("<a href=\"/articles/{}\">", item["id"].as_str().expect("id"));
        let found = html[at..].find(&link).unwrap_or_else(|| panic!("{link} after {at}"));
        at += found + link.len();
        assert!(html[at..].starts_with(item["title"].as_str().expect("title")), "{link}");
    }
    let next = format!("/articles/{}\"", items[server::first_screen::ARTICLES as usize]["id"].as_str().expect("id"));
    assert!(!html.contains(&next));
    // The township and the station's phone (GET /meta), and the news categories.
    let meta = app.get("/api/v1/meta").await.json();
    assert!(html.contains("<span>龙湾镇</span>"));
    if let Some(phone) = meta["station"]["phone"].as_str() {
        assert!(html.contains(&format!("<span class=\"note-9d04551\">{phone}</span>")), "{phone}");
    }
    for c in app.get("/api/v1/categories?kind=news").await.json()["items"].as_array().expect("items") {
        assert!(html.contains(&format!("?category={}\">{}</a>", c["id"].as_str().expect("id"), c["name"].as_str().expect("name"))));
    }
    assert!(!html.contains("政策标题"), "news only");
    assert!(!html.contains("法规"), "news categories only");
    // A share's tracking parameters are still 首页.
    assert!(app.get("/?from=singlemessage&isappinstalled=0").await.text().contains(DRAWN));
}

#[tokio::test]
async fn only_home_itself_is_drawn() {
    let app = served("");
    for uri in ["/index.html", "/?category=meeting", "/articles/none_such", "/articles/n_01/x", "/policy", "/deputies", "/d/NOBODY1", "/d/LW01/x", "/d/bad%20code"] {
        let r = app.get(uri).await;
        assert_eq!(r.status, 200, "{uri}");
        let html = r.text();
        assert!(html.contains("<body></body>"), "{uri}: {html}");
    }
}

#[tokio::test]
async fn a_deputys_qr_link_is_drawn_from_the_apis_data() {
    let app = served("");
    let deputy = app.get("/api/v1/deputies/by-code/LW01").await.json();
    let (id, name) = (deputy["id"].as_str().expect("id"), deputy["name"].as_str().expect("name"));
    // (codes are case-insensitive, as the API's)
    for uri in ["/d/LW01", "/d/lw01?via=p_1"] {
        let html = app.get(uri).await.text();
        assert!(html.contains(DRAWN), "{uri}: {html}");
        assert!(html.contains(&format!("<h1 class=\"detail_title-")), "{uri}");
        assert!(html.contains(&format!(">{name}</h1>")), "{uri}");
        assert!(html.contains(deputy["title"].as_str().expect("title")));
        assert!(html.contains(&format!("href=\"/messages/new?to=deputy:{id}\">给代表留言</a>")), "{uri}");
        let station = &deputy["station"];
        assert!(html.contains(&format!("href=\"/stations/{}\">{}</a>", station["id"].as_str().expect("id"), station["name"].as_str().expect("name"))));
        // the deputies tab is the current one
        assert!(html.contains("href=\"deputies\" aria-current=\"page\""), "{uri}");
    }
}

#[tokio::test]
async fn a_shared_article_is_drawn_and_not_counted_as_a_view() {
    let app = served("");
    let html = app.get("/articles/n_03").await.text();
    assert!(html.contains(DRAWN), "{html}");
    assert!(html.contains(">新闻标题 3</h1>"));
    assert!(html.contains("<span>来源：镇人大办</span><span>作者：通讯员 李明</span>"));
    assert!(html.contains("<p>正文</p>"));
    // the API's count is the app's request's: the drawing read the article without a view
    let before = app.get("/api/v1/articles?kind=news").await.json();
    let views = |page: &serde_json::Value| page["items"].as_array().expect("items").iter().find(|a| a["id"] == "n_03").expect("n_03")["view_count"].clone();
    assert_eq!(views(&before), 7);
    app.get("/articles/n_03").await;
    assert_eq!(views(&app.get("/api/v1/articles?kind=news").await.json()), 7);
}

#[tokio::test]
async fn under_a_path_its_links_are_the_paths() {
    let app = served("/renda");
    let html = app.get("/renda/").await.text();
    assert!(html.contains(DRAWN), "{html}");
    assert!(html.contains("href=\"/renda/articles/"));
    assert!(html.contains("href=\"/renda/messages/new?choose=1\""));
    assert!(!html.contains("href=\"/articles/"));
    assert!(app.get("/renda/index.html").await.text().contains("<body></body>"));
    let html = app.get("/renda/d/LW01").await.text();
    assert!(html.contains(DRAWN), "{html}");
    assert!(html.contains("href=\"/renda/messages/new?to=deputy:"));
}
