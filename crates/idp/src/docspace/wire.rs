//! Reading DocSpace's replies into `model` types: the `{"response": …}` envelope (unwrapped here
//! and nowhere else), `EmployeeFullDto`, lists of them with `total`, and error bodies.
//!
//! A person is read field by field (`crate::read`); only one without a readable id is an
//! `Unreadable` error naming the field. Nothing here panics, whatever the body.

use serde_json::Value;

use super::rules;
use crate::error::Error;
use crate::http::HttpResponse;
use crate::model::{is_uuid, shorten_to, FactValue, User, UserId};
use crate::read::{self, Got};
use crate::registry::ProviderKind;

/// The duplicate-email refusal of `POST /api/2.0/people`. DocSpace's spec gives no reply for it;
/// this is the sandbox's choice (UNVERIFIED upstream), recognised in this one place by its words.
pub(super) const EMAIL_TAKEN: &str = "A user with this email address is already registered.";

/// Whether a DocSpace message says the address is already somebody's.
pub(super) fn says_email_taken(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    message.trim() == EMAIL_TAKEN
        || m.contains("email") && (m.contains("already registered") || m.contains("already exists"))
}

/// The payload inside the envelope.
fn unwrap(resp: &HttpResponse) -> Result<(Value, Value), Error> {
    let mut body: Value =
        serde_json::from_slice(resp.body()).map_err(|e| Error::unreadable(ProviderKind::DocSpace, resp, e))?;
    match body.get_mut("response").map(Value::take) {
        Some(payload) => Ok((payload, body)),
        None => Err(Error::unreadable(ProviderKind::DocSpace, resp, "no \"response\" in the reply")),
    }
}

fn id_of(raw: &Value, at: &str, resp: &HttpResponse) -> Result<UserId, Error> {
    let unreadable = |why: &str| Error::unreadable(ProviderKind::DocSpace, resp, format!("{at}id: {why}"));
    match read::text(raw, "/id") {
        Got::Value(id) if is_uuid(id) => {
            UserId::parse(&id.to_ascii_lowercase()).map_err(|e| unreadable(&e.to_string()))
        }
        Got::Value(_) => Err(unreadable("not a DocSpace user id")),
        Got::Absent => Err(unreadable("missing")),
        Got::Wrong => Err(unreadable("not text")),
    }
}

/// One `EmployeeFullDto`.
fn person(raw: Value, at: &str, resp: &HttpResponse) -> Result<User, Error> {
    let id = id_of(&raw, at, resp)?;
    let t = |pointer: &str| read::text(&raw, pointer);
    let yes_no = |label: &str, pointer: &str| read::fact(label, read::flag(&raw, pointer), FactValue::YesNo);
    let name = [t("/firstName").ok(), t("/lastName").ok()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let (email, user_name) = (t("/email").ok(), t("/userName").ok());
    let display_name = read::first_text(&[t("/displayName").ok(), Some(name.as_str()), email, user_name])
        .map_or_else(|| id.to_string(), str::to_owned);
    let activation = match read::int(&raw, "/activationStatus") {
        Got::Value(0) => Got::Value("Not activated"),
        Got::Value(1) => Got::Value("Activated"),
        Got::Value(2) => Got::Value("Waiting for them to confirm their email"),
        Got::Value(4) => Got::Value("Created automatically"),
        Got::Absent => Got::Absent,
        _ => Got::Wrong,
    };
    let facts = vec![
        read::text_fact("Department", t("/department")),
        read::text_fact("Title", t("/title")),
        read::text_fact("Activation", activation),
        yes_no("DocSpace admin", "/isAdmin"),
        yes_no("Portal owner", "/isOwner"),
        yes_no("Room admin", "/isRoomAdmin"),
        yes_no("Guest", "/isVisitor"),
        yes_no("Signs in with LDAP", "/isLDAP"),
        yes_no("Signs in with SSO", "/isSSO"),
        read::fact("Terminated on", read::time(&raw, "/terminated/utcTime"), FactValue::Time),
        read::fact("Registered", read::time(&raw, "/registrationDate/utcTime"), FactValue::Time),
    ];
    Ok(User {
        display_name,
        email: email.map(str::to_owned),
        username: user_name.map(str::to_owned),
        status: rules::status(read::int(&raw, "/status")),
        last_login_ms: None,
        precondition: None,
        facts,
        id,
        raw,
    })
}

/// Whether DocSpace refuses to terminate or delete the person as read: the portal's owner, and
/// people who sign in through LDAP (managed in the directory, not in DocSpace).
pub(super) fn is_protected(user: &User) -> bool {
    ["/isOwner", "/isLDAP"].iter().any(|flag| read::flag(&user.raw, flag) == Got::Value(true))
}

/// One person in the envelope.
pub(super) fn parse_user(resp: &HttpResponse) -> Result<User, Error> {
    let (payload, _) = unwrap(resp)?;
    person(payload, "response.", resp)
}

/// A list of people in the envelope, with the `total` it gives (if any).
pub(super) fn parse_people(resp: &HttpResponse) -> Result<(Vec<User>, Option<u64>), Error> {
    let (payload, envelope) = unwrap(resp)?;
    let Value::Array(items) = payload else {
        return Err(Error::unreadable(ProviderKind::DocSpace, resp, "response: not a list"));
    };
    let total = envelope.get("total").and_then(Value::as_u64);
    let people = items.into_iter().enumerate().map(|(i, item)| person(item, &format!("response[{i}]."), resp));
    Ok((people.collect::<Result<_, _>>()?, total))
}

/// The messages of an error body (`{"error": {"message"}}`; the shape is UNVERIFIED upstream, so a
/// `response` holding a message or text is read too), shortened.
pub(super) fn error_messages(body: &[u8]) -> Vec<String> {
    let Ok(v) = serde_json::from_slice::<Value>(body) else { return Vec::new() };
    [read::text(&v, "/error/message").ok(), read::text(&v, "/response/message").ok(), read::text(&v, "/response").ok()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(|m| shorten_to(m, 299))
        .collect()
}
