//! `GET /v2/Users?filter=<expr>&startIndex=<n>&count=<n>` (RFC 7644 §3.4.2): users matching the
//! filter, one page of them, in a ListResponse.
//!
//! - `filter` (see `filter`): missing → everyone; given but empty or unparsable → 400
//!   `invalidFilter` with the parser's words. With the `reject_email_filter` fault, a filter that
//!   names `emails` → 400 `invalidFilter` "Filtering on emails is not supported".
//! - `startIndex`: 1-based, default 1, less than 1 counts as 1 (RFC 7644 §3.4.2.4). `count`:
//!   default 100, negative counts as 0 (RFC), above 200 is clamped to 200; 0 → `totalResults`
//!   only (an empty `Resources`). Not an integer → 400 `invalidValue` (sandbox's choice). The
//!   first of repeated parameters counts; others (`attributes`, `sortBy`, …) are ignored.
//! - Order: userName case-insensitively, then id. Deleted users are never found.
//! - Reply: 200 ListResponse with `totalResults` (matches in all), `startIndex` (as applied),
//!   `itemsPerPage` (this page's size) and `Resources` (each with `meta`, and `meta.version`
//!   unless `no_etags`).
//!
//! This module must not change anything.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::filter::{parse, Attr};
use super::rules::{Refusal, NO_EMAIL_FILTER};
use super::state::Person;
use super::wire::{ListResponse, User, LIST_SCHEMA};
use super::{first_param, scim_json, Ctx};

/// Page size without `count`.
const DEFAULT_COUNT: i64 = 100;
/// The largest page (also the ServiceProviderConfig's `filter.maxResults`).
pub(crate) const MAX_COUNT: usize = 200;

/// An integer query parameter, `default` when missing, or its 400.
fn integer(raw: Option<&str>, name: &str, default: i64) -> Result<i64, Refusal> {
    match first_param(raw, name) {
        None => Ok(default),
        Some(text) => {
            text.trim().parse().map_err(|_| Refusal::InvalidValue(format!("{name} must be an integer, not {text:?}")))
        }
    }
}

/// The handler.
pub(crate) async fn list(State(ctx): State<Ctx>, RawQuery(raw): RawQuery) -> Result<Response, Refusal> {
    let raw = raw.as_deref();
    let filter = first_param(raw, "filter").map(|text| parse(&text).map_err(Refusal::InvalidFilter)).transpose()?;
    let start = usize::try_from(integer(raw, "startIndex", 1)?.max(1)).unwrap_or(usize::MAX);
    let count = usize::try_from(integer(raw, "count", DEFAULT_COUNT)?.max(0)).unwrap_or(0).min(MAX_COUNT);
    let (total, page) = ctx.scim.with_state(|s| {
        if s.faults.reject_email_filter && filter.as_ref().is_some_and(|f| f.mentions(Attr::Emails)) {
            return Err(Refusal::InvalidFilter(NO_EMAIL_FILTER.into()));
        }
        let mut found: Vec<&Person> = s.live().filter(|p| filter.as_ref().is_none_or(|f| f.matches(&p.user))).collect();
        found.sort_by_cached_key(|p| (p.user.user_name.to_lowercase(), p.user.id.clone()));
        let etags = !s.faults.no_etags;
        let page: Vec<User> = found.iter().skip(start - 1).take(count).map(|p| p.render(&ctx.base, etags)).collect();
        Ok((found.len(), page))
    })?;
    let body = ListResponse {
        schemas: vec![LIST_SCHEMA.into()],
        total_results: total as u64,
        start_index: start as u64,
        items_per_page: page.len() as u64,
        resources: page,
    };
    Ok(scim_json(StatusCode::OK, &body))
}
