//! The DocSpace simulator as a [`Simulator`]: its handle (cloned into every request context) and
//! its state behind its own lock (see `state`), and its shared call handling (`crate::traffic`,
//! with DocSpace's own default budget). This module must not build HTTP replies (see the parent module) or touch another
//! provider's state.

use std::sync::{Arc, Mutex};

use axum::Router;
use serde_json::Value;

use super::faults::{DocSpaceFaults, DEFAULT_RATE_LIMIT};
use super::seed;
use super::state::DocSpaceStore;
use super::wire::ACTIVE;
use crate::faults;
use crate::simulator::{SandboxPerson, Setup, Simulator};
use crate::traffic::Traffic;

/// The simulator; clones share the state.
#[derive(Clone)]
pub(crate) struct DocSpace(Arc<Inner>);

struct Inner {
    api_key: String,
    seed: u64,
    generated: usize,
    state: Mutex<DocSpaceStore>,
    traffic: Traffic,
}

/// The registration table's constructor.
pub(crate) fn simulator(setup: &Setup<'_>) -> Box<dyn Simulator> {
    let inner = Inner {
        api_key: setup.api_key.to_string(),
        seed: setup.seed,
        generated: setup.generated,
        state: Mutex::new(DocSpaceStore::seeded(seed::people(setup.seed, setup.generated))),
        traffic: Traffic::new(DEFAULT_RATE_LIMIT),
    };
    Box::new(DocSpace(Arc::new(inner)))
}

impl DocSpace {
    /// The sandbox API key (sent as `Authorization: Bearer <key>`).
    pub(crate) fn api_key(&self) -> &str {
        &self.0.api_key
    }

    /// Runs `f` on the state; a poisoned lock is recovered (every mutation is a few assignments
    /// that leave the state consistent at each step).
    pub(crate) fn with_state<R>(&self, f: impl FnOnce(&mut DocSpaceStore) -> R) -> R {
        let mut guard = self.0.state.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut guard)
    }

    fn check(json: &[u8]) -> Result<DocSpaceFaults, String> {
        faults::parse::<DocSpaceFaults>(json)?.validated()
    }
}

impl Simulator for DocSpace {
    fn router(&self, mount: &'static str) -> Router {
        super::router(self.clone(), mount)
    }

    /// People not deleted (terminated and pending ones included).
    fn user_count(&self) -> usize {
        self.with_state(|s| s.live().count())
    }

    /// Seeded people back (created ones gone, deleted ones back), default faults.
    fn reset(&self) {
        let people = seed::people(self.0.seed, self.0.generated);
        self.with_state(|s| *s = DocSpaceStore::seeded(people));
    }

    fn faults(&self) -> Value {
        faults::to_json(&self.with_state(|s| s.faults.clone()))
    }

    fn check_faults(&self, json: &[u8]) -> Result<Value, String> {
        DocSpace::check(json).map(|f| faults::to_json(&f))
    }

    fn set_faults(&self, json: &[u8]) -> Result<Value, String> {
        let settings = DocSpace::check(json)?;
        self.with_state(|s| s.faults = settings.clone());
        Ok(faults::to_json(&settings))
    }

    fn traffic(&self) -> &Traffic {
        &self.0.traffic
    }

    /// Live people with status Active, but not the portal owner (DocSpace never terminates her).
    fn active_people(&self) -> Vec<SandboxPerson> {
        self.with_state(|s| {
            let active = s.live().map(|p| &p.user).filter(|u| u.status == ACTIVE && !u.is_owner);
            active
                .map(|u| SandboxPerson { id: u.id.clone(), email: u.email.clone(), name: u.display_name.clone() })
                .collect()
        })
    }
}
