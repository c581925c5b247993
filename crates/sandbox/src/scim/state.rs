//! The SCIM simulator's state: every person (deleted ones kept, flagged, so their counters stay
//! readable), their version and dates, and the fault settings (their PATCH requests are counted
//! by the shared ledger of `crate::traffic`); plus rendering a person as the
//! User resource a reply carries (`meta` filled in) and their entity tag.
//!
//! Ids are case-exact (RFC 7643 §3.1): a lookup matches the id byte for byte. This module must
//! not build HTTP replies.

use super::clock::{date_time, now_ms};
use super::faults::ScimFaults;
use super::wire::{Meta, User};

/// The title somebody else's edit sets.
pub(crate) const EDITED_TITLE: &str = "Edited elsewhere";

/// One person as the simulator keeps them.
#[derive(Debug, Clone)]
pub(crate) struct Person {
    /// The resource without `meta` (see [`Person::render`]).
    pub(crate) user: User,
    /// Bumped by every change: `meta.version` and the `ETag` are `W/"<version>"`.
    pub(crate) version: u64,
    /// `meta.created`, epoch milliseconds.
    pub(crate) created_ms: i64,
    /// `meta.lastModified`, epoch milliseconds.
    pub(crate) modified_ms: i64,
    /// Gone (`DELETE`): the API answers 404.
    pub(crate) deleted: bool,
}

impl Person {
    /// A seeded person at version 1, never patched.
    pub(crate) fn new(user: User, created_ms: i64, modified_ms: i64) -> Person {
        Person { user, version: 1, created_ms, modified_ms, deleted: false }
    }

    /// `W/"<version>"`.
    pub(crate) fn etag(&self) -> String {
        format!("W/\"{}\"", self.version)
    }

    /// A change now: version + 1, `lastModified` now.
    pub(crate) fn touch(&mut self) {
        self.version += 1;
        self.modified_ms = self.modified_ms.max(now_ms());
    }

    /// Somebody else's edit: the title becomes [`EDITED_TITLE`], and [`Person::touch`].
    pub(crate) fn edit_elsewhere(&mut self) {
        self.user.title = Some(EDITED_TITLE.to_string());
        self.touch();
    }

    /// The User resource with `meta` (`location` = `<base>/Users/<id>`; `version` only with
    /// `etags`).
    pub(crate) fn render(&self, base: &str, etags: bool) -> User {
        let mut user = self.user.clone();
        user.meta = Some(Meta {
            resource_type: "User".into(),
            created: Some(date_time(self.created_ms)),
            last_modified: Some(date_time(self.modified_ms)),
            location: format!("{base}/Users/{}", self.user.id),
            version: etags.then(|| self.etag()),
        });
        user
    }
}

/// Everything the SCIM simulator keeps.
#[derive(Debug, Clone)]
pub(crate) struct ScimStore {
    /// Named people first, then generated ones (see `seed`).
    pub(crate) people: Vec<Person>,
    /// The fault settings.
    pub(crate) faults: ScimFaults,
}

impl ScimStore {
    /// Fresh state over these seeded people, with default faults.
    pub(crate) fn seeded(people: Vec<Person>) -> ScimStore {
        ScimStore { people, faults: ScimFaults::default() }
    }

    /// Index of the person with this id (case-exact), deleted ones included.
    pub(crate) fn find_any(&self, id: &str) -> Option<usize> {
        self.people.iter().position(|p| p.user.id == id)
    }

    /// Index of the live person with this id.
    pub(crate) fn find(&self, id: &str) -> Option<usize> {
        self.find_any(id).filter(|&i| !self.people[i].deleted)
    }

    /// The live people.
    pub(crate) fn live(&self) -> impl Iterator<Item = &Person> {
        self.people.iter().filter(|p| !p.deleted)
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
