//! FusionAuth's samples for the shared contract tests (`crate::contract`): canonical operations,
//! people in each state FusionAuth reports, and its error replies. Test data only.

use crate::action::Action;
use crate::contract::{ErrorSample, Person, Samples};
use crate::error::ErrorKind;
use crate::model::{Email, PageToken, SignIn, StatusKind, UserId};
use crate::operation::{Change, Operation};
use crate::registry::Settings;

const TERRY: &str = "4e0f2af0-33a2-4001-8631-0f8225e65f1c";

/// The samples.
pub(crate) fn samples() -> Samples {
    let id = || UserId::parse(TERRY).unwrap_or_else(|_| unreachable!("a valid id"));
    let change = |action| Operation::Change(Change::new(action, id()));
    let person = |active: &str, kind, sign_in| Person {
        headers: vec![],
        body: format!(r#"{{"user":{{"id":"{TERRY}","email":"terry@example.com","firstName":"Terry"{active}}}}}"#),
        kind,
        sign_in,
    };
    let error =
        |status, body: &str, kind, message| ErrorSample { status, headers: vec![], body: body.into(), kind, message };
    Samples {
        settings: Settings::default(),
        operations: vec![
            Operation::GetUser { id: id() },
            Operation::FindUserByEmail { email: Email::parse("terry@example.com").unwrap_or_else(|_| unreachable!()) },
            Operation::SearchUsers { query: "terry".into(), page: None, limit: 25 },
            Operation::SearchUsers { query: "o'neil (it)".into(), page: Some(PageToken("25".into())), limit: 100 },
            change(Action::Deactivate),
            change(Action::Reactivate),
            change(Action::SignOutEverywhere),
            change(Action::DeletePermanently),
        ],
        people: vec![
            person(r#","active":true"#, StatusKind::Active, SignIn::Allowed),
            person(r#","active":false"#, StatusKind::Deactivated, SignIn::Blocked),
            person("", StatusKind::Unknown("no active flag".into()), SignIn::Unknown),
        ],
        errors: vec![
            error(
                400,
                include_str!("../../tests/fixtures/fusionauth/errors-400.json"),
                ErrorKind::BadRequest,
                Some("must be between 1 and 500"),
            ),
            error(401, "", ErrorKind::Unauthorized, None),
            error(404, "", ErrorKind::NotFound, None),
            error(
                503,
                r#"{"generalErrors":[{"code":"[SearchIndexUnavailable]","message":"The search index is not available."}]}"#,
                ErrorKind::Unavailable,
                Some("search index"),
            ),
        ],
    }
}
