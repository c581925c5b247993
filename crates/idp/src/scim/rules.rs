//! SCIM's rules for people's states: the status table (`active`), the actions offered in each
//! state with their sentences, confirmations, costs and plans, and the state rule of each call.
//!
//! SCIM (RFC 7643 §4.1.1) knows only `active`; it has no lock, no suspension, no soft delete and
//! no sign-out. What deactivating does inside the service is the service's business, so the
//! sentences say so. No wire formats and no I/O here.

use crate::action::{Action, Confirm, Offer, Undo};
use crate::model::{Status, StatusKind, User};
use crate::read::Got;

/// The status table.
pub(super) fn status(active: Got<bool>) -> Status {
    match active {
        Got::Value(true) => Status::new(StatusKind::Active, "active: true"),
        Got::Value(false) => {
            Status::new(StatusKind::Deactivated, "active: false").because("Deactivated in the service")
        }
        Got::Absent => Status::new(StatusKind::Unknown("no active flag".into()), "no active flag"),
        Got::Wrong => Status::new(StatusKind::Unknown("unreadable active flag".into()), "unreadable active flag"),
    }
}

const DEACTIVATE: &str =
    "Sets them inactive in the service, which stops them signing in there. Their account and data are kept.";
const REACTIVATE: &str = "Sets them active again, so they can sign in to the service.";
const DELETE: &str = "Deletes their account from the service for good.";
const DELETE_CAVEAT: &str = "What happens to their data there depends on the service.";

/// What SCIM cannot do, in its terms.
pub(super) const UNSUPPORTED: &[(Action, &str)] = &[
    (
        Action::SignOutEverywhere,
        "SCIM has no call that signs a person out; deactivating usually ends their sessions, depending on the service.",
    ),
    (Action::Unlock, "SCIM does not lock people out, so there is nothing to unlock."),
    (Action::Delete, "SCIM keeps nobody after a delete; Delete permanently removes them."),
];

/// The actions offered for `user` in their current state.
pub(super) fn offers(user: &User) -> Vec<Offer> {
    let delete = || {
        Offer::single(Action::DeletePermanently, DELETE, Confirm::TypeToConfirm, Undo::Irreversible)
            .with_caveat(DELETE_CAVEAT)
    };
    match user.status.kind {
        StatusKind::Active => {
            vec![Offer::single(Action::Deactivate, DEACTIVATE, Confirm::Ask, Undo::Reversible), delete()]
        }
        StatusKind::Deactivated => {
            vec![Offer::single(Action::Reactivate, REACTIVATE, Confirm::No, Undo::Reversible), delete()]
        }
        _ => Vec::new(),
    }
}

/// Whether a SCIM service accepts the single call for `action` from a person in `status`.
pub(super) fn allows(action: Action, status: &Status) -> bool {
    match action {
        Action::Deactivate => status.kind == StatusKind::Active,
        Action::Reactivate => status.kind == StatusKind::Deactivated,
        Action::DeletePermanently => matches!(status.kind, StatusKind::Active | StatusKind::Deactivated),
        _ => false,
    }
}
