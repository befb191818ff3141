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

/// Every documented operation's error paths — no token, a wrong token, each role's token, a
/// path parameter that is not UTF-8, a body that is not JSON, an empty object, a body too
/// large — answer only statuses the operation declares in api/openapi.json (checked by
/// `common::send` on every answer) and never a 500: the contract states every status a backend
/// answers (issue 11).
#[tokio::test]
async fn every_operation_answers_only_declared_statuses_on_its_error_paths() {
    let doc: serde_json::Value =
        serde_json::from_str(include_str!("../../api/openapi.json")).expect("api/openapi.json is JSON");
    let app = TestApp::new();
    app.seed_people();
    // New sessions for each operation: `DELETE /auth/session` ends the ones it is sent with.
    let tokens = || -> Vec<Option<String>> {
        [None, Some("not-a-token".to_owned())]
            .into_iter()
            .chain(
                [server::demo::CITIZEN_WANG, server::demo::DEPUTY_CHEN_USER, server::demo::STAFF_HUANG]
                    .into_iter()
                    .map(|u| Some(app.token_for(u))),
            )
            .collect()
    };
    let big = format!("{{\"body\": \"{}\"}}", "字".repeat(1_000_000));
    let mut checked = 0;
    let mut statuses = std::collections::BTreeSet::new();
    for (path, ops) in doc["paths"].as_object().expect("paths") {
        for (method, op) in ops.as_object().expect("operations") {
            let m = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
            let has_body = op.get("requestBody").is_some();
            for id in ["zz", "%FF%FE"] {
                let uri = path.split('/').map(|s| if s.starts_with('{') { id } else { s }).collect::<Vec<_>>().join("/");
                for token in &tokens() {
                    let bodies: &[&str] = if has_body { &["{}", "not json", &big] } else { &[""] };
                    for body in bodies {
                        let mut b = Request::builder().method(m.clone()).uri(&uri).header("idempotency-key", "k-1");
                        if let Some(t) = token {
                            b = b.header("authorization", format!("Bearer {t}"));
                        }
                        if !body.is_empty() {
                            b = b.header("content-type", "application/json");
                        }
                        let reply = app.request(b.body(Body::from(body.to_string())).expect("request")).await;
                        assert!(reply.status.as_u16() < 500, "{m} {uri}: {}", reply.text());
                        statuses.insert(reply.status.as_u16());
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked >= 48 * 10, "checked only {checked} requests");
    // the paths walked reach every kind of error answer
    for s in [400, 401, 403, 404, 413, 415] {
        assert!(statuses.contains(&s), "no operation answered {s}: {statuses:?}");
    }
}
