//! The padlock: whether a person can sign in, as an icon and words (colour is never the only
//! signal).

use idp::{SignIn, Status};
use leptos::prelude::*;

/// "Can sign in · Active", "Cannot sign in · Deactivated" or "Sign-in unknown · …".
pub fn sign_in_text(status: &Status) -> String {
    let lead = match status.sign_in() {
        SignIn::Allowed => "Can sign in",
        SignIn::Blocked => "Cannot sign in",
        SignIn::Unknown => "Sign-in unknown",
    };
    format!("{lead} · {}", status.label())
}

/// A padlock with the sign-in sentence. `large` is the detail page's big indicator.
#[component]
pub fn StatusBadge(
    /// The user's status.
    status: Status,
    /// Draw the big indicator (labelled "Sign-in status") instead of the table badge.
    #[prop(optional)]
    large: bool,
) -> impl IntoView {
    let state = match status.sign_in() {
        SignIn::Allowed => "open",
        SignIn::Blocked => "closed",
        SignIn::Unknown => "unknown",
    };
    let class = format!("badge badge-{state}{}", if large { " badge-large" } else { "" });
    let label = large.then_some("Sign-in status");
    // The detail page also says why, and whether the provider is still changing it.
    let changing = status.transitioning_to.as_ref().map(|to| format!("Changing to {}…", to.word()));
    let reason = if large { status.reason.clone() } else { None };
    view! {
        <span class=class data-lock=state aria-label=label role=large.then_some("group")>
            <Padlock open=matches!(status.sign_in(), SignIn::Allowed)/>
            <span class="badge-text">{sign_in_text(&status)}</span>
            {reason.map(|r| view! { <span class="badge-reason">{r}</span> })}
            {changing.map(|c| view! { <span class="badge-changing" role="status">{c}</span> })}
        </span>
    }
}

/// An open or closed padlock icon (decorative: the words say the same).
#[component]
fn Padlock(open: bool) -> impl IntoView {
    let shackle = if open { "M7 11V7a5 5 0 0 1 9.9-1" } else { "M7 11V7a5 5 0 0 1 10 0v4" };
    view! {
        <svg class="padlock" viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false">
            <rect x="4" y="11" width="16" height="10" rx="2" fill="currentColor"></rect>
            <path d=shackle fill="none" stroke="currentColor" stroke-width="2"></path>
        </svg>
    }
}
