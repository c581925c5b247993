//! The DocSpace simulator's state: people (deleted ones kept as tombstones, so their counters
//! outlive them) with what the person JSON does not show, the fault settings and the rate-limit
//! window. This module must not build HTTP responses.

use std::time::{Duration, Instant};

use super::faults::DocSpaceFaults;
use super::wire::{Employee, ACTIVE};
use crate::codec::is_uuid;

/// Length of a rate-limit window.
pub(crate) const WINDOW: Duration = Duration::from_secs(60);

/// Everything about DocSpace a request can change.
pub(crate) struct DocSpaceStore {
    /// Every person, deleted ones included, in seed (then creation) order.
    pub(crate) people: Vec<Person>,
    /// DocSpace's fault settings.
    pub(crate) faults: DocSpaceFaults,
    /// The current rate-limit window.
    pub(crate) window: RateWindow,
}

/// One person and what the person JSON does not show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Person {
    /// The person as the API returns them.
    pub(crate) user: Employee,
    /// Deleted for good: invisible to the API, kept only for the counters.
    pub(crate) deleted: bool,
    /// Terminated while still an unaccepted invitation (status 4, not activated): a reactivation
    /// brings them back Pending.
    pub(crate) pending_before_termination: bool,
    /// Sessions ended: `logoutall` calls plus terminations.
    pub(crate) sign_outs: usize,
    /// Status requests that set this person's status (a repeated request counts again).
    pub(crate) status_changes: usize,
}

impl Person {
    /// A live person with zero counters.
    pub(crate) fn new(user: Employee) -> Person {
        Person { user, deleted: false, pending_before_termination: false, sign_outs: 0, status_changes: 0 }
    }
}

/// What counting a request against the window found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Budget {
    /// The budget per window.
    pub(crate) limit: u64,
    /// Requests left in the window after this one.
    pub(crate) remaining: u64,
    /// Seconds until the window resets (at least 1).
    pub(crate) reset_s: u64,
    /// This request was over the budget.
    pub(crate) over: bool,
}

/// A fixed 60-second window starting at its first request.
#[derive(Debug, Clone, Default)]
pub(crate) struct RateWindow {
    /// When the window started (`None`: no window yet).
    pub(crate) started: Option<Instant>,
    /// Requests counted in the window.
    pub(crate) used: u64,
}

impl DocSpaceStore {
    /// Fresh state over these seeded people, with default faults and no window.
    pub(crate) fn seeded(people: Vec<Person>) -> DocSpaceStore {
        DocSpaceStore { people, faults: DocSpaceFaults::default(), window: RateWindow::default() }
    }

    /// Counts one request against the window (a request over the budget is not counted).
    pub(crate) fn count_request(&mut self) -> Budget {
        let now = Instant::now();
        let started = match self.window.started {
            Some(started) if now.duration_since(started) < WINDOW => started,
            _ => {
                self.window = RateWindow { started: Some(now), used: 0 };
                now
            }
        };
        let limit = self.faults.rate_limit_per_minute;
        let over = self.window.used >= limit;
        if !over {
            self.window.used += 1;
        }
        let left = WINDOW.saturating_sub(now.duration_since(started));
        let reset_s = (left.as_secs() + u64::from(left.subsec_nanos() > 0)).max(1);
        Budget { limit, remaining: limit.saturating_sub(self.window.used), reset_s, over }
    }

    /// Index of the live person with this id (a UUID in any case).
    pub(crate) fn find(&self, id: &str) -> Option<usize> {
        self.find_any(id).filter(|&i| !self.people[i].deleted)
    }

    /// Index of the person with this id, deleted ones included.
    pub(crate) fn find_any(&self, id: &str) -> Option<usize> {
        if !is_uuid(id) {
            return None;
        }
        let id = id.to_ascii_lowercase();
        self.people.iter().position(|p| p.user.id == id)
    }

    /// Index of the live person with this email (case-insensitive).
    pub(crate) fn find_email(&self, email: &str) -> Option<usize> {
        let email = email.to_lowercase();
        self.people.iter().position(|p| !p.deleted && p.user.email.to_lowercase() == email)
    }

    /// The live people.
    pub(crate) fn live(&self) -> impl Iterator<Item = &Person> {
        self.people.iter().filter(|p| !p.deleted)
    }

    /// Live people with status Active (the ones the seat limit counts).
    pub(crate) fn active_count(&self) -> usize {
        self.live().filter(|p| p.user.status == ACTIVE).count()
    }
}
