//! Who may call the proxy from a browser: the panel it serves, and panels on exactly the origins
//! listed in the config. Preflights are answered here and never reach a provider.
//!
//! No wildcard origins, no credentials mode, no reflected origins.

use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// The request header with a change's idempotency key (see `forward::change::repeat`).
pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
/// The request header naming the bulk run a request belongs to (see `web::limits`).
pub const RUN: HeaderName = HeaderName::from_static("x-lockdesk-run");
/// The reply header (`1`) on a change answered from its idempotency record, without sending it
/// again. The other headers are the first reply's, rate-limit headers included: a client pacing
/// by them should skip replayed replies.
pub const REPLAYED: HeaderName = HeaderName::from_static("x-lockdesk-replayed");

/// The CORS layer for the configured origins (empty list: no cross-origin access at all); besides
/// the proxy's own headers it exposes `provider_headers`, the ones the configured adapters read.
pub fn layer(allowed_origins: &[String], provider_headers: &[HeaderName]) -> CorsLayer {
    let origins: Vec<HeaderValue> = allowed_origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE, Method::PATCH])
        .allow_headers([
            header::CONTENT_TYPE,
            header::AUTHORIZATION,
            header::ACCEPT,
            header::IF_MATCH,
            IDEMPOTENCY_KEY,
            RUN,
        ])
        .expose_headers(
            [idp::http::REQUEST_ID, idp::http::OUTCOME, header::RETRY_AFTER, REPLAYED]
                .into_iter()
                .chain(provider_headers.iter().cloned())
                .collect::<Vec<_>>(),
        )
        .max_age(std::time::Duration::from_secs(600))
}

/// Whether a request may be forwarded as far as its browser origin goes: same-origin requests,
/// requests from a listed origin, and non-browser clients (no `Origin`, no `Sec-Fetch-Site`).
pub fn origin_allowed(headers: &HeaderMap, allowed_origins: &[String]) -> bool {
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if fetch_site == Some("same-origin") {
        return true;
    }
    match headers.get(header::ORIGIN).map(|v| v.to_str()) {
        Some(Ok(origin)) => allowed_origins.iter().any(|o| o == origin),
        Some(Err(_)) => false,
        None => fetch_site.is_none() || fetch_site == Some("none"),
    }
}

/// Whether a *change* may proceed (CSRF): browsers must show it comes from the panel itself
/// (`Sec-Fetch-Site: same-origin`) or from an exactly listed origin. Unlike reads, a change with
/// neither header is refused.
pub fn change_allowed(headers: &HeaderMap, allowed_origins: &[String]) -> bool {
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if fetch_site == Some("same-origin") {
        return true;
    }
    headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|origin| allowed_origins.iter().any(|o| o == origin))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderName;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (HeaderName::from_static(k), HeaderValue::from_static(v))).collect()
    }

    #[test]
    fn only_same_origin_and_listed_origins_pass() {
        let listed = vec!["https://intranet.example.com".to_string()];
        assert!(origin_allowed(&headers(&[("sec-fetch-site", "same-origin")]), &listed));
        assert!(origin_allowed(
            &headers(&[("origin", "https://intranet.example.com"), ("sec-fetch-site", "cross-site")]),
            &listed
        ));
        assert!(origin_allowed(&headers(&[]), &listed), "non-browser clients carry no origin");
        assert!(!origin_allowed(&headers(&[("origin", "https://evil.example")]), &listed));
        assert!(!origin_allowed(&headers(&[("origin", "https://intranet.example.com.evil.example")]), &listed));
        assert!(!origin_allowed(&headers(&[("origin", "null")]), &listed));
        assert!(!origin_allowed(&headers(&[("sec-fetch-site", "cross-site")]), &listed));
    }

    #[test]
    fn changes_need_proof_of_origin() {
        let listed = vec!["https://intranet.example.com".to_string()];
        assert!(change_allowed(&headers(&[("sec-fetch-site", "same-origin")]), &listed));
        assert!(change_allowed(&headers(&[("origin", "https://intranet.example.com")]), &listed));
        assert!(!change_allowed(&headers(&[]), &listed), "no origin evidence");
        assert!(!change_allowed(&headers(&[("sec-fetch-site", "same-site")]), &listed));
        assert!(!change_allowed(
            &headers(&[("origin", "https://evil.example"), ("sec-fetch-site", "cross-site")]),
            &listed
        ));
    }
}
