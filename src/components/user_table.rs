//! The search results table: name (a link to the detail page), email, padlock, last sign-in.

use idp::User;
use leptos::prelude::*;

use crate::components::StatusBadge;
use crate::format::last_sign_in;

/// A table of users on connection `connection`.
#[component]
pub fn UserTable(
    /// The connection the users belong to (for the links).
    connection: String,
    /// The users to list.
    users: Vec<User>,
) -> impl IntoView {
    let rows = users
        .into_iter()
        .map(|user| {
            let href = format!("/c/{}/users/{}", connection, user.id);
            view! {
                <tr>
                    <th scope="row"><a href=href>{user.display_name.clone()}</a></th>
                    <td>{user.email.clone().unwrap_or_default()}</td>
                    <td><StatusBadge status=user.status.clone()/></td>
                    <td>{last_sign_in(user.last_login_ms)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="users">
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Email"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Last sign-in"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
