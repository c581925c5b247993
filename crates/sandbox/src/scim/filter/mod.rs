//! The `filter` query parameter of `GET /v2/Users` (RFC 7644 §3.4.2.2), the subset the sandbox
//! implements: a real parser (`lex` then `parse`) into a [`Filter`] tree, and its evaluation
//! against a User.
//!
//! Grammar (keywords, operators and attribute names in any case; blanks between tokens):
//!
//! ```text
//! filter  = and *("or" and)              ; "and" binds tighter than "or"
//! and     = unary *("and" unary)
//! unary   = "not" "(" filter ")" / "(" filter ")" / attrExp
//! attrExp = attrPath "pr" / attrPath compareOp compValue
//! compareOp = "eq" / "ne" / "co" / "sw" / "ew"
//! compValue = JSON string / "true" / "false"
//! ```
//!
//! Attribute paths ([`Attr`]), optionally prefixed by the core User schema URN and `:`: `id`,
//! `externalId`, `userName`, `name.familyName`, `name.givenName`, `displayName`, `emails` and
//! `emails.value` (the same), `active`. Strings are JSON strings (every JSON escape, `\"` and `\\`
//! included). `active` takes only `eq`/`ne` with `true`/`false` (or `pr`); the others only
//! strings. `id` and `externalId` compare case-exactly, the rest case-insensitively (their
//! `caseExact` in RFC 7643 §4.1 and §8.7.1). `ne` is `not (… eq …)`, so an absent attribute is
//! "not equal". `emails` matches if any address does. Anything else (other operators such as
//! `gt`, numbers, `null`, value paths `emails[…]`, unknown attributes, more than
//! [`parse::MAX_DEPTH`] nested parentheses) is an error, which the caller answers 400
//! `invalidFilter` with these words.
//!
//! This module must not touch state or build HTTP replies.

mod lex;
mod parse;

pub(crate) use parse::parse;

use super::wire::User;

/// An attribute a filter may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Attr {
    Id,
    ExternalId,
    UserName,
    FamilyName,
    GivenName,
    DisplayName,
    Emails,
    Active,
}

/// A string comparison (`ne` is parsed as `not eq`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Co,
    Sw,
    Ew,
}

/// A parsed filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Filter {
    /// `attr pr`: the attribute has a (non-empty) value.
    Present(Attr),
    /// `attr op "text"` on a string attribute.
    Text(Attr, Op, String),
    /// `active eq true|false`.
    Active(bool),
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
}

impl Attr {
    /// Whether values compare case-exactly.
    fn case_exact(self) -> bool {
        matches!(self, Attr::Id | Attr::ExternalId)
    }

    /// The attribute's string values on `user` (none when absent).
    fn values(self, user: &User) -> Vec<&str> {
        let name = user.name.as_ref();
        fn one(v: Option<&String>) -> Vec<&str> {
            v.map(String::as_str).into_iter().collect()
        }
        match self {
            Attr::Id => vec![user.id.as_str()],
            Attr::ExternalId => one(user.external_id.as_ref()),
            Attr::UserName => vec![user.user_name.as_str()],
            Attr::FamilyName => one(name.and_then(|n| n.family_name.as_ref())),
            Attr::GivenName => one(name.and_then(|n| n.given_name.as_ref())),
            Attr::DisplayName => one(user.display_name.as_ref()),
            Attr::Emails => user.emails.iter().map(|e| e.value.as_str()).collect(),
            Attr::Active => vec![],
        }
    }
}

impl Op {
    fn holds(self, value: &str, wanted: &str) -> bool {
        match self {
            Op::Eq => value == wanted,
            Op::Co => value.contains(wanted),
            Op::Sw => value.starts_with(wanted),
            Op::Ew => value.ends_with(wanted),
        }
    }
}

impl Filter {
    /// Whether `user` matches.
    pub(crate) fn matches(&self, user: &User) -> bool {
        match self {
            Filter::Present(Attr::Active) => true,
            Filter::Present(attr) => attr.values(user).iter().any(|v| !v.is_empty()),
            Filter::Active(wanted) => user.active == *wanted,
            Filter::Text(attr, op, wanted) if attr.case_exact() => {
                attr.values(user).iter().any(|v| op.holds(v, wanted))
            }
            Filter::Text(attr, op, wanted) => {
                let wanted = wanted.to_lowercase();
                attr.values(user).iter().any(|v| op.holds(&v.to_lowercase(), &wanted))
            }
            Filter::And(a, b) => a.matches(user) && b.matches(user),
            Filter::Or(a, b) => a.matches(user) || b.matches(user),
            Filter::Not(a) => !a.matches(user),
        }
    }

    /// Whether the filter names `attr` anywhere.
    pub(crate) fn mentions(&self, attr: Attr) -> bool {
        match self {
            Filter::Present(a) | Filter::Text(a, _, _) => *a == attr,
            Filter::Active(_) => attr == Attr::Active,
            Filter::And(a, b) | Filter::Or(a, b) => a.mentions(attr) || b.mentions(attr),
            Filter::Not(a) => a.mentions(attr),
        }
    }
}
