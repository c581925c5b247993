//! Acronis's part of the public Rust API: the sandbox's OAuth client id, the root tenant, the
//! connection settings a client needs, [`AcronisState`] and the `acronis_*` methods of
//! [`Sandbox`] (re-exported or reachable from the crate root). This module must not hold state
//! or build HTTP replies; it only forwards to the [`Acronis`] simulator.

use super::simulator::Acronis;
use super::tenants::ROOT;
use crate::simulator::Simulator;
use crate::Sandbox;

/// The OAuth client id the sandbox's `POST /api/2/idp/token` accepts (its client secret is the
/// sandbox API key). Published and test-only: no real Acronis data center has it.
pub const ACRONIS_SANDBOX_CLIENT_ID: &str = "lockdesk-sandbox";

/// The root partner tenant (John Doe's): the tenant whose tree a client searches.
pub const ACRONIS_ROOT_TENANT: &str = ROOT;

/// The connection settings a client of the sandbox needs (the registration row's `settings`).
pub(crate) const CONNECTION_SETTINGS: &[(&str, &str)] = &[("tenant", ACRONIS_ROOT_TENANT)];

/// What a test may want to know about one Acronis person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AcronisState {
    /// `enabled` of the user JSON.
    pub enabled: bool,
    /// `activated` of the user JSON.
    pub activated: bool,
    /// Soft-deleted (found only with `allow_deleted=true`).
    pub deleted: bool,
    /// `version` of the user JSON.
    pub version: u64,
}

impl Sandbox {
    pub(super) fn acronis(&self) -> &Acronis {
        self.simulator::<Acronis>()
    }

    /// A standalone Acronis data center: `/api/2/...` at the root, plus `/_sandbox/...` (unknown
    /// paths answer Acronis's 404 `errorScheme`).
    pub fn acronis_router(&self) -> axum::Router {
        self.acronis().router("").merge(crate::faults::router(self.clone()))
    }

    /// Acronis people that are not (soft-)deleted.
    pub fn acronis_user_count(&self) -> usize {
        self.acronis().user_count()
    }

    /// The Acronis person with this id (any case), deleted ones included.
    pub fn acronis_state(&self, id: &str) -> Option<AcronisState> {
        let id = id.to_ascii_lowercase();
        self.acronis().with_state(|s| {
            let person = &s.people[s.find(&id)?];
            let user = &person.user;
            Some(AcronisState {
                enabled: user.enabled,
                activated: user.activated,
                deleted: person.deleted,
                version: user.version,
            })
        })
    }

    /// Simulates somebody else's edit of this person now (deleted ones included): version + 1 and
    /// `contact.phone` "+1 555 0100". False for an unknown id.
    pub fn acronis_edit(&self, id: &str) -> bool {
        let id = id.to_ascii_lowercase();
        self.acronis().with_state(|s| s.find(&id).map(|i| s.people[i].edit_elsewhere()).is_some())
    }

    /// Successful `POST /api/2/idp/token` exchanges since the last reset.
    pub fn acronis_token_exchanges(&self) -> usize {
        self.acronis().with_state(|s| s.token_exchanges)
    }

    /// API calls let in since the last reset: `(by the sandbox's API key itself, by a token from
    /// `/api/2/idp/token`)`, so a test can tell that a client sent the token it was issued.
    pub fn acronis_bearer_uses(&self) -> (usize, usize) {
        self.acronis().with_state(|s| s.tokens.uses())
    }
}
