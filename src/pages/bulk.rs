//! `/offboard/bulk`: offboard a list of people. Paste addresses or upload a CSV (`email`, and
//! optionally `connection` and `action`); every row is checked first (`offboard::list`) and the
//! problems listed by line, with nothing run until they are fixed or dropped. Then every address is
//! looked up on its connections (paced like the run), people found nowhere are listed, each
//! account gets its plan (the offboarding plan, or the one action its row names), and the run
//! starts at `/offboard/run/{id}` once confirmed. Runs this browser keeps are listed to reopen.

use std::collections::HashMap;

use idp::User;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use offboard::journal::NewAccount;
use offboard::list::{parse_list, Parsed, RowAction};
use offboard::plan_for;

use crate::components::ConfirmDialog;
use crate::notice::{state_text, Problem};
use crate::pages::run::{new_run_id, start_run, targets};
use crate::state::{journal, runner, session::use_session};

/// The bulk page.
#[component]
pub fn BulkPage() -> impl IntoView {
    let session = use_session();
    let text = RwSignal::new(String::new());
    let parsed = RwSignal::new(None::<Parsed>);
    // Accounts found per row index, and lookups that failed.
    let found = RwSignal::new(HashMap::<usize, Vec<(String, User)>>::new());
    let failed = RwSignal::new(Vec::<(usize, String, String)>::new());
    let looked = RwSignal::new(None::<(usize, usize)>);
    let asking = RwSignal::new(false);
    let saved = RwSignal::new(Vec::new());
    leptos::task::spawn_local(async move {
        if let Ok(runs) = journal::runs().await {
            let _ = saved.try_set(runs);
        }
    });
    let ids = move || session.connections.get_untracked().and_then(Result::ok).unwrap_or_default();
    let check = move |_| {
        let list = ids();
        let names: Vec<&str> = list.iter().map(|c| c.id.as_str()).collect();
        parsed.set(Some(parse_list(&text.get_untracked(), &names)));
        looked.set(None);
    };
    let upload = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        leptos::task::spawn_local(async move {
            if let Ok(t) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
                text.set(t.as_string().unwrap_or_default());
                check(());
            }
        });
    };
    let drop_bad = move |_| {
        parsed.update(|p| {
            if let Some(p) = p {
                p.errors.clear();
            }
        });
    };
    let run_id = StoredValue::new(new_run_id());
    let look = move |_| {
        let Some(p) = parsed.get_untracked() else { return };
        let all: Vec<String> = ids().into_iter().map(|c| c.id).collect();
        let mut jobs: HashMap<String, Vec<(usize, idp::Email)>> = HashMap::new();
        for (i, row) in p.rows.iter().enumerate() {
            let on: Vec<&String> = match &row.connection {
                Some(c) => vec![c],
                None => all.iter().collect(),
            };
            for c in on {
                jobs.entry(c.clone()).or_default().push((i, row.email.clone()));
            }
        }
        let total: usize = jobs.values().map(Vec::len).sum();
        found.set(HashMap::new());
        failed.set(Vec::new());
        looked.set(Some((0, total)));
        runner::look_up(
            run_id.get_value(),
            jobs,
            targets(&session),
            move || looked.try_get_untracked().is_some(),
            move |i, connection, outcome| {
                match outcome {
                    Ok(users) => found.update(|f| {
                        f.entry(i).or_default().extend(users.into_iter().map(|u| (connection.to_string(), u)))
                    }),
                    Err(e) => failed.update(|f| f.push((i, connection.to_string(), Problem::from(&e).title))),
                }
                looked.update(|l| {
                    if let Some(l) = l {
                        l.0 += 1
                    }
                });
            },
            || {},
        );
    };
    let navigate = use_navigate();
    let start = Callback::new(move |_| {
        let (Some(p), list) = (parsed.get_untracked(), ids()) else { return };
        let mut accounts = Vec::new();
        let mut not_found = Vec::new();
        let all = found.get_untracked();
        for (i, row) in p.rows.iter().enumerate() {
            let Some(accs) = all.get(&i).filter(|a| !a.is_empty()) else {
                not_found.push((row.line, row.email.as_str().to_string()));
                continue;
            };
            for (c, user) in accs {
                let Some(adapter) = list.iter().find(|x| &x.id == c).and_then(|x| x.adapter().ok()) else { continue };
                let plan = plan_for(adapter.as_ref(), user, session.role_on(c).unwrap_or(idp::Role::Admin));
                let calls = match row.action {
                    RowAction::Offboard => plan.calls(&plan.ticked_by_default()),
                    RowAction::Only(action) => plan.calls(&[action]),
                };
                accounts.push(NewAccount {
                    line: row.line,
                    email: row.email.as_str().to_string(),
                    connection: c.clone(),
                    user_id: user.id.to_string(),
                    name: user.display_name.clone(),
                    before: Some(state_text(&user.status)),
                    calls,
                });
            }
        }
        start_run(run_id.get_value(), accounts, not_found, navigate.clone());
    });
    view! {
        <main id="main">
            <h1>"Offboard a list of people"</h1>
            <label class="field" for="bulk-list"><span>"Email addresses, or a CSV with an email column"</span></label>
            <textarea id="bulk-list" rows="8" spellcheck="false"
                placeholder="terry@example.com&#10;john.doe@example.com"
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <label class="field"><span>"Or upload a CSV file (columns email, and optionally connection and action)"</span>
                <input type="file" accept=".csv,text/csv,text/plain" on:change=upload/></label>
            <div class="actions"><button type="button" on:click=move |_| check(())>"Check the list"</button></div>
            {move || parsed.get().map(|p| {
                let errors = p.errors.iter().map(|e| view! { <li>{format!("Line {}: {}", e.line, e.problem)}</li> }).collect_view();
                let has_errors = !p.errors.is_empty();
                let ignored = (!p.ignored_columns.is_empty()).then(|| format!("Columns lockdesk does not use and leaves alone: {}.", p.ignored_columns.join(", ")));
                let rows = p.rows.len();
                view! {
                    <section aria-label="Checked list">
                        <p role="status">{format!("{rows} {} ready.", if rows == 1 { "person" } else { "people" })}
                            {has_errors.then(|| format!(" {} {} to fix:", p.errors.len(), if p.errors.len() == 1 { "line" } else { "lines" }))}</p>
                        {has_errors.then(|| view! {
                            <ul class="problems" role="alert">{errors}</ul>
                            <p>"Fix them above and check again, or leave them out."</p>
                            <button type="button" on:click=drop_bad>"Leave these lines out"</button>
                        })}
                        {ignored.map(|t| view! { <p class="explain">{t}</p> })}
                        {(!has_errors && rows > 0).then(|| view! { <button type="button" on:click=look>"Look them up"</button> })}
                    </section>
                }
            })}
            {move || looked.get().map(|(done, total)| {
                let complete = done == total;
                let people = found.with(|f| f.values().filter(|a| !a.is_empty()).count());
                let accounts: usize = found.with(|f| f.values().map(Vec::len).sum());
                let rows = parsed.with(|p| p.as_ref().map_or(0, |p| p.rows.len()));
                let failures = failed.get().into_iter().map(|(i, c, why)| {
                    let email = parsed.with(|p| p.as_ref().and_then(|p| p.rows.get(i)).map(|r| r.email.as_str().to_string())).unwrap_or_default();
                    view! { <li>{format!("{email} on {c}: {why}")}</li> }
                }).collect_view();
                let missing = complete.then(|| parsed.with(|p| {
                    let rows = p.as_ref().map(|p| p.rows.clone()).unwrap_or_default();
                    found.with(|f| rows.iter().enumerate().filter(|(i, _)| f.get(i).is_none_or(Vec::is_empty))
                        .map(|(_, r)| view! { <li>{format!("Line {}: {}", r.line, r.email.as_str())}</li> }).collect_view())
                }));
                view! {
                    <section aria-label="Lookup">
                        <progress max=total.max(1) value=done aria-label="Looked up"></progress>
                        <p role="status">{format!("Looked up {done} of {total}. Found {accounts} accounts of {people} people; {} not found in any system.", rows.saturating_sub(people))}</p>
                        <ul class="problems">{failures}</ul>
                        {missing.map(|m| view! { <details><summary>"Not found in any system"</summary><ul>{m}</ul></details> })}
                        {complete.then(|| view! { <button type="button" class="danger" on:click=move |_| asking.set(true)>"Start the run"</button> })}
                    </section>
                }
            })}
            {move || asking.get().then(|| view! {
                <ConfirmDialog title="Start offboarding?".to_string()
                    message="Every account found gets its offboarding steps (or the one action its line names). Deleting is never part of it unless a line asks for it. You can pause or cancel at any time.".to_string()
                    confirm_label="Start the run".to_string()
                    on_confirm=start on_cancel=Callback::new(move |_| asking.set(false))/>
            })}
            <h2>"Runs kept in this browser"</h2>
            {move || saved.get().into_iter().map(|r| {
                let p = r.progress();
                let href = format!("/offboard/run/{}", r.id);
                let when = crate::format::local_time(r.created_ms as i64);
                view! { <p><a href=href>{format!("Run of {when}")}</a>{format!(" · {} of {} steps · {:?}", p.finished(), p.total, r.state)}</p> }
            }).collect_view()}
        </main>
    }
}
