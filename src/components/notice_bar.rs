//! The success notice ("Terry Example was deactivated."), announced politely to screen readers.
//! A new notice takes the keyboard focus, so after an action focus lands on its outcome rather
//! than on the page body (the buttons it came from are replaced by the re-read).

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::state::notices::Notices;

/// Shows the current notice with a Dismiss button.
#[component]
pub fn NoticeBar(
    /// Where the notice lives.
    notices: Notices,
) -> impl IntoView {
    let path = use_location().pathname;
    Effect::new(move |before: Option<String>| {
        let now = path.get();
        if before.is_some_and(|b| b != now) {
            notices.navigated();
        }
        now
    });
    let notice = NodeRef::<leptos::html::P>::new();
    Effect::new(move |_| {
        if let Some(p) = notice.get() {
            let _ = p.focus();
        }
    });
    view! {
        <div class="notice-slot" role="status" aria-live="polite">
            {move || notices.0.get().map(|(text, _)| view! {
                <p class="notice" tabindex="-1" node_ref=notice>
                    <span>{text}</span>
                    <button type="button" class="link-button" on:click=move |_| notices.clear()>"Dismiss"</button>
                </p>
            })}
        </div>
    }
}
