//! Query strings for FusionAuth requests, in one canonical encoding.
//!
//! `decode` accepts a query only if re-encoding it gives back the same text, so there is exactly
//! one spelling of every recognised request. No I/O.

/// Encodes `pairs` as `application/x-www-form-urlencoded`.
pub(super) fn encode(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
}

/// Decodes a query, or `None` when it is not in canonical form or repeats a name.
#[cfg(any(test, feature = "recognise"))]
pub(super) fn decode(raw: &str) -> Option<Vec<(String, String)>> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.as_bytes()).into_owned().collect();
    let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut names: Vec<&str> = borrowed.iter().map(|(k, _)| *k).collect();
    names.sort_unstable();
    names.dedup();
    (encode(&borrowed) == raw && names.len() == pairs.len()).then_some(pairs)
}

/// Characters Elasticsearch's query_string syntax treats specially. Whitespace of every kind
/// (space, tab, U+3000 ideographic space…) is escaped too, so the text stays one term.
const RESERVED: &[char] = &[
    '+', '-', '=', '&', '|', '>', '<', '!', '(', ')', '{', '}', '[', ']', '^', '"', '~', '*', '?', ':', '\\', '/', ' ',
];

/// The `queryString` for a text search: every reserved character escaped, then a trailing `*`
/// so that "ter" finds "Terry".
pub(super) fn search_term(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if RESERVED.contains(&c) || c.is_whitespace() {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('*');
    out
}

/// The text behind a `queryString` that `search_term` produced, or `None` for anything else.
#[cfg(any(test, feature = "recognise"))]
pub(super) fn parse_search_term(query_string: &str) -> Option<String> {
    let body = query_string.strip_suffix('*')?;
    let mut text = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        text.push(if c == '\\' { chars.next()? } else { c });
    }
    (search_term(&text) == query_string).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_have_one_spelling() {
        assert_eq!(encode(&[("email", "terry@example.com")]), "email=terry%40example.com");
        assert!(decode("email=terry%40example.com").is_some());
        assert!(decode("email=terry@example.com").is_none(), "non-canonical accepted");
        assert!(decode("userId=a&userId=b").is_none(), "repeated name accepted");
        assert_eq!(decode(""), Some(vec![]));
    }

    #[test]
    fn search_terms_escape_the_query_syntax() {
        assert_eq!(search_term("terry"), "terry*");
        assert_eq!(search_term("o'neil (it)"), r"o'neil\ \(it\)*");
        assert_eq!(search_term("山田\u{3000}太郎"), "山田\\\u{3000}太郎*", "ideographic space is not a term break");
        assert_eq!(search_term("a\tb"), "a\\\tb*");
        for text in ["terry", "a:b", r"back\slash", "x*y?", "Zoë Ünal", "山田\u{3000}太郎"] {
            assert_eq!(parse_search_term(&search_term(text)).as_deref(), Some(text));
        }
        for bad in ["terry", "a:b*", "email:*", r"x\*"] {
            assert_eq!(parse_search_term(bad), None, "{bad}");
        }
    }
}
