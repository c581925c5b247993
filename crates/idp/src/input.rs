//! What a person types, checked before any call is made.
//!
//! Every rejection is a specific, plain sentence. Nothing here knows a provider's wire format.

use crate::model::{shorten, Email, UserId};

/// Input refused before anything was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("Type a name, an email address or a user id to search for.")]
    EmptyQuery,
    #[error("That search is too long ({0} characters); use at most 100.")]
    QueryTooLong(usize),
    #[error("The search contains characters that cannot be typed (control characters).")]
    ControlCharacters,
    #[error("\"{0}\" looks like an email address but is not a complete one, for example name@example.com.")]
    MalformedEmail(String),
    #[error("A user id is needed.")]
    EmptyId,
    #[error("\"{0}\" is not a valid user id for this provider.")]
    MalformedId(String),
}

/// What a search box's text means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchInput {
    /// Looks like one of the provider's user ids.
    Id(UserId),
    /// A complete email address.
    Email(Email),
    /// Anything else: a name or email fragment.
    Text(String),
}

impl SearchInput {
    /// Classifies and checks a search. `looks_like_id` is the provider's own id shape.
    pub fn parse(raw: &str, looks_like_id: impl Fn(&str) -> bool) -> Result<SearchInput, InputError> {
        let text = raw.trim();
        if text.is_empty() {
            return Err(InputError::EmptyQuery);
        }
        if text.chars().any(char::is_control) {
            return Err(InputError::ControlCharacters);
        }
        let len = text.chars().count();
        if len > 100 {
            return Err(InputError::QueryTooLong(len));
        }
        if looks_like_id(text) {
            return UserId::parse(text).map(SearchInput::Id);
        }
        // "@example.com" searches a domain; anything else with an @ must be a whole address.
        if text.contains('@') && !text.starts_with('@') {
            return Email::parse(text).map(SearchInput::Email).map_err(|_| InputError::MalformedEmail(shorten(text)));
        }
        Ok(SearchInput::Text(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<SearchInput, InputError> {
        SearchInput::parse(s, |t| t.len() == 36 && t.matches('-').count() == 4)
    }

    #[test]
    fn classifies_what_was_typed() {
        assert_eq!(parse(" terry ").ok(), Some(SearchInput::Text("terry".into())));
        assert!(matches!(parse("terry@example.com"), Ok(SearchInput::Email(_))));
        assert!(matches!(parse("@example.com"), Ok(SearchInput::Text(_))));
        assert!(matches!(parse("4e0f2af0-33a2-4001-8631-0f8225e65f1c"), Ok(SearchInput::Id(_))));
    }

    #[test]
    fn refuses_bad_searches_with_a_reason() {
        assert_eq!(parse("   "), Err(InputError::EmptyQuery));
        assert_eq!(parse("a\u{7}b"), Err(InputError::ControlCharacters));
        assert_eq!(parse(&"x".repeat(101)), Err(InputError::QueryTooLong(101)));
        assert_eq!(parse("terry@"), Err(InputError::MalformedEmail("terry@".into())));
        let msg = parse("terry@exa").unwrap_err().to_string();
        assert!(msg.contains("not a complete one"), "{msg}");
    }
}
