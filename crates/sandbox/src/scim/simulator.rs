//! The SCIM simulator as a [`Simulator`]: its handle (cloned into every request context) and its
//! state behind its own lock (see `state`). This module must not build HTTP replies (see the
//! parent module) or touch another provider's state.

use std::sync::{Arc, Mutex};

use axum::Router;
use serde_json::Value;

use super::faults::ScimFaults;
use super::seed;
use super::state::ScimStore;
use crate::faults;
use crate::simulator::{SandboxPerson, Setup, Simulator};
use crate::traffic::{Traffic, DEFAULT_RATE_LIMIT};

/// The simulator; clones share the state.
#[derive(Clone)]
pub(crate) struct Scim(Arc<Inner>);

struct Inner {
    api_key: String,
    seed: u64,
    generated: usize,
    state: Mutex<ScimStore>,
    traffic: Traffic,
}

/// The registration table's constructor.
pub(crate) fn simulator(setup: &Setup<'_>) -> Box<dyn Simulator> {
    let inner = Inner {
        api_key: setup.api_key.to_string(),
        seed: setup.seed,
        generated: setup.generated,
        state: Mutex::new(ScimStore::seeded(seed::people(setup.seed, setup.generated))),
        traffic: Traffic::new(DEFAULT_RATE_LIMIT),
    };
    Box::new(Scim(Arc::new(inner)))
}

impl Scim {
    /// The sandbox API key (sent as `Authorization: Bearer <key>`).
    pub(crate) fn api_key(&self) -> &str {
        &self.0.api_key
    }

    /// Runs `f` on the state; a poisoned lock is recovered (every mutation is a few assignments
    /// that leave the state consistent at each step).
    pub(crate) fn with_state<R>(&self, f: impl FnOnce(&mut ScimStore) -> R) -> R {
        let mut guard = self.0.state.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut guard)
    }

    fn check(json: &[u8]) -> Result<ScimFaults, String> {
        faults::parse::<ScimFaults>(json)?.validated()
    }
}

impl Simulator for Scim {
    fn router(&self, mount: &'static str) -> Router {
        super::router(self.clone(), mount)
    }

    /// People not deleted (inactive ones included).
    fn user_count(&self) -> usize {
        self.with_state(|s| s.live().count())
    }

    /// Seeded people back (deleted ones back, versions at their start) and default faults.
    fn reset(&self) {
        let people = seed::people(self.0.seed, self.0.generated);
        self.with_state(|s| *s = ScimStore::seeded(people));
    }

    fn faults(&self) -> Value {
        faults::to_json(&self.with_state(|s| s.faults.clone()))
    }

    fn check_faults(&self, json: &[u8]) -> Result<Value, String> {
        Scim::check(json).map(|f| faults::to_json(&f))
    }

    fn set_faults(&self, json: &[u8]) -> Result<Value, String> {
        let settings = Scim::check(json)?;
        self.with_state(|s| s.faults = settings.clone());
        Ok(faults::to_json(&settings))
    }

    fn traffic(&self) -> &Traffic {
        &self.0.traffic
    }

    /// Live users with `active` true (email: the primary one, else the first, else the userName;
    /// name: `displayName`, else `name.formatted`, else the userName).
    fn active_people(&self) -> Vec<SandboxPerson> {
        self.with_state(|s| {
            let active = s.live().map(|p| &p.user).filter(|u| u.active);
            active
                .map(|u| {
                    let email = u.emails.iter().find(|e| e.primary).or(u.emails.first()).map(|e| e.value.clone());
                    let formatted = u.name.as_ref().and_then(|n| n.formatted.clone());
                    let name = u.display_name.clone().or(formatted).unwrap_or_else(|| u.user_name.clone());
                    SandboxPerson { id: u.id.clone(), email: email.unwrap_or_else(|| u.user_name.clone()), name }
                })
                .collect()
        })
    }
}
