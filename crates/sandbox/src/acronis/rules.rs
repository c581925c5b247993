//! THE one place for every status and error code the Acronis simulator answers with, as
//! [`Refusal`] (the API's `errorScheme` replies) and [`TokenRefusal`] (the token endpoint's OAuth
//! replies). Each variant says where its status and code come from: "docs" (Acronis's Account
//! Management guide or reference), "brief" (lockdesk's contract for the adapter), or "sandbox's
//! choice (UNVERIFIED upstream)" where neither gives it: a real Acronis data center may answer
//! such a case with another status or code, so an adapter must not depend on those spellings.
//!
//! This module must not decide WHEN a refusal applies (the handlers do) and must not touch state.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::error;
use crate::oauth::GrantRefusal;

/// Why an `/api/2` request was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// 401 `unauthenticated` "Access token is missing or invalid" (brief; the docs give the 401).
    Unauthenticated,
    /// 400 `BadRequest`: a malformed id, query parameter or body (brief for PUT's missing
    /// version; the sandbox's choice (UNVERIFIED upstream) for every other 400).
    BadRequest(String),
    /// 415 (docs) `UnsupportedMediaType` (sandbox's choice, UNVERIFIED upstream).
    UnsupportedMediaType,
    /// 404 `NotFound` "User not found" (brief).
    UserNotFound,
    /// 404 (brief) `NotFound` "Tenant not found" (the code and text are the sandbox's choice,
    /// UNVERIFIED upstream).
    TenantNotFound,
    /// 409 `VersionConflict` "The object has been changed by someone else (version mismatch)"
    /// (sandbox's choice, UNVERIFIED upstream; the docs only say 409 is a conflict).
    VersionConflict,
    /// 409 `UserIsEnabled` "The user must be disabled before it can be deleted" (sandbox's choice,
    /// UNVERIFIED upstream).
    UserIsEnabled,
    /// 409 `UserIsNotDeleted` (brief) "The user is not deleted" (text: sandbox's choice).
    UserIsNotDeleted,
    /// 404 (docs: a non-existing endpoint) `NotFound` (sandbox's choice, UNVERIFIED upstream).
    NoRoute(String),
    /// 405 (docs: an unsupported method) `MethodNotAllowed` (sandbox's choice, UNVERIFIED).
    MethodNotAllowed(String),
    /// An injected failure (or the rate limit's 429): 429 `TooManyRequests` with `Retry-After`,
    /// 500 `InternalServerError` or 503 `ServiceUnavailable` (codes: sandbox's choice, UNVERIFIED
    /// upstream).
    Injected { status: u16, retry_after_s: u64 },
}

impl Refusal {
    /// Status, code and message.
    fn parts(&self) -> (StatusCode, &'static str, String) {
        match self {
            Refusal::Unauthenticated => {
                (StatusCode::UNAUTHORIZED, "unauthenticated", "Access token is missing or invalid".into())
            }
            Refusal::BadRequest(message) => (StatusCode::BAD_REQUEST, "BadRequest", message.clone()),
            Refusal::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "UnsupportedMediaType",
                "The request body must be application/json".into(),
            ),
            Refusal::UserNotFound => (StatusCode::NOT_FOUND, "NotFound", "User not found".into()),
            Refusal::TenantNotFound => (StatusCode::NOT_FOUND, "NotFound", "Tenant not found".into()),
            Refusal::VersionConflict => (
                StatusCode::CONFLICT,
                "VersionConflict",
                "The object has been changed by someone else (version mismatch)".into(),
            ),
            Refusal::UserIsEnabled => {
                (StatusCode::CONFLICT, "UserIsEnabled", "The user must be disabled before it can be deleted".into())
            }
            Refusal::UserIsNotDeleted => (StatusCode::CONFLICT, "UserIsNotDeleted", "The user is not deleted".into()),
            Refusal::NoRoute(what) => (StatusCode::NOT_FOUND, "NotFound", format!("No resource found for {what}")),
            Refusal::MethodNotAllowed(what) => {
                (StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowed", format!("Method not allowed: {what}"))
            }
            Refusal::Injected { status: 429, .. } => {
                (StatusCode::TOO_MANY_REQUESTS, "TooManyRequests", "Too many requests; retry later".into())
            }
            Refusal::Injected { status: 503, .. } => {
                (StatusCode::SERVICE_UNAVAILABLE, "ServiceUnavailable", "The service is temporarily unavailable".into())
            }
            Refusal::Injected { .. } => {
                (StatusCode::INTERNAL_SERVER_ERROR, "InternalServerError", "Internal server error".into())
            }
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let (status, code, message) = self.parts();
        let mut response = error(status, code, message);
        if let Refusal::Injected { status: 429, retry_after_s } = self {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after_s));
        }
        response
    }
}

/// Why `POST /api/2/idp/token` refused (OAuth `{"error", "error_description"}` bodies).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenRefusal {
    /// 401 `invalid_client` "client authentication failed" (brief).
    InvalidClient,
    /// 400 `unsupported_grant_type` (brief).
    UnsupportedGrantType,
    /// 400 `invalid_request`: not a form body, or no `grant_type` (sandbox's choice, UNVERIFIED).
    InvalidRequest(&'static str),
    /// 500 `server_error`: no randomness for a token (sandbox's choice, UNVERIFIED).
    ServerError,
}

impl TokenRefusal {
    /// Status, OAuth error word and description.
    pub(crate) fn parts(self) -> (StatusCode, &'static str, &'static str) {
        match self {
            TokenRefusal::InvalidClient => (StatusCode::UNAUTHORIZED, "invalid_client", "client authentication failed"),
            TokenRefusal::UnsupportedGrantType => (
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "the sandbox supports only the client_credentials grant",
            ),
            TokenRefusal::InvalidRequest(description) => (StatusCode::BAD_REQUEST, "invalid_request", description),
            TokenRefusal::ServerError => (StatusCode::INTERNAL_SERVER_ERROR, "server_error", "no randomness available"),
        }
    }
}

impl From<GrantRefusal> for TokenRefusal {
    /// Which refusal each failed check of the token request gets.
    fn from(refusal: GrantRefusal) -> TokenRefusal {
        match refusal {
            GrantRefusal::InvalidClient => TokenRefusal::InvalidClient,
            GrantRefusal::NotAForm => {
                TokenRefusal::InvalidRequest("the body must be application/x-www-form-urlencoded")
            }
            GrantRefusal::NoGrantType => TokenRefusal::InvalidRequest("grant_type is required"),
            GrantRefusal::OtherGrant => TokenRefusal::UnsupportedGrantType,
        }
    }
}
