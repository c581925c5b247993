//! The one rate window every provider counts its calls in: a FIXED 60-second window that starts
//! at the first call after the previous window ended (aligned to when it started, not to the
//! clock's minutes), with a budget of `rate_limit_per_minute` calls. It is not sliding: a burst
//! at the end of one window and one at the start of the next both get the whole budget.
//!
//! Okta, Genesys and DocSpace had a window each before this one; all three were already fixed
//! windows starting at their first call (Okta's counted in whole epoch seconds, the others on the
//! monotonic clock). They now share this one, on the monotonic clock, with the wall clock read
//! once per window for Okta's `X-Rate-Limit-Reset` (UTC epoch seconds).
//!
//! This module must not build HTTP replies or name a provider; it never panics.

use std::time::{Duration, Instant};

use crate::clock::now_ms;

/// Length of a window.
pub(crate) const WINDOW: Duration = Duration::from_secs(60);

/// The current window: when it started (monotonic and wall clock) and how many calls it let in.
#[derive(Debug, Clone, Default)]
pub(crate) struct RateWindow {
    /// `(monotonic start, wall-clock start in epoch milliseconds)`; `None` before the first call.
    started: Option<(Instant, i64)>,
    /// Calls let in during the window.
    used: u64,
}

/// What counting one call found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Budget {
    /// Calls allowed per window.
    pub(crate) limit: u64,
    /// Calls left in the window after this one.
    pub(crate) remaining: u64,
    /// Whole seconds until the window ends, rounded up, at least 1 (the `Retry-After` of a 429).
    pub(crate) reset_in_s: u64,
    /// When the window ends, UTC epoch seconds rounded up (Okta's `X-Rate-Limit-Reset`).
    pub(crate) reset_epoch_s: u64,
    /// This call was over the budget (it was not let in, and not counted).
    pub(crate) over: bool,
}

impl RateWindow {
    /// Counts one call against a budget of `limit`, starting a new window if the last one ended.
    pub(crate) fn count(&mut self, limit: u64) -> Budget {
        let now = Instant::now();
        let (started, started_ms) = match self.started {
            Some((started, ms)) if now.duration_since(started) < WINDOW => (started, ms),
            _ => {
                let ms = now_ms();
                *self = RateWindow { started: Some((now, ms)), used: 0 };
                (now, ms)
            }
        };
        let over = self.used >= limit;
        if !over {
            self.used += 1;
        }
        let left = WINDOW.saturating_sub(now.duration_since(started));
        let reset_in_s = (left.as_secs() + u64::from(left.subsec_nanos() > 0)).max(1);
        let end_ms = u64::try_from(started_ms).unwrap_or(0).saturating_add(WINDOW.as_millis() as u64);
        Budget {
            limit,
            remaining: limit.saturating_sub(self.used),
            reset_in_s,
            reset_epoch_s: end_ms.div_ceil(1000),
            over,
        }
    }

    /// Pretends `by` has passed since the window started (tests only: a window need not be
    /// waited out).
    #[cfg(test)]
    pub(crate) fn elapse(&mut self, by: Duration) {
        if let Some((started, ms)) = self.started {
            let by_ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
            self.started = started.checked_sub(by).map(|s| (s, ms.saturating_sub(by_ms)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_window_lets_the_budget_in_then_refuses_until_it_ends() {
        let mut window = RateWindow::default();
        let first = window.count(2);
        assert_eq!((first.remaining, first.over), (1, false));
        assert!((59..=60).contains(&first.reset_in_s), "{first:?}");
        let epoch_s = u64::try_from(now_ms() / 1000).unwrap();
        assert!(first.reset_epoch_s > epoch_s && first.reset_epoch_s <= epoch_s + 61, "{first:?}");
        let second = window.count(2);
        assert_eq!((second.remaining, second.over), (0, false));
        let refused = window.count(2);
        assert_eq!((refused.remaining, refused.over, refused.reset_epoch_s), (0, true, first.reset_epoch_s));
        window.elapse(Duration::from_millis(59_500));
        assert_eq!(window.count(2).reset_in_s, 1, "rounded up, at least 1");
        window.elapse(Duration::from_millis(600));
        let fresh = window.count(2);
        assert_eq!((fresh.remaining, fresh.over), (1, false), "a new window starts at this call");
        assert!(fresh.reset_epoch_s >= first.reset_epoch_s);
    }
}
