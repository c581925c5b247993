//! The `search=` expression language of `GET /api/v1/users`: a tokenizer, a recursive-descent
//! parser and an evaluator over users (in `eval`).
//!
//! ```text
//! expr       := and ("or" and)*
//! and        := primary ("and" primary)*
//! primary    := "(" expr ")" | comparison
//! comparison := attribute operator string
//! attribute  := "id" | "status" | "created" | "activated" | "statusChanged" | "lastUpdated"
//!             | "passwordChanged" | "lastLogin" | "type.id" | "profile." name
//! operator   := "eq" | "sw" | "co" | "lt" | "le" | "gt" | "ge"        (any case)
//! string     := '"' ( any character but '"' and '\' | '\"' | '\\' )* '"'
//! ```
//!
//! As the spec says: attribute names are case-sensitive; operators, `and`/`or` and string values
//! are case-insensitive (diacritics stay significant), except `id`, which is matched exactly; `co`
//! works only on profile.firstName, lastName, email and login. A profile attribute holding an
//! array matches if any element does. Comparisons against absent or non-string values are false.
//! Anything else — another escape, an unterminated string, a stray token, nesting deeper than
//! [`MAX_DEPTH`], more than [`MAX_LEN`] bytes — is a [`SearchError`] (400 E0000031).
//!
//! This module and `eval` must not touch the state; they only parse and evaluate.

mod eval;

/// Longest accepted expression, in bytes.
pub(crate) const MAX_LEN: usize = 4096;
/// Deepest accepted parenthesis nesting.
pub(crate) const MAX_DEPTH: usize = 32;

/// Why an expression was refused (the text goes into `errorCauses`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SearchError(pub(crate) String);

/// A parsed expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Expr {
    /// Either side matches.
    Or(Box<Expr>, Box<Expr>),
    /// Both sides match.
    And(Box<Expr>, Box<Expr>),
    /// One comparison.
    Cmp(Attr, Op, String),
}

/// A searchable attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Attr {
    /// The user id (exact match).
    Id,
    /// A top-level string property such as `status` or `lastUpdated`.
    Top(&'static str),
    /// `type.id`.
    TypeId,
    /// `profile.<name>`.
    Profile(String),
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Sw,
    Co,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Open,
    Close,
    Word(String),
    Str(String),
}

/// Parses `input`.
pub(crate) fn parse(input: &str) -> Result<Expr, SearchError> {
    if input.len() > MAX_LEN {
        return Err(SearchError(format!("The search expression is longer than {MAX_LEN} characters.")));
    }
    let tokens = tokenize(input)?;
    let mut parser = Parser { tokens, at: 0 };
    let expr = parser.or(0)?;
    match parser.tokens.get(parser.at) {
        None => Ok(expr),
        Some(t) => Err(SearchError(format!("Unexpected {} after a complete expression.", describe(t)))),
    }
}

fn tokenize(input: &str) -> Result<Vec<Token>, SearchError> {
    let mut tokens = Vec::new();
    let mut chars = input.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' => {
                chars.next();
                tokens.push(if c == '(' { Token::Open } else { Token::Close });
            }
            '"' => {
                chars.next();
                let mut value = String::new();
                loop {
                    match chars.next() {
                        None => return Err(SearchError("Unterminated string literal.".into())),
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(e @ ('"' | '\\')) => value.push(e),
                            Some(e) => return Err(SearchError(format!("Invalid escape sequence \\{e} in a string."))),
                            None => return Err(SearchError("Unterminated string literal.".into())),
                        },
                        Some(other) => value.push(other),
                    }
                }
                tokens.push(Token::Str(value));
            }
            c if c.is_ascii_alphanumeric() || c == '.' || c == '_' => {
                let mut word = String::new();
                while let Some(&w) = chars.peek().filter(|w| w.is_ascii_alphanumeric() || **w == '.' || **w == '_') {
                    word.push(w);
                    chars.next();
                }
                tokens.push(Token::Word(word));
            }
            other => return Err(SearchError(format!("Unexpected character '{other}'."))),
        }
    }
    Ok(tokens)
}

fn describe(token: &Token) -> String {
    match token {
        Token::Open => "'('".into(),
        Token::Close => "')'".into(),
        Token::Word(w) => format!("'{w}'"),
        Token::Str(_) => "a string".into(),
    }
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    fn keyword(&mut self, word: &str) -> bool {
        let hit = matches!(self.tokens.get(self.at), Some(Token::Word(w)) if w.eq_ignore_ascii_case(word));
        if hit {
            self.at += 1;
        }
        hit
    }

    fn or(&mut self, depth: usize) -> Result<Expr, SearchError> {
        let mut left = self.and(depth)?;
        while self.keyword("or") {
            left = Expr::Or(Box::new(left), Box::new(self.and(depth)?));
        }
        Ok(left)
    }

    fn and(&mut self, depth: usize) -> Result<Expr, SearchError> {
        let mut left = self.primary(depth)?;
        while self.keyword("and") {
            left = Expr::And(Box::new(left), Box::new(self.primary(depth)?));
        }
        Ok(left)
    }

    fn primary(&mut self, depth: usize) -> Result<Expr, SearchError> {
        match self.next() {
            Some(Token::Open) => {
                if depth >= MAX_DEPTH {
                    return Err(SearchError(format!("Parentheses nest deeper than {MAX_DEPTH}.")));
                }
                let inner = self.or(depth + 1)?;
                match self.next() {
                    Some(Token::Close) => Ok(inner),
                    _ => Err(SearchError("Missing ')'.".into())),
                }
            }
            Some(Token::Word(name)) => {
                let attr = attribute(&name)?;
                let op = match self.next() {
                    Some(Token::Word(op)) => operator(&op)?,
                    _ => return Err(SearchError(format!("Expected an operator after '{name}'."))),
                };
                if op == Op::Co && !co_allowed(&attr) {
                    return Err(SearchError(format!("The co operator is not supported on '{name}'.")));
                }
                match self.next() {
                    Some(Token::Str(value)) => Ok(Expr::Cmp(attr, op, value)),
                    _ => Err(SearchError(format!("Expected a quoted string after '{name}'."))),
                }
            }
            Some(t) => Err(SearchError(format!("Expected an attribute, found {}.", describe(&t)))),
            None => Err(SearchError("The search expression ended early.".into())),
        }
    }
}

fn attribute(name: &str) -> Result<Attr, SearchError> {
    const TOP: [&str; 7] =
        ["status", "created", "activated", "statusChanged", "lastUpdated", "passwordChanged", "lastLogin"];
    if name == "id" {
        return Ok(Attr::Id);
    }
    if name == "type.id" {
        return Ok(Attr::TypeId);
    }
    if let Some(top) = TOP.iter().find(|t| **t == name) {
        return Ok(Attr::Top(top));
    }
    match name.strip_prefix("profile.") {
        Some(p) if !p.is_empty() && !p.contains('.') => Ok(Attr::Profile(p.to_string())),
        _ => Err(SearchError(format!("Unknown search attribute '{name}'."))),
    }
}

fn operator(word: &str) -> Result<Op, SearchError> {
    Ok(match word.to_ascii_lowercase().as_str() {
        "eq" => Op::Eq,
        "sw" => Op::Sw,
        "co" => Op::Co,
        "lt" => Op::Lt,
        "le" => Op::Le,
        "gt" => Op::Gt,
        "ge" => Op::Ge,
        _ => return Err(SearchError(format!("Unsupported operator '{word}'."))),
    })
}

fn co_allowed(attr: &Attr) -> bool {
    matches!(attr, Attr::Profile(p) if ["firstName", "lastName", "email", "login"].contains(&p.as_str()))
}

#[cfg(test)]
mod tests;
