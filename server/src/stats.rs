//! Responsiveness figures of deputies and departments (computed over their messages).

use contract::{HandlerKind, Responsiveness};
use rusqlite::Connection;

/// The figures of one handler at `now`. (The messages part of the server fills this in.)
pub fn responsiveness(
    conn: &Connection,
    kind: HandlerKind,
    id: &str,
    now: i64,
) -> rusqlite::Result<Responsiveness> {
    let _ = (conn, kind, id, now);
    Ok(Responsiveness::default())
}
