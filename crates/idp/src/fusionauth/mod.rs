//! FusionAuth: the operation table mapped to FusionAuth's user API (PROVIDERS.md section 1).
//!
//! Requests: `GET /api/user/{id}`, `GET /api/user?email=`, `POST /api/user/search`,
//! `DELETE /api/user/{id}` (deactivate), `PUT /api/user/{id}?reactivate=true`,
//! `DELETE /api/user/{id}?hardDelete=true`, `DELETE /api/jwt/refresh?userId=`. The API key goes in
//! `Authorization` with no prefix. Wire structs stay in `wire.rs`; this file does no I/O.

mod query;
mod wire;

use http::{header, Method};

use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
#[cfg(any(test, feature = "recognise"))]
use crate::model::Email;
use crate::model::UserId;
use crate::operation::Operation;
#[cfg(any(test, feature = "recognise"))]
use crate::operation::{MAX_PAGE_SIZE, MAX_START};
use crate::provider::{IdentityProvider, ProviderKind, Reply};

pub(crate) use wire::error_messages;

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
}

/// FusionAuth ids are UUIDs: 8-4-4-4-12 hex digits.
pub fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

impl IdentityProvider for FusionAuth {
    fn kind(&self) -> ProviderKind {
        ProviderKind::FusionAuth
    }

    fn looks_like_id(&self, text: &str) -> bool {
        is_uuid(text)
    }

    fn build(&self, op: &Operation) -> HttpRequest {
        let user_path = |id: &UserId| format!("/api/user/{id}");
        let (method, uri, body) = match op {
            Operation::GetUser { id } => (Method::GET, user_path(id), Vec::new()),
            Operation::FindUserByEmail { email } => {
                (Method::GET, format!("/api/user?{}", query::encode(&[("email", email.as_str())])), Vec::new())
            }
            Operation::SearchUsers { query, start, limit } => {
                (Method::POST, "/api/user/search".to_owned(), wire::search_body(query, *start, *limit))
            }
            Operation::DeactivateUser { id } => (Method::DELETE, user_path(id), Vec::new()),
            Operation::ReactivateUser { id } => (Method::PUT, format!("{}?reactivate=true", user_path(id)), Vec::new()),
            Operation::DeleteUser { id } => (Method::DELETE, format!("{}?hardDelete=true", user_path(id)), Vec::new()),
            Operation::SignOutEverywhere { id } => {
                (Method::DELETE, format!("/api/jwt/refresh?{}", query::encode(&[("userId", id.as_str())])), Vec::new())
            }
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
            Operation::SearchUsers { query, start, limit }
        } else if *method == Method::GET && params.is_empty() && empty_body {
            Operation::GetUser { id: id()? }
        } else if *method == Method::DELETE && params.is_empty() && empty_body {
            Operation::DeactivateUser { id: id()? }
        } else if *method == Method::DELETE && only(&["hardDelete"]) && param("hardDelete") == Some("true") {
            if !empty_body {
                return None;
            }
            Operation::DeleteUser { id: id()? }
        } else if *method == Method::PUT && only(&["reactivate"]) && param("reactivate") == Some("true") && empty_body {
            Operation::ReactivateUser { id: id()? }
        } else if *method == Method::DELETE && path == "/api/jwt/refresh" && only(&["userId"]) && empty_body {
            let raw = param("userId")?;
            Operation::SignOutEverywhere { id: self.parse_user_id(raw).ok().filter(|id| id.as_str() == raw)? }
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
        crate::error::check_status(ProviderKind::FusionAuth, resp)?;
        match op {
            Operation::GetUser { .. } | Operation::FindUserByEmail { .. } | Operation::ReactivateUser { .. } => {
                wire::parse_user_response(resp).map(|u| Reply::User(Box::new(u)))
            }
            Operation::SearchUsers { start, .. } => wire::parse_search_response(resp, *start).map(Reply::Users),
            Operation::DeactivateUser { .. } | Operation::DeleteUser { .. } | Operation::SignOutEverywhere { .. } => {
                Ok(Reply::Done)
            }
        }
    }
}

#[cfg(test)]
mod tests;
