//! Provider access tokens obtained by the proxy with the OAuth 2.0 client-credentials grant.
//!
//! The exchange itself is the `oauth2` crate's; this module only decides *when* to run it: a token
//! is reused until shortly before its `expires_in` (at most `MAX_LIFETIME`, whatever the endpoint
//! claims), every caller waiting for a refresh shares the one exchange (the cache lock is held
//! across it), and a provider reply of 401 refreshes once and retries once. No token endpoint
//! reply may make it panic. Tokens and client secrets are `SecretString`s and never reach logs or
//! replies.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::http::{HeaderValue, StatusCode};
use oauth2::basic::{BasicClient, BasicErrorResponseType};
use oauth2::{AuthType, ClientId, ClientSecret, RequestTokenError, Scope, TokenResponse, TokenUrl};
use secrecy::{ExposeSecret, SecretString};

/// Used when the token endpoint does not say how long its token lives.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(300);
/// A token is replaced this long before it expires (or at 9/10 of a shorter lifetime).
const EARLY: Duration = Duration::from_secs(60);
/// The longest a token is used before it is renewed, however long the endpoint says it lives.
pub const MAX_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// When a token obtained at `now` with the endpoint's `expires_in` is to be renewed: shortly
/// before it expires, and within `MAX_LIFETIME`. A zero or missing lifetime means
/// `DEFAULT_LIFETIME`. For any input it is after `now` and no later than the expiry or
/// `now + MAX_LIFETIME`; only a `now` at the very end of `Instant`'s range gives `now` itself.
pub fn renew_at(now: Instant, expires_in: Option<Duration>) -> Instant {
    let lifetime = expires_in.filter(|d| !d.is_zero()).unwrap_or(DEFAULT_LIFETIME).min(MAX_LIFETIME);
    let early = EARLY.min(lifetime / 10);
    // A token that cannot be scheduled is still used once, then renewed on the next call.
    now.checked_add(lifetime - early).unwrap_or(now)
}

/// How the client proves itself to the token endpoint.
pub enum ClientAuth {
    /// `Authorization: Basic base64(id:secret)` (Genesys, Acronis).
    Basic(SecretString),
    /// `client_id` and `client_secret` in the form body (Auth0).
    Post(SecretString),
    /// A client assertion the proxy signs (RS256, RFC 7523 `private_key_jwt`): Okta grants its
    /// `okta.*` scopes to service apps only this way. The key is a PEM file's text.
    PrivateKeyJwt { key_id: String, private_key_pem: SecretString },
}

impl ClientAuth {
    /// The config word: `basic`, `post` or `private_key_jwt`.
    pub fn name(&self) -> &'static str {
        match self {
            ClientAuth::Basic(_) => "basic",
            ClientAuth::Post(_) => "post",
            ClientAuth::PrivateKeyJwt { .. } => "private_key_jwt",
        }
    }
}

/// How long a signed client assertion is valid: just long enough for the one exchange.
const ASSERTION_LIFETIME: Duration = Duration::from_secs(120);

/// Checks that `pem` is an RSA private key the proxy can sign with (the message never shows it).
pub fn check_private_key(pem: &str) -> Result<(), String> {
    jsonwebtoken::EncodingKey::from_rsa_pem(pem.as_bytes())
        .map(|_| ())
        .map_err(|_| "is not an RSA private key in PEM form (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY)".to_owned())
}

/// The signed client assertion for one exchange: `iss` = `sub` = the client id, `aud` = the token
/// endpoint, a fresh `jti`, valid for `ASSERTION_LIFETIME`.
fn client_assertion(client_id: &str, token_url: &str, key_id: &str, pem: &SecretString) -> Result<String, TokenError> {
    #[derive(serde::Serialize)]
    struct Claims<'a> {
        iss: &'a str,
        sub: &'a str,
        aud: &'a str,
        iat: u64,
        exp: u64,
        jti: String,
    }
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let claims = Claims {
        iss: client_id,
        sub: client_id,
        aud: token_url,
        iat: now,
        exp: now + ASSERTION_LIFETIME.as_secs(),
        jti: uuid::Uuid::new_v4().to_string(),
    };
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
    header.kid = Some(key_id.to_owned());
    let key = jsonwebtoken::EncodingKey::from_rsa_pem(pem.expose_secret().as_bytes())
        .map_err(|_| TokenError("The connection's private key cannot be used to sign. Tell your IT admin.".into()))?;
    jsonwebtoken::encode(&header, &claims, &key)
        .map_err(|_| TokenError("lockdesk-proxy could not sign the client assertion. Tell your IT admin.".into()))
}

/// A connection's client-credentials settings; secrets are read from the environment or a file.
pub struct OAuthSettings {
    pub token_url: crate::forward::upstream::BaseUrl,
    pub client_id: String,
    pub scopes: Vec<String>,
    /// Auth0 needs `audience=https://{domain}/api/v2/`.
    pub audience: Option<String>,
    pub client_auth: ClientAuth,
}

struct Cached {
    token: SecretString,
    renew_at: Instant,
    generation: u64,
}

/// One connection's token, shared by every request on it.
pub struct TokenCache {
    settings: OAuthSettings,
    current: tokio::sync::Mutex<Option<Cached>>,
    exchanges: AtomicU64,
}

/// A reply whose status the token logic can read (a 401 means the token was not accepted).
pub trait Status {
    fn status(&self) -> StatusCode;
}

impl Status for reqwest::Response {
    fn status(&self) -> StatusCode {
        reqwest::Response::status(self)
    }
}

/// Why no token could be had; phrased for the operator, never containing a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenError(pub String);

impl TokenCache {
    pub fn new(settings: OAuthSettings) -> TokenCache {
        TokenCache { settings, current: tokio::sync::Mutex::new(None), exchanges: AtomicU64::new(0) }
    }

    /// The token endpoint.
    pub fn token_url(&self) -> &crate::forward::upstream::BaseUrl {
        &self.settings.token_url
    }

    /// How many exchanges the token endpoint has answered so far (for tests and diagnostics).
    pub fn exchanges(&self) -> u64 {
        self.exchanges.load(Ordering::Relaxed)
    }

    /// The current token, exchanging for a new one if there is none, it is about to expire, or
    /// it is the one the provider just rejected (`rejected`, a generation number).
    async fn token(&self, client: &reqwest::Client, rejected: Option<u64>) -> Result<(HeaderValue, u64), TokenError> {
        let mut current = self.current.lock().await;
        let usable = current.as_ref().is_some_and(|c| c.renew_at > Instant::now() && Some(c.generation) != rejected);
        if !usable {
            *current = Some(self.exchange(client).await?);
        }
        let Some(cached) = current.as_ref() else {
            return Err(TokenError("lockdesk-proxy has no access token for the provider.".into()));
        };
        let mut value = HeaderValue::from_str(&format!("Bearer {}", cached.token.expose_secret())).map_err(|_| {
            TokenError("The provider's token endpoint returned a token that cannot be sent in a header.".into())
        })?;
        value.set_sensitive(true);
        Ok((value, cached.generation))
    }

    async fn exchange(&self, client: &reqwest::Client) -> Result<Cached, TokenError> {
        let s = &self.settings;
        let token_url = TokenUrl::new(s.token_url.as_str().to_owned())
            .map_err(|_| TokenError("The connection's token_url is not a URL.".into()))?;
        let oauth = BasicClient::new(ClientId::new(s.client_id.clone())).set_token_uri(token_url);
        let (secret, auth_type) = match &s.client_auth {
            ClientAuth::Basic(secret) => (Some(secret), AuthType::BasicAuth),
            ClientAuth::Post(secret) => (Some(secret), AuthType::RequestBody),
            ClientAuth::PrivateKeyJwt { .. } => (None, AuthType::RequestBody),
        };
        let oauth = match secret {
            Some(secret) => oauth.set_client_secret(ClientSecret::new(secret.expose_secret().to_owned())),
            None => oauth,
        };
        let oauth = oauth.set_auth_type(auth_type);
        let mut request = oauth.exchange_client_credentials().add_scopes(s.scopes.iter().cloned().map(Scope::new));
        if let Some(audience) = &s.audience {
            request = request.add_extra_param("audience", audience.clone());
        }
        if let ClientAuth::PrivateKeyJwt { key_id, private_key_pem } = &s.client_auth {
            let assertion = client_assertion(&s.client_id, s.token_url.as_str(), key_id, private_key_pem)?;
            request = request
                .add_extra_param("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                .add_extra_param("client_assertion", assertion);
        }
        let reply = request.request_async(client).await.map_err(explain)?;
        let generation = self.exchanges.fetch_add(1, Ordering::Relaxed) + 1;
        Ok(Cached {
            token: SecretString::from(reply.access_token().secret().to_owned()),
            renew_at: renew_at(Instant::now(), reply.expires_in()),
            generation,
        })
    }

    /// Sends a provider call with the connection's token: `send` builds and sends the request with
    /// the `Authorization` value it is given. A 401 reply means the token was revoked or expired
    /// early: one new token is fetched (shared with any concurrent caller that saw the same 401)
    /// and the call is sent once more.
    pub async fn send<F, Fut, R, E>(&self, client: &reqwest::Client, mut send: F) -> Result<Result<R, E>, TokenError>
    where
        F: FnMut(HeaderValue) -> Fut,
        Fut: Future<Output = Result<R, E>>,
        R: Status,
    {
        let (auth, generation) = self.token(client, None).await?;
        let first = send(auth).await;
        if !matches!(&first, Ok(reply) if reply.status() == StatusCode::UNAUTHORIZED) {
            return Ok(first);
        }
        let (auth, _) = self.token(client, Some(generation)).await?;
        Ok(send(auth).await)
    }
}

fn explain<RE: std::error::Error>(
    e: RequestTokenError<RE, oauth2::StandardErrorResponse<BasicErrorResponseType>>,
) -> TokenError {
    let why = match e {
        RequestTokenError::ServerResponse(reply) => match reply.error() {
            BasicErrorResponseType::InvalidClient | BasicErrorResponseType::UnauthorizedClient => {
                "it does not accept the connection's client id and secret (or signed key)".to_owned()
            }
            BasicErrorResponseType::InvalidScope => "it refuses the scopes in the connection's settings".to_owned(),
            other => format!("it answered {}", other.as_ref()),
        },
        // The body may hold a token; it is not repeated.
        RequestTokenError::Parse(..) => "its reply is not an OAuth token response".to_owned(),
        RequestTokenError::Request(_) | RequestTokenError::Other(_) => "it could not be reached".to_owned(),
    };
    tracing::warn!(reason = %why, "provider token exchange failed");
    TokenError(format!("lockdesk-proxy could not get an access token from the provider: {why}. Tell your IT admin."))
}
