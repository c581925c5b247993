//! Okta seed data: the spec's example users (`user-example` Isaac Brock and the STAGED and
//! PROVISIONED users of `ListUsersSearchResponse`), Terry Example, one named person per status for
//! browser tests, two hostile records, then `generated` users (see `generate`). The table of
//! named people is in the `okta` module doc.
//!
//! Deterministic: fixed timestamps and ids, and a SplitMix64 for generated users. It must not read
//! the wall clock or any outside randomness.

use serde_json::{json, Map, Value};

mod generate;

use crate::okta::clock::iso;
use crate::okta::state::OktaRecord;
use crate::okta::wire::{
    AuthenticationProvider, PasswordCredential, RecoveryQuestion, User, UserCredentials, UserFactor, UserProfile,
    UserStatus, UserTypeRef,
};

/// The user type of the spec's list examples, given to every seeded user but Isaac.
pub(crate) const DEFAULT_TYPE: &str = "oty2di92xFgQTiKEJ1d6";
const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;
/// 2024-01-15T09:00:00Z: named people are created a few days apart from here.
const NAMED_BASE: i64 = 1_705_309_200_000;

/// Every seeded Okta record, named ones first.
pub(crate) fn records(seed: u64, generated: usize) -> Vec<OktaRecord> {
    let mut out = vec![isaac(), ben(), janice()];
    out.extend(named());
    generate::extend(&mut out, seed, generated);
    out
}

/// Credentials with an optional password, Okta-mastered.
pub(crate) fn credentials(password: bool) -> Option<UserCredentials> {
    let password = password.then(PasswordCredential::default);
    Some(UserCredentials { password, recovery_question: None, provider: AuthenticationProvider::okta() })
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// The spec's `user-example`, profile verbatim.
fn isaac() -> OktaRecord {
    let extra = object(json!({
        "nickName": "issac", "displayName": "Isaac Brock", "secondEmail": "isaac@example.org",
        "profileUrl": "http://www.example.com/profile", "preferredLanguage": "en-US", "userType": "Employee",
        "organization": "Okta", "title": "Director", "division": "R&D", "department": "Engineering",
        "costCenter": "10", "employeeNumber": "187", "mobilePhone": "+1-555-415-1337",
        "primaryPhone": "+1-555-514-1337", "streetAddress": "301 Brannan St.", "city": "San Francisco",
        "state": "CA", "zipCode": "94107", "countryCode": "US"
    }));
    let user = User {
        id: "00ub0oNGTSWTBKOLGLNR".into(),
        status: UserStatus::Active,
        created: "2013-06-24T16:39:18.000Z".into(),
        activated: s("2013-06-24T16:39:19.000Z"),
        status_changed: s("2013-06-24T16:39:19.000Z"),
        last_login: Some(json!("2013-06-24T17:39:19.000Z")),
        last_updated: "2013-07-02T21:36:25.344Z".into(),
        password_changed: s("2013-07-02T21:36:25.344Z"),
        transitioning_to_status: None,
        user_type: None,
        profile: profile("isaac.brock@example.com", "Isaac", "Brock", extra),
        credentials: Some(UserCredentials {
            password: Some(PasswordCredential::default()),
            recovery_question: Some(RecoveryQuestion { question: "What's my childhood elementary school?".into() }),
            provider: AuthenticationProvider::okta(),
        }),
        links: None,
    };
    OktaRecord { sessions: 2, ..OktaRecord::new(user) }
}

/// `ListUsersSearchResponse[0]`: STAGED, no credentials.
fn ben() -> OktaRecord {
    let extra = object(json!({"mobilePhone": null, "secondEmail": "", "department": "Engineering"}));
    OktaRecord::new(User {
        id: "00u1xke1apZnmHgpB1d7".into(),
        status: UserStatus::Staged,
        created: "2021-11-17T16:11:16.000Z".into(),
        activated: None,
        status_changed: None,
        last_login: None,
        last_updated: "2022-05-24T15:39:09.000Z".into(),
        password_changed: None,
        transitioning_to_status: None,
        user_type: Some(UserTypeRef { id: DEFAULT_TYPE.into() }),
        profile: profile("ben.richler@example.com", "Ben", "Richler", extra),
        credentials: None,
        links: None,
    })
}

/// `ListUsersSearchResponse[1]`: PROVISIONED, no credentials shown.
fn janice() -> OktaRecord {
    let extra = object(json!({"mobilePhone": null, "secondEmail": null, "department": "Engineering"}));
    OktaRecord::new(User {
        id: "00u269cmneNMFHCH51d7".into(),
        status: UserStatus::Provisioned,
        created: "2021-12-17T15:16:55.000Z".into(),
        activated: None,
        status_changed: None,
        last_login: None,
        last_updated: "2022-05-24T15:38:04.000Z".into(),
        password_changed: s("2021-12-17T15:16:56.000Z"),
        transitioning_to_status: None,
        user_type: Some(UserTypeRef { id: DEFAULT_TYPE.into() }),
        profile: profile("janice.benson@gmail.com", "Janice", "Benson", extra),
        credentials: None,
        links: None,
    })
}

/// A profile whose login is its email.
pub(crate) fn profile(email: &str, first: &str, last: &str, extra: Map<String, Value>) -> UserProfile {
    UserProfile { login: email.into(), first_name: s(first), last_name: s(last), email: email.into(), extra }
}

/// One named person: `(id, first, last, email, status, has password)`.
type Person = (&'static str, &'static str, &'static str, &'static str, UserStatus, bool);

/// The named people for browser tests, in the order of the module-doc table.
const PEOPLE: [Person; 11] = [
    ("00uterry0example0001", "Terry", "Example", "terry@example.com", UserStatus::Active, true),
    ("00ulara0lockedout001", "Lara", "Lockedout", "lara.lockedout@example.com", UserStatus::LockedOut, true),
    ("00usam0suspended0001", "Sam", "Suspended", "sam.suspended@example.com", UserStatus::Suspended, true),
    ("00ustella0staged0001", "Stella", "Staged", "stella.staged@example.com", UserStatus::Staged, false),
    ("00udee0deprovisioned", "Dee", "Deprovisioned", "dee.deprovisioned@example.com", UserStatus::Deprovisioned, true),
    ("00upat0expired000001", "Pat", "Expired", "pat.expired@example.com", UserStatus::PasswordExpired, true),
    ("00urico0recovery0001", "Rico", "Recovery", "rico.recovery@example.com", UserStatus::Recovery, true),
    ("00upaula0provisioned", "Paula", "Provisioned", "paula.provisioned@example.com", UserStatus::Provisioned, false),
    ("00ufay0factors000001", "Fay", "Factors", "fay.factors@example.com", UserStatus::Active, true),
    ("00uodd0lastlogin0001", "Odd", "Lastlogin", "odd.lastlogin@example.com", UserStatus::Active, true),
    ("00uunknown0status001", "Unknown", "Status", "unknown.status@example.com", UserStatus::Activating, true),
];

fn named() -> Vec<OktaRecord> {
    let mut out: Vec<OktaRecord> =
        PEOPLE.iter().zip(0i64..).map(|(p, n)| person(p, NAMED_BASE + n * 3 * DAY)).collect();
    for record in &mut out {
        match record.user.id.as_str() {
            "00uterry0example0001" => (record.sessions, record.oauth_tokens) = (2, 1),
            "00ufay0factors000001" => {
                record.sessions = 1;
                let at = iso(NAMED_BASE + 30 * DAY);
                record.factors = vec![
                    factor("ostfay0totp000000001", "token:software:totp", "GOOGLE", &at),
                    factor("mblfay0sms0000000001", "sms", "OKTA", &at),
                ];
            }
            "00uodd0lastlogin0001" => {
                record.user.last_login = Some(json!(1_718_000_000_000i64));
                record.user.profile.extra.insert("nickName".into(), json!(r#"say "hi" \o/"#));
            }
            _ => {}
        }
    }
    out
}

/// An enrolled factor.
pub(crate) fn factor(id: &str, factor_type: &str, provider: &str, at: &str) -> UserFactor {
    UserFactor {
        id: id.into(),
        factor_type: factor_type.into(),
        provider: provider.into(),
        status: "ACTIVE".into(),
        created: at.into(),
        last_updated: at.into(),
    }
}

/// Timestamps consistent with the status: never-activated users have no `activated` or
/// `lastLogin`; everyone else was activated an hour after creation and signed in later.
fn person(&(id, first, last, email, status, password): &Person, created: i64) -> OktaRecord {
    let never_activated = matches!(status, UserStatus::Staged | UserStatus::Provisioned | UserStatus::Activating);
    let activated = (!never_activated).then(|| created + HOUR);
    let changed = match status {
        UserStatus::Active => activated,
        UserStatus::Staged => None,
        _ => Some(created + 20 * DAY),
    };
    let last_login = (!never_activated).then(|| created + 10 * DAY);
    let last_updated = changed.unwrap_or(created).max(created + HOUR);
    let user = User {
        id: id.into(),
        status,
        created: iso(created),
        activated: activated.map(iso),
        status_changed: changed.map(iso),
        last_login: last_login.map(|t| Value::String(iso(t))),
        last_updated: iso(last_updated),
        password_changed: password.then(|| iso(created + HOUR)),
        transitioning_to_status: None,
        user_type: Some(UserTypeRef { id: DEFAULT_TYPE.into() }),
        profile: profile(email, first, last, Map::new()),
        credentials: credentials(password),
        links: None,
    };
    OktaRecord::new(user)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_ids_are_okta_shaped_and_every_status_is_generated() {
        let all = records(3, 64);
        for r in &all {
            assert_eq!(r.user.id.len(), 20, "{}", r.user.id);
            assert!(r.user.id.starts_with("00u"), "{}", r.user.id);
        }
        let ids: std::collections::HashSet<_> = all.iter().map(|r| r.user.id.clone()).collect();
        assert_eq!(ids.len(), all.len());
        let logins: std::collections::HashSet<_> = all.iter().map(|r| r.user.profile.login.to_lowercase()).collect();
        assert_eq!(logins.len(), all.len());
        let generated = &all[all.len() - 64..];
        for status in UserStatus::SETTABLE {
            assert!(generated.iter().any(|r| r.user.status == status), "{status:?}");
        }
        let json =
            |seed| serde_json::to_string(&records(seed, 64).iter().map(|r| &r.user).collect::<Vec<_>>()).unwrap();
        assert_eq!(json(3), json(3));
        assert_ne!(json(3), json(4));
    }
}
