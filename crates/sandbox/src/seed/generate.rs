//! Generated seed users: a SplitMix64 PRNG and realistic, diverse names, company emails,
//! registrations, roles and instants. Deterministic from the seed; it must not read the wall clock.
//! Emails and usernames are made unique by appending a number on collision.

use std::collections::HashSet;

use super::names::{APPS, AREAS, DOMAINS, FIRST, LANGUAGES, LAST, ROLES, ZONES};
use super::{s, token, zone, DAY, REFERENCE_INSTANT, TERRY_TENANT};
use crate::fusionauth::wire::{User, UserRegistration};
use crate::Record;

/// SplitMix64: tiny, seedable and good enough for test data.
pub(crate) struct SplitMix64(pub(crate) u64);

impl SplitMix64 {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform-ish in `0..n` (`n > 0`).
    pub(super) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    pub(super) fn index(&mut self, len: usize) -> usize {
        // usize -> u64 -> usize round trip of a value below `len` cannot truncate.
        self.below(len as u64) as usize
    }

    pub(super) fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.index(items.len())]
    }

    /// Milliseconds in `0..days` days.
    pub(super) fn span(&mut self, days: i64) -> i64 {
        i64::try_from(self.below(u64::try_from(days * DAY).unwrap_or(1))).unwrap_or(0)
    }

    pub(super) fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }

    /// A version-4, variant-1 UUID.
    fn uuid(&mut self) -> String {
        let (a, b) = (self.next(), self.next());
        let a = (a & !0xF000) | 0x4000;
        let b = (b & !(0b11 << 62)) | (0b10 << 62);
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xFFFF,
            a & 0xFFFF,
            b >> 48,
            b & 0xFFFF_FFFF_FFFF
        )
    }
}

/// Lowercase ASCII for an email local part: accents folded, anything else but a–z, 0–9, `-` dropped.
pub(super) fn ascii_slug(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'å' => Some('a'),
            'é' | 'è' | 'ê' | 'ë' => Some('e'),
            'í' | 'ì' | 'î' | 'ï' => Some('i'),
            'ó' | 'ò' | 'ô' | 'ö' | 'ø' => Some('o'),
            'ú' | 'ù' | 'û' | 'ü' => Some('u'),
            'ñ' => Some('n'),
            'ç' => Some('c'),
            c if c.is_ascii_alphanumeric() || c == '-' => Some(c),
            _ => None,
        })
        .collect()
}

/// `base`, or `base2`, `base3`… (before `suffix`), whichever is not taken yet; records it as taken.
pub(super) fn unique(taken: &mut HashSet<String>, base: &str, suffix: &str) -> String {
    let mut candidate = format!("{base}{suffix}");
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{base}{n}{suffix}");
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

/// One generated user and its refresh tokens (1–3 if the last login is within 30 days).
pub(crate) fn user(rng: &mut SplitMix64, emails: &mut HashSet<String>, usernames: &mut HashSet<String>) -> Record {
    let id = rng.uuid();
    let (first, last) = (rng.pick(&FIRST), rng.pick(&LAST));
    let local = format!("{}.{}", ascii_slug(first), ascii_slug(last));
    let domain = rng.pick(&DOMAINS);
    let email = unique(emails, &local, &format!("@{domain}"));
    let username = rng.percent(70).then(|| unique(usernames, &local, ""));
    let verified = rng.percent(88);
    let timezone = zone(rng.pick(&ZONES));

    let insert = REFERENCE_INSTANT - 200 * DAY - rng.span(1300);
    let last_login = REFERENCE_INSTANT - rng.span(180);
    let password_update = insert + rng.span((last_login - insert) / DAY);
    let last_update = password_update + rng.span((last_login - password_update) / DAY + 1);

    let mut apps: Vec<&str> = vec![rng.pick(&APPS)];
    if rng.percent(35) {
        let other = rng.pick(&APPS);
        if other != apps[0] {
            apps.push(other);
        }
    }
    let registrations: Vec<UserRegistration> = apps
        .iter()
        .enumerate()
        .map(|(i, app)| {
            let reg_insert = insert + rng.span(30);
            let reg_login = if i == 0 { last_login } else { (last_login - rng.span(60)).max(reg_insert) };
            let mut roles = vec![if rng.percent(60) { "user" } else { rng.pick(&ROLES) }.to_string()];
            let extra = rng.pick(&ROLES);
            if rng.percent(30) && !roles.iter().any(|r| r == extra) {
                roles.push(extra.to_string());
            }
            UserRegistration {
                id: rng.uuid(),
                application_id: (*app).to_string(),
                insert_instant: Some(reg_insert),
                last_login_instant: Some(reg_login),
                roles,
                timezone: timezone.clone(),
                username: username.clone(),
                username_status: s("ACTIVE"),
                verified,
            }
        })
        .collect();

    let birth_date = rng.percent(60).then(|| {
        let (y, m, d) = (1955 + rng.below(50), 1 + rng.below(12), 1 + rng.below(28));
        format!("{y:04}-{m:02}-{d:02}")
    });
    let mobile_phone = rng.percent(40).then(|| format!("{}555{:04}", rng.pick(&AREAS), 100 + rng.below(100)));
    let preferred_languages = rng.pick(&LANGUAGES).iter().map(|l| (*l).to_string()).collect();
    let active = !rng.percent(8);
    let password_change_required = rng.percent(5);

    let mut refresh_tokens = Vec::new();
    if last_login >= REFERENCE_INSTANT - 30 * DAY {
        for n in 0..=rng.below(3) {
            let app = &registrations[rng.index(registrations.len())].application_id;
            let start = last_login - if n == 0 { 0 } else { rng.span(7) };
            refresh_tokens.push(token(&rng.uuid(), app, TERRY_TENANT, &id, start));
        }
    }

    let user = User {
        id,
        active,
        birth_date,
        email: Some(email),
        first_name: s(first),
        full_name: Some(format!("{first} {last}")),
        insert_instant: Some(insert),
        last_login_instant: Some(last_login),
        last_name: s(last),
        last_update_instant: Some(last_update),
        mobile_phone,
        password_change_required,
        password_last_update_instant: Some(password_update),
        preferred_languages,
        registrations,
        tenant_id: TERRY_TENANT.into(),
        timezone,
        username,
        username_status: s("ACTIVE"),
        verified,
    };
    Record { user, refresh_tokens }
}
