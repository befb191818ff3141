//! The built app: client routes get index.html, cache headers fit Trunk's hashed names,
//! compression is negotiated; /media serves illustrations and attachments.

mod common;

use std::io::Read;

use axum::http::Method;
use common::*;

fn with_dist() -> TestApp {
    let app = TestApp::new();
    let dist = write_dist(app.path());
    let router = app.sibling(|c| c.static_dir = dist);
    TestApp { router, ..app }
}

#[tokio::test]
async fn client_routes_get_the_app_shell_uncached() {
    // (a database without news: `/` is not drawn either, tests/first_screen.rs)
    let app = with_dist();
    let index = std::fs::read_to_string(app.path().join("dist/index.html")).expect("index");
    for uri in [
        "/",
        "/articles/a_000001",
        "/events",
        "/search?q=%E4%BA%BA%E5%A4%A7",
        "/deputies/d_1/",
        "/index.html",
    ] {
        let r = app.get(uri).await;
        assert_eq!(r.status, 200, "{uri}");
        assert_eq!(r.text(), index, "{uri}");
        assert!(
            r.header("content-type")
                .is_some_and(|t| t.starts_with("text/html")),
            "{uri}"
        );
        assert_eq!(r.header("cache-control"), Some("no-cache"), "{uri}");
    }
    // HEAD works too
    assert_eq!(app.method(Method::HEAD, "/events").await.status, 200);
    // writes are not for static files
    assert_eq!(app.method(Method::POST, "/events").await.status, 405);
}

#[tokio::test]
async fn cache_control_follows_the_file_name() {
    let app = with_dist();
    let cases = [
        (
            "/zsrd-app-0123456789abcdef.js",
            "public, max-age=31536000, immutable",
            "javascript",
        ),
        (
            "/zsrd-app-0123456789abcdef_bg.wasm",
            "public, max-age=31536000, immutable",
            "application/wasm",
        ),
        (
            "/style-fedcba9876543210.css",
            "public, max-age=31536000, immutable",
            "text/css",
        ),
        ("/config.json", "no-cache", "application/json"),
        ("/sw.js", "no-cache", "javascript"),
        ("/icons/icon-192.png", "public, max-age=3600", "image/png"),
    ];
    for (uri, cache, ct) in cases {
        let r = app.get(uri).await;
        assert_eq!(r.status, 200, "{uri}");
        assert_eq!(r.header("cache-control"), Some(cache), "{uri}");
        assert!(
            r.header("content-type").is_some_and(|t| t.contains(ct)),
            "{uri}: {:?}",
            r.header("content-type")
        );
    }
}

#[tokio::test]
async fn missing_files_with_an_extension_are_404() {
    let app = with_dist();
    for uri in [
        "/zsrd-app-ffffffffffffffff.js",
        "/missing.js",
        "/icons/nope.png",
        "/favicon.ico",
        "/../Cargo.toml",
        "/media/other/x.png",
    ] {
        let r = app.get(uri).await;
        assert_eq!(r.status, 404, "{uri}");
        assert!(!r.text().contains("<html"), "{uri}: not the app shell");
    }
}

fn gunzip(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(b)
        .read_to_end(&mut out)
        .expect("gzip");
    out
}

fn unbrotli(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(b, 4096)
        .read_to_end(&mut out)
        .expect("brotli");
    out
}

#[tokio::test]
async fn compression_is_negotiated() {
    let app = with_dist();
    for file in [
        "zsrd-app-0123456789abcdef.js",
        "zsrd-app-0123456789abcdef_bg.wasm",
        "style-fedcba9876543210.css",
    ] {
        let original = std::fs::read(app.path().join("dist").join(file)).expect("read");
        let uri = format!("/{file}");
        let r = app.get_with(&uri, &[("accept-encoding", "gzip")]).await;
        assert_eq!(r.header("content-encoding"), Some("gzip"), "{file}");
        assert_eq!(gunzip(&r.body), original, "{file}");
        assert!(r.body.len() < original.len());
        let r = app.get_with(&uri, &[("accept-encoding", "br")]).await;
        assert_eq!(r.header("content-encoding"), Some("br"), "{file}");
        assert_eq!(unbrotli(&r.body), original, "{file}");
        assert!(r
            .header("vary")
            .is_some_and(|v| v.to_ascii_lowercase().contains("accept-encoding")));
        let r = app.get(&uri).await;
        assert_eq!(r.header("content-encoding"), None, "{file}");
        assert_eq!(r.body, original);
    }
    // PNGs are already compressed
    let r = app
        .get_with("/icons/icon-192.png", &[("accept-encoding", "gzip, br")])
        .await;
    assert_eq!(r.header("content-encoding"), None);
    // API JSON is compressed when large enough
    app.insert_articles(
        &(0..20)
            .map(|i| {
                article(
                    &format!("a_{i:06}"),
                    contract::ArticleKind::News,
                    None,
                    NOW - i,
                    "一篇相当长的标题，用来让响应超过压缩阈值",
                    "正文",
                )
            })
            .collect::<Vec<_>>(),
    );
    let r = app
        .get_with("/api/v1/articles", &[("accept-encoding", "br")])
        .await;
    assert_eq!(r.header("content-encoding"), Some("br"));
    let v: serde_json::Value = serde_json::from_slice(&unbrotli(&r.body)).expect("json");
    assert_eq!(v["items"].as_array().map(Vec::len), Some(20));
}

#[tokio::test]
async fn without_a_built_app_the_api_still_works() {
    let app = TestApp::new(); // static dir does not exist
    let r = app.get("/articles/a_000001").await;
    assert_eq!(r.status, 404);
    assert!(r
        .header("content-type")
        .is_some_and(|t| t.starts_with("text/plain")));
    assert!(r.text().contains("make run"), "{}", r.text());
    assert_eq!(app.get("/").await.status, 404);
    assert_eq!(app.get("/api/v1/meta").await.status, 200);
    assert_eq!(app.get("/media/illustrations/river.svg").await.status, 200);
}

#[tokio::test]
async fn illustrations_are_svg_cached_for_a_day() {
    let app = TestApp::new();
    for theme in server::illustrations::THEMES {
        let r = app.get(&format!("/media/illustrations/{theme}.svg")).await;
        assert_eq!(r.status, 200, "{theme}");
        assert_eq!(r.header("content-type"), Some("image/svg+xml"));
        assert_eq!(r.header("cache-control"), Some("public, max-age=86400"));
        assert!(r.text().starts_with("<svg"), "{theme}");
        assert_eq!(r.text(), server::illustrations::svg(theme));
    }
    // unknown theme: the neutral picture
    let r = app.get("/media/illustrations/not-a-theme.svg").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.text(), server::illustrations::svg("not-a-theme"));
    assert_ne!(r.text(), server::illustrations::svg("meeting"));
    // not an svg name
    assert_eq!(
        app.get("/media/illustrations/meeting.png").await.status,
        404
    );
    assert_eq!(app.get("/media/illustrations/..%2Fx.svg").await.status, 404);
    // SVG compresses
    let r = app
        .get_with(
            "/media/illustrations/market.svg",
            &[("accept-encoding", "gzip")],
        )
        .await;
    assert_eq!(r.header("content-encoding"), Some("gzip"));
}
