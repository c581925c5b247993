//! How far a run has got: its steps counted by state, and the rate and time left. Pure.

use serde::Serialize;

use super::{Run, StepState};

/// The counts of a run's steps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub total: usize,
    pub done: usize,
    pub skipped: usize,
    pub failed: usize,
    pub running: usize,
}

impl Progress {
    /// Steps that have ended, whichever way.
    pub fn finished(&self) -> usize {
        self.done + self.skipped + self.failed
    }
}

impl Run {
    /// Counts the steps by state.
    pub fn progress(&self) -> Progress {
        let mut p = Progress::default();
        for step in self.accounts.iter().flat_map(|a| &a.steps) {
            p.total += 1;
            match step.state {
                StepState::Pending => {}
                StepState::Running => p.running += 1,
                StepState::Done => p.done += 1,
                StepState::Skipped => p.skipped += 1,
                StepState::Failed => p.failed += 1,
            }
        }
        p
    }

    /// Steps ended per minute since the first one started, and the milliseconds left at that rate.
    pub fn rate_and_time_left(&self, now: u64) -> Option<(f64, u64)> {
        let steps = || self.accounts.iter().flat_map(|a| &a.steps);
        let first = steps().filter_map(|s| s.started_ms).min()?;
        let ended = steps().filter(|s| s.finished_ms.is_some()).count();
        let minutes = (now.saturating_sub(first) as f64 / 60_000.0).max(1.0 / 60.0);
        let per_minute = ended as f64 / minutes;
        let left = self.progress().total - self.progress().finished();
        (per_minute > 0.0).then(|| (per_minute, (left as f64 / per_minute * 60_000.0) as u64))
    }
}
