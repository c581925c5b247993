//! Okta: the operation table mapped to the Management API's users, lifecycle and sessions
//! (PROVIDERS.md section 5, spec `management-minimal.yaml`).
//!
//! Requests: `GET /api/v1/users/{id}`; `GET /api/v1/users?search=…&limit=N[&after=…]` (search
//! includes DEPROVISIONED people); `POST /api/v1/users/{id}/lifecycle/{step}` (activate,
//! reactivate and deactivate with `sendEmail`); `DELETE /api/v1/users/{id}?sendEmail=false`;
//! `DELETE /api/v1/users/{id}/sessions?oauthTokens=true`. The API token goes in
//! `Authorization: SSWS <token>`. No settings. Reply reading is `wire.rs`, expressions `search.rs`,
//! state rules `rules.rs`; this file does no I/O.

#[cfg(any(test, feature = "recognise"))]
mod recognise;
mod rules;
#[cfg(any(test, feature = "recognise"))]
mod samples;
mod search;
mod wire;

use http::{header, HeaderName, Method};

use crate::action::{Action, Offer};
use crate::error::{Error, ErrorKind};
use crate::http::{header_text, HttpRequest, HttpResponse};
use crate::model::{Page, PageToken, Status, User, UserId};
use crate::operation::{Change, Operation, ReadBack};
use crate::provider::{IdentityProvider, Reply};
use crate::registry::{ProviderKind, Registration};

/// Okta's row in the registry.
pub const REGISTRATION: Registration = Registration {
    kind: ProviderKind::Okta,
    config_name: "okta",
    label: "Okta",
    oauth_client_auth: &["private_key_jwt"],
    known_hosts: &[],
    token_url: |_| None,
    open: |settings| {
        settings.only("Okta", &[])?;
        Ok(Box::new(Okta))
    },
    #[cfg(any(test, feature = "recognise"))]
    samples: samples::samples,
};

/// How many people an email lookup asks for: one login is unique, but an email may be shared.
const EMAIL_LOOKUP_LIMIT: u32 = 25;

/// `X-Rate-Limit-Reset`: when Okta's rate window resets, in UTC seconds since the epoch.
pub const RATE_LIMIT_RESET: HeaderName = HeaderName::from_static("x-rate-limit-reset");

static REPLY_HEADERS: [HeaderName; 6] = [
    header::LINK,
    // Okta's clock, so the wait until X-Rate-Limit-Reset does not depend on the browser's.
    header::DATE,
    header::ETAG,
    HeaderName::from_static("x-rate-limit-limit"),
    HeaderName::from_static("x-rate-limit-remaining"),
    RATE_LIMIT_RESET,
];

/// The Okta adapter. Okta connections take no settings: the org is the connection's base URL.
#[derive(Debug, Clone, Copy, Default)]
pub struct Okta;

/// Okta user ids: `00u` and 17 ASCII letters or digits (`00ub0oNGTSWTBKOLGLNR`).
pub fn is_okta_id(text: &str) -> bool {
    text.len() == 20 && text.starts_with("00u") && text.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn send_email(on: bool) -> &'static str {
    if on {
        "sendEmail=true"
    } else {
        "sendEmail=false"
    }
}

impl IdentityProvider for Okta {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Okta
    }

    fn looks_like_id(&self, text: &str) -> bool {
        is_okta_id(text)
    }

    /// A cursor of the characters Okta's cursors use; anything else starts at the first page.
    fn page_token(&self, raw: &str, _limit: u32) -> Option<PageToken> {
        search::is_safe_cursor(raw).then(|| PageToken(raw.to_owned()))
    }

    fn build(&self, op: &Operation) -> HttpRequest {
        let user = |id: &UserId| format!("/api/v1/users/{id}");
        let lifecycle = |id: &UserId, step: &str| format!("/api/v1/users/{id}/lifecycle/{step}");
        let list = |pairs: &[(&str, &str)]| format!("/api/v1/users?{}", search::encode(pairs));
        let (method, uri) = match op {
            Operation::CreateUser { .. } => return crate::http::not_offered(),
            // Okta keeps no soft-deleted people apart: the deleted read is never offered.
            Operation::GetUser { id } | Operation::GetDeletedUser { id } => (Method::GET, user(id)),
            Operation::FindUserByEmail { email } => {
                let limit = EMAIL_LOOKUP_LIMIT.to_string();
                (Method::GET, list(&[("search", &search::email_expression(email.as_str())), ("limit", &limit)]))
            }
            Operation::SearchUsers { query, page, limit } => {
                let (expr, limit) = (search::text_expression(query), limit.to_string());
                let mut pairs = vec![("search", expr.as_str()), ("limit", limit.as_str())];
                pairs.extend(page.iter().map(|token| ("after", token.0.as_str())));
                (Method::GET, list(&pairs))
            }
            Operation::Change(Change { action, id, notify, .. }) => match action {
                Action::Activate => (Method::POST, format!("{}?{}", lifecycle(id, "activate"), send_email(*notify))),
                Action::Reactivate => {
                    (Method::POST, format!("{}?{}", lifecycle(id, "reactivate"), send_email(*notify)))
                }
                Action::Deactivate => (Method::POST, format!("{}?sendEmail=false", lifecycle(id, "deactivate"))),
                Action::Suspend => (Method::POST, lifecycle(id, "suspend")),
                Action::Unsuspend => (Method::POST, lifecycle(id, "unsuspend")),
                Action::Unlock => (Method::POST, lifecycle(id, "unlock")),
                Action::ResetFactors => (Method::POST, lifecycle(id, "reset_factors")),
                Action::DeletePermanently => (Method::DELETE, format!("{}?sendEmail=false", user(id))),
                Action::SignOutEverywhere => (Method::DELETE, format!("{}/sessions?oauthTokens=true", user(id))),
                // Not Okta operations (never offered, never recognised): an inert read.
                Action::Restore | Action::Delete => (Method::GET, user(id)),
            },
        };
        // The spec gives the lifecycle calls no request body, so no Content-Type either. Every part
        // above is validated or encoded, so the builder cannot fail; an inert request if it did.
        http::Request::builder()
            .method(method)
            .uri(uri)
            .header(header::ACCEPT, "application/json")
            .body(Vec::new())
            .unwrap_or_default()
    }

    #[cfg(any(test, feature = "recognise"))]
    fn recognise(&self, req: &HttpRequest) -> Option<Operation> {
        let uri = req.uri();
        if !req.body().is_empty() || uri.scheme().is_some() || uri.authority().is_some() || uri.query() == Some("") {
            return None;
        }
        let params = search::decode(uri.query().unwrap_or(""))?;
        let names: Vec<&str> = params.iter().map(|(k, _)| k.as_str()).collect();
        let value = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let rest = uri.path().strip_prefix("/api/v1/users")?;
        if rest.is_empty() {
            return (*req.method() == Method::GET).then(|| self.recognise_list(&names, value)).flatten();
        }
        let mut segments = rest.strip_prefix('/')?.split('/');
        let raw_id = segments.next()?;
        let id = self.parse_user_id(raw_id).ok().filter(|id| id.as_str() == raw_id)?;
        let tail: Vec<&str> = segments.collect();
        let flag = |name: &str| match (names.as_slice(), value(name)) {
            ([only], Some("true")) if *only == name => Some(true),
            ([only], Some("false")) if *only == name => Some(false),
            _ => None,
        };
        let change = |action, notify| Some(Operation::Change(Change { notify, ..Change::new(action, id.clone()) }));
        let method = req.method();
        match (tail.as_slice(), names.is_empty()) {
            ([], true) if method == Method::GET => Some(Operation::GetUser { id: id.clone() }),
            ([], false) if method == Method::DELETE && flag("sendEmail") == Some(false) => {
                change(Action::DeletePermanently, false)
            }
            (["sessions"], false) if method == Method::DELETE && flag("oauthTokens") == Some(true) => {
                change(Action::SignOutEverywhere, false)
            }
            (["lifecycle", step], no_params) if method == Method::POST => match (*step, no_params) {
                ("activate", false) => change(Action::Activate, flag("sendEmail")?),
                ("reactivate", false) => change(Action::Reactivate, flag("sendEmail")?),
                ("deactivate", false) if flag("sendEmail") == Some(false) => change(Action::Deactivate, false),
                ("suspend", true) => change(Action::Suspend, false),
                ("unsuspend", true) => change(Action::Unsuspend, false),
                ("unlock", true) => change(Action::Unlock, false),
                ("reset_factors", true) => change(Action::ResetFactors, false),
                _ => None,
            },
            _ => None,
        }
    }

    fn authorize(&self, req: &mut HttpRequest, secret: &str) -> Result<(), Error> {
        let secret = secret.trim();
        let token = match secret.strip_prefix("SSWS") {
            Some(rest) if rest.is_empty() || rest.starts_with(' ') => rest.trim_start(),
            _ => secret,
        };
        let refuse = |why: &str| Error::new(ErrorKind::Unauthorized, format!("the Okta API token {why}"));
        if token.is_empty() {
            return Err(refuse("is empty"));
        }
        if !token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(refuse("contains characters a header cannot carry"));
        }
        let mut value = http::HeaderValue::from_str(&format!("SSWS {token}"))
            .map_err(|_| refuse("contains characters a header cannot carry"))?;
        value.set_sensitive(true);
        req.headers_mut().insert(header::AUTHORIZATION, value);
        Ok(())
    }

    fn interpret(&self, op: &Operation, resp: &HttpResponse) -> Result<Reply, Error> {
        crate::error::check_status(self, resp)?;
        match op {
            Operation::GetUser { .. } | Operation::GetDeletedUser { .. } => {
                wire::parse_user(resp).map(|u| Reply::User(Box::new(u)))
            }
            // The lookup cannot ask for a further page, so it offers none.
            Operation::FindUserByEmail { .. } => {
                wire::parse_users(resp).map(|items| Reply::Users(Page { items, next: None, total: None }))
            }
            Operation::SearchUsers { .. } => {
                let items = wire::parse_users(resp)?;
                let next = if items.is_empty() { None } else { wire::next_cursor(resp.headers()) };
                Ok(Reply::Users(Page { items, next, total: None }))
            }
            Operation::Change(Change { action: Action::Activate | Action::Reactivate, notify: false, .. }) => {
                wire::activation_url(resp).map(Reply::ActivationLink)
            }
            Operation::Change(_) | Operation::CreateUser { .. } => Ok(Reply::Done),
        }
    }

    fn read_error(&self, resp: &HttpResponse, error: &mut Error) {
        let (code, messages) = wire::error_body(resp.body());
        error.messages = messages;
        match code.as_deref() {
            // Not allowed in the person's status (the sandbox's choice for disallowed moves), and
            // "already active" on an activation.
            Some("E0000038" | "E0000016") => error.kind = ErrorKind::NotAllowedInState,
            Some("E0000047") => error.kind = ErrorKind::RateLimited,
            _ => {}
        }
        if let Some(code) = code {
            error.detail = format!("{} ({code})", error.detail);
        }
        if error.kind == ErrorKind::RateLimited {
            error.retry_at_epoch_s =
                header_text(resp.headers(), &RATE_LIMIT_RESET).and_then(|v| v.trim().parse::<u64>().ok());
            let now = header_text(resp.headers(), &header::DATE).and_then(|d| crate::read::http_date_s(&d));
            if let (Some(reset), Some(now), None) = (error.retry_at_epoch_s, now, error.retry_after_s) {
                error.retry_after_s = Some(reset.saturating_sub(now).max(1));
            }
        }
    }

    fn reply_headers(&self) -> &'static [HeaderName] {
        &REPLY_HEADERS
    }

    /// Okta refuses to end a deprovisioned person's sessions (`rules::allows`), so they go first.
    fn offboarding(&self) -> &'static [Action] {
        &[Action::SignOutEverywhere, Action::Deactivate]
    }

    fn rate_window(&self, resp: &HttpResponse, now_s: u64) -> Option<crate::rate::RateWindow> {
        crate::rate::read_window(resp, [&REPLY_HEADERS[3], &REPLY_HEADERS[4], &RATE_LIMIT_RESET], now_s)
    }

    fn offers(&self, user: &User) -> Vec<Offer> {
        rules::offers(&user.status)
    }

    fn allows(&self, action: Action, status: &Status) -> bool {
        rules::allows(action, status)
    }

    fn reached(&self, action: Action, found: ReadBack<'_>) -> Option<bool> {
        rules::reached(action, found)
    }

    fn shown_by(&self, change: &Change, before: Option<&Status>, after: ReadBack<'_>) -> Option<bool> {
        if let (Action::Reactivate, Some(before), ReadBack::Found(after)) = (change.action, before, after) {
            if rules::restarted_setup(before, after) {
                return Some(true);
            }
        }
        crate::operation::shown_by(|a, f| self.reached(a, f), change, before, after)
    }
}

#[cfg(test)]
mod tests;
