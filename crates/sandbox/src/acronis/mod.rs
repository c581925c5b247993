//! The Acronis Cyber Protect Cloud Account Management API v2, as lockdesk uses it (user accounts:
//! read, enable/disable, soft delete and restore; search over a tenant's tree) and its
//! client-credentials token endpoint, at Acronis's real paths with Acronis's JSON (`errorScheme`
//! for every API error): routing, the shared response helpers and the request context.
//!
//! | Route | Module |
//! |---|---|
//! | `POST /api/2/idp/token` | `token` |
//! | `GET /api/2/users/{id}[?allow_deleted=]`, `PUT` it (`{"enabled", "version"}`) | `users` |
//! | `DELETE /api/2/users/{id}?version=N`, `POST /api/2/users/{id}/restore` | `lifecycle` |
//! | `GET /api/2/search?tenant=&text=[&limit=]` | `search` |
//!
//! Everything passes `gate` first (latency, credentials, injected failures). Unknown paths → 404
//! and wrong methods → 405 (`errorScheme`). Every status and error code is chosen in `rules`
//! (which says which ones the docs give and which are the sandbox's own, UNVERIFIED upstream).
//!
//! Tenants (fixed, see `tenants`): the root partner "Partner" (`ede9f834-…`, the docs' tenant)
//! with "Customer A", "Customer B", "Customer C" and the empty "Doe Holdings" below it, and
//! "Outside Customer" outside its tree. Named seeds, besides `generated` people (see `seed`):
//!
//! | id | login | tenant | enabled | activated | deleted | version | notes |
//! |---|---|---|---|---|---|---|---|
//! | `1c234e69-5469-424a-a6d1-ff5658b387a6` | JohnDoe | Partner | yes | yes | no | 1 | the docs' example, `johndoe@mysite.com` |
//! | `2d345f70-6570-435b-b7e4-a00000000002` | dora.disabled | Customer A | no | yes | no | 4 | MFA enabled |
//! | `3e456a81-7681-446c-88f5-b00000000003` | ivan.invited | Customer B | yes | no | no | 2 | invited, terms not accepted |
//! | `4f567b92-8792-457d-99a6-c00000000004` | dean.deleted | Customer A | no | yes | yes | 9 | |
//! | `5a678ca3-98a3-468e-8ab7-d00000000005` | mallory | Customer C | yes | yes | no | 3 | hostile markup in both names |
//! | `6b789db4-a9b4-479f-9bc8-e00000000006` | otto.outside | Outside Customer | yes | yes | no | 1 | not in the root's tree |
//! | `7c890ec5-bac5-48a0-adc0-f00000000007` | terry | Partner | yes | yes | no | 1 | Terry Example, `terry@example.com`, in every sandbox |
//!
//! Fault effects are described in `gate`, `token`, `simulator`, `users` and `lifecycle`; the
//! settings are in `faults`, the simulator handle and its state in `simulator` and `state`, the
//! public Rust API in `api`.
//!
//! This module and its children must not keep state outside [`Acronis`], must not touch another
//! provider and must not import any other workspace crate.

mod api;
mod faults;
mod gate;
mod lifecycle;
mod rules;
mod search;
mod seed;
mod simulator;
mod state;
mod tenants;
mod token;
mod users;
mod wire;

#[cfg(test)]
mod tests;

pub(crate) use api::CONNECTION_SETTINGS;
pub use api::{AcronisState, ACRONIS_ROOT_TENANT, ACRONIS_SANDBOX_CLIENT_ID};
pub(crate) use simulator::{simulator, Acronis};

use std::collections::HashMap;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Request};
use axum::http::StatusCode;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;
use serde_json::Map;

use crate::codec::is_lower_uuid;
use rules::Refusal;
use wire::{ErrorDetail, ErrorInfo, ErrorScheme};

/// The token endpoint's path (the gate lets it through without a bearer token).
pub(crate) const TOKEN_PATH: &str = "/api/2/idp/token";

/// What every Acronis handler gets.
#[derive(Clone)]
pub(crate) struct Ctx {
    /// The simulator (its state).
    pub(crate) acronis: Acronis,
}

/// The Acronis router (paths relative to the mount; replies do not depend on it).
fn router(acronis: Acronis, _mount: &'static str) -> Router {
    let ctx = Ctx { acronis };
    Router::new()
        .route(TOKEN_PATH, post(token::exchange))
        .route("/api/2/search", get(search::search))
        .route("/api/2/users/{id}", get(users::get_user).put(users::put_user).delete(lifecycle::delete_user))
        .route("/api/2/users/{id}/restore", post(lifecycle::restore_user))
        .fallback(no_route)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(ctx.clone(), gate::gate))
        .with_state(ctx)
}

async fn no_route(request: Request) -> Refusal {
    Refusal::NoRoute(format!("{} {}", request.method(), request.uri().path()))
}

async fn method_not_allowed(request: Request) -> Refusal {
    Refusal::MethodNotAllowed(format!("{} {}", request.method(), request.uri().path()))
}

/// An `errorScheme` reply (see `rules` for which status and code).
pub(crate) fn error(status: StatusCode, code: &str, message: String) -> Response {
    let error = ErrorDetail {
        code: code.into(),
        domain: "AccountServer".into(),
        message,
        details: ErrorInfo { info: None },
        context: Map::new(),
        data: vec![],
    };
    json(status, &ErrorScheme { error })
}

/// A JSON reply.
pub(crate) fn json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    (status, Json(body)).into_response()
}

/// The decoded query parameters (lossy UTF-8), each of them one of `allowed` and given once, else
/// 400.
pub(crate) fn params(raw: Option<&str>, allowed: &[&str]) -> Result<HashMap<String, String>, Refusal> {
    let mut out = HashMap::new();
    for (name, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()).into_owned() {
        if !allowed.contains(&name.as_str()) {
            return Err(Refusal::BadRequest(format!("Unsupported query parameter: {name:?}")));
        }
        if out.insert(name.clone(), value).is_some() {
            return Err(Refusal::BadRequest(format!("Query parameter {name:?} is given more than once")));
        }
    }
    Ok(out)
}

/// A boolean query parameter: `true` or `false`, else 400.
pub(crate) fn flag(name: &str, value: &str) -> Result<bool, Refusal> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        other => Err(Refusal::BadRequest(format!("{name} must be true or false, not {other:?}"))),
    }
}

/// The `{id}` path segment, if it matches the schema's lowercase UUID pattern, else 400.
pub(crate) fn user_id(path: Result<Path<String>, PathRejection>) -> Result<String, Refusal> {
    match path {
        Ok(Path(id)) if is_lower_uuid(&id) => Ok(id),
        Ok(Path(id)) => Err(Refusal::BadRequest(format!("user id must be a lowercase UUID, not {id:?}"))),
        Err(e) => Err(Refusal::BadRequest(format!("invalid user id: {e}"))),
    }
}
