//! Reading Genesys Cloud's replies (`User`, `UsersSearchResponse`, `ErrorBody` of the Platform
//! API v2) into `model` types.
//!
//! A person is read field by field (`crate::read`): unknown fields are ignored, a wrongly typed one
//! is marked unreadable on its own, and only a person without a readable id is an `Unreadable`
//! error naming the field. Nothing here panics, whatever the body, and nothing is sent.

use serde_json::Value;

use super::{is_genesys_id, rules};
use crate::error::Error;
use crate::http::HttpResponse;
use crate::model::{shorten_to, FactValue, Page, PageToken, Precondition, User, UserId};
use crate::read::{self, Got};
use crate::registry::ProviderKind;

fn parse(resp: &HttpResponse) -> Result<Value, Error> {
    serde_json::from_slice(resp.body()).map_err(|e| Error::unreadable(ProviderKind::Genesys, resp, e))
}

/// One `User`, as the reply to a lookup.
pub(super) fn parse_user(resp: &HttpResponse) -> Result<User, Error> {
    to_user(&parse(resp)?, "", resp)
}

/// A `UsersSearchResponse` to the request for page `asked` as one page; `next` is the page after
/// `asked` when the reply says there are more (`pageCount`, or a `nextPage`), never a number the
/// reply chose.
pub(super) fn parse_search(resp: &HttpResponse, asked: u32, page_size: u32) -> Result<Page<User>, Error> {
    let body = parse(resp)?;
    let Some(results) = body.get("results").and_then(Value::as_array) else {
        return Err(Error::unreadable(ProviderKind::Genesys, resp, "results: not a list of users"));
    };
    let items = results
        .iter()
        .enumerate()
        .map(|(i, u)| to_user(u, &format!("results[{i}]."), resp))
        .collect::<Result<Vec<_>, _>>()?;
    let number = |name: &str| body.get(name).and_then(Value::as_u64);
    let total = number("total");
    let more = match (number("pageCount"), body.get("nextPage")) {
        (Some(count), _) => u64::from(asked) < count,
        (None, Some(Value::String(_))) => true,
        _ => false,
    };
    let next_number = asked.saturating_add(1);
    let in_window = u64::from(next_number) * u64::from(page_size) <= u64::from(super::search::MAX_ROWS);
    let next = (more && !items.is_empty() && in_window).then(|| PageToken(next_number.to_string()));
    Ok(Page { items, next, total })
}

fn to_user(raw: &Value, at: &str, resp: &HttpResponse) -> Result<User, Error> {
    let unreadable = |why: &str| Error::unreadable(ProviderKind::Genesys, resp, format!("{at}id: {why}"));
    let id = match read::text(raw, "/id") {
        Got::Value(id) if is_genesys_id(id) => UserId::parse(id).map_err(|e| unreadable(&e.to_string()))?,
        Got::Value(_) => return Err(unreadable("not a Genesys Cloud user id")),
        Got::Absent => return Err(unreadable("missing")),
        Got::Wrong => return Err(unreadable("not text")),
    };
    let t = |pointer: &str| read::text(raw, pointer);
    let (name, email, username) = (t("/name").ok(), t("/email").ok(), t("/username").ok());
    let display_name = read::first_text(&[name, email, username]).map_or_else(|| id.to_string(), str::to_owned);
    let version = match read::int(raw, "/version") {
        Got::Value(v) => u64::try_from(v).ok(),
        _ => None,
    };
    let manager = match (t("/manager/name"), t("/manager/id")) {
        (Got::Value(name), _) if !name.trim().is_empty() => Got::Value(name),
        (_, id) => id,
    };
    let mut facts = vec![
        read::text_fact("Genesys state", t("/state")),
        read::text_fact("Division", t("/division/name")),
        read::text_fact("Department", t("/department")),
        read::text_fact("Title", t("/title")),
        read::text_fact("Manager", manager),
        read::fact("Last sign-in", read::time(raw, "/dateLastLogin"), FactValue::Time),
    ];
    // The version is a change's precondition, not a fact; but one that cannot be read is shown,
    // as it is why no change of state is offered.
    if version.is_none() {
        facts.push(read::fact("Version", Got::<()>::Wrong, |()| FactValue::NotSet));
    }
    Ok(User {
        display_name,
        email: email.map(str::to_owned),
        username: username.map(str::to_owned),
        status: rules::status(t("/state")),
        last_login_ms: read::time(raw, "/dateLastLogin").ok(),
        precondition: version.map(Precondition::Version),
        facts,
        id,
        raw: raw.clone(),
    })
}

/// What an `ErrorBody` says: its code, its message, and for a missing permission which one and in
/// which division (from `messageParams`, whatever the key's exact name); texts shortened.
pub(super) fn error_body(body: &[u8]) -> (Option<String>, Vec<String>) {
    let Ok(v) = serde_json::from_slice::<Value>(body) else { return (None, Vec::new()) };
    let code = read::text(&v, "/code")
        .ok()
        .filter(|c| c.len() <= 64 && c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_'))
        .map(str::to_owned);
    let mut messages: Vec<String> = read::text(&v, "/message")
        .ok()
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(|m| shorten_to(m, 299))
        .into_iter()
        .collect();
    if code.as_deref().is_some_and(|c| c.starts_with("missing.")) {
        let params = v.get("messageParams").and_then(Value::as_object);
        let param = |part: &str| {
            params?.iter().find(|(k, _)| k.to_ascii_lowercase().contains(part)).and_then(|(_, v)| match v {
                Value::String(s) => Some(s.trim().to_owned()),
                Value::Array(list) => Some(list.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", ")),
                _ => None,
            })
        };
        match (param("permission").filter(|p| !p.is_empty()), param("division").filter(|d| !d.is_empty())) {
            (Some(p), Some(d)) => messages.push(shorten_to(&format!("Missing permission: {p} (division: {d})"), 299)),
            (Some(p), None) => messages.push(shorten_to(&format!("Missing permission: {p}"), 299)),
            (None, Some(d)) => messages.push(shorten_to(&format!("Missing permission in division: {d}"), 299)),
            (None, None) => {}
        }
    }
    (code, messages)
}
