//! What every provider does alike to the calls it gets, kept per provider in one [`Traffic`]
//! (each simulator owns one; `Simulator::traffic` hands it out): the fixed rate window
//! (`rate_limit_per_minute`, see `window`), the 429 burst (`burst_429`), the seeded random
//! faults (`random_fault_percent`, `random_fault_seed`), "applied, then 500"
//! (`fail_after_change`), the ledger of changes per person (see `ledger`) and how many calls
//! came in ([`Calls`]). Those five settings
//! ([`SharedFaults`]) are shown and set by the `/_sandbox` admin next to each provider's own.
//!
//! A provider's gate calls [`Traffic::count`] for every call it gets (before its key check),
//! then, once the call passed the key check and the provider's own injected failure,
//! [`Traffic::draw`] and [`run`] with a function that shapes a failure in the vendor's words.
//! Its handlers record what they changed ([`Traffic::applied`], [`Traffic::unchanged`]).
//!
//! This module must not name a provider or build a provider's replies: it decides, the provider
//! answers. Lock order: a provider may call it while holding its own state lock; this module
//! never calls into a provider. It never panics (a poisoned lock is recovered).

mod ledger;
mod settings;
mod window;

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;

use crate::faults;
use ledger::Ledger;
use settings::defaults;
pub(crate) use settings::SharedFaults;
pub(crate) use window::Budget;
use window::RateWindow;

/// The budget of a provider that sets none of its own.
pub(crate) const DEFAULT_RATE_LIMIT: u64 = 6000;
/// `Retry-After` of a burst's or a random fault's 429.
pub(crate) const FAULT_RETRY_AFTER_S: u64 = 1;

/// A fault [`Traffic::draw`] picked for one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    /// Answer with this status (429 with `Retry-After: 1`, 500 or 503) and do nothing.
    Status(u16),
    /// Make the change, then answer 500 if it was made.
    AfterChange,
}

/// One provider's shared settings, rate window, random generator and ledger.
pub(crate) struct Traffic {
    default_rate_limit: u64,
    state: Mutex<State>,
}

struct State {
    settings: SharedFaults,
    window: RateWindow,
    rng: fastrand::Rng,
    ledger: Ledger,
    calls: Calls,
}

/// Calls a provider got since the last reset, as the rate window counted them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Calls {
    /// Calls let in within the budget (whatever the provider then answered).
    pub(crate) count: u64,
    /// Calls refused with 429 for being over the budget.
    pub(crate) over_limit: u64,
}

impl Traffic {
    /// Default settings (this budget per window), no window yet, an empty ledger.
    pub(crate) fn new(default_rate_limit: u64) -> Traffic {
        let settings = defaults(default_rate_limit);
        let state = State {
            rng: fastrand::Rng::with_seed(settings.random_fault_seed),
            settings,
            window: RateWindow::default(),
            ledger: Ledger::default(),
            calls: Calls::default(),
        };
        Traffic { default_rate_limit, state: Mutex::new(state) }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The settings as the admin shows them (`burst_429`: what is left).
    pub(crate) fn faults(&self) -> Value {
        faults::to_json(&self.lock().settings)
    }

    /// Parses and checks settings (see `settings::parse`).
    pub(crate) fn check(&self, json: &[u8]) -> Result<SharedFaults, String> {
        settings::parse(json, self.default_rate_limit)
    }

    /// Like [`Traffic::check`], then applies them: a fresh rate window, the generator reseeded,
    /// the burst restarted.
    pub(crate) fn set(&self, json: &[u8]) -> Result<Value, String> {
        let settings = self.check(json)?;
        let mut state = self.lock();
        state.rng = fastrand::Rng::with_seed(settings.random_fault_seed);
        state.window = RateWindow::default();
        state.settings = settings;
        Ok(faults::to_json(&state.settings))
    }

    /// Default settings, a fresh window, the generator reseeded, the ledger and the call counts
    /// emptied.
    pub(crate) fn reset(&self) {
        let settings = defaults(self.default_rate_limit);
        let mut state = self.lock();
        state.rng = fastrand::Rng::with_seed(settings.random_fault_seed);
        state.settings = settings;
        state.window = RateWindow::default();
        state.ledger = Ledger::default();
        state.calls = Calls::default();
    }

    /// Counts one call against the window (one over the budget is refused and not counted in
    /// it, only in [`Calls::over_limit`]).
    pub(crate) fn count(&self) -> Budget {
        let mut state = self.lock();
        let limit = state.settings.rate_limit_per_minute;
        let budget = state.window.count(limit);
        if budget.over {
            state.calls.over_limit += 1;
        } else {
            state.calls.count += 1;
        }
        budget
    }

    /// The calls counted since the last reset.
    pub(crate) fn calls(&self) -> Calls {
        self.lock().calls
    }

    /// The fault for one call that passed the provider's own checks, if any, in this order: the
    /// burst (429, counting down); a random fault (with `random_fault_percent` chance, then one of
    /// 429, 500, 503 and, for a `change`, "applied, then 500", evenly); `fail_after_change` for a
    /// change. Gates pass `change` only for changes a re-read shows (not sign-outs: one made and
    /// then answered 500 looks like one never made to every read, so lockdesk sends it again). The generator is drawn from only while the percent is above 0, so the same seed
    /// and the same calls give the same faults.
    pub(crate) fn draw(&self, change: bool) -> Option<Fault> {
        let mut state = self.lock();
        let state = &mut *state;
        if state.settings.burst_429 > 0 {
            state.settings.burst_429 -= 1;
            return Some(Fault::Status(429));
        }
        let percent = state.settings.random_fault_percent;
        if percent > 0.0 && state.rng.f64() * 100.0 < percent {
            let kinds = if change { 4 } else { 3 };
            return Some(match state.rng.usize(..kinds) {
                0 => Fault::Status(429),
                1 => Fault::Status(500),
                2 => Fault::Status(503),
                _ => Fault::AfterChange,
            });
        }
        (change && state.settings.fail_after_change).then_some(Fault::AfterChange)
    }

    /// Records a change that happened to person `id` (see `ledger`).
    pub(crate) fn applied(&self, id: &str, what: &'static str) {
        self.lock().ledger.applied(id, what);
    }

    /// Records an accepted request for person `id` that changed nothing (see `ledger`).
    pub(crate) fn unchanged(&self, id: &str, what: &'static str) {
        self.lock().ledger.unchanged(id, what);
    }

    /// Applied changes per person id (only people with at least one), in id order.
    pub(crate) fn changes(&self) -> BTreeMap<String, u64> {
        self.lock().ledger.changes()
    }

    /// Recorded requests labelled `what` for `id`, applied or unchanged.
    pub(crate) fn requests(&self, id: &str, what: &str) -> usize {
        self.lock().ledger.requests(id, what)
    }

    /// Pretends `by` has passed in the rate window (tests only).
    #[cfg(test)]
    pub(crate) fn elapse(&self, by: std::time::Duration) {
        self.lock().window.elapse(by);
    }
}

/// The rest of a gate once the call passed the provider's own checks: with no `fault`, the
/// handler; with a status, `fail(status, 1)` and the handler never runs; with "applied, then
/// 500", the handler, then `fail(500, 1)` instead of its reply if that was a success (a refused
/// change keeps its refusal).
pub(crate) async fn run(
    fault: Option<Fault>,
    request: Request,
    next: Next,
    fail: impl FnOnce(u16, u64) -> Response,
) -> Response {
    match fault {
        None => next.run(request).await,
        Some(Fault::Status(status)) => fail(status, FAULT_RETRY_AFTER_S),
        Some(Fault::AfterChange) => {
            let made = next.run(request).await;
            if made.status().is_success() {
                fail(500, FAULT_RETRY_AFTER_S)
            } else {
                made
            }
        }
    }
}

#[cfg(test)]
mod tests;
