//! One person's offboarding plan on one connection: the steps the adapter's `offboarding` order
//! names (stop new sign-ins, end open sessions), then the destructive ones it offers (Delete,
//! Delete permanently), each with the adapter's own sentence and undo cost, and whether it can be
//! ticked (ticked to begin with unless it deletes or cannot be undone; a step that can be undone
//! at a loss, such as Okta's deactivation, is ticked and shows its loss). Steps that cannot run here say why:
//! already done, covered by an earlier step, not offered in this state, the provider cannot, or the
//! operator's role is too low. Pure: built from a read of the person, nothing is sent.

use idp::operation::ReadBack;
use idp::{Action, IdentityProvider, Role, Undo, User};
use serde::Serialize;

/// The destructive steps a plan may hold, last and unticked.
const DESTRUCTIVE: [Action; 2] = [Action::Delete, Action::DeletePermanently];

/// Whether a step can be chosen, and if not, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum StepChoice {
    /// A box, ticked to begin with.
    On,
    /// A box left unticked to begin with: the step cannot be undone, or not fully.
    Off,
    /// The account is already so ("Cannot sign in · Deactivated").
    AlreadyDone(String),
    /// An earlier step already does it (DocSpace: terminating ends every session).
    Covered(Action),
    /// Not offered while the account is in this state.
    NotOffered(String),
    /// The provider has no such call; its sentence.
    Unsupported(&'static str),
    /// The operator's role does not allow it.
    NeedsRole(Role),
}

impl StepChoice {
    /// Whether the step has a box the operator may tick.
    pub fn can_run(&self) -> bool {
        matches!(self, StepChoice::On | StepChoice::Off)
    }
}

/// One row of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedStep {
    pub action: Action,
    /// The adapter's sentence for it, or why it cannot run.
    pub sentence: String,
    /// What undoing it costs (`None` when it will not run).
    #[serde(skip)]
    pub undo: Option<Undo>,
    pub choice: StepChoice,
    /// The calls it makes, in order (Okta deletes by deactivating first).
    pub calls: Vec<Action>,
}

impl PlannedStep {
    /// What undoing it loses, in the vendor's terms, when it cannot be fully undone.
    pub fn undo_cost(&self) -> Option<&'static str> {
        match self.undo? {
            Undo::Reversible => None,
            Undo::Loss(what) => Some(what),
            Undo::Irreversible => Some("This cannot be undone."),
        }
    }
}

/// The plan for one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountPlan {
    pub steps: Vec<PlannedStep>,
}

impl AccountPlan {
    /// The actions ticked to begin with.
    pub fn ticked_by_default(&self) -> Vec<Action> {
        self.steps.iter().filter(|s| s.choice == StepChoice::On).map(|s| s.action).collect()
    }

    /// The calls to make when the operator ticked `ticked`, in the plan's order, each call once.
    pub fn calls(&self, ticked: &[Action]) -> Vec<Action> {
        let mut calls: Vec<Action> = Vec::new();
        for step in self.steps.iter().filter(|s| s.choice.can_run() && ticked.contains(&s.action)) {
            for call in &step.calls {
                if !calls.contains(call) {
                    calls.push(*call);
                }
            }
        }
        calls
    }
}

/// The plan for `user` on the connection `adapter` speaks to, for an operator with `role`.
pub fn plan_for(adapter: &dyn IdentityProvider, user: &User, role: Role) -> AccountPlan {
    let offers = adapter.offers(user);
    let order: Vec<Action> = adapter.offboarding().iter().copied().chain(DESTRUCTIVE).collect();
    let rows: Vec<Action> = order.iter().copied().filter(|a| offers.iter().any(|o| o.action == *a)).collect();
    let mut steps: Vec<PlannedStep> = Vec::new();
    for action in order {
        let offer = offers.iter().find(|o| o.action == action);
        let covered_by = steps
            .iter()
            .find(|s| s.choice == StepChoice::On && adapter.ends_sessions(s.action))
            .map(|s| s.action)
            .filter(|_| action == Action::SignOutEverywhere);
        let step = match (offer, covered_by) {
            (_, Some(by)) => {
                not_run(action, StepChoice::Covered(by), format!("{} already ends every session.", by.label()))
            }
            (Some(offer), None) => {
                // An optional call that is a row of its own is that row's to choose.
                let left_out: Vec<Action> =
                    offer.plan.optional.iter().copied().filter(|a| rows.contains(a) && *a != action).collect();
                let choice = if role < action.required_role() {
                    StepChoice::NeedsRole(action.required_role())
                } else if offer.undo != Undo::Irreversible && !DESTRUCTIVE.contains(&action) {
                    StepChoice::On
                } else {
                    StepChoice::Off
                };
                PlannedStep {
                    action,
                    sentence: offer.sentence.to_string(),
                    undo: Some(offer.undo),
                    choice,
                    calls: offer.plan.without(&left_out),
                }
            }
            (None, None) => match unavailable(adapter, user, action) {
                Some((choice, why)) => not_run(action, choice, why),
                None => continue,
            },
        };
        steps.push(step);
    }
    AccountPlan { steps }
}

fn not_run(action: Action, choice: StepChoice, sentence: String) -> PlannedStep {
    PlannedStep { action, sentence, undo: None, choice, calls: Vec::new() }
}

/// Why `action` is not offered for `user`, or `None` for a destructive step that is simply not
/// offered (it is not part of offboarding there).
fn unavailable(adapter: &dyn IdentityProvider, user: &User, action: Action) -> Option<(StepChoice, String)> {
    let label = user.status.label();
    if let Some((_, why)) = adapter.unsupported().iter().find(|(a, _)| *a == action) {
        if DESTRUCTIVE.contains(&action) {
            return None;
        }
        return Some((StepChoice::Unsupported(why), why.to_string()));
    }
    if DESTRUCTIVE.contains(&action) {
        return None;
    }
    if adapter.reached(action, ReadBack::Found(&user.status)) == Some(true) {
        return Some((StepChoice::AlreadyDone(label.clone()), format!("Already done: the account is {label}.")));
    }
    Some((StepChoice::NotOffered(label.clone()), format!("Not offered while the account is {label}.")))
}

#[cfg(test)]
mod tests;
