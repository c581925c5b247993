//! The OAuth 2.0 client-credentials grant as the simulators share it: the token request's checks
//! ([`grant`]: `Authorization: Basic base64(client_id:client_secret)` compared in constant time,
//! then a form body with `grant_type=client_credentials`), the book of issued access tokens
//! ([`Tokens`]: opaque random tokens with an expiry, expired ones dropped lazily) and the bearer
//! check of an API call ([`bearer`], [`Tokens::admit`]: the sandbox API key itself or an issued
//! unexpired token, counting which one let the call in).
//!
//! This module must not name a provider, build HTTP replies or read the wall clock (only
//! [`Instant`] for expiries): each provider answers with its own paths, status codes, JSON shapes
//! and error bodies, and keeps its own other counters.

use std::time::{Duration, Instant};

use axum::http::{header, HeaderMap, HeaderValue};

use crate::codec::{access_token, base64_decode, constant_time_eq, content_type_is};

/// Why a token request was refused, in the order the checks run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GrantRefusal {
    /// No `Authorization: Basic` header, bad base64, no colon, another client id or secret.
    InvalidClient,
    /// The body is not `application/x-www-form-urlencoded`.
    NotAForm,
    /// The form has no `grant_type`.
    NoGrantType,
    /// The form's `grant_type` is not `client_credentials`.
    OtherGrant,
}

/// Checks a token request: the Basic credentials are `client_id` and `client_secret`, then the
/// body is a form with `grant_type=client_credentials` (the first `grant_type` counts).
pub(crate) fn grant(
    headers: &HeaderMap,
    body: &[u8],
    client_id: &str,
    client_secret: &str,
) -> Result<(), GrantRefusal> {
    if !client_ok(headers, client_id, client_secret) {
        return Err(GrantRefusal::InvalidClient);
    }
    if !content_type_is(headers, "application/x-www-form-urlencoded") {
        return Err(GrantRefusal::NotAForm);
    }
    let form: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
    match form.iter().find(|(k, _)| k == "grant_type").map(|(_, v)| v.as_str()) {
        None => Err(GrantRefusal::NoGrantType),
        Some("client_credentials") => Ok(()),
        Some(_) => Err(GrantRefusal::OtherGrant),
    }
}

/// Whether the Basic credentials (scheme in any case) are this client's; both halves are always
/// compared.
fn client_ok(headers: &HeaderMap, client_id: &str, client_secret: &str) -> bool {
    let value = headers.get(header::AUTHORIZATION).map(|v| v.as_bytes()).unwrap_or_default();
    let Some((scheme, encoded)) = value.split_at_checked(6) else {
        return false;
    };
    if !scheme.eq_ignore_ascii_case(b"basic ") {
        return false;
    }
    let Some(decoded) = std::str::from_utf8(encoded).ok().and_then(|e| base64_decode(e.trim())) else {
        return false;
    };
    let Some(colon) = decoded.iter().position(|&b| b == b':') else {
        return false;
    };
    let (id, secret) = (&decoded[..colon], &decoded[colon + 1..]);
    let id_ok = constant_time_eq(id, client_id.as_bytes());
    let secret_ok = constant_time_eq(secret, client_secret.as_bytes());
    id_ok & secret_ok
}

/// The token of `Authorization: Bearer <t>` (scheme in any case, surrounding blanks trimmed);
/// `None` without one.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&[u8]> {
    let value = headers.get(header::AUTHORIZATION).map(HeaderValue::as_bytes).unwrap_or_default();
    value
        .split_at_checked(7)
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case(b"bearer "))
        .map(|(_, token)| token.trim_ascii())
        .filter(|token| !token.is_empty())
}

/// An access token handed out by a token endpoint.
struct IssuedToken {
    /// The opaque token.
    token: String,
    /// When it stops working.
    expires: Instant,
}

/// The access tokens a provider issued, and the API calls let in by the sandbox's API key itself
/// and by an issued token (so tests can tell which one a client sent).
#[derive(Default)]
pub(crate) struct Tokens {
    issued: Vec<IssuedToken>,
    uses: (usize, usize),
}

impl Tokens {
    /// Issues a fresh random token living `lifetime_s` seconds; `None` (nothing issued) if the
    /// OS random source fails.
    pub(crate) fn mint(&mut self, lifetime_s: u64) -> Option<String> {
        let token = access_token()?;
        let expires = Instant::now() + Duration::from_secs(lifetime_s);
        self.issued.push(IssuedToken { token: token.clone(), expires });
        Some(token)
    }

    /// Whether `token` lets an API call in: it is `api_key` or an unexpired issued token (both
    /// compared in constant time; expired tokens are dropped when the key does not match).
    /// Counts which one did.
    pub(crate) fn admit(&mut self, token: &[u8], api_key: &str) -> bool {
        let by_key = constant_time_eq(token, api_key.as_bytes());
        let by_token = !by_key && self.valid(token);
        self.uses.0 += usize::from(by_key);
        self.uses.1 += usize::from(by_token);
        by_key || by_token
    }

    /// Whether `token` is an unexpired issued token (expired ones are dropped).
    fn valid(&mut self, token: &[u8]) -> bool {
        let now = Instant::now();
        self.issued.retain(|t| t.expires > now);
        self.issued.iter().fold(false, |found, t| found | constant_time_eq(token, t.token.as_bytes()))
    }

    /// Drops every issued token (the counters stay).
    pub(crate) fn expire_all(&mut self) {
        self.issued.clear();
    }

    /// API calls let in `(by the API key, by an issued token)`.
    pub(crate) fn uses(&self) -> (usize, usize) {
        self.uses
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::base64_encode;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn grant_checks_client_then_form_then_grant_type() {
        let basic = format!("Basic {}", base64_encode(b"client:secret"));
        let form = ("content-type", "application/x-www-form-urlencoded");
        let ok = headers(&[("authorization", &basic), form]);
        assert_eq!(grant(&ok, b"grant_type=client_credentials", "client", "secret"), Ok(()));
        assert_eq!(grant(&ok, b"grant_type=client_credentials", "client", "other"), Err(GrantRefusal::InvalidClient));
        assert_eq!(grant(&ok, b"", "client", "secret"), Err(GrantRefusal::NoGrantType));
        assert_eq!(grant(&ok, b"grant_type=password", "client", "secret"), Err(GrantRefusal::OtherGrant));
        let json = headers(&[("authorization", &basic), ("content-type", "application/json")]);
        assert_eq!(grant(&json, b"grant_type=client_credentials", "client", "secret"), Err(GrantRefusal::NotAForm));
    }

    #[test]
    fn bearers_are_the_key_or_an_unexpired_token_and_counted() {
        let mut tokens = Tokens::default();
        let fresh = tokens.mint(60).unwrap();
        let stale = tokens.mint(0).unwrap();
        assert!(tokens.admit(b"key", "key") && tokens.admit(fresh.as_bytes(), "key"));
        assert!(!tokens.admit(stale.as_bytes(), "key") && !tokens.admit(b"other", "key"));
        assert_eq!(tokens.uses(), (1, 1));
        tokens.expire_all();
        assert!(!tokens.admit(fresh.as_bytes(), "key"));
        assert_eq!(bearer(&headers(&[("authorization", "bEaReR  t ")])), Some(&b"t"[..]));
        assert_eq!(bearer(&headers(&[("authorization", "Bearer ")])), None);
    }
}
