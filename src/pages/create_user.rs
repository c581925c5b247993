//! `/c/:conn/new-user`: add a person on a provider whose adapter creates people (DocSpace). The
//! form is checked before anything is sent, with a message at each field; the operator confirms
//! who is created and as what; the new person opens on their own page. If the reply leaves it
//! open whether they were created, the address is looked up before saying either way, so a slow
//! create is never reported as failed when it happened (and never sent twice).

use idp::{Field, FieldError, NewPerson, Role};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::api::{self, Target};
use crate::components::{ConfirmDialog, ErrorPanel};
use crate::notice::Problem;
use crate::state::notices::use_notices;
use crate::state::session::use_session;

/// The create form of the current connection.
#[component]
pub fn CreateUserPage() -> impl IntoView {
    let target = expect_context::<Target>();
    let types = target.connection.adapter().map(|a| a.person_types()).unwrap_or(&[]);
    let label = target.connection.label.clone();
    if types.is_empty() {
        return view! {
            <main id="main"><h1>"Add a person"</h1>
                <p>{format!("lockdesk does not add people to {label}. Use its own console for that.")}</p></main>
        }
        .into_any();
    }
    let role_block = use_session()
        .role_on(&target.connection.id)
        .filter(|r| *r < Role::Admin)
        .map(|r| format!("Adding people needs the admin role; yours is {}. Ask an admin.", r.name()));
    let (email, first, last, kind) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(types[0].code.to_owned()),
    );
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let confirming = RwSignal::new(None::<NewPerson>);
    let pending = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    let notices = use_notices();
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        match NewPerson::parse(
            &email.get_untracked(),
            &first.get_untracked(),
            &last.get_untracked(),
            &kind.get_untracked(),
            types,
        ) {
            Ok(person) => {
                errors.set(Vec::new());
                confirming.set(Some(person));
            }
            Err(found) => errors.set(found),
        }
    };
    let create = {
        let (target, conn) = (target.clone(), target.connection.id.clone());
        move |person: NewPerson| {
            if pending.get_untracked() {
                return;
            }
            pending.set(true);
            let (target, conn, navigate) = (target.clone(), conn.clone(), navigate.clone());
            leptos::task::spawn_local(async move {
                let name = person.full_name();
                let outcome = api::create_user(&target, &person).await;
                let email = person.email.as_str();
                let p = match outcome {
                    Ok(user) => {
                        notices.show_after_navigation(format!("{name} was added to {}.", target.connection.label));
                        navigate(&format!("/c/{conn}/users/{}", user.id), NavigateOptions::default());
                        return;
                    }
                    Err(e) if e.kind == idp::ErrorKind::EmailTaken => {
                        pending.set(false);
                        let p = Problem::from(&e);
                        errors.set(vec![FieldError {
                            field: Field::Email,
                            message: format!("{}. {}", p.title, p.advice),
                        }]);
                        return;
                    }
                    Err(e) if e.kind.change_may_have_happened() => {
                        let mut p = Problem::from(&e);
                        match api::created_after(&target, &person, &e).await {
                            api::Created::Made(Some(user)) => {
                                notices.show_after_navigation(format!("{name} was added to {}.", target.connection.label));
                                navigate(&format!("/c/{conn}/users/{}", user.id), NavigateOptions::default());
                                return;
                            }
                            api::Created::Made(None) => {
                                p.title = format!("{name} was added");
                                p.advice = format!("The reply was lost, but lockdesk-proxy recorded it made. Search for {email} to open them.");
                            }
                            api::Created::NotMade => p.advice = format!("Nobody was created. {}", p.advice),
                            api::Created::Unclear(Some(_)) => p.advice = format!("lockdesk cannot tell whether this request created them, and someone has {email} now. Search for {email} and check before you try again."),
                            api::Created::Unclear(None) => p.advice = format!("lockdesk cannot tell yet whether they were created; the provider may still be at it. Search for {email} in a minute before you try again."),
                        }
                        p
                    }
                    Err(e) => Problem::from(&e),
                };
                pending.set(false);
                problem.set(Some(p));
            });
        }
    };
    let error_at =
        move |field: Field| errors.with(|all| all.iter().find(|e| e.field == field).map(|e| e.message.clone()));
    let text_field = move |field: Field,
                           id: &'static str,
                           caption: &'static str,
                           kind_attr: &'static str,
                           value: RwSignal<String>,
                           auto: &'static str| {
        let hint_id = format!("{id}-error");
        view! {
            <label class="field"><span>{caption}</span>
                <input id=id type=kind_attr autocomplete=auto spellcheck="false" maxlength="255"
                    aria-invalid=move || error_at(field).map(|_| "true") aria-describedby=hint_id.clone()
                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
                <span class="field-error" id=hint_id role="alert">{move || error_at(field)}</span>
            </label>
        }
    };
    let choices = types
        .iter()
        .map(|t| {
            let code = t.code;
            view! {
                <label class="choice">
                    <input type="radio" name="kind" value=code prop:checked=move || kind.get() == code
                        on:change=move |_| kind.set(code.to_owned())/>
                    <span><strong>{t.label}</strong>" — "{t.hint}</span>
                </label>
            }
        })
        .collect_view();
    let blocked = role_block.is_some();
    view! {
        <main id="main">
            <h1>"Add a person"</h1>
            <p class="hint">{format!("Adds a new account to {label}. Check the address: it is where they are invited.")}</p>
            {role_block.map(|why| view! { <p class="explain" role="note">{why}</p> })}
            {move || problem.get().map(|p| view! { <ErrorPanel problem=p/> })}
            <form class="stack" on:submit=submit novalidate>
                {text_field(Field::Email, "new-email", "Email address", "email", email, "off")}
                {text_field(Field::FirstName, "new-first", "First name", "text", first, "off")}
                {text_field(Field::LastName, "new-last", "Last name", "text", last, "off")}
                <fieldset class="field"><legend>"Kind of account"</legend>{choices}
                    <span class="field-error" role="alert">{move || error_at(Field::Kind)}</span></fieldset>
                <button type="submit" aria-disabled=blocked.then_some("true") disabled=move || blocked || pending.get()>
                    {move || if pending.get() { "Adding…" } else { "Add person" }}</button>
            </form>
            {move || confirming.get().map(|person| {
                let kind = types.iter().find(|t| t.code == person.kind);
                let kind_label = kind.map_or("", |t| t.label);
                let message = format!("This creates a {kind_label} account for {} <{}> in {}.", person.full_name(), person.email.as_str(), target.connection.label);
                let create = create.clone();
                let title = format!("Add {}?", person.full_name());
                // An account that manages the whole system is a grant of power: typed to confirm.
                let require = kind.is_some_and(|t| t.admin).then(|| person.email.as_str().to_owned());
                view! {
                    <ConfirmDialog title=title message=message confirm_label="Add person".to_string() require_text=require
                        on_confirm=Callback::new(move |()| { confirming.set(None); create(person.clone()); })
                        on_cancel=Callback::new(move |()| confirming.set(None))/>
                }
            })}
        </main>
    }
    .into_any()
}
