//! Small encodings, checks and randomness shared by the simulators: standard base64 (for
//! `Authorization: Basic` and opaque page tokens), opaque access tokens and random UUID v4s from
//! the operating system, the UUID shape checks (any case, or lowercase only), the constant-time
//! comparison of secrets, and the media type of a `Content-Type` header.
//!
//! This module must not name a provider, read the wall clock or panic: a failing random source
//! degrades to a counter-based value for ids (never for access tokens, which then fail to be
//! issued).

use std::sync::atomic::{AtomicU64, Ordering};

use axum::http::{header, HeaderMap};

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with `=` padding.
pub(crate) fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(B64[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Standard base64, padding optional; `None` for any other character or a dangling bit group.
pub(crate) fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = B64.iter().position(|&b| b == c)?;
        acc = (acc << 6) | u32::try_from(v).ok()?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xFF).ok()?);
        }
    }
    (bits < 6).then_some(out)
}

/// A random version-4 UUID, lowercase; counter-based if the OS source fails.
pub(crate) fn uuid_v4() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(1);
    let mut b = [0u8; 16];
    if getrandom::fill(&mut b).is_err() {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        b[8..].copy_from_slice(&n.to_be_bytes());
    }
    b[6] = (b[6] & 0x0F) | 0x40;
    b[8] = (b[8] & 0x3F) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

/// 48 random bytes as URL-safe text (an opaque access token), or `None` if the OS source fails.
pub(crate) fn access_token() -> Option<String> {
    let mut b = [0u8; 48];
    getrandom::fill(&mut b).ok()?;
    Some(base64_encode(&b).replace('+', "-").replace('/', "_"))
}

/// `8-4-4-4-12` digits that each pass `digit`.
fn uuid_shaped(s: &str, digit: impl Fn(u8) -> bool) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5 && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.bytes().all(&digit))
}

/// `8-4-4-4-12` hex digits, any case.
pub(crate) fn is_uuid(s: &str) -> bool {
    uuid_shaped(s, |b| b.is_ascii_hexdigit())
}

/// `8-4-4-4-12` lowercase hex digits (`[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}`, anchored).
pub(crate) fn is_lower_uuid(s: &str) -> bool {
    uuid_shaped(s, |b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Equal length and bytes, without an early exit on the first difference.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether `Content-Type`'s media type (parameters ignored, any case) is `media_type`.
pub(crate) fn content_type_is(headers: &HeaderMap, media_type: &str) -> bool {
    let value = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    value.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case(media_type))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips() {
        assert_eq!(base64_encode(b"lockdesk-sandbox:key"), "bG9ja2Rlc2stc2FuZGJveDprZXk=");
        for text in ["", "a", "ab", "abc", "abcd"] {
            assert_eq!(base64_decode(&base64_encode(text.as_bytes())).unwrap(), text.as_bytes());
        }
        assert!(base64_decode("a$").is_none());
        assert!(base64_decode("a").is_none());
    }

    #[test]
    fn base64_round_trips_and_matches_known_values() {
        assert_eq!(base64_encode(b"lockdesk-sandbox:key"), "bG9ja2Rlc2stc2FuZGJveDprZXk=");
        assert_eq!(base64_encode(b""), "");
        assert_eq!(base64_encode(b"ab"), "YWI=");
        for text in ["", "a", "ab", "abc", "abcd", "{\"pageNumber\":2}"] {
            assert_eq!(base64_decode(&base64_encode(text.as_bytes())).unwrap(), text.as_bytes());
        }
        assert_eq!(base64_decode("YWI").unwrap(), b"ab");
        assert!(base64_decode("a$").is_none());
        assert!(base64_decode("a").is_none());
    }

    #[test]
    fn ids_must_be_lowercase_uuids() {
        assert!(is_lower_uuid("1c234e69-5469-424a-a6d1-ff5658b387a6"));
        assert!(!is_lower_uuid("1C234E69-5469-424A-A6D1-FF5658B387A6"));
        assert!(!is_lower_uuid("1c234e69-5469-424a-a6d1-ff5658b387a"));
        assert!(!is_lower_uuid("1c234e69-5469-424a-a6d1-ff5658b387ag"));
        assert!(!is_lower_uuid("1c234e695469424aa6d1ff5658b387a6"));
        assert!(access_token().unwrap().len() >= 64);
        assert!(
            constant_time_eq(b"abc", b"abc") && !constant_time_eq(b"abc", b"abd") && !constant_time_eq(b"a", b"ab")
        );
    }

    #[test]
    fn uuids_are_v4_shaped_and_fresh() {
        let (a, b) = (uuid_v4(), uuid_v4());
        assert!(is_uuid(&a) && a != b);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"));
        assert!(!is_uuid("12345678-1234-1234-1234-123456789abz"));
        assert!(access_token().unwrap().len() >= 64);
    }
}
