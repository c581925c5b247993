//! Genesys's part of the public Rust API: the sandbox's OAuth client id and the `genesys_*`
//! methods of [`Sandbox`] (re-exported or reachable from the crate root). This module must not
//! hold state or build HTTP replies; it only forwards to the [`Genesys`] simulator.

use super::simulator::Genesys;
use crate::simulator::Simulator;
use crate::Sandbox;

/// The OAuth client id the sandbox's `POST /oauth/token` accepts (its client secret is the
/// sandbox API key). Published and test-only: no real Genesys org has it.
pub const GENESYS_SANDBOX_CLIENT_ID: &str = "lockdesk-sandbox";

impl Sandbox {
    fn genesys(&self) -> &Genesys {
        self.simulator::<Genesys>()
    }

    /// A standalone Genesys Cloud: `/api/v2/...` and `/oauth/token` at the root, plus
    /// `/_sandbox/...` (unknown paths answer Genesys's 404 `ErrorBody`).
    pub fn genesys_router(&self) -> axum::Router {
        self.genesys().router("").merge(crate::faults::router(self.clone()))
    }

    /// Genesys people that are not (soft-)deleted.
    pub fn genesys_user_count(&self) -> usize {
        self.genesys().user_count()
    }

    /// `(state, version)` of the Genesys person with this id, deleted ones included (the state as
    /// the wire spells it: `active`, `inactive`, `deleted`, or the hostile seed's `suspended`).
    pub fn genesys_state(&self, id: &str) -> Option<(String, u64)> {
        self.genesys().with_state(|g| {
            let user = &g.records[g.find(id)?].user;
            Some((user.state.as_str().to_string(), user.version))
        })
    }

    /// How many times `DELETE /api/v2/tokens/{id}` revoked this person's tokens since the last
    /// reset (0 for an unknown id).
    pub fn genesys_revocations(&self, id: &str) -> usize {
        let id = self.genesys().with_state(|g| g.find(id).map(|i| g.records[i].user.id.clone()));
        id.map_or(0, |id| self.genesys().traffic().requests(&id, "sign_out"))
    }

    /// API calls let in since the last reset: `(by the sandbox's API key itself, by a token
    /// from `/oauth/token`)`, so a test can tell that a client sent the token it was issued.
    pub fn genesys_bearer_uses(&self) -> (usize, usize) {
        self.genesys().with_state(|g| g.tokens.uses())
    }

    /// Simulates somebody else's edit of this person now (deleted ones included): version + 1 and
    /// `department` "Edited elsewhere". False for an unknown id.
    pub fn genesys_edit(&self, id: &str) -> bool {
        self.genesys().with_state(|g| g.find(id).map(|i| g.records[i].edit_elsewhere()).is_some())
    }
}
