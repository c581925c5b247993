//! FusionAuth seed data: Terry Example (FusionAuth's Python-client tutorial), John Doe
//! (FusionAuth's API docs example), a user with hostile profile text and `generated` users drawn
//! from the shared SplitMix64 (see [`crate::seed`]), all deterministic: same seed → byte-identical
//! users. It must not read the wall clock or any outside randomness; "recent" is measured from the
//! fixed [`REFERENCE_INSTANT`].

use std::collections::HashSet;

mod generate;

use super::wire::{RefreshToken, User, UserRegistration};
use super::Record;
use crate::seed::{SplitMix64, DAY, REFERENCE_INSTANT};

/// Off because the spec's `ZoneId` pattern (`^w+/w+$`) rejects real zone ids; see `wire`.
pub(crate) const EMIT_TIMEZONES: bool = false;
pub(crate) const TERRY_TENANT: &str = "31626131-3938-6231-3634-663636656635";
pub(crate) const TERRY_APP: &str = "55e36f88-f3ba-4423-8b70-80232c7de8ad";

/// Applications generated users are registered to (Terry's first).
#[rustfmt::skip]
pub(super) const APPS: [&str; 4] = [
    TERRY_APP, "6f1e3b2a-9c4d-4e8f-a1b2-c3d4e5f60718", "a8b7c6d5-e4f3-4a21-9b0c-1d2e3f405162",
    "0f9e8d7c-6b5a-4493-8271-605f4e3d2c1b",
];

/// Application roles.
pub(super) const ROLES: [&str; 5] = ["user", "admin", "support", "billing", "viewer"];

/// `preferredLanguages` choices, English-weighted.
#[rustfmt::skip]
pub(super) const LANGUAGES: [&[&str]; 8] =
    [&["en"], &["en"], &["en"], &["fr", "en"], &["de"], &["es"], &["pt_BR"], &["ja"]];

/// Time zones (only emitted if `EMIT_TIMEZONES` is turned on).
pub(super) const ZONES: [&str; 5] =
    ["America/New_York", "Europe/Berlin", "Asia/Tokyo", "Africa/Lagos", "Pacific/Auckland"];

/// The seeded records: Terry, John, a user with hostile profile text, then `generated` users from `seed`.
pub(crate) fn records(seed: u64, generated: usize) -> Vec<Record> {
    let mut out = vec![terry(), john(), hostile()];
    let mut emails: HashSet<String> = out.iter().filter_map(|r| r.user.email.clone()).collect();
    let mut usernames: HashSet<String> = out.iter().filter_map(|r| r.user.username.clone()).collect();
    let mut rng = SplitMix64(seed);
    for _ in 0..generated {
        out.push(generate::user(&mut rng, &mut emails, &mut usernames));
    }
    out
}

pub(crate) fn zone(name: &str) -> Option<String> {
    EMIT_TIMEZONES.then(|| name.to_string())
}

pub(crate) fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

pub(crate) fn token(id: &str, app: &str, tenant: &str, user: &str, instant: i64) -> RefreshToken {
    let (id, application_id, tenant_id, user_id) = (id.into(), app.into(), tenant.into(), user.into());
    RefreshToken { id, application_id, insert_instant: instant, start_instant: instant, tenant_id, user_id }
}

/// As in the tutorial's reactivate output (its obsolete twoFactorEnabled/twoFactorDelivery left out).
fn terry() -> Record {
    let id = "4e0f2af0-33a2-4001-8631-0f8225e65f1c";
    let registration = UserRegistration {
        id: "d449fca4-1a75-4967-ab19-5a55f8fe9507".into(),
        application_id: TERRY_APP.into(),
        insert_instant: Some(1_570_145_686_702),
        last_login_instant: Some(1_570_201_693_585),
        roles: vec![],
        timezone: zone("Pacific/Honolulu"),
        username: s("terry@example.com"),
        username_status: s("ACTIVE"),
        verified: true,
    };
    let user = User {
        id: id.into(),
        active: true,
        birth_date: s("1980-01-01"),
        email: s("terry@example.com"),
        first_name: s("Terry"),
        full_name: s("Terry Example"),
        insert_instant: Some(1_570_120_644_496),
        last_login_instant: Some(1_570_201_693_585),
        last_name: s("Example"),
        last_update_instant: None,
        mobile_phone: s("4245555555"),
        password_change_required: false,
        password_last_update_instant: Some(1_570_200_258_584),
        preferred_languages: vec!["en".into()],
        registrations: vec![registration],
        tenant_id: TERRY_TENANT.into(),
        timezone: zone("Pacific/Honolulu"),
        username: s("terry@example.com"),
        username_status: s("ACTIVE"),
        verified: true,
    };
    let refresh_tokens = vec![
        token("7a3c1e52-0b8d-4f6a-9e21-5c4b3a2d1f00", TERRY_APP, TERRY_TENANT, id, 1_570_201_693_585),
        token("7a3c1e52-0b8d-4f6a-9e21-5c4b3a2d1f01", TERRY_APP, TERRY_TENANT, id, 1_570_198_093_585),
    ];
    Record { user, refresh_tokens }
}

/// FusionAuth's docs example user, verbatim as abridged in PROVIDERS.md.
fn john() -> Record {
    let (id, app, tenant) = (
        "00000000-0000-0001-0000-000000000000",
        "10000000-0000-0002-0000-000000000001",
        "f24aca2b-ce4a-4dad-951a-c9d690e71415",
    );
    let registration = UserRegistration {
        id: "00000000-0000-0002-0000-000000000000".into(),
        application_id: app.into(),
        insert_instant: None,
        last_login_instant: None,
        roles: vec!["user".into(), "community_helper".into()],
        timezone: None,
        username: s("johnny123"),
        username_status: s("ACTIVE"),
        verified: true,
    };
    let user = User {
        id: id.into(),
        active: true,
        birth_date: s("1976-05-30"),
        email: s("example@fusionauth.io"),
        first_name: s("John"),
        full_name: s("John Doe"),
        insert_instant: None,
        last_login_instant: Some(1_471_786_483_322),
        last_name: s("Doe"),
        last_update_instant: None,
        mobile_phone: None,
        password_change_required: false,
        password_last_update_instant: None,
        preferred_languages: vec![],
        registrations: vec![registration],
        tenant_id: tenant.into(),
        timezone: None,
        username: s("johnny123"),
        username_status: s("ACTIVE"),
        verified: true,
    };
    let refresh_tokens = vec![token("3b9f0c1d-2e4a-4c6b-8d7e-9f0a1b2c3d4e", app, tenant, id, 1_471_786_483_322)];
    Record { user, refresh_tokens }
}

/// Profile fields an attacker could set at sign-up, so demos and tests show they stay text.
fn hostile() -> Record {
    let mut record = john();
    let user = &mut record.user;
    user.id = "6d616c6c-6f72-4079-8000-000000000001".into();
    user.email = s("mallory@hostile.example");
    user.first_name = s("<img src=x onerror=alert(1)>");
    user.last_name = s("Mallory");
    user.full_name = s("<img src=x onerror=alert(1)> Mallory");
    user.username = s("<script>alert(2)</script>");
    user.tenant_id = TERRY_TENANT.into();
    user.birth_date = None;
    user.last_login_instant = Some(REFERENCE_INSTANT - 3 * DAY);
    user.registrations.clear();
    record.refresh_tokens.clear();
    record
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(seed: u64) -> String {
        let users: Vec<User> = records(seed, 300).into_iter().map(|r| r.user).collect();
        serde_json::to_string(&users).unwrap()
    }

    #[test]
    fn same_seed_same_bytes_other_seed_differs() {
        assert_eq!(json(7), json(7));
        assert_ne!(json(7), json(8));
    }

    #[test]
    fn generated_users_are_plausible() {
        let all = records(42, 1000);
        assert_eq!(all.len(), 1003);
        let emails: HashSet<_> = all.iter().map(|r| r.user.email.clone().unwrap().to_lowercase()).collect();
        assert_eq!(emails.len(), all.len(), "emails are unique");
        let ids: HashSet<_> = all.iter().map(|r| r.user.id.clone()).collect();
        assert_eq!(ids.len(), all.len(), "ids are unique");
        let inactive = all.iter().filter(|r| !r.user.active).count();
        assert!((40..=130).contains(&inactive), "about 8% inactive, got {inactive}");
        assert!(all.iter().any(|r| !r.user.verified));
        for r in &all[3..] {
            let u = &r.user;
            assert!(crate::codec::is_uuid(&u.id) && u.id.as_bytes()[14] == b'4', "{}", u.id);
            let login = u.last_login_instant.unwrap();
            assert!(login <= REFERENCE_INSTANT && login > REFERENCE_INSTANT - 180 * DAY);
            assert!((1..=2).contains(&u.registrations.len()));
            assert!(u.registrations.iter().all(|g| !g.roles.is_empty()));
            assert!(u.email.as_deref().unwrap().is_ascii());
        }
        assert!(all.iter().any(|r| !r.refresh_tokens.is_empty() && r.user.id != terry().user.id));
    }
}
