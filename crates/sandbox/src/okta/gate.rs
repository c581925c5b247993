//! The middleware in front of every Okta route: rate limiting, injected latency, authentication
//! and scopes, injected failures, and the `X-Rate-Limit-*` headers on every reply.
//!
//! Order: (1) the request is counted against the one-minute window (`rate_limit_per_minute`,
//! default 6000; over budget → 429 E0000047 with `X-Rate-Limit-Remaining: 0`); (2) on `/api/v1`
//! the injected latency (if the faults hit this request); (3) on `/api/v1` the credentials:
//! `Authorization: SSWS <api key>` or `Bearer <access token>` from `/oauth2/v1/token`, compared in
//! constant time; missing or wrong → 401 E0000011; a bearer token without `okta.users.read` (GET)
//! or `okta.users.manage` (GET and changes) → 403 E0000006; (4) the injected failure: 429 →
//! E0000047 with `X-Rate-Limit-Reset` `retry_after_s` ahead, 500 → E0000009, 503 → E0000010
//! (Okta's read-only-mode code). With `changes_only`, GETs are spared latency and failure. The
//! token endpoint gets (1) and the headers only. This module must not touch users.

use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use super::clock::now_s;
use super::faults::OktaFaults;
use super::state::RateVerdict;
use super::{error, Ctx};
use crate::codec::constant_time_eq;

/// Scope that allows reads.
pub(crate) const SCOPE_READ: &str = "okta.users.read";
/// Scope that allows reads and changes.
pub(crate) const SCOPE_MANAGE: &str = "okta.users.manage";

/// The middleware.
pub(crate) async fn gate(State(ctx): State<Ctx>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let api = path == "/api/v1" || path.starts_with("/api/v1/");
    let read = request.method() == Method::GET || request.method() == Method::HEAD;
    let (faults, verdict) = ctx.okta.with_state(|o| (o.faults.clone(), o.count_request()));
    let faulty = api && (!faults.changes_only || !read);
    if faulty && faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    let mut response = if !verdict.allowed {
        too_many_requests()
    } else if !api {
        next.run(request).await
    } else if let Err(refusal) = authorize(&ctx, request.headers(), read) {
        *refusal
    } else if let Some(failure) = injected(&faults).filter(|_| faulty) {
        failure
    } else {
        next.run(request).await
    };
    rate_headers(response.headers_mut(), verdict);
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

/// The injected failure, if one is set.
fn injected(faults: &OktaFaults) -> Option<Response> {
    Some(match faults.fail_status? {
        429 => {
            let mut response = too_many_requests();
            let verdict = RateVerdict {
                limit: faults.rate_limit_per_minute,
                remaining: 0,
                reset_s: now_s().saturating_add(faults.retry_after_s),
                allowed: false,
            };
            rate_headers(response.headers_mut(), verdict);
            response
        }
        503 => error(StatusCode::SERVICE_UNAVAILABLE, "E0000010", "Service is in read only mode", &[]),
        _ => error(StatusCode::INTERNAL_SERVER_ERROR, "E0000009", "Internal Server Error", &[]),
    })
}

fn too_many_requests() -> Response {
    let summary = "API call exceeded rate limit due to too many requests.";
    error(StatusCode::TOO_MANY_REQUESTS, "E0000047", summary, &[])
}

/// Adds the three headers unless the response already has them (an injected 429 sets its own).
fn rate_headers(headers: &mut HeaderMap, verdict: RateVerdict) {
    let values = [
        ("x-rate-limit-limit", verdict.limit),
        ("x-rate-limit-remaining", verdict.remaining),
        ("x-rate-limit-reset", verdict.reset_s),
    ];
    for (name, value) in values {
        headers.entry(HeaderName::from_static(name)).or_insert_with(|| HeaderValue::from(value));
    }
}
