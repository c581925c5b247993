//! Genesys Cloud's rules for people's states: the status table (`state` is `active`, `inactive`
//! or `deleted`, lower-case), the actions offered in each state with their sentences,
//! confirmations, costs and plans, and the state rule of each single call.
//!
//! Genesys has no lock and no suspension; a deleted person is kept and can be restored. Every
//! `PATCH` carries the version last read, so the calls that need one are offered only when the
//! version could be read. No wire formats and no I/O here.

use crate::action::{Action, Confirm, Offer, Plan, Undo};
use crate::model::{Precondition, Status, StatusKind, User};
use crate::read::Got;

/// Every `state` Genesys documents.
pub(super) const STATES: [&str; 3] = ["active", "inactive", "deleted"];

/// The status table.
pub(super) fn status(state: Got<&str>) -> Status {
    match state {
        Got::Value("active") => Status::new(StatusKind::Active, "active"),
        Got::Value("inactive") => Status::new(StatusKind::Deactivated, "inactive"),
        Got::Value("deleted") => Status::new(StatusKind::DeletedRestorable, "deleted")
            .because("Deleted in Genesys Cloud; an admin can restore them"),
        Got::Value(other) => Status::new(StatusKind::Unknown(other.to_owned()), other),
        Got::Absent => Status::new(StatusKind::Unknown("no state".into()), "no state"),
        Got::Wrong => Status::new(StatusKind::Unknown("unreadable state".into()), "unreadable state"),
    }
}

/// Genesys's word for a known state.
fn word(status: &Status) -> Option<&'static str> {
    if matches!(status.kind, StatusKind::Unknown(_)) {
        return None;
    }
    STATES.into_iter().find(|w| *w == status.raw)
}

const DEACTIVATE: &str = "Stops them signing in to Genesys Cloud. Their account is kept.";
/// Genesys Cloud resource center, help.mypurecloud.com/?p=245465.
const ROLES_LOSS: &str = "Genesys Cloud takes away their roles. Reactivating gives back only the roles that come from their groups; any other role must be given again.";
const REACTIVATE: &str =
    "Lets them sign in to Genesys Cloud again. They get back only the roles that come from their groups.";
const SIGN_OUT: &str =
    "Ends their Genesys Cloud sign-ins on every device by revoking their tokens. They must sign in again.";
const SIGN_OUT_CAVEAT: &str = "It ends Genesys Cloud's own tokens, not sessions inside other apps.";
const DELETE: &str = "Deletes them from Genesys Cloud. An admin can restore them later.";
const RESTORE: &str = "Brings their Genesys Cloud account back and lets them sign in again. They get back only the roles that come from their groups.";

/// What Genesys cannot do, in its terms.
pub(super) const UNSUPPORTED: &[(Action, &str)] = &[
    (Action::Unlock, "Genesys Cloud does not lock people out, so there is nothing to unlock."),
    (Action::Suspend, "Genesys Cloud has no suspension: Deactivate stops them signing in."),
    (
        Action::DeletePermanently,
        "Genesys Cloud keeps deleted people so they can be restored; it has no call that removes them for good.",
    ),
];

/// The actions offered for `user` in their current state.
pub(super) fn offers(user: &User) -> Vec<Offer> {
    let Some(word) = word(&user.status) else { return Vec::new() };
    // A change of state is a PATCH that must carry the version just read.
    let versioned = matches!(user.precondition, Some(Precondition::Version(_)));
    let sign_out = || {
        Offer::single(Action::SignOutEverywhere, SIGN_OUT, Confirm::No, Undo::Reversible).with_caveat(SIGN_OUT_CAVEAT)
    };
    // Signed out first, then deleted: a deleted person's tokens can no longer be reached.
    let delete = || Offer {
        plan: Plan::of(&[Action::SignOutEverywhere, Action::Delete]).with_optional(Action::SignOutEverywhere),
        ..Offer::single(Action::Delete, DELETE, Confirm::TypeToConfirm, Undo::Loss(ROLES_LOSS))
    };
    let mut offers = Vec::new();
    match word {
        "active" => {
            if versioned {
                offers.push(Offer {
                    plan: Plan::of(&[Action::Deactivate, Action::SignOutEverywhere])
                        .with_optional(Action::SignOutEverywhere),
                    ..Offer::single(Action::Deactivate, DEACTIVATE, Confirm::Ask, Undo::Loss(ROLES_LOSS))
                });
            }
            offers.extend([sign_out(), delete()]);
        }
        "inactive" => {
            if versioned {
                offers.push(Offer::single(Action::Reactivate, REACTIVATE, Confirm::No, Undo::Reversible));
            }
            offers.extend([sign_out(), delete()]);
        }
        _ if versioned => offers.push(Offer::single(Action::Restore, RESTORE, Confirm::Ask, Undo::Reversible)),
        _ => {}
    }
    offers
}

/// Whether Genesys accepts the single call for `action` from a person in `status`.
pub(super) fn allows(action: Action, status: &Status) -> bool {
    let Some(word) = word(status) else { return false };
    match action {
        Action::Deactivate => word == "active",
        Action::Reactivate => word == "inactive",
        Action::Restore => word == "deleted",
        Action::SignOutEverywhere | Action::Delete => word != "deleted",
        _ => false,
    }
}
