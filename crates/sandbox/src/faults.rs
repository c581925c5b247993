//! Fault injection and reset: the sandbox-only admin endpoints under `/_sandbox`. No API key;
//! meant for loopback use by tests and demos. This module must not change users except through
//! [`Sandbox::reset`].
//!
//! - `GET /_sandbox/faults` → `{"latency_ms": 0, "fail_status": null, "retry_after_s": 30,
//!   "changes_only": false}`; with `changes_only` the latency and failure hit only requests that
//!   change something (not GET, not the search POST), so a re-read shows the truth.
//! - `PUT /_sandbox/faults` with that shape replaces the settings (fields left out take the
//!   defaults above; `latency_ms` is capped at 30000) → 200 with the new settings. Unknown fields,
//!   bad JSON or a `fail_status` outside {429, 500, 503} → 400 `{"error": "..."}`.
//! - `POST /_sandbox/reset` → seeded users back, faults cleared → 200 `{"users": N}`.
//!
//! Effect on `/api` (after the API-key check): 429 → empty body with `Retry-After`; 500 → empty
//! body; 503 → FusionAuth's search-index-unavailable `Errors` JSON. Latency delays every `/api`
//! response, 401s included.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::fusionauth::wire::Errors;
use crate::fusionauth::{empty, errors};
use crate::Sandbox;

/// Longest injectable latency.
const MAX_LATENCY_MS: u64 = 30_000;
/// Statuses that can be injected.
const FAIL_STATUSES: [u16; 3] = [429, 500, 503];

/// Current fault settings (also the admin endpoint's JSON shape).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Faults {
    /// Delay before every `/api` response.
    #[serde(default)]
    pub(crate) latency_ms: u64,
    /// Status every `/api` request answers with, if set.
    #[serde(default)]
    pub(crate) fail_status: Option<u16>,
    /// `Retry-After` seconds sent with an injected 429.
    #[serde(default = "default_retry_after")]
    pub(crate) retry_after_s: u64,
    /// Latency and failure apply only to changes.
    #[serde(default)]
    pub(crate) changes_only: bool,
}

fn default_retry_after() -> u64 {
    30
}

impl Default for Faults {
    fn default() -> Faults {
        Faults { latency_ms: 0, fail_status: None, retry_after_s: default_retry_after(), changes_only: false }
    }
}

impl Faults {
    /// Whether these faults hit a request with `method` to `path` (under `/api`).
    pub(crate) fn apply_to(&self, method: &axum::http::Method, path: &str) -> bool {
        let read = method == axum::http::Method::GET || path.ends_with("/user/search");
        !self.changes_only || !read
    }

    /// The injected failure response, if one is set.
    pub(crate) fn failure(&self) -> Option<Response> {
        Some(match self.fail_status? {
            429 => {
                let retry = self.retry_after_s.to_string();
                (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, retry)]).into_response()
            }
            503 => {
                let message = "The search index is not available. FusionAuth is unable to complete the request; \
                               try again later.";
                errors(StatusCode::SERVICE_UNAVAILABLE, Errors::general("[SearchIndexUnavailable]", message))
            }
            _ => empty(StatusCode::INTERNAL_SERVER_ERROR),
        })
    }
}

/// The `/_sandbox` router.
pub(crate) fn router(sandbox: Sandbox) -> Router {
    Router::new()
        .route("/_sandbox/faults", get(show).put(update))
        .route("/_sandbox/reset", post(reset))
        .with_state(sandbox)
}

async fn show(State(sb): State<Sandbox>) -> Response {
    Json(sb.with_state(|s| s.faults.clone())).into_response()
}

async fn update(State(sb): State<Sandbox>, body: Bytes) -> Response {
    let mut faults: Faults = match serde_json::from_slice(&body) {
        Ok(f) => f,
        Err(e) => return bad_request(format!("invalid fault settings: {e}")),
    };
    if let Some(status) = faults.fail_status {
        if !FAIL_STATUSES.contains(&status) {
            return bad_request(format!("fail_status must be null, 429, 500 or 503, not {status}"));
        }
    }
    faults.latency_ms = faults.latency_ms.min(MAX_LATENCY_MS);
    sb.with_state(|s| s.faults = faults.clone());
    Json(faults).into_response()
}

async fn reset(State(sb): State<Sandbox>) -> Response {
    Json(json!({ "users": sb.reset() })).into_response()
}

fn bad_request(error: String) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": error }))).into_response()
}
