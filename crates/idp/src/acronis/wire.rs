//! Reading Acronis's replies (`user`, the search endpoint's `{"items"}` of tenants and users, and
//! `errorScheme` of the Account Management API v2) into `model` types.
//!
//! A person is read field by field (`crate::read`); only one without a readable id is an
//! `Unreadable` error naming the field. Search results carry no state, so their padlock says
//! "unknown" until the person's own page reads them. Nothing here panics, whatever the body.

use serde_json::Value;

use super::{is_acronis_id, rules};
use crate::error::Error;
use crate::http::HttpResponse;
use crate::model::{shorten_to, FactValue, Precondition, Status, User, UserId};
use crate::read::{self, Got};
use crate::registry::ProviderKind;

fn parse(resp: &HttpResponse) -> Result<Value, Error> {
    serde_json::from_slice(resp.body()).map_err(|e| Error::unreadable(ProviderKind::Acronis, resp, e))
}

fn id_of(raw: &Value, at: &str, resp: &HttpResponse) -> Result<UserId, Error> {
    let unreadable = |why: &str| Error::unreadable(ProviderKind::Acronis, resp, format!("{at}id: {why}"));
    match read::text(raw, "/id") {
        Got::Value(id) if is_acronis_id(id) => UserId::parse(id).map_err(|e| unreadable(&e.to_string())),
        Got::Value(_) => Err(unreadable("not an Acronis user id")),
        Got::Absent => Err(unreadable("missing")),
        Got::Wrong => Err(unreadable("not text")),
    }
}

fn full_name(first: Option<&str>, last: Option<&str>) -> String {
    [first, last].into_iter().flatten().map(str::trim).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
}

/// One `user`; `deleted` when it was found only among deleted accounts.
pub(super) fn parse_user(resp: &HttpResponse, deleted: bool) -> Result<User, Error> {
    let raw = parse(resp)?;
    let id = id_of(&raw, "", resp)?;
    let t = |pointer: &str| read::text(&raw, pointer);
    let (login, email) = (t("/login").ok(), t("/contact/email").ok());
    let name = full_name(t("/contact/firstname").ok(), t("/contact/lastname").ok());
    let display_name =
        read::first_text(&[Some(name.as_str()), login, email]).map_or_else(|| id.to_string(), str::to_owned);
    let version = match read::int(&raw, "/version") {
        Got::Value(v) => u64::try_from(v).ok(),
        _ => None,
    };
    let mut facts = vec![
        read::text_fact("Tenant", t("/tenant_id")),
        read::fact("Finished activation", read::flag(&raw, "/activated"), FactValue::YesNo),
        read::text_fact("Two-step sign-in (MFA)", t("/mfa_status")),
        read::text_fact("Phone", t("/contact/phone")),
        read::fact("Created", read::time(&raw, "/created_at"), FactValue::Time),
    ];
    if version.is_none() {
        facts.push(read::fact("Version", Got::<()>::Wrong, |()| FactValue::NotSet));
    }
    Ok(User {
        display_name,
        email: email.map(str::to_owned),
        username: login.map(str::to_owned),
        status: rules::status(read::flag(&raw, "/enabled"), read::flag(&raw, "/activated"), deleted),
        last_login_ms: None,
        precondition: version.map(Precondition::Version),
        facts,
        id,
        raw,
    })
}

/// The users among a search's `items` (tenants are left out), each as far as the item says.
pub(super) fn parse_search(resp: &HttpResponse) -> Result<Vec<User>, Error> {
    let body = parse(resp)?;
    let Some(items) = body.get("items").and_then(Value::as_array) else {
        return Err(Error::unreadable(ProviderKind::Acronis, resp, "items: not a list"));
    };
    let users = items.iter().enumerate().filter(|(_, item)| read::text(item, "/obj_type") == Got::Value("user"));
    users
        .map(|(i, item)| {
            let id = id_of(item, &format!("items[{i}]."), resp)?;
            let t = |pointer: &str| read::text(item, pointer).ok();
            let name = full_name(t("/first_name"), t("/last_name"));
            let display_name = read::first_text(&[Some(name.as_str()), t("/login"), t("/email")])
                .map_or_else(|| id.to_string(), str::to_owned);
            let status: Status = rules::not_read();
            Ok(User {
                display_name,
                email: t("/email").map(str::to_owned),
                username: t("/login").map(str::to_owned),
                status,
                last_login_ms: None,
                precondition: None,
                facts: vec![read::text_fact("Tenant", read::text(item, "/parent_id"))],
                id,
                raw: item.clone(),
            })
        })
        .collect()
}

/// What an `errorScheme` says: its code (text or number) and its message and details, shortened.
pub(super) fn error_body(body: &[u8]) -> (Option<String>, Vec<String>) {
    let Ok(v) = serde_json::from_slice::<Value>(body) else { return (None, Vec::new()) };
    let code = match v.pointer("/error/code") {
        Some(Value::String(c)) => Some(c.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
    .filter(|c| c.len() <= 64 && c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.'));
    let messages = [read::text(&v, "/error/message").ok(), read::text(&v, "/error/details/info").ok()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(|m| shorten_to(m, 299))
        .collect();
    (code, messages)
}
