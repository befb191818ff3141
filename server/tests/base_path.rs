//! Everything under a path (`--base-path /renda`, issue 16): the app's files and its shell with
//! `<base href="/renda/">`, the API and the media below the path, the path itself and the
//! origin's root sent to `/renda/`, nothing outside it.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::*;

const JPEG: &[u8] = include_bytes!("fixtures/uploads/tiny.jpg");

/// A built app whose index.html has the `<base>` of the real one, served under `/renda`.
fn under_renda() -> TestApp {
    let app = TestApp::new();
    app.seed_people();
    let dist = write_dist(app.path());
    let index = std::fs::read_to_string(dist.join("index.html")).expect("index");
    let index = index.replacen("<meta charset=\"utf-8\">", "<meta charset=\"utf-8\"><base href=\"/\">", 1);
    std::fs::write(dist.join("index.html"), index).expect("index");
    let router = app.sibling(|c| {
        c.static_dir = dist;
        c.base_path = "/renda".into();
    });
    TestApp { router, ..app }
}

#[tokio::test]
async fn the_app_is_answered_below_the_path_with_its_base() {
    let app = under_renda();
    for uri in ["/renda/", "/renda/index.html", "/renda/articles/a_000001", "/renda/d/LW01?via=p_1", "/renda/search?q=%E8%B7%AF"] {
        let r = app.get(uri).await;
        assert_eq!(r.status, 200, "{uri}: {}", r.text());
        assert!(r.header("content-type").is_some_and(|t| t.starts_with("text/html")), "{uri}");
        let html = r.text();
        assert!(html.contains("<base href=\"/renda/\">"), "{uri}: {html}");
        assert!(!html.contains("<base href=\"/\">"), "{uri}");
        assert_eq!(r.header("cache-control"), Some("no-cache"), "{uri}");
        let csp = r.header("content-security-policy").unwrap_or_else(|| panic!("{uri}: no CSP"));
        assert!(csp.contains("base-uri 'self'"), "{csp}");
    }
    // the files, as at the root
    let js = app.get("/renda/zsrd-app-0123456789abcdef.js").await;
    assert_eq!(js.status, 200);
    assert_eq!(js.header("cache-control"), Some("public, max-age=31536000, immutable"));
    assert_eq!(app.get("/renda/config.json").await.status, 200);
    assert_eq!(app.get("/renda/sw.js").await.status, 200);
    assert_eq!(app.get("/renda/nothing-here.js").await.status, 404);
}

#[tokio::test]
async fn the_api_and_media_are_below_the_path_and_locations_keep_it() {
    let app = under_renda();
    let meta = app.get("/renda/api/v1/meta").await;
    assert_eq!(meta.status, 200, "{}", meta.text());
    assert_eq!(meta.header("content-type"), Some("application/json"));
    // an unknown API path below the base is the API's problem+json
    app.get("/renda/api/v1/nothing").await.problem(404);

    let token = app.token_for(server::demo::CITIZEN_WANG);
    let r = app
        .request(
            Request::post("/renda/api/v1/uploads")
                .header("authorization", format!("Bearer {token}"))
                .header("content-type", "image/jpeg")
                .body(Body::from(JPEG.to_vec()))
                .expect("request"),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let url = r.json()["url"].as_str().expect("url").to_owned();
    // the body's URL is the API's own (the app resolves it against its API base, the path);
    // the Location header is an address of this server, with the path
    assert!(url.starts_with("/media/uploads/"), "{url}");
    assert_eq!(r.header("location"), Some(format!("/renda{url}").as_str()));
    let got = app
        .request(Request::get(format!("/renda{url}")).header("authorization", format!("Bearer {token}")).body(Body::empty()).expect("request"))
        .await;
    assert_eq!(got.status, 200);
    assert_eq!(got.header("content-type"), Some("image/jpeg"));
}

#[tokio::test]
async fn the_path_itself_and_the_root_lead_to_the_app_and_nothing_else_is_served() {
    let app = under_renda();
    for (uri, to) in [("/renda", "/renda/"), ("/", "/renda/"), ("/renda?from=poster", "/renda/?from=poster")] {
        let r = app.get(uri).await;
        assert_eq!(r.status, 308, "{uri}");
        assert_eq!(r.header("location"), Some(to), "{uri}");
    }
    // (the API at the root: the test harness refuses a 404 of a documented operation, so "/api/")
    // a load balancer's checks of the instance stay at the root
    assert_eq!(app.get("/healthz").await.status, 200);
    assert_eq!(app.get("/readyz").await.status, 200);
    assert_eq!(app.get("/renda/healthz").await.status, 200, "a client route of the app, under the path");
    for uri in ["/api/", "/index.html", "/zsrd-app-0123456789abcdef.js", "/rendax/", "/rendax/api/v1/meta", "/media/x"] {
        let r = app.get(uri).await;
        assert_eq!(r.status, 404, "{uri}");
    }
}

#[tokio::test]
async fn at_the_root_nothing_changes() {
    let app = TestApp::new();
    let dist = write_dist(app.path());
    let index = std::fs::read_to_string(dist.join("index.html")).expect("index").replacen("<head>", "<head><base href=\"/\">", 1);
    std::fs::write(dist.join("index.html"), &index).expect("index");
    let router = app.sibling(|c| c.static_dir = dist);
    let app = TestApp { router, ..app };
    let r = app.get("/articles/a_1").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.text(), index);
    assert_eq!(app.get("/api/v1/meta").await.status, 200);
    assert_eq!(app.get("/renda/").await.status, 200, "a client route at the root");
}
