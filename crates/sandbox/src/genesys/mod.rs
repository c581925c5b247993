//! The Genesys Cloud Platform API v2 (users, their soft deletion and token revocation) and the
//! login host's client-credentials token endpoint, at Genesys's real paths with Genesys's JSON
//! (`ErrorBody` for every API error) and status codes: routing, the shared response helpers and
//! the request context.
//!
//! | Route | Module |
//! |---|---|
//! | `GET /api/v2/users/{id}[?state=active\|deleted]`, `DELETE` it | `users` |
//! | `PATCH /api/v2/users/{id}` (`{"version", "state"}`) | `users` |
//! | `DELETE /api/v2/tokens/{userId}` | `users` |
//! | `POST /api/v2/users/search`, `GET /api/v2/users/search?q64=` | `search` |
//! | `POST /oauth/token` | `token` |
//!
//! Everything passes `gate` first (rate limit, credentials, faults); every reply carries a fresh
//! `ININ-Correlation-Id`. Unknown paths and wrong methods → 404 not.found. `selfUri`s are
//! Genesys's server-relative paths (`/api/v2/...`, without the mount).
//!
//! Named seeds (username = email), besides `generated` people over the four divisions (`Home`,
//! `Sales`, `Support`, `Engineering`, see `seed`):
//!
//! | id | email | state | version | division | notes |
//! |---|---|---|---|---|---|
//! | `12345678-1234-1234-1234-123456789abc` | john.doe@example.com | active | 3 | Home | department, title, last login, manager Irene |
//! | `22222222-2222-4222-8222-222222222222` | irene.adler@example.com | inactive | 7 | Support | |
//! | `33333333-3333-4333-8333-333333333333` | dana.deleted@example.com | deleted | 5 | Home | |
//! | `66666666-6666-4666-8666-666666666666` | sam.sales@example.com | active | 1 | Sales | |
//! | `44444444-4444-4444-8444-444444444444` | mallory@example.com | active | 2 | Home | hostile markup in name, title, department |
//! | `55555555-5555-4555-8555-555555555555` | una.unknown@example.com | `suspended` | 1 | Engineering | hostile: not a Genesys state |
//! | `7e44a1b0-0000-4000-8000-000000000007` | terry@example.com | active | 1 | Home | Terry Example, in every sandbox |
//!
//! Fault effects are described in `gate`, `token` and `users`; the settings are in `faults`, the
//! simulator handle and its state in `simulator` and `state`, the public Rust API in `api`.
//!
//! This module and its children must not keep state outside [`Genesys`], must not touch another
//! provider and must not import any other workspace crate.

mod api;
mod faults;
mod gate;
mod search;
mod seed;
mod simulator;
mod state;
mod token;
mod users;
mod wire;

#[cfg(test)]
mod tests;

pub use api::GENESYS_SANDBOX_CLIENT_ID;
pub(crate) use simulator::{simulator, Genesys};

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::Serialize;
use serde_json::Value;

use crate::codec::uuid_v4;
use wire::ErrorBody;

/// What every Genesys handler gets.
#[derive(Clone)]
pub(crate) struct Ctx {
    /// The simulator (its state).
    pub(crate) genesys: Genesys,
}

/// The Genesys router (paths relative to the mount; replies do not depend on it).
fn router(genesys: Genesys, _mount: &'static str) -> Router {
    let ctx = Ctx { genesys };
    Router::new()
        .route("/api/v2/users/search", post(search::search).get(search::search_q64))
        .route("/api/v2/users/{id}", get(users::get_user).patch(users::patch_user).delete(users::delete_user))
        .route("/api/v2/tokens/{id}", delete(users::revoke_tokens))
        .route("/oauth/token", post(token::exchange))
        .fallback(not_found)
        .method_not_allowed_fallback(not_found)
        .layer(middleware::from_fn_with_state(ctx.clone(), gate::gate))
        .with_state(ctx)
}

async fn not_found(request: Request) -> Response {
    let message = format!("No resource found for {} {}", request.method(), request.uri().path());
    error(StatusCode::NOT_FOUND, "not.found", message)
}

/// An `ErrorBody` reply with a fresh `contextId`.
pub(crate) fn error(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    error_with(status, code, message, None)
}

/// An `ErrorBody` reply with `messageWithParams` and `messageParams` (a JSON object).
pub(crate) fn error_with(
    status: StatusCode,
    code: &str,
    message: impl Into<String>,
    params: Option<(&str, Value)>,
) -> Response {
    let (message_with_params, message_params) = match params {
        Some((with, Value::Object(map))) => (Some(with.to_string()), Some(map)),
        _ => (None, None),
    };
    let body = ErrorBody {
        message: message.into(),
        code: code.into(),
        status: status.as_u16(),
        message_with_params,
        message_params,
        context_id: uuid_v4(),
        details: vec![],
        errors: vec![],
    };
    json(status, &body)
}

/// The 404 for a person that does not exist (or not in the state asked for).
pub(crate) fn user_not_found() -> Response {
    error(StatusCode::NOT_FOUND, "not.found", "The requested user could not be found.")
}

/// A 400 invalid.value.
pub(crate) fn invalid_value(message: impl Into<String>) -> Response {
    error(StatusCode::BAD_REQUEST, "invalid.value", message)
}

/// A 400 bad.request.
pub(crate) fn bad_request(message: impl Into<String>) -> Response {
    error(StatusCode::BAD_REQUEST, "bad.request", message)
}

/// The 415 for a body that is not `expected`.
pub(crate) fn unsupported_media_type(expected: &str) -> Response {
    let message = format!("Unsupported Media Type: the request body must be {expected}");
    error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported.media.type", message)
}

/// A JSON reply.
pub(crate) fn json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    (status, Json(body)).into_response()
}

/// Decoded query parameters, in order (lossy UTF-8, never fails).
pub(crate) fn query(raw: Option<&str>) -> Vec<(String, String)> {
    form_urlencoded::parse(raw.unwrap_or_default().as_bytes()).into_owned().collect()
}
