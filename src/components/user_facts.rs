//! The detail page's facts about a user, and the raw JSON exactly as the provider returned it.

use idp::User;
use leptos::prelude::*;

use crate::format::last_sign_in;

/// Email, username, id (with a copy button), tenant, registrations, last sign-in, verified.
#[component]
pub fn UserFacts(
    /// The user to describe.
    user: User,
) -> impl IntoView {
    let id = user.id.to_string();
    let copied = RwSignal::new("");
    let copy_id = {
        let id = id.clone();
        move |_| {
            let Some(navigator) = web_sys::window().map(|w| w.navigator()) else { return };
            // navigator.clipboard exists only on https or localhost pages.
            if !js_sys::Reflect::has(&navigator, &"clipboard".into()).unwrap_or(false) {
                copied.set(" Copying needs https; select the id instead");
                return;
            }
            let promise = navigator.clipboard().write_text(&id);
            leptos::task::spawn_local(async move {
                let done = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
                copied.try_set(if done { " Copied" } else { " Could not copy; select the id instead" });
            });
        }
    };
    let dash = || "—".to_string();
    let registrations = if user.registrations.is_empty() {
        view! { <span>"None"</span> }.into_any()
    } else {
        let items = user
            .registrations
            .iter()
            .map(|r| {
                let roles = if r.roles.is_empty() { "no roles".to_string() } else { r.roles.join(", ") };
                view! { <li><code>{r.application_id.clone()}</code>" — "{roles}</li> }
            })
            .collect_view();
        view! { <ul class="registrations">{items}</ul> }.into_any()
    };
    let verified = match user.verified {
        Some(true) => "Yes",
        Some(false) => "No",
        None => "Not reported",
    };
    view! {
        <dl class="facts">
            <dt>"Email"</dt><dd>{user.email.clone().unwrap_or_else(dash)}</dd>
            <dt>"Username"</dt><dd>{user.username.clone().unwrap_or_else(dash)}</dd>
            <dt>"User id"</dt>
            <dd>
                <code>{id.clone()}</code>" "
                <button type="button" class="link-button" on:click=copy_id>"Copy user id"</button>
                <span class="copied" aria-live="polite">{move || copied.get()}</span>
            </dd>
            <dt>"Tenant"</dt><dd>{user.tenant.clone().unwrap_or_else(dash)}</dd>
            <dt>"Registrations"</dt><dd>{registrations}</dd>
            <dt>"Last sign-in"</dt><dd>{last_sign_in(user.last_login_ms)}</dd>
            <dt>"Verified"</dt><dd>{verified}</dd>
        </dl>
    }
}

/// A collapsible, pretty-printed copy of exactly what the provider returned.
#[component]
pub fn RawJson(
    /// The provider's JSON.
    raw: serde_json::Value,
) -> impl IntoView {
    let text = serde_json::to_string_pretty(&raw).unwrap_or_else(|_| raw.to_string());
    view! {
        <details class="raw-json">
            <summary>"Raw JSON"</summary>
            <pre><code>{text}</code></pre>
        </details>
    }
}
