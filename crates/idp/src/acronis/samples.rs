//! Acronis's samples for the shared contract tests (`crate::contract`): canonical operations
//! (every action, the deleted read, both searches), people in every state it reads plus one with
//! an unreadable flag, and error bodies in `errorScheme`'s shape (the codes for a stale version
//! and for deleting an enabled account are the sandbox's choice; Acronis documents none). Test
//! data only.

use crate::action::Action;
use crate::contract::{ErrorSample, Person, Samples};
use crate::error::ErrorKind;
use crate::model::{Email, Precondition, SignIn, StatusKind, UserId};
use crate::operation::{Change, Operation, MAX_PAGE_SIZE};
use crate::registry::Settings;

/// John Doe, the docs' example user.
pub(crate) const JOHN: &str = "1c234e69-5469-424a-a6d1-ff5658b387a6";
/// John's tenant.
pub(crate) const TENANT: &str = "ede9f834-70b3-476c-83d9-736f9f8c7dae";

/// John in Acronis's `user` shape with `enabled`, `activated` and `version` as raw JSON.
pub(crate) fn person_body(enabled: &str, activated: &str, version: &str) -> String {
    format!(
        r#"{{"activated":{activated},"business_types":[],"contact":{{"address1":"","address2":"","city":"","country":"","email":"johndoe@mysite.com","firstname":"John","lastname":"Doe","phone":"","state":"","zipcode":""}},"created_at":"2019-07-25T07:11:02.807354+00:00","enabled":{enabled},"id":"{JOHN}","idp_id":"11111111-1111-1111-1111-111111111111","language":"en","login":"JohnDoe","mfa_status":"disabled","notifications":["quota","reports","backup_daily_report"],"personal_tenant_id":null,"tenant_id":"{TENANT}","terms_accepted":false,"version":{version}}}"#
    )
}

fn error_body(code: &str, message: &str) -> String {
    format!(
        r#"{{"error":{{"code":"{code}","domain":"AccountServer","message":"{message}","details":{{"info":null}},"context":{{}},"data":[]}}}}"#
    )
}

/// The samples.
pub(crate) fn samples() -> Samples {
    let id = || UserId::parse(JOHN).unwrap_or_else(|_| unreachable!("a valid id"));
    let change = |action, version: Option<u64>| {
        Operation::Change(Change { precondition: version.map(Precondition::Version), ..Change::new(action, id()) })
    };
    let email = Email::parse("johndoe@mysite.com").unwrap_or_else(|_| unreachable!("a valid address"));
    let operations = vec![
        Operation::GetUser { id: id() },
        Operation::GetDeletedUser { id: id() },
        Operation::FindUserByEmail { email },
        Operation::SearchUsers { query: "john".into(), page: None, limit: MAX_PAGE_SIZE },
        Operation::SearchUsers { query: r#"a&tenant=x"#.into(), page: None, limit: MAX_PAGE_SIZE },
        change(Action::Deactivate, Some(1)),
        change(Action::Reactivate, Some(2)),
        change(Action::Delete, Some(1_559_561_146_223)),
        change(Action::Restore, None),
    ];
    let person = |enabled: &str, activated: &str, kind, sign_in| Person {
        headers: vec![],
        body: person_body(enabled, activated, "1"),
        kind,
        sign_in,
    };
    let error = |status, code: &str, message: &str, kind, expect| ErrorSample {
        status,
        headers: vec![],
        body: error_body(code, message),
        kind,
        message: expect,
    };
    use SignIn::{Allowed, Blocked};
    use StatusKind as K;
    Samples {
        settings: Settings::of(&[("tenant", TENANT)]),
        operations,
        people: vec![
            person("true", "true", K::Active, Allowed),
            person("false", "true", K::Deactivated, Blocked),
            person("true", "false", K::NotYetActivated, Blocked),
            person("\"yes\"", "true", K::Unknown("unreadable enabled or activated flag".into()), SignIn::Unknown),
        ],
        errors: vec![
            error(
                401,
                "unauthenticated",
                "Access token is missing or invalid",
                ErrorKind::Unauthorized,
                Some("Access token"),
            ),
            error(403, "forbidden", "Insufficient scope", ErrorKind::Forbidden, Some("Insufficient scope")),
            error(404, "NotFound", "User not found", ErrorKind::NotFound, Some("User not found")),
            error(
                409,
                "VersionConflict",
                "The object has been changed by someone else (version mismatch)",
                ErrorKind::PreconditionFailed,
                Some("changed by someone else"),
            ),
            error(
                409,
                "UserIsEnabled",
                "The user must be disabled before it can be deleted",
                ErrorKind::NotAllowedInState,
                Some("must be disabled"),
            ),
            error(
                409,
                "Conflict",
                "Another object of the same type already exists.",
                ErrorKind::Conflict,
                Some("already exists"),
            ),
        ],
    }
}
