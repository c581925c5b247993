//! The changes a person can ask for on the detail page, in one vocabulary across providers, and
//! what an adapter offers for one person: the sentence, how firmly to confirm, what undoing costs,
//! and the plan of steps that carries it out.
//!
//! Labels and roles are the same for every provider (ARCHITECTURE.md's conventions); sentences,
//! losses and plans are each adapter's, in its vendor's own terms. No wire formats here.

use serde::{Deserialize, Serialize};

use crate::operation::Role;

/// A change a person can ask for on the detail page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    Activate,
    Deactivate,
    Reactivate,
    Suspend,
    Unsuspend,
    Unlock,
    ResetFactors,
    SignOutEverywhere,
    Restore,
    /// A soft delete the provider can undo.
    Delete,
    DeletePermanently,
}

impl Action {
    /// Every action, in the order the detail page shows them.
    pub const ALL: [Action; 11] = [
        Action::Activate,
        Action::Reactivate,
        Action::Unlock,
        Action::Unsuspend,
        Action::Restore,
        Action::Suspend,
        Action::Deactivate,
        Action::ResetFactors,
        Action::SignOutEverywhere,
        Action::Delete,
        Action::DeletePermanently,
    ];

    /// The button's label (one vocabulary for every provider).
    pub fn label(self) -> &'static str {
        match self {
            Action::Activate => "Activate",
            Action::Deactivate => "Deactivate",
            Action::Reactivate => "Reactivate",
            Action::Suspend => "Suspend",
            Action::Unsuspend => "Unsuspend",
            Action::Unlock => "Unlock",
            Action::ResetFactors => "Reset factors",
            Action::SignOutEverywhere => "Sign out everywhere",
            Action::Restore => "Restore",
            Action::Delete => "Delete",
            Action::DeletePermanently => "Delete permanently",
        }
    }

    /// The stable machine name of the operation that performs it, for audit lines and logs.
    pub fn operation_name(self) -> &'static str {
        match self {
            Action::Activate => "activate_user",
            Action::Deactivate => "deactivate_user",
            Action::Reactivate => "reactivate_user",
            Action::Suspend => "suspend_user",
            Action::Unsuspend => "unsuspend_user",
            Action::Unlock => "unlock_user",
            Action::ResetFactors => "reset_factors",
            Action::SignOutEverywhere => "sign_out_everywhere",
            Action::Restore => "restore_user",
            Action::Delete => "soft_delete_user",
            Action::DeletePermanently => "delete_user",
        }
    }

    /// The least role allowed to do it: helpdesk for what can be undone, admin for deleting.
    pub fn required_role(self) -> Role {
        match self {
            Action::Delete | Action::DeletePermanently => Role::Admin,
            _ => Role::Helpdesk,
        }
    }

    /// Whether it can never be undone, whatever the provider.
    pub fn is_irreversible(self) -> bool {
        matches!(self, Action::DeletePermanently)
    }
}

/// How firmly the panel asks before it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Confirm {
    /// Start at once.
    No,
    /// A dialog with the consequence and a confirm button repeating the label.
    Ask,
    /// The dialog also asks the operator to type the person's email (or id).
    TypeToConfirm,
}

/// What undoing the action costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Undo {
    /// It can be undone with nothing lost.
    Reversible,
    /// It can be undone, but this is lost for good (in the vendor's own terms).
    Loss(&'static str),
    /// It cannot be undone.
    Irreversible,
}

/// One action offered for one person in their current state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub action: Action,
    /// One plain sentence in the provider's terms: what it does.
    pub sentence: &'static str,
    pub confirm: Confirm,
    pub undo: Undo,
    /// What the provider's call does not do, so confirmations and reports can say so.
    pub caveat: Option<&'static str>,
    /// Whether the operator may choose to let the provider email the person (an activation link)
    /// instead of seeing the link once.
    pub can_email: bool,
    /// The calls that carry it out, in order; the panel re-reads the person between steps.
    pub plan: Plan,
}

impl Offer {
    /// `action` as one call, confirmed as `confirm`, undone at `undo`.
    pub fn single(action: Action, sentence: &'static str, confirm: Confirm, undo: Undo) -> Offer {
        Offer { action, sentence, confirm, undo, caveat: None, can_email: false, plan: Plan::single(action) }
    }

    /// The same offer with a caveat.
    pub fn with_caveat(mut self, caveat: &'static str) -> Offer {
        self.caveat = Some(caveat);
        self
    }
}

/// The ordered steps of an action that takes several calls (Okta: deactivate, then delete). Pure
/// data built by the adapter; the proxy recognises each step on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub steps: Vec<Action>,
    /// Steps of `steps` the operator may leave out ("also sign them out everywhere"): each is a
    /// box in the confirmation, ticked to begin with.
    pub optional: Vec<Action>,
}

impl Plan {
    /// A plan of one step.
    pub fn single(action: Action) -> Plan {
        Plan::of(&[action])
    }

    /// A plan of these steps, none optional.
    pub fn of(steps: &[Action]) -> Plan {
        Plan { steps: steps.to_vec(), optional: Vec::new() }
    }

    /// The same plan with `step` (one of its steps) optional.
    pub fn with_optional(mut self, step: Action) -> Plan {
        if self.steps.contains(&step) {
            self.optional.push(step);
        }
        self
    }

    /// The steps to run when the operator left out `skipped` (only optional steps can be).
    pub fn without(&self, skipped: &[Action]) -> Vec<Action> {
        let left_out = |s: &Action| skipped.contains(s) && self.optional.contains(s);
        self.steps.iter().copied().filter(|s| !left_out(s)).collect()
    }
}
