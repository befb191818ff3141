//! Parameters and columns on both databases.
//!
//! On SQLite both are rusqlite's own conversions (`ToSql`, `FromSql`, supertraits here). On
//! PostgreSQL a parameter is sent as one of four types — `bigint`, `double precision`, `text`,
//! `bytea`, the four the schema uses (docs/postgres.md: integers and 0/1 flags are all
//! `BIGINT`) — and a NULL keeps its Rust type's, so PostgreSQL never has to guess it. A column
//! is read by what PostgreSQL says it is: an `integer` (what `length()` gives) or a `boolean`
//! (what a comparison gives) reads as an `i64` too, as SQLite's would.

use rusqlite::types::{Type, Value};
use sqlx::postgres::PgRow;
use sqlx::{Column as _, Row as _, TypeInfo as _, ValueRef as _};

use super::{Error, Result};

/// A parameter as it is sent to PostgreSQL.
#[derive(Debug, Clone, PartialEq)]
pub enum PgArg {
    Int(Option<i64>),
    Real(Option<f64>),
    Text(Option<String>),
    Blob(Option<Vec<u8>>),
}

/// A value that can be a statement's parameter on either database.
pub trait ToCol: rusqlite::ToSql {
    fn to_pg(&self) -> std::result::Result<PgArg, String>;
}

/// The PostgreSQL type of a NULL of this Rust type (`None` of an `Option<T>`).
pub trait PgNull {
    fn pg_null() -> PgArg;
}

macro_rules! pg_null {
    ($kind:ident: $($t:ty),+) => {$(
        impl PgNull for $t {
            fn pg_null() -> PgArg {
                PgArg::$kind(None)
            }
        }
    )+};
}
pg_null!(Int: i8, i16, i32, i64, isize, u8, u16, u32, u64, usize, bool);
pg_null!(Real: f32, f64);
pg_null!(Text: str, String);
pg_null!(Blob: [u8], Vec<u8>);

macro_rules! int_col {
    ($($t:ty),+) => {$(
        impl ToCol for $t {
            fn to_pg(&self) -> std::result::Result<PgArg, String> {
                i64::try_from(*self).map(|v| PgArg::Int(Some(v))).map_err(|_| format!("{} is too large", self))
            }
        }
        impl FromCol for $t {
            fn from_pg(row: &PgRow, i: usize) -> Result<Self> {
                let v = i64::from_pg(row, i)?;
                <$t>::try_from(v).map_err(|_| Error::IntegralValueOutOfRange(i, v))
            }
        }
    )+};
}
int_col!(i8, i16, i32, u8, u16, u32, u64, usize, isize);

impl ToCol for i64 {
    fn to_pg(&self) -> std::result::Result<PgArg, String> {
        Ok(PgArg::Int(Some(*self)))
    }
}

impl ToCol for bool {
    fn to_pg(&self) -> std::result::Result<PgArg, String> {
        Ok(PgArg::Int(Some(i64::from(*self))))
    }
}

impl ToCol for f64 {
    fn to_pg(&self) -> std::result::Result<PgArg, String> {
        Ok(PgArg::Real(Some(*self)))
    }
}
impl ToCol for f32 {
    fn to_pg(&self) -> std::result::Result<PgArg, String> {
        Ok(PgArg::Real(Some(f64::from(*self))))
    }
}

impl ToCol for str {
    fn to_pg(&self) -> std::result::Result<PgArg, String> {
        Ok(PgArg::Text(Some(self.to_string())))
    }
}
impl ToCol for String {
    fn to_pg(&self) -> std::result::Result<PgArg, String> {
        Ok(PgArg::Text(Some(self.clone())))
    }
}
impl ToCol for Box<str> {
    fn to_pg(&self) -> std::result::Result<PgArg, String> {
        Ok(PgArg::Text(Some(self.to_string())))
    }
}
impl ToCol for std::borrow::Cow<'_, str> {
    fn to_pg(&self) -> std::result::Result<PgArg, String> {
        Ok(PgArg::Text(Some(self.to_string())))
    }
}

impl ToCol for [u8] {
    fn to_pg(&self) -> std::result::Result<PgArg, String> {
        Ok(PgArg::Blob(Some(self.to_vec())))
    }
}
impl ToCol for Vec<u8> {
    fn to_pg(&self) -> std::result::Result<PgArg, String> {
        Ok(PgArg::Blob(Some(self.clone())))
    }
}
impl<const N: usize> ToCol for [u8; N] {
    fn to_pg(&self) -> std::result::Result<PgArg, String> {
        Ok(PgArg::Blob(Some(self.to_vec())))
    }
}

impl ToCol for Value {
    fn to_pg(&self) -> std::result::Result<PgArg, String> {
        Ok(match self {
            // (a NULL of no known type: as text, which PostgreSQL casts from most readily)
            Value::Null => PgArg::Text(None),
            Value::Integer(v) => PgArg::Int(Some(*v)),
            Value::Real(v) => PgArg::Real(Some(*v)),
            Value::Text(v) => PgArg::Text(Some(v.clone())),
            Value::Blob(v) => PgArg::Blob(Some(v.clone())),
        })
    }
}

impl<T: ToCol + PgNull> ToCol for Option<T> {
    fn to_pg(&self) -> std::result::Result<PgArg, String> {
        match self {
            Some(v) => v.to_pg(),
            None => Ok(T::pg_null()),
        }
    }
}

impl<T: ToCol + ?Sized> ToCol for &T {
    fn to_pg(&self) -> std::result::Result<PgArg, String> {
        (**self).to_pg()
    }
}
impl<T: PgNull + ?Sized> PgNull for &T {
    fn pg_null() -> PgArg {
        T::pg_null()
    }
}

/// A value that can be read from a column on either database.
pub trait FromCol: rusqlite::types::FromSql + Sized {
    fn from_pg(row: &PgRow, i: usize) -> Result<Self>;
}

/// PostgreSQL's name of column `i`'s type, or `None` for a NULL.
fn kind(row: &PgRow, i: usize) -> Result<Option<String>> {
    let raw = row.try_get_raw(i).map_err(|_| Error::InvalidColumnIndex(i))?;
    if raw.is_null() {
        return Ok(None);
    }
    Ok(Some(raw.type_info().name().to_string()))
}

fn name(row: &PgRow, i: usize) -> String {
    row.columns().get(i).map(|c| c.name().to_string()).unwrap_or_default()
}

fn decode<'r, T>(row: &'r PgRow, i: usize) -> Result<T>
where
    T: sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
{
    row.try_get::<T, usize>(i).map_err(|e| Error::FromSqlConversionFailure(i, Type::Text, Box::new(e)))
}

fn wrong(row: &PgRow, i: usize, kind: Option<String>, want: &str) -> Error {
    match kind {
        None => Error::InvalidColumnType(i, name(row, i), Type::Null),
        Some(k) => Error::FromSqlConversionFailure(
            i,
            Type::Text,
            format!("column {} is PostgreSQL's {k}, not {want}", name(row, i)).into(),
        ),
    }
}

impl FromCol for i64 {
    fn from_pg(row: &PgRow, i: usize) -> Result<Self> {
        match kind(row, i)?.as_deref() {
            Some("INT8") => decode::<i64>(row, i),
            Some("INT4") => decode::<i32>(row, i).map(i64::from),
            Some("INT2") => decode::<i16>(row, i).map(i64::from),
            Some("BOOL") => decode::<bool>(row, i).map(i64::from),
            // (what PostgreSQL's SUM of integers gives)
            Some("NUMERIC") => {
                let d = decode::<sqlx::types::Decimal>(row, i)?;
                d.normalize().to_string().parse().map_err(|_| wrong(row, i, Some(format!("NUMERIC {d}")), "an integer"))
            }
            k => Err(wrong(row, i, k.map(str::to_string), "an integer")),
        }
    }
}

impl FromCol for bool {
    fn from_pg(row: &PgRow, i: usize) -> Result<Self> {
        match kind(row, i)?.as_deref() {
            Some("BOOL") => decode::<bool>(row, i),
            _ => i64::from_pg(row, i).map(|v| v != 0),
        }
    }
}

impl FromCol for f64 {
    fn from_pg(row: &PgRow, i: usize) -> Result<Self> {
        match kind(row, i)?.as_deref() {
            Some("FLOAT8") => decode::<f64>(row, i),
            Some("FLOAT4") => decode::<f32>(row, i).map(f64::from),
            Some("INT8" | "INT4" | "INT2") => i64::from_pg(row, i).map(|v| v as f64),
            // (what PostgreSQL's AVG and ROUND give)
            Some("NUMERIC") => {
                let d = decode::<sqlx::types::Decimal>(row, i)?;
                d.to_string().parse().map_err(|_| wrong(row, i, Some(format!("NUMERIC {d}")), "a number"))
            }
            k => Err(wrong(row, i, k.map(str::to_string), "a number")),
        }
    }
}

impl FromCol for String {
    fn from_pg(row: &PgRow, i: usize) -> Result<Self> {
        match kind(row, i)?.as_deref() {
            Some("TEXT" | "VARCHAR" | "BPCHAR" | "NAME" | "UNKNOWN") => decode::<String>(row, i),
            k => Err(wrong(row, i, k.map(str::to_string), "text")),
        }
    }
}

impl FromCol for Vec<u8> {
    fn from_pg(row: &PgRow, i: usize) -> Result<Self> {
        match kind(row, i)?.as_deref() {
            Some("BYTEA") => decode::<Vec<u8>>(row, i),
            k => Err(wrong(row, i, k.map(str::to_string), "bytes")),
        }
    }
}

impl FromCol for Value {
    fn from_pg(row: &PgRow, i: usize) -> Result<Self> {
        Ok(match kind(row, i)?.as_deref() {
            None => Value::Null,
            Some("INT8" | "INT4" | "INT2" | "BOOL") => Value::Integer(i64::from_pg(row, i)?),
            Some("FLOAT8" | "FLOAT4" | "NUMERIC") => Value::Real(f64::from_pg(row, i)?),
            Some("BYTEA") => Value::Blob(decode(row, i)?),
            Some(_) => Value::Text(String::from_pg(row, i)?),
        })
    }
}

impl<T: FromCol> FromCol for Option<T> {
    fn from_pg(row: &PgRow, i: usize) -> Result<Self> {
        match kind(row, i)? {
            None => Ok(None),
            Some(_) => T::from_pg(row, i).map(Some),
        }
    }
}
