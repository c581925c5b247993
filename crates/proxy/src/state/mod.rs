//! State the proxy keeps across restarts: one idempotency record per (connection id, key) for
//! the changes a client sent with an `Idempotency-Key`, behind the small [`Store`] trait so the
//! change path (`forward::change::repeat`) never sees SQL; [`sqlite`] keeps them in an embedded
//! SQLite file through sqlx.
//!
//! A record holds a fingerprint of the recognised operation, a state and, once final, the reply
//! the proxy passed back (already cut down to the headers it may pass back). It must never hold a
//! credential, a request header or a request body, and it decides nothing: what each state means
//! is the change path's business.

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};

pub mod sqlite;

pub use sqlite::SqliteStore;

/// Records untouched for this long are deleted when a store opens (and hourly while it is open).
pub const KEEP_FOR: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// The largest reply body a record keeps (replies to changes are small JSON); a larger reply is
/// not recorded as final, so its key stays retryable.
pub const MAX_STORED_BODY: usize = 64 * 1024;

/// What a store's methods return.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// The store could not be read or written; the text is for the proxy's own log.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct StoreError(pub String);

/// Where a record lives: the connection's id and the client's key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RecordId {
    pub connection: String,
    pub key: String,
}

/// What a key was first used for. Two uses of a key are the same change when their digests agree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// The operator's name, or "" without operator accounts.
    pub operator: String,
    /// `idp::Operation::name`.
    pub operation: String,
    /// The target's user id, or a create's email address.
    pub target: String,
    /// SHA-256 (hex) of the connection, the operator and the recognised operation as JSON, the
    /// canonical form the proxy rebuilds the request from (precondition and settings included).
    pub digest: String,
}

impl Fingerprint {
    /// The fingerprint of `op` on `connection` by `operator`.
    pub fn of(connection: &str, operator: Option<&str>, op: &idp::Operation) -> Result<Fingerprint, StoreError> {
        let operator = operator.unwrap_or("").to_owned();
        let target = match op {
            idp::Operation::CreateUser { person } => person.email.as_str().to_owned(),
            _ => op.target().map(|id| id.to_string()).unwrap_or_default(),
        };
        let canonical = serde_json::to_vec(&(connection, &operator, op))
            .map_err(|e| StoreError(format!("the operation could not be written as JSON: {e}")))?;
        let digest = Sha256::digest(&canonical).iter().map(|b| format!("{b:02x}")).collect();
        Ok(Fingerprint { operator, operation: op.name().to_owned(), target, digest })
    }
}

/// A reply as the proxy passed it back: status, Content-Type, the other headers it passed back
/// (the provider's that the adapter reads, or the proxy's own), and the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReply {
    pub status: u16,
    pub content_type: Option<String>,
    /// Lower-case names and their values, Content-Type not among them.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Where a key's change stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordState {
    /// Being sent, or was when the proxy stopped: only a read can tell what it did.
    InProgress,
    /// Ended; every retry is answered with this reply.
    Final(StoredReply),
    /// Ended without a reply worth repeating (429, 5xx, no reply, not sent): may be sent again.
    Retryable,
}

impl RecordState {
    /// `in_progress`, `final` or `retryable`, as stored.
    pub fn word(&self) -> &'static str {
        match self {
            RecordState::InProgress => "in_progress",
            RecordState::Final(_) => "final",
            RecordState::Retryable => "retryable",
        }
    }
}

/// One key's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub id: RecordId,
    pub fingerprint: Fingerprint,
    pub state: RecordState,
    /// Milliseconds since the Unix epoch.
    pub created_ms: i64,
    pub updated_ms: i64,
}

/// What `Store::claim` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claimed {
    /// There was no record: one is now written, `in_progress`, with the fingerprint given.
    Fresh,
    /// There was one already (its fingerprint may differ from the one given); nothing written.
    Existing(Box<Record>),
}

/// Where idempotency records are kept. Every write is durable when its future completes.
pub trait Store: Send + Sync {
    /// Writes an `in_progress` record for `id` unless one exists; returns the existing one.
    fn claim<'a>(&'a self, id: &'a RecordId, fingerprint: &'a Fingerprint) -> StoreFuture<'a, Claimed>;
    /// Sets the state (and for `final`, the reply) of the record for `id`; an error if there is none.
    fn set<'a>(&'a self, id: &'a RecordId, state: &'a RecordState) -> StoreFuture<'a, ()>;
    /// The record for `id`, if any.
    fn get<'a>(&'a self, id: &'a RecordId) -> StoreFuture<'a, Option<Record>>;
    /// Deletes the records last updated before `before_ms`; returns how many went.
    fn prune(&self, before_ms: i64) -> StoreFuture<'_, u64>;
}

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
