//! Components mounted in a real headless Chromium (wasm-bindgen-test): the padlock for every
//! status, the delete confirmation, hostile provider text, and the error panel.
#![cfg(target_arch = "wasm32")]

use idp::{Status, StatusKind, User, UserId};
use leptos::prelude::*;
use lockdesk::components::{ConfirmDialog, ErrorPanel, StatusBadge, UserTable};
use lockdesk::notice::Problem;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlButtonElement, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn root() -> HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    root.unchecked_into()
}

fn user(name: &str, status: Status) -> User {
    User {
        id: UserId::parse("4e0f2af0-33a2-4001-8631-0f8225e65f1c").unwrap(),
        display_name: name.into(),
        email: Some("terry@example.com".into()),
        username: None,
        status,
        last_login_ms: Some(1570201693585),
        precondition: None,
        facts: vec![],
        raw: serde_json::json!({}),
    }
}

#[wasm_bindgen_test]
async fn the_padlock_says_whether_each_status_can_sign_in() {
    let table = [
        (StatusKind::Active, "open", "Can sign in · Active"),
        (StatusKind::Deactivated, "closed", "Cannot sign in · Deactivated"),
        (StatusKind::LockedOut, "closed", "Cannot sign in · Locked out"),
        (StatusKind::Suspended, "closed", "Cannot sign in · Suspended"),
        (StatusKind::NotYetActivated, "closed", "Cannot sign in · Not yet activated"),
        (StatusKind::DeletedRestorable, "closed", "Cannot sign in · Deleted (can be restored)"),
        (StatusKind::Deleted, "closed", "Cannot sign in · Deleted"),
        (StatusKind::Unknown("STAGED_X".into()), "unknown", "Sign-in unknown · Unknown (STAGED_X)"),
    ];
    for (kind, lock, text) in table {
        let status = Status::new(kind, "raw");
        let root = root();
        let _mount =
            leptos::mount::mount_to(root.clone(), move || view! { <StatusBadge status=status.clone() large=true/> });
        let badge = root.query_selector(".badge").unwrap().expect("badge rendered");
        assert_eq!(badge.get_attribute("data-lock").as_deref(), Some(lock));
        assert_eq!(badge.get_attribute("aria-label").as_deref(), Some("Sign-in status"));
        assert_eq!(badge.text_content().unwrap().trim(), text);
        assert!(badge.query_selector("svg[aria-hidden='true']").unwrap().is_some(), "icon as well as words");
    }
}

#[wasm_bindgen_test]
async fn the_padlock_gives_the_reason_and_says_while_it_is_changing() {
    let mut status = Status::new(StatusKind::LockedOut, "LOCKED_OUT").because("Locked out after failed sign-ins");
    status.transitioning_to = Some(StatusKind::Active);
    let root = root();
    let _mount =
        leptos::mount::mount_to(root.clone(), move || view! { <StatusBadge status=status.clone() large=true/> });
    let text = root.query_selector(".badge").unwrap().unwrap().text_content().unwrap();
    assert!(text.starts_with("Cannot sign in · Locked out"), "{text}");
    assert!(text.contains("Locked out after failed sign-ins"), "{text}");
    assert!(text.contains("Changing to Active…"), "{text}");
}

#[wasm_bindgen_test]
async fn the_delete_dialog_refuses_until_the_email_is_typed() {
    let root = root();
    let confirmed = RwSignal::new(0);
    let cancelled = RwSignal::new(0);
    let _mount = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <ConfirmDialog title="Delete Terry Example permanently?".to_string()
                message="Removes this person for good.".to_string()
                confirm_label="Delete permanently".to_string()
                require_text=Some("terry@example.com".to_string())
                on_confirm=Callback::new(move |()| confirmed.update(|n| *n += 1))
                on_cancel=Callback::new(move |()| cancelled.update(|n| *n += 1))/>
        }
    });
    leptos::task::tick().await;
    let dialog: web_sys::HtmlDialogElement = root.query_selector("dialog").unwrap().unwrap().unchecked_into();
    assert!(dialog.open(), "opened as a modal");
    let label = root.query_selector("label").unwrap().unwrap().text_content().unwrap();
    assert_eq!(label, "Type terry@example.com to confirm");
    let input: HtmlInputElement = root.query_selector("input").unwrap().unwrap().unchecked_into();
    let confirm: HtmlButtonElement = root.query_selector("button[type='submit']").unwrap().unwrap().unchecked_into();
    assert!(confirm.disabled(), "enabled before anything was typed");
    for (typed, enabled) in [("terry@example.co", false), ("john@example.com", false), (" Terry@Example.com ", true)] {
        input.set_value(typed);
        input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
        leptos::task::tick().await;
        assert_eq!(!confirm.disabled(), enabled, "after typing {typed:?}");
    }
    confirm.click();
    leptos::task::tick().await;
    assert_eq!(confirmed.get_untracked(), 1);
    assert_eq!(cancelled.get_untracked(), 0);
    assert!(!dialog.open(), "closed after confirming");
}

#[wasm_bindgen_test]
async fn escape_cancels_the_dialog() {
    let root = root();
    let cancelled = RwSignal::new(0);
    let _mount = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <ConfirmDialog title="Deactivate Terry Example?".to_string() message="Stops sign-in.".to_string()
                confirm_label="Deactivate".to_string() require_text=None
                on_confirm=Callback::new(|()| panic!("confirmed on Escape"))
                on_cancel=Callback::new(move |()| cancelled.update(|n| *n += 1))/>
        }
    });
    leptos::task::tick().await;
    let dialog = root.query_selector("dialog").unwrap().unwrap();
    let cancel_event = web_sys::Event::new_with_event_init_dict("cancel", &{
        let init = web_sys::EventInit::new();
        init.set_cancelable(true);
        init
    })
    .unwrap();
    dialog.dispatch_event(&cancel_event).unwrap();
    leptos::task::tick().await;
    assert_eq!(cancelled.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn hostile_names_render_as_text() {
    let root = root();
    let hostile = "<img src=x onerror=alert(1)><script>alert(2)</script>";
    let users = vec![user(hostile, Status::new(StatusKind::Active, "active: true"))];
    let _mount = leptos::mount::mount_to(
        root.clone(),
        move || view! { <UserTable connection="fa".to_string() users=users.clone()/> },
    );
    assert!(root.query_selector("img").unwrap().is_none(), "an <img> element was created");
    assert!(root.query_selector("tbody script").unwrap().is_none(), "a <script> element was created");
    let link = root.query_selector("tbody a").unwrap().unwrap();
    assert_eq!(link.text_content().unwrap(), hostile);
    assert_eq!(link.get_attribute("href").unwrap(), "/c/fa/users/4e0f2af0-33a2-4001-8631-0f8225e65f1c");
}

#[wasm_bindgen_test]
async fn the_error_panel_explains_and_keeps_details() {
    let mut e = idp::Error::new(idp::ErrorKind::Unavailable, "FusionAuth answered HTTP 503");
    e.provider = Some(idp::ProviderKind::FusionAuth);
    e.status = Some(503);
    e.request_id = Some("abc123".into());
    e.messages = vec!["<b>index</b> down".into()];
    let root = root();
    let problem = Problem::from(&e);
    let _mount = leptos::mount::mount_to(root.clone(), move || view! { <ErrorPanel problem=problem.clone()/> });
    let panel = root.query_selector("[role='alert']").unwrap().expect("an alert");
    let text = panel.text_content().unwrap();
    assert!(text.contains("FusionAuth is temporarily unavailable"), "{text}");
    assert!(text.contains("503") && text.contains("abc123"), "{text}");
    assert!(panel.query_selector("b").unwrap().is_none(), "provider message rendered as HTML");
    assert!(text.contains("<b>index</b> down"));
}
