//! Where requests may go and how they are sent there.
//!
//! `BaseUrl` is a connection's provider address, checked once at start: https, or plain http to a
//! loopback host only. The client never follows redirects, ignores proxy environment variables
//! and bounds every call in time. Nothing here decides *what* to send; that is `idp`'s table.

use std::time::Duration;

use std::collections::HashMap;
use std::sync::Arc;

use reqwest::Url;

use crate::config::Config;
use crate::forward::address::AddressPolicy;
use crate::forward::resolver::{GuardedResolver, Lookup};

/// A checked provider base URL, without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    url: String,
    /// `url` parsed once, so a request's URL is made without parsing the host again.
    parsed: Url,
    host: String,
    ip: Option<std::net::IpAddr>,
    loopback: bool,
}

impl BaseUrl {
    /// Accepts `https://host[:port][/prefix]`, or `http://` when the host is loopback.
    pub fn parse(raw: &str) -> Result<BaseUrl, String> {
        let url = Url::parse(raw.trim()).map_err(|e| format!("\"{raw}\" is not a URL ({e})"))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err("must not contain a user name or password; credentials belong in the credential section".into());
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(format!("\"{raw}\" must not have a query or fragment"));
        }
        match url.scheme() {
            "https" => {}
            "http" if is_loopback_host(&url) => {}
            "http" => {
                return Err(format!("\"{raw}\" must use https (plain http is allowed only for loopback addresses)"))
            }
            other => return Err(format!("\"{raw}\" uses the scheme {other}; use https")),
        }
        let (host, ip) = match url.host() {
            Some(url::Host::Domain(d)) if !d.is_empty() => (d.to_ascii_lowercase(), None),
            Some(url::Host::Ipv4(v4)) => (v4.to_string(), Some(v4.into())),
            Some(url::Host::Ipv6(v6)) => (v6.to_string(), Some(v6.into())),
            _ => return Err(format!("\"{raw}\" has no host")),
        };
        let loopback = is_loopback_host(&url);
        let text = url.as_str().trim_end_matches('/').to_owned();
        let parsed = Url::parse(&text).map_err(|e| format!("\"{raw}\" is not a URL ({e})"))?;
        Ok(BaseUrl { url: text, parsed, host, ip, loopback })
    }

    /// Accepts an origin for the CORS allowlist: scheme, host and port only.
    pub fn parse_origin(raw: &str) -> Result<(), String> {
        let url = Url::parse(raw).map_err(|e| format!("\"{raw}\" is not an origin ({e})"))?;
        let bare = url.path() == "/" && url.query().is_none() && url.fragment().is_none() && url.username().is_empty();
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() || !bare || raw.ends_with('/') {
            return Err(format!("\"{raw}\" must be an exact origin such as https://intranet.example.com"));
        }
        Ok(())
    }

    /// The full URL for a request path (`/api/...`) built by the operation table.
    pub fn join(&self, path_and_query: &str) -> String {
        format!("{}{}", self.url, path_and_query)
    }

    /// The same URL as `join` makes for `uri`'s path and query, as a parsed `Url`.
    pub fn url_for(&self, uri: &http::Uri) -> Url {
        let mut url = self.parsed.clone();
        let prefix = self.parsed.path().trim_end_matches('/');
        url.set_path(&format!("{prefix}{}", uri.path()));
        url.set_query(uri.query());
        url
    }

    /// The base URL as text (it holds no secret).
    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// The host name (lower case) or IP literal.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// Whether the host is a loopback address or `localhost` (a test double on this machine).
    pub fn is_loopback(&self) -> bool {
        self.loopback
    }

    /// The address policy this URL implies: a loopback host named explicitly may be reached.
    pub fn policy(&self, allow_private: bool) -> AddressPolicy {
        AddressPolicy { allow_loopback: self.loopback, allow_private }
    }

    /// For IP-literal hosts (never resolved), the reason the policy refuses them.
    pub fn literal_refusal(&self, allow_private: bool) -> Option<&'static str> {
        self.ip.and_then(|ip| crate::forward::address::refusal(ip, self.policy(allow_private)))
    }
}

fn is_loopback_host(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// The HTTP client for provider calls: rustls, no redirects, no environment proxies, time limits,
/// and DNS that resolves only the configured hosts and refuses addresses their policy forbids.
pub fn client(config: &Config, lookup: Lookup) -> Result<reqwest::Client, reqwest::Error> {
    let mut hosts: HashMap<String, AddressPolicy> =
        config.connections.iter().map(|c| (c.base_url.host().to_owned(), c.address_policy)).collect();
    // Token endpoints (e.g. Genesys login.<region> beside api.<region>) are resolved under the
    // same rules as the connection they serve.
    for c in &config.connections {
        if let crate::config::Credential::OAuth(cache) = &c.credential {
            let url = cache.token_url();
            hosts.entry(url.host().to_owned()).or_insert(url.policy(c.address_policy.allow_private));
        }
    }
    reqwest::Client::builder()
        .dns_resolver(Arc::new(GuardedResolver::new(hosts, lookup)))
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(30))
        .pool_idle_timeout(Duration::from_secs(60))
        .user_agent(concat!("lockdesk-proxy/", env!("CARGO_PKG_VERSION")))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_must_be_https_or_loopback() {
        for good in [
            "https://auth.example.com",
            "https://auth.example.com:8443/fa/",
            "http://127.0.0.1:9011",
            "http://localhost:9011",
            "http://[::1]:9011",
        ] {
            assert!(BaseUrl::parse(good).is_ok(), "{good}");
        }
        assert_eq!(BaseUrl::parse("https://a.example/x/").unwrap().join("/api/user"), "https://a.example/x/api/user");
        for (base, uri) in [
            ("https://a.example/x/", "/api/user/4e0f?x=1&y=%20z"),
            ("https://a.example", "/api/user/search"),
            ("http://127.0.0.1:9011", "/api/jwt/refresh?userId=4e0f2af0-33a2-4001-8631-0f8225e65f1c"),
        ] {
            let base = BaseUrl::parse(base).unwrap();
            let uri: http::Uri = uri.parse().unwrap();
            assert_eq!(base.url_for(&uri).as_str(), base.join(&uri.to_string()), "{uri}");
        }
        for bad in [
            "http://auth.example.com",
            "http://10.0.0.5",
            "ftp://a.example",
            "https://user:pw@a.example",
            "https://a.example/?x=1",
            "not a url",
            "file:///etc/passwd",
        ] {
            assert!(BaseUrl::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn origins_are_exact() {
        assert!(BaseUrl::parse_origin("https://intranet.example.com").is_ok());
        assert!(BaseUrl::parse_origin("http://127.0.0.1:8080").is_ok());
        for bad in ["https://intranet.example.com/", "https://a.example/path", "*", "null", "intranet.example.com"] {
            assert!(BaseUrl::parse_origin(bad).is_err(), "{bad}");
        }
    }
}
