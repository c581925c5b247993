//! Which IP addresses a provider may live at.
//!
//! Everything that is not an ordinary public unicast address is refused unless a connection's
//! configuration explicitly allows it: loopback (`allow_loopback`), private (RFC 1918, carrier-grade
//! NAT, benchmarking, unique-local IPv6: `allow_private`). Unspecified, broadcast, multicast and
//! reserved addresses are always refused, and so are cloud metadata and platform addresses, whatever
//! the policy: all of link-local (169.254.0.0/16, fe80::/10: instance and ECS task metadata), AWS's
//! and Google's IPv6 metadata (fd00:ec2::254, fd20:ce::254), Alibaba's 100.100.100.200, Oracle's
//! 192.0.0.192 and Azure's WireServer 168.63.129.16 (a public address). An IPv4 address hidden in
//! an IPv6 one (IPv4-mapped, IPv4-compatible, NAT64, 6to4) is judged as that IPv4 address.
//! Pure functions, no I/O; nothing here may resolve names or open connections.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The reason given for a cloud metadata or platform address; no policy opens one.
const METADATA: &str = "a cloud metadata or platform address";

/// Metadata and platform services outside link-local: they hand out credentials or control the
/// instance, and some sit in ranges `allow_private` opens, or in public space.
const METADATA_V4: [Ipv4Addr; 3] = [
    Ipv4Addr::new(100, 100, 100, 200), // Alibaba Cloud metadata, inside 100.64.0.0/10
    Ipv4Addr::new(192, 0, 0, 192),     // Oracle Cloud metadata, inside 192.0.0.0/24
    Ipv4Addr::new(168, 63, 129, 16),   // Azure platform (WireServer), a public address
];

/// IPv6 metadata services, both inside fc00::/7, which `allow_private` opens.
const METADATA_V6: [Ipv6Addr; 2] = [
    Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254), // AWS instance metadata
    Ipv6Addr::new(0xfd20, 0xce, 0, 0, 0, 0, 0, 0x254),  // Google Cloud metadata
];

/// What a connection allows beyond public addresses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AddressPolicy {
    /// The base URL names a loopback host explicitly (e.g. the embedded sandbox).
    pub allow_loopback: bool,
    /// `allow_private_addresses = true`: a self-hosted provider on the internal network (never
    /// loopback: that is only for a base URL that names a loopback host itself).
    pub allow_private: bool,
}

/// Why an address is refused, or `None` when the policy allows it.
pub fn refusal(ip: IpAddr, policy: AddressPolicy) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => refusal_v4(v4, policy),
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) => refusal_v4(v4, policy),
            None => refusal_v6(v6, policy),
        },
    }
}

fn refusal_v4(ip: Ipv4Addr, policy: AddressPolicy) -> Option<&'static str> {
    let [a, b, ..] = ip.octets();
    if ip.is_link_local() || METADATA_V4.contains(&ip) {
        Some(METADATA)
    } else if ip.is_unspecified() || a == 0 {
        Some("an unspecified (0.0.0.0/8) address")
    } else if ip.is_broadcast() {
        Some("the broadcast address")
    } else if ip.is_multicast() || a >= 240 {
        Some("a multicast or reserved address")
    } else if ip.is_loopback() {
        (!policy.allow_loopback).then_some("a loopback address")
    } else if ip.is_private() || (a == 100 && (64..128).contains(&b)) || (a == 198 && (b == 18 || b == 19)) {
        (!policy.allow_private).then_some("a private network address")
    } else {
        None
    }
}

fn refusal_v6(ip: Ipv6Addr, policy: AddressPolicy) -> Option<&'static str> {
    let first = ip.segments()[0];
    if (first & 0xffc0) == 0xfe80 || METADATA_V6.contains(&ip) {
        Some(METADATA)
    } else if ip.is_unspecified() {
        Some("the unspecified address (::)")
    } else if ip.is_multicast() {
        Some("a multicast address")
    } else if (first & 0xffc0) == 0xfec0 {
        Some("a site-local address (deprecated)")
    } else if ip.is_loopback() {
        (!policy.allow_loopback).then_some("a loopback address")
    } else if (first & 0xfe00) == 0xfc00 {
        (!policy.allow_private).then_some("a unique-local (private) address")
    } else {
        None
    }
}

/// The IPv4 address carried inside an IPv6 one, for the forms that route to it.
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let tail = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    if let Some(v4) = ip.to_ipv4_mapped() {
        Some(v4) // ::ffff:a.b.c.d
    } else if (s[..6] == [0; 6] && !ip.is_loopback() && !ip.is_unspecified()) || s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        Some(tail) // ::a.b.c.d (deprecated IPv4-compatible) or 64:ff9b::/96 (NAT64)
    } else if s[0] == 0x2002 {
        Some(Ipv4Addr::new((s[1] >> 8) as u8, s[1] as u8, (s[2] >> 8) as u8, s[2] as u8))
    // 6to4
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STRICT: AddressPolicy = AddressPolicy { allow_loopback: false, allow_private: false };

    #[test]
    fn public_addresses_pass_and_special_ones_do_not() {
        for ok in ["93.184.216.34", "1.1.1.1", "2606:4700::1111", "2a00:1450:4001::200e"] {
            assert_eq!(refusal(ok.parse().unwrap(), STRICT), None, "{ok}");
        }
        for bad in [
            "127.0.0.1",
            "127.1.2.3",
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.1",
            "100.64.0.1",
            "169.254.169.254",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "fd00:ec2::254",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::",
            "2002:a9fe:a9fe::1",
            "198.18.0.1",
            "240.0.0.1",
        ] {
            assert!(refusal(bad.parse().unwrap(), STRICT).is_some(), "{bad} allowed");
        }
    }

    #[test]
    fn policies_open_only_what_they_name() {
        let loopback = AddressPolicy { allow_loopback: true, allow_private: false };
        assert_eq!(refusal("127.0.0.1".parse().unwrap(), loopback), None);
        assert!(refusal("10.0.0.1".parse().unwrap(), loopback).is_some());
        let private = AddressPolicy { allow_loopback: false, allow_private: true };
        assert_eq!(refusal("10.0.0.1".parse().unwrap(), private), None);
        assert_eq!(refusal("fd12::1".parse().unwrap(), private), None);
        assert!(refusal("169.254.169.254".parse().unwrap(), private).is_some(), "metadata is never allowed");
        assert!(refusal("127.0.0.1".parse().unwrap(), private).is_some(), "private does not mean loopback");
        assert!(refusal("::1".parse().unwrap(), private).is_some());
        assert!(refusal("::ffff:169.254.169.254".parse().unwrap(), private).is_some());
    }

    const EVERY_POLICY: [AddressPolicy; 4] = [
        STRICT,
        AddressPolicy { allow_loopback: true, allow_private: false },
        AddressPolicy { allow_loopback: false, allow_private: true },
        AddressPolicy { allow_loopback: true, allow_private: true },
    ];

    /// `ip` as itself and in every IPv6 form that carries it.
    fn every_form(ip: Ipv4Addr) -> [IpAddr; 5] {
        let [a, b, c, d] = ip.octets();
        let (hi, lo) = (u16::from_be_bytes([a, b]), u16::from_be_bytes([c, d]));
        [
            ip.into(),
            ip.to_ipv6_mapped().into(),
            ip.to_ipv6_compatible().into(),
            Ipv6Addr::new(0x64, 0xff9b, 0, 0, 0, 0, hi, lo).into(),
            Ipv6Addr::new(0x2002, hi, lo, 0, 0, 0, 0, 1).into(),
        ]
    }

    #[test]
    fn cloud_metadata_and_platform_addresses_are_refused_under_every_policy() {
        let v4 = [
            "169.254.169.254",
            "169.254.170.2",
            "169.254.0.0",
            "169.254.255.255",
            "100.100.100.200",
            "192.0.0.192",
            "168.63.129.16",
        ];
        let v6 = ["fd00:ec2::254", "fd20:ce::254", "fe80::1", "fe80::a9fe:a9fe", "febf:ffff:ffff::ffff"];
        let mut all: Vec<IpAddr> = v4.iter().flat_map(|ip| every_form(ip.parse().unwrap())).collect();
        all.extend(v6.iter().map(|ip| ip.parse::<IpAddr>().unwrap()));
        assert_eq!(all.len(), 7 * 5 + 5);
        for ip in all {
            for policy in EVERY_POLICY {
                assert_eq!(refusal(ip, policy), Some(METADATA), "{ip} under {policy:?}");
            }
        }
    }

    #[test]
    fn the_metadata_refusal_covers_only_those_addresses() {
        let private = AddressPolicy { allow_loopback: false, allow_private: true };
        for near in ["100.100.100.199", "100.100.100.201", "192.0.0.191"] {
            for ip in every_form(near.parse().unwrap()) {
                assert_eq!(refusal(ip, private), None, "{ip}");
            }
        }
        for near in ["fd00:ec2::253", "fd20:ce::253"] {
            assert_eq!(refusal(near.parse().unwrap(), private), None, "{near}");
        }
        for public in ["168.63.129.15", "168.63.129.17", "192.0.1.192"] {
            for ip in every_form(public.parse().unwrap()) {
                assert_eq!(refusal(ip, STRICT), None, "{ip}");
            }
        }
        assert!(refusal("fec0::1".parse().unwrap(), private).is_some(), "site-local stays refused");
    }
}
