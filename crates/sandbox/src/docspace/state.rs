//! The DocSpace simulator's state: people (deleted ones kept as tombstones, so `docspace_state`
//! still knows them) with what the person JSON does not show, and the fault settings. Their
//! sign-outs and status changes are counted by the shared ledger of `crate::traffic`, the rate
//! window is its too. This module must not build HTTP responses.

use super::faults::DocSpaceFaults;
use super::wire::{Employee, ACTIVE};
use crate::codec::is_uuid;

/// Everything about DocSpace a request can change.
pub(crate) struct DocSpaceStore {
    /// Every person, deleted ones included, in seed (then creation) order.
    pub(crate) people: Vec<Person>,
    /// DocSpace's fault settings.
    pub(crate) faults: DocSpaceFaults,
}

/// One person and what the person JSON does not show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Person {
    /// The person as the API returns them.
    pub(crate) user: Employee,
    /// Deleted for good: invisible to the API, kept only for `Sandbox::docspace_state`.
    pub(crate) deleted: bool,
    /// Terminated while still an unaccepted invitation (status 4, not activated): a reactivation
    /// brings them back Pending.
    pub(crate) pending_before_termination: bool,
}

impl Person {
    /// A live person.
    pub(crate) fn new(user: Employee) -> Person {
        Person { user, deleted: false, pending_before_termination: false }
    }
}

impl DocSpaceStore {
    /// Fresh state over these seeded people, with default faults.
    pub(crate) fn seeded(people: Vec<Person>) -> DocSpaceStore {
        DocSpaceStore { people, faults: DocSpaceFaults::default() }
    }

    /// Index of the live person with this id (a UUID in any case).
    pub(crate) fn find(&self, id: &str) -> Option<usize> {
        self.find_any(id).filter(|&i| !self.people[i].deleted)
    }

    /// Index of the person with this id, deleted ones included.
    pub(crate) fn find_any(&self, id: &str) -> Option<usize> {
        if !is_uuid(id) {
            return None;
        }
        let id = id.to_ascii_lowercase();
        self.people.iter().position(|p| p.user.id == id)
    }

    /// Index of the live person with this email (case-insensitive).
    pub(crate) fn find_email(&self, email: &str) -> Option<usize> {
        let email = email.to_lowercase();
        self.people.iter().position(|p| !p.deleted && p.user.email.to_lowercase() == email)
    }

    /// The live people.
    pub(crate) fn live(&self) -> impl Iterator<Item = &Person> {
        self.people.iter().filter(|p| !p.deleted)
    }

    /// Live people with status Active (the ones the seat limit counts).
    pub(crate) fn active_count(&self) -> usize {
        self.live().filter(|p| p.user.status == ACTIVE).count()
    }
}
