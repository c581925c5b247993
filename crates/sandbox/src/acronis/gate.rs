//! The middleware in front of every Acronis route: injected latency, authentication and injected
//! failures.
//!
//! Order, on `/api/2/...` except the token endpoint: (1) the injected latency (if the faults hit
//! this request); (2) the credentials: `Authorization: Bearer <t>` (scheme in any case) where t
//! is the sandbox API key or an unexpired token from `/api/2/idp/token`, compared in constant
//! time; missing, wrong or expired → 401 `unauthenticated`; (3) the injected failure (see
//! `rules::Refusal::Injected`; a 429 carries `Retry-After: retry_after_s`). With `changes_only`,
//! GETs (the search included) are spared latency and failure. The token endpoint, and paths
//! outside `/api/2`, pass straight through (the sandbox's choice: a client can always get a
//! token). Nothing is rate-limited: Acronis documents no budget. This module must not touch
//! users.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::rules::Refusal;
use super::{Ctx, TOKEN_PATH};
use crate::oauth;

/// The middleware.
pub(crate) async fn gate(State(ctx): State<Ctx>, request: Request, next: Next) -> Response {
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
    match faults.fail_status.filter(|_| faulty) {
        Some(status) => Refusal::Injected { status, retry_after_s: faults.retry_after_s }.into_response(),
        None => next.run(request).await,
    }
}

/// Whether `Authorization: Bearer <t>` lets the call in (and which credential did, counted).
fn authorized(ctx: &Ctx, headers: &HeaderMap) -> bool {
    let Some(token) = oauth::bearer(headers) else {
        return false;
    };
    ctx.acronis.with_state(|s| s.tokens.admit(token, ctx.acronis.api_key()))
}
