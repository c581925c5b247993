//! The Genesys simulator's state: people (soft-deleted ones included) with their token-revocation
//! counters, the fault settings, the rate-limit window and the issued access tokens (with the
//! count of which bearer let a call in, kept by `crate::oauth`). Also the one "somebody else
//! edited this person" change shared by the conflict switch and `Sandbox::genesys_edit`. This
//! module must not build HTTP responses.

use std::time::{Duration, Instant};

use super::faults::GenesysFaults;
use super::wire::{User, UserState};
use crate::codec::is_uuid;
use crate::oauth::Tokens;

/// Length of a rate-limit window.
pub(crate) const WINDOW: Duration = Duration::from_secs(60);
/// The department somebody else's edit sets.
pub(crate) const EDITED_ELSEWHERE: &str = "Edited elsewhere";

/// Everything about Genesys a request can change.
pub(crate) struct GenesysState {
    /// Every person, deleted ones included, in seed order.
    pub(crate) records: Vec<GenesysRecord>,
    /// Genesys's fault settings.
    pub(crate) faults: GenesysFaults,
    /// The current rate-limit window.
    pub(crate) window: RateWindow,
    /// Access tokens issued by `/oauth/token` (expired ones are dropped lazily), and the API calls
    /// let in by the sandbox's API key itself and by an issued token, so tests can tell which one
    /// a client sent.
    pub(crate) tokens: Tokens,
}

/// One person and what the user JSON does not show.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GenesysRecord {
    /// The user as the API returns it.
    pub(crate) user: User,
    /// How many times `DELETE /api/v2/tokens/{userId}` revoked the person's tokens.
    pub(crate) revocations: usize,
}

impl GenesysRecord {
    /// A record with no revocations.
    pub(crate) fn new(user: User) -> GenesysRecord {
        GenesysRecord { user, revocations: 0 }
    }

    /// Somebody else's edit: the version moves on and the department changes.
    pub(crate) fn edit_elsewhere(&mut self) {
        self.user.version += 1;
        self.user.department = Some(EDITED_ELSEWHERE.to_string());
    }
}

/// A fixed 60-second window starting at its first request.
#[derive(Debug, Clone, Default)]
pub(crate) struct RateWindow {
    /// When the window started (`None`: no window yet).
    pub(crate) started: Option<Instant>,
    /// Requests counted in the window.
    pub(crate) used: u64,
}

impl GenesysState {
    /// Fresh state over these seeded records, with default faults and no tokens.
    pub(crate) fn seeded(records: Vec<GenesysRecord>) -> GenesysState {
        GenesysState {
            records,
            faults: GenesysFaults::default(),
            window: RateWindow::default(),
            tokens: Tokens::default(),
        }
    }

    /// Seeded records back, default faults, a fresh rate window, no issued tokens (the
    /// revocation counters live in the records, so they start over too).
    pub(crate) fn reset(&mut self, records: Vec<GenesysRecord>) {
        *self = GenesysState::seeded(records);
    }

    /// Counts one request against the window → `None` if allowed, else the seconds until the
    /// window resets (at least 1).
    pub(crate) fn count_request(&mut self) -> Option<u64> {
        let now = Instant::now();
        let started = match self.window.started {
            Some(started) if now.duration_since(started) < WINDOW => started,
            _ => {
                self.window = RateWindow { started: Some(now), used: 0 };
                now
            }
        };
        if self.window.used < self.faults.rate_limit_per_minute {
            self.window.used += 1;
            return None;
        }
        let left = WINDOW.saturating_sub(now.duration_since(started));
        Some((left.as_secs() + u64::from(left.subsec_nanos() > 0)).max(1))
    }

    /// Index of the person with this id (a UUID in any case), deleted ones included.
    pub(crate) fn find(&self, id: &str) -> Option<usize> {
        if !is_uuid(id) {
            return None;
        }
        let id = id.to_ascii_lowercase();
        self.records.iter().position(|r| r.user.id == id)
    }

    /// Index of the person with this id unless deleted.
    pub(crate) fn find_live(&self, id: &str) -> Option<usize> {
        self.find(id).filter(|&i| self.records[i].user.state != UserState::Deleted)
    }

    /// Consumes the conflict switch: if it is on, edits the person at `index` elsewhere and turns
    /// the switch off.
    pub(crate) fn take_conflict(&mut self, index: usize) {
        if self.faults.conflict_next_change {
            self.faults.conflict_next_change = false;
            self.records[index].edit_elsewhere();
        }
    }
}
