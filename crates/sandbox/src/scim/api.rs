//! SCIM's part of the public Rust API: the fixed id of RFC 7643's example user, [`ScimState`] and
//! the `scim_*` methods of [`Sandbox`] (re-exported or reachable from the crate root). This
//! module must not hold state or build HTTP replies; it only forwards to the [`Scim`] simulator.

use super::seed::BJENSEN;
use super::simulator::Scim;
use super::users::PATCH;
use crate::simulator::Simulator;
use crate::Sandbox;

/// Barbara Jensen, RFC 7643's example user (`bjensen`, active, with the enterprise extension).
pub const SCIM_BJENSEN_ID: &str = BJENSEN;

/// What a test may want to know about one SCIM user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScimState {
    /// False once deleted (`DELETE /v2/Users/{id}`): the API answers 404 for them.
    pub exists: bool,
    /// The `active` attribute.
    pub active: bool,
    /// The version behind `meta.version` and the `ETag` (`W/"<version>"`); seeded users start at 1.
    pub version: u64,
    /// Successful PATCH requests since the last reset (read from the shared ledger of changes).
    pub patches: usize,
}

impl Sandbox {
    fn scim(&self) -> &Scim {
        self.simulator::<Scim>()
    }

    /// The SCIM user with this id (case-exact), deleted ones included (`exists: false`); `None`
    /// for an id the simulator never had since the last reset.
    pub fn scim_state(&self, id: &str) -> Option<ScimState> {
        let state = self.scim().with_state(|s| {
            let person = &s.people[s.find_any(id)?];
            Some(ScimState { exists: !person.deleted, active: person.user.active, version: person.version, patches: 0 })
        })?;
        Some(ScimState { patches: self.scim().traffic().requests(id, PATCH), ..state })
    }

    /// Simulates somebody else's edit of this user now (deleted ones included): version + 1,
    /// `title` "Edited elsewhere", `meta.lastModified` now. False for an unknown id.
    pub fn scim_edit(&self, id: &str) -> bool {
        self.scim().with_state(|s| s.find_any(id).map(|i| s.people[i].edit_elsewhere()).is_some())
    }

    /// SCIM users that are not deleted (inactive ones included).
    pub fn scim_user_count(&self) -> usize {
        self.scim().user_count()
    }
}
