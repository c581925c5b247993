//! `GET /api/2.0/people/filter?filterValue=<text>&startIndex=<n>&count=<n>`: people with their
//! full profiles, paged by offset (`searchUsersByExtendedFilter` in the spec).
//!
//! - `count`: 1..=100 (the spec's bounds), default 25 (the sandbox's choice); `startIndex`: a
//!   zero-based offset, default 0. Not an integer or out of range → 400 naming the parameter.
//!   The first of repeated parameters counts; other parameters (`employeeStatus`, `sortBy`, …)
//!   are accepted and ignored.
//! - Matching: `filterValue` (trimmed; empty or missing: everyone) is contained, case-insensitively,
//!   in the person's `firstName`, `lastName`, `displayName` or `email`. Every status is found;
//!   deleted people never are.
//! - Order: `displayName` (case-insensitive), then `id`. The reply is the 200 envelope with this
//!   page's people, `count` = their number and `total` = the matches in all.
//!
//! This module must not change anything.

use axum::extract::{RawQuery, State};
use axum::response::Response;

use super::rules::Refusal;
use super::wire::Employee;
use super::{first_param, list, Ctx};

/// Items per page when no `count` is given (the sandbox's choice, UNVERIFIED upstream).
const DEFAULT_COUNT: usize = 25;
/// The spec's largest `count`.
const MAX_COUNT: usize = 100;

/// A non-negative integer query parameter, or its 400.
fn number(raw: Option<&str>, name: &str, default: usize) -> Result<usize, Refusal> {
    match first_param(raw, name) {
        None => Ok(default),
        Some(text) => text
            .trim()
            .parse()
            .map_err(|_| Refusal::BadRequest(format!("{name} must be a non-negative integer, not {text:?}"))),
    }
}

/// Whether `person` matches the lowercased `needle`.
fn matches(person: &Employee, needle: &str) -> bool {
    [&person.first_name, &person.last_name, &person.display_name, &person.email]
        .iter()
        .any(|field| field.to_lowercase().contains(needle))
}

/// The handler.
pub(crate) async fn filter(State(ctx): State<Ctx>, RawQuery(raw): RawQuery) -> Result<Response, Refusal> {
    let raw = raw.as_deref();
    let count = number(raw, "count", DEFAULT_COUNT)?;
    if !(1..=MAX_COUNT).contains(&count) {
        return Err(Refusal::BadRequest(format!("count must be between 1 and {MAX_COUNT}, not {count}")));
    }
    let start = number(raw, "startIndex", 0)?;
    let needle = first_param(raw, "filterValue").unwrap_or_default().trim().to_lowercase();
    let mut found: Vec<Employee> =
        ctx.docspace.with_state(|s| s.live().filter(|p| matches(&p.user, &needle)).map(|p| p.user.clone()).collect());
    found.sort_by_cached_key(|p| (p.display_name.to_lowercase(), p.id.clone()));
    let total = found.len();
    let page: Vec<Employee> = found.into_iter().skip(start).take(count).collect();
    Ok(list(&page, Some(total)))
}
