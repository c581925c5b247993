//! Generated FusionAuth seed users: realistic, diverse names (from the shared `seed::names`),
//! company emails, registrations, roles and instants, drawn from the shared SplitMix64.
//! Deterministic from the seed; it must not read the wall clock. Emails and usernames are made
//! unique by appending a number on collision.

use std::collections::HashSet;

use super::{s, token, zone, APPS, LANGUAGES, ROLES, TERRY_TENANT, ZONES};
use crate::fusionauth::wire::{User, UserRegistration};
use crate::fusionauth::Record;
use crate::seed::names::{AREAS, DOMAINS, FIRST, LAST};
use crate::seed::{ascii_slug, unique, SplitMix64, DAY, REFERENCE_INSTANT};

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
