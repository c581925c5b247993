//! Generated Acronis people: names from the shared `seed::names`, unique `first.last` logins with
//! the matching `@example.com` email, spread over the three customer tenants (about 5 % in the
//! tenant outside the root's tree), a mix of roughly 75 % enabled and activated, 10 % disabled,
//! 10 % invited (not activated) and 5 % soft-deleted (the first four generated people take one
//! each), versions 1..=50, and varied MFA status, language, notifications and creation time.
//!
//! Deterministic from the seed (its own SplitMix64 stream, so the other providers' generated
//! users are not disturbed); it must not read the wall clock. Ids, logins and emails are unique.

use std::collections::HashSet;

use super::user;
use crate::acronis::state::Person;
use crate::acronis::tenants::{CUSTOMER_A, CUSTOMER_B, CUSTOMER_C, OUTSIDE};
use crate::seed::names::{FIRST, LAST};
use crate::seed::{ascii_slug, fresh, unique, SplitMix64};

/// Mixed into the seed so Acronis's stream differs from the other providers'.
const STREAM: u64 = 0x4143_524F_4E49_5301;
const CUSTOMERS: [&str; 3] = [CUSTOMER_A, CUSTOMER_B, CUSTOMER_C];
const LANGUAGES: [&str; 7] = ["en", "en", "en", "de", "fr", "es", "ja"];
const DOMAIN: &str = "@example.com";

/// The account's lifecycle state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Fine,
    Disabled,
    Invited,
    Deleted,
}

/// Appends `generated` people to `out` (whose ids, logins and emails stay unique).
pub(super) fn extend(out: &mut Vec<Person>, seed: u64, generated: usize) {
    let mut rng = SplitMix64(seed ^ STREAM);
    let mut ids: HashSet<String> = out.iter().map(|p| p.user.id.clone()).collect();
    // Taken emails, and the named logins as emails so a generated login never repeats one.
    let mut emails: HashSet<String> = out.iter().map(|p| p.user.contact.email.to_lowercase()).collect();
    emails.extend(out.iter().map(|p| format!("{}{DOMAIN}", p.user.login.to_lowercase())));
    for n in 0..generated {
        let kind = [Kind::Fine, Kind::Disabled, Kind::Invited, Kind::Deleted]
            .get(n)
            .copied()
            .unwrap_or_else(|| weighted(&mut rng));
        let id = fresh(&mut ids, || rng.uuid());
        let (first, last) = (rng.pick(&FIRST), rng.pick(&LAST));
        let email = unique(&mut emails, &format!("{}.{}", ascii_slug(first), ascii_slug(last)), DOMAIN);
        let login = email.trim_end_matches(DOMAIN).to_string();
        let tenant = if rng.percent(5) { OUTSIDE } else { CUSTOMERS[rng.index(CUSTOMERS.len())] };
        let mut u = user(&id, &login, (first, last), &email, tenant, 1 + rng.below(50));
        u.created_at = created_at(&mut rng);
        u.language = rng.pick(&LANGUAGES).to_string();
        u.mfa_status = match rng.below(100) {
            0..=69 => "disabled",
            70..=89 => "enabled",
            _ => "setup_required",
        }
        .to_string();
        if rng.percent(30) {
            u.notifications.truncate(rng.index(3));
        }
        match kind {
            Kind::Fine => {}
            Kind::Disabled => u.enabled = false,
            Kind::Invited => {
                u.activated = false;
                u.terms_accepted = false;
                u.mfa_status = "disabled".into();
            }
            Kind::Deleted => u.enabled = false,
        }
        out.push(Person { user: u, deleted: kind == Kind::Deleted });
    }
}

/// 75 / 10 / 10 / 5.
fn weighted(rng: &mut SplitMix64) -> Kind {
    match rng.below(100) {
        0..=74 => Kind::Fine,
        75..=84 => Kind::Disabled,
        85..=94 => Kind::Invited,
        _ => Kind::Deleted,
    }
}

/// A time in 2019..=2025 with microseconds and `+00:00` (days 1..=28, so every month is valid).
fn created_at(rng: &mut SplitMix64) -> String {
    let (year, month, day) = (2019 + rng.below(7), 1 + rng.below(12), 1 + rng.below(28));
    let (hour, minute, second, micro) = (rng.below(24), rng.below(60), rng.below(60), rng.below(1_000_000));
    format!("{year}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{micro:06}+00:00")
}
