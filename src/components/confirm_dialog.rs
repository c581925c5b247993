//! A real modal dialog (`<dialog>` opened with `showModal`): focus stays inside, Escape cancels.
//! For irreversible actions it can require typing a confirmation text (the user's email).

use leptos::html::Dialog;
use leptos::prelude::*;

/// Whether `typed` matches what must be typed (surrounding spaces and ASCII letter case ignored;
/// ASCII-only folding keeps Unicode case tables out of the wasm).
pub fn confirmation_matches(required: &str, typed: &str) -> bool {
    !required.trim().is_empty() && typed.trim().eq_ignore_ascii_case(required.trim())
}

/// Asks before doing something destructive. Mount it only while it should be open.
#[component]
pub fn ConfirmDialog(
    /// The question, e.g. "Deactivate Terry Example?".
    title: String,
    /// One plain sentence on what will happen.
    message: String,
    /// The confirm button's label, e.g. "Deactivate".
    confirm_label: String,
    /// Text the person must type before the confirm button is enabled.
    #[prop(optional_no_strip)]
    require_text: Option<String>,
    /// More inputs for the decision (a choice of how the person hears about it).
    #[prop(optional_no_strip)]
    extra: Option<AnyView>,
    /// Called once when confirmed.
    on_confirm: Callback<()>,
    /// Called when cancelled (button or Escape).
    on_cancel: Callback<()>,
) -> impl IntoView {
    let dialog: NodeRef<Dialog> = NodeRef::new();
    let typed = RwSignal::new(String::new());
    let required = require_text.clone();
    let ready = Signal::derive(move || match &required {
        Some(text) => confirmation_matches(text, &typed.get()),
        None => true,
    });
    Effect::new(move |_| {
        if let Some(el) = dialog.get() {
            if !el.open() {
                let _ = el.show_modal();
            }
        }
    });
    let close_and = move |cb: Callback<()>| {
        if let Some(el) = dialog.get_untracked() {
            el.close();
        }
        cb.run(());
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if ready.get_untracked() {
            close_and(on_confirm);
        }
    };
    let prompt = require_text.clone().map(|text| {
        let label = format!("Type {text} to confirm");
        view! {
            <label class="field">
                <span>{label}</span>
                <input type="text" autocomplete="off" spellcheck="false" autofocus
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev))/>
            </label>
        }
    });
    let cancel_first = require_text.is_none();
    view! {
        <dialog node_ref=dialog class="confirm-dialog" aria-labelledby="confirm-title" aria-describedby="confirm-message"
            on:cancel=move |ev: leptos::ev::Event| { ev.prevent_default(); close_and(on_cancel); }>
            <form on:submit=confirm>
                <h2 id="confirm-title">{title}</h2>
                <p id="confirm-message">{message}</p>
                {extra}
                {prompt}
                <div class="dialog-buttons">
                    <button type="button" autofocus=cancel_first on:click=move |_| close_and(on_cancel)>"Cancel"</button>
                    <button type="submit" class="danger" disabled=move || !ready.get()>{confirm_label}</button>
                </div>
            </form>
        </dialog>
    }
}
