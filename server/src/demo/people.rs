//! Demo people: stations, deputies, departments and the demo accounts
//! (`server/demo/people.json`, compiled in).

use contract::ImageRef;
use serde::Deserialize;

use crate::clock::DAY;
use crate::db::{Db, Error};

/// The demo people file, compiled in.
pub const PEOPLE_JSON: &str = include_str!("../../demo/people.json");

/// Demo account 王秀英 (citizen, 13800000001).
pub const CITIZEN_WANG: &str = "u_demo_citizen1";
/// Demo account 李建国 (citizen, 13800000002).
pub const CITIZEN_LI: &str = "u_demo_citizen2";
/// Demo account 陈志强 (deputy `LW01`, 13900000001).
pub const DEPUTY_CHEN_USER: &str = "u_demo_deputy1";
/// Demo account 何美玲 (deputy `LW02`, 13900000002).
pub const DEPUTY_HE_USER: &str = "u_demo_deputy2";
/// Demo account 黄丽 (staff of the centre station, 13700000001).
pub const STAFF_HUANG: &str = "u_demo_staff1";
/// Deputy profile of 陈志强 (`LW01`).
pub const DEPUTY_CHEN: &str = "dp_lw01";
/// Deputy profile of 何美玲 (`LW02`).
pub const DEPUTY_HE: &str = "dp_lw02";
/// 龙湾镇人大代表中心联络站.
pub const STATION_CENTER: &str = "st_center";

#[derive(Debug, Clone, Deserialize)]
pub struct DemoStation {
    pub id: String,
    pub name: String,
    pub address: String,
    pub reception_hours: String,
    #[serde(default)]
    pub phone: Option<String>,
    /// The villages and communities it serves.
    #[serde(default)]
    pub villages: Vec<String>,
    /// WGS 84 position of its entrance (fictional, like the town).
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lng: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DemoDeputy {
    pub id: String,
    pub code: String,
    pub name: String,
    pub title: String,
    pub constituency: String,
    /// Avatar look: `m` (short hair) or `f` (long hair or a bun).
    #[serde(default)]
    pub look: Option<String>,
    #[serde(default)]
    pub station: Option<String>,
    #[serde(default)]
    pub bio: String,
    #[serde(default)]
    pub focus: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DemoDepartment {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DemoAccount {
    pub id: String,
    pub phone: String,
    pub name: String,
    pub roles: Vec<String>,
    #[serde(default)]
    pub deputy: Option<String>,
    #[serde(default)]
    pub station: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Default)]
pub struct DemoPeople {
    pub stations: Vec<DemoStation>,
    pub deputies: Vec<DemoDeputy>,
    pub departments: Vec<DemoDepartment>,
    pub accounts: Vec<DemoAccount>,
}

impl DemoPeople {
    pub fn builtin() -> Result<Self, Error> {
        serde_json::from_str(PEOPLE_JSON).map_err(|e| Error(format!("demo people.json: {e}")))
    }
}

/// What people seeding wrote.
#[derive(Debug, Clone, Default)]
pub struct PeopleReport {
    pub stations: usize,
    pub deputies: usize,
    pub departments: usize,
    pub accounts: usize,
}

/// The photo of a demo deputy: a generated avatar (`look`: `m` or `f`).
pub fn deputy_photo(code: &str, look: Option<&str>, name: &str) -> ImageRef {
    let mut key = code.to_ascii_lowercase();
    if let Some(look) = look.filter(|l| matches!(*l, "m" | "f")) {
        key = format!("{key}-{look}");
    }
    ImageRef {
        url: crate::avatars::url(&key),
        alt: format!("{name}的头像"),
        width: Some(crate::avatars::SIZE),
        height: Some(crate::avatars::SIZE),
    }
}

/// Writes the demo people into the database in one transaction.
pub fn seed_people(db: &Db, people: &DemoPeople, now: i64) -> Result<PeopleReport, Error> {
    use crate::people::{self, NewDeputy, NewStation};
    db.with_conn(|conn| -> Result<PeopleReport, Error> {
        let tx = conn.transaction()?;
        for (i, s) in people.stations.iter().enumerate() {
            people::insert_station(
                &tx,
                &NewStation {
                    id: s.id.clone(),
                    name: s.name.clone(),
                    address: s.address.clone(),
                    reception_hours: s.reception_hours.clone(),
                    phone: s.phone.clone(),
                    villages: s.villages.clone(),
                    position: s.lat.zip(s.lng),
                },
                i as i64,
            )?;
        }
        for (i, d) in people.deputies.iter().enumerate() {
            people::insert_deputy(
                &tx,
                &NewDeputy {
                    id: d.id.clone(),
                    code: d.code.clone(),
                    name: d.name.clone(),
                    title: d.title.clone(),
                    constituency: d.constituency.clone(),
                    station_id: d.station.clone(),
                    bio: d.bio.clone(),
                    focus: d.focus.clone(),
                    photo: Some(deputy_photo(&d.code, d.look.as_deref(), &d.name)),
                },
                i as i64,
            )?;
        }
        for (i, d) in people.departments.iter().enumerate() {
            people::insert_department(
                &tx,
                &contract::Department {
                    id: d.id.clone(),
                    name: d.name.clone(),
                    description: d.description.clone(),
                },
                i as i64,
            )?;
        }
        for a in &people.accounts {
            let roles: Vec<contract::Role> =
                a.roles.iter().filter_map(|r| contract::Role::parse(r)).collect();
            let station = a.station.clone().or_else(|| {
                let d = a.deputy.as_ref()?;
                people.deputies.iter().find(|x| &x.id == d)?.station.clone()
            });
            tx.execute(
                "INSERT INTO users (id, phone, display_name, roles, deputy_id, station_id, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                crate::sql::params![
                    a.id,
                    a.phone,
                    a.name,
                    crate::auth::roles_text(&roles),
                    a.deputy,
                    station,
                    now - 90 * DAY
                ],
            )?;
        }
        tx.commit()?;
        Ok(PeopleReport {
            stations: people.stations.len(),
            deputies: people.deputies.len(),
            departments: people.departments.len(),
            accounts: people.accounts.len(),
        })
    })
}

/// `--demo`: seeds the demo people when the database has no stations yet. `Ok(None)`
/// when nothing was done (idempotent).
pub fn seed_people_if_empty(db: &Db, now: i64) -> Result<Option<PeopleReport>, Error> {
    let count = db.with_conn(|conn| crate::people::station_count(conn))?;
    if count > 0 {
        return Ok(None);
    }
    let people = DemoPeople::builtin()?;
    seed_people(db, &people, now).map(Some)
}
