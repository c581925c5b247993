//! Unit tests of the DocSpace simulator through its router (`tower::ServiceExt::oneshot`), split
//! by area, and the helpers they share: a seeded sandbox, requests under `/docspace` (sent by
//! `crate::test_support`), envelope and error-envelope checks. Test code only: nothing here is
//! reachable from the crate's API.

mod admin;
mod create;
mod people;
mod search;
mod status;

use axum::http::StatusCode;
use serde_json::{json, Value};

pub(super) use super::seed::{JOHN, MALLORY, MIKE, OLIVIA, PETE, TERRY, TINA};
pub(super) use crate::test_support::{call_to, send_to, Reply, JSON};
pub(super) use crate::{DocSpaceState, Sandbox};

pub(super) const KEY: &str = "docspace-test-key";
pub(super) const BEARER: &str = "Bearer docspace-test-key";

/// The named people and 120 generated ones.
pub(super) fn sandbox() -> Sandbox {
    Sandbox::seeded(1, 120, KEY.into())
}

/// A request to `/docspace{path}` of the whole sandbox with these headers.
pub(super) async fn send(
    sb: &Sandbox,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Reply {
    send_to(sb.router(), method, &format!("/docspace{path}"), headers, body).await
}

/// An authorized API request to `/docspace{path}`, a body sent as JSON.
pub(super) async fn call(sb: &Sandbox, method: &str, path: &str, body: Option<Value>) -> Reply {
    call_to(sb.router(), method, &format!("/docspace{path}"), BEARER, body).await
}

/// `GET /api/2.0/people/{id}` → the person (panics unless 200).
pub(super) async fn person(sb: &Sandbox, id: &str) -> Value {
    let r = call(sb, "GET", &format!("/api/2.0/people/{id}"), None).await;
    assert_ok(&r)
}

/// `PUT /api/2.0/people/status/{status}` with these ids.
pub(super) async fn set_status(sb: &Sandbox, status: &str, ids: &[&str]) -> Reply {
    call(sb, "PUT", &format!("/api/2.0/people/status/{status}"), Some(json!({"userIds": ids}))).await
}

/// `PUT /_sandbox/faults/docspace`.
pub(super) async fn set_faults(sb: &Sandbox, body: Value) -> Reply {
    send_to(sb.router(), "PUT", "/_sandbox/faults/docspace", &[JSON], Some(&body.to_string())).await
}

/// The person's state (panics for an unknown id).
pub(super) fn state(sb: &Sandbox, id: &str) -> DocSpaceState {
    sb.docspace_state(id).expect("a known id")
}

/// Asserts the rate-limit headers every JSON reply carries.
pub(super) fn assert_rate_headers(reply: &Reply) {
    for name in ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"] {
        let value = reply.headers.get(name).unwrap_or_else(|| panic!("{name} missing"));
        assert!(value.to_str().unwrap().parse::<u64>().is_ok(), "{name}: {value:?}");
    }
}

/// Asserts a 200 success envelope → its `response` (`Value::Null` when it has none).
pub(super) fn assert_ok(reply: &Reply) -> Value {
    assert_eq!(reply.status, StatusCode::OK, "{}", String::from_utf8_lossy(&reply.body));
    assert_eq!(reply.headers["content-type"], "application/json");
    assert_rate_headers(reply);
    let body = reply.json();
    assert_eq!((body["links"].clone(), body["status"].clone()), (json!([]), json!(0)), "{body}");
    assert_eq!(body["statusCode"], 200, "{body}");
    let count = match &body["response"] {
        Value::Array(items) => items.len(),
        Value::Null => 0,
        _ => 1,
    };
    assert_eq!(body["count"], count, "{body}");
    body["response"].clone()
}

/// Asserts an error envelope with this status → its `error.message`.
pub(super) fn assert_error(reply: &Reply, status: StatusCode) -> String {
    assert_eq!(reply.status, status, "{}", String::from_utf8_lossy(&reply.body));
    assert_eq!(reply.headers["content-type"], "application/json");
    assert_rate_headers(reply);
    let body = reply.json();
    assert_eq!((body["status"].clone(), body["statusCode"].clone()), (json!(1), json!(status.as_u16())), "{body}");
    let error = body["error"].as_object().unwrap_or_else(|| panic!("no error object: {body}"));
    assert_eq!(error.len(), 3, "{body}");
    assert!(error["type"].as_str().is_some_and(|t| t.contains('.')), "{body}");
    assert_eq!(error["stack"], "", "{body}");
    assert_eq!(body.as_object().unwrap().len(), 3, "error, status, statusCode: {body}");
    let message = error["message"].as_str().unwrap_or_default().to_string();
    assert!(!message.is_empty(), "{body}");
    message
}
