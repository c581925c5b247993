//! The middleware in front of every SCIM route: the rate limit, injected latency, the API key,
//! injected failures and the shared faults.
//!
//! Every request is first counted against the fixed 60-second window of `crate::traffic`
//! (`rate_limit_per_minute`, default 6000; over it → 429 Error with `Retry-After` = seconds until
//! the window ends; no rate headers, as SCIM defines none). Then: (1) the injected latency (if the faults hit this request); (2) on `/v2/...` the
//! credentials: `Authorization` must be exactly `Bearer <api key>` (compared in constant time),
//! else 401 (`rules::Refusal::Unauthorized`); (3) the injected failure (see
//! `rules::Refusal::Injected`; a 429 carries `Retry-After: retry_after_s`); (4) the shared faults
//! (burst, random faults, "applied, then 500") in the same shapes. With `changes_only`, GETs are
//! spared latency and failure (not the shared faults). Paths outside `/v2` skip (1) to (4) and
//! answer the 404.
//! This module must not touch users.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::rules::Refusal;
use super::Ctx;
use crate::codec::constant_time_eq;
use crate::simulator::Simulator;
use crate::traffic;

/// The middleware.
pub(crate) async fn gate(State(ctx): State<Ctx>, request: Request, next: Next) -> Response {
    let budget = ctx.scim.traffic().count();
    if budget.over {
        return Refusal::Injected { status: 429, retry_after_s: budget.reset_in_s }.into_response();
    }
    let path = request.uri().path();
    let api = path == "/v2" || path.starts_with("/v2/");
    if !api {
        return next.run(request).await;
    }
    let read = request.method() == Method::GET || request.method() == Method::HEAD;
    let faults = ctx.scim.with_state(|s| s.faults.clone());
    let faulty = !faults.changes_only || !read;
    if faulty && faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    if !authorized(&ctx, request.headers()) {
        Refusal::Unauthorized.into_response()
    } else if let Some(status) = faults.fail_status.filter(|_| faulty) {
        Refusal::Injected { status, retry_after_s: faults.retry_after_s }.into_response()
    } else {
        let fault = ctx.scim.traffic().draw(!read);
        let fail = |status, retry_after_s| Refusal::Injected { status, retry_after_s }.into_response();
        traffic::run(fault, request, next, fail).await
    }
}

/// Whether `Authorization` is exactly `Bearer <api key>`.
fn authorized(ctx: &Ctx, headers: &HeaderMap) -> bool {
    let value = headers.get(header::AUTHORIZATION).map(HeaderValue::as_bytes).unwrap_or_default();
    let expected = format!("Bearer {}", ctx.scim.api_key());
    constant_time_eq(value, expected.as_bytes())
}
