//! One provider call: the adapter's request for an operation, the connection's credential added,
//! sent to the connection's base URL, the reply read within the size limit.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use secrecy::ExposeSecret;

use crate::config::Credential;
use crate::web::refusal::refuse;
use crate::LiveConnection;

/// The longest one call may take, token exchange included.
pub const CALL_WITHIN: std::time::Duration = std::time::Duration::from_secs(30);

/// The largest provider reply the proxy passes back.
pub const MAX_RESPONSE_BODY: usize = 5 * 1024 * 1024;

/// A provider reply, read whole. Only its status, Content-Type, Retry-After and the headers the
/// connection's adapter reads (`IdentityProvider::reply_headers`: Link, ETag, rate limits) go back
/// to the panel; every other header (Set-Cookie included) is dropped here.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    /// The reply as the adapter reads it.
    pub fn to_idp(&self) -> idp::http::HttpResponse {
        let mut resp = http::Response::new(self.body.to_vec());
        *resp.status_mut() = self.status;
        *resp.headers_mut() = self.headers.clone();
        resp
    }
}

impl crate::forward::token::Status for Reply {
    fn status(&self) -> StatusCode {
        self.status
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut resp = Response::new(Body::from(self.body));
        *resp.status_mut() = self.status;
        *resp.headers_mut() = self.headers;
        resp
    }
}

/// The headers of `upstream` that may go back: the shared ones and `allowed`. A `Link` keeps its
/// path and query only: the provider's address stays in the proxy.
fn passed_back(upstream: &HeaderMap, allowed: &[HeaderName]) -> HeaderMap {
    let mut out = HeaderMap::new();
    for name in [header::CONTENT_TYPE, header::RETRY_AFTER].iter().chain(allowed) {
        for value in upstream.get_all(name) {
            let value = if *name == header::LINK { relative_links(value) } else { Some(value.clone()) };
            if let Some(value) = value {
                out.append(name.clone(), value);
            }
        }
    }
    out
}

/// `<https://host/path?q>; rel="next"` → `</path?q>; rel="next"`, for every link in the value
/// (a `<` inside a quoted parameter is left alone); `None` when the value is not text.
fn relative_links(value: &HeaderValue) -> Option<HeaderValue> {
    let text = value.to_str().ok()?;
    let mut out = String::with_capacity(text.len());
    let (mut quoted, mut rest) = (false, text);
    while let Some(c) = rest.chars().next() {
        if c == '"' {
            quoted = !quoted;
        }
        let close = if c == '<' && !quoted { rest.find('>') } else { None };
        match close {
            Some(close) => {
                out.push('<');
                out.push_str(&path_and_query(&rest[1..close]));
                out.push('>');
                rest = &rest[close + 1..];
            }
            None => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    HeaderValue::from_str(&out).ok()
}

/// The path and query of an absolute URL (`/` when it has no path); anything else as it is.
fn path_and_query(target: &str) -> String {
    let Some((scheme, past)) = target.split_once("://") else { return target.to_owned() };
    if scheme.is_empty() || !scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) {
        return target.to_owned();
    }
    match past.find(['/', '?']) {
        Some(at) if past[at..].starts_with('/') => past[at..].to_owned(),
        // `https://host?q`: the query of the root.
        Some(at) => format!("/{}", &past[at..]),
        None => "/".to_owned(),
    }
}

/// Why a provider call produced no reply.
#[derive(Debug)]
pub enum CallFailure {
    /// Sent, and no reply came in time: a change may or may not have been made.
    Timeout,
    /// No connection could be made: nothing was sent.
    Unreachable,
    /// Sent, and the reply broke off (hang-up, garbage, cut short): a change may have been made.
    BrokenOff,
    /// The reply was larger than the proxy reads; the request itself was handled.
    TooLarge,
    /// DNS gave an address the connection's policy forbids; nothing was sent.
    AddressRefused,
    /// Operator mode, and the panel sent no key.
    NoKey,
    /// The proxy could not get an OAuth token for the connection.
    Token(crate::forward::token::TokenError),
}

impl CallFailure {
    /// Whether the request may have reached the provider and been acted on, so that only a read
    /// can tell what a change did.
    pub fn outcome_unknown(&self) -> bool {
        matches!(self, CallFailure::Timeout | CallFailure::BrokenOff | CallFailure::TooLarge)
    }

    /// One word for the proxy's own log.
    pub fn log_word(&self) -> &'static str {
        match self {
            CallFailure::Timeout => "timeout",
            CallFailure::Unreachable => "unreachable",
            CallFailure::BrokenOff => "reply broke off",
            CallFailure::TooLarge => "reply too large",
            CallFailure::AddressRefused => "address refused",
            CallFailure::NoKey => "no operator key",
            CallFailure::Token(_) => "no access token",
        }
    }
}

impl IntoResponse for CallFailure {
    fn into_response(self) -> Response {
        match self {
            CallFailure::Timeout => refuse(StatusCode::GATEWAY_TIMEOUT, "The provider did not answer in time."),
            CallFailure::Unreachable => refuse(StatusCode::BAD_GATEWAY, "lockdesk-proxy could not reach the provider."),
            CallFailure::BrokenOff => {
                refuse(StatusCode::BAD_GATEWAY, "The provider's reply broke off before the end.")
            }
            CallFailure::TooLarge => {
                refuse(StatusCode::BAD_GATEWAY, "The provider's reply was larger than lockdesk accepts.")
            }
            // The address itself goes to the proxy's log only: it describes the internal network.
            CallFailure::AddressRefused => refuse(
                StatusCode::BAD_GATEWAY,
                "The provider's host name points at an internal address, so lockdesk-proxy did not connect. Tell your IT admin.",
            ),
            CallFailure::NoKey => refuse(
                StatusCode::UNAUTHORIZED,
                "This connection needs an API key: sign in to the connection in lockdesk first.",
            ),
            CallFailure::Token(e) => refuse(StatusCode::BAD_GATEWAY, &e.0),
        }
    }
}

/// Performs `op` on `conn` with the connection's credential (or, in operator mode, `operator_key`).
pub async fn call(
    client: &reqwest::Client,
    conn: &LiveConnection,
    op: &idp::Operation,
    operator_key: Option<&HeaderValue>,
) -> Result<Reply, CallFailure> {
    let url = |req: &idp::http::HttpRequest| conn.base_url.url_for(req.uri());
    let allowed = conn.adapter.reply_headers();
    match &conn.credential {
        Credential::Vault(secret) => {
            let mut req = conn.adapter.build(op);
            conn.adapter.authorize(&mut req, secret.expose_secret()).map_err(|_| CallFailure::NoKey)?;
            send(client, url(&req), req, allowed).await
        }
        Credential::Operator => {
            let key = operator_key.ok_or(CallFailure::NoKey)?;
            let mut req = conn.adapter.build(op);
            req.headers_mut().insert(header::AUTHORIZATION, key.clone());
            send(client, url(&req), req, allowed).await
        }
        // The token exchange (and a retry after a 401) happen inside the call: bound it whole.
        Credential::OAuth(tokens) => tokio::time::timeout(
            CALL_WITHIN,
            tokens.send(client, |bearer| {
                let mut req = conn.adapter.build(op);
                req.headers_mut().insert(header::AUTHORIZATION, bearer);
                send(client, url(&req), req, allowed)
            }),
        )
        .await
        .map_err(|_| CallFailure::Timeout)?
        // Which connection could not get a token (never the secret, which no message holds).
        .map_err(|e| {
            CallFailure::Token(crate::forward::token::TokenError(format!("Connection \"{}\": {}", conn.label, e.0)))
        })?,
    }
}

/// Sends one built request and reads the reply within `MAX_RESPONSE_BODY`, keeping only the
/// shared reply headers and `allowed`.
pub async fn send(
    client: &reqwest::Client,
    url: reqwest::Url,
    req: idp::http::HttpRequest,
    allowed: &[HeaderName],
) -> Result<Reply, CallFailure> {
    let (parts, body) = req.into_parts();
    let method = Method::from_bytes(parts.method.as_str().as_bytes()).unwrap_or(Method::GET);
    let mut builder = client.request(method, url).headers(parts.headers);
    if !body.is_empty() {
        builder = builder.body(body);
    }
    let classify = |e: reqwest::Error| match crate::forward::resolver::find_refusal(&e) {
        Some(refused) => {
            tracing::warn!(%refused, "provider address refused");
            CallFailure::AddressRefused
        }
        // A connection that never opened (refused, or its 5 s connect limit) sent nothing.
        None if e.is_connect() => CallFailure::Unreachable,
        None if e.is_timeout() => CallFailure::Timeout,
        None => CallFailure::BrokenOff,
    };
    let mut upstream = builder.send().await.map_err(classify)?;
    if upstream.content_length().is_some_and(|n| n > MAX_RESPONSE_BODY as u64) {
        return Err(CallFailure::TooLarge);
    }
    let status = upstream.status();
    let headers = passed_back(upstream.headers(), allowed);
    let body = if upstream.content_length().is_some() {
        // Its length is known and within the limit (checked above): read it in one piece.
        upstream.bytes().await.map_err(classify)?
    } else {
        let mut bytes = Vec::new();
        while let Some(chunk) = upstream.chunk().await.map_err(classify)? {
            if bytes.len() + chunk.len() > MAX_RESPONSE_BODY {
                return Err(CallFailure::TooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        Bytes::from(bytes)
    };
    Ok(Reply { status, headers, body })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_only_their_path_and_query() {
        let value = HeaderValue::from_static(
            "<https://org.okta.com/api/v1/users?limit=2>; rel=\"self\", <http://10.0.0.7:8080/okta/api/v1/users?after=00u1&limit=2>; rel=\"next\"",
        );
        let out = relative_links(&value).unwrap();
        assert_eq!(
            out.to_str().unwrap(),
            "</api/v1/users?limit=2>; rel=\"self\", </okta/api/v1/users?after=00u1&limit=2>; rel=\"next\""
        );
        assert_eq!(relative_links(&HeaderValue::from_static("<https://h>; rel=\"x\"")).unwrap(), "</>; rel=\"x\"");
        let quoted = HeaderValue::from_static("<https://h/a>; title=\"a<b\", <https://h/b?after=1>; rel=\"next\"");
        assert_eq!(relative_links(&quoted).unwrap(), "</a>; title=\"a<b\", </b?after=1>; rel=\"next\"");
        assert_eq!(relative_links(&HeaderValue::from_static("<https://h?after=2>")).unwrap(), "</?after=2>");
        let odd = HeaderValue::from_static("</x?u=https://h/y>; rel=\"next\"");
        assert_eq!(relative_links(&odd).unwrap(), "</x?u=https://h/y>; rel=\"next\"", "relative targets stay");
        assert_eq!(relative_links(&HeaderValue::from_static("no link")).unwrap(), "no link");
    }
}
