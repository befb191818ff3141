//! A small checker for the JSON Schema subset that `api/openapi.json` uses (`type`,
//! `enum`, `required`, `properties`, `items`, `$ref`, `oneOf`, `allOf`, `minimum`).
//! Stricter than JSON Schema on purpose: a property the schema does not declare is an
//! error, so that the server cannot drift from the contract unnoticed.

use std::sync::OnceLock;

use serde_json::Value;

pub fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../api/openapi.json");
        let text = std::fs::read_to_string(path).expect("api/openapi.json");
        serde_json::from_str(&text).expect("openapi.json parses")
    })
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.strip_prefix("#/components/schemas/").expect("local ref");
            resolve(doc, &doc["components"]["schemas"][name])
        }
        None => schema,
    }
}

fn type_ok(t: &str, v: &Value) -> bool {
    match t {
        "null" => v.is_null(),
        "string" => v.is_string(),
        "boolean" => v.is_boolean(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => false,
    }
}

/// Property names an object schema declares (through `allOf` too).
fn declared(doc: &Value, schema: &Value, out: &mut Vec<String>) {
    let schema = resolve(doc, schema);
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        out.extend(props.keys().cloned());
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        for s in all {
            declared(doc, s, out);
        }
    }
}

/// Errors of `value` against `schema`, with JSON paths.
pub fn check(doc: &Value, schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
    let schema = resolve(doc, schema);
    if let Some(t) = schema.get("type") {
        let ok = match t {
            Value::String(t) => type_ok(t, value),
            Value::Array(ts) => ts
                .iter()
                .filter_map(Value::as_str)
                .any(|t| type_ok(t, value)),
            _ => true,
        };
        if !ok {
            errors.push(format!("{path}: expected type {t}, got {value}"));
            return;
        }
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        if !values.contains(value) {
            errors.push(format!("{path}: {value} is not one of {values:?}"));
        }
    }
    if let (Some(min), Some(n)) = (
        schema.get("minimum").and_then(Value::as_f64),
        value.as_f64(),
    ) {
        if n < min {
            errors.push(format!("{path}: {n} < minimum {min}"));
        }
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        for s in all {
            check_object_fields(doc, s, value, path, errors);
        }
    }
    if let Some(one) = schema.get("oneOf").and_then(Value::as_array) {
        let matching = one
            .iter()
            .filter(|s| {
                let mut e = Vec::new();
                check(doc, s, value, path, &mut e);
                e.is_empty()
            })
            .count();
        if matching != 1 {
            errors.push(format!(
                "{path}: {value} matches {matching} of the oneOf alternatives"
            ));
        }
    }
    check_object_fields(doc, schema, value, path, errors);
    if let (Some(items), Some(arr)) = (schema.get("items"), value.as_array()) {
        for (i, v) in arr.iter().enumerate() {
            check(doc, items, v, &format!("{path}[{i}]"), errors);
        }
    }
    // strictness: no undeclared properties on objects whose schema declares any
    if let Some(obj) = value.as_object() {
        let mut names = Vec::new();
        declared(doc, schema, &mut names);
        if !names.is_empty() {
            for k in obj.keys() {
                if !names.contains(k) {
                    errors.push(format!("{path}: property {k:?} is not in the schema"));
                }
            }
        }
    }
}

fn check_object_fields(
    doc: &Value,
    schema: &Value,
    value: &Value,
    path: &str,
    errors: &mut Vec<String>,
) {
    let schema = resolve(doc, schema);
    let Some(obj) = value.as_object() else { return };
    if let Some(required) = schema.get("required").and_then(Value::as_array) {
        for r in required.iter().filter_map(Value::as_str) {
            if !obj.contains_key(r) {
                errors.push(format!("{path}: required property {r:?} missing"));
            }
        }
    }
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        for (k, s) in props {
            if let Some(v) = obj.get(k) {
                check(doc, s, v, &format!("{path}.{k}"), errors);
            }
        }
    }
}

/// Asserts that a response body matches the schema the contract gives for this operation
/// (`path` as written in openapi.json, e.g. `/api/v1/articles/{id}`) and status.
pub fn assert_response(path: &str, status: u16, content_type: &str, body: &Value) {
    assert_op_response("get", path, status, content_type, body);
}

/// [`assert_response`] for any method (`"post"`, `"delete"`, …).
pub fn assert_op_response(method: &str, path: &str, status: u16, content_type: &str, body: &Value) {
    let doc = document();
    let op = &doc["paths"][path][method];
    let method = method.to_uppercase();
    assert!(op.is_object(), "no {method} {path} in openapi.json");
    let response = &op["responses"][status.to_string()];
    assert!(
        response.is_object(),
        "{method} {path} does not document status {status}"
    );
    let schema = &response["content"][content_type]["schema"];
    assert!(
        schema.is_object(),
        "{method} {path} {status} has no {content_type} schema"
    );
    let mut errors = Vec::new();
    check(doc, schema, body, "$", &mut errors);
    assert!(
        errors.is_empty(),
        "{method} {path} {status} does not match the contract:\n{}",
        errors.join("\n")
    );
}
