//! The filter's tokens: `(`, `)`, JSON string literals (decoded, every JSON escape honoured) and
//! words (attribute paths, keywords, operators, `true`/`false`/numbers: any run of characters
//! that are not blank, a parenthesis or `"`). Blanks (any Unicode whitespace) separate tokens.
//! This module must not decide what a word means (see `parse`).

/// One token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Token {
    Open,
    Close,
    /// A decoded string literal.
    Str(String),
    /// Anything else, verbatim.
    Word(String),
}

impl Token {
    /// How an error message names the token.
    pub(super) fn describe(&self) -> String {
        match self {
            Token::Open => "\"(\"".into(),
            Token::Close => "\")\"".into(),
            Token::Str(text) => format!("the string {}", serde_json::Value::from(text.as_str())),
            Token::Word(word) => format!("\"{word}\""),
        }
    }
}

/// The tokens of `input`, or the error's words.
pub(super) fn lex(input: &str) -> Result<Vec<Token>, String> {
    let mut tokens = vec![];
    let mut chars = input.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' => {
                chars.next();
                tokens.push(Token::Open);
            }
            ')' => {
                chars.next();
                tokens.push(Token::Close);
            }
            '"' => {
                chars.next();
                let end = string_end(&mut chars).ok_or("unterminated string literal")?;
                let literal = &input[start..end];
                let text = serde_json::from_str::<String>(literal)
                    .map_err(|_| format!("invalid string literal {literal} (use JSON escapes)"))?;
                tokens.push(Token::Str(text));
            }
            _ => {
                let mut end = input.len();
                while let Some(&(i, c)) = chars.peek() {
                    if c.is_whitespace() || matches!(c, '(' | ')' | '"') {
                        end = i;
                        break;
                    }
                    chars.next();
                }
                tokens.push(Token::Word(input[start..end].to_string()));
            }
        }
    }
    Ok(tokens)
}

/// Consumes a string literal's body after its opening quote → the byte index just past its
/// closing quote; `None` if the input ends first. A backslash escapes the next character.
fn string_end(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>) -> Option<usize> {
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next()?;
            }
            '"' => return Some(i + 1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(w: &str) -> Token {
        Token::Word(w.into())
    }

    #[test]
    fn tokens_split_at_blanks_parentheses_and_quotes() {
        let tokens = lex(r#"(userName eq "a \"b\" \\ c")or active pr"#).unwrap();
        let expected = vec![
            Token::Open,
            word("userName"),
            word("eq"),
            Token::Str(r#"a "b" \ c"#.into()),
            Token::Close,
            word("or"),
            word("active"),
            word("pr"),
        ];
        assert_eq!(tokens, expected);
        assert_eq!(lex(r#""\u00e9\/\n""#).unwrap(), vec![Token::Str("é/\n".into())]);
        assert_eq!(lex("  ").unwrap(), vec![]);
        assert_eq!(lex("x\"y\"").unwrap(), vec![word("x"), Token::Str("y".into())]);
    }

    #[test]
    fn broken_literals_are_errors() {
        for bad in [r#""open"#, r#""ends with \""#, r#""bad \q escape""#, "\"\\", "\"tab\there\""] {
            assert!(lex(bad).is_err(), "{bad}");
        }
    }
}
