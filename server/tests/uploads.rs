//! Photo uploads: type by Content-Type and content, size, rate limit, how they are served.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::{schema, TestApp, HOUR, NOW};
use serde_json::Value;

const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xFF\xD9";
const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00";
const WEBP: &[u8] = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00";

fn app() -> (TestApp, String) {
    let app = TestApp::new();
    app.seed_people();
    let token = app.token_for(server::demo::CITIZEN_WANG);
    (app, token)
}

async fn upload(
    app: &TestApp,
    token: Option<&str>,
    content_type: Option<&str>,
    bytes: Vec<u8>,
    extra: &[(&str, &str)],
) -> common::Reply {
    let mut b = Request::post("/api/v1/uploads");
    if let Some(t) = token {
        b = b.header("authorization", format!("Bearer {t}"));
    }
    if let Some(ct) = content_type {
        b = b.header("content-type", ct);
    }
    for (k, v) in extra {
        b = b.header(*k, *v);
    }
    app.request(b.body(Body::from(bytes)).expect("request"))
        .await
}

fn problem(r: &common::Reply, status: u16) -> Value {
    let p = r.problem(status);
    schema::assert_op_response(
        "post",
        "/api/v1/uploads",
        status,
        "application/problem+json",
        &p,
    );
    p
}

#[tokio::test]
async fn each_image_type_is_stored_and_served() {
    let (app, token) = app();
    let mut ids = Vec::new();
    for (ct, bytes) in [
        ("image/jpeg", JPEG),
        ("image/png", PNG),
        ("image/webp", WEBP),
    ] {
        let r = upload(&app, Some(&token), Some(ct), bytes.to_vec(), &[]).await;
        assert_eq!(r.status, 201, "{ct}: {}", r.text());
        let v = r.json();
        schema::assert_op_response("post", "/api/v1/uploads", 201, "application/json", &v);
        assert_eq!(v["content_type"], ct);
        assert_eq!(v["size"], bytes.len());
        let id = v["id"].as_str().expect("id").to_owned();
        assert_eq!(id.len(), 32, "128-bit hex id");
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
        let url = v["url"].as_str().expect("url");
        assert_eq!(url, format!("/media/uploads/{id}"));
        assert_eq!(r.header("location"), Some(url));

        let got = app.get(url).await;
        assert_eq!(got.status, 200);
        assert_eq!(got.header("content-type"), Some(ct));
        assert_eq!(
            got.header("cache-control"),
            Some("private, max-age=31536000, immutable")
        );
        assert_eq!(got.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(got.header("content-disposition"), Some("inline"));
        assert_eq!(got.body, bytes);
        ids.push(id);
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3);
    // stored in the database, not in a directory
    let rows: i64 = app.db.with_conn(|c| {
        c.query_row(
            "SELECT COUNT(*) FROM uploads WHERE user_id = ?1",
            [server::demo::CITIZEN_WANG],
            |r| r.get(0),
        )
        .expect("count")
    });
    assert_eq!(rows, 3);
    // parameters and case of the media type do not matter; image/jpg is JPEG
    let r = upload(
        &app,
        Some(&token),
        Some("IMAGE/PNG; foo=bar"),
        PNG.to_vec(),
        &[],
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let r = upload(&app, Some(&token), Some("image/jpg"), JPEG.to_vec(), &[]).await;
    assert_eq!(r.json()["content_type"], "image/jpeg");
}

#[tokio::test]
async fn sign_in_required() {
    let (app, _) = app();
    let r = upload(&app, None, Some("image/png"), PNG.to_vec(), &[]).await;
    problem(&r, 401);
    let r = upload(&app, Some("bogus"), Some("image/png"), PNG.to_vec(), &[]).await;
    problem(&r, 401);
}

#[tokio::test]
async fn other_types_and_fake_content_are_415() {
    let (app, token) = app();
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".to_vec();
    let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec();
    let cases: Vec<(Option<&str>, Vec<u8>)> = vec![
        (None, PNG.to_vec()),
        (Some("image/svg+xml"), svg.clone()),
        (Some("image/gif"), gif.clone()),
        (Some("text/plain"), PNG.to_vec()),
        (Some("application/octet-stream"), JPEG.to_vec()),
        // declared type with other content: fake magic bytes
        (Some("image/png"), svg),
        (Some("image/jpeg"), gif),
        (Some("image/png"), JPEG.to_vec()),
        (Some("image/jpeg"), PNG.to_vec()),
        (Some("image/webp"), b"RIFF\x00\x00\x00\x00WAVEfmt ".to_vec()),
        (Some("image/jpeg"), b"\xFF\xD8".to_vec()),
        (Some("image/png"), Vec::new()),
    ];
    for (ct, bytes) in cases {
        let r = upload(&app, Some(&token), ct, bytes, &[]).await;
        let p = problem(&r, 415);
        assert_eq!(
            p["type"],
            contract::problem_types::UNSUPPORTED_MEDIA_TYPE,
            "{ct:?}"
        );
    }
    let rows: i64 = app
        .db
        .with_conn(|c| c.query_row("SELECT COUNT(*) FROM uploads", [], |r| r.get(0)))
        .expect("count");
    assert_eq!(rows, 0);
}

#[tokio::test]
async fn larger_than_five_mib_is_413() {
    let (app, token) = app();
    let limit = server::uploads::MAX_UPLOAD_BYTES;
    assert_eq!(limit, 5 * 1024 * 1024);
    let mut big = PNG.to_vec();
    big.resize(limit + 1, 0);
    // by the actual size (no Content-Length)
    let r = upload(&app, Some(&token), Some("image/png"), big.clone(), &[]).await;
    let p = problem(&r, 413);
    assert_eq!(p["type"], contract::problem_types::TOO_LARGE);
    // by the announced size, before reading
    let r = upload(
        &app,
        Some(&token),
        Some("image/png"),
        PNG.to_vec(),
        &[("content-length", "104857600")],
    )
    .await;
    problem(&r, 413);
    // exactly 5 MiB is fine
    big.truncate(limit);
    let r = upload(
        &app,
        Some(&token),
        Some("image/png"),
        big,
        &[("content-length", &limit.to_string())],
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["size"], limit);
}

#[tokio::test]
async fn thirty_uploads_per_user_per_hour() {
    let (app, token) = app();
    for i in 0..30 {
        app.state.set_now(NOW + i * 10);
        let r = upload(&app, Some(&token), Some("image/jpeg"), JPEG.to_vec(), &[]).await;
        assert_eq!(r.status, 201, "upload {i}: {}", r.text());
    }
    app.state.set_now(NOW + 600);
    let r = upload(&app, Some(&token), Some("image/jpeg"), JPEG.to_vec(), &[]).await;
    let p = problem(&r, 429);
    assert_eq!(p["type"], contract::problem_types::RATE_LIMITED);
    assert_eq!(
        r.header("retry-after"),
        Some((HOUR - 600).to_string().as_str())
    );
    // another user is not limited
    let other = app.token_for(server::demo::CITIZEN_LI);
    let r = upload(&app, Some(&other), Some("image/jpeg"), JPEG.to_vec(), &[]).await;
    assert_eq!(r.status, 201);
    // an hour after the first, one more
    app.state.set_now(NOW + HOUR);
    let r = upload(&app, Some(&token), Some("image/jpeg"), JPEG.to_vec(), &[]).await;
    assert_eq!(r.status, 201, "{}", r.text());
}

#[tokio::test]
async fn unknown_uploads_are_404() {
    let (app, _) = app();
    for path in [
        "/media/uploads/00000000000000000000000000000000",
        "/media/uploads/nope",
        "/media/uploads/..%2F..%2Fetc%2Fpasswd",
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status, 404, "{path}");
    }
    // uploads are POST only
    let r = app.get("/api/v1/uploads").await;
    r.problem(405);
}

#[tokio::test]
async fn attaching_rules() {
    let (app, token) = app();
    let r = upload(&app, Some(&token), Some("image/png"), PNG.to_vec(), &[]).await;
    let id = r.json()["id"].as_str().expect("id").to_owned();
    app.db.with_conn(|c| {
        let info = server::uploads::info(c, &id).expect("db").expect("stored");
        assert_eq!(info.user_id, server::demo::CITIZEN_WANG);
        assert_eq!(info.created_at, NOW);
        assert!(server::uploads::attachable(
            &info,
            server::demo::CITIZEN_WANG,
            NOW + 24 * HOUR
        ));
        assert!(!server::uploads::attachable(
            &info,
            server::demo::CITIZEN_WANG,
            NOW + 24 * HOUR + 1
        ));
        assert!(!server::uploads::attachable(
            &info,
            server::demo::CITIZEN_LI,
            NOW
        ));
        assert!(server::uploads::attach(c, &id, "m_1").expect("attach"));
        assert!(!server::uploads::attach(c, &id, "m_2").expect("attach"));
        let info = server::uploads::info(c, &id).expect("db").expect("stored");
        assert_eq!(info.message_id.as_deref(), Some("m_1"));
        assert!(!server::uploads::attachable(
            &info,
            server::demo::CITIZEN_WANG,
            NOW
        ));
    });
}
