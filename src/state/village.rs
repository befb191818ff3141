//! "My village": the village or community (村、社区) the person using this phone belongs to,
//! chosen once and changeable, so that 找我的代表 and the recipient picker put the deputies of
//! that village's liaison station first.
//!
//! How it works: the backend lists, for each liaison station, the villages and communities it
//! serves (`Station::villages`); a choice is one of those names together with its station
//! (a station that lists none is offered by its own name). The choice is kept on this device
//! only (localStorage, `zsrd.village.v1`), not in the account: it says where the phone's owner
//! lives, is needed before signing in (reading the directory, picking a recipient), and is
//! not sent anywhere except as the `first_station` ordering hint of `GET /deputies`. It
//! survives signing out, like the text size. A stored choice whose station no longer exists
//! is simply not used (the lists ask with a station id the backend ignores).
//!
//! Signed in, the choice is also the account's village (`PUT /me/village`): the backend needs
//! it to know which station's and village's polls the person may vote in. On signing in, an
//! account without a village takes the phone's choice, and a phone without one takes the
//! account's ([`on_sign_in`]); staff can correct an account's village.

use contract::Station;
use serde::{Deserialize, Serialize};

use crate::state::storage;

const STORAGE_KEY: &str = "zsrd.village.v1";

/// One choice: a village (or a station's own name) and the station that serves it.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Village {
    /// What the person chose, e.g. 和平村.
    pub name: String,
    pub station_id: String,
    pub station_name: String,
}

impl Village {
    /// A choice read from storage must name a village and a station.
    fn usable(self) -> Option<Village> {
        (!self.name.trim().is_empty() && !self.station_id.trim().is_empty()).then_some(self)
    }
}

/// The villages to choose from, grouped by station in the stations' order: each station's
/// villages as listed (duplicates dropped), or the station's own name when it lists none.
pub fn choices(stations: &[Station]) -> Vec<Village> {
    let mut out: Vec<Village> = Vec::new();
    for s in stations.iter().filter(|s| !s.id.is_empty()) {
        let names: Vec<&str> = s.villages.iter().map(|v| v.trim()).filter(|v| !v.is_empty()).collect();
        let names = if names.is_empty() { vec![s.name.as_str()] } else { names };
        for name in names {
            if out.iter().any(|v| v.name == name && v.station_id == s.id) {
                continue;
            }
            out.push(Village { name: name.to_string(), station_id: s.id.clone(), station_name: s.name.clone() });
        }
    }
    out
}

/// The choice made on this device, if any.
pub fn load() -> Option<Village> {
    storage::read::<Village>(STORAGE_KEY).and_then(Village::usable)
}

/// Remembers `choice` (`None`: forget it).
pub fn save(choice: Option<&Village>) {
    match choice {
        Some(v) => {
            let _ = storage::write(STORAGE_KEY, v);
        }
        None => storage::forget(STORAGE_KEY),
    }
}

/// The choice as the account's village.
pub fn for_account(v: &Village) -> contract::Village {
    contract::Village { station_id: v.station_id.clone(), village: v.name.clone() }
}

/// Sets the account's village to `v` when signed in (best effort: the phone keeps the choice
/// either way, and the next sign-in sends it again if the account has none).
pub fn send_to_account(v: &Village) {
    if !crate::api::has_token() {
        return;
    }
    let body = for_account(v);
    leptos::task::spawn_local(async move {
        let c = crate::api::Canceller::default();
        let _ = crate::api::send(crate::api::endpoints::set_my_village(), &body, None, &c).await;
    });
}

/// After signing in: the account or the phone that has no village takes the other's.
pub fn on_sign_in(user: &contract::User) {
    match (&user.village, load()) {
        (None, Some(v)) => send_to_account(&v),
        (Some(a), None) => save(Some(&Village { name: a.village.clone(), station_id: a.station_id.clone(), station_name: String::new() })),
        _ => {}
    }
}

/// The value of a `<select>` option for a choice (station and village: a name may occur at
/// two stations), and back.
pub fn option_value(v: &Village) -> String {
    format!("{}\u{1f}{}", v.station_id, v.name)
}

pub fn from_option_value<'a>(value: &str, all: &'a [Village]) -> Option<&'a Village> {
    all.iter().find(|v| option_value(v) == value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn station(id: &str, name: &str, villages: &[&str]) -> Station {
        Station { id: id.into(), name: name.into(), villages: villages.iter().map(|v| v.to_string()).collect(), ..Station::default() }
    }

    #[test]
    fn choices_follow_the_stations() {
        let stations = [
            station("st_a", "中心联络站", &["龙湾村", " ", "塘尾村", "龙湾村"]),
            station("st_b", "新圩联络点", &[]),
            station("", "无名", &["x"]),
        ];
        let all = choices(&stations);
        let names: Vec<(&str, &str)> = all.iter().map(|v| (v.name.as_str(), v.station_id.as_str())).collect();
        assert_eq!(names, [("龙湾村", "st_a"), ("塘尾村", "st_a"), ("新圩联络点", "st_b")]);
        assert_eq!(all[1].station_name, "中心联络站");
        let value = option_value(&all[1]);
        assert_eq!(from_option_value(&value, &all), Some(&all[1]));
        assert_eq!(from_option_value("st_a", &all), None);
    }

    #[test]
    fn stored_choices_read_leniently() {
        let read = |raw: &str| serde_json::from_str::<Village>(raw).ok().and_then(Village::usable);
        assert_eq!(
            read(r#"{"name":"和平村","station_id":"st_heping","station_name":"和平村联络点","x":1}"#).map(|v| v.station_id),
            Some("st_heping".into())
        );
        assert_eq!(read(r#"{"name":"和平村"}"#), None, "a village without its station is no choice");
        assert_eq!(read(r#"{"name":"","station_id":"st_1"}"#), None);
        assert_eq!(read("[1,2]"), None);
    }
}
