//! Test helpers shared by the integration tests: a seeded sandbox and one-shot requests against
//! its router. Not every test file uses every helper.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use lockdesk_sandbox::Sandbox;
use serde_json::Value;
use tower::ServiceExt;

pub const KEY: &str = "sandbox-test-key";
pub const TERRY: &str = "4e0f2af0-33a2-4001-8631-0f8225e65f1c";
pub const JOHN: &str = "00000000-0000-0001-0000-000000000000";
pub const TERRY_TENANT: &str = "31626131-3938-6231-3634-663636656635";

/// Terry, John and 120 generated users.
pub fn sandbox() -> Sandbox {
    Sandbox::seeded(1, 120, KEY.into())
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
}

/// One request through a fresh router over the sandbox's shared state.
pub async fn send(sb: &Sandbox, method: &str, uri: &str, headers: &[(&str, &str)], body: Option<&str>) -> Reply {
    let mut request = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    if body.is_some() {
        request = request.header("content-type", "application/json");
    }
    let request = request.body(body.map(|b| Body::from(b.to_string())).unwrap_or_default()).unwrap();
    let response = sb.router().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes().to_vec();
    Reply { status, headers, body }
}

/// An authorized `/api` request.
pub async fn api(sb: &Sandbox, method: &str, uri: &str, body: Option<&str>) -> Reply {
    send(sb, method, uri, &[("authorization", KEY)], body).await
}

/// `POST /api/user/search` with `{"search": criteria}`.
pub async fn search(sb: &Sandbox, criteria: Value) -> Reply {
    let body = serde_json::json!({ "search": criteria }).to_string();
    api(sb, "POST", "/api/user/search", Some(&body)).await
}

/// Emails of a search response's users, in order.
pub fn emails(v: &Value) -> Vec<String> {
    v["users"].as_array().unwrap().iter().map(|u| u["email"].as_str().unwrap().to_string()).collect()
}
