//! Generated DocSpace people: names from the shared `seed::names`, unique `first.last@example.com`
//! emails (the local part is the `userName`), spread over a few departments, mostly users with
//! some room admins, guests and DocSpace admins, a status mix of roughly 85 % Active, 10 %
//! Terminated (with a termination date) and 5 % Pending invitations (the first three generated
//! people take one status each), some with a title, registered in the seven years before
//! `seed::REFERENCE_INSTANT`.
//!
//! Deterministic from the seed (its own SplitMix64 stream, so the other providers' generated
//! users are not disturbed); it must not read the wall clock. Ids, emails and user names are
//! unique.

use std::collections::HashSet;

use super::{employee, with_type};
use crate::docspace::clock::date;
use crate::docspace::state::Person;
use crate::docspace::wire::{ACTIVATION_PENDING, ACTIVE, PENDING, TERMINATED};
use crate::seed::names::{FIRST, LAST};
use crate::seed::{ascii_slug, fresh, unique, SplitMix64, REFERENCE_INSTANT};

/// Mixed into the seed so DocSpace's stream differs from the other providers'.
const STREAM: u64 = 0x444F_4353_5041_4345;
const DEPARTMENTS: [&str; 5] = ["Marketing", "Sales", "Engineering", "Support", "Finance"];
const TITLES: [&str; 6] = ["Manager", "Analyst", "Engineer", "Designer", "Coordinator", "Specialist"];
const DOMAIN: &str = "@example.com";

/// Appends `generated` people to `out` (whose ids, emails and user names stay unique).
pub(super) fn extend(out: &mut Vec<Person>, seed: u64, generated: usize) {
    let mut rng = SplitMix64(seed ^ STREAM);
    let mut ids: HashSet<String> = out.iter().map(|p| p.user.id.clone()).collect();
    // Taken emails, and the named user names as emails so a generated user name never repeats one.
    let mut emails: HashSet<String> = out.iter().map(|p| p.user.email.to_lowercase()).collect();
    emails.extend(out.iter().map(|p| format!("{}{DOMAIN}", p.user.user_name.to_lowercase())));
    for n in 0..generated {
        let status = [ACTIVE, TERMINATED, PENDING].get(n).copied().unwrap_or_else(|| weighted(&mut rng));
        let id = fresh(&mut ids, || rng.uuid());
        let (first, last) = (rng.pick(&FIRST), rng.pick(&LAST));
        let email = unique(&mut emails, &format!("{}.{}", ascii_slug(first), ascii_slug(last)), DOMAIN);
        let user_name = email.trim_end_matches(DOMAIN).to_string();
        let registered = REFERENCE_INSTANT - rng.span(7 * 365);
        let kind = match rng.below(100) {
            0..=69 => 4,
            70..=84 => 1,
            85..=94 => 2,
            _ => 3,
        };
        let mut person = with_type(employee(&id, &user_name, (first, last), &email, registered), kind);
        person.department = Some(rng.pick(&DEPARTMENTS).to_string());
        if rng.percent(60) {
            person.title = Some(rng.pick(&TITLES).to_string());
        }
        person.status = status;
        match status {
            TERMINATED => {
                let days = (REFERENCE_INSTANT - registered) / crate::seed::DAY;
                person.terminated = Some(date(registered + rng.span(days.max(1))));
            }
            PENDING => person.activation_status = ACTIVATION_PENDING,
            _ => {}
        }
        out.push(Person::new(person));
    }
}

/// 85 / 10 / 5.
fn weighted(rng: &mut SplitMix64) -> u8 {
    match rng.below(100) {
        0..=84 => ACTIVE,
        85..=94 => TERMINATED,
        _ => PENDING,
    }
}
