//! The five fault settings every provider shares and `Traffic` applies ([`SharedFaults`]):
//! their admin JSON shape, defaults and checks. This module must not hold state or name a
//! provider.

use serde::{Deserialize, Serialize};

use crate::faults;

/// Largest budget per window.
const MAX_RATE_LIMIT: u64 = 1_000_000;
/// Seed of the random faults when none is given.
const DEFAULT_SEED: u64 = 1;

/// The fault settings every provider has and `Traffic` applies (also their admin JSON shape,
/// merged into each provider's own).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct SharedFaults {
    /// Calls allowed per fixed 60-second window (every call the provider gets, reads included).
    pub(crate) rate_limit_per_minute: u64,
    /// Every change is made (and counted), then answered 500: only a re-read shows it was made.
    pub(crate) fail_after_change: bool,
    /// Share of calls (0–100) answered with a random fault.
    pub(crate) random_fault_percent: f64,
    /// Seed of the random faults' generator (reseeded whenever the settings are set).
    pub(crate) random_fault_seed: u64,
    /// The next this many calls get 429; counts down (the admin shows what is left).
    pub(crate) burst_429: u32,
}

/// [`SharedFaults`] as a body gives them (left-out fields take the defaults).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    #[serde(default)]
    rate_limit_per_minute: Option<u64>,
    #[serde(default)]
    fail_after_change: bool,
    #[serde(default)]
    random_fault_percent: f64,
    #[serde(default = "default_seed")]
    random_fault_seed: u64,
    #[serde(default)]
    burst_429: u32,
}

fn default_seed() -> u64 {
    DEFAULT_SEED
}

/// The defaults, with this budget per window.
pub(super) fn defaults(rate_limit_per_minute: u64) -> SharedFaults {
    SharedFaults {
        rate_limit_per_minute,
        fail_after_change: false,
        random_fault_percent: 0.0,
        random_fault_seed: DEFAULT_SEED,
        burst_429: 0,
    }
}

/// Parses and checks settings (a JSON object; left-out fields take the defaults, the budget
/// `default_rate_limit`): the budget 1..=1000000, the percent 0..=100.
pub(super) fn parse(json: &[u8], default_rate_limit: u64) -> Result<SharedFaults, String> {
    let body = faults::parse::<Body>(json)?;
    let rate_limit_per_minute = body.rate_limit_per_minute.unwrap_or(default_rate_limit);
    if !(1..=MAX_RATE_LIMIT).contains(&rate_limit_per_minute) {
        return Err(format!("rate_limit_per_minute must be 1..={MAX_RATE_LIMIT}, not {rate_limit_per_minute}"));
    }
    let percent = body.random_fault_percent;
    if !(0.0..=100.0).contains(&percent) {
        return Err(format!("random_fault_percent must be 0..=100, not {percent}"));
    }
    Ok(SharedFaults {
        rate_limit_per_minute,
        fail_after_change: body.fail_after_change,
        random_fault_percent: percent,
        random_fault_seed: body.random_fault_seed,
        burst_429: body.burst_429,
    })
}
