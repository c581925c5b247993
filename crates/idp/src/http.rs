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

/// The response header the proxy sets on a `202` for a change whose outcome it could not learn in
/// time (value `unknown`); the body is `{"request_id", "outcome": "unknown", "error"}`.
pub const OUTCOME_HEADER: &str = "x-lockdesk-outcome";

/// The `PROXY_REFUSAL_HEADER` value for "no operator session" (signed out, or the session expired).
pub const REFUSAL_SIGN_IN: &str = "sign-in";

/// The `PROXY_REFUSAL_HEADER` value for "not allowed in the person's current state" (the proxy's
/// own read before an irreversible step showed it).
pub const REFUSAL_STATE: &str = "state";

/// `REQUEST_ID_HEADER` as a header name.
pub const REQUEST_ID: http::HeaderName = http::HeaderName::from_static(REQUEST_ID_HEADER);
/// `PROXY_REFUSAL_HEADER` as a header name.
pub const PROXY_REFUSAL: http::HeaderName = http::HeaderName::from_static(PROXY_REFUSAL_HEADER);
/// `OUTCOME_HEADER` as a header name.
pub const OUTCOME: http::HeaderName = http::HeaderName::from_static(OUTCOME_HEADER);

/// The reply headers adapters and the error classifier read; transports need carry no others.
/// Header names are constants throughout, so no name-parsing code is compiled into the panel.
pub const READ_HEADERS: [http::HeaderName; 5] =
    [http::header::CONTENT_TYPE, http::header::RETRY_AFTER, REQUEST_ID, PROXY_REFUSAL, OUTCOME];

/// Reads a header as text, ignoring values that are not visible ASCII.
pub fn header_text(headers: &http::HeaderMap, name: &http::HeaderName) -> Option<String> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

/// A request with `Accept: application/json`, and `Content-Type: application/json` when it has
/// a body. Every adapter validates or encodes each part first, so building cannot fail; an inert
/// empty request if it did.
pub fn json_request(method: http::Method, uri: String, body: Vec<u8>) -> HttpRequest {
    let mut builder = http::Request::builder().method(method).uri(uri).header(http::header::ACCEPT, "application/json");
    if !body.is_empty() {
        builder = builder.header(http::header::CONTENT_TYPE, "application/json");
    }
    builder.body(body).unwrap_or_default()
}

/// What an adapter builds for an operation it neither offers nor recognises (creating people on a
/// provider where lockdesk creates none): an inert read of the base path, which nothing sends.
pub fn not_offered() -> HttpRequest {
    json_request(http::Method::GET, "/".to_owned(), Vec::new())
}

/// `op` if `req` is exactly the request `build` makes for it: method, path, query, body bytes and
/// the one request header an adapter may set from an operation (`If-Match`, SCIM's entity tag);
/// the proxy then sends the rebuilt request, with its own headers.
#[cfg(any(test, feature = "recognise"))]
pub fn exactly(
    req: &HttpRequest,
    op: crate::operation::Operation,
    build: impl Fn(&crate::operation::Operation) -> HttpRequest,
) -> Option<crate::operation::Operation> {
    let built = build(&op);
    let if_match = |r: &HttpRequest| r.headers().get(http::header::IF_MATCH).cloned();
    let same = built.method() == req.method()
        && built.uri() == req.uri()
        && built.body() == req.body()
        && if_match(&built) == if_match(req);
    same.then_some(op)
}

/// Adds `Authorization: Bearer <token>` for a token the operator pasted (a leading `Bearer `
/// is taken off), marked sensitive; `what` names it in the refusal ("the Acronis token").
pub fn set_bearer(req: &mut HttpRequest, secret: &str, what: &str) -> Result<(), crate::error::Error> {
    let secret = secret.trim();
    let token = secret.strip_prefix("Bearer ").map_or(secret, str::trim_start);
    let refuse = |why: &str| crate::error::Error::new(crate::error::ErrorKind::Unauthorized, format!("{what} {why}"));
    if token.is_empty() {
        return Err(refuse("is empty"));
    }
    let mut value = http::HeaderValue::from_str(&format!("Bearer {token}"))
        .ok()
        .filter(|_| token.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or_else(|| refuse("contains characters a header cannot carry"))?;
    value.set_sensitive(true);
    req.headers_mut().insert(http::header::AUTHORIZATION, value);
    Ok(())
}
