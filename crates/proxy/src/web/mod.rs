//! The HTTP edge every request crosses before any provider work: the Host check against DNS
//! rebinding (and the 400 for a request without Host), CORS and CSRF origin checks, the panel's
//! Content-Security-Policy, request ids, request bodies read within a size and time limit, the proxy's own refusal replies, and the limits on calls
//! per operator and per connection. Nothing here knows a provider or reads a credential.

pub mod body;
pub mod cors;
pub mod csp;
pub mod host;
pub mod limits;
pub mod refusal;
pub mod request_id;
