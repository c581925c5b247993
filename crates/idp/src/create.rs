//! Creating a person: the form's fields, checked before anything is sent, with one message per
//! field. Which kinds of account a provider offers (DocSpace: User, Room admin, Guest, DocSpace
//! admin) is the adapter's (`IdentityProvider::person_types`); nothing here knows a wire format.

use serde::{Deserialize, Serialize};

use crate::model::Email;

/// The longest first or last name accepted (DocSpace's `maxLength`).
pub const MAX_NAME: usize = 255;

/// One kind of account a provider creates, as its form offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PersonType {
    /// The provider's own value for it, as sent (`"4"`).
    pub code: &'static str,
    /// Its name in the provider's product ("User").
    pub label: &'static str,
    /// What it lets the person do, in one plain sentence.
    pub hint: &'static str,
    /// It manages the whole system (its people and settings): the panel asks for the address to
    /// be typed before creating one.
    pub admin: bool,
}

/// A person to create, every field checked.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NewPerson {
    pub email: Email,
    pub first_name: String,
    pub last_name: String,
    /// One of the adapter's `PersonType` codes.
    pub kind: String,
}

/// The form's field a message is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Field {
    Email,
    FirstName,
    LastName,
    Kind,
}

/// A field and what is wrong with it, phrased for the person filling in the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub message: String,
}

impl NewPerson {
    /// Checks the form: a complete email address, both names (1 to 255 characters, no control
    /// characters), and a kind from `types`. Every problem is reported, each at its field.
    pub fn parse(
        email: &str,
        first_name: &str,
        last_name: &str,
        kind: &str,
        types: &[PersonType],
    ) -> Result<NewPerson, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field, message: String| errors.push(FieldError { field, message });
        let email = match email.trim() {
            "" => {
                fail(Field::Email, "Type the person's email address.".into());
                None
            }
            typed => match Email::parse(typed) {
                Ok(email) => Some(email),
                Err(_) => {
                    fail(Field::Email, "This is not a complete email address, for example name@example.com.".into());
                    None
                }
            },
        };
        let mut name = |field, raw: &str, which: &str| {
            let text = raw.trim();
            let problem = if text.is_empty() {
                Some(format!("Type the person's {which}."))
            } else if text.chars().any(|c| c.is_control() || is_invisible(c)) {
                Some(format!("The {which} contains characters that cannot be typed, or that hide or reorder text."))
            } else if text.chars().count() > MAX_NAME {
                Some(format!("The {which} is too long; use at most {MAX_NAME} characters."))
            } else {
                None
            };
            match problem {
                Some(message) => {
                    fail(field, message);
                    None
                }
                None => Some(text.to_owned()),
            }
        };
        let first_name = name(Field::FirstName, first_name, "first name");
        let last_name = name(Field::LastName, last_name, "last name");
        let kind = types.iter().find(|t| t.code == kind.trim()).map(|t| t.code.to_owned());
        if kind.is_none() {
            let names: Vec<&str> = types.iter().map(|t| t.label).collect();
            fail(Field::Kind, format!("Choose what kind of account this is: {}.", names.join(", ")));
        }
        match (email, first_name, last_name, kind) {
            (Some(email), Some(first_name), Some(last_name), Some(kind)) if errors.is_empty() => {
                Ok(NewPerson { email, first_name, last_name, kind })
            }
            _ => Err(errors),
        }
    }

    /// "First Last", as the audit and the confirmation name the person.
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// Characters that show nothing or turn text around (zero-width, direction marks and overrides):
/// a name holding them can look like somebody else's in the confirmation and the audit.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    const TYPES: &[PersonType] = &[
        PersonType { code: "4", label: "User", hint: "", admin: false },
        PersonType { code: "2", label: "Guest", hint: "", admin: false },
    ];

    fn fields(result: Result<NewPerson, Vec<FieldError>>) -> Vec<Field> {
        result.err().unwrap_or_default().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_complete_form_is_trimmed_and_kept() {
        let person = NewPerson::parse(" ada@example.com ", " Ada ", "Lovelace", "2", TYPES).unwrap();
        assert_eq!(person.email.as_str(), "ada@example.com");
        assert_eq!(person.full_name(), "Ada Lovelace");
        assert_eq!(person.kind, "2");
    }

    #[test]
    fn every_problem_is_reported_at_its_field() {
        assert_eq!(
            fields(NewPerson::parse("", "", " ", "0", TYPES)),
            [Field::Email, Field::FirstName, Field::LastName, Field::Kind]
        );
        assert_eq!(fields(NewPerson::parse("ada@", "Ada", "L", "4", TYPES)), [Field::Email]);
        assert_eq!(fields(NewPerson::parse("a@b.co", "A\u{7}", "L", "4", TYPES)), [Field::FirstName]);
        for hidden in ["Ada\u{202E}ecalevol", "A\u{200B}da", "\u{FEFF}Ada"] {
            assert_eq!(fields(NewPerson::parse("a@b.co", hidden, "L", "4", TYPES)), [Field::FirstName], "{hidden:?}");
        }
        let long = "x".repeat(MAX_NAME + 1);
        let errors = NewPerson::parse("a@b.co", "Ada", &long, "4", TYPES).unwrap_err();
        assert_eq!(errors[0].field, Field::LastName);
        assert!(errors[0].message.contains("at most 255"), "{}", errors[0].message);
        let kind = NewPerson::parse("a@b.co", "Ada", "L", "3", TYPES).unwrap_err();
        assert!(kind[0].message.contains("User, Guest"), "{}", kind[0].message);
        assert!(NewPerson::parse("a@b.co", &"é".repeat(MAX_NAME), "L", "4", TYPES).is_ok(), "characters, not bytes");
    }
}
