//! `/audit?operator=…&user=…&connection=…&since=…&until=…&offset=…`: every change made through
//! lockdesk, newest first, with filters kept in the URL and a CSV download of the same selection.
//! Dates are the viewer's local days; the proxy compares UTC times, so they are converted here.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::{self, AuditEntry, AuditPage};
use crate::components::ErrorPanel;
use crate::format::local_time;
use crate::notice::Problem;

const FIELDS: [&str; 5] = ["operator", "user", "connection", "since", "until"];
const PAGE: usize = 50;

/// The audit page.
#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let typed: [RwSignal<String>; 5] = std::array::from_fn(|_| RwSignal::new(String::new()));
    Effect::new(move |_| {
        for (field, signal) in FIELDS.iter().zip(typed) {
            signal.set(query.with(|q| q.get(field).unwrap_or_default()));
        }
    });
    let offset = Memo::new(move |_| query.with(|q| q.get("offset").and_then(|o| o.parse().ok()).unwrap_or(0usize)));
    // The proxy's filter query for what the URL asks, without paging.
    let filters = Memo::new(move |_| query.with(|q| proxy_filters(|f| q.get(f))));
    let navigate = use_navigate();
    let go = move |offset: usize| {
        let mut url = form_urlencoded::Serializer::new(String::new());
        for (field, signal) in FIELDS.iter().zip(typed) {
            let value = signal.get_untracked();
            if !value.trim().is_empty() {
                url.append_pair(field, value.trim());
            }
        }
        if offset > 0 {
            url.append_pair("offset", &offset.to_string());
        }
        navigate(&format!("/audit?{}", url.finish()), NavigateOptions::default());
    };
    let results = RwSignal::new(None::<Result<AuditPage, idp::Error>>);
    Effect::new(move |_| {
        let query = format!("{}&offset={}&limit={PAGE}", filters.get(), offset.get());
        results.set(None);
        leptos::task::spawn_local(async move {
            let outcome = api::audit_log(&query).await;
            results.try_set(Some(outcome));
        });
    });
    let input = move |field: &'static str, label: &'static str, kind: &'static str, signal: RwSignal<String>| {
        view! {
            <label>{label}
                <input type=kind name=field autocomplete="off" prop:value=move || signal.get()
                    on:input=move |ev| signal.set(event_target_value(&ev))/>
            </label>
        }
    };
    let go_submit = go.clone();
    view! {
        <main id="main">
            <h1>"Audit log"</h1>
            <p class="lead">"Every change made through lockdesk: who, to whom, and what the account was before and after."</p>
            <form class="filters" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); go_submit(0) }>
                {input("operator", "Operator", "text", typed[0])}
                {input("user", "User id", "text", typed[1])}
                {input("connection", "Connection", "text", typed[2])}
                {input("since", "From", "date", typed[3])}
                {input("until", "To", "date", typed[4])}
                <button type="submit">"Filter"</button>
                <a class="button" download="lockdesk-audit.csv"
                    href=move || format!("/api/audit?{}&format=csv", filters.get())>"Download CSV"</a>
            </form>
            {move || match results.get() {
                None => view! { <p class="loading"><span class="spinner" aria-hidden="true"></span>"Loading the audit log…"</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorPanel problem=Problem::from(&e)/> }.into_any(),
                Some(Ok(page)) if page.lines.is_empty() => view! { <p class="empty">"No changes match."</p> }.into_any(),
                Some(Ok(page)) => {
                    let (from, shown, total) = (page.offset, page.lines.len(), page.total);
                    let (prev, next) = (go.clone(), go.clone());
                    let last = from + shown >= total;
                    view! {
                        <p class="count">"Showing "{from + 1}"–"{from + shown}" of "{total}</p>
                        <AuditTable lines=page.lines/>
                        <nav class="pager" aria-label="Audit pages">
                            <button type="button" disabled=from == 0 on:click=move |_| prev(from.saturating_sub(PAGE))>"Previous page"</button>
                            <button type="button" disabled=last on:click=move |_| next(from + PAGE)>"Next page"</button>
                        </nav>
                    }.into_any()
                }
            }}
        </main>
    }
}

#[component]
fn AuditTable(lines: Vec<AuditEntry>) -> impl IntoView {
    let rows = lines
        .into_iter()
        .map(|l| {
            let when = local_time(js_sys::Date::parse(&l.time) as i64);
            let who = match (&l.operator, &l.role) {
                (Some(name), Some(role)) => format!("{name} ({role})"),
                (Some(name), None) => name.clone(),
                _ => "Anyone (no sign-in)".to_owned(),
            };
            let person = l.target_name.clone().or(l.target_user_id.clone()).unwrap_or_default();
            let change = match (&l.state_before, &l.state_after) {
                (Some(before), Some(after)) => format!("{before} → {after}"),
                (Some(before), None) => format!("{before} → unknown"),
                _ => String::new(),
            };
            let result = match (l.outcome.as_deref(), &l.reason) {
                (Some("allowed"), _) => "Done".to_owned(),
                (Some("refused"), Some(why)) => format!("Refused: {why}"),
                (Some("failed"), _) => "Failed at the provider".to_owned(),
                (other, _) => other.unwrap_or("Started").to_owned(),
            };
            view! {
                <tr>
                    <td>{when}</td>
                    <td>{who}</td>
                    <td>{action_words(&l.operation)}</td>
                    <th scope="row" title=l.target_user_id.unwrap_or_default()>{person}</th>
                    <td>{change}</td>
                    <td>{result}</td>
                    <td>{l.connection}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="users audit">
            <thead><tr>
                <th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"Action"</th>
                <th scope="col">"Person"</th><th scope="col">"Before → after"</th><th scope="col">"Result"</th>
                <th scope="col">"Connection"</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// An operation name from the log in the panel's words.
fn action_words(operation: &str) -> String {
    match operation {
        "deactivate_user" => "Deactivate".into(),
        "reactivate_user" => "Reactivate".into(),
        "delete_user" => "Delete".into(),
        "sign_out_everywhere" => "Sign out everywhere".into(),
        other => other.replace('_', " "),
    }
}

/// The proxy's query for the filters `get` returns (URL values), finished changes only; local
/// dates become the UTC instants that start and end those days.
pub fn proxy_filters(get: impl Fn(&str) -> Option<String>) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    out.append_pair("stage", "completed,refused");
    for field in FIELDS {
        let Some(value) = get(field).filter(|v| !v.trim().is_empty()) else { continue };
        let value = match field {
            "since" => local_day_edge(&value, false),
            "until" => local_day_edge(&value, true),
            _ => Some(value.trim().to_owned()),
        };
        if let Some(value) = value {
            out.append_pair(field, &value);
        }
    }
    out.finish()
}

/// `YYYY-MM-DD` (a local day) as the RFC 3339 UTC instant of its first or last millisecond.
fn local_day_edge(day: &str, end: bool) -> Option<String> {
    let mut parts = day.splitn(3, '-').map(|p| p.parse::<i32>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    let (h, min, s, ms) = if end { (23, 59, 59, 999) } else { (0, 0, 0, 0) };
    let date = js_sys::Date::new_with_year_month_day_hr_min_sec_milli(y as u32, m - 1, d, h, min, s, ms);
    (!date.get_time().is_nan()).then(|| String::from(date.to_iso_string()))
}
