//! `/c/:conn`: resolves the connection, asks for the operator's key in operator mode, and provides
//! the `Target` to the pages below it.

use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_params_map;

use crate::api::ConnectionInfo;
use crate::components::ErrorPanel;
use crate::notice::Problem;
use crate::state::session::use_session;

/// Wraps the pages of one connection.
#[component]
pub fn ConnectionGate() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let conn_id = move || params.with(|p| p.get("conn").unwrap_or_default());
    move || match session.connections.get() {
        None => view! { <main id="main"><p class="loading">"Loading connections…"</p></main> }.into_any(),
        Some(Err(e)) => view! { <main id="main"><ErrorPanel problem=Problem::from(&e)/></main> }.into_any(),
        Some(Ok(list)) => {
            let id = conn_id();
            match list.into_iter().find(|c| c.id == id) {
                None => view! {
                    <main id="main">
                        <h1>"No such connection"</h1>
                        <p>"This proxy has no connection called \""{id}"\". "<a href="/">"Choose a connection"</a></p>
                    </main>
                }
                .into_any(),
                Some(c) => match session.target(&c) {
                    None => view! { <SignInForm connection=c/> }.into_any(),
                    Some(target) => {
                        provide_context(target);
                        view! {
                            <p class="crumbs">
                                <a href="/">"Connections"</a>" › "
                                <a href=format!("/c/{}/users", c.id)>{c.label.clone()}</a>
                                <span class="meta">" ("{c.kind.label()}")"</span>
                            </p>
                            <Outlet/>
                        }
                        .into_any()
                    }
                },
            }
        }
    }
}

/// Operator mode: the operator types their own API key. It stays in memory for this tab only.
#[component]
fn SignInForm(connection: ConnectionInfo) -> impl IntoView {
    let session = use_session();
    let key = RwSignal::new(String::new());
    let id = connection.id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = key.get_untracked().trim().to_string();
        if !typed.is_empty() {
            session.set_operator_key(&id, typed);
            key.set(String::new());
        }
    };
    view! {
        <main id="main">
            <h1>"Sign in to "{connection.label.clone()}</h1>
            <p>"This connection uses your own "{connection.kind.label()}" API key. lockdesk keeps it in this tab's memory only: it is forgotten when you close or reload the tab."</p>
            <form on:submit=submit class="stack">
                <label class="field">
                    <span>"API key"</span>
                    <input type="password" autocomplete="off" required prop:value=move || key.get()
                        on:input=move |ev| key.set(event_target_value(&ev))/>
                </label>
                <button type="submit">"Sign in"</button>
            </form>
        </main>
    }
}
