//! Acronis's fault settings: the shared four (see [`crate::faults::Faults`]) plus Acronis's own
//! access-token lifetime, the one-shot switch that expires every issued token at once, and the
//! one-shot version-conflict switch, with their checks. No rate budget: Acronis documents none.
//! Their effects are in `gate` (latency, failures), `token` (lifetime), `simulator` (expiring
//! the tokens when the settings are applied) and `users`/`lifecycle` (the conflict switch). This
//! module must not touch users or build HTTP replies.

use serde::{Deserialize, Serialize};

use crate::faults::{default_retry_after, Faults};

/// Longest access-token lifetime: one week.
const MAX_TOKEN_LIFETIME_S: u64 = 604_800;

/// Acronis's fault settings (also its admin JSON shape).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AcronisFaults {
    /// Delay before every `/api/2` response (the token endpoint is spared).
    #[serde(default)]
    pub(crate) latency_ms: u64,
    /// Status every `/api/2` request answers with, if set (the token endpoint is spared).
    #[serde(default)]
    pub(crate) fail_status: Option<u16>,
    /// `Retry-After` of an injected 429.
    #[serde(default = "default_retry_after")]
    pub(crate) retry_after_s: u64,
    /// Latency and failure apply only to changes (GETs, the search included, are spared).
    #[serde(default)]
    pub(crate) changes_only: bool,
    /// `expires_in` of tokens issued from now on (0: they expire at once).
    #[serde(default = "default_token_lifetime")]
    pub(crate) token_lifetime_s: u64,
    /// When applied: every issued token stops working at once; it reads back `false` afterwards.
    #[serde(default)]
    pub(crate) expire_tokens_now: bool,
    /// The next user PUT, DELETE or restore first simulates somebody else's edit of that person;
    /// then this turns off.
    #[serde(default)]
    pub(crate) conflict_next_change: bool,
}

/// Two hours, as Acronis's tokens live.
fn default_token_lifetime() -> u64 {
    7200
}

impl Default for AcronisFaults {
    fn default() -> AcronisFaults {
        let common = Faults::default();
        AcronisFaults {
            latency_ms: common.latency_ms,
            fail_status: common.fail_status,
            retry_after_s: common.retry_after_s,
            changes_only: common.changes_only,
            token_lifetime_s: default_token_lifetime(),
            expire_tokens_now: false,
            conflict_next_change: false,
        }
    }
}

impl AcronisFaults {
    /// Checks the shared settings (the latency is capped) and the token lifetime (0..=604800 s).
    pub(crate) fn validated(self) -> Result<AcronisFaults, String> {
        let common = Faults {
            latency_ms: self.latency_ms,
            fail_status: self.fail_status,
            retry_after_s: self.retry_after_s,
            changes_only: self.changes_only,
        }
        .validated()?;
        if self.token_lifetime_s > MAX_TOKEN_LIFETIME_S {
            return Err(format!("token_lifetime_s must be 0..={MAX_TOKEN_LIFETIME_S}, not {}", self.token_lifetime_s));
        }
        Ok(AcronisFaults {
            latency_ms: common.latency_ms,
            fail_status: common.fail_status,
            retry_after_s: common.retry_after_s,
            changes_only: common.changes_only,
            ..self
        })
    }
}
