//! `/`: one search across every connection the operator may use, run in parallel; results appear
//! as each provider answers, grouped by person (the same email address, in any letter case, is the
//! same person), each person a card with every account's padlock and "Can sign in to 2 of 3
//! systems", and an Offboard button. A slow or failing provider shows its own row and never holds
//! up the others. The connection list stays below, for work on one system.

use std::collections::BTreeMap;

use idp::{SignIn, User};
use leptos::prelude::*;

use crate::api::{self, ConnectionInfo};
use crate::components::{ErrorPanel, StatusBadge};
use crate::notice::Problem;
use crate::pages::connections::ConnectionList;
use crate::state::session::use_session;

/// One connection's answer: `None` while it is searching.
type Answer = (ConnectionInfo, Option<Result<Vec<User>, idp::Error>>);

/// The home page.
#[component]
pub fn EverywherePage() -> impl IntoView {
    let session = use_session();
    let typed = RwSignal::new(String::new());
    let answers = RwSignal::new(Vec::<Answer>::new());
    // Each search has a number, so a late answer to an earlier one is dropped.
    let generation = RwSignal::new(0u32);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = typed.get_untracked().trim().to_string();
        let Some(Ok(list)) = session.connections.get_untracked() else { return };
        if text.is_empty() {
            return;
        }
        generation.update(|g| *g += 1);
        let this = generation.get_untracked();
        answers.set(list.iter().map(|c| (c.clone(), None)).collect());
        crate::format::mark("lockdesk-search-start");
        for (i, connection) in list.into_iter().enumerate() {
            let text = text.clone();
            let Some(target) = session.target(&connection) else {
                let e = idp::Error::new(idp::ErrorKind::Unauthorized, "no API key typed for this connection");
                answers.update(|a| a[i].1 = Some(Err(e)));
                continue;
            };
            leptos::task::spawn_local(async move {
                let found = match api::search_users(&target, &text, None).await {
                    Ok((page, _)) => Ok(api::completed(&target, page.items).await),
                    Err(e) => Err(e),
                };
                if generation.try_get_untracked() == Some(this) {
                    crate::format::mark(&format!("lockdesk-search:{}", target.connection.id));
                    answers.try_update(|a| a[i].1 = Some(found));
                    if answers.with_untracked(|a| a.iter().all(|(_, f)| f.is_some())) {
                        crate::format::mark("lockdesk-search-end");
                    }
                }
            });
        }
    };
    view! {
        <main id="main">
            <h1>"Find a person everywhere"</h1>
            <form class="search" role="search" on:submit=submit>
                <label for="search-everywhere">"Search every system"</label>
                <div class="search-row">
                    <input id="search-everywhere" type="search" autocomplete="off" spellcheck="false"
                        placeholder="Email or name"
                        prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev))/>
                    <button type="submit">"Search"</button>
                </div>
                <p class="hint">"Searches every connection at once. Type an email address or part of a name."</p>
            </form>
            <p><a class="button" href="/offboard/bulk">"Offboard a list of people"</a></p>
            <Answers answers=answers/>
            <h2>"Connections"</h2>
            <ConnectionList/>
        </main>
    }
}

/// The per-connection rows and the people cards.
#[component]
fn Answers(answers: RwSignal<Vec<Answer>>) -> impl IntoView {
    move || {
        let all = answers.get();
        if all.is_empty() {
            return view! { <p class="empty">"Results will appear here."</p> }.into_any();
        }
        let mut people: BTreeMap<String, Vec<(ConnectionInfo, User)>> = BTreeMap::new();
        for (c, found) in &all {
            for user in found.iter().flat_map(|f| f.iter().flatten()) {
                let key = match &user.email {
                    Some(email) if !email.trim().is_empty() => email.trim().to_lowercase(),
                    _ => format!("{}/{}", c.id, user.id),
                };
                people.entry(key).or_default().push((c.clone(), user.clone()));
            }
        }
        let waiting = all.iter().filter(|(_, f)| f.is_none()).count();
        let rows = all
            .into_iter()
            .filter_map(|(c, found)| match found {
                None => Some(view! { <li class="loading"><span class="spinner" aria-hidden="true"></span>{c.label.clone()}": searching…"</li> }.into_any()),
                Some(Err(e)) => Some(view! { <li><strong>{c.label.clone()}</strong><ErrorPanel problem=Problem::from(&e)/></li> }.into_any()),
                Some(Ok(_)) => None,
            })
            .collect_view();
        let none = people.is_empty() && waiting == 0;
        let cards = people.into_iter().map(|(key, accounts)| view! { <PersonCard key accounts/> }).collect_view();
        view! {
            <ul class="answers" aria-live="polite">{rows}</ul>
            {none.then(|| view! { <p class="empty">"No users match"</p> })}
            <div class="people">{cards}</div>
        }
        .into_any()
    }
}

/// One person's accounts.
#[component]
fn PersonCard(key: String, accounts: Vec<(ConnectionInfo, User)>) -> impl IntoView {
    let name = accounts.first().map(|(_, u)| u.display_name.clone()).unwrap_or_default();
    let label = name.clone();
    let email = accounts.iter().find_map(|(_, u)| u.email.clone());
    let open = accounts.iter().filter(|(_, u)| u.sign_in() == SignIn::Allowed).count();
    let summary = format!(
        "Can sign in to {open} of {} {}",
        accounts.len(),
        if accounts.len() == 1 { "system" } else { "systems" }
    );
    let offboard =
        email.as_ref().map(|e| format!("/offboard?email={}", String::from(js_sys::encode_uri_component(e.trim()))));
    let rows = accounts
        .into_iter()
        .map(|(c, u)| {
            let href = format!("/c/{}/users/{}", c.id, u.id);
            view! {
                <tr>
                    <th scope="row"><a href=href>{c.label.clone()}</a></th>
                    <td>{c.kind.label()}</td>
                    <td><StatusBadge status=u.status.clone()/></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="person-card" aria-label=label data-person=key>
            <h3>{name}</h3>
            <p class="meta">{email.unwrap_or_default()}</p>
            <p class="summary">{summary}</p>
            <table class="users"><tbody>{rows}</tbody></table>
            {offboard.map(|href| view! { <p><a class="button" href=href>"Offboard"</a></p> })}
        </section>
    }
}
