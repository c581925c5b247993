//! Seeding tools every simulator shares: the fixed reference instant, a SplitMix64 PRNG, email
//! slugs, collision-free names and the name vocabularies in [`names`]. Each provider's seed data
//! lives in its own folder (`fusionauth/seed`, `okta/seed`). This module must not hold any
//! provider's records or types, read the wall clock or use outside randomness.

use std::collections::HashSet;

pub(crate) mod names;

/// 2026-01-01T00:00:00Z: generated logins fall in the 180 days before it.
pub(crate) const REFERENCE_INSTANT: i64 = 1_767_225_600_000;
/// One day in milliseconds.
pub(crate) const DAY: i64 = 86_400_000;

/// SplitMix64: tiny, seedable and good enough for test data.
pub(crate) struct SplitMix64(pub(crate) u64);

impl SplitMix64 {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform-ish in `0..n` (`n > 0`).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    pub(crate) fn index(&mut self, len: usize) -> usize {
        // usize -> u64 -> usize round trip of a value below `len` cannot truncate.
        self.below(len as u64) as usize
    }

    pub(crate) fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.index(items.len())]
    }

    /// Milliseconds in `0..days` days.
    pub(crate) fn span(&mut self, days: i64) -> i64 {
        i64::try_from(self.below(u64::try_from(days * DAY).unwrap_or(1))).unwrap_or(0)
    }

    pub(crate) fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }

    /// A version-4, variant-1 UUID.
    pub(crate) fn uuid(&mut self) -> String {
        let (a, b) = (self.next(), self.next());
        let a = (a & !0xF000) | 0x4000;
        let b = (b & !(0b11 << 62)) | (0b10 << 62);
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xFFFF,
            a & 0xFFFF,
            b >> 48,
            b & 0xFFFF_FFFF_FFFF
        )
    }
}

/// Lowercase ASCII for an email local part: accents folded, anything else but a–z, 0–9, `-` dropped.
pub(crate) fn ascii_slug(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'å' => Some('a'),
            'é' | 'è' | 'ê' | 'ë' => Some('e'),
            'í' | 'ì' | 'î' | 'ï' => Some('i'),
            'ó' | 'ò' | 'ô' | 'ö' | 'ø' => Some('o'),
            'ú' | 'ù' | 'û' | 'ü' => Some('u'),
            'ñ' => Some('n'),
            'ç' => Some('c'),
            c if c.is_ascii_alphanumeric() || c == '-' => Some(c),
            _ => None,
        })
        .collect()
}

/// The first value of `make` not taken yet (calling it again after each taken one); records it
/// as taken.
pub(crate) fn fresh(taken: &mut HashSet<String>, mut make: impl FnMut() -> String) -> String {
    let mut candidate = make();
    while !taken.insert(candidate.clone()) {
        candidate = make();
    }
    candidate
}

/// `base`, or `base2`, `base3`… (before `suffix`), whichever is not taken yet; records it as taken.
pub(crate) fn unique(taken: &mut HashSet<String>, base: &str, suffix: &str) -> String {
    let mut candidate = format!("{base}{suffix}");
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{base}{n}{suffix}");
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}
