//! The demo content (server/demo/*.json, compiled in) and the seeder.

mod common;

use std::collections::{HashMap, HashSet};

use common::*;
use server::clock::rfc3339;
use server::demo::{self, DemoContent};
use server::illustrations;

const FIXTURE_CATEGORIES: &str = r#"[
  {"id": "meeting", "kind": "news", "name": "会议动态"},
  {"id": "law", "kind": "policy", "name": "法律法规"},
  {"id": "livelihood", "kind": "case", "name": "民生实事"}
]"#;

const FIXTURE_ARTICLES: &str = r#"[
  {"kind": "news", "category": "meeting", "title": "镇人大召开主席团会议", "summary": "会议摘要",
   "author": "通讯员 陈思", "source": "镇人大办", "days_ago": 3, "hour": 9,
   "cover": {"theme": "meeting", "alt": "会场"},
   "body": [
     {"type": "paragraph", "text": "会议听取了工作汇报。"},
     {"type": "image", "theme": "village", "alt": "村庄", "caption": "村貌"},
     {"type": "attachment", "name": "会议纪要.pdf", "size_bytes": 123456, "mime_type": "application/pdf"},
     {"type": "attachment", "name": "附表.xlsx", "size_bytes": 2000, "mime_type": "application/vnd.ms-excel"},
     {"type": "video", "url": "/x.mp4"}
   ]},
  {"kind": "policy", "category": "meeting", "title": "类别与种类不符", "summary": "", "author": null,
   "source": "镇人大办", "days_ago": 0, "hour": 23, "cover": null, "body": []},
  {"kind": "case", "category": "livelihood", "title": "路灯亮了", "summary": "案例", "author": null,
   "source": "镇人大办", "days_ago": 400, "hour": 15, "cover": {"theme": "no-such-theme", "alt": "?"},
   "body": [{"type": "quote", "text": "好！", "cite": "村民"}]}
]"#;

const FIXTURE_EVENTS: &str = r#"[
  {"title": "代表接待日", "summary": "面对面听意见", "start_days": -2, "start_hour": 9, "duration_hours": 3,
   "place": "联络站", "organiser": "镇人大", "cover": {"theme": "station", "alt": "联络站"},
   "description": [{"type": "paragraph", "text": "欢迎群众参加。"}]},
  {"title": "正在进行的培训", "summary": "", "start_days": 0, "start_hour": 8, "duration_hours": 48,
   "place": "镇政府", "organiser": "镇人大", "cover": null, "description": []},
  {"title": "下周的视察", "summary": "", "start_days": 7, "start_hour": 14, "place": "各村",
   "organiser": "镇人大", "cover": null, "description": []}
]"#;

fn seeded(content: &DemoContent) -> (TestApp, demo::SeedReport) {
    let app = TestApp::new();
    let report = demo::seed(&app.db, content, NOW).expect("seed");
    (app, report)
}

#[tokio::test]
async fn seeder_turns_demo_records_into_contract_content() {
    let content =
        DemoContent::parse(FIXTURE_CATEGORIES, FIXTURE_ARTICLES, FIXTURE_EVENTS).expect("parse");
    let (app, report) = seeded(&content);
    assert_eq!(
        (
            report.categories,
            report.articles,
            report.events,
            report.files
        ),
        (3, 3, 3, 2)
    );
    // the video block is skipped, the mismatched category is left out: both reported
    assert_eq!(report.warnings.len(), 2, "{:?}", report.warnings);
    assert!(report
        .warnings
        .iter()
        .any(|w| w.contains("a_000001") && w.contains("block 5")));
    assert!(report
        .warnings
        .iter()
        .any(|w| w.contains("a_000002") && w.contains("category")));

    let a = app.ok("/api/v1/articles/a_000001").await;
    schema::assert_response("/api/v1/articles/{id}", 200, "application/json", &a);
    // 3 days ago, 09:00 Beijing = 01:00 UTC; NOW is noon in Beijing; minutes are 3 past
    let midnight_bj = NOW - 12 * HOUR;
    assert_eq!(
        a["published_at"],
        rfc3339(midnight_bj - 3 * DAY + 9 * HOUR + 3 * 60)
    );
    assert_eq!(
        a["cover"],
        serde_json::json!({"url": "/media/illustrations/meeting.svg", "alt": "会场", "width": 640, "height": 360})
    );
    assert_eq!(
        a["category"],
        serde_json::json!({"id": "meeting", "name": "会议动态"})
    );
    assert_eq!(
        a["body"][1],
        serde_json::json!({"type": "image", "url": "/media/illustrations/village.svg", "alt": "村庄", "caption": "村貌", "width": 640, "height": 360})
    );
    let body = a["body"].as_array().expect("body");
    assert_eq!(body.len(), 4);
    assert!(a["view_count"].as_u64().is_some_and(|v| v > 1));
    // attachments point at generated PDFs whose size is the real one
    for (i, block) in body[2..].iter().enumerate() {
        assert_eq!(block["type"], "attachment");
        assert_eq!(
            block["url"],
            format!("/media/attachments/a_000001-{}.pdf", i + 1)
        );
        assert_eq!(block["mime_type"], "application/pdf");
        assert!(
            block["name"].as_str().is_some_and(|n| n.ends_with(".pdf")),
            "{block}"
        );
        let r = app.get(block["url"].as_str().expect("url")).await;
        assert_eq!(r.status, 200);
        assert_eq!(r.header("content-type"), Some("application/pdf"));
        assert!(r.body.starts_with(b"%PDF-1.4"));
        assert_eq!(Some(r.body.len() as u64), block["size_bytes"].as_u64());
    }
    assert_eq!(
        app.get("/media/attachments/a_000001-9.pdf").await.status,
        404
    );

    // published "today at 23:00" is in the future at noon: just published instead
    let b = app.ok("/api/v1/articles/a_000002").await;
    assert!(b.get("category").is_none());
    assert_eq!(
        b["published_at"],
        rfc3339(NOW - 2 * 7 * 60),
        "no article is published in the future"
    );
    let (newest_first, _) = app.walk("/api/v1/articles").await;
    assert_eq!(newest_first, ["a_000002", "a_000001", "a_000003"]);
    // unknown cover theme still has a URL (the neutral picture)
    let c = app.ok("/api/v1/articles/a_000003").await;
    assert_eq!(c["cover"]["url"], "/media/illustrations/no-such-theme.svg");
    assert_eq!(
        app.get("/media/illustrations/no-such-theme.svg")
            .await
            .status,
        200
    );

    // events: times in Beijing, durations, status
    let e = app.ok("/api/v1/events/e_000001").await;
    assert_eq!(e["starts_at"], rfc3339(midnight_bj - 2 * DAY + 9 * HOUR));
    assert_eq!(e["ends_at"], rfc3339(midnight_bj - 2 * DAY + 12 * HOUR));
    assert_eq!(e["status"], "past");
    assert_eq!(app.ok("/api/v1/events/e_000002").await["status"], "ongoing");
    let next_week = app.ok("/api/v1/events/e_000003").await;
    assert_eq!(next_week["status"], "upcoming");
    assert!(next_week.get("ends_at").is_none());
    let (order, _) = app.walk("/api/v1/events?limit=1").await;
    assert_eq!(order, ["e_000002", "e_000003", "e_000001"]);
}

#[test]
fn seeding_is_deterministic() {
    let content =
        DemoContent::parse(FIXTURE_CATEGORIES, FIXTURE_ARTICLES, FIXTURE_EVENTS).expect("parse");
    let (a1, e1, _, f1) = demo::build(&content, NOW);
    let (a2, e2, _, f2) = demo::build(&content, NOW);
    assert_eq!(format!("{a1:?}{e1:?}"), format!("{a2:?}{e2:?}"));
    assert_eq!(f1, f2);
}

#[test]
fn real_demo_files_are_complete() {
    if !demo::AVAILABLE {
        eprintln!("server/demo/*.json not present at build time: skipped");
        return;
    }
    let content = DemoContent::builtin().expect("the demo files parse");
    let kinds: HashMap<&str, &str> = content
        .categories
        .iter()
        .map(|c| (c.id.as_str(), c.kind.as_str()))
        .collect();
    assert_eq!(
        kinds.len(),
        content.categories.len(),
        "category ids are unique"
    );
    for c in &content.categories {
        assert!(
            contract::ArticleKind::parse(&c.kind).is_some(),
            "category {} kind {}",
            c.id,
            c.kind
        );
        assert!(!c.name.trim().is_empty(), "category {} has a name", c.id);
    }
    assert!(
        content.articles.len() >= 60,
        "{} articles",
        content.articles.len()
    );
    let seen_kinds: HashSet<&str> = content.articles.iter().map(|a| a.kind.as_str()).collect();
    assert_eq!(seen_kinds, HashSet::from(["news", "policy", "case"]));
    for (i, a) in content.articles.iter().enumerate() {
        assert!(!a.title.trim().is_empty(), "article {} has a title", i + 1);
        assert!(
            !a.summary.trim().is_empty(),
            "article {} ({}) has a summary",
            i + 1,
            a.title
        );
        assert!(
            !a.body.is_empty(),
            "article {} ({}) has a body",
            i + 1,
            a.title
        );
        let cat = a
            .category
            .as_deref()
            .unwrap_or_else(|| panic!("article {} ({}) has a category", i + 1, a.title));
        assert_eq!(
            kinds.get(cat),
            Some(&a.kind.as_str()),
            "article {} ({}): category {cat}",
            i + 1,
            a.title
        );
        assert!(
            a.days_ago >= 0 && (0..24).contains(&a.hour),
            "article {} time",
            i + 1
        );
    }
    assert!(
        content.events.len() >= 10,
        "{} events",
        content.events.len()
    );
    assert!(
        content.events.iter().any(|e| e.start_days < 0),
        "some past events"
    );
    assert!(
        content.events.iter().any(|e| e.start_days > 0),
        "some upcoming events"
    );
    for e in &content.events {
        assert!(!e.title.trim().is_empty(), "events have titles");
        assert!(
            !e.place.trim().is_empty() && !e.organiser.trim().is_empty(),
            "{}: place and organiser",
            e.title
        );
    }
    // issue 10: an event joined online, upcoming events with a phone and a place to navigate
    // to; every link usable (a path of the app or https), every position real
    let upcoming = |e: &&server::demo::content::DemoEvent| e.start_days >= 0;
    assert!(
        content.events.iter().filter(upcoming).any(|e| e.online.is_some()),
        "an event joined online"
    );
    assert!(
        content.events.iter().filter(upcoming).any(|e| e.phone.is_some() && e.position.is_some()),
        "an event to call and navigate to"
    );
    for e in &content.events {
        if let Some(o) = &e.online {
            assert!(
                (o.url.starts_with('/') && !o.url.starts_with("//")) || o.url.starts_with("https://"),
                "{}: {}",
                e.title,
                o.url
            );
            assert!(!o.label.trim().is_empty(), "{}: a link text", e.title);
        }
        if let Some((lat, lng)) = e.position {
            assert!(
                (20.0..27.0).contains(&lat) && (109.0..118.0).contains(&lng),
                "{}: a position in Guangdong, latitude first",
                e.title
            );
        }
    }
    for theme in content.themes() {
        assert!(illustrations::is_known(&theme), "unknown theme {theme:?}");
    }
    // every block converts, no warnings
    let (articles, events, report, _) = demo::build(&content, NOW);
    assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
    assert_eq!(articles.len(), content.articles.len());
    assert_eq!(events.len(), content.events.len());
    for (a, raw) in articles.iter().zip(&content.articles) {
        assert_eq!(
            a.body.len(),
            raw.body.len(),
            "{}: every block kept",
            a.title
        );
    }
}

#[tokio::test]
async fn real_demo_content_serves_contract_true_answers() {
    if !demo::AVAILABLE {
        return;
    }
    let content = DemoContent::builtin().expect("parse");
    let app = TestApp::new();
    let report = demo::seed_if_empty(&app.db, NOW)
        .expect("seed")
        .expect("seeded into an empty db");
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert!(
        demo::seed_if_empty(&app.db, NOW)
            .expect("second run")
            .is_none(),
        "never seeds twice"
    );

    let (ids, _) = app.walk("/api/v1/articles?limit=50").await;
    assert_eq!(ids.len(), content.articles.len());
    for kind in ["news", "policy", "case"] {
        let v = app.ok(&format!("/api/v1/categories?kind={kind}")).await;
        for cat in v["items"].as_array().expect("items") {
            let id = cat["id"].as_str().expect("id");
            let (in_cat, _) = app
                .walk(&format!("/api/v1/articles?kind={kind}&category={id}"))
                .await;
            assert!(!in_cat.is_empty(), "category {id} has articles");
        }
    }
    let mut urls = HashSet::new();
    for id in &ids {
        let a = app.ok(&format!("/api/v1/articles/{id}")).await;
        schema::assert_response("/api/v1/articles/{id}", 200, "application/json", &a);
        urls.extend(a["cover"]["url"].as_str().map(str::to_owned));
        for b in a["body"].as_array().expect("body") {
            urls.extend(b["url"].as_str().map(str::to_owned));
        }
    }
    let (events, _) = app.walk("/api/v1/events?limit=7").await;
    assert_eq!(events.len(), content.events.len());
    let mut statuses = HashSet::new();
    for id in &events {
        let e = app.ok(&format!("/api/v1/events/{id}")).await;
        schema::assert_response("/api/v1/events/{id}", 200, "application/json", &e);
        statuses.insert(e["status"].as_str().expect("status").to_owned());
        urls.extend(e["cover"]["url"].as_str().map(str::to_owned));
        for b in e["description"].as_array().expect("description") {
            urls.extend(b["url"].as_str().map(str::to_owned));
        }
    }
    assert!(
        statuses.contains("past") && statuses.contains("upcoming"),
        "{statuses:?}"
    );
    // every media link works
    assert!(urls.len() > 10);
    for url in &urls {
        let r = app.get(url).await;
        assert_eq!(r.status, 200, "{url}");
    }
    // Chinese search finds demo content
    let v = app.ok("/api/v1/articles?q=%E4%BB%A3%E8%A1%A8").await; // 代表
    assert!(!v["items"].as_array().expect("items").is_empty());
}
