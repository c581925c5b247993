//! Acronis's rules for people's states: the status table (from `enabled`, `activated`, and
//! whether the person was found only among deleted accounts), the actions offered in each state
//! with their sentences, confirmations, costs and plans, and the state rule of each single call.
//!
//! Acronis deletes only disabled accounts, and a deleted account can be restored (its backups
//! cannot). Every update and delete carries the version last read, so they are offered only when
//! the version could be read. No wire formats and no I/O here.

use crate::action::{Action, Confirm, Offer, Plan, Undo};
use crate::model::{Precondition, Status, StatusKind, User};
use crate::operation::{usual_reached, ReadBack};
use crate::read::Got;

/// The status table. `deleted`: found only by the read of deleted accounts.
pub(super) fn status(enabled: Got<bool>, activated: Got<bool>, deleted: bool) -> Status {
    let unknown = |raw: &str| Status::new(StatusKind::Unknown(raw.to_owned()), raw);
    if deleted {
        return Status::new(StatusKind::DeletedRestorable, "deleted")
            .because("Deleted. An admin can bring the account back, but not its backups.");
    }
    match (enabled, activated) {
        (Got::Value(false), _) => Status::new(StatusKind::Deactivated, "enabled: false").because("Disabled in Acronis"),
        (Got::Value(true), Got::Value(true)) => Status::new(StatusKind::Active, "enabled: true"),
        (Got::Value(true), Got::Value(false) | Got::Absent) => {
            Status::new(StatusKind::NotYetActivated, "enabled: true, activated: false")
                .because("Invited, but has not set up the account yet")
        }
        (Got::Absent, _) => unknown("no enabled flag"),
        _ => unknown("unreadable enabled or activated flag"),
    }
}

/// A person from a search result, which carries no state: only their own page says.
pub(super) fn not_read() -> Status {
    Status::new(StatusKind::Unknown("open them to see".into()), "not in search results")
}

const DEACTIVATE: &str = "Stops them signing in. It also stops the emails Acronis sends them.";
const REACTIVATE: &str = "Lets them sign in again.";
const DELETE: &str = "Deletes their account. An admin can bring it back, but not its backups.";
const DISABLE_THEN_DELETE: &str =
    "Acronis deletes only disabled accounts. So lockdesk disables them first, then deletes them.";
const DELETE_LOSS: &str = "Acronis also unregisters their machines, revokes their plans and deletes their cloud backups. A restore brings back the account, not those.";
const RESTORE: &str = "Brings their account back. Their backups do not come back.";

/// What Acronis cannot do, in its terms.
pub(super) const UNSUPPORTED: &[(Action, &str)] = &[
    (Action::SignOutEverywhere, "Acronis has no call that signs a person out; Deactivate stops new sign-ins."),
    (Action::Unlock, "Acronis does not lock accounts, so there is nothing to unlock."),
    (
        Action::DeletePermanently,
        "Acronis keeps deleted accounts so they can be restored; lockdesk has no call that removes them for good.",
    ),
];

/// The actions offered for `user` in their current state.
pub(super) fn offers(user: &User) -> Vec<Offer> {
    let versioned = matches!(user.precondition, Some(Precondition::Version(_)));
    let deactivate = || Offer::single(Action::Deactivate, DEACTIVATE, Confirm::Ask, Undo::Reversible);
    let delete = |plan: &[Action], sentence| Offer {
        plan: Plan::of(plan),
        ..Offer::single(Action::Delete, sentence, Confirm::TypeToConfirm, Undo::Loss(DELETE_LOSS))
    };
    match user.status.kind {
        StatusKind::Active | StatusKind::NotYetActivated if versioned => {
            vec![deactivate(), delete(&[Action::Deactivate, Action::Delete], DISABLE_THEN_DELETE)]
        }
        StatusKind::Deactivated if versioned => vec![
            Offer::single(Action::Reactivate, REACTIVATE, Confirm::No, Undo::Reversible),
            delete(&[Action::Delete], DELETE),
        ],
        // The plan disabled them before deleting: letting them sign in again is the usual wish.
        StatusKind::DeletedRestorable => vec![Offer {
            plan: Plan::of(&[Action::Restore, Action::Reactivate]).with_optional(Action::Reactivate),
            ..Offer::single(Action::Restore, RESTORE, Confirm::Ask, Undo::Reversible)
        }],
        _ => Vec::new(),
    }
}

/// Whether Acronis accepts the single call for `action` from a person in `status`.
pub(super) fn allows(action: Action, status: &Status) -> bool {
    match action {
        Action::Deactivate => matches!(status.kind, StatusKind::Active | StatusKind::NotYetActivated),
        Action::Reactivate | Action::Delete => status.kind == StatusKind::Deactivated,
        Action::Restore => status.kind == StatusKind::DeletedRestorable,
        _ => false,
    }
}

/// Whether `found` shows `action` made: a restored account may still be disabled.
pub(super) fn reached(action: Action, found: ReadBack<'_>) -> Option<bool> {
    match (action, found) {
        (Action::Restore, ReadBack::Found(status)) if !matches!(status.kind, StatusKind::Unknown(_)) => {
            Some(status.kind != StatusKind::DeletedRestorable)
        }
        _ => usual_reached(action, found),
    }
}
