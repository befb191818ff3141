//! Every error under /api is RFC 9457 problem+json: validation (400 with errors[].field),
//! unknown ids and paths (404), wrong methods (405 with Allow), panics (500). And CORS.

mod common;

use axum::http::Method;
use common::*;
use contract::ArticleKind::News;

fn b64(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
}

/// Asserts a 400 problem naming exactly `fields`, valid against the contract.
async fn bad(app: &TestApp, uri: &str, fields: &[&str], code: Option<&str>) {
    let r = app.get(uri).await;
    let p = r.problem(400);
    assert_eq!(r.error_fields(), fields, "{uri}: {}", r.text());
    if let Some(code) = code {
        assert_eq!(p["errors"][0]["code"], code, "{uri}");
    }
    assert!(p["errors"][0]["message"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));
    let path = if uri.starts_with("/api/v1/articles") {
        "/api/v1/articles"
    } else if uri.starts_with("/api/v1/events") {
        "/api/v1/events"
    } else {
        "/api/v1/categories"
    };
    schema::assert_response(path, 400, "application/problem+json", &p);
}

#[tokio::test]
async fn bad_article_queries_are_400_naming_the_field() {
    let app = TestApp::new();
    app.insert_articles(&[article("a_000001", News, None, NOW, "标题", "正文")]);
    bad(
        &app,
        "/api/v1/articles?kind=blog",
        &["kind"],
        Some("invalid"),
    )
    .await;
    // An empty value is the parameter left out (api/README.md), never an error.
    for empty in ["kind=", "q=", "category=", "sort=", "cursor=", "limit=", "kind=&q=&category=&sort=&cursor=&limit="] {
        assert_eq!(app.ok(&format!("/api/v1/articles?{empty}")).await, app.ok("/api/v1/articles").await, "{empty}");
    }
    bad(
        &app,
        "/api/v1/articles?kind=NEWS",
        &["kind"],
        Some("invalid"),
    )
    .await;
    for limit in ["0", "51", "abc", "-1", "%20", "1.5", "99999999999999999999"] {
        bad(
            &app,
            &format!("/api/v1/articles?limit={limit}"),
            &["limit"],
            Some("out_of_range"),
        )
        .await;
    }
    let long = "人".repeat(51);
    let enc: String = long.bytes().map(|b| format!("%{b:02X}")).collect();
    bad(
        &app,
        &format!("/api/v1/articles?q={enc}"),
        &["q"],
        Some("too_long"),
    )
    .await;
    // 50 characters is fine
    let ok: String = "人"
        .repeat(50)
        .bytes()
        .map(|b| format!("%{b:02X}"))
        .collect();
    assert_eq!(
        app.get(&format!("/api/v1/articles?q={ok}")).await.status,
        200
    );
    bad(
        &app,
        "/api/v1/articles?q=%20%20%E3%80%80%09",
        &["q"],
        Some("too_short"),
    )
    .await;
    bad(
        &app,
        "/api/v1/articles?kind=news&kind=case",
        &["kind"],
        Some("invalid"),
    )
    .await;
    // several bad values: one entry each
    bad(
        &app,
        "/api/v1/articles?kind=x&limit=0&cursor=zz",
        &["kind", "cursor", "limit"],
        None,
    )
    .await;
}

#[tokio::test]
async fn forged_cursors_are_400_never_500() {
    let app = TestApp::new();
    app.insert_articles(
        &(0..5)
            .map(|i| article(&format!("a_{i:06}"), News, None, NOW - i, "标题", "正文"))
            .collect::<Vec<_>>(),
    );
    app.insert_events(&[
        event("e_000001", NOW, None),
        event("e_000002", NOW + DAY, None),
    ]);
    let events_cursor = app.ok("/api/v1/events?limit=1").await["next_cursor"]
        .as_str()
        .expect("c")
        .to_owned();
    let article_cursor = app.ok("/api/v1/articles?limit=1").await["next_cursor"]
        .as_str()
        .expect("c")
        .to_owned();
    let forged = [
        "garbage".to_owned(),
        "!!!!".to_owned(),
        "%00".to_owned(),
        b64("a|notanumber|a_000001"),
        b64("a|1|"),
        b64("a|1|a_1|extra"),
        b64("a|1|a 1"),
        b64("a|1|a_1'; DROP TABLE articles;--"),
        b64("a|99999999999999999999999|a_1"),
        b64("e|1|2|3|e_1"),
        "A".repeat(400),
        format!("{article_cursor}x"),
        events_cursor.clone(),
    ];
    for c in &forged {
        bad(
            &app,
            &format!("/api/v1/articles?cursor={c}"),
            &["cursor"],
            Some("invalid"),
        )
        .await;
    }
    let forged_events = [
        "garbage".to_owned(),
        b64("e|1|7|3|e_1"),
        b64("e|x|0|3|e_1"),
        b64("e|1|0|3|"),
        article_cursor.clone(),
    ];
    for c in &forged_events {
        bad(
            &app,
            &format!("/api/v1/events?cursor={c}"),
            &["cursor"],
            Some("invalid"),
        )
        .await;
    }
    // a well-formed cursor for a position that does not exist is just a position
    let v = app
        .ok(&format!("/api/v1/articles?cursor={}", b64("a|1|zzz")))
        .await;
    assert_eq!(v["items"], serde_json::json!([]));
    // the article page still works after all that
    assert_eq!(
        app.ok("/api/v1/articles").await["items"]
            .as_array()
            .map(Vec::len),
        Some(5)
    );
}

#[tokio::test]
async fn bad_event_queries_are_400_naming_the_field() {
    let app = TestApp::new();
    bad(
        &app,
        "/api/v1/events?status=soon",
        &["status"],
        Some("invalid"),
    )
    .await;
    assert_eq!(app.ok("/api/v1/events?status=&cursor=&limit=").await, app.ok("/api/v1/events").await);
    bad(
        &app,
        "/api/v1/events?limit=0",
        &["limit"],
        Some("out_of_range"),
    )
    .await;
    bad(
        &app,
        "/api/v1/events?limit=51",
        &["limit"],
        Some("out_of_range"),
    )
    .await;
    bad(
        &app,
        "/api/v1/events?limit=abc",
        &["limit"],
        Some("out_of_range"),
    )
    .await;
    bad(
        &app,
        "/api/v1/events?cursor=abc",
        &["cursor"],
        Some("invalid"),
    )
    .await;
    bad(
        &app,
        "/api/v1/categories?kind=x",
        &["kind"],
        Some("invalid"),
    )
    .await;
    // unknown parameters are ignored (the contract may grow)
    assert_eq!(app.get("/api/v1/events?foo=bar").await.status, 200);
}

#[tokio::test]
async fn unknown_api_paths_are_404_problems() {
    let app = TestApp::new();
    for uri in [
        "/api",
        "/api/",
        "/api/v1",
        "/api/v1/",
        "/api/v1/nope",
        "/api/v2/articles",
        "/api/v1/articles/a_1/comments",
        "/api/v1/meta.json",
    ] {
        let r = app.get(uri).await;
        let p = r.problem(404);
        assert!(
            p["detail"].as_str().is_some_and(|d| d.contains("/api")),
            "{uri}"
        );
    }
    // other methods on unknown paths too
    let r = app.method(Method::DELETE, "/api/v1/nope").await;
    r.problem(404);
}

#[tokio::test]
async fn wrong_method_is_405_problem_with_allow() {
    let app = TestApp::new();
    for (method, uri) in [
        (Method::POST, "/api/v1/articles"),
        (Method::DELETE, "/api/v1/articles/a_000001"),
        (Method::PUT, "/api/v1/meta"),
        (Method::PATCH, "/api/v1/events"),
        (Method::POST, "/api/v1/categories"),
    ] {
        let r = app.method(method.clone(), uri).await;
        let p = r.problem(405);
        assert_eq!(p["type"], contract::problem_types::METHOD_NOT_ALLOWED);
        let allow = r.header("allow").unwrap_or_default().to_owned();
        assert!(allow.contains("GET"), "{method} {uri}: Allow {allow:?}");
        assert!(
            r.header("access-control-allow-origin").is_some(),
            "CORS headers on errors too"
        );
    }
    // HEAD is fine on GET routes
    assert_eq!(app.method(Method::HEAD, "/api/v1/meta").await.status, 200);
}

#[tokio::test]
async fn malformed_paths_are_400_or_404_problems() {
    let app = TestApp::new();
    // invalid UTF-8 in the id
    let r = app.get("/api/v1/articles/%FF%FE").await;
    r.problem(400);
    let r = app.get("/api/v1/events/%C0").await;
    r.problem(400);
}

#[tokio::test]
async fn cors_allows_any_origin_and_the_needed_headers() {
    let app = TestApp::new();
    let r = app
        .request(
            axum::http::Request::builder()
                .method(Method::OPTIONS)
                .uri("/api/v1/articles")
                .header("origin", "https://mp.weixin.qq.com")
                .header("access-control-request-method", "POST")
                .header(
                    "access-control-request-headers",
                    "authorization,content-type,idempotency-key,if-match",
                )
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.status);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    let methods = r
        .header("access-control-allow-methods")
        .unwrap_or_default()
        .to_ascii_uppercase();
    for m in ["GET", "POST", "PATCH", "PUT", "DELETE", "OPTIONS"] {
        assert!(methods.contains(m), "{methods}");
    }
    let headers = r
        .header("access-control-allow-headers")
        .unwrap_or_default()
        .to_ascii_lowercase();
    for h in [
        "authorization",
        "content-type",
        "idempotency-key",
        "if-match",
    ] {
        assert!(headers.contains(h), "{headers}");
    }
    assert!(r.header("access-control-allow-credentials").is_none());
    let r = app
        .get_with("/api/v1/meta", &[("origin", "http://localhost:3000")])
        .await;
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
}

#[tokio::test]
async fn panics_become_500_problems() {
    // the same layer and handler the app uses, around a handler that panics
    use axum::routing::get;
    let router: axum::Router = axum::Router::new()
        .route(
            "/api/v1/boom",
            get(|| async {
                if true {
                    panic!("boom")
                }
                "unreachable"
            }),
        )
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            server::problem::panic_response,
        ));
    let r = send(
        &router,
        axum::http::Request::get("/api/v1/boom")
            .body(axum::body::Body::empty())
            .expect("req"),
    )
    .await;
    let p = r.problem(500);
    assert!(!r.text().contains("boom"), "internals are not revealed");
    assert_eq!(p["type"], contract::problem_types::INTERNAL);
}

#[tokio::test]
async fn api_answers_are_not_cached_and_not_sniffed() {
    let app = TestApp::new();
    let r = app.get("/api/v1/meta").await;
    assert_eq!(r.header("cache-control"), Some("no-cache"));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
}

#[tokio::test]
async fn answers_to_a_token_stay_out_of_shared_caches() {
    let app = TestApp::new();
    // (a token the server does not know still gets the rule: a 401 is the caller's too)
    let r = app.get_with("/api/v1/meta", &[("authorization", "Bearer not-a-token")]).await;
    assert_eq!(r.header("cache-control"), Some("private, no-cache"));
    let vary: Vec<&str> = r.headers.get_all("vary").iter().filter_map(|v| v.to_str().ok()).collect();
    assert!(vary.iter().any(|v| v.contains("Authorization")), "{vary:?}");
    let r = app.get("/api/v1/meta").await;
    assert_eq!(r.header("cache-control"), Some("no-cache"));
}
