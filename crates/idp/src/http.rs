//! The HTTP vocabulary shared by adapters, the panel's transport and the proxy.
//!
//! Requests carry only a path and query (`/api/user/…`); whoever sends them prefixes the base URL.
//! Nothing here performs I/O.

/// A request built by an adapter: method, relative URI, headers and a (possibly empty) body.
pub type HttpRequest = http::Request<Vec<u8>>;
/// A reply as the transport received it, whatever its status.
pub type HttpResponse = http::Response<Vec<u8>>;

/// The response header carrying the proxy's request id.
pub const REQUEST_ID_HEADER: &str = "x-request-id";
/// The response header the proxy sets when it refused a request itself (never forwarded).
pub const PROXY_REFUSAL_HEADER: &str = "x-lockdesk-refused";

/// Reads a header as text, ignoring values that are not visible ASCII.
pub fn header_text(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}
