//! SCIM's fault settings: the shared four (see [`crate::faults::Faults`]) plus SCIM's own four
//! switches: no entity tags at all, a bodiless 204 for a successful PATCH, refusing filters on
//! `emails`, and somebody else's edit just before the next change. Their effects are in `gate`
//! (latency, failures), `users` (ETags, the 204, the conflict) and `search` (the email filter).
//! This module must not touch users or build HTTP replies.

use serde::{Deserialize, Serialize};

use crate::faults::{default_retry_after, Faults};

/// SCIM's fault settings (also its admin JSON shape).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScimFaults {
    /// Delay before every `/v2` response.
    #[serde(default)]
    pub(crate) latency_ms: u64,
    /// Status every `/v2` request answers with (after the key check), if set.
    #[serde(default)]
    pub(crate) fail_status: Option<u16>,
    /// `Retry-After` of an injected 429.
    #[serde(default = "default_retry_after")]
    pub(crate) retry_after_s: u64,
    /// Latency and failure apply only to changes (GETs are spared).
    #[serde(default)]
    pub(crate) changes_only: bool,
    /// No `ETag` header, no `meta.version`, `If-Match` and `If-None-Match` ignored, and the
    /// ServiceProviderConfig says `etag.supported: false`.
    #[serde(default)]
    pub(crate) no_etags: bool,
    /// A successful PATCH answers 204 without a body (RFC 7644 §3.5.2 allows either).
    #[serde(default)]
    pub(crate) patch_204: bool,
    /// Any filter that names `emails` (or `emails.value`) → 400 invalidFilter.
    #[serde(default)]
    pub(crate) reject_email_filter: bool,
    /// The next PATCH or DELETE of an existing user first meets somebody else's edit (version + 1,
    /// a new title); then this turns off.
    #[serde(default)]
    pub(crate) conflict_next_change: bool,
}

impl Default for ScimFaults {
    fn default() -> ScimFaults {
        ScimFaults {
            latency_ms: 0,
            fail_status: None,
            retry_after_s: default_retry_after(),
            changes_only: false,
            no_etags: false,
            patch_204: false,
            reject_email_filter: false,
            conflict_next_change: false,
        }
        .with_common(&Faults::default())
    }
}

impl ScimFaults {
    /// These settings with the shared four replaced.
    fn with_common(mut self, common: &Faults) -> ScimFaults {
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

    /// Checks the shared settings (the latency is capped); the switches need no check.
    pub(crate) fn validated(self) -> Result<ScimFaults, String> {
        let common = self.common().validated()?;
        Ok(self.with_common(&common))
    }
}
