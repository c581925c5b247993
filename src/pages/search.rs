//! `/c/:conn/users?q=…&start=…`: search by email, name fragment or user id. The query lives in
//! the URL so back, forward and reload work.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::{self, Target, PAGE_SIZE};
use crate::components::{ErrorPanel, UserTable};
use crate::notice::Problem;
use crate::state::notices::use_notices;

/// The search page of the current connection.
#[component]
pub fn SearchPage() -> impl IntoView {
    let target = expect_context::<Target>();
    let conn = target.connection.id.clone();
    let query = use_query_map();
    let q = Memo::new(move |_| query.with(|m| m.get("q").unwrap_or_default()));
    // Rows past 10,000 cannot be paged to (the provider's search window): a hand-edited URL is
    // brought back to the last page that can be shown.
    let last_start = idp::operation::MAX_START - PAGE_SIZE;
    let start = Memo::new(move |_| {
        query.with(|m| m.get("start").and_then(|s| s.parse::<u32>().ok()).unwrap_or(0).min(last_start))
    });
    let typed = RwSignal::new(q.get_untracked());
    // Bumped on every submit, so searching the same text again retries (e.g. after an outage).
    let attempt = RwSignal::new(0u32);
    Effect::new(move |_| typed.set(q.get()));
    let notices = use_notices();
    let navigate = use_navigate();
    let go = {
        let conn = conn.clone();
        move |text: &str, start: u32| {
            let mut url = format!("/c/{conn}/users?q={}", String::from(js_sys::encode_uri_component(text)));
            if start > 0 {
                url.push_str(&format!("&start={start}"));
            }
            navigate(&url, NavigateOptions::default());
        }
    };
    let submit = {
        let go = go.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            notices.clear();
            attempt.update(|n| *n += 1);
            go(typed.get_untracked().trim(), 0);
        }
    };
    // `None` while searching; `Some(None)` when there is nothing to search for yet. A signal
    // filled by spawn_local costs much less wasm than a resource with Suspense.
    type Outcome = Option<Result<idp::Page<idp::User>, idp::Error>>;
    let results = RwSignal::new(None::<Outcome>);
    Effect::new({
        let target = target.clone();
        move |_| {
            attempt.track();
            let (text, from, target) = (q.get(), start.get(), target.clone());
            if text.trim().is_empty() {
                results.set(Some(None));
                return;
            }
            results.set(None);
            leptos::task::spawn_local(async move {
                let outcome = api::search_users(&target, &text, from).await;
                // Ignore a late reply for a search the page has moved on from.
                if q.try_get_untracked().as_deref() == Some(text.as_str()) && start.try_get_untracked() == Some(from) {
                    results.try_set(Some(Some(outcome)));
                }
            });
        }
    });
    let label = target.connection.label.clone();
    view! {
        <main id="main">
            <h1>"Find a person"</h1>
            <form class="search" role="search" on:submit=submit>
                <label for="search-users">"Search users"</label>
                <div class="search-row">
                    <input id="search-users" type="search" autocomplete="off" spellcheck="false"
                        placeholder="Email, name or user id"
                        prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev))/>
                    <button type="submit">"Search"</button>
                </div>
                <p class="hint">"Searching "{label}". Type an email address, part of a name, or a user id."</p>
            </form>
            {move || {
                let conn = conn.clone();
                let go = go.clone();
                match results.get() {
                    None => view! { <p class="loading"><span class="spinner" aria-hidden="true"></span>"Searching…"</p> }.into_any(),
                    Some(None) => view! { <p class="empty">"Results will appear here."</p> }.into_any(),
                    Some(Some(Err(e))) => view! { <ErrorPanel problem=Problem::from(&e)/> }.into_any(),
                    Some(Some(Ok(page))) if page.items.is_empty() => view! { <p class="empty">"No users match"</p> }.into_any(),
                    Some(Some(Ok(page))) => {
                        let from = page.start;
                        let shown = page.items.len() as u32;
                        let total = page.total.map(|t| t.to_string()).unwrap_or_else(|| "?".into());
                        let has_next = page.total.map(|t| u64::from(from + shown) < t).unwrap_or(shown == PAGE_SIZE)
                            && from + PAGE_SIZE <= last_start;
                        let (prev_go, next_go) = (go.clone(), go.clone());
                        view! {
                            <p class="count">"Showing "{from + 1}"–"{from + shown}" of "{total}</p>
                            <UserTable connection=conn users=page.items/>
                            <nav class="pager" aria-label="Result pages">
                                <button type="button" disabled=from == 0
                                    on:click=move |_| prev_go(&q.get_untracked(), from.saturating_sub(PAGE_SIZE))>"Previous page"</button>
                                <button type="button" disabled=!has_next
                                    on:click=move |_| next_go(&q.get_untracked(), from + PAGE_SIZE)>"Next page"</button>
                            </nav>
                        }.into_any()
                    }
                }
            }}
        </main>
    }
}
