//! DocSpace's fault settings: the shared four (see [`crate::faults::Faults`]) plus DocSpace's own
//! rate budget (reported in the `X-RateLimit-*` headers), seat limit (the most people who may be
//! Active; reactivation past it is refused with 402) and the reverse proxy's HTML 502, with their
//! checks. Their effects are in `gate` (latency, failures, the rate limit, the HTML 502) and
//! `status` (the seat limit). This module must not touch users or build HTTP replies.

use serde::{Deserialize, Serialize};

use crate::faults::{default_retry_after, Faults};

/// Largest budget per minute.
const MAX_RATE_LIMIT: u64 = 1_000_000;

/// DocSpace's fault settings (also its admin JSON shape).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DocSpaceFaults {
    /// Delay before every response.
    #[serde(default)]
    pub(crate) latency_ms: u64,
    /// Status every `/api/2.0` request answers with (after the key check), if set.
    #[serde(default)]
    pub(crate) fail_status: Option<u16>,
    /// `Retry-After` of an injected 429.
    #[serde(default = "default_retry_after")]
    pub(crate) retry_after_s: u64,
    /// Latency and failure apply only to changes (GETs are spared).
    #[serde(default)]
    pub(crate) changes_only: bool,
    /// Requests allowed per 60-second window (every request, counted before the key check).
    #[serde(default = "default_rate_limit")]
    pub(crate) rate_limit_per_minute: u64,
    /// The most people who may be Active (status 1) at once; `None`: no limit. Only reactivation
    /// is limited (creating a person is not).
    #[serde(default)]
    pub(crate) seat_limit: Option<u64>,
    /// Every request answers the reverse proxy's HTML 502 (no JSON, no rate headers).
    #[serde(default)]
    pub(crate) html_502: bool,
    /// Every change is made, then answered 500 as if it had failed: only a read shows it was made.
    #[serde(default)]
    pub(crate) fail_after_change: bool,
}

/// Generous, and lower than the other providers' 6000 so a client's pacing can be seen.
fn default_rate_limit() -> u64 {
    1500
}

impl Default for DocSpaceFaults {
    fn default() -> DocSpaceFaults {
        DocSpaceFaults {
            latency_ms: 0,
            fail_status: None,
            retry_after_s: default_retry_after(),
            changes_only: false,
            rate_limit_per_minute: default_rate_limit(),
            seat_limit: None,
            html_502: false,
            fail_after_change: false,
        }
        .with_common(&Faults::default())
    }
}

impl DocSpaceFaults {
    /// These settings with the shared four replaced.
    fn with_common(mut self, common: &Faults) -> DocSpaceFaults {
        self.latency_ms = common.latency_ms;
        self.fail_status = common.fail_status;
        self.retry_after_s = common.retry_after_s;
        self.changes_only = common.changes_only;
        self
    }

    /// The four settings every provider shares.
    fn common(&self) -> Faults {
        Faults {
            latency_ms: self.latency_ms,
            fail_status: self.fail_status,
            retry_after_s: self.retry_after_s,
            changes_only: self.changes_only,
        }
    }

    /// Checks the shared settings (the latency is capped) and the budget (1..=1000000); any seat
    /// limit, 0 included, is accepted.
    pub(crate) fn validated(self) -> Result<DocSpaceFaults, String> {
        let common = self.common().validated()?;
        if !(1..=MAX_RATE_LIMIT).contains(&self.rate_limit_per_minute) {
            return Err(format!(
                "rate_limit_per_minute must be 1..={MAX_RATE_LIMIT}, not {}",
                self.rate_limit_per_minute
            ));
        }
        Ok(self.with_common(&common))
    }
}
