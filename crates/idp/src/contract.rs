//! What every registered provider hands the shared contract tests (`crates/proxy/tests/contract/`, the
//! proptest and cargo-fuzz recognisers): canonical operations, people in every state it reads, and
//! its error replies. A registration must carry these, so no provider skips the shared tests.
//!
//! Test data only: compiled for tests and the proxy's side (`recognise`), never into the panel.

use crate::error::ErrorKind;
use crate::model::{SignIn, StatusKind};
use crate::operation::Operation;
use crate::registry::Settings;

/// One provider's samples for the shared contract tests.
pub struct Samples {
    /// Settings the adapter is opened with for the tests.
    pub settings: Settings,
    /// Operations in canonical form: at least a lookup, an email lookup, a first and a later
    /// search page, and one change for every action the adapter offers in any state.
    pub operations: Vec<Operation>,
    /// Replies to `GetUser` (status 200, the headers and body), each with the status kind and
    /// padlock it must read as; together they cover every kind the adapter produces.
    pub people: Vec<Person>,
    /// Error replies with the kind each must be classified as.
    pub errors: Vec<ErrorSample>,
}

/// A person as the provider returns them.
pub struct Person {
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
    pub kind: StatusKind,
    pub sign_in: SignIn,
}

/// An error reply as the provider sends it.
pub struct ErrorSample {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
    pub kind: ErrorKind,
    /// A piece of text the provider's own messages must contain.
    pub message: Option<&'static str>,
}

/// Whether a built request's path stays where lockdesk's calls live: under `/api/`, or (SCIM,
/// whose base URL holds the service's own SCIM path) under `/Users`, never climbing out (`..`)
/// or starting afresh (`//`).
pub fn stays_inside(path: &str) -> bool {
    let under = path.starts_with("/api/") || path == "/Users" || path.starts_with("/Users/");
    under && !path.contains("..") && !path.contains("//")
}
