//! Genesys Cloud's samples for the shared contract tests (`crate::contract`): canonical operations
//! (every action, the deleted read, both search bodies), people in every documented state plus an
//! unknown one and one whose version cannot be read, and error bodies in `ErrorBody`'s shape with
//! the codes the 2018 swagger lists (no official source has verbatim examples). Test data only.

use crate::action::Action;
use crate::contract::{ErrorSample, Person, Samples};
use crate::error::ErrorKind;
use crate::model::{Email, PageToken, Precondition, SignIn, StatusKind, UserId};
use crate::operation::{Change, Operation};
use crate::registry::Settings;

/// John Doe, the tutorial's person.
pub(crate) const JOHN: &str = "12345678-1234-1234-1234-123456789abc";

/// John in Genesys's `User` shape with `state` and `version` (raw JSON, so odd values can be had).
pub(crate) fn person_body(state: &str, version: &str) -> String {
    format!(
        r#"{{"id":"{JOHN}","name":"John Doe","division":{{"id":"8a1b2c3d-0000-4000-8000-000000000001","name":"Home","selfUri":"/api/v2/authorization/divisions/8a1b2c3d-0000-4000-8000-000000000001"}},"email":"john.doe@example.com","state":{state},"version":{version},"username":"john.doe@example.com","department":"Sales","title":"Sales Representative","dateLastLogin":"2026-11-28T09:15:00.000Z","selfUri":"/api/v2/users/{JOHN}"}}"#
    )
}

fn error_body(status: u16, code: &str, message: &str, extra: &str) -> String {
    format!(
        r#"{{"message":"{message}","code":"{code}","status":{status}{extra},"contextId":"0f4c2a1e-7d3b-4c55-9e0a-3f2b1c4d5e6f","details":[],"errors":[]}}"#
    )
}

/// The samples.
pub(crate) fn samples() -> Samples {
    let id = || UserId::parse(JOHN).unwrap_or_else(|_| unreachable!("a valid id"));
    let change = |action, version: Option<u64>| {
        Operation::Change(Change { precondition: version.map(Precondition::Version), ..Change::new(action, id()) })
    };
    let email = Email::parse("john.doe@example.com").unwrap_or_else(|_| unreachable!("a valid address"));
    let operations = vec![
        Operation::GetUser { id: id() },
        Operation::GetDeletedUser { id: id() },
        Operation::FindUserByEmail { email },
        Operation::SearchUsers { query: "john".into(), page: None, limit: 25 },
        Operation::SearchUsers { query: "John Doe".into(), page: Some(PageToken("3".into())), limit: 100 },
        Operation::SearchUsers {
            query: r#"x","fields":["state"],"value":"deleted"} ] \ Zoë"#.into(),
            page: None,
            limit: 1,
        },
        change(Action::Deactivate, Some(3)),
        change(Action::Reactivate, Some(4)),
        change(Action::Restore, Some(6)),
        change(Action::Delete, None),
        change(Action::SignOutEverywhere, None),
    ];
    let person = |state: &str, version: &str, kind, sign_in| Person {
        headers: vec![("inin-correlation-id", "7c1f0e2a-1b2c-4d3e-8f40-5a6b7c8d9e0f".into())],
        body: person_body(state, version),
        kind,
        sign_in,
    };
    let error = |status, code, message, extra: &str, kind, expect| ErrorSample {
        status,
        headers: vec![("inin-correlation-id", "7c1f0e2a-1b2c-4d3e-8f40-5a6b7c8d9e0f".into())],
        body: error_body(status, code, message, extra),
        kind,
        message: expect,
    };
    use SignIn::{Allowed, Blocked};
    use StatusKind as K;
    Samples {
        settings: Settings::default(),
        operations,
        people: vec![
            person(r#""active""#, "3", K::Active, Allowed),
            person(r#""inactive""#, "4", K::Deactivated, Blocked),
            person(r#""deleted""#, "6", K::DeletedRestorable, Blocked),
            person(r#""suspended""#, "2", K::Unknown("suspended".into()), SignIn::Unknown),
            person(r#""active""#, r#""three""#, K::Active, Allowed),
        ],
        errors: vec![
            error(
                400,
                "bad.request",
                "The request could not be understood by the server due to malformed syntax.",
                "",
                ErrorKind::BadRequest,
                Some("malformed syntax"),
            ),
            error(
                401,
                "bad.credentials",
                "Invalid login credentials.",
                "",
                ErrorKind::Unauthorized,
                Some("Invalid login credentials"),
            ),
            error(
                403,
                "missing.permissions",
                "You are missing the following permission(s): directory:user:edit in division Sales",
                r#","messageWithParams":"You are missing the following permission(s): {permission} in division {division}","messageParams":{"permission":"directory:user:edit","division":"Sales"}"#,
                ErrorKind::Forbidden,
                Some("Missing permission: directory:user:edit (division: Sales)"),
            ),
            error(
                404,
                "not.found",
                "The requested user could not be found.",
                "",
                ErrorKind::NotFound,
                Some("could not be found"),
            ),
            error(
                409,
                "general.conflict",
                "The version supplied does not match the current version of the user",
                "",
                ErrorKind::PreconditionFailed,
                Some("does not match the current version"),
            ),
            ErrorSample {
                headers: vec![("retry-after", "17".into())],
                ..error(
                    429,
                    "too.many.requests",
                    "Rate limit exceeded the maximum [300] requests within [60] seconds",
                    "",
                    ErrorKind::RateLimited,
                    Some("Rate limit exceeded"),
                )
            },
        ],
    }
}
