//! `lockdesk-sandbox`: an in-memory FusionAuth simulator speaking FusionAuth's real wire format
//! (paths, JSON shapes, status codes), so the lockdesk adapter and browser panel can be demoed and
//! tested without a real identity provider.
//!
//! It must not import any other workspace crate (its wire types are written from the vendor spec),
//! must not touch the network beyond the socket it is given, and must not use the wall clock for
//! seeded data (only for `lastUpdateInstant` after a mutation).
//!
//! Routes: `/api/...` is the FusionAuth API (see [`fusionauth`]); `/_sandbox/...` is the
//! fault-injection admin (see [`faults`]), meant for loopback use only.

mod faults;
mod fusionauth;
mod seed;

use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use fusionauth::wire::{RefreshToken, User};

/// An in-memory FusionAuth. Cheap to clone: clones share the same state.
#[derive(Clone)]
pub struct Sandbox {
    shared: Arc<Shared>,
}

struct Shared {
    api_key: String,
    seed: u64,
    generated: usize,
    state: Mutex<State>,
}

/// Everything a request can change.
pub(crate) struct State {
    /// Users that exist (deactivated ones included), in seed order.
    pub(crate) records: Vec<Record>,
    /// Current fault-injection settings.
    pub(crate) faults: faults::Faults,
}

/// One user and the refresh tokens issued to them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    pub(crate) user: User,
    pub(crate) refresh_tokens: Vec<RefreshToken>,
}

impl Sandbox {
    /// Seeded: Terry Example, John Doe, plus `generated` users deterministic from `seed`.
    /// Requests to `/api` must carry `Authorization: <api_key>` exactly.
    pub fn seeded(seed: u64, generated: usize, api_key: String) -> Sandbox {
        let state = State { records: seed::records(seed, generated), faults: faults::Faults::default() };
        Sandbox { shared: Arc::new(Shared { api_key, seed, generated, state: Mutex::new(state) }) }
    }

    /// The whole simulator: the FusionAuth API under `/api` and the admin endpoints under `/_sandbox`.
    pub fn router(&self) -> axum::Router {
        axum::Router::new().nest("/api", fusionauth::router(self.clone())).merge(faults::router(self.clone()))
    }

    /// Users that still exist (deactivated ones count, hard-deleted ones do not).
    pub fn user_count(&self) -> usize {
        self.with_state(|s| s.records.len())
    }

    pub(crate) fn api_key(&self) -> &str {
        &self.shared.api_key
    }

    /// Runs `f` with the state locked; a poisoned lock is recovered (the state stays consistent
    /// because every mutation is a single assignment or removal).
    pub(crate) fn with_state<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        let mut guard = self.shared.state.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut guard)
    }

    /// Restores the seeded users and clears the faults; returns the user count.
    pub(crate) fn reset(&self) -> usize {
        let records = seed::records(self.shared.seed, self.shared.generated);
        self.with_state(|s| {
            s.records = records;
            s.faults = faults::Faults::default();
            s.records.len()
        })
    }
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox")
            .field("seed", &self.shared.seed)
            .field("generated", &self.shared.generated)
            .field("users", &self.user_count())
            .finish_non_exhaustive()
    }
}

/// Binds `addr` (e.g. `127.0.0.1:0`), spawns the server on the current tokio runtime and returns
/// the bound address. Serving errors after the bind are logged with `tracing`.
pub async fn spawn(sandbox: Sandbox, addr: SocketAddr) -> std::io::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    let router = sandbox.router();
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router).await {
            tracing::error!("sandbox on {local} stopped: {e}");
        }
    });
    Ok(local)
}
