//! PostgreSQL groundwork (issue 17; docs/postgres.md). The server runs on SQLite only; these
//! tests keep the PostgreSQL migrations (server/migrations/postgres/) in step with SQLite's:
//!
//! * the same numbered files (always);
//! * one SQL text with `$1`… for sqlx on SQLite and PostgreSQL, not for rusqlite (always; the
//!   PostgreSQL half with the variable set);
//! * with `ZSRD_TEST_POSTGRES_URL` set (scripts/test's native layer starts a throwaway server
//!   with scripts/pg-throwaway and sets it): all PostgreSQL migrations applied through sqlx to a
//!   fresh database give the same tables, columns (names, types, NOT NULL, DEFAULT), unique
//!   keys, named indexes, foreign keys, triggers and number of CHECKs per table as SQLite's
//!   migrated schema, but for the differences
//!   listed below; a few behaviours of the translated constraints; migration 8's data move on
//!   the same rows; and the PostgreSQL search
//!   design finds exactly what SQLite's FTS5 search finds for 1- and 2-character queries (and
//!   longer ones) on the same rows; and the statement that takes a periodic job's lease
//!   (server/src/jobs.rs) gives it to one of eight instances asking at once, and then follows
//!   the same rule as on SQLite.
//!
//! Without the variable the PostgreSQL tests say so and pass.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use contract::{ArticleKind, Block};
use server::db::{self, ArticleFilter, NewArticle, POSTGRES_MIGRATIONS};
use server::search;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{AssertSqlSafe, PgPool, Row};

const URL_VAR: &str = "ZSRD_TEST_POSTGRES_URL";

/// What PostgreSQL has and SQLite has not, on purpose (the migrations say why): the search
/// table's real `rowid` (SQLite's is implicit) with its key and foreign key, its `terms` and
/// their GIN index, and the ledger's TRUNCATE guard (SQLite has no TRUNCATE).
const PG_ONLY_COLUMNS: &[(&str, &str)] = &[("articles_fts", "rowid"), ("articles_fts", "terms")];
const PG_ONLY_INDEXES: &[&str] = &["articles_fts_terms"];
const PG_ONLY_TRIGGERS: &[&str] = &["points_ledger_no_truncate"];
const PG_ONLY_UNIQUE: &[(&str, &[&str])] = &[("articles_fts", &["rowid"])];
const PG_ONLY_FOREIGN_KEYS: &[(&str, &[&str])] = &[("articles_fts", &["rowid"])];

fn postgres_url(test: &str) -> Option<String> {
    match std::env::var(URL_VAR) {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            eprintln!(
                "{test}: {URL_VAR} is not set: PostgreSQL not tested \
                 (scripts/test native, or scripts/pg-throwaway -- cargo test -p server --test postgres)"
            );
            None
        }
    }
}

/// A new, empty database on the server at `url`; dropped by [`Fresh::drop_db`].
struct Fresh {
    admin: PgPool,
    name: String,
    pool: PgPool,
}

async fn fresh_database(url: &str, tag: &str) -> Fresh {
    let options: PgConnectOptions = url.parse().expect("a postgres:// URL");
    let admin = PgPoolOptions::new()
        .max_connections(1)
        .connect_with(options.clone())
        .await
        .expect("connect to PostgreSQL");
    let mut rnd = [0u8; 4];
    getrandom::fill(&mut rnd).expect("random");
    let name = format!("zsrd_{tag}_{}_{:08x}", std::process::id(), u32::from_le_bytes(rnd));
    // a name of our own making: [a-z0-9_] only
    sqlx::raw_sql(AssertSqlSafe(format!("CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0")))
        .execute(&admin)
        .await
        .expect("create database");
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .connect_with(options.database(&name))
        .await
        .expect("connect to the new database");
    Fresh { admin, name, pool }
}

impl Fresh {
    async fn drop_db(self) {
        self.pool.close().await;
        sqlx::raw_sql(AssertSqlSafe(format!("DROP DATABASE {}", self.name)))
            .execute(&self.admin)
            .await
            .expect("drop database");
        self.admin.close().await;
    }
}

/// Applies every PostgreSQL migration in order, each in its own transaction (PostgreSQL's DDL
/// is transactional: a failing migration leaves nothing behind).
async fn migrate(pool: &PgPool) {
    for (name, sql) in POSTGRES_MIGRATIONS {
        let mut tx = pool.begin().await.expect("begin");
        sqlx::raw_sql(AssertSqlSafe(*sql))
            .execute(&mut *tx)
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL migration {name} failed: {e}"));
        tx.commit().await.expect("commit");
    }
}

// ---------------------------------------------------------------------------------------------
// The same numbered files
// ---------------------------------------------------------------------------------------------

fn sql_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".sql"))
        .collect();
    names.sort();
    names
}

#[test]
fn postgres_migrations_have_the_numbers_and_names_of_sqlites() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let sqlite = sql_files(&root);
    let postgres = sql_files(&root.join("postgres"));
    assert!(sqlite.len() >= 24, "{sqlite:?}");
    assert_eq!(postgres, sqlite, "server/migrations/postgres/ mirrors server/migrations/");
    for (i, name) in sqlite.iter().enumerate() {
        assert!(name.starts_with(&format!("{:04}_", i + 1)), "numbered without gaps: {name}");
    }
    let compiled: Vec<String> = POSTGRES_MIGRATIONS.iter().map(|(n, _)| format!("{n}.sql")).collect();
    assert_eq!(compiled, postgres, "db::POSTGRES_MIGRATIONS lists every file, in order");
    for ((name, sql), file) in POSTGRES_MIGRATIONS.iter().zip(&postgres) {
        let on_disk = std::fs::read_to_string(root.join("postgres").join(file)).expect("read");
        assert_eq!(*sql, on_disk, "{name}");
        for sqlite_only in ["AUTOINCREMENT", "WITHOUT ROWID", "VIRTUAL TABLE", "PRAGMA", "INSERT OR", "instr("] {
            let code: String = sql.lines().map(|l| l.split("--").next().unwrap_or("")).collect();
            assert!(!code.contains(sqlite_only), "{name} still has SQLite's {sqlite_only}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// One SQL text for both: placeholders
// ---------------------------------------------------------------------------------------------

/// What the incremental port relies on (docs/postgres.md): sqlx's SQLite driver binds `$N` to the
/// N-th argument, as PostgreSQL does, so one text with `$1`… serves both databases; it opens
/// the server's migrated file beside rusqlite (the same libsqlite3-sys, FTS5 included). rusqlite
/// does not: SQLite numbers `$NAME` parameters in order of first appearance, so a text whose
/// `$2` comes before `$1` binds them the other way round; rusqlite needs `?N`, which PostgreSQL
/// does not accept.
#[tokio::test]
async fn one_sql_text_serves_sqlx_on_both_but_not_rusqlite() {
    use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("shared.db");
    let lite = db::open_db(&path).expect("migrated by rusqlite");
    lite.with_conn(|c| {
        let tx = c.transaction().expect("begin");
        db::insert_article(&tx, &articles()[0]).expect("insert");
        tx.commit().expect("commit");
    });
    let swapped: String = lite
        .with_conn(|c| c.query_row("SELECT $2 || $1", ["a", "b"], |r| r.get(0)))
        .expect("rusqlite");
    assert_eq!(swapped, "ab", "rusqlite binds $2 first: by appearance, not by number");
    let numbered: String = lite
        .with_conn(|c| c.query_row("SELECT ?2 || ?1", ["a", "b"], |r| r.get(0)))
        .expect("rusqlite");
    assert_eq!(numbered, "ba");

    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(SqliteConnectOptions::new().filename(&path))
        .await
        .expect("sqlx opens the server's file");
    let text: String = sqlx::query_scalar("SELECT $2 || $1").bind("a").bind("b").fetch_one(&pool).await.expect("sqlx");
    assert_eq!(text, "ba", "sqlx binds $N by number on SQLite");
    let twice: i64 = sqlx::query_scalar("SELECT $1 + $1 * $2").bind(2_i64).bind(10_i64).fetch_one(&pool).await.expect("sqlx");
    assert_eq!(twice, 22);
    let expr = search::match_expression("人大").expect("searchable");
    let found: Vec<String> = sqlx::query_scalar(
        "SELECT a.id FROM articles a WHERE a.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH $1)",
    )
    .bind(expr)
    .fetch_all(&pool)
    .await
    .expect("FTS5 through sqlx");
    assert_eq!(found, ["a_1"]);
    let version: i64 = sqlx::query_scalar("PRAGMA user_version").fetch_one(&pool).await.expect("version");
    assert_eq!(version, POSTGRES_MIGRATIONS.len() as i64, "the same schema version");
    pool.close().await;

    if let Some(url) = postgres_url("one_sql_text_serves_sqlx_on_both_but_not_rusqlite") {
        let fresh = fresh_database(&url, "params").await;
        let text: String = sqlx::query_scalar("SELECT $2 || $1").bind("a").bind("b").fetch_one(&fresh.pool).await.expect("pg");
        assert_eq!(text, "ba");
        fresh.drop_db().await;
    }
}

// ---------------------------------------------------------------------------------------------
// Schema parity
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Column {
    name: String,
    /// SQLite's words: integer, text, real, blob
    ty: String,
    not_null: bool,
    /// the DEFAULT as written, without PostgreSQL's casts (`'[]'::text` → `'[]'`)
    default: Option<String>,
}

#[derive(Debug, Default)]
struct Schema {
    tables: BTreeMap<String, Vec<Column>>,
    /// (table, columns, the index's name when it is partial)
    unique: BTreeSet<(String, Vec<String>, Option<String>)>,
    /// indexes made by CREATE INDEX: (name, table, columns, unique, partial)
    indexes: BTreeSet<(String, String, Vec<String>, bool, bool)>,
    /// (table, columns, referenced table, referenced columns)
    foreign_keys: BTreeSet<(String, Vec<String>, String, Vec<String>)>,
    /// (table, trigger)
    triggers: BTreeSet<(String, String)>,
    /// CHECK constraints per table (their text differs: only how many)
    checks: BTreeMap<String, usize>,
}

fn sqlite_schema() -> Schema {
    let db = db::open_db(Path::new(":memory:")).expect("SQLite in memory, migrated");
    db.with_conn(|c| {
        let mut s = Schema::default();
        let strings = |sql: &str, arg: &str| -> Vec<Vec<Option<String>>> {
            let mut stmt = c.prepare(sql).expect(sql);
            let n = stmt.column_count();
            stmt.query_map([arg], |r| (0..n).map(|i| r.get::<_, Option<String>>(i)).collect())
                .expect(sql)
                .collect::<Result<_, _>>()
                .expect(sql)
        };
        let virtual_tables: Vec<String> = strings(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%' AND ?1 = ?1",
            "",
        )
        .into_iter()
        .map(|r| r[0].clone().expect("name"))
        .collect();
        let tables: Vec<String> = strings(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND ?1 = ?1 ORDER BY name",
            "",
        )
        .into_iter()
        .map(|r| r[0].clone().expect("name"))
        // FTS5's shadow tables (articles_fts_data, …) are its storage, not the schema
        .filter(|t| !virtual_tables.iter().any(|v| t.starts_with(&format!("{v}_"))))
        .collect();
        for t in &tables {
            let is_virtual = virtual_tables.contains(t);
            let mut stmt = c
                .prepare("SELECT name, type, \"notnull\", pk, dflt_value FROM pragma_table_info(?1) ORDER BY cid")
                .expect("table_info");
            let cols: Vec<(String, String, bool, i64, Option<String>)> = stmt
                .query_map([t], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
                .expect("table_info")
                .collect::<Result<_, _>>()
                .expect("table_info");
            let mut pk: Vec<(i64, String)> = Vec::new();
            let columns = cols
                .into_iter()
                .map(|(name, ty, not_null, k, default)| {
                    if k > 0 {
                        pk.push((k, name.clone()));
                    }
                    Column {
                        name,
                        // FTS5's columns have no type; the server writes text, never NULL
                        ty: if is_virtual { "text".into() } else { ty.to_lowercase() },
                        // a PRIMARY KEY column is never NULL in practice (SQLite's pragma says 0
                        // for INTEGER PRIMARY KEY and allows NULL in TEXT ones, a legacy quirk)
                        not_null: not_null || k > 0 || is_virtual,
                        default,
                    }
                })
                .collect();
            s.tables.insert(t.clone(), columns);
            if !pk.is_empty() {
                pk.sort();
                s.unique.insert((t.clone(), pk.into_iter().map(|(_, n)| n).collect(), None));
            }
            let mut stmt = c
                .prepare("SELECT name, \"unique\", origin, partial FROM pragma_index_list(?1)")
                .expect("index_list");
            let idx: Vec<(String, bool, String, bool)> = stmt
                .query_map([t], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .expect("index_list")
                .collect::<Result<_, _>>()
                .expect("index_list");
            for (name, unique, origin, partial) in idx {
                let mut stmt = c
                    .prepare("SELECT name FROM pragma_index_info(?1) ORDER BY seqno")
                    .expect("index_info");
                let cols: Vec<String> = stmt
                    .query_map([&name], |r| r.get::<_, Option<String>>(0))
                    .expect("index_info")
                    .map(|n| n.expect("index_info").unwrap_or_else(|| "<expression>".into()))
                    .collect();
                if unique {
                    s.unique.insert((t.clone(), cols.clone(), partial.then(|| name.clone())));
                }
                if origin == "c" {
                    s.indexes.insert((name, t.clone(), cols, unique, partial));
                }
            }
            let mut stmt = c
                .prepare("SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?1) ORDER BY id, seq")
                .expect("foreign_key_list");
            let fks: Vec<(i64, String, String, Option<String>)> = stmt
                .query_map([t], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .expect("foreign_key_list")
                .collect::<Result<_, _>>()
                .expect("foreign_key_list");
            let mut by_id: BTreeMap<i64, (String, Vec<String>, Vec<String>)> = BTreeMap::new();
            for (id, to_table, from, to) in fks {
                let e = by_id.entry(id).or_insert_with(|| (to_table, Vec::new(), Vec::new()));
                e.1.push(from);
                e.2.push(to.expect("every REFERENCES names its columns"));
            }
            for (_, (to_table, from, to)) in by_id {
                s.foreign_keys.insert((t.clone(), from, to_table, to));
            }
        }
        for r in strings("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND ?1 = ?1", "") {
            let name = r[0].clone().expect("name");
            if s.tables.contains_key(&name) {
                let code: String = r[1].clone().unwrap_or_default().lines().map(|l| l.split("--").next().unwrap_or("")).collect();
                let n = code.matches("CHECK (").count() + code.matches("CHECK(").count();
                if n > 0 {
                    s.checks.insert(name, n);
                }
            }
        }
        for r in strings("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger' AND ?1 = ?1", "") {
            s.triggers.insert((r[0].clone().expect("table"), r[1].clone().expect("name")));
        }
        s
    })
}

/// PostgreSQL's types in SQLite's words (the mapping of docs/postgres.md).
fn sqlite_word(pg_type: &str) -> String {
    match pg_type {
        "bigint" => "integer".into(),
        "text" => "text".into(),
        "double precision" => "real".into(),
        "bytea" => "blob".into(),
        other => format!("<{other}>"),
    }
}

async fn postgres_schema(pool: &PgPool) -> Schema {
    let mut s = Schema::default();
    let rows = sqlx::query(
        "SELECT c.table_name::text, c.column_name::text, c.data_type::text, c.is_nullable = 'NO',
                c.column_default::text
         FROM information_schema.columns c
         JOIN information_schema.tables t USING (table_schema, table_name)
         WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
         ORDER BY c.table_name, c.ordinal_position",
    )
    .fetch_all(pool)
    .await
    .expect("columns");
    for r in rows {
        let (table, name, ty, not_null, default): (String, String, String, bool, Option<String>) =
            (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4));
        let default = default.map(|d| {
            let mut d = d.as_str();
            for cast in ["::text", "::bigint", "::double precision"] {
                d = d.strip_suffix(cast).unwrap_or(d);
            }
            d.to_string()
        });
        if PG_ONLY_COLUMNS.contains(&(table.as_str(), name.as_str())) {
            continue;
        }
        s.tables.entry(table).or_default().push(Column { name, ty: sqlite_word(&ty), not_null, default });
    }
    // every index, with its columns in order (0 in indkey: an expression)
    let rows = sqlx::query(
        "SELECT t.relname::text, i.relname::text, x.indisunique, x.indpred IS NOT NULL,
                EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid),
                array(SELECT coalesce(a.attname::text, '<expression>')
                      FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, n)
                      LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
                      ORDER BY k.n)
         FROM pg_index x
         JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_namespace ns ON ns.oid = t.relnamespace
         WHERE ns.nspname = 'public'",
    )
    .fetch_all(pool)
    .await
    .expect("indexes");
    for r in rows {
        let (table, name, unique, partial, of_constraint, cols): (String, String, bool, bool, bool, Vec<String>) =
            (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5));
        if PG_ONLY_INDEXES.contains(&name.as_str()) {
            continue;
        }
        if unique && !PG_ONLY_UNIQUE.iter().any(|(t, c)| *t == table && cols == *c) {
            s.unique.insert((table.clone(), cols.clone(), partial.then(|| name.clone())));
        }
        if !of_constraint {
            s.indexes.insert((name, table, cols, unique, partial));
        }
    }
    let rows = sqlx::query(
        "SELECT t.relname::text, r.relname::text,
                array(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY AS u(attnum, n)
                      JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.n),
                array(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY AS u(attnum, n)
                      JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum ORDER BY u.n)
         FROM pg_constraint k
         JOIN pg_class t ON t.oid = k.conrelid
         JOIN pg_class r ON r.oid = k.confrelid
         JOIN pg_namespace ns ON ns.oid = t.relnamespace
         WHERE k.contype = 'f' AND ns.nspname = 'public'",
    )
    .fetch_all(pool)
    .await
    .expect("foreign keys");
    for r in rows {
        let (table, to_table, from, to): (String, String, Vec<String>, Vec<String>) = (r.get(0), r.get(1), r.get(2), r.get(3));
        if PG_ONLY_FOREIGN_KEYS.iter().any(|(t, c)| *t == table && from == *c) {
            continue;
        }
        s.foreign_keys.insert((table, from, to_table, to));
    }
    let rows = sqlx::query(
        "SELECT t.relname::text, COUNT(*) FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid
         JOIN pg_namespace ns ON ns.oid = t.relnamespace
         WHERE k.contype = 'c' AND ns.nspname = 'public' GROUP BY t.relname",
    )
    .fetch_all(pool)
    .await
    .expect("checks");
    for r in rows {
        let (table, n): (String, i64) = (r.get(0), r.get(1));
        s.checks.insert(table, n as usize);
    }
    let rows = sqlx::query(
        "SELECT c.relname::text, g.tgname::text FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
         JOIN pg_namespace ns ON ns.oid = c.relnamespace
         WHERE NOT g.tgisinternal AND ns.nspname = 'public'",
    )
    .fetch_all(pool)
    .await
    .expect("triggers");
    for r in rows {
        let (table, name): (String, String) = (r.get(0), r.get(1));
        if !PG_ONLY_TRIGGERS.contains(&name.as_str()) {
            s.triggers.insert((table, name));
        }
    }
    s
}

/// Panics with what is only on one side, if anything.
fn same<T: Ord + std::fmt::Debug + Clone>(what: &str, sqlite: &BTreeSet<T>, postgres: &BTreeSet<T>, problems: &mut Vec<String>) {
    for x in sqlite.difference(postgres) {
        problems.push(format!("{what} only in SQLite: {x:?}"));
    }
    for x in postgres.difference(sqlite) {
        problems.push(format!("{what} only in PostgreSQL: {x:?}"));
    }
}

#[tokio::test]
async fn postgres_migrations_give_sqlites_schema() {
    let Some(url) = postgres_url("postgres_migrations_give_sqlites_schema") else {
        return;
    };
    let lite = sqlite_schema();
    let fresh = fresh_database(&url, "parity").await;
    migrate(&fresh.pool).await;
    let pg = postgres_schema(&fresh.pool).await;

    // not vacuous: the schema of 24 migrations
    assert!(lite.tables.len() >= 60, "{} tables", lite.tables.len());
    assert!(lite.unique.len() >= 70 && lite.indexes.len() >= 40 && lite.foreign_keys.len() >= 60,
        "{} unique keys, {} indexes, {} foreign keys", lite.unique.len(), lite.indexes.len(), lite.foreign_keys.len());
    let mut problems = Vec::new();
    let names = |s: &Schema| s.tables.keys().cloned().collect::<BTreeSet<_>>();
    same("table", &names(&lite), &names(&pg), &mut problems);
    for (table, cols) in &lite.tables {
        if let Some(pg_cols) = pg.tables.get(table) {
            if cols != pg_cols {
                problems.push(format!("columns of {table}:\n  SQLite     {cols:?}\n  PostgreSQL {pg_cols:?}"));
            }
        }
    }
    same("unique key", &lite.unique, &pg.unique, &mut problems);
    same("index", &lite.indexes, &pg.indexes, &mut problems);
    same("foreign key", &lite.foreign_keys, &pg.foreign_keys, &mut problems);
    same("trigger", &lite.triggers, &pg.triggers, &mut problems);
    let checks = |s: &Schema| s.checks.iter().map(|(t, n)| (t.clone(), *n)).collect::<BTreeSet<_>>();
    same("CHECK count", &checks(&lite), &checks(&pg), &mut problems);
    assert!(lite.checks.values().sum::<usize>() >= 40, "{:?}", lite.checks);
    let defaults = lite.tables.values().flatten().filter(|c| c.default.is_some()).count();
    assert!(defaults >= 30, "{defaults} columns with a DEFAULT");
    fresh.drop_db().await;
    assert!(problems.is_empty(), "the PostgreSQL schema differs from SQLite's:\n{}", problems.join("\n"));
    eprintln!(
        "schema parity: {} tables, {} columns ({defaults} with a DEFAULT), {} unique keys, {} indexes, {} foreign keys, {} triggers, {} CHECKs",
        lite.tables.len(),
        lite.tables.values().map(Vec::len).sum::<usize>(),
        lite.unique.len(),
        lite.indexes.len(),
        lite.foreign_keys.len(),
        lite.triggers.len(),
        lite.checks.values().sum::<usize>()
    );
}

/// What the translated constraints do: the same as SQLite's.
#[tokio::test]
async fn postgres_constraints_behave_as_sqlites() {
    let Some(url) = postgres_url("postgres_constraints_behave_as_sqlites") else {
        return;
    };
    let fresh = fresh_database(&url, "rules").await;
    migrate(&fresh.pool).await;
    let p = &fresh.pool;
    let run = |sql: &'static str| sqlx::raw_sql(sql).execute(p);
    run("INSERT INTO users (id, phone, display_name, created_at) VALUES ('u_1', '13800000001', '王', 0);
         INSERT INTO stations (id, name, address, reception_hours) VALUES ('st_1', '站', '', '');
         INSERT INTO deputies (id, code, name, title, constituency) VALUES ('dp_1', 'AbC7', '陈', '代表', '一选区');")
        .await
        .expect("rows");
    // migration 1 seeded nothing, migration 3 the message categories
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM message_categories").fetch_one(p).await.expect("count");
    assert_eq!(n, 8);
    // COLLATE NOCASE: found and unique whatever the case
    let id: String = sqlx::query_scalar("SELECT id FROM deputies WHERE code = $1").bind("abc7").fetch_one(p).await.expect("by code");
    assert_eq!(id, "dp_1");
    assert!(run("INSERT INTO deputies (id, code, name, title, constituency) VALUES ('dp_2', 'ABC7', '李', '代表', '二选区')")
        .await
        .is_err());
    // migration 5: a station is a recipient, a mayor is not
    let message = "INSERT INTO messages (id, author_id, recipient_kind, recipient_id, category_id, title, body, \
                   status, created_at, updated_at, stage_at) VALUES ($1, 'u_1', $2, 'st_1', 'mc_other', '路灯', '坏了', 'submitted', 1, 1, 1)";
    sqlx::query(message).bind("m_1").bind("station").execute(p).await.expect("a station is a recipient");
    assert!(sqlx::query(message).bind("m_2").bind("mayor").execute(p).await.is_err());
    // identity columns number rows as SQLite's rowid does when none is given
    let seq: i64 = sqlx::query_scalar("SELECT seq FROM messages WHERE id = 'm_1'").fetch_one(p).await.expect("seq");
    assert_eq!(seq, 1);
    // the points ledger is append-only
    run("INSERT INTO points_ledger (user_id, action, reference, points, title, day, at) VALUES ('u_1', 'visit', 'd1', 1, '访问', 1, 1)")
        .await
        .expect("append");
    for refused in ["UPDATE points_ledger SET points = 9", "DELETE FROM points_ledger", "TRUNCATE points_ledger"] {
        let err = sqlx::raw_sql(refused).execute(p).await.expect_err(refused);
        assert!(err.to_string().contains("append-only"), "{refused}: {err}");
    }
    // the same thing never pays twice; ON CONFLICT DO NOTHING (valid SQLite too) skips it
    let twice = "INSERT INTO points_ledger (user_id, action, reference, points, title, day, at) \
                 VALUES ('u_1', 'visit', 'd1', 1, '访问', 1, 2) ON CONFLICT DO NOTHING";
    assert_eq!(sqlx::query(twice).execute(p).await.expect("ignored").rows_affected(), 0);
    // a partial unique index: one course certificate per user and course
    run("INSERT INTO courses (id, title, level, track, summary, created_at) VALUES ('c_1', '课', 'basic', 'digital', '', 0);
         INSERT INTO certificates (code, user_id, kind, course_id, title, issued_at) VALUES ('x1', 'u_1', 'course', 'c_1', '证', 0);")
        .await
        .expect("certificate");
    assert!(run("INSERT INTO certificates (code, user_id, kind, course_id, title, issued_at) VALUES ('x2', 'u_1', 'course', 'c_1', '证', 0)")
        .await
        .is_err());
    fresh.drop_db().await;
}

/// Migration 8 moves staff's text after "办理。" out of `triaged` entries (SQLite's `instr`,
/// PostgreSQL's `strpos`): the same rows before it give the same rows after it on both.
#[tokio::test]
async fn migration_8_moves_the_same_notes_on_both() {
    let Some(url) = postgres_url("migration_8_moves_the_same_notes_on_both") else {
        return;
    };
    let rows = "INSERT INTO users (id, phone, display_name, created_at) VALUES ('u_1', '13800000001', '王', 0);
        INSERT INTO messages (id, author_id, recipient_kind, recipient_id, category_id, title, body,
            status, created_at, updated_at, stage_at)
            VALUES ('m_1', 'u_1', 'deputy', 'dp_1', 'mc_other', '路灯', '坏了', 'submitted', 1, 1, 1);
        INSERT INTO message_timeline (id, message_id, at, kind, actor_role, actor_name, note) VALUES
            ('t_1', 'm_1', 1, 'triaged', 'staff', '李', '民生小事，交由陈志强办理。请周五前答复'),
            ('t_2', 'm_1', 2, 'triaged', 'staff', '李', '民生小事，交由陈志强办理。'),
            ('t_3', 'm_1', 3, 'triaged', 'staff', '李', '民生小事，交由陈志强办理。x'),
            ('t_4', 'm_1', 4, 'triaged', 'staff', '李', '转交住建局'),
            ('t_5', 'm_1', 5, 'replied', 'deputy', '陈', '已经办理。谢谢');";
    let read = "SELECT id, kind, coalesce(note, '<null>') FROM message_timeline ORDER BY id";
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let files = sql_files(&dir);

    let mut lite = rusqlite::Connection::open_in_memory().expect("SQLite");
    for f in &files[..7] {
        lite.execute_batch(&std::fs::read_to_string(dir.join(f)).expect("read")).expect(f);
    }
    lite.execute_batch(rows).expect("rows");
    let tx = lite.transaction().expect("begin");
    tx.execute_batch(&std::fs::read_to_string(dir.join(&files[7])).expect("read")).expect("migration 8");
    tx.commit().expect("commit");
    let expected: Vec<(String, String, String)> = {
        let mut stmt = lite.prepare(read).expect("read");
        stmt.query_map((), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("read")
            .collect::<Result<_, _>>()
            .expect("read")
    };
    assert_eq!(expected.len(), 7, "two notes moved: {expected:?}");
    let note = |id: &str| expected.iter().find(|r| r.0 == id).map(|r| r.2.clone());
    assert_eq!(note("t_1").as_deref(), Some("民生小事，交由陈志强办理"), "as SQLite's migration cuts it");
    assert_eq!(note("t_1_note").as_deref(), Some("请周五前答复"));
    assert_eq!(note("t_3_note").as_deref(), Some("x"));

    let fresh = fresh_database(&url, "notes").await;
    for (name, sql) in &POSTGRES_MIGRATIONS[..7] {
        sqlx::raw_sql(AssertSqlSafe(*sql)).execute(&fresh.pool).await.unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    sqlx::raw_sql(rows).execute(&fresh.pool).await.expect("rows");
    sqlx::raw_sql(AssertSqlSafe(POSTGRES_MIGRATIONS[7].1)).execute(&fresh.pool).await.expect("migration 8");
    let got: Vec<(String, String, String)> = sqlx::query_as(read).fetch_all(&fresh.pool).await.expect("read");
    fresh.drop_db().await;
    assert_eq!(got, expected);
}

// ---------------------------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------------------------

/// Articles whose texts put characters side by side, apart across punctuation and blocks, and
/// Latin words and numbers among them.
fn articles() -> Vec<NewArticle> {
    let rows: [(&str, &str, &str, &[&str]); 6] = [
        ("a_1", "人大代表走进联络站", "数字人大 App 2024年上线", &["代表们听取了村民的意见。", "路灯，修好了"]),
        ("a_2", "人大，代表", "大代会召开", &["人民代表大会制度"]),
        ("a_3", "村口路灯不亮", "LED 灯已更换", &["经过多方协调，龙湾村装上了太阳能路灯。"]),
        ("a_4", "Ledger 与 app", "appstore 上架", &["2023年的计划"]),
        ("a_5", "联络站接待日", "每月十五日", &["代表 接待 选民", "人\n大"]),
        ("a_6", "垃圾分类", "环境卫生整治", &["清理河道、垃圾"]),
    ];
    rows.iter()
        .enumerate()
        .map(|(i, (id, title, summary, body))| NewArticle {
            id: (*id).into(),
            kind: ArticleKind::News,
            category_id: None,
            title: (*title).into(),
            summary: (*summary).into(),
            cover: None,
            author: None,
            source: None,
            published_at: 1_700_000_000 + 1000 * i as i64,
            updated_at: None,
            view_count: 0,
            body: body.iter().map(|t| Block::Paragraph { text: (*t).into() }).collect(),
        })
        .collect()
}

/// Every 1- and 2-character query the rows' texts give (side by side, and across punctuation),
/// characters that are not there, pairs across a comma or a block, and some longer ones.
fn queries(rows: &[NewArticle]) -> Vec<String> {
    let mut qs: BTreeSet<String> = BTreeSet::new();
    for a in rows {
        let mut texts = vec![a.title.clone(), a.summary.clone()];
        for b in &a.body {
            if let Block::Paragraph { text } = b {
                texts.push(text.clone());
            }
        }
        let all: Vec<char> = texts.join("").chars().collect();
        for w in all.windows(2) {
            qs.insert(w[0].to_string());
            qs.insert(w.iter().collect());
        }
    }
    for q in [
        "水", "水库", "大代", "灯修", "表路", "人大 代表", "代表，路灯", "app", "App", "ap", "led",
        "LED灯", "2024", "202", "2024年", "数字人大App", "代表大会", "人民代表大会", "大会制度",
        "走进联络站", "联络站 接待", "接待选民", "，", "\"人大\" OR *",
    ] {
        qs.insert(q.into());
    }
    qs.into_iter().filter(|q| !q.trim().is_empty()).collect()
}

#[tokio::test]
async fn postgres_search_finds_what_sqlite_finds() {
    let Some(url) = postgres_url("postgres_search_finds_what_sqlite_finds") else {
        return;
    };
    let rows = articles();
    let queries = queries(&rows);

    // SQLite: the server's own insert and list
    let lite = db::open_db(Path::new(":memory:")).expect("SQLite");
    lite.with_conn(|c| {
        let tx = c.transaction().expect("begin");
        for a in &rows {
            db::insert_article(&tx, a).expect("insert");
        }
        tx.commit().expect("commit");
    });

    // PostgreSQL: the same rows, and the same text in articles_fts (the statement SQLite's
    // insert_article uses, with $n)
    let fresh = fresh_database(&url, "search").await;
    migrate(&fresh.pool).await;
    let p = &fresh.pool;
    for a in &rows {
        let seq: i64 = sqlx::query_scalar(
            "INSERT INTO articles (id, kind, category_id, title, summary, published_at, body_json)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING seq",
        )
        .bind(&a.id)
        .bind(a.kind.as_str())
        .bind(&a.category_id)
        .bind(&a.title)
        .bind(&a.summary)
        .bind(a.published_at)
        .bind(serde_json::to_string(&a.body).expect("json"))
        .fetch_one(p)
        .await
        .expect("article");
        let body: Vec<&str> = a
            .body
            .iter()
            .map(|b| match b {
                Block::Paragraph { text } => text.as_str(),
                _ => "",
            })
            .collect();
        sqlx::query("INSERT INTO articles_fts (rowid, title, summary, body) VALUES ($1, $2, $3, $4)")
            .bind(seq)
            .bind(search::index_text([a.title.as_str()]))
            .bind(search::index_text([a.summary.as_str()]))
            .bind(search::index_text(body))
            .execute(p)
            .await
            .expect("index");
    }

    let mut compared = 0;
    let (mut short, mut found_short, mut empty_short) = (0, 0, 0);
    for q in &queries {
        let filter = ArticleFilter {
            kind: None,
            category: None,
            search: search::match_expression(q),
            pg_search: search::pg_search(q),
            phrases: search::phrases(q),
            relevance: false,
            after: None,
            ranked_after: None,
            limit: 100,
        };
        let expected: Vec<String> = match &filter.search {
            None => Vec::new(), // nothing searchable: the route answers with nothing
            Some(_) => {
                let f = filter.clone();
                let (found, _) = lite.read(move |c| db::list_articles(c, &f)).await.expect("SQLite search");
                found.into_iter().map(|a| a.id).collect()
            }
        };
        let got: Vec<String> = match search::pg_search(q) {
            None => Vec::new(),
            Some(s) => {
                let sql = format!(
                    "SELECT a.id FROM articles a WHERE a.seq IN (SELECT rowid FROM articles_fts WHERE {})
                     ORDER BY a.published_at DESC, a.id DESC",
                    s.condition(1)
                );
                let mut query = sqlx::query_scalar(AssertSqlSafe(sql)).bind(s.terms.clone());
                for pattern in &s.patterns {
                    query = query.bind(pattern.clone());
                }
                query.fetch_all(p).await.unwrap_or_else(|e| panic!("PostgreSQL search {q:?}: {e}"))
            }
        };
        assert_eq!(got, expected, "query {q:?}: PostgreSQL found {got:?}, SQLite {expected:?}");
        compared += 1;
        let searchable: usize = q.chars().filter(|c| search::is_cjk(*c)).count();
        if (1..=2).contains(&searchable) && searchable == q.chars().count() {
            short += 1;
            if expected.is_empty() {
                empty_short += 1;
            } else {
                found_short += 1;
            }
        }
    }
    // not vacuous: many short Chinese queries, most finding something, some finding nothing
    assert!(short >= 100 && found_short >= 80 && empty_short >= 3, "{short} short queries, {found_short} found, {empty_short} empty");

    // the terms' GIN index answers such a query (when the planner is told to prefer it)
    let mut tx = p.begin().await.expect("begin");
    sqlx::raw_sql("SET LOCAL enable_seqscan = off").execute(&mut *tx).await.expect("set");
    let plan: Vec<String> = sqlx::query_scalar("EXPLAIN SELECT rowid FROM articles_fts WHERE terms @> $1::text[]")
        .bind(vec!["人 大".to_string()])
        .fetch_all(&mut *tx)
        .await
        .expect("explain");
    tx.rollback().await.expect("rollback");
    assert!(plan.iter().any(|l| l.contains("articles_fts_terms")), "{plan:#?}");
    fresh.drop_db().await;
    eprintln!("search: {compared} queries, the same articles on both ({short} of 1-2 Chinese characters: {found_short} found something, {empty_short} nothing)");
}

// ---------------------------------------------------------------------------------------------
// The leases of the periodic jobs (server/src/jobs.rs, migration 25)
// ---------------------------------------------------------------------------------------------

/// The statement that takes or renews a job's lease works on PostgreSQL as on SQLite: one of
/// several instances asking at the same moment gets a free lease; then it follows
/// [`server::jobs::may_take`] step by step. (The text is the server's, with `$N` for `?N`.)
#[tokio::test]
async fn postgres_takes_a_lease_as_sqlite_does() {
    use server::jobs::{lease_secs, may_take, Lease, DEADLINE_SWEEP, TAKE_SQL};
    let Some(url) = postgres_url("postgres_takes_a_lease_as_sqlite_does") else { return };
    let fresh = fresh_database(&url, "leases").await;
    migrate(&fresh.pool).await;
    let sql = TAKE_SQL.replace("?1", "$1").replace("?2", "$2").replace("?3", "$3").replace("?4", "$4");
    let job = DEADLINE_SWEEP;
    let take = |pool: PgPool, me: String, now: i64| {
        let sql = sql.clone();
        async move {
            let until = now + lease_secs(job.interval_secs);
            sqlx::query(AssertSqlSafe(sql))
                .bind(job.name)
                .bind(me)
                .bind(until)
                .bind(now)
                .execute(&pool)
                .await
                .expect("take")
                .rows_affected()
                == 1
        }
    };
    let lease = |pool: PgPool| async move {
        sqlx::query("SELECT holder, lease_until FROM job_leases WHERE job = $1")
            .bind(job.name)
            .fetch_optional(&pool)
            .await
            .expect("lease")
            .map(|r| Lease { holder: r.get(0), lease_until: r.get(1) })
    };
    // eight instances at once, on two connections: one gets it
    let now = 1_000_i64;
    let tasks: Vec<_> = (0..8).map(|i| tokio::spawn(take(fresh.pool.clone(), format!("i{i}"), now))).collect();
    let mut won = Vec::new();
    for (i, t) in tasks.into_iter().enumerate() {
        if t.await.expect("task") {
            won.push(format!("i{i}"));
        }
    }
    assert_eq!(won.len(), 1, "{won:?}");
    assert_eq!(lease(fresh.pool.clone()).await.map(|l| l.holder), Some(won[0].clone()));
    // then, step by step, the rule
    let mut now = now;
    for step in 0..12 {
        let me = if step % 3 == 0 { "i1".to_owned() } else { won[0].clone() };
        let before = lease(fresh.pool.clone()).await;
        let expected = may_take(before.as_ref(), &me, now);
        assert_eq!(take(fresh.pool.clone(), me.clone(), now).await, expected, "step {step}");
        let after = lease(fresh.pool.clone()).await.expect("a row");
        if expected {
            assert_eq!(after, Lease { holder: me, lease_until: now + lease_secs(job.interval_secs) });
        } else {
            assert_eq!(Some(after), before);
        }
        now += 40;
    }
    fresh.drop_db().await;
}
