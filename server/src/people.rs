//! Stations, deputies and departments: storage and queries.

use contract::{Department, Deputy, DeputySummary, ImageRef, Station, StationContact, StationRef};
use crate::sql::types::Value;
use crate::sql::{params, params_from_iter, Connection, OptionalExtension, Row, Transaction};

use crate::cursor::{Cursor, DeputyCursor, DeputyGroupCursor};
use crate::db::Error;
use crate::problem::ApiError;

/// A station to insert.
#[derive(Debug, Clone)]
pub struct NewStation {
    pub id: String,
    pub name: String,
    pub address: String,
    pub reception_hours: String,
    pub phone: Option<String>,
    pub villages: Vec<String>,
    /// WGS 84 latitude and longitude.
    pub position: Option<(f64, f64)>,
}

/// A deputy to insert.
#[derive(Debug, Clone)]
pub struct NewDeputy {
    pub id: String,
    pub code: String,
    pub name: String,
    pub title: String,
    pub constituency: String,
    pub station_id: Option<String>,
    pub bio: String,
    pub focus: Vec<String>,
    pub photo: Option<ImageRef>,
}

pub fn insert_station(tx: &Transaction<'_>, s: &NewStation, position: i64) -> Result<(), Error> {
    tx.execute(
        "INSERT INTO stations (id, name, address, reception_hours, phone, position, villages_json, \
         lat, lng) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            s.id,
            s.name,
            s.address,
            s.reception_hours,
            s.phone,
            position,
            serde_json::to_string(&s.villages)?,
            s.position.map(|p| p.0),
            s.position.map(|p| p.1),
        ],
    )?;
    Ok(())
}

pub fn insert_deputy(tx: &Transaction<'_>, d: &NewDeputy, position: i64) -> Result<(), Error> {
    let photo = d.photo.as_ref().map(serde_json::to_string).transpose()?;
    tx.execute(
        "INSERT INTO deputies (id, code, name, title, constituency, station_id, bio, focus_json, \
         photo_json, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            d.id,
            d.code,
            d.name,
            d.title,
            d.constituency,
            d.station_id,
            d.bio,
            serde_json::to_string(&d.focus)?,
            photo,
            position
        ],
    )?;
    Ok(())
}

pub fn insert_department(tx: &Transaction<'_>, d: &Department, position: i64) -> Result<(), Error> {
    tx.execute(
        "INSERT INTO departments (id, name, description, position) VALUES (?1, ?2, ?3, ?4)",
        params![d.id, d.name, d.description, position],
    )?;
    Ok(())
}

pub fn station_count(conn: &Connection) -> crate::sql::Result<i64> {
    conn.query_row("SELECT COUNT(*) FROM stations", (), |r| r.get(0))
}

fn station_row(r: &Row<'_>) -> crate::sql::Result<Station> {
    let villages: String = r.get(6)?;
    let (lat, lng): (Option<f64>, Option<f64>) = (r.get(7)?, r.get(8)?);
    // a position is both coordinates or none
    let (lat, lng) = match (lat, lng) {
        (Some(a), Some(b)) => (Some(a), Some(b)),
        _ => (None, None),
    };
    Ok(Station {
        id: r.get(0)?,
        name: r.get(1)?,
        address: r.get(2)?,
        reception_hours: r.get(3)?,
        phone: r.get(4)?,
        deputy_count: r.get::<_, i64>(5)?.clamp(0, i64::from(u32::MAX)) as u32,
        villages: serde_json::from_str(&villages).unwrap_or_default(),
        lat,
        lng,
    })
}

const STATION_SELECT: &str = "SELECT s.id, s.name, s.address, s.reception_hours, s.phone, \
    (SELECT COUNT(*) FROM deputies d WHERE d.station_id = s.id), s.villages_json, s.lat, s.lng \
    FROM stations s";

/// The main liaison station: `wanted` if it exists, else (no choice) the first in display
/// order. `None` when there is none (or the chosen one does not exist: never another).
pub fn main_station(conn: &Connection, wanted: Option<&str>) -> crate::sql::Result<Option<StationContact>> {
    let contact = |r: &Row<'_>| {
        Ok(StationContact {
            id: r.get(0)?,
            name: r.get(1)?,
            phone: r.get::<_, Option<String>>(2)?.filter(|p| !p.trim().is_empty()),
        })
    };
    match wanted {
        Some(id) => conn
            .query_row("SELECT id, name, phone FROM stations WHERE id = ?1", [id], contact)
            .optional(),
        None => conn
            .query_row(
                "SELECT id, name, phone FROM stations ORDER BY position, id LIMIT 1",
                (),
                contact,
            )
            .optional(),
    }
}

/// The name of a liaison station, if it exists.
pub fn station_name(conn: &Connection, id: &str) -> crate::sql::Result<Option<String>> {
    conn.query_row("SELECT name FROM stations WHERE id = ?1", [id], |r| r.get(0))
        .optional()
}

/// All stations by name.
pub fn list_stations(conn: &Connection) -> crate::sql::Result<Vec<Station>> {
    let mut stmt = conn.prepare(&format!("{STATION_SELECT} ORDER BY s.name, s.id"))?;
    let rows = stmt.query_map((), station_row)?;
    rows.collect()
}

pub fn get_station(conn: &Connection, id: &str) -> crate::sql::Result<Option<Station>> {
    conn.query_row(
        &format!("{STATION_SELECT} WHERE s.id = ?1"),
        params![id],
        station_row,
    )
    .optional()
}

/// All departments in display order.
pub fn list_departments(conn: &Connection) -> crate::sql::Result<Vec<Department>> {
    let mut stmt =
        conn.prepare("SELECT id, name, description FROM departments ORDER BY position, id")?;
    let rows = stmt.query_map((), |r| {
        Ok(Department {
            id: r.get(0)?,
            name: r.get(1)?,
            description: r.get(2)?,
        })
    })?;
    rows.collect()
}

pub fn get_department(conn: &Connection, id: &str) -> crate::sql::Result<Option<Department>> {
    conn.query_row(
        "SELECT id, name, description FROM departments WHERE id = ?1",
        params![id],
        |r| {
            Ok(Department {
                id: r.get(0)?,
                name: r.get(1)?,
                description: r.get(2)?,
            })
        },
    )
    .optional()
}

/// What `GET /deputies` asks for (validated).
#[derive(Debug, Clone, Default)]
pub struct DeputyFilter {
    pub station: Option<String>,
    /// Search terms; each must occur in the name, the constituency or a focus area.
    pub terms: Vec<String>,
    /// The deputies of this station first (not with `station`).
    pub first_station: Option<String>,
    pub after: Option<DeputyCursor>,
    /// With `first_station`.
    pub grouped_after: Option<DeputyGroupCursor>,
    pub limit: u32,
}

/// Splits a search text into terms at whitespace and punctuation (lowercased).
pub fn search_terms(q: &str) -> Vec<String> {
    q.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .take(16)
        .collect()
}

fn like_pattern(term: &str) -> String {
    let mut out = String::from("%");
    for c in term.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

fn photo_col(raw: Option<String>) -> Option<ImageRef> {
    raw.and_then(|s| serde_json::from_str(&s).ok())
}

const DEPUTY_SELECT: &str = "SELECT d.id, d.code, d.name, d.title, d.constituency, d.photo_json, \
    s.id, s.name, d.bio, d.focus_json FROM deputies d LEFT JOIN stations s ON s.id = d.station_id";

fn summary_row(r: &Row<'_>) -> crate::sql::Result<DeputySummary> {
    let station = match (
        r.get::<_, Option<String>>(6)?,
        r.get::<_, Option<String>>(7)?,
    ) {
        (Some(id), Some(name)) => Some(StationRef { id, name }),
        _ => None,
    };
    Ok(DeputySummary {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        title: r.get(3)?,
        constituency: r.get(4)?,
        photo: photo_col(r.get(5)?),
        station,
    })
}

/// A page of deputies by name, and the next cursor.
pub fn list_deputies(
    conn: &Connection,
    f: &DeputyFilter,
) -> Result<(Vec<DeputySummary>, Option<String>), ApiError> {
    let mut sql = format!("{DEPUTY_SELECT} WHERE 1 = 1");
    let mut args: Vec<Value> = Vec::new();
    if let Some(station) = &f.station {
        args.push(Value::Text(station.clone()));
        sql.push_str(&format!(" AND d.station_id = ?{}", args.len()));
    }
    for term in &f.terms {
        args.push(Value::Text(like_pattern(term)));
        let n = args.len();
        sql.push_str(&format!(
            " AND (lower(d.name) LIKE ?{n} ESCAPE '\\' OR lower(d.constituency) LIKE ?{n} ESCAPE '\\' \
             OR lower(d.focus_json) LIKE ?{n} ESCAPE '\\')"
        ));
    }
    // 0 for the deputies of `first_station`, 1 for the others (0 for all without it).
    let group = match f.first_station.as_ref().filter(|_| f.station.is_none()) {
        Some(first) => {
            args.push(Value::Text(first.clone()));
            format!("(CASE WHEN d.station_id = ?{} THEN 0 ELSE 1 END)", args.len())
        }
        None => "0".to_owned(),
    };
    let after = match (&f.grouped_after, &f.after) {
        (Some(g), _) => Some((g.group, &g.name, &g.id)),
        (None, Some(a)) => Some((0, &a.name, &a.id)),
        _ => None,
    };
    if let Some((g, name, id)) = after {
        args.push(Value::Integer(i64::from(g)));
        let gn = args.len();
        args.push(Value::Text(name.clone()));
        let n = args.len();
        args.push(Value::Text(id.clone()));
        sql.push_str(&format!(
            " AND ({group} > ?{gn} OR ({group} = ?{gn} AND (d.name > ?{n} OR (d.name = ?{n} AND d.id > ?{}))))",
            n + 1
        ));
    }
    args.push(Value::Integer(i64::from(f.limit) + 1));
    // (a bare integer in ORDER BY would name a result column)
    let by_group = if group == "0" { String::new() } else { format!("{group}, ") };
    sql.push_str(&format!(
        " ORDER BY {by_group}d.name, d.id LIMIT ?{}",
        args.len()
    ));
    let mut stmt = conn.prepare(&sql)?;
    let mut items = stmt
        .query_map(params_from_iter(args), summary_row)?
        .collect::<crate::sql::Result<Vec<_>>>()?;
    let next = if items.len() > f.limit as usize {
        items.truncate(f.limit as usize);
        items.last().map(|d| match f.first_station.as_ref().filter(|_| f.station.is_none()) {
            Some(first) => DeputyGroupCursor {
                group: u8::from(d.station.as_ref().is_none_or(|s| &s.id != first)),
                name: d.name.clone(),
                id: d.id.clone(),
            }
            .encode(),
            None => DeputyCursor {
                name: d.name.clone(),
                id: d.id.clone(),
            }
            .encode(),
        })
    } else {
        None
    };
    Ok((items, next))
}

/// A deputy's profile without its figures (`stats` default), by id or by code
/// (case-insensitive).
pub fn get_deputy(
    conn: &Connection,
    id: Option<&str>,
    code: Option<&str>,
) -> crate::sql::Result<Option<Deputy>> {
    let (cond, key) = match (id, code) {
        (Some(id), _) => ("d.id = ?1", id),
        (None, Some(code)) => ("d.code = ?1", code),
        (None, None) => return Ok(None),
    };
    conn.query_row(
        &format!("{DEPUTY_SELECT} WHERE {cond}"),
        params![key],
        |r| {
            let s = summary_row(r)?;
            let focus: String = r.get(9)?;
            Ok(Deputy {
                id: s.id,
                code: s.code,
                name: s.name,
                title: s.title,
                constituency: s.constituency,
                photo: s.photo,
                station: s.station,
                bio: r.get(8)?,
                focus: serde_json::from_str(&focus).unwrap_or_default(),
                stats: Default::default(),
            })
        },
    )
    .optional()
}

/// The name of a deputy (for other parts of the server), if it exists.
pub fn deputy_name(conn: &Connection, id: &str) -> crate::sql::Result<Option<String>> {
    conn.query_row(
        "SELECT name FROM deputies WHERE id = ?1",
        params![id],
        |r| r.get(0),
    )
    .optional()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms() {
        assert_eq!(
            search_terms(" 农业，道路 Road "),
            vec!["农业", "道路", "road"]
        );
        assert!(search_terms("，。!").is_empty());
        assert_eq!(like_pattern("a%_\\"), "%a\\%\\_\\\\%");
    }
}
