//! Genesys Cloud: the operation table mapped to the Platform API v2's users and tokens
//! (PROVIDERS.md section 3; the 2018 swagger subset in `tests/contract/specs/genesys`).
//!
//! Requests: `GET /api/v2/users/{id}` (deleted people: `?state=deleted`); `POST
//! /api/v2/users/search` paged by `pageNumber` in its body; `PATCH /api/v2/users/{id}` with
//! `{"state", "version"}` to deactivate, reactivate and restore; `DELETE /api/v2/users/{id}` (a
//! soft delete); `DELETE /api/v2/tokens/{id}` to sign out everywhere. OAuth bearer tokens from the
//! login host of the connection's region (`api.` → `login.`); the region must be one of
//! `REGIONS`. No settings. Bodies are `search.rs`, replies `wire.rs`, state rules `rules.rs`.

mod rules;
#[cfg(any(test, feature = "recognise"))]
mod samples;
mod search;
mod wire;

use http::{HeaderName, Method};

use crate::action::{Action, Offer};
use crate::error::{Error, ErrorKind};
use crate::http::{header_text, HttpRequest, HttpResponse};
use crate::model::{Page, PageToken, Precondition, Status, User, UserId};
use crate::operation::{Change, Operation};
use crate::provider::{IdentityProvider, Reply};
use crate::registry::{ProviderKind, Registration};

/// Genesys Cloud's row in the registry.
pub const REGISTRATION: Registration = Registration {
    kind: ProviderKind::Genesys,
    config_name: "genesys",
    label: "Genesys Cloud",
    oauth_client_auth: &["basic"],
    known_hosts: &REGIONS,
    token_url: login_token_url,
    open: |settings| {
        settings.only("Genesys Cloud", &[])?;
        Ok(Box::new(Genesys))
    },
    #[cfg(any(test, feature = "recognise"))]
    samples: samples::samples,
};

/// Every region's API host (the SDK's `purecloud_region_hosts.py`, as in PROVIDERS.md).
pub const REGIONS: [&str; 18] = [
    "api.mypurecloud.com",
    "api.mypurecloud.ie",
    "api.mypurecloud.com.au",
    "api.mypurecloud.jp",
    "api.mypurecloud.de",
    "api.usw2.pure.cloud",
    "api.cac1.pure.cloud",
    "api.apne2.pure.cloud",
    "api.euw2.pure.cloud",
    "api.aps1.pure.cloud",
    "api.use2.us-gov-pure.cloud",
    "api.sae1.pure.cloud",
    "api.mec1.pure.cloud",
    "api.apne3.pure.cloud",
    "api.euc2.pure.cloud",
    "api.mxc1.pure.cloud",
    "api.apse1.pure.cloud",
    "api.edee1.eusc-pure.cloud",
];

/// The client-credentials endpoint of a region: its API host with `api.` replaced by `login.`.
fn login_token_url(api_host: &str) -> Option<String> {
    let domain = api_host.strip_prefix("api.").filter(|_| REGIONS.contains(&api_host))?;
    Some(format!("https://login.{domain}/oauth/token"))
}

/// `ININ-Correlation-Id`: Genesys's id of one call, for its support; shown in Details.
pub const CORRELATION_ID: HeaderName = HeaderName::from_static("inin-correlation-id");

static REPLY_HEADERS: [HeaderName; 1] = [CORRELATION_ID];

/// The Genesys Cloud adapter. Connections take no settings: the region is the base URL.
#[derive(Debug, Clone, Copy, Default)]
pub struct Genesys;

/// Genesys user ids: a UUID in its usual 8-4-4-4-12 hex form.
pub fn is_genesys_id(text: &str) -> bool {
    crate::model::is_uuid(text)
}

fn user_path(id: &UserId) -> String {
    format!("/api/v2/users/{id}")
}

fn version_of(change: &Change) -> Option<u64> {
    match change.precondition {
        Some(Precondition::Version(v)) => Some(v),
        _ => None,
    }
}

/// The page number a token stands for (1 without one).
fn page_number(page: Option<&PageToken>) -> u32 {
    page.and_then(|t| t.0.parse().ok()).filter(|n| *n >= 1).unwrap_or(1)
}

impl IdentityProvider for Genesys {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Genesys
    }

    fn looks_like_id(&self, text: &str) -> bool {
        is_genesys_id(text)
    }

    /// Genesys ids in lower case, as Genesys writes them: one spelling per person, so the
    /// proxy's per-person lock and the audit see one person.
    fn parse_user_id(&self, raw: &str) -> Result<UserId, crate::input::InputError> {
        crate::model::lower_uuid_id(raw)
    }

    fn action_for(&self, recognised: Action, before: &Status) -> Action {
        match recognised {
            Action::Reactivate if before.raw == "deleted" => Action::Restore,
            other => other,
        }
    }

    /// A page number from 2 up to the last one inside the 10,000-row window.
    fn page_token(&self, raw: &str, limit: u32) -> Option<PageToken> {
        let last = (search::MAX_ROWS / limit.max(1)).max(1);
        let n = raw.trim().parse::<u32>().ok()?.min(last);
        (n > 1).then(|| PageToken(n.to_string()))
    }

    fn reads_deleted(&self) -> bool {
        true
    }

    fn same_call_as(&self, action: Action) -> Action {
        match action {
            // The same PATCH to `active`; the person's state says which it was.
            Action::Restore => Action::Reactivate,
            other => other,
        }
    }

    fn build(&self, op: &Operation) -> HttpRequest {
        let json = |method, uri: String, body: Vec<u8>| (method, uri, body);
        let plain = |method, uri: String| (method, uri, Vec::new());
        let (method, uri, body) = match op {
            Operation::CreateUser { .. } => return crate::http::not_offered(),
            Operation::GetUser { id } => plain(Method::GET, user_path(id)),
            Operation::GetDeletedUser { id } => plain(Method::GET, format!("{}?state=deleted", user_path(id))),
            Operation::FindUserByEmail { email } => {
                json(Method::POST, "/api/v2/users/search".into(), search::email_body(email.as_str()))
            }
            Operation::SearchUsers { query, page, limit } => json(
                Method::POST,
                "/api/v2/users/search".into(),
                search::text_body(query, page_number(page.as_ref()), *limit),
            ),
            Operation::Change(change) => {
                let id = &change.id;
                let state = |word| search::state_body(word, version_of(change));
                match change.action {
                    Action::Deactivate => json(Method::PATCH, user_path(id), state("inactive")),
                    Action::Reactivate | Action::Restore => json(Method::PATCH, user_path(id), state("active")),
                    Action::Delete => plain(Method::DELETE, user_path(id)),
                    Action::SignOutEverywhere => plain(Method::DELETE, format!("/api/v2/tokens/{id}")),
                    // Not Genesys operations (never offered, never recognised): an inert read.
                    _ => plain(Method::GET, user_path(id)),
                }
            }
        };
        crate::http::json_request(method, uri, body)
    }

    #[cfg(any(test, feature = "recognise"))]
    fn recognise(&self, req: &HttpRequest) -> Option<Operation> {
        crate::http::exactly(req, self.candidate(req)?, |op| self.build(op))
    }

    fn authorize(&self, req: &mut HttpRequest, secret: &str) -> Result<(), Error> {
        crate::http::set_bearer(req, secret, "the Genesys Cloud token")
    }

    fn interpret(&self, op: &Operation, resp: &HttpResponse) -> Result<Reply, Error> {
        crate::error::check_status(self, resp)?;
        match op {
            Operation::GetUser { .. } | Operation::GetDeletedUser { .. } => {
                wire::parse_user(resp).map(|u| Reply::User(Box::new(u)))
            }
            // The lookup cannot ask for a further page, so it offers none.
            Operation::FindUserByEmail { .. } => wire::parse_search(resp, 1, search::EMAIL_LOOKUP_SIZE)
                .map(|page| Reply::Users(Page { next: None, ..page })),
            Operation::SearchUsers { page, limit, .. } => {
                wire::parse_search(resp, page_number(page.as_ref()), *limit).map(Reply::Users)
            }
            Operation::Change(_) | Operation::CreateUser { .. } => Ok(Reply::Done),
        }
    }

    fn read_error(&self, resp: &HttpResponse, error: &mut Error) {
        let (code, messages) = wire::error_body(resp.body());
        error.messages = messages;
        match code.as_deref() {
            // "The version supplied does not match the current version of the user".
            Some("general.conflict") => error.kind = ErrorKind::PreconditionFailed,
            Some("too.many.requests") => error.kind = ErrorKind::RateLimited,
            _ => {}
        }
        let correlation = header_text(resp.headers(), &CORRELATION_ID)
            .filter(|c| c.len() <= 64 && c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
        match (code, correlation) {
            (Some(code), Some(id)) => error.detail = format!("{} ({code}; correlation id {id})", error.detail),
            (Some(code), None) => error.detail = format!("{} ({code})", error.detail),
            (None, Some(id)) => error.detail = format!("{} (correlation id {id})", error.detail),
            (None, None) => {}
        }
    }

    fn reply_headers(&self) -> &'static [HeaderName] {
        &REPLY_HEADERS
    }

    fn offers(&self, user: &User) -> Vec<Offer> {
        rules::offers(user)
    }

    fn allows(&self, action: Action, status: &Status) -> bool {
        rules::allows(action, status)
    }

    fn unsupported(&self) -> &'static [(Action, &'static str)] {
        rules::UNSUPPORTED
    }
}

impl Genesys {
    /// The one operation `req` could be, before the exact comparison with what it would build.
    #[cfg(any(test, feature = "recognise"))]
    fn candidate(&self, req: &HttpRequest) -> Option<Operation> {
        let uri = req.uri();
        if uri.scheme().is_some() || uri.authority().is_some() {
            return None;
        }
        let id_in = |raw: &str| self.parse_user_id(raw).ok().filter(|id| id.as_str() == raw);
        let change = |action, id: UserId, version: Option<u64>| {
            Some(Operation::Change(Change {
                precondition: version.map(Precondition::Version),
                ..Change::new(action, id)
            }))
        };
        let path = uri.path();
        if path == "/api/v2/users/search" {
            let (kind, value, number, size) = search::read_search(req.body())?;
            return match kind.as_str() {
                "EXACT" => {
                    let email = crate::model::Email::parse(&value).ok().filter(|e| e.as_str() == value)?;
                    Some(Operation::FindUserByEmail { email })
                }
                "CONTAINS" => {
                    let checked = crate::input::SearchInput::parse(&value, |_| false);
                    if !matches!(checked, Ok(crate::input::SearchInput::Text(ref t)) if *t == value) {
                        return None;
                    }
                    if !(1..=crate::operation::MAX_PAGE_SIZE).contains(&size) {
                        return None;
                    }
                    let page = (number > 1).then(|| self.page_token(&number.to_string(), size)).flatten();
                    Some(Operation::SearchUsers { query: value, page, limit: size })
                }
                _ => None,
            };
        }
        if let Some(raw) = path.strip_prefix("/api/v2/tokens/") {
            return change(Action::SignOutEverywhere, id_in(raw)?, None);
        }
        let id = id_in(path.strip_prefix("/api/v2/users/")?)?;
        match (req.method().clone(), uri.query()) {
            (Method::GET, None) => Some(Operation::GetUser { id }),
            (Method::GET, Some("state=deleted")) => Some(Operation::GetDeletedUser { id }),
            (Method::DELETE, None) => change(Action::Delete, id, None),
            (Method::PATCH, None) => match search::read_state(req.body())? {
                (state, version) if state == "inactive" => change(Action::Deactivate, id, Some(version)),
                (state, version) if state == "active" => change(Action::Reactivate, id, Some(version)),
                _ => None,
            },
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
