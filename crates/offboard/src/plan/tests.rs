//! Plans for every registered provider, from the people each adapter's samples read as.

use idp::contract::Person;
use idp::{Action, IdentityProvider, Operation, ProviderKind, Reply, Role, StatusKind, User, UserId};

use super::*;

fn read(adapter: &dyn IdentityProvider, person: &Person) -> User {
    let mut resp = http::Response::builder().status(200);
    for (k, v) in &person.headers {
        resp = resp.header(*k, v.as_str());
    }
    let resp = resp.body(person.body.clone().into_bytes()).unwrap();
    let op = Operation::GetUser { id: UserId::parse("x").unwrap() };
    match adapter.interpret(&op, &resp) {
        Ok(Reply::User(user)) => *user,
        other => panic!("{:?}: {other:?}", adapter.kind()),
    }
}

/// Each provider's adapter and the people its samples read as.
fn everyone() -> Vec<(ProviderKind, Box<dyn IdentityProvider>, Vec<User>)> {
    idp::REGISTRY
        .iter()
        .map(|r| {
            let samples = (r.samples)();
            let adapter = (r.open)(&samples.settings).unwrap();
            let people = samples.people.iter().map(|p| read(adapter.as_ref(), p)).collect();
            (r.kind, adapter, people)
        })
        .collect()
}

fn active(kind: ProviderKind) -> (Box<dyn IdentityProvider>, User) {
    let (_, adapter, people) = everyone().into_iter().find(|(k, _, _)| *k == kind).unwrap();
    let user = people
        .into_iter()
        .find(|u| u.status.kind == StatusKind::Active && !adapter.offers(u).is_empty())
        .unwrap_or_else(|| panic!("{kind:?} has no active sample"));
    (adapter, user)
}

#[test]
fn an_active_person_is_offboarded_in_each_providers_own_order() {
    use Action::*;
    let expected: [(ProviderKind, &[Action]); 6] = [
        (ProviderKind::FusionAuth, &[Deactivate, SignOutEverywhere]),
        // Okta refuses to end a deactivated person's sessions.
        (ProviderKind::Okta, &[SignOutEverywhere, Deactivate]),
        (ProviderKind::Genesys, &[Deactivate, SignOutEverywhere]),
        (ProviderKind::Acronis, &[Deactivate]),
        // Terminating ends every session.
        (ProviderKind::DocSpace, &[Deactivate]),
        (ProviderKind::Scim, &[Deactivate]),
    ];
    for (kind, calls) in expected {
        let (adapter, user) = active(kind);
        let plan = plan_for(adapter.as_ref(), &user, Role::Admin);
        assert_eq!(plan.calls(&plan.ticked_by_default()), calls, "{kind:?}: {plan:#?}");
    }
}

#[test]
fn steps_that_cannot_run_say_why() {
    let (adapter, user) = active(ProviderKind::DocSpace);
    let plan = plan_for(adapter.as_ref(), &user, Role::Admin);
    let sign_out = plan.steps.iter().find(|s| s.action == Action::SignOutEverywhere).unwrap();
    assert_eq!(sign_out.choice, StepChoice::Covered(Action::Deactivate));
    assert_eq!(sign_out.sentence, "Deactivate already ends every session.");

    let (adapter, user) = active(ProviderKind::Acronis);
    let plan = plan_for(adapter.as_ref(), &user, Role::Admin);
    let sign_out = plan.steps.iter().find(|s| s.action == Action::SignOutEverywhere).unwrap();
    assert!(matches!(sign_out.choice, StepChoice::Unsupported(_)));
    assert!(sign_out.sentence.contains("Acronis has no call that signs a person out"), "{}", sign_out.sentence);
}

#[test]
fn destructive_steps_are_last_and_unticked_and_need_an_admin() {
    for (kind, adapter, people) in everyone() {
        for user in &people {
            let plan = plan_for(adapter.as_ref(), user, Role::Admin);
            let mut seen_destructive = false;
            for step in &plan.steps {
                let destructive = DESTRUCTIVE.contains(&step.action);
                assert!(!seen_destructive || destructive, "{kind:?}: {:?} after a destructive step", step.action);
                seen_destructive |= destructive;
                if destructive && step.choice.can_run() {
                    assert_eq!(step.choice, StepChoice::Off, "{kind:?}");
                    assert!(step.undo_cost().is_some(), "{kind:?} {:?} shows no undo cost", step.action);
                }
                if step.choice == StepChoice::On {
                    assert_ne!(step.undo, Some(Undo::Irreversible), "{kind:?} {:?}", step.action);
                }
            }
            let helpdesk = plan_for(adapter.as_ref(), user, Role::Helpdesk);
            for step in helpdesk.steps.iter().filter(|s| DESTRUCTIVE.contains(&s.action)) {
                assert_eq!(step.choice, StepChoice::NeedsRole(Role::Admin), "{kind:?}");
            }
            let viewer = plan_for(adapter.as_ref(), user, Role::Viewer);
            assert!(
                viewer.calls(&Action::ALL).is_empty(),
                "{kind:?}: a viewer would run {:?}",
                viewer.calls(&Action::ALL)
            );
        }
    }
}

#[test]
fn the_first_call_of_every_ticked_step_is_one_the_provider_accepts_now() {
    for (kind, adapter, people) in everyone() {
        for user in &people {
            let plan = plan_for(adapter.as_ref(), user, Role::Admin);
            let calls = plan.calls(&Action::ALL);
            if let Some(first) = calls.first() {
                assert!(adapter.allows(*first, &user.status), "{kind:?} {:?}: {first:?} refused", user.status);
            }
            let mut unique = calls.clone();
            unique.dedup();
            assert_eq!(unique.len(), calls.len(), "{kind:?}: {calls:?}");
        }
    }
}

#[test]
fn a_deactivated_person_is_already_done() {
    for (kind, adapter, people) in everyone() {
        for user in people.iter().filter(|u| u.status.kind == StatusKind::Deactivated) {
            let plan = plan_for(adapter.as_ref(), user, Role::Admin);
            let step = plan.steps.iter().find(|s| s.action == Action::Deactivate).unwrap();
            assert!(
                matches!(step.choice, StepChoice::AlreadyDone(_)),
                "{kind:?}: deactivated person's Deactivate is {:?}",
                step.choice
            );
            assert!(!plan.calls(&plan.ticked_by_default()).contains(&Action::Deactivate), "{kind:?}");
        }
    }
}

#[test]
fn a_delete_that_deactivates_first_runs_each_call_once() {
    let (adapter, user) = active(ProviderKind::Okta);
    let plan = plan_for(adapter.as_ref(), &user, Role::Admin);
    let calls = plan.calls(&[Action::SignOutEverywhere, Action::Deactivate, Action::DeletePermanently]);
    assert_eq!(calls, [Action::SignOutEverywhere, Action::Deactivate, Action::DeletePermanently]);
    let only_delete = plan.calls(&[Action::DeletePermanently]);
    assert_eq!(only_delete, [Action::Deactivate, Action::DeletePermanently]);
}
