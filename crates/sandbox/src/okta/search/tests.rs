//! Unit tests of the `search=` parser.

use super::*;

fn cmp(attr: Attr, op: Op, value: &str) -> Expr {
    Expr::Cmp(attr, op, value.into())
}

#[test]
fn precedence_parentheses_and_escapes() {
    let e = parse(r#"status eq "A" or profile.email sw "b" AND id eq "c""#).unwrap();
    let and =
        Expr::And(Box::new(cmp(Attr::Profile("email".into()), Op::Sw, "b")), Box::new(cmp(Attr::Id, Op::Eq, "c")));
    assert_eq!(e, Expr::Or(Box::new(cmp(Attr::Top("status"), Op::Eq, "A")), Box::new(and)));
    let e = parse(r#"(profile.lastName co "x\" or \\y")"#).unwrap();
    assert_eq!(e, cmp(Attr::Profile("lastName".into()), Op::Co, r#"x" or \y"#));
}

#[test]
fn malformed_expressions_are_refused() {
    let deep = format!("{}id eq \"x\"{}", "(".repeat(MAX_DEPTH + 1), ")".repeat(MAX_DEPTH + 1));
    let long = format!("id eq \"{}\"", "x".repeat(MAX_LEN));
    for bad in [
        "",
        "status",
        "status eq",
        "status eq ACTIVE",
        r#"status eq "ACTIVE"#,
        r#"status eq "a\n""#,
        r#"status ne "ACTIVE""#,
        r#"Status eq "ACTIVE""#,
        r#"id co "00u""#,
        r#"(id eq "x""#,
        r#"id eq "x")"#,
        r#"id eq "x" and"#,
        r#"id eq "x" id eq "y""#,
        r#"id eq 'x'"#,
        r#"id = "x""#,
        r#"profile. eq "x""#,
        &deep,
        &long,
        "\u{e9} eq \"x\"",
    ] {
        assert!(parse(bad).is_err(), "{bad:?} parsed");
    }
    assert!(parse(&format!("{}id eq \"x\"{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH))).is_ok());
}
