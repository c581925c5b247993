//! Reading SCIM replies (RFC 7643 User resources, RFC 7644 ListResponse and Error messages) into
//! `model` types. A person is read field by field (`crate::read`); only one without a readable
//! id is an `Unreadable` error naming the field. Nothing here panics, whatever the body.

use serde_json::Value;

use super::rules;
use crate::error::Error;
use crate::http::{header_text, HttpResponse};
use crate::model::{shorten_to, FactValue, Precondition, User, UserId};
use crate::read::{self, Got};
use crate::registry::ProviderKind;

/// The enterprise extension's key (RFC 7643 §4.3).
const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

fn parse(resp: &HttpResponse) -> Result<Value, Error> {
    serde_json::from_slice(resp.body()).map_err(|e| Error::unreadable(ProviderKind::Scim, resp, e))
}

/// An entity tag as the service wrote it, if it is one a header can carry back (`W/"…"` or
/// `"…"`, visible ASCII, at most 256 characters).
pub(super) fn etag(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let quoted = raw.strip_prefix("W/").unwrap_or(raw);
    // RFC 7232's entity-tag: one opaque tag, no quote inside (so never a list of tags).
    let inner = quoted.strip_prefix('"').and_then(|q| q.strip_suffix('"'));
    let ok = raw.len() <= 256 && inner.is_some_and(|i| !i.contains('"')) && raw.bytes().all(|b| b.is_ascii_graphic());
    ok.then(|| raw.to_owned())
}

fn person(raw: Value, at: &str, header_etag: Option<String>, resp: &HttpResponse) -> Result<User, Error> {
    let unreadable = |why: &str| Error::unreadable(ProviderKind::Scim, resp, format!("{at}id: {why}"));
    let id = match read::text(&raw, "/id") {
        Got::Value(id) => UserId::parse(id).map_err(|e| unreadable(&e.to_string()))?,
        Got::Absent => return Err(unreadable("missing")),
        Got::Wrong => return Err(unreadable("not text")),
    };
    let t = |pointer: &str| read::text(&raw, pointer);
    let enterprise = |field: &str| raw.get(ENTERPRISE).map_or(Got::Absent, |e| read::text(e, field));
    let emails: Vec<String> = raw
        .get("emails")
        .and_then(Value::as_array)
        .map(|all| all.iter().filter_map(|e| read::text(e, "/value").ok()).map(|e| shorten_to(e, 254)).collect())
        .unwrap_or_default();
    // The primary address, else the first.
    let primary = raw
        .get("emails")
        .and_then(Value::as_array)
        .and_then(|all| all.iter().find(|e| read::flag(e, "/primary") == Got::Value(true)).or(all.first()));
    let email = primary.and_then(|e| read::text(e, "/value").ok()).map(str::to_owned);
    let name = [t("/name/givenName").ok(), t("/name/familyName").ok()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let user_name = t("/userName").ok();
    let display_name = read::first_text(&[t("/displayName").ok(), Some(name.as_str()), user_name, email.as_deref()])
        .map_or_else(|| id.to_string(), str::to_owned);
    let version = header_etag.or_else(|| t("/meta/version").ok().and_then(etag));
    let facts = vec![
        read::text_fact("Full name", t("/name/formatted")),
        read::fact(
            "Email addresses",
            if emails.is_empty() { Got::Absent } else { Got::Value(emails) },
            FactValue::List,
        ),
        read::text_fact("Title", t("/title")),
        read::text_fact("Department", enterprise("/department")),
        read::text_fact("Manager", enterprise("/manager/displayName")),
        read::text_fact("Employee number", enterprise("/employeeNumber")),
        read::text_fact("External id", t("/externalId")),
        read::fact("Created", read::time(&raw, "/meta/created"), FactValue::Time),
        read::fact("Last changed", read::time(&raw, "/meta/lastModified"), FactValue::Time),
    ];
    Ok(User {
        display_name,
        email,
        username: user_name.map(str::to_owned),
        status: rules::status(read::flag(&raw, "/active")),
        last_login_ms: None,
        precondition: version.map(Precondition::ETag),
        facts,
        id,
        raw,
    })
}

/// One User resource; its version from the `ETag` header, else from `meta.version`.
pub(super) fn parse_user(resp: &HttpResponse) -> Result<User, Error> {
    let tag = header_text(resp.headers(), &http::header::ETAG).and_then(|t| etag(&t));
    person(parse(resp)?, "", tag, resp)
}

/// A ListResponse's people and its `totalResults`.
pub(super) fn parse_list(resp: &HttpResponse) -> Result<(Vec<User>, Option<u64>), Error> {
    let mut body = parse(resp)?;
    let total = body.get("totalResults").and_then(Value::as_u64);
    // RFC 7644 §3.4.2: "Resources" may be left out when nothing matched.
    let items = match body.get_mut("Resources").map(Value::take) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(Error::unreadable(ProviderKind::Scim, resp, "Resources: not a list")),
    };
    let people = items.into_iter().enumerate().map(|(i, item)| person(item, &format!("Resources[{i}]."), None, resp));
    Ok((people.collect::<Result<_, _>>()?, total))
}

/// An Error message's `scimType` (a keyword) and `detail`, shortened.
pub(super) fn error_body(body: &[u8]) -> (Option<String>, Vec<String>) {
    let Ok(v) = serde_json::from_slice::<Value>(body) else { return (None, Vec::new()) };
    let scim_type = read::text(&v, "/scimType")
        .ok()
        .filter(|t| t.len() <= 32 && t.bytes().all(|b| b.is_ascii_alphanumeric()))
        .map(str::to_owned);
    let detail = read::text(&v, "/detail").ok().map(str::trim).filter(|d| !d.is_empty());
    (scim_type, detail.map(|d| shorten_to(d, 299)).into_iter().collect())
}
