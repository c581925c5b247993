//! How fast a bulk run calls one connection, and when it tries a failed call again.
//!
//! `Pacer` spaces calls so the provider's limit is reached evenly and never crossed: where the
//! provider says how much of its window is left (Okta's `X-Rate-Limit-*`, DocSpace's
//! `X-RateLimit-*`, read by the adapter into an `idp::RateWindow`), what is left is spread over
//! the time to the reset, less a reserve for calls still on their way; where it says nothing, the
//! first 429 teaches it the limit (the calls that got through in the minute before it), and a
//! `Retry-After` pauses it. `Retry` says how long to wait before a failed call goes again
//! (exponential backoff with full jitter, never less than the provider asked) or that it should
//! not. Pure: times are milliseconds passed in, jitter is a number in 0..1 passed in.

use std::collections::VecDeque;

use idp::{Error, ErrorKind, RateWindow};

const MINUTE_MS: u64 = 60_000;
/// The fewest calls that got through in the minute before a 429 for it to teach a limit.
const LEARN_FROM: u32 = 20;

/// One connection's pace.
#[derive(Debug, Clone)]
pub struct Pacer {
    /// Calls that may be on their way at once (their replies not yet counted in `remaining`).
    in_flight: u32,
    next_at: u64,
    paused_until: u64,
    /// The last window a reply described, and when it was read.
    window: Option<(RateWindow, u64)>,
    /// Calls per minute learnt from a 429, for providers that send no window, and when.
    learnt_per_minute: Option<u32>,
    learnt_at: u64,
    /// When each call of the last minute was sent.
    recent: VecDeque<u64>,
    /// When each reply of the last minute that was not a 429 came back.
    accepted: VecDeque<u64>,
}

impl Pacer {
    /// A pacer for a connection that runs up to `in_flight` calls at once.
    pub fn new(in_flight: u32) -> Pacer {
        Pacer {
            in_flight: in_flight.max(1),
            next_at: 0,
            paused_until: 0,
            window: None,
            learnt_per_minute: None,
            learnt_at: 0,
            recent: VecDeque::new(),
            accepted: VecDeque::new(),
        }
    }

    /// The earliest time the next call may be sent.
    pub fn ready_at(&self) -> u64 {
        self.next_at.max(self.paused_until)
    }

    /// Records a call sent at `now`, and spaces the next one.
    pub fn sent(&mut self, now: u64) {
        self.recent.push_back(now);
        while self.recent.front().is_some_and(|t| *t + MINUTE_MS <= now) {
            self.recent.pop_front();
        }
        self.next_at = now + self.gap(now);
    }

    /// Reads a reply that came back at `now`: the window it describes, and whether it was a 429
    /// (with the wait the provider asked for, in milliseconds).
    pub fn observe(&mut self, now: u64, window: Option<RateWindow>, refused: Option<Option<u64>>) {
        if let Some(window) = window {
            self.window = Some((window, now));
        }
        if refused.is_none() {
            self.accepted.push_back(now);
        }
        while self.accepted.front().is_some_and(|t| *t + MINUTE_MS <= now) {
            self.accepted.pop_front();
        }
        if let Some(wait) = refused {
            let got_through = self.accepted.len() as u32;
            // A refusal after a handful of calls is a pause (a burst, an outage), not a limit, and
            // so is one that asks for a second or less: a window's limit asks to wait for its end.
            let asks_a_window = wait.is_none_or(|ms| ms > 1_000);
            if got_through >= LEARN_FROM && asks_a_window {
                let learnt = got_through;
                self.learnt_per_minute = Some(self.current_learnt(now).map_or(learnt, |l| l.min(learnt)));
                self.learnt_at = now;
            }
            let until_reset = self.window.map(|(w, at)| at + w.resets_in_s * 1000).filter(|at| *at > now);
            let wait_until = match wait {
                Some(ms) => now + ms,
                None => until_reset.unwrap_or(now + 1000),
            };
            self.paused_until = self.paused_until.max(wait_until);
        }
        // The gap runs from the last call sent, not from this reply (which came a round trip later).
        let last_sent = self.recent.back().copied().unwrap_or(now);
        if let Some(next) = self.window_next(last_sent) {
            self.next_at = self.next_at.max(next);
        }
    }

    /// The gap after a call sent at `now`.
    fn gap(&self, now: u64) -> u64 {
        if let Some(next) = self.window_next(now) {
            return next.saturating_sub(now);
        }
        match self.current_learnt(now) {
            Some(per_minute) => MINUTE_MS.div_ceil(u64::from(per_minute.max(1))),
            None => 0,
        }
    }

    /// The learnt limit, raised by a twentieth for every whole minute since the last 429 (up to
    /// double), so a limit learnt too low, or raised since, is found again.
    fn current_learnt(&self, now: u64) -> Option<u32> {
        let minutes = now.saturating_sub(self.learnt_at) / MINUTE_MS;
        let raise = 1.0 + 0.05 * minutes.min(20) as f64;
        self.learnt_per_minute.map(|l| (f64::from(l) * raise) as u32)
    }

    /// When the next call may go by the last window read: what is left of it, less a reserve
    /// for the calls on their way, spread evenly until it resets.
    fn window_next(&self, now: u64) -> Option<u64> {
        let (window, read_at) = self.window?;
        let resets_at = read_at + window.resets_in_s.max(1) * 1000;
        if now >= resets_at {
            // A new window: pace by its limit until a reply describes it.
            return Some(now + MINUTE_MS.div_ceil(u64::from(window.limit)).min(resets_at.saturating_sub(now)));
        }
        let reserve = self.in_flight.max(window.limit / 50);
        let left = window.remaining.saturating_sub(reserve);
        if left == 0 {
            return Some(resets_at);
        }
        Some(now + (resets_at - now) / u64::from(left + 1))
    }
}

/// When a failed call goes again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// Attempts in all, the first included.
    pub attempts: u32,
    /// Attempts in all when the provider said it was busy (429): it asks to wait, not to give up.
    pub busy_attempts: u32,
    pub base_ms: u64,
    pub cap_ms: u64,
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Try again after this many milliseconds.
    Wait(u64),
    /// Do not: the error is final, or the attempts are used up.
    GiveUp,
}

impl Default for Retry {
    fn default() -> Retry {
        Retry { attempts: 6, busy_attempts: 30, base_ms: 500, cap_ms: 30_000 }
    }
}

impl Retry {
    /// Whether an error is worth trying again: the provider was busy, unavailable or did not
    /// answer. A refusal (400, 403, 404, a state the provider does not allow) is final.
    pub fn retryable(kind: &ErrorKind) -> bool {
        matches!(
            kind,
            ErrorKind::RateLimited
                | ErrorKind::Server
                | ErrorKind::Unavailable
                | ErrorKind::Gateway
                | ErrorKind::ProviderUnreachable
                | ErrorKind::ProxyUnreachable
                | ErrorKind::OutcomeUnknown
        )
    }

    /// After attempt number `attempt` (1 for the first) failed with `error`, at `now_s` (seconds,
    /// for a provider that names the time its window resets), with `jitter` in 0..1.
    pub fn after(&self, attempt: u32, error: &Error, now_s: u64, jitter: f64) -> Next {
        let most = if error.kind == ErrorKind::RateLimited { self.busy_attempts } else { self.attempts };
        if attempt >= most || !Retry::retryable(&error.kind) {
            return Next::GiveUp;
        }
        let ceiling = self.base_ms.saturating_mul(1u64 << attempt.min(20)).min(self.cap_ms);
        let backoff = (ceiling as f64 * jitter.clamp(0.0, 1.0)) as u64;
        let asked = error
            .retry_after_s
            .or_else(|| error.retry_at_epoch_s.map(|at| at.saturating_sub(now_s)))
            .map_or(0, |s| s.saturating_mul(1000));
        Next::Wait(backoff.max(asked))
    }
}

#[cfg(test)]
mod tests;
