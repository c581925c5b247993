//! Operator sign-in to lockdesk-proxy (not to a provider), and the gate that shows it when the
//! proxy asks for one. The password goes only into the one sign-in request; nothing is stored.

use leptos::prelude::*;

use crate::api;
use crate::components::ErrorPanel;
use crate::notice::Problem;
use crate::state::session::use_session;

/// Shows `children` once the operator is signed in (or when the proxy needs no sign-in).
#[component]
pub fn OperatorGate(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    move || match session.operator.get() {
        None => view! { <main id="main"><p class="loading">"Checking your sign-in…"</p></main> }.into_any(),
        Some(Err(e)) => view! { <main id="main"><ErrorPanel problem=Problem::from(&e)/></main> }.into_any(),
        Some(Ok(info)) if info.required && !info.signed_in => view! { <SignInPage/> }.into_any(),
        Some(Ok(_)) => children().into_any(),
    }
}

/// "Signed in as hal · Sign out" in the top bar.
#[component]
pub fn OperatorBadge() -> impl IntoView {
    let session = use_session();
    // The audit log is for admins (the proxy enforces it; this only hides a link that would fail).
    let audit_link = move || {
        let may_read = session.operator.with(|s| {
            s.as_ref()
                .and_then(|r| r.as_ref().ok())
                .is_some_and(|i| !i.required || i.roles.values().any(|r| *r == idp::Role::Admin))
        });
        may_read.then(|| view! { <a class="audit-link" href="/audit">"Audit log"</a> })
    };
    let sign_out = move |_| {
        session.forget_operator_keys();
        leptos::task::spawn_local(async move {
            // Whatever the reply, re-read the session: it shows whether we are still signed in.
            let _ = api::sign_out().await;
            session.reload();
        });
    };
    let badge = move || {
        session.operator.get().and_then(|r| r.ok()).and_then(|info| info.name).map(|name| {
            view! {
                <span class="operator">"Signed in as "<strong>{name}</strong>" "
                    <button type="button" class="link-button" on:click=sign_out>"Sign out"</button>
                </span>
            }
        })
    };
    view! { {audit_link} {badge} }
}

#[component]
fn SignInPage() -> impl IntoView {
    let session = use_session();
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let failed = RwSignal::new(None::<idp::Error>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return; // one attempt at a time
        }
        pending.set(true);
        let (n, p) = (name.get_untracked().trim().to_string(), password.get_untracked());
        leptos::task::spawn_local(async move {
            let outcome = api::sign_in(&n, &p).await;
            pending.set(false);
            match outcome {
                Ok(()) => {
                    password.set(String::new());
                    failed.set(None);
                    session.reload();
                }
                Err(e) => failed.set(Some(e)),
            }
        });
    };
    let failure = move || {
        failed.get().map(|e| match e.messages.first() {
            Some(message) => view! { <p class="error-panel" role="alert">{message.clone()}</p> }.into_any(),
            None => view! { <ErrorPanel problem=Problem::from(&e)/> }.into_any(),
        })
    };
    view! {
        <main id="main">
            <h1>"Sign in to lockdesk"</h1>
            <p>"Use the lockdesk account your IT admin gave you. It is not your account at the identity provider."</p>
            {failure}
            <form class="stack" on:submit=submit>
                <label class="field"><span>"Name"</span>
                    <input type="text" autocomplete="username" required prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))/>
                </label>
                <label class="field"><span>"Password"</span>
                    <input type="password" autocomplete="current-password" required prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev))/>
                </label>
                <button type="submit" disabled=move || pending.get()>"Sign in"</button>
            </form>
        </main>
    }
}
