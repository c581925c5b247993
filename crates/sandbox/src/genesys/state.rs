//! The Genesys simulator's state: people (soft-deleted ones included), the fault settings and the
//! issued access tokens (with the count of which bearer let a call in, kept by `crate::oauth`).
//! Token revocations are counted by the shared ledger of `crate::traffic`, the rate window is
//! its too. Also the one "somebody else
//! edited this person" change shared by the conflict switch and `Sandbox::genesys_edit`. This
//! module must not build HTTP responses.

use super::faults::GenesysFaults;
use super::wire::{User, UserState};
use crate::codec::is_uuid;
use crate::oauth::Tokens;

/// The department somebody else's edit sets.
pub(crate) const EDITED_ELSEWHERE: &str = "Edited elsewhere";

/// Everything about Genesys a request can change.
pub(crate) struct GenesysState {
    /// Every person, deleted ones included, in seed order.
    pub(crate) records: Vec<GenesysRecord>,
    /// Genesys's fault settings.
    pub(crate) faults: GenesysFaults,
    /// Access tokens issued by `/oauth/token` (expired ones are dropped lazily), and the API calls
    /// let in by the sandbox's API key itself and by an issued token, so tests can tell which one
    /// a client sent.
    pub(crate) tokens: Tokens,
}

/// One person.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GenesysRecord {
    /// The user as the API returns it.
    pub(crate) user: User,
}

impl GenesysRecord {
    /// A record of this user.
    pub(crate) fn new(user: User) -> GenesysRecord {
        GenesysRecord { user }
    }

    /// Somebody else's edit: the version moves on and the department changes.
    pub(crate) fn edit_elsewhere(&mut self) {
        self.user.version += 1;
        self.user.department = Some(EDITED_ELSEWHERE.to_string());
    }
}

impl GenesysState {
    /// Fresh state over these seeded records, with default faults and no tokens.
    pub(crate) fn seeded(records: Vec<GenesysRecord>) -> GenesysState {
        GenesysState { records, faults: GenesysFaults::default(), tokens: Tokens::default() }
    }

    /// Seeded records back, default faults, no issued tokens.
    pub(crate) fn reset(&mut self, records: Vec<GenesysRecord>) {
        *self = GenesysState::seeded(records);
    }

    /// Index of the person with this id (a UUID in any case), deleted ones included.
    pub(crate) fn find(&self, id: &str) -> Option<usize> {
        if !is_uuid(id) {
            return None;
        }
        let id = id.to_ascii_lowercase();
        self.records.iter().position(|r| r.user.id == id)
    }

    /// Index of the person with this id unless deleted.
    pub(crate) fn find_live(&self, id: &str) -> Option<usize> {
        self.find(id).filter(|&i| self.records[i].user.state != UserState::Deleted)
    }

    /// Consumes the conflict switch: if it is on, edits the person at `index` elsewhere and turns
    /// the switch off.
    pub(crate) fn take_conflict(&mut self, index: usize) {
        if self.faults.conflict_next_change {
            self.faults.conflict_next_change = false;
            self.records[index].edit_elsewhere();
        }
    }
}
