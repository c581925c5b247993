//! The FusionAuth API under `/api`: routing, the API-key gate and shared response helpers.
//!
//! Every request is first counted against the rate window (`rate_limit_per_minute`, default 6000,
//! see `crate::traffic`; over it → 429, empty body, `Retry-After` = seconds until the window ends;
//! FusionAuth sends no rate headers), then waits the injected latency, then must carry
//! `Authorization: <api key>` exactly (no `Bearer` prefix; wrong or missing → 401 with an empty
//! body), then answers with the injected failure if one is set, then the shared faults (burst,
//! random faults, "applied, then 500") in the same shapes. Unknown paths and methods under `/api`
//! → 404, empty body.
//!
//! Tenants: `X-FusionAuth-TenantId` is optional. When present it must be a UUID (else 400 Errors);
//! single-user routes then answer 404 for a user of another tenant, and search only returns users
//! of that tenant.
//!
//! Fault effects (settings via `/_sandbox/faults/fusionauth`): 429 → empty body with
//! `Retry-After: <retry_after_s>`; 500 → empty body; 503 → FusionAuth's search-index-unavailable
//! `Errors` JSON. Latency delays every `/api` response, 401s included. With `changes_only`, GETs
//! and the search POST are spared.
//!
//! This module and its children must not keep state outside [`FusionAuth`] (see `simulator`) and
//! must not touch another provider.

mod jwt;
mod search;
mod seed;
mod simulator;
mod users;
pub(crate) mod wire;

pub(crate) use simulator::{simulator, FusionAuth, Record};

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;

use crate::codec::{constant_time_eq, is_uuid};
use crate::simulator::Simulator;
use crate::traffic;
use wire::Errors;

/// Header that scopes a request to one tenant.
const TENANT_HEADER: &str = "x-fusionauth-tenantid";

/// The `/api` router (paths relative to `/api`).
fn router(sandbox: FusionAuth) -> Router {
    Router::new()
        .route("/user", get(users::lookup))
        .route("/user/search", post(search::search))
        .route("/user/{user_id}", get(users::get_user).delete(users::delete_user).put(users::put_user))
        .route("/jwt/refresh", get(jwt::list).delete(jwt::revoke))
        .fallback(not_found)
        .method_not_allowed_fallback(not_found)
        .layer(middleware::from_fn_with_state(sandbox.clone(), gate))
        .with_state(sandbox)
}

async fn not_found() -> Response {
    empty(StatusCode::NOT_FOUND)
}

/// The rate limit, latency, the API key, injected failures, the tenant header's format, then the
/// shared faults (burst, random, "applied, then 500").
async fn gate(State(sandbox): State<FusionAuth>, request: Request, next: Next) -> Response {
    let budget = sandbox.traffic().count();
    if budget.over {
        return injected(429, budget.reset_in_s);
    }
    let faults = sandbox.with_state(|s| s.faults.clone());
    let change = is_change(request.method(), request.uri().path());
    let faulty = !faults.changes_only || change;
    if faulty && faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    let key = request.headers().get(header::AUTHORIZATION).map(|v| v.as_bytes()).unwrap_or_default();
    if !constant_time_eq(key, sandbox.api_key().as_bytes()) {
        return empty(StatusCode::UNAUTHORIZED);
    }
    if let Some(status) = faults.fail_status.filter(|_| faulty) {
        return injected(status, faults.retry_after_s);
    }
    if let Some(tenant) = request.headers().get(TENANT_HEADER) {
        if !tenant.to_str().is_ok_and(is_uuid) {
            let message = "The X-FusionAuth-TenantId header must be a UUID.";
            return errors(StatusCode::BAD_REQUEST, Errors::general("[invalid]X-FusionAuth-TenantId", message));
        }
    }
    // A sign-out made and then answered 500 cannot be told by any read: only changes a read shows.
    let fault = sandbox.traffic().draw(change && !request.uri().path().starts_with("/api/jwt/refresh"));
    traffic::run(fault, request, next, injected).await
}

/// Whether a request with `method` to `path` (under `/api`) changes something (GETs and the
/// search POST do not).
fn is_change(method: &Method, path: &str) -> bool {
    method != Method::GET && !path.ends_with("/user/search")
}

/// An injected failure (or the rate limit's 429): 429 empty with `Retry-After`, 503 FusionAuth's
/// search-index-unavailable `Errors`, anything else 500 empty.
fn injected(status: u16, retry_after_s: u64) -> Response {
    match status {
        429 => (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, retry_after_s.to_string())]).into_response(),
        503 => {
            let message = "The search index is not available. FusionAuth is unable to complete the request; \
                           try again later.";
            errors(StatusCode::SERVICE_UNAVAILABLE, Errors::general("[SearchIndexUnavailable]", message))
        }
        _ => empty(StatusCode::INTERNAL_SERVER_ERROR),
    }
}

/// A response with no body (and so no content type), as FusionAuth sends for 401/404/empty 200.
pub(crate) fn empty(status: StatusCode) -> Response {
    (status, Body::empty()).into_response()
}

/// A JSON response.
pub(crate) fn json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    (status, Json(body)).into_response()
}

/// An `Errors` JSON response.
pub(crate) fn errors(status: StatusCode, body: Errors) -> Response {
    json(status, &body)
}

/// The 400 FusionAuth sends for a body it cannot parse.
pub(crate) fn invalid_json(error: &serde_json::Error) -> Response {
    let message = format!("Unable to parse the JSON request body: {error}");
    errors(StatusCode::BAD_REQUEST, Errors::general("[invalidJSON]", message))
}

/// The tenant the request is scoped to, lowercase (the gate has checked it is a UUID).
pub(crate) fn tenant_scope(headers: &HeaderMap) -> Option<String> {
    headers.get(TENANT_HEADER).and_then(|v| v.to_str().ok()).map(str::to_ascii_lowercase)
}

/// Index of the user with this id, if it exists and is visible to the request's tenant.
pub(crate) fn find(records: &[Record], id: &str, scope: Option<&str>) -> Option<usize> {
    if !is_uuid(id) {
        return None;
    }
    let id = id.to_ascii_lowercase();
    records.iter().position(|r| r.user.id == id && scope.is_none_or(|t| r.user.tenant_id == t))
}

/// Wall-clock epoch milliseconds, used only for `lastUpdateInstant` after a mutation.
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_millis()).ok())
        .unwrap_or(crate::seed::REFERENCE_INSTANT)
}
