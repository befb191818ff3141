//! The outbox model: drafts, validation, storage format and the retry rules.

use super::*;
use contract::{Problem, TITLE_MAX};

fn draft() -> MessageDraft {
    Draft::with_key(
        "k1".into(),
        Compose {
            to_kind: Some(HandlerKind::Deputy),
            to_id: "d_1".into(),
            to_name: "陈志强".into(),
            category_id: "mc_road".into(),
            title: "村口路灯不亮".into(),
            body: "龙湾村村口的三盏路灯已经坏了两周，\n晚上出行不便。\"引号\"".into(),
            public: true,
            place: "龙湾村口".into(),
            lat: Some(23.731_2),
            lng: Some(113.01),
            photos: vec![
                Photo {
                    data_url: "data:image/jpeg;base64,/9j/AA==".into(),
                    upload_id: Some("u1".into()),
                },
                Photo {
                    data_url: "data:image/jpeg;base64,/9j/BB==".into(),
                    upload_id: None,
                },
            ],
            via: String::new(),
        },
    )
}

fn http(status: u16, retry_after: Option<u32>) -> ApiError {
    ApiError::Http {
        status,
        problem: None,
        retry_after,
    }
}

#[test]
fn counts_characters_not_bytes() {
    assert_eq!(char_count("路灯坏了"), 4);
    assert_eq!(char_count("  路灯 "), 2);
    assert_eq!(char_count("ab😀"), 3);
}

#[test]
fn validation_per_field() {
    assert!(validate(&draft()).is_empty());
    let empty = Compose::default();
    assert_eq!(
        validate(&empty),
        vec![
            (Field::Recipient, Check::Missing),
            (Field::Category, Check::Missing),
            (Field::Title, Check::Missing),
            (Field::Body, Check::Missing)
        ]
    );
    let mut d = draft().value;
    d.title = "路灯坏".into();
    d.body = "太短了".into();
    assert_eq!(
        validate(&d),
        vec![
            (Field::Title, Check::TooShort(TITLE_MIN)),
            (Field::Body, Check::TooShort(BODY_MIN))
        ]
    );
    d.title = "路".repeat(TITLE_MAX);
    d.body = "字".repeat(BODY_MAX);
    assert!(validate(&d).is_empty(), "the limits themselves are fine");
    d.title.push('多');
    d.body = "字".repeat(BODY_MAX + 1);
    assert_eq!(
        validate(&d),
        vec![
            (Field::Title, Check::TooLong(TITLE_MAX)),
            (Field::Body, Check::TooLong(BODY_MAX))
        ]
    );
    d.title = "    ".into();
    assert_eq!(
        validate(&d)[0],
        (Field::Title, Check::Missing),
        "spaces only is empty"
    );
}

#[test]
fn contract_fields_map_to_form_fields() {
    assert_eq!(Field::from_contract("recipient"), Field::Recipient);
    assert_eq!(Field::from_contract("recipient.id"), Field::Recipient);
    assert_eq!(Field::from_contract("category_id"), Field::Category);
    assert_eq!(Field::from_contract("title"), Field::Title);
    assert_eq!(Field::from_contract("body"), Field::Body);
    assert_eq!(Field::from_contract("photo_ids[2]"), Field::Photos);
    assert_eq!(Field::from_contract("location.label"), Field::Location);
    assert_eq!(Field::from_contract("Idempotency-Key"), Field::Other);
}

fn to_json(d: &MessageDraft) -> String {
    serde_json::to_string(d).unwrap()
}

#[test]
fn drafts_round_trip_and_bad_ones_are_ignored() {
    let d = draft();
    assert_eq!(parse_draft(&to_json(&d)), Some(d.clone()));
    let plain = Draft {
        value: Compose {
            lat: None,
            lng: None,
            photos: vec![],
            to_kind: None,
            ..d.value.clone()
        },
        ..d
    };
    assert_eq!(parse_draft(&to_json(&plain)), Some(plain));
    for bad in [
        "",
        "{",
        "null",
        "[]",
        "{\"title\":\"x\"}",
        "{\"key\":5}",
        "{\"key\":\"k\",\"photos\":[{\"data\":\"x\"}]",
        "\u{0}",
    ] {
        assert_eq!(parse_draft(bad), None, "{bad}");
    }
    // Wrong types are defaulted, unsafe photo URLs dropped.
    let odd = parse_draft(r#"{"key":"k","title":7,"public":"yes","lat":1,"photos":[{"data":"javascript:alert(1)"},3]}"#).unwrap();
    assert_eq!(odd.title, "");
    assert!(!odd.public);
    assert_eq!((odd.lat, odd.lng), (None, None), "half a position is none");
    assert!(odd.photos.is_empty());
    // What earlier versions stored (the same flat format) still reads.
    let old = r#"{"key":"k1","to_kind":"deputy","to_id":"d_1","to_name":"陈志强","category_id":"mc_road","title":"村口路灯不亮","body":"龙湾村村口的三盏路灯已经坏了两周，\n晚上出行不便。\"引号\"","public":true,"place":"龙湾村口","lat":23.7312,"lng":113.01,"photos":[{"data":"data:image/jpeg;base64,/9j/AA==","upload_id":"u1"},{"data":"data:image/jpeg;base64,/9j/BB=="}]}"#;
    assert_eq!(parse_draft(old), Some(draft()));
    let unknown = parse_draft(r#"{"key":"k","to_kind":"alien","to_id":"x"}"#).unwrap();
    assert_eq!(
        unknown.to_kind, None,
        "a recipient kind this version does not know is no recipient"
    );
}

#[test]
fn request_from_a_draft() {
    let m = draft().new_message();
    assert_eq!(
        m.recipient,
        Recipient {
            kind: HandlerKind::Deputy,
            id: "d_1".into()
        }
    );
    assert_eq!(m.photo_ids, vec!["u1".to_string()]);
    assert_eq!(
        m.location.as_ref().map(|l| l.label.as_str()),
        Some("龙湾村口")
    );
    let mut d = draft();
    d.place = " ".into();
    d.lat = None;
    d.lng = None;
    assert_eq!(d.new_message().location, None);
    d.title = "  标题四字  ".into();
    assert_eq!(d.new_message().title, "标题四字");
    // sent in a visit that began at a poster: the message names it (only an id goes out)
    assert_eq!(d.new_message().via, None);
    d.via = "ps_00001".into();
    assert_eq!(d.new_message().via.as_deref(), Some("ps_00001"));
    d.via = "<bad>".into();
    assert_eq!(d.new_message().via, None);
}

#[test]
fn uuid_fallback_is_a_v4_uuid() {
    use crate::state::storage::uuid_from_bytes;
    let u = uuid_from_bytes([0xff; 16]);
    assert_eq!(u.len(), 36);
    assert_eq!(&u[14..15], "4");
    assert!(matches!(&u[19..20], "8" | "9" | "a" | "b"));
    assert_eq!(u.matches('-').count(), 4);
    assert_ne!(uuid_from_bytes([0; 16]), uuid_from_bytes([1; 16]));
}

#[test]
fn outbox_round_trips_and_survives_corruption() {
    let mut o = Outbox::default();
    o.put(draft(), 1000.0);
    o.put(
        Draft {
            key: "k2".into(),
            ..draft()
        },
        2000.0,
    );
    let old_format = r#"[{"draft":{"key":"k9","title":"路灯","photos":[]},"state":"rejected","note":"wait","detail":"稍后","errors":[["title","太短"]],"attempts":2,"not_before":5000,"queued_at":1000}]"#;
    let old = Outbox::from_json(old_format);
    assert_eq!(
        old.entries.len(),
        1,
        "the format earlier versions stored reads"
    );
    let e = &old.entries[0];
    assert_eq!(
        (e.state, e.note, e.attempts, e.not_before, e.queued_at),
        (State::Rejected, Note::RateLimited, 2, 5000.0, 1000.0)
    );
    assert_eq!(e.errors, vec![("title".to_string(), "太短".to_string())]);
    assert_eq!(e.draft.title, "路灯");
    let problem = Problem {
        status: 400,
        errors: vec![FieldError {
            field: "title".into(),
            code: "too_short".into(),
            message: "标题\"太短\"".into(),
        }],
        ..Default::default()
    };
    o.finish(
        "k2",
        Err((
            &ApiError::Http {
                status: 400,
                problem: Some(problem),
                retry_after: None,
            },
            "请求有误".into(),
        )),
        3000.0,
    );
    o.finish("k1", Err((&ApiError::Timeout, "超时".into())), 3000.0);
    assert_eq!(Outbox::from_json(&o.to_json()), o);
    assert_eq!(Outbox::from_json("not json"), Outbox::default());
    assert_eq!(Outbox::from_json("{}"), Outbox::default());
    let partly = format!(
        "[1,{{\"draft\":{{}}}},{}]",
        &o.to_json()[1..o.to_json().len() - 1]
    );
    assert_eq!(
        Outbox::from_json(&partly),
        o,
        "broken entries are dropped, good ones kept"
    );
}

#[test]
fn one_entry_per_key_and_one_delivery_at_a_time() {
    let mut o = Outbox::default();
    o.put(draft(), 0.0);
    o.put(draft(), 5.0);
    assert_eq!(
        o.entries.len(),
        1,
        "sending the same draft twice keeps one entry"
    );
    let mut flight = InFlight::default();
    assert!(o.is_due("k1", 10.0, false));
    assert!(flight.claim("k1"));
    assert!(
        !flight.claim("k1"),
        "a second tap / the online event does not send it again"
    );
    flight.release("k1");
    o.finish("k1", Ok(()), 20.0);
    assert!(o.entries.is_empty(), "delivered entries leave");
    assert!(!o.is_due("k1", 30.0, true), "and are never sent again");
    o.finish("k1", Err((&ApiError::Timeout, String::new())), 40.0);
    assert!(
        o.entries.is_empty(),
        "a late outcome of a removed entry changes nothing"
    );
}

#[test]
fn retry_rules_per_error_class() {
    let now = 1_000_000.0;
    let mut o = Outbox::default();
    o.put(draft(), 0.0);
    // Offline: waits for the network (due at once, woken by the online event).
    o.finish("k1", Err((&ApiError::Offline, String::new())), now);
    assert_eq!(o.entries[0].note, Note::Offline);
    assert!(o.is_due("k1", now, false));
    assert_eq!(o.next_wake(now - 1.0), None, "no timer for offline");
    // Transient: backoff growing with attempts.
    o.finish("k1", Err((&http(503, None), String::new())), now);
    assert_eq!(o.entries[0].not_before, now + 30_000.0);
    assert!(!o.is_due("k1", now + 1.0, false));
    assert!(
        o.is_due("k1", now + 1.0, true),
        "the user's 重试 does not wait"
    );
    assert_eq!(o.next_wake(now), Some(now + 30_000.0));
    o.finish(
        "k1",
        Err((&ApiError::Network("x".into()), String::new())),
        now,
    );
    assert_eq!(o.entries[0].not_before, now + 60_000.0);
    assert_eq!(o.entries[0].attempts, 2);
    o.retry_now("k1");
    assert!(o.is_due("k1", now, false));
    // 429: waits Retry-After.
    o.finish("k1", Err((&http(429, Some(120)), String::new())), now);
    assert_eq!(
        (o.entries[0].note, o.entries[0].not_before),
        (Note::RateLimited, now + 120_000.0)
    );
    o.finish("k1", Err((&http(429, None), String::new())), now);
    assert_eq!(o.entries[0].not_before, now + 60_000.0);
    // 401: kept, due once signed in again.
    o.finish("k1", Err((&http(401, None), String::new())), now);
    assert_eq!(
        (o.entries[0].state, o.entries[0].note),
        (State::Waiting, Note::SignIn)
    );
    assert!(o.is_due("k1", now, false));
    // 400 / 409: rejected, kept for the user, never retried by itself.
    o.finish("k1", Err((&http(409, None), "冲突".into())), now);
    assert_eq!(o.entries[0].state, State::Rejected);
    assert!(o.due(now + 1e9).is_empty());
    assert!(!o.is_due("k1", now, true));
    assert_eq!(o.entries[0].detail, "冲突");
    assert!(backoff_ms(50) <= 600_000.0);
    // Photos the backend refused are uploaded again after the user's correction.
    let mut o = Outbox::default();
    o.put(draft(), 0.0);
    let problem = Problem {
        status: 400,
        errors: vec![FieldError {
            field: "photo_ids".into(),
            code: "invalid".into(),
            message: "照片已过期".into(),
        }],
        ..Default::default()
    };
    o.finish(
        "k1",
        Err((
            &ApiError::Http {
                status: 400,
                problem: Some(problem),
                retry_after: None,
            },
            String::new(),
        )),
        now,
    );
    assert!(o.entries[0]
        .draft
        .photos
        .iter()
        .all(|p| p.upload_id.is_none()));
    assert_eq!(
        o.entries[0].errors,
        vec![("photo_ids".to_string(), "照片已过期".to_string())]
    );
}

#[test]
fn errors_are_classified() {
    assert_eq!(classify(&ApiError::Offline), Class::Offline);
    assert_eq!(classify(&ApiError::Timeout), Class::Transient);
    assert_eq!(classify(&http(500, None)), Class::Transient);
    assert_eq!(classify(&http(502, None)), Class::Transient);
    assert_eq!(classify(&http(429, Some(5))), Class::RateLimited(Some(5)));
    assert_eq!(classify(&http(401, None)), Class::Unauthorized);
    assert_eq!(classify(&http(400, None)), Class::Invalid);
    assert_eq!(classify(&http(413, None)), Class::Invalid);
    assert_eq!(classify(&http(403, None)), Class::Refused);
    assert_eq!(classify(&http(409, None)), Class::Refused);
}
