//! `POST /api/2/idp/token`, the client-credentials grant of the Account Management API.
//!
//! The client authenticates with `Authorization: Basic base64(client_id:client_secret)`: client
//! id [`super::api::ACRONIS_SANDBOX_CLIENT_ID`] with the sandbox API key as secret (compared in
//! constant time); anything else (no Basic header, bad base64, another client or secret) → 401
//! `invalid_client`. Then the body must be `application/x-www-form-urlencoded` with
//! `grant_type=client_credentials` (see `rules::TokenRefusal` for the other answers). Success →
//! 200 `TokenResponse` (`bearer`, an opaque random token living `token_lifetime_s`, default 7200,
//! and `expires_on` in Unix seconds from the wall clock) with `Cache-Control: no-store`, and the
//! exchange is counted. The checks and the token book are `crate::oauth`'s; the replies are this
//! module's and `rules`'. This module must not touch users.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::api::ACRONIS_SANDBOX_CLIENT_ID;
use super::rules::TokenRefusal;
use super::wire::{OAuthError, TokenResponse};
use super::Ctx;
use crate::oauth;

impl IntoResponse for TokenRefusal {
    fn into_response(self) -> Response {
        let (status, error, description) = self.parts();
        let body = OAuthError { error: error.into(), error_description: description.into() };
        (status, [(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
    }
}

/// The handler.
pub(crate) async fn exchange(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, TokenRefusal> {
    oauth::grant(&headers, &body, ACRONIS_SANDBOX_CLIENT_ID, ctx.acronis.api_key())?;
    let issued = ctx.acronis.with_state(|s| {
        let lifetime = s.faults.token_lifetime_s;
        let token = s.tokens.mint(lifetime)?;
        s.token_exchanges += 1;
        Some((token, lifetime))
    });
    let (token, lifetime) = issued.ok_or(TokenRefusal::ServerError)?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let body = TokenResponse {
        access_token: token,
        token_type: "bearer".into(),
        expires_in: lifetime,
        expires_on: now.saturating_add(lifetime),
    };
    Ok((StatusCode::OK, [(header::CACHE_CONTROL, "no-store")], Json(body)).into_response())
}
