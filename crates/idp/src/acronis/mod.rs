//! Acronis Cyber Protect Cloud: the operation table mapped to the Account Management API v2's
//! users and search (PROVIDERS.md section 2; the official `/users/{user_id}` subset in
//! `tests/contract/specs/acronis`).
//!
//! Requests: `GET /api/2/users/{id}` (deleted accounts: `?allow_deleted=true`); `GET
//! /api/2/search?tenant=…&text=…` (users only, from a result that mixes tenants and users; no
//! paging); `PUT /api/2/users/{id}` with `{"enabled", "version"}` to disable and enable; `DELETE
//! /api/2/users/{id}?version=…` (a soft delete of a disabled account); `POST
//! /api/2/users/{id}/restore`. OAuth bearer tokens from `<datacenter>/api/2/idp/token` (two
//! hours; the proxy's cache refreshes on 401). Setting: `tenant`, whose people are searched.
//! Replies are `wire.rs`, state rules `rules.rs`; this file does no I/O.

mod rules;
#[cfg(any(test, feature = "recognise"))]
mod samples;
mod wire;

use http::Method;

use crate::action::{Action, Offer};
use crate::error::{Error, ErrorKind};
use crate::http::{HttpRequest, HttpResponse};
use crate::model::{Page, PageToken, Precondition, Status, User, UserId};
use crate::operation::{Change, Operation, ReadBack};
use crate::provider::{IdentityProvider, Reply};
use crate::registry::{ProviderKind, Registration, SettingError, Settings};

/// Acronis's row in the registry.
pub const REGISTRATION: Registration = Registration {
    kind: ProviderKind::Acronis,
    config_name: "acronis",
    label: "Acronis",
    oauth_client_auth: &["basic"],
    known_hosts: &[],
    token_url: |datacenter| Some(format!("https://{datacenter}/api/2/idp/token")),
    open: |settings| Ok(Box::new(Acronis::from_settings(settings)?)),
    #[cfg(any(test, feature = "recognise"))]
    samples: samples::samples,
};

/// The Acronis adapter for one tenant.
#[derive(Debug, Clone)]
pub struct Acronis {
    tenant: String,
}

/// Acronis ids: a lower-case UUID (the spec's pattern `[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}`).
pub fn is_acronis_id(text: &str) -> bool {
    crate::model::is_uuid(text) && !text.bytes().any(|b| b.is_ascii_uppercase())
}

impl Acronis {
    /// Checks `[connection.settings]`: `tenant`, the UUID of the tenant whose people are searched.
    pub fn from_settings(settings: &Settings) -> Result<Acronis, SettingError> {
        settings.only("Acronis", &["tenant"])?;
        let raw = settings.get("tenant").map(str::trim).unwrap_or("");
        let tenant = raw.to_ascii_lowercase();
        if raw.is_empty() {
            return Err(SettingError::field("tenant", "Acronis connections need `tenant`: the id of the tenant whose people lockdesk searches (Company Management → the tenant → its ID)"));
        }
        if !is_acronis_id(&tenant) {
            return Err(SettingError::field(
                "tenant",
                "must be a tenant id such as ede9f834-70b3-476c-83d9-736f9f8c7dae",
            ));
        }
        Ok(Acronis { tenant })
    }

    fn search_uri(&self, text: &str) -> String {
        let query = form_urlencoded::Serializer::new(String::new())
            .append_pair("tenant", &self.tenant)
            .append_pair("text", text)
            .finish();
        format!("/api/2/search?{query}")
    }
}

/// A 409 to an update or delete that carried the version just read is a stale version, whatever
/// code Acronis gives it (its documents name none), unless the code says the state refused it.
fn stale(op: &Operation, mut e: Error) -> Error {
    let versioned = op.change().is_some_and(|c| {
        c.precondition.is_some() && matches!(c.action, Action::Deactivate | Action::Reactivate | Action::Delete)
    });
    if versioned && e.kind == ErrorKind::Conflict {
        e.kind = ErrorKind::PreconditionFailed;
    }
    e
}

fn user_path(id: &UserId) -> String {
    format!("/api/2/users/{id}")
}

fn version_of(change: &Change) -> Option<u64> {
    match change.precondition {
        Some(Precondition::Version(v)) => Some(v),
        _ => None,
    }
}

impl IdentityProvider for Acronis {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Acronis
    }

    fn public_settings(&self) -> Settings {
        Settings::of(&[("tenant", &self.tenant)])
    }

    fn looks_like_id(&self, text: &str) -> bool {
        is_acronis_id(&text.to_ascii_lowercase())
    }

    /// Lower case, as Acronis writes ids: one spelling per person.
    fn parse_user_id(&self, raw: &str) -> Result<UserId, crate::input::InputError> {
        crate::model::lower_uuid_id(raw)
    }

    /// Acronis's search has no pages lockdesk could ask for.
    fn page_token(&self, _raw: &str, _limit: u32) -> Option<PageToken> {
        None
    }

    fn reads_deleted(&self) -> bool {
        true
    }

    fn build(&self, op: &Operation) -> HttpRequest {
        let plain = |method, uri: String| (method, uri, Vec::new());
        let (method, uri, body) = match op {
            Operation::CreateUser { .. } => return crate::http::not_offered(),
            Operation::GetUser { id } => plain(Method::GET, user_path(id)),
            Operation::GetDeletedUser { id } => plain(Method::GET, format!("{}?allow_deleted=true", user_path(id))),
            Operation::FindUserByEmail { email } => plain(Method::GET, self.search_uri(email.as_str())),
            Operation::SearchUsers { query, .. } => plain(Method::GET, self.search_uri(query)),
            Operation::Change(change) => {
                let id = &change.id;
                let version = version_of(change);
                let enabled = |on: bool| match version {
                    Some(v) => format!(r#"{{"enabled":{on},"version":{v}}}"#).into_bytes(),
                    None => format!(r#"{{"enabled":{on}}}"#).into_bytes(),
                };
                match change.action {
                    Action::Deactivate => (Method::PUT, user_path(id), enabled(false)),
                    Action::Reactivate => (Method::PUT, user_path(id), enabled(true)),
                    Action::Delete => match version {
                        Some(v) => plain(Method::DELETE, format!("{}?version={v}", user_path(id))),
                        // Acronis requires the version: without one it refuses (400).
                        None => plain(Method::DELETE, user_path(id)),
                    },
                    // Restored as they were (disabled, since deleting needs that); letting them
                    // sign in again is the plan's next step, reported on its own.
                    Action::Restore => plain(Method::POST, format!("{}/restore?enable=false", user_path(id))),
                    // Not Acronis operations (never offered, never recognised): an inert read.
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
        crate::http::set_bearer(req, secret, "the Acronis token")
    }

    fn interpret(&self, op: &Operation, resp: &HttpResponse) -> Result<Reply, Error> {
        crate::error::check_status(self, resp).map_err(|e| stale(op, e))?;
        match op {
            Operation::GetUser { .. } => wire::parse_user(resp, false).map(|u| Reply::User(Box::new(u))),
            // Read only after the plain read found nobody, so what it finds is deleted (Acronis
            // marks no field). A restore in the milliseconds between the two reads would show a
            // live person as deleted until the next read; Restore then fails and re-reads.
            Operation::GetDeletedUser { .. } => wire::parse_user(resp, true).map(|u| Reply::User(Box::new(u))),
            Operation::FindUserByEmail { .. } | Operation::SearchUsers { .. } => {
                wire::parse_search(resp).map(|items| Reply::Users(Page { items, next: None, total: None }))
            }
            Operation::Change(_) | Operation::CreateUser { .. } => Ok(Reply::Done),
        }
    }

    fn read_error(&self, resp: &HttpResponse, error: &mut Error) {
        let (code, messages) = wire::error_body(resp.body());
        error.messages = messages;
        match code.as_deref() {
            // The sandbox's words, since Acronis documents none (see crates/sandbox/src/acronis).
            Some("VersionConflict") => error.kind = ErrorKind::PreconditionFailed,
            Some("UserIsEnabled" | "UserIsNotDeleted") => error.kind = ErrorKind::NotAllowedInState,
            _ => {}
        }
        if let Some(code) = code {
            error.detail = format!("{} ({code})", error.detail);
        }
    }

    fn offers(&self, user: &User) -> Vec<Offer> {
        rules::offers(user)
    }

    fn allows(&self, action: Action, status: &Status) -> bool {
        rules::allows(action, status)
    }

    fn reached(&self, action: Action, found: ReadBack<'_>) -> Option<bool> {
        rules::reached(action, found)
    }

    fn unsupported(&self) -> &'static [(Action, &'static str)] {
        rules::UNSUPPORTED
    }
}

impl Acronis {
    /// The one operation `req` could be, before the exact comparison with what it would build.
    #[cfg(any(test, feature = "recognise"))]
    fn candidate(&self, req: &HttpRequest) -> Option<Operation> {
        let uri = req.uri();
        if uri.scheme().is_some() || uri.authority().is_some() {
            return None;
        }
        let params: Vec<(String, String)> =
            form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()).into_owned().collect();
        let value = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let path = uri.path();
        if path == "/api/2/search" {
            let text = value("text")?.to_owned();
            if let Ok(email) = crate::model::Email::parse(&text) {
                return (email.as_str() == text).then_some(Operation::FindUserByEmail { email });
            }
            let checked = crate::input::SearchInput::parse(&text, |_| false);
            if !matches!(checked, Ok(crate::input::SearchInput::Text(ref t)) if *t == text) {
                return None;
            }
            return Some(Operation::SearchUsers { query: text, page: None, limit: crate::operation::MAX_PAGE_SIZE });
        }
        let rest = path.strip_prefix("/api/2/users/")?;
        let (raw_id, tail) = rest.split_once('/').map_or((rest, None), |(id, tail)| (id, Some(tail)));
        let id = self.parse_user_id(raw_id).ok().filter(|id| id.as_str() == raw_id)?;
        let change = |action, version: Option<u64>| {
            Some(Operation::Change(Change {
                precondition: version.map(Precondition::Version),
                ..Change::new(action, id.clone())
            }))
        };
        let body: Option<serde_json::Value> = serde_json::from_slice(req.body()).ok();
        match (req.method().clone(), tail) {
            (Method::GET, None) if value("allow_deleted") == Some("true") => Some(Operation::GetDeletedUser { id }),
            (Method::GET, None) => Some(Operation::GetUser { id }),
            (Method::POST, Some("restore")) if value("enable") == Some("false") => change(Action::Restore, None),
            (Method::DELETE, None) => change(Action::Delete, Some(value("version")?.parse().ok()?)),
            (Method::PUT, None) => {
                let body = body?;
                let version = body.get("version")?.as_u64()?;
                match body.get("enabled")?.as_bool()? {
                    false => change(Action::Deactivate, Some(version)),
                    true => change(Action::Reactivate, Some(version)),
                }
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
