//! The middleware in front of every Okta route: rate limiting, injected latency, authentication
//! and scopes, injected failures, the shared faults, and the `X-Rate-Limit-*` and `Date` headers
//! on every reply.
//!
//! Order: (1) the request is counted against the fixed 60-second window of `crate::traffic`
//! (`rate_limit_per_minute`, default 6000; over budget → 429 E0000047 with `Retry-After` =
//! seconds until the window ends and `X-Rate-Limit-Remaining: 0`); (2) on `/api/v1` the injected
//! latency (if the faults hit this request); (3) on `/api/v1` the credentials: `Authorization:
//! SSWS <api key>` or `Bearer <access token>` from `/oauth2/v1/token`, compared in constant time;
//! missing or wrong → 401 E0000011; a bearer token without `okta.users.read` (GET) or
//! `okta.users.manage` (GET and changes) → 403 E0000006; (4) the injected failure: 429 →
//! E0000047 with `Retry-After` and `X-Rate-Limit-Reset` `retry_after_s` ahead, 500 → E0000009,
//! 503 → E0000010 (Okta's read-only-mode code); (5) the shared faults (burst, random faults,
//! "applied, then 500") in the same shapes, a 429 one second ahead. With `changes_only`, GETs are
//! spared latency and failure (not the shared faults). The token endpoint gets (1) and the
//! headers only. Every reply carries `X-Rate-Limit-Limit`, `-Remaining` (left in the window) and
//! `-Reset` (when the window ends, UTC epoch seconds), and a `Date`. This module must not touch
//! users.

use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use super::clock::{now_ms, now_s};
use super::{error, Ctx};
use crate::clock::http_date;
use crate::codec::constant_time_eq;
use crate::simulator::Simulator;
use crate::traffic::{self, Budget};

/// Scope that allows reads.
pub(crate) const SCOPE_READ: &str = "okta.users.read";
/// Scope that allows reads and changes.
pub(crate) const SCOPE_MANAGE: &str = "okta.users.manage";

/// The middleware.
pub(crate) async fn gate(State(ctx): State<Ctx>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let api = path == "/api/v1" || path.starts_with("/api/v1/");
    let read = request.method() == Method::GET || request.method() == Method::HEAD;
    let budget = ctx.okta.traffic().count();
    let faults = ctx.okta.with_state(|o| o.faults.clone());
    let faulty = api && (!faults.changes_only || !read);
    if faulty && faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    let mut response = if budget.over {
        too_many_requests(budget.reset_in_s)
    } else if !api {
        next.run(request).await
    } else if let Err(refusal) = authorize(&ctx, request.headers(), read) {
        *refusal
    } else if let Some(status) = faults.fail_status.filter(|_| faulty) {
        injected(status, faults.retry_after_s, budget.limit)
    } else {
        // A sign-out made and then answered 500 cannot be told by any read: only changes a read shows.
        let fault = ctx.okta.traffic().draw(!read && !path.ends_with("/sessions"));
        traffic::run(fault, request, next, |status, retry_after_s| injected(status, retry_after_s, budget.limit)).await
    };
    rate_headers(response.headers_mut(), &budget);
    if let Ok(date) = HeaderValue::from_str(&http_date(now_ms())) {
        response.headers_mut().entry(header::DATE).or_insert(date);
    }
    response
}

/// Checks the credentials and, for bearer tokens, the scopes.
fn authorize(ctx: &Ctx, headers: &HeaderMap, read: bool) -> Result<(), Box<Response>> {
    let value = headers.get(header::AUTHORIZATION).map(HeaderValue::as_bytes).unwrap_or_default();
    if let Some(key) = strip_scheme(value, b"SSWS") {
        if constant_time_eq(key, ctx.okta.api_key().as_bytes()) {
            return Ok(());
        }
    } else if let Some(token) = strip_scheme(value, b"Bearer") {
        let now = Instant::now();
        let scopes = ctx.okta.with_state(|o| {
            o.tokens.retain(|t| t.expires > now);
            let mut found = None;
            for t in &o.tokens {
                if constant_time_eq(token, t.token.as_bytes()) {
                    found = Some(t.scopes.clone());
                }
            }
            found
        });
        if let Some(scopes) = scopes {
            let allowed = scopes.iter().any(|s| s == SCOPE_MANAGE || (read && s == SCOPE_READ));
            return if allowed {
                Ok(())
            } else {
                let summary = "You do not have permission to perform the requested action";
                Err(Box::new(error(StatusCode::FORBIDDEN, "E0000006", summary, &[])))
            };
        }
    }
    Err(Box::new(error(StatusCode::UNAUTHORIZED, "E0000011", "Invalid token provided", &[])))
}

/// `value` without a case-insensitive `scheme` and one space.
fn strip_scheme<'a>(value: &'a [u8], scheme: &[u8]) -> Option<&'a [u8]> {
    let (head, rest) = value.split_at_checked(scheme.len())?;
    let rest = rest.strip_prefix(b" ")?;
    head.eq_ignore_ascii_case(scheme).then_some(rest)
}

/// An injected failure: 429 → E0000047 with `Retry-After` and `X-Rate-Limit-Reset`
/// `retry_after_s` ahead (`-Remaining` 0), 503 → E0000010, anything else → E0000009.
fn injected(status: u16, retry_after_s: u64, limit: u64) -> Response {
    match status {
        429 => {
            let mut response = too_many_requests(retry_after_s);
            let budget = Budget {
                limit,
                remaining: 0,
                reset_in_s: retry_after_s,
                reset_epoch_s: now_s() + retry_after_s,
                over: true,
            };
            rate_headers(response.headers_mut(), &budget);
            response
        }
        503 => error(StatusCode::SERVICE_UNAVAILABLE, "E0000010", "Service is in read only mode", &[]),
        _ => error(StatusCode::INTERNAL_SERVER_ERROR, "E0000009", "Internal Server Error", &[]),
    }
}

/// 429 E0000047 with `Retry-After`.
fn too_many_requests(retry_after_s: u64) -> Response {
    let summary = "API call exceeded rate limit due to too many requests.";
    let mut response = error(StatusCode::TOO_MANY_REQUESTS, "E0000047", summary, &[]);
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after_s));
    response
}

/// Adds the three headers unless the response already has them (an injected 429 sets its own).
fn rate_headers(headers: &mut HeaderMap, budget: &Budget) {
    let values = [
        ("x-rate-limit-limit", budget.limit),
        ("x-rate-limit-remaining", budget.remaining),
        ("x-rate-limit-reset", budget.reset_epoch_s),
    ];
    for (name, value) in values {
        headers.entry(HeaderName::from_static(name)).or_insert_with(|| HeaderValue::from(value));
    }
}
