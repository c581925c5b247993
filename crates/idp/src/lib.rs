//! Sans-IO identity-provider adapters for lockdesk.
//!
//! Configuration and arguments go in, `http::Request`s come out; `http::Response`s go in, normalised
//! domain types come out. This crate is the single table of operations: the panel uses it to build
//! requests and the proxy uses it to recognise (and rebuild) them. It must not do I/O: no tokio, no
//! gloo, no reqwest, no leptos, and it must keep building for `wasm32-unknown-unknown`.
//!
//! One folder per provider (`fusionauth/`, `okta/`, `genesys/`, `acronis/`, `docspace/`, `scim/`), one row each in `registry`.

// `Error` is a flat struct of about 140 bytes; it is the rare path and is cloned into the UI, so
// boxing it would only add indirection everywhere it is built and read.
#![allow(clippy::result_large_err)]

pub mod acronis;
pub mod action;
#[cfg(any(test, feature = "recognise"))]
pub mod contract;
pub mod create;
pub mod docspace;
pub mod error;
pub mod fusionauth;
pub mod genesys;
pub mod http;
pub mod input;
pub mod model;
pub mod okta;
pub mod operation;
pub mod provider;
pub mod rate;
mod read;
pub mod registry;
pub mod scim;

pub use action::{Action, Confirm, Offer, Plan, Undo};
pub use create::{Field, FieldError, NewPerson, PersonType};
pub use error::{check_status, Error, ErrorKind};
pub use input::{InputError, SearchInput};
pub use model::{Email, Fact, FactValue, Page, PageToken, Precondition, SignIn, Status, StatusKind, User, UserId};
pub use operation::{Change, Operation, Role};
pub use provider::{IdentityProvider, Reply};
pub use rate::RateWindow;
pub use registry::{adapter, ProviderKind, Registration, SettingError, Settings, REGISTRY};
