//! Okta's part of the public Rust API: the published test keys, [`OktaSessions`] and the `okta_*`
//! methods of [`Sandbox`] (re-exported or reachable from the crate root). This module must not
//! hold state or build HTTP replies; it only forwards to the [`Okta`] simulator.

use super::simulator::Okta;
use super::token;
use crate::simulator::Simulator;
use crate::Sandbox;

/// A PUBLISHED, TEST-ONLY RSA private key (PKCS#8 PEM, 2048 bits) for signing Okta client
/// assertions in tests and against the sandbox. Everyone can read it: never register it with a
/// real Okta org or use it for anything but the sandbox.
pub const OKTA_TEST_PRIVATE_KEY_PEM: &str = include_str!("../../fixtures/okta-test-key.pem");

/// The public half of [`OKTA_TEST_PRIVATE_KEY_PEM`] (SPKI PEM), for
/// [`Sandbox::okta_oauth_client`]. Published and test-only, like the private key.
pub const OKTA_TEST_PUBLIC_KEY_PEM: &str = include_str!("../../fixtures/okta-test-key.pub.pem");

/// Live sessions and OAuth tokens of one Okta user (see [`Sandbox::okta_sessions`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OktaSessions {
    /// Identity-provider sessions, cleared by `DELETE /api/v1/users/{id}/sessions`.
    pub sessions: usize,
    /// OAuth/OIDC tokens, cleared only with `oauthTokens=true`.
    pub oauth_tokens: usize,
}

impl Sandbox {
    fn okta(&self) -> &Okta {
        self.simulator::<Okta>()
    }

    /// A standalone Okta: `/api/v1/...` and `/oauth2/v1/token` at the root, plus `/_sandbox/...`
    /// (unknown paths answer Okta's 404).
    pub fn okta_router(&self) -> axum::Router {
        self.okta().router("").merge(crate::faults::router(self.clone()))
    }

    /// Okta users that still exist (DEPROVISIONED ones count, deleted ones do not).
    pub fn okta_user_count(&self) -> usize {
        self.okta().user_count()
    }

    /// Registers (or replaces) an Okta OAuth service app: client assertions for `client_id` must
    /// name `kid` and be RS256-signed by the key whose public half is `public_key_pem` (SPKI or
    /// PKCS#1 PEM). Registrations survive `POST /_sandbox/reset`. Err if the PEM is not an RSA key.
    pub fn okta_oauth_client(&self, client_id: &str, kid: &str, public_key_pem: &str) -> Result<(), String> {
        token::register(self.okta(), client_id, kid, public_key_pem)
    }

    /// Successful Okta token exchanges (access tokens issued) since the sandbox was created.
    pub fn okta_token_exchanges(&self) -> u64 {
        self.okta().with_state(|o| o.exchanges)
    }

    /// Live sessions and OAuth tokens of the Okta user with this id or login, if it exists.
    pub fn okta_sessions(&self, id_or_login: &str) -> Option<OktaSessions> {
        self.okta().with_state(|o| {
            let r = &o.records[o.find(id_or_login)?];
            Some(OktaSessions { sessions: r.sessions, oauth_tokens: r.oauth_tokens })
        })
    }
}
