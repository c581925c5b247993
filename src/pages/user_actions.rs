//! The detail page's actions: the adapter's offers for the person's current state, each with its
//! plain sentence; a confirmation that names what undoing it costs; buttons disabled with a
//! spinner while one runs. A plan of several steps runs one step at a time with a fresh read
//! between steps, and each step's result is shown. After every change, and after an error too,
//! the person is read again. When an error leaves it open whether a change was made, the panel
//! waits for the proxy to finish it, reads the person afresh and says exactly what it found.

use idp::{Confirm, Offer, Undo, User};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;

use crate::api::Target;
use crate::components::{ConfirmDialog, ErrorPanel};
use crate::notice::Problem;
use crate::state::notices::use_notices;
use crate::state::session::use_session;
use plan::run_plan;

mod plan;

/// Action buttons for `user`; `reload` re-reads the user after a change; `problem` is owned by
/// the page, so what went wrong stays shown after the re-read replaces these buttons.
#[component]
pub fn UserActions(
    target: Target,
    user: User,
    reload: Callback<()>,
    problem: RwSignal<Option<Problem>>,
    /// An activation link to show once; owned by the page so the re-read does not drop it.
    link: RwSignal<Option<String>>,
    /// Each step's result of the last plan; owned by the page for the same reason.
    steps_done: RwSignal<Vec<String>>,
) -> impl IntoView {
    let notices = use_notices();
    let navigate = use_navigate();
    let conn = target.connection.id.clone();
    let adapter = target.connection.adapter().ok();
    let offered: Vec<Offer> = adapter.as_ref().map(|a| a.offers(&user)).unwrap_or_default();
    let unsupported: Vec<&'static str> =
        adapter.as_ref().map(|a| a.unsupported().iter().map(|(_, why)| *why).collect()).unwrap_or_default();
    let name = user.display_name.clone();
    let id = user.id.to_string();
    let confirming = RwSignal::new(None::<Offer>);
    let pending = RwSignal::new(false);
    let checking = RwSignal::new(false);
    let params = use_params_map();
    let current = Memo::new(move |_| params.with(|p| p.get("id")));
    // One call per intent: a second click while one runs is ignored.
    let start = {
        let (target, user, name) = (target.clone(), user.clone(), name.clone());
        Callback::new(move |(offer, notify, skipped): (Offer, bool, Vec<idp::Action>)| {
            if pending.get_untracked() {
                return;
            }
            pending.set(true);
            notices.clear();
            problem.set(None);
            steps_done.set(Vec::new());
            let (target, user, name, navigate, conn) =
                (target.clone(), user.clone(), name.clone(), navigate.clone(), conn.clone());
            leptos::task::spawn_local(async move {
                let id = user.id.to_string();
                // The operator confirmed the whole plan: it runs to its end even if they move on.
                let here = id.clone();
                let still_here = move || current.try_get_untracked().flatten().as_deref() == Some(here.as_str());
                let ended =
                    run_plan(&target, &offer, user, notify, &skipped, &name, checking, steps_done, link, still_here)
                        .await;
                // If they moved on meanwhile, they still hear how it ended, wherever they are.
                if current.try_get_untracked().flatten().as_deref() != Some(id.as_str()) {
                    notices.show(match ended {
                        Ok(text) => text,
                        Err(p) => format!("{}. {}", p.title, p.advice),
                    });
                    return;
                }
                // `pending` stays set: the re-read replaces these buttons with ones for the new
                // state, so the old ones cannot be clicked again in between.
                match ended {
                    Ok(text) if offer.action == idp::Action::DeletePermanently => {
                        problem.try_set(None);
                        notices.show_after_navigation(text);
                        navigate(&format!("/c/{conn}/users"), NavigateOptions::default());
                    }
                    Ok(text) => {
                        problem.try_set(None);
                        notices.show(text);
                        reload.try_run(());
                    }
                    Err(p) => {
                        problem.try_set(Some(p));
                        reload.try_run(());
                    }
                }
            });
        })
    };
    let role = use_session().role_on(&target.connection.id);
    let buttons = offered
        .iter()
        .map(|offer| {
            let action = offer.action;
            let class = if action.is_irreversible() { "danger" } else { "" };
            let needed = action.required_role();
            // The proxy enforces roles; the panel greys out what it would refuse and says why.
            let not_allowed = role
                .filter(|r| *r < needed)
                .map(|r| format!("Needs the {} role; yours is {}. Ask an admin.", needed.name(), r.name()));
            let blocked = not_allowed.is_some();
            let explain = not_allowed.unwrap_or_else(|| match offer.caveat {
                Some(caveat) => format!("{} {caveat}", offer.sentence),
                None => offer.sentence.to_string(),
            });
            let explain_id = format!("explain-{}", action.label().replace(' ', "-").to_ascii_lowercase());
            let offer = offer.clone();
            let ask_or_start = move || {
                if offer.confirm == Confirm::No && !offer.can_email && offer.plan.optional.is_empty() {
                    start.run((offer.clone(), false, Vec::new()));
                } else {
                    confirming.set(Some(offer.clone()));
                }
            };
            // A role-blocked button stays focusable (aria-disabled), so screen-reader users hear
            // it and, through aria-describedby, why it cannot be used.
            view! {
                <li>
                    <button type="button" class=class aria-disabled=blocked.then_some("true")
                        aria-describedby=explain_id.clone() disabled=move || pending.get()
                        on:click=move |_| if !blocked { ask_or_start() }>{action.label()}</button>
                    <span class="explain" id=explain_id>{explain}</span>
                </li>
            }
        })
        .collect_view();
    let email = user.email.clone().filter(|e| !e.trim().is_empty()).unwrap_or_else(|| id.clone());
    let provider = target.connection.kind.label();
    let dialog = move || {
        confirming.get().map(|offer| {
            let action = offer.action;
            let title = match action {
                idp::Action::DeletePermanently => format!("Delete {name} permanently?"),
                _ => format!("{} {name}?", action.label()),
            };
            let require = (offer.confirm == Confirm::TypeToConfirm).then(|| email.clone());
            let cost = match offer.undo {
                Undo::Reversible => None,
                Undo::Loss(loss) => Some(format!("You can undo this, but not all of it: {loss}")),
                Undo::Irreversible => Some("This cannot be undone.".to_string()),
            };
            let skipped = RwSignal::new(Vec::<idp::Action>::new());
            let plan = offer.plan.clone();
            let steps = move || {
                let plan = plan.without(&skipped.get());
                (plan.len() > 1).then(|| {
                    let labels: Vec<&str> = plan.iter().map(|s| s.label()).collect();
                    format!("lockdesk will do this in {} steps: {}.", labels.len(), labels.join(", then "))
                })
            };
            // Optional steps (signing out too): a box each, ticked to begin with.
            let optional = offer
                .plan
                .optional
                .iter()
                .map(|&step| {
                    let ticked = move || !skipped.get().contains(&step);
                    let toggle = move |_| {
                        skipped.update(|s| if s.contains(&step) { s.retain(|x| *x != step) } else { s.push(step) })
                    };
                    view! {
                        <label class="also"><input type="checkbox" prop:checked=ticked on:change=toggle/>
                            {also(step)}</label>
                    }
                })
                .collect_view();
            let notify = RwSignal::new(true);
            let choice = offer.can_email.then(|| {
                view! {
                    <fieldset class="delivery">
                        <legend>"The activation link"</legend>
                        <label><input type="radio" name="delivery" prop:checked=move || notify.get()
                            on:change=move |_| notify.set(true)/>{format!(" {provider} emails it to them")}</label>
                        <label><input type="radio" name="delivery" prop:checked=move || !notify.get()
                            on:change=move |_| notify.set(false)/>" Show it to me once, here"</label>
                    </fieldset>
                }
            });
            let extra =
                view! { {optional} {move || steps().map(|text| view! { <p class="steps-note">{text}</p> })} {choice} }
                    .into_any();
            let message = [Some(offer.sentence.to_string()), cost, offer.caveat.map(str::to_owned)]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            view! {
                <ConfirmDialog title=title message=message confirm_label=action.label().to_string() require_text=require
                    extra=Some(extra)
                    on_confirm=Callback::new(move |()| {
                        // Read before the dialog closes (closing disposes of its signals).
                        let chosen = (offer.clone(), notify.get_untracked(), skipped.get_untracked());
                        confirming.set(None);
                        start.run(chosen);
                    })
                    on_cancel=Callback::new(move |()| confirming.set(None))/>
            }
        })
    };
    view! {
        <section class="actions" aria-labelledby="actions-title">
            <h2 id="actions-title">"Actions"</h2>
            {move || problem.get().map(|p| view! { <ErrorPanel problem=p/> })}
            {move || link.get().map(|url| view! {
                <section class="activation-link" aria-labelledby="activation-link-title">
                    <h3 id="activation-link-title">"Activation link (shown once)"</h3>
                    <p>"Give this link to the person yourself. lockdesk does not keep it: it is gone when you leave this page."</p>
                    <p><code>{url}</code></p>
                    <button type="button" on:click=move |_| link.set(None)>"Hide the link"</button>
                </section>
            })}
            {move || pending.get().then(|| view! {
                <p class="loading" role="status"><span class="spinner" aria-hidden="true"></span>
                    {move || if checking.get() { "Checking whether the change was made. This can take a minute or two." } else { "Working…" }}</p>
            })}
            {move || (!steps_done.get().is_empty()).then(|| view! {
                <ol class="steps" aria-label="Steps">{steps_done.get().into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ol>
            })}
            {(offered.is_empty()).then(|| view! {
                <p class="explain">"Nothing can be changed while the account is in this state. You can still read it."</p>
            })}
            <ul class="action-list">{buttons}</ul>
            {(!unsupported.is_empty()).then(|| view! {
                <ul class="cannot">{unsupported.into_iter().map(|why| view! { <li>{why}</li> }).collect_view()}</ul>
            })}
            {dialog}
        </section>
    }
}

/// The box of an optional step, in plain words.
fn also(step: idp::Action) -> String {
    match step {
        idp::Action::SignOutEverywhere => " Also sign them out everywhere".to_string(),
        idp::Action::Reactivate => " Also let them sign in again".to_string(),
        other => format!(" Also {}", other.label().to_ascii_lowercase()),
    }
}
