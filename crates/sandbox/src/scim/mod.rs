//! A SCIM 2.0 service provider (RFC 7643 / RFC 7644), Users only, as lockdesk uses it (read
//! with an ETag, filter and page, deactivate and reactivate by PATCH of `active`, delete, the
//! ServiceProviderConfig): routing, the shared response helpers and the request context.
//!
//! Everything is served under `/v2` inside the mount (`Sandbox::router`: `/scim/v2/...`, so a
//! client's base URL is `http://host/scim/v2`; `Sandbox::router_for("scim")`: `/v2/...` at the
//! root, base `http://host/v2`). `meta.location` is path-only: `<mount>/v2/Users/<id>`.
//!
//! | Route (under `/v2`) | Module |
//! |---|---|
//! | `GET /Users/{id}` → 200 + `ETag` (304 for a matching `If-None-Match`) | `users` |
//! | `PATCH /Users/{id}` (`PatchOp` of `active`; `If-Match`) → 200 + `ETag`, or 204 | `users`, `patch` |
//! | `DELETE /Users/{id}` (`If-Match`) → 204 | `users` |
//! | `GET /Users?filter=&startIndex=&count=` → ListResponse | `search`, `filter` |
//! | `GET /ServiceProviderConfig` | `config` |
//!
//! Everything passes `gate` first (latency, the API key `Authorization: Bearer <key>`, injected
//! failures). Every reply with a body is `application/scim+json`; every error is RFC 7644
//! §3.12's Error message (see `rules`, which chooses every status and keyword). Unknown paths →
//! 404, wrong methods → 405, with the Error body.
//!
//! Named seeds (in this order), besides `generated` users (see `seed`):
//!
//! | id | userName | active | notes |
//! |---|---|---|---|
//! | `2819c223-7f76-453a-919d-413861904646` | bjensen | true | RFC 7643 §8.2's Barbara Jensen: externalId, title "Tour Guide", enterprise extension with manager |
//! | `5c1e7a00-0000-4000-8000-000000000002` | terry | true | Terry Example, in every sandbox |
//! | `5c1e7a00-0000-4000-8000-000000000003` | irene.inactive | false | Irene Inactive |
//! | `5c1e7a00-0000-4000-8000-000000000004` | mallory | true | hostile markup in both names, title `javascript:alert(3)` |
//! | `5c1e7a00-0000-4000-8000-000000000005` | `o'neil "quote"` | true | Quinn O'Neil: a quote and an apostrophe in the userName |
//!
//! The settings are in `faults`, the simulator handle and its state in `simulator` and `state`,
//! dates in `clock`, the wire types in `wire`, the public Rust API in `api`.
//!
//! This module and its children must not keep state outside [`Scim`], must not touch another
//! provider and must not import any other workspace crate.

mod api;
mod clock;
mod config;
mod faults;
mod filter;
mod gate;
mod patch;
mod rules;
mod search;
mod seed;
mod simulator;
mod state;
mod users;
mod wire;

#[cfg(test)]
mod tests;

pub use api::{ScimState, SCIM_BJENSEN_ID};
pub(crate) use simulator::{simulator, Scim};

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Serialize;

use rules::Refusal;
use wire::MEDIA_TYPE;

/// What every SCIM handler gets.
#[derive(Clone)]
pub(crate) struct Ctx {
    /// The simulator (its state).
    pub(crate) scim: Scim,
    /// `<mount>/v2`: where `meta.location` points.
    pub(crate) base: String,
}

/// The SCIM router (paths relative to the mount; `meta.location` includes it).
fn router(scim: Scim, mount: &'static str) -> Router {
    let ctx = Ctx { scim, base: format!("{mount}/v2") };
    Router::new()
        .route("/v2/Users", get(search::list))
        .route("/v2/Users/{id}", get(users::get_user).patch(users::patch_user).delete(users::delete_user))
        .route("/v2/ServiceProviderConfig", get(config::service_provider_config))
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

/// A JSON reply as `application/scim+json`.
pub(crate) fn scim_json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, MEDIA_TYPE)], bytes).into_response()
}

/// `response` with `ETag: <etag>`, if there is one.
pub(crate) fn with_etag(mut response: Response, etag: Option<String>) -> Response {
    if let Some(value) = etag.and_then(|tag| HeaderValue::from_str(&tag).ok()) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

/// The first value of the query parameter `name` (lossy UTF-8).
pub(crate) fn first_param(raw: Option<&str>, name: &str) -> Option<String> {
    form_urlencoded::parse(raw.unwrap_or_default().as_bytes()).find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}
