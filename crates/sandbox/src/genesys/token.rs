//! `POST /oauth/token`, the client-credentials grant of Genesys's login host (served under the
//! same mount as the API in the sandbox).
//!
//! The client authenticates with `Authorization: Basic base64(client_id:client_secret)`: client
//! id [`super::api::GENESYS_SANDBOX_CLIENT_ID`] with the sandbox API key as secret (compared in
//! constant time); anything else (no Basic header, bad base64, another client or secret) → 401
//! `invalid_client`. Then the body must be `application/x-www-form-urlencoded` (else 400
//! `invalid_request`) with `grant_type=client_credentials` (missing → 400 `invalid_request`,
//! another grant → 400 `unsupported_grant_type`). Success → 200 `TokenResponse` (`bearer`, an
//! opaque random token living `token_lifetime_s`, default 86400) with `Cache-Control: no-store`.
//! Errors carry `{"error", "description", "error_description"}`. This module must not touch users.

use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::api::GENESYS_SANDBOX_CLIENT_ID;
use super::codec::{access_token, base64_decode};
use super::state::{constant_time_eq, IssuedToken};
use super::wire::{OAuthError, TokenResponse};
use super::{content_type_is, Ctx};

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    let body =
        OAuthError { error: error.into(), description: description.into(), error_description: description.into() };
    (status, [(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
}

/// Whether the Basic credentials are the sandbox client's.
fn client_ok(ctx: &Ctx, headers: &HeaderMap) -> bool {
    let value = headers.get(header::AUTHORIZATION).map(|v| v.as_bytes()).unwrap_or_default();
    let Some((scheme, encoded)) = value.split_at_checked(6) else {
        return false;
    };
    if !scheme.eq_ignore_ascii_case(b"basic ") {
        return false;
    }
    let Some(decoded) = std::str::from_utf8(encoded).ok().and_then(|e| base64_decode(e.trim())) else {
        return false;
    };
    let Some(colon) = decoded.iter().position(|&b| b == b':') else {
        return false;
    };
    let (id, secret) = (&decoded[..colon], &decoded[colon + 1..]);
    let id_ok = constant_time_eq(id, GENESYS_SANDBOX_CLIENT_ID.as_bytes());
    let secret_ok = constant_time_eq(secret, ctx.genesys.api_key().as_bytes());
    id_ok & secret_ok
}

/// The handler.
pub(crate) async fn exchange(State(ctx): State<Ctx>, headers: HeaderMap, body: Bytes) -> Response {
    if !client_ok(&ctx, &headers) {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", "client authentication failed");
    }
    if !content_type_is(&headers, "application/x-www-form-urlencoded") {
        let description = "the body must be application/x-www-form-urlencoded";
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", description);
    }
    let form: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    match form.iter().find(|(k, _)| k == "grant_type").map(|(_, v)| v.as_str()) {
        None => return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", "grant_type is required"),
        Some("client_credentials") => {}
        Some(_) => {
            let description = "the sandbox supports only the client_credentials grant";
            return oauth_error(StatusCode::BAD_REQUEST, "unsupported_grant_type", description);
        }
    }
    let Some(token) = access_token() else {
        return oauth_error(StatusCode::INTERNAL_SERVER_ERROR, "server_error", "no randomness available");
    };
    let lifetime = ctx.genesys.with_state(|g| {
        let lifetime = g.faults.token_lifetime_s;
        let expires = Instant::now() + Duration::from_secs(lifetime);
        g.tokens.push(IssuedToken { token: token.clone(), expires });
        lifetime
    });
    let body = TokenResponse { access_token: token, token_type: "bearer".into(), expires_in: lifetime };
    (StatusCode::OK, [(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
}
