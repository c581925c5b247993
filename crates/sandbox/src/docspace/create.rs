//! `POST /api/2.0/people` (`addMember`): a new person from `{"email", "firstName", "lastName",
//! "type"}` (`MemberRequestDto`'s fields the sandbox models; any other field is ignored).
//!
//! Checks, in order, each → 400: the body is a JSON object; `email` is text of at most 255
//! characters with one `@`, something before it and a dotted domain without blanks after it;
//! `firstName`, then `lastName`, is text that is not blank, at most 255 characters; `type` is an
//! `EmployeeType` of 1..=4 (missing counts as 0, "All", as .NET binds it; 0, any other number or
//! any other JSON → "The user type is not valid"); the email is nobody's already (case-insensitive,
//! every person not deleted) → `rules::EMAIL_TAKEN`.
//!
//! Success → 200 envelope with the new person: a fresh random lowercase UUID v4, status 1
//! (Active), activationStatus 2 (they have not confirmed their email), displayName "First Last",
//! userName the email's local part (made unique with a number), the role flags of the type
//! (`seed::with_type`), registrationDate now. Creating is not limited by the seat limit.
//!
//! A created person counts as one change under the new id (`crate::traffic`). This module must
//! not change anything but add the one person.

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use serde_json::{Map, Value};

use super::clock;
use super::rules::Refusal;
use super::seed::{employee, with_type, TYPES};
use super::state::{DocSpaceStore, Person};
use super::wire::ACTIVATION_PENDING;
use super::{one, Ctx};
use crate::codec::uuid_v4;
use crate::simulator::Simulator;

/// The spec's `maxLength` of the email and both names.
const MAX_LENGTH: usize = 255;

/// What the body asks for.
struct NewPerson {
    email: String,
    first: String,
    last: String,
    kind: u8,
}

/// Whether `email` looks like an address: `local@domain.tld`, no blanks, one `@`.
fn plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    let dotted = domain.split('.').count() >= 2 && domain.split('.').all(|label| !label.is_empty());
    !local.is_empty() && !domain.contains('@') && dotted && !email.chars().any(char::is_whitespace)
}

/// A required text field: present, text, not blank, at most 255 characters.
fn name(fields: &Map<String, Value>, field: &str) -> Result<String, Refusal> {
    match fields.get(field) {
        Some(Value::String(text)) if text.chars().count() > MAX_LENGTH => {
            Err(Refusal::BadRequest(format!("The field {field} must be at most {MAX_LENGTH} characters.")))
        }
        Some(Value::String(text)) if !text.trim().is_empty() => Ok(text.clone()),
        _ => Err(Refusal::BadRequest(format!("The field {field} is required."))),
    }
}

/// The body, checked, or its 400.
fn parse(body: &[u8]) -> Result<NewPerson, Refusal> {
    let Ok(Value::Object(fields)) = serde_json::from_slice::<Value>(body) else {
        return Err(Refusal::BadRequest("The request body must be a JSON object.".into()));
    };
    let email = match fields.get("email") {
        Some(Value::String(email)) if email.chars().count() <= MAX_LENGTH && plausible_email(email) => email.clone(),
        _ => return Err(Refusal::BadRequest("The field email must be a valid email address.".into())),
    };
    let (first, last) = (name(&fields, "firstName")?, name(&fields, "lastName")?);
    let kind = match fields.get("type") {
        None | Some(Value::Null) => 0,
        Some(value) => value.as_u64().and_then(|k| u8::try_from(k).ok()).unwrap_or(0),
    };
    if !TYPES.contains(&kind) {
        return Err(Refusal::InvalidType);
    }
    Ok(NewPerson { email, first, last, kind })
}

/// The email's local part, or it with the first free number appended (case-insensitive).
fn user_name(store: &DocSpaceStore, email: &str) -> String {
    let base = email.split('@').next().unwrap_or_default();
    let taken = |candidate: &str| store.live().any(|p| p.user.user_name.eq_ignore_ascii_case(candidate));
    let mut candidate = base.to_string();
    let mut n = 2;
    while taken(&candidate) {
        candidate = format!("{base}{n}");
        n += 1;
    }
    candidate
}

/// The handler.
pub(crate) async fn create_person(State(ctx): State<Ctx>, body: Bytes) -> Result<Response, Refusal> {
    let new = parse(&body)?;
    let registered = clock::now();
    ctx.docspace.with_state(|s| {
        if s.find_email(&new.email).is_some() {
            return Err(Refusal::EmailTaken);
        }
        let mut person = employee(&uuid_v4(), &user_name(s, &new.email), (&new.first, &new.last), &new.email, 0);
        person = with_type(person, new.kind);
        person.activation_status = ACTIVATION_PENDING;
        person.registration_date = registered;
        let reply = one(&person);
        ctx.docspace.traffic().applied(&person.id, "create");
        s.people.push(Person::new(person));
        Ok(reply)
    })
}
