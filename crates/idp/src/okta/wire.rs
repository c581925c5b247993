//! Reading Okta's replies (schemas `User`, `UserActivationToken`, `Error` of the Management API, and
//! the `Link` header) into `model` types.
//!
//! A person is read field by field (`crate::read`): unknown fields are ignored, a wrongly typed one
//! is marked unreadable on its own, and only a person without a readable Okta id is an `Unreadable`
//! error naming the field. Nothing here panics, whatever the body, and nothing is sent.

use serde_json::Value;

use super::{is_okta_id, rules, search};
use crate::error::Error;
use crate::http::HttpResponse;
use crate::model::{shorten_to, Fact, FactValue, PageToken, User, UserId};
use crate::read::{self, Got};
use crate::registry::ProviderKind;

fn parse(resp: &HttpResponse) -> Result<Value, Error> {
    serde_json::from_slice(resp.body()).map_err(|e| Error::unreadable(ProviderKind::Okta, resp, e))
}

/// One `User` object, as the reply to a lookup.
pub(super) fn parse_user(resp: &HttpResponse) -> Result<User, Error> {
    to_user(&parse(resp)?, "", resp)
}

/// A list of `User` objects, as the reply to a search.
pub(super) fn parse_users(resp: &HttpResponse) -> Result<Vec<User>, Error> {
    match parse(resp)? {
        Value::Array(list) => list.iter().enumerate().map(|(i, u)| to_user(u, &format!("[{i}]."), resp)).collect(),
        _ => Err(Error::unreadable(ProviderKind::Okta, resp, "not a list of users")),
    }
}

/// `UserActivationToken.activationUrl`, the link Okta returns when it did not email it.
pub(super) fn activation_url(resp: &HttpResponse) -> Result<String, Error> {
    let body = parse(resp)?;
    match read::text(&body, "/activationUrl") {
        Got::Value(url) if url.starts_with("https://") || url.starts_with("http://") => Ok(url.to_owned()),
        Got::Value(_) => Err(Error::unreadable(ProviderKind::Okta, resp, "activationUrl: not a web address")),
        Got::Absent => Err(Error::unreadable(ProviderKind::Okta, resp, "activationUrl: missing")),
        Got::Wrong => Err(Error::unreadable(ProviderKind::Okta, resp, "activationUrl: not text")),
    }
}

fn to_user(raw: &Value, at: &str, resp: &HttpResponse) -> Result<User, Error> {
    let unreadable = |why: &str| Error::unreadable(ProviderKind::Okta, resp, format!("{at}id: {why}"));
    let id = match read::text(raw, "/id") {
        Got::Value(id) if is_okta_id(id) => UserId::parse(id).map_err(|e| unreadable(&e.to_string()))?,
        Got::Value(_) => return Err(unreadable("not an Okta user id")),
        Got::Absent => return Err(unreadable("missing")),
        Got::Wrong => return Err(unreadable("not text")),
    };
    let t = |pointer: &str| read::text(raw, pointer);
    let (login, email) = (t("/profile/login").ok(), t("/profile/email").ok());
    let name = [t("/profile/firstName").ok(), t("/profile/lastName").ok()];
    let name = name.into_iter().flatten().map(str::trim).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ");
    let display_name =
        read::first_text(&[Some(name.as_str()), login, email]).map_or_else(|| id.to_string(), str::to_owned);
    let heading = t("/transitioningToStatus");
    let time = |label: &str, pointer: &str| read::fact(label, read::time(raw, pointer), FactValue::Time);
    let mut facts = vec![read::text_fact("Login", t("/profile/login")), read::text_fact("Okta status", t("/status"))];
    if heading != Got::Absent {
        facts.push(read::text_fact("Changing to", heading));
    }
    facts.extend([
        time("Created", "/created"),
        time("Activated", "/activated"),
        time("Status changed", "/statusChanged"),
        time("Last sign-in", "/lastLogin"),
        time("Last updated", "/lastUpdated"),
        time("Password changed", "/passwordChanged"),
        sign_in_source(raw),
    ]);
    let extras =
        [("Department", "/profile/department"), ("Title", "/profile/title"), ("Mobile phone", "/profile/mobilePhone")];
    for (label, pointer) in extras {
        optional(&mut facts, label, t(pointer));
    }
    Ok(User {
        display_name,
        email: email.map(str::to_owned),
        username: login.map(str::to_owned),
        status: rules::status(t("/status"), heading),
        last_login_ms: read::time(raw, "/lastLogin").ok(),
        // Lifecycle calls take no precondition; the ETag is passed back for updates only.
        precondition: None,
        facts,
        id,
        raw: raw.clone(),
    })
}

/// Adds a fact only when Okta says something (a value, or something unreadable).
fn optional(facts: &mut Vec<Fact>, label: &str, got: Got<&str>) {
    match got {
        Got::Absent => {}
        Got::Value(v) if v.trim().is_empty() => {}
        got => facts.push(read::text_fact(label, got)),
    }
}

/// `credentials.provider`: who checks the person's password, in plain words.
fn sign_in_source(raw: &Value) -> Fact {
    let (kind, name) = (read::text(raw, "/credentials/provider/type"), read::text(raw, "/credentials/provider/name"));
    let value = match (kind, name) {
        (Got::Wrong, _) | (_, Got::Wrong) => FactValue::Unreadable,
        (kind, name) => {
            let word = kind.ok().map(provider_word);
            let name = name.ok().map(str::trim).filter(|n| !n.is_empty() && Some(*n) != kind.ok());
            match (word, name) {
                (Some(word), Some(name)) => FactValue::Text(format!("{word} ({name})")),
                (Some(word), None) => FactValue::Text(word.into_owned()),
                (None, Some(name)) => FactValue::Text(name.to_owned()),
                (None, None) => FactValue::NotSet,
            }
        }
    };
    Fact::new("Sign-in source", value)
}

fn provider_word(kind: &str) -> std::borrow::Cow<'static, str> {
    match kind {
        "OKTA" => "Okta".into(),
        "ACTIVE_DIRECTORY" => "Active Directory".into(),
        "LDAP" => "LDAP directory".into(),
        "FEDERATION" => "Another identity provider".into(),
        "SOCIAL" => "Social sign-in".into(),
        "IMPORT" => "Imported password".into(),
        other => other.to_owned().into(),
    }
}

/// The `after` cursor of the `rel="next"` link, from every `Link` header Okta sent (it sends
/// `self` and `next` as separate headers, or joined with commas). A next link whose cursor is not
/// a safe token is ignored.
pub(super) fn next_cursor(headers: &http::HeaderMap) -> Option<PageToken> {
    headers
        .get_all(http::header::LINK)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(links)
        .filter(|(_, is_next)| *is_next)
        .find_map(|(target, _)| cursor_of(target))
}

/// Each `<target>; params` of a `Link` value, with whether its `rel` includes `next`.
fn links(value: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || c.is_whitespace());
        let Some(open) = rest.strip_prefix('<') else {
            // Not a link: skip to the next one, if any.
            match rest.find(',') {
                Some(i) => rest = &rest[i + 1..],
                None => return out,
            }
            continue;
        };
        let Some(close) = open.find('>') else { return out };
        let target = &open[..close];
        rest = &open[close + 1..];
        let mut quoted = false;
        let end = rest
            .char_indices()
            .find(|(_, c)| {
                quoted ^= *c == '"';
                *c == ',' && !quoted
            })
            .map_or(rest.len(), |(i, _)| i);
        let is_next = rest[..end].split(';').filter_map(|p| p.split_once('=')).any(|(name, value)| {
            name.trim().eq_ignore_ascii_case("rel")
                && value.trim().trim_matches('"').split_whitespace().any(|r| r.eq_ignore_ascii_case("next"))
        });
        out.push((target, is_next));
        rest = &rest[end..];
    }
}

/// The one `after` parameter of a link target, if it is a safe cursor.
fn cursor_of(target: &str) -> Option<PageToken> {
    let query = target.split_once('?')?.1;
    let query = query.split_once('#').map_or(query, |(q, _)| q);
    let mut afters = form_urlencoded::parse(query.as_bytes()).filter(|(k, _)| k == "after").map(|(_, v)| v);
    let after = afters.next()?;
    (afters.next().is_none() && search::is_safe_cursor(&after)).then(|| PageToken(after.into_owned()))
}

/// What Okta's `Error` body says: its code (when it has Okta's shape, `E` and seven digits) and its
/// summaries, the error's own first, then each cause's; at most 10, each at most 300 characters.
pub(super) fn error_body(body: &[u8]) -> (Option<String>, Vec<String>) {
    let Ok(v) = serde_json::from_slice::<Value>(body) else { return (None, Vec::new()) };
    let code = read::text(&v, "/errorCode").ok().filter(|c| is_error_code(c)).map(str::to_owned);
    let causes = v.get("errorCauses").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let summaries = read::text(&v, "/errorSummary")
        .ok()
        .into_iter()
        .chain(causes.iter().filter_map(|c| c.get("errorSummary").and_then(Value::as_str)));
    let messages = summaries.map(str::trim).filter(|m| !m.is_empty()).take(10).map(|m| shorten_to(m, 299)).collect();
    (code, messages)
}

fn is_error_code(code: &str) -> bool {
    code.len() == 8 && code.starts_with('E') && code[1..].bytes().all(|b| b.is_ascii_digit())
}
