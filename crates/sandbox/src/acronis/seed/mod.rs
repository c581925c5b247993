//! Acronis seed data: the named people for browser and adapter tests (the table in the parent
//! module's doc), then `generated` people from `generate`. The tenants they belong to are fixed
//! in `tenants`.
//!
//! Deterministic: it must not read the wall clock or use outside randomness, and must not hold
//! behaviour beyond building records.

mod generate;

use super::state::Person;
use super::tenants::{CUSTOMER_A, CUSTOMER_B, CUSTOMER_C, OUTSIDE, ROOT};
use super::wire::{Contact, User};

/// John Doe, the docs' example account, in the root partner tenant.
pub(crate) const JOHN: &str = "1c234e69-5469-424a-a6d1-ff5658b387a6";
/// Dora Disabled, disabled, in Customer A.
pub(crate) const DORA: &str = "2d345f70-6570-435b-b7e4-a00000000002";
/// Ivan Invited, enabled but not activated, in Customer B.
pub(crate) const IVAN: &str = "3e456a81-7681-446c-88f5-b00000000003";
/// Dean Deleted, soft-deleted, in Customer A.
pub(crate) const DEAN: &str = "4f567b92-8792-457d-99a6-c00000000004";
/// Mallory, hostile markup in both names, in Customer C.
pub(crate) const MALLORY: &str = "5a678ca3-98a3-468e-8ab7-d00000000005";
/// Otto Outside, in the tenant outside the root's tree.
pub(crate) const OTTO: &str = "6b789db4-a9b4-479f-9bc8-e00000000006";
/// Terry Example, in the root partner tenant, as in every sandbox.
pub(crate) const TERRY: &str = "7c890ec5-bac5-48a0-adc0-f00000000007";

/// The docs' identity provider id.
const IDP_ID: &str = "11111111-1111-1111-1111-111111111111";
/// The docs' example's notifications.
pub(crate) const NOTIFICATIONS: [&str; 3] = ["quota", "reports", "backup_daily_report"];

/// Every seeded Acronis person, named ones first.
pub(crate) fn people(seed: u64, generated: usize) -> Vec<Person> {
    let mut out = named();
    generate::extend(&mut out, seed, generated);
    out
}

/// An enabled, activated account with the docs' defaults (English, MFA disabled, the example's
/// notifications) and every other contact field empty.
pub(crate) fn user(id: &str, login: &str, names: (&str, &str), email: &str, tenant: &str, version: u64) -> User {
    User {
        id: id.into(),
        version,
        tenant_id: tenant.into(),
        login: login.into(),
        contact: Contact {
            email: email.into(),
            firstname: names.0.into(),
            lastname: names.1.into(),
            phone: String::new(),
            address1: String::new(),
            address2: String::new(),
            city: String::new(),
            country: String::new(),
            state: String::new(),
            zipcode: String::new(),
        },
        activated: true,
        enabled: true,
        terms_accepted: true,
        created_at: "2019-07-25T07:11:02.807354+00:00".into(),
        language: "en".into(),
        idp_id: IDP_ID.into(),
        personal_tenant_id: None,
        notifications: NOTIFICATIONS.iter().map(|n| n.to_string()).collect(),
        mfa_status: "disabled".into(),
        business_types: vec![],
    }
}

fn live(user: User) -> Person {
    Person { user, deleted: false }
}

fn named() -> Vec<Person> {
    let mut john = user(JOHN, "JohnDoe", ("John", "Doe"), "johndoe@mysite.com", ROOT, 1);
    john.terms_accepted = false; // as in the docs' example

    let mut dora = user(DORA, "dora.disabled", ("Dora", "Disabled"), "dora.disabled@example.com", CUSTOMER_A, 4);
    dora.enabled = false;
    dora.mfa_status = "enabled".into();
    dora.created_at = "2020-03-14T09:26:53.589793+00:00".into();

    let mut ivan = user(IVAN, "ivan.invited", ("Ivan", "Invited"), "ivan.invited@example.com", CUSTOMER_B, 2);
    ivan.activated = false;
    ivan.terms_accepted = false;
    ivan.created_at = "2025-11-02T16:45:00.000000+00:00".into();

    let mut dean = user(DEAN, "dean.deleted", ("Dean", "Deleted"), "dean.deleted@example.com", CUSTOMER_A, 9);
    dean.enabled = false;
    dean.created_at = "2021-01-05T12:00:00.000000+00:00".into();

    let names = ("<img src=x onerror=alert(1)>", "<script>alert(1)</script>");
    let mut mallory = user(MALLORY, "mallory", names, "mallory@example.com", CUSTOMER_C, 3);
    mallory.mfa_status = "setup_required".into();

    let otto = user(OTTO, "otto.outside", ("Otto", "Outside"), "otto.outside@example.com", OUTSIDE, 1);

    let terry = user(TERRY, "terry", ("Terry", "Example"), "terry@example.com", ROOT, 1);

    let mut out: Vec<Person> = [john, dora, ivan].into_iter().map(live).collect();
    out.push(Person { user: dean, deleted: true });
    out.extend([mallory, otto, terry].into_iter().map(live));
    out
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::acronis::tenants::{tenant, within};
    use crate::codec::is_lower_uuid;

    #[test]
    fn seeds_are_unique_deterministic_and_mixed() {
        let all = people(3, 520);
        assert_eq!(all.len(), 527);
        let ids: HashSet<_> = all.iter().map(|p| p.user.id.clone()).collect();
        let logins: HashSet<_> = all.iter().map(|p| p.user.login.to_lowercase()).collect();
        let emails: HashSet<_> = all.iter().map(|p| p.user.contact.email.to_lowercase()).collect();
        assert_eq!((ids.len(), logins.len(), emails.len()), (all.len(), all.len(), all.len()));
        for p in &all {
            let u = &p.user;
            assert!(is_lower_uuid(&u.id), "{}", u.id);
            assert!(tenant(&u.tenant_id).is_some(), "{}", u.tenant_id);
            assert!(["disabled", "enabled", "setup_required"].contains(&u.mfa_status.as_str()));
            assert!(!p.deleted || !u.enabled, "deleted people are disabled: {}", u.login);
        }
        let generated = &all[7..];
        for p in generated {
            let u = &p.user;
            assert!(u.contact.email.ends_with("@example.com") && (1..=50).contains(&u.version), "{u:?}");
            assert!(u.tenant_id != ROOT);
        }
        let count = |f: &dyn Fn(&Person) -> bool| generated.iter().filter(|p| f(p)).count();
        let fine = count(&|p| !p.deleted && p.user.enabled && p.user.activated);
        let disabled = count(&|p| !p.deleted && !p.user.enabled);
        let invited = count(&|p| !p.deleted && !p.user.activated);
        let deleted = count(&|p| p.deleted);
        assert!((340..=440).contains(&fine), "{fine}");
        assert!((30..=80).contains(&disabled), "{disabled}");
        assert!((30..=80).contains(&invited), "{invited}");
        assert!((10..=45).contains(&deleted), "{deleted}");
        let outside = count(&|p| !within(&p.user.tenant_id, ROOT));
        assert!((5..=50).contains(&outside), "{outside}");
        for t in [CUSTOMER_A, CUSTOMER_B, CUSTOMER_C] {
            assert!(count(&|p| p.user.tenant_id == t) > 120, "{t}");
        }
        let json = |seed| {
            serde_json::to_string(&people(seed, 50).iter().map(|p| (&p.user, p.deleted)).collect::<Vec<_>>()).unwrap()
        };
        assert_eq!(json(3), json(3));
        assert_ne!(json(3), json(4));
        assert_eq!(people(3, 0).len(), 7);
    }
}
