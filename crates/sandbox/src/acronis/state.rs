//! The Acronis simulator's state: people (soft-deleted ones included), the fault settings, the
//! issued access tokens and the counters tests read (token exchanges, and which bearer let a call
//! in, kept with the tokens by `crate::oauth`). Also the one "somebody else edited this person"
//! change shared by the conflict switch and `Sandbox::acronis_edit`. The tenants are fixed (see
//! `seed`). This module must not build HTTP responses.

use super::faults::AcronisFaults;
use super::wire::User;
use crate::oauth::Tokens;

/// The phone number somebody else's edit sets.
pub(crate) const EDITED_PHONE: &str = "+1 555 0100";

/// Everything about Acronis a request can change.
pub(crate) struct AcronisStore {
    /// Every person, deleted ones included, in seed order.
    pub(crate) people: Vec<Person>,
    /// Acronis's fault settings.
    pub(crate) faults: AcronisFaults,
    /// Access tokens issued by `/api/2/idp/token` (expired ones are dropped lazily), and the API
    /// calls let in by the sandbox's API key itself and by an issued token.
    pub(crate) tokens: Tokens,
    /// Successful token exchanges.
    pub(crate) token_exchanges: usize,
}

/// One person and what the user JSON does not show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Person {
    /// The account as the API returns it.
    pub(crate) user: User,
    /// Soft-deleted: found only with `allow_deleted=true`, and by restore.
    pub(crate) deleted: bool,
}

impl Person {
    /// Somebody else's edit: the version moves on and the phone number changes.
    pub(crate) fn edit_elsewhere(&mut self) {
        self.user.version += 1;
        self.user.contact.phone = EDITED_PHONE.to_string();
    }
}

impl AcronisStore {
    /// Fresh state over these seeded people, with default faults, no tokens and zero counters.
    pub(crate) fn seeded(people: Vec<Person>) -> AcronisStore {
        AcronisStore { people, faults: AcronisFaults::default(), tokens: Tokens::default(), token_exchanges: 0 }
    }

    /// Index of the person with this id (ids are lowercase), deleted ones included.
    pub(crate) fn find(&self, id: &str) -> Option<usize> {
        self.people.iter().position(|p| p.user.id == id)
    }

    /// Index of the person with this id unless deleted.
    pub(crate) fn find_live(&self, id: &str) -> Option<usize> {
        self.find(id).filter(|&i| !self.people[i].deleted)
    }

    /// Consumes the conflict switch: if it is on, edits the person at `index` elsewhere and turns
    /// the switch off.
    pub(crate) fn take_conflict(&mut self, index: usize) {
        if self.faults.conflict_next_change {
            self.faults.conflict_next_change = false;
            self.people[index].edit_elsewhere();
        }
    }
}
