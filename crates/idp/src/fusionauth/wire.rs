//! FusionAuth's JSON shapes (schemas `User`, `UserResponse`, `SearchRequest`, `SearchResponse`,
//! `Errors` of the official OpenAPI 1.69.0) and their translation to `model` types.
//!
//! These structs never leave the adapter. Unknown fields are ignored; a wrongly typed field is an
//! `Unreadable` error naming the field, never a panic.

use serde::{Deserialize, Serialize};

use super::query;
use crate::error::Error;
use crate::http::HttpResponse;
use crate::model::{Page, Registration, Status, User, UserId};
use crate::provider::ProviderKind;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireUser {
    id: String,
    active: Option<bool>,
    email: Option<String>,
    username: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    full_name: Option<String>,
    tenant_id: Option<String>,
    last_login_instant: Option<i64>,
    verified: Option<bool>,
    #[serde(default)]
    registrations: Vec<WireRegistration>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireRegistration {
    application_id: String,
    #[serde(default)]
    roles: Vec<String>,
    username: Option<String>,
}

#[derive(Deserialize)]
struct UserResponse {
    user: WireUser,
}

#[derive(Deserialize)]
struct SearchResponse {
    total: Option<u64>,
    #[serde(default)]
    users: Vec<WireUser>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SearchRequest {
    search: SearchCriteria,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SearchCriteria {
    query_string: String,
    start_row: u32,
    number_of_results: u32,
    sort_fields: Vec<SortField>,
}

#[derive(Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct SortField {
    name: String,
    order: String,
}

fn sort_by_email() -> Vec<SortField> {
    vec![SortField { name: "email".into(), order: "asc".into() }]
}

/// The status table: FusionAuth has one flag, `active`.
pub(super) fn status(active: Option<bool>) -> Status {
    match active {
        Some(true) => Status::Active,
        Some(false) => Status::Deactivated,
        None => Status::Unknown("no active flag".into()),
    }
}

/// The JSON body of a user search.
pub(super) fn search_body(text: &str, start: u32, limit: u32) -> Vec<u8> {
    let req = SearchRequest {
        search: SearchCriteria {
            query_string: query::search_term(text),
            start_row: start,
            number_of_results: limit,
            sort_fields: sort_by_email(),
        },
    };
    serde_json::to_vec(&req).unwrap_or_default()
}

/// `(text, start, limit)` from a body exactly as `search_body` writes it, else `None`.
#[cfg(any(test, feature = "recognise"))]
pub(super) fn parse_search_body(body: &[u8]) -> Option<(String, u32, u32)> {
    let req: SearchRequest = serde_json::from_slice(body).ok()?;
    let c = req.search;
    let text = query::parse_search_term(&c.query_string)?;
    let canonical = crate::input::SearchInput::parse(&text, |_| false);
    let text_ok = matches!(canonical, Ok(crate::input::SearchInput::Text(ref t)) if *t == text);
    (text_ok && c.sort_fields == sort_by_email()).then_some((text, c.start_row, c.number_of_results))
}

fn parse<T: for<'de> Deserialize<'de>>(resp: &HttpResponse) -> Result<T, Error> {
    // serde_json's message names the problem and its line and column; a field-path wrapper would
    // add about 24 KB to the panel's wasm for little more clarity.
    serde_json::from_slice(resp.body()).map_err(|e| Error::unreadable(ProviderKind::FusionAuth, resp, e))
}

fn raw_value(resp: &HttpResponse, pointer: &str) -> serde_json::Value {
    serde_json::from_slice::<serde_json::Value>(resp.body())
        .ok()
        .and_then(|v| v.pointer(pointer).cloned())
        .unwrap_or(serde_json::Value::Null)
}

fn to_user(wire: WireUser, raw: serde_json::Value, resp: &HttpResponse) -> Result<User, Error> {
    let id = UserId::parse(&wire.id)
        .map_err(|e| Error::unreadable(ProviderKind::FusionAuth, resp, format!("user.id: {e}")))?;
    let joined = [wire.first_name.as_deref(), wire.last_name.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let display_name = [wire.full_name.clone(), Some(joined), wire.username.clone(), wire.email.clone()]
        .into_iter()
        .flatten()
        .find(|s| !s.trim().is_empty())
        .unwrap_or_else(|| id.to_string());
    Ok(User {
        display_name,
        email: wire.email,
        username: wire.username,
        status: status(wire.active),
        tenant: wire.tenant_id,
        last_login_ms: wire.last_login_instant,
        verified: wire.verified,
        registrations: wire
            .registrations
            .into_iter()
            .map(|r| Registration { application_id: r.application_id, roles: r.roles, username: r.username })
            .collect(),
        id,
        raw,
    })
}

/// `{"user": User}` → `User`, keeping the raw JSON of the user.
pub(super) fn parse_user_response(resp: &HttpResponse) -> Result<User, Error> {
    let wire: UserResponse = parse(resp)?;
    to_user(wire.user, raw_value(resp, "/user"), resp)
}

/// `{"total": N, "users": [...]}` → a page starting at `start`.
pub(super) fn parse_search_response(resp: &HttpResponse, start: u32) -> Result<Page<User>, Error> {
    let wire: SearchResponse = parse(resp)?;
    let raws = raw_value(resp, "/users");
    let items = wire
        .users
        .into_iter()
        .enumerate()
        .map(|(i, u)| to_user(u, raws.get(i).cloned().unwrap_or_default(), resp))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page { items, start, total: wire.total })
}

/// FusionAuth's `Errors` body: `generalErrors[].message` and `fieldErrors` (an object of arrays in
/// practice, an array in the spec; both read). At most 10 messages of at most 300 characters.
pub(crate) fn error_messages(body: &[u8]) -> Vec<String> {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) else {
        return Vec::new();
    };
    let message = |e: &serde_json::Value| e.get("message").and_then(|m| m.as_str()).map(str::to_owned);
    let mut out: Vec<String> = Vec::new();
    match v.get("fieldErrors") {
        Some(serde_json::Value::Object(fields)) => {
            for (field, errs) in fields {
                let list = errs.as_array().map(Vec::as_slice).unwrap_or_default();
                out.extend(list.iter().filter_map(message).map(|m| format!("{field}: {m}")));
            }
        }
        Some(serde_json::Value::Array(errs)) => out.extend(errs.iter().filter_map(message)),
        _ => {}
    }
    if let Some(general) = v.get("generalErrors").and_then(|g| g.as_array()) {
        out.extend(general.iter().filter_map(message));
    }
    out.into_iter().take(10).map(|m| crate::model::shorten_to(&m, 300)).collect()
}
