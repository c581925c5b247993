//! The `filter` parameter: every operator and attribute, case rules, `and` binding tighter than
//! `or`, parentheses and `not`, JSON escapes in values (a quoted `" or userName pr` is a value,
//! not an injection), and the invalid filters answered 400 invalidFilter.

use super::*;

/// Only the five named users, so every match set is exact.
fn named_only() -> Sandbox {
    Sandbox::seeded(1, 0, KEY.into())
}

async fn ids(sb: &Sandbox, filter: &str) -> Vec<&'static str> {
    let all = [BJENSEN, IRENE, MALLORY, QUINN, TERRY];
    let found = found(sb, filter).await;
    found.iter().map(|id| *all.iter().find(|n| *n == id).expect("a named user")).collect()
}

#[tokio::test]
async fn every_operator_and_attribute_matches() {
    let sb = named_only();
    let cases: &[(&str, &[&str])] = &[
        (r#"userName eq "bjensen""#, &[BJENSEN]),
        (r#"userName sw "ir""#, &[IRENE]),
        (r#"userName co "e""#, &[BJENSEN, IRENE, QUINN, TERRY]),
        (r#"userName ew "y""#, &[MALLORY, TERRY]),
        (r#"userName ne "bjensen""#, &[IRENE, MALLORY, QUINN, TERRY]),
        ("userName pr", &[BJENSEN, IRENE, MALLORY, QUINN, TERRY]),
        (r#"name.familyName eq "jensen""#, &[BJENSEN]),
        (r#"name.givenName sw "Q""#, &[QUINN]),
        (r#"displayName co "babs""#, &[BJENSEN]),
        (r#"emails.value eq "TERRY@example.com""#, &[TERRY]),
        (r#"emails co "o.neil""#, &[QUINN]),
        ("emails pr", &[BJENSEN, IRENE, MALLORY, QUINN, TERRY]),
        ("active eq false", &[IRENE]),
        ("active ne true", &[IRENE]),
        ("active eq TRUE", &[BJENSEN, MALLORY, QUINN, TERRY]),
        (r#"externalId eq "bjensen""#, &[BJENSEN]),
        (r#"externalId eq "BJENSEN""#, &[]),
        ("externalId pr", &[BJENSEN]),
        (r#"id eq "5c1e7a00-0000-4000-8000-000000000002""#, &[TERRY]),
        (r#"id eq "5C1E7A00-0000-4000-8000-000000000002""#, &[]),
        (r#"urn:ietf:params:scim:schemas:core:2.0:User:userName eq "terry""#, &[TERRY]),
        (r#"displayName co "<script>""#, &[MALLORY]),
    ];
    for (filter, expected) in cases {
        assert_eq!(ids(&sb, filter).await, *expected, "{filter}");
    }
}

#[tokio::test]
async fn keywords_attributes_and_case_insensitive_values_ignore_case() {
    let sb = named_only();
    for filter in [
        r#"USERNAME EQ "BJensen""#,
        r#"username Eq "bjensen" AnD ACTIVE eq True"#,
        r#"  userName   eq "bjensen"  "#,
        r#"NAME.FAMILYNAME sw "JEN""#,
        r#"Emails.Value Ew "@EXAMPLE.COM" and userName Sw "b""#,
    ] {
        assert_eq!(ids(&sb, filter).await, [BJENSEN], "{filter}");
    }
}

#[tokio::test]
async fn and_binds_tighter_than_or_and_parentheses_group() {
    let sb = named_only();
    let cases: &[(&str, &[&str])] = &[
        (r#"userName eq "terry" or userName eq "mallory" and active eq false"#, &[TERRY]),
        (r#"active eq false and userName eq "mallory" or userName eq "terry""#, &[TERRY]),
        (r#"(userName eq "terry" or userName eq "mallory") and active eq false"#, &[]),
        (r#"(userName eq "terry" or userName eq "irene.inactive") and active eq false"#, &[IRENE]),
        (r#"((userName eq "terry")) or (((emails co "jensen")))"#, &[BJENSEN, TERRY]),
        (r#"not (active eq true)"#, &[IRENE]),
        (r#"not(userName pr)"#, &[]),
        (r#"NOT (userName eq "terry" or active eq false) and emails co "m""#, &[BJENSEN, MALLORY, QUINN]),
    ];
    for (filter, expected) in cases {
        assert_eq!(ids(&sb, filter).await, *expected, "{filter}");
    }
}

#[tokio::test]
async fn string_values_are_json_strings_and_cannot_inject() {
    let sb = named_only();
    assert_eq!(ids(&sb, r#"userName eq "o'neil \"quote\"""#).await, [QUINN]);
    assert_eq!(ids(&sb, r#"userName eq "O'NEIL \u0022QUOTE\u0022""#).await, [QUINN]);
    assert_eq!(ids(&sb, r#"userName eq "\" or userName pr""#).await, Vec::<&str>::new(), "a value, not a clause");
    assert_eq!(ids(&sb, r#"userName co "\" or userName pr \"""#).await, Vec::<&str>::new());
    assert_eq!(ids(&sb, r#"userName eq "terry\\""#).await, Vec::<&str>::new(), "the value is terry\\");
    assert_eq!(ids(&sb, r#"displayName co "\"><script>""#).await, [MALLORY]);
    filter_error(&sb, r#"userName eq "" or userName pr """#).await;
}

#[tokio::test]
async fn invalid_filters_are_400_invalid_filter() {
    let sb = sandbox();
    let deep = format!("{}userName pr{}", "(".repeat(40), ")".repeat(40));
    let bad = [
        "",
        "   ",
        "userName",
        "userName eq",
        "userName eq terry",
        "userName eq 5",
        "userName eq null",
        r#"userName gt "a""#,
        r#"userName foo "a""#,
        r#"title eq "Tour Guide""#,
        r#"meta.created pr"#,
        r#"emails[type eq "work"]"#,
        r#"(userName eq "a""#,
        r#"userName eq "a")"#,
        r#"userName eq "a" and"#,
        r#"userName eq "a" xor userName pr"#,
        r#"active eq "true""#,
        r#"active co "t""#,
        "active eq yes",
        "not userName pr",
        r#"userName eq "unterminated"#,
        r#"userName eq "bad \q escape""#,
        "userName pr pr",
        "and userName pr",
        "()",
        &deep,
    ];
    for filter in bad {
        filter_error(&sb, filter).await;
    }
    assert!(filter_error(&sb, r#"title eq "x""#).await.contains("title"));
    assert!(filter_error(&sb, r#"userName gt "a""#).await.contains("gt"));
    let nested = format!("{}userName pr{}", "(".repeat(30), ")".repeat(30));
    assert_eq!(found(&sb, &nested).await.len(), sb.scim_user_count(), "30 levels are fine");
}
