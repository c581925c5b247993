//! The middleware in front of every Genesys route: the rate limit, injected latency,
//! authentication, injected failures, and a fresh `ININ-Correlation-Id` on every reply.
//!
//! Order: (1) the request is counted against the fixed 60-second window of `crate::traffic`
//! (`rate_limit_per_minute`, default 6000; over budget → 429 too.many.requests with `Retry-After`
//! = seconds until the window resets, at least 1; Genesys sends no rate headers); (2) on `/api/v2` the injected latency (if the faults hit this request);
//! (3) on `/api/v2` the credentials: `Authorization: Bearer <t>` where t is the sandbox API key or
//! an unexpired token from `/oauth/token`, compared in constant time; no bearer token → 401
//! authentication.required, a wrong or expired one → 401 bad.credentials; (4) the injected
//! failure: 429 → too.many.requests with `Retry-After: retry_after_s`, 500 →
//! internal.server.error, 503 → service.unavailable; (5) the shared faults (burst, random faults,
//! "applied, then 500") in the same shapes. With `changes_only`, GETs and the search POST are
//! spared latency and failure (not the shared faults). The token endpoint (and unknown paths outside `/api/v2`) get
//! (1) and the header only. This module must not touch users.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::json;

use super::{error, error_with, Ctx};
use crate::codec::uuid_v4;
use crate::oauth;
use crate::simulator::Simulator;
use crate::traffic;

/// The correlation header every reply carries.
pub(crate) const CORRELATION: HeaderName = HeaderName::from_static("inin-correlation-id");

/// The middleware.
pub(crate) async fn gate(State(ctx): State<Ctx>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let api = path == "/api/v2" || path.starts_with("/api/v2/");
    let read = request.method() == Method::GET
        || request.method() == Method::HEAD
        || (request.method() == Method::POST && path == "/api/v2/users/search");
    let budget = ctx.genesys.traffic().count();
    let faults = ctx.genesys.with_state(|g| g.faults.clone());
    let faulty = api && (!faults.changes_only || !read);
    if faulty && faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    let mut response = if budget.over {
        too_many_requests(budget.limit, budget.reset_in_s)
    } else if !api {
        next.run(request).await
    } else if let Err(refusal) = authorize(&ctx, request.headers()) {
        *refusal
    } else if let Some(status) = faults.fail_status.filter(|_| faulty) {
        injected(status, faults.retry_after_s, budget.limit)
    } else {
        // A sign-out made and then answered 500 cannot be told by any read: only changes a read shows.
        let fault = ctx.genesys.traffic().draw(!read && !request.uri().path().starts_with("/api/v2/tokens/"));
        traffic::run(fault, request, next, |status, retry_after_s| injected(status, retry_after_s, budget.limit)).await
    };
    if let Ok(value) = HeaderValue::from_str(&uuid_v4()) {
        response.headers_mut().insert(CORRELATION, value);
    }
    response
}

/// Checks `Authorization: Bearer <t>`.
fn authorize(ctx: &Ctx, headers: &HeaderMap) -> Result<(), Box<Response>> {
    let Some(token) = oauth::bearer(headers) else {
        let message = "No authentication bearer token specified in authorization header.";
        return Err(Box::new(error(StatusCode::UNAUTHORIZED, "authentication.required", message)));
    };
    if ctx.genesys.with_state(|g| g.tokens.admit(token, ctx.genesys.api_key())) {
        return Ok(());
    }
    Err(Box::new(error(StatusCode::UNAUTHORIZED, "bad.credentials", "Invalid login credentials.")))
}

/// An injected failure: 429 → too.many.requests with `Retry-After`, 503 → service.unavailable,
/// anything else → internal.server.error.
fn injected(status: u16, retry_after_s: u64, limit: u64) -> Response {
    match status {
        429 => too_many_requests(limit, retry_after_s),
        503 => {
            let message = "Service Unavailable: the service is temporarily unable to handle the request.";
            error(StatusCode::SERVICE_UNAVAILABLE, "service.unavailable", message)
        }
        _ => {
            let message =
                "The server encountered an unexpected condition which prevented it from fulfilling the request.";
            error(StatusCode::INTERNAL_SERVER_ERROR, "internal.server.error", message)
        }
    }
}

/// 429 too.many.requests with `Retry-After`.
fn too_many_requests(limit: u64, retry_after_s: u64) -> Response {
    let message = format!("Rate limit exceeded the maximum [{limit}] requests within [60] seconds");
    let with_params = "Rate limit exceeded the maximum [{limit}] requests within [{duration}] seconds";
    let params = json!({"limit": limit.to_string(), "duration": "60"});
    let mut response =
        error_with(StatusCode::TOO_MANY_REQUESTS, "too.many.requests", message, Some((with_params, params)));
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after_s));
    response
}
