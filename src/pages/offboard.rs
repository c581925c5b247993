//! `/offboard?email=…`: offboard one person in every system. Their accounts are looked up on every
//! connection at once; each account gets the plan its adapter makes (`offboard::plan_for`): a box
//! per step with the adapter's sentence and what undoing it loses, destructive steps unticked,
//! steps that cannot run saying why. Preview lists the calls in order; Run asks once (the address
//! typed when anything is deleted) and starts the run, which then lives at `/offboard/run/{id}`.

use idp::{Action, Email, User};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use offboard::journal::NewAccount;
use offboard::{plan_for, AccountPlan};

use crate::api::{self, ConnectionInfo};
use crate::components::{ConfirmDialog, ErrorPanel, StatusBadge};
use crate::notice::{state_text, Problem};
use crate::pages::run::{new_run_id, start_run};
use crate::state::session::use_session;

/// One account found, with its plan and the steps ticked.
#[derive(Clone)]
struct Found {
    connection: ConnectionInfo,
    user: User,
    plan: AccountPlan,
    ticked: RwSignal<Vec<Action>>,
}

/// The one-person offboarding page.
#[component]
pub fn OffboardPage() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    let raw = query.with_untracked(|m| m.get("email").unwrap_or_default());
    let email = Email::parse(&raw);
    let found = RwSignal::new(Vec::<Found>::new());
    let pending = RwSignal::new(Vec::<(String, Option<idp::Error>)>::new());
    let preview = RwSignal::new(false);
    let asking = RwSignal::new(false);
    if let (Ok(email), Some(Ok(list))) = (&email, session.connections.get_untracked()) {
        pending.set(list.iter().map(|c| (c.label.clone(), None)).collect());
        for (i, connection) in list.into_iter().enumerate() {
            let Some(target) = session.target(&connection) else {
                let e = idp::Error::new(idp::ErrorKind::Unauthorized, "no API key typed for this connection");
                pending.update(|p| p[i].1 = Some(e));
                continue;
            };
            let (email, role) = (email.clone(), session.role_on(&connection.id).unwrap_or(idp::Role::Admin));
            leptos::task::spawn_local(async move {
                match api::search_users(&target, email.as_str(), None).await {
                    Ok((page, _)) => {
                        let adapter = connection.adapter().ok();
                        let is = |v: &Option<String>| {
                            v.as_deref().is_some_and(|v| v.trim().eq_ignore_ascii_case(email.as_str()))
                        };
                        let users = api::completed(&target, page.items).await;
                        for user in users.into_iter().filter(|u| is(&u.email) || is(&u.username)) {
                            let Some(adapter) = &adapter else { continue };
                            let plan = plan_for(adapter.as_ref(), &user, role);
                            let ticked = RwSignal::new(plan.ticked_by_default());
                            found.try_update(|f| f.push(Found { connection: connection.clone(), user, plan, ticked }));
                        }
                        pending.try_update(|p| p[i].0.clear());
                    }
                    Err(e) => {
                        pending.try_update(|p| p[i].1 = Some(e));
                    }
                }
            });
        }
    }
    let calls = move || {
        found
            .get()
            .into_iter()
            .map(|f| {
                let calls = f.plan.calls(&f.ticked.get());
                (f, calls)
            })
            .filter(|(_, c)| !c.is_empty())
            .collect::<Vec<_>>()
    };
    let navigate = use_navigate();
    let shown = raw.clone();
    let run = Callback::new(move |_| {
        let accounts = calls()
            .into_iter()
            .map(|(f, calls)| NewAccount {
                line: 0,
                email: shown.clone(),
                connection: f.connection.id.clone(),
                user_id: f.user.id.to_string(),
                name: f.user.display_name.clone(),
                before: Some(state_text(&f.user.status)),
                calls,
            })
            .collect();
        start_run(new_run_id(), accounts, Vec::new(), navigate.clone());
    });
    let title = format!("Offboard {raw}");
    view! {
        <main id="main">
            <h1>{title}</h1>
            {move || email.as_ref().err().map(|e| view! { <ErrorPanel problem=Problem::from(&idp::Error::from(e.clone()))/> })}
            <ul class="answers" aria-live="polite">
                {move || pending.get().into_iter().filter(|(l, _)| !l.is_empty()).map(|(label, e)| match e {
                    None => view! { <li class="loading"><span class="spinner" aria-hidden="true"></span>{label}": looking…"</li> }.into_any(),
                    Some(e) => view! { <li><strong>{label}</strong><ErrorPanel problem=Problem::from(&e)/></li> }.into_any(),
                }).collect_view()}
            </ul>
            {move || {
                let all = found.get();
                let waiting = pending.with(|p| p.iter().any(|(l, e)| !l.is_empty() && e.is_none()));
                (all.is_empty() && !waiting).then(|| view! { <p class="empty">"No account has this address."</p> })
            }}
            <For each=move || found.get() key=|f| (f.connection.id.clone(), f.user.id.to_string()) let:f>
                <AccountPlanView found=f/>
            </For>
            <div class="actions">
                <button type="button" on:click=move |_| preview.set(true)>"Preview"</button>
            </div>
            {move || preview.get().then(|| {
                let planned = calls();
                let steps: usize = planned.iter().map(|(_, c)| c.len()).sum();
                let destructive = planned.iter().any(|(_, c)| c.iter().any(|a| matches!(a, Action::Delete | Action::DeletePermanently)));
                let rows = planned.iter().map(|(f, c)| {
                    let list = c.iter().map(|a| a.label()).collect::<Vec<_>>().join(", then ");
                    view! { <li><strong>{f.connection.label.clone()}</strong>": "{list}</li> }
                }).collect_view();
                let run_label = format!("Run {steps} {}", if steps == 1 { "step" } else { "steps" });
                let email_text = raw.clone();
                view! {
                    <section class="preview" aria-label="Preview">
                        <h2>"These steps will run, in this order"</h2>
                        <ol>{rows}</ol>
                        <button type="button" class="danger" disabled=steps == 0 on:click=move |_| asking.set(true)>{run_label.clone()}</button>
                        {move || asking.get().then(|| view! {
                            <ConfirmDialog
                                title=format!("Offboard {email_text}?")
                                message=format!("lockdesk will make {steps} changes in the order shown. Each step is checked against the system first, and the report shows what each system says afterwards.")
                                confirm_label="Run".to_string()
                                require_text=destructive.then(|| email_text.clone())
                                on_confirm=run
                                on_cancel=Callback::new(move |_| asking.set(false))/>
                        })}
                    </section>
                }
            })}
        </main>
    }
}

/// One account's plan: a box per step that can run, and why the others cannot.
#[component]
fn AccountPlanView(found: Found) -> impl IntoView {
    let Found { connection, user, plan, ticked } = found;
    let heading = format!("{}: {}", connection.label, user.display_name);
    let label = heading.clone();
    let steps = plan
        .steps
        .into_iter()
        .map(|step| {
            let action = step.action;
            let id = format!("step-{}-{}-{}", connection.id, user.id, action.operation_name());
            let cost = step.undo_cost().map(|c| view! { <span class="undo-cost">{format!("Undoing it: {c}")}</span> });
            let can = step.choice.can_run();
            view! {
                <li class:not-run=!can>
                    <input type="checkbox" id=id.clone() disabled=!can
                        prop:checked=move || can && ticked.with(|t| t.contains(&action))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            ticked.update(|t| { t.retain(|a| *a != action); if on { t.push(action); } });
                        }/>
                    <label for=id>{action.label()}</label>
                    " "<span class="sentence">{step.sentence}</span>" "{cost}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="account-plan" aria-label=label>
            <h2>{heading}</h2>
            <StatusBadge status=user.status.clone()/>
            <ul class="steps">{steps}</ul>
        </section>
    }
}
