//! The committed `api/openapi.json` must equal the document generated from the types.
//! Regenerate with: `UPDATE_OPENAPI=1 cargo test -p contract --features openapi --test openapi`.

use std::path::PathBuf;

#[test]
fn committed_openapi_document_is_current() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("openapi.json");
    let generated = contract::openapi::document();
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).expect("write openapi.json");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "api/openapi.json is stale: run `UPDATE_OPENAPI=1 cargo test -p contract --features openapi --test openapi`"
    );
}

#[test]
fn document_is_openapi_3_1_with_every_endpoint() {
    let doc: serde_json::Value = serde_json::from_str(&contract::openapi::document()).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for p in ["/api/v1/meta", "/api/v1/articles", "/api/v1/articles/{id}", "/api/v1/categories", "/api/v1/events", "/api/v1/events/{id}"] {
        assert!(doc["paths"][p].is_object(), "missing path {p}");
    }
}

/// Texts of every length around the bounds, padded and not, with the characters the rules care
/// about: white space that trimming removes, control characters, and ordinary text.
fn texts() -> Vec<String> {
    let pieces = ["", " ", "\u{3000}", "\u{85}", "\t", "\n", "\r\n", "\u{1c}", "\u{0}", "\u{7f}", "\u{9f}", "\u{200b}", "\u{202e}", "\u{2066}", "\u{200f}", "a", "路", "灯 坏", "!"];
    let mut out = Vec::new();
    for a in pieces {
        for b in pieces {
            for n in [0, 1, 2, 3, 4, 9, 10, 39, 40, 41, 199, 200, 201] {
                let core = "路".repeat(n);
                out.push(format!("{a}{core}{b}"));
                out.push(format!("{a}x{b}{core}{b}x{a}"));
                out.push(format!("{core}{a}{b}"));
            }
        }
    }
    out
}

#[test]
fn text_patterns_accept_exactly_what_the_rules_accept() {
    use contract::openapi::bounds::text_pattern;
    let samples = texts();
    for (min, max, optional) in [(4, 40, false), (10, 1000, false), (1, 1000, false), (2, 200, false), (1, 200, true), (2, 60, false)] {
        let pattern = text_pattern(min, max, optional);
        let re = regex::Regex::new(&pattern).expect("the pattern compiles");
        for s in &samples {
            let rule = contract::rules::text("f", s, min, max, !optional);
            assert_eq!(re.is_match(s), rule.is_ok(), "{pattern} on {s:?}: the rule says {rule:?}");
        }
    }
}

#[test]
fn the_phone_pattern_accepts_exactly_what_the_server_reads() {
    let re = regex::Regex::new(&contract::openapi::bounds::phone_pattern()).expect("compiles");
    for s in [
        "13800000001", "138 0000 0001", "138-0000-0001", "+8613800000001", "+86 138 0000 0001", "008613800000001",
        "1380000000", "138000000011", "23800000001", "+8523800000001", "", "1380000000a", "+86-138-0000-0001", " 13800000001 ",
    ] {
        let read = contract::rules::normalize_phone(s).is_some();
        assert_eq!(re.is_match(s), read, "{s:?}");
    }
}

/// Every bound of the document comes from the contract's constants (spot checks of each kind).
#[test]
fn bounds_are_the_contracts_constants() {
    let doc: serde_json::Value = serde_json::from_str(&contract::openapi::document()).unwrap();
    let s = &doc["components"]["schemas"];
    assert_eq!(s["NewMessage"]["properties"]["title"]["minLength"], contract::TITLE_MIN);
    assert_eq!(s["NewMessage"]["properties"]["title"]["maxLength"], contract::TITLE_MAX);
    assert_eq!(s["NewMessage"]["properties"]["body"]["maxLength"], contract::BODY_MAX);
    assert_eq!(s["NewMessage"]["properties"]["photo_ids"]["maxItems"], contract::MAX_PHOTOS);
    assert_eq!(s["NewRating"]["properties"]["stars"]["maximum"], 5);
    assert_eq!(s["Triage"]["properties"]["version"]["minimum"], 1);
    let limit = &doc["paths"]["/api/v1/articles"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "limit")
        .unwrap()["schema"]["anyOf"][0];
    assert_eq!(limit["maximum"], contract::MAX_LIMIT);
    assert_eq!(limit["minimum"], 1);
    // every 429 says when to come back
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            if let Some(r) = op["responses"].get("429") {
                assert!(r["headers"]["Retry-After"].is_object(), "{method} {path}: 429 without Retry-After");
            }
        }
    }
}
