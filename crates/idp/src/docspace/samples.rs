//! DocSpace's samples for the shared contract tests (`crate::contract`): canonical operations
//! (every action, both searches, a create), people in every status it reads plus an unknown one,
//! and error bodies (the `{"error": {"message"}}` shape is UNVERIFIED upstream; the spec types no
//! error body; the duplicate-email words are the sandbox's choice). Test data only.

use crate::action::Action;
use crate::contract::{ErrorSample, Person, Samples};
use crate::create::NewPerson;
use crate::error::ErrorKind;
use crate::model::{Email, PageToken, SignIn, StatusKind, UserId};
use crate::operation::{Change, Operation};
use crate::registry::Settings;

/// Mike Zanyatski, the spec's example person.
pub(crate) const MIKE: &str = "046b6c7f-0b8a-43b9-b35d-6489e6daee91";

/// Mike's `EmployeeFullDto` with `status` and `isOwner` as raw JSON.
pub(crate) fn person_json(status: &str, owner: &str) -> String {
    format!(
        r#"{{"id":"{MIKE}","userName":"Mike.Zanyatski","firstName":"Mike","lastName":"Zanyatski","displayName":"Mike Zanyatski","email":"my@gmail.com","status":{status},"activationStatus":1,"isAdmin":false,"isOwner":{owner},"isLDAP":false,"isSSO":false,"isVisitor":false,"isRoomAdmin":true,"department":"Marketing","title":"Manager","registrationDate":{{"utcTime":"2024-04-10T06:30:00+04:00","timeZoneOffset":"00:00:00"}}}}"#
    )
}

/// `payload` in DocSpace's envelope.
pub(crate) fn envelope(payload: &str) -> String {
    format!(r#"{{"response":{payload},"count":1,"links":[],"status":0,"statusCode":200}}"#)
}

fn error_body(status: u16, message: &str) -> String {
    format!(
        r#"{{"error":{{"message":"{message}","type":"System.Exception","stack":""}},"status":1,"statusCode":{status}}}"#
    )
}

/// The samples.
pub(crate) fn samples() -> Samples {
    let id = || UserId::parse(MIKE).unwrap_or_else(|_| unreachable!("a valid id"));
    let change = |action| Operation::Change(Change::new(action, id()));
    let email = Email::parse("my@gmail.com").unwrap_or_else(|_| unreachable!("a valid address"));
    let person = NewPerson::parse("ada.lovelace@example.com", "Ada", "Lovelace \"A\"", "4", super::rules::PERSON_TYPES)
        .unwrap_or_else(|_| unreachable!("a complete form"));
    let operations = vec![
        Operation::GetUser { id: id() },
        Operation::FindUserByEmail { email },
        Operation::SearchUsers { query: "mike".into(), page: None, limit: 25 },
        Operation::SearchUsers { query: "o'neil & co".into(), page: Some(PageToken("50".into())), limit: 25 },
        Operation::CreateUser { person },
        change(Action::Deactivate),
        change(Action::Reactivate),
        change(Action::DeletePermanently),
        change(Action::SignOutEverywhere),
    ];
    let person = |status: &str, kind, sign_in| Person {
        headers: vec![],
        body: envelope(&person_json(status, "false")),
        kind,
        sign_in,
    };
    let error = |status, message: &str, kind, expect| ErrorSample {
        status,
        headers: vec![],
        body: error_body(status, message),
        kind,
        message: expect,
    };
    use SignIn::{Allowed, Blocked};
    use StatusKind as K;
    Samples {
        settings: Settings::default(),
        operations,
        people: vec![
            person("1", K::Active, Allowed),
            person("2", K::Deactivated, Blocked),
            person("4", K::NotYetActivated, Blocked),
            person("7", K::Unknown("status 7".into()), SignIn::Unknown),
            person("\"Active\"", K::Unknown("unreadable status".into()), SignIn::Unknown),
        ],
        errors: vec![
            error(401, "Unauthorized", ErrorKind::Unauthorized, Some("Unauthorized")),
            error(
                403,
                "You don't have enough permission to perform the operation",
                ErrorKind::Forbidden,
                Some("enough permission"),
            ),
            error(403, "Access denied or user is not suspended", ErrorKind::NotAllowedInState, Some("not suspended")),
            error(404, "The user could not be found", ErrorKind::NotFound, Some("could not be found")),
            error(
                402,
                "The number of active users has reached your plan's limit.",
                ErrorKind::Quota,
                Some("plan's limit"),
            ),
            ErrorSample {
                status: 502,
                headers: vec![("content-type", "text/html".into())],
                body: "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>".into(),
                kind: ErrorKind::Gateway,
                message: None,
            },
        ],
    }
}
