//! Which IP addresses a provider may live at.
//!
//! Everything that is not an ordinary public unicast address is refused unless a connection's
//! configuration explicitly allows it: loopback, private (RFC 1918), carrier-grade NAT, link-local
//! (including the cloud metadata address 169.254.169.254), unique-local IPv6, multicast,
//! unspecified and broadcast — including when an IPv4 address hides inside an IPv6 one
//! (IPv4-mapped, IPv4-compatible, NAT64, 6to4). Pure functions, no I/O.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

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
    if ip.is_unspecified() || a == 0 {
        Some("an unspecified (0.0.0.0/8) address")
    } else if ip.is_broadcast() {
        Some("the broadcast address")
    } else if ip.is_multicast() || a >= 240 {
        Some("a multicast or reserved address")
    } else if ip.is_link_local() {
        Some("a link-local address (this includes cloud metadata services)")
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
    if ip.is_unspecified() {
        Some("the unspecified address (::)")
    } else if ip.is_multicast() {
        Some("a multicast address")
    } else if (first & 0xffc0) == 0xfe80 || (first & 0xffc0) == 0xfec0 {
        Some("a link-local address")
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
}
