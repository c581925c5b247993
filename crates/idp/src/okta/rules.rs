//! Okta's rules for people's states: the status table, the actions offered in each state (with
//! their sentences, confirmations, undo costs and plans), the state rule of each single call, and
//! what a read after a change shows.
//!
//! Everything is decided from Okta's own status word (`Status::raw`), as the spec states its rules
//! in those words. Nothing is offered or allowed while Okta is still changing the person's state or
//! when the state is unknown. No wire formats and no I/O here.

use crate::action::{Action, Confirm, Offer, Plan, Undo};
use crate::model::{SignIn, Status, StatusKind};
use crate::operation::{usual_reached, ReadBack};
use crate::read::Got;

/// Every status word Okta documents (`UserStatus`).
pub(super) const STATUS_WORDS: [&str; 8] =
    ["ACTIVE", "DEPROVISIONED", "LOCKED_OUT", "PASSWORD_EXPIRED", "PROVISIONED", "RECOVERY", "STAGED", "SUSPENDED"];

/// The status table: Okta's `status` and `transitioningToStatus` as one `Status`.
pub(super) fn status(word: Got<&str>, heading: Got<&str>) -> Status {
    let unknown = |raw: &str| Status::new(StatusKind::Unknown(raw.to_owned()), raw);
    let mut status = match word {
        Got::Value(raw) => settled(raw),
        Got::Absent => unknown("no status"),
        Got::Wrong => unknown("unreadable status"),
    };
    status.transitioning_to = match heading {
        Got::Absent => None,
        Got::Value("ACTIVE") => Some(StatusKind::Active),
        Got::Value("DEPROVISIONED") => Some(StatusKind::Deactivated),
        Got::Value("PROVISIONED") => Some(StatusKind::NotYetActivated),
        Got::Value(other) => Some(StatusKind::Unknown(other.to_owned())),
        Got::Wrong => Some(StatusKind::Unknown("unreadable transitioningToStatus".into())),
    };
    status
}

fn settled(raw: &str) -> Status {
    let of = |kind| Status::new(kind, raw);
    match raw {
        "ACTIVE" => of(StatusKind::Active),
        "PASSWORD_EXPIRED" => of(StatusKind::Active).because("Must choose a new password at next sign-in"),
        // The spec (resetPassword): "not able to sign in ... until they complete the reset flow".
        "RECOVERY" => Status { sign_in: SignIn::Blocked, ..of(StatusKind::Active) }
            .because("Is resetting their password and cannot sign in until they finish"),
        "LOCKED_OUT" => of(StatusKind::LockedOut).because("Locked out after failed sign-ins"),
        "SUSPENDED" => of(StatusKind::Suspended).because("Suspended by an admin"),
        "DEPROVISIONED" => of(StatusKind::Deactivated),
        "STAGED" => of(StatusKind::NotYetActivated).because("Created but not activated yet"),
        "PROVISIONED" => {
            of(StatusKind::NotYetActivated).because("Activation sent; waiting for the person to set up their account")
        }
        _ => of(StatusKind::Unknown(raw.to_owned())),
    }
}

/// Okta's word for a settled, known status; `None` while it is changing or unknown.
fn settled_word(status: &Status) -> Option<&'static str> {
    if status.is_changing() || matches!(status.kind, StatusKind::Unknown(_)) {
        return None;
    }
    STATUS_WORDS.into_iter().find(|w| *w == status.raw)
}

/// What is offered in each state, in the order the spec's rules give them.
fn offered_in(word: &str) -> &'static [Action] {
    use Action::*;
    match word {
        "STAGED" => &[Activate, Deactivate, DeletePermanently],
        "PROVISIONED" => &[Reactivate, Deactivate, DeletePermanently],
        "ACTIVE" => &[Suspend, Deactivate, ResetFactors, SignOutEverywhere, DeletePermanently],
        "PASSWORD_EXPIRED" => &[Deactivate, ResetFactors, SignOutEverywhere, DeletePermanently],
        "RECOVERY" => &[Reactivate, Deactivate, ResetFactors, SignOutEverywhere, DeletePermanently],
        "LOCKED_OUT" => &[Unlock, Deactivate, ResetFactors, SignOutEverywhere, DeletePermanently],
        "SUSPENDED" => &[Unsuspend, Deactivate, SignOutEverywhere, DeletePermanently],
        "DEPROVISIONED" => &[Activate, DeletePermanently],
        _ => &[],
    }
}

const ACTIVATE_NEW: &str = "Starts their Okta account. They set it up with a one-time link.";
const ACTIVATE_AGAIN: &str = "Turns their Okta account back on. They set it up again with a one-time link.";
const REACTIVATE: &str = "Starts their account setup again with a new one-time link.";
const DEACTIVATE: &str = "Stops them signing in and takes them out of all their apps.";
const DEACTIVATE_LOSS: &str =
    "Okta deprovisions them from all assigned apps, which might destroy their data such as email or files.";
const SUSPEND: &str = "Stops them signing in for now. Their apps and groups are kept.";
const UNSUSPEND: &str = "Lets them sign in again.";
const UNLOCK: &str = "Lets them sign in again with their current password.";
const RESET_FACTORS: &str = "Removes their extra sign-in checks, such as a phone app. They must set them up again.";
const SIGN_OUT: &str = "Ends their Okta sign-ins on every device. They must sign in again.";
const SIGN_OUT_CAVEAT: &str = "Okta ends its own sessions and tokens, but not the sessions inside other apps.";
const DELETE: &str = "Removes them from Okta for good. This cannot be undone.";
const DEACTIVATE_THEN_DELETE: &str =
    "Deactivates them first, then removes them from Okta for good. This cannot be undone.";

/// The actions offered for a person in `status`.
pub(super) fn offers(status: &Status) -> Vec<Offer> {
    let Some(word) = settled_word(status) else { return Vec::new() };
    offered_in(word).iter().filter_map(|action| offer(*action, word)).collect()
}

fn offer(action: Action, word: &str) -> Option<Offer> {
    let deprovisioned = word == "DEPROVISIONED";
    let reversible = |sentence| Offer::single(action, sentence, Confirm::No, Undo::Reversible);
    let emailable = |sentence| Offer { can_email: true, ..reversible(sentence) };
    Some(match action {
        Action::Activate if deprovisioned => emailable(ACTIVATE_AGAIN),
        Action::Activate => emailable(ACTIVATE_NEW),
        Action::Reactivate => emailable(REACTIVATE),
        Action::Deactivate => Offer::single(action, DEACTIVATE, Confirm::Ask, Undo::Loss(DEACTIVATE_LOSS)),
        Action::Suspend => Offer::single(action, SUSPEND, Confirm::Ask, Undo::Reversible),
        Action::Unsuspend => reversible(UNSUSPEND),
        Action::Unlock => reversible(UNLOCK),
        Action::ResetFactors => Offer::single(action, RESET_FACTORS, Confirm::Ask, Undo::Reversible),
        Action::SignOutEverywhere => reversible(SIGN_OUT).with_caveat(SIGN_OUT_CAVEAT),
        // Never "the first DELETE only deactivates": deactivating is its own step, re-read after.
        Action::DeletePermanently if deprovisioned => {
            Offer::single(action, DELETE, Confirm::TypeToConfirm, Undo::Irreversible)
        }
        Action::DeletePermanently => Offer {
            plan: Plan::of(&[Action::Deactivate, Action::DeletePermanently]),
            ..Offer::single(action, DEACTIVATE_THEN_DELETE, Confirm::TypeToConfirm, Undo::Irreversible)
        },
        // Not Okta operations.
        Action::Restore | Action::Delete => return None,
    })
}

/// Whether Okta accepts the single call for `action` from a person in `status`.
pub(super) fn allows(action: Action, status: &Status) -> bool {
    let Some(word) = settled_word(status) else { return false };
    match action {
        Action::Activate => matches!(word, "STAGED" | "DEPROVISIONED"),
        Action::Deactivate | Action::SignOutEverywhere => word != "DEPROVISIONED",
        Action::Reactivate => matches!(word, "PROVISIONED" | "RECOVERY"),
        Action::Suspend => word == "ACTIVE",
        Action::Unsuspend => word == "SUSPENDED",
        Action::Unlock => word == "LOCKED_OUT",
        Action::ResetFactors => matches!(word, "ACTIVE" | "PASSWORD_EXPIRED" | "RECOVERY" | "LOCKED_OUT"),
        Action::DeletePermanently => word == "DEPROVISIONED",
        Action::Restore | Action::Delete => false,
    }
}

/// Whether `found` shows `action` made, where Okta's states say more than the usual reading.
pub(super) fn reached(action: Action, found: ReadBack<'_>) -> Option<bool> {
    let ReadBack::Found(status) = found else { return usual_reached(action, found) };
    if matches!(status.kind, StatusKind::Unknown(_)) {
        return None;
    }
    let heading = status.transitioning_to.as_ref();
    let settled = |word: &str| heading.is_none() && status.raw == word;
    match action {
        // A person without a password stays PROVISIONED until they use the link: still made.
        Action::Activate => match heading {
            Some(StatusKind::Active | StatusKind::NotYetActivated) => Some(true),
            Some(_) => None,
            None if settled("ACTIVE") || settled("PROVISIONED") => Some(true),
            None if settled("STAGED") || settled("DEPROVISIONED") => Some(false),
            None => None,
        },
        // PROVISIONED before and after looks the same whether or not the setup was restarted.
        Action::Reactivate if settled("RECOVERY") => Some(false),
        Action::Reactivate if heading == Some(&StatusKind::NotYetActivated) => Some(true),
        Action::Reactivate => None,
        Action::Unlock if settled("ACTIVE") || heading == Some(&StatusKind::Active) => Some(true),
        Action::Unlock if settled("LOCKED_OUT") => Some(false),
        Action::Unlock => None,
        _ => usual_reached(action, found),
    }
}

/// Whether `before` and `after` show a reactivation restarted a password recovery's setup.
pub(super) fn restarted_setup(before: &Status, after: &Status) -> bool {
    settled_word(before) == Some("RECOVERY") && settled_word(after) == Some("PROVISIONED")
}
