//! Small encodings and randomness for the Acronis simulator (copied from the Genesys one, which
//! keeps its own): standard base64 (for `Authorization: Basic`), opaque access tokens from the
//! operating system, the constant-time comparison of secrets, and the id pattern of the Account
//! Management API's schema (`[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}`, lowercase only).
//!
//! This module must not read the wall clock or panic: a failing random source means no access
//! token is issued.

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

/// 48 random bytes as URL-safe text (an opaque access token), or `None` if the OS source fails.
pub(crate) fn access_token() -> Option<String> {
    let mut b = [0u8; 48];
    getrandom::fill(&mut b).ok()?;
    Some(base64_encode(&b).replace('+', "-").replace('/', "_"))
}

/// `8-4-4-4-12` lowercase hex digits (the schema's id pattern, anchored).
pub(crate) fn is_lower_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
}

/// Equal length and bytes, without an early exit on the first difference.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
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
}
