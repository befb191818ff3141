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
