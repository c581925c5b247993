//! Where an account stands: the kind of state in one vocabulary across providers, whether the
//! person can sign in (the padlock), the provider's own word, a reason, and what the provider is
//! changing it to. Adapters build these from their status tables; nothing here knows a provider.

use serde::{Deserialize, Serialize};

use super::shorten;

/// What kind of state an account is in, in one vocabulary across providers. Anything a provider
/// sends that lockdesk does not know is kept as `Unknown(raw)` rather than treated as an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatusKind {
    Active,
    LockedOut,
    Suspended,
    Deactivated,
    NotYetActivated,
    DeletedRestorable,
    Deleted,
    Unknown(String),
}

impl StatusKind {
    /// The status word shown after "Can sign in · " or "Cannot sign in · ".
    pub fn word(&self) -> String {
        match self {
            StatusKind::Active => "Active".into(),
            StatusKind::LockedOut => "Locked out".into(),
            StatusKind::Suspended => "Suspended".into(),
            StatusKind::Deactivated => "Deactivated".into(),
            StatusKind::NotYetActivated => "Not yet activated".into(),
            StatusKind::DeletedRestorable => "Deleted (can be restored)".into(),
            StatusKind::Deleted => "Deleted".into(),
            StatusKind::Unknown(raw) => format!("Unknown ({})", shorten(raw)),
        }
    }

    /// Whether a person in this state can usually sign in (an adapter may say otherwise).
    pub fn sign_in(&self) -> SignIn {
        match self {
            StatusKind::Active => SignIn::Allowed,
            StatusKind::Unknown(_) => SignIn::Unknown,
            _ => SignIn::Blocked,
        }
    }
}

/// Whether the person can sign in: the padlock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignIn {
    Allowed,
    Blocked,
    Unknown,
}

/// Where an account stands, as the adapter read it from the provider's own status field(s).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    pub kind: StatusKind,
    /// Whether the person can sign in now (the padlock).
    pub sign_in: SignIn,
    /// The provider's own word for it (`DEPROVISIONED`, `active: false`), for Details and the audit.
    pub raw: String,
    /// One plain sentence on why, or what it means, when the word alone does not say
    /// ("Locked out after failed sign-ins", "Must choose a new password at next sign-in").
    pub reason: Option<String>,
    /// The state the provider is moving the person to, while it works on it.
    pub transitioning_to: Option<StatusKind>,
}

impl Status {
    /// A settled status of `kind`, with the usual padlock for it.
    pub fn new(kind: StatusKind, raw: impl Into<String>) -> Status {
        Status { sign_in: kind.sign_in(), kind, raw: raw.into(), reason: None, transitioning_to: None }
    }

    /// The same status with a reason.
    pub fn because(mut self, reason: impl Into<String>) -> Status {
        self.reason = Some(reason.into());
        self
    }

    /// The status word (see `StatusKind::word`).
    pub fn label(&self) -> String {
        self.kind.word()
    }

    /// Whether this status lets the person sign in.
    pub fn sign_in(&self) -> SignIn {
        self.sign_in
    }

    /// Whether the provider is still working on a change of state.
    pub fn is_changing(&self) -> bool {
        self.transitioning_to.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_active_can_sign_in_by_default() {
        let table = [
            (StatusKind::Active, SignIn::Allowed, "Active"),
            (StatusKind::LockedOut, SignIn::Blocked, "Locked out"),
            (StatusKind::Suspended, SignIn::Blocked, "Suspended"),
            (StatusKind::Deactivated, SignIn::Blocked, "Deactivated"),
            (StatusKind::NotYetActivated, SignIn::Blocked, "Not yet activated"),
            (StatusKind::DeletedRestorable, SignIn::Blocked, "Deleted (can be restored)"),
            (StatusKind::Deleted, SignIn::Blocked, "Deleted"),
            (StatusKind::Unknown("WEIRD".into()), SignIn::Unknown, "Unknown (WEIRD)"),
        ];
        for (kind, expected, word) in table {
            let status = Status::new(kind.clone(), "raw");
            assert_eq!(status.sign_in(), expected, "{kind:?}");
            assert_eq!(status.label(), word);
        }
    }
}
