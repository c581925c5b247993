//! Unit tests of the Genesys simulator through its router (`tower::ServiceExt::oneshot`), split
//! by area, and the helpers they share: a seeded sandbox, one-shot requests, `ErrorBody` checks.
//! Test code only: nothing here is reachable from the crate's API.

mod admin;
mod search;
mod token;
mod users;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use super::codec::is_uuid;
pub(super) use super::seed::{DANA, IRENE, JOHN, MALLORY, SAM, UNA};
use crate::Sandbox;

pub(super) const KEY: &str = "genesys-test-key";
pub(super) const BEARER: &str = "Bearer genesys-test-key";
pub(super) const JSON: (&str, &str) = ("content-type", "application/json");

/// The named people and 120 generated ones.
pub(super) fn sandbox() -> Sandbox {
    Sandbox::seeded(1, 120, KEY.into())
}

pub(super) struct Reply {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) body: Vec<u8>,
}

impl Reply {
    pub(super) fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// The `ININ-Correlation-Id`, checked to be a UUID.
    pub(super) fn correlation(&self) -> String {
        let id = self.headers.get("inin-correlation-id").expect("ININ-Correlation-Id").to_str().unwrap();
        assert!(is_uuid(id), "{id}");
        id.to_string()
    }
}

/// One request through `router`, with exactly these headers.
pub(super) async fn send_to(
    router: axum::Router,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Reply {
    let mut request = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let request = request.body(body.map(|b| Body::from(b.to_string())).unwrap_or_default()).unwrap();
    let response = router.oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes().to_vec();
    Reply { status, headers, body }
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
    let body = body.map(|b| b.to_string());
    let headers: &[(&str, &str)] =
        if body.is_some() { &[("authorization", BEARER), JSON] } else { &[("authorization", BEARER)] };
    send(sb, method, path, headers, body.as_deref()).await
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
