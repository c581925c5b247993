//! Unit tests of the SCIM simulator through its router (`tower::ServiceExt::oneshot`), split by
//! area, and the helpers they share: a seeded sandbox, requests under `/scim/v2` (sent by
//! `crate::test_support`), resource and Error-message checks. Test code only: nothing here is
//! reachable from the crate's API.

mod admin;
mod faults;
mod filter;
mod patch;
mod search;
mod users;

use axum::http::StatusCode;
use serde_json::{json, Value};

pub(super) use super::seed::{BJENSEN, IRENE, MALLORY, QUINN, TERRY};
pub(super) use crate::test_support::{send_to, Reply, JSON};
pub(super) use crate::{Sandbox, ScimState};

pub(super) const KEY: &str = "scim-test-key";
pub(super) const BEARER: &str = "Bearer scim-test-key";
/// The `Content-Type` of a SCIM body.
pub(super) const SCIM: (&str, &str) = ("content-type", "application/scim+json");
pub(super) const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// The named users and 120 generated ones.
pub(super) fn sandbox() -> Sandbox {
    Sandbox::seeded(1, 120, KEY.into())
}

/// A request to `/scim/v2{path}` of the whole sandbox with exactly these headers.
pub(super) async fn send(
    sb: &Sandbox,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Reply {
    send_to(sb.router(), method, &format!("/scim/v2{path}"), headers, body).await
}

/// An authorized request to `/scim/v2{path}` with `extra` headers, a body sent as
/// `application/scim+json`.
pub(super) async fn call_with(
    sb: &Sandbox,
    method: &str,
    path: &str,
    extra: &[(&str, &str)],
    body: Option<Value>,
) -> Reply {
    let mut headers = vec![("authorization", BEARER)];
    if body.is_some() {
        headers.push(SCIM);
    }
    headers.extend_from_slice(extra);
    let body = body.map(|b| b.to_string());
    send(sb, method, path, &headers, body.as_deref()).await
}

/// An authorized request to `/scim/v2{path}`.
pub(super) async fn call(sb: &Sandbox, method: &str, path: &str, body: Option<Value>) -> Reply {
    call_with(sb, method, path, &[], body).await
}

/// The PatchOp body replacing `active`.
pub(super) fn deactivate(active: bool) -> Value {
    json!({"schemas": [PATCH_OP], "Operations": [{"op": "replace", "path": "active", "value": active}]})
}

/// `PATCH /Users/{id}` setting `active`, with `If-Match: <tag>` if given.
pub(super) async fn patch_active(sb: &Sandbox, id: &str, active: bool, if_match: Option<&str>) -> Reply {
    let extra: Vec<(&str, &str)> = if_match.map(|tag| ("if-match", tag)).into_iter().collect();
    call_with(sb, "PATCH", &format!("/Users/{id}"), &extra, Some(deactivate(active))).await
}

/// `GET /Users/{id}` → the User (panics unless 200).
pub(super) async fn user(sb: &Sandbox, id: &str) -> Value {
    assert_resource(&call(sb, "GET", &format!("/Users/{id}"), None).await, StatusCode::OK)
}

/// The `ETag` header (panics if there is none).
pub(super) fn etag(reply: &Reply) -> String {
    reply.headers.get("etag").expect("an ETag").to_str().unwrap().to_string()
}

/// `PUT /_sandbox/faults/scim`.
pub(super) async fn set_faults(sb: &Sandbox, body: Value) -> Reply {
    send_to(sb.router(), "PUT", "/_sandbox/faults/scim", &[JSON], Some(&body.to_string())).await
}

/// The user's state (panics for an unknown id).
pub(super) fn state(sb: &Sandbox, id: &str) -> ScimState {
    sb.scim_state(id).expect("a known id")
}

/// Asserts a User reply with this status: `application/scim+json`, the User schema, and an `ETag`
/// equal to `meta.version` (or neither) → the User.
pub(super) fn assert_resource(reply: &Reply, status: StatusCode) -> Value {
    assert_eq!(reply.status, status, "{}", String::from_utf8_lossy(&reply.body));
    assert_eq!(reply.headers["content-type"], "application/scim+json");
    let user = reply.json();
    assert_eq!(user["schemas"][0], "urn:ietf:params:scim:schemas:core:2.0:User", "{user}");
    let header = reply.headers.get("etag").map(|v| v.to_str().unwrap().to_string());
    assert_eq!(header.map(Value::from), user["meta"].get("version").cloned(), "ETag = meta.version: {user}");
    user
}

/// Asserts an RFC 7644 §3.12 Error message with this status and scimType (`None`: absent) →
/// its `detail`.
pub(super) fn assert_error(reply: &Reply, status: StatusCode, scim_type: Option<&str>) -> String {
    assert_eq!(reply.status, status, "{}", String::from_utf8_lossy(&reply.body));
    assert_eq!(reply.headers["content-type"], "application/scim+json");
    let body = reply.json();
    assert_eq!(body["schemas"], json!(["urn:ietf:params:scim:api:messages:2.0:Error"]), "{body}");
    assert_eq!(body["status"], json!(status.as_u16().to_string()), "a string: {body}");
    assert_eq!(body.get("scimType").and_then(Value::as_str), scim_type, "{body}");
    let fields = body.as_object().unwrap().len();
    assert_eq!(fields, 3 + usize::from(scim_type.is_some()), "{body}");
    let detail = body["detail"].as_str().unwrap_or_default().to_string();
    assert!(!detail.is_empty(), "{body}");
    detail
}

/// Asserts an empty reply with this status (no body, no content type).
pub(super) fn assert_empty(reply: &Reply, status: StatusCode) {
    assert_eq!(reply.status, status, "{}", String::from_utf8_lossy(&reply.body));
    assert!(reply.body.is_empty() && reply.headers.get("content-type").is_none());
}

/// `GET /Users?{query}` → the ListResponse (panics unless 200).
pub(super) async fn list(sb: &Sandbox, query: &str) -> Value {
    let r = call(sb, "GET", &format!("/Users?{query}"), None).await;
    assert_eq!(r.status, StatusCode::OK, "{query}: {}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.headers["content-type"], "application/scim+json");
    let body = r.json();
    assert_eq!(body["schemas"], json!(["urn:ietf:params:scim:api:messages:2.0:ListResponse"]));
    let page = body["Resources"].as_array().expect("Resources");
    assert_eq!(body["itemsPerPage"], page.len(), "{body}");
    body
}

/// The ids a filter finds (every page; panics unless 200).
pub(super) async fn found(sb: &Sandbox, filter: &str) -> Vec<String> {
    let filter: String = form_urlencoded::byte_serialize(filter.as_bytes()).collect();
    let body = list(sb, &format!("filter={filter}&count=200")).await;
    assert!(body["totalResults"].as_u64().unwrap() <= 200, "one page is enough here");
    body["Resources"].as_array().unwrap().iter().map(|u| u["id"].as_str().unwrap().to_string()).collect()
}

/// The Error `filter` gets (`GET /Users?filter=…`), asserting 400 invalidFilter → its detail.
pub(super) async fn filter_error(sb: &Sandbox, filter: &str) -> String {
    let encoded: String = form_urlencoded::byte_serialize(filter.as_bytes()).collect();
    let r = call(sb, "GET", &format!("/Users?filter={encoded}"), None).await;
    assert_error(&r, StatusCode::BAD_REQUEST, Some("invalidFilter"))
}
