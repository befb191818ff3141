//! Stations, deputies (list, search, station filter, profile, by code), departments.

mod common;

use common::{schema, TestApp};
use serde_json::Value;
use server::cursor::Cursor as _;

fn app() -> TestApp {
    let app = TestApp::new();
    app.seed_people();
    app
}

fn codes(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|d| d["code"].as_str().expect("code").to_owned())
        .collect()
}

fn error_codes(r: &common::Reply) -> Vec<(String, String)> {
    let p = r.problem(400);
    p["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["field"].as_str().expect("field").to_owned(),
                e["code"].as_str().expect("code").to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn stations_by_name_with_deputy_counts() {
    let app = app();
    let v = app.ok("/api/v1/stations").await;
    schema::assert_response("/api/v1/stations", 200, "application/json", &v);
    assert!(v["next_cursor"].is_null());
    let items = v["items"].as_array().expect("items");
    assert_eq!(items.len(), 4);
    let names: Vec<&str> = items.iter().filter_map(|s| s["name"].as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    let total: u64 = items
        .iter()
        .filter_map(|s| s["deputy_count"].as_u64())
        .sum();
    assert_eq!(total, 12);
    assert!(items
        .iter()
        .all(|s| !s["reception_hours"].as_str().unwrap_or("").is_empty()));

    let s = app.ok("/api/v1/stations/st_center").await;
    schema::assert_response("/api/v1/stations/{id}", 200, "application/json", &s);
    assert_eq!(s["name"], "龙湾镇人大代表中心联络站");
    assert_eq!(s["deputy_count"], 3);
    assert!(s["address"].as_str().is_some_and(|a| a.contains("龙湾镇")));

    for id in ["st_nope", "a%20b", "x".repeat(100).as_str()] {
        let r = app.get(&format!("/api/v1/stations/{id}")).await;
        let p = r.problem(404);
        schema::assert_response("/api/v1/stations/{id}", 404, "application/problem+json", &p);
    }
}

#[tokio::test]
async fn an_empty_directory() {
    let app = TestApp::new();
    let v = app.ok("/api/v1/stations").await;
    assert_eq!(v["items"].as_array().map(Vec::len), Some(0));
    let v = app.ok("/api/v1/deputies").await;
    assert_eq!(v["items"].as_array().map(Vec::len), Some(0));
    assert!(v["next_cursor"].is_null());
    let v = app.ok("/api/v1/departments").await;
    assert_eq!(v["items"].as_array().map(Vec::len), Some(0));
}

#[tokio::test]
async fn departments_in_display_order() {
    let app = app();
    let v = app.ok("/api/v1/departments").await;
    schema::assert_response("/api/v1/departments", 200, "application/json", &v);
    assert!(v["next_cursor"].is_null());
    let items = v["items"].as_array().expect("items");
    assert_eq!(items.len(), 8);
    assert_eq!(items[0]["name"], "镇政府办公室");
    assert!(items
        .iter()
        .all(|d| !d["description"].as_str().unwrap_or("").is_empty()));
}

#[tokio::test]
async fn deputies_by_name_in_pages() {
    let app = app();
    let first = app.ok("/api/v1/deputies?limit=5").await;
    schema::assert_response("/api/v1/deputies", 200, "application/json", &first);
    assert_eq!(first["items"].as_array().map(Vec::len), Some(5));
    assert!(first["next_cursor"].is_string());
    let (ids, pages) = app.walk("/api/v1/deputies?limit=5").await;
    assert_eq!(pages, 3);
    assert_eq!(ids.len(), 12);
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), 12);
    // by the Unicode order of the name
    let all = app.ok("/api/v1/deputies?limit=50").await;
    let names: Vec<String> = all["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|d| d["name"].as_str().expect("name").to_owned())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    let ids_all: Vec<String> = all["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|d| d["id"].as_str().expect("id").to_owned())
        .collect();
    assert_eq!(ids, ids_all);
    // every deputy has a station and an avatar
    for d in all["items"].as_array().expect("items") {
        assert!(d["station"]["name"].is_string(), "{d}");
        let url = d["photo"]["url"].as_str().expect("photo");
        let r = app.get(url).await;
        assert_eq!(r.status, 200, "{url}");
        assert_eq!(r.header("content-type"), Some("image/svg+xml"));
        assert!(r.text().starts_with("<svg"));
    }
    // default page size is 20
    let v = app.ok("/api/v1/deputies").await;
    assert_eq!(v["items"].as_array().map(Vec::len), Some(12));
    assert!(v["next_cursor"].is_null());
}

#[tokio::test]
async fn station_filter() {
    let app = app();
    let v = app.ok("/api/v1/deputies?station=st_heping").await;
    let mut got = codes(&v);
    got.sort();
    assert_eq!(got, ["LW04", "LW08", "LW11"]);
    assert!(v["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|d| d["station"]["id"] == "st_heping"));
    let (ids, pages) = app.walk("/api/v1/deputies?station=st_shixia&limit=1").await;
    assert_eq!((ids.len(), pages), (3, 3));
    // an unknown station: nothing, not an error
    let v = app.ok("/api/v1/deputies?station=st_nope").await;
    assert!(codes(&v).is_empty());
    assert_eq!(app.ok("/api/v1/deputies?station=").await, app.ok("/api/v1/deputies").await, "empty = absent");
    let r = app.get("/api/v1/deputies?station=%20").await;
    assert_eq!(
        error_codes(&r),
        [("station".to_owned(), "invalid".to_owned())]
    );
}

#[tokio::test]
async fn search_in_name_constituency_and_focus() {
    let app = app();
    let q = |text: &str| format!("/api/v1/deputies?q={}", urlencode(text));
    let mut cases: Vec<(&str, Vec<&str>)> = vec![
        // focus areas
        ("农业", vec!["LW01", "LW03", "LW11"]),
        // one character of a name
        ("陈", vec!["LW01"]),
        // two characters of a compound surname
        ("欧阳", vec!["LW09"]),
        // constituency
        ("石峡", vec!["LW02", "LW06", "LW12"]),
        // every term must occur (focus + constituency)
        ("农业 和平", vec!["LW11"]),
        ("农业，和平村", vec!["LW11"]),
        ("  何美玲  ", vec!["LW02"]),
        ("不存在的词", vec![]),
    ];
    for (text, expected) in cases.iter_mut() {
        let v = app.ok(&q(text)).await;
        schema::assert_response("/api/v1/deputies", 200, "application/json", &v);
        let mut got = codes(&v);
        got.sort();
        expected.sort();
        assert_eq!(got, *expected, "q={text}");
    }
    // search and station filter combine
    let v = app.ok(&format!("{}&station=st_heping", q("农业"))).await;
    assert_eq!(codes(&v), ["LW11"]);
    let v = app.ok(&format!("{}&station=st_center", q("农业"))).await;
    let mut got = codes(&v);
    got.sort();
    assert_eq!(got, ["LW01", "LW03"]);
    // LIKE wildcards and punctuation are plain text: nothing searchable → empty page
    for text in ["%", "_", "，。", "%%_"] {
        let v = app.ok(&q(text)).await;
        assert!(codes(&v).is_empty(), "q={text}");
    }
    // paging through a search
    let (ids, pages) = app.walk(&format!("{}&limit=2", q("农业"))).await;
    assert_eq!((ids.len(), pages), (3, 2));
}

#[tokio::test]
async fn query_validation() {
    let app = app();
    assert_eq!(app.ok("/api/v1/deputies?q=").await, app.ok("/api/v1/deputies").await, "empty = absent");
    let r = app.get("/api/v1/deputies?q=%20").await;
    assert_eq!(error_codes(&r), [("q".to_owned(), "too_short".to_owned())]);
    schema::assert_response(
        "/api/v1/deputies",
        400,
        "application/problem+json",
        &r.json(),
    );
    let r = app.get("/api/v1/deputies?q=%20%20").await;
    assert_eq!(error_codes(&r), [("q".to_owned(), "too_short".to_owned())]);
    let long = urlencode(&"农".repeat(51));
    let r = app.get(&format!("/api/v1/deputies?q={long}")).await;
    assert_eq!(error_codes(&r), [("q".to_owned(), "too_long".to_owned())]);
    let ok = urlencode(&"农".repeat(50));
    assert_eq!(
        app.get(&format!("/api/v1/deputies?q={ok}")).await.status,
        200
    );
    for limit in ["0", "51", "x", "-1"] {
        let r = app.get(&format!("/api/v1/deputies?limit={limit}")).await;
        assert_eq!(
            error_codes(&r),
            [("limit".to_owned(), "out_of_range".to_owned())]
        );
    }
    let r = app.get("/api/v1/deputies?cursor=garbage!").await;
    assert_eq!(
        error_codes(&r),
        [("cursor".to_owned(), "invalid".to_owned())]
    );
    // a cursor of another list
    let articles_cursor = server::cursor::ArticleCursor {
        published_at: 1,
        id: "a_1".into(),
    }
    .encode();
    let r = app
        .get(&format!("/api/v1/deputies?cursor={articles_cursor}"))
        .await;
    assert_eq!(
        error_codes(&r),
        [("cursor".to_owned(), "invalid".to_owned())]
    );
    let r = app.get("/api/v1/deputies?station=a&station=b").await;
    assert_eq!(
        error_codes(&r),
        [("station".to_owned(), "invalid".to_owned())]
    );
    // all errors at once
    let r = app
        .get("/api/v1/deputies?q=%20&limit=0&cursor=x&station=%20")
        .await;
    let mut fields: Vec<String> = error_codes(&r).into_iter().map(|(f, _)| f).collect();
    fields.sort();
    assert_eq!(fields, ["cursor", "limit", "q", "station"]);
    // unknown parameters are ignored
    assert_eq!(app.get("/api/v1/deputies?foo=bar").await.status, 200);
}

#[tokio::test]
async fn deputy_profile_by_id_and_by_code() {
    let app = app();
    let d = app.ok("/api/v1/deputies/dp_lw01").await;
    schema::assert_response("/api/v1/deputies/{id}", 200, "application/json", &d);
    assert_eq!(d["code"], "LW01");
    assert_eq!(d["name"], "陈志强");
    assert_eq!(d["station"]["id"], "st_center");
    assert!(d["bio"].as_str().is_some_and(|b| b.contains("\n\n")));
    assert_eq!(d["focus"][0], "道路交通");
    assert_eq!(d["stats"]["assigned"], 0);
    assert_eq!(d["photo"]["url"], "/media/avatars/lw01-m.svg");
    assert!(d["photo"]["alt"]
        .as_str()
        .is_some_and(|a| a.contains("陈志强")));
    for code in ["LW01", "lw01", "Lw01"] {
        let v = app.ok(&format!("/api/v1/deputies/by-code/{code}")).await;
        schema::assert_response(
            "/api/v1/deputies/by-code/{code}",
            200,
            "application/json",
            &v,
        );
        assert_eq!(v, d, "{code}");
    }
    for path in [
        "/api/v1/deputies/dp_nope",
        "/api/v1/deputies/a%20b",
        "/api/v1/deputies/by-code/LW99",
        "/api/v1/deputies/by-code/LW-01",
        "/api/v1/deputies/by-code/%E9%99%88",
    ] {
        let r = app.get(path).await;
        let p = r.problem(404);
        let op = if path.contains("by-code") {
            "/api/v1/deputies/by-code/{code}"
        } else {
            "/api/v1/deputies/{id}"
        };
        schema::assert_response(op, 404, "application/problem+json", &p);
    }
}

#[tokio::test]
async fn demo_people_seed_once() {
    let app = app();
    assert!(server::demo::seed_people_if_empty(&app.db, common::NOW)
        .expect("seed")
        .is_none());
    let v = app.ok("/api/v1/deputies?limit=50").await;
    assert_eq!(v["items"].as_array().map(Vec::len), Some(12));
    let people = server::demo::DemoPeople::builtin().expect("people.json");
    assert_eq!(people.accounts.len(), 5);
    assert!(people.stations.len() >= 3 && people.departments.len() >= 8);
}

fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
