//! THE one place for every status and error the SCIM simulator answers with: [`Refusal`] and the
//! one function that shapes its Error message (RFC 7644 §3.12: `{"schemas": [Error URN],
//! "status": "<code as a string>", "scimType": …, "detail": …}`, `scimType` left out when none
//! applies), sent as `application/scim+json`. Each variant says where its status and keyword come
//! from: "RFC" (RFC 7644 §3.12's table or the section named), "brief" (lockdesk's contract for the
//! adapter) or "sandbox's choice".
//!
//! This module must not decide WHEN a refusal applies (the handlers and the gate do) and must not
//! touch state.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::scim_json;
use super::wire::{ErrorBody, ERROR_SCHEMA};

/// The `detail` of the `reject_email_filter` fault's 400 (brief).
pub(crate) const NO_EMAIL_FILTER: &str = "Filtering on emails is not supported";
/// The `detail` of a 412 (sandbox's choice).
pub(crate) const VERSION_MISMATCH: &str =
    "The resource has changed: If-Match does not match its current version (ETag); read it again";

/// Why a request was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// 401, no scimType, with `WWW-Authenticate: Bearer` (RFC: "The authorization header is
    /// invalid or missing"; RFC 6750 for the header).
    Unauthorized,
    /// 404 "Resource <id> not found" (RFC §3.12's example words).
    NotFound(String),
    /// 404 for an unknown path (sandbox's choice).
    NoRoute(String),
    /// 405 for a wrong method (sandbox's choice).
    MethodNotAllowed(String),
    /// 400 `invalidFilter` (RFC: "The specified filter syntax was invalid … or the specified
    /// attribute and filter comparison combination is not supported").
    InvalidFilter(String),
    /// 400 `invalidSyntax` (RFC: the request body is not parsable or violates the schema).
    InvalidSyntax(String),
    /// 400 `invalidValue` (RFC: a required value was missing or is not compatible).
    InvalidValue(String),
    /// 400 `invalidPath` (RFC: the PATCH `path` was invalid or malformed).
    InvalidPath(String),
    /// 400 `noTarget` (RFC: the PATCH `path` yields nothing that could be operated on; here:
    /// any attribute but `active`).
    NoTarget(String),
    /// 400 `mutability` (RFC: the change is incompatible with the attribute's mutability; here:
    /// removing `active`).
    Mutability(String),
    /// 415 for a body that is not `application/scim+json` or `application/json` (sandbox's
    /// choice; RFC §3.1 names the media type, not the refusal).
    UnsupportedMediaType,
    /// 412 `invalidVers`: `If-Match` is not the current version (RFC §3.14 gives the 412; the
    /// keyword is the brief's: RFC §3.12 reserves `invalidVers` for protocol versions).
    VersionMismatch,
    /// An injected failure (or the rate limit's 429): 429 with `Retry-After`, 500 or 503, no
    /// scimType (sandbox's choice).
    Injected { status: u16, retry_after_s: u64 },
}

impl Refusal {
    /// Status, scimType and detail.
    fn parts(&self) -> (StatusCode, Option<&'static str>, String) {
        let bad = StatusCode::BAD_REQUEST;
        match self {
            Refusal::Unauthorized => {
                (StatusCode::UNAUTHORIZED, None, "Authorization failure: send Authorization: Bearer <token>".into())
            }
            Refusal::NotFound(id) => (StatusCode::NOT_FOUND, None, format!("Resource {id} not found")),
            Refusal::NoRoute(what) => (StatusCode::NOT_FOUND, None, format!("No endpoint for {what}")),
            Refusal::MethodNotAllowed(what) => {
                (StatusCode::METHOD_NOT_ALLOWED, None, format!("Method not allowed: {what}"))
            }
            Refusal::InvalidFilter(detail) => (bad, Some("invalidFilter"), detail.clone()),
            Refusal::InvalidSyntax(detail) => (bad, Some("invalidSyntax"), detail.clone()),
            Refusal::InvalidValue(detail) => (bad, Some("invalidValue"), detail.clone()),
            Refusal::InvalidPath(detail) => (bad, Some("invalidPath"), detail.clone()),
            Refusal::NoTarget(detail) => (bad, Some("noTarget"), detail.clone()),
            Refusal::Mutability(detail) => (bad, Some("mutability"), detail.clone()),
            Refusal::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                None,
                "Send the body as application/scim+json (or application/json)".into(),
            ),
            Refusal::VersionMismatch => (StatusCode::PRECONDITION_FAILED, Some("invalidVers"), VERSION_MISMATCH.into()),
            Refusal::Injected { status: 429, .. } => {
                (StatusCode::TOO_MANY_REQUESTS, None, "Too many requests; retry later".into())
            }
            Refusal::Injected { status: 503, .. } => {
                (StatusCode::SERVICE_UNAVAILABLE, None, "The service is temporarily unavailable".into())
            }
            Refusal::Injected { .. } => (StatusCode::INTERNAL_SERVER_ERROR, None, "Internal server error".into()),
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let (status, scim_type, detail) = self.parts();
        let body = ErrorBody {
            schemas: vec![ERROR_SCHEMA.into()],
            status: status.as_u16().to_string(),
            scim_type: scim_type.map(str::to_string),
            detail,
        };
        let mut response = scim_json(status, &body);
        match self {
            Refusal::Injected { status: 429, retry_after_s } => {
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after_s));
            }
            Refusal::Unauthorized => {
                let challenge = HeaderValue::from_static("Bearer realm=\"lockdesk-sandbox\"");
                response.headers_mut().insert(header::WWW_AUTHENTICATE, challenge);
            }
            _ => {}
        }
        response
    }
}
