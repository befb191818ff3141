//! The tolerance rules of the contract, tested once on every answer type the app reads.
//!
//! Clients decode answers with these types' serde attributes, so the rules of api/README.md
//! ("Tolerance") live there: a newer backend may add fields, enum values and block types, and
//! a malformed list item or block is skipped instead of failing the answer. Each type is seeded
//! with a real answer of the reference server (`fixtures/`, recorded from the demo data), then
//! changed the ways a newer or odder backend would change it:
//!
//! 1. the seed decodes, and encodes back to what it was;
//! 2. an unknown field added to every object changes nothing;
//! 3. any text value replaced by a word this version does not know still decodes (an enum
//!    becomes `unknown`);
//! 4. any object in a list replaced by something else (a number, an object of another shape)
//!    drops just that item;
//! 5. any field that the OpenAPI document does not require, left out: the answer still decodes
//!    (a client must accept every answer the published schema allows);
//! 6. thousands of random mutations (values replaced, keys dropped, duplicated or added,
//!    lists emptied or lengthened): decoding never panics, and whatever decodes is a fixed
//!    point of encode → decode.

use contract::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn decode<T: DeserializeOwned>(v: &Value) -> Option<T> {
    // From text, as the app reads answers (RawValue-based lenient lists need a text source).
    serde_json::from_str(&v.to_string()).ok()
}

fn encode<T: Serialize>(t: &T) -> Value {
    serde_json::to_value(t).expect("encodes")
}

/// Every place in `v`: (path, value), depth first.
fn walk<'a>(v: &'a Value, path: &mut Vec<Step>, out: &mut Vec<(Vec<Step>, &'a Value)>) {
    out.push((path.clone(), v));
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                path.push(Step::Key(k.clone()));
                walk(x, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                path.push(Step::Index(i));
                walk(x, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

fn places(v: &Value) -> Vec<(Vec<Step>, Value)> {
    let mut out = Vec::new();
    walk(v, &mut Vec::new(), &mut out);
    out.into_iter().map(|(p, x)| (p, x.clone())).collect()
}

fn at_mut<'a>(v: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(v, |v, step| match step {
        Step::Key(k) => &mut v[k.as_str()],
        Step::Index(i) => &mut v[*i],
    })
}

/// `v` with `f` applied at `path`.
fn changed(v: &Value, path: &[Step], f: impl FnOnce(&mut Value)) -> Value {
    let mut out = v.clone();
    f(at_mut(&mut out, path));
    out
}

/// `v` with an unknown field in every object.
fn with_unknown_fields(v: &Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut out: Map<String, Value> = map.iter().map(|(k, x)| (k.clone(), with_unknown_fields(x))).collect();
            out.insert("zz_added_later".into(), json!({"nested": [1, "two", null]}));
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(with_unknown_fields).collect()),
        other => other.clone(),
    }
}

// --- The published schema --------------------------------------------------------------------

fn openapi() -> Value {
    serde_json::from_str(include_str!("../openapi.json")).expect("api/openapi.json is JSON")
}

/// `schema` with `$ref`s followed.
fn resolve<'a>(doc: &'a Value, mut schema: &'a Value) -> &'a Value {
    while let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().expect("a ref");
        schema = &doc["components"]["schemas"][name];
    }
    schema
}

/// The object schemas `schema` may be (through `allOf`, `oneOf`, `anyOf`), resolved.
fn alternatives<'a>(doc: &'a Value, schema: &'a Value, out: &mut Vec<&'a Value>) {
    let schema = resolve(doc, schema);
    let mut nested = false;
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(list) = schema.get(key).and_then(Value::as_array) {
            nested = true;
            for s in list {
                alternatives(doc, s, out);
            }
        }
    }
    if !nested || schema.get("properties").is_some() || schema.get("items").is_some() {
        out.push(schema);
    }
}

/// Whether the schema requires the field at `path` (its last step is a key) of the answer
/// `value`, whose schema is `root`.
fn schema_requires(doc: &Value, root: &Value, value: &Value, path: &[Step]) -> bool {
    let mut here: Vec<&Value> = Vec::new();
    alternatives(doc, root, &mut here);
    let mut v = value;
    for (n, step) in path.iter().enumerate() {
        let last = n + 1 == path.len();
        let mut next: Vec<&Value> = Vec::new();
        match step {
            Step::Key(k) => {
                // The alternatives that describe this object (for blocks: the one of its `type`).
                let fits = |s: &&Value| match s["properties"]["type"]["enum"].as_array() {
                    Some(tags) => tags.contains(&v["type"]),
                    None => true,
                };
                let candidates: Vec<&Value> = here.iter().copied().filter(fits).collect();
                if last {
                    return candidates.iter().any(|s| s["required"].as_array().is_some_and(|r| r.contains(&json!(k))));
                }
                for s in candidates {
                    if let Some(p) = s["properties"].get(k.as_str()) {
                        alternatives(doc, p, &mut next);
                    }
                }
                v = &v[k.as_str()];
            }
            Step::Index(i) => {
                for s in &here {
                    if let Some(items) = s.get("items") {
                        alternatives(doc, items, &mut next);
                    }
                }
                v = &v[*i];
            }
        }
        here = next;
    }
    false
}

/// The schema of the 2xx answer of `method path`.
fn answer_schema(doc: &Value, method: &str, path: &str) -> Value {
    let responses = &doc["paths"][path][method]["responses"];
    let ok = ["200", "201", "202"].iter().find_map(|s| responses.get(*s)).unwrap_or_else(|| panic!("{method} {path}: no 2xx answer"));
    ok["content"]["application/json"]["schema"].clone()
}

/// Checks rules 1–6 on type `T`, seeded with `seed`, the answer of `method path`.
fn tolerant<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(name: &str, seed: Value, (method, op): (&str, &str)) {
    let doc = openapi();
    let schema = if op.is_empty() { json!({"$ref": "#/components/schemas/Problem"}) } else { answer_schema(&doc, method, op) };
    // 1. The seed decodes and encodes back (nothing of the real answer is lost).
    let value: T = decode(&seed).unwrap_or_else(|| panic!("{name}: the fixture does not decode"));
    let canonical = encode(&value);
    assert_eq!(decode::<T>(&canonical).as_ref(), Some(&value), "{name}: encode → decode");
    assert_eq!(without_nulls(&canonical), without_nulls(&seed), "{name}: the fixture has fields the type does not keep");

    // 2. Unknown fields everywhere.
    assert_eq!(decode::<T>(&with_unknown_fields(&canonical)).as_ref(), Some(&value), "{name}: unknown fields");

    let all = places(&canonical);
    for (path, x) in &all {
        // 3. A word this version does not know, in place of any text.
        if x.is_string() {
            let doc = changed(&canonical, path, |v| *v = json!("zz_new_value"));
            assert!(decode::<T>(&doc).is_some(), "{name}: an unknown text at {path:?} fails the answer");
        }
        // 4. A list item that is not what it should be is dropped, alone.
        if let (Some(Step::Index(i)), true) = (path.last(), x.is_object()) {
            let list = &path[..path.len() - 1];
            // (An object of another shape may also read as an item with every field defaulted.)
            let other_shape = changed(&canonical, path, |v| *v = json!({"zz": true}));
            assert!(decode::<T>(&other_shape).is_some(), "{name}: an item of another shape at {path:?}");
            for odd in [json!(42), json!("text"), json!(null)] {
                let doc = changed(&canonical, path, |v| *v = odd.clone());
                let without = changed(&canonical, list, |v| {
                    v.as_array_mut().expect("a list").remove(*i);
                });
                let expected = decode::<T>(&without).unwrap_or_else(|| panic!("{name}: {list:?} without item {i}"));
                assert_eq!(decode::<T>(&doc), Some(expected), "{name}: a malformed item at {path:?} ({odd})");
            }
        }
    }

    // 5. A field the schema does not require may be left out.
    for (path, _) in &all {
        let Some(Step::Key(key)) = path.last() else { continue };
        if schema_requires(&doc, &schema, &canonical, path) {
            continue;
        }
        let parent = &path[..path.len() - 1];
        let absent = changed(&canonical, parent, |v| {
            v.as_object_mut().expect("an object").remove(key);
        });
        assert!(decode::<T>(&absent).is_some(), "{name}: leaving out the optional {path:?} fails the answer");
    }

    // 6. Random mutations.
    let mut rng = Rng(0x2545_F491_4F6C_DD1D ^ name.len() as u64);
    let mut decoded = 0;
    let rounds = 1500;
    for round in 0..rounds {
        let mut text = String::new();
        emit(&canonical, &mut rng, 4 + round % 40, &mut text);
        if let Ok(t) = serde_json::from_str::<T>(&text) {
            decoded += 1;
            let again: T = serde_json::from_str(&serde_json::to_string(&t).expect("encodes")).unwrap_or_else(|e| {
                panic!("{name}: a decoded mutant does not decode after encoding: {e}\n{text}")
            });
            assert_eq!(again, t, "{name}: encode → decode of a mutant\n{text}");
        }
    }
    assert!(decoded > rounds / 20, "{name}: only {decoded} of {rounds} mutations decoded");
}

fn without_nulls(v: &Value) -> Value {
    match v {
        Value::Object(map) => {
            Value::Object(map.iter().filter(|(_, x)| !x.is_null()).map(|(k, x)| (k.clone(), without_nulls(x))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

// --- Random mutations (a small deterministic xorshift) ----------------------------------------

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

/// Replacement values: every JSON type, edge numbers, enum names, odd strings, shapes.
const SNIPPETS: &[&str] = &[
    "null", "true", "false", "0", "1", "2", "-0", "-1", "1.0", "1.5", "1e2", "255", "256", "65535", "65536",
    "4294967295", "4294967296", "18446744073709551615", "18446744073709551616", "\"\"", "\"x\"", "\"news\"",
    "\"policy\"", "\"case\"", "\"opinion\"", "\"upcoming\"", "\"ongoing\"", "\"past\"", "\"later\"", "\"paragraph\"",
    "\"heading\"", "\"list\"", "\"quote\"", "\"image\"", "\"attachment\"", "\"video\"", "\"2026-11-29T08:30:00Z\"",
    "\"\\ud800\"", "\"\\u4f60\\n\\\"\"", "[]", "{}", "[1]", "[\"a\",\"b\"]", "[\"a\",null]", "{\"a\":null}",
    "{\"news\":null}", "{\"past\":null}", "{\"news\":1}", "{\"\\udc00\":1}", "[\"a_1\",\"news\"]", "[\"u\",\"a\",1,2]",
    "{\"id\":\"c\",\"name\":\"n\"}", "{\"url\":\"/m.png\",\"alt\":\"a\",\"width\":3}", "{\"type\":\"paragraph\",\"text\":\"p\"}",
    "-12.25", "1e400", "0.5", "\"citizen\"", "\"deputy\"", "\"staff\"", "\"department\"", "\"submitted\"", "\"closed\"",
    "\"fast\"", "\"major\"", "\"replied\"", "{\"type\":\"heading\",\"level\":3}", "\"reply\"", "\"in_app\"",
];

/// Writes `v` as JSON text, mutating it on the way: values replaced, keys dropped,
/// duplicated or added, arrays emptied or given extra items.
fn emit(v: &Value, rng: &mut Rng, rate: usize, out: &mut String) {
    if rng.chance(rate) {
        out.push_str(SNIPPETS[rng.below(SNIPPETS.len())]);
        return;
    }
    match v {
        Value::Object(map) => {
            out.push('{');
            let mut first = true;
            let mut sep = |out: &mut String| {
                if !first {
                    out.push(',');
                }
                first = false;
            };
            for (k, val) in map {
                if rng.chance(rate * 2) {
                    continue;
                }
                let times = if rng.chance(rate * 3) { 2 } else { 1 };
                for _ in 0..times {
                    sep(out);
                    out.push_str(&serde_json::to_string(k).expect("a key"));
                    out.push(':');
                    emit(val, rng, rate, out);
                }
                if rng.chance(rate * 3) {
                    sep(out);
                    out.push_str("\"zz_unknown\":");
                    out.push_str(SNIPPETS[rng.below(SNIPPETS.len())]);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            let mut n = 0;
            for item in items {
                if rng.chance(rate * 2) {
                    continue;
                }
                if n > 0 {
                    out.push(',');
                }
                emit(item, rng, rate, out);
                n += 1;
            }
            if rng.chance(rate) {
                if n > 0 {
                    out.push(',');
                }
                out.push_str(SNIPPETS[rng.below(SNIPPETS.len())]);
            }
            out.push(']');
        }
        other => out.push_str(&serde_json::to_string(other).expect("a value")),
    }
}

// --- Every answer type the app reads ----------------------------------------------------------

#[test]
fn reading() {
    tolerant::<Meta>("meta", fixture("meta.json"), ("get", "/api/v1/meta"));
    tolerant::<Page<ArticleSummary>>("articles", fixture("articles.json"), ("get", "/api/v1/articles"));
    tolerant::<Page<ArticleSummary>>("search by relevance", fixture("search.json"), ("get", "/api/v1/articles"));
    tolerant::<Article>("article", fixture("article.json"), ("get", "/api/v1/articles/{id}"));
    tolerant::<Page<Category>>("categories", fixture("categories.json"), ("get", "/api/v1/categories"));
    tolerant::<Page<EventSummary>>("events", fixture("events.json"), ("get", "/api/v1/events"));
    tolerant::<Event>("event", fixture("event.json"), ("get", "/api/v1/events/{id}"));
    tolerant::<Problem>("problem", fixture("problem.json"), ("", ""));
}

#[test]
fn people() {
    tolerant::<Session>("session", fixture("session.json"), ("post", "/api/v1/auth/sessions"));
    tolerant::<User>("user", fixture("user.json"), ("get", "/api/v1/me"));
    tolerant::<CodeSent>("code sent", fixture("code_sent.json"), ("post", "/api/v1/auth/codes"));
    tolerant::<Page<Station>>("stations", fixture("stations.json"), ("get", "/api/v1/stations"));
    tolerant::<Station>("station", fixture("station.json"), ("get", "/api/v1/stations/{id}"));
    tolerant::<Page<DeputySummary>>("deputies", fixture("deputies.json"), ("get", "/api/v1/deputies"));
    tolerant::<Deputy>("deputy", fixture("deputy.json"), ("get", "/api/v1/deputies/{id}"));
    tolerant::<Page<Department>>("departments", fixture("departments.json"), ("get", "/api/v1/departments"));
    tolerant::<ResponsivenessTable>("responsiveness", fixture("responsiveness.json"), ("get", "/api/v1/responsiveness"));
}

#[test]
fn messages() {
    tolerant::<Page<MessageCategory>>("message categories", fixture("message_categories.json"), ("get", "/api/v1/message-categories"));
    tolerant::<Page<MessageSummary>>("messages", fixture("messages.json"), ("get", "/api/v1/inbox"));
    tolerant::<MyMessagesSummary>("my messages summary", fixture("my_messages_summary.json"), ("get", "/api/v1/messages/mine/summary"));
    tolerant::<Message>("message", fixture("message.json"), ("get", "/api/v1/messages/{id}"));
    tolerant::<Upload>("upload", fixture("upload.json"), ("post", "/api/v1/uploads"));
    tolerant::<WorkSummary>("work summary", fixture("work_summary.json"), ("get", "/api/v1/work/summary"));
    tolerant::<Page<ReplyTemplate>>("reply templates", fixture("reply_templates.json"), ("get", "/api/v1/reply-templates"));
}

#[test]
fn notifications() {
    tolerant::<Page<Notification>>("notifications", fixture("notifications.json"), ("get", "/api/v1/notifications"));
    tolerant::<UnreadCount>("unread count", fixture("unread_count.json"), ("get", "/api/v1/notifications/unread-count"));
    tolerant::<NotificationPreferences>("preferences", fixture("preferences.json"), ("get", "/api/v1/notification-preferences"));
    tolerant::<StreamTicket>("stream ticket", fixture("stream_ticket.json"), ("post", "/api/v1/notifications/stream-tickets"));
    tolerant::<Page<PollSummary>>("polls", fixture("polls.json"), ("get", "/api/v1/polls"));
    tolerant::<Poll>("poll", fixture("poll.json"), ("get", "/api/v1/polls/{id}"));
}

#[test]
fn posters() {
    let page = fixture("posters.json");
    tolerant::<Page<Poster>>("posters", page.clone(), ("get", "/api/v1/posters"));
    tolerant::<Poster>("poster", page["items"][1].clone(), ("get", "/api/v1/posters/{id}"));
}

/// The schema look-up of rule 5 finds what the document requires, through `$ref`s, `allOf`
/// (a flattened article), `oneOf` (optional objects; blocks by their `type`) and lists.
#[test]
fn schema_lookup() {
    let doc = openapi();
    let m = fixture("message.json");
    let schema = answer_schema(&doc, "get", "/api/v1/messages/{id}");
    let req = |path: &[Step]| schema_requires(&doc, &schema, &m, path);
    let key = |k: &str| Step::Key(k.into());
    assert!(req(&[key("id")]));
    assert!(!req(&[key("rating")]));
    assert!(req(&[key("author"), key("role")]));
    assert!(req(&[key("timeline"), Step::Index(0), key("kind")]));
    assert!(!req(&[key("timeline"), Step::Index(0), key("note")]));
    assert!(req(&[key("rating"), key("stars")]));
    let a = fixture("article.json");
    let schema = answer_schema(&doc, "get", "/api/v1/articles/{id}");
    assert!(req_in(&doc, &schema, &a, &[key("published_at")]), "from the flattened summary");
    assert!(!req_in(&doc, &schema, &a, &[key("body")]));
    let heading = a["body"].as_array().unwrap().iter().position(|b| b["type"] == "heading").expect("a heading");
    assert!(req_in(&doc, &schema, &a, &[key("body"), Step::Index(heading), key("type")]));
    assert!(!req_in(&doc, &schema, &a, &[key("body"), Step::Index(heading), key("level")]));
}

fn req_in(doc: &Value, schema: &Value, value: &Value, path: &[Step]) -> bool {
    schema_requires(doc, schema, value, path)
}

/// The rich-text rules on their own: blocks of unknown types and malformed blocks are skipped,
/// the others kept in order.
#[test]
fn blocks_of_unknown_types_are_skipped() {
    let mut doc = fixture("article.json");
    let body = doc["body"].as_array_mut().expect("a body");
    let known = body.len();
    body.insert(1, json!({"type": "video", "url": "/v.mp4"}));
    body.push(json!({"type": "heading", "level": "two"}));
    body.push(json!("text"));
    let a: Article = decode(&doc).expect("decodes");
    assert_eq!(a.body.len(), known);
}
