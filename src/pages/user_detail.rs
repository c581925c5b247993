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
    // A signal filled by spawn_local rather than a resource + Transition: same behaviour (the old
    // view stays while re-reading after an action), several KB less wasm.
    let user = RwSignal::new(None::<Result<User, idp::Error>>);
    // What went wrong with the last action; kept across the re-read that follows it.
    let problem = RwSignal::new(None::<Problem>);
    // An activation link to show once; gone when the page goes.
    let link = RwSignal::new(None::<String>);
    // The last plan's step results, kept across the re-read after it.
    let steps = RwSignal::new(Vec::<String>::new());
    // The person was still changing when the page stopped re-reading.
    let stopped_waiting = RwSignal::new(false);
    // Each load gets a number, so a re-read started later wins over one still waiting.
    let generation = RwSignal::new(0u32);
    let load = {
        let target = target.clone();
        move || {
            let (id, target) = (user_id.get_untracked(), target.clone());
            let mine = generation.get_untracked().wrapping_add(1);
            generation.set(mine);
            stopped_waiting.set(false);
            leptos::task::spawn_local(async move {
                // While the provider is still changing their state, show it ("Changing to …")
                // and read again, a bounded number of times.
                let shows = |id: &str| user_id.try_get_untracked().as_deref() == Some(id);
                let outcome = api::settled(&target, &id, |changing| {
                    // A later load (a re-read after an action) takes over.
                    let current = generation.try_get_untracked() == Some(mine);
                    if current && shows(&id) {
                        user.try_set(Some(Ok(changing.clone())));
                    }
                    current
                })
                .await;
                // Ignore a late reply for a user this page no longer shows.
                if shows(&id) && generation.try_get_untracked() == Some(mine) {
                    stopped_waiting.try_set(matches!(&outcome, Ok(u) if u.status.is_changing()));
                    user.try_set(Some(outcome));
                }
            });
        }
    };
    Effect::new({
        let load = load.clone();
        move |_| {
            user_id.track();
            user.set(None);
            problem.set(None);
            link.set(None);
            steps.set(Vec::new());
            load();
        }
    });
    let reload = Callback::new(move |()| load());
    view! {
        <main id="main">
            {move || {
                let target = target.clone();
                match user.get() {
                    None => view! { <p class="loading"><span class="spinner" aria-hidden="true"></span>"Loading…"</p> }.into_any(),
                    Some(Ok(u)) => view! {
                        <UserView target=target user=u reload=reload problem=problem link=link steps=steps/>
                        {move || stopped_waiting.get().then(|| view! {
                            <p class="explain" role="status">"The provider is still making this change, and lockdesk stopped checking. Load the page again in a minute."</p>
                        })}
                    }.into_any(),
                    Some(Err(e)) => view! {
                        <h1>"Person not shown"</h1>
                        // What the last action came to, if the re-read after it failed.
                        {problem.get().map(|p| view! { <ErrorPanel problem=p/> })}
                        <ErrorPanel problem=Problem::from(&e)/>
                        <p><a href=format!("/c/{}/users", target.connection.id)>"Back to search"</a></p>
                    }.into_any(),
                }
            }}
        </main>
    }
}

#[component]
fn UserView(
    target: Target,
    user: User,
    reload: Callback<()>,
    problem: RwSignal<Option<Problem>>,
    link: RwSignal<Option<String>>,
    steps: RwSignal<Vec<String>>,
) -> impl IntoView {
    let raw = user.raw.clone();
    let provider = target.connection.kind.label();
    view! {
        <header class="person">
            <h1>{user.display_name.clone()}</h1>
            <StatusBadge status=user.status.clone() large=true/>
        </header>
        <UserActions target=target user=user.clone() reload=reload problem=problem link=link steps_done=steps/>
        <section aria-labelledby="facts-title">
            <h2 id="facts-title">"Details from "{provider}</h2>
            <UserFacts user=user/>
        </section>
        <RawJson raw=raw/>
    }
}
