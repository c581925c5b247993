//! The sign-in brake: failed sign-ins per key (`account:<name>`, `address:<ip>`) and how long
//! each key must wait before its next attempt (three free, then 1 s doubling to five minutes).
//!
//! A failure is reserved *before* the password is checked, in the same locked step as the check
//! of the wait, so guesses in flight at once each cost a back-off step: parallel requests get no
//! more attempts than sequential ones. Only the right password undoes a reservation; an attempt
//! that was let through but never checked (the proxy was busy) still counts. This module must not
//! see passwords or hashes, and must not grow without bound: typed names are keys too.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Failures older than this no longer count towards the brake.
pub const FORGET_FAILURES_AFTER: Duration = Duration::from_secs(15 * 60);
/// The failure map is tidied when it holds this many records.
pub(super) const MAX_FAILURE_RECORDS: usize = 10_000;

/// Seconds to wait after `count` consecutive failures: none for the first three, then doubling
/// up to five minutes.
pub fn backoff_secs(count: u32) -> u64 {
    if count < 3 {
        0
    } else {
        (1u64 << (count - 3).min(9)).min(300)
    }
}

#[derive(Default)]
struct Failures {
    count: u32,
    last: Option<Instant>,
}

/// Failure counts per key, behind one lock.
#[derive(Default)]
pub(super) struct Brake {
    failures: Mutex<HashMap<String, Failures>>,
}

/// An attempt let past the brake, its failure already counted for each key. Settle it with
/// [`Brake::failed`] or [`Brake::succeeded`]; dropped unsettled, the failure stands.
#[derive(Debug)]
pub(super) struct Reservation {
    account: String,
    address: String,
}

fn wait_in(failures: &HashMap<String, Failures>, key: &str, now: Instant) -> u64 {
    failures
        .get(key)
        .and_then(|f| {
            // A free attempt is free, however the clocks of attempts in flight interleave (an
            // attempt timed before another's answer was recorded would otherwise wait 1 s).
            let backoff = backoff_secs(f.count);
            if backoff == 0 {
                return None;
            }
            let until = f.last? + Duration::from_secs(backoff);
            (until > now).then(|| (until - now).as_secs().max(1))
        })
        .unwrap_or(0)
}

fn count_in(failures: &mut HashMap<String, Failures>, key: &str, now: Instant) {
    // Typed names are keys too, so the map is tidied before it can grow without bound:
    // quiet records first, then any that no longer slow anyone down.
    if failures.len() >= MAX_FAILURE_RECORDS {
        failures.retain(|_, f| f.last.is_some_and(|last| now.saturating_duration_since(last) < FORGET_FAILURES_AFTER));
    }
    if failures.len() >= MAX_FAILURE_RECORDS {
        failures.retain(|_, f| backoff_secs(f.count) > 0);
    }
    let f = failures.entry(key.to_owned()).or_default();
    // A record that has been quiet long enough starts again from one.
    if f.last.is_some_and(|last| now.saturating_duration_since(last) >= FORGET_FAILURES_AFTER) {
        f.count = 0;
    }
    f.count += 1;
    // Never back in time: an attempt timed before an answer recorded meanwhile keeps the later.
    f.last = f.last.max(Some(now));
}

impl Brake {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, Failures>> {
        self.failures.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Lets an attempt for `account` from `address` through, counting it as a failure for both
    /// keys at once; or, when either key must still wait, says for how many seconds.
    pub(super) fn reserve(&self, account: String, address: String, now: Instant) -> Result<Reservation, u64> {
        let mut failures = self.lock();
        let wait = wait_in(&failures, &account, now).max(wait_in(&failures, &address, now));
        if wait > 0 {
            return Err(wait);
        }
        count_in(&mut failures, &account, now);
        count_in(&mut failures, &address, now);
        Ok(Reservation { account, address })
    }

    /// The password was wrong: the reserved failure stands, and the back-off runs from `now`,
    /// when the answer is given, not from when the attempt was let through.
    pub(super) fn failed(&self, reservation: Reservation, now: Instant) {
        let mut failures = self.lock();
        for key in [reservation.account, reservation.address] {
            let f = failures.entry(key).or_default();
            // Cleared meanwhile (a right password, a tidy): this failure is still one.
            f.count = f.count.max(1);
            f.last = f.last.max(Some(now));
        }
    }

    /// The password was right: the account starts afresh and the address gets its reservation
    /// back (its other failures still count).
    pub(super) fn succeeded(&self, reservation: Reservation) {
        let mut failures = self.lock();
        failures.remove(&reservation.account);
        if let Some(f) = failures.get_mut(&reservation.address) {
            f.count = f.count.saturating_sub(1);
            if f.count == 0 {
                failures.remove(&reservation.address);
            }
        }
    }

    /// Seconds `key` must still wait.
    #[cfg(test)]
    pub(super) fn wait_for(&self, key: &str, now: Instant) -> u64 {
        wait_in(&self.lock(), key, now)
    }

    /// Counts one failure for `key` alone, as a settled reservation would.
    #[cfg(test)]
    pub(super) fn record_failure(&self, key: &str, now: Instant) {
        count_in(&mut self.lock(), key, now);
    }

    /// How many failure records are held.
    pub(super) fn records(&self) -> usize {
        self.lock().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_free_attempt_timed_before_another_answer_is_still_free() {
        let brake = Brake::default();
        let early = Instant::now();
        let later = early + Duration::from_secs(2);
        let first = brake.reserve("alice".into(), "192.0.2.1".into(), early).unwrap();
        let _second = brake.reserve("alice".into(), "192.0.2.2".into(), early).unwrap();
        // The first answer is recorded after the third attempt was timed but before it is let in.
        brake.failed(first, later);
        assert!(brake.reserve("alice".into(), "192.0.2.3".into(), early).is_ok(), "the third attempt is free");
        assert_eq!(brake.reserve("alice".into(), "192.0.2.4".into(), later).err(), Some(1), "the fourth waits");
    }
}
