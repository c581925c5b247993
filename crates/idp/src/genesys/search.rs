//! The bodies of `POST /api/v2/users/search` (`UserSearchRequest`) and of `PATCH
//! /api/v2/users/{id}` (`UpdateUser`), written byte for byte the same in the panel and the proxy,
//! and read back by the proxy's recogniser.
//!
//! Bodies are written as text with every value escaped by serde_json, so their bytes never depend
//! on a map's key order (the panel and the proxy are built with different features). Typed text
//! is only ever a JSON string value: it cannot add a criterion or change a field.

/// Genesys search results can be paged up to this row (pageNumber × pageSize), no further: the
/// search is backed by an index with the usual 10,000-row window (lockdesk's choice; Genesys does
/// not document its limit).
pub(super) const MAX_ROWS: u32 = 10_000;

/// How many people an email lookup asks for: an email is unique to a person, but ask for a few.
pub(super) const EMAIL_LOOKUP_SIZE: u32 = 25;

/// The states a search asks for: people who are deleted are found by id only.
const SEARCHED_STATES: &str = r#"{"type":"EXACT","fields":["state"],"values":["active","inactive"]}"#;

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// A search of people whose `fields` match `value` by `kind` (EXACT, CONTAINS).
pub(super) fn search_body(kind: &str, fields: &[&str], value: &str, page_number: u32, page_size: u32) -> Vec<u8> {
    let fields = fields.iter().map(|f| quoted(f)).collect::<Vec<_>>().join(",");
    format!(
        r#"{{"pageSize":{page_size},"pageNumber":{page_number},"query":[{{"type":{},"fields":[{fields}],"value":{}}},{SEARCHED_STATES}]}}"#,
        quoted(kind),
        quoted(value)
    )
    .into_bytes()
}

/// The email lookup's body.
pub(super) fn email_body(email: &str) -> Vec<u8> {
    search_body("EXACT", &["email"], email, 1, EMAIL_LOOKUP_SIZE)
}

/// The text search's body.
pub(super) fn text_body(text: &str, page_number: u32, page_size: u32) -> Vec<u8> {
    search_body("CONTAINS", &["name", "email"], text, page_number, page_size)
}

/// The PATCH that moves a person to `state` at `version` (none: Genesys refuses it, 400).
pub(super) fn state_body(state: &str, version: Option<u64>) -> Vec<u8> {
    match version {
        Some(version) => format!(r#"{{"state":{},"version":{version}}}"#, quoted(state)),
        None => format!(r#"{{"state":{}}}"#, quoted(state)),
    }
    .into_bytes()
}

/// What a search body asks for, read leniently: (type, value, pageNumber, pageSize). The caller
/// rebuilds the body from these and compares bytes, so only an exact body is recognised.
#[cfg(any(test, feature = "recognise"))]
pub(super) fn read_search(body: &[u8]) -> Option<(String, String, u32, u32)> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    let number = |name: &str| v.get(name)?.as_u64().and_then(|n| u32::try_from(n).ok());
    let first = v.get("query")?.as_array()?.first()?;
    let text = |name: &str| first.get(name)?.as_str().map(str::to_owned);
    Some((text("type")?, text("value")?, number("pageNumber")?, number("pageSize")?))
}

/// What a PATCH body asks for: (state, version).
#[cfg(any(test, feature = "recognise"))]
pub(super) fn read_state(body: &[u8]) -> Option<(String, u64)> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    Some((v.get("state")?.as_str()?.to_owned(), v.get("version")?.as_u64()?))
}
