//! State that outlives one page: the session (connections and operator keys, in memory only) and
//! the notices shown after an action.
//!
//! Nothing here is written to localStorage, sessionStorage, cookies or the URL.

pub mod notices;
pub mod session;
