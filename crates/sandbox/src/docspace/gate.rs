//! The middleware in front of every DocSpace route: injected latency, the reverse proxy's HTML
//! 502, the rate limit, the API key, injected failures and the shared faults, and the
//! `X-RateLimit-*` headers.
//!
//! Order: (1) the injected latency (if the faults hit this request); (2) with `html_502`, every
//! request (reads too, whatever `changes_only` says) answers `rules::bad_gateway_html`, uncounted
//! and without rate headers; (3) the request is counted against the fixed 60-second window of
//! `crate::traffic` (`rate_limit_per_minute`, default 1500); over budget → 429 with `Retry-After`
//! = seconds until the window resets; (4) on `/api/2.0/...` the credentials: `Authorization` must
//! be exactly `Bearer <api key>` (compared in constant time), else 401; (5) the injected failure
//! (see `rules::Refusal::Injected`; a 429 carries `Retry-After: retry_after_s`); (6) the shared
//! faults: the burst, random faults and "applied, then 500" (`fail_after_change`, once
//! DocSpace's own: the change is made, then answered 500; a refused change keeps its refusal), in
//! the same shapes, a 429 with `Retry-After: 1`. With `changes_only`, GETs are spared latency and
//! failure (not the shared faults). Paths outside `/api/2.0` skip (4) to (6) and answer the
//! 404. Every reply but the HTML 502 carries `X-RateLimit-Limit`, `X-RateLimit-Remaining` (left
//! in the window) and `X-RateLimit-Reset` (seconds until the window resets). This module must not
//! touch users.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::rules::{bad_gateway_html, Refusal};
use super::Ctx;
use crate::codec::constant_time_eq;
use crate::simulator::Simulator;
use crate::traffic::{self, Budget};

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
    let budget = ctx.docspace.traffic().count();
    let mut response = if budget.over {
        Refusal::RateLimited { retry_after_s: budget.reset_in_s }.into_response()
    } else if !api {
        next.run(request).await
    } else if !authorized(&ctx, request.headers()) {
        Refusal::Unauthorized.into_response()
    } else if let Some(status) = faults.fail_status.filter(|_| faulty) {
        Refusal::Injected { status, retry_after_s: faults.retry_after_s }.into_response()
    } else {
        // A sign-out made and then answered 500 cannot be told by any read: only changes a read shows.
        let fault =
            ctx.docspace.traffic().draw(!read && !request.uri().path().contains("/activeconnections/logoutall/"));
        let fail = |status, retry_after_s| Refusal::Injected { status, retry_after_s }.into_response();
        traffic::run(fault, request, next, fail).await
    };
    rate_headers(response.headers_mut(), &budget);
    response
}

/// Whether `Authorization` is exactly `Bearer <api key>`.
fn authorized(ctx: &Ctx, headers: &HeaderMap) -> bool {
    let value = headers.get(header::AUTHORIZATION).map(HeaderValue::as_bytes).unwrap_or_default();
    let expected = format!("Bearer {}", ctx.docspace.api_key());
    constant_time_eq(value, expected.as_bytes())
}

/// The three `X-RateLimit-*` headers (`-Reset`: seconds until the window ends, at least 1).
fn rate_headers(headers: &mut HeaderMap, budget: &Budget) {
    headers.insert(LIMIT, HeaderValue::from(budget.limit));
    headers.insert(REMAINING, HeaderValue::from(budget.remaining));
    headers.insert(RESET, HeaderValue::from(budget.reset_in_s));
}
