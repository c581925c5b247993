//! `/c/:conn/users/:id`: one person, read fresh from the provider, with the padlock, the facts,
//! the raw JSON and the actions valid in their current state.

use idp::User;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{self, Target};
use crate::components::{ErrorPanel, RawJson, StatusBadge, UserFacts};
use crate::notice::Problem;
use crate::pages::user_actions::UserActions;

/// The detail page.
#[component]
pub fn UserDetailPage() -> impl IntoView {
    let target = expect_context::<Target>();
    let params = use_params_map();
    let user_id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let user = LocalResource::new({
        let target = target.clone();
        move || {
            let (id, target) = (user_id.get(), target.clone());
            async move { api::get_user(&target, &id).await }
        }
    });
    let reload = Callback::new(move |()| user.refetch());
    view! {
        <main id="main">
            <Transition fallback=|| view! { <p class="loading"><span class="spinner" aria-hidden="true"></span>"Loading…"</p> }>
                {move || {
                    let target = target.clone();
                    Suspend::new(async move {
                        match user.await {
                            Ok(u) => view! { <UserView target=target user=u reload=reload/> }.into_any(),
                            Err(e) => view! {
                                <h1>"Person not shown"</h1>
                                <ErrorPanel problem=Problem::from(&e)/>
                                <p><a href=format!("/c/{}/users", target.connection.id)>"Back to search"</a></p>
                            }.into_any(),
                        }
                    })
                }}
            </Transition>
        </main>
    }
}

#[component]
fn UserView(target: Target, user: User, reload: Callback<()>) -> impl IntoView {
    let raw = user.raw.clone();
    let provider = target.connection.kind.label();
    view! {
        <header class="person">
            <h1>{user.display_name.clone()}</h1>
            <StatusBadge status=user.status.clone() large=true/>
        </header>
        <UserActions target=target user=user.clone() reload=reload/>
        <section aria-labelledby="facts-title">
            <h2 id="facts-title">"Details from "{provider}</h2>
            <UserFacts user=user/>
        </section>
        <RawJson raw=raw/>
    }
}
