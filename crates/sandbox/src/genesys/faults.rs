//! Genesys's fault settings: the shared four (see [`crate::faults::Faults`]) plus Genesys's own
//! access-token lifetime, divisions the sandbox's client may not change people in, and the
//! one-shot version-conflict switch, with their checks. Their effects are in `gate` (latency,
//! failures), `token` (lifetime) and `users` (divisions, the switch). The rate budget
//! (`rate_limit_per_minute`, default 6000, every route, the token endpoint included) and the other
//! shared settings live in `crate::traffic`. This module must not touch users or build HTTP
//! replies.

use serde::{Deserialize, Serialize};

use super::seed::DIVISIONS;
use crate::faults::{default_retry_after, Faults};

/// Longest access-token lifetime: one week.
const MAX_TOKEN_LIFETIME_S: u64 = 604_800;

/// Genesys's fault settings (also its admin JSON shape).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GenesysFaults {
    /// Delay before every `/api/v2` response.
    #[serde(default)]
    pub(crate) latency_ms: u64,
    /// Status every `/api/v2` request answers with, if set.
    #[serde(default)]
    pub(crate) fail_status: Option<u16>,
    /// `Retry-After` of an injected 429.
    #[serde(default = "default_retry_after")]
    pub(crate) retry_after_s: u64,
    /// Latency and failure apply only to changes (GETs and the search POST are spared).
    #[serde(default)]
    pub(crate) changes_only: bool,
    /// `expires_in` of tokens issued from now on (0: they expire at once).
    #[serde(default = "default_token_lifetime")]
    pub(crate) token_lifetime_s: u64,
    /// Division names whose people the client may not change (403 missing.permissions).
    #[serde(default)]
    pub(crate) denied_divisions: Vec<String>,
    /// The next user PATCH or DELETE first simulates somebody else's edit; then this turns off.
    #[serde(default)]
    pub(crate) conflict_next_change: bool,
}

fn default_token_lifetime() -> u64 {
    86_400
}

impl Default for GenesysFaults {
    fn default() -> GenesysFaults {
        GenesysFaults {
            latency_ms: 0,
            fail_status: None,
            retry_after_s: default_retry_after(),
            changes_only: false,
            token_lifetime_s: default_token_lifetime(),
            denied_divisions: vec![],
            conflict_next_change: false,
        }
        .with_common(&Faults::default())
    }
}

impl GenesysFaults {
    /// These settings with the shared four replaced.
    fn with_common(mut self, common: &Faults) -> GenesysFaults {
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

    /// Checks the shared settings, the token lifetime (0..=604800 s)
    /// and that every denied division exists (names are matched case-insensitively and stored in
    /// their canonical spelling, without repeats).
    pub(crate) fn validated(self) -> Result<GenesysFaults, String> {
        let common = self.common().validated()?;
        if self.token_lifetime_s > MAX_TOKEN_LIFETIME_S {
            return Err(format!("token_lifetime_s must be 0..={MAX_TOKEN_LIFETIME_S}, not {}", self.token_lifetime_s));
        }
        let mut denied: Vec<String> = vec![];
        for name in &self.denied_divisions {
            let Some(division) = DIVISIONS.iter().find(|d| d.name.eq_ignore_ascii_case(name.trim())) else {
                let known: Vec<&str> = DIVISIONS.iter().map(|d| d.name).collect();
                return Err(format!(
                    "denied_divisions: unknown division {name:?}, expected one of {}",
                    known.join(", ")
                ));
            };
            if !denied.iter().any(|d| d == division.name) {
                denied.push(division.name.to_string());
            }
        }
        Ok(GenesysFaults { denied_divisions: denied, ..self }.with_common(&common))
    }

    /// Whether people in the division with this name may not be changed.
    pub(crate) fn denies(&self, division: &str) -> bool {
        self.denied_divisions.iter().any(|d| d == division)
    }
}
