//! DocSpace's rules for people's states: the status table (`status` 1 Active, 2 Terminated, 4
//! Pending invitation), the actions offered in each state with their sentences, confirmations,
//! costs and plans, the state rule of each single call, and the kinds of account lockdesk creates.
//!
//! DocSpace deletes only terminated people, for good, and never terminates the portal's owner.
//! Terminating ends every session of the person. No wire formats and no I/O here.

use crate::action::{Action, Confirm, Offer, Plan, Undo};
use crate::create::PersonType;
use crate::model::{Status, StatusKind, User};
use crate::operation::{usual_reached, ReadBack};
use crate::read::Got;

/// DocSpace's `EmployeeStatus` values lockdesk sets.
pub(super) const ACTIVE: i64 = 1;
pub(super) const TERMINATED: i64 = 2;

/// The status table. `owner`: the portal owner, whom DocSpace never terminates.
pub(super) fn status(status: Got<i64>) -> Status {
    match status {
        Got::Value(1) => Status::new(StatusKind::Active, "status 1 (Active)"),
        Got::Value(2) => {
            Status::new(StatusKind::Deactivated, "status 2 (Terminated)").because("Terminated in DocSpace")
        }
        Got::Value(4) => Status::new(StatusKind::NotYetActivated, "status 4 (Pending)")
            .because("Invited, but has not accepted the invitation yet"),
        Got::Value(other) => Status::new(StatusKind::Unknown(format!("status {other}")), format!("status {other}")),
        Got::Absent => Status::new(StatusKind::Unknown("no status".into()), "no status"),
        Got::Wrong => Status::new(StatusKind::Unknown("unreadable status".into()), "unreadable status"),
    }
}

/// The kinds of account (`EmployeeType`), the everyday one first; 0 ("All") is only a filter.
pub(super) const PERSON_TYPES: &[PersonType] = &[
    PersonType { code: "4", label: "User", hint: "Works in the rooms they are invited to.", admin: false },
    PersonType {
        code: "1",
        label: "Room admin",
        hint: "Creates and manages rooms, and invites people to them.",
        admin: false,
    },
    PersonType {
        code: "3",
        label: "DocSpace admin",
        hint: "Manages the whole DocSpace: its people, rooms and settings.",
        admin: true,
    },
    PersonType { code: "2", label: "Guest", hint: "Sees only the rooms shared with them.", admin: false },
];

const DEACTIVATE: &str = "Stops them signing in to DocSpace and ends every session they have. Their files are kept.";
const REACTIVATE: &str = "Lets them sign in to DocSpace again. It needs a free seat in your plan.";
const SIGN_OUT: &str = "Ends their DocSpace sessions on every device. They must sign in again.";
const DELETE: &str = "Deletes them from DocSpace for good.";
const TERMINATE_THEN_DELETE: &str =
    "DocSpace deletes only deactivated people. So lockdesk deactivates them first, then deletes them for good.";

/// What DocSpace cannot do, in its terms.
pub(super) const UNSUPPORTED: &[(Action, &str)] = &[
    (Action::Unlock, "DocSpace does not lock people out, so there is nothing to unlock."),
    (Action::Suspend, "DocSpace has no suspension: Deactivate stops them signing in."),
    (Action::Delete, "DocSpace keeps nobody after a delete; Delete removes them for good."),
];

/// The actions offered for `user` in their current state; `owner` when DocSpace never terminates
/// them (the portal's owner, LDAP accounts).
pub(super) fn offers(user: &User, owner: bool) -> Vec<Offer> {
    let sign_out = || Offer::single(Action::SignOutEverywhere, SIGN_OUT, Confirm::No, Undo::Reversible);
    let delete = |plan: &[Action], sentence| Offer {
        plan: Plan::of(plan),
        ..Offer::single(Action::DeletePermanently, sentence, Confirm::TypeToConfirm, Undo::Irreversible)
    };
    let deactivate = || Offer::single(Action::Deactivate, DEACTIVATE, Confirm::Ask, Undo::Reversible);
    match user.status.kind {
        // DocSpace refuses to terminate or delete its owner and LDAP accounts: only signing out.
        StatusKind::Active if owner => vec![sign_out()],
        StatusKind::Active => vec![
            deactivate(),
            sign_out(),
            delete(&[Action::Deactivate, Action::DeletePermanently], TERMINATE_THEN_DELETE),
        ],
        StatusKind::NotYetActivated if !owner => {
            vec![deactivate(), delete(&[Action::Deactivate, Action::DeletePermanently], TERMINATE_THEN_DELETE)]
        }
        StatusKind::Deactivated => vec![
            Offer::single(Action::Reactivate, REACTIVATE, Confirm::No, Undo::Reversible),
            delete(&[Action::DeletePermanently], DELETE),
        ],
        _ => Vec::new(),
    }
}

/// Whether DocSpace accepts the single call for `action` from a person in `status`.
pub(super) fn allows(action: Action, status: &Status) -> bool {
    match action {
        Action::Deactivate => matches!(status.kind, StatusKind::Active | StatusKind::NotYetActivated),
        Action::Reactivate | Action::DeletePermanently => status.kind == StatusKind::Deactivated,
        Action::SignOutEverywhere => status.kind == StatusKind::Active,
        _ => false,
    }
}

/// Whether `found` shows `action` made: a reactivated invitee comes back pending, not active.
pub(super) fn reached(action: Action, found: ReadBack<'_>) -> Option<bool> {
    match (action, found) {
        (Action::Reactivate, ReadBack::Found(status)) if status.kind == StatusKind::NotYetActivated => Some(true),
        _ => usual_reached(action, found),
    }
}
