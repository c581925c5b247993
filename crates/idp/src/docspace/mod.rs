//! ONLYOFFICE DocSpace: the operation table mapped to API 2.0's people and active connections
//! (PROVIDERS.md section 4; the official spec in `tests/contract/specs/onlyoffice-docspace`).
//!
//! Requests: `GET /api/2.0/people/{id}`; `GET /api/2.0/people/email?email=…`; `GET
//! /api/2.0/people/filter?filterValue=…&startIndex=…&count=…` (full profiles, paged by offset);
//! `POST /api/2.0/people` `{"email","firstName","lastName","type"}` (create); `PUT
//! /api/2.0/people/status/{2|1}` `{"userIds":[id]}` (terminate, reactivate; the answer lists the
//! person as they now are); `DELETE /api/2.0/people/{id}` (terminated people only, for good);
//! `PUT /api/2.0/security/activeconnections/logoutall/{id}`. API keys as `Bearer`. Replies and
//! the envelope are `wire.rs`, state rules `rules.rs`; this file does no I/O.

#[cfg(any(test, feature = "recognise"))]
mod recognise;
mod rules;
#[cfg(any(test, feature = "recognise"))]
mod samples;
mod wire;

use http::Method;

use crate::action::{Action, Offer};
use crate::create::{NewPerson, PersonType};
use crate::error::{Error, ErrorKind};
use crate::http::{HttpRequest, HttpResponse};
use crate::model::{Page, PageToken, Status, User, UserId};
use crate::operation::{Change, Operation, ReadBack};
use crate::provider::{IdentityProvider, Reply};
use crate::registry::{ProviderKind, Registration};

/// DocSpace's row in the registry.
pub const REGISTRATION: Registration = Registration {
    kind: ProviderKind::DocSpace,
    config_name: "docspace",
    label: "DocSpace",
    oauth_client_auth: &[],
    known_hosts: &[],
    token_url: |_| None,
    open: |settings| {
        settings.only("DocSpace", &[])?;
        Ok(Box::new(DocSpace))
    },
    #[cfg(any(test, feature = "recognise"))]
    samples: samples::samples,
};

/// The DocSpace adapter.
#[derive(Debug, Clone, Copy)]
pub struct DocSpace;

/// The furthest offset a search may start at (the proxy refuses others).
const MAX_START: u32 = 100_000;

/// DocSpace's rate-limit headers, passed back for the panel's pacing.
static RATE_HEADERS: [http::HeaderName; 3] = [
    http::HeaderName::from_static("x-ratelimit-limit"),
    http::HeaderName::from_static("x-ratelimit-remaining"),
    http::HeaderName::from_static("x-ratelimit-reset"),
];

fn people(tail: &str) -> String {
    format!("/api/2.0/people{tail}")
}

fn start_of(page: Option<&PageToken>) -> u32 {
    page.and_then(|p| p.0.parse().ok()).unwrap_or(0)
}

fn query(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
}

/// The status a change sets (`PUT /people/status/{n}`), for the two that are changes of status.
fn status_set(action: Action) -> Option<i64> {
    match action {
        Action::Deactivate => Some(rules::TERMINATED),
        Action::Reactivate => Some(rules::ACTIVE),
        _ => None,
    }
}

/// JSON text for `s` (quoted and escaped).
fn json_text(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// Written out rather than built as a `Value`: a JSON map compiles a sorted map into the panel.
fn create_body(person: &NewPerson) -> Vec<u8> {
    let kind: u8 = person.kind.parse().unwrap_or(0);
    format!(
        r#"{{"email":{},"firstName":{},"lastName":{},"type":{kind}}}"#,
        json_text(person.email.as_str()),
        json_text(&person.first_name),
        json_text(&person.last_name)
    )
    .into_bytes()
}

impl IdentityProvider for DocSpace {
    fn kind(&self) -> ProviderKind {
        ProviderKind::DocSpace
    }

    fn looks_like_id(&self, text: &str) -> bool {
        crate::model::is_uuid(text)
    }

    /// Lower case: one spelling per person.
    fn parse_user_id(&self, raw: &str) -> Result<UserId, crate::input::InputError> {
        crate::model::lower_uuid_id(raw)
    }

    fn page_token(&self, raw: &str, limit: u32) -> Option<PageToken> {
        let start: u32 = raw.trim().parse().ok()?;
        // Onto the boundary of the page it falls in; the first page has no token.
        let start = start - start % limit.max(1);
        (start > 0 && start <= MAX_START).then(|| PageToken(start.to_string()))
    }

    fn person_types(&self) -> &'static [PersonType] {
        rules::PERSON_TYPES
    }

    fn build(&self, op: &Operation) -> HttpRequest {
        let plain = |method, uri: String| (method, uri, Vec::new());
        let (method, uri, body) = match op {
            Operation::GetUser { id } | Operation::GetDeletedUser { id } => {
                plain(Method::GET, people(&format!("/{id}")))
            }
            Operation::FindUserByEmail { email } => {
                plain(Method::GET, people(&format!("/email?{}", query(&[("email", email.as_str())]))))
            }
            Operation::SearchUsers { query: text, page, limit } => {
                let (start, count) = (start_of(page.as_ref()).to_string(), limit.to_string());
                let q = query(&[("filterValue", text.as_str()), ("startIndex", &start), ("count", &count)]);
                plain(Method::GET, people(&format!("/filter?{q}")))
            }
            Operation::CreateUser { person } => (Method::POST, people(""), create_body(person)),
            Operation::Change(Change { action, id, .. }) => match (action, status_set(*action)) {
                (_, Some(status)) => {
                    // The id is a checked UUID: nothing in it needs escaping.
                    let body = format!(r#"{{"userIds":["{id}"]}}"#).into_bytes();
                    (Method::PUT, people(&format!("/status/{status}")), body)
                }
                (Action::DeletePermanently, _) => plain(Method::DELETE, people(&format!("/{id}"))),
                (Action::SignOutEverywhere, _) => {
                    plain(Method::PUT, format!("/api/2.0/security/activeconnections/logoutall/{id}"))
                }
                // Not DocSpace operations (never offered, never recognised): an inert read.
                _ => plain(Method::GET, people(&format!("/{id}"))),
            },
        };
        crate::http::json_request(method, uri, body)
    }

    #[cfg(any(test, feature = "recognise"))]
    fn recognise(&self, req: &HttpRequest) -> Option<Operation> {
        crate::http::exactly(req, self.candidate(req)?, |op| self.build(op))
    }

    fn authorize(&self, req: &mut HttpRequest, secret: &str) -> Result<(), Error> {
        crate::http::set_bearer(req, secret, "the DocSpace API key")
    }

    fn interpret(&self, op: &Operation, resp: &HttpResponse) -> Result<Reply, Error> {
        crate::error::check_status(self, resp).map_err(|e| taken(op, e))?;
        let one = |user: User| Ok(Reply::User(Box::new(user)));
        match op {
            Operation::GetUser { .. }
            | Operation::GetDeletedUser { .. }
            | Operation::FindUserByEmail { .. }
            | Operation::CreateUser { .. } => one(wire::parse_user(resp)?),
            Operation::SearchUsers { page, limit, .. } => {
                let (items, total) = wire::parse_people(resp)?;
                let start = u64::from(start_of(page.as_ref()));
                let seen = start + items.len() as u64;
                let more = match total {
                    Some(total) => seen < total,
                    None => items.len() as u64 >= u64::from(*limit),
                };
                let following = start + u64::from(*limit);
                let next = (more && !items.is_empty() && following <= u64::from(MAX_START))
                    .then(|| PageToken(following.to_string()));
                Ok(Reply::Users(Page { items, next, total }))
            }
            Operation::Change(change) if status_set(change.action).is_some() => {
                let (people, _) = wire::parse_people(resp)?;
                status_answer(self, change, people, resp)
            }
            Operation::Change(_) => Ok(Reply::Done),
        }
    }

    fn read_error(&self, resp: &HttpResponse, error: &mut Error) {
        error.messages = wire::error_messages(resp.body());
        let says = |words: &str| error.messages.iter().any(|m| m.to_ascii_lowercase().contains(words));
        match resp.status().as_u16() {
            402 => error.kind = ErrorKind::Quota,
            // "…or user is not suspended": the person's state refused it, not the key's rights.
            400 | 403 if says("not suspended") => error.kind = ErrorKind::NotAllowedInState,
            // The reset is read as seconds to wait, or as a time when it is that large (UNVERIFIED
            // which DocSpace sends).
            429 if error.retry_after_s.is_none() => {
                let reset =
                    crate::http::header_text(resp.headers(), &RATE_HEADERS[2]).and_then(|v| v.trim().parse().ok());
                match reset {
                    Some(at) if at > 1_000_000_000 => error.retry_at_epoch_s = Some(at),
                    wait => error.retry_after_s = wait,
                }
            }
            _ => {}
        }
    }

    fn rate_window(&self, resp: &HttpResponse, now_s: u64) -> Option<crate::rate::RateWindow> {
        crate::rate::read_window(resp, [&RATE_HEADERS[0], &RATE_HEADERS[1], &RATE_HEADERS[2]], now_s)
    }

    fn reply_headers(&self) -> &'static [http::HeaderName] {
        &RATE_HEADERS
    }

    fn offers(&self, user: &User) -> Vec<Offer> {
        rules::offers(user, wire::is_protected(user))
    }

    fn allows(&self, action: Action, status: &Status) -> bool {
        rules::allows(action, status)
    }

    fn reached(&self, action: Action, found: ReadBack<'_>) -> Option<bool> {
        rules::reached(action, found)
    }

    /// "Disabling ends every session of the account" (PROVIDERS.md, DocSpace's update-user-status).
    fn ends_sessions(&self, action: Action) -> bool {
        action == Action::Deactivate
    }

    fn unsupported(&self) -> &'static [(Action, &'static str)] {
        rules::UNSUPPORTED
    }
}

/// A create refused because the address is somebody's already, whatever 4xx DocSpace gives it (a
/// 5xx may have made the person all the same: that is for the proxy's record to say).
fn taken(op: &Operation, mut e: Error) -> Error {
    if matches!(op, Operation::CreateUser { .. })
        && e.status.is_some_and(|s| (400..500).contains(&s))
        && e.messages.iter().any(|m| wire::says_email_taken(m))
    {
        e.kind = ErrorKind::EmailTaken;
    }
    e
}

/// The person as a status change's answer lists them. DocSpace changes the people in a list one
/// by one, so a 200 may leave some unchanged: a person it left as they were is an error saying so.
fn status_answer(adapter: &DocSpace, change: &Change, people: Vec<User>, resp: &HttpResponse) -> Result<Reply, Error> {
    let Some(user) = people.into_iter().find(|u| u.id == change.id) else {
        return Err(Error {
            status: Some(resp.status().as_u16()),
            provider: Some(ProviderKind::DocSpace),
            ..Error::new(
                ErrorKind::Unexpected,
                "DocSpace's answer does not list this person, so it did not change them",
            )
        });
    };
    if adapter.reached(change.action, ReadBack::Found(&user.status)) == Some(false) {
        return Err(Error {
            status: Some(resp.status().as_u16()),
            provider: Some(ProviderKind::DocSpace),
            messages: vec![format!("DocSpace answered, but left them {}.", user.status.label())],
            ..Error::new(ErrorKind::NotAllowedInState, "DocSpace answered 200 without changing this person")
        });
    }
    Ok(Reply::User(Box::new(user)))
}

#[cfg(test)]
mod tests;
