//! Genesys seed data: the four divisions (fixed UUIDs), the named people for browser and adapter
//! tests (the table in the parent module's doc), then `generated` people from `generate`.
//!
//! Deterministic: it must not read the wall clock or use outside randomness, and must not hold
//! behaviour beyond building records.

mod generate;

use super::state::GenesysRecord;
use super::wire::{Contact, DivisionRef, User, UserRef, UserState};

/// One division: its fixed id and name.
pub(crate) struct Division {
    /// A fixed v4-shaped UUID.
    pub(crate) id: &'static str,
    /// Its name.
    pub(crate) name: &'static str,
}

/// Every division, Home first.
pub(crate) const DIVISIONS: [Division; 4] = [
    Division { id: "5f2a8c1e-3b7d-4e9a-8c2f-1d6b4a9e0c11", name: "Home" },
    Division { id: "8b3e6d2a-9c1f-4a7b-b5e8-2f4c7a1d9e22", name: "Sales" },
    Division { id: "c4d9a7e1-6f2b-4d3c-9a8e-5b1f3c7d2a33", name: "Support" },
    Division { id: "e7a1f3c9-2d8b-4b6e-a4c1-9e5d2b8f6c44", name: "Engineering" },
];

/// John Doe, active, managed by Irene.
pub(crate) const JOHN: &str = "12345678-1234-1234-1234-123456789abc";
/// Irene Adler, inactive.
pub(crate) const IRENE: &str = "22222222-2222-4222-8222-222222222222";
/// Dana Deleted, soft-deleted.
pub(crate) const DANA: &str = "33333333-3333-4333-8333-333333333333";
/// Mallory, hostile markup in name, title and department.
pub(crate) const MALLORY: &str = "44444444-4444-4444-8444-444444444444";
/// Una Unknown, in the non-Genesys state `suspended`.
pub(crate) const UNA: &str = "55555555-5555-4555-8555-555555555555";
/// Sam Sales, active, in the Sales division.
pub(crate) const SAM: &str = "66666666-6666-4666-8666-666666666666";
/// Terry Example, active, as in every sandbox.
pub(crate) const TERRY: &str = "7e44a1b0-0000-4000-8000-000000000007";

/// Every seeded Genesys record, named ones first.
pub(crate) fn records(seed: u64, generated: usize) -> Vec<GenesysRecord> {
    let mut out = named();
    generate::extend(&mut out, seed, generated);
    out
}

/// The division's embedded reference (`index` into [`DIVISIONS`]).
pub(crate) fn division(index: usize) -> DivisionRef {
    let d = &DIVISIONS[index % DIVISIONS.len()];
    DivisionRef { id: d.id.into(), name: d.name.into(), self_uri: format!("/api/v2/authorization/divisions/{}", d.id) }
}

/// A manager reference to `boss`.
pub(crate) fn manager(boss: &User) -> UserRef {
    UserRef { id: boss.id.clone(), name: boss.name.clone(), version: boss.version }
}

/// A user with only the required fields: username and primary contact are the email.
pub(crate) fn user(id: &str, name: &str, email: &str, state: UserState, version: u64, division_index: usize) -> User {
    User {
        id: id.into(),
        name: name.into(),
        division: division(division_index),
        email: email.into(),
        state,
        version,
        username: email.into(),
        department: None,
        title: None,
        manager: None,
        date_last_login: None,
        primary_contact_info: vec![Contact {
            address: email.into(),
            media_type: "EMAIL".into(),
            contact_type: "PRIMARY".into(),
        }],
        addresses: vec![],
    }
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

/// Division indexes into [`DIVISIONS`].
const HOME: usize = 0;
const SALES: usize = 1;
const SUPPORT: usize = 2;
const ENGINEERING: usize = 3;

fn named() -> Vec<GenesysRecord> {
    let mut john = user(JOHN, "John Doe", "john.doe@example.com", UserState::Active, 3, HOME);
    john.department = s("Sales");
    john.title = s("Sales Representative");
    john.date_last_login = s("2026-11-28T09:15:00.000Z");

    let mut irene = user(IRENE, "Irene Adler", "irene.adler@example.com", UserState::Inactive, 7, SUPPORT);
    irene.department = s("Support");
    irene.title = s("Support Lead");
    irene.date_last_login = s("2025-06-02T17:40:12.000Z");
    john.manager = Some(manager(&irene));

    let dana = user(DANA, "Dana Deleted", "dana.deleted@example.com", UserState::Deleted, 5, HOME);

    let mut sam = user(SAM, "Sam Sales", "sam.sales@example.com", UserState::Active, 1, SALES);
    sam.department = s("Sales");
    sam.title = s("Account Executive");

    let name = "<img src=x onerror=alert(1)> Mallory";
    let mut mallory = user(MALLORY, name, "mallory@example.com", UserState::Active, 2, HOME);
    mallory.title = s("<script>alert(1)</script>");
    mallory.department = s(r#""}]);alert(1)//"#);

    let una = user(UNA, "Una Unknown", "una.unknown@example.com", UserState::Suspended, 1, ENGINEERING);

    let terry = user(TERRY, "Terry Example", "terry@example.com", UserState::Active, 1, HOME);

    [john, irene, dana, sam, mallory, una, terry].into_iter().map(GenesysRecord::new).collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::codec::is_uuid;

    #[test]
    fn seeds_are_unique_deterministic_and_mixed() {
        let all = records(3, 500);
        assert_eq!(all.len(), 507);
        let ids: HashSet<_> = all.iter().map(|r| r.user.id.clone()).collect();
        let emails: HashSet<_> = all.iter().map(|r| r.user.email.to_lowercase()).collect();
        assert_eq!((ids.len(), emails.len()), (all.len(), all.len()));
        for r in &all[7..] {
            let u = &r.user;
            assert!(is_uuid(&u.id) && u.id == u.id.to_lowercase() && &u.id[14..15] == "4", "{}", u.id);
            assert!(u.email.ends_with("@example.com") && u.username == u.email, "{}", u.email);
            assert!((1..=20).contains(&u.version));
            if let Some(m) = &u.manager {
                assert!(ids.contains(&m.id));
            }
        }
        let count = |state| all[7..].iter().filter(|r| r.user.state == state).count();
        let (active, inactive, deleted) =
            (count(UserState::Active), count(UserState::Inactive), count(UserState::Deleted));
        assert!((340..=460).contains(&active), "{active}");
        assert!((40..=120).contains(&inactive), "{inactive}");
        assert!((8..=45).contains(&deleted), "{deleted}");
        for d in &DIVISIONS {
            assert!(all[7..].iter().filter(|r| r.user.division.name == d.name).count() > 80, "{}", d.name);
        }
        let json =
            |seed| serde_json::to_string(&records(seed, 50).iter().map(|r| &r.user).collect::<Vec<_>>()).unwrap();
        assert_eq!(json(3), json(3));
        assert_ne!(json(3), json(4));
        assert_eq!(records(3, 0).len(), 7);
    }
}
