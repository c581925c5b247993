//! Generated SCIM users: names from the shared `seed::names`, unique `first.last` userNames with
//! `<userName>@example.com` emails, about 10 % inactive, about half with the enterprise extension
//! (an employee number and a department), some with a title, created in the five years before
//! `seed::REFERENCE_INSTANT` and last modified between then and that instant.
//!
//! Deterministic from the seed (its own SplitMix64 stream, so the other providers' generated
//! users are not disturbed); it must not read the wall clock. Ids, userNames and emails are
//! unique (userNames case-insensitively, as SCIM compares them).

use std::collections::HashSet;

use super::{user, with_enterprise};
use crate::scim::state::Person;
use crate::scim::wire::Enterprise;
use crate::seed::names::{FIRST, LAST};
use crate::seed::{ascii_slug, fresh, unique, SplitMix64, DAY, REFERENCE_INSTANT};

/// Mixed into the seed so SCIM's stream differs from the other providers'.
const STREAM: u64 = 0x5343_494D_5553_4552;
const DEPARTMENTS: [&str; 5] = ["Tour Operations", "Sales", "Engineering", "Support", "Finance"];
const TITLES: [&str; 6] = ["Tour Guide", "Analyst", "Engineer", "Designer", "Coordinator", "Specialist"];
const DOMAIN: &str = "@example.com";

/// Appends `generated` users to `out` (whose ids, userNames and emails stay unique).
pub(super) fn extend(out: &mut Vec<Person>, seed: u64, generated: usize) {
    let mut rng = SplitMix64(seed ^ STREAM);
    let mut ids: HashSet<String> = out.iter().map(|p| p.user.id.clone()).collect();
    // Taken userNames, and the local parts of the named emails, so no generated email repeats one.
    let mut taken: HashSet<String> = out.iter().map(|p| p.user.user_name.to_lowercase()).collect();
    for p in out.iter() {
        taken.extend(p.user.emails.iter().filter_map(|e| e.value.strip_suffix(DOMAIN)).map(str::to_lowercase));
    }
    for n in 0..generated {
        let id = fresh(&mut ids, || rng.uuid());
        let (first, last) = (rng.pick(&FIRST), rng.pick(&LAST));
        let user_name = unique(&mut taken, &format!("{}.{}", ascii_slug(first), ascii_slug(last)), "");
        let mut person = user(&id, &user_name, (first, last), &format!("{user_name}{DOMAIN}"));
        person.active = !rng.percent(10);
        if rng.percent(40) {
            person.title = Some(rng.pick(&TITLES).to_string());
        }
        if rng.percent(50) {
            let enterprise = Enterprise {
                employee_number: Some(format!("{}", 100_000 + n)),
                department: Some(rng.pick(&DEPARTMENTS).to_string()),
                manager: None,
            };
            person = with_enterprise(person, enterprise);
        }
        let created = REFERENCE_INSTANT - rng.span(5 * 365);
        let modified = created + rng.span(((REFERENCE_INSTANT - created) / DAY).max(1));
        out.push(Person::new(person, created, modified));
    }
}
