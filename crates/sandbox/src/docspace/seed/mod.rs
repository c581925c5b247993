//! DocSpace seed data: the named people for browser and adapter tests (the table in the parent
//! module's doc), then `generated` people from `generate`; also the person builder the create
//! route shares ([`employee`], [`with_type`]).
//!
//! Deterministic: it must not read the wall clock or use outside randomness, and must not hold
//! behaviour beyond building records.

mod generate;

use super::clock::date;
use super::state::Person;
use super::wire::{Employee, ACTIVATION_PENDING, PENDING, TERMINATED};

/// Mike Zanyatski, the spec's example person.
pub(crate) const MIKE: &str = "046b6c7f-0b8a-43b9-b35d-6489e6daee91";
/// John Doe, the seed tutorial's user.
pub(crate) const JOHN: &str = "d0c5face-0000-4000-8000-000000000001";
/// Terry Example, seeded by every sandbox.
pub(crate) const TERRY: &str = "d0c5face-0000-4000-8000-000000000002";
/// Olivia Owner, the portal owner.
pub(crate) const OLIVIA: &str = "d0c5face-0000-4000-8000-000000000003";
/// Tina Terminated.
pub(crate) const TINA: &str = "d0c5face-0000-4000-8000-000000000004";
/// Pete Pending, invited and never joined.
pub(crate) const PETE: &str = "d0c5face-0000-4000-8000-000000000005";
/// Mallory, hostile markup in both names and the title.
pub(crate) const MALLORY: &str = "d0c5face-0000-4000-8000-000000000006";

/// `EmployeeType` values a person can be created with: 1 room admin, 2 guest, 3 DocSpace
/// admin, 4 user (0, "All", is only a filter).
pub(crate) const TYPES: [u8; 4] = [1, 2, 3, 4];

/// Every seeded DocSpace person, named ones first.
pub(crate) fn people(seed: u64, generated: usize) -> Vec<Person> {
    let mut out: Vec<Person> = named().into_iter().map(Person::new).collect();
    generate::extend(&mut out, seed, generated);
    out
}

/// An Active, activated user (type 4: every role flag false) with no department or title,
/// registered at `registered_ms`.
pub(crate) fn employee(id: &str, user_name: &str, names: (&str, &str), email: &str, registered_ms: i64) -> Employee {
    let user_name_in_url: String = form_urlencoded::byte_serialize(user_name.as_bytes()).collect();
    Employee {
        id: id.into(),
        user_name: user_name.into(),
        first_name: names.0.into(),
        last_name: names.1.into(),
        display_name: format!("{} {}", names.0, names.1),
        email: email.into(),
        status: super::wire::ACTIVE,
        activation_status: super::wire::ACTIVATED,
        is_admin: false,
        is_owner: false,
        is_ldap: false,
        is_sso: false,
        is_visitor: false,
        is_room_admin: false,
        is_collaborator: false,
        department: None,
        title: None,
        terminated: None,
        registration_date: date(registered_ms),
        profile_url: format!("/accounts/view/{user_name_in_url}"),
        has_avatar: false,
        is_anonim: false,
    }
}

/// `person` with the role flags of `EmployeeType` `kind` (3 admin, 1 room admin, 2 guest; 4 and
/// anything else: none).
pub(crate) fn with_type(mut person: Employee, kind: u8) -> Employee {
    person.is_admin = kind == 3;
    person.is_room_admin = kind == 1;
    person.is_visitor = kind == 2;
    person
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

fn named() -> Vec<Employee> {
    let mut mike =
        with_type(employee(MIKE, "Mike.Zanyatski", ("Mike", "Zanyatski"), "my@gmail.com", 1_712_730_600_000), 1);
    mike.department = s("Marketing");
    mike.title = s("Manager");

    let john = employee(JOHN, "john.doe", ("John", "Doe"), "john.doe@example.com", 1_676_365_200_000);
    let terry = employee(TERRY, "terry", ("Terry", "Example"), "terry@example.com", 1_654_070_400_000);

    let names = ("Olivia", "Owner");
    let mut olivia =
        with_type(employee(OLIVIA, "olivia.owner", names, "olivia.owner@example.com", 1_615_809_600_000), 3);
    olivia.is_owner = true;
    olivia.department = s("Management");
    olivia.title = s("Chief Executive Officer");

    let names = ("Tina", "Terminated");
    let mut tina = employee(TINA, "tina.terminated", names, "tina.terminated@example.com", 1_730_802_000_000);
    tina.status = TERMINATED;
    tina.terminated = Some(date(1_759_251_600_000));
    tina.department = s("Sales");

    let names = ("Pete", "Pending");
    let mut pete = employee(PETE, "pete.pending", names, "pete.pending@example.com", 1_763_649_900_000);
    pete.status = PENDING;
    pete.activation_status = ACTIVATION_PENDING;

    let names = ("<img src=x onerror=alert(1)>", r#""><script>alert(2)</script>"#);
    let mut mallory = employee(MALLORY, "mallory", names, "mallory@example.com", 1_736_220_780_000);
    mallory.title = s("javascript:alert(3)");

    vec![mike, john, terry, olivia, tina, pete, mallory]
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::codec::is_lower_uuid;
    use crate::docspace::wire::{ACTIVATED, ACTIVE};

    #[test]
    fn seeds_are_unique_deterministic_and_mixed() {
        let all = people(3, 520);
        assert_eq!(all.len(), 527);
        let ids: HashSet<_> = all.iter().map(|p| p.user.id.clone()).collect();
        let emails: HashSet<_> = all.iter().map(|p| p.user.email.to_lowercase()).collect();
        let names: HashSet<_> = all.iter().map(|p| p.user.user_name.to_lowercase()).collect();
        assert_eq!((ids.len(), emails.len(), names.len()), (all.len(), all.len(), all.len()));
        assert_eq!(all.iter().filter(|p| p.user.is_owner).count(), 1, "one owner");
        for p in &all {
            let u = &p.user;
            assert!(is_lower_uuid(&u.id), "{}", u.id);
            assert_eq!(u.terminated.is_some(), u.status == TERMINATED, "{}", u.id);
            assert!(!p.deleted && !p.pending_before_termination);
        }
        let generated = &all[7..];
        let count = |status| generated.iter().filter(|p| p.user.status == status).count();
        let (active, terminated, pending) = (count(ACTIVE), count(TERMINATED), count(PENDING));
        assert!((400..=490).contains(&active), "{active}");
        assert!((30..=80).contains(&terminated), "{terminated}");
        assert!((10..=45).contains(&pending), "{pending}");
        for p in generated {
            let u = &p.user;
            assert!(u.email.ends_with("@example.com") && u.email.starts_with(&u.user_name), "{}", u.email);
            assert_eq!(u.status == PENDING, u.activation_status == ACTIVATION_PENDING, "{}", u.id);
            assert!(u.status == PENDING || u.activation_status == ACTIVATED);
            assert!(!u.is_owner && u.department.is_some());
        }
        let json = |seed| serde_json::to_string(&people(seed, 50).iter().map(|p| &p.user).collect::<Vec<_>>()).unwrap();
        assert_eq!(json(3), json(3));
        assert_ne!(json(3), json(4));
        assert_eq!(people(3, 0).len(), 7);
    }
}
