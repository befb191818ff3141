//! Photo uploads: type by Content-Type and content, size, rate limit, how they are served;
//! metadata stripped, the storage quota, unattached uploads deleted after a day.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::{schema, TestApp, HOUR, NOW};
use img_parts::jpeg::Jpeg;
use img_parts::png::Png;
use img_parts::riff::{RiffChunk, RiffContent};
use img_parts::webp::WebP;
use img_parts::{Bytes, ImageEXIF};
use serde_json::Value;

/// Real images (made with ImageMagick, `-strip`: no metadata), stored as they are.
const JPEG: &[u8] = include_bytes!("fixtures/uploads/tiny.jpg");
const PROGRESSIVE: &[u8] = include_bytes!("fixtures/uploads/progressive.jpg");
const PNG: &[u8] = include_bytes!("fixtures/uploads/tiny.png");
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
        .with_conn(|c| c.query_row("SELECT COUNT(*) FROM uploads", (), |r| r.get(0)))
        .expect("count");
    assert_eq!(rows, 0);
}

#[tokio::test]
async fn larger_than_five_mib_is_413() {
    let (app, token) = app();
    let limit = server::uploads::MAX_UPLOAD_BYTES;
    assert_eq!(limit, 5 * 1024 * 1024);
    // a real PNG made big by a text chunk (which is stripped once accepted)
    let big_png = |n: usize| png_with(&[(b"tEXt", &vec![b'x'; n - PNG.len() - 12])]);
    let mut big = big_png(limit + 1);
    assert_eq!(big.len(), limit + 1);
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
    // exactly 5 MiB is fine (and what is stored is the picture without the text)
    big = big_png(limit);
    let r = upload(
        &app,
        Some(&token),
        Some("image/png"),
        big,
        &[("content-length", &limit.to_string())],
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["size"], PNG.len());
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

/// `PNG` with more chunks before its `IEND` (length, type, data, CRC).
fn png_with(chunks: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
    let iend = PNG.len() - 12;
    let mut out = PNG[..iend].to_vec();
    for (kind, data) in chunks {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend_from_slice(*kind);
        out.extend_from_slice(data);
        let mut crc = flate2::Crc::new();
        crc.update(*kind);
        crc.update(data);
        out.extend_from_slice(&crc.sum().to_be_bytes());
    }
    out.extend_from_slice(&PNG[iend..]);
    out
}

/// A JPEG segment: marker, length, contents.
fn segment(marker: u8, contents: &[u8]) -> Vec<u8> {
    let mut s = vec![0xFF, marker];
    s.extend_from_slice(&((contents.len() + 2) as u16).to_be_bytes());
    s.extend_from_slice(contents);
    s
}

/// EXIF (a little-endian TIFF structure) with an orientation, a description and a GPS IFD
/// whose latitude reference and a text carry `SECRET`.
fn exif(orientation: u16) -> Vec<u8> {
    let mut t = b"II*\0\x08\0\0\0".to_vec();
    // IFD0 at 8: 3 entries (12 bytes each) + next offset = 2 + 36 + 4 = 42 → data at 50
    t.extend_from_slice(&3u16.to_le_bytes());
    let desc = b"SECRET home of the author\0";
    let gps_at = 50 + desc.len() as u32;
    for (tag, kind, count, value) in [
        (0x010Eu16, 2u16, desc.len() as u32, 50u32),
        (0x0112, 3, 1, u32::from(orientation)),
        (0x8825, 4, 1, gps_at),
    ] {
        t.extend_from_slice(&tag.to_le_bytes());
        t.extend_from_slice(&kind.to_le_bytes());
        t.extend_from_slice(&count.to_le_bytes());
        t.extend_from_slice(&value.to_le_bytes());
    }
    t.extend_from_slice(&0u32.to_le_bytes());
    t.extend_from_slice(desc);
    // GPS IFD: GPSLatitudeRef 'N', GPSAreaInformation "SECRET 23.68N 113.03E"
    let area = b"ASCII\0\0\0SECRET 23.68N 113.03E";
    t.extend_from_slice(&2u16.to_le_bytes());
    for (tag, kind, count, value) in [
        (0x0001u16, 2u16, 2u32, u32::from_le_bytes(*b"N\0\0\0")),
        (0x001C, 7, area.len() as u32, gps_at + 2 + 24 + 4),
    ] {
        t.extend_from_slice(&tag.to_le_bytes());
        t.extend_from_slice(&kind.to_le_bytes());
        t.extend_from_slice(&count.to_le_bytes());
        t.extend_from_slice(&value.to_le_bytes());
    }
    t.extend_from_slice(&0u32.to_le_bytes());
    t.extend_from_slice(area);
    t
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

async fn stored(app: &TestApp, token: &str, ct: &str, bytes: Vec<u8>) -> Vec<u8> {
    let r = upload(app, Some(token), Some(ct), bytes, &[]).await;
    assert_eq!(r.status, 201, "{ct}: {}", r.text());
    let v = r.json();
    let got = app.get(v["url"].as_str().expect("url")).await;
    assert_eq!(got.status, 200);
    assert_eq!(v["size"], got.body.len(), "the answer's size is what is stored");
    got.body.to_vec()
}

#[tokio::test]
async fn jpeg_metadata_is_stripped_whatever_the_client_did() {
    let (app, token) = app();
    // an image without metadata is stored byte for byte
    assert_eq!(stored(&app, &token, "image/jpeg", JPEG.to_vec()).await, JPEG);
    assert_eq!(stored(&app, &token, "image/jpeg", PROGRESSIVE.to_vec()).await, PROGRESSIVE);

    // a phone's photo: EXIF with GPS and orientation 6, XMP, IPTC, a comment, a JFIF
    // thumbnail; a comment between the scans; a second picture after the end of the image
    let mut exif_app1 = b"Exif\0\0".to_vec();
    exif_app1.extend_from_slice(&exif(6));
    let mut jfif_thumb = PROGRESSIVE[6..20].to_vec();
    jfif_thumb[12] = 1; // a 1×1 thumbnail: 3 bytes of RGB
    jfif_thumb[13] = 1;
    jfif_thumb.extend_from_slice(b"SEC");
    let mut dirty = vec![0xFF, 0xD8];
    dirty.extend(segment(0xE0, &jfif_thumb));
    dirty.extend(segment(0xE1, &exif_app1));
    dirty.extend(segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>SECRET</x:xmpmeta>"));
    dirty.extend(segment(0xED, b"Photoshop 3.0\08BIM SECRET"));
    dirty.extend(segment(0xFE, b"SECRET comment"));
    dirty.extend(segment(0xE2, b"MPF\0SECRET"));
    // after the JFIF segment of the original: its tables, frame and scans
    let body = &PROGRESSIVE[20..PROGRESSIVE.len() - 2];
    // the second scan's tables: put a comment there
    let first_sos = body.windows(2).position(|w| w == [0xFF, 0xDA]).expect("sos");
    let later = first_sos + 2 + body[first_sos + 2..].windows(2).position(|w| w == [0xFF, 0xC4] || w == [0xFF, 0xDA]).expect("second scan");
    dirty.extend_from_slice(&body[..later]);
    dirty.extend(segment(0xFE, b"SECRET between scans"));
    dirty.extend(segment(0xE1, &exif_app1));
    dirty.extend_from_slice(&body[later..]);
    dirty.extend_from_slice(&[0xFF, 0xD9]);
    dirty.extend_from_slice(b"\xFF\xD8\xFF\xE1SECRET second picture\xFF\xD9");

    let got = stored(&app, &token, "image/jpeg", dirty).await;
    assert!(!contains(&got, b"SECRET"), "metadata left");
    let mut jpeg = Jpeg::from_bytes(Bytes::from(got.clone())).expect("a JPEG");
    // the orientation alone is kept, so that the photo is not shown sideways
    let kept = jpeg.exif().expect("orientation kept");
    assert_eq!(server::uploads::orientation(&kept), Some(6));
    assert_eq!(kept.to_vec(), server::uploads::orientation_exif(6));
    // without it, what is left is exactly the original picture (its JFIF segment's thumbnail
    // is gone too)
    jpeg.set_exif(None);
    assert_eq!(jpeg.encoder().bytes().to_vec(), PROGRESSIVE);
}

#[tokio::test]
async fn png_and_webp_metadata_is_stripped() {
    let (app, token) = app();
    assert_eq!(stored(&app, &token, "image/png", PNG.to_vec()).await, PNG);
    assert_eq!(stored(&app, &token, "image/webp", WEBP.to_vec()).await, WEBP);
    let dirty = png_with(&[
        (b"tEXt", b"Comment\0SECRET"),
        (b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0<x>SECRET</x>"),
        (b"zTXt", b"Raw profile\0\0SECRET"),
        (b"tIME", b"\x07\xea\x0c\x05\x00\x00\x00"),
        (b"eXIf", &exif(1)),
        (b"prVt", b"SECRET private chunk"),
    ]);
    assert_eq!(stored(&app, &token, "image/png", dirty).await, PNG);
    // an orientation is kept as the only EXIF tag
    let turned = stored(&app, &token, "image/png", png_with(&[(b"eXIf", &exif(8))])).await;
    assert!(!contains(&turned, b"SECRET"));
    let png = Png::from_bytes(Bytes::from(turned)).expect("a PNG");
    assert_eq!(server::uploads::orientation(&png.exif().expect("exif")), Some(8));

    let mut webp = WebP::from_bytes(Bytes::from_static(WEBP)).expect("webp");
    webp.set_exif(Some(Bytes::from(exif(3))));
    webp.chunks_mut().push(RiffChunk::new(*b"XMP ", RiffContent::Data(Bytes::from_static(b"<x>SECRET</x>"))));
    webp.chunks_mut().push(RiffChunk::new(*b"SECR", RiffContent::Data(Bytes::from_static(b"SECRET"))));
    let got = stored(&app, &token, "image/webp", webp.encoder().bytes().to_vec()).await;
    assert!(!contains(&got, b"SECRET"));
    let webp = WebP::from_bytes(Bytes::from(got)).expect("webp");
    assert_eq!(server::uploads::orientation(&webp.exif().expect("exif")), Some(3));
    let ids: Vec<[u8; 4]> = webp.chunks().iter().map(|c| c.id()).collect();
    assert_eq!(ids, [*b"VP8X", *b"VP8L", *b"EXIF"]);
}

#[tokio::test]
async fn unreadable_images_are_415() {
    let (app, token) = app();
    for (ct, bytes) in [
        // a JPEG without image data
        ("image/jpeg", b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xFF\xD9".to_vec()),
        // a segment longer than the file
        ("image/jpeg", JPEG[..30].to_vec()),
        // a PNG cut in its header
        ("image/png", PNG[..20].to_vec()),
        // a PNG without its end
        ("image/png", PNG[..PNG.len() - 12].to_vec()),
        // a WebP without image data
        ("image/webp", b"RIFF\x04\x00\x00\x00WEBP".to_vec()),
    ] {
        let r = upload(&app, Some(&token), Some(ct), bytes, &[]).await;
        let p = problem(&r, 415);
        assert_eq!(p["type"], contract::problem_types::UNSUPPORTED_MEDIA_TYPE);
    }
    let rows: i64 = app.db.with_conn(|c| c.query_row("SELECT COUNT(*) FROM uploads", (), |r| r.get(0))).expect("count");
    assert_eq!(rows, 0);
}

#[tokio::test]
async fn storage_quota_per_user() {
    let quota = (3 * JPEG.len() + WEBP.len()) as i64;
    let app = TestApp::with_config(|c| c.limits.upload_quota_bytes = quota);
    app.seed_people();
    let token = app.token_for(server::demo::CITIZEN_WANG);
    for i in 0..3 {
        let r = upload(&app, Some(&token), Some("image/jpeg"), JPEG.to_vec(), &[]).await;
        assert_eq!(r.status, 201, "upload {i}: {}", r.text());
    }
    let r = upload(&app, Some(&token), Some("image/jpeg"), JPEG.to_vec(), &[]).await;
    let p = problem(&r, 413);
    assert_eq!(p["type"], contract::problem_types::QUOTA_EXCEEDED);
    assert!(p["detail"].as_str().expect("detail").contains("MiB"));
    // a smaller picture still fits
    let r = upload(&app, Some(&token), Some("image/webp"), WEBP.to_vec(), &[]).await;
    assert_eq!(r.status, 201, "{}", r.text());
    // another user has their own quota
    let other = app.token_for(server::demo::CITIZEN_LI);
    let r = upload(&app, Some(&other), Some("image/jpeg"), JPEG.to_vec(), &[]).await;
    assert_eq!(r.status, 201, "{}", r.text());
    // once the unattached uploads are deleted, the space is free again
    let now = NOW + 24 * HOUR + 1;
    app.state.set_now(now);
    let deleted = app.db.with_conn(|c| server::uploads::delete_unattached(c, now)).expect("delete");
    assert_eq!(deleted, 5);
    let r = upload(&app, Some(&token), Some("image/jpeg"), JPEG.to_vec(), &[]).await;
    assert_eq!(r.status, 201, "{}", r.text());
}

#[tokio::test]
async fn unattached_uploads_are_deleted_after_a_day() {
    let (app, token) = app();
    let mut urls = Vec::new();
    for _ in 0..3 {
        let r = upload(&app, Some(&token), Some("image/png"), PNG.to_vec(), &[]).await;
        urls.push(r.json()["url"].as_str().expect("url").to_owned());
    }
    let id_of = |u: &str| u.rsplit('/').next().expect("id").to_owned();
    app.db.with_conn(|c| assert!(server::uploads::attach(c, &id_of(&urls[0]), "m_1").expect("attach")));
    // a later upload is younger: it stays a day after its own upload
    app.state.set_now(NOW + 2 * HOUR);
    let r = upload(&app, Some(&token), Some("image/png"), PNG.to_vec(), &[]).await;
    let young = r.json()["url"].as_str().expect("url").to_owned();
    // still attachable at 24 h: kept
    let deleted = app.db.with_conn(|c| server::uploads::delete_unattached(c, NOW + 24 * HOUR)).expect("delete");
    assert_eq!(deleted, 0);
    let deleted = app.db.with_conn(|c| server::uploads::delete_unattached(c, NOW + 24 * HOUR + 1)).expect("delete");
    assert_eq!(deleted, 2);
    assert_eq!(app.get(&urls[0]).await.status, 200, "attached: kept");
    assert_eq!(app.get(&urls[1]).await.status, 404);
    assert_eq!(app.get(&urls[2]).await.status, 404);
    assert_eq!(app.get(&young).await.status, 200);
    let deleted = app.db.with_conn(|c| server::uploads::delete_unattached(c, NOW + 26 * HOUR + 1)).expect("delete");
    assert_eq!(deleted, 1);
    assert_eq!(app.get(&young).await.status, 404);
    assert_eq!(app.get(&urls[0]).await.status, 200);
}
