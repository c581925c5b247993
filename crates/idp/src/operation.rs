//! The table of operations lockdesk knows. The panel builds requests from it; the proxy recognises
//! incoming requests against it and refuses anything else.
//!
//! An `Operation` is provider-neutral; each adapter maps it to its own method, path and body. This
//! module holds no wire formats.

use serde::{Deserialize, Serialize};

use crate::model::{Email, Status, UserId};

/// Largest page the panel may ask for; the proxy refuses bigger ones.
pub const MAX_PAGE_SIZE: u32 = 100;
/// Search results can be paged up to this row, no further (`start + limit` ≤ this):
/// Elasticsearch's default `max_result_window`, which FusionAuth's search uses.
pub const MAX_START: u32 = 10_000;

/// Every request lockdesk can make to a provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Operation {
    GetUser {
        id: UserId,
    },
    FindUserByEmail {
        email: Email,
    },
    /// `query` is the already-checked text fragment; `start` and `limit` page through results.
    SearchUsers {
        query: String,
        start: u32,
        limit: u32,
    },
    DeactivateUser {
        id: UserId,
    },
    ReactivateUser {
        id: UserId,
    },
    DeleteUser {
        id: UserId,
    },
    SignOutEverywhere {
        id: UserId,
    },
}

/// What an operator is trusted to do on a connection. Ordered: each role includes the ones below.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Viewer,
    Helpdesk,
    Admin,
}

/// The role a per-connection role map grants on `connection`: its own entry, else `"*"`.
/// The proxy enforces with this and the panel greys out with it, so both read the map alike.
pub fn role_on(roles: &std::collections::HashMap<String, Role>, connection: &str) -> Option<Role> {
    roles.get(connection).or_else(|| roles.get("*")).copied()
}

impl Role {
    /// The role's name as in the config file: `viewer`, `helpdesk` or `admin`.
    pub fn name(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Helpdesk => "helpdesk",
            Role::Admin => "admin",
        }
    }
}

impl Operation {
    /// A stable machine name, used in audit lines and logs.
    pub fn name(&self) -> &'static str {
        match self {
            Operation::GetUser { .. } => "get_user",
            Operation::FindUserByEmail { .. } => "find_user_by_email",
            Operation::SearchUsers { .. } => "search_users",
            Operation::DeactivateUser { .. } => "deactivate_user",
            Operation::ReactivateUser { .. } => "reactivate_user",
            Operation::DeleteUser { .. } => "delete_user",
            Operation::SignOutEverywhere { .. } => "sign_out_everywhere",
        }
    }

    /// Whether the operation changes anything at the provider.
    pub fn is_mutating(&self) -> bool {
        self.required_role() > Role::Viewer
    }

    /// The least role allowed to perform it.
    pub fn required_role(&self) -> Role {
        match self {
            Operation::GetUser { .. } | Operation::FindUserByEmail { .. } | Operation::SearchUsers { .. } => {
                Role::Viewer
            }
            Operation::DeactivateUser { .. }
            | Operation::ReactivateUser { .. }
            | Operation::SignOutEverywhere { .. } => Role::Helpdesk,
            Operation::DeleteUser { .. } => Role::Admin,
        }
    }

    /// The user the operation is about, if it is about one.
    pub fn target(&self) -> Option<&UserId> {
        match self {
            Operation::GetUser { id }
            | Operation::DeactivateUser { id }
            | Operation::ReactivateUser { id }
            | Operation::DeleteUser { id }
            | Operation::SignOutEverywhere { id } => Some(id),
            Operation::FindUserByEmail { .. } | Operation::SearchUsers { .. } => None,
        }
    }
}

/// What a read taken after a change found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadBack<'a> {
    /// The person, in this status.
    Found(&'a Status),
    /// The provider says there is no such person (404).
    Gone,
    /// The read failed.
    Unreadable,
}

impl Operation {
    /// Whether `after` shows this change made (`Some(true)`), not made (`Some(false)`), or
    /// cannot tell (`None`: a read, a change nothing in the person shows, a status that says
    /// neither, no usable read, or a person who was already so `before`, since then somebody else
    /// may have made it).
    pub fn shown_by(&self, before: Option<&Status>, after: ReadBack<'_>) -> Option<bool> {
        if before.is_some_and(|b| self.reached(ReadBack::Found(b)) == Some(true)) {
            return None;
        }
        self.reached(after)
    }

    fn reached(&self, found: ReadBack<'_>) -> Option<bool> {
        match (self, found) {
            (Operation::DeactivateUser { .. }, ReadBack::Found(Status::Deactivated)) => Some(true),
            (Operation::DeactivateUser { .. }, ReadBack::Found(Status::Unknown(_))) => None,
            (Operation::DeactivateUser { .. }, ReadBack::Found(_)) => Some(false),
            (Operation::ReactivateUser { .. }, ReadBack::Found(Status::Active)) => Some(true),
            (Operation::ReactivateUser { .. }, ReadBack::Found(Status::Deactivated)) => Some(false),
            (Operation::DeleteUser { .. }, ReadBack::Gone) => Some(true),
            (Operation::DeleteUser { .. }, ReadBack::Found(_)) => Some(false),
            _ => None,
        }
    }
}

/// A change a person can ask for on the detail page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    Deactivate,
    Reactivate,
    SignOutEverywhere,
    Delete,
}

impl Action {
    /// Every action, in the order the detail page shows them.
    pub const ALL: [Action; 4] = [Action::Deactivate, Action::Reactivate, Action::SignOutEverywhere, Action::Delete];

    /// The operation that performs this action on `id`.
    pub fn operation(self, id: UserId) -> Operation {
        match self {
            Action::Deactivate => Operation::DeactivateUser { id },
            Action::Reactivate => Operation::ReactivateUser { id },
            Action::SignOutEverywhere => Operation::SignOutEverywhere { id },
            Action::Delete => Operation::DeleteUser { id },
        }
    }

    /// The button's label.
    pub fn label(self) -> &'static str {
        match self {
            Action::Deactivate => "Deactivate",
            Action::Reactivate => "Reactivate",
            Action::SignOutEverywhere => "Sign out everywhere",
            Action::Delete => "Delete permanently",
        }
    }

    /// One plain sentence saying what the action does.
    pub fn explanation(self) -> &'static str {
        match self {
            Action::Deactivate => {
                "Stops this person signing in. Their account and data are kept and can be reactivated."
            }
            Action::Reactivate => "Lets this person sign in again with their existing password.",
            Action::SignOutEverywhere => {
                "Ends this person's remembered sign-ins on every device; they must sign in again."
            }
            Action::Delete => "Removes this person and their data for good. This cannot be undone.",
        }
    }

    /// The past-tense verb for the notice after success: "Terry Example was deactivated."
    pub fn done_verb(self) -> &'static str {
        match self {
            Action::Deactivate => "deactivated",
            Action::Reactivate => "reactivated",
            Action::SignOutEverywhere => "signed out everywhere",
            Action::Delete => "deleted permanently",
        }
    }

    /// Whether the panel must ask for confirmation first.
    pub fn needs_confirmation(self) -> bool {
        matches!(self, Action::Deactivate | Action::Delete)
    }

    /// Whether the action makes sense for a user in `status`.
    pub fn applies_to(self, status: &Status) -> bool {
        match self {
            Action::Deactivate => matches!(status, Status::Active | Status::Locked | Status::Suspended),
            Action::Reactivate => matches!(status, Status::Deactivated),
            Action::SignOutEverywhere => !matches!(status, Status::Deleted),
            Action::Delete => !matches!(status, Status::Deleted),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_follow_the_damage_an_operation_can_do() {
        let id = UserId::parse("u1").unwrap();
        assert_eq!(Operation::GetUser { id: id.clone() }.required_role(), Role::Viewer);
        assert!(!Operation::GetUser { id: id.clone() }.is_mutating());
        assert_eq!(Operation::DeactivateUser { id: id.clone() }.required_role(), Role::Helpdesk);
        assert_eq!(Operation::DeleteUser { id: id.clone() }.required_role(), Role::Admin);
        assert!(Operation::SignOutEverywhere { id }.is_mutating());
        assert!(Role::Admin > Role::Helpdesk && Role::Helpdesk > Role::Viewer);
    }

    #[test]
    fn a_read_after_a_change_says_whether_it_was_made() {
        let id = UserId::parse("u1").unwrap();
        let (active, off, odd) = (Status::Active, Status::Deactivated, Status::Unknown("no active flag".into()));
        let deactivate = Operation::DeactivateUser { id: id.clone() };
        assert_eq!(deactivate.shown_by(Some(&active), ReadBack::Found(&off)), Some(true));
        assert_eq!(deactivate.shown_by(Some(&active), ReadBack::Found(&active)), Some(false));
        assert_eq!(deactivate.shown_by(None, ReadBack::Found(&off)), Some(true), "before unknown");
        assert_eq!(deactivate.shown_by(Some(&off), ReadBack::Found(&off)), None, "already so: maybe somebody else");
        assert_eq!(deactivate.shown_by(Some(&active), ReadBack::Found(&odd)), None, "a status that says neither");
        assert_eq!(deactivate.shown_by(Some(&active), ReadBack::Gone), None);
        assert_eq!(deactivate.shown_by(Some(&active), ReadBack::Unreadable), None);
        let reactivate = Operation::ReactivateUser { id: id.clone() };
        assert_eq!(reactivate.shown_by(Some(&off), ReadBack::Found(&active)), Some(true));
        assert_eq!(reactivate.shown_by(Some(&off), ReadBack::Found(&off)), Some(false));
        assert_eq!(reactivate.shown_by(Some(&off), ReadBack::Found(&odd)), None);
        assert_eq!(reactivate.shown_by(Some(&active), ReadBack::Found(&active)), None);
        let delete = Operation::DeleteUser { id: id.clone() };
        assert_eq!(delete.shown_by(Some(&active), ReadBack::Gone), Some(true));
        assert_eq!(delete.shown_by(Some(&active), ReadBack::Found(&off)), Some(false));
        let sign_out = Operation::SignOutEverywhere { id: id.clone() };
        assert_eq!(sign_out.shown_by(Some(&active), ReadBack::Found(&active)), None, "nothing in the person shows it");
        assert_eq!(Operation::GetUser { id }.shown_by(None, ReadBack::Found(&active)), None);
    }

    #[test]
    fn actions_match_the_state() {
        let offered = |s: Status| Action::ALL.into_iter().filter(|a| a.applies_to(&s)).collect::<Vec<_>>();
        assert_eq!(offered(Status::Active), [Action::Deactivate, Action::SignOutEverywhere, Action::Delete]);
        assert_eq!(offered(Status::Deactivated), [Action::Reactivate, Action::SignOutEverywhere, Action::Delete]);
        assert!(offered(Status::Deleted).is_empty());
    }
}
