//! `lockdesk-sandbox`: in-memory identity-provider simulators (today FusionAuth, Okta, Genesys
//! Cloud, Acronis Cyber Protect Cloud, ONLYOFFICE DocSpace and a SCIM 2.0 service provider)
//! speaking each vendor's real wire format (paths, JSON shapes, status codes), so the lockdesk
//! adapters and browser panel can be demoed and tested without a real identity provider.
//!
//! It must not import any other workspace crate (its wire types are written from the vendor specs),
//! must not touch the network beyond the socket it is given, and must not use the wall clock for
//! seeded data (only for timestamps after a mutation, rate windows and token lifetimes). This file
//! must not hold provider-specific code: a provider is one folder under `src/` implementing the
//! internal `simulator::Simulator` trait (its routes, state, seeds, fault settings and any
//! `impl Sandbox` of its own) plus one row in the `REGISTRY` table below (with the connection
//! settings a client of it needs, published in [`PROVIDERS`]).
//!
//! Routes of [`Sandbox::router`]: every provider under its registered prefix (FusionAuth's `/api`
//! at the root, see `fusionauth`; Okta under `/okta`, see `okta`; Genesys Cloud under `/genesys`,
//! see `genesys`; Acronis under `/acronis`, see `acronis`; DocSpace under `/docspace`, see
//! `docspace`; SCIM under `/scim`, see `scim`), and `/_sandbox/...`, the fault-injection admin for
//! all of them with its reports of people and changes (see `faults` and `reports`), meant for
//! loopback use only. What every provider does alike to each call (the rate window, random
//! faults, the 429 burst, counting changes per person) is in `traffic`.
//! [`Sandbox::router_for`] serves one provider at the root instead, with the same admin.

mod acronis;
#[cfg(test)]
mod bulk_tests;
mod clock;
mod codec;
mod docspace;
mod faults;
mod fusionauth;
mod genesys;
mod oauth;
mod okta;
mod reports;
mod scim;
mod seed;
mod simulator;
#[cfg(test)]
mod test_support;
mod traffic;

use std::any::Any;
use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;

use simulator::{Registration, Setup, Simulator};

pub use acronis::{AcronisState, ACRONIS_ROOT_TENANT, ACRONIS_SANDBOX_CLIENT_ID};
pub use docspace::{DocSpaceState, DOCSPACE_MIKE_ID, DOCSPACE_OWNER_ID};
pub use genesys::GENESYS_SANDBOX_CLIENT_ID;
pub use okta::{OktaSessions, OKTA_TEST_PRIVATE_KEY_PEM, OKTA_TEST_PUBLIC_KEY_PEM};
pub use reports::MAX_PEOPLE;
pub use scim::{ScimState, SCIM_BJENSEN_ID};
pub use simulator::SandboxPerson;

/// THE registration table: one row per simulated provider, in the order the admin shows them (the
/// first one's user count is `POST /_sandbox/reset`'s reply).
const REGISTRY: &[Registration] = &[
    Registration { name: "fusionauth", mount: "", api_path: "", settings: &[], build: fusionauth::simulator },
    Registration { name: "okta", mount: "/okta", api_path: "", settings: &[], build: okta::simulator },
    Registration { name: "genesys", mount: "/genesys", api_path: "", settings: &[], build: genesys::simulator },
    Registration {
        name: "acronis",
        mount: "/acronis",
        api_path: "",
        settings: acronis::CONNECTION_SETTINGS,
        build: acronis::simulator,
    },
    Registration { name: "docspace", mount: "/docspace", api_path: "", settings: &[], build: docspace::simulator },
    Registration { name: "scim", mount: "/scim", api_path: "/v2", settings: &[], build: scim::simulator },
];

/// One simulated provider as a client sees it (a row of [`PROVIDERS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SandboxProvider {
    /// The config name (the proxy's `kind`).
    pub name: &'static str,
    /// The path prefix it is served under by [`Sandbox::router`] (`""`: at the root).
    pub mount: &'static str,
    /// What a client's base URL adds after the mount (`"/v2"` for SCIM: `http://host/scim/v2`);
    /// `""` for most.
    pub api_path: &'static str,
    /// The connection settings a client needs besides the base URL and the API key, as
    /// `(setting, value)` pairs (e.g. Acronis's `("tenant", <root tenant id>)`); empty for most.
    pub settings: &'static [(&'static str, &'static str)],
}

/// Every simulated provider, in registration order. The proxy's `--sandbox` makes one connection
/// per row, with the sandbox's API key and the row's settings.
pub const PROVIDERS: &[SandboxProvider] = &provider_rows::<{ REGISTRY.len() }>();

/// Every [`REGISTRY`] row as a [`SandboxProvider`].
const fn provider_rows<const N: usize>() -> [SandboxProvider; N] {
    let mut rows = [SandboxProvider { name: "", mount: "", api_path: "", settings: &[] }; N];
    let mut i = 0;
    while i < N {
        let row = &REGISTRY[i];
        rows[i] = SandboxProvider { name: row.name, mount: row.mount, api_path: row.api_path, settings: row.settings };
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
    /// <api_key>` (or a token from its `/oauth/token`, client secret `api_key`), Acronis
    /// `Authorization: Bearer <api_key>` (or a token from its `/api/2/idp/token`, client secret
    /// `api_key`), DocSpace and SCIM `Authorization: Bearer <api_key>` exactly.
    pub fn seeded(seed: u64, generated: usize, api_key: String) -> Sandbox {
        let setup = Setup { seed, generated, api_key: &api_key };
        let simulators = REGISTRY.iter().map(|row| (row.build)(&setup)).collect();
        Sandbox { shared: Arc::new(Shared { seed, generated, simulators }) }
    }

    /// The whole simulator: every provider under its [`PROVIDERS`] prefix (FusionAuth's `/api` at
    /// the root, Okta's `/okta/api/v1/...` and `/okta/oauth2/v1/token`, Genesys's
    /// `/genesys/api/v2/...` and `/genesys/oauth/token`, Acronis's `/acronis/api/2/...`,
    /// DocSpace's `/docspace/api/2.0/...`, SCIM's `/scim/v2/...`, so a SCIM client's base URL is
    /// `http://host/scim/v2`) and the admin endpoints under `/_sandbox`.
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
    /// `/api/v1/...`, Genesys's `/api/v2/...`, Acronis's `/api/2/...`, DocSpace's `/api/2.0/...`,
    /// SCIM's `/v2/...`, base URL `http://host/v2`),
    /// with the `/_sandbox` admin; `None` for a name no row has.
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
