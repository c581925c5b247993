//! FusionAuth's JSON shapes (schemas `User`, `UserResponse`, `SearchRequest`, `SearchResponse`,
//! `Errors` of the official OpenAPI 1.69.0) and their translation to `model` types.
//!
//! These structs never leave the adapter. A person is read field by field (`crate::read`): unknown
//! fields are ignored, a wrongly typed one is marked unreadable on its own, and only a reply
//! without a readable id is an `Unreadable` error naming the field. Never a panic.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::query;
use crate::error::Error;
use crate::http::HttpResponse;
use crate::model::{FactValue, Page, PageToken, Status, StatusKind, User, UserId};
use crate::read::{self, Got};
use crate::registry::ProviderKind;

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
pub(super) fn status(active: Got<bool>) -> Status {
    match active {
        Got::Value(true) => Status::new(StatusKind::Active, "active: true"),
        Got::Value(false) => Status::new(StatusKind::Deactivated, "active: false"),
        Got::Absent => Status::new(StatusKind::Unknown("no active flag".into()), "no active flag"),
        Got::Wrong => Status::new(StatusKind::Unknown("unreadable active flag".into()), "unreadable active flag"),
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

fn parse(resp: &HttpResponse) -> Result<Value, Error> {
    serde_json::from_slice(resp.body()).map_err(|e| Error::unreadable(ProviderKind::FusionAuth, resp, e))
}

fn to_user(raw: &Value, at: &str, resp: &HttpResponse) -> Result<User, Error> {
    let unreadable = |why: String| Error::unreadable(ProviderKind::FusionAuth, resp, format!("{at}.id: {why}"));
    let id = match read::text(raw, "/id") {
        Got::Value(id) => UserId::parse(id).map_err(|e| unreadable(e.to_string()))?,
        Got::Absent => return Err(unreadable("missing".into())),
        Got::Wrong => return Err(unreadable("not text".into())),
    };
    let t = |key: &str| read::text(raw, key).ok();
    let joined = [t("/firstName"), t("/lastName")].into_iter().flatten().filter(|s| !s.trim().is_empty());
    let joined = joined.collect::<Vec<_>>().join(" ");
    let display_name = read::first_text(&[t("/fullName"), Some(joined.as_str()), t("/username"), t("/email")])
        .map_or_else(|| id.to_string(), str::to_owned);
    let last_login = read::int(raw, "/lastLoginInstant");
    let registrations = match raw.get("registrations") {
        None | Some(Value::Null) => Got::Absent,
        Some(Value::Array(list)) => {
            list.iter().map(registration).collect::<Option<Vec<_>>>().map_or(Got::Wrong, Got::Value)
        }
        Some(_) => Got::Wrong,
    };
    let facts = vec![
        read::text_fact("Tenant", read::text(raw, "/tenantId")),
        read::fact("Registrations", registrations, |list: Vec<String>| {
            if list.is_empty() {
                FactValue::Text("None".into())
            } else {
                FactValue::List(list)
            }
        }),
        read::fact("Last sign-in", last_login, FactValue::Time),
        read::fact("Verified", read::flag(raw, "/verified"), FactValue::YesNo),
    ];
    Ok(User {
        display_name,
        email: t("/email").map(str::to_owned),
        username: t("/username").map(str::to_owned),
        status: status(read::flag(raw, "/active")),
        last_login_ms: last_login.ok(),
        precondition: None,
        facts,
        id,
        raw: raw.clone(),
    })
}

/// "application id — roles" for one registration, or `None` when it cannot be read.
fn registration(r: &Value) -> Option<String> {
    let app = r.get("applicationId")?.as_str()?;
    let roles = match r.get("roles") {
        None | Some(Value::Null) => Vec::new(),
        Some(list) => list.as_array()?.iter().map(|v| v.as_str()).collect::<Option<Vec<_>>>()?,
    };
    let roles = if roles.is_empty() { "no roles".to_owned() } else { roles.join(", ") };
    Some(format!("{app} — {roles}"))
}

/// `{"user": User}` → `User`, keeping the raw JSON of the user.
pub(super) fn parse_user_response(resp: &HttpResponse) -> Result<User, Error> {
    let body = parse(resp)?;
    match body.get("user") {
        Some(user @ Value::Object(_)) => to_user(user, "user", resp),
        _ => Err(Error::unreadable(ProviderKind::FusionAuth, resp, "missing field `user`")),
    }
}

/// `{"total": N, "users": [...]}` → the page starting at `start`, with the next page's token while
/// more rows remain inside FusionAuth's search window.
pub(super) fn parse_search_response(resp: &HttpResponse, start: u32, limit: u32) -> Result<Page<User>, Error> {
    let body = parse(resp)?;
    let total = match body.get("total") {
        None | Some(Value::Null) => None,
        Some(n) => {
            Some(n.as_u64().ok_or_else(|| Error::unreadable(ProviderKind::FusionAuth, resp, "total: not a count"))?)
        }
    };
    let items = match body.get("users") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(users)) => users
            .iter()
            .enumerate()
            .map(|(i, u)| to_user(u, &format!("users[{i}]"), resp))
            .collect::<Result<Vec<_>, _>>()?,
        Some(_) => return Err(Error::unreadable(ProviderKind::FusionAuth, resp, "users: not a list")),
    };
    let after = start.saturating_add(limit);
    let more = total.map_or(items.len() as u32 == limit, |t| u64::from(after) < t);
    let next = (more && !items.is_empty() && after.saturating_add(limit) <= super::MAX_START)
        .then(|| PageToken(after.to_string()));
    Ok(Page { items, next, total })
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
