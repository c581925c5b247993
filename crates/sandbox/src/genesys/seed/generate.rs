//! Generated Genesys people: names from the shared `seed::names`, unique `first.last@example.com`
//! emails (also the username), spread over the four divisions, a state mix of roughly 80 %
//! active, 15 % inactive and 5 % deleted (the first three generated people take one state each),
//! versions 1..=20, and some with a department, title, manager (an earlier person) or last login.
//!
//! Deterministic from the seed (its own SplitMix64 stream, so the other providers' generated
//! users are not disturbed); it must not read the wall clock. Ids and emails are unique.

use std::collections::HashSet;

use super::{manager, user, DIVISIONS};
use crate::genesys::state::GenesysRecord;
use crate::genesys::wire::UserState;
use crate::seed::names::{FIRST, LAST};
use crate::seed::{ascii_slug, fresh, unique, SplitMix64};

/// Mixed into the seed so Genesys's stream differs from the other providers'.
const STREAM: u64 = 0x4745_4E45_5359_5301;
const DEPARTMENTS: [&str; 6] = ["Sales", "Support", "Engineering", "Finance", "Marketing", "Operations"];
const TITLES: [&str; 6] = ["Agent", "Senior Agent", "Team Lead", "Supervisor", "Analyst", "Manager"];

/// Appends `generated` people to `out` (whose ids and emails stay unique).
pub(super) fn extend(out: &mut Vec<GenesysRecord>, seed: u64, generated: usize) {
    let mut rng = SplitMix64(seed ^ STREAM);
    let mut emails: HashSet<String> = out.iter().map(|r| r.user.email.to_lowercase()).collect();
    let mut ids: HashSet<String> = out.iter().map(|r| r.user.id.clone()).collect();
    let first_generated = out.len();
    for n in 0..generated {
        let state = [UserState::Active, UserState::Inactive, UserState::Deleted]
            .get(n)
            .copied()
            .unwrap_or_else(|| weighted(&mut rng));
        let id = fresh(&mut ids, || rng.uuid());
        let (first, last) = (rng.pick(&FIRST), rng.pick(&LAST));
        let local = format!("{}.{}", ascii_slug(first), ascii_slug(last));
        let email = unique(&mut emails, &local, "@example.com");
        let version = 1 + rng.below(20);
        let mut person = user(&id, &format!("{first} {last}"), &email, state, version, rng.index(DIVISIONS.len()));
        if rng.percent(60) {
            person.department = Some(rng.pick(&DEPARTMENTS).to_string());
        }
        if rng.percent(50) {
            person.title = Some(rng.pick(&TITLES).to_string());
        }
        let earlier = out.len() - first_generated;
        if earlier > 0 && rng.percent(30) {
            let boss = &out[first_generated + rng.index(earlier)].user;
            person.manager = Some(manager(boss));
        }
        if rng.percent(if state == UserState::Deleted { 35 } else { 70 }) {
            person.date_last_login = Some(last_login(&mut rng));
        }
        out.push(GenesysRecord::new(person));
    }
}

/// 80 / 15 / 5.
fn weighted(rng: &mut SplitMix64) -> UserState {
    match rng.below(100) {
        0..=79 => UserState::Active,
        80..=94 => UserState::Inactive,
        _ => UserState::Deleted,
    }
}

/// A time in 2025, ISO-8601 with milliseconds (days 1..=28, so every month is valid).
fn last_login(rng: &mut SplitMix64) -> String {
    let (month, day) = (1 + rng.below(12), 1 + rng.below(28));
    let (hour, minute, second, milli) = (rng.below(24), rng.below(60), rng.below(60), rng.below(1000));
    format!("2025-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{milli:03}Z")
}
