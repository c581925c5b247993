//! `POST /oauth2/v1/token` of the org authorization server, client-credentials grant with
//! `private_key_jwt` client authentication only, and the client registry behind
//! [`crate::Sandbox::okta_oauth_client`].
//!
//! Form fields: `grant_type=client_credentials` (missing → 400 invalid_request, other → 400
//! unsupported_grant_type), `client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer`
//! (else 400 invalid_request), `client_assertion` (missing → 401 invalid_client "No client
//! credentials found"), optional `client_id` (must equal the assertion's `iss`), and `scope`, a
//! non-empty space-separated subset of okta.users.read okta.users.manage (else 400 invalid_scope).
//! A repeated field → 400 invalid_request.
//!
//! The assertion must be RS256 with header `kid` equal to the registered kid, signed by the
//! registered key, with `iss` == `sub` == a registered client id, `aud` == the token URL as the
//! client addressed it (`http://{Host}{mount}/oauth2/v1/token`, alone or in an array), `exp` in
//! the future and at most one hour (plus 60 s of skew) ahead, `iat` (if present) no more than 60 s
//! in the future, and a `jti` not seen before for that client. Any failure → 401 invalid_client
//! with a description. Success → 200 `TokenResponse` (`Bearer`, 3600 s, an opaque random token)
//! with `Cache-Control: no-store`, and the exchange is counted. This module must not touch users.

use std::collections::HashSet;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
use serde_json::Value;

use super::clock::{now_s, secure_random};
use super::gate::{SCOPE_MANAGE, SCOPE_READ};
use super::state::{IssuedToken, OAuthClient, TOKEN_LIFETIME};
use super::wire::{OAuthError, TokenResponse};
use super::Okta;
use super::{param, Ctx};

const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// Allowed clock skew, seconds.
const SKEW: u64 = 60;

/// Registers or replaces a client (see `Sandbox::okta_oauth_client`).
pub(crate) fn register(okta: &Okta, client_id: &str, kid: &str, public_key_pem: &str) -> Result<(), String> {
    if client_id.is_empty() || kid.is_empty() {
        return Err("client_id and kid must not be empty".into());
    }
    if !public_key_pem.contains("-----BEGIN PUBLIC KEY-----")
        && !public_key_pem.contains("-----BEGIN RSA PUBLIC KEY-----")
    {
        return Err("expected an RSA public key in PEM (BEGIN PUBLIC KEY or BEGIN RSA PUBLIC KEY)".into());
    }
    let key =
        DecodingKey::from_rsa_pem(public_key_pem.as_bytes()).map_err(|e| format!("not an RSA public key: {e}"))?;
    okta.with_state(|o| o.clients.insert(client_id.to_string(), OAuthClient { kid: kid.to_string(), key }));
    Ok(())
}

fn oauth_error(status: StatusCode, error: &str, description: impl Into<String>) -> Response {
    let body = OAuthError { error: error.into(), error_description: description.into() };
    (status, [(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
}

fn invalid_client(description: impl Into<String>) -> Response {
    oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", description)
}

/// A verified assertion.
struct Assertion {
    client_id: String,
    jti: String,
    exp: u64,
}

/// The handler.
pub(crate) async fn exchange(State(ctx): State<Ctx>, headers: HeaderMap, body: Bytes) -> Response {
    let form: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let mut seen = HashSet::new();
    if let Some((name, _)) = form.iter().find(|(k, _)| !seen.insert(k.as_str())) {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", format!("The '{name}' parameter is repeated."));
    }
    match param(&form, "grant_type") {
        None => {
            return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", "The 'grant_type' parameter is required.")
        }
        Some("client_credentials") => {}
        Some(_) => {
            let description = "The grant type in the request isn't supported.";
            return oauth_error(StatusCode::BAD_REQUEST, "unsupported_grant_type", description);
        }
    }
    let basic = headers
        .get(header::AUTHORIZATION)
        .is_some_and(|v| v.as_bytes().get(..6).is_some_and(|s| s.eq_ignore_ascii_case(b"basic ")));
    if param(&form, "client_secret").is_some() || basic {
        return invalid_client("The sandbox supports only private_key_jwt client authentication.");
    }
    let Some(jwt) = param(&form, "client_assertion") else {
        return invalid_client("No client credentials found");
    };
    if param(&form, "client_assertion_type") != Some(JWT_BEARER) {
        let description = format!("The 'client_assertion_type' parameter must be '{JWT_BEARER}'.");
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", description);
    }
    let audience = format!("{}/oauth2/v1/token", ctx.base(&headers));
    let assertion = match verify(&ctx, jwt, &audience, param(&form, "client_id")) {
        Ok(a) => a,
        Err(description) => return invalid_client(description),
    };
    let scopes: Vec<String> =
        param(&form, "scope").unwrap_or_default().split_whitespace().map(str::to_string).collect();
    if scopes.is_empty() {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_scope", "No scopes were requested.");
    }
    if scopes.iter().any(|s| s != SCOPE_READ && s != SCOPE_MANAGE) {
        let description = "One or more scopes are not configured for the authorization server resource.";
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_scope", description);
    }
    let Some(token) = secure_random(64) else {
        return oauth_error(StatusCode::INTERNAL_SERVER_ERROR, "server_error", "No randomness available.");
    };
    let scope = scopes.join(" ");
    let issued = ctx.okta.with_state(|o| {
        let now = now_s();
        o.used_jtis.retain(|(_, _, forget)| *forget > now);
        if o.used_jtis.iter().any(|(c, j, _)| *c == assertion.client_id && *j == assertion.jti) {
            return false;
        }
        o.used_jtis.push((assertion.client_id.clone(), assertion.jti.clone(), assertion.exp + SKEW));
        let expires = Instant::now() + TOKEN_LIFETIME;
        o.tokens.push(IssuedToken { token: token.clone(), scopes, expires });
        o.exchanges += 1;
        true
    });
    if !issued {
        return invalid_client("The client_assertion token has already been used (jti replay).");
    }
    let body =
        TokenResponse { token_type: "Bearer".into(), expires_in: TOKEN_LIFETIME.as_secs(), access_token: token, scope };
    (StatusCode::OK, [(header::CACHE_CONTROL, "no-store"), (header::PRAGMA, "no-cache")], Json(body)).into_response()
}

/// Checks the assertion; `Err` carries the `error_description`.
fn verify(ctx: &Ctx, jwt: &str, audience: &str, form_client_id: Option<&str>) -> Result<Assertion, String> {
    let header = decode_header(jwt).map_err(|_| "The client_assertion token is malformed.".to_string())?;
    if header.alg != Algorithm::RS256 {
        return Err("The client_assertion token must be signed with RS256.".into());
    }
    let mut unverified = Validation::new(Algorithm::RS256);
    unverified.insecure_disable_signature_validation();
    let lax = |v: &mut Validation| {
        v.validate_exp = false;
        v.validate_aud = false;
        v.required_spec_claims.clear();
    };
    lax(&mut unverified);
    let peek = decode::<Value>(jwt, &DecodingKey::from_secret(&[]), &unverified)
        .map_err(|_| "The client_assertion token is malformed.".to_string())?;
    let Some(issuer) = peek.claims.get("iss").and_then(Value::as_str).map(str::to_string) else {
        return Err("The client_assertion token has no iss claim.".into());
    };
    if form_client_id.is_some_and(|c| c != issuer) {
        return Err("The client_id parameter does not match the client_assertion issuer.".into());
    }
    let Some((kid, key)) = ctx.okta.with_state(|o| o.clients.get(&issuer).map(|c| (c.kid.clone(), c.key.clone())))
    else {
        return Err("Invalid value for 'client_id' parameter.".into());
    };
    if header.kid.as_deref() != Some(kid.as_str()) {
        return Err("The client_assertion token's kid does not match a key registered for the client.".into());
    }
    let mut checked = Validation::new(Algorithm::RS256);
    lax(&mut checked);
    let claims = decode::<Value>(jwt, &key, &checked)
        .map_err(|_| "The client_assertion signature is invalid.".to_string())?
        .claims;
    if claims.get("sub").and_then(Value::as_str) != Some(issuer.as_str()) {
        return Err("The client_assertion sub claim must equal its iss claim (the client id).".into());
    }
    let aud_ok = match claims.get("aud") {
        Some(Value::String(a)) => a == audience,
        Some(Value::Array(items)) => items.iter().any(|a| a.as_str() == Some(audience)),
        _ => false,
    };
    if !aud_ok {
        return Err(format!("The audience claim for client_assertion must be the endpoint invoking it: {audience}"));
    }
    let now = now_s();
    let Some(exp) = claims.get("exp").and_then(Value::as_u64) else {
        return Err("The client_assertion token has no valid exp claim.".into());
    };
    if exp <= now {
        return Err("The client_assertion token is expired.".into());
    }
    if exp > now + TOKEN_LIFETIME.as_secs() + SKEW {
        return Err("The client_assertion token expires more than one hour from now.".into());
    }
    match claims.get("iat") {
        None => {}
        Some(iat) => match iat.as_u64() {
            Some(iat) if iat <= now + SKEW => {}
            _ => return Err("The client_assertion token's iat claim is invalid or in the future.".into()),
        },
    }
    let Some(jti) = claims.get("jti").and_then(Value::as_str).filter(|j| !j.is_empty()) else {
        return Err("The client_assertion token has no jti claim.".into());
    };
    Ok(Assertion { client_id: issuer, jti: jti.to_string(), exp })
}
