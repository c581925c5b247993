//! The Okta simulator as a [`Simulator`]: its handle (cloned into every request context) and its
//! state behind its own lock (see `state`). Pending activations and deactivations are settled
//! lazily by [`Okta::with_state`]. This module must not build HTTP replies (see the parent module)
//! or touch another provider's state.

use std::sync::{Arc, Mutex};

use axum::Router;
use serde_json::Value;

use super::faults::OktaFaults;
use super::seed;
use super::state::OktaState;
use super::wire::UserStatus;
use crate::faults;
use crate::simulator::{SandboxPerson, Setup, Simulator};
use crate::traffic::{Traffic, DEFAULT_RATE_LIMIT};

/// The simulator; clones share the state.
#[derive(Clone)]
pub(crate) struct Okta(Arc<Inner>);

struct Inner {
    api_key: String,
    seed: u64,
    generated: usize,
    state: Mutex<OktaState>,
    traffic: Traffic,
}

/// The registration table's constructor.
pub(crate) fn simulator(setup: &Setup<'_>) -> Box<dyn Simulator> {
    let state = OktaState::seeded(seed::records(setup.seed, setup.generated));
    let inner = Inner {
        api_key: setup.api_key.to_string(),
        seed: setup.seed,
        generated: setup.generated,
        state: Mutex::new(state),
        traffic: Traffic::new(DEFAULT_RATE_LIMIT),
    };
    Box::new(Okta(Arc::new(inner)))
}

impl Okta {
    /// The key `Authorization: SSWS` must carry.
    pub(crate) fn api_key(&self) -> &str {
        &self.0.api_key
    }

    /// Runs `f` on the state with due changes settled; a poisoned lock is recovered (the state
    /// stays consistent because every mutation is a single assignment or removal).
    pub(crate) fn with_state<R>(&self, f: impl FnOnce(&mut OktaState) -> R) -> R {
        let mut guard = self.0.state.lock().unwrap_or_else(|e| e.into_inner());
        guard.settle();
        f(&mut guard)
    }

    fn check(json: &[u8]) -> Result<OktaFaults, String> {
        faults::parse::<OktaFaults>(json)?.validated()
    }
}

impl Simulator for Okta {
    fn router(&self, mount: &'static str) -> Router {
        super::router(self.clone(), mount)
    }

    fn user_count(&self) -> usize {
        self.with_state(|o| o.records.len())
    }

    /// Seeded users back, faults cleared; registered OAuth clients and issued tokens stay.
    fn reset(&self) {
        let records = seed::records(self.0.seed, self.0.generated);
        self.with_state(|o| o.reset(records));
    }

    fn faults(&self) -> Value {
        faults::to_json(&self.with_state(|o| o.faults.clone()))
    }

    fn check_faults(&self, json: &[u8]) -> Result<Value, String> {
        Okta::check(json).map(|f| faults::to_json(&f))
    }

    fn set_faults(&self, json: &[u8]) -> Result<Value, String> {
        let settings = Okta::check(json)?;
        self.with_state(|o| o.faults = settings.clone());
        Ok(faults::to_json(&settings))
    }

    fn traffic(&self) -> &Traffic {
        &self.0.traffic
    }

    /// ACTIVE users with no change in flight (name: first and last name, else the login).
    fn active_people(&self) -> Vec<SandboxPerson> {
        self.with_state(|o| {
            let active = o.records.iter().filter(|r| r.user.status == UserStatus::Active && r.pending.is_none());
            active
                .map(|r| {
                    let p = &r.user.profile;
                    let parts = [p.first_name.as_deref(), p.last_name.as_deref()];
                    let name = parts.into_iter().flatten().collect::<Vec<_>>().join(" ");
                    let name = if name.is_empty() { p.login.clone() } else { name };
                    SandboxPerson { id: r.user.id.clone(), email: p.email.clone(), name }
                })
                .collect()
        })
    }
}
