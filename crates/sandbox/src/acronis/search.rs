//! `GET /api/2/search?tenant=<uuid>&text=<string>[&limit=N]`: tenants and user accounts in the
//! given tenant's tree, as the docs' "Searching for tenants and user accounts" describes them.
//!
//! - `tenant` (a lowercase UUID) and `text` are required; `limit` is optional (1..=300, as the
//!   docs say; default 100, the sandbox's choice). A missing, repeated or malformed parameter,
//!   any other parameter, a `text` shorter than 3 characters (trimmed; the docs' minimum) or
//!   longer than 256 → 400 `BadRequest`; an unknown tenant → 404 `NotFound`.
//! - Matching, case-insensitive: every whitespace-separated word of `text` must be contained in
//!   one of a user's `login`, `contact.firstname`, `contact.lastname` or `contact.email`, or in a
//!   tenant's `name`. (Acronis matches word prefixes from its index; the sandbox matches
//!   substrings, a superset for one-word texts.)
//! - Scope: tenants strictly below the given one, and people in it or any tenant below it;
//!   soft-deleted people are never found.
//! - Order: matching tenants by name, then people by login (case-insensitive), then id; at most
//!   `limit` items in all. Items are `wire::SearchItem`s (a user's email is searched but, as the
//!   docs say, not shown; `path` is the list of tenant names from the top down).
//!
//! This module must not change anything.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::rules::Refusal;
use super::tenants::{path, tenant, within, TENANTS};
use super::wire::{SearchItem, SearchResponse, TenantItem, User, UserItem};
use super::{json, params, Ctx};
use crate::codec::is_lower_uuid;

/// Items when no `limit` is given (the sandbox's choice, UNVERIFIED upstream).
const DEFAULT_LIMIT: usize = 100;
/// Largest `limit` (docs).
const MAX_LIMIT: usize = 300;
/// Shortest `text` (docs).
const MIN_TEXT: usize = 3;
/// Longest `text`.
const MAX_TEXT: usize = 256;

fn bad(message: String) -> Refusal {
    Refusal::BadRequest(message)
}

/// Whether every word is contained in one of `fields` (all lowercase).
fn matches(words: &[String], fields: &[String]) -> bool {
    words.iter().all(|w| fields.iter().any(|f| f.contains(w.as_str())))
}

fn user_fields(user: &User) -> [String; 4] {
    let c = &user.contact;
    [&user.login, &c.firstname, &c.lastname, &c.email].map(|f| f.to_lowercase())
}

/// The handler.
pub(crate) async fn search(State(ctx): State<Ctx>, RawQuery(raw): RawQuery) -> Result<Response, Refusal> {
    let params = params(raw.as_deref(), &["tenant", "text", "limit"])?;
    let top = params.get("tenant").ok_or_else(|| bad("tenant is required".into()))?;
    if !is_lower_uuid(top) {
        return Err(bad(format!("tenant must be a lowercase UUID, not {top:?}")));
    }
    let text = params.get("text").ok_or_else(|| bad("text is required".into()))?;
    let length = text.trim().chars().count();
    if length < MIN_TEXT {
        return Err(bad(format!("text must contain at least {MIN_TEXT} characters")));
    }
    if text.chars().count() > MAX_TEXT {
        return Err(bad(format!("text must be at most {MAX_TEXT} characters long")));
    }
    let limit = match params.get("limit") {
        None => DEFAULT_LIMIT,
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .ok_or_else(|| bad(format!("limit must be 1..={MAX_LIMIT}, not {v:?}")))?,
    };
    let top = tenant(top).ok_or(Refusal::TenantNotFound)?;
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();

    let mut tenants: Vec<TenantItem> = TENANTS
        .iter()
        .filter(|t| t.id != top.id && within(t.id, top.id) && matches(&words, &[t.name.to_lowercase()]))
        .map(|t| TenantItem {
            id: t.id.into(),
            name: t.name.into(),
            kind: t.kind.into(),
            parent_id: t.parent_id.into(),
            path: path(t.id),
            first_name: String::new(),
            last_name: String::new(),
        })
        .collect();
    tenants.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then_with(|| a.id.cmp(&b.id)));

    let mut users: Vec<UserItem> = ctx.acronis.with_state(|s| {
        s.people
            .iter()
            .filter(|p| !p.deleted && within(&p.user.tenant_id, top.id) && matches(&words, &user_fields(&p.user)))
            .map(|p| UserItem {
                id: p.user.id.clone(),
                login: p.user.login.clone(),
                first_name: p.user.contact.firstname.clone(),
                last_name: p.user.contact.lastname.clone(),
                parent_id: p.user.tenant_id.clone(),
                path: path(&p.user.tenant_id),
            })
            .collect()
    });
    users.sort_by(|a, b| a.login.to_lowercase().cmp(&b.login.to_lowercase()).then_with(|| a.id.cmp(&b.id)));

    let items = tenants.into_iter().map(SearchItem::Tenant).chain(users.into_iter().map(SearchItem::User));
    Ok(json(StatusCode::OK, &SearchResponse { items: items.take(limit).collect() }))
}
