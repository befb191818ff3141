//! GET /api/v1/articles, /articles/{id} and /categories: order, pagination, filters,
//! search, view counts, and conformance to api/openapi.json.

mod common;

use std::collections::HashSet;

use common::*;
use contract::ArticleKind::{Case, News, Policy};
use contract::Block;
use serde_json::Value;
use axum::body::Body;
use axum::http::Request;
use contract::ArticleKind;

fn categories(app: &TestApp) {
    app.insert_categories(&[
        ("meeting", News, "会议动态"),
        ("station", News, "联络站"),
        ("law", Policy, "法律法规"),
        ("revival", Policy, "乡村振兴"),
        ("livelihood", Case, "民生实事"),
    ]);
}

/// 57 articles over three kinds, with several sharing a publication time.
fn many(app: &TestApp) -> Vec<(i64, String, &'static str, &'static str)> {
    categories(app);
    let cats = [
        (News, "meeting"),
        (News, "station"),
        (Policy, "law"),
        (Policy, "revival"),
        (Case, "livelihood"),
    ];
    let mut rows = Vec::new();
    let mut articles = Vec::new();
    for i in 0..57_i64 {
        let (kind, cat) = cats[(i % 5) as usize];
        // every third article shares its time with the previous one
        let at = NOW - (i - i / 3) * HOUR * 5;
        let id = format!("a_{:06}", 1000 - i * 7 % 57); // ids not in time order
        articles.push(article(
            &id,
            kind,
            Some(cat),
            at,
            &format!("第{i}篇文章"),
            "正文",
        ));
        rows.push((at, id, kind.as_str(), cat));
    }
    app.insert_articles(&articles);
    // expected order: newest first, ties by id descending
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    rows
}

fn ids(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_str().expect("id").to_owned())
        .collect()
}

#[tokio::test]
async fn empty_database_answers_an_empty_page() {
    let app = TestApp::new();
    let v = app.ok("/api/v1/articles").await;
    assert_eq!(v, serde_json::json!({"items": [], "next_cursor": null}));
    let v = app.ok("/api/v1/events").await;
    assert_eq!(v, serde_json::json!({"items": [], "next_cursor": null}));
}

#[tokio::test]
async fn meta_names_the_backend() {
    let app = TestApp::new();
    let v = app.ok("/api/v1/meta").await;
    assert_eq!(v["name"], "测试镇人大");
    assert_eq!(v["api_version"], "1.0");
    schema::assert_response("/api/v1/meta", 200, "application/json", &v);
}

#[tokio::test]
async fn newest_first_and_every_page_size_walks_all_without_gaps() {
    let app = TestApp::new();
    let expected: Vec<String> = many(&app).into_iter().map(|r| r.1).collect();
    assert_eq!(expected.len(), 57);
    for limit in [1, 2, 7, 20, 50] {
        let (got, pages) = app.walk(&format!("/api/v1/articles?limit={limit}")).await;
        assert_eq!(got, expected, "limit {limit}");
        assert_eq!(pages, 57_usize.div_ceil(limit), "limit {limit}");
    }
    // default page size is 20
    let v = app.ok("/api/v1/articles").await;
    assert_eq!(ids(&v), expected[..20]);
    assert!(v["next_cursor"].is_string());
    let (got, pages) = app.walk("/api/v1/articles").await;
    assert_eq!((got, pages), (expected.clone(), 3));
}

#[tokio::test]
async fn exact_multiple_of_limit_ends_with_null_cursor() {
    let app = TestApp::new();
    let all: Vec<_> = (0..10)
        .map(|i| {
            article(
                &format!("a_{i:06}"),
                News,
                None,
                NOW - i * HOUR,
                "标题",
                "正文",
            )
        })
        .collect();
    app.insert_articles(&all);
    let first = app.ok("/api/v1/articles?limit=5").await;
    let c = first["next_cursor"].as_str().expect("cursor").to_owned();
    let second = app
        .ok(&format!("/api/v1/articles?limit=5&cursor={c}"))
        .await;
    assert_eq!(ids(&second).len(), 5);
    assert!(second["next_cursor"].is_null(), "no empty last page");
}

#[tokio::test]
async fn filters_by_kind_and_category_and_combine() {
    let app = TestApp::new();
    let rows = many(&app);
    for kind in ["news", "policy", "case"] {
        let expected: Vec<_> = rows
            .iter()
            .filter(|r| r.2 == kind)
            .map(|r| r.1.clone())
            .collect();
        assert!(!expected.is_empty());
        let (got, _) = app
            .walk(&format!("/api/v1/articles?kind={kind}&limit=4"))
            .await;
        assert_eq!(got, expected, "kind {kind}");
        let v = app
            .ok(&format!("/api/v1/articles?kind={kind}&limit=50"))
            .await;
        for item in v["items"].as_array().expect("items") {
            assert_eq!(item["kind"], kind);
        }
    }
    let expected: Vec<_> = rows
        .iter()
        .filter(|r| r.3 == "station")
        .map(|r| r.1.clone())
        .collect();
    let (got, _) = app.walk("/api/v1/articles?category=station&limit=3").await;
    assert_eq!(got, expected);
    let v = app.ok("/api/v1/articles?category=station&limit=1").await;
    assert_eq!(
        v["items"][0]["category"],
        serde_json::json!({"id": "station", "name": "联络站"})
    );
    // both filters
    let (got, _) = app
        .walk("/api/v1/articles?kind=news&category=station&limit=3")
        .await;
    assert_eq!(got, expected);
    // a category of another kind, or an unknown category: nothing, not an error
    assert_eq!(
        ids(&app
            .ok("/api/v1/articles?kind=policy&category=station")
            .await)
        .len(),
        0
    );
    assert_eq!(
        ids(&app.ok("/api/v1/articles?category=nope").await).len(),
        0
    );
}

#[tokio::test]
async fn categories_in_display_order_and_by_kind() {
    let app = TestApp::new();
    categories(&app);
    let v = app.ok("/api/v1/categories").await;
    schema::assert_response("/api/v1/categories", 200, "application/json", &v);
    assert_eq!(
        ids(&v),
        ["meeting", "station", "law", "revival", "livelihood"]
    );
    assert!(v["next_cursor"].is_null());
    let v = app.ok("/api/v1/categories?kind=policy").await;
    assert_eq!(
        v["items"],
        serde_json::json!([
            {"id": "law", "kind": "policy", "name": "法律法规"},
            {"id": "revival", "kind": "policy", "name": "乡村振兴"},
        ])
    );
    let r = app.get("/api/v1/categories?kind=blog").await;
    r.problem(400);
    assert_eq!(r.error_fields(), ["kind"]);
}

#[tokio::test]
async fn article_detail_counts_views_and_matches_the_contract() {
    let app = TestApp::new();
    categories(&app);
    let mut a = article(
        "a_000042",
        Policy,
        Some("law"),
        NOW - DAY,
        "新修订的村民委员会组织法解读",
        "第一段",
    );
    a.cover = Some(contract::ImageRef {
        url: "/media/illustrations/law.svg".into(),
        alt: "法槌与法典".into(),
        width: Some(640),
        height: Some(360),
    });
    a.author = None;
    a.view_count = 41;
    a.updated_at = Some(NOW - HOUR);
    a.body = vec![
        Block::Heading {
            level: 2,
            text: "背景".into(),
        },
        paragraph("正文段落"),
        Block::List {
            ordered: true,
            items: vec!["一".into(), "二".into()],
        },
        Block::Quote {
            text: "引文".into(),
            cite: Some("某代表".into()),
        },
        Block::Image {
            url: "/media/illustrations/village.svg".into(),
            alt: "村庄".into(),
            caption: None,
            width: Some(640),
            height: Some(360),
        },
        Block::Attachment {
            url: "/media/attachments/x.pdf".into(),
            name: "附件.pdf".into(),
            size_bytes: Some(1234),
            mime_type: Some("application/pdf".into()),
        },
    ];
    app.insert_articles(&[a.clone()]);

    let v = app.ok("/api/v1/articles/a_000042").await;
    schema::assert_response("/api/v1/articles/{id}", 200, "application/json", &v);
    let got: contract::Article = serde_json::from_value(v.clone()).expect("decodes");
    assert_eq!(got.summary.id, "a_000042");
    assert_eq!(got.summary.kind, Policy);
    assert_eq!(got.summary.title, a.title);
    assert_eq!(
        got.summary.category,
        Some(contract::CategoryRef {
            id: "law".into(),
            name: "法律法规".into()
        })
    );
    assert_eq!(got.summary.cover, a.cover);
    assert_eq!(got.summary.author, None);
    assert!(
        v.get("author").is_none(),
        "absent optional fields are omitted"
    );
    assert_eq!(got.summary.published_at, server::clock::rfc3339(NOW - DAY));
    assert!(got.summary.published_at.ends_with('Z'));
    assert_eq!(
        got.updated_at.as_deref(),
        Some(server::clock::rfc3339(NOW - HOUR).as_str())
    );
    assert_eq!(got.body, a.body);
    assert_eq!(got.summary.view_count, 42, "this view counts");

    assert_eq!(
        app.method(axum::http::Method::HEAD, "/api/v1/articles/a_000042")
            .await
            .status,
        200
    );
    let again = app.ok("/api/v1/articles/a_000042").await;
    assert_eq!(again["view_count"], 42, "HEAD does not count, nor the same visitor again that day");
    let other = app.get_with("/api/v1/articles/a_000042", &[("user-agent", "another phone")]).await;
    assert_eq!(other.json()["view_count"], 43, "another visitor counts");
    let list = app.ok("/api/v1/articles").await;
    assert_eq!(list["items"][0]["view_count"], 43, "listing does not count");
    assert!(
        list["items"][0].get("body").is_none(),
        "summaries carry no body"
    );
    schema::assert_response("/api/v1/articles", 200, "application/json", &list);
}

#[tokio::test]
async fn unknown_article_is_a_404_problem() {
    let app = TestApp::new();
    app.insert_articles(&[article("a_000001", News, None, NOW, "标题", "正文")]);
    for id in [
        "a_999999",
        "nope",
        "%E4%BA%BA%E5%A4%A7",
        "a_000001.json",
        "..%2F..%2Fetc",
    ] {
        let r = app.get(&format!("/api/v1/articles/{id}")).await;
        let p = r.problem(404);
        schema::assert_response("/api/v1/articles/{id}", 404, "application/problem+json", &p);
    }
}

/// Articles for the search tests.
fn search_fixture(app: &TestApp) {
    categories(app);
    app.insert_articles(&[
        article(
            "a_000001",
            News,
            Some("meeting"),
            NOW - DAY,
            "数字人大建设推进会召开",
            "镇人大召开推进会，部署代表联络站数字化工作。",
        ),
        article(
            "a_000002",
            News,
            Some("station"),
            NOW - 2 * DAY,
            "代表联络站开展接待日活动",
            "人大代表在联络站倾听民意，收集意见建议。",
        ),
        article(
            "a_000003",
            Policy,
            Some("revival"),
            NOW - 3 * DAY,
            "乡村振兴政策解读",
            "关于耕地保护和高标准农田建设的规定。",
        ),
        article(
            "a_000004",
            Case,
            Some("livelihood"),
            NOW - 4 * DAY,
            "村道硬化优秀案例",
            "村道硬化后群众出行更方便，App 上线后报修更快。",
        ),
        article(
            "a_000005",
            Policy,
            Some("law"),
            NOW - 5 * DAY,
            "选举法知识问答",
            "中国，人大代表由选举产生。Digital congress works.",
        ),
        article(
            "a_000006",
            News,
            Some("meeting"),
            NOW - 6 * DAY,
            "镇人大主席团会议",
            "会议听取了人大代表联络站工作汇报。",
        ),
    ]);
}

async fn search(app: &TestApp, q: &str) -> Vec<String> {
    let enc: String = q.bytes().map(|b| format!("%{b:02X}")).collect();
    let (ids, _) = app.walk(&format!("/api/v1/articles?q={enc}&limit=2")).await;
    ids
}

#[tokio::test]
async fn chinese_search_matches_substrings_of_any_length() {
    let app = TestApp::new();
    search_fixture(&app);
    // one character (in bodies and titles)
    assert_eq!(
        search(&app, "站").await,
        ["a_000001", "a_000002", "a_000006"]
    );
    // two characters, newest first, across title, summary and body
    assert_eq!(
        search(&app, "人大").await,
        ["a_000001", "a_000002", "a_000005", "a_000006"]
    );
    // four characters: only the exact sequence
    assert_eq!(search(&app, "数字人大").await, ["a_000001"]);
    assert_eq!(search(&app, "高标准农田").await, ["a_000003"]);
    // the characters of a query must be adjacent: 人…代 is not 人代
    assert_eq!(search(&app, "人代").await, Vec::<String>::new());
    // never across punctuation: "中国，人大" does not contain 国人
    assert_eq!(search(&app, "国人").await, Vec::<String>::new());
    // in the summary only (summaries are "<title>的摘要")
    assert_eq!(search(&app, "的摘要").await.len(), 6);
}

#[tokio::test]
async fn latin_words_and_several_terms() {
    let app = TestApp::new();
    search_fixture(&app);
    assert_eq!(search(&app, "app").await, ["a_000004"]);
    assert_eq!(search(&app, "APP").await, ["a_000004"]);
    assert_eq!(search(&app, "digital").await, ["a_000005"]);
    assert_eq!(search(&app, "Congress  Digital").await, ["a_000005"]);
    // every term must occur
    assert_eq!(
        search(&app, "人大 联络站").await,
        ["a_000001", "a_000002", "a_000006"]
    );
    assert_eq!(search(&app, "人大 耕地").await, Vec::<String>::new());
    // punctuation in the query separates terms too
    assert_eq!(search(&app, "中国，人大").await, ["a_000005"]);
    // surrounding spaces are trimmed
    assert_eq!(search(&app, "  耕地 ").await, ["a_000003"]);
}

#[tokio::test]
async fn search_combines_with_filters_and_paginates() {
    let app = TestApp::new();
    search_fixture(&app);
    let (got, pages) = app
        .walk("/api/v1/articles?q=%E4%BA%BA%E5%A4%A7&kind=news&limit=1")
        .await;
    assert_eq!(got, ["a_000001", "a_000002", "a_000006"]);
    assert_eq!(pages, 3);
    let (got, _) = app
        .walk("/api/v1/articles?q=%E4%BA%BA%E5%A4%A7&category=meeting&limit=1")
        .await;
    assert_eq!(got, ["a_000001", "a_000006"]);
    let (got, _) = app
        .walk("/api/v1/articles?q=%E4%BA%BA%E5%A4%A7&kind=policy&category=law")
        .await;
    assert_eq!(got, ["a_000005"]);
    let (got, _) = app
        .walk("/api/v1/articles?q=%E4%BA%BA%E5%A4%A7&kind=case")
        .await;
    assert!(got.is_empty());
}

#[tokio::test]
async fn query_text_cannot_inject_fts_syntax() {
    let app = TestApp::new();
    search_fixture(&app);
    let people = search(&app, "人大").await;
    // quotes, stars, parentheses around a term change nothing
    for q in [
        "\"人大\"",
        "人大*",
        "(人大)",
        "人大\"",
        "^人大",
        "{人大}",
        "人大:",
        "'人大'",
        "人大-",
    ] {
        assert_eq!(search(&app, q).await, people, "q={q}");
    }
    // operators are ordinary words: OR, AND, NOT, NEAR must all occur literally
    assert!(search(&app, "人大 OR 耕地").await.is_empty());
    assert!(search(&app, "人大 NOT 耕地").await.is_empty());
    assert!(search(&app, "NEAR(人大 耕地)").await.is_empty());
    assert!(search(&app, "title:人大").await.is_empty());
    // only syntax: nothing to search, an empty page (not an error)
    for q in ["\"", "*", "(", "\"*(\"", ")OR(", "，。！"] {
        let enc: String = q.bytes().map(|b| format!("%{b:02X}")).collect();
        let v = app.ok(&format!("/api/v1/articles?q={enc}")).await;
        assert_eq!(v["items"], serde_json::json!([]), "q={q}");
        assert!(v["next_cursor"].is_null());
    }
    // and the query "OR" alone is a word search, not an error
    let v = app.ok("/api/v1/articles?q=OR").await;
    assert!(v["items"].as_array().is_some());
}

#[tokio::test]
async fn pages_never_overlap_even_with_equal_times() {
    let app = TestApp::new();
    // 30 articles published in the same second
    let all: Vec<_> = (0..30)
        .map(|i| article(&format!("a_{i:06}"), News, None, NOW, "同一时刻", "正文"))
        .collect();
    app.insert_articles(&all);
    let (got, pages) = app.walk("/api/v1/articles?limit=4").await;
    assert_eq!(pages, 8);
    let unique: HashSet<_> = got.iter().collect();
    assert_eq!(unique.len(), 30);
    let mut sorted = got.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(got, sorted);
}

/// A view counts once per visitor and day: reloading (or a script) does not inflate it. A
/// signed-in visitor is themselves on any browser; others are their address and browser.
#[tokio::test]
async fn a_view_counts_once_per_visitor_and_day() {
    use axum::extract::ConnectInfo;
    let app = TestApp::new();
    app.seed_people();
    let mut a = article("a_000007", ArticleKind::News, None, NOW - DAY, "标题", "正文");
    a.view_count = 0;
    app.insert_articles(&[a]);
    let views = |r: common::Reply| r.json()["view_count"].as_u64().expect("view_count");
    let from = |ip: [u8; 4], agent: &str, token: Option<&str>| {
        let mut b = Request::get("/api/v1/articles/a_000007")
            .header("user-agent", agent)
            .extension(ConnectInfo(std::net::SocketAddr::from((ip, 40000))));
        if let Some(t) = token {
            b = b.header("authorization", format!("Bearer {t}"));
        }
        b.body(Body::empty()).expect("request")
    };
    for _ in 0..5 {
        app.request(from([10, 0, 0, 1], "phone A", None)).await;
    }
    assert_eq!(views(app.request(from([10, 0, 0, 1], "phone A", None)).await), 1);
    assert_eq!(views(app.request(from([10, 0, 0, 2], "phone A", None)).await), 2, "another address");
    assert_eq!(views(app.request(from([10, 0, 0, 1], "phone B", None)).await), 3, "another browser");
    // a made-up token is an anonymous visitor like any other (no inflation, no error)
    assert_eq!(views(app.request(from([10, 0, 0, 1], "phone A", Some("made-up"))).await), 3);
    let wang = app.token_for(server::demo::CITIZEN_WANG);
    assert_eq!(views(app.request(from([10, 0, 0, 1], "phone A", Some(&wang))).await), 4, "a user");
    assert_eq!(views(app.request(from([10, 9, 9, 9], "tablet", Some(&wang))).await), 4, "the same user elsewhere");
    // the next day (in the township's time zone) counts again
    app.state.set_now(NOW + DAY);
    assert_eq!(views(app.request(from([10, 0, 0, 1], "phone A", None)).await), 5);
    assert_eq!(views(app.request(from([10, 0, 0, 1], "phone A", None)).await), 5);
    // no address is stored as such, and an unknown article leaves no mark
    let stored: Vec<String> = app.db.with_conn(|c| {
        let mut st = c.prepare("SELECT visitor FROM article_views").unwrap();
        st.query_map((), |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    });
    assert!(stored.iter().all(|v| v.len() == 64 && !v.contains("10.0.0.1")), "{stored:?}");
    app.get("/api/v1/articles/a_999999").await;
    let n: i64 = app.db.with_conn(|c| c.query_row("SELECT COUNT(*) FROM article_views WHERE article_id = 'a_999999'", (), |r| r.get(0)).unwrap());
    assert_eq!(n, 0);
}

/// Reads do not wait behind writes: while the writer connection is held in a transaction, the
/// list and an article whose view this visitor already made today are answered (by a read-only
/// connection), with what was last committed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_are_answered_while_the_writer_is_busy() {
    use std::time::Duration;
    let app = TestApp::new();
    assert!(app.db.reader_count() >= 2);
    let mut a = article("a_000008", ArticleKind::News, None, NOW - DAY, "标题", "正文");
    a.view_count = 0;
    app.insert_articles(&[a]);
    assert_eq!(app.ok("/api/v1/articles/a_000008").await["view_count"], 1, "the first view is counted");

    let (held_tx, held_rx) = std::sync::mpsc::channel();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let db = app.db.clone();
    let writer = tokio::task::spawn_blocking(move || {
        db.with_conn(move |c| {
            let tx = c.transaction().expect("begin");
            tx.execute("UPDATE articles SET title = '改了' WHERE id = 'a_000008'", ()).expect("write");
            held_tx.send(()).expect("held");
            release_rx.recv_timeout(Duration::from_secs(10)).ok();
            tx.commit().expect("commit");
        })
    });
    held_rx.recv_timeout(Duration::from_secs(10)).expect("the writer is held");
    let reads = async {
        let one = app.ok("/api/v1/articles/a_000008").await;
        let list = app.ok("/api/v1/articles").await;
        (one, list)
    };
    let answered = tokio::time::timeout(Duration::from_secs(2), reads).await;
    release_tx.send(()).expect("release");
    writer.await.expect("writer");
    let (one, list) = answered.expect("the reads did not wait for the writer");
    assert_eq!((one["title"].as_str(), one["view_count"].as_u64()), (Some("标题"), Some(1)));
    assert_eq!(list["items"][0]["title"], "标题");
    assert_eq!(app.ok("/api/v1/articles/a_000008").await["title"], "改了", "then the commit is seen");
}
