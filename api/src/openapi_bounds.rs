//! Every rule the reference server enforces on a request, written into the document's schemas
//! from the contract's own constants — the same ones `rules.rs` and `requests.rs` check — so
//! that a tester generating requests from the document (api/README.md, "Conformance") only
//! sends what a server must accept. utoipa's `#[schema(...)]` attributes take literals only,
//! hence this table rather than attributes: one source for each bound.
//!
//! Lengths are in characters (Unicode scalar values), as `rules::text` counts them; JSON
//! Schema's `minLength`/`maxLength` count the same way.

use serde_json::{json, Value};

use crate::*;

/// What `str::trim` removes (Unicode `White_Space`), as a regex class body. Spelled out
/// because `\s` differs between the regex dialects of testers (Python's also matches
/// U+001C–U+001F, which servers keep and refuse as control characters).
const WS: &str = r"\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";
/// Control characters (`char::is_control`, Unicode Cc) and the bidirectional embeddings,
/// overrides and isolates that `rules::text` refuses (`rules::is_bidi_control`).
const CC: &str = r"\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069";
/// What a text may not hold inside: the same but tab, line feed and carriage return.
const CC_INSIDE: &str = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069";

/// The pattern of a text of `min..=max` characters once trimmed, without control characters
/// but line breaks and tabs (`rules::text`); `optional`: blank is allowed too (= absent).
pub fn text_pattern(min: usize, max: usize, optional: bool) -> String {
    let visible = format!("[^{WS}{CC}]");
    let inside = format!("[^{CC_INSIDE}]");
    let core = if min <= 1 {
        format!("{visible}({inside}{{0,{}}}{visible})?", max.saturating_sub(2))
    } else {
        format!("{visible}{inside}{{{},{}}}{visible}", min - 2, max - 2)
    };
    if optional {
        format!("^[{WS}]*({core}[{WS}]*)?$")
    } else {
        format!("^[{WS}]*{core}[{WS}]*$")
    }
}

/// A mainland mobile number as `rules::normalize_phone` reads it: 11 digits starting with 1,
/// optionally after `+86` or `0086`, with spaces and dashes anywhere.
pub fn phone_pattern() -> String {
    let s = "[ -]*";
    let digits = format!("1({s}[0-9]){{{}}}", PHONE_DIGITS - 1);
    format!(r"^{s}(\+{s}8{s}6{s}|0{s}0{s}8{s}6{s})?{digits}{s}$")
}

/// Ids issued by the server (`rules::valid_id`).
pub const ID_PATTERN: &str = "^[A-Za-z0-9_-]{1,64}$";
/// Upload ids (`rules::valid_upload_id`).
pub const UPLOAD_ID_PATTERN: &str = "^[0-9a-f]{32}$";
/// An id a query filters by (a station, a category): not blank, at most 64 characters.
const FILTER_ID_MAX: usize = 64;

/// What an empty query value means, said on every query parameter.
pub const EMPTY_QUERY_VALUE: &str = "An empty value (`?name=`) is the same as leaving the parameter out.";

fn text(min: usize, max: usize, optional: bool) -> Value {
    json!({ "minLength": min, "maxLength": max, "pattern": text_pattern(min, max, optional) })
}

/// (schema, property, what to add to the property's schema)
fn properties() -> Vec<(&'static str, &'static str, Value)> {
    let version = json!({ "minimum": 1 });
    let id = json!({ "pattern": ID_PATTERN, "minLength": 1, "maxLength": 64 });
    vec![
        ("CodeRequest", "phone", json!({ "pattern": phone_pattern() })),
        ("SignIn", "phone", json!({ "pattern": phone_pattern() })),
        ("SignIn", "code", json!({ "pattern": format!("^[{WS}]*[0-9]{{{SIGN_IN_CODE_DIGITS}}}[{WS}]*$") })),
        ("Recipient", "id", id.clone()),
        ("NewMessage", "category_id", id.clone()),
        ("NewMessage", "title", text(TITLE_MIN, TITLE_MAX, false)),
        ("NewMessage", "body", text(BODY_MIN, BODY_MAX, false)),
        (
            "NewMessage",
            "photo_ids",
            json!({ "maxItems": MAX_PHOTOS, "uniqueItems": true, "items": { "type": "string", "pattern": UPLOAD_ID_PATTERN } }),
        ),
        ("Location", "label", text(1, LOCATION_MAX, false)),
        ("Location", "lat", json!({ "minimum": -90, "maximum": 90 })),
        ("Location", "lng", json!({ "minimum": -180, "maximum": 180 })),
        ("Triage", "version", version.clone()),
        ("Triage", "category_id", id.clone()),
        ("Triage", "note", text(1, NOTE_MAX, true)),
        ("NewReply", "body", text(1, REPLY_MAX, false)),
        (
            "NewPushSubscription",
            "endpoint",
            json!({ "maxLength": PUSH_ENDPOINT_MAX, "pattern": format!("^[{WS}]*https://[^/?#@{WS}{CC}]+[!-~]*[{WS}]*$") }),
        ),
        ("PushKeys", "p256dh", json!({ "pattern": format!("^[{WS}]*[A-Za-z0-9_-]{{{P256DH_CHARS}}}=?[{WS}]*$") })),
        ("PushKeys", "auth", json!({ "pattern": format!("^[{WS}]*[A-Za-z0-9_-]{{{AUTH_CHARS}}}(==)?[{WS}]*$") })),
        ("StatusChange", "version", version.clone()),
        ("StatusChange", "note", text(1, NOTE_MAX, true)),
        ("NewPlanStep", "version", version.clone()),
        ("NewPlanStep", "title", text(STEP_TITLE_MIN, STEP_TITLE_MAX, false)),
        ("StepDone", "version", version.clone()),
        ("HandOver", "version", version),
        ("HandOver", "department_id", id.clone()),
        ("HandOver", "note", text(REASON_MIN, NOTE_MAX, false)),
        ("NewRating", "stars", json!({ "minimum": 1, "maximum": 5 })),
        ("NewRating", "comment", text(1, NOTE_MAX, true)),
        ("Reopen", "reason", text(REASON_MIN, NOTE_MAX, false)),
        ("ReadAll", "up_to_id", id.clone()),
        ("NewComment", "target_id", id.clone()),
        ("NewComment", "body", text(1, COMMENT_MAX, false)),
        ("NewComment", "reply_to", id.clone()),
        ("CommentEdit", "body", text(1, COMMENT_MAX, false)),
        ("NewReport", "target_id", id.clone()),
        ("NewReport", "detail", text(1, REPORT_DETAIL_MAX, true)),
        ("ModerationDecision", "target_id", id.clone()),
        ("ModerationDecision", "reason", text(1, MODERATION_REASON_MAX, true)),
        ("NewSuspension", "user_id", id.clone()),
        ("NewTopic", "title", text(TOPIC_TITLE_MIN, TOPIC_TITLE_MAX, false)),
        ("NewTopic", "body", text(TOPIC_BODY_MIN, TOPIC_BODY_MAX, false)),
        ("NewTopic", "station_id", id.clone()),
        ("NewTopic", "village", text(1, LOCATION_MAX, true)),
        ("NewTopic", "closes_at", json!({ "format": "date-time" })),
        ("CloseTopic", "conclusion", text(1, CONCLUSION_MAX, false)),
        (
            "CloseTopic",
            "adopted",
            json!({ "maxItems": ADOPTED_MAX, "uniqueItems": true, "items": { "type": "string", "pattern": ID_PATTERN } }),
        ),
        ("NewRead", "article_id", id.clone()),
        ("NewCommendation", "user_id", id.clone()),
        ("NewCommendation", "deputy_id", id.clone()),
        ("NewCommendation", "title", text(1, COMMENDATION_TITLE_MAX, false)),
        ("NewCommendation", "reason", text(1, COMMENDATION_REASON_MAX, false)),
        ("NewCommendation", "period", text(1, COMMENDATION_PERIOD_MAX, false)),
        ("NewPoster", "target_id", id.clone()),
        ("NewPoster", "place", text(1, POSTER_PLACE_MAX, false)),
        ("NewMessage", "via", id.clone()),
        ("NewSuspension", "days", json!({ "minimum": 1, "maximum": SUSPENSION_DAYS_MAX })),
        ("NewSuspension", "reason", text(1, MODERATION_REASON_MAX, false)),
        ("NewPoll", "title", text(POLL_TITLE_MIN, POLL_TITLE_MAX, false)),
        ("NewPoll", "description", text(1, POLL_DESCRIPTION_MAX, true)),
        ("NewPoll", "questions", json!({ "minItems": 1, "maxItems": POLL_QUESTIONS_MAX })),
        ("NewScope", "station_id", id.clone()),
        ("NewScope", "village", text(1, VILLAGE_MAX, false)),
        ("NewQuestion", "text", text(QUESTION_TEXT_MIN, QUESTION_TEXT_MAX, false)),
        ("NewQuestion", "max_choices", json!({ "minimum": 1, "maximum": OPTIONS_MAX })),
        (
            "NewQuestion",
            "options",
            json!({ "minItems": OPTIONS_MIN, "maxItems": OPTIONS_MAX, "uniqueItems": true, "items": { "type": "string", "minLength": 1, "maxLength": OPTION_TEXT_MAX, "pattern": text_pattern(1, OPTION_TEXT_MAX, false) } }),
        ),
        ("Answer", "question_id", id.clone()),
        ("Answer", "option_ids", json!({ "minItems": 1, "maxItems": OPTIONS_MAX, "uniqueItems": true, "items": { "type": "string", "pattern": ID_PATTERN } })),
        (
            "AttemptAnswer",
            "option_ids",
            json!({ "maxItems": ANSWER_OPTIONS_MAX, "uniqueItems": true, "items": { "type": "string", "minLength": 1, "maxLength": ANSWER_OPTION_ID_MAX } }),
        ),
        ("Village", "station_id", id.clone()),
        ("Village", "village", text(1, VILLAGE_MAX, false)),
        // URLs in answers: absolute `http(s)` URLs or paths of the backend (api/README.md)
        ("ImageRef", "url", json!({ "format": "uri-reference" })),
        ("OnlineJoin", "url", json!({ "format": "uri-reference" })),
        ("Upload", "url", json!({ "format": "uri-reference" })),
    ]
}

/// Properties whose schema is replaced (a narrower enum than the type's).
fn replaced() -> Vec<(&'static str, &'static str, Value)> {
    let reportable = json!({
        "type": "string",
        "enum": ["comment", "topic"],
        "description": "What is reported: a comment (or a topic, where the backend has them).",
    });
    let commentable = json!({
        "type": "string",
        "enum": ["article", "message", "topic", "poll"],
        "description": "What is commented on: an article, a public message of the board, a topic or a poll.",
    });
    vec![
        ("NewComment", "target_kind", commentable),
        ("NewReport", "target_kind", reportable.clone()),
        ("ModerationDecision", "target_kind", reportable),
        (
        "StatusChange",
        "status",
        json!({
            "type": "string",
            "enum": ["accepted", "in_progress", "resolved", "closed"],
            "description": "One of `can.set_status`: accepted, in_progress, resolved or closed.",
        }),
    ),
    ]
}

fn message_statuses(todo: bool) -> Value {
    let mut v = vec!["open".to_owned()];
    v.extend(MessageStatus::ALL.iter().map(|s| s.as_str().to_owned()));
    if todo {
        v.push("todo".into());
    }
    json!(v)
}

/// The schema of a query parameter of `path`, with the empty value allowed: it means the
/// parameter left out ([`EMPTY_QUERY_VALUE`]).
fn query_schema(path: &str, name: &str) -> Option<Value> {
    let mut schema = bare_query_schema(path, name)?;
    if let Some(values) = schema.get_mut("enum").and_then(Value::as_array_mut) {
        values.push(json!(""));
    } else if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
        schema["pattern"] = json!(format!("^$|{pattern}"));
    } else if schema["type"] == "integer" {
        schema = json!({ "anyOf": [schema, { "type": "string", "maxLength": 0 }] });
    }
    Some(schema)
}

fn bare_query_schema(path: &str, name: &str) -> Option<Value> {
    let filter_id = json!({ "type": "string", "maxLength": FILTER_ID_MAX, "pattern": format!("[^{WS}]") });
    Some(match name {
        "limit" => json!({ "type": "integer", "minimum": 1, "maximum": MAX_LIMIT }),
        "q" => json!({ "type": "string", "maxLength": MAX_QUERY_CHARS, "pattern": format!("[^{WS}]") }),
        "kind" => json!({ "type": "string", "enum": ArticleKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>() }),
        "sort" if path.ends_with("/comments") => {
            json!({ "type": "string", "enum": CommentSort::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>() })
        }
        "sort" => json!({ "type": "string", "enum": ["newest", "relevance"] }),
        "target_kind" => json!({ "type": "string", "enum": ["article", "message", "topic", "poll"] }),
        "target_id" => json!({ "type": "string", "pattern": ID_PATTERN }),
        "state" if path.ends_with("/moderation/queue") => {
            json!({ "type": "string", "enum": ["pending", "hidden", "reported"] })
        }
        "period" => json!({ "type": "string", "enum": LeaderboardPeriod::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>() }),
        "unread" => json!({ "type": "string", "enum": ["true", "false"] }),
        "status" if path.ends_with("/topics") => json!({ "type": "string", "enum": ["open", "closed"] }),
        "status" if path.ends_with("/polls") => {
            json!({ "type": "string", "enum": PollStatus::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>() })
        }
        "status" if path.ends_with("/events") => {
            json!({ "type": "string", "enum": EventStatus::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>() })
        }
        "status" => json!({ "type": "string", "enum": message_statuses(path.ends_with("/inbox") || path.ends_with("/triage")) }),
        // A blank station is refused; a blank category is only a category without messages.
        "station" | "first_station" => filter_id,
        "category" => json!({ "type": "string", "maxLength": FILTER_ID_MAX }),
        _ => return None,
    })
}

fn merge(target: &mut Value, add: &Value) {
    if let (Some(t), Some(a)) = (target.as_object_mut(), add.as_object()) {
        for (k, v) in a {
            t.insert(k.clone(), v.clone());
        }
    }
}

/// Writes the bounds into the document.
pub fn apply(doc: &mut Value) {
    for (schema, prop, add) in properties() {
        let p = &mut doc["components"]["schemas"][schema]["properties"][prop];
        assert!(p.is_object(), "openapi bounds: no property {schema}.{prop}");
        merge(p, &add);
    }
    for (schema, prop, with) in replaced() {
        let p = &mut doc["components"]["schemas"][schema]["properties"][prop];
        assert!(p.is_object(), "openapi bounds: no property {schema}.{prop}");
        *p = with;
    }
    let Some(paths) = doc["paths"].as_object_mut() else { return };
    for (path, ops) in paths.iter_mut() {
        let Some(ops) = ops.as_object_mut() else { continue };
        for (method, op) in ops.iter_mut() {
            statuses(path, method, op);
            // (`get_mut`: indexing a missing key mutably would insert a `null`)
            let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) else { continue };
            for param in params {
                if param["in"] == "header" && param["name"] == "Idempotency-Key" {
                    param["schema"] = json!({ "type": "string", "pattern": format!("^[!-~]{{1,{IDEMPOTENCY_KEY_MAX}}}$") });
                }
                if param["in"] != "query" {
                    continue;
                }
                let name = param["name"].as_str().unwrap_or_default().to_owned();
                if let Some(schema) = query_schema(path, &name) {
                    param["schema"] = schema;
                }
                let desc = param["description"].as_str().unwrap_or_default().trim().to_owned();
                let desc = if desc.is_empty() { EMPTY_QUERY_VALUE.to_owned() } else { format!("{desc} {EMPTY_QUERY_VALUE}") };
                param["description"] = Value::String(desc);
            }
        }
    }
}

/// Operations that read a bearer token when one is sent (a wrong one is 401) without
/// needing it.
const OPTIONAL_BEARER: &[(&str, &str)] =
    &[
        ("get", "/api/v1/board"),
        ("get", "/api/v1/messages/{id}"),
        ("get", "/api/v1/notifications/stream"),
        ("get", "/api/v1/comments"),
        ("get", "/api/v1/comments/{id}/replies"),
        ("get", "/api/v1/likes/{target_kind}/{target_id}"),
        ("get", "/api/v1/topics"),
        ("get", "/api/v1/topics/{id}"),
        ("get", "/api/v1/polls/{id}"),
        ("get", "/api/v1/points/leaderboard"),
    ];

/// Adds a problem answer of `status` unless the operation declares it already.
fn declare(op: &mut Value, status: u16, description: &str) {
    let responses = &mut op["responses"];
    let key = status.to_string();
    if responses.get(&key).is_some() {
        return;
    }
    responses[key.as_str()] = json!({
        "description": description,
        "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } },
    });
}

/// The statuses every operation of a kind can answer (derived from the reference server's
/// extractors: a path that does not decode, a body too large, a token that is not valid),
/// and `Retry-After` on every 429.
fn statuses(path: &str, method: &str, op: &mut Value) {
    if path.contains('{') {
        declare(op, 400, "A path parameter that cannot be read (not UTF-8)");
    }
    let query = op["parameters"].as_array().is_some_and(|ps| ps.iter().any(|p| p["in"] == "query"));
    if query {
        declare(op, 400, "A bad query value (`errors` names the parameter)");
    }
    if op.get("requestBody").is_some() {
        declare(op, 400, "A body that is not JSON of the documented shape, or invalid fields (`errors` names them)");
        declare(op, 413, "A request body too large");
    }
    let bearer = op["security"].as_array().is_some_and(|s| s.iter().any(|r| r.get("bearer").is_some()));
    if bearer || OPTIONAL_BEARER.contains(&(method, path)) {
        declare(op, 401, "Not signed in: the bearer token is missing (where required), unknown, expired or signed out");
    }
    if method == "post" && (path == "/api/v1/messages" || path.starts_with("/api/v1/messages/{id}/") || path == "/api/v1/reports") {
        declare(op, 429, "Too many messages or actions of this user in the last hour; see `Retry-After`");
    }
    if method == "post" && path.starts_with("/api/v1/polls") && !path.ends_with("/close") {
        declare(op, 429, "Too many polls or votes of this user in the last hour; see `Retry-After`");
    }
    if op.get("requestBody").is_some() {
        declare(op, 408, "The request (its body) did not arrive within the server's time limit");
    }
    // Every operation: a backend may limit the requests of one client address (the reference
    // server: a burst of 300, then 600 a minute).
    declare(op, 429, "Too many requests from this client address; see `Retry-After`");
    if let Some(r) = op["responses"].get_mut("429") {
        r["headers"] = json!({
            "Retry-After": {
                "description": "Seconds to wait before trying again.",
                "required": true,
                "schema": { "type": "integer", "minimum": 1 },
            }
        });
    }
}
