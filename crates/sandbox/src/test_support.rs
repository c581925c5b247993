//! Helpers shared by the providers' unit tests: one request through a router
//! (`tower::ServiceExt::oneshot`) and its [`Reply`], an authorized call with a JSON body, and the
//! `Content-Type` and `Authorization: Basic` values of a token request.
//!
//! Test code only (compiled under `cfg(test)`): nothing here is reachable from the crate's API.
//! This module must not name a provider (paths, keys and reply checks stay in each provider's
//! `tests`).

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use crate::codec::base64_encode;

/// The `Content-Type` of a JSON body.
pub(crate) const JSON: (&str, &str) = ("content-type", "application/json");
/// The `Content-Type` of a form body.
pub(crate) const FORM: (&str, &str) = ("content-type", "application/x-www-form-urlencoded");

/// What came back.
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    /// The body as JSON (panics, showing the body, if it is not).
    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
}

/// One request through `router`, with exactly these headers.
pub(crate) async fn send_to(
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

/// A request through `router` with `Authorization: <authorization>`, a body sent as JSON.
pub(crate) async fn call_to(
    router: axum::Router,
    method: &str,
    uri: &str,
    authorization: &str,
    body: Option<Value>,
) -> Reply {
    let body = body.map(|b| b.to_string());
    let headers: &[(&str, &str)] =
        if body.is_some() { &[("authorization", authorization), JSON] } else { &[("authorization", authorization)] };
    send_to(router, method, uri, headers, body.as_deref()).await
}

/// `Basic base64(id:secret)`.
pub(crate) fn basic(id: &str, secret: &str) -> String {
    format!("Basic {}", base64_encode(format!("{id}:{secret}").as_bytes()))
}
