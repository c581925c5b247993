//! The detail page's actions: only those valid now, each with one plain sentence; confirmation
//! for destructive ones; buttons disabled with a spinner while one runs; a re-read afterwards,
//! after an error too. When an error leaves it open whether the change was made (no reply in
//! time, a cut-off reply), the panel waits for the proxy to finish it, reads the person afresh and
//! says exactly what it found.

use idp::{Action, User};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;

use crate::api::{self, Target};
use crate::components::{ConfirmDialog, ErrorPanel};
use crate::notice::Problem;
use crate::state::notices::use_notices;
use crate::state::session::use_session;

/// Action buttons for `user`; `reload` re-reads the user after a change; `problem` is owned by
/// the page, so what went wrong stays shown after the re-read replaces these buttons.
#[component]
pub fn UserActions(
    target: Target,
    user: User,
    reload: Callback<()>,
    problem: RwSignal<Option<Problem>>,
) -> impl IntoView {
    let notices = use_notices();
    let navigate = use_navigate();
    let conn = target.connection.id.clone();
    let adapter = target.connection.adapter().ok();
    let offered: Vec<Action> = adapter.map(|a| a.actions(&user)).unwrap_or_default();
    let name = user.display_name.clone();
    let id = user.id.to_string();
    let confirming = RwSignal::new(None::<Action>);
    let pending = RwSignal::new(false);
    let checking = RwSignal::new(false);
    let before = user.status.clone();
    let params = use_params_map();
    let current = Memo::new(move |_| params.with(|p| p.get("id")));
    // One call per intent: a second click while one runs is ignored.
    let start = {
        let (target, id, name, before) = (target.clone(), id.clone(), name.clone(), before.clone());
        Callback::new(move |action: Action| {
            if pending.get_untracked() {
                return;
            }
            pending.set(true);
            notices.clear();
            problem.set(None);
            let (target, id, name, navigate, conn, before) =
                (target.clone(), id.clone(), name.clone(), navigate.clone(), conn.clone(), before.clone());
            leptos::task::spawn_local(async move {
                let outcome = api::perform(&target, action, &id).await;
                match outcome {
                    // `pending` stays set: the re-read replaces these buttons with ones for the
                    // new state, so the old ones cannot be clicked again in between.
                    Ok(()) => {
                        problem.try_set(None);
                        let text = format!("{name} was {}.", action.done_verb());
                        if action == Action::Delete {
                            notices.show_after_navigation(text);
                            navigate(&format!("/c/{conn}/users"), NavigateOptions::default());
                        } else {
                            notices.show(text);
                            // Re-read: show the state the provider now reports. `try_run`: the page
                            // may have been left while the call ran.
                            reload.try_run(());
                        }
                    }
                    Err(e) if e.kind.change_may_have_happened() => {
                        checking.try_set(true);
                        let found = api::confirm(&target, action, &id, &before, &e).await;
                        // The operator may have moved on to another person meanwhile.
                        if current.try_get_untracked().flatten().as_deref() != Some(id.as_str()) {
                            return;
                        }
                        match crate::notice::confirmed(action, &name, &e, &found) {
                            Ok(text) if action == Action::Delete => {
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
                    }
                    Err(e) => {
                        // Re-read anyway: show where the person stands now.
                        problem.try_set(Some(Problem::from(&e)));
                        reload.try_run(());
                    }
                }
            });
        })
    };
    let ask_or_start = {
        move |action: Action| {
            if action.needs_confirmation() {
                confirming.set(Some(action));
            } else {
                start.run(action);
            }
        }
    };
    let role = use_session().role_on(&target.connection.id);
    let buttons = offered
        .iter()
        .map(|&action| {
            let class = if action == Action::Delete { "danger" } else { "" };
            let needed = action.operation(user.id.clone()).required_role();
            // The proxy enforces roles; the panel greys out what it would refuse and says why.
            let not_allowed = role
                .filter(|r| *r < needed)
                .map(|r| format!("Needs the {} role; yours is {}. Ask an admin.", needed.name(), r.name()));
            let blocked = not_allowed.is_some();
            let explain = not_allowed.unwrap_or_else(|| action.explanation().to_string());
            let explain_id = format!("explain-{}", action.label().replace(' ', "-").to_ascii_lowercase());
            // A role-blocked button stays focusable (aria-disabled), so screen-reader users hear
            // it and, through aria-describedby, why it cannot be used.
            view! {
                <li>
                    <button type="button" class=class aria-disabled=blocked.then_some("true")
                        aria-describedby=explain_id.clone() disabled=move || pending.get()
                        on:click=move |_| if !blocked { ask_or_start(action) }>{action.label()}</button>
                    <span class="explain" id=explain_id>{explain}</span>
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
                    on_confirm=Callback::new(move |()| { confirming.set(None); start.run(action); })
                    on_cancel=Callback::new(move |()| confirming.set(None))/>
            }
        })
    };
    view! {
        <section class="actions" aria-labelledby="actions-title">
            <h2 id="actions-title">"Actions"</h2>
            {move || problem.get().map(|p| view! { <ErrorPanel problem=p/> })}
            {move || pending.get().then(|| view! {
                <p class="loading" role="status"><span class="spinner" aria-hidden="true"></span>
                    {move || if checking.get() { "Checking whether the change was made. This can take a minute or two." } else { "Working…" }}</p>
            })}
            <ul class="action-list">{buttons}</ul>
            {dialog}
        </section>
    }
}
