//! `/c/:conn/users?q=…&page=…&from=…&prev=…`: search by email, name fragment or user id. The query,
//! the page (the provider's opaque page token, checked by the adapter), the row it starts at (for
//! "Showing 26–50") and the tokens of the pages before it (for "Previous page") live in the URL,
//! so back, forward and reload work.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::{self, Target};
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
    let adapter = target.connection.adapter().ok().map(std::sync::Arc::from);
    let page = Memo::new(move |_| {
        let raw = query.with(|m| m.get("page")).unwrap_or_default();
        adapter.as_ref().and_then(|a: &std::sync::Arc<dyn idp::IdentityProvider>| a.page_token(&raw, api::PAGE_SIZE))
    });
    let from = Memo::new(move |_| {
        let from = query.with(|m| m.get("from").and_then(|s| s.parse::<u32>().ok()).unwrap_or(0));
        if page.get().is_some() {
            from
        } else {
            0
        }
    });
    // The tokens of the pages before this one, oldest first ("" for the first page).
    let trail = Memo::new(move |_| {
        let prev = query.with(|m| m.get("prev")).unwrap_or_default();
        if prev.is_empty() {
            Vec::new()
        } else {
            prev.split(',').map(str::to_owned).collect::<Vec<_>>()
        }
    });
    let typed = RwSignal::new(q.get_untracked());
    // Bumped on every submit, so searching the same text again retries (e.g. after an outage).
    let attempt = RwSignal::new(0u32);
    Effect::new(move |_| typed.set(q.get()));
    let notices = use_notices();
    let navigate = use_navigate();
    let go = {
        let conn = conn.clone();
        move |text: &str, page: Option<&idp::PageToken>, from: u32, prev: &[String]| {
            let encode = |s: &str| String::from(js_sys::encode_uri_component(s));
            let mut url = format!("/c/{conn}/users?q={}", encode(text));
            if let Some(token) = page {
                url.push_str(&format!("&page={}&from={from}", encode(&token.0)));
                if !prev.is_empty() {
                    url.push_str(&format!("&prev={}", encode(&prev.join(","))));
                }
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
            go(typed.get_untracked().trim(), None, 0, &[]);
        }
    };
    // `None` while searching; `Some(None)` when there is nothing to search for yet. A signal
    // filled by spawn_local costs much less wasm than a resource with Suspense.
    type Outcome = Option<Result<(idp::Page<idp::User>, Option<&'static str>), idp::Error>>;
    let results = RwSignal::new(None::<Outcome>);
    Effect::new({
        let target = target.clone();
        move |_| {
            attempt.track();
            let (text, at, target) = (q.get(), page.get(), target.clone());
            if text.trim().is_empty() {
                results.set(Some(None));
                return;
            }
            results.set(None);
            crate::format::mark("lockdesk-search-start");
            leptos::task::spawn_local(async move {
                let outcome = api::search_users(&target, &text, at.clone()).await;
                crate::format::mark("lockdesk-search-end");
                // Ignore a late reply for a search the page has moved on from.
                if q.try_get_untracked().as_deref() == Some(text.as_str()) && page.try_get_untracked() == Some(at) {
                    results.try_set(Some(Some(outcome)));
                }
            });
        }
    });
    let label = target.connection.label.clone();
    // Offered where lockdesk creates people; the proxy refuses it below the admin role.
    let adds = target.connection.adapter().is_ok_and(|a| !a.person_types().is_empty());
    let conn_for_add = conn.clone();
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
            {adds.then(|| view! { <p><a class="button" href=format!("/c/{}/new-user", conn_for_add)>"Add a person"</a></p> })}
            {move || {
                let conn = conn.clone();
                let go = go.clone();
                match results.get() {
                    None => view! { <p class="loading"><span class="spinner" aria-hidden="true"></span>"Searching…"</p> }.into_any(),
                    Some(None) => view! { <p class="empty">"Results will appear here."</p> }.into_any(),
                    Some(Some(Err(e))) => view! { <ErrorPanel problem=Problem::from(&e)/> }.into_any(),
                    Some(Some(Ok((page, note)))) if page.items.is_empty() => view! {
                        {note.map(|n| view! { <p class="explain" role="note">{n}</p> })}
                        <p class="empty">"No users match"</p>
                    }.into_any(),
                    Some(Some(Ok((found, note)))) => {
                        let first = from.get_untracked();
                        let shown = found.items.len() as u32;
                        let total = found.total.map(|t| format!(" of {t}")).unwrap_or_default();
                        let next = found.next.clone();
                        let has_previous = page.get_untracked().is_some();
                        let (prev_go, next_go) = (go.clone(), go.clone());
                        view! {
                            {note.map(|n| view! { <p class="explain" role="note">{n}</p> })}
                            <p class="count">"Showing "{first.saturating_add(1)}"–"{first.saturating_add(shown)}{total}</p>
                            <UserTable connection=conn users=found.items/>
                            <nav class="pager" aria-label="Result pages">
                                <button type="button" disabled=!has_previous
                                    on:click=move |_| {
                                        // Back to the page before (the first page when the trail
                                        // was lost, e.g. a link to a later page).
                                        let mut earlier = trail.get_untracked();
                                        let back = earlier.pop().filter(|t| !t.is_empty()).map(idp::PageToken);
                                        let back_from = if back.is_some() { first.saturating_sub(api::PAGE_SIZE) } else { 0 };
                                        prev_go(&q.get_untracked(), back.as_ref(), back_from, &earlier);
                                    }>"Previous page"</button>
                                <button type="button" disabled=next.is_none()
                                    on:click=move |_| {
                                        let mut earlier = trail.get_untracked();
                                        earlier.push(page.get_untracked().map(|t| t.0).unwrap_or_default());
                                        next_go(&q.get_untracked(), next.as_ref(), first.saturating_add(shown), &earlier);
                                    }>"Next page"</button>
                            </nav>
                        }.into_any()
                    }
                }
            }}
        </main>
    }
}
