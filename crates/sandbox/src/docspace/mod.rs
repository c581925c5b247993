//! ONLYOFFICE DocSpace API 2.0, as lockdesk uses it (people: read, find by email, search, create,
//! terminate and reactivate, delete for good; ending a person's sessions), at DocSpace's real
//! paths with DocSpace's envelope around every JSON reply: routing, the shared response helpers
//! and the request context.
//!
//! | Route | Module |
//! |---|---|
//! | `GET /api/2.0/people/{userid}`, `DELETE` it | `people` |
//! | `GET /api/2.0/people/email?email=` | `people` |
//! | `PUT /api/2.0/security/activeconnections/logoutall/{userId}` | `people` |
//! | `GET /api/2.0/people/filter?filterValue=&startIndex=&count=` | `search` |
//! | `POST /api/2.0/people` (`{"email", "firstName", "lastName", "type"}`) | `create` |
//! | `PUT /api/2.0/people/status/{1\|Active\|2\|Terminated}` (`{"userIds": [...]}`) | `status` |
//!
//! Everything passes `gate` first (the HTML 502, the rate limit and its `X-RateLimit-*` headers,
//! latency, the API key, injected failures). Success: `{"response": <payload>, "count": n,
//! "links": [], "status": 0, "statusCode": 200}` (see `wire::Envelope`); every error: the error
//! envelope of `rules` (whose shape is UNVERIFIED upstream). Unknown paths → 404, wrong methods →
//! 405. Every status and message is chosen in `rules`.
//!
//! Named seeds (in this order), besides `generated` people (see `seed`):
//!
//! | id | email | status | activation | notes |
//! |---|---|---|---|---|
//! | `046b6c7f-0b8a-43b9-b35d-6489e6daee91` | my@gmail.com | 1 | 1 | Mike Zanyatski, the spec's example; room admin, Marketing, Manager |
//! | `d0c5face-0000-4000-8000-000000000001` | john.doe@example.com | 1 | 1 | John Doe, the seed tutorial's user |
//! | `d0c5face-0000-4000-8000-000000000002` | terry@example.com | 1 | 1 | Terry Example, in every sandbox |
//! | `d0c5face-0000-4000-8000-000000000003` | olivia.owner@example.com | 1 | 1 | the portal owner (and an admin): never terminated nor deleted |
//! | `d0c5face-0000-4000-8000-000000000004` | tina.terminated@example.com | 2 | 1 | terminated 2025-09-30 |
//! | `d0c5face-0000-4000-8000-000000000005` | pete.pending@example.com | 4 | 2 | invited, never joined |
//! | `d0c5face-0000-4000-8000-000000000006` | mallory@example.com | 1 | 1 | hostile markup in both names and the title |
//!
//! The settings are in `faults`, the simulator handle and its state in `simulator` and `state`,
//! dates in `clock`, the public Rust API in `api`.
//!
//! This module and its children must not keep state outside [`DocSpace`], must not touch another
//! provider and must not import any other workspace crate.

mod api;
mod clock;
mod create;
mod faults;
mod gate;
mod people;
mod rules;
mod search;
mod seed;
mod simulator;
mod state;
mod status;
mod wire;

#[cfg(test)]
mod tests;

pub use api::{DocSpaceState, DOCSPACE_MIKE_ID, DOCSPACE_OWNER_ID};
pub(crate) use simulator::{simulator, DocSpace};

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Request};
use axum::http::StatusCode;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Serialize;

use crate::codec::is_uuid;
use rules::Refusal;
use wire::{Employee, Envelope};

/// What every DocSpace handler gets.
#[derive(Clone)]
pub(crate) struct Ctx {
    /// The simulator (its state).
    pub(crate) docspace: DocSpace,
}

/// The DocSpace router (paths relative to the mount; replies do not depend on it).
fn router(docspace: DocSpace, _mount: &'static str) -> Router {
    let ctx = Ctx { docspace };
    Router::new()
        .route("/api/2.0/people", post(create::create_person))
        .route("/api/2.0/people/email", get(people::get_by_email))
        .route("/api/2.0/people/filter", get(search::filter))
        .route("/api/2.0/people/status/{status}", put(status::set_status))
        .route("/api/2.0/people/{userid}", get(people::get_person).delete(people::delete_person))
        .route("/api/2.0/security/activeconnections/logoutall/{userid}", put(people::log_out_all))
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

/// A JSON reply.
pub(crate) fn json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    (status, Json(body)).into_response()
}

/// A 200 envelope around `payload`, with `count` and the `total` of a paged list.
fn envelope<T: Serialize>(payload: Option<T>, count: usize, total: Option<usize>) -> Response {
    let body = Envelope {
        response: payload,
        count: count as u64,
        total: total.map(|t| t as u64),
        links: vec![],
        status: 0,
        status_code: 200,
    };
    json(StatusCode::OK, &body)
}

/// A 200 envelope around one person.
pub(crate) fn one(person: &Employee) -> Response {
    envelope(Some(person), 1, None)
}

/// A 200 envelope around a list of people (`total`: the matches in all, for a page).
pub(crate) fn list(people: &[Employee], total: Option<usize>) -> Response {
    envelope(Some(people), people.len(), total)
}

/// A 200 envelope without `response`.
pub(crate) fn no_payload() -> Response {
    envelope(None::<()>, 0, None)
}

/// The `{userid}` path segment if it is a UUID (any case; lowercased), else 400.
pub(crate) fn user_id(path: Result<Path<String>, PathRejection>) -> Result<String, Refusal> {
    match path {
        Ok(Path(id)) if is_uuid(&id) => Ok(id.to_ascii_lowercase()),
        _ => Err(Refusal::BadUserId),
    }
}

/// The first value of the query parameter `name` (lossy UTF-8; ASP.NET binds the first of
/// repeats).
pub(crate) fn first_param(raw: Option<&str>, name: &str) -> Option<String> {
    form_urlencoded::parse(raw.unwrap_or_default().as_bytes()).find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}
