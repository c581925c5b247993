//! The FusionAuth simulator as a [`Simulator`]: its handle (cloned into every handler), its state
//! behind its own lock (users with their refresh tokens, and its fault settings, which are exactly
//! the shared [`Faults`]) and its part of the public [`Sandbox`] API. This module must not build
//! HTTP replies (see the parent module) or touch another provider's state.

use std::sync::{Arc, Mutex};

use axum::Router;
use serde_json::Value;

use super::seed;
use super::wire::{RefreshToken, User};
use crate::faults::{self, Faults};
use crate::simulator::{SandboxPerson, Setup, Simulator};
use crate::traffic::{Traffic, DEFAULT_RATE_LIMIT};
use crate::Sandbox;

/// Everything a FusionAuth request can change.
pub(crate) struct FaState {
    /// Users that exist (deactivated ones included), in seed order.
    pub(crate) records: Vec<Record>,
    /// Current fault-injection settings.
    pub(crate) faults: Faults,
}

/// One user and the refresh tokens issued to them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    pub(crate) user: User,
    pub(crate) refresh_tokens: Vec<RefreshToken>,
}

/// The simulator; clones share the state.
#[derive(Clone)]
pub(crate) struct FusionAuth(Arc<Inner>);

struct Inner {
    api_key: String,
    seed: u64,
    generated: usize,
    state: Mutex<FaState>,
    traffic: Traffic,
}

/// The registration table's constructor.
pub(crate) fn simulator(setup: &Setup<'_>) -> Box<dyn Simulator> {
    let state = FaState { records: seed::records(setup.seed, setup.generated), faults: Faults::default() };
    let inner = Inner {
        api_key: setup.api_key.to_string(),
        seed: setup.seed,
        generated: setup.generated,
        state: Mutex::new(state),
        traffic: Traffic::new(DEFAULT_RATE_LIMIT),
    };
    Box::new(FusionAuth(Arc::new(inner)))
}

impl FusionAuth {
    /// The key `Authorization` must carry.
    pub(crate) fn api_key(&self) -> &str {
        &self.0.api_key
    }

    /// Runs `f` with the state locked; a poisoned lock is recovered (the state stays consistent
    /// because every mutation is a single assignment or removal).
    pub(crate) fn with_state<R>(&self, f: impl FnOnce(&mut FaState) -> R) -> R {
        let mut guard = self.0.state.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut guard)
    }

    fn check(json: &[u8]) -> Result<Faults, String> {
        faults::parse::<Faults>(json)?.validated()
    }
}

impl Simulator for FusionAuth {
    /// `/api/...` (FusionAuth's paths have no base path of their own, so `mount` is not needed).
    fn router(&self, _mount: &'static str) -> Router {
        Router::new().nest("/api", super::router(self.clone()))
    }

    fn user_count(&self) -> usize {
        self.with_state(|s| s.records.len())
    }

    /// Seeded users and refresh tokens back, faults cleared.
    fn reset(&self) {
        let records = seed::records(self.0.seed, self.0.generated);
        self.with_state(|s| {
            s.records = records;
            s.faults = Faults::default();
        });
    }

    fn faults(&self) -> Value {
        faults::to_json(&self.with_state(|s| s.faults.clone()))
    }

    fn check_faults(&self, json: &[u8]) -> Result<Value, String> {
        FusionAuth::check(json).map(|f| faults::to_json(&f))
    }

    fn set_faults(&self, json: &[u8]) -> Result<Value, String> {
        let settings = FusionAuth::check(json)?;
        self.with_state(|s| s.faults = settings.clone());
        Ok(faults::to_json(&settings))
    }

    fn traffic(&self) -> &Traffic {
        &self.0.traffic
    }

    /// Active users (name: `fullName`, else first and last name, else the username).
    fn active_people(&self) -> Vec<SandboxPerson> {
        self.with_state(|s| {
            let people = s.records.iter().map(|r| &r.user).filter(|u| u.active);
            people
                .map(|u| {
                    let parts = [u.first_name.as_deref(), u.last_name.as_deref()];
                    let joined = parts.into_iter().flatten().collect::<Vec<_>>().join(" ");
                    let login = u.username.clone().or_else(|| u.email.clone()).unwrap_or_default();
                    let name = u.full_name.clone().filter(|n| !n.is_empty()).or((!joined.is_empty()).then_some(joined));
                    SandboxPerson {
                        id: u.id.clone(),
                        email: u.email.clone().unwrap_or_else(|| login.clone()),
                        name: name.unwrap_or(login),
                    }
                })
                .collect()
        })
    }
}

impl Sandbox {
    /// FusionAuth users that still exist (deactivated ones count, hard-deleted ones do not).
    pub fn user_count(&self) -> usize {
        self.simulator::<FusionAuth>().user_count()
    }
}
