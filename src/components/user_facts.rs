//! The detail page's facts about a user, and the raw JSON exactly as the provider returned it.

use idp::{FactValue, User};
use leptos::prelude::*;

use crate::format::local_time;

/// Email, username, id (with a copy button), then the facts the adapter built, in the
/// provider's own terms; a field the provider sent unreadably is marked, not hidden.
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
    let facts = user
        .facts
        .iter()
        .map(|fact| {
            let value = match &fact.value {
                FactValue::Text(text) => view! { <span>{text.clone()}</span> }.into_any(),
                FactValue::Time(ms) => view! { <span>{local_time(*ms)}</span> }.into_any(),
                FactValue::YesNo(yes) => view! { <span>{if *yes { "Yes" } else { "No" }}</span> }.into_any(),
                FactValue::List(items) => {
                    let items = items.iter().map(|i| view! { <li>{i.clone()}</li> }).collect_view();
                    view! { <ul class="fact-list">{items}</ul> }.into_any()
                }
                FactValue::NotSet => view! { <span>{dash()}</span> }.into_any(),
                FactValue::Unreadable => {
                    view! { <span class="unreadable">"Unreadable (the provider sent something unexpected)"</span> }
                        .into_any()
                }
            };
            view! { <dt>{fact.label.clone()}</dt><dd>{value}</dd> }
        })
        .collect_view();
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
            {facts}
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
