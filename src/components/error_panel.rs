//! The error panel: what happened, what to do, the provider's own words, and a Details disclosure
//! with the status and request id.

use leptos::prelude::*;

use crate::notice::Problem;

/// Shows a `Problem` as an alert.
#[component]
pub fn ErrorPanel(
    /// The problem to explain.
    problem: Problem,
) -> impl IntoView {
    let Problem { title, advice, messages, status, request_id, detail } = problem;

    view! {
        <section class="error-panel" role="alert">
            <h2>{title}</h2>
            <p>{advice}</p>
            {(!messages.is_empty()).then(|| view! {
                <ul class="provider-messages">
                    {messages.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                </ul>
            })}
            <details>
                <summary>"Details"</summary>
                <dl class="facts">
                    <dt>"HTTP status"</dt>
                    <dd>{status.map(|s| s.to_string()).unwrap_or_else(|| "none (no reply)".into())}</dd>
                    <dt>"Request id"</dt>
                    <dd><code>{request_id.unwrap_or_else(|| "none".into())}</code></dd>
                    <dt>"What lockdesk saw"</dt>
                    <dd>{detail}</dd>
                </dl>
            </details>
        </section>
    }
}
