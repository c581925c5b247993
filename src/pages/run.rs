//! `/offboard/run/:run`: one run, from this browser's journal. The tab that gets the run's Web Lock
//! drives it (`state::runner`); any other tab shows it from the journal and takes over when the
//! lock comes free, so a reload or a second tab never runs a step twice. A progress bar (done of
//! total, rate, time left), Pause, Resume and Cancel, a table of every account's steps with their
//! answers and the state re-read at the end, Try again on a failed step, and the report as CSV
//! and JSON downloads.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use offboard::journal::{NewAccount, Run, RunState, StepState};

use crate::api::Target;
use crate::components::ConfirmDialog;
use crate::state::{journal, runner, session::Session};

thread_local! {
    /// The release of each run lock this tab holds, by run id.
    static HELD: std::cell::RefCell<HashMap<String, js_sys::Function>> = Default::default();
}

/// The targets of every connection the operator can use now.
pub fn targets(session: &Session) -> HashMap<String, Target> {
    let list = session.connections.get_untracked().and_then(Result::ok).unwrap_or_default();
    list.iter().filter_map(|c| session.target(c).map(|t| (c.id.clone(), t))).collect()
}

/// A new run id (a random UUID).
pub fn new_run_id() -> String {
    web_sys::window().and_then(|w| w.crypto().ok()).map(|c| c.random_uuid()).unwrap_or_default()
}

/// Saves a new run `id` of `accounts` and opens its page, which starts it.
pub fn start_run(
    id: String,
    accounts: Vec<NewAccount>,
    not_found: Vec<(usize, String)>,
    navigate: impl Fn(&str, leptos_router::NavigateOptions) + 'static,
) {
    let run = Run::new(&id, js_sys::Date::now() as u64, accounts, not_found);
    leptos::task::spawn_local(async move {
        match journal::save_run(&run).await {
            Ok(()) => navigate(&format!("/offboard/run/{id}"), Default::default()),
            Err(e) => {
                let _ = web_sys::window().map(|w| w.alert_with_message(&format!("The run could not be started: {e}")));
            }
        }
    });
}

/// Offers `text` as a file download named `name`.
fn download(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let link = web_sys::window().and_then(|w| w.document()).and_then(|d| d.create_element("a").ok());
    if let Some(link) = link {
        let _ = link.set_attribute("href", &url);
        let _ = link.set_attribute("download", name);
        if let Some(link) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&link) {
            link.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// The run page.
#[component]
pub fn RunPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let id = use_params_map().with_untracked(|p| p.get("run").unwrap_or_default());
    let run = RwSignal::new(None::<Run>);
    // What the page shows: a copy of the run taken every second, so a fast run does not redraw
    // the table at every step.
    let shown = RwSignal::new(None::<Run>);
    let refresh = move || {
        let _ = shown.try_set(run.get_untracked());
    };
    let problem = RwSignal::new(None::<String>);
    // Whether this tab drives the run, and whether its workers are out.
    let (holds, driving) = (RwSignal::new(false), RwSignal::new(false));
    let counts = RwSignal::new((0u32, 0u32));
    let asking = RwSignal::new(false);
    let start = move || {
        if driving.get_untracked() || !run.with_untracked(|r| r.as_ref().is_some_and(|r| r.state == RunState::Running))
        {
            return;
        }
        driving.set(true);
        runner::drive(run, targets(&session), counts, move || {
            let _ = driving.try_set(false);
        });
    };
    // Load, take the lock or watch; a watching tab re-reads the journal and tries the lock again.
    leptos::task::spawn_local({
        let id = id.clone();
        async move {
            loop {
                if !holds.get_untracked() {
                    match journal::load(&id).await {
                        Ok(Some(saved)) => {
                            let _ = run.try_set(Some(saved));
                        }
                        Ok(None) => {
                            let _ = problem.try_set(Some("This browser has no run with this address. Runs are kept in the browser that started them.".into()));
                            return;
                        }
                        Err(e) => {
                            let _ = problem.try_set(Some(e));
                            return;
                        }
                    }
                    if let Some(release) = journal::try_lock(&id).await {
                        HELD.with(|h| h.borrow_mut().insert(id.clone(), release));
                        let _ = holds.try_set(true);
                        start();
                    }
                }
                refresh();
                crate::api::transport::sleep_ms(1000).await;
                if holds.try_get_untracked().is_none() {
                    return;
                }
            }
        }
    });
    // Leaving the page lets the lock go (closing or reloading the tab does too), so another tab
    // can take the run over.
    on_cleanup({
        let id = id.clone();
        move || {
            HELD.with(|h| {
                if let Some(release) = h.borrow_mut().remove(&id) {
                    let _ = release.call0(&wasm_bindgen::JsValue::NULL);
                }
            })
        }
    });
    let set_state = move |state: RunState| {
        run.update(|r| {
            if let Some(r) = r.as_mut() {
                if state == RunState::Cancelled {
                    r.cancel(js_sys::Date::now() as u64);
                } else {
                    r.state = state;
                }
            }
        });
        if let Some(r) = run.get_untracked() {
            leptos::task::spawn_local(async move {
                let _ = journal::save_run(&r).await;
            });
        }
        if state == RunState::Running {
            start();
        }
        refresh();
    };
    let retry = move |a: usize, s: usize| {
        run.update(|r| {
            if let Some(r) = r.as_mut() {
                let _ = r.retry(a, s);
            }
        });
        if let Some(step) = run.with_untracked(|r| r.as_ref().and_then(|r| r.step(a, s)).cloned()) {
            leptos::task::spawn_local(async move {
                let _ = journal::save_step(&step).await;
                start();
            });
        }
        refresh();
    };
    view! {
        <main id="main">
            <h1>"Offboarding run"</h1>
            {move || problem.get().map(|p| view! { <p class="error-panel" role="alert">{p}</p> })}
            {move || shown.get().map(|r| {
                let p = r.progress();
                let state = r.state;
                let pace = r.rate_and_time_left(js_sys::Date::now() as u64).filter(|_| state == RunState::Running).map(|(rate, left)| {
                    format!(" · {} a minute · about {} left", rate.round() as u64, minutes(left))
                });
                let (calls, retries) = counts.get();
                let who = if holds.get() { "This tab is running it." } else { "Another tab is running it; this one shows its progress." };
                let state_word = match state {
                    RunState::Running => "Running",
                    RunState::Paused => "Paused",
                    RunState::Cancelled => "Cancelled",
                    RunState::Finished => "Finished",
                };
                let csv = offboard::report::csv(&r);
                let json = offboard::report::json(&r);
                let (csv_name, json_name) = (format!("lockdesk-run-{}.csv", r.id), format!("lockdesk-run-{}.json", r.id));
                view! {
                    <section class="run-status" aria-label="Progress">
                        <p role="status"><strong>{state_word}</strong>" · "{format!("{} of {} steps", p.finished(), p.total)}{pace}
                            {(p.failed > 0).then(|| format!(" · {} failed", p.failed))}</p>
                        <progress max=p.total.max(1) value=p.finished() aria-label="Steps done"></progress>
                        <p class="meta">{who}{(calls > 0).then(|| format!(" Calls: {calls}, retries: {retries}."))}</p>
                        <div class="actions">
                            {holds.get().then(|| view! {
                            {(state == RunState::Running).then(|| view! { <button type="button" on:click=move |_| set_state(RunState::Paused)>"Pause"</button> })}
                            {(state == RunState::Paused).then(|| view! { <button type="button" on:click=move |_| set_state(RunState::Running)>"Resume"</button> })}
                            {matches!(state, RunState::Running | RunState::Paused).then(|| view! { <button type="button" class="danger" on:click=move |_| asking.set(true)>"Cancel the run"</button> })}
                            })}
                            <button type="button" on:click=move |_| download(&csv_name, "text/csv", &csv)>"Download report (CSV)"</button>
                            <button type="button" on:click=move |_| download(&json_name, "application/json", &json)>"Download report (JSON)"</button>
                        </div>
                    </section>
                    <RunTable run=r retry can_act=holds.get()/>
                }
            })}
            {move || asking.get().then(|| view! {
                <ConfirmDialog title="Cancel the run?".to_string()
                    message="Steps not yet sent will not run. Steps already made stay made.".to_string()
                    confirm_label="Cancel the run".to_string()
                    on_confirm=Callback::new(move |_| { asking.set(false); set_state(RunState::Cancelled); })
                    on_cancel=Callback::new(move |_| asking.set(false))/>
            })}
        </main>
    }
}

fn minutes(ms: u64) -> String {
    match ms / 60_000 {
        0 => "less than a minute".into(),
        1 => "1 minute".into(),
        n => format!("{n} minutes"),
    }
}

/// Every account of the run with its steps.
#[component]
fn RunTable(run: Run, retry: impl Fn(usize, usize) + Copy + Send + Sync + 'static, can_act: bool) -> impl IntoView {
    let rows = run
        .accounts
        .into_iter()
        .enumerate()
        .map(|(a, acc)| {
            let steps = acc
                .steps
                .into_iter()
                .enumerate()
                .map(|(s, step)| {
                    let word = match step.state {
                        StepState::Pending => "Waiting",
                        StepState::Running => "Running",
                        StepState::Done => "Done",
                        StepState::Skipped => "Skipped",
                        StepState::Failed => "Failed",
                    };
                    let failed = can_act && step.state == StepState::Failed;
                    view! {
                        <li data-state=word>
                            <strong>{step.action.label()}</strong>": "{word}
                            {step.answer.map(|t| view! { " — "<span class="answer">{t}</span> })}
                            {failed.then(|| view! { " "<button type="button" on:click=move |_| retry(a, s)>"Try again"</button> })}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <td>{(acc.line > 0).then(|| acc.line.to_string())}</td>
                    <th scope="row">{acc.email}</th>
                    <td>{acc.connection}</td>
                    <td>{acc.name}</td>
                    <td>{acc.before.unwrap_or_default()}</td>
                    <td><ul class="steps">{steps}</ul></td>
                    <td>{acc.after.unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    let missing = run
        .not_found
        .into_iter()
        .map(|(line, email)| view! { <li>{format!("Line {line}: {email}")}</li> })
        .collect_view();
    view! {
        <table class="run">
            <thead><tr>
                <th scope="col">"Line"</th><th scope="col">"Email"</th><th scope="col">"System"</th><th scope="col">"Name"</th>
                <th scope="col">"Before"</th><th scope="col">"Steps"</th><th scope="col">"After"</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <h2>"Not found in any system"</h2>
        <ul>{missing}</ul>
    }
}
