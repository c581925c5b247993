//! The detail page's actions: only those valid now, each with one plain sentence; confirmation
//! for destructive ones; buttons disabled with a spinner while one runs; a re-read afterwards.

use idp::{Action, User};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::api::{self, Target};
use crate::components::{ConfirmDialog, ErrorPanel};
use crate::notice::Problem;
use crate::state::notices::use_notices;

/// Action buttons for `user`; `reload` re-reads the user after a change.
#[component]
pub fn UserActions(target: Target, user: User, reload: Callback<()>) -> impl IntoView {
    let notices = use_notices();
    let navigate = use_navigate();
    let conn = target.connection.id.clone();
    let adapter = target.connection.adapter().ok();
    let offered: Vec<Action> = adapter.map(|a| a.actions(&user)).unwrap_or_default();
    let name = user.display_name.clone();
    let id = user.id.to_string();
    let confirming = RwSignal::new(None::<Action>);
    let problem = RwSignal::new(None::<Problem>);
    let run = leptos::prelude::Action::new_local({
        let target = target.clone();
        let id = id.clone();
        move |action: &idp::Action| {
            let (action, target, id) = (*action, target.clone(), id.clone());
            async move { (action, api::perform(&target, action, &id).await) }
        }
    });
    let pending = run.pending();
    Effect::new({
        let name = name.clone();
        move |_| {
            let Some((action, outcome)) = run.value().get() else { return };
            match outcome {
                Ok(()) => {
                    problem.set(None);
                    notices.show(format!("{name} was {}.", action.done_verb()));
                    if action == Action::Delete {
                        navigate(&format!("/c/{conn}/users"), NavigateOptions::default());
                    } else {
                        reload.run(());
                    }
                }
                Err(e) => problem.set(Some(Problem::from(&e))),
            }
        }
    });
    // One call per intent: a second click while one runs is ignored.
    let start = move |action: Action| {
        if !pending.get_untracked() {
            notices.clear();
            run.dispatch(action);
        }
    };
    let ask_or_start = move |action: Action| {
        if action.needs_confirmation() {
            confirming.set(Some(action));
        } else {
            start(action);
        }
    };
    let buttons = offered
        .iter()
        .map(|&action| {
            let class = if action == Action::Delete { "danger" } else { "" };
            view! {
                <li>
                    <button type="button" class=class disabled=move || pending.get()
                        on:click=move |_| ask_or_start(action)>{action.label()}</button>
                    <span class="explain">{action.explanation()}</span>
                </li>
            }
        })
        .collect_view();
    let email = user.email.clone().filter(|e| !e.trim().is_empty()).unwrap_or_else(|| id.clone());
    let dialog = move || {
        confirming.get().map(|action| {
            let (title, require) = match action {
                Action::Delete => (format!("Delete {name} permanently?"), Some(email.clone())),
                _ => (format!("{} {name}?", action.label()), None),
            };
            view! {
                <ConfirmDialog title=title message=action.explanation().to_string()
                    confirm_label=action.label().to_string() require_text=require
                    on_confirm=Callback::new(move |()| { confirming.set(None); start(action); })
                    on_cancel=Callback::new(move |()| confirming.set(None))/>
            }
        })
    };
    view! {
        <section class="actions" aria-labelledby="actions-title">
            <h2 id="actions-title">"Actions"</h2>
            {move || problem.get().map(|p| view! { <ErrorPanel problem=p/> })}
            <Show when=move || pending.get()>
                <p class="loading"><span class="spinner" aria-hidden="true"></span>"Working…"</p>
            </Show>
            <ul class="action-list">{buttons}</ul>
            {dialog}
        </section>
    }
}
