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

/// How the client id and secret reach the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuth {
    /// `Authorization: Basic base64(id:secret)` (Genesys, Acronis, Okta).
    Basic,
    /// `client_id` and `client_secret` in the form body (Auth0).
    Post,
}

/// A connection's client-credentials settings; the secret is read from the environment or a file.
pub struct OAuthSettings {
    pub token_url: crate::forward::upstream::BaseUrl,
    pub client_id: String,
    pub client_secret: SecretString,
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
        let oauth = BasicClient::new(ClientId::new(s.client_id.clone()))
            .set_client_secret(ClientSecret::new(s.client_secret.expose_secret().to_owned()))
            .set_auth_type(match s.client_auth {
                ClientAuth::Basic => AuthType::BasicAuth,
                ClientAuth::Post => AuthType::RequestBody,
            })
            .set_token_uri(token_url);
        let mut request = oauth.exchange_client_credentials().add_scopes(s.scopes.iter().cloned().map(Scope::new));
        if let Some(audience) = &s.audience {
            request = request.add_extra_param("audience", audience.clone());
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
                "it does not accept the connection's client id and secret".to_owned()
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
