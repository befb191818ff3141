//! Every operation of the committed OpenAPI document is served by this server (no "no such
//! endpoint" 404 and no 405), so the document and the router cannot drift apart.

mod common;

use axum::body::Body;
use axum::http::{Method, Request};
use common::TestApp;

#[tokio::test]
async fn every_documented_operation_is_routed() {
    let doc: serde_json::Value =
        serde_json::from_str(include_str!("../../api/openapi.json")).expect("api/openapi.json is JSON");
    let paths = doc["paths"].as_object().expect("paths");
    assert!(paths.len() >= 40, "only {} paths documented", paths.len());
    let app = TestApp::new();
    let mut checked = 0;
    for (path, ops) in paths {
        // `{id}` and friends: any value; the endpoint answers 401/404/400, not "no endpoint".
        let mut uri = String::new();
        let mut rest = path.as_str();
        while let Some(open) = rest.find('{') {
            uri.push_str(&rest[..open]);
            uri.push_str("zz");
            rest = &rest[rest[open..].find('}').map(|c| open + c + 1).unwrap_or(rest.len())..];
        }
        uri.push_str(rest);
        for method in ops.as_object().expect("operations").keys() {
            let m = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
            let req = Request::builder()
                .method(m.clone())
                .uri(&uri)
                .header("content-type", "application/json")
                .body(Body::from("{}"))
                .expect("request");
            let reply = app.request(req).await;
            let text = reply.text();
            assert_ne!(reply.status.as_u16(), 405, "{m} {uri} is documented but not routed: {text}");
            assert!(!text.contains("There is no API endpoint"), "{m} {uri} is documented but not routed: {text}");
            checked += 1;
        }
    }
    assert!(checked >= 42, "checked only {checked} operations");
}
