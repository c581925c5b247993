//! The Acronis simulator as a [`Simulator`]: its handle (cloned into every request context) and
//! its state behind its own lock (see `state`). Applying fault settings with `expire_tokens_now`
//! drops every issued token here. This module must not build HTTP replies (see the parent
//! module) or touch another provider's state.

use std::sync::{Arc, Mutex};

use axum::Router;
use serde_json::Value;

use super::faults::AcronisFaults;
use super::seed;
use super::state::AcronisStore;
use crate::faults;
use crate::simulator::{SandboxPerson, Setup, Simulator};
use crate::traffic::{Traffic, DEFAULT_RATE_LIMIT};

/// The simulator; clones share the state.
#[derive(Clone)]
pub(crate) struct Acronis(Arc<Inner>);

struct Inner {
    api_key: String,
    seed: u64,
    generated: usize,
    state: Mutex<AcronisStore>,
    traffic: Traffic,
}

/// The registration table's constructor.
pub(crate) fn simulator(setup: &Setup<'_>) -> Box<dyn Simulator> {
    let inner = Inner {
        api_key: setup.api_key.to_string(),
        seed: setup.seed,
        generated: setup.generated,
        state: Mutex::new(AcronisStore::seeded(seed::people(setup.seed, setup.generated))),
        traffic: Traffic::new(DEFAULT_RATE_LIMIT),
    };
    Box::new(Acronis(Arc::new(inner)))
}

impl Acronis {
    /// The sandbox API key: a bearer token on `/api/2` and the client secret of the token
    /// endpoint.
    pub(crate) fn api_key(&self) -> &str {
        &self.0.api_key
    }

    /// Runs `f` on the state; a poisoned lock is recovered (every mutation is a few assignments
    /// that leave the state consistent at each step).
    pub(crate) fn with_state<R>(&self, f: impl FnOnce(&mut AcronisStore) -> R) -> R {
        let mut guard = self.0.state.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut guard)
    }

    fn check(json: &[u8]) -> Result<AcronisFaults, String> {
        faults::parse::<AcronisFaults>(json)?.validated()
    }
}

impl Simulator for Acronis {
    fn router(&self, mount: &'static str) -> Router {
        super::router(self.clone(), mount)
    }

    /// People not (soft-)deleted.
    fn user_count(&self) -> usize {
        self.with_state(|s| s.people.iter().filter(|p| !p.deleted).count())
    }

    /// Seeded people back, default faults; issued tokens and counters cleared.
    fn reset(&self) {
        let people = seed::people(self.0.seed, self.0.generated);
        self.with_state(|s| *s = AcronisStore::seeded(people));
    }

    fn faults(&self) -> Value {
        faults::to_json(&self.with_state(|s| s.faults.clone()))
    }

    fn check_faults(&self, json: &[u8]) -> Result<Value, String> {
        Acronis::check(json).map(|f| faults::to_json(&f))
    }

    /// With `expire_tokens_now`, every issued token is dropped at once and the stored switch is
    /// off again (the reply still shows `true`: it fired).
    fn set_faults(&self, json: &[u8]) -> Result<Value, String> {
        let settings = Acronis::check(json)?;
        self.with_state(|s| {
            if settings.expire_tokens_now {
                s.tokens.expire_all();
            }
            s.faults = AcronisFaults { expire_tokens_now: false, ..settings.clone() };
        });
        Ok(faults::to_json(&settings))
    }

    fn traffic(&self) -> &Traffic {
        &self.0.traffic
    }

    /// People not deleted, enabled and activated, in the partner tenant the sandbox's connection
    /// is set up for or below it (name: first and last name, else the login).
    fn active_people(&self) -> Vec<SandboxPerson> {
        self.with_state(|s| {
            let reach = |p: &&super::state::Person| super::tenants::within(&p.user.tenant_id, super::tenants::ROOT);
            let able = s.people.iter().filter(|p| !p.deleted && p.user.enabled && p.user.activated).filter(reach);
            able.map(|p| {
                let c = &p.user.contact;
                let name = format!("{} {}", c.firstname, c.lastname).trim().to_string();
                let name = if name.is_empty() { p.user.login.clone() } else { name };
                SandboxPerson { id: p.user.id.clone(), email: c.email.clone(), name }
            })
            .collect()
        })
    }
}
