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
//! Errors carry `{"error", "description", "error_description"}`. The checks and the token book
//! are `crate::oauth`'s; the replies are this module's. This module must not touch users.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::api::GENESYS_SANDBOX_CLIENT_ID;
use super::wire::{OAuthError, TokenResponse};
use super::Ctx;
use crate::oauth::{self, GrantRefusal};

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    let body =
        OAuthError { error: error.into(), description: description.into(), error_description: description.into() };
    (status, [(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
}

/// The reply to a refused token request.
fn refused(refusal: GrantRefusal) -> Response {
    match refusal {
        GrantRefusal::InvalidClient => {
            oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", "client authentication failed")
        }
        GrantRefusal::NotAForm => {
            let description = "the body must be application/x-www-form-urlencoded";
            oauth_error(StatusCode::BAD_REQUEST, "invalid_request", description)
        }
        GrantRefusal::NoGrantType => oauth_error(StatusCode::BAD_REQUEST, "invalid_request", "grant_type is required"),
        GrantRefusal::OtherGrant => {
            let description = "the sandbox supports only the client_credentials grant";
            oauth_error(StatusCode::BAD_REQUEST, "unsupported_grant_type", description)
        }
    }
}

/// The handler.
pub(crate) async fn exchange(State(ctx): State<Ctx>, headers: HeaderMap, body: Bytes) -> Response {
    if let Err(refusal) = oauth::grant(&headers, &body, GENESYS_SANDBOX_CLIENT_ID, ctx.genesys.api_key()) {
        return refused(refusal);
    }
    let issued = ctx.genesys.with_state(|g| {
        let lifetime = g.faults.token_lifetime_s;
        Some((g.tokens.mint(lifetime)?, lifetime))
    });
    let Some((token, lifetime)) = issued else {
        return oauth_error(StatusCode::INTERNAL_SERVER_ERROR, "server_error", "no randomness available");
    };
    let body = TokenResponse { access_token: token, token_type: "bearer".into(), expires_in: lifetime };
    (StatusCode::OK, [(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
}
