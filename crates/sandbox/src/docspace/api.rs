//! DocSpace's part of the public Rust API: the fixed ids of the spec's example person and of the
//! portal owner, [`DocSpaceState`] and the `docspace_*` methods of [`Sandbox`] (re-exported or
//! reachable from the crate root). This module must not hold state or build HTTP replies; it only
//! forwards to the [`DocSpace`] simulator.

use super::people::SIGN_OUT;
use super::seed::{MIKE, OLIVIA};
use super::simulator::DocSpace;
use super::status::{REACTIVATE, TERMINATE};
use crate::simulator::Simulator;
use crate::Sandbox;

/// Mike Zanyatski, the spec's example person (`my@gmail.com`, Active).
pub const DOCSPACE_MIKE_ID: &str = MIKE;

/// Olivia Owner, the portal owner (`olivia.owner@example.com`): DocSpace refuses to terminate or
/// delete her.
pub const DOCSPACE_OWNER_ID: &str = OLIVIA;

/// What a test may want to know about one DocSpace person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocSpaceState {
    /// False once deleted (`DELETE /api/2.0/people/{id}`): the API answers 404 for them.
    pub exists: bool,
    /// `status` of the person JSON: 1 Active, 2 Terminated, 4 Pending.
    pub status: u8,
    /// `activationStatus` of the person JSON: 0 not activated, 1 activated, 2 pending.
    pub activation_status: u8,
    /// Sessions ended: `logoutall` calls plus terminations (read from the shared ledger of changes,
    /// which also serves `GET /_sandbox/changes`).
    pub sign_outs: usize,
    /// `PUT /api/2.0/people/status/{status}` requests that set this person's status (a repeated
    /// request counts again, even when it changed nothing).
    pub status_changes: usize,
}

impl Sandbox {
    fn docspace(&self) -> &DocSpace {
        self.simulator::<DocSpace>()
    }

    /// A standalone DocSpace portal: `/api/2.0/...` at the root, plus `/_sandbox/...` (unknown
    /// paths answer DocSpace's 404 error envelope).
    pub fn docspace_router(&self) -> axum::Router {
        self.docspace().router("").merge(crate::faults::router(self.clone()))
    }

    /// DocSpace people that are not deleted (terminated and pending ones included).
    pub fn docspace_user_count(&self) -> usize {
        self.docspace().user_count()
    }

    /// The DocSpace person with this id (any case), deleted ones included (`exists: false`);
    /// `None` for an id DocSpace never had since the last reset.
    pub fn docspace_state(&self, id: &str) -> Option<DocSpaceState> {
        let docspace = self.docspace();
        let (id, exists, status, activation_status) = docspace.with_state(|s| {
            let person = &s.people[s.find_any(id)?];
            Some((person.user.id.clone(), !person.deleted, person.user.status, person.user.activation_status))
        })?;
        let requests = |what| docspace.traffic().requests(&id, what);
        Some(DocSpaceState {
            exists,
            status,
            activation_status,
            sign_outs: requests(SIGN_OUT) + requests(TERMINATE),
            status_changes: requests(TERMINATE) + requests(REACTIVATE),
        })
    }

    /// Sessions this person's had ended since the last reset (`logoutall` calls plus
    /// terminations; 0 for an unknown id).
    pub fn docspace_sign_outs(&self, id: &str) -> usize {
        self.docspace_state(id).map_or(0, |s| s.sign_outs)
    }

    /// Status requests that set this person's status since the last reset (0 for an unknown id).
    pub fn docspace_status_changes(&self, id: &str) -> usize {
        self.docspace_state(id).map_or(0, |s| s.status_changes)
    }

    /// The id of the person (not deleted) with this email, case-insensitively: how a test finds
    /// somebody it created.
    pub fn docspace_id_by_email(&self, email: &str) -> Option<String> {
        self.docspace().with_state(|s| s.find_email(email).map(|i| s.people[i].user.id.clone()))
    }
}
