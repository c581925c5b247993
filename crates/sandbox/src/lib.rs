//! `lockdesk-sandbox`: in-memory identity-provider simulators (today FusionAuth, Okta and Genesys
//! Cloud) speaking each vendor's real wire format (paths, JSON shapes, status codes), so the
//! lockdesk adapters and browser panel can be demoed and tested without a real identity provider.
//!
//! It must not import any other workspace crate (its wire types are written from the vendor specs),
//! must not touch the network beyond the socket it is given, and must not use the wall clock for
//! seeded data (only for timestamps after a mutation, rate windows and token lifetimes). This file
//! must not hold provider-specific code: a provider is one folder under `src/` implementing the
//! internal `simulator::Simulator` trait (its routes, state, seeds, fault settings and any
//! `impl Sandbox` of its own) plus one row in the `REGISTRY` table below.
//!
//! Routes of [`Sandbox::router`]: every provider under its registered prefix (FusionAuth's `/api`
//! at the root, see `fusionauth`; Okta under `/okta`, see `okta`; Genesys Cloud under `/genesys`,
//! see `genesys`), and `/_sandbox/...`, the fault-injection admin for all of them (see `faults`),
//! meant for loopback use only.
//! [`Sandbox::router_for`] serves one provider at the root instead, with the same admin.

mod faults;
mod fusionauth;
mod genesys;
mod okta;
mod seed;
mod simulator;

use std::any::Any;
use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;

use simulator::{Registration, Setup, Simulator};

pub use genesys::GENESYS_SANDBOX_CLIENT_ID;
pub use okta::{OktaSessions, OKTA_TEST_PRIVATE_KEY_PEM, OKTA_TEST_PUBLIC_KEY_PEM};

/// THE registration table: one row per simulated provider, in the order the admin shows them (the
/// first one's user count is `POST /_sandbox/reset`'s reply).
const REGISTRY: &[Registration] = &[
    Registration { name: "fusionauth", mount: "", build: fusionauth::simulator },
    Registration { name: "okta", mount: "/okta", build: okta::simulator },
    Registration { name: "genesys", mount: "/genesys", build: genesys::simulator },
];

/// Every simulated provider: its config name (the proxy's `kind`) and the path prefix it is served
/// under by [`Sandbox::router`]. One row per provider; the proxy's `--sandbox` makes one connection
/// per row, with the sandbox's API key.
pub const PROVIDERS: &[(&str, &str)] = &provider_rows::<{ REGISTRY.len() }>();

/// `(name, mount)` of every [`REGISTRY`] row.
const fn provider_rows<const N: usize>() -> [(&'static str, &'static str); N] {
    let mut rows = [("", ""); N];
    let mut i = 0;
    while i < N {
        rows[i] = (REGISTRY[i].name, REGISTRY[i].mount);
        i += 1;
    }
    rows
}

/// Every simulated provider, in memory. Cheap to clone: clones share the same state.
#[derive(Clone)]
pub struct Sandbox {
    shared: Arc<Shared>,
}

struct Shared {
    seed: u64,
    generated: usize,
    /// One per [`REGISTRY`] row, in its order.
    simulators: Vec<Box<dyn Simulator>>,
}

impl Sandbox {
    /// Every provider seeded deterministically from `seed`, each with its named users plus
    /// `generated` users (see each provider's module for who they are). Each provider's API takes
    /// `api_key` in its own header scheme: FusionAuth `Authorization: <api_key>` exactly, Okta
    /// `Authorization: SSWS <api_key>` (or an OAuth bearer token), Genesys `Authorization: Bearer
    /// <api_key>` (or a token from its `/oauth/token`, client secret `api_key`).
    pub fn seeded(seed: u64, generated: usize, api_key: String) -> Sandbox {
        let setup = Setup { seed, generated, api_key: &api_key };
        let simulators = REGISTRY.iter().map(|row| (row.build)(&setup)).collect();
        Sandbox { shared: Arc::new(Shared { seed, generated, simulators }) }
    }

    /// The whole simulator: every provider under its [`PROVIDERS`] prefix (FusionAuth's `/api` at
    /// the root, Okta's `/okta/api/v1/...` and `/okta/oauth2/v1/token`, Genesys's
    /// `/genesys/api/v2/...` and `/genesys/oauth/token`) and the admin endpoints under `/_sandbox`.
    pub fn router(&self) -> axum::Router {
        let mut router = axum::Router::new();
        for (row, sim) in self.simulators() {
            router = match row.mount {
                "" => router.merge(sim.router("")),
                mount => router.nest(mount, sim.router(mount)),
            };
        }
        router.merge(faults::router(self.clone()))
    }

    /// One provider alone, served at the root as the real one is (FusionAuth's `/api/...`, Okta's
    /// `/api/v1/...`, Genesys's `/api/v2/...`), with the `/_sandbox` admin; `None` for a name no
    /// row has.
    pub fn router_for(&self, name: &str) -> Option<axum::Router> {
        let (_, sim) = self.simulators().find(|(row, _)| row.name == name)?;
        Some(sim.router("").merge(faults::router(self.clone())))
    }

    /// Every simulator with its registration row, in [`REGISTRY`] order.
    pub(crate) fn simulators(&self) -> impl Iterator<Item = (&'static Registration, &dyn Simulator)> {
        REGISTRY.iter().zip(self.shared.simulators.iter().map(|sim| &**sim))
    }

    /// The simulator of type `T` (for a provider's own `impl Sandbox`).
    pub(crate) fn simulator<T: Simulator>(&self) -> &T {
        self.simulators()
            .find_map(|(_, sim)| (sim as &dyn Any).downcast_ref::<T>())
            .expect("every Simulator type has a row in REGISTRY")
    }
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let users: Vec<(&str, usize)> = self.simulators().map(|(row, sim)| (row.name, sim.user_count())).collect();
        f.debug_struct("Sandbox")
            .field("seed", &self.shared.seed)
            .field("generated", &self.shared.generated)
            .field("users", &users)
            .finish_non_exhaustive()
    }
}

/// Binds `addr` (e.g. `127.0.0.1:0`), spawns [`Sandbox::router`] on the current tokio runtime and
/// returns the bound address. Serving errors after the bind are logged with `tracing`.
pub async fn spawn(sandbox: Sandbox, addr: SocketAddr) -> std::io::Result<SocketAddr> {
    spawn_router(sandbox.router(), addr).await
}

/// Like [`spawn`] for any router, e.g. [`Sandbox::router_for`].
pub async fn spawn_router(router: axum::Router, addr: SocketAddr) -> std::io::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router).await {
            tracing::error!("sandbox on {local} stopped: {e}");
        }
    });
    Ok(local)
}
