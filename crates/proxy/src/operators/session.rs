//! `/api/session`: operators sign in, see who they are, and sign out. Also `identify`, which the
//! forwarding path uses to learn who is asking.
//!
//! The session cookie is HttpOnly, SameSite=Strict and Secure (except on loopback, where browsers
//! would drop a Secure cookie sent over plain http). Sign-in and sign-out are CSRF-checked like
//! every other change. Passwords and tokens never reach logs or replies.
//!
//! A sign-in passes the brake first, then waits here, on the async side, for one of the few
//! argon2 slots (`hashing`); when none comes free soon it is turned away unhashed.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

use crate::operators::{Operator, SignInError};
use crate::web::refusal::refuse;
use crate::AppState;

const COOKIE: &str = "lockdesk_session";
/// Retry-After for a sign-in turned away because too many were being checked.
const BUSY_RETRY_SECS: u64 = 2;

/// Who is asking.
pub enum Identity {
    /// No `[operators]` configured: the proxy is open to whoever can reach it (loopback demos).
    NotRequired,
    Operator(Operator),
    /// Operators are configured and this request carries no valid session.
    Missing,
}

/// The client address, when the server recorded one.
pub fn peer(req_extensions: &http::Extensions) -> Option<IpAddr> {
    req_extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip())
}

fn session_token(headers: &HeaderMap) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|pair| {
        let (name, value) = pair.trim().split_once('=')?;
        (name == COOKIE && value.len() == 64 && value.chars().all(|c| c.is_ascii_hexdigit())).then(|| value.to_owned())
    })
}

/// Identifies the operator behind a request.
pub fn identify(state: &AppState, headers: &HeaderMap, peer: Option<IpAddr>) -> Identity {
    let Some(ops) = &state.operators else { return Identity::NotRequired };
    if let Some(op) = ops.from_trusted_header(headers, peer) {
        return Identity::Operator(op);
    }
    match session_token(headers).and_then(|t| ops.session(&t, Instant::now())) {
        Some(op) => Identity::Operator(op),
        None => Identity::Missing,
    }
}

#[derive(Serialize)]
/// What `/api/session` says.
pub struct SessionInfo {
    /// Whether this proxy asks operators to sign in.
    required: bool,
    signed_in: bool,
    name: Option<String>,
    roles: std::collections::HashMap<String, idp::Role>,
}

fn info(identity: Identity) -> SessionInfo {
    match identity {
        Identity::NotRequired => {
            SessionInfo { required: false, signed_in: false, name: None, roles: Default::default() }
        }
        Identity::Missing => SessionInfo { required: true, signed_in: false, name: None, roles: Default::default() },
        Identity::Operator(op) => SessionInfo { required: true, signed_in: true, name: Some(op.name), roles: op.roles },
    }
}

/// `GET /api/session`.
pub async fn current(State(state): State<Arc<AppState>>, req: Request) -> Json<SessionInfo> {
    Json(info(identify(&state, req.headers(), peer(req.extensions()))))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Credentials {
    name: String,
    password: String,
}

/// `POST /api/session` with `{"name": "...", "password": "..."}`.
pub async fn sign_in(State(state): State<Arc<AppState>>, req: Request) -> Response {
    let Some(ops) = &state.operators else {
        return refuse(StatusCode::NOT_FOUND, "This proxy has no operator accounts; no sign-in is needed.");
    };
    if !crate::web::cors::change_allowed(req.headers(), &state.allowed_origins) {
        return refuse(StatusCode::FORBIDDEN, "Sign-in must come from the lockdesk panel itself.");
    }
    let loopback = peer(req.extensions()).is_some_and(|ip| ip.is_loopback());
    let client = ops.client_address(req.headers(), peer(req.extensions()));
    let body = match crate::web::body::read(req.into_body(), 4096, "The sign-in request is too large.").await {
        Ok(body) => body,
        Err(refusal) => return refusal,
    };
    let Ok(creds) = serde_json::from_slice::<Credentials>(&body) else {
        return refuse(StatusCode::BAD_REQUEST, "Send a JSON object with a name and a password.");
    };
    // Only configured names reach the log, and escaped: typed text (perhaps a password typed in
    // the wrong box, perhaps forged log lines) never does.
    let logged_name = if ops.knows(&creds.name) { format!("{:?}", creds.name) } else { "(unknown name)".to_string() };
    let outcome = match ops.begin_sign_in(&creds.name, client, Instant::now()) {
        Err(e) => Err(e),
        // Waiting for a slot holds no blocking thread; the attempt already counts on the brake.
        Ok(attempt) => match ops.slots.acquire().await {
            None => Err(SignInError::Busy),
            // argon2 is deliberately slow: keep it off the async workers.
            Some(mut slot) => {
                let state = state.clone();
                tokio::task::spawn_blocking(move || match &state.operators {
                    Some(ops) => {
                        let checked = ops.check_password(attempt, &creds.password, slot.memory());
                        drop(slot);
                        // The back-off runs from the answer, however long the attempt waited.
                        ops.finish_sign_in(checked, Instant::now())
                    }
                    None => Err(SignInError::Refused),
                })
                .await
                .unwrap_or(Err(SignInError::Refused))
            }
        },
    };
    match outcome {
        Ok(token) => {
            tracing::info!(operator = %logged_name, "signed in");
            let secure = if state.secure_cookies.unwrap_or(!loopback) { "; Secure" } else { "" };
            let cookie = format!("{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/{secure}");
            let mut resp = StatusCode::NO_CONTENT.into_response();
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                resp.headers_mut().insert(header::SET_COOKIE, value);
            }
            resp
        }
        Err(SignInError::Refused) => {
            tracing::warn!(operator = %logged_name, client = ?client, "sign-in refused");
            refuse(StatusCode::UNAUTHORIZED, "Wrong name or password.")
        }
        Err(SignInError::SlowDown(secs)) => {
            tracing::warn!(operator = %logged_name, client = ?client, wait_s = secs, "sign-in slowed down");
            let mut resp = refuse(
                StatusCode::TOO_MANY_REQUESTS,
                &format!("Too many failed sign-ins. Try again in {secs} seconds."),
            );
            resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
            resp
        }
        Err(SignInError::Busy) => {
            tracing::warn!(operator = %logged_name, client = ?client, "sign-in turned away: too many at once");
            let mut resp =
                refuse(StatusCode::TOO_MANY_REQUESTS, "Too many sign-ins at once. Try again in a few seconds.");
            resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(BUSY_RETRY_SECS));
            resp
        }
    }
}

/// `DELETE /api/session`.
pub async fn sign_out(State(state): State<Arc<AppState>>, req: Request) -> Response {
    if !crate::web::cors::change_allowed(req.headers(), &state.allowed_origins) {
        return refuse(StatusCode::FORBIDDEN, "Sign-out must come from the lockdesk panel itself.");
    }
    if let (Some(ops), Some(token)) = (&state.operators, session_token(req.headers())) {
        ops.sign_out(&token);
    }
    let mut resp = StatusCode::NO_CONTENT.into_response();
    resp.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("lockdesk_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"),
    );
    resp
}
