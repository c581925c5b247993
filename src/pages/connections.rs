//! The connection list on the home page: each connection's provider and credential mode, a link to
//! work on that one system.

use leptos::prelude::*;

use crate::components::ErrorPanel;
use crate::notice::Problem;
use crate::state::session::use_session;

/// Lists the proxy's connections.
#[component]
pub fn ConnectionList() -> impl IntoView {
    let session = use_session();
    view! {
            <p class="lead">"Or choose one system to work in."</p>
            {move || match session.connections.get() {
                None => view! { <p class="loading">"Loading connections…"</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorPanel problem=Problem::from(&e)/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p>"This proxy has no connections yet. Ask your IT admin to add one to its config file."</p>
                }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="connections">
                        {list.into_iter().map(|c| view! {
                            <li>
                                <a href=format!("/c/{}/users", c.id)>{c.label.clone()}</a>
                                <span class="meta">{c.kind.label()}" · "{c.mode_label()}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
    }
}
