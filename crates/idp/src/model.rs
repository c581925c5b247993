//! Normalised domain types that leave the adapters: users, their status and pages of results.
//!
//! Provider wire structs never leave their adapter module; only these types do. Nothing here knows
//! about any one provider or does I/O.

use serde::{Deserialize, Serialize};

use crate::input::InputError;

mod changes;
mod status;
pub use changes::{differences, Difference};
pub use status::{SignIn, Status, StatusKind};

/// A provider's identifier for a user. Validated by the adapter (`IdentityProvider::parse_user_id`)
/// before it is ever put in a path, so it is always safe as a single path segment.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UserId(String);

impl UserId {
    /// Accepts 1–128 characters from `[A-Za-z0-9._@-]`; adapters narrow this further.
    pub fn parse(raw: &str) -> Result<UserId, InputError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(InputError::EmptyId);
        }
        let ok_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '@' | '-');
        if raw.len() > 128 || !raw.chars().all(ok_char) || raw == "." || raw == ".." {
            return Err(InputError::MalformedId(shorten(raw)));
        }
        Ok(UserId(raw.to_owned()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for UserId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether `text` is a UUID in its 8-4-4-4-12 hex form (either case).
pub fn is_uuid(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// A UUID user id in lower case, as the providers that use them write them: one spelling per
/// person, so the proxy's per-person lock and the audit see one person.
pub fn lower_uuid_id(raw: &str) -> Result<UserId, InputError> {
    let id = UserId::parse(&raw.trim().to_ascii_lowercase())?;
    if is_uuid(id.as_str()) {
        Ok(id)
    } else {
        Err(InputError::MalformedId(shorten(raw.trim())))
    }
}

/// A syntactically plausible email address (one `@`, a dotted domain, no spaces or controls).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    /// Validates the shape only; whether the mailbox exists is the provider's business.
    pub fn parse(raw: &str) -> Result<Email, InputError> {
        let raw = raw.trim();
        let bad = || InputError::MalformedEmail(shorten(raw));
        if raw.len() > 254 || raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad());
        }
        let (local, domain) = raw.split_once('@').ok_or_else(bad)?;
        let labels_ok = domain.split('.').all(|l| {
            !l.is_empty()
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || !c.is_ascii())
                && !l.starts_with('-')
        });
        if local.is_empty() || local.len() > 64 || !domain.contains('.') || !labels_ok {
            return Err(bad());
        }
        if local.contains(['<', '>', '(', ')', '[', ']', ',', ';', ':', '\\', '"', '@']) {
            return Err(bad());
        }
        Ok(Email(raw.to_owned()))
    }

    /// The address as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Keeps error messages short when echoing what somebody typed.
pub(crate) fn shorten(raw: &str) -> String {
    shorten_to(raw, 60)
}

/// At most `max` characters of `raw`, with an ellipsis when cut.
pub fn shorten_to(raw: &str, max: usize) -> String {
    let mut s: String = raw.chars().take(max).collect();
    if raw.chars().count() > max {
        s.push('…');
    }
    s
}

/// A value on the detail page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FactValue {
    Text(String),
    /// Milliseconds since the Unix epoch, shown in the operator's time zone.
    Time(i64),
    /// Several values (roles, registrations), each shown as text.
    List(Vec<String>),
    YesNo(bool),
    /// The provider did not say.
    NotSet,
    /// The provider sent something lockdesk cannot read for this field; the rest is still shown.
    Unreadable,
}

/// A label and value for the detail page, built by the adapter in the provider's own terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fact {
    pub label: String,
    pub value: FactValue,
}

impl Fact {
    /// A fact from an optional text (`NotSet` when absent or blank).
    pub fn text(label: &str, value: Option<&str>) -> Fact {
        let value = match value.map(str::trim) {
            Some(v) if !v.is_empty() => FactValue::Text(v.to_owned()),
            _ => FactValue::NotSet,
        };
        Fact { label: label.to_owned(), value }
    }

    /// A fact of any value.
    pub fn new(label: &str, value: FactValue) -> Fact {
        Fact { label: label.to_owned(), value }
    }
}

/// What a change must find still true at the provider: the version or entity tag of the last read.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Precondition {
    Version(u64),
    ETag(String),
}

/// A user as lockdesk shows it. `raw` is exactly what the provider returned, for the detail view.
/// Provider-specific details are `facts`, built by the adapter; nothing here is one provider's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub display_name: String,
    pub email: Option<String>,
    pub username: Option<String>,
    pub status: Status,
    /// Last sign-in as milliseconds since the Unix epoch.
    pub last_login_ms: Option<i64>,
    /// What a change to this user must send to prove it saw this state (`None`: nothing).
    pub precondition: Option<Precondition>,
    pub facts: Vec<Fact>,
    pub raw: serde_json::Value,
}

impl User {
    /// The padlock for this user.
    pub fn sign_in(&self) -> SignIn {
        self.status.sign_in()
    }
}

/// Where a page of results starts: opaque to everyone but the adapter that made it (an offset for
/// FusionAuth, a cursor for Okta). The proxy checks it when it recognises the request.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PageToken(pub String);

/// One page of results. `next` starts the following page, if there is one; `total` is the
/// provider's count of all matches when it gives one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<PageToken>,
    pub total: Option<u64>,
}

impl<T> Page<T> {
    /// A page with nothing on it: "No users match", not an error.
    pub fn empty() -> Page<T> {
        Page { items: Vec::new(), next: None, total: Some(0) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_ids_refuse_path_tricks() {
        for bad in ["", "  ", "..", "a/b", "a%2Fb", "a b", "a?b", "a#b", "<img>", &"x".repeat(129)] {
            assert!(UserId::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(UserId::parse(" abc-1 ").map(|i| i.to_string()), Ok("abc-1".to_string()));
    }

    #[test]
    fn emails_are_checked_for_shape() {
        for good in ["terry@example.com", "a.b+c@sub.example.co.uk", "ü@bücher.de"] {
            assert!(Email::parse(good).is_ok(), "{good} refused");
        }
        for bad in ["terry", "terry@", "@example.com", "a@b", "a@@b.c", "a b@c.d", "a@b..c", "a@-b.c", "a<b@c.d"] {
            assert!(Email::parse(bad).is_err(), "{bad} accepted");
        }
    }
}
