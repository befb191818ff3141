//! Storage: one SQLite file, migrated on start, WAL mode, foreign keys on.
//! The queries are synchronous code over [`crate::sql`] (rusqlite's API, on SQLite or
//! PostgreSQL), so every use goes through [`Db::call`] (the one writer connection) or
//! [`Db::read`] (a small pool of read-only connections), which run the closure on the blocking
//! thread pool while holding that connection's mutex.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, TryLockError};
use std::time::Duration;

use contract::{
    Article, ArticleKind, ArticleSummary, Block, Category, CategoryRef, Event, EventStatus,
    EventSummary, ImageRef, OnlineJoin,
};
use crate::sql::types::Value;
use crate::sql::{params, params_from_iter, Connection, OptionalExtension, Row, Transaction};

use crate::clock::{rfc3339, HOUR};
use crate::cursor::{ArticleCursor, Cursor, EventCursor, RankCursor};
use crate::problem::ApiError;
use crate::search;

/// Events without an end time last this long.
pub const DEFAULT_EVENT_DURATION: i64 = 2 * HOUR;

/// A startup or storage error with a readable message.
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl From<crate::sql::Error> for Error {
    fn from(e: crate::sql::Error) -> Self {
        Error(format!("database error: {e}"))
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error(format!("JSON error: {e}"))
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error(format!("I/O error: {e}"))
    }
}

/// Every connection waits this long for a lock held by another one before `SQLITE_BUSY`.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The shared connections: one writer, and readers that let reads go on while it writes.
#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
    readers: Arc<Readers>,
    /// Read-write sessions apart from the writer, for one short statement each that must not
    /// wait behind the writer's transactions ([`Db::side`]): PostgreSQL only.
    side: Arc<Readers>,
    /// The URL of a PostgreSQL database (its relay listens on a session of its own).
    pg_url: Option<Arc<str>>,
}

/// Read-only connections to the same file. WAL lets readers see the last commit while the
/// writer works, so a read never waits behind a write (nor behind another read, while a reader
/// is free). A pool of our own rather than r2d2 + r2d2_sqlite: it is these thirty lines, a fixed
/// set of connections opened once (nothing to grow, check or time out), and one crate pair less
/// whose rusqlite version would have to follow ours.
struct Readers {
    conns: Vec<Mutex<Connection>>,
    /// Where the next read starts looking for a free connection (round robin).
    next: AtomicUsize,
}

impl Readers {
    /// A free reader if there is one, else the next in turn once it is free.
    fn take(&self) -> Option<MutexGuard<'_, Connection>> {
        let n = self.conns.len();
        if n == 0 {
            return None;
        }
        let start = self.next.fetch_add(1, Ordering::Relaxed) % n;
        for i in 0..n {
            match self.conns[(start + i) % n].try_lock() {
                Ok(guard) => return Some(guard),
                // a panic while holding the lock leaves the connection usable
                Err(TryLockError::Poisoned(p)) => return Some(p.into_inner()),
                Err(TryLockError::WouldBlock) => {}
            }
        }
        Some(self.conns[start].lock().unwrap_or_else(|p| p.into_inner()))
    }
}

/// Side sessions of a PostgreSQL database ([`Db::side`]): two, so that one slow round trip
/// does not hold up the next request's.
pub const SIDE_SESSIONS: usize = 2;

/// Runs `f` on tokio's blocking pool (the database closures of [`Db`]).
async fn blocking<R: Send + 'static>(f: impl FnOnce() -> Result<R, ApiError> + Send + 'static) -> Result<R, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::Internal(format!("database task failed: {e}")))?
}

/// Readers opened by [`open_db`]: one per core, at least 2.
pub fn default_readers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().max(2))
}

impl Db {
    /// Runs `f` with the writer connection on the blocking pool. Everything that may write
    /// goes through here: one writer at a time, as SQLite allows.
    pub async fn call<F, R>(&self, f: F) -> Result<R, ApiError>
    where
        F: FnOnce(&mut Connection) -> Result<R, ApiError> + Send + 'static,
        R: Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        blocking(move || {
            // a panic while holding the lock leaves the connection usable
            let mut guard = conn.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut guard)
        })
        .await
    }

    /// Runs `f`, which only reads, with a read-only connection on the blocking pool: it does
    /// not wait behind the writer. `f` sees one snapshot (it runs in a read transaction), the
    /// last commit when it starts. A write in `f` fails (`PRAGMA query_only`). Without readers
    /// (an in-memory database, which other connections cannot see, or `--db-readers 0`) it
    /// runs on the writer connection.
    pub async fn read<F, R>(&self, f: F) -> Result<R, ApiError>
    where
        F: FnOnce(&Connection) -> Result<R, ApiError> + Send + 'static,
        R: Send + 'static,
    {
        let db = self.clone();
        blocking(move || match db.readers.take() {
            Some(mut guard) => {
                let tx = guard.transaction()?;
                let out = f(&tx)?;
                tx.commit()?;
                Ok(out)
            }
            None => {
                let guard = db.conn.lock().unwrap_or_else(|p| p.into_inner());
                f(&guard)
            }
        })
        .await
    }

    /// Runs `f` on a side session of its own on the blocking pool: a read-write session apart
    /// from the writer, for one short statement that commits by itself and must not wait
    /// behind the writer's transactions (the shared limit of API requests, written on every
    /// request: security.rs). PostgreSQL has them; where there are none (SQLite, one writer
    /// for the file) it runs on the writer connection.
    pub async fn side<F, R>(&self, f: F) -> Result<R, ApiError>
    where
        F: FnOnce(&Connection) -> Result<R, ApiError> + Send + 'static,
        R: Send + 'static,
    {
        let db = self.clone();
        blocking(move || match db.side.take() {
            Some(guard) => f(&guard),
            None => f(&db.conn.lock().unwrap_or_else(|p| p.into_inner())),
        })
        .await
    }

    /// How many read-only connections [`Db::read`] has (0: reads use the writer).
    pub fn reader_count(&self) -> usize {
        self.readers.conns.len()
    }

    /// Runs `f` with the writer connection, blocking the caller (startup, seeding, tests). On
    /// SQLite on the current thread; a PostgreSQL session blocks on a runtime of its own, which
    /// a thread of the server's runtime must not, so there on a thread of its own.
    pub fn with_conn<R: Send>(&self, f: impl FnOnce(&mut Connection) -> R + Send) -> R {
        let mut guard = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        if guard.is_postgres() {
            let conn: &mut Connection = &mut guard;
            return std::thread::scope(|s| match s.spawn(move || f(conn)).join() {
                Ok(r) => r,
                Err(panic) => std::panic::resume_unwind(panic),
            });
        }
        f(&mut guard)
    }

    /// The URL of a PostgreSQL database (`None`: SQLite).
    pub fn postgres_url(&self) -> Option<&str> {
        self.pg_url.as_deref()
    }

}

/// Opens (creating if needed) and migrates the database at `path`, with
/// [`default_readers`] read-only connections. The parent directory is created. `:memory:`
/// opens a private in-memory database (no readers).
pub fn open_db(path: &Path) -> Result<Db, Error> {
    open_db_with(path, default_readers())
}

/// [`open_db`] with `readers` read-only connections (0: every read on the writer).
pub fn open_db_with(path: &Path, readers: usize) -> Result<Db, Error> {
    let in_memory = path.as_os_str() == ":memory:";
    let conn = if in_memory {
        rusqlite::Connection::open_in_memory()?
    } else {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error(format!("cannot create directory {}: {e}", parent.display())))?;
        }
        rusqlite::Connection::open(path)
            .map_err(|e| Error(format!("cannot open database {}: {e}", path.display())))?
    };
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // journal_mode answers with a row; in-memory databases stay in "memory" mode
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")?;
    let mut conn = conn;
    migrate(&mut conn)?;
    // Readers only help in WAL mode (otherwise a writer locks them out anyway), and an
    // in-memory database is private to its connection.
    let readers = if in_memory || !mode.eq_ignore_ascii_case("wal") {
        0
    } else {
        readers
    };
    let conns = (0..readers)
        .map(|_| open_reader(path).map(Mutex::new))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Db {
        conn: Arc::new(Mutex::new(Connection::Sqlite(conn))),
        readers: Arc::new(Readers {
            conns,
            next: AtomicUsize::new(0),
        }),
        side: Arc::new(Readers { conns: Vec::new(), next: AtomicUsize::new(0) }),
        pg_url: None,
    })
}

/// A connection to the migrated file that refuses writes. It is opened read-write and made
/// read-only with `query_only` (rather than `SQLITE_OPEN_READ_ONLY`, which cannot recover a
/// WAL file left by a crash or create its index). It registers what the writer does: the same
/// busy timeout and foreign keys (the server defines no SQL functions or collations of its own;
/// search is FTS5's, built into SQLite).
fn open_reader(path: &Path) -> Result<Connection, Error> {
    let conn = rusqlite::Connection::open(path)
        .map_err(|e| Error(format!("cannot open database {}: {e}", path.display())))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA query_only = ON;")?;
    Ok(Connection::Sqlite(conn))
}

/// Schema migrations (`server/migrations/NNNN_*.sql`, compiled in); `PRAGMA user_version`
/// is the number applied. Append only: a database file keeps working because migration `n`
/// is always the same SQL.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_content.sql"),
    include_str!("../migrations/0002_people.sql"),
    include_str!("../migrations/0003_messages.sql"),
    include_str!("../migrations/0004_notifications.sql"),
    include_str!("../migrations/0005_stations_and_station_recipients.sql"),
    include_str!("../migrations/0006_reply_templates.sql"),
    include_str!("../migrations/0007_event_links.sql"),
    include_str!("../migrations/0008_internal_triage_notes.sql"),
    include_str!("../migrations/0009_visits_and_cleanup.sql"),
    include_str!("../migrations/0010_participation.sql"),
    include_str!("../migrations/0011_topics.sql"),
    include_str!("../migrations/0012_polls.sql"),
    include_str!("../migrations/0013_points.sql"),
    include_str!("../migrations/0014_training.sql"),
    include_str!("../migrations/0015_practice.sql"),
    include_str!("../migrations/0016_assessments.sql"),
    include_str!("../migrations/0017_assignments.sql"),
    include_str!("../migrations/0018_attendance.sql"),
    include_str!("../migrations/0019_self_check.sql"),
    include_str!("../migrations/0020_sandbox.sql"),
    include_str!("../migrations/0021_sms.sql"),
    include_str!("../migrations/0022_push.sql"),
    include_str!("../migrations/0023_wechat.sql"),
    include_str!("../migrations/0024_posters.sql"),
    include_str!("../migrations/0025_job_leases.sql"),
    include_str!("../migrations/0026_wechat_credentials.sql"),
    include_str!("../migrations/0027_api_limits.sql"),
];

/// Whether the database of `conn` has exactly the migrations of this server (readiness: an
/// older schema is not migrated yet; a newer one is another server version's, which this one
/// would refuse at start too).
pub fn migrations_applied(conn: &Connection) -> crate::sql::Result<bool> {
    let current: i64 = match conn {
        Connection::Sqlite(_) => conn.query_row("PRAGMA user_version", (), |r| r.get(0))?,
        Connection::Pg(_) => conn.query_row(PG_VERSION, (), |r| r.get(0))?,
    };
    Ok(current == MIGRATIONS.len() as i64)
}

/// PostgreSQL's schema version: `zsrd_schema`'s one row, in place of SQLite's `user_version`
/// (0 before the first migration).
const PG_VERSION: &str = "SELECT COALESCE(MAX(version), 0) FROM zsrd_schema";

/// Opens a PostgreSQL database (`postgres://…`), migrates it, and makes the writer and `readers`
/// read-only sessions. Several servers may start on one database at once: the migrations run
/// under an advisory lock, so one applies them and the others find them applied.
pub fn open_postgres(url: &str, readers: usize) -> Result<Db, Error> {
    // (a session blocks on a runtime of its own: not on a thread that drives the server's)
    std::thread::scope(|s| s.spawn(|| open_postgres_here(url, readers)).join())
        .unwrap_or_else(|_| Err(Error("opening PostgreSQL panicked".into())))
}

fn open_postgres_here(url: &str, readers: usize) -> Result<Db, Error> {
    let writer = crate::sql::PgConn::connect(url).map_err(Error)?;
    let mut conn = Connection::Pg(writer);
    migrate_postgres(&mut conn)?;
    let conns = (0..readers)
        .map(|_| {
            // (what SQLite's readers have with `query_only`: a write fails; again on a session
            // that replaces a broken one)
            let setup = "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY";
            Ok(Mutex::new(Connection::Pg(crate::sql::PgConn::connect_with(url, Some(setup)).map_err(Error)?)))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let side = (0..SIDE_SESSIONS)
        .map(|_| Ok(Mutex::new(Connection::Pg(crate::sql::PgConn::connect(url).map_err(Error)?))))
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(Db {
        conn: Arc::new(Mutex::new(conn)),
        readers: Arc::new(Readers {
            conns,
            next: AtomicUsize::new(0),
        }),
        side: Arc::new(Readers { conns: side, next: AtomicUsize::new(0) }),
        pg_url: Some(url.into()),
    })
}

/// [`POSTGRES_MIGRATIONS`] not yet applied, each in its own transaction with the new version.
fn migrate_postgres(conn: &mut Connection) -> Result<(), Error> {
    // an arbitrary key of this server's own ("zsrd" in ASCII), held by one session at a time
    conn.execute_batch(
        "SELECT pg_advisory_lock(2053272932);
         CREATE TABLE IF NOT EXISTS zsrd_schema (version BIGINT NOT NULL);",
    )?;
    let result = (|| {
        let current: i64 = conn.query_row(PG_VERSION, (), |r| r.get(0))?;
        let known = POSTGRES_MIGRATIONS.len() as i64;
        if current > known {
            return Err(Error(format!(
                "the database has schema version {current}, newer than this server knows ({known}); \
                 use a newer server or another database"
            )));
        }
        for (i, (name, sql)) in POSTGRES_MIGRATIONS.iter().enumerate().skip(current as usize) {
            let version = i as i64 + 1;
            // (rolled back when dropped after a failed step)
            let tx = conn.transaction()?;
            let step = tx
                .execute_batch(sql)
                .and_then(|()| tx.execute("DELETE FROM zsrd_schema", ()))
                .and_then(|_| tx.execute("INSERT INTO zsrd_schema (version) VALUES (?1)", params![version]))
                .and_then(|_| tx.commit());
            if let Err(e) = step {
                return Err(Error(format!("migration {version} ({name}) failed: {e}")));
            }
            tracing::info!("database migrated to schema version {version}");
        }
        Ok(())
    })();
    let _ = conn.execute_batch("SELECT pg_advisory_unlock(2053272932)");
    result
}

/// The same migrations for PostgreSQL (issue 17), by name: `server/migrations/postgres/`, with
/// the numbers and names of [`MIGRATIONS`], applied by [`open_postgres`]; tests/postgres.rs checks
/// that they give SQLite's schema (docs/postgres.md).
pub const POSTGRES_MIGRATIONS: &[(&str, &str)] = &[
    ("0001_content", include_str!("../migrations/postgres/0001_content.sql")),
    ("0002_people", include_str!("../migrations/postgres/0002_people.sql")),
    ("0003_messages", include_str!("../migrations/postgres/0003_messages.sql")),
    ("0004_notifications", include_str!("../migrations/postgres/0004_notifications.sql")),
    ("0005_stations_and_station_recipients", include_str!("../migrations/postgres/0005_stations_and_station_recipients.sql")),
    ("0006_reply_templates", include_str!("../migrations/postgres/0006_reply_templates.sql")),
    ("0007_event_links", include_str!("../migrations/postgres/0007_event_links.sql")),
    ("0008_internal_triage_notes", include_str!("../migrations/postgres/0008_internal_triage_notes.sql")),
    ("0009_visits_and_cleanup", include_str!("../migrations/postgres/0009_visits_and_cleanup.sql")),
    ("0010_participation", include_str!("../migrations/postgres/0010_participation.sql")),
    ("0011_topics", include_str!("../migrations/postgres/0011_topics.sql")),
    ("0012_polls", include_str!("../migrations/postgres/0012_polls.sql")),
    ("0013_points", include_str!("../migrations/postgres/0013_points.sql")),
    ("0014_training", include_str!("../migrations/postgres/0014_training.sql")),
    ("0015_practice", include_str!("../migrations/postgres/0015_practice.sql")),
    ("0016_assessments", include_str!("../migrations/postgres/0016_assessments.sql")),
    ("0017_assignments", include_str!("../migrations/postgres/0017_assignments.sql")),
    ("0018_attendance", include_str!("../migrations/postgres/0018_attendance.sql")),
    ("0019_self_check", include_str!("../migrations/postgres/0019_self_check.sql")),
    ("0020_sandbox", include_str!("../migrations/postgres/0020_sandbox.sql")),
    ("0021_sms", include_str!("../migrations/postgres/0021_sms.sql")),
    ("0022_push", include_str!("../migrations/postgres/0022_push.sql")),
    ("0023_wechat", include_str!("../migrations/postgres/0023_wechat.sql")),
    ("0024_posters", include_str!("../migrations/postgres/0024_posters.sql")),
    ("0025_job_leases", include_str!("../migrations/postgres/0025_job_leases.sql")),
    ("0026_wechat_credentials", include_str!("../migrations/postgres/0026_wechat_credentials.sql")),
    ("0027_api_limits", include_str!("../migrations/postgres/0027_api_limits.sql")),
];

fn migrate(conn: &mut rusqlite::Connection) -> Result<(), Error> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if current > known {
        return Err(Error(format!(
            "the database has schema version {current}, newer than this server knows ({known}); \
             use a newer server or another --db file"
        )));
    }
    if current == known {
        return Ok(());
    }
    // A migration may rebuild a table that others reference (SQLite cannot change a column's
    // constraint in place): SQLite's own procedure is to turn foreign keys off (outside the
    // transaction: the pragma is a no-op inside one), rebuild, and check the keys before
    // committing. They are back on afterwards, whatever happened.
    let enforced: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", false)?;
    let result = apply_migrations(conn, current);
    conn.pragma_update(None, "foreign_keys", enforced)?;
    result
}

fn apply_migrations(conn: &mut rusqlite::Connection, current: i64) -> Result<(), Error> {
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let version = i as i64 + 1;
        let tx = conn.transaction()?;
        tx.execute_batch(sql)
            .map_err(|e| Error(format!("migration {version} failed: {e}")))?;
        let broken: Option<String> = tx
            .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
            .optional()?;
        if let Some(table) = broken {
            return Err(Error(format!(
                "migration {version} failed: a row of {table} refers to a missing row"
            )));
        }
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
        tracing::info!("database migrated to schema version {version}");
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Writing (seeding, tests)
// ---------------------------------------------------------------------------

/// An article to insert.
#[derive(Debug, Clone)]
pub struct NewArticle {
    pub id: String,
    pub kind: ArticleKind,
    pub category_id: Option<String>,
    pub title: String,
    pub summary: String,
    pub cover: Option<ImageRef>,
    pub author: Option<String>,
    pub source: Option<String>,
    pub published_at: i64,
    pub updated_at: Option<i64>,
    pub view_count: u64,
    pub body: Vec<Block>,
}

/// An event to insert.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub starts_at: i64,
    pub ends_at: Option<i64>,
    pub place: String,
    pub organiser: String,
    pub cover: Option<ImageRef>,
    pub description: Vec<Block>,
    pub online: Option<OnlineJoin>,
    pub phone: Option<String>,
    /// WGS 84 (latitude, longitude).
    pub position: Option<(f64, f64)>,
}

pub fn insert_category(tx: &Transaction<'_>, c: &Category, position: i64) -> Result<(), Error> {
    tx.execute(
        "INSERT INTO categories (id, kind, name, position) VALUES (?1, ?2, ?3, ?4)",
        params![c.id, c.kind.as_str(), c.name, position],
    )?;
    Ok(())
}

/// The searchable text of a list of blocks, one part per block.
fn block_texts(blocks: &[Block]) -> Vec<String> {
    let mut parts = Vec::new();
    for b in blocks {
        match b {
            Block::Paragraph { text } | Block::Heading { text, .. } => parts.push(text.clone()),
            Block::List { items, .. } => parts.extend(items.iter().cloned()),
            Block::Quote { text, cite } => {
                parts.push(text.clone());
                parts.extend(cite.iter().cloned());
            }
            Block::Image { alt, caption, .. } => {
                parts.push(alt.clone());
                parts.extend(caption.iter().cloned());
            }
            Block::Attachment { name, .. } => parts.push(name.clone()),
        }
    }
    parts
}

pub fn insert_article(tx: &Transaction<'_>, a: &NewArticle) -> Result<(), Error> {
    if a.kind == ArticleKind::Unknown {
        return Err(Error(format!("article {} has no known kind", a.id)));
    }
    let cover = a.cover.as_ref().map(serde_json::to_string).transpose()?;
    tx.execute(
        "INSERT INTO articles (id, kind, category_id, title, summary, cover_json, author, source,
                               published_at, updated_at, view_count, body_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            a.id,
            a.kind.as_str(),
            a.category_id,
            a.title,
            a.summary,
            cover,
            a.author,
            a.source,
            a.published_at,
            a.updated_at,
            i64::try_from(a.view_count).unwrap_or(i64::MAX),
            serde_json::to_string(&a.body)?,
        ],
    )?;
    let seq = tx.last_insert_rowid();
    let body = block_texts(&a.body);
    tx.execute(
        "INSERT INTO articles_fts (rowid, title, summary, body) VALUES (?1, ?2, ?3, ?4)",
        params![
            seq,
            search::index_text([a.title.as_str()]),
            search::index_text([a.summary.as_str()]),
            search::index_text(body.iter().map(String::as_str)),
        ],
    )?;
    Ok(())
}

pub fn insert_event(tx: &Transaction<'_>, e: &NewEvent) -> Result<(), Error> {
    let effective_end = match e.ends_at {
        Some(end) => end.max(e.starts_at),
        None => e.starts_at + DEFAULT_EVENT_DURATION,
    };
    let cover = e.cover.as_ref().map(serde_json::to_string).transpose()?;
    tx.execute(
        "INSERT INTO events (id, title, summary, starts_at, ends_at, effective_end, place,
                             organiser, cover_json, description_json, join_url, join_label,
                             phone, lat, lng)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        params![
            e.id,
            e.title,
            e.summary,
            e.starts_at,
            e.ends_at,
            effective_end,
            e.place,
            e.organiser,
            cover,
            serde_json::to_string(&e.description)?,
            e.online.as_ref().map(|o| &o.url),
            e.online.as_ref().map(|o| &o.label),
            e.phone,
            e.position.map(|p| p.0),
            e.position.map(|p| p.1),
        ],
    )?;
    Ok(())
}

pub fn insert_file(
    tx: &Transaction<'_>,
    path: &str,
    mime: &str,
    content: &[u8],
) -> Result<(), Error> {
    tx.execute(
        "INSERT INTO files (path, mime_type, content) VALUES (?1, ?2, ?3) \
         ON CONFLICT (path) DO UPDATE SET mime_type = excluded.mime_type, content = excluded.content",
        params![path, mime, content],
    )?;
    Ok(())
}

pub fn article_count(conn: &Connection) -> Result<i64, Error> {
    Ok(conn.query_row("SELECT COUNT(*) FROM articles", (), |r| r.get(0))?)
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

fn json_col<T: serde::de::DeserializeOwned>(raw: Option<String>) -> Option<T> {
    raw.and_then(|s| serde_json::from_str(&s).ok())
}

// The last two: the comments the public sees and the likes (issue 12).
const SUMMARY_COLUMNS: &str = "a.id, a.kind, a.category_id, c.name, a.title, a.summary, \
    a.cover_json, a.author, a.source, a.published_at, a.view_count, \
    (SELECT COUNT(*) FROM comments cc WHERE cc.target_kind = 'article' AND cc.target_id = a.id \
     AND cc.state = 'published'), \
    (SELECT COUNT(*) FROM likes ll WHERE ll.target_kind = 'article' AND ll.target_id = a.id)";

fn article_summary(row: &Row<'_>) -> crate::sql::Result<ArticleSummary> {
    let kind: String = row.get(1)?;
    let category_id: Option<String> = row.get(2)?;
    let category_name: Option<String> = row.get(3)?;
    let published_at: i64 = row.get(9)?;
    let views: i64 = row.get(10)?;
    Ok(ArticleSummary {
        id: row.get(0)?,
        kind: ArticleKind::parse(&kind).unwrap_or(ArticleKind::Unknown),
        category: category_id.map(|id| CategoryRef {
            id,
            name: category_name.unwrap_or_default(),
        }),
        title: row.get(4)?,
        summary: row.get(5)?,
        cover: json_col(row.get(6)?),
        author: row.get(7)?,
        source: row.get(8)?,
        published_at: rfc3339(published_at),
        view_count: u64::try_from(views).unwrap_or(0),
        excerpt: None,
        comment_count: row.get(11)?,
        like_count: row.get(12)?,
    })
}

/// Filters of the article list, already validated.
#[derive(Debug, Clone, Default)]
pub struct ArticleFilter {
    pub kind: Option<ArticleKind>,
    pub category: Option<String>,
    /// An FTS5 MATCH expression from [`search::match_expression`].
    pub search: Option<String>,
    /// The same search on PostgreSQL ([`search::pg_search`]), when `search` is set.
    pub pg_search: Option<search::PgSearch>,
    /// What the search looks for ([`search::phrases`]): for the excerpts of the results.
    pub phrases: Vec<Vec<char>>,
    /// With `search`: best matches first (pages by [`RankCursor`]) instead of newest first.
    pub relevance: bool,
    pub after: Option<ArticleCursor>,
    /// Ranked results already shown (the [`RankCursor`] of the previous page).
    pub ranked_after: Option<RankCursor>,
    pub limit: u32,
}

impl ArticleFilter {
    /// Whether this is a search ranked by relevance.
    pub fn ranked(&self) -> bool {
        self.relevance && self.search.is_some()
    }

    /// Identifies the ranked result list of these filters, for its cursors.
    pub fn rank_key(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        for part in [
            self.kind.map_or("", ArticleKind::as_str),
            self.category.as_deref().unwrap_or(""),
            self.search.as_deref().unwrap_or(""),
        ] {
            h.update(part.as_bytes());
            h.update([0]);
        }
        h.finalize()[..8].iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Relevance of a search hit: FTS5's BM25 with a match in the title counting most, then the
/// summary, then the body (lower is better).
const RANK: &str = "bm25(articles_fts, 10.0, 4.0, 1.0)";

/// Sets `excerpt` on the results of a search whose title and summary do not contain the query
/// (`body` is each one's `body_json`).
fn with_excerpts(rows: &mut [(ArticleSummary, String)], phrases: &[Vec<char>]) {
    for (a, body) in rows.iter_mut() {
        if phrases.is_empty()
            || search::contains_any(&a.title, phrases)
            || search::contains_any(&a.summary, phrases)
        {
            continue;
        }
        let blocks: Vec<Block> = serde_json::from_str(body).unwrap_or_default();
        let parts = block_texts(&blocks);
        a.excerpt = search::excerpt(parts.iter().map(String::as_str), phrases);
    }
}

/// The conditions on kind and category (`a.`), appended to `sql` with their arguments.
fn kind_and_category(f: &ArticleFilter, sql: &mut String, args: &mut Vec<Value>) {
    if let Some(kind) = f.kind {
        args.push(Value::Text(kind.as_str().into()));
        sql.push_str(&format!(" AND a.kind = ?{}", args.len()));
    }
    if let Some(category) = &f.category {
        args.push(Value::Text(category.clone()));
        sql.push_str(&format!(" AND a.category_id = ?{}", args.len()));
    }
}

/// One page of a search ranked by relevance, and the cursor of the next page.
fn list_ranked(
    conn: &Connection,
    f: &ArticleFilter,
) -> Result<(Vec<ArticleSummary>, Option<String>), ApiError> {
    let (mut args, mut sql, rank) = match (conn.is_postgres(), &f.pg_search) {
        (true, Some(pg)) => (
            pg.args().into_iter().map(Value::Text).collect::<Vec<_>>(),
            format!(
                "SELECT {SUMMARY_COLUMNS}, a.body_json FROM articles_fts \
                 JOIN articles a ON a.seq = articles_fts.rowid \
                 LEFT JOIN categories c ON c.id = a.category_id WHERE {}",
                pg.filter("articles_fts", 1)
            ),
            format!("{} DESC", pg.score("articles_fts", 1)),
        ),
        _ => (
            vec![Value::Text(f.search.clone().unwrap_or_default())],
            format!(
                "SELECT {SUMMARY_COLUMNS}, a.body_json FROM articles_fts \
                 JOIN articles a ON a.seq = articles_fts.rowid \
                 LEFT JOIN categories c ON c.id = a.category_id WHERE articles_fts MATCH ?1"
            ),
            RANK.to_string(),
        ),
    };
    kind_and_category(f, &mut sql, &mut args);
    let offset = f.ranked_after.as_ref().map_or(0, |c| c.offset);
    args.push(Value::Integer(i64::from(f.limit) + 1));
    let n = args.len();
    args.push(Value::Integer(i64::from(offset)));
    sql.push_str(&format!(
        " ORDER BY {rank}, a.published_at DESC, a.id DESC LIMIT ?{n} OFFSET ?{}",
        n + 1
    ));
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt
        .query_map(params_from_iter(args), |row| {
            Ok((article_summary(row)?, row.get::<_, String>(13)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let next = (rows.len() > f.limit as usize).then(|| {
        rows.truncate(f.limit as usize);
        RankCursor {
            key: f.rank_key(),
            offset: offset + f.limit,
        }
        .encode()
    });
    with_excerpts(&mut rows, &f.phrases);
    Ok((rows.into_iter().map(|(a, _)| a).collect(), next))
}

/// One page of articles, newest first (or a search by relevance), and the cursor of the next
/// page.
pub fn list_articles(
    conn: &Connection,
    f: &ArticleFilter,
) -> Result<(Vec<ArticleSummary>, Option<String>), ApiError> {
    if f.ranked() {
        return list_ranked(conn, f);
    }
    let body = if f.search.is_some() { "a.body_json" } else { "''" };
    let mut sql = format!(
        "SELECT {SUMMARY_COLUMNS}, {body} FROM articles a LEFT JOIN categories c ON c.id = a.category_id WHERE 1 = 1"
    );
    let mut args: Vec<Value> = Vec::new();
    kind_and_category(f, &mut sql, &mut args);
    match (&f.search, &f.pg_search) {
        (Some(_), Some(pg)) if conn.is_postgres() => {
            let first = args.len() + 1;
            args.extend(pg.args().into_iter().map(Value::Text));
            sql.push_str(&format!(
                " AND a.seq IN (SELECT rowid FROM articles_fts WHERE {})",
                pg.filter("articles_fts", first)
            ));
        }
        (Some(expr), _) => {
            args.push(Value::Text(expr.clone()));
            sql.push_str(&format!(
                " AND a.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?{})",
                args.len()
            ));
        }
        (None, _) => {}
    }
    if let Some(after) = &f.after {
        args.push(Value::Integer(after.published_at));
        let at = args.len();
        args.push(Value::Text(after.id.clone()));
        let id = args.len();
        sql.push_str(&format!(
            " AND (a.published_at < ?{at} OR (a.published_at = ?{at} AND a.id < ?{id}))"
        ));
    }
    args.push(Value::Integer(i64::from(f.limit) + 1));
    sql.push_str(&format!(
        " ORDER BY a.published_at DESC, a.id DESC LIMIT ?{}",
        args.len()
    ));

    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = Vec::new();
    let mut last_published = 0;
    for row in stmt.query_map(params_from_iter(args), |row| {
        Ok((article_summary(row)?, row.get::<_, String>(13)?, row.get::<_, i64>(9)?))
    })? {
        let (a, body, published_at) = row?;
        if rows.len() < f.limit as usize {
            last_published = published_at;
        }
        rows.push((a, body));
    }
    let next = if rows.len() > f.limit as usize {
        rows.truncate(f.limit as usize);
        rows.last().map(|(last, _)| {
            ArticleCursor {
                published_at: last_published,
                id: last.id.clone(),
            }
            .encode()
        })
    } else {
        None
    };
    with_excerpts(&mut rows, &f.phrases);
    Ok((rows.into_iter().map(|(a, _)| a).collect(), next))
}

/// One article with its body; counts the view when `count` is set (not for HEAD).
/// `None` when there is no such article.
pub fn view_article(
    conn: &mut Connection,
    id: &str,
    count: bool,
) -> Result<Option<Article>, ApiError> {
    let tx = conn.transaction()?;
    if count {
        tx.execute(
            "UPDATE articles SET view_count = view_count + 1 WHERE id = ?1",
            [id],
        )?;
    }
    let article = read_article(&tx, id)?;
    tx.commit()?;
    Ok(article)
}

/// One article with its body, as it is (no view counted). `None` when there is no such
/// article.
pub fn read_article(conn: &Connection, id: &str) -> Result<Option<Article>, ApiError> {
    let article = conn
        .query_row(
            &format!(
                "SELECT {SUMMARY_COLUMNS}, a.body_json, a.updated_at FROM articles a \
                 LEFT JOIN categories c ON c.id = a.category_id WHERE a.id = ?1"
            ),
            [id],
            |row| {
                let summary = article_summary(row)?;
                let body: String = row.get(13)?;
                let updated_at: Option<i64> = row.get(14)?;
                Ok((summary, body, updated_at))
            },
        )
        .optional()?;
    Ok(match article {
        Some((summary, body, updated_at)) => Some(Article {
            summary,
            body: serde_json::from_str(&body)?,
            updated_at: updated_at.map(rfc3339),
        }),
        None => None,
    })
}

/// Categories in display order, optionally of one kind.
pub fn list_categories(
    conn: &Connection,
    kind: Option<ArticleKind>,
) -> Result<Vec<Category>, ApiError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, name FROM categories WHERE ?1 IS NULL OR kind = ?1 ORDER BY position, id",
    )?;
    let rows = stmt.query_map([kind.map(|k| k.as_str())], |row| {
        let kind: String = row.get(1)?;
        Ok(Category {
            id: row.get(0)?,
            kind: ArticleKind::parse(&kind).unwrap_or(ArticleKind::Unknown),
            name: row.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

// ---------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------

/// Status of an event at `now`.
pub fn event_status(starts_at: i64, effective_end: i64, now: i64) -> EventStatus {
    if starts_at > now {
        EventStatus::Upcoming
    } else if effective_end > now {
        EventStatus::Ongoing
    } else {
        EventStatus::Past
    }
}

const EVENT_COLUMNS: &str =
    "id, title, summary, starts_at, ends_at, effective_end, place, organiser, cover_json";

fn event_summary(row: &Row<'_>, now: i64) -> crate::sql::Result<(EventSummary, i64)> {
    let starts_at: i64 = row.get(3)?;
    let ends_at: Option<i64> = row.get(4)?;
    let effective_end: i64 = row.get(5)?;
    Ok((
        EventSummary {
            id: row.get(0)?,
            title: row.get(1)?,
            summary: row.get(2)?,
            starts_at: rfc3339(starts_at),
            ends_at: ends_at.map(rfc3339),
            place: row.get(6)?,
            organiser: row.get(7)?,
            status: event_status(starts_at, effective_end, now),
            cover: json_col(row.get(8)?),
        },
        starts_at,
    ))
}

/// Filters of the event list, already validated.
#[derive(Debug, Clone)]
pub struct EventFilter {
    pub status: Option<EventStatus>,
    pub after: Option<EventCursor>,
    pub limit: u32,
    /// Current time (ignored when the cursor carries the reference time of its walk).
    pub now: i64,
}

/// One group of events after an optional keyset position.
fn query_event_group(
    conn: &Connection,
    group: u8,
    status: Option<EventStatus>,
    after: Option<(i64, &str)>,
    now: i64,
    limit: usize,
) -> Result<Vec<(EventSummary, i64)>, ApiError> {
    let mut sql = format!("SELECT {EVENT_COLUMNS} FROM events WHERE ");
    sql.push_str(match (group, status) {
        (0, Some(EventStatus::Ongoing)) => "starts_at <= ?1 AND effective_end > ?1",
        (0, Some(EventStatus::Upcoming)) => "starts_at > ?1",
        (0, _) => "effective_end > ?1",
        _ => "effective_end <= ?1",
    });
    let (cmp, order) = if group == 0 {
        ('>', "ASC")
    } else {
        ('<', "DESC")
    };
    if after.is_some() {
        sql.push_str(&format!(
            " AND (starts_at {cmp} ?2 OR (starts_at = ?2 AND id {cmp} ?3))"
        ));
    }
    sql.push_str(&format!(" ORDER BY starts_at {order}, id {order} LIMIT ?4"));
    let (s, id) = after.unwrap_or((0, ""));
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![now, s, id, limit], |row| event_summary(row, now))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// One page of events (see [`crate::cursor`] for the order) and the next cursor.
pub fn list_events(
    conn: &Connection,
    f: &EventFilter,
) -> Result<(Vec<EventSummary>, Option<String>), ApiError> {
    let now = f.after.as_ref().map_or(f.now, |c| c.reference);
    let want = f.limit as usize + 1;
    let first_group: u8 = match (&f.after, f.status) {
        (Some(c), _) => c.group,
        (None, Some(EventStatus::Past)) => 1,
        (None, _) => 0,
    };
    let mut rows: Vec<(u8, (EventSummary, i64))> = Vec::new();
    for group in first_group..=1 {
        let wanted_here = match f.status {
            None => true,
            Some(EventStatus::Past) => group == 1,
            Some(_) => group == 0,
        };
        if !wanted_here || rows.len() >= want {
            continue;
        }
        let after = f
            .after
            .as_ref()
            .filter(|c| c.group == group)
            .map(|c| (c.starts_at, c.id.as_str()));
        let found = query_event_group(conn, group, f.status, after, now, want - rows.len())?;
        rows.extend(found.into_iter().map(|r| (group, r)));
    }
    let next = if rows.len() > f.limit as usize {
        rows.truncate(f.limit as usize);
        rows.last().map(|(group, (e, starts_at))| {
            EventCursor {
                reference: now,
                group: *group,
                starts_at: *starts_at,
                id: e.id.clone(),
            }
            .encode()
        })
    } else {
        None
    };
    Ok((rows.into_iter().map(|(_, (e, _))| e).collect(), next))
}

/// One event with its description, status at `now`.
pub fn get_event(conn: &Connection, id: &str, now: i64) -> Result<Option<Event>, ApiError> {
    let found = conn
        .query_row(
            &format!(
                "SELECT {EVENT_COLUMNS}, description_json, join_url, join_label, phone, lat, lng \
                 FROM events WHERE id = ?1"
            ),
            [id],
            |row| {
                let (summary, _) = event_summary(row, now)?;
                let description: String = row.get(9)?;
                let join_url: Option<String> = row.get(10)?;
                let join_label: Option<String> = row.get(11)?;
                let online = join_url.map(|url| OnlineJoin {
                    url,
                    label: join_label.unwrap_or_default(),
                });
                let phone: Option<String> = row.get(12)?;
                let (lat, lng): (Option<f64>, Option<f64>) = (row.get(13)?, row.get(14)?);
                // a position is both coordinates or none
                let (lat, lng) = match (lat, lng) {
                    (Some(a), Some(b)) => (Some(a), Some(b)),
                    _ => (None, None),
                };
                Ok((summary, description, online, phone, lat, lng))
            },
        )
        .optional()?;
    Ok(match found {
        Some((summary, description, online, phone, lat, lng)) => Some(Event {
            summary,
            description: serde_json::from_str(&description)?,
            online,
            phone,
            lat,
            lng,
        }),
        None => None,
    })
}

/// A stored file (path under `/media`) with its media type.
pub fn get_file(conn: &Connection, path: &str) -> Result<Option<(String, Vec<u8>)>, ApiError> {
    Ok(conn
        .query_row(
            "SELECT mime_type, content FROM files WHERE path = ?1",
            [path],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// A private in-memory database with the whole schema (unit tests of the storage modules).
#[cfg(test)]
pub(crate) fn migrated_in_memory() -> Connection {
    let mut conn = rusqlite::Connection::open_in_memory().expect("in-memory database");
    migrate(&mut conn).expect("migrations");
    Connection::Sqlite(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(conn: &rusqlite::Connection) -> i64 {
        conn.query_row("PRAGMA user_version", (), |r| r.get(0))
            .expect("user_version")
    }

    #[test]
    fn migrations_apply_in_order_once() {
        let mut conn = rusqlite::Connection::open_in_memory().expect("in-memory database");
        migrate(&mut conn).expect("migrations");
        assert_eq!(version(&conn), MIGRATIONS.len() as i64);
        assert_eq!(
            MIGRATIONS.len(),
            27,
            "versions 1..27: an existing database file keeps working"
        );
        let tables: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN \
                 ('articles', 'users', 'messages', 'idempotency', 'notifications', 'deadline_alerts', \
                  'reply_templates', 'article_views', 'comments', 'likes', 'reports', 'moderation_log', 'topics', 'polls', 'poll_votes', 'courses', 'lessons', 'lesson_progress', 'quiz_questions', 'practice_answers', 'course_assignments', 'assignment_deputies', 'event_attendance', \
                  'assessments', 'assessment_attempts', 'assessment_answers', 'certificates', 'self_check_results', \
                  'practice_cases', 'practice_runs', 'assessment_tasks', 'sms_outbox', 'vapid_keys', 'push_subscriptions', 'push_outbox', 'wechat_consents', 'posters', 'poster_weeks', 'job_leases', 'wechat_credentials', 'api_limits')",
                [],
                |r| r.get(0),
            )
            .expect("tables");
        assert_eq!(tables, 41);
        // applied again: nothing to do
        migrate(&mut conn).expect("again");
        assert_eq!(version(&conn), MIGRATIONS.len() as i64);

        // a database of an older server is brought up to date
        let mut old = rusqlite::Connection::open_in_memory().expect("db");
        for sql in &MIGRATIONS[..2] {
            old.execute_batch(sql).expect("old schema");
        }
        old.pragma_update(None, "user_version", 2).expect("version");
        migrate(&mut old).expect("upgrade");
        assert_eq!(version(&old), MIGRATIONS.len() as i64);
        let categories: i64 = old
            .query_row("SELECT COUNT(*) FROM message_categories", [], |r| r.get(0))
            .expect("seeded by migration 3");
        assert_eq!(categories, 8);
        let event_links: i64 = old
            .query_row(
                "SELECT COUNT(*) FROM pragma_table_info('events') WHERE name IN \
                 ('join_url', 'join_label', 'phone', 'lat', 'lng')",
                [],
                |r| r.get(0),
            )
            .expect("columns of migration 7");
        assert_eq!(event_links, 5);

        // a newer database is refused
        old.pragma_update(None, "user_version", MIGRATIONS.len() as i64 + 1).expect("version");
        assert!(migrate(&mut old).is_err());
    }

    /// A read runs on a reader while the writer is held in a write transaction, and sees the
    /// last commit; with no readers it has to wait for the writer.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn reads_do_not_wait_behind_the_writer() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("read.db");
        for readers in [2, 0] {
            let db = open_db_with(&path, readers).expect("open");
            assert_eq!(db.reader_count(), readers);
            let before = db.with_conn(|c| article_count(c)).expect("count");
            let (held_tx, held_rx) = std::sync::mpsc::channel();
            let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
            let writer = {
                let db = db.clone();
                tokio::task::spawn_blocking(move || {
                    db.with_conn(move |c| {
                        let tx = c.transaction().expect("begin");
                        tx.execute(
                            "INSERT INTO categories (id, kind, name, position) VALUES ('c_held', 'news', '进行中', 99)",
                            (),
                        )
                        .expect("write");
                        held_tx.send(()).expect("held");
                        release_rx.recv_timeout(Duration::from_secs(10)).ok();
                        tx.commit().expect("commit");
                    })
                })
            };
            held_rx.recv_timeout(Duration::from_secs(10)).expect("the writer is held");
            let read = db.read(|c| {
                let held: i64 = c.query_row("SELECT COUNT(*) FROM categories WHERE id = 'c_held'", (), |r| r.get(0))?;
                Ok((article_count(c).map_err(|e| ApiError::Internal(e.0))?, held))
            });
            let answer = tokio::time::timeout(Duration::from_millis(1500), read).await;
            release_tx.send(()).expect("release");
            writer.await.expect("writer");
            if readers > 0 {
                let (count, held) = answer.expect("the read did not wait for the writer").expect("read");
                assert_eq!((count, held), (before, 0), "the last commit, not the write under way");
                let seen: i64 = db
                    .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM categories WHERE id = 'c_held'", (), |r| r.get(0))?))
                    .await
                    .expect("read after the commit");
                assert_eq!(seen, 1, "a read after the commit sees it");
                db.with_conn(|c| c.execute("DELETE FROM categories WHERE id = 'c_held'", ())).expect("clean");
            } else {
                assert!(answer.is_err(), "without readers a read waits for the writer");
            }
        }
    }

    /// A reader refuses every write; an in-memory database has no readers (reads use the
    /// writer, which sees its own data).
    #[tokio::test]
    async fn readers_refuse_writes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = open_db_with(&dir.path().join("ro.db"), 2).expect("open");
        for sql in [
            "INSERT INTO categories (id, kind, name, position) VALUES ('c_ro', 'news', '只读', 1)",
            "UPDATE articles SET view_count = view_count + 1",
            "CREATE TABLE nope (x)",
        ] {
            let err = db
                .read(move |c| Ok(c.execute(sql, ())?))
                .await
                .expect_err("a reader writes nothing");
            assert!(format!("{err:?}").contains("readonly"), "{sql}: {err:?}");
        }
        let written: i64 = db
            .with_conn(|c| c.query_row("SELECT COUNT(*) FROM categories WHERE id = 'c_ro'", (), |r| r.get(0)))
            .expect("count");
        assert_eq!(written, 0);

        let memory = open_db(Path::new(":memory:")).expect("in memory");
        assert_eq!(memory.reader_count(), 0);
        memory
            .with_conn(|c| c.execute("INSERT INTO categories (id, kind, name, position) VALUES ('c_m', 'news', '内存', 1)", ()))
            .expect("write");
        let n: i64 = memory
            .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM categories WHERE id = 'c_m'", (), |r| r.get(0))?))
            .await
            .expect("read");
        assert_eq!(n, 1);
    }

    /// Migration 5 rebuilds `messages` (a station may be a recipient): a version 4 database
    /// keeps its messages, the rows that refer to them and its indexes, and foreign keys are
    /// enforced again afterwards.
    #[test]
    fn messages_survive_the_rebuild_of_migration_5() {
        let mut conn = rusqlite::Connection::open_in_memory().expect("db");
        conn.execute_batch("PRAGMA foreign_keys = ON").expect("fk");
        for sql in &MIGRATIONS[..4] {
            conn.execute_batch(sql).expect("schema 1..4");
        }
        conn.pragma_update(None, "user_version", 4).expect("version");
        conn.execute_batch(
            "INSERT INTO stations (id, name, address, reception_hours) VALUES ('st_1', '站', '', '');
             INSERT INTO users (id, phone, display_name, created_at) VALUES ('u_1', '13800000001', '王', 0);
             INSERT INTO messages (id, author_id, recipient_kind, recipient_id, category_id, title, body,
                 status, created_at, updated_at, stage_at)
                 VALUES ('m_1', 'u_1', 'deputy', 'dp_1', 'mc_other', '路灯不亮', '村口路灯坏了很久', 'submitted', 1, 1, 1);
             INSERT INTO message_timeline (id, message_id, at, kind, actor_role, actor_name)
                 VALUES ('t_1', 'm_1', 1, 'submitted', 'citizen', '王');",
        )
        .expect("version 4 rows");
        migrate(&mut conn).expect("to the newest version");
        assert_eq!(version(&conn), MIGRATIONS.len() as i64);
        let (title, entries): (String, i64) = conn
            .query_row(
                "SELECT m.title, (SELECT COUNT(*) FROM message_timeline t WHERE t.message_id = m.id) \
                 FROM messages m WHERE m.id = 'm_1'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("the message is kept");
        assert_eq!((title.as_str(), entries), ("路灯不亮", 1));
        let indexes: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'messages' \
                 AND name LIKE 'messages_%'",
                [],
                |r| r.get(0),
            )
            .expect("indexes");
        assert_eq!(indexes, 4);
        let enforced: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).expect("fk");
        assert!(enforced, "foreign keys are on again");
        let station = "INSERT INTO messages (id, author_id, recipient_kind, recipient_id, category_id, \
             title, body, status, created_at, updated_at, stage_at) VALUES ('m_2', 'u_1', ?1, 'st_1', \
             'mc_other', '不知道找谁', '家门口的水沟堵了', 'submitted', 2, 2, 2)";
        conn.execute(station, ["station"]).expect("a station is a recipient now");
        assert!(conn.execute(station, ["mayor"]).is_err(), "other kinds are still refused");
        assert!(
            conn.execute(
                "INSERT INTO message_timeline (id, message_id, at, kind, actor_role, actor_name) \
                 VALUES ('t_9', 'm_404', 1, 'submitted', 'citizen', '王')",
                [],
            )
            .is_err(),
            "the timeline's foreign key still points at messages"
        );
    }
}
