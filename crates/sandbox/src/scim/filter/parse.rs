//! The filter parser: recursive descent over `lex`'s tokens, by the grammar in the parent
//! module's doc (`or` of `and`s of unaries), with the attribute names and operators resolved
//! case-insensitively and every value checked against its attribute's type. This module must
//! not evaluate filters.

use super::lex::{lex, Token};
use super::{Attr, Filter, Op};
use crate::scim::wire::USER_SCHEMA;

/// The most nested parentheses (and `not`s) a filter may have.
pub(crate) const MAX_DEPTH: usize = 32;

/// `input` as a [`Filter`], or the error's words (answered 400 `invalidFilter`).
pub(crate) fn parse(input: &str) -> Result<Filter, String> {
    let tokens = lex(input)?;
    if tokens.is_empty() {
        return Err("the filter is empty".into());
    }
    let mut parser = Parser { tokens, at: 0, depth: 0 };
    let filter = parser.or()?;
    match parser.peek() {
        None => Ok(filter),
        Some(token) => Err(format!("unexpected {} after a complete expression", token.describe())),
    }
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    /// Consumes the keyword `word` (any case) if it comes next.
    fn keyword(&mut self, word: &str) -> bool {
        let found = matches!(self.peek(), Some(Token::Word(w)) if w.eq_ignore_ascii_case(word));
        if found {
            self.at += 1;
        }
        found
    }

    fn or(&mut self) -> Result<Filter, String> {
        let mut left = self.and()?;
        while self.keyword("or") {
            left = Filter::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Filter, String> {
        let mut left = self.unary()?;
        while self.keyword("and") {
            left = Filter::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Filter, String> {
        if self.keyword("not") {
            if self.peek() != Some(&Token::Open) {
                return Err("\"not\" must be followed by \"(\"".into());
            }
            return Ok(Filter::Not(Box::new(self.group()?)));
        }
        match self.peek() {
            Some(Token::Open) => self.group(),
            _ => self.comparison(),
        }
    }

    /// `( filter )`.
    fn group(&mut self) -> Result<Filter, String> {
        self.next();
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(format!("more than {MAX_DEPTH} nested parentheses"));
        }
        let inner = self.or()?;
        match self.next() {
            Some(Token::Close) => {
                self.depth -= 1;
                Ok(inner)
            }
            Some(token) => Err(format!("expected \")\", found {}", token.describe())),
            None => Err("missing \")\"".into()),
        }
    }

    /// `attrPath pr` or `attrPath op value`.
    fn comparison(&mut self) -> Result<Filter, String> {
        let attr = match self.next() {
            Some(Token::Word(word)) => attribute(&word)?,
            Some(token) => return Err(format!("expected an attribute, found {}", token.describe())),
            None => return Err("expected an attribute at the end of the filter".into()),
        };
        let op = match self.next() {
            Some(Token::Word(op)) => op.to_ascii_lowercase(),
            Some(token) => return Err(format!("expected an operator, found {}", token.describe())),
            None => return Err("expected an operator at the end of the filter".into()),
        };
        if op == "pr" {
            return Ok(Filter::Present(attr));
        }
        let value = self.next().ok_or("expected a value at the end of the filter")?;
        compare(attr, &op, value)
    }
}

/// The attribute a path names (any case; the core User schema URN and `:` may come first).
fn attribute(path: &str) -> Result<Attr, String> {
    let lower = path.to_ascii_lowercase();
    let prefix = format!("{}:", USER_SCHEMA.to_ascii_lowercase());
    let short = lower.strip_prefix(&prefix).unwrap_or(&lower);
    Ok(match short {
        "id" => Attr::Id,
        "externalid" => Attr::ExternalId,
        "username" => Attr::UserName,
        "name.familyname" => Attr::FamilyName,
        "name.givenname" => Attr::GivenName,
        "displayname" => Attr::DisplayName,
        "emails" | "emails.value" => Attr::Emails,
        "active" => Attr::Active,
        _ if path.contains('[') => return Err(format!("value-path filters such as {path:?} are not supported")),
        _ => return Err(format!("unknown or unsupported attribute {path:?}")),
    })
}

/// `attr op value`, checked.
fn compare(attr: Attr, op: &str, value: Token) -> Result<Filter, String> {
    let string_op = match op {
        "eq" | "ne" => Op::Eq,
        "co" => Op::Co,
        "sw" => Op::Sw,
        "ew" => Op::Ew,
        "gt" | "ge" | "lt" | "le" => return Err(format!("the operator {op:?} is not supported")),
        _ => return Err(format!("unknown operator {op:?} (use eq, ne, co, sw, ew or pr)")),
    };
    let filter = match (attr, value) {
        (Attr::Active, Token::Word(word)) if string_op == Op::Eq => match word.to_ascii_lowercase().as_str() {
            "true" => Filter::Active(true),
            "false" => Filter::Active(false),
            _ => return Err(format!("active compares with true or false, not {word:?}")),
        },
        (Attr::Active, _) if string_op != Op::Eq => return Err(format!("active does not support {op:?}")),
        (Attr::Active, token) => return Err(format!("active compares with true or false, not {}", token.describe())),
        (attr, Token::Str(text)) => Filter::Text(attr, string_op, text),
        (_, token) => return Err(format!("expected a string value, found {}", token.describe())),
    };
    Ok(if op == "ne" { Filter::Not(Box::new(filter)) } else { filter })
}
