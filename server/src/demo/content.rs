//! Demo articles, events and their attachments: `server/demo/*.json`, compiled in, seeded
//! by `--demo` into an empty database. Times are relative to the day of seeding (Beijing
//! time), ids and view counts are deterministic.

use contract::{ArticleKind, Block, Category, ImageRef};
use serde::Deserialize;
use serde_json::Value;

use crate::clock::{BEIJING_OFFSET, DAY, HOUR};
use crate::db::{self, Db, Error, NewArticle, NewEvent};
use crate::{illustrations, pdf};

/// Whether all three demo files were present at compile time.
pub const AVAILABLE: bool = include!(concat!(env!("OUT_DIR"), "/demo_available.rs"));
pub const CATEGORIES_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/categories.json"));
pub const ARTICLES_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/articles.json"));
pub const EVENTS_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/events.json"));

#[derive(Debug, Clone, Deserialize)]
pub struct DemoCategory {
    pub id: String,
    pub kind: String,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DemoCover {
    pub theme: String,
    #[serde(default)]
    pub alt: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DemoArticle {
    pub kind: String,
    #[serde(default)]
    pub category: Option<String>,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub days_ago: i64,
    #[serde(default = "nine")]
    pub hour: i64,
    #[serde(default)]
    pub cover: Option<DemoCover>,
    #[serde(default)]
    pub body: Vec<Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DemoEvent {
    pub title: String,
    #[serde(default)]
    pub summary: String,
    pub start_days: i64,
    #[serde(default = "nine")]
    pub start_hour: i64,
    #[serde(default)]
    pub duration_hours: Option<f64>,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub organiser: String,
    #[serde(default)]
    pub cover: Option<DemoCover>,
    #[serde(default)]
    pub description: Vec<Value>,
    /// How to join online (`url`, `label`).
    #[serde(default)]
    pub online: Option<contract::OnlineJoin>,
    #[serde(default)]
    pub phone: Option<String>,
    /// The place's position, WGS 84: `[latitude, longitude]`.
    #[serde(default)]
    pub position: Option<(f64, f64)>,
}

fn nine() -> i64 {
    9
}

/// Parsed demo content.
#[derive(Debug, Clone, Default)]
pub struct DemoContent {
    pub categories: Vec<DemoCategory>,
    pub articles: Vec<DemoArticle>,
    pub events: Vec<DemoEvent>,
}

impl DemoContent {
    pub fn parse(categories: &str, articles: &str, events: &str) -> Result<Self, Error> {
        let ctx =
            |file: &'static str| move |e: serde_json::Error| Error(format!("demo {file}: {e}"));
        Ok(DemoContent {
            categories: serde_json::from_str(categories).map_err(ctx("categories.json"))?,
            articles: serde_json::from_str(articles).map_err(ctx("articles.json"))?,
            events: serde_json::from_str(events).map_err(ctx("events.json"))?,
        })
    }

    /// The content compiled into this binary.
    pub fn builtin() -> Result<Self, Error> {
        Self::parse(CATEGORIES_JSON, ARTICLES_JSON, EVENTS_JSON)
    }

    /// Every theme the content names (covers and image blocks).
    pub fn themes(&self) -> Vec<String> {
        let mut out = Vec::new();
        let block_themes = |blocks: &[Value], out: &mut Vec<String>| {
            for b in blocks {
                if let Some(t) = b.get("theme").and_then(Value::as_str) {
                    out.push(t.to_owned());
                }
            }
        };
        for a in &self.articles {
            out.extend(a.cover.iter().map(|c| c.theme.clone()));
            block_themes(&a.body, &mut out);
        }
        for e in &self.events {
            out.extend(e.cover.iter().map(|c| c.theme.clone()));
            block_themes(&e.description, &mut out);
        }
        out
    }
}

/// What seeding did, and what it had to skip.
#[derive(Debug, Clone, Default)]
pub struct SeedReport {
    pub categories: usize,
    pub articles: usize,
    pub events: usize,
    pub files: usize,
    /// Problems found in the content (blocks skipped, unknown categories, ...).
    pub warnings: Vec<String>,
}

/// A small deterministic hash (FNV-1a), for plausible view counts.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

fn cover(c: &DemoCover) -> ImageRef {
    ImageRef {
        url: illustrations::url(&c.theme),
        alt: c.alt.clone(),
        width: Some(illustrations::WIDTH),
        height: Some(illustrations::HEIGHT),
    }
}

/// A generated attachment file.
struct File {
    path: String,
    content: Vec<u8>,
}

/// Turns demo blocks into contract blocks: image `theme` → illustration URL, attachments
/// get a generated PDF. Blocks that still do not decode are skipped with a warning.
fn blocks(
    owner: &str,
    raw: &[Value],
    files: &mut Vec<File>,
    warnings: &mut Vec<String>,
) -> Vec<Block> {
    let mut out = Vec::new();
    let mut attachments = 0;
    for (i, value) in raw.iter().enumerate() {
        let mut v = value.clone();
        if let Some(obj) = v.as_object_mut() {
            match obj.get("type").and_then(Value::as_str) {
                Some("image") if !obj.contains_key("url") => {
                    let theme = obj
                        .remove("theme")
                        .and_then(|t| t.as_str().map(str::to_owned))
                        .unwrap_or_default();
                    obj.insert("url".into(), Value::from(illustrations::url(&theme)));
                    obj.insert("width".into(), Value::from(illustrations::WIDTH));
                    obj.insert("height".into(), Value::from(illustrations::HEIGHT));
                }
                Some("attachment") if !obj.contains_key("url") => {
                    attachments += 1;
                    let mut name = obj
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or("附件")
                        .to_owned();
                    if !name.to_lowercase().ends_with(".pdf") {
                        // the generated file is a PDF: say so honestly
                        let stem = name
                            .rsplit_once('.')
                            .map_or(name.as_str(), |(s, _)| s)
                            .to_owned();
                        name = format!("{stem}.pdf");
                    }
                    let content = pdf::document(&[
                        &name,
                        "掌上人大 · 演示附件",
                        "本文件由演示数据自动生成，仅用于展示附件的下载与查看。",
                        "A demo attachment generated by the 掌上人大 reference server.",
                    ]);
                    let path = format!("/media/attachments/{owner}-{attachments}.pdf");
                    obj.insert("url".into(), Value::from(path.clone()));
                    obj.insert("name".into(), Value::from(name));
                    obj.insert("size_bytes".into(), Value::from(content.len()));
                    obj.insert("mime_type".into(), Value::from("application/pdf"));
                    files.push(File { path, content });
                }
                _ => {}
            }
        }
        match serde_json::from_value::<Block>(v) {
            Ok(b) => out.push(b),
            Err(e) => warnings.push(format!("{owner}: block {} skipped: {e}", i + 1)),
        }
    }
    out
}

/// Beijing midnight of "today" relative to `now`, in Unix seconds (UTC).
fn beijing_midnight(now: i64) -> i64 {
    (now + BEIJING_OFFSET).div_euclid(DAY) * DAY - BEIJING_OFFSET
}

/// What seeding writes: articles, events, the report, and files as (path, content).
pub type Built = (
    Vec<NewArticle>,
    Vec<NewEvent>,
    SeedReport,
    Vec<(String, Vec<u8>)>,
);

/// The articles, events and files that seeding `content` at `now` writes.
pub fn build(content: &DemoContent, now: i64) -> Built {
    let mut report = SeedReport::default();
    let mut files = Vec::new();
    let midnight = beijing_midnight(now);
    let categories: Vec<&DemoCategory> = content.categories.iter().collect();

    let mut articles = Vec::new();
    for (i, a) in content.articles.iter().enumerate() {
        let id = format!("a_{:06}", i + 1);
        let Some(kind) = ArticleKind::parse(&a.kind) else {
            report
                .warnings
                .push(format!("{id}: unknown kind {:?}, article skipped", a.kind));
            continue;
        };
        let category_id = match &a.category {
            Some(c) => match categories.iter().find(|cat| &cat.id == c) {
                Some(cat) if cat.kind == a.kind => Some(c.clone()),
                Some(_) => {
                    report
                        .warnings
                        .push(format!("{id}: category {c} is of another kind; left out"));
                    None
                }
                None => {
                    report
                        .warnings
                        .push(format!("{id}: unknown category {c}; left out"));
                    None
                }
            },
            None => None,
        };
        let minute = (i as i64 * 17 + 3) % 60;
        let mut published_at =
            midnight - a.days_ago * DAY + a.hour.clamp(0, 23) * HOUR + minute * 60;
        if published_at > now {
            // "today at 17:00" before 17:00: just published, still the newest, in file order
            published_at = now - (i as i64 + 1) * 7 * 60;
        }
        let h = fnv(&id);
        let age = a.days_ago.clamp(0, 120) as u64;
        let view_count = if age == 0 {
            15 + h % 80
        } else {
            60 + h % 400 + age * (5 + (h >> 20) % 20)
        };
        let body = blocks(&id, &a.body, &mut files, &mut report.warnings);
        articles.push(NewArticle {
            id,
            kind,
            category_id,
            title: a.title.clone(),
            summary: a.summary.clone(),
            cover: a.cover.as_ref().map(cover),
            author: a.author.clone().filter(|s| !s.trim().is_empty()),
            source: a.source.clone().filter(|s| !s.trim().is_empty()),
            published_at,
            updated_at: None,
            view_count,
            body,
        });
    }

    let mut events = Vec::new();
    for (i, e) in content.events.iter().enumerate() {
        let id = format!("e_{:06}", i + 1);
        let starts_at = midnight + e.start_days * DAY + e.start_hour.clamp(0, 23) * HOUR;
        let ends_at = e
            .duration_hours
            .filter(|d| d.is_finite() && *d > 0.0)
            .map(|d| starts_at + (d * HOUR as f64).round() as i64);
        let description = blocks(&id, &e.description, &mut files, &mut report.warnings);
        events.push(NewEvent {
            id,
            title: e.title.clone(),
            summary: e.summary.clone(),
            starts_at,
            ends_at,
            place: e.place.clone(),
            organiser: e.organiser.clone(),
            cover: e.cover.as_ref().map(cover),
            description,
            online: e.online.clone(),
            phone: e.phone.clone(),
            position: e.position,
        });
    }
    let files = files.into_iter().map(|f| (f.path, f.content)).collect();
    (articles, events, report, files)
}

/// Writes `content` into the database in one transaction.
pub fn seed(db: &Db, content: &DemoContent, now: i64) -> Result<SeedReport, Error> {
    let (articles, events, mut report, files) = build(content, now);
    db.with_conn(|conn| -> Result<(), Error> {
        let tx = conn.transaction()?;
        for (i, c) in content.categories.iter().enumerate() {
            let Some(kind) = ArticleKind::parse(&c.kind) else {
                report.warnings.push(format!(
                    "category {}: unknown kind {:?}, skipped",
                    c.id, c.kind
                ));
                continue;
            };
            db::insert_category(
                &tx,
                &Category {
                    id: c.id.clone(),
                    kind,
                    name: c.name.clone(),
                },
                i as i64,
            )?;
            report.categories += 1;
        }
        for a in &articles {
            db::insert_article(&tx, a)?;
        }
        for e in &events {
            db::insert_event(&tx, e)?;
        }
        for (path, content) in &files {
            db::insert_file(&tx, path, "application/pdf", content)?;
        }
        tx.commit()?;
        Ok(())
    })?;
    report.articles = articles.len();
    report.events = events.len();
    report.files = files.len();
    Ok(report)
}

/// `--demo`: seeds the compiled-in content when the database has no articles yet.
/// `Ok(None)` when nothing was done.
pub fn seed_if_empty(db: &Db, now: i64) -> Result<Option<SeedReport>, Error> {
    let count = db.with_conn(|conn| db::article_count(conn))?;
    if count > 0 {
        return Ok(None);
    }
    if !AVAILABLE {
        return Err(Error(
            "--demo: this server was built without demo content (server/demo/*.json missing)"
                .into(),
        ));
    }
    let content = DemoContent::builtin()?;
    seed(db, &content, now).map(Some)
}
