//! The proxy's own refusals: a JSON body `{"error": "..."}` and the `x-lockdesk-refused` header, so
//! the panel can tell them apart from the provider's replies.
//!
//! Messages are plain sentences; they never contain credentials, headers or bodies.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

/// A refusal with `status` and a plain sentence.
pub fn refuse(status: StatusCode, message: &str) -> Response {
    let mut resp = (status, Json(serde_json::json!({ "error": message }))).into_response();
    resp.headers_mut().insert(idp::http::PROXY_REFUSAL_HEADER, HeaderValue::from_static("1"));
    resp
}

/// 401 for a request without an operator session; the panel shows its sign-in form on this.
pub fn sign_in_required() -> Response {
    let mut resp = refuse(StatusCode::UNAUTHORIZED, "Sign in to lockdesk first.");
    resp.headers_mut().insert(idp::http::PROXY_REFUSAL_HEADER, HeaderValue::from_static(idp::http::REFUSAL_SIGN_IN));
    resp
}

/// 409 for a change the person's current state does not allow (the proxy's own read showed it).
pub fn refuse_in_state(message: &str) -> Response {
    let mut resp = refuse(StatusCode::CONFLICT, message);
    resp.headers_mut().insert(idp::http::PROXY_REFUSAL_HEADER, HeaderValue::from_static(idp::http::REFUSAL_STATE));
    resp
}
