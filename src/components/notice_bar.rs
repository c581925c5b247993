//! The success notice ("Terry Example was deactivated."), announced politely to screen readers.

use leptos::prelude::*;

use crate::state::notices::Notices;

/// Shows the current notice with a Dismiss button.
#[component]
pub fn NoticeBar(
    /// Where the notice lives.
    notices: Notices,
) -> impl IntoView {
    view! {
        <div class="notice-slot" role="status" aria-live="polite">
            {move || notices.0.get().map(|text| view! {
                <p class="notice">
                    <span>{text}</span>
                    <button type="button" class="link-button" on:click=move |_| notices.clear()>"Dismiss"</button>
                </p>
            })}
        </div>
    }
}
