//! The SSRF suite's cloud metadata and platform addresses: refused by the resolver, through the
//! router and in the config, whatever `allow_private_addresses` says, in every IPv4-in-IPv6 form.

mod support;

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use lockdesk_proxy::forward::resolver::{AddressRefused, GuardedResolver};
use support::dns::*;
use support::*;

const ID: &str = "4e0f2af0-33a2-4001-8631-0f8225e65f1c";

/// Cloud metadata and platform addresses, each with the IPv4 address it carries (if any): all of
/// 169.254/16 and fe80::/10 (sampled), AWS IPv6 IMDS, GCP IPv6 metadata, Alibaba, Oracle and
/// Azure's WireServer, in every IPv4-in-IPv6 form (mapped, compatible, NAT64, 6to4).
fn metadata_addresses() -> Vec<(IpAddr, Option<Ipv4Addr>)> {
    let v4 = [
        "169.254.169.254",
        "169.254.170.2",
        "169.254.0.1",
        "169.254.255.254",
        "100.100.100.200",
        "192.0.0.192",
        "168.63.129.16",
    ];
    let mut all = Vec::new();
    for ip in v4.map(|ip| ip.parse::<Ipv4Addr>().unwrap()) {
        let [a, b, c, d] = ip.octets();
        let (hi, lo) = (u16::from_be_bytes([a, b]), u16::from_be_bytes([c, d]));
        for form in [
            IpAddr::V4(ip),
            ip.to_ipv6_mapped().into(),
            ip.to_ipv6_compatible().into(),
            Ipv6Addr::new(0x64, 0xff9b, 0, 0, 0, 0, hi, lo).into(),
            Ipv6Addr::new(0x2002, hi, lo, 0, 0, 0, 0, 1).into(),
        ] {
            all.push((form, Some(ip)));
        }
    }
    for ip in ["fd00:ec2::254", "fd20:ce::254", "fe80::1", "fe80::a9fe:a9fe", "febf::1"] {
        all.push((ip.parse().unwrap(), None));
    }
    all
}

/// With `allow_private_addresses = true`, a DNS answer naming a cloud metadata or platform address
/// is still refused: by the resolver, with its own reason, and through the router, whose reply does
/// not name it.
#[tokio::test]
async fn metadata_answers_are_refused_even_with_allow_private_addresses() {
    for (ip, v4) in metadata_addresses() {
        let cfg = hostname_config(true);
        let hosts = HashMap::from([("idp.test".to_string(), cfg.connections[0].address_policy)]);
        let err = GuardedResolver::new(hosts, scripted(vec![vec![ip]], Arc::default()))
            .vetted("idp.test")
            .await
            .expect_err(&format!("{ip} resolved"));
        let refused = err.downcast_ref::<AddressRefused>().unwrap_or_else(|| panic!("{ip}: {err}"));
        assert_eq!(refused.reason, "a cloud metadata or platform address", "{ip}");

        let calls = Arc::new(AtomicUsize::new(0));
        let client = lockdesk_proxy::forward::upstream::client(&cfg, scripted(vec![vec![ip]], calls.clone())).unwrap();
        let app = lockdesk_proxy::app(cfg, client, None).unwrap();
        let (status, headers, body) = call(&app, get(&format!("/proxy/fa/api/user/{ID}"))).await;
        assert_eq!(status, 502, "{ip}: {body}");
        assert_eq!(headers["x-lockdesk-refused"], "1", "{ip}");
        assert!(body.contains("points at an internal address"), "{ip}: {body}");
        assert!(!body.contains(&ip.to_string()), "{ip} named in the reply: {body}");
        assert!(v4.is_none_or(|v4| !body.contains(&v4.to_string())), "{ip} named in the reply: {body}");
        assert_eq!(calls.load(Ordering::SeqCst), 1, "{ip}");
    }
}

/// A provider on this machine (`localhost`, so loopback is allowed) with
/// `allow_private_addresses = true`, whose DNS answer also lists a metadata address: the whole
/// answer is refused, so not even the real provider (the stub) is called.
#[tokio::test]
async fn metadata_beside_the_real_provider_in_an_answer_refuses_the_answer() {
    let stub = stub(ok_user).await;
    let provider: IpAddr = stub.addr.ip();
    for (ip, v4) in metadata_addresses() {
        let cfg = connection_config(&format!("http://localhost:{}", stub.addr.port()), true).unwrap();
        let lookup = scripted(vec![vec![provider, ip]], Arc::default());
        let client = lockdesk_proxy::forward::upstream::client(&cfg, lookup).unwrap();
        let app = lockdesk_proxy::app(cfg, client, None).unwrap();
        let (status, headers, body) = call(&app, get(&format!("/proxy/fa/api/user/{ID}"))).await;
        assert_eq!(status, 502, "{ip}: {body}");
        assert_eq!(headers["x-lockdesk-refused"], "1", "{ip}");
        assert!(!body.contains(&ip.to_string()), "{ip} named in the reply: {body}");
        assert!(v4.is_none_or(|v4| !body.contains(&v4.to_string())), "{ip} named in the reply: {body}");
        assert_eq!(stub.count(), 0, "{ip}: the request was sent although the answer held a metadata address");
    }
}

/// IP-literal base URLs of metadata and platform addresses are refused when the config is read,
/// whatever `allow_private_addresses` says.
#[test]
fn metadata_ip_literals_in_the_config_are_refused_even_with_allow_private_addresses() {
    for (ip, _) in metadata_addresses() {
        let host = match ip {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => format!("[{v6}]"),
        };
        for allow in [false, true] {
            let url = format!("https://{host}");
            let err = connection_config(&url, allow).err().unwrap_or_else(|| panic!("{url} accepted ({allow})"));
            assert!(err.0.contains("a cloud metadata or platform address"), "{url}: {}", err.0);
        }
    }
}
