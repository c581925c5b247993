//! SCIM 2.0 (RFC 7643 and RFC 7644): any service with a SCIM user endpoint (Slack, Zoom, GitHub
//! Enterprise and many other SaaS apps). PROVIDERS.md section 6.
//!
//! The connection's base URL includes the service's SCIM path (`https://api.example.com/scim/v2`);
//! requests are relative to it: `GET /Users/{id}`; `GET /Users?filter=…&startIndex=…&count=…`
//! (`emails.value eq` for an address, `userName`/`name.familyName`/`name.givenName sw` for text,
//! values escaped in `filter.rs`; 1-based paging); `PATCH /Users/{id}` replacing `active`;
//! `DELETE /Users/{id}`. Every change carries `If-Match` with the entity tag last read, when the
//! service gave one. Bodies are `application/scim+json`. Replies are `wire.rs`, state rules
//! `rules.rs`; this file does no I/O.

mod filter;
mod rules;
#[cfg(any(test, feature = "recognise"))]
mod samples;
mod wire;

use http::{header, HeaderValue, Method};

use crate::action::{Action, Offer};
use crate::error::{Error, ErrorKind};
use crate::http::{HttpRequest, HttpResponse};
use crate::model::{Page, PageToken, Precondition, Status, User, UserId};
use crate::operation::{Change, Operation, ReadBack};
use crate::provider::{IdentityProvider, Reply};
use crate::registry::{ProviderKind, Registration};

/// SCIM's row in the registry.
pub const REGISTRATION: Registration = Registration {
    kind: ProviderKind::Scim,
    config_name: "scim",
    label: "SCIM",
    oauth_client_auth: &[],
    known_hosts: &[],
    token_url: |_| None,
    open: |settings| {
        settings.only("SCIM", &[])?;
        Ok(Box::new(Scim))
    },
    #[cfg(any(test, feature = "recognise"))]
    samples: samples::samples,
};

/// The SCIM adapter.
#[derive(Debug, Clone, Copy)]
pub struct Scim;

/// RFC 7644's media type.
const SCIM_JSON: &str = "application/scim+json";

/// The furthest 1-based index a search may start at (the proxy refuses others).
const MAX_START: u32 = 100_001;

/// The `PatchOp` that sets `active`.
fn patch_active(on: bool) -> Vec<u8> {
    format!(
        r#"{{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{{"op":"replace","path":"active","value":{on}}}]}}"#
    )
    .into_bytes()
}

fn user_path(id: &UserId) -> String {
    format!("/Users/{id}")
}

fn list(filter: &str, start: u32, count: u32) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("filter", filter)
        .append_pair("startIndex", &start.to_string())
        .append_pair("count", &count.to_string())
        .finish();
    format!("/Users?{query}")
}

fn start_of(page: Option<&PageToken>) -> u32 {
    page.and_then(|p| p.0.parse().ok()).unwrap_or(1)
}

impl IdentityProvider for Scim {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Scim
    }

    /// Services choose their own ids; a UUID, with or without its dashes, is taken for one.
    fn looks_like_id(&self, text: &str) -> bool {
        crate::model::is_uuid(text) || (text.len() == 32 && text.bytes().all(|b| b.is_ascii_hexdigit()))
    }

    /// Any id a path segment can carry safely (services choose their own shapes), but never one
    /// holding `..`, which a server or a front proxy might read as a step up.
    fn parse_user_id(&self, raw: &str) -> Result<UserId, crate::input::InputError> {
        let id = UserId::parse(raw)?;
        if id.as_str().contains("..") {
            return Err(crate::input::InputError::MalformedId(crate::model::shorten_to(raw.trim(), 60)));
        }
        Ok(id)
    }

    /// A 1-based index where a page starts (services may answer fewer than asked, so pages
    /// follow what came back, not a fixed grid); the first page has no token.
    fn page_token(&self, raw: &str, _limit: u32) -> Option<PageToken> {
        let start: u32 = raw.trim().parse().ok()?;
        (start > 1 && start <= MAX_START).then(|| PageToken(start.to_string()))
    }

    fn build(&self, op: &Operation) -> HttpRequest {
        let plain = |method, uri: String| (method, uri, Vec::new());
        let (method, uri, body) = match op {
            Operation::GetUser { id } | Operation::GetDeletedUser { id } => plain(Method::GET, user_path(id)),
            Operation::FindUserByEmail { email } => plain(Method::GET, list(&filter::email(email.as_str()), 1, 10)),
            Operation::SearchUsers { query, page, limit } => {
                plain(Method::GET, list(&filter::text(query), start_of(page.as_ref()), *limit))
            }
            Operation::CreateUser { .. } => return crate::http::not_offered(),
            Operation::Change(Change { action, id, .. }) => match action {
                Action::Deactivate => (Method::PATCH, user_path(id), patch_active(false)),
                Action::Reactivate => (Method::PATCH, user_path(id), patch_active(true)),
                Action::DeletePermanently => plain(Method::DELETE, user_path(id)),
                // Not SCIM operations (never offered, never recognised): an inert read.
                _ => plain(Method::GET, user_path(id)),
            },
        };
        let mut builder = http::Request::builder().method(method).uri(uri).header(header::ACCEPT, SCIM_JSON);
        if !body.is_empty() {
            builder = builder.header(header::CONTENT_TYPE, SCIM_JSON);
        }
        if let Some(Change { precondition: Some(Precondition::ETag(tag)), .. }) = op.change() {
            if let Some(value) = wire::etag(tag).and_then(|t| HeaderValue::from_str(&t).ok()) {
                builder = builder.header(header::IF_MATCH, value);
            }
        }
        builder.body(body).unwrap_or_default()
    }

    #[cfg(any(test, feature = "recognise"))]
    fn recognise(&self, req: &HttpRequest) -> Option<Operation> {
        crate::http::exactly(req, self.candidate(req)?, |op| self.build(op))
    }

    fn authorize(&self, req: &mut HttpRequest, secret: &str) -> Result<(), Error> {
        crate::http::set_bearer(req, secret, "the SCIM token")
    }

    fn interpret(&self, op: &Operation, resp: &HttpResponse) -> Result<Reply, Error> {
        crate::error::check_status(self, resp)?;
        match op {
            Operation::GetUser { .. } | Operation::GetDeletedUser { .. } => {
                wire::parse_user(resp).map(|u| Reply::User(Box::new(u)))
            }
            Operation::FindUserByEmail { .. } => {
                let (items, _) = wire::parse_list(resp)?;
                Ok(Reply::Users(Page { items, next: None, total: None }))
            }
            Operation::SearchUsers { page, limit, .. } => {
                let (items, total) = wire::parse_list(resp)?;
                let start = u64::from(start_of(page.as_ref()));
                let seen = start - 1 + items.len() as u64;
                // After what came back: a service may send fewer than asked (RFC 7644 §3.4.2.4).
                let following = start + items.len() as u64;
                let more = total.map_or(items.len() as u64 >= u64::from(*limit), |t| seen < t);
                let next = (more && !items.is_empty() && following <= u64::from(MAX_START))
                    .then(|| PageToken(following.to_string()));
                Ok(Reply::Users(Page { items, next, total }))
            }
            // 200 with the resource or 204 without: either way the panel reads the person again.
            Operation::Change(_) | Operation::CreateUser { .. } => Ok(Reply::Done),
        }
    }

    fn read_error(&self, resp: &HttpResponse, error: &mut Error) {
        let (scim_type, messages) = wire::error_body(resp.body());
        error.messages = messages;
        if let Some(keyword) = scim_type {
            if keyword == "invalidVers" && resp.status() == 412 {
                error.kind = ErrorKind::PreconditionFailed;
            }
            error.detail = format!("{} ({keyword})", error.detail);
        }
    }

    fn reply_headers(&self) -> &'static [http::HeaderName] {
        &[header::ETAG]
    }

    /// A service that refuses to filter on emails (`invalidFilter` to the email lookup) is asked
    /// for user names starting with the address instead, as many use the address as user name.
    fn instead(&self, op: &Operation, error: &Error) -> Option<(Operation, &'static str)> {
        let Operation::FindUserByEmail { email } = op else { return None };
        let searchable = email.as_str().chars().count() <= 100;
        let refused = error.kind == ErrorKind::BadRequest && error.detail.ends_with("(invalidFilter)");
        (searchable && refused).then(|| {
            let search = Operation::SearchUsers { query: email.as_str().to_owned(), page: None, limit: 25 };
            (
                search,
                "This service cannot search by email address, so lockdesk looked for user names that start with it.",
            )
        })
    }

    fn offers(&self, user: &User) -> Vec<Offer> {
        rules::offers(user)
    }

    fn allows(&self, action: Action, status: &Status) -> bool {
        rules::allows(action, status)
    }

    fn reached(&self, action: Action, found: ReadBack<'_>) -> Option<bool> {
        crate::operation::usual_reached(action, found)
    }

    fn unsupported(&self) -> &'static [(Action, &'static str)] {
        rules::UNSUPPORTED
    }
}

impl Scim {
    /// The one operation `req` could be, before the exact comparison with what it would build.
    #[cfg(any(test, feature = "recognise"))]
    fn candidate(&self, req: &HttpRequest) -> Option<Operation> {
        let uri = req.uri();
        if uri.scheme().is_some() || uri.authority().is_some() {
            return None;
        }
        let precondition = match req.headers().get(header::IF_MATCH) {
            Some(value) => Some(Precondition::ETag(wire::etag(value.to_str().ok()?)?)),
            None => None,
        };
        let change = |action, id: UserId| Some(Operation::Change(Change { precondition, ..Change::new(action, id) }));
        if uri.path() == "/Users" && req.method() == Method::GET {
            return self.search_candidate(uri.query().unwrap_or(""));
        }
        let raw = uri.path().strip_prefix("/Users/")?;
        let id = self.parse_user_id(raw).ok().filter(|id| id.as_str() == raw)?;
        let body: Option<serde_json::Value> = serde_json::from_slice(req.body()).ok();
        let active = || body.as_ref()?.pointer("/Operations/0/value")?.as_bool();
        match *req.method() {
            Method::GET => Some(Operation::GetUser { id }),
            Method::DELETE => change(Action::DeletePermanently, id),
            Method::PATCH => match active()? {
                false => change(Action::Deactivate, id),
                true => change(Action::Reactivate, id),
            },
            _ => None,
        }
    }

    /// A search: its filter must be exactly the email lookup's or the text search's for one value.
    #[cfg(any(test, feature = "recognise"))]
    fn search_candidate(&self, query: &str) -> Option<Operation> {
        let params: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
        let value = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let (expr, start, count) = (value("filter")?, value("startIndex")?, value("count")?);
        let limit: u32 = count.parse().ok()?;
        // The value is the JSON string after the leading comparison; `exactly` proves the rest.
        let (email_lookup, json) = match (expr.strip_prefix("emails.value eq "), expr.strip_prefix("userName sw ")) {
            (Some(json), _) => (true, json),
            (None, Some(json)) => (false, json),
            (None, None) => return None,
        };
        let mut stream = serde_json::Deserializer::from_str(json).into_iter::<String>();
        let text = stream.next()?.ok()?;
        if email_lookup {
            let email = crate::model::Email::parse(&text).ok()?;
            return (start == "1" && limit == 10).then_some(Operation::FindUserByEmail { email });
        }
        let checked = text.trim() == text && !text.is_empty() && text.chars().count() <= 100;
        if !checked || text.chars().any(char::is_control) || !(1..=crate::operation::MAX_PAGE_SIZE).contains(&limit) {
            return None;
        }
        let page = match start {
            "1" => None,
            start => Some(self.page_token(start, limit).filter(|t| t.0 == start)?),
        };
        Some(Operation::SearchUsers { query: text, page, limit })
    }
}

#[cfg(test)]
mod tests;
