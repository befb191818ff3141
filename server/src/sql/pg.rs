//! A PostgreSQL connection with a synchronous face, for [`super::Connection::Pg`].
//!
//! The server's database closures run on tokio's blocking threads ([`crate::db::Db::call`]), so
//! each connection owns a current-thread runtime and runs sqlx's futures to completion on it
//! (as the `postgres` crate does over `tokio-postgres`). The connection never leaves that
//! runtime: it was opened on it, and only its `block_on` drives it.
//!
//! A session that breaks (PostgreSQL restarted, a failover to the standby, the network) is
//! opened again at its next use outside a transaction: the call that found it broken fails, the
//! next one gets a new session (with the same setup, e.g. a reader's `READ ONLY`). Inside a
//! transaction it is not: the statements after the break would run outside the transaction
//! they belong to, so every call fails until it ends (its `COMMIT` fails too: nothing of it was
//! kept).
//!
//! Errors become rusqlite's [`Error`]: no row is `QueryReturnedNoRows`; a violated constraint is
//! `SqliteFailure` with SQLite's extended constraint code (unique, foreign key, check, not null),
//! so the code that tells a duplicate from a failure reads the same on both; anything else is a
//! `SqliteFailure` with the generic code and PostgreSQL's message.

use std::cell::{Cell, RefCell, RefMut};
use std::collections::HashMap;
use std::sync::Arc;

use sqlx::postgres::{PgArguments, PgConnectOptions, PgRow};
use sqlx::{AssertSqlSafe, ConnectOptions as _, Executor as _, SqlSafeStr as _};

use super::value::{PgArg, ToCol};
use super::{Error, Result};

/// Translated SQL texts kept per session at most (the server has a few hundred).
const TEXTS_KEPT: usize = 2_000;

/// One PostgreSQL session and the runtime it runs on.
pub struct PgConn {
    // (dropped before the runtime it was opened on)
    conn: RefCell<sqlx::PgConnection>,
    /// (an `Option` to shut it down without blocking in [`Drop`]: a server may drop its
    /// database on a thread of its own runtime, where a runtime may not wait for its threads)
    rt: Option<tokio::runtime::Runtime>,
    /// SQL texts with `?N` turned into `$N`, by the text the caller gave.
    texts: RefCell<HashMap<String, Arc<str>>>,
    /// How to open the session again, and what to run on a new one.
    options: PgConnectOptions,
    setup: Option<String>,
    /// The session broke (an I/O error, or PostgreSQL ended it): opened again at the next call
    /// outside a transaction.
    broken: Cell<bool>,
    /// A transaction is open (`BEGIN` sent, neither `COMMIT` nor `ROLLBACK` yet).
    in_tx: Cell<bool>,
}

/// Whether `e` says the session itself is gone (not just this statement failed): I/O, TLS or
/// protocol errors, and PostgreSQL's connection exceptions (SQLSTATE class 08) and operator
/// interventions that end sessions (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot
/// connect now, 57P05 idle session timeout).
fn breaks_session(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_) | sqlx::Error::Tls(_) | sqlx::Error::Protocol(_) | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(d) => d.code().is_some_and(|c| c.starts_with("08") || c.starts_with("57P")),
        _ => false,
    }
}

impl PgConn {
    /// Opens a session to `url` (`postgres://user:password@host:port/database`).
    pub fn connect(url: &str) -> std::result::Result<PgConn, String> {
        Self::connect_with(url, None)
    }

    /// [`PgConn::connect`], and runs `setup` (statements without parameters) on the session,
    /// and again on every session that replaces it.
    pub fn connect_with(url: &str, setup: Option<&str>) -> std::result::Result<PgConn, String> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start a runtime for PostgreSQL: {e}"))?;
        let options: PgConnectOptions = url
            .parse()
            .map_err(|e| format!("not a PostgreSQL URL ({e})"))?;
        // statements are logged by the server's own spans, not once more by sqlx
        let options = options.disable_statement_logging();
        let conn = rt
            .block_on(open(&options, setup))
            .map_err(|e| format!("cannot connect to PostgreSQL: {e}"))?;
        Ok(PgConn {
            conn: RefCell::new(conn),
            rt: Some(rt),
            texts: RefCell::new(HashMap::new()),
            options,
            setup: setup.map(str::to_owned),
            broken: Cell::new(false),
            in_tx: Cell::new(false),
        })
    }

    /// The session, opened again first if it broke and no transaction is open.
    fn session(&self) -> Result<RefMut<'_, sqlx::PgConnection>> {
        if self.broken.get() {
            if self.in_tx.get() {
                return Err(lost("the session to PostgreSQL was lost in a transaction"));
            }
            let fresh = self
                .rt()
                .block_on(open(&self.options, self.setup.as_deref()))
                .map_err(|e| lost(&format!("cannot connect to PostgreSQL again: {e}")))?;
            *self.conn.borrow_mut() = fresh;
            self.broken.set(false);
            tracing::info!("a session to PostgreSQL was opened again");
        }
        Ok(self.conn.borrow_mut())
    }

    /// Notes a session that broke with `e` (the next call outside a transaction opens another).
    fn failed(&self, e: sqlx::Error) -> sqlx::Error {
        if breaks_session(&e) && !self.broken.replace(true) {
            tracing::warn!("a session to PostgreSQL broke: {e}");
        }
        e
    }

    fn rt(&self) -> &tokio::runtime::Runtime {
        self.rt.as_ref().expect("the runtime lives as long as the connection")
    }

    /// The PostgreSQL text of `sql`, translated once per connection.
    pub(super) fn text(&self, sql: &str) -> Arc<str> {
        if let Some(t) = self.texts.borrow().get(sql) {
            return Arc::clone(t);
        }
        let t: Arc<str> = pg_text(sql).into();
        let mut texts = self.texts.borrow_mut();
        // (texts built at run time, a search's with its number of phrases, could add up)
        if texts.len() >= TEXTS_KEPT {
            texts.clear();
        }
        texts.insert(sql.to_string(), Arc::clone(&t));
        t
    }

    fn query<'q>(sql: &Arc<str>, args: &[&dyn ToCol]) -> Result<sqlx::query::Query<'q, sqlx::Postgres, PgArguments>> {
        let mut q = sqlx::query(AssertSqlSafe(Arc::clone(sql)));
        for (i, a) in args.iter().enumerate() {
            q = match a.to_pg().map_err(|e| Error::ToSqlConversionFailure(format!("parameter {}: {e}", i + 1).into()))? {
                PgArg::Int(v) => q.bind(v),
                PgArg::Real(v) => q.bind(v),
                PgArg::Text(v) => q.bind(v),
                PgArg::Blob(v) => q.bind(v),
            };
        }
        Ok(q)
    }

    pub(super) fn execute(&self, sql: &str, args: &[&dyn ToCol]) -> Result<usize> {
        self.execute_text(&self.text(sql), args)
    }

    pub(super) fn execute_text(&self, sql: &Arc<str>, args: &[&dyn ToCol]) -> Result<usize> {
        let q = Self::query(sql, args)?;
        let mut conn = self.session()?;
        let done = self.rt().block_on(q.execute(&mut *conn)).map_err(|e| error_in(self.failed(e), sql))?;
        Ok(done.rows_affected() as usize)
    }

    pub(super) fn fetch_optional(&self, sql: &str, args: &[&dyn ToCol]) -> Result<Option<PgRow>> {
        self.fetch_optional_text(&self.text(sql), args)
    }

    pub(super) fn fetch_optional_text(&self, sql: &Arc<str>, args: &[&dyn ToCol]) -> Result<Option<PgRow>> {
        let q = Self::query(sql, args)?;
        let mut conn = self.session()?;
        self.rt().block_on(q.fetch_optional(&mut *conn)).map_err(|e| error_in(self.failed(e), sql))
    }

    pub(super) fn fetch_all_text(&self, sql: &Arc<str>, args: &[&dyn ToCol]) -> Result<Vec<PgRow>> {
        let q = Self::query(sql, args)?;
        let mut conn = self.session()?;
        self.rt().block_on(q.fetch_all(&mut *conn)).map_err(|e| error_in(self.failed(e), sql))
    }

    /// How many columns `sql`'s rows have (0 if PostgreSQL cannot say).
    pub(super) fn column_count(&self, sql: &Arc<str>) -> usize {
        let Ok(mut conn) = self.session() else { return 0 };
        self.rt()
            .block_on((&mut *conn).prepare(AssertSqlSafe(Arc::clone(sql)).into_sql_str()))
            .map_err(|e| self.failed(e))
            .map_or(0, |s| sqlx::Statement::columns(&s).len())
    }

    /// Statements without parameters, several at once (the simple query protocol).
    pub(super) fn batch(&self, sql: &str) -> Result<()> {
        let mut conn = self.session()?;
        self.rt()
            .block_on((&mut *conn).execute(sqlx::raw_sql(AssertSqlSafe(sql.to_string()))))
            .map(|_| ())
            .map_err(|e| error(self.failed(e)))
    }

    /// `BEGIN` (`opens`), `COMMIT` or `ROLLBACK`, as [`super::Transaction`] sends them, noting
    /// whether a transaction is open: one that ended is over whatever the answer (a broken
    /// session's is gone with it).
    pub(super) fn boundary(&self, sql: &str, opens: bool) -> Result<()> {
        let result = self.batch(sql);
        self.in_tx.set(opens && result.is_ok());
        result
    }
}

/// A new session with `options`, and `setup` run on it.
async fn open(options: &PgConnectOptions, setup: Option<&str>) -> std::result::Result<sqlx::PgConnection, sqlx::Error> {
    let mut conn = options.connect().await?;
    if let Some(sql) = setup {
        conn.execute(sqlx::raw_sql(AssertSqlSafe(sql.to_string()))).await?;
    }
    Ok(conn)
}

/// The error of a call on a session that is gone.
fn lost(why: &str) -> Error {
    Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_IOERR), Some(format!("PostgreSQL: {why}")))
}

impl Drop for PgConn {
    fn drop(&mut self) {
        if let Some(rt) = self.rt.take() {
            rt.shutdown_background();
        }
    }
}

/// SQLite's extended result codes for the constraint a PostgreSQL SQLSTATE names.
fn constraint_code(state: &str) -> Option<i32> {
    Some(match state {
        "23505" => rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE,
        "23503" => rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY,
        "23514" => rusqlite::ffi::SQLITE_CONSTRAINT_CHECK,
        "23502" => rusqlite::ffi::SQLITE_CONSTRAINT_NOTNULL,
        // a trigger's refusal (the append-only ledger) is SQLite's RAISE(ABORT)
        "P0001" => rusqlite::ffi::SQLITE_CONSTRAINT_TRIGGER,
        _ => return None,
    })
}

/// [`error`], with the beginning of the statement in the message (for the log: a 500's detail
/// is never sent).
fn error_in(e: sqlx::Error, sql: &str) -> Error {
    match error(e) {
        Error::SqliteFailure(code, Some(m)) => {
            let head: String = sql.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(160).collect();
            Error::SqliteFailure(code, Some(format!("{m} (in: {head})")))
        }
        other => other,
    }
}

/// A sqlx error as the storage layer's error.
pub(super) fn error(e: sqlx::Error) -> Error {
    match e {
        sqlx::Error::RowNotFound => Error::QueryReturnedNoRows,
        sqlx::Error::Database(d) => {
            let code = d.code().and_then(|c| constraint_code(&c)).unwrap_or(rusqlite::ffi::SQLITE_ERROR);
            Error::SqliteFailure(rusqlite::ffi::Error::new(code), Some(format!("PostgreSQL: {}", d.message())))
        }
        other => Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ERROR),
            Some(format!("PostgreSQL: {other}")),
        ),
    }
}

/// `sql` with SQLite's placeholders (`?NNN`, and `?` numbered as SQLite numbers it: one more
/// than the largest so far) as PostgreSQL's `$NNN`; strings, quoted names and comments as they
/// are.
pub fn pg_text(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    let mut largest = 0u32;
    while let Some(c) = chars.next() {
        match c {
            // to the closing quote (a doubled quote inside is two of them, read in turn)
            '\'' | '"' => {
                out.push(c);
                copy_through(&mut chars, &mut out, c);
            }
            '-' if chars.peek() == Some(&'-') => {
                out.push(c);
                copy_through(&mut chars, &mut out, '\n');
            }
            '/' if chars.peek() == Some(&'*') => {
                out.push(c);
                out.push(chars.next().unwrap_or('*'));
                let mut last = ' ';
                for d in chars.by_ref() {
                    out.push(d);
                    if last == '*' && d == '/' {
                        break;
                    }
                    last = d;
                }
            }
            '?' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                let n = match digits.parse::<u32>() {
                    Ok(n) => n,
                    Err(_) => largest + 1,
                };
                largest = largest.max(n);
                out.push('$');
                out.push_str(&n.to_string());
            }
            _ => out.push(c),
        }
    }
    out
}

/// Copies characters up to and including the next `end` (or to the end of the text).
fn copy_through(chars: &mut impl Iterator<Item = char>, out: &mut String, end: char) {
    for d in chars {
        out.push(d);
        if d == end {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::pg_text;

    #[test]
    fn placeholders_become_dollars_outside_strings_names_and_comments() {
        assert_eq!(pg_text("SELECT a FROM t WHERE b = ?1 AND c = ?12"), "SELECT a FROM t WHERE b = $1 AND c = $12");
        assert_eq!(pg_text("VALUES (?, ?, ?)"), "VALUES ($1, $2, $3)");
        // SQLite numbers a bare `?` one past the largest number before it
        assert_eq!(pg_text("?3, ?, ?1"), "$3, $4, $1");
        assert_eq!(pg_text("SELECT '?1', \"a?\" -- ?2\n, ?1 /* ?3 */"), "SELECT '?1', \"a?\" -- ?2\n, $1 /* ?3 */");
        assert_eq!(pg_text("SELECT 'it''s ?1', ?2"), "SELECT 'it''s ?1', $2");
    }
}
