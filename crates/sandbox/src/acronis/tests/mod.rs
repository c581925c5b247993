//! Unit tests of the Acronis simulator through its router (`tower::ServiceExt::oneshot`), split
//! by area, and the helpers they share: a seeded sandbox, requests under `/acronis` (sent by
//! `crate::test_support`), `errorScheme` checks. Test code only: nothing here is reachable from
//! the crate's API.

mod admin;
mod lifecycle;
mod search;
mod token;
mod users;

use axum::http::StatusCode;
use serde_json::{json, Value};

pub(super) use super::seed::{DEAN, DORA, IVAN, JOHN, MALLORY, OTTO};
pub(super) use super::tenants::{CUSTOMER_A, CUSTOMER_B, DOE_HOLDINGS, OUTSIDE, ROOT, UPSTREAM};
pub(super) use crate::test_support::{basic, call_to, send_to, Reply, FORM, JSON};
pub(super) use crate::{AcronisState, Sandbox};

pub(super) const KEY: &str = "acronis-test-key";
pub(super) const BEARER: &str = "Bearer acronis-test-key";

/// The named people and 120 generated ones.
pub(super) fn sandbox() -> Sandbox {
    Sandbox::seeded(1, 120, KEY.into())
}

/// A request to `/acronis{path}` of the whole sandbox with these headers.
pub(super) async fn send(
    sb: &Sandbox,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Reply {
    send_to(sb.router(), method, &format!("/acronis{path}"), headers, body).await
}

/// An authorized API request to `/acronis{path}`, a body sent as JSON.
pub(super) async fn call(sb: &Sandbox, method: &str, path: &str, body: Option<Value>) -> Reply {
    call_to(sb.router(), method, &format!("/acronis{path}"), BEARER, body).await
}

/// `GET /api/2/users/{id}` → the user JSON (panics unless 200).
pub(super) async fn user(sb: &Sandbox, id: &str) -> Value {
    let r = call(sb, "GET", &format!("/api/2/users/{id}"), None).await;
    assert_eq!(r.status, StatusCode::OK, "{id}: {}", String::from_utf8_lossy(&r.body));
    r.json()
}

/// `PUT /api/2/users/{id}` with this body.
pub(super) async fn put(sb: &Sandbox, id: &str, body: Value) -> Reply {
    call(sb, "PUT", &format!("/api/2/users/{id}"), Some(body)).await
}

/// `PUT /api/2/users/{id}` `{"enabled", "version"}` (panics unless 200).
pub(super) async fn set_enabled(sb: &Sandbox, id: &str, enabled: bool, version: u64) {
    let r = put(sb, id, json!({"enabled": enabled, "version": version})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", String::from_utf8_lossy(&r.body));
}

/// `PUT /_sandbox/faults/acronis`.
pub(super) async fn set_faults(sb: &Sandbox, body: Value) -> Reply {
    send_to(sb.router(), "PUT", "/_sandbox/faults/acronis", &[JSON], Some(&body.to_string())).await
}

/// The person's state (panics for an unknown id).
pub(super) fn state(sb: &Sandbox, id: &str) -> AcronisState {
    sb.acronis_state(id).expect("a seeded id")
}

/// Asserts an `errorScheme` reply with this status and code → its `error` object.
pub(super) fn assert_error(reply: &Reply, status: StatusCode, code: &str) -> Value {
    assert_eq!(reply.status, status, "{}", String::from_utf8_lossy(&reply.body));
    assert_eq!(reply.headers["content-type"], "application/json");
    let body = reply.json();
    let error = &body["error"];
    assert_eq!(error["code"], code, "{body}");
    assert_eq!(error["domain"], "AccountServer", "{body}");
    assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    assert_eq!((error["details"].clone(), error["context"].clone()), (json!({"info": null}), json!({})));
    assert_eq!(error["data"], json!([]));
    assert_eq!(body.as_object().unwrap().len(), 1, "only `error`: {body}");
    error.clone()
}
