//! The one typed error for every provider, and the one place non-2xx replies are classified.
//!
//! A non-2xx reply is not a transport failure: transports hand back the response and
//! `check_status` decides what it means, the same way for every provider. User-facing sentences
//! live in the panel (`notice.rs`), not here. Errors never carry credentials or request bodies.

use crate::http::{header_text, HttpResponse, OUTCOME, PROXY_REFUSAL, REQUEST_ID};
use crate::input::InputError;
use crate::provider::IdentityProvider;
use crate::registry::ProviderKind;

/// What went wrong, in categories the panel can explain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// Refused before sending: what was typed is not valid.
    Input(InputError),
    /// 400: the provider rejected the request; its own messages are in `messages`.
    BadRequest,
    /// 401: the credential was refused.
    Unauthorized,
    /// 403 from the provider: the credential lacks permission.
    Forbidden,
    /// 404: no such user (any more).
    NotFound,
    /// 409: somebody else changed it first, or it conflicts with another object.
    Conflict,
    /// 412, or a provider's "stale version": somebody changed the person since the last read.
    PreconditionFailed,
    /// The provider does not allow this action in the person's current state (nothing changed).
    NotAllowedInState,
    /// The provider's quota or licence limit is used up.
    Quota,
    /// A new person's email address is already some account's (nothing was created).
    EmailTaken,
    /// 429: too many requests; the wait is `retry_after_s` or until `retry_at_epoch_s`.
    RateLimited,
    /// 500 and other 5xx not listed below.
    Server,
    /// 503: the provider is temporarily unavailable (FusionAuth: its search index).
    Unavailable,
    /// The proxy refused the request itself; it was never forwarded.
    ProxyRefused,
    /// The proxy wants the operator to sign in (again): the session ended or never began.
    SignInRequired,
    /// The proxy could not reach the provider (502/504 from the proxy).
    ProviderUnreachable,
    /// The provider's own web server answered for it with an error page (HTML, not the API's
    /// JSON: a 502, 503 or 504 from the reverse proxy in front of it).
    Gateway,
    /// The proxy itself could not be reached.
    ProxyUnreachable,
    /// A reply arrived that lockdesk cannot read (not JSON, or the wrong shape).
    Unreadable,
    /// Any other status.
    Unexpected,
    /// A change was sent but its reply did not come back in time (or broke off): it may or may
    /// not have been made. The proxy keeps following it (`/api/changes/{request id}`).
    OutcomeUnknown,
}

impl ErrorKind {
    /// Whether a change that ended in this error may still have been made at the provider, so
    /// that only a fresh read can say where the person stands.
    pub fn change_may_have_happened(&self) -> bool {
        matches!(
            self,
            ErrorKind::OutcomeUnknown
                | ErrorKind::Server
                | ErrorKind::ProviderUnreachable
                | ErrorKind::Gateway
                | ErrorKind::Unavailable
                | ErrorKind::ProxyUnreachable
                | ErrorKind::Unreadable
                | ErrorKind::Unexpected
        )
    }
}

/// A failed call, with everything the panel needs to explain it and to show in Details.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind:?} (status {status:?}, request {request_id:?}): {detail}")]
pub struct Error {
    pub kind: ErrorKind,
    pub provider: Option<ProviderKind>,
    pub status: Option<u16>,
    /// The provider's own messages, as text.
    pub messages: Vec<String>,
    pub retry_after_s: Option<u64>,
    /// When the provider's rate window resets (UTC seconds since the epoch), if it said.
    pub retry_at_epoch_s: Option<u64>,
    pub request_id: Option<String>,
    /// A technical line for the Details disclosure.
    pub detail: String,
}

impl Error {
    /// An error of `kind` with a technical detail line and nothing else.
    pub fn new(kind: ErrorKind, detail: impl Into<String>) -> Error {
        Error {
            kind,
            provider: None,
            status: None,
            messages: Vec::new(),
            retry_after_s: None,
            retry_at_epoch_s: None,
            request_id: None,
            detail: detail.into(),
        }
    }

    /// A reply from `provider` that could not be read.
    pub fn unreadable(provider: ProviderKind, resp: &HttpResponse, why: impl std::fmt::Display) -> Error {
        Error {
            provider: Some(provider),
            status: Some(resp.status().as_u16()),
            request_id: header_text(resp.headers(), &REQUEST_ID),
            ..Error::new(ErrorKind::Unreadable, format!("could not read the reply: {why}"))
        }
    }
}

impl From<InputError> for Error {
    fn from(e: InputError) -> Error {
        let detail = e.to_string();
        Error::new(ErrorKind::Input(e), detail)
    }
}

/// Classifies a reply: `Ok(())` for 2xx, otherwise the typed error. The status codes mean the same
/// for every provider; then the adapter's hook (`IdentityProvider::read_error`) reads its own
/// error body and headers into the error.
pub fn check_status(adapter: &dyn IdentityProvider, resp: &HttpResponse) -> Result<(), Error> {
    let provider = adapter.kind();
    let status = resp.status().as_u16();
    let headers = resp.headers();
    let request_id = header_text(headers, &REQUEST_ID);
    if header_text(headers, &OUTCOME).as_deref() == Some("unknown") {
        return Err(Error {
            provider: Some(provider),
            status: Some(status),
            messages: proxy_message(resp.body()),
            request_id,
            ..Error::new(ErrorKind::OutcomeUnknown, format!("lockdesk-proxy answered HTTP {status}: outcome unknown"))
        });
    }
    if (200..300).contains(&status) {
        return Ok(());
    }
    let retry_after_s = header_text(headers, &http::header::RETRY_AFTER).and_then(|v| v.trim().parse::<u64>().ok());
    let refused_by_proxy = headers.contains_key(PROXY_REFUSAL);
    let (kind, messages) = if refused_by_proxy {
        let word = header_text(headers, &PROXY_REFUSAL);
        let sign_in = word.as_deref() == Some(crate::http::REFUSAL_SIGN_IN);
        let kind = match status {
            401 if sign_in => ErrorKind::SignInRequired,
            409 if word.as_deref() == Some(crate::http::REFUSAL_STATE) => ErrorKind::NotAllowedInState,
            502 | 504 => ErrorKind::ProviderUnreachable,
            429 => ErrorKind::RateLimited,
            // "Try again": the proxy could not read the person before a retry, or write its record.
            503 => ErrorKind::Unavailable,
            _ => ErrorKind::ProxyRefused,
        };
        (kind, proxy_message(resp.body()))
    } else if matches!(status, 502..=504) && is_html(headers) {
        // Not the API speaking: its reverse proxy's page, which says nothing worth showing.
        let error = Error {
            provider: Some(provider),
            status: Some(status),
            retry_after_s,
            request_id,
            ..Error::new(
                ErrorKind::Gateway,
                format!("{} answered HTTP {status} with a web page, not the API's reply", provider.label()),
            )
        };
        return Err(error);
    } else {
        let kind = match status {
            400 => ErrorKind::BadRequest,
            401 => ErrorKind::Unauthorized,
            403 => ErrorKind::Forbidden,
            404 => ErrorKind::NotFound,
            409 => ErrorKind::Conflict,
            412 => ErrorKind::PreconditionFailed,
            429 => ErrorKind::RateLimited,
            503 => ErrorKind::Unavailable,
            500..=599 => ErrorKind::Server,
            _ => ErrorKind::Unexpected,
        };
        (kind, Vec::new())
    };
    let source = if refused_by_proxy { "lockdesk-proxy" } else { provider.label() };
    let mut error = Error {
        kind,
        provider: Some(provider),
        status: Some(status),
        messages,
        retry_after_s,
        retry_at_epoch_s: None,
        request_id,
        detail: format!("{source} answered HTTP {status}"),
    };
    if !refused_by_proxy {
        adapter.read_error(resp, &mut error);
    }
    Err(error)
}

fn is_html(headers: &http::HeaderMap) -> bool {
    header_text(headers, &http::header::CONTENT_TYPE)
        .is_some_and(|ct| ct.trim().to_ascii_lowercase().starts_with("text/html"))
}

/// The proxy's refusals are `{"error": "..."}`.
fn proxy_message(body: &[u8]) -> Vec<String> {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_owned))
        .into_iter()
        .collect()
}
