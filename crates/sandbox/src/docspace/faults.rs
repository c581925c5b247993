//! DocSpace's fault settings: the shared four (see [`crate::faults::Faults`]) plus DocSpace's own
//! seat limit (the most people who may be Active; reactivation past it is refused with 402) and
//! the reverse proxy's HTML 502, with their checks, and the default of its rate budget. Their
//! effects are in `gate` (latency, failures, the HTML 502) and `status` (the seat limit). The rate
//! budget itself (`rate_limit_per_minute`, reported in the `X-RateLimit-*` headers),
//! `fail_after_change` (once DocSpace's own, now every provider's) and the other shared settings
//! live in `crate::traffic`. This module must not touch users or build HTTP replies.

use serde::{Deserialize, Serialize};

use crate::faults::{default_retry_after, Faults};

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
    /// The most people who may be Active (status 1) at once; `None`: no limit. Only reactivation
    /// is limited (creating a person is not).
    #[serde(default)]
    pub(crate) seat_limit: Option<u64>,
    /// Every request answers the reverse proxy's HTML 502 (no JSON, no rate headers).
    #[serde(default)]
    pub(crate) html_502: bool,
}

/// DocSpace's default `rate_limit_per_minute` (every request, counted before the key check):
/// generous, and lower than the other providers' 6000 so a client's pacing can be seen.
pub(crate) const DEFAULT_RATE_LIMIT: u64 = 1500;

impl Default for DocSpaceFaults {
    fn default() -> DocSpaceFaults {
        DocSpaceFaults {
            latency_ms: 0,
            fail_status: None,
            retry_after_s: default_retry_after(),
            changes_only: false,
            seat_limit: None,
            html_502: false,
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

    /// Checks the shared settings (the latency is capped); any seat limit, 0 included, is
    /// accepted.
    pub(crate) fn validated(self) -> Result<DocSpaceFaults, String> {
        let common = self.common().validated()?;
        Ok(self.with_common(&common))
    }
}
