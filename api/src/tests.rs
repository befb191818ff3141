//! Tests of the contract's own types: limits, enum names, flat articles and events, tolerant
//! decoding of lists, problems and blocks (the rules across every answer type are in
//! `api/tests/tolerance.rs`).

use super::*;

#[test]
fn limit_parsing() {
    assert_eq!(parse_limit(None), Ok(DEFAULT_LIMIT));
    assert_eq!(parse_limit(Some("5")), Ok(5));
    assert_eq!(parse_limit(Some("50")), Ok(50));
    for bad in ["0", "51", "-1", "abc", "", "1.5"] {
        let err = parse_limit(Some(bad)).unwrap_err();
        assert_eq!(err.field, "limit");
        assert_eq!(err.code, "out_of_range");
    }
}

#[test]
fn kinds_round_trip() {
    for k in ArticleKind::ALL {
        assert_eq!(ArticleKind::parse(k.as_str()), Some(k));
        let json = serde_json::to_string(&k).unwrap();
        assert_eq!(json, format!("\"{}\"", k.as_str()));
    }
    assert_eq!(ArticleKind::parse("unknown"), None);
    for s in EventStatus::ALL {
        assert_eq!(EventStatus::parse(s.as_str()), Some(s));
    }
}

fn full_summary() -> ArticleSummary {
    ArticleSummary {
        id: "a_1".into(),
        kind: ArticleKind::Policy,
        category: Some(CategoryRef { id: "c_1".into(), name: "会议动态".into() }),
        title: "标题".into(),
        summary: "摘要".into(),
        cover: Some(ImageRef { url: "/media/a.svg".into(), alt: "图".into(), width: Some(640), height: Some(360) }),
        author: Some("通讯员".into()),
        source: Some("镇人大主席团".into()),
        published_at: "2026-11-29T08:30:00Z".into(),
        view_count: 42,
        excerpt: Some("…村口装上了路灯…".into()),
        comment_count: 3,
        like_count: 7,
    }
}

fn full_event_summary() -> EventSummary {
    EventSummary {
        id: "e_1".into(),
        title: "代表接待日".into(),
        summary: "摘要".into(),
        starts_at: "2026-12-03T01:00:00Z".into(),
        ends_at: Some("2026-12-03T03:00:00Z".into()),
        place: "联络站".into(),
        organiser: "镇人大".into(),
        status: EventStatus::Ongoing,
        cover: Some(ImageRef { url: "/media/e.svg".into(), alt: String::new(), width: None, height: None }),
    }
}

fn blocks() -> Vec<Block> {
    vec![
        Block::Paragraph { text: "段落".into() },
        Block::Heading { level: 3, text: "小标题".into() },
        Block::List { ordered: true, items: vec!["一".into(), "二".into()] },
        Block::Quote { text: "引文".into(), cite: Some("某人".into()) },
        Block::Image { url: "/media/i.svg".into(), alt: "图".into(), caption: Some("说明".into()), width: Some(1), height: Some(2) },
        Block::Attachment { url: "/media/f.pdf".into(), name: "f.pdf".into(), size_bytes: Some(2048), mime_type: Some("application/pdf".into()) },
    ]
}

#[test]
fn article_round_trips_as_one_flat_object() {
    let a = Article { summary: full_summary(), body: blocks(), updated_at: Some("2026-11-30T00:00:00Z".into()) };
    let v = serde_json::to_value(&a).unwrap();
    // Flat: the summary fields sit beside `body`, no `summary` object wrapping them.
    assert_eq!(v["id"], "a_1");
    assert_eq!(v["summary"], "摘要");
    assert_eq!(v["body"][0]["type"], "paragraph");
    assert_eq!(v["updated_at"], "2026-11-30T00:00:00Z");
    let text = serde_json::to_string(&a).unwrap();
    assert_eq!(serde_json::from_str::<Article>(&text).unwrap(), a, "every field decodes (from_str)");
    assert_eq!(serde_json::from_slice::<Article>(text.as_bytes()).unwrap(), a, "from_slice");
    assert_eq!(serde_json::from_value::<Article>(v).unwrap(), a, "from_value");
    assert_eq!(serde_json::from_reader::<_, Article>(text.as_bytes()).unwrap(), a, "from_reader");
    // The summary alone decodes from the same object (the list shape).
    assert_eq!(serde_json::from_str::<ArticleSummary>(&text).unwrap(), a.summary);
}

#[test]
fn event_round_trips_as_one_flat_object() {
    let e = Event {
        summary: full_event_summary(),
        description: blocks(),
        online: Some(OnlineJoin { url: "https://live.example.org/e_1".into(), label: "观看直播".into() }),
        phone: Some("0763-5551234".into()),
        lat: Some(23.7361),
        lng: Some(112.9893),
    };
    let v = serde_json::to_value(&e).unwrap();
    assert_eq!(v["id"], "e_1");
    assert_eq!(v["status"], "ongoing");
    assert_eq!(v["description"][2]["type"], "list");
    assert_eq!(v["online"]["label"], "观看直播");
    assert_eq!(v["lat"], 23.7361);
    // Without the optional fields, none is written.
    let bare = Event { online: None, phone: None, lat: None, lng: None, ..e.clone() };
    let text = serde_json::to_string(&bare).unwrap();
    assert!(!text.contains("online") && !text.contains("phone") && !text.contains("\"lat\""), "{text}");
    assert_eq!(serde_json::from_str::<Event>(&text).unwrap(), bare);
    let text = serde_json::to_string(&e).unwrap();
    assert_eq!(serde_json::from_str::<Event>(&text).unwrap(), e);
    assert_eq!(serde_json::from_value::<Event>(v).unwrap(), e);
    assert_eq!(serde_json::from_str::<EventSummary>(&text).unwrap(), e.summary);
}

#[test]
fn article_decoding_is_tolerant() {
    let json = r#"{
        "id": "a_9", "kind": "opinion", "published_at": "2026-01-01T00:00:00Z",
        "category": null, "cover": null, "brand_new_field": {"x": [1, 2]},
        "body": [
            {"type": "paragraph", "text": "ok"},
            {"type": "video", "url": "/v.mp4"},
            {"type": "heading", "level": "two", "text": "bad level"},
            {"type": "list", "items": ["a", 3]},
            "not a block",
            null,
            {"type": "heading", "text": "default level"},
            {"type": "paragraph"}
        ],
        "updated_at": null
    }"#;
    let a: Article = serde_json::from_str(json).unwrap();
    assert_eq!(a.summary.kind, ArticleKind::Unknown);
    assert_eq!(a.summary.title, "");
    assert_eq!(a.summary.view_count, 0);
    assert_eq!(a.summary.category, None);
    assert_eq!(
        a.body,
        vec![
            Block::Paragraph { text: "ok".into() },
            Block::Heading { level: 2, text: "default level".into() },
            Block::Paragraph { text: String::new() },
        ]
    );
    assert_eq!(a.updated_at, None);
    // body absent or null: no blocks.
    let a: Article = serde_json::from_str(r#"{"id":"a","kind":"news","published_at":"t"}"#).unwrap();
    assert!(a.body.is_empty());
    let a: Article = serde_json::from_str(r#"{"id":"a","kind":"news","published_at":"t","body":null}"#).unwrap();
    assert!(a.body.is_empty());
    // Required fields stay required.
    assert!(serde_json::from_str::<Article>(r#"{"kind":"news","published_at":"t"}"#).is_err());
    assert!(serde_json::from_str::<Article>(r#"{"id":"a","kind":"news"}"#).is_err());
    // A body that is not a list at all is a decoding error, not silently empty.
    assert!(serde_json::from_str::<Article>(r#"{"id":"a","kind":"news","published_at":"t","body":{}}"#).is_err());
}

#[test]
fn event_decoding_is_tolerant() {
    let json = r#"{"id":"e","starts_at":"t","status":"postponed","extra":true,
        "description":[{"type":"quote","text":"q"},{"type":"map"},{"type":"quote","text":1}]}"#;
    let e: Event = serde_json::from_str(json).unwrap();
    assert_eq!(e.summary.status, EventStatus::Unknown);
    assert_eq!(e.description, vec![Block::Quote { text: "q".into(), cite: None }]);
    let e: Event = serde_json::from_str(r#"{"id":"e","starts_at":"t"}"#).unwrap();
    assert_eq!(e.summary.status, EventStatus::Unknown, "missing status");
    assert_eq!((e.online, e.phone, e.lat, e.lng), (None, None, None, None), "older backends");
    let e: Event = serde_json::from_str(r#"{"id":"e","starts_at":"t","online":{"url":"https://x.example/"}}"#).unwrap();
    assert_eq!(e.online, Some(OnlineJoin { url: "https://x.example/".into(), label: String::new() }), "a link without a label");
    assert!(serde_json::from_str::<Event>(r#"{"id":"e"}"#).is_err());
}

#[test]
fn a_malformed_list_item_never_fails_the_page() {
    let json = r#"{"items":[
        {"id":"a","kind":"news","published_at":"t","title":"one"},
        {"id":"b","kind":"news"},
        {"id":7,"kind":"news","published_at":"t"},
        [],
        {"id":"c","kind":"mystery","published_at":"t","unknown":{"deep":[null]}}
    ],"next_cursor":"n","extra":1}"#;
    for page in [
        serde_json::from_str::<Page<ArticleSummary>>(json).unwrap(),
        serde_json::from_value::<Page<ArticleSummary>>(serde_json::from_str(json).unwrap()).unwrap(),
        serde_json::from_reader::<_, Page<ArticleSummary>>(json.as_bytes()).unwrap(),
    ] {
        let ids: Vec<_> = page.items.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "c"]);
        assert_eq!(page.items[1].kind, ArticleKind::Unknown);
        assert_eq!(page.next_cursor.as_deref(), Some("n"));
    }
    let empty: Page<EventSummary> = serde_json::from_str(r#"{"items":null,"next_cursor":null}"#).unwrap();
    assert_eq!(empty, Page::default());
    let empty: Page<Category> = serde_json::from_str("{}").unwrap();
    assert_eq!(empty, Page::default());
    // Strings with escapes inside items survive the raw pass.
    let page: Page<Category> =
        serde_json::from_str(r#"{"items":[{"id":"c\"1","kind":"case","name":"\u4f1a\n"}]}"#).unwrap();
    assert_eq!(page.items[0].id, "c\"1");
    assert_eq!(page.items[0].name, "会\n");
    assert!(serde_json::from_str::<Page<Category>>(r#"{"items":"nope"}"#).is_err());
}

#[test]
fn problems_decode_tolerantly() {
    let p: Problem = serde_json::from_str(
        r#"{"status":400,"errors":[{"field":"q","code":"too_long","message":"太长"},5,{"field":1}],"new":1}"#,
    )
    .unwrap();
    assert_eq!(p.problem_type, "about:blank");
    assert_eq!(p.errors.len(), 1);
    assert_eq!(p.errors[0].message, "太长");
}

#[test]
fn blocks_decode_as_the_derived_enum_would() {
    // Every block of `blocks()`, serialised, plus odd ones: the two-pass decoding must agree
    // with `Block`'s derived (internally tagged) `Deserialize`, success or failure alike.
    let mut samples: Vec<String> = blocks().iter().map(|b| serde_json::to_string(b).unwrap()).collect();
    samples.extend(
        [
            r#"{"type":"paragraph"}"#,
            r#"{"text":"no type"}"#,
            r#"{"type":5,"text":"x"}"#,
            r#"{"type":null}"#,
            r#"{"type":"Paragraph","text":"x"}"#,
            r#"{"type":"video","url":"/v.mp4"}"#,
            r#"{"type":"paragraph","text":null}"#,
            r#"{"type":"paragraph","text":7}"#,
            r#"{"type":"paragraph","text":"a","type":"heading"}"#,
            r#"{"text":"late tag","type":"heading","level":4}"#,
            r#"{"type":"heading","level":300,"text":"x"}"#,
            r#"{"type":"heading","level":-1}"#,
            r#"{"type":"heading","level":2.0}"#,
            r#"{"type":"heading","level":"3"}"#,
            r#"{"type":"heading","level":null}"#,
            r#"{"type":"list","ordered":"yes"}"#,
            r#"{"type":"list","items":["a",null]}"#,
            r#"{"type":"list","items":{}}"#,
            r#"{"type":"quote","text":"q","cite":null}"#,
            r#"{"type":"quote","text":"q","cite":3}"#,
            r#"{"type":"image","url":"/i.png","width":-5}"#,
            r#"{"type":"image","url":"/i.png","width":1.5,"extra":[1,{"a":null}]}"#,
            r#"{"type":"image","url":"/i.png","height":4294967296}"#,
            r#"{"type":"attachment","url":"/f","size_bytes":18446744073709551615}"#,
            r#"{"type":"attachment","url":"/f","size_bytes":18446744073709551616}"#,
            r#"{"type":"attachment","url":"/f","mime_type":{"a":1}}"#,
            r#"{"type":"paragraph","text":"\u4f60\n\"q\""}"#,
            r#"{"type":"paragraph","text":"dup","text":"dup2"}"#,
            r#""paragraph""#,
            r#"null"#,
            r#"3"#,
            r#"{}"#,
        ]
        .map(String::from),
    );
    for raw in &samples {
        let derived = serde_json::from_str::<Block>(raw).ok();
        assert_eq!(decode_block(raw), derived, "{raw}");
    }
    let list = format!("[{}]", samples.join(","));
    let via_lenient: Vec<Block> = lenient_blocks(&mut serde_json::Deserializer::from_str(&list)).unwrap();
    let via_derived: Vec<Block> = samples.iter().filter_map(|s| serde_json::from_str(s).ok()).collect();
    assert_eq!(via_lenient, via_derived);
    assert!(via_lenient.len() >= blocks().len());
    // The one difference: serde would also take a block written as an array of its
    // values (`["paragraph","x"]`), which the contract does not describe; it is skipped.
    assert_eq!(serde_json::from_str::<Block>(r#"["paragraph","x"]"#).ok(), Some(Block::Paragraph { text: "x".into() }));
    assert_eq!(decode_block(r#"["paragraph","x"]"#), None);
    assert_eq!(decode_block(r#"["paragraph"]"#), None);
    assert_eq!(decode_block(r#" {"type":"paragraph"}"#), Some(Block::Paragraph { text: String::new() }));
}
