//! THE one place for every status and error the DocSpace simulator answers with: [`Refusal`]
//! (and the one function that shapes its error envelope) and the reverse proxy's HTML 502
//! ([`bad_gateway_html`]). Each variant says where its status and words come from: "spec" (the
//! vendor's OpenAPI response descriptions), "docs" (the vendor's API pages quoted in PROVIDERS.md
//! section 4), "brief" (lockdesk's contract for the adapter) or "sandbox's choice (UNVERIFIED
//! upstream)".
//!
//! The error envelope `{"error": {"message", "type", "stack"}, "status": 1, "statusCode": N}` is
//! itself UNVERIFIED upstream: the spec names `ErrorApiResponse` but types no body, so an adapter
//! must read it leniently. The `type` values (.NET exception names) are the sandbox's choice.
//!
//! This module must not decide WHEN a refusal applies (the handlers and the gate do) and must not
//! touch state.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::json;
use super::wire::{ErrorDetail, ErrorEnvelope};

/// The duplicate-email refusal of `POST /api/2.0/people` (400). The spec gives no reply for it:
/// these words are the sandbox's choice (UNVERIFIED upstream), shared with the adapter.
pub(crate) const EMAIL_TAKEN: &str = "A user with this email address is already registered.";
/// 404 for a person that does not exist (brief).
pub(crate) const USER_NOT_FOUND: &str = "The user could not be found";
/// 403 for deleting a person who is not terminated (docs: "…or user is not suspended", sic).
pub(crate) const NOT_SUSPENDED: &str = "Access denied or user is not suspended";
/// 402 for a reactivation past the seat limit (brief; the docs give the 402, not the words).
pub(crate) const SEAT_LIMIT: &str =
    "The number of active users has reached your plan's limit. Free a seat or upgrade the plan.";
/// 400 for a `{status}` other than Active or Terminated (brief).
pub(crate) const ONLY_ACTIVE_OR_TERMINATED: &str = "Only Active and Terminated can be set";
/// 400 for an `EmployeeType` other than 1..=4 (brief).
pub(crate) const INVALID_TYPE: &str = "The user type is not valid";
/// 400 for a user id that is not a UUID (spec: the 400's description, "Incorect", sic).
pub(crate) const BAD_USER_ID: &str = "Incorect UserId";
/// The start of the 403 for the portal owner (spec: deleteMember's 403 description).
const NO_PERMISSION: &str = "You don't have enough permission to perform the operation";

/// The reverse proxy's page for a 502 (brief; the docs say 502/503 "may be HTML and not JSON").
pub(crate) const BAD_GATEWAY_HTML: &str = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";

/// Why a request was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// 401 "Unauthorized" (spec: the 401; words: sandbox's choice).
    Unauthorized,
    /// 400: a malformed query parameter or body, naming the field (sandbox's choice, UNVERIFIED).
    BadRequest(String),
    /// 400 [`BAD_USER_ID`] (spec).
    BadUserId,
    /// 400 [`INVALID_TYPE`] (brief).
    InvalidType,
    /// 400 [`EMAIL_TAKEN`] (sandbox's choice, UNVERIFIED upstream).
    EmailTaken,
    /// 400 [`ONLY_ACTIVE_OR_TERMINATED`] (docs: only these two are accepted, else 400).
    OnlyActiveOrTerminated,
    /// 402 [`SEAT_LIMIT`] (docs: 402 when the plan has no free seat).
    SeatLimit,
    /// 403 "You don't have enough permission to perform the operation: the portal owner cannot
    /// be {terminated|deleted}." (docs: the owner is refused, the whole call; words: brief).
    OwnerProtected(&'static str),
    /// 403 [`NOT_SUSPENDED`] (docs).
    NotSuspended,
    /// 404 [`USER_NOT_FOUND`] (spec: the 404; words: brief).
    UserNotFound,
    /// 404 for an unknown path (sandbox's choice, UNVERIFIED upstream).
    NoRoute(String),
    /// 405 for a wrong method (sandbox's choice, UNVERIFIED upstream).
    MethodNotAllowed(String),
    /// 429 over the rate budget, with `Retry-After` = seconds until the window resets (docs).
    RateLimited { retry_after_s: u64 },
    /// An injected failure: 429 with `Retry-After`, 500 or 503 (words: sandbox's choice).
    Injected { status: u16, retry_after_s: u64 },
}

impl Refusal {
    /// Status, .NET exception type and message.
    fn parts(&self) -> (StatusCode, &'static str, String) {
        const ARGUMENT: &str = "System.ArgumentException";
        const SECURITY: &str = "System.Security.SecurityException";
        const NOT_FOUND: &str = "System.Collections.Generic.KeyNotFoundException";
        const OTHER: &str = "System.Exception";
        match self {
            Refusal::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "System.Security.Authentication.AuthenticationException",
                "Unauthorized".into(),
            ),
            Refusal::BadRequest(message) => (StatusCode::BAD_REQUEST, ARGUMENT, message.clone()),
            Refusal::BadUserId => (StatusCode::BAD_REQUEST, ARGUMENT, BAD_USER_ID.into()),
            Refusal::InvalidType => (StatusCode::BAD_REQUEST, ARGUMENT, INVALID_TYPE.into()),
            Refusal::EmailTaken => (StatusCode::BAD_REQUEST, ARGUMENT, EMAIL_TAKEN.into()),
            Refusal::OnlyActiveOrTerminated => (StatusCode::BAD_REQUEST, ARGUMENT, ONLY_ACTIVE_OR_TERMINATED.into()),
            Refusal::SeatLimit => {
                (StatusCode::PAYMENT_REQUIRED, "ASC.Core.Tenants.TenantQuotaException", SEAT_LIMIT.into())
            }
            Refusal::OwnerProtected(done) => {
                (StatusCode::FORBIDDEN, SECURITY, format!("{NO_PERMISSION}: the portal owner cannot be {done}."))
            }
            Refusal::NotSuspended => (StatusCode::FORBIDDEN, SECURITY, NOT_SUSPENDED.into()),
            Refusal::UserNotFound => (StatusCode::NOT_FOUND, NOT_FOUND, USER_NOT_FOUND.into()),
            Refusal::NoRoute(what) => (StatusCode::NOT_FOUND, NOT_FOUND, format!("No resource found for {what}")),
            Refusal::MethodNotAllowed(what) => {
                (StatusCode::METHOD_NOT_ALLOWED, "System.NotSupportedException", format!("Method not allowed: {what}"))
            }
            Refusal::RateLimited { .. } | Refusal::Injected { status: 429, .. } => {
                (StatusCode::TOO_MANY_REQUESTS, OTHER, "Too many requests; retry later".into())
            }
            Refusal::Injected { status: 503, .. } => {
                (StatusCode::SERVICE_UNAVAILABLE, OTHER, "The service is temporarily unavailable".into())
            }
            Refusal::Injected { .. } => (StatusCode::INTERNAL_SERVER_ERROR, OTHER, "Internal server error".into()),
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let (status, error_type, message) = self.parts();
        let body = ErrorEnvelope {
            error: ErrorDetail { message, error_type: error_type.into(), stack: String::new() },
            status: 1,
            status_code: status.as_u16(),
        };
        let mut response = json(status, &body);
        if let Refusal::RateLimited { retry_after_s } | Refusal::Injected { status: 429, retry_after_s } = self {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after_s));
        }
        response
    }
}

/// The reverse proxy's 502: [`BAD_GATEWAY_HTML`] as `text/html`.
pub(crate) fn bad_gateway_html() -> Response {
    (StatusCode::BAD_GATEWAY, [(header::CONTENT_TYPE, "text/html")], BAD_GATEWAY_HTML).into_response()
}
