//! Fixed vocabularies every provider's generated users draw from: diverse first and last names,
//! fictional company domains (reserved `.example` TLD, so no mail can reach a real company) and
//! phone area codes. Data only: no logic and nothing provider-specific here.

/// Given names from many cultures (some with accents or hyphens, to exercise display and search).
#[rustfmt::skip]
pub(crate) const FIRST: [&str; 60] = [
    "Aiko", "Amara", "Ananya", "Aroha", "Astrid", "Ayesha", "Beatriz", "Chen", "Chidi", "Chloé", "Dmitri", "Elena",
    "Emeka", "Eun-ji", "Fatima", "Femi", "Giulia", "Hamid", "Hana", "Ingrid", "Isabel", "Jamal", "Jin", "José", "Kai",
    "Kavya", "Keanu", "Lars", "Layla", "Leilani", "Liam", "Lucía", "Mai", "Malik", "Mariam", "Mateo", "Mei",
    "Mohammed", "Nadia", "Niamh", "Nikolai", "Noah", "Olumide", "Omar", "Priya", "Rafael", "Ravi", "Rosa", "Sakura",
    "Santiago", "Sione", "Siobhan", "Søren", "Tariq", "Thandiwe", "Tomás", "Valentina", "Wei", "Yusuf", "Zoë",
];

/// Family names from many cultures (including an apostrophe: O'Neil).
#[rustfmt::skip]
pub(crate) const LAST: [&str; 60] = [
    "Abara", "Adeyemi", "Akhtar", "Alvarez", "Andersen", "Bakker", "Banerjee", "Bianchi", "Brennan", "Castillo",
    "Chowdhury", "Cohen", "Dlamini", "Dubois", "Eriksson", "Fernández", "Fischer", "García", "Gonzalez", "Haddad",
    "Hansen", "Hernández", "Ibrahim", "Ito", "Ivanova", "Jansen", "Kaur", "Kim", "Kowalski", "Kuznetsov", "Lee", "Li",
    "Lindqvist", "Mahlangu", "Martin", "Mensah", "Moreau", "Murphy", "Nakamura", "Nguyen", "Novak", "O'Neil",
    "Okafor", "Olsen", "Patel", "Petrov", "Reyes", "Rossi", "Sato", "Schmidt", "Silva", "Singh", "Smith", "Tanaka",
    "Taufa", "Wang", "Williams", "Yamamoto", "Zhang", "Zulu",
];

/// Fictional company domains.
#[rustfmt::skip]
pub(crate) const DOMAINS: [&str; 10] = [
    "northwind.example", "globex.example", "initech.example", "umbrella-health.example", "stark-logistics.example",
    "acme.example", "hooli.example", "piedpiper.example", "tyrell.example", "soylent.example",
];

/// US area codes for fictional 555 numbers.
pub(crate) const AREAS: [&str; 6] = ["206", "312", "415", "512", "617", "808"];
