//! State that outlives one page: the session (connections and operator keys, in memory only), the
//! notices shown after an action, and offboarding runs (their journal in IndexedDB, and the
//! runner that drives one in this tab).
//!
//! Nothing here is written to localStorage, sessionStorage, cookies or the URL; the run journal
//! holds no secret.

pub mod journal;
pub mod notices;
pub mod runner;
pub mod session;
