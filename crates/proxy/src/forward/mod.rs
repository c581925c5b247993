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
//! time budget (`change`).

pub mod address;
pub(crate) mod call;
pub mod resolver;
pub mod token;
pub mod upstream;

use std::sync::Arc;
use std::time::Instant;

use axum::body::{to_bytes, Body};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::audit::AuditLine;
use crate::config::Credential;
use crate::forward::call::{call, CallFailure};
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
    let Ok(body) = to_bytes(body, MAX_REQUEST_BODY).await else {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, "The request body is larger than any lockdesk operation needs.");
    };
    let prefix = format!("/proxy/{connection_id}");
    let path_and_query = parts.uri.path_and_query().map(|pq| pq.as_str()).unwrap_or("");
    let Some(relative) = path_and_query.strip_prefix(&prefix) else {
        return refuse(StatusCode::FORBIDDEN, "The request path is not in a form lockdesk-proxy accepts.");
    };
    let mut incoming = http::Request::builder().method(parts.method.clone()).uri(relative);
    if let Some(ct) = parts.headers.get(header::CONTENT_TYPE) {
        incoming = incoming.header(header::CONTENT_TYPE, ct);
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
    let role = match &operator {
        Some(o) => match o.role_on(&conn.id) {
            Some(role) => Some(role),
            None => return refuse(StatusCode::FORBIDDEN, "You have no role on this connection. Ask an admin for one."),
        },
        None => None,
    };
    let who = operator.as_ref().zip(role).map(|(o, r)| (o.name.as_str(), r));
    if op.is_mutating() && !crate::web::cors::change_allowed(&parts.headers, &state.allowed_origins) {
        audit_refusal(&state, &request_id.0, &conn.id, &op, who, "no proof the change came from the panel");
        return refuse(StatusCode::FORBIDDEN, "Changes must come from the lockdesk panel itself.");
    }
    if let Some(role) = role.filter(|r| *r < op.required_role()) {
        audit_refusal(&state, &request_id.0, &conn.id, &op, who, "role too low");
        return refuse(
            StatusCode::FORBIDDEN,
            &format!("Your role ({}) does not allow this; it needs {}.", role.name(), op.required_role().name()),
        );
    }
    let limit_key = match (&operator, peer(&parts.extensions)) {
        (Some(o), _) => format!("operator:{}", o.name),
        (None, Some(ip)) => format!("address:{ip}"),
        (None, None) => "anonymous".to_owned(),
    };
    if let Err(refusal) = state.rate.check(&limit_key) {
        audit_refusal(&state, &request_id.0, &conn.id, &op, who, "too many requests");
        return refusal.into_response();
    }
    let operator_key = operator_key(&parts.headers);
    if matches!(conn.credential, Credential::Operator) && operator_key.is_none() {
        return CallFailure::NoKey.into_response();
    }
    let slot = match conn.limit.acquire(&conn.label).await {
        Ok(slot) => slot,
        Err(refusal) => {
            audit_refusal(&state, &request_id.0, &conn.id, &op, who, "provider busy");
            return refusal.into_response();
        }
    };
    let who = who.map(|(name, role)| (name.to_owned(), role));
    if !op.is_mutating() {
        // A read has nothing to finish if the browser leaves: it runs in this request's task.
        let _slot = slot;
        return perform(&state, index, &op, who, &request_id.0, operator_key.as_ref()).await;
    }
    let (state, request_id) = (state.clone(), request_id.0.clone());
    // A change runs in its own task: if the browser goes away mid-call, the change still finishes
    // and its `completed` audit line is still written.
    let task = tokio::spawn(async move {
        let _slot = slot;
        perform(&state, index, &op, who, &request_id, operator_key.as_ref()).await
    });
    task.await.unwrap_or_else(|_| refuse(StatusCode::INTERNAL_SERVER_ERROR, "lockdesk-proxy failed during the call."))
}

/// Sends a permitted operation; a change is recorded before it is made (if it cannot be recorded
/// it is not made) and again after, with the target's name and state read before and after.
async fn perform(
    state: &AppState,
    index: usize,
    op: &idp::Operation,
    who: Option<(String, idp::Role)>,
    request_id: &str,
    operator_key: Option<&HeaderValue>,
) -> Response {
    let conn = &state.connections[index];
    let who = who.as_ref().map(|(name, role)| (name.as_str(), *role));
    let audit_line = match (&state.audit, op.target().filter(|_| op.is_mutating())) {
        (Some(log), Some(target)) => {
            let line = AuditLine::started(request_id, &conn.id, op, who);
            if let Err(e) = log.append(&line) {
                tracing::error!(request_id, error = %e, "audit log not writable; change refused");
                return refuse(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "lockdesk-proxy cannot write its audit log, so the change was not made. Tell your IT admin.",
                );
            }
            let before = read_user(state, conn, target, operator_key).await;
            Some((log, line.with_target(before.as_ref()), target))
        }
        _ => None,
    };
    let started = Instant::now();
    let result = call(&state.client, conn, op, operator_key).await;
    let elapsed_ms = started.elapsed().as_millis() as u64;
    let status = result.as_ref().ok().map(|r| r.status.as_u16());
    if let Some((log, line, target)) = audit_line {
        let succeeded = status.is_some_and(|s| (200..300).contains(&s));
        // A confirmed delete needs no re-read (it would only be a 404); anything else is read back.
        let state_after = match op {
            _ if !succeeded => None,
            idp::Operation::DeleteUser { .. } => Some(idp::Status::Deleted.label()),
            _ => read_user(state, conn, target, operator_key).await.map(|user| user.status.label()),
        };
        let outcome = if succeeded { "allowed" } else { "failed" };
        if let Err(e) = log.append(&line.completed(outcome, status, elapsed_ms, state_after)) {
            tracing::error!(request_id, error = %e, "audit log not writable after the change");
        }
    }
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

/// The target as the provider has it now, for the audit line; `None` if it cannot be read.
async fn read_user(
    state: &AppState,
    conn: &LiveConnection,
    id: &idp::UserId,
    operator_key: Option<&HeaderValue>,
) -> Option<idp::User> {
    let op = idp::Operation::GetUser { id: id.clone() };
    let reply = call(&state.client, conn, &op, operator_key).await.ok()?;
    match conn.adapter.interpret(&op, &reply.to_idp()) {
        Ok(idp::provider::Reply::User(user)) => Some(*user),
        _ => None,
    }
}

/// Records a change that was refused before reaching the provider (reads are not audited).
fn audit_refusal(
    state: &AppState,
    request_id: &str,
    conn: &str,
    op: &idp::Operation,
    who: Option<(&str, idp::Role)>,
    why: &'static str,
) {
    if let Some(log) = state.audit.as_ref().filter(|_| op.is_mutating()) {
        let line = AuditLine::started(request_id, conn, op, who).refused(why);
        if let Err(e) = log.append(&line) {
            tracing::error!(request_id, error = %e, "audit log not writable for a refusal");
        }
    }
}

/// In operator mode the panel sends the operator's key, already in the provider's header form.
fn operator_key(headers: &HeaderMap) -> Option<HeaderValue> {
    headers.get(header::AUTHORIZATION).filter(|v| !v.is_empty()).cloned()
}
