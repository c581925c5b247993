//! Which names the proxy answers to: the `Host` check that stops DNS-rebinding attacks.
//!
//! A hostile web page can point its own domain at the proxy's address and then talk to the proxy
//! "same-origin". Such requests carry the attacker's name in `Host`, so only IP literals,
//! `localhost` and the names listed in `allowed_hosts` are served. Pure checks plus one middleware.

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;

/// Whether `host_header` (e.g. `lockdesk.example.com:8080`) names this proxy.
pub fn host_allowed(host_header: &str, allowed: &[String]) -> bool {
    let name = match host_header.strip_prefix('[') {
        Some(v6) => return v6.split(']').next().is_some_and(|ip| ip.parse::<std::net::Ipv6Addr>().is_ok()),
        None => host_header.rsplit_once(':').map_or(host_header, |(name, port)| {
            if port.chars().all(|c| c.is_ascii_digit()) {
                name
            } else {
                host_header
            }
        }),
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    !name.is_empty()
        && (name.parse::<std::net::Ipv4Addr>().is_ok()
            || name == "localhost"
            || allowed.iter().any(|a| a.eq_ignore_ascii_case(&name)))
}

/// Middleware: refuses requests without a Host (400, as HTTP/1.1 requires) and requests
/// addressed to a name this proxy was not configured for (421). Neither is ever forwarded.
pub async fn check(State(allowed): State<Arc<Vec<String>>>, req: Request, next: Next) -> Response {
    // An absolute-form target names the host itself, and then Host is ignored (RFC 9112 3.2.2).
    let host = match (req.uri().authority(), req.headers().get(header::HOST)) {
        (Some(authority), _) => Some(authority.to_string()),
        (None, Some(value)) => value.to_str().ok().map(str::to_owned),
        (None, None) => None,
    };
    match host {
        None => crate::web::refusal::refuse(
            StatusCode::BAD_REQUEST,
            "The request has no Host header (or an unreadable one); HTTP/1.1 requires it.",
        ),
        Some(h) if host_allowed(&h, &allowed) => next.run(req).await,
        Some(_) => crate::web::refusal::refuse(
            StatusCode::MISDIRECTED_REQUEST,
            "lockdesk-proxy does not answer to this host name. If this is your proxy's real name, add it to allowed_hosts in the [server] section of the config.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_configured_names_and_addresses_pass() {
        let allowed = vec!["lockdesk.intranet.example".to_string()];
        for ok in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST",
            "10.1.2.3",
            "[::1]:8080",
            "lockdesk.intranet.example",
            "Lockdesk.Intranet.Example:443",
        ] {
            assert!(host_allowed(ok, &allowed), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:8080",
            "lockdesk.intranet.example.evil.example",
            "",
            ":8080",
            "[evil]:80",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
        ] {
            assert!(!host_allowed(bad, &allowed), "{bad}");
        }
    }
}
