//! The Okta Management API v1 (users and their lifecycle) and the org authorization server's
//! token endpoint, at Okta's real paths with Okta's JSON and status codes: routing, the shared
//! response helpers and the request context (the sandbox and the path prefix the router is
//! mounted under, for absolute URLs in `Link` headers and `_links`).
//!
//! | Route | Module |
//! |---|---|
//! | `GET /api/v1/users/{idOrLogin}`, `DELETE` it, `DELETE …/sessions`, `GET …/factors` | `users` |
//! | `GET /api/v1/users?search=&limit=&after=` (and `q=`) | `users`, `search` |
//! | `POST /api/v1/users/{idOrLogin}/lifecycle/{op}` | `lifecycle` |
//! | `POST /oauth2/v1/token` | `token` |
//!
//! Everything passes `gate` first (rate limits, credentials, faults). Unknown paths → 404
//! E0000007, wrong method → 405 E0000022. Absolute URLs use `http://{Host}{mount}`.
//!
//! Named seeds (login = email; password unless noted), besides `generated` users of every status:
//!
//! | id | login | status | notes |
//! |---|---|---|---|
//! | `00ub0oNGTSWTBKOLGLNR` | isaac.brock@example.com | ACTIVE | the spec's `user-example`, 2 sessions |
//! | `00u1xke1apZnmHgpB1d7` | ben.richler@example.com | STAGED | spec list example, no credentials |
//! | `00u269cmneNMFHCH51d7` | janice.benson@gmail.com | PROVISIONED | spec list example, no credentials |
//! | `00uterry0example0001` | terry@example.com | ACTIVE | 2 sessions, 1 OAuth token |
//! | `00ulara0lockedout001` | lara.lockedout@example.com | LOCKED_OUT | |
//! | `00usam0suspended0001` | sam.suspended@example.com | SUSPENDED | |
//! | `00ustella0staged0001` | stella.staged@example.com | STAGED | no password |
//! | `00udee0deprovisioned` | dee.deprovisioned@example.com | DEPROVISIONED | |
//! | `00upat0expired000001` | pat.expired@example.com | PASSWORD_EXPIRED | |
//! | `00urico0recovery0001` | rico.recovery@example.com | RECOVERY | |
//! | `00upaula0provisioned` | paula.provisioned@example.com | PROVISIONED | no password |
//! | `00ufay0factors000001` | fay.factors@example.com | ACTIVE | 2 factors (TOTP, SMS), 1 session |
//! | `00uodd0lastlogin0001` | odd.lastlogin@example.com | ACTIVE | hostile: `lastLogin` is a number; nickName `say "hi" \o/` |
//! | `00uunknown0status001` | unknown.status@example.com | ACTIVATING | hostile: unsettable status |
//!
//! Fault effects are described in `gate` and `lifecycle`; the settings are in `faults`, the
//! simulator handle and its state in `simulator` and `state`, the public Rust API in `api`.
//!
//! This module and its children must not keep state outside [`Okta`], must not touch another
//! provider and must not import any other workspace crate.

mod api;
pub(crate) mod clock;
mod faults;
mod gate;
mod lifecycle;
mod search;
mod seed;
mod simulator;
pub(crate) mod state;
mod token;
mod users;
pub(crate) mod wire;

pub use api::{OktaSessions, OKTA_TEST_PRIVATE_KEY_PEM, OKTA_TEST_PUBLIC_KEY_PEM};
pub(crate) use simulator::{simulator, Okta};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::Serialize;

use wire::{Error, ErrorCause};

/// What every Okta handler gets.
#[derive(Clone)]
pub(crate) struct Ctx {
    /// The simulator (its state).
    pub(crate) okta: Okta,
    /// Path prefix the router is mounted under (`""` or `/okta`).
    pub(crate) mount: &'static str,
}

impl Ctx {
    /// `http://{Host}{mount}` as the client addressed us.
    pub(crate) fn base(&self, headers: &HeaderMap) -> String {
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).filter(|h| !h.is_empty());
        format!("http://{}{}", host.unwrap_or("localhost"), self.mount)
    }
}

/// The Okta router (paths relative to `mount`).
fn router(okta: Okta, mount: &'static str) -> Router {
    let ctx = Ctx { okta, mount };
    Router::new()
        .route("/api/v1/users", get(users::list))
        .route("/api/v1/users/{id}", get(users::get_user).delete(users::delete_user))
        .route("/api/v1/users/{id}/lifecycle/{op}", post(lifecycle::run))
        .route("/api/v1/users/{id}/sessions", delete(users::revoke_sessions))
        .route("/api/v1/users/{id}/factors", get(users::factors))
        .route("/oauth2/v1/token", post(token::exchange))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(ctx.clone(), gate::gate))
        .with_state(ctx)
}

async fn not_found(State(_): State<Ctx>, request: Request) -> Response {
    let summary = format!("Not found: Resource not found: {} (Path)", request.uri().path());
    error(StatusCode::NOT_FOUND, "E0000007", summary, &[])
}

async fn method_not_allowed() -> Response {
    error(StatusCode::METHOD_NOT_ALLOWED, "E0000022", "The endpoint does not support the provided HTTP method", &[])
}

/// An Okta `Error` reply with a fresh `errorId`.
pub(crate) fn error(status: StatusCode, code: &str, summary: impl Into<String>, causes: &[String]) -> Response {
    let body = Error {
        error_code: code.into(),
        error_summary: summary.into(),
        error_link: code.into(),
        error_id: clock::okta_id("oae"),
        error_causes: causes.iter().map(|c| ErrorCause { error_summary: c.clone() }).collect(),
    };
    json(status, &body)
}

/// The 404 for a user that does not exist.
pub(crate) fn user_not_found(id: &str) -> Response {
    error(StatusCode::NOT_FOUND, "E0000007", format!("Not found: Resource not found: {id} (User)"), &[])
}

/// A 400 E0000001 about one request parameter.
pub(crate) fn invalid_parameter(name: &str, cause: impl Into<String>) -> Response {
    error(StatusCode::BAD_REQUEST, "E0000001", format!("Api validation failed: {name}"), &[cause.into()])
}

/// A JSON reply.
pub(crate) fn json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    (status, Json(body)).into_response()
}

/// A reply without a body.
pub(crate) fn empty(status: StatusCode) -> Response {
    (status, Body::empty()).into_response()
}

/// Decoded query parameters, in order (lossy UTF-8, never fails).
pub(crate) fn query(raw: Option<&str>) -> Vec<(String, String)> {
    form_urlencoded::parse(raw.unwrap_or_default().as_bytes()).into_owned().collect()
}

/// The first value of `name`.
pub(crate) fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// A boolean query parameter: absent → `default`, `true`/`false` (any case) → it, else a 400.
pub(crate) fn flag(params: &[(String, String)], name: &str, default: bool) -> Result<bool, Box<Response>> {
    match param(params, name).map(str::trim) {
        None => Ok(default),
        Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
        Some(v) if v.eq_ignore_ascii_case("false") => Ok(false),
        Some(v) => Err(Box::new(invalid_parameter(name, format!("{name}: '{v}' is not a boolean")))),
    }
}

/// RFC 3986 percent-encoding of everything but unreserved characters (spaces become `%20`).
pub(crate) fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
