//! `lockdesk-sandbox`: in-memory FusionAuth and Okta simulators speaking each vendor's real wire
//! format (paths, JSON shapes, status codes), so the lockdesk adapters and browser panel can be
//! demoed and tested without a real identity provider.
//!
//! It must not import any other workspace crate (its wire types are written from the vendor specs),
//! must not touch the network beyond the socket it is given, and must not use the wall clock for
//! seeded data (only for timestamps after a mutation, rate windows and token lifetimes).
//!
//! Routes of [`Sandbox::router`]: `/api/...` is the FusionAuth API (see [`fusionauth`]);
//! `/okta/api/v1/...` and `/okta/oauth2/v1/token` are Okta (see the `okta` module);
//! `/_sandbox/...` is the fault-injection admin (see [`faults`]), meant for loopback use only.
//! [`Sandbox::okta_router`] serves Okta at the root instead, with the same admin.

mod faults;
mod fusionauth;
mod okta;
mod seed;

use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use fusionauth::wire::{RefreshToken, User};

/// A PUBLISHED, TEST-ONLY RSA private key (PKCS#8 PEM, 2048 bits) for signing Okta client
/// assertions in tests and against the sandbox. Everyone can read it: never register it with a
/// real Okta org or use it for anything but the sandbox.
/// Every simulated provider: its config name (the proxy's `kind`) and the path prefix it is served
/// under by [`Sandbox::router`]. One row per provider; the proxy's `--sandbox` makes one connection
/// per row, with the sandbox's API key.
pub const PROVIDERS: &[(&str, &str)] = &[("fusionauth", ""), ("okta", "/okta")];

pub const OKTA_TEST_PRIVATE_KEY_PEM: &str = include_str!("../fixtures/okta-test-key.pem");

/// The public half of [`OKTA_TEST_PRIVATE_KEY_PEM`] (SPKI PEM), for
/// [`Sandbox::okta_oauth_client`]. Published and test-only, like the private key.
pub const OKTA_TEST_PUBLIC_KEY_PEM: &str = include_str!("../fixtures/okta-test-key.pub.pem");

/// Live sessions and OAuth tokens of one Okta user (see [`Sandbox::okta_sessions`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OktaSessions {
    /// Identity-provider sessions, cleared by `DELETE /api/v1/users/{id}/sessions`.
    pub sessions: usize,
    /// OAuth/OIDC tokens, cleared only with `oauthTokens=true`.
    pub oauth_tokens: usize,
}

/// An in-memory FusionAuth and Okta. Cheap to clone: clones share the same state.
#[derive(Clone)]
pub struct Sandbox {
    shared: Arc<Shared>,
}

struct Shared {
    api_key: String,
    seed: u64,
    generated: usize,
    state: Mutex<State>,
}

/// Everything a request can change.
pub(crate) struct State {
    /// Users that exist (deactivated ones included), in seed order.
    pub(crate) records: Vec<Record>,
    /// Current FusionAuth fault-injection settings.
    pub(crate) faults: faults::Faults,
    /// Everything about Okta.
    pub(crate) okta: okta::state::OktaState,
}

/// One user and the refresh tokens issued to them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    pub(crate) user: User,
    pub(crate) refresh_tokens: Vec<RefreshToken>,
}

impl Sandbox {
    /// Seeded FusionAuth (Terry Example, John Doe, plus `generated` users) and Okta (the spec's
    /// example users, Terry, the named people listed in the `okta` module, plus `generated`
    /// users), all deterministic from `seed`. FusionAuth's `/api` must carry `Authorization: <api_key>`
    /// exactly; Okta's `/api/v1` takes `Authorization: SSWS <api_key>` (or an OAuth bearer token).
    pub fn seeded(seed: u64, generated: usize, api_key: String) -> Sandbox {
        let state = State {
            records: seed::records(seed, generated),
            faults: faults::Faults::default(),
            okta: okta::state::OktaState::seeded(seed::okta::records(seed, generated)),
        };
        Sandbox { shared: Arc::new(Shared { api_key, seed, generated, state: Mutex::new(state) }) }
    }

    /// The whole simulator: FusionAuth under `/api`, Okta under `/okta` (`/okta/api/v1/...`,
    /// `/okta/oauth2/v1/token`) and the admin endpoints under `/_sandbox`.
    pub fn router(&self) -> axum::Router {
        axum::Router::new()
            .nest("/api", fusionauth::router(self.clone()))
            .nest("/okta", okta::router(self.clone(), "/okta"))
            .merge(faults::router(self.clone()))
    }

    /// A standalone Okta: `/api/v1/...` and `/oauth2/v1/token` at the root, plus `/_sandbox/...`
    /// (unknown paths answer Okta's 404).
    pub fn okta_router(&self) -> axum::Router {
        okta::router(self.clone(), "").merge(faults::router(self.clone()))
    }

    /// FusionAuth users that still exist (deactivated ones count, hard-deleted ones do not).
    pub fn user_count(&self) -> usize {
        self.with_state(|s| s.records.len())
    }

    /// Okta users that still exist (DEPROVISIONED ones count, deleted ones do not).
    pub fn okta_user_count(&self) -> usize {
        self.with_okta(|o| o.records.len())
    }

    /// Registers (or replaces) an Okta OAuth service app: client assertions for `client_id` must
    /// name `kid` and be RS256-signed by the key whose public half is `public_key_pem` (SPKI or
    /// PKCS#1 PEM). Registrations survive `POST /_sandbox/reset`. Err if the PEM is not an RSA key.
    pub fn okta_oauth_client(&self, client_id: &str, kid: &str, public_key_pem: &str) -> Result<(), String> {
        okta::token::register(self, client_id, kid, public_key_pem)
    }

    /// Successful Okta token exchanges (access tokens issued) since the sandbox was created.
    pub fn okta_token_exchanges(&self) -> u64 {
        self.with_okta(|o| o.exchanges)
    }

    /// Live sessions and OAuth tokens of the Okta user with this id or login, if it exists.
    pub fn okta_sessions(&self, id_or_login: &str) -> Option<OktaSessions> {
        self.with_okta(|o| {
            let r = &o.records[o.find(id_or_login)?];
            Some(OktaSessions { sessions: r.sessions, oauth_tokens: r.oauth_tokens })
        })
    }

    pub(crate) fn api_key(&self) -> &str {
        &self.shared.api_key
    }

    /// Runs `f` with the state locked; a poisoned lock is recovered (the state stays consistent
    /// because every mutation is a single assignment or removal).
    pub(crate) fn with_state<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        let mut guard = self.shared.state.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut guard)
    }

    /// Restores every provider's seeded users, clears the faults and restarts Okta's rate window
    /// (OAuth clients and issued tokens stay); returns the FusionAuth user count.
    pub(crate) fn reset(&self) -> usize {
        let records = seed::records(self.shared.seed, self.shared.generated);
        let okta = seed::okta::records(self.shared.seed, self.shared.generated);
        self.with_state(|s| {
            s.records = records;
            s.faults = faults::Faults::default();
            s.okta.reset(okta);
            s.records.len()
        })
    }
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox")
            .field("seed", &self.shared.seed)
            .field("generated", &self.shared.generated)
            .field("users", &self.user_count())
            .field("okta_users", &self.okta_user_count())
            .finish_non_exhaustive()
    }
}

/// Binds `addr` (e.g. `127.0.0.1:0`), spawns [`Sandbox::router`] on the current tokio runtime and
/// returns the bound address. Serving errors after the bind are logged with `tracing`.
pub async fn spawn(sandbox: Sandbox, addr: SocketAddr) -> std::io::Result<SocketAddr> {
    spawn_router(sandbox.router(), addr).await
}

/// Like [`spawn`] for any router, e.g. [`Sandbox::okta_router`].
pub async fn spawn_router(router: axum::Router, addr: SocketAddr) -> std::io::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router).await {
            tracing::error!("sandbox on {local} stopped: {e}");
        }
    });
    Ok(local)
}
