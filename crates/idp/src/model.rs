//! Normalised domain types that leave the adapters: users, their status and pages of results.
//!
//! Provider wire structs never leave their adapter module; only these types do. Nothing here knows
//! about any one provider or does I/O.

use serde::{Deserialize, Serialize};

use crate::input::InputError;

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

/// Where an account stands. Anything a provider sends that lockdesk does not know is kept as
/// `Unknown(raw)` rather than treated as an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Active,
    Locked,
    Suspended,
    Deactivated,
    Pending,
    Deleted,
    Unknown(String),
}

/// Whether the person can sign in: the padlock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignIn {
    Allowed,
    Blocked,
    Unknown,
}

impl Status {
    /// The word shown next to the padlock.
    pub fn label(&self) -> String {
        match self {
            Status::Active => "Active".into(),
            Status::Locked => "Locked".into(),
            Status::Suspended => "Suspended".into(),
            Status::Deactivated => "Deactivated".into(),
            Status::Pending => "Pending".into(),
            Status::Deleted => "Deleted".into(),
            Status::Unknown(raw) => format!("Unknown ({})", shorten(raw)),
        }
    }

    /// Whether this status lets the person sign in.
    pub fn sign_in(&self) -> SignIn {
        match self {
            Status::Active => SignIn::Allowed,
            Status::Unknown(_) => SignIn::Unknown,
            _ => SignIn::Blocked,
        }
    }
}

/// An application the user is registered with, and their roles there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    pub application_id: String,
    pub roles: Vec<String>,
    pub username: Option<String>,
}

/// A user as lockdesk shows it. `raw` is exactly what the provider returned, for the detail view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub display_name: String,
    pub email: Option<String>,
    pub username: Option<String>,
    pub status: Status,
    pub tenant: Option<String>,
    /// Last sign-in as milliseconds since the Unix epoch.
    pub last_login_ms: Option<i64>,
    pub verified: Option<bool>,
    pub registrations: Vec<Registration>,
    pub raw: serde_json::Value,
}

impl User {
    /// The padlock for this user.
    pub fn sign_in(&self) -> SignIn {
        self.status.sign_in()
    }
}

/// One page of results. `total` is the provider's count of all matches when it gives one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub start: u32,
    pub total: Option<u64>,
}

impl<T> Page<T> {
    /// A page with nothing on it: "No users match", not an error.
    pub fn empty(start: u32) -> Page<T> {
        Page { items: Vec::new(), start, total: Some(0) }
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

    #[test]
    fn only_active_can_sign_in() {
        let table = [
            (Status::Active, SignIn::Allowed),
            (Status::Locked, SignIn::Blocked),
            (Status::Suspended, SignIn::Blocked),
            (Status::Deactivated, SignIn::Blocked),
            (Status::Pending, SignIn::Blocked),
            (Status::Deleted, SignIn::Blocked),
            (Status::Unknown("WEIRD".into()), SignIn::Unknown),
        ];
        for (status, expected) in table {
            assert_eq!(status.sign_in(), expected, "{status:?}");
        }
        assert_eq!(Status::Unknown("WEIRD".into()).label(), "Unknown (WEIRD)");
    }
}
