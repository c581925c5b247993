//! Forwarding: one recognised operation to one configured provider.
//!
//! The incoming request is only ever *read*: `idp` recognises it as an operation, and what goes
//! upstream is that operation rebuilt by the adapter, sent to the connection's base URL with the
//! connection's credential. Anything not recognised is refused here and never leaves the proxy.
//! Headers and bodies are never logged.

use std::sync::Arc;
use std::time::Instant;

use axum::body::{to_bytes, Body};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use secrecy::ExposeSecret;

use crate::audit::AuditLine;
use crate::config::Credential;
use crate::refusal::refuse;
use crate::request_id::RequestId;
use crate::session::{identify, peer, Identity};
use crate::AppState;

/// The largest request body the proxy reads (a search request is well under 1 KiB).
pub const MAX_REQUEST_BODY: usize = 64 * 1024;
/// The largest provider reply the proxy passes back.
pub const MAX_RESPONSE_BODY: usize = 5 * 1024 * 1024;

/// Reply headers passed back to the panel; everything else (Set-Cookie included) is dropped.
const PASSED_BACK: [header::HeaderName; 2] = [header::CONTENT_TYPE, header::RETRY_AFTER];

/// `ANY /proxy/{connection}/{*path}`.
pub async fn forward(
    State(state): State<Arc<AppState>>,
    Path((connection_id, _)): Path<(String, String)>,
    axum::Extension(request_id): axum::Extension<RequestId>,
    req: Request<Body>,
) -> Response {
    let Some(conn) = state.connection(&connection_id) else {
        return refuse(StatusCode::NOT_FOUND, "There is no connection with that name on this proxy.");
    };
    if !crate::cors::origin_allowed(req.headers(), &state.allowed_origins) {
        return refuse(StatusCode::FORBIDDEN, "This page's origin is not allowed to use this proxy.");
    }
    let (parts, body) = req.into_parts();
    let operator = match identify(&state, &parts.headers, peer(&parts.extensions)) {
        Identity::NotRequired => None,
        Identity::Operator(op) => Some(op),
        Identity::Missing => return refuse(StatusCode::UNAUTHORIZED, "Sign in to lockdesk first."),
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
    if op.is_mutating() && !crate::cors::change_allowed(&parts.headers, &state.allowed_origins) {
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
    let mut outgoing = conn.adapter.build(&op);
    let authorized = match &conn.credential {
        Credential::Vault(secret) => conn.adapter.authorize(&mut outgoing, secret.expose_secret()).is_ok(),
        Credential::Operator => {
            operator_key(&parts.headers).map(|key| outgoing.headers_mut().insert(header::AUTHORIZATION, key)).is_some()
        }
    };
    if !authorized {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "This connection needs an API key: sign in to the connection in lockdesk first.",
        );
    }
    // A change is recorded before it is made; if it cannot be recorded it is not made.
    let audit_line = match (&state.audit, op.is_mutating()) {
        (Some(log), true) => {
            let line = AuditLine::started(&request_id.0, &conn.id, &op, who);
            if let Err(e) = log.append(&line) {
                tracing::error!(request_id = %request_id.0, error = %e, "audit log not writable; change refused");
                return refuse(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "lockdesk-proxy cannot write its audit log, so the change was not made. Tell your IT admin.",
                );
            }
            Some((log, line))
        }
        _ => None,
    };
    let started = Instant::now();
    let result = send(&state.client, conn.base_url.join(&outgoing.uri().to_string()), outgoing).await;
    let elapsed_ms = started.elapsed().as_millis() as u64;
    let status = result.as_ref().ok().map(|r| r.status().as_u16());
    if let Some((log, line)) = audit_line {
        let outcome = if status.is_some_and(|s| (200..300).contains(&s)) { "allowed" } else { "failed" };
        if let Err(e) = log.append(&line.completed(outcome, status, elapsed_ms)) {
            tracing::error!(request_id = %request_id.0, error = %e, "audit log not writable after the change");
        }
    }
    match result {
        Ok(reply) => {
            tracing::info!(request_id = %request_id.0, connection = %conn.id, operation = op.name(), status = reply.status().as_u16(), elapsed_ms, "forwarded");
            reply
        }
        Err(failure) => {
            tracing::warn!(request_id = %request_id.0, connection = %conn.id, operation = op.name(), elapsed_ms, failure = failure.log_word(), "provider unreachable");
            failure.into_response()
        }
    }
}

/// Records a change that was refused before reaching the provider.
fn audit_refusal(
    state: &AppState,
    request_id: &str,
    conn: &str,
    op: &idp::Operation,
    who: Option<(&str, idp::Role)>,
    why: &'static str,
) {
    if let Some(log) = &state.audit {
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

enum UpstreamFailure {
    Timeout,
    Unreachable,
    TooLarge,
    /// DNS gave an address the connection's policy forbids; nothing was sent.
    Refused(String),
}

impl UpstreamFailure {
    fn log_word(&self) -> &'static str {
        match self {
            UpstreamFailure::Timeout => "timeout",
            UpstreamFailure::Unreachable => "unreachable",
            UpstreamFailure::TooLarge => "reply too large",
            UpstreamFailure::Refused(_) => "address refused",
        }
    }
}

impl IntoResponse for UpstreamFailure {
    fn into_response(self) -> Response {
        match self {
            UpstreamFailure::Timeout => refuse(StatusCode::GATEWAY_TIMEOUT, "The provider did not answer in time."),
            UpstreamFailure::Unreachable => {
                refuse(StatusCode::BAD_GATEWAY, "lockdesk-proxy could not reach the provider.")
            }
            UpstreamFailure::TooLarge => {
                refuse(StatusCode::BAD_GATEWAY, "The provider's reply was larger than lockdesk accepts.")
            }
            UpstreamFailure::Refused(why) => refuse(StatusCode::BAD_GATEWAY, &why),
        }
    }
}

async fn send(client: &reqwest::Client, url: String, req: idp::http::HttpRequest) -> Result<Response, UpstreamFailure> {
    let (parts, body) = req.into_parts();
    let method = Method::from_bytes(parts.method.as_str().as_bytes()).unwrap_or(Method::GET);
    let mut builder = client.request(method, url).headers(parts.headers);
    if !body.is_empty() {
        builder = builder.body(body);
    }
    let classify = |e: reqwest::Error| match crate::resolver::find_refusal(&e) {
        Some(refused) => UpstreamFailure::Refused(refused.to_string()),
        None if e.is_timeout() => UpstreamFailure::Timeout,
        None => UpstreamFailure::Unreachable,
    };
    let mut upstream = builder.send().await.map_err(classify)?;
    if upstream.content_length().is_some_and(|n| n > MAX_RESPONSE_BODY as u64) {
        return Err(UpstreamFailure::TooLarge);
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = upstream.chunk().await.map_err(classify)? {
        if bytes.len() + chunk.len() > MAX_RESPONSE_BODY {
            return Err(UpstreamFailure::TooLarge);
        }
        bytes.extend_from_slice(&chunk);
    }
    let mut reply = Response::builder().status(upstream.status().as_u16());
    for name in PASSED_BACK {
        if let Some(value) = upstream.headers().get(&name) {
            reply = reply.header(name, value);
        }
    }
    reply.body(Body::from(bytes)).map_err(|_| UpstreamFailure::Unreachable)
}
