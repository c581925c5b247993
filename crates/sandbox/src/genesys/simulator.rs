//! The Genesys simulator as a [`Simulator`]: its handle (cloned into every request context) and
//! its state behind its own lock (see `state`). This module must not build HTTP replies (see the
//! parent module) or touch another provider's state.

use std::sync::{Arc, Mutex};

use axum::Router;
use serde_json::Value;

use super::faults::GenesysFaults;
use super::seed;
use super::state::GenesysState;
use super::wire::UserState;
use crate::faults;
use crate::simulator::{SandboxPerson, Setup, Simulator};
use crate::traffic::{Traffic, DEFAULT_RATE_LIMIT};

/// The simulator; clones share the state.
#[derive(Clone)]
pub(crate) struct Genesys(Arc<Inner>);

struct Inner {
    api_key: String,
    seed: u64,
    generated: usize,
    state: Mutex<GenesysState>,
    traffic: Traffic,
}

/// The registration table's constructor.
pub(crate) fn simulator(setup: &Setup<'_>) -> Box<dyn Simulator> {
    let state = GenesysState::seeded(seed::records(setup.seed, setup.generated));
    let inner = Inner {
        api_key: setup.api_key.to_string(),
        seed: setup.seed,
        generated: setup.generated,
        state: Mutex::new(state),
        traffic: Traffic::new(DEFAULT_RATE_LIMIT),
    };
    Box::new(Genesys(Arc::new(inner)))
}

impl Genesys {
    /// The sandbox API key: a bearer token on `/api/v2` and the client secret of the token
    /// endpoint.
    pub(crate) fn api_key(&self) -> &str {
        &self.0.api_key
    }

    /// Runs `f` on the state; a poisoned lock is recovered (every mutation is a few assignments
    /// that leave the state consistent at each step).
    pub(crate) fn with_state<R>(&self, f: impl FnOnce(&mut GenesysState) -> R) -> R {
        let mut guard = self.0.state.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut guard)
    }

    fn check(json: &[u8]) -> Result<GenesysFaults, String> {
        faults::parse::<GenesysFaults>(json)?.validated()
    }
}

impl Simulator for Genesys {
    fn router(&self, mount: &'static str) -> Router {
        super::router(self.clone(), mount)
    }

    /// People not (soft-)deleted.
    fn user_count(&self) -> usize {
        self.with_state(|g| g.records.iter().filter(|r| r.user.state != UserState::Deleted).count())
    }

    /// Seeded people back, default faults; issued tokens cleared.
    fn reset(&self) {
        let records = seed::records(self.0.seed, self.0.generated);
        self.with_state(|g| g.reset(records));
    }

    fn faults(&self) -> Value {
        faults::to_json(&self.with_state(|g| g.faults.clone()))
    }

    fn check_faults(&self, json: &[u8]) -> Result<Value, String> {
        Genesys::check(json).map(|f| faults::to_json(&f))
    }

    fn set_faults(&self, json: &[u8]) -> Result<Value, String> {
        let settings = Genesys::check(json)?;
        self.with_state(|g| g.faults = settings.clone());
        Ok(faults::to_json(&settings))
    }

    fn traffic(&self) -> &Traffic {
        &self.0.traffic
    }

    /// People in state `active` (not the hostile `suspended` one).
    fn active_people(&self) -> Vec<SandboxPerson> {
        self.with_state(|g| {
            let active = g.records.iter().map(|r| &r.user).filter(|u| u.state == UserState::Active);
            active.map(|u| SandboxPerson { id: u.id.clone(), email: u.email.clone(), name: u.name.clone() }).collect()
        })
    }
}
