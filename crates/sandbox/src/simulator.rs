//! The one interface between the sandbox's shared parts (the registration table in `lib.rs`, the
//! `/_sandbox` admin in `faults` and `reports`, the shared call handling in `traffic`) and each
//! simulated provider's folder: [`Simulator`], what a registration row holds ([`Registration`]),
//! what a provider is built from ([`Setup`]) and how it lists its people ([`SandboxPerson`]).
//!
//! This module must not name any provider: everything provider-specific lives behind the trait,
//! in the provider's own folder.

use std::any::Any;

use axum::Router;
use serde::Serialize;
use serde_json::Value;

use crate::traffic::Traffic;

/// What every simulator is built from (the arguments of `Sandbox::seeded`).
pub(crate) struct Setup<'a> {
    /// Seed of the deterministic seed data.
    pub(crate) seed: u64,
    /// How many generated users to add to the named ones.
    pub(crate) generated: usize,
    /// The API key the provider's API accepts (in the provider's own header scheme).
    pub(crate) api_key: &'a str,
}

/// One row of the registration table: a provider's config name, its mount prefix, the connection
/// settings a client needs and how to build it.
pub(crate) struct Registration {
    /// The proxy's `kind` (also the `/_sandbox/faults/{provider}` name, with alias `<name>-sandbox`).
    pub(crate) name: &'static str,
    /// Path prefix under `Sandbox::router`: `""` merges the provider's routes at the root.
    pub(crate) mount: &'static str,
    /// The path under the mount a client's base URL ends with (`"/v2"` for SCIM, whose services
    /// put their API below a path of their own); `""` for most.
    pub(crate) api_path: &'static str,
    /// Connection settings a client needs besides the base URL and the API key (published in
    /// `PROVIDERS`).
    pub(crate) settings: &'static [(&'static str, &'static str)],
    /// Builds the provider with its own seeded state.
    pub(crate) build: fn(&Setup<'_>) -> Box<dyn Simulator>,
}

/// One person as `GET /_sandbox/people/{provider}` lists them (see [`crate::Sandbox::active_people`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SandboxPerson {
    /// The provider's id for them (what its API's paths take, and `/_sandbox/changes` counts by).
    pub id: String,
    /// Their email address.
    pub email: String,
    /// Their name as the provider shows it.
    pub name: String,
}

/// One simulated identity provider. It owns its state behind its own lock; clones of the handle
/// it hands to its router share that state.
pub(crate) trait Simulator: Any + Send + Sync {
    /// The provider's routes relative to `mount` (`""` standalone, else its registered prefix;
    /// absolute URLs in replies include it). A provider registered with mount `""` must not set a
    /// root fallback, so that it can be merged next to the others.
    fn router(&self, mount: &'static str) -> Router;

    /// Users that still exist.
    fn user_count(&self) -> usize;

    /// Seeded users back and default faults (what else survives is the provider's choice).
    fn reset(&self);

    /// Every fault setting as the admin shows it: a JSON object with ALL the provider's fields
    /// (its keys are also the fields `PUT /_sandbox/faults` passes on to it).
    fn faults(&self) -> Value;

    /// Parses and checks fault settings (a JSON object; left-out fields take their defaults)
    /// without applying them → the settings as they would be applied, or a 400 message.
    fn check_faults(&self, json: &[u8]) -> Result<Value, String>;

    /// Like [`Simulator::check_faults`], then applies the settings.
    fn set_faults(&self, json: &[u8]) -> Result<Value, String>;

    /// The settings, rate window, random faults and ledger of changes every provider has, which
    /// the admin shows and resets next to the provider's own (see `traffic`).
    fn traffic(&self) -> &Traffic;

    /// Every person who can sign in now, in a stable order (seed order, then creation order),
    /// leaving out anyone the provider would refuse to deactivate whatever the request (such as
    /// DocSpace's portal owner).
    fn active_people(&self) -> Vec<SandboxPerson>;
}
