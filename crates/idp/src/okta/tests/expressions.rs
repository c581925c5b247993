//! Okta search expressions: built safely from any text, read back to the same text, and nothing
//! else accepted.

use proptest::prelude::*;

use super::*;
use crate::okta::search::{decode, email_expression, parse_email_expression, parse_text_expression, text_expression};

/// The expression with every literal replaced by `"…"`, and the literals' contents; panics on a
/// literal that is never closed or a backslash outside one.
fn skeleton(expr: &str) -> (String, Vec<String>) {
    let (mut shape, mut literals) = (String::new(), Vec::new());
    let mut chars = expr.chars();
    while let Some(c) = chars.next() {
        assert_ne!(c, '\\', "a backslash outside a literal in {expr}");
        if c != '"' {
            shape.push(c);
            continue;
        }
        let mut text = String::new();
        loop {
            match chars.next().unwrap_or_else(|| panic!("an unclosed literal in {expr}")) {
                '"' => break,
                '\\' => text.push(chars.next().unwrap()),
                c => text.push(c),
            }
        }
        shape.push_str("\"…\"");
        literals.push(text);
    }
    (shape, literals)
}

const ONE_WORD: &str =
    r#"profile.firstName sw "…" or profile.lastName sw "…" or profile.login sw "…" or profile.email sw "…""#;

fn two_words() -> String {
    format!(r#"{ONE_WORD} or (profile.firstName sw "…" and profile.lastName sw "…")"#)
}

#[test]
fn the_expressions_are_exactly_these() {
    assert_eq!(
        text_expression("isaac"),
        r#"profile.firstName sw "isaac" or profile.lastName sw "isaac" or profile.login sw "isaac" or profile.email sw "isaac""#
    );
    assert_eq!(
        text_expression("Isaac Brock"),
        r#"profile.firstName sw "Isaac Brock" or profile.lastName sw "Isaac Brock" or profile.login sw "Isaac Brock" or profile.email sw "Isaac Brock" or (profile.firstName sw "Isaac" and profile.lastName sw "Brock")"#
    );
    assert_eq!(
        email_expression("isaac.brock@example.com"),
        r#"profile.login eq "isaac.brock@example.com" or profile.email eq "isaac.brock@example.com""#
    );
    assert_eq!(
        text_expression("Mary Ann  van Dyke").rsplit(" or ").next(),
        Some(r#"(profile.firstName sw "Mary" and profile.lastName sw "Ann  van Dyke")"#)
    );
}

#[test]
fn hostile_text_stays_inside_its_literals() {
    let hostile = [
        r#"" or status eq "ACTIVE"#,
        r#"\" or id sw "00u"#,
        r#"back\slash"#,
        r#"ends with a backslash\"#,
        r#""quoted" name"#,
        r#"a"b"#,
        r#"x") or (status eq "ACTIVE"#,
        "Zoë Ünal",
        "山田 太郎",
        "山田\u{3000}太郎",
        "o'neil (it) *",
        r#"\\\""#,
    ];
    for text in hostile {
        let expr = text_expression(text);
        let (shape, literals) = skeleton(&expr);
        let words: Vec<&str> = text.splitn(2, ' ').collect();
        if words.len() == 2 {
            assert_eq!(shape, two_words(), "{text}");
            assert_eq!(literals[4..], [words[0].to_owned(), words[1].trim_start().to_owned()], "{text}");
        } else {
            assert_eq!(shape, ONE_WORD, "{text}");
        }
        assert!(literals[..4].iter().all(|l| l == text), "{text}: {literals:?}");
        assert_eq!(parse_text_expression(&expr).as_deref(), Some(text), "{text}");
        let op = Operation::SearchUsers { query: text.into(), page: None, limit: 25 };
        let built = okta().build(&op);
        assert!(!built.uri().to_string().contains('"'), "quotes are percent-encoded: {}", built.uri());
        assert_eq!(okta().recognise(&built), Some(op), "{text}");
    }
    let built = okta().build(&Operation::SearchUsers { query: "Zoë".into(), page: None, limit: 25 });
    assert!(built.uri().query().unwrap().contains("%22Zo%C3%AB%22"), "Unicode kept: {}", built.uri());
}

#[test]
fn email_lookups_are_exact_and_read_back() {
    let email = Email::parse("o'neil+it@bücher.example").unwrap();
    let expr = email_expression(email.as_str());
    let (shape, literals) = skeleton(&expr);
    assert_eq!(shape, r#"profile.login eq "…" or profile.email eq "…""#);
    assert_eq!(literals, [email.as_str(), email.as_str()]);
    assert_eq!(parse_email_expression(&expr).as_deref(), Some(email.as_str()));
    let op = Operation::FindUserByEmail { email };
    assert_eq!(okta().recognise(&okta().build(&op)), Some(op));
}

#[test]
fn only_built_expressions_are_read_back() {
    let refused = [
        r#"profile.firstName sw "a""#,
        r#"profile.firstName sw "a" or profile.lastName sw "a" or profile.login sw "a" or profile.email sw "a" or status eq "ACTIVE""#,
        r#"profile.firstName SW "a" or profile.lastName sw "a" or profile.login sw "a" or profile.email sw "a""#,
        r#"profile.firstName sw "a"  or profile.lastName sw "a" or profile.login sw "a" or profile.email sw "a""#,
        r#"profile.firstName sw "a" or profile.lastName sw "b" or profile.login sw "a" or profile.email sw "a""#,
        r#"profile.firstName sw "a"" or profile.lastName sw "a"" or profile.login sw "a"" or profile.email sw "a"""#,
        r#"profile.firstName sw "\a" or profile.lastName sw "\a" or profile.login sw "\a" or profile.email sw "\a""#,
        r#"profile.firstName sw "a b" or profile.lastName sw "a b" or profile.login sw "a b" or profile.email sw "a b""#,
        r#"profile.firstName sw "a"#,
        "",
    ];
    for expr in refused {
        assert_eq!(parse_text_expression(expr), None, "{expr}");
    }
    assert_eq!(parse_email_expression(r#"profile.login eq "a@b.co" or profile.email eq "c@b.co""#), None);
    assert_eq!(parse_email_expression(r#"profile.login eq "a@b.co""#), None);
    // Text a search box would never send as a name search.
    for text in ["", " isaac", "isaac ", "isaac@example.com", "a\u{7}b", &"x".repeat(101)] {
        let op = Operation::SearchUsers { query: text.into(), page: None, limit: 25 };
        assert_eq!(okta().recognise(&okta().build(&op)), None, "{text:?}");
    }
}

#[test]
fn queries_have_one_spelling() {
    assert_eq!(decode("a=b%20c&d=%22"), Some(vec![("a".into(), "b c".into()), ("d".into(), "\"".into())]));
    assert_eq!(decode(""), Some(vec![]));
    for bad in ["a=b+c", "a=b%2fc", "a=%41", "a=b&a=b", "a", "a=%", "a=%4", "a=%FF", "a=%C3", "a=b&", "&a=b", "a=\""] {
        assert_eq!(decode(bad), None, "{bad}");
    }
}

proptest! {
    #[test]
    fn any_checked_text_round_trips_and_stays_in_its_literals(text in "[ a-zA-Z0-9\"\\\\()*'.,:~ëü山\u{3000}-]{1,40}") {
        let Ok(crate::input::SearchInput::Text(text)) = crate::input::SearchInput::parse(&text, |_| false) else {
            return Ok(());
        };
        let expr = text_expression(&text);
        let (shape, literals) = skeleton(&expr);
        prop_assert!(shape == ONE_WORD || shape == two_words(), "{}", shape);
        prop_assert!(literals[..4].iter().all(|l| *l == text));
        let op = Operation::SearchUsers { query: text, page: Some(PageToken("00u1xke1apZnmHgpB1d7".into())), limit: 7 };
        prop_assert_eq!(okta().recognise(&okta().build(&op)), Some(op));
    }
}
