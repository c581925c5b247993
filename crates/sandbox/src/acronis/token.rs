//! `POST /api/2/idp/token`, the client-credentials grant of the Account Management API.
//!
//! The client authenticates with `Authorization: Basic base64(client_id:client_secret)`: client
//! id [`super::api::ACRONIS_SANDBOX_CLIENT_ID`] with the sandbox API key as secret (compared in
//! constant time); anything else (no Basic header, bad base64, another client or secret) → 401
//! `invalid_client`. Then the body must be `application/x-www-form-urlencoded` with
//! `grant_type=client_credentials` (see `rules::TokenRefusal` for the other answers). Success →
//! 200 `TokenResponse` (`bearer`, an opaque random token living `token_lifetime_s`, default 7200,
//! and `expires_on` in Unix seconds from the wall clock) with `Cache-Control: no-store`, and the
//! exchange is counted. This module must not touch users.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::api::ACRONIS_SANDBOX_CLIENT_ID;
use super::codec::{access_token, base64_decode, constant_time_eq};
use super::content_type_is;
use super::rules::TokenRefusal;
use super::state::IssuedToken;
use super::wire::{OAuthError, TokenResponse};
use super::Ctx;

impl IntoResponse for TokenRefusal {
    fn into_response(self) -> Response {
        let (status, error, description) = self.parts();
        let body = OAuthError { error: error.into(), error_description: description.into() };
        (status, [(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
    }
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
    let id_ok = constant_time_eq(id, ACRONIS_SANDBOX_CLIENT_ID.as_bytes());
    let secret_ok = constant_time_eq(secret, ctx.acronis.api_key().as_bytes());
    id_ok & secret_ok
}

/// The handler.
pub(crate) async fn exchange(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, TokenRefusal> {
    if !client_ok(&ctx, &headers) {
        return Err(TokenRefusal::InvalidClient);
    }
    if !content_type_is(&headers, "application/x-www-form-urlencoded") {
        return Err(TokenRefusal::InvalidRequest("the body must be application/x-www-form-urlencoded"));
    }
    let form: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    match form.iter().find(|(k, _)| k == "grant_type").map(|(_, v)| v.as_str()) {
        None => return Err(TokenRefusal::InvalidRequest("grant_type is required")),
        Some("client_credentials") => {}
        Some(_) => return Err(TokenRefusal::UnsupportedGrantType),
    }
    let token = access_token().ok_or(TokenRefusal::ServerError)?;
    let lifetime = ctx.acronis.with_state(|s| {
        let lifetime = s.faults.token_lifetime_s;
        s.tokens.push(IssuedToken { token: token.clone(), expires: Instant::now() + Duration::from_secs(lifetime) });
        s.token_exchanges += 1;
        lifetime
    });
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let body = TokenResponse {
        access_token: token,
        token_type: "bearer".into(),
        expires_in: lifetime,
        expires_on: now.saturating_add(lifetime),
    };
    Ok((StatusCode::OK, [(header::CACHE_CONTROL, "no-store")], Json(body)).into_response())
}
