//! Generated Okta users: names and domains from the shared `seed::names`, a status mix covering
//! every settable status (the first eight generated users take one each, the rest are drawn
//! ACTIVE-weighted), timestamps consistent with the status, some enrolled factors, sessions and
//! OAuth tokens.
//!
//! Deterministic from the seed (its own SplitMix64 stream, so FusionAuth's generated users are not
//! disturbed); it must not read the wall clock. Logins and ids are unique.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::{credentials, factor, profile, DEFAULT_TYPE};
use crate::okta::clock::iso;
use crate::okta::state::OktaRecord;
use crate::okta::wire::{User, UserStatus, UserTypeRef};
use crate::seed::names::{AREAS, DOMAINS, FIRST, LAST};
use crate::seed::{ascii_slug, fresh, unique, SplitMix64, DAY, REFERENCE_INSTANT};

/// Mixed into the seed so Okta's stream differs from FusionAuth's.
const STREAM: u64 = 0x4F4B_5441_0000_0001;
const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const DEPARTMENTS: [&str; 6] = ["Engineering", "Sales", "Support", "Finance", "Marketing", "Operations"];
/// Status weights (percent) after the first eight.
const WEIGHTS: [(UserStatus, u64); 8] = [
    (UserStatus::Active, 62),
    (UserStatus::Deprovisioned, 10),
    (UserStatus::LockedOut, 5),
    (UserStatus::PasswordExpired, 5),
    (UserStatus::Provisioned, 5),
    (UserStatus::Recovery, 4),
    (UserStatus::Staged, 5),
    (UserStatus::Suspended, 4),
];

/// Appends `generated` users to `out` (whose logins and ids stay unique).
pub(super) fn extend(out: &mut Vec<OktaRecord>, seed: u64, generated: usize) {
    let mut rng = SplitMix64(seed ^ STREAM);
    let mut logins: HashSet<String> = out.iter().map(|r| r.user.profile.login.to_lowercase()).collect();
    let mut ids: HashSet<String> = out.iter().map(|r| r.user.id.clone()).collect();
    for n in 0..generated {
        let status = UserStatus::SETTABLE.get(n).copied().unwrap_or_else(|| weighted(&mut rng));
        let id = fresh(&mut ids, || format!("00u{}", base62(&mut rng, 17)));
        out.push(user(&mut rng, &mut logins, id, status));
    }
}

fn weighted(rng: &mut SplitMix64) -> UserStatus {
    let mut roll = rng.below(100);
    for (status, weight) in WEIGHTS {
        if roll < weight {
            return status;
        }
        roll -= weight;
    }
    UserStatus::Active
}

fn base62(rng: &mut SplitMix64, len: usize) -> String {
    (0..len).map(|_| char::from(ALPHABET[rng.index(ALPHABET.len())])).collect()
}

fn user(rng: &mut SplitMix64, logins: &mut HashSet<String>, id: String, status: UserStatus) -> OktaRecord {
    let (first, last) = (rng.pick(&FIRST), rng.pick(&LAST));
    let local = format!("{}.{}", ascii_slug(first), ascii_slug(last));
    let domain = rng.pick(&DOMAINS);
    let email = unique(logins, &local, &format!("@{domain}"));

    let password = match status {
        UserStatus::Provisioned => false,
        UserStatus::Staged => rng.percent(50),
        _ => true,
    };
    let created = REFERENCE_INSTANT - 200 * DAY - rng.span(1300);
    let never_activated = matches!(status, UserStatus::Staged | UserStatus::Provisioned);
    let activated = (!never_activated).then(|| created + rng.span(10));
    let last_login = activated.map(|a| (REFERENCE_INSTANT - rng.span(180)).max(a));
    let changed = match status {
        UserStatus::Staged => None,
        UserStatus::Active => activated,
        _ => Some(last_login.unwrap_or(created) + rng.span(20)),
    };
    let password_changed = password.then(|| created + rng.span(30));
    let last_updated = [Some(created), activated, changed, password_changed].into_iter().flatten().max();

    let mut extra = Map::new();
    extra.insert("department".into(), Value::String(rng.pick(&DEPARTMENTS).to_string()));
    if rng.percent(40) {
        let phone = format!("+1-{}-555-{:04}", rng.pick(&AREAS), 100 + rng.below(100));
        extra.insert("mobilePhone".into(), Value::String(phone));
    }
    let user = User {
        id,
        status,
        created: iso(created),
        activated: activated.map(iso),
        status_changed: changed.map(iso),
        last_login: last_login.map(|t| Value::String(iso(t))),
        last_updated: iso(last_updated.unwrap_or(created)),
        password_changed: password_changed.map(iso),
        transitioning_to_status: None,
        user_type: Some(UserTypeRef { id: DEFAULT_TYPE.into() }),
        profile: profile(&email, first, last, extra),
        credentials: credentials(password),
        links: None,
    };
    let mut record = OktaRecord::new(user);
    if status == UserStatus::Active {
        let at = iso(activated.unwrap_or(created) + rng.span(5));
        if rng.percent(40) {
            record.factors.push(factor(&format!("ost{}", base62(rng, 17)), "token:software:totp", "GOOGLE", &at));
        }
        if rng.percent(20) {
            record.factors.push(factor(&format!("mbl{}", base62(rng, 17)), "sms", "OKTA", &at));
        }
        if last_login.is_some_and(|t| t >= REFERENCE_INSTANT - 30 * DAY) {
            record.sessions = usize::try_from(rng.below(4)).unwrap_or(0);
            record.oauth_tokens = usize::try_from(rng.below(3)).unwrap_or(0);
        }
    }
    record
}
