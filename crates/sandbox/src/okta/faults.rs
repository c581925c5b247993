//! Okta's fault settings: the shared four (see [`crate::faults::Faults`]) plus Okta's own
//! asynchronous-transition time, with their checks. Their effects are in `gate` (latency,
//! failures) and `lifecycle` (transitions). The rate budget (`rate_limit_per_minute`, default
//! 6000) and the other shared settings live in `crate::traffic`. This module must not touch users
//! or build HTTP replies.

use serde::{Deserialize, Serialize};

use crate::faults::{default_retry_after, Faults};

/// Longest asynchronous transition.
const MAX_TRANSITION_MS: u64 = 60_000;

/// Okta's fault settings (also its admin JSON shape).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OktaFaults {
    /// Delay before every `/api/v1` response.
    #[serde(default)]
    pub(crate) latency_ms: u64,
    /// Status every `/api/v1` request answers with, if set.
    #[serde(default)]
    pub(crate) fail_status: Option<u16>,
    /// Seconds until `X-Rate-Limit-Reset` on an injected 429.
    #[serde(default = "default_retry_after")]
    pub(crate) retry_after_s: u64,
    /// Latency and failure apply only to changes.
    #[serde(default)]
    pub(crate) changes_only: bool,
    /// How long activations and deactivations stay in `transitioningToStatus` (0 = immediate).
    #[serde(default = "default_transition_ms")]
    pub(crate) transition_ms: u64,
}

fn default_transition_ms() -> u64 {
    1000
}

impl Default for OktaFaults {
    fn default() -> OktaFaults {
        OktaFaults::combine(&Faults::default(), default_transition_ms())
    }
}

impl OktaFaults {
    /// The shared settings plus Okta's own one.
    fn combine(common: &Faults, transition_ms: u64) -> OktaFaults {
        OktaFaults {
            latency_ms: common.latency_ms,
            fail_status: common.fail_status,
            retry_after_s: common.retry_after_s,
            changes_only: common.changes_only,
            transition_ms,
        }
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

    /// Checks the shared settings and caps the transition at 60000 ms.
    pub(crate) fn validated(mut self) -> Result<OktaFaults, String> {
        let common = self.common().validated()?;
        self.transition_ms = self.transition_ms.min(MAX_TRANSITION_MS);
        Ok(OktaFaults::combine(&common, self.transition_ms))
    }
}
