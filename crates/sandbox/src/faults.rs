//! Fault injection and reset: the sandbox-only admin endpoints under `/_sandbox`. No API key;
//! meant for loopback use by tests and demos. This module must not change users except through
//! [`Sandbox::reset`].
//!
//! - `GET /_sandbox/faults` → `{"latency_ms": 0, "fail_status": null, "retry_after_s": 30,
//!   "changes_only": false, "rate_limit_per_minute": 6000, "transition_ms": 1000}`: FusionAuth's
//!   four settings next to Okta's two own ones. With `changes_only` the latency and failure hit
//!   only requests that change something (not GET, not FusionAuth's search POST), so a re-read
//!   shows the truth.
//! - `PUT /_sandbox/faults` with that shape sets EVERY provider (fields left out take the
//!   defaults above, so the old four-field body still works; `latency_ms` is capped at 30000 and
//!   `transition_ms` at 60000) → 200 with the new settings. Unknown fields, bad JSON, a
//!   `fail_status` outside {429, 500, 503} or a `rate_limit_per_minute` outside 1..=1000000 → 400
//!   `{"error": "..."}`.
//! - `GET|PUT /_sandbox/faults/{provider}` does the same for one provider: `fusionauth` (alias
//!   `fusionauth-sandbox`) takes the four-field shape, `okta` (alias `okta-sandbox`) the six-field
//!   one. Unknown provider → 404 `{"error": "..."}`. Setting Okta's faults starts a fresh
//!   rate-limit window.
//! - `POST /_sandbox/reset` → every provider's seeded users back, faults cleared, Okta's rate
//!   window restarted (registered OAuth clients and issued tokens stay) → 200 `{"users": N}` with
//!   FusionAuth's user count.
//!
//! Effect on FusionAuth's `/api` (after the API-key check): 429 → empty body with `Retry-After`;
//! 500 → empty body; 503 → FusionAuth's search-index-unavailable `Errors` JSON. Latency delays
//! every `/api` response, 401s included. Okta's effects are described in `okta::gate`.

use axum::body::Bytes;
use axum::extract::{Path, State};
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
/// Longest asynchronous Okta transition.
const MAX_TRANSITION_MS: u64 = 60_000;
/// Largest Okta budget per minute.
const MAX_RATE_LIMIT: u64 = 1_000_000;
/// Statuses that can be injected.
const FAIL_STATUSES: [u16; 3] = [429, 500, 503];

/// FusionAuth's fault settings (also its admin JSON shape).
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

/// Okta's fault settings: FusionAuth's four plus the rate budget and the transition time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OktaFaults {
    /// Delay before every `/api/v1` response.
    #[serde(default)]
    pub(crate) latency_ms: u64,
    /// Status every `/api/v1` request answers with, if set.
    #[serde(default)]
    pub(crate) fail_status: Option<u16>,
    /// Seconds until `X-Rate-Limit-Reset` on an injected 429.
    #[serde(default = "default_retry_after")]
    pub(crate) retry_after_s: u64,
    /// Latency and failure apply only to changes.
    #[serde(default)]
    pub(crate) changes_only: bool,
    /// Requests allowed per one-minute window.
    #[serde(default = "default_rate_limit")]
    pub(crate) rate_limit_per_minute: u64,
    /// How long activations and deactivations stay in `transitioningToStatus` (0 = immediate).
    #[serde(default = "default_transition_ms")]
    pub(crate) transition_ms: u64,
}

fn default_retry_after() -> u64 {
    30
}

fn default_rate_limit() -> u64 {
    6000
}

fn default_transition_ms() -> u64 {
    1000
}

impl Default for Faults {
    fn default() -> Faults {
        Faults { latency_ms: 0, fail_status: None, retry_after_s: default_retry_after(), changes_only: false }
    }
}

impl Default for OktaFaults {
    fn default() -> OktaFaults {
        OktaFaults::combine(&Faults::default(), default_rate_limit(), default_transition_ms())
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

impl OktaFaults {
    /// FusionAuth-style settings plus Okta's own two.
    fn combine(common: &Faults, rate_limit_per_minute: u64, transition_ms: u64) -> OktaFaults {
        OktaFaults {
            latency_ms: common.latency_ms,
            fail_status: common.fail_status,
            retry_after_s: common.retry_after_s,
            changes_only: common.changes_only,
            rate_limit_per_minute,
            transition_ms,
        }
    }

    /// The four settings every provider shares.
    fn common(&self) -> Faults {
        Faults {
            latency_ms: self.latency_ms,
            fail_status: self.fail_status,
            retry_after_s: self.retry_after_s,
            changes_only: self.changes_only,
        }
    }

    /// Checks and caps the settings.
    fn validated(mut self) -> Result<OktaFaults, String> {
        let common = self.common().validated()?;
        if !(1..=MAX_RATE_LIMIT).contains(&self.rate_limit_per_minute) {
            return Err(format!(
                "rate_limit_per_minute must be 1..={MAX_RATE_LIMIT}, not {}",
                self.rate_limit_per_minute
            ));
        }
        self.transition_ms = self.transition_ms.min(MAX_TRANSITION_MS);
        Ok(OktaFaults::combine(&common, self.rate_limit_per_minute, self.transition_ms))
    }
}

impl Faults {
    fn validated(mut self) -> Result<Faults, String> {
        if let Some(status) = self.fail_status {
            if !FAIL_STATUSES.contains(&status) {
                return Err(format!("fail_status must be null, 429, 500 or 503, not {status}"));
            }
        }
        self.latency_ms = self.latency_ms.min(MAX_LATENCY_MS);
        Ok(self)
    }
}

/// The providers `/_sandbox/faults/{provider}` knows.
enum Provider {
    FusionAuth,
    Okta,
}

impl Provider {
    fn parse(name: &str) -> Option<Provider> {
        match name {
            "fusionauth" | "fusionauth-sandbox" => Some(Provider::FusionAuth),
            "okta" | "okta-sandbox" => Some(Provider::Okta),
            _ => None,
        }
    }
}

/// The `/_sandbox` router.
pub(crate) fn router(sandbox: Sandbox) -> Router {
    Router::new()
        .route("/_sandbox/faults", get(show).put(update))
        .route("/_sandbox/faults/{provider}", get(show_one).put(update_one))
        .route("/_sandbox/reset", post(reset))
        .with_state(sandbox)
}

async fn show(State(sb): State<Sandbox>) -> Response {
    let view = sb.with_state(|s| {
        let okta = &s.okta.faults;
        OktaFaults::combine(&s.faults, okta.rate_limit_per_minute, okta.transition_ms)
    });
    Json(view).into_response()
}

async fn update(State(sb): State<Sandbox>, body: Bytes) -> Response {
    let faults = match parse::<OktaFaults>(&body).and_then(OktaFaults::validated) {
        Ok(f) => f,
        Err(e) => return bad_request(e),
    };
    sb.with_state(|s| {
        s.faults = faults.common();
        s.okta.faults = faults.clone();
        s.okta.window = Default::default();
    });
    Json(faults).into_response()
}

async fn show_one(State(sb): State<Sandbox>, Path(provider): Path<String>) -> Response {
    match Provider::parse(&provider) {
        Some(Provider::FusionAuth) => Json(sb.with_state(|s| s.faults.clone())).into_response(),
        Some(Provider::Okta) => Json(sb.with_state(|s| s.okta.faults.clone())).into_response(),
        None => unknown_provider(&provider),
    }
}

async fn update_one(State(sb): State<Sandbox>, Path(provider): Path<String>, body: Bytes) -> Response {
    match Provider::parse(&provider) {
        Some(Provider::FusionAuth) => match parse::<Faults>(&body).and_then(Faults::validated) {
            Ok(faults) => {
                sb.with_state(|s| s.faults = faults.clone());
                Json(faults).into_response()
            }
            Err(e) => bad_request(e),
        },
        Some(Provider::Okta) => match parse::<OktaFaults>(&body).and_then(OktaFaults::validated) {
            Ok(faults) => {
                sb.with_state(|s| {
                    s.okta.faults = faults.clone();
                    s.okta.window = Default::default();
                });
                Json(faults).into_response()
            }
            Err(e) => bad_request(e),
        },
        None => unknown_provider(&provider),
    }
}

fn parse<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    serde_json::from_slice(body).map_err(|e| format!("invalid fault settings: {e}"))
}

async fn reset(State(sb): State<Sandbox>) -> Response {
    Json(json!({ "users": sb.reset() })).into_response()
}

fn unknown_provider(name: &str) -> Response {
    let error = format!("unknown provider {name:?}: use fusionauth, okta, fusionauth-sandbox or okta-sandbox");
    (StatusCode::NOT_FOUND, Json(json!({ "error": error }))).into_response()
}

fn bad_request(error: String) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": error }))).into_response()
}
