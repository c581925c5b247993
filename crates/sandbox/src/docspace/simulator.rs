//! The DocSpace simulator as a [`Simulator`]: its handle (cloned into every request context) and
//! its state behind its own lock (see `state`). Applying fault settings starts a fresh rate
//! window here. This module must not build HTTP replies (see the parent module) or touch another
//! provider's state.

use std::sync::{Arc, Mutex};

use axum::Router;
use serde_json::Value;

use super::faults::DocSpaceFaults;
use super::seed;
use super::state::DocSpaceStore;
use crate::faults;
use crate::simulator::{Setup, Simulator};

/// The simulator; clones share the state.
#[derive(Clone)]
pub(crate) struct DocSpace(Arc<Inner>);

struct Inner {
    api_key: String,
    seed: u64,
    generated: usize,
    state: Mutex<DocSpaceStore>,
}

/// The registration table's constructor.
pub(crate) fn simulator(setup: &Setup<'_>) -> Box<dyn Simulator> {
    let inner = Inner {
        api_key: setup.api_key.to_string(),
        seed: setup.seed,
        generated: setup.generated,
        state: Mutex::new(DocSpaceStore::seeded(seed::people(setup.seed, setup.generated))),
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

    /// Seeded people back (created ones gone, deleted ones back), default faults, a fresh rate
    /// window; the sign-out and status-change counters start over.
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

    /// Also starts a fresh rate-limit window.
    fn set_faults(&self, json: &[u8]) -> Result<Value, String> {
        let settings = DocSpace::check(json)?;
        self.with_state(|s| {
            s.faults = settings.clone();
            s.window = Default::default();
        });
        Ok(faults::to_json(&settings))
    }
}
