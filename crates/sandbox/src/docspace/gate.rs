//! The middleware in front of every DocSpace route: injected latency, the reverse proxy's HTML
//! 502, the rate limit, the API key and injected failures, and the `X-RateLimit-*` headers.
//!
//! Order: (1) the injected latency (if the faults hit this request); (2) with `html_502`, every
//! request (reads too, whatever `changes_only` says) answers `rules::bad_gateway_html`, uncounted
//! and without rate headers; (3) the request is counted against the 60-second window
//! (`rate_limit_per_minute`, default 1500); over budget → 429 with `Retry-After` = seconds until
//! the window resets; (4) on `/api/2.0/...` the credentials: `Authorization` must be exactly
//! `Bearer <api key>` (compared in constant time), else 401; (5) the injected failure (see
//! `rules::Refusal::Injected`; a 429 carries `Retry-After: retry_after_s`). With `changes_only`,
//! GETs are spared latency and failure. Paths outside `/api/2.0` skip (4) and (5) and answer the
//! 404. Every reply but the HTML 502 carries `X-RateLimit-Limit`, `X-RateLimit-Remaining` (left
//! in the window) and `X-RateLimit-Reset` (seconds until the window resets). This module must not
//! touch users.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::rules::{bad_gateway_html, Refusal};
use super::state::Budget;
use super::Ctx;
use crate::codec::constant_time_eq;

const LIMIT: HeaderName = HeaderName::from_static("x-ratelimit-limit");
const REMAINING: HeaderName = HeaderName::from_static("x-ratelimit-remaining");
const RESET: HeaderName = HeaderName::from_static("x-ratelimit-reset");

/// The middleware.
pub(crate) async fn gate(State(ctx): State<Ctx>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let api = path == "/api/2.0" || path.starts_with("/api/2.0/");
    let read = request.method() == Method::GET || request.method() == Method::HEAD;
    let faults = ctx.docspace.with_state(|s| s.faults.clone());
    let faulty = api && (!faults.changes_only || !read);
    if faulty && faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    if faults.html_502 {
        return bad_gateway_html();
    }
    let budget = ctx.docspace.with_state(|s| s.count_request());
    let mut response = if budget.over {
        Refusal::RateLimited { retry_after_s: budget.reset_s }.into_response()
    } else if !api {
        next.run(request).await
    } else if !authorized(&ctx, request.headers()) {
        Refusal::Unauthorized.into_response()
    } else if let Some(status) = faults.fail_status.filter(|_| faulty) {
        Refusal::Injected { status, retry_after_s: faults.retry_after_s }.into_response()
    } else if faults.fail_after_change && !read {
        // Made, then reported as a failure.
        let made = next.run(request).await;
        if made.status().is_success() {
            Refusal::Injected { status: 500, retry_after_s: faults.retry_after_s }.into_response()
        } else {
            made
        }
    } else {
        next.run(request).await
    };
    rate_headers(response.headers_mut(), budget);
    response
}

/// Whether `Authorization` is exactly `Bearer <api key>`.
fn authorized(ctx: &Ctx, headers: &HeaderMap) -> bool {
    let value = headers.get(header::AUTHORIZATION).map(HeaderValue::as_bytes).unwrap_or_default();
    let expected = format!("Bearer {}", ctx.docspace.api_key());
    constant_time_eq(value, expected.as_bytes())
}

/// The three `X-RateLimit-*` headers.
fn rate_headers(headers: &mut HeaderMap, budget: Budget) {
    headers.insert(LIMIT, HeaderValue::from(budget.limit));
    headers.insert(REMAINING, HeaderValue::from(budget.remaining));
    headers.insert(RESET, HeaderValue::from(budget.reset_s));
}
