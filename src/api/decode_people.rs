//! Decoders of stations, deputies, departments and responsiveness figures (see
//! [`super::decode`] for the rules).

use contract::{
    Deputy, DeputySummary, Department, HandlerKind, Responsiveness, ResponsivenessRow, ResponsivenessTable, Station,
    StationRef,
};

use super::decode::{def, enum_value, f64_, image_ref, lenient, opt, req, string, u32_, Fields, FromJson};
use super::json::J;

pub(crate) fn handler_kind(v: &J) -> Option<HandlerKind> {
    enum_value(v, HandlerKind::parse, HandlerKind::Unknown)
}

fn station_ref(v: &J) -> Option<StationRef> {
    let f = Fields::of(v)?;
    f.end(2)?;
    Some(StationRef { id: req(f.get(0, "id")?, string)?, name: def(f.get(1, "name")?, string)? })
}

fn responsiveness(v: &J) -> Option<Responsiveness> {
    let f = Fields::of(v)?;
    f.end(7)?;
    Some(Responsiveness {
        assigned: def(f.get(0, "assigned")?, u32_)?,
        replied: def(f.get(1, "replied")?, u32_)?,
        reply_rate: opt(f.get(2, "reply_rate")?, f64_)?,
        median_first_reply_hours: opt(f.get(3, "median_first_reply_hours")?, f64_)?,
        on_time_rate: opt(f.get(4, "on_time_rate")?, f64_)?,
        satisfaction: opt(f.get(5, "satisfaction")?, f64_)?,
        ratings: def(f.get(6, "ratings")?, u32_)?,
    })
}

impl FromJson for Station {
    fn from_json(v: &J) -> Option<Self> {
        let f = Fields::of(v)?;
        f.end(6)?;
        Some(Station {
            id: req(f.get(0, "id")?, string)?,
            name: def(f.get(1, "name")?, string)?,
            address: def(f.get(2, "address")?, string)?,
            reception_hours: def(f.get(3, "reception_hours")?, string)?,
            phone: opt(f.get(4, "phone")?, string)?,
            deputy_count: def(f.get(5, "deputy_count")?, u32_)?,
        })
    }
}

impl FromJson for DeputySummary {
    fn from_json(v: &J) -> Option<Self> {
        let f = Fields::of(v)?;
        f.end(7)?;
        Some(DeputySummary {
            id: req(f.get(0, "id")?, string)?,
            code: def(f.get(1, "code")?, string)?,
            name: def(f.get(2, "name")?, string)?,
            title: def(f.get(3, "title")?, string)?,
            constituency: def(f.get(4, "constituency")?, string)?,
            photo: opt(f.get(5, "photo")?, image_ref)?,
            station: opt(f.get(6, "station")?, station_ref)?,
        })
    }
}

impl FromJson for Deputy {
    fn from_json(v: &J) -> Option<Self> {
        let f = Fields::of(v)?;
        f.end(10)?;
        Some(Deputy {
            id: req(f.get(0, "id")?, string)?,
            code: def(f.get(1, "code")?, string)?,
            name: def(f.get(2, "name")?, string)?,
            title: def(f.get(3, "title")?, string)?,
            constituency: def(f.get(4, "constituency")?, string)?,
            photo: opt(f.get(5, "photo")?, image_ref)?,
            station: opt(f.get(6, "station")?, station_ref)?,
            bio: def(f.get(7, "bio")?, string)?,
            focus: lenient(f.get(8, "focus")?, string)?,
            stats: def(f.get(9, "stats")?, responsiveness)?,
        })
    }
}

impl FromJson for Department {
    fn from_json(v: &J) -> Option<Self> {
        let f = Fields::of(v)?;
        f.end(3)?;
        Some(Department {
            id: req(f.get(0, "id")?, string)?,
            name: def(f.get(1, "name")?, string)?,
            description: def(f.get(2, "description")?, string)?,
        })
    }
}

fn responsiveness_row(v: &J) -> Option<ResponsivenessRow> {
    let f = Fields::of(v)?;
    f.end(4)?;
    Some(ResponsivenessRow {
        id: req(f.get(0, "id")?, string)?,
        kind: req(f.get(1, "kind")?, handler_kind)?,
        name: def(f.get(2, "name")?, string)?,
        stats: def(f.get(3, "stats")?, responsiveness)?,
    })
}

impl FromJson for ResponsivenessTable {
    fn from_json(v: &J) -> Option<Self> {
        let f = Fields::of(v)?;
        f.end(3)?;
        Some(ResponsivenessTable {
            deputies: lenient(f.get(0, "deputies")?, responsiveness_row)?,
            departments: lenient(f.get(1, "departments")?, responsiveness_row)?,
            generated_at: def(f.get(2, "generated_at")?, string)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::decode::tests::{agree, fuzz};
    use contract::{ImageRef, Page};

    fn stats() -> Responsiveness {
        Responsiveness {
            assigned: 12,
            replied: 11,
            reply_rate: Some(0.9166),
            median_first_reply_hours: Some(26.5),
            on_time_rate: Some(1.0),
            satisfaction: Some(4.6),
            ratings: 7,
        }
    }

    fn deputy() -> Deputy {
        Deputy {
            id: "d_1".into(),
            code: "LW01".into(),
            name: "陈志强".into(),
            title: "镇人大代表".into(),
            constituency: "龙湾村选区".into(),
            photo: Some(ImageRef { url: "/media/avatars/d_1.svg".into(), alt: "陈志强".into(), width: Some(96), height: None }),
            station: Some(StationRef { id: "s_1".into(), name: "中心联络站".into() }),
            bio: "务农三十年。\n\n热心公益。".into(),
            focus: vec!["农业农村".into(), "道路交通".into()],
            stats: stats(),
        }
    }

    #[test]
    fn people_decode_as_the_contract_does() {
        assert!(fuzz(&deputy(), 5000) > 300);
        let d = deputy();
        let summary = DeputySummary {
            id: d.id,
            code: d.code,
            name: d.name,
            title: d.title,
            constituency: d.constituency,
            photo: d.photo,
            station: d.station,
        };
        assert!(fuzz(&Page { items: vec![summary.clone(), summary], next_cursor: Some("c".into()) }, 4000) > 300);
        let station = Station {
            id: "s_1".into(),
            name: "龙湾镇人大代表中心联络站".into(),
            address: "龙湾镇府前路 1 号".into(),
            reception_hours: "每月 15 日 9:00–12:00".into(),
            phone: Some("0763-5800000".into()),
            deputy_count: 5,
        };
        assert!(fuzz(&Page { items: vec![station], next_cursor: None }, 3000) > 300);
        let dept = Department { id: "g_1".into(), name: "农业农村办".into(), description: "农田水利".into() };
        assert!(fuzz(&Page { items: vec![dept], next_cursor: None }, 2000) > 200);
        let row = ResponsivenessRow { id: "d_1".into(), kind: HandlerKind::Deputy, name: "陈志强".into(), stats: stats() };
        let table = ResponsivenessTable {
            deputies: vec![row.clone()],
            departments: vec![ResponsivenessRow { kind: HandlerKind::Department, ..row }],
            generated_at: "2026-11-29T08:30:00Z".into(),
        };
        assert!(fuzz(&table, 4000) > 300);
    }

    #[test]
    fn numbers_of_figures() {
        for text in [
            r#"{"id":"d","stats":{"reply_rate":1,"satisfaction":4.25,"median_first_reply_hours":-0.5e1}}"#,
            r#"{"id":"d","stats":{"reply_rate":1e400}}"#,
            r#"{"id":"d","stats":{"reply_rate":"0.5"}}"#,
            r#"{"id":"d","stats":{"on_time_rate":null,"ratings":3}}"#,
            r#"{"id":"d","focus":["a",1,null,"b"]}"#,
        ] {
            agree::<Deputy>(text);
        }
    }
}
