//! Time and randomness for the Okta simulator: ISO-8601 formatting of epoch milliseconds (the
//! shared `crate::clock`), the wall clock, and random ids and tokens from the
//! operating system.
//!
//! The wall clock is read only for changes made by requests (`lastUpdated`, `statusChanged`,
//! rate-limit windows, JWT times), never for seeded data. This module must not panic: a clock
//! before 1970 or a failing random source degrade to fixed or counter-based values.

pub(crate) use crate::clock::now_ms;
use crate::clock::Civil;
use std::sync::atomic::{AtomicU64, Ordering};

/// Base-62 digits used for ids and tokens.
const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// `YYYY-MM-DDTHH:MM:SS.mmmZ` for epoch milliseconds.
pub(crate) fn iso(ms: i64) -> String {
    let at = Civil::of(ms);
    format!("{}.{:03}Z", at.date_time(), at.milli)
}

/// Wall-clock epoch seconds.
pub(crate) fn now_s() -> u64 {
    u64::try_from(now_ms() / 1000).unwrap_or(0)
}

/// `len` random base-62 characters from the OS, or `None` if the OS source fails.
pub(crate) fn secure_random(len: usize) -> Option<String> {
    let mut bytes = vec![0u8; len];
    getrandom::fill(&mut bytes).ok()?;
    // 62 * 4 = 248: rejecting bytes >= 248 keeps the digits uniform.
    let mut out = String::with_capacity(len);
    let mut pool = bytes;
    while out.len() < len {
        for b in pool.iter().filter(|&&b| b < 248) {
            if out.len() < len {
                out.push(char::from(ALPHABET[usize::from(*b % 62)]));
            }
        }
        pool = vec![0u8; len];
        getrandom::fill(&mut pool).ok()?;
    }
    Some(out)
}

/// `len` base-62 characters that need not be secret (error ids): random if possible, else a
/// process-wide counter mixed with the clock.
pub(crate) fn weak_random(len: usize) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    secure_random(len).unwrap_or_else(|| {
        let mut x = COUNTER.fetch_add(1, Ordering::Relaxed) ^ now_s().rotate_left(32);
        (0..len)
            .map(|_| {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                char::from(ALPHABET[usize::try_from((x >> 33) % 62).unwrap_or(0)])
            })
            .collect()
    })
}

/// A random id in Okta's style: `prefix` followed by base-62 characters, 20 in all.
pub(crate) fn okta_id(prefix: &str) -> String {
    format!("{prefix}{}", weak_random(20usize.saturating_sub(prefix.len())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_formats_known_instants() {
        assert_eq!(iso(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso(1_372_091_958_000), "2013-06-24T16:39:18.000Z");
        assert_eq!(iso(1_372_800_985_344), "2013-07-02T21:36:25.344Z");
        assert_eq!(iso(1_767_225_600_000), "2026-01-01T00:00:00.000Z");
        assert_eq!(iso(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(iso(-1), "1969-12-31T23:59:59.999Z");
    }

    #[test]
    fn random_strings_have_the_length_and_alphabet() {
        let token = secure_random(40).unwrap();
        assert_eq!(token.len(), 40);
        assert!(token.bytes().all(|b| b.is_ascii_alphanumeric()));
        assert_ne!(token, secure_random(40).unwrap());
        assert_eq!(okta_id("oae").len(), 20);
    }
}
