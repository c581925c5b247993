//! The table of operations lockdesk knows. The panel builds requests from it; the proxy recognises
//! incoming requests against it and refuses anything else.
//!
//! An `Operation` is provider-neutral; each adapter maps it to its own method, path and body. This
//! module holds no wire formats, and the roles of the one operation table live here, not in any
//! adapter.

use serde::{Deserialize, Serialize};

use crate::action::Action;
use crate::create::NewPerson;
use crate::model::{Email, PageToken, Precondition, Status, StatusKind, UserId};

/// Largest page the panel may ask for; the proxy refuses bigger ones.
pub const MAX_PAGE_SIZE: u32 = 100;

/// Every request lockdesk can make to a provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Operation {
    GetUser {
        id: UserId,
    },
    /// A person the provider keeps after a soft delete, which its plain read no longer finds
    /// (offered by adapters whose `reads_deleted` says so).
    GetDeletedUser {
        id: UserId,
    },
    FindUserByEmail {
        email: Email,
    },
    /// `query` is the already-checked text; `page` is where to start (`None`: the first page).
    SearchUsers {
        query: String,
        page: Option<PageToken>,
        limit: u32,
    },
    /// One change to one person: one step of an action's plan.
    Change(Change),
    /// A new person (offered by adapters whose `person_types` is not empty).
    CreateUser {
        person: NewPerson,
    },
}

/// One change to one person's account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub action: Action,
    pub id: UserId,
    /// From the last read, for providers that check it (a version, an entity tag).
    pub precondition: Option<Precondition>,
    /// Let the provider email the person (an activation link). Off: the panel shows the link once.
    pub notify: bool,
}

impl Change {
    /// `action` on `id`, with no precondition and no email.
    pub fn new(action: Action, id: UserId) -> Change {
        Change { action, id, precondition: None, notify: false }
    }
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
            Operation::GetDeletedUser { .. } => "get_deleted_user",
            Operation::FindUserByEmail { .. } => "find_user_by_email",
            Operation::SearchUsers { .. } => "search_users",
            Operation::Change(c) => c.action.operation_name(),
            Operation::CreateUser { .. } => "create_user",
        }
    }

    /// Whether the operation changes anything at the provider (declared, not derived from roles).
    pub fn is_mutating(&self) -> bool {
        match self {
            Operation::GetUser { .. }
            | Operation::GetDeletedUser { .. }
            | Operation::FindUserByEmail { .. }
            | Operation::SearchUsers { .. } => false,
            Operation::Change(_) | Operation::CreateUser { .. } => true,
        }
    }

    /// The least role allowed to perform it.
    pub fn required_role(&self) -> Role {
        match self {
            Operation::GetUser { .. }
            | Operation::GetDeletedUser { .. }
            | Operation::FindUserByEmail { .. }
            | Operation::SearchUsers { .. } => Role::Viewer,
            Operation::Change(c) => c.action.required_role(),
            // A new account is a new way in: as weighty as deleting one.
            Operation::CreateUser { .. } => Role::Admin,
        }
    }

    /// The user the operation is about, if it is about one.
    pub fn target(&self) -> Option<&UserId> {
        match self {
            Operation::GetUser { id } | Operation::GetDeletedUser { id } | Operation::Change(Change { id, .. }) => {
                Some(id)
            }
            Operation::FindUserByEmail { .. } | Operation::SearchUsers { .. } | Operation::CreateUser { .. } => None,
        }
    }

    /// The change, if this operation is one.
    pub fn change(&self) -> Option<&Change> {
        match self {
            Operation::Change(c) => Some(c),
            _ => None,
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

/// Whether `found` shows `action` made (`Some(true)`), not made (`Some(false)`), or cannot tell,
/// by the usual meaning of each action. Adapters whose states say more (or less) override
/// `IdentityProvider::reached`.
pub fn usual_reached(action: Action, found: ReadBack<'_>) -> Option<bool> {
    use StatusKind as K;
    let status = match found {
        ReadBack::Gone => return matches!(action, Action::DeletePermanently).then_some(true),
        ReadBack::Unreadable => return None,
        ReadBack::Found(status) => status,
    };
    if let K::Unknown(_) = status.kind {
        return None;
    }
    // The provider accepted it and is still at it: made, as far as lockdesk can tell.
    let heading = |kind: &K| status.transitioning_to.as_ref() == Some(kind);
    let is = |kind: K| status.kind == kind || heading(&kind);
    match action {
        Action::Deactivate => Some(is(K::Deactivated)),
        Action::Reactivate | Action::Unsuspend | Action::Restore => Some(is(K::Active)),
        Action::Suspend => Some(is(K::Suspended)),
        Action::Unlock => Some(!matches!(status.kind, K::LockedOut) || is(K::Active)),
        Action::Delete => Some(is(K::DeletedRestorable)),
        Action::DeletePermanently => Some(false),
        // Activated people may be Active or still Not yet activated (awaiting their own step).
        Action::Activate if is(K::Active) => Some(true),
        Action::Activate if status.kind == K::Deactivated && status.transitioning_to.is_none() => Some(false),
        Action::Activate => None,
        Action::ResetFactors | Action::SignOutEverywhere => None,
    }
}

/// Whether `after` shows `change` made, not made, or cannot tell — the rule the proxy and the
/// panel both apply, with `reached` the adapter's reading of one status. A person who was already
/// so `before` proves nothing: somebody else may have made it.
pub fn shown_by(
    reached: impl Fn(Action, ReadBack<'_>) -> Option<bool>,
    change: &Change,
    before: Option<&Status>,
    after: ReadBack<'_>,
) -> Option<bool> {
    if before.is_some_and(|b| reached(change.action, ReadBack::Found(b)) == Some(true)) {
        return None;
    }
    reached(change.action, after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(action: Action) -> Change {
        Change::new(action, UserId::parse("u1").unwrap())
    }

    #[test]
    fn roles_follow_the_damage_an_operation_can_do() {
        let id = UserId::parse("u1").unwrap();
        assert_eq!(Operation::GetUser { id: id.clone() }.required_role(), Role::Viewer);
        assert!(!Operation::GetUser { id }.is_mutating());
        for action in Action::ALL {
            let op = Operation::Change(change(action));
            assert!(op.is_mutating(), "{action:?}");
            let expected = match action {
                Action::Delete | Action::DeletePermanently => Role::Admin,
                _ => Role::Helpdesk,
            };
            assert_eq!(op.required_role(), expected, "{action:?}");
        }
        let person = crate::create::NewPerson::parse(
            "ada@example.com",
            "Ada",
            "Lovelace",
            "4",
            &[crate::create::PersonType { code: "4", label: "User", hint: "", admin: false }],
        )
        .unwrap();
        let create = Operation::CreateUser { person };
        assert!(create.is_mutating() && create.target().is_none());
        assert_eq!((create.required_role(), create.name()), (Role::Admin, "create_user"));
        assert!(Role::Admin > Role::Helpdesk && Role::Helpdesk > Role::Viewer);
    }

    #[test]
    fn a_read_after_a_change_says_whether_it_was_made() {
        let s = |k: StatusKind| Status::new(k, "raw");
        let (active, off, odd) =
            (s(StatusKind::Active), s(StatusKind::Deactivated), s(StatusKind::Unknown("?".into())));
        let shown = |a: Action, before: Option<&Status>, after| shown_by(usual_reached, &change(a), before, after);
        let found = ReadBack::Found;
        assert_eq!(shown(Action::Deactivate, Some(&active), found(&off)), Some(true));
        assert_eq!(shown(Action::Deactivate, Some(&active), found(&active)), Some(false));
        assert_eq!(shown(Action::Deactivate, None, found(&off)), Some(true), "before unknown");
        assert_eq!(shown(Action::Deactivate, Some(&off), found(&off)), None, "already so: maybe somebody else");
        assert_eq!(shown(Action::Deactivate, Some(&active), found(&odd)), None, "a status that says neither");
        assert_eq!(shown(Action::Deactivate, Some(&active), ReadBack::Gone), None);
        assert_eq!(shown(Action::Deactivate, Some(&active), ReadBack::Unreadable), None);
        assert_eq!(shown(Action::Reactivate, Some(&off), found(&active)), Some(true));
        assert_eq!(shown(Action::Reactivate, Some(&off), found(&off)), Some(false));
        assert_eq!(shown(Action::Reactivate, Some(&off), found(&odd)), None);
        assert_eq!(shown(Action::Reactivate, Some(&active), found(&active)), None);
        assert_eq!(shown(Action::DeletePermanently, Some(&active), ReadBack::Gone), Some(true));
        assert_eq!(shown(Action::DeletePermanently, Some(&active), found(&off)), Some(false));
        assert_eq!(shown(Action::SignOutEverywhere, Some(&active), found(&active)), None, "nothing shows it");
        let mut going = active.clone();
        going.transitioning_to = Some(StatusKind::Deactivated);
        assert_eq!(shown(Action::Deactivate, Some(&active), found(&going)), Some(true), "accepted, under way");
    }
}
