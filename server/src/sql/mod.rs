//! The server's one way to the database, SQLite or PostgreSQL (issue 17).
//!
//! Why a layer of our own: the server's ~480 queries are synchronous code in [`crate::db::Db`]'s
//! closures (a transaction is a block of statements with Rust between them), written against
//! rusqlite's API. This module has the same shape — [`Connection`], [`Transaction`],
//! [`Statement`], [`Row`], [`params!`], `query_row`/`query_map`/`execute`, rusqlite's
//! [`Error`] and [`OptionalExtension`] — over either database:
//!
//! * **SQLite** is rusqlite itself; every call is passed straight through.
//! * **PostgreSQL** goes through sqlx (the driver chosen in docs/postgres.md), each connection
//!   with a small runtime of its own that the blocking thread runs it on ([`pg`]). The SQL text
//!   is the same: `?N` placeholders become `$N` (cached per connection); what differs between
//!   the dialects is written so that both accept it (docs/postgres.md, "Dialect points").
//!
//! So porting a module is changing `rusqlite::` to `crate::sql::`, not rewriting it as async
//! code, and its transactions stay what they are. A PostgreSQL failure is carried in rusqlite's
//! error type (see [`pg`]): a constraint violation as SQLite's, so callers test one thing.

mod pg;
mod value;

use std::sync::Arc;

pub use pg::{pg_text, PgConn};
pub use rusqlite::{Error, ErrorCode, OptionalExtension};
pub use value::{FromCol, PgArg, PgNull, ToCol};

/// rusqlite's result type: the one error type of the storage layer.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The value types, as rusqlite names them (dynamic parameters, a column read whatever it holds).
pub mod types {
    pub use rusqlite::types::{Type, Value, ValueRef};
}

/// `params![a, b]`: the parameters of a statement, `?1`, `?2`… in order (as rusqlite's).
#[macro_export]
macro_rules! params {
    () => {
        &[] as &[&dyn $crate::sql::ToCol]
    };
    ($($p:expr),+ $(,)?) => {
        &[$(&$p as &dyn $crate::sql::ToCol),+] as &[&dyn $crate::sql::ToCol]
    };
}
pub use crate::params;

/// One connection to either database.
pub enum Connection {
    Sqlite(rusqlite::Connection),
    Pg(PgConn),
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Connection::Sqlite(_) => "Connection::Sqlite",
            Connection::Pg(_) => "Connection::Pg",
        })
    }
}

impl From<rusqlite::Connection> for Connection {
    fn from(c: rusqlite::Connection) -> Self {
        Connection::Sqlite(c)
    }
}

impl Connection {
    /// A private in-memory SQLite database (tests).
    pub fn open_in_memory() -> Result<Self> {
        rusqlite::Connection::open_in_memory().map(Connection::Sqlite)
    }

    /// The SQLite connection underneath, if this is one (SQLite-only statements: `PRAGMA`s).
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Connection::Sqlite(c) => Some(c),
            Connection::Pg(_) => None,
        }
    }

    /// Whether this is a PostgreSQL connection.
    pub fn is_postgres(&self) -> bool {
        matches!(self, Connection::Pg(_))
    }

    /// Runs one statement; the number of rows it changed.
    pub fn execute<P: Params>(&self, sql: &str, p: P) -> Result<usize> {
        match self {
            Connection::Sqlite(c) => p.with(|args| c.execute(sql, sqlite_args(args))),
            Connection::Pg(c) => p.with(|args| c.execute(sql, args)),
        }
    }

    /// The first row of a query, read by `f`; [`Error::QueryReturnedNoRows`] without one.
    pub fn query_row<T, P, F>(&self, sql: &str, p: P, f: F) -> Result<T>
    where
        P: Params,
        F: FnOnce(&Row<'_>) -> Result<T>,
    {
        match self {
            Connection::Sqlite(c) => p.with(|args| c.query_row(sql, sqlite_args(args), |r| f(&Row::Sqlite(r)))),
            Connection::Pg(c) => match p.with(|args| c.fetch_optional(sql, args))? {
                Some(row) => f(&Row::Pg(&row)),
                None => Err(Error::QueryReturnedNoRows),
            },
        }
    }

    /// A statement to run once or more.
    pub fn prepare(&self, sql: &str) -> Result<Statement<'_>> {
        Ok(Statement(match self {
            Connection::Sqlite(c) => Stmt::Sqlite(c.prepare(sql)?),
            Connection::Pg(c) => Stmt::Pg(c, c.text(sql)),
        }))
    }

    /// A statement kept prepared by the connection (SQLite's cache; sqlx keeps every
    /// statement prepared on PostgreSQL).
    pub fn prepare_cached(&self, sql: &str) -> Result<Statement<'_>> {
        Ok(Statement(match self {
            Connection::Sqlite(c) => Stmt::SqliteCached(c.prepare_cached(sql)?),
            Connection::Pg(c) => Stmt::Pg(c, c.text(sql)),
        }))
    }

    /// Several statements without parameters, in one go.
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match self {
            Connection::Sqlite(c) => c.execute_batch(sql),
            Connection::Pg(c) => c.batch(sql),
        }
    }

    /// The number given to the row the last INSERT of this connection made (PostgreSQL:
    /// `lastval()`, the last number a sequence gave in this session).
    pub fn last_insert_rowid(&self) -> i64 {
        match self {
            Connection::Sqlite(c) => c.last_insert_rowid(),
            Connection::Pg(c) => c.fetch_optional("SELECT lastval()", &[]).ok().flatten().and_then(|r| i64::from_pg(&r, 0).ok()).unwrap_or(0),
        }
    }

    /// The next number of `table`'s `seq` (its largest + 1), for an id made from it, inside
    /// the transaction that inserts the row. SQLite has one writer at a time. On PostgreSQL two
    /// instances' transactions could read the same largest number: a lock per table, held to
    /// the end of the transaction, makes them take turns, and the second reads after the first
    /// has committed (READ COMMITTED reads each statement afresh). `table` is always a name
    /// written in the code.
    pub fn next_seq(&self, table: &'static str) -> Result<i64> {
        if self.is_postgres() {
            self.query_row("SELECT pg_advisory_xact_lock(hashtext(?1))", crate::params![table], |_| Ok(()))?;
        }
        self.query_row(&format!("SELECT COALESCE(MAX(seq), 0) + 1 FROM {table}"), (), |r| r.get(0))
    }

    /// Begins a transaction (SQLite: `BEGIN DEFERRED`, as rusqlite's); rolled back when dropped
    /// without [`Transaction::commit`].
    pub fn transaction(&mut self) -> Result<Transaction<'_>> {
        self.boundary("BEGIN", true)?;
        Ok(Transaction { conn: self, done: false })
    }

    /// Where a transaction begins (`opens`) or ends: a PostgreSQL session notes it (it is not
    /// opened again within one: pg.rs).
    fn boundary(&self, sql: &str, opens: bool) -> Result<()> {
        match self {
            Connection::Sqlite(c) => c.execute_batch(sql),
            Connection::Pg(c) => c.boundary(sql, opens),
        }
    }
}

/// An open transaction; it reads and writes as its [`Connection`] does.
pub struct Transaction<'c> {
    conn: &'c Connection,
    done: bool,
}

impl std::ops::Deref for Transaction<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl Transaction<'_> {
    pub fn commit(mut self) -> Result<()> {
        self.done = true;
        self.conn.boundary("COMMIT", false)
    }

    pub fn rollback(mut self) -> Result<()> {
        self.done = true;
        self.conn.boundary("ROLLBACK", false)
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.conn.boundary("ROLLBACK", false);
        }
    }
}

/// A prepared statement.
pub struct Statement<'c>(Stmt<'c>);

enum Stmt<'c> {
    Sqlite(rusqlite::Statement<'c>),
    SqliteCached(rusqlite::CachedStatement<'c>),
    Pg(&'c PgConn, Arc<str>),
}

/// Rows read by a closure, one at a time (SQLite) or fetched at once (PostgreSQL).
pub type MappedRows<'s, T> = Box<dyn Iterator<Item = Result<T>> + 's>;

impl<'c> Statement<'c> {
    /// The SQLite statement, or PostgreSQL's session and text.
    fn parts(&mut self) -> Result<&mut rusqlite::Statement<'c>, (&'c PgConn, Arc<str>)> {
        match &mut self.0 {
            Stmt::Sqlite(s) => Ok(s),
            Stmt::SqliteCached(s) => Ok(s),
            Stmt::Pg(c, sql) => Err((*c, Arc::clone(sql))),
        }
    }

    /// Every row, each read by `f`.
    pub fn query_map<'s, T, P, F>(&'s mut self, p: P, mut f: F) -> Result<MappedRows<'s, T>>
    where
        P: Params,
        F: FnMut(&Row<'_>) -> Result<T> + 's,
        T: 's,
    {
        match self.parts() {
            Ok(s) => {
                let rows = p.with(|args| s.query_map(sqlite_args(args), move |r| f(&Row::Sqlite(r))))?;
                Ok(Box::new(rows))
            }
            Err((c, sql)) => {
                let rows = p.with(|args| c.fetch_all_text(&sql, args))?;
                let out: Vec<Result<T>> = rows.iter().map(|r| f(&Row::Pg(r))).collect();
                Ok(Box::new(out.into_iter()))
            }
        }
    }

    /// The first row, read by `f`.
    pub fn query_row<T, P, F>(&mut self, p: P, f: F) -> Result<T>
    where
        P: Params,
        F: FnOnce(&Row<'_>) -> Result<T>,
    {
        match self.parts() {
            Ok(s) => p.with(|args| s.query_row(sqlite_args(args), |r| f(&Row::Sqlite(r)))),
            Err((c, sql)) => match p.with(|args| c.fetch_optional_text(&sql, args))? {
                Some(row) => f(&Row::Pg(&row)),
                None => Err(Error::QueryReturnedNoRows),
            },
        }
    }

    /// Runs the statement; the number of rows it changed.
    pub fn execute<P: Params>(&mut self, p: P) -> Result<usize> {
        match self.parts() {
            Ok(s) => p.with(|args| s.execute(sqlite_args(args))),
            Err((c, sql)) => p.with(|args| c.execute_text(&sql, args)),
        }
    }

    /// How many columns the statement's rows have.
    pub fn column_count(&mut self) -> usize {
        match self.parts() {
            Ok(s) => s.column_count(),
            Err((c, sql)) => c.column_count(&sql),
        }
    }

    /// The rows, to walk with [`Rows::next`].
    pub fn query<P: Params>(&mut self, p: P) -> Result<Rows<'_>> {
        match self.parts() {
            Ok(s) => Ok(Rows(RowsInner::Sqlite(p.with(|args| s.query(sqlite_args(args)))?))),
            Err((c, sql)) => {
                let rows = p.with(|args| c.fetch_all_text(&sql, args))?;
                Ok(Rows(RowsInner::Pg(rows.into_iter(), None)))
            }
        }
    }
}

/// The rows of [`Statement::query`].
pub struct Rows<'s>(RowsInner<'s>);

enum RowsInner<'s> {
    Sqlite(rusqlite::Rows<'s>),
    Pg(std::vec::IntoIter<sqlx::postgres::PgRow>, Option<sqlx::postgres::PgRow>),
}

impl Rows<'_> {
    /// The next row, or `None` after the last.
    #[allow(clippy::should_implement_trait)] // a lending iterator, as rusqlite's
    pub fn next(&mut self) -> Result<Option<Row<'_>>> {
        match &mut self.0 {
            RowsInner::Sqlite(r) => Ok(r.next()?.map(Row::Sqlite)),
            RowsInner::Pg(rest, current) => {
                *current = rest.next();
                Ok(current.as_ref().map(Row::Pg))
            }
        }
    }
}

/// One row of a result.
pub enum Row<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Pg(&'a sqlx::postgres::PgRow),
}

impl Row<'_> {
    /// Column `idx` (a number from 0, or a name) as a `T`.
    pub fn get<I: ColIndex, T: FromCol>(&self, idx: I) -> Result<T> {
        match self {
            Row::Sqlite(r) => r.get(idx),
            Row::Pg(r) => T::from_pg(r, idx.pg_index(r)?),
        }
    }
}

/// A column named by its number or its name.
pub trait ColIndex: rusqlite::RowIndex {
    fn pg_index(&self, row: &sqlx::postgres::PgRow) -> Result<usize>;
}

impl ColIndex for usize {
    fn pg_index(&self, row: &sqlx::postgres::PgRow) -> Result<usize> {
        use sqlx::Row as _;
        if *self < row.len() {
            Ok(*self)
        } else {
            Err(Error::InvalidColumnIndex(*self))
        }
    }
}

impl ColIndex for &str {
    fn pg_index(&self, row: &sqlx::postgres::PgRow) -> Result<usize> {
        use sqlx::{Column as _, Row as _};
        row.columns()
            .iter()
            .position(|c| c.name().eq_ignore_ascii_case(self))
            .ok_or_else(|| Error::InvalidColumnName((*self).to_string()))
    }
}

/// What can be given as a statement's parameters: [`params!`], `[]`, `()`, a tuple, or
/// [`params_from_iter`].
pub trait Params {
    fn with<R>(self, f: impl FnOnce(&[&dyn ToCol]) -> R) -> R;
}

impl Params for &[&dyn ToCol] {
    fn with<R>(self, f: impl FnOnce(&[&dyn ToCol]) -> R) -> R {
        f(self)
    }
}

impl<T: ToCol, const N: usize> Params for [T; N] {
    fn with<R>(self, f: impl FnOnce(&[&dyn ToCol]) -> R) -> R {
        let refs: Vec<&dyn ToCol> = self.iter().map(|v| v as &dyn ToCol).collect();
        f(&refs)
    }
}

impl<const N: usize> Params for &[&dyn ToCol; N] {
    fn with<R>(self, f: impl FnOnce(&[&dyn ToCol]) -> R) -> R {
        f(self)
    }
}

impl Params for () {
    fn with<R>(self, f: impl FnOnce(&[&dyn ToCol]) -> R) -> R {
        f(&[])
    }
}

macro_rules! tuple_params {
    ($($t:ident $i:tt),+) => {
        impl<$($t: ToCol),+> Params for ($($t,)+) {
            fn with<R>(self, f: impl FnOnce(&[&dyn ToCol]) -> R) -> R {
                f(&[$(&self.$i as &dyn ToCol),+])
            }
        }
    };
}
tuple_params!(A 0);
tuple_params!(A 0, B 1);
tuple_params!(A 0, B 1, C 2);
tuple_params!(A 0, B 1, C 2, D 3);
tuple_params!(A 0, B 1, C 2, D 3, E 4);
tuple_params!(A 0, B 1, C 2, D 3, E 4, F 5);

/// Parameters from an iterator (a query built at run time), as rusqlite's.
pub struct ParamsFromIter<I>(I);

pub fn params_from_iter<I>(iter: I) -> ParamsFromIter<I>
where
    I: IntoIterator,
    I::Item: ToCol,
{
    ParamsFromIter(iter)
}

impl<I> Params for ParamsFromIter<I>
where
    I: IntoIterator,
    I::Item: ToCol,
{
    fn with<R>(self, f: impl FnOnce(&[&dyn ToCol]) -> R) -> R {
        let items: Vec<I::Item> = self.0.into_iter().collect();
        let refs: Vec<&dyn ToCol> = items.iter().map(|i| i as &dyn ToCol).collect();
        f(&refs)
    }
}

/// The parameters as rusqlite takes them.
fn sqlite_args<'a>(args: &'a [&'a dyn ToCol]) -> impl rusqlite::Params + 'a {
    rusqlite::params_from_iter(args.iter().map(|a| *a as &dyn rusqlite::ToSql))
}
