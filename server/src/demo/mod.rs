//! Demo mode (`--demo`): everything seeded into an empty database so that the app has
//! something to show, in the order [`seed_all`] runs it:
//!
//! * [`content`]: articles, events and their attachments (`server/demo/*.json`);
//! * [`people`]: stations, deputies, departments and the demo accounts;
//! * [`messages`]: ~40 messages of the past 60 days in every state, with their handling;
//! * [`notifications`]: what the history of those messages would have sent;
//! * [`polls`]: open, upcoming and closed polls with the votes of the villages' people;
//! * [`points`]: the ledger paid from that activity, and commendations;
//! * [`training`]: the courses of 履职学堂, with the demo deputy's study.

use crate::clock;
use crate::db::Db;

pub mod content;
pub mod messages;
pub mod notifications;
pub mod participation;
pub mod people;
pub mod polls;
pub mod posters;
pub mod points;
pub mod training;

pub use content::{
    build, seed, seed_if_empty, Built, DemoArticle, DemoCategory, DemoContent, DemoCover,
    DemoEvent, SeedReport, ARTICLES_JSON, AVAILABLE, CATEGORIES_JSON, EVENTS_JSON,
};
pub use people::{
    deputy_photo, seed_people, seed_people_if_empty, DemoAccount, DemoDepartment, DemoDeputy,
    DemoPeople, DemoStation, PeopleReport, CITIZEN_LI, CITIZEN_WANG, DEPUTY_CHEN, DEPUTY_CHEN_USER,
    DEPUTY_HE, DEPUTY_HE_USER, PEOPLE_JSON, STAFF_HUANG, STATION_CENTER,
};

/// Who the demo server says it is (`/api/v1/meta`): the presidium of the fictional 龙湾镇's
/// people's congress, the body that runs a township's deputies' work.
pub const DEMO_BODY: &str = "清远市清新区龙湾镇人大主席团";
/// The demo township.
pub const DEMO_TOWNSHIP: &str = "龙湾镇";

/// `--demo`: seeds what the database does not have yet (each part only into an empty
/// database), logging what was done.
pub fn seed_all(db: &Db) -> Result<(), String> {
    match seed_if_empty(db, clock::now_secs()).map_err(|e| e.to_string())? {
        Some(report) => {
            for w in &report.warnings {
                tracing::warn!("demo content: {w}");
            }
            tracing::info!(
                "demo content seeded: {} categories, {} articles, {} events, {} attachments",
                report.categories,
                report.articles,
                report.events,
                report.files
            );
        }
        None => tracing::info!("--demo: the database already has articles; nothing seeded"),
    }
    match seed_people_if_empty(db, clock::now_secs()).map_err(|e| e.to_string())? {
        Some(r) => tracing::info!(
            "demo people seeded: {} stations, {} deputies, {} departments, {} accounts",
            r.stations,
            r.deputies,
            r.departments,
            r.accounts
        ),
        None => tracing::info!("--demo: the database already has stations; no people seeded"),
    }
    let tz_secs = i64::from(crate::Config::default().tz_offset_minutes) * 60;
    match messages::seed_messages_if_empty(db, clock::now_secs(), tz_secs)
        .map_err(|e| e.to_string())?
    {
        Some(n) => {
            tracing::info!("demo messages seeded: {n}");
            let now = clock::now_secs();
            let seeded = db.with_conn(|c| notifications::seed(c, now));
            match seeded {
                Ok(k) => tracing::info!("demo notifications seeded: {k}"),
                Err(e) => tracing::warn!("demo notifications: {e:?}"),
            }
        }
        None => tracing::info!("--demo: the database already has messages; none seeded"),
    }
    match participation::seed_participation_if_empty(db, clock::now_secs()).map_err(|e| e.to_string())? {
        Some(n) => tracing::info!("demo comments seeded: {n}"),
        None => tracing::info!("--demo: the database already has comments; none seeded"),
    }
    match polls::seed_polls_if_empty(db, clock::now_secs()).map_err(|e| e.to_string())? {
        Some(n) => tracing::info!("demo polls seeded, with {n} votes"),
        None => tracing::info!("--demo: the database already has polls (or no people); none seeded"),
    }
    // (after messages and comments: the ledger is paid from them)
    let config = crate::Config::default();
    match points::seed_points_if_empty(db, clock::now_secs(), &config.points, config.tz_offset_minutes)
        .map_err(|e| e.to_string())?
    {
        Some(n) => tracing::info!("demo points seeded: {n} ledger entries"),
        None => tracing::info!("--demo: the database already has points; none seeded"),
    }
    match posters::seed_posters_if_empty(db, clock::now_secs(), i64::from(config.tz_offset_minutes) * 60)
        .map_err(|e| e.to_string())?
    {
        Some(n) => tracing::info!("demo posters seeded: {n}"),
        None => tracing::info!("--demo: the database already has posters (or no people); none seeded"),
    }
    match training::seed_training_if_empty(db, clock::now_secs()).map_err(|e| e.to_string())? {
        Some(n) => tracing::info!("demo courses seeded: {n} lessons"),
        None => tracing::info!("--demo: the database already has courses (or no people); none seeded"),
    }
    Ok(())
}
