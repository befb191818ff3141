//! Shared helpers of the integration tests: a router over a temporary database, request
//! helpers, fixtures and a small OpenAPI schema checker.
#![allow(dead_code)]

pub mod schema;

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::Value;
use server::db::{self, NewArticle, NewEvent};
use server::{app, open_db, AppState, Config, Db};
use tempfile::TempDir;
use tower::ServiceExt;

/// A fixed "now" for deterministic event states: 2027-01-15T04:00:00Z (noon in Beijing).
pub const NOW: i64 = 1_800_000_000 - (1_800_000_000 % 86_400) + 4 * 3600;
pub const HOUR: i64 = 3600;
pub const DAY: i64 = 86_400;

pub struct TestApp {
    pub router: Router,
    /// The state behind `router` (e.g. `state.set_now(t)` moves its clock).
    pub state: AppState,
    pub db: Db,
    pub dir: TempDir,
    /// On PostgreSQL: the schema of its own this app's tables are in (dropped with it).
    pub pg: Option<PgSchema>,
}

/// Whether the server's tests run on PostgreSQL: `ZSRD_TEST_DATABASE=postgres`, with
/// `ZSRD_TEST_POSTGRES_URL` (scripts/pg-throwaway sets it) the server to use.
pub fn on_postgres() -> Option<String> {
    match std::env::var("ZSRD_TEST_DATABASE").as_deref() {
        Ok("postgres") => Some(std::env::var("ZSRD_TEST_POSTGRES_URL").expect(
            "ZSRD_TEST_DATABASE=postgres needs ZSRD_TEST_POSTGRES_URL (run it under scripts/pg-throwaway)",
        )),
        _ => None,
    }
}

/// A schema of one test's own on the test PostgreSQL server: every session of the app has it
/// as its `search_path`, so each test has a fresh, migrated database without the cost of a
/// `CREATE DATABASE`.
pub struct PgSchema {
    admin: String,
    pub name: String,
    /// The URL the app's sessions use.
    pub url: String,
}

impl PgSchema {
    fn new(admin: String) -> Self {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let name = format!("t_{}_{}_{nanos}", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
        admin_sql(&admin, &format!("CREATE SCHEMA {name}"));
        let sep = if admin.contains('?') { '&' } else { '?' };
        let url = format!("{admin}{sep}options=-c%20search_path%3D{name}");
        PgSchema { admin, name, url }
    }
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        admin_sql(&self.admin, &format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
    }
}

/// One statement on a session of its own (a thread of its own: a session blocks on its own
/// runtime, which a test's runtime thread must not).
fn admin_sql(url: &str, sql: &str) {
    std::thread::scope(|s| {
        s.spawn(|| {
            let conn = server::sql::PgConn::connect(url).expect("connect to the test PostgreSQL");
            server::sql::Connection::Pg(conn).execute_batch(sql).expect(sql);
        })
        .join()
        .expect("admin statement");
    });
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts a problem+json answer with this status; returns the body.
    pub fn problem(&self, status: u16) -> Value {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.text());
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json"),
            "body: {}",
            self.text()
        );
        let v = self.json();
        assert_eq!(v["status"], status);
        assert!(v["title"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(v["type"].as_str().is_some_and(|t| !t.is_empty()));
        v
    }

    /// The `errors[].field` values of a problem.
    pub fn error_fields(&self) -> Vec<String> {
        self.json()["errors"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e["field"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl TestApp {
    /// An empty database, no static directory.
    pub fn new() -> Self {
        Self::with_config(|_| {})
    }

    pub fn with_config(f: impl FnOnce(&mut Config)) -> Self {
        // the server's warnings and errors (a 500's cause) in a failing test's output
        let _ = tracing_subscriber::fmt().with_max_level(tracing::Level::WARN).with_test_writer().try_init();
        let dir = tempfile::tempdir().expect("tempdir");
        let pg = on_postgres().map(PgSchema::new);
        let db = match &pg {
            Some(schema) => db::open_postgres(&schema.url, 2).expect("open PostgreSQL"),
            None => open_db(&dir.path().join("data/test.db")).expect("open db"),
        };
        let mut config = Config {
            static_dir: dir.path().join("no-dist"),
            name: "测试镇人大".into(),
            fixed_now: Some(NOW),
            ..Config::default()
        };
        f(&mut config);
        let state = AppState::new(db.clone(), config);
        let router = app(state.clone());
        TestApp {
            router,
            state,
            db,
            dir,
            pg,
        }
    }

    /// The same database opened again, as another server instance would.
    pub fn reopen(&self) -> Db {
        match &self.pg {
            Some(schema) => db::open_postgres(&schema.url, 2).expect("the same schema, opened again"),
            None => open_db(&self.dir.path().join("data/test.db")).expect("the same file, opened again"),
        }
    }

    /// Another router over the same database with another configuration.
    pub fn sibling(&self, f: impl FnOnce(&mut Config)) -> Router {
        let mut config = Config {
            static_dir: self.dir.path().join("no-dist"),
            name: "测试镇人大".into(),
            fixed_now: Some(NOW),
            ..Config::default()
        };
        f(&mut config);
        app(AppState::new(self.db.clone(), config))
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub async fn request(&self, req: Request<Body>) -> Reply {
        send(&self.router, req).await
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.request(Request::get(uri).body(Body::empty()).expect("request"))
            .await
    }

    pub async fn get_with(&self, uri: &str, headers: &[(&str, &str)]) -> Reply {
        let mut b = Request::get(uri);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        self.request(b.body(Body::empty()).expect("request")).await
    }

    pub async fn method(&self, method: Method, uri: &str) -> Reply {
        self.request(
            Request::builder()
                .method(method)
                .uri(uri)
                .body(Body::empty())
                .expect("request"),
        )
        .await
    }

    /// GET that must answer 200 JSON; returns the body.
    pub async fn ok(&self, uri: &str) -> Value {
        let r = self.get(uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.text());
        assert_eq!(r.header("content-type"), Some("application/json"), "{uri}");
        r.json()
    }

    pub fn insert_articles(&self, articles: &[NewArticle]) {
        self.db.with_conn(|conn| {
            let tx = conn.transaction().expect("tx");
            for a in articles {
                db::insert_article(&tx, a).expect("insert article");
            }
            tx.commit().expect("commit");
        });
    }

    pub fn insert_events(&self, events: &[NewEvent]) {
        self.db.with_conn(|conn| {
            let tx = conn.transaction().expect("tx");
            for e in events {
                db::insert_event(&tx, e).expect("insert event");
            }
            tx.commit().expect("commit");
        });
    }

    pub fn insert_categories(&self, cats: &[(&str, contract::ArticleKind, &str)]) {
        self.db.with_conn(|conn| {
            let tx = conn.transaction().expect("tx");
            for (i, (id, kind, name)) in cats.iter().enumerate() {
                let c = contract::Category {
                    id: (*id).into(),
                    kind: *kind,
                    name: (*name).into(),
                };
                db::insert_category(&tx, &c, i as i64).expect("insert category");
            }
            tx.commit().expect("commit");
        });
    }

    /// Seeds the demo stations, deputies, departments and accounts (`server::demo`).
    pub fn seed_people(&self) {
        server::demo::seed_people_if_empty(&self.db, NOW)
            .expect("seed people")
            .expect("people were not seeded yet");
    }

    /// A bearer token of a new 30-day session of `user_id` (made directly in the database).
    pub fn token_for(&self, user_id: &str) -> String {
        let now = self.state.now();
        self.db
            .with_conn(|conn| server::auth::create_session(conn, user_id, now, 30 * DAY))
            .expect("session")
    }

    /// A request with a JSON body (or none) and optional bearer token.
    pub async fn call(
        &self,
        method: Method,
        uri: &str,
        token: Option<&str>,
        json: Option<Value>,
    ) -> Reply {
        let mut b = Request::builder().method(method).uri(uri);
        if let Some(t) = token {
            b = b.header("authorization", format!("Bearer {t}"));
        }
        let body = match json {
            Some(v) => {
                b = b.header("content-type", "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        self.request(b.body(body).expect("request")).await
    }

    /// Follows `next_cursor` from `first` to the end; returns all item ids in order and
    /// the number of pages.
    pub async fn walk(&self, first: &str) -> (Vec<String>, usize) {
        walk(&self.router, first).await
    }
}

pub async fn send(router: &Router, req: Request<Body>) -> Reply {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let res = router.clone().oneshot(req).await.expect("infallible");
    let status = res.status();
    // Every answer of every test is checked against the statuses its operation declares in
    // api/openapi.json: a handler that can answer an undeclared status fails the test that
    // exercises it (issue 11: the contract states every status a backend answers).
    let headers = res.headers().clone();
    let body = res
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    if let Some(declared) = declared_statuses(&method, &path) {
        assert!(
            declared.contains(&status.as_u16()),
            "{method} {path} answered {status}, which api/openapi.json does not declare for it (declared: {declared:?}): {}",
            String::from_utf8_lossy(&body)
        );
    }
    Reply {
        status,
        headers,
        body,
    }
}

pub async fn walk(router: &Router, first: &str) -> (Vec<String>, usize) {
    let sep = if first.contains('?') { '&' } else { '?' };
    let mut ids = Vec::new();
    let mut pages = 0;
    let mut cursor: Option<String> = None;
    loop {
        let uri = match &cursor {
            None => first.to_owned(),
            Some(c) => format!("{first}{sep}cursor={c}"),
        };
        let r = send(
            router,
            Request::get(&uri).body(Body::empty()).expect("request"),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.text());
        let v = r.json();
        pages += 1;
        let items = v["items"].as_array().expect("items");
        ids.extend(
            items
                .iter()
                .map(|i| i["id"].as_str().expect("id").to_owned()),
        );
        match v["next_cursor"].as_str() {
            Some(c) => {
                assert!(
                    !items.is_empty(),
                    "a page with a next cursor must not be empty"
                );
                cursor = Some(c.to_owned());
            }
            None => {
                assert!(v["next_cursor"].is_null());
                break;
            }
        }
        assert!(pages < 1000, "pagination does not end");
    }
    (ids, pages)
}

pub fn paragraph(text: &str) -> contract::Block {
    contract::Block::Paragraph { text: text.into() }
}

pub fn article(
    id: &str,
    kind: contract::ArticleKind,
    category: Option<&str>,
    at: i64,
    title: &str,
    body: &str,
) -> NewArticle {
    NewArticle {
        id: id.into(),
        kind,
        category_id: category.map(str::to_owned),
        title: title.into(),
        summary: format!("{title}的摘要"),
        cover: None,
        author: Some("通讯员 李明".into()),
        source: Some("镇人大办".into()),
        published_at: at,
        updated_at: None,
        view_count: 7,
        body: vec![paragraph(body)],
    }
}

pub fn event(id: &str, starts_at: i64, ends_at: Option<i64>) -> NewEvent {
    NewEvent {
        id: id.into(),
        title: format!("活动 {id}"),
        summary: "活动简介".into(),
        starts_at,
        ends_at,
        place: "镇代表联络站".into(),
        organiser: "镇人大主席团".into(),
        cover: None,
        description: vec![paragraph("活动说明")],
        online: None,
        phone: None,
        position: None,
    }
}

/// Writes a small built app into `dir`.
pub fn write_dist(dir: &Path) -> PathBuf {
    let dist = dir.join("dist");
    std::fs::create_dir_all(dist.join("icons")).expect("mkdir");
    let index = "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>掌上人大</title>\
        <script type=\"module\" src=\"/zsrd-app-0123456789abcdef.js\"></script></head><body></body></html>";
    std::fs::write(dist.join("index.html"), index).expect("write");
    let js = "export default function init(){}\n".repeat(200);
    std::fs::write(dist.join("zsrd-app-0123456789abcdef.js"), js).expect("write");
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    wasm.extend(std::iter::repeat_n(0u8, 4000));
    std::fs::write(dist.join("zsrd-app-0123456789abcdef_bg.wasm"), wasm).expect("write");
    std::fs::write(
        dist.join("style-fedcba9876543210.css"),
        "body{margin:0}\n".repeat(100),
    )
    .expect("write");
    std::fs::write(dist.join("config.json"), "{\"api_base\":\"/api/v1\"}").expect("write");
    std::fs::write(dist.join("sw.js"), "self.addEventListener('fetch',()=>{});").expect("write");
    std::fs::write(
        dist.join("icons/icon-192.png"),
        b"\x89PNG\r\n\x1a\nnot really",
    )
    .expect("write");
    dist
}

/// The statuses `api/openapi.json` declares for the operation serving `method path` (`None`
/// when no documented operation serves it: static files, `/media`, an unknown endpoint).
pub fn declared_statuses(method: &Method, path: &str) -> Option<Vec<u16>> {
    static DOC: std::sync::LazyLock<Value> = std::sync::LazyLock::new(|| {
        serde_json::from_str(include_str!("../../../api/openapi.json")).expect("api/openapi.json is JSON")
    });
    let segments: Vec<&str> = path.split('/').collect();
    let paths = DOC["paths"].as_object()?;
    // A literal segment wins over a `{param}` (`/messages/mine` before `/messages/{id}`).
    let mut best: Option<(usize, &Value)> = None;
    for (template, ops) in paths {
        let t: Vec<&str> = template.split('/').collect();
        if t.len() != segments.len() {
            continue;
        }
        let mut literal = 0;
        let fits = t.iter().zip(&segments).all(|(a, b)| {
            if a.starts_with('{') {
                !b.is_empty()
            } else {
                literal += 1;
                a == b
            }
        });
        if fits && best.is_none_or(|(n, _)| literal > n) {
            best = Some((literal, ops));
        }
    }
    let op = best?.1.get(method.as_str().to_ascii_lowercase())?;
    Some(op["responses"].as_object()?.keys().filter_map(|k| k.parse().ok()).collect())
}
