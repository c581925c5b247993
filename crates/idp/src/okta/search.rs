//! Okta's `search=` expressions and the query strings around them, each in one canonical spelling.
//!
//! Text somebody typed only ever appears inside a double-quoted literal with `\` and `"`
//! backslash-escaped (the JSON string rule the SCIM filter grammar uses), so no text can add an
//! operator or end a literal early. Reading back accepts only what building makes: the text is taken
//! out of the first literal, the expression rebuilt from it and compared. No I/O, no wire structs.

/// The profile attributes a name search starts with.
const NAME_FIELDS: [&str; 4] = ["profile.firstName", "profile.lastName", "profile.login", "profile.email"];

/// `text` as a search literal: in double quotes, `\` and `"` escaped, everything else as typed.
pub(super) fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// The expression for a name search: each name attribute starts with the text; and when the text
/// has a space, the first word starts the first name and the rest starts the last name.
pub(super) fn text_expression(text: &str) -> String {
    let quoted = literal(text);
    let mut expr = NAME_FIELDS.map(|field| format!("{field} sw {quoted}")).join(" or ");
    if let Some((first, rest)) = text.split_once(' ') {
        let rest = rest.trim_start();
        if !first.is_empty() && !rest.is_empty() {
            let (first, rest) = (literal(first), literal(rest));
            expr.push_str(&format!(" or (profile.firstName sw {first} and profile.lastName sw {rest})"));
        }
    }
    expr
}

/// The expression for an exact email lookup: the sign-in name or the primary email is exactly it.
pub(super) fn email_expression(email: &str) -> String {
    let quoted = literal(email);
    format!("profile.login eq {quoted} or profile.email eq {quoted}")
}

/// The text behind an expression `text_expression` made, or `None` for anything else.
#[cfg(any(test, feature = "recognise"))]
pub(super) fn parse_text_expression(expr: &str) -> Option<String> {
    let text = first_literal(expr.strip_prefix("profile.firstName sw ")?)?;
    (text_expression(&text) == expr).then_some(text)
}

/// The address behind an expression `email_expression` made, or `None` for anything else.
#[cfg(any(test, feature = "recognise"))]
pub(super) fn parse_email_expression(expr: &str) -> Option<String> {
    let email = first_literal(expr.strip_prefix("profile.login eq ")?)?;
    (email_expression(&email) == expr).then_some(email)
}

/// The unescaped content of the literal `rest` starts with.
#[cfg(any(test, feature = "recognise"))]
fn first_literal(rest: &str) -> Option<String> {
    let mut chars = rest.strip_prefix('"')?.chars();
    let mut text = String::new();
    loop {
        match chars.next()? {
            '"' => return Some(text),
            '\\' => text.push(chars.next()?),
            c => text.push(c),
        }
    }
}

/// Encodes `pairs` as a query string, in the given order: every byte outside RFC 3986's
/// unreserved set as `%XX` (upper-case hex), spaces included, as Okta's own examples write them.
pub(super) fn encode(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(name, value)| format!("{}={}", percent(name), percent(value))).collect::<Vec<_>>().join("&")
}

fn percent(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Decodes a query, or `None` when it is not exactly as `encode` writes it (another spelling, a
/// `+`, lower-case hex, a repeated name, text that is not UTF-8).
#[cfg(any(test, feature = "recognise"))]
pub(super) fn decode(raw: &str) -> Option<Vec<(String, String)>> {
    if raw.is_empty() {
        return Some(Vec::new());
    }
    let pairs = raw
        .split('&')
        .map(|pair| {
            let (name, value) = pair.split_once('=')?;
            Some((unpercent(name)?, unpercent(value)?))
        })
        .collect::<Option<Vec<_>>>()?;
    let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut names: Vec<&str> = borrowed.iter().map(|(k, _)| *k).collect();
    names.sort_unstable();
    names.dedup();
    (encode(&borrowed) == raw && names.len() == pairs.len()).then_some(pairs)
}

#[cfg(any(test, feature = "recognise"))]
fn unpercent(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Whether `token` may be sent as an `after` cursor: 1–64 characters of `[A-Za-z0-9_-]`. Okta's
/// cursors for users are user ids; anything longer or stranger is refused rather than passed on.
pub(super) fn is_safe_cursor(token: &str) -> bool {
    (1..=64).contains(&token.len()) && token.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
}
