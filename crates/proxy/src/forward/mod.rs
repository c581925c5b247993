//! Forwarding: one recognised operation to one configured provider.
//!
//! The incoming request is only ever *read*: `idp` recognises it as an operation, and what goes
//! upstream is that operation rebuilt by the adapter, sent to the connection's base URL with the
//! connection's credential. Anything not recognised is refused here and never leaves the proxy.
//! Headers and bodies are never logged.
//!
//! Owns: the `/proxy/{connection}/…` handler (this file), one provider call (`call`), where calls
//! may go (`upstream`: base URLs and the HTTP client; `resolver`: DNS checked after resolution;
//! `address`: which addresses are refused), OAuth tokens (`token`), and a change's own task and
//! time budget (`change`), followed to its end (`followed`), one at a time per person (`person`),
//! at most once per idempotency key (`change::repeat`).

pub mod address;
pub(crate) mod call;
pub(crate) mod change;
pub(crate) mod followed;
pub(crate) mod person;
pub mod resolver;
pub mod token;
pub mod upstream;

use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::audit::AuditLine;
use crate::config::Credential;
use crate::forward::call::{call, CallFailure};
use crate::forward::change::repeat::{self, Tags};
use crate::operators::session::{identify, peer, Identity};
use crate::web::refusal::refuse;
use crate::web::request_id::RequestId;
use crate::{AppState, LiveConnection};

/// The largest request body the proxy reads (a search request is well under 1 KiB).
pub const MAX_REQUEST_BODY: usize = 64 * 1024;

/// `ANY /proxy/{connection}/{*path}`.
pub(crate) async fn forward(
    State(state): State<Arc<AppState>>,
    Path((connection_id, _)): Path<(String, String)>,
    axum::Extension(request_id): axum::Extension<RequestId>,
    req: Request<Body>,
) -> Response {
    // The browser hears about a change by this time at the latest (see `change`).
    let answer_by = tokio::time::Instant::now() + state.answer_changes_within;
    let Some(index) = state.connections.iter().position(|c| c.id == connection_id) else {
        return refuse(StatusCode::NOT_FOUND, "There is no connection with that name on this proxy.");
    };
    let conn = &state.connections[index];
    if !crate::web::cors::origin_allowed(req.headers(), &state.allowed_origins) {
        return refuse(StatusCode::FORBIDDEN, "This page's origin is not allowed to use this proxy.");
    }
    let (parts, body) = req.into_parts();
    let operator = match identify(&state, &parts.headers, peer(&parts.extensions)) {
        Identity::NotRequired => None,
        Identity::Operator(op) => Some(op),
        Identity::Missing => return crate::web::refusal::sign_in_required(),
    };
    let body = match crate::web::body::read(
        body,
        MAX_REQUEST_BODY,
        "The request body is larger than any lockdesk operation needs.",
    )
    .await
    {
        Ok(body) => body,
        Err(refusal) => return refusal,
    };
    let prefix = format!("/proxy/{connection_id}");
    let path_and_query = parts.uri.path_and_query().map(|pq| pq.as_str()).unwrap_or("");
    let Some(relative) = path_and_query.strip_prefix(&prefix) else {
        return refuse(StatusCode::FORBIDDEN, "The request path is not in a form lockdesk-proxy accepts.");
    };
    let mut incoming = http::Request::builder().method(parts.method.clone()).uri(relative);
    // The only request headers an adapter reads: the body's type and a change's entity tag
    // (SCIM's If-Match), which it checks and rebuilds like the rest.
    for name in [header::CONTENT_TYPE, header::IF_MATCH] {
        if let Some(value) = parts.headers.get(&name) {
            incoming = incoming.header(name, value);
        }
    }
    let Ok(incoming) = incoming.body(body.to_vec()) else {
        return refuse(StatusCode::FORBIDDEN, "The request path is not in a form lockdesk-proxy accepts.");
    };
    let Some(op) = conn.adapter.recognise(&incoming) else {
        tracing::warn!(request_id = %request_id.0, connection = %conn.id, method = %parts.method, "refused: not a known operation");
        return refuse(
            StatusCode::FORBIDDEN,
            &format!(
                "lockdesk-proxy forwards only the operations lockdesk knows; this {} request is not one of them for a {} connection, so it was not sent.",
                parts.method,
                conn.kind.label()
            ),
        );
    };
    // A bulk run's id (any request) and a change's idempotency key: checked before anything else.
    let tags = match Tags::of(&parts.headers, op.is_mutating()) {
        Ok(tags) => tags,
        Err(message) => {
            let who = operator.as_ref().and_then(|o| o.role_on(&conn.id).map(|r| (o.name.as_str(), r)));
            let why = "malformed run id or idempotency key";
            audit_refusal(&state, &request_id.0, &conn.id, &op, who, &Tags::default(), why).await;
            return refuse(StatusCode::BAD_REQUEST, &message);
        }
    };
    let role = match &operator {
        Some(o) => match o.role_on(&conn.id) {
            Some(role) => Some(role),
            None => return refuse(StatusCode::FORBIDDEN, "You have no role on this connection. Ask an admin for one."),
        },
        None => None,
    };
    let who = operator.as_ref().zip(role).map(|(o, r)| (o.name.as_str(), r));
    if op.is_mutating() && !crate::web::cors::change_allowed(&parts.headers, &state.allowed_origins) {
        audit_refusal(&state, &request_id.0, &conn.id, &op, who, &tags, "no proof the change came from the panel")
            .await;
        return refuse(StatusCode::FORBIDDEN, "Changes must come from the lockdesk panel itself.");
    }
    if let Some(role) = role.filter(|r| *r < op.required_role()) {
        audit_refusal(&state, &request_id.0, &conn.id, &op, who, &tags, "role too low").await;
        return refuse(
            StatusCode::FORBIDDEN,
            &format!("Your role ({}) does not allow this; it needs {}.", role.name(), op.required_role().name()),
        );
    }
    let limit_key = match (&operator, peer(&parts.extensions)) {
        (Some(o), _) => crate::web::limits::Caller::Operator(o.name.clone()),
        (None, Some(ip)) => crate::web::limits::Caller::Address(ip),
        (None, None) => crate::web::limits::Caller::Anonymous,
    };
    // A bulk run counts against its own, larger limit (see `web::limits`).
    let (limit, why) = match tags.run_id {
        Some(_) => (&state.bulk_rate, "too many requests in bulk runs"),
        None => (&state.rate, "too many requests"),
    };
    if let Err(refusal) = limit.check(&limit_key) {
        audit_refusal(&state, &request_id.0, &conn.id, &op, who, &tags, why).await;
        return refusal.into_response();
    }
    let operator_key = operator_key(&parts.headers);
    if matches!(conn.credential, Credential::Operator) && operator_key.is_none() {
        return CallFailure::NoKey.into_response();
    }
    // One change per person at a time, waited for within the answer budget and before a
    // connection slot is taken, so changes queued behind one person do not starve the rest.
    let person = match crate::forward::person::key_of(&op).filter(|_| op.is_mutating()) {
        Some(key) => match tokio::time::timeout_at(answer_by, state.person_locks.lock_key(index, key)).await {
            Ok(guard) => Some(guard),
            Err(_) => {
                let why = "another change to this person under way";
                audit_refusal(&state, &request_id.0, &conn.id, &op, who, &tags, why).await;
                return refuse(
                    StatusCode::CONFLICT,
                    "Another change to this person is being made right now, so this one was not sent. Wait a moment, look at the person again, then decide.",
                );
            }
        },
        _ => None,
    };
    // The key is looked up under the person's lock: a second request with it waits for the first.
    let mut ticket = None;
    if let Some(key) = &tags.key {
        let operator_name = operator.as_ref().map(|o| o.name.as_str());
        match repeat::claim(&state, conn, key, &op, operator_name, &request_id.0).await {
            repeat::Claim::Answer(answer) => return answer,
            repeat::Claim::Go(claimed) => ticket = Some(claimed),
        }
    }
    let slot = match conn.limit.acquire(&conn.label).await {
        Ok(slot) => slot,
        Err(refusal) => {
            audit_refusal(&state, &request_id.0, &conn.id, &op, who, &tags, "provider busy").await;
            if let Some(ticket) = ticket {
                ticket.unsent().await;
            }
            return refusal.into_response();
        }
    };
    if !op.is_mutating() {
        // A read has nothing to finish if the browser leaves: it runs in this request's task.
        let _slot = slot;
        return read(&state, conn, &op, &request_id.0, operator_key.as_ref()).await;
    }
    // A key used before: whether an earlier try made it is read first (at most half the budget).
    if let Some(retry) = ticket.as_ref().filter(|t| t.is_retry()) {
        let half = answer_by.saturating_duration_since(tokio::time::Instant::now()) / 2;
        if let Some(answer) = retry.already_made(&state, conn, &op, operator_key.as_ref(), half).await {
            return answer;
        }
    }
    if tokio::time::Instant::now() >= answer_by {
        audit_refusal(&state, &request_id.0, &conn.id, &op, who, &tags, "no time left to send").await;
        if let Some(ticket) = ticket {
            ticket.unsent().await;
        }
        return refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            "The change could not be started in time (the provider is busy, or the request was slow to arrive), so it was not sent. Try again.",
        );
    }
    if let Some(ticket) = &ticket {
        if let Err(refusal) = ticket.begin().await {
            return refusal;
        }
    }
    let who = who.map(|(name, role)| (name.to_owned(), role));
    let change =
        change::Change { index, answer_by, op, who, request_id: request_id.0, operator_key, person, tags, ticket };
    change::answer(state, change, slot).await
}

/// Sends a permitted read and passes the reply back.
async fn read(
    state: &AppState,
    conn: &LiveConnection,
    op: &idp::Operation,
    request_id: &str,
    operator_key: Option<&HeaderValue>,
) -> Response {
    let started = Instant::now();
    let result = call(&state.client, conn, op, operator_key).await;
    let elapsed_ms = started.elapsed().as_millis() as u64;
    match result {
        Ok(reply) => {
            tracing::info!(request_id, connection = %conn.id, operation = op.name(), status = reply.status.as_u16(), elapsed_ms, "forwarded");
            reply.into_response()
        }
        Err(failure) => {
            tracing::warn!(request_id, connection = %conn.id, operation = op.name(), elapsed_ms, failure = failure.log_word(), "provider call failed");
            failure.into_response()
        }
    }
}

/// Records a change that was refused before reaching the provider (reads are not audited). The
/// line is synced to disk, so it is written off the async workers.
async fn audit_refusal(
    state: &Arc<AppState>,
    request_id: &str,
    conn: &str,
    op: &idp::Operation,
    who: Option<(&str, idp::Role)>,
    tags: &Tags,
    why: &'static str,
) {
    if state.audit.is_none() || !op.is_mutating() {
        return;
    }
    let types = state.connections.iter().find(|c| c.id == conn).map_or(&[][..], |c| c.adapter.person_types());
    let line = AuditLine::started(request_id, conn, op, who)
        .with_account_label(types)
        .with_run(tags.run_id.as_deref(), tags.key.as_deref())
        .refused(why);
    let state = state.clone();
    let written =
        tokio::task::spawn_blocking(move || state.audit.as_ref().map_or(Ok(()), |log| log.append(&line))).await;
    if !matches!(written, Ok(Ok(()))) {
        tracing::error!(request_id, "audit log not writable for a refusal");
    }
}

/// In operator mode the panel sends the operator's key, already in the provider's header form.
fn operator_key(headers: &HeaderMap) -> Option<HeaderValue> {
    headers.get(header::AUTHORIZATION).filter(|v| !v.is_empty()).cloned()
}
