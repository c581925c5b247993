//! Fixed vocabularies for generated users: diverse first and last names, fictional company
//! domains (reserved `.example` TLD, so no mail can reach a real company), applications, roles,
//! languages, zones and phone area codes. Data only: no logic here.

use super::TERRY_APP;

/// Applications generated users are registered to (Terry's first).
#[rustfmt::skip]
pub(super) const APPS: [&str; 4] = [
    TERRY_APP, "6f1e3b2a-9c4d-4e8f-a1b2-c3d4e5f60718", "a8b7c6d5-e4f3-4a21-9b0c-1d2e3f405162",
    "0f9e8d7c-6b5a-4493-8271-605f4e3d2c1b",
];

/// Application roles.
pub(super) const ROLES: [&str; 5] = ["user", "admin", "support", "billing", "viewer"];

/// Given names from many cultures (some with accents or hyphens, to exercise display and search).
#[rustfmt::skip]
pub(super) const FIRST: [&str; 60] = [
    "Aiko", "Amara", "Ananya", "Aroha", "Astrid", "Ayesha", "Beatriz", "Chen", "Chidi", "Chloé", "Dmitri", "Elena",
    "Emeka", "Eun-ji", "Fatima", "Femi", "Giulia", "Hamid", "Hana", "Ingrid", "Isabel", "Jamal", "Jin", "José", "Kai",
    "Kavya", "Keanu", "Lars", "Layla", "Leilani", "Liam", "Lucía", "Mai", "Malik", "Mariam", "Mateo", "Mei",
    "Mohammed", "Nadia", "Niamh", "Nikolai", "Noah", "Olumide", "Omar", "Priya", "Rafael", "Ravi", "Rosa", "Sakura",
    "Santiago", "Sione", "Siobhan", "Søren", "Tariq", "Thandiwe", "Tomás", "Valentina", "Wei", "Yusuf", "Zoë",
];

/// Family names from many cultures (including an apostrophe: O'Neil).
#[rustfmt::skip]
pub(super) const LAST: [&str; 60] = [
    "Abara", "Adeyemi", "Akhtar", "Alvarez", "Andersen", "Bakker", "Banerjee", "Bianchi", "Brennan", "Castillo",
    "Chowdhury", "Cohen", "Dlamini", "Dubois", "Eriksson", "Fernández", "Fischer", "García", "Gonzalez", "Haddad",
    "Hansen", "Hernández", "Ibrahim", "Ito", "Ivanova", "Jansen", "Kaur", "Kim", "Kowalski", "Kuznetsov", "Lee", "Li",
    "Lindqvist", "Mahlangu", "Martin", "Mensah", "Moreau", "Murphy", "Nakamura", "Nguyen", "Novak", "O'Neil",
    "Okafor", "Olsen", "Patel", "Petrov", "Reyes", "Rossi", "Sato", "Schmidt", "Silva", "Singh", "Smith", "Tanaka",
    "Taufa", "Wang", "Williams", "Yamamoto", "Zhang", "Zulu",
];

/// Fictional company domains.
#[rustfmt::skip]
pub(super) const DOMAINS: [&str; 10] = [
    "northwind.example", "globex.example", "initech.example", "umbrella-health.example", "stark-logistics.example",
    "acme.example", "hooli.example", "piedpiper.example", "tyrell.example", "soylent.example",
];

/// `preferredLanguages` choices, English-weighted.
#[rustfmt::skip]
pub(super) const LANGUAGES: [&[&str]; 8] =
    [&["en"], &["en"], &["en"], &["fr", "en"], &["de"], &["es"], &["pt_BR"], &["ja"]];

/// Time zones (only emitted if `EMIT_TIMEZONES` is turned on).
pub(super) const ZONES: [&str; 5] =
    ["America/New_York", "Europe/Berlin", "Asia/Tokyo", "Africa/Lagos", "Pacific/Auckland"];

/// US area codes for fictional 555 numbers.
pub(super) const AREAS: [&str; 6] = ["206", "312", "415", "512", "617", "808"];
