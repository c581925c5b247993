//! The middleware in front of every Acronis route: the rate limit, injected latency,
//! authentication, injected failures and the shared faults.
//!
//! Every request, the token endpoint's included, is first counted against the fixed 60-second
//! window of `crate::traffic` (`rate_limit_per_minute`, default 6000; over it → 429
//! `TooManyRequests` with `Retry-After` = seconds until the window ends; no rate headers, as
//! Acronis sends none). Then, on `/api/2/...` except the token endpoint: (1) the injected latency (if the faults hit
//! this request); (2) the credentials: `Authorization: Bearer <t>` (scheme in any case) where t
//! is the sandbox API key or an unexpired token from `/api/2/idp/token`, compared in constant
//! time; missing, wrong or expired → 401 `unauthenticated`; (3) the injected failure (see
//! `rules::Refusal::Injected`; a 429 carries `Retry-After: retry_after_s`); (4) the shared faults
//! (burst, random faults, "applied, then 500") in the same shapes. With `changes_only`, GETs (the
//! search included) are spared latency and failure (not the shared faults). The token endpoint,
//! and paths outside `/api/2`, pass straight through after the count (the sandbox's choice: a
//! client can always get a token). Acronis documents no budget; the sandbox's is generous. This
//! module must not touch users.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::rules::Refusal;
use super::{Ctx, TOKEN_PATH};
use crate::oauth;
use crate::simulator::Simulator;
use crate::traffic;

/// The middleware.
pub(crate) async fn gate(State(ctx): State<Ctx>, request: Request, next: Next) -> Response {
    let budget = ctx.acronis.traffic().count();
    if budget.over {
        return Refusal::Injected { status: 429, retry_after_s: budget.reset_in_s }.into_response();
    }
    let path = request.uri().path();
    let api = (path == "/api/2" || path.starts_with("/api/2/")) && path != TOKEN_PATH;
    if !api {
        return next.run(request).await;
    }
    let read = request.method() == Method::GET || request.method() == Method::HEAD;
    let faults = ctx.acronis.with_state(|s| s.faults.clone());
    let faulty = !faults.changes_only || !read;
    if faulty && faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    if !authorized(&ctx, request.headers()) {
        return Refusal::Unauthenticated.into_response();
    }
    if let Some(status) = faults.fail_status.filter(|_| faulty) {
        return Refusal::Injected { status, retry_after_s: faults.retry_after_s }.into_response();
    }
    let fault = ctx.acronis.traffic().draw(!read);
    let fail = |status, retry_after_s| Refusal::Injected { status, retry_after_s }.into_response();
    traffic::run(fault, request, next, fail).await
}

/// Whether `Authorization: Bearer <t>` lets the call in (and which credential did, counted).
fn authorized(ctx: &Ctx, headers: &HeaderMap) -> bool {
    let Some(token) = oauth::bearer(headers) else {
        return false;
    };
    ctx.acronis.with_state(|s| s.tokens.admit(token, ctx.acronis.api_key()))
}
