//! Running an offer's plan: one step at a time, a fresh, settled read before every step after
//! the first (checked against the provider's state rules), each step's outcome kept for the
//! page, and a delete counted done only when a fresh read finds nobody. No view code here.

use idp::{Change, Offer, User};
use leptos::prelude::*;

use crate::api::{self, Target};
use crate::notice::{self, Problem};

/// Runs `offer`'s plan for `user` step by step, leaving out the optional steps in `skipped`: a
/// fresh, settled read before every step after the first, checked against the provider's state
/// rules; each step's outcome appended to `steps`. `Ok` the success notice, `Err` what stopped
/// it. A change the provider refused because somebody changed the person first is never tried
/// again: the fresh read's differences are shown and the operator decides.
#[allow(clippy::too_many_arguments)]
pub(super) async fn run_plan(
    target: &Target,
    offer: &Offer,
    user: User,
    notify: bool,
    skipped: &[idp::Action],
    name: &str,
    checking: RwSignal<bool>,
    steps: RwSignal<Vec<String>>,
    link: RwSignal<Option<String>>,
    still_here: impl Fn() -> bool,
) -> Result<String, Problem> {
    let adapter = target.connection.adapter().map_err(|e| Problem::from(&e))?;
    let plan = offer.plan.without(skipped);
    let many = plan.len() > 1;
    let mut person = user;
    // What a fresh read found after an unclear reply, said as where they stand now.
    let mut confirmed = None;
    // An activation link that came back after the operator had left the person's page.
    let mut link_lost = false;
    for (i, &step) in plan.iter().enumerate() {
        if i > 0 {
            person = api::settled(target, person.id.as_str(), |_| true).await.map_err(|e| Problem::from(&e))?;
            if person.status.is_changing() {
                let mut e = idp::Error::new(idp::ErrorKind::NotAllowedInState, "still changing after the wait");
                e.provider = Some(target.connection.kind);
                return Err(Problem {
                    title: format!("{name} is still changing"),
                    advice: format!(
                        "{} has not finished the last step yet, and lockdesk stopped waiting. Nothing more was sent. Load the page again in a minute, then try again.",
                        target.connection.kind.label()
                    ),
                    ..Problem::from(&e)
                });
            }
            if !adapter.allows(step, &person.status) {
                let mut e = idp::Error::new(idp::ErrorKind::NotAllowedInState, "the state after the last step");
                e.provider = Some(target.connection.kind);
                return Err(Problem {
                    title: format!("{name} cannot be {} now", notice::done_verb(step)),
                    advice: format!(
                        "The step before it worked, but {name} is now: {}. Nothing more was changed.",
                        notice::state_text(&person.status)
                    ),
                    ..Problem::from(&e)
                });
            }
        }
        let change = Change {
            action: step,
            id: person.id.clone(),
            precondition: person.precondition.clone(),
            notify: notify && offer.can_email,
        };
        let result = match api::perform(target, &change).await {
            Ok(shown) => {
                // Only onto this person's page: the operator may have moved on to someone else.
                match shown {
                    Some(url) if still_here() => {
                        link.try_set(Some(url));
                    }
                    Some(_) => link_lost = true,
                    None => {}
                }
                Ok(())
            }
            Err(e) if e.kind.change_may_have_happened() => {
                checking.try_set(true);
                let found = api::confirm(target, &change, &person.status, &e).await;
                checking.try_set(false);
                notice::confirmed(step, name, &e, &found).map(|text| confirmed = Some(text))
            }
            // "Changed since you read it" only means something when the request said what was read.
            Err(e)
                if e.kind == idp::ErrorKind::PreconditionFailed
                    && idp::provider::carries_precondition(adapter.as_ref(), &change) =>
            {
                let now = api::get_user(target, person.id.as_str()).await.ok();
                Err(notice::conflicted(step, name, &e, &person, now.as_ref()))
            }
            Err(e) => Err(Problem::from(&e)),
        };
        // A provider may answer a delete it only partly made: only a fresh read that finds
        // nobody shows the person deleted.
        let result = match result {
            Ok(()) if step == idp::Action::DeletePermanently => match api::get_user(target, person.id.as_str()).await {
                Ok(still) => Err(Problem {
                    title: format!("{name} was not deleted permanently"),
                    advice: format!(
                        "{} answered that it was done, but a fresh read still finds them: {}. Nothing more was sent.",
                        target.connection.kind.label(),
                        notice::state_text(&still.status)
                    ),
                    ..Problem::from(&idp::Error::new(
                        idp::ErrorKind::Unexpected,
                        "the person is still there after the delete",
                    ))
                }),
                Err(e) if e.kind == idp::ErrorKind::NotFound => Ok(()),
                Err(e) => Err(Problem {
                    title: format!("lockdesk could not confirm that {name} was deleted permanently"),
                    advice: format!(
                        "{} answered that it was done, but lockdesk could not read them after to check. Search for them in a minute.",
                        target.connection.kind.label()
                    ),
                    ..Problem::from(&e)
                }),
            },
            other => other,
        };
        let word = if result.is_ok() { "done" } else { "not done" };
        if many && still_here() {
            steps.try_update(|s| s.push(format!("Step {}: {} — {word}", i + 1, step.label())));
        }
        result?;
    }
    let text = match confirmed {
        Some(text) if !many => text,
        _ => notice::done(offer.action, name),
    };
    if link_lost {
        return Ok(format!(
            "{text} Its link was not shown, because you had left their page: use Reactivate to get a new one."
        ));
    }
    Ok(text)
}
