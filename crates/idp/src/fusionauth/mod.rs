//! FusionAuth: the operation table mapped to FusionAuth's user API (PROVIDERS.md section 1).
//!
//! Requests: `GET /api/user/{id}`, `GET /api/user?email=`, `POST /api/user/search`,
//! `DELETE /api/user/{id}` (deactivate), `PUT /api/user/{id}?reactivate=true`,
//! `DELETE /api/user/{id}?hardDelete=true`, `DELETE /api/jwt/refresh?userId=`. The API key goes in
//! `Authorization` with no prefix. Settings: `tenant_id` (sent as `X-FusionAuth-TenantId`). Wire
//! structs stay in `wire.rs`; this file does no I/O.

mod query;
#[cfg(any(test, feature = "recognise"))]
mod samples;
mod wire;

use http::{header, Method};

use crate::action::{Action, Confirm, Offer, Undo};
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
#[cfg(any(test, feature = "recognise"))]
use crate::model::{Email, PageToken};
use crate::model::{Status, StatusKind, User, UserId};
#[cfg(any(test, feature = "recognise"))]
use crate::operation::MAX_PAGE_SIZE;
use crate::operation::{Change, Operation};
use crate::provider::{IdentityProvider, Reply};
use crate::registry::{ProviderKind, Registration, SettingError, Settings};

/// FusionAuth's row in the registry.
pub const REGISTRATION: Registration = Registration {
    kind: ProviderKind::FusionAuth,
    config_name: "fusionauth",
    label: "FusionAuth",
    oauth_client_auth: &[],
    known_hosts: &[],
    token_url: |_| None,
    open: |settings| Ok(Box::new(FusionAuth::from_settings(settings)?)),
    #[cfg(any(test, feature = "recognise"))]
    samples: samples::samples,
};

/// Search results can be paged up to this row, no further (`start + limit` ≤ this):
/// Elasticsearch's default `max_result_window`, which FusionAuth's search uses.
pub const MAX_START: u32 = 10_000;

const TENANT_HEADER: http::HeaderName = http::HeaderName::from_static("x-fusionauth-tenantid");

/// The FusionAuth adapter.
#[derive(Debug, Clone)]
pub struct FusionAuth {
    tenant_id: Option<String>,
}

impl FusionAuth {
    /// An adapter, optionally scoped to one tenant (a UUID).
    pub fn new(tenant_id: Option<String>) -> Result<FusionAuth, String> {
        match tenant_id {
            Some(t) if !is_uuid(&t) => Err(format!("tenant_id must be a UUID, not \"{}\"", crate::model::shorten(&t))),
            t => Ok(FusionAuth { tenant_id: t }),
        }
    }

    /// From `[connection.settings]`: `tenant_id` only.
    pub fn from_settings(settings: &Settings) -> Result<FusionAuth, SettingError> {
        settings.only("FusionAuth", &["tenant_id"])?;
        FusionAuth::new(settings.get("tenant_id").map(str::to_owned))
            .map_err(|why| SettingError::field("tenant_id", why))
    }
}

/// FusionAuth ids are UUIDs: 8-4-4-4-12 hex digits.
pub fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The row a page token starts at (tokens are the decimal row number FusionAuth's search takes).
fn start_of(page: Option<&crate::model::PageToken>) -> u32 {
    page.and_then(|t| t.0.parse().ok()).unwrap_or(0)
}

const DEACTIVATE: &str = "Stops this person signing in. Their account and data are kept, and you can reactivate them.";
const REACTIVATE: &str = "Lets this person sign in again with their old password.";
const SIGN_OUT: &str = "Ends this person's saved sign-ins on every device. They must sign in again.";
const SIGN_OUT_CAVEAT: &str = "Apps that are open now keep working until their sign-in token runs out, within an hour.";
const DELETE: &str = "Removes this person and all their data for good. This cannot be undone.";

impl IdentityProvider for FusionAuth {
    fn kind(&self) -> ProviderKind {
        ProviderKind::FusionAuth
    }

    fn public_settings(&self) -> Settings {
        // Inserted rather than collected: collecting into the map pulls a sort into the panel.
        let mut settings = Settings::default();
        if let Some(tenant) = &self.tenant_id {
            settings.0.insert("tenant_id".to_owned(), tenant.clone());
        }
        settings
    }

    fn looks_like_id(&self, text: &str) -> bool {
        is_uuid(text)
    }

    /// A row number, brought inside the search window (the last page that can be read).
    fn page_token(&self, raw: &str, limit: u32) -> Option<crate::model::PageToken> {
        let start = raw.trim().parse::<u32>().ok()?.min(MAX_START.saturating_sub(limit));
        (start > 0).then(|| crate::model::PageToken(start.to_string()))
    }

    fn build(&self, op: &Operation) -> HttpRequest {
        let user_path = |id: &UserId| format!("/api/user/{id}");
        let (method, uri, body) = match op {
            Operation::CreateUser { .. } => return crate::http::not_offered(),
            // FusionAuth keeps no soft-deleted people apart: the deleted read is never offered.
            Operation::GetUser { id } | Operation::GetDeletedUser { id } => (Method::GET, user_path(id), Vec::new()),
            Operation::FindUserByEmail { email } => {
                (Method::GET, format!("/api/user?{}", query::encode(&[("email", email.as_str())])), Vec::new())
            }
            Operation::SearchUsers { query, page, limit } => {
                (Method::POST, "/api/user/search".to_owned(), wire::search_body(query, start_of(page.as_ref()), *limit))
            }
            Operation::Change(Change { action, id, .. }) => match action {
                Action::Deactivate => (Method::DELETE, user_path(id), Vec::new()),
                Action::Reactivate => (Method::PUT, format!("{}?reactivate=true", user_path(id)), Vec::new()),
                Action::DeletePermanently => (Method::DELETE, format!("{}?hardDelete=true", user_path(id)), Vec::new()),
                Action::SignOutEverywhere => (
                    Method::DELETE,
                    format!("/api/jwt/refresh?{}", query::encode(&[("userId", id.as_str())])),
                    Vec::new(),
                ),
                // Not a FusionAuth operation (never offered, never recognised): an inert read.
                _ => (Method::GET, user_path(id), Vec::new()),
            },
        };
        let mut builder = http::Request::builder().method(method).uri(uri).header(header::ACCEPT, "application/json");
        if !body.is_empty() {
            builder = builder.header(header::CONTENT_TYPE, "application/json");
        }
        if let Some(tenant) = &self.tenant_id {
            builder = builder.header(TENANT_HEADER, tenant.as_str());
        }
        // Every part above was validated (UUIDs, parsed emails, encoded queries), so the builder
        // cannot fail; fall back to an inert request rather than panic if that ever changes.
        builder.body(body).unwrap_or_default()
    }

    #[cfg(any(test, feature = "recognise"))]
    fn recognise(&self, req: &HttpRequest) -> Option<Operation> {
        let path = req.uri().path();
        let params = query::decode(req.uri().query().unwrap_or(""))?;
        let param = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let only = |names: &[&str]| params.iter().all(|(k, _)| names.contains(&k.as_str()));
        let empty_body = req.body().is_empty();
        let user_id = path.strip_prefix("/api/user/").filter(|rest| is_uuid(rest));
        let id = || user_id.and_then(|raw| self.parse_user_id(raw).ok());
        let change = |action| Some(Operation::Change(Change::new(action, id()?)));
        let method = req.method();
        let op = if *method == Method::GET && path == "/api/user" && params.len() == 1 {
            // Exactly as written: a value the parser would trim is not the canonical form.
            let raw = param("email")?;
            Operation::FindUserByEmail { email: Email::parse(raw).ok().filter(|e| e.as_str() == raw)? }
        } else if *method == Method::POST && path == "/api/user/search" && params.is_empty() {
            let (query, start, limit) = wire::parse_search_body(req.body())?;
            if limit == 0 || limit > MAX_PAGE_SIZE || start.saturating_add(limit) > MAX_START {
                return None;
            }
            let page = (start > 0).then(|| PageToken(start.to_string()));
            Operation::SearchUsers { query, page, limit }
        } else if *method == Method::GET && params.is_empty() && empty_body {
            Operation::GetUser { id: id()? }
        } else if *method == Method::DELETE && params.is_empty() && empty_body {
            change(Action::Deactivate)?
        } else if *method == Method::DELETE && only(&["hardDelete"]) && param("hardDelete") == Some("true") {
            if !empty_body {
                return None;
            }
            change(Action::DeletePermanently)?
        } else if *method == Method::PUT && only(&["reactivate"]) && param("reactivate") == Some("true") && empty_body {
            change(Action::Reactivate)?
        } else if *method == Method::DELETE && path == "/api/jwt/refresh" && only(&["userId"]) && empty_body {
            let raw = param("userId")?;
            let id = self.parse_user_id(raw).ok().filter(|id| id.as_str() == raw)?;
            Operation::Change(Change::new(Action::SignOutEverywhere, id))
        } else {
            return None;
        };
        (params.len() <= 1 && (empty_body || matches!(op, Operation::SearchUsers { .. }))).then_some(op)
    }

    fn authorize(&self, req: &mut HttpRequest, secret: &str) -> Result<(), Error> {
        let value = http::HeaderValue::from_str(secret.trim()).map_err(|_| {
            Error::new(crate::ErrorKind::Unauthorized, "the API key contains characters a header cannot carry")
        })?;
        req.headers_mut().insert(header::AUTHORIZATION, value);
        Ok(())
    }

    fn interpret(&self, op: &Operation, resp: &HttpResponse) -> Result<Reply, Error> {
        crate::error::check_status(self, resp)?;
        match op {
            Operation::GetUser { .. }
            | Operation::GetDeletedUser { .. }
            | Operation::FindUserByEmail { .. }
            | Operation::Change(Change { action: Action::Reactivate, .. }) => {
                wire::parse_user_response(resp).map(|u| Reply::User(Box::new(u)))
            }
            Operation::SearchUsers { page, limit, .. } => {
                wire::parse_search_response(resp, start_of(page.as_ref()), *limit).map(Reply::Users)
            }
            Operation::Change(_) | Operation::CreateUser { .. } => Ok(Reply::Done),
        }
    }

    fn read_error(&self, resp: &HttpResponse, error: &mut Error) {
        error.messages = wire::error_messages(resp.body());
    }

    fn offers(&self, user: &User) -> Vec<Offer> {
        let sign_out = Offer::single(Action::SignOutEverywhere, SIGN_OUT, Confirm::No, Undo::Reversible)
            .with_caveat(SIGN_OUT_CAVEAT);
        let delete = Offer::single(Action::DeletePermanently, DELETE, Confirm::TypeToConfirm, Undo::Irreversible);
        match user.status.kind {
            StatusKind::Active => {
                vec![Offer::single(Action::Deactivate, DEACTIVATE, Confirm::Ask, Undo::Reversible), sign_out, delete]
            }
            StatusKind::Deactivated => {
                vec![Offer::single(Action::Reactivate, REACTIVATE, Confirm::No, Undo::Reversible), sign_out, delete]
            }
            _ => Vec::new(),
        }
    }

    fn allows(&self, action: Action, status: &Status) -> bool {
        match (action, &status.kind) {
            (_, StatusKind::Unknown(_)) => false,
            (Action::Deactivate, StatusKind::Active) | (Action::Reactivate, StatusKind::Deactivated) => true,
            (Action::SignOutEverywhere | Action::DeletePermanently, _) => true,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests;
