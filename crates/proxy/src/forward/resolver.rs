//! DNS for provider calls, checked at resolution time.
//!
//! The HTTP client may resolve only the hosts named in the config's base URLs. Every answer is
//! checked against the connection's `AddressPolicy` *after* DNS, and the client connects to
//! exactly the addresses checked here, so there is no gap between check and use; if any address
//! in an answer is refused, the whole answer is. A vetted answer is pinned for `PIN_FOR`, so a DNS
//! change between two lookups (rebinding) cannot swap in another address during that time.

use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use crate::forward::address::{refusal, AddressPolicy};

/// How long a vetted answer is reused before DNS is asked again.
pub const PIN_FOR: Duration = Duration::from_secs(300);

/// A host lookup: the system resolver in production, a scripted one in tests.
pub type Lookup =
    Arc<dyn Fn(String) -> Pin<Box<dyn Future<Output = std::io::Result<Vec<IpAddr>>> + Send>> + Send + Sync>;

/// The operating system's resolver.
pub fn system_lookup() -> Lookup {
    Arc::new(|host: String| {
        Box::pin(async move { Ok(tokio::net::lookup_host((host.as_str(), 0)).await?.map(|a| a.ip()).collect()) })
    })
}

/// A refused resolution, found again in reqwest's error chain to explain it.
#[derive(Debug, thiserror::Error)]
#[error("{host} resolves to {ip}, {reason}; lockdesk-proxy does not connect there")]
pub struct AddressRefused {
    pub host: String,
    pub ip: IpAddr,
    pub reason: &'static str,
}

#[derive(Debug, thiserror::Error)]
#[error("{0} is not a configured provider host")]
struct UnknownHost(String);

struct Inner {
    hosts: HashMap<String, AddressPolicy>,
    lookup: Lookup,
    pins: Mutex<HashMap<String, (Vec<IpAddr>, Instant)>>,
}

/// The resolver given to the HTTP client.
#[derive(Clone)]
pub struct GuardedResolver(Arc<Inner>);

impl GuardedResolver {
    /// A resolver for exactly `hosts` (lower-case host names) with their policies.
    pub fn new(hosts: HashMap<String, AddressPolicy>, lookup: Lookup) -> GuardedResolver {
        GuardedResolver(Arc::new(Inner { hosts, lookup, pins: Mutex::new(HashMap::new()) }))
    }

    /// Resolves and checks `host` (used by the client, and directly by tests).
    pub async fn vetted(&self, host: &str) -> Result<Vec<IpAddr>, Box<dyn std::error::Error + Send + Sync>> {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let policy = *self.0.hosts.get(&host).ok_or_else(|| UnknownHost(host.clone()))?;
        if let Some((ips, until)) = self.0.pins.lock().unwrap_or_else(|e| e.into_inner()).get(&host) {
            if *until > Instant::now() {
                return Ok(ips.clone());
            }
        }
        let ips = (self.0.lookup)(host.clone()).await?;
        if ips.is_empty() {
            return Err(format!("{host} has no addresses").into());
        }
        if let Some((ip, reason)) = ips.iter().find_map(|ip| refusal(*ip, policy).map(|r| (*ip, r))) {
            return Err(Box::new(AddressRefused { host, ip, reason }));
        }
        self.0.pins.lock().unwrap_or_else(|e| e.into_inner()).insert(host, (ips.clone(), Instant::now() + PIN_FOR));
        Ok(ips)
    }
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let this = self.clone();
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let ips = this.vetted(&host).await?;
            // Port 0: the connector puts the URL's port in.
            let addrs: Addrs = Box::new(ips.into_iter().map(|ip| SocketAddr::new(ip, 0)));
            Ok(addrs)
        })
    }
}

/// The refusal inside a client error, if that is what stopped it.
pub fn find_refusal<'a>(err: &'a (dyn std::error::Error + 'static)) -> Option<&'a AddressRefused> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = current {
        if let Some(refused) = e.downcast_ref::<AddressRefused>() {
            return Some(refused);
        }
        current = e.source();
    }
    None
}
