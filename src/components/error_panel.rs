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
    let Problem { title, advice, messages, status, request_id, detail, retry_after_s, retry_at_epoch_s } = problem;
    // A countdown to when the provider will take requests again; lockdesk does not retry itself.
    let now_s = || js_sys::Date::now() / 1000.0;
    // The provider's own wait first (relative, so the browser's clock cannot skew it), else its
    // reset time.
    let until = retry_after_s.map(|s| now_s() + s as f64).or(retry_at_epoch_s.map(|t| t as f64));
    let left = RwSignal::new(until.map(|t| (t - now_s()).ceil().max(0.0) as u64));
    if let Some(until) = until {
        let handle = set_interval_with_handle(
            move || {
                left.try_set(Some((until - now_s()).ceil().max(0.0) as u64));
            },
            std::time::Duration::from_secs(1),
        );
        if let Ok(handle) = handle {
            on_cleanup(move || handle.clear());
        }
    }
    let countdown = move || {
        left.get().map(|s| match s {
            0 => "You can try again now.".to_string(),
            1 => "You can try again in 1 second.".to_string(),
            s => format!("You can try again in {s} seconds."),
        })
    };

    view! {
        <section class="error-panel" role="alert">
            <h2>{title}</h2>
            <p>{advice}</p>
            {move || countdown().map(|c| view! { <p class="countdown" role="timer" aria-live="off">{c}</p> })}
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
