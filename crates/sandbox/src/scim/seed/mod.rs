//! SCIM seed data: the named users for browser and adapter tests (the table in the parent
//! module's doc), then `generated` users from `generate`; also the user builders they share
//! ([`user`], [`with_enterprise`]).
//!
//! Deterministic: it must not read the wall clock or use outside randomness, and must not hold
//! behaviour beyond building records.

mod generate;

use super::state::Person;
use super::wire::{Email, Enterprise, Manager, Name, User, ENTERPRISE_SCHEMA, USER_SCHEMA};

/// Barbara Jensen, RFC 7643's example user (§8.2).
pub(crate) const BJENSEN: &str = "2819c223-7f76-453a-919d-413861904646";
/// Terry Example, seeded by every sandbox.
pub(crate) const TERRY: &str = "5c1e7a00-0000-4000-8000-000000000002";
/// Irene Inactive.
pub(crate) const IRENE: &str = "5c1e7a00-0000-4000-8000-000000000003";
/// Mallory, hostile markup in both names and the title.
pub(crate) const MALLORY: &str = "5c1e7a00-0000-4000-8000-000000000004";
/// Quinn O'Neil, whose userName holds a double quote and an apostrophe.
pub(crate) const QUINN: &str = "5c1e7a00-0000-4000-8000-000000000005";

/// Every seeded SCIM user, named ones first.
pub(crate) fn people(seed: u64, generated: usize) -> Vec<Person> {
    let mut out = named();
    generate::extend(&mut out, seed, generated);
    out
}

/// An active user without externalId, title or enterprise extension: `name` with `formatted`
/// "Given Family", the same `displayName`, one work email (primary).
pub(crate) fn user(id: &str, user_name: &str, (given, family): (&str, &str), email: &str) -> User {
    let formatted = format!("{given} {family}");
    User {
        schemas: vec![USER_SCHEMA.into()],
        id: id.into(),
        external_id: None,
        user_name: user_name.into(),
        name: Some(Name {
            formatted: Some(formatted.clone()),
            family_name: Some(family.into()),
            given_name: Some(given.into()),
        }),
        display_name: Some(formatted),
        emails: vec![Email { value: email.into(), kind: "work".into(), primary: true }],
        active: true,
        title: None,
        enterprise: None,
        meta: None,
    }
}

/// `user` with the enterprise extension (and its schema URN).
pub(crate) fn with_enterprise(mut user: User, enterprise: Enterprise) -> User {
    user.schemas = vec![USER_SCHEMA.into(), ENTERPRISE_SCHEMA.into()];
    user.enterprise = Some(enterprise);
    user
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

fn named() -> Vec<Person> {
    let mut babs = user(BJENSEN, "bjensen", ("Barbara", "Jensen"), "bjensen@example.com");
    babs.external_id = s("bjensen");
    if let Some(name) = babs.name.as_mut() {
        name.formatted = s("Ms. Barbara J Jensen, III");
    }
    babs.display_name = s("Babs Jensen");
    babs.title = s("Tour Guide");
    let manager = Manager { value: "26118915-6090-4610-87e4-49d8ca9f808d".into(), display_name: s("John Smith") };
    let babs = with_enterprise(
        babs,
        Enterprise { employee_number: s("701984"), department: s("Tour Operations"), manager: Some(manager) },
    );

    let terry = user(TERRY, "terry", ("Terry", "Example"), "terry@example.com");
    let mut irene = user(IRENE, "irene.inactive", ("Irene", "Inactive"), "irene.inactive@example.com");
    irene.active = false;
    let names = ("<img src=x onerror=alert(1)>", r#""><script>alert(2)</script>"#);
    let mut mallory = user(MALLORY, "mallory", names, "mallory@example.com");
    mallory.title = s("javascript:alert(3)");
    let quinn = user(QUINN, r#"o'neil "quote""#, ("Quinn", "O'Neil"), "quinn.o.neil@example.com");

    vec![
        Person::new(babs, 1_264_222_582_000, 1_305_261_754_000),
        Person::new(terry, 1_654_070_400_000, 1_654_070_400_000),
        Person::new(irene, 1_700_000_000_000, 1_750_000_000_000),
        Person::new(mallory, 1_736_220_780_000, 1_736_220_780_000),
        Person::new(quinn, 1_740_000_000_000, 1_740_000_000_000),
    ]
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::codec::is_lower_uuid;

    #[test]
    fn seeds_are_unique_deterministic_and_mixed() {
        let all = people(3, 520);
        assert_eq!(all.len(), 525);
        let ids: HashSet<_> = all.iter().map(|p| p.user.id.clone()).collect();
        let names: HashSet<_> = all.iter().map(|p| p.user.user_name.to_lowercase()).collect();
        let emails: HashSet<_> = all.iter().map(|p| p.user.emails[0].value.to_lowercase()).collect();
        assert_eq!((ids.len(), names.len(), emails.len()), (525, 525, 525));
        for p in &all {
            let u = &p.user;
            assert!(is_lower_uuid(&u.id), "{}", u.id);
            assert_eq!(u.enterprise.is_some(), u.schemas.len() == 2, "{}", u.id);
            assert!(p.version == 1 && !p.deleted && p.created_ms <= p.modified_ms);
        }
        let generated = &all[5..];
        let inactive = generated.iter().filter(|p| !p.user.active).count();
        let enterprise = generated.iter().filter(|p| p.user.enterprise.is_some()).count();
        assert!((25..=85).contains(&inactive), "{inactive}");
        assert!((200..=320).contains(&enterprise), "{enterprise}");
        for p in generated {
            let u = &p.user;
            assert_eq!(u.emails[0].value, format!("{}@example.com", u.user_name));
            assert!(u.external_id.is_none());
        }
        let json = |seed| serde_json::to_string(&people(seed, 50).iter().map(|p| &p.user).collect::<Vec<_>>()).unwrap();
        assert_eq!(json(3), json(3));
        assert_ne!(json(3), json(4));
        assert_eq!(people(3, 0).len(), 5);
    }
}
