//! Unit tests of the Genesys simulator through its router (`tower::ServiceExt::oneshot`), split
//! by area, and the helpers they share: a seeded sandbox, requests under `/genesys` (sent by
//! `crate::test_support`), the correlation header, `ErrorBody` checks.
//! Test code only: nothing here is reachable from the crate's API.

mod admin;
mod search;
mod token;
mod users;

use axum::http::StatusCode;
use serde_json::Value;

pub(super) use super::seed::{DANA, IRENE, JOHN, MALLORY, SAM, UNA};
use crate::codec::is_uuid;
pub(super) use crate::test_support::{basic, call_to, send_to, Reply, FORM, JSON};
use crate::Sandbox;

pub(super) const KEY: &str = "genesys-test-key";
pub(super) const BEARER: &str = "Bearer genesys-test-key";

/// The named people and 120 generated ones.
pub(super) fn sandbox() -> Sandbox {
    Sandbox::seeded(1, 120, KEY.into())
}

/// The header every Genesys reply carries.
pub(super) trait Correlated {
    /// The `ININ-Correlation-Id`, checked to be a UUID.
    fn correlation(&self) -> String;
}

impl Correlated for Reply {
    fn correlation(&self) -> String {
        let id = self.headers.get("inin-correlation-id").expect("ININ-Correlation-Id").to_str().unwrap();
        assert!(is_uuid(id), "{id}");
        id.to_string()
    }
}

/// A request to `/genesys{path}` of the whole sandbox with these headers.
pub(super) async fn send(
    sb: &Sandbox,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Reply {
    send_to(sb.router(), method, &format!("/genesys{path}"), headers, body).await
}

/// An authorized API request to `/genesys{path}`, a body sent as JSON.
pub(super) async fn call(sb: &Sandbox, method: &str, path: &str, body: Option<Value>) -> Reply {
    call_to(sb.router(), method, &format!("/genesys{path}"), BEARER, body).await
}

/// `GET /api/v2/users/{id}` → the user JSON (panics unless 200).
pub(super) async fn user(sb: &Sandbox, id: &str) -> Value {
    let r = call(sb, "GET", &format!("/api/v2/users/{id}"), None).await;
    assert_eq!(r.status, StatusCode::OK, "{id}: {}", String::from_utf8_lossy(&r.body));
    r.json()
}

/// `PATCH /api/v2/users/{id}` with this body.
pub(super) async fn patch(sb: &Sandbox, id: &str, body: Value) -> Reply {
    call(sb, "PATCH", &format!("/api/v2/users/{id}"), Some(body)).await
}

/// `PUT /_sandbox/faults/genesys`.
pub(super) async fn set_faults(sb: &Sandbox, body: Value) -> Reply {
    send_to(sb.router(), "PUT", "/_sandbox/faults/genesys", &[JSON], Some(&body.to_string())).await
}

/// Asserts a Genesys `ErrorBody` with this status and code, and the correlation header.
pub(super) fn assert_error(reply: &Reply, status: StatusCode, code: &str) -> Value {
    assert_eq!(reply.status, status, "{}", String::from_utf8_lossy(&reply.body));
    reply.correlation();
    let body = reply.json();
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["status"], status.as_u16(), "{body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    assert!(body["contextId"].as_str().is_some_and(is_uuid), "{body}");
    assert_eq!((body["details"].clone(), body["errors"].clone()), (Value::Array(vec![]), Value::Array(vec![])));
    body
}
