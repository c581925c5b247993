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
    send_to(sb.router(), method, uri, headers, body).await
}

/// One request through `router`; a body is sent as JSON unless a content-type header is given.
pub async fn send_to(
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
    if body.is_some() && !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("content-type")) {
        request = request.header("content-type", "application/json");
    }
    let request = request.body(body.map(|b| Body::from(b.to_string())).unwrap_or_default()).unwrap();
    let response = router.oneshot(request).await.unwrap();
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

// ---- Okta ----

pub const OKTA_AUTH: &str = "SSWS sandbox-test-key";
pub const ISAAC: &str = "00ub0oNGTSWTBKOLGLNR";
pub const OKTA_TERRY: &str = "00uterry0example0001";
pub const LARA: &str = "00ulara0lockedout001";
pub const SAM: &str = "00usam0suspended0001";
pub const STELLA: &str = "00ustella0staged0001";
pub const DEE: &str = "00udee0deprovisioned";
pub const PAT: &str = "00upat0expired000001";
pub const RICO: &str = "00urico0recovery0001";
pub const PAULA: &str = "00upaula0provisioned";
pub const FAY: &str = "00ufay0factors000001";
pub const ODD: &str = "00uodd0lastlogin0001";
pub const UNKNOWN: &str = "00uunknown0status001";

/// An SSWS-authorized request to Okta under `/okta` (`uri` starts at `/api/v1/...`).
pub async fn okta(sb: &Sandbox, method: &str, uri: &str) -> Reply {
    send(sb, method, &format!("/okta{uri}"), &[("authorization", OKTA_AUTH)], None).await
}

/// `PUT /_sandbox/faults/{provider}`.
pub async fn provider_faults(sb: &Sandbox, provider: &str, body: Value) -> Reply {
    send(sb, "PUT", &format!("/_sandbox/faults/{provider}"), &[], Some(&body.to_string())).await
}

/// Okta faults with asynchronous changes completing at once.
pub async fn immediate(sb: &Sandbox) {
    let r = provider_faults(sb, "okta", serde_json::json!({"transition_ms": 0})).await;
    assert_eq!(r.status, StatusCode::OK);
}

/// The user JSON of `GET /okta/api/v1/users/{id}` (panics unless 200).
pub async fn okta_user(sb: &Sandbox, id: &str) -> Value {
    let r = okta(sb, "GET", &format!("/api/v1/users/{id}")).await;
    assert_eq!(r.status, StatusCode::OK, "{id}: {}", String::from_utf8_lossy(&r.body));
    r.json()
}

/// The `Link` header target with this `rel`, if any.
pub fn link(reply: &Reply, rel: &str) -> Option<String> {
    let suffix = format!(">; rel=\"{rel}\"");
    reply
        .headers
        .get_all("link")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_suffix(&suffix).and_then(|v| v.strip_prefix('<')).map(str::to_string))
}

/// Asserts an Okta error body with this code.
pub fn assert_okta_error(reply: &Reply, status: StatusCode, code: &str) -> Value {
    assert_eq!(reply.status, status, "{}", String::from_utf8_lossy(&reply.body));
    let body = reply.json();
    assert_eq!(body["errorCode"], code, "{body}");
    assert_eq!(body["errorLink"], code, "{body}");
    assert!(body["errorSummary"].as_str().is_some_and(|s| !s.is_empty()), "{body}");
    assert!(body["errorId"].as_str().is_some_and(|s| s.len() == 20), "{body}");
    assert!(body["errorCauses"].is_array(), "{body}");
    body
}
