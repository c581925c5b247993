//! `/audit?operator=…&user=…&connection=…&since=…&until=…&offset=…`: every change made through
//! lockdesk, newest first, with filters kept in the URL and a CSV download of the same selection.
//! Changes whose outcome is unknown (started and never finished, or no reply from the provider)
//! are shown too, so an admin can check the person. Dates are the viewer's local days; the proxy
//! compares UTC times, so they are converted here.
//!
//! Rows are plain strings built from the JSON reply and rendered as text cells: one view type for
//! every cell keeps this page small in the wasm bundle.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use serde_json::Value;

use crate::api;
use crate::components::ErrorPanel;
use crate::format::local_time;
use crate::notice::Problem;

/// URL parameter, label, input type.
const FIELDS: [(&str, &str, &str); 5] = [
    ("operator", "Operator", "text"),
    ("user", "User id", "text"),
    ("connection", "Connection", "text"),
    ("since", "From", "date"),
    ("until", "To", "date"),
];
const COLUMNS: [&str; 7] = ["When", "Who", "Action", "Person", "Before → after", "Result", "Connection"];
const PAGE: u64 = 50;

/// The audit page.
#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let typed: Vec<RwSignal<String>> = FIELDS.iter().map(|_| RwSignal::new(String::new())).collect();
    let results = RwSignal::new(None::<Result<Value, idp::Error>>);
    let csv = RwSignal::new(String::new());
    Effect::new({
        let typed = typed.clone();
        move |_| {
            let (filters, offset) = query.with(|q| {
                for ((field, _, _), signal) in FIELDS.iter().zip(&typed) {
                    signal.set(q.get(field).unwrap_or_default());
                }
                (proxy_filters(|f| q.get(f)), q.get("offset").unwrap_or_default())
            });
            csv.set(format!("/api/audit?{filters}&format=csv"));
            results.set(None);
            leptos::task::spawn_local(async move {
                let outcome = api::audit_log(&format!("{filters}&offset={offset}&limit={PAGE}")).await;
                results.try_set(Some(outcome));
            });
        }
    });
    let navigate = use_navigate();
    let go = {
        let typed = typed.clone();
        move |offset: u64| {
            let mut url = form_urlencoded::Serializer::new(String::new());
            for ((field, _, _), signal) in FIELDS.iter().zip(&typed) {
                let value = signal.get_untracked();
                if !value.trim().is_empty() {
                    url.append_pair(field, value.trim());
                }
            }
            if offset > 0 {
                url.append_pair("offset", &offset.to_string());
            }
            navigate(&format!("/audit?{}", url.finish()), NavigateOptions::default());
        }
    };
    let inputs = FIELDS
        .iter()
        .zip(typed)
        .map(|(&(field, label, kind), signal)| {
            view! {
                <label>{label}
                    <input type=kind name=field autocomplete="off" prop:value=move || signal.get()
                        on:input=move |ev| signal.set(event_target_value(&ev))/>
                </label>
            }
        })
        .collect_view();
    let submit = {
        let go = go.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            go(0)
        }
    };
    view! {
        <main id="main">
            <h1>"Audit log"</h1>
            <p class="lead">"Every change made through lockdesk: who, to whom, and what the account was before and after."</p>
            <form class="filters" on:submit=submit>
                {inputs}
                <button type="submit">"Filter"</button>
                <a class="button" download="lockdesk-audit.csv" href=move || csv.get()>"Download CSV"</a>
            </form>
            {move || match results.get() {
                None => view! { <p class="loading"><span class="spinner" aria-hidden="true"></span>"Loading the audit log…"</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorPanel problem=Problem::from(&e)/> }.into_any(),
                Some(Ok(page)) => {
                    let (from, total) = (page["offset"].as_u64().unwrap_or(0), page["total"].as_u64().unwrap_or(0));
                    let rows: Vec<[String; 7]> = page["lines"].as_array().map(|l| l.iter().map(row).collect()).unwrap_or_default();
                    if rows.is_empty() {
                        return view! { <p class="empty">"No changes match."</p> }.into_any();
                    }
                    let shown = rows.len() as u64;
                    let (prev, next) = (go.clone(), go.clone());
                    let last = from + shown >= total;
                    view! {
                        <p class="count">"Showing "{from + 1}"–"{from + shown}" of "{total}</p>
                        <table class="users audit">
                            <thead><tr>{COLUMNS.map(|c| view! { <th scope="col">{c}</th> }).to_vec()}</tr></thead>
                            <tbody>{rows.into_iter().map(|cells| view! {
                                <tr>{cells.map(|c| view! { <td>{c}</td> }).to_vec()}</tr>
                            }).collect_view()}</tbody>
                        </table>
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

/// One audit line as the seven cells of `COLUMNS`.
fn row(line: &Value) -> [String; 7] {
    let text = |key: &str| line[key].as_str().unwrap_or("").to_owned();
    let who = match (text("operator"), text("role")) {
        (name, _) if name.is_empty() => "Anyone (no sign-in)".to_owned(),
        (name, role) if role.is_empty() => name,
        (name, role) => format!("{name} ({role})"),
    };
    let person = Some(text("target_name")).filter(|n| !n.is_empty()).unwrap_or_else(|| text("target_user_id"));
    let change = match (text("state_before"), text("state_after")) {
        (before, _) if before.is_empty() => String::new(),
        (before, after) if after.is_empty() => format!("{before} → unknown"),
        (before, after) => format!("{before} → {after}"),
    };
    let result = match text("outcome").as_str() {
        "allowed" => "Done".to_owned(),
        "refused" => format!("Refused: {}", text("reason")),
        "failed" => "Not made".to_owned(),
        "unknown" => "Outcome unknown — check the person".to_owned(),
        _ => "Started".to_owned(),
    };
    let action = match text("operation").as_str() {
        "deactivate_user" => "Deactivate".to_owned(),
        "reactivate_user" => "Reactivate".to_owned(),
        "delete_user" => "Delete".to_owned(),
        "sign_out_everywhere" => "Sign out everywhere".to_owned(),
        other => other.replace('_', " "),
    };
    let when = local_time(js_sys::Date::parse(&text("time")) as i64);
    [when, who, action, person, change, result, text("connection")]
}

/// The proxy's query for the filters `get` returns (URL values): one line per change (its result,
/// or its start when it has none); local dates become the UTC instants that start and end those
/// days.
fn proxy_filters(get: impl Fn(&str) -> Option<String>) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    out.append_pair("stage", "completed,refused,unfinished");
    for (field, _, _) in FIELDS {
        let Some(value) = get(field).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()) else { continue };
        let value = match field {
            "since" => local_day_edge(&value, false),
            "until" => local_day_edge(&value, true),
            _ => Some(value),
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
