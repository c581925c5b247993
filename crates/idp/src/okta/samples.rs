//! Okta's samples for the shared contract tests (`crate::contract`): canonical operations (every
//! action, with both `sendEmail` values where they differ), people in every documented status plus
//! an unknown and a changing one, and the spec's error examples. Test data only.

use crate::action::Action;
use crate::contract::{ErrorSample, Person, Samples};
use crate::error::ErrorKind;
use crate::model::{Email, PageToken, SignIn, StatusKind, UserId};
use crate::operation::{Change, Operation};
use crate::registry::Settings;

/// Isaac Brock, the spec's `user-example`.
pub(crate) const ISAAC: &str = "00ub0oNGTSWTBKOLGLNR";

/// A person in Okta's `User` shape with `status` (and `transitioningToStatus`, when given).
pub(crate) fn person_body(status: &str, heading: Option<&str>) -> String {
    let heading = heading.map(|h| format!(r#","transitioningToStatus":"{h}""#)).unwrap_or_default();
    format!(
        r#"{{"id":"{ISAAC}","status":"{status}"{heading},"profile":{{"login":"isaac.brock@example.com","firstName":"Isaac","lastName":"Brock","email":"isaac.brock@example.com"}}}}"#
    )
}

/// The samples.
pub(crate) fn samples() -> Samples {
    let id = || UserId::parse(ISAAC).unwrap_or_else(|_| unreachable!("a valid id"));
    let change = |action, notify| Operation::Change(Change { notify, ..Change::new(action, id()) });
    let person = |status: &str, heading, kind, sign_in| Person {
        headers: vec![("etag", "W/\"1234567890abcdef\"".into())],
        body: person_body(status, heading),
        kind,
        sign_in,
    };
    let error =
        |status, body: &str, kind, message| ErrorSample { status, headers: vec![], body: body.into(), kind, message };
    let email = Email::parse("isaac.brock@example.com").unwrap_or_else(|_| unreachable!("a valid address"));
    let mut operations = vec![
        Operation::GetUser { id: id() },
        Operation::FindUserByEmail { email },
        Operation::SearchUsers { query: "isaac".into(), page: None, limit: 25 },
        Operation::SearchUsers {
            query: "Isaac Brock".into(),
            page: Some(PageToken("00u1xke1apZnmHgpB1d7".into())),
            limit: 100,
        },
        Operation::SearchUsers { query: r#"" or status eq "ACTIVE \ Zoë"#.into(), page: None, limit: 1 },
    ];
    for action in [Action::Activate, Action::Reactivate] {
        operations.extend([change(action, false), change(action, true)]);
    }
    operations.extend(
        [
            Action::Deactivate,
            Action::Suspend,
            Action::Unsuspend,
            Action::Unlock,
            Action::ResetFactors,
            Action::SignOutEverywhere,
            Action::DeletePermanently,
        ]
        .map(|action| change(action, false)),
    );
    use SignIn::{Allowed, Blocked};
    use StatusKind as K;
    Samples {
        settings: Settings::default(),
        operations,
        people: vec![
            Person {
                headers: vec![],
                body: include_str!("../../tests/fixtures/okta/user-example.json").into(),
                kind: K::Active,
                sign_in: Allowed,
            },
            person("ACTIVE", None, K::Active, Allowed),
            person("PASSWORD_EXPIRED", None, K::Active, Allowed),
            person("RECOVERY", None, K::Active, Blocked),
            person("LOCKED_OUT", None, K::LockedOut, Blocked),
            person("SUSPENDED", None, K::Suspended, Blocked),
            person("DEPROVISIONED", None, K::Deactivated, Blocked),
            person("STAGED", None, K::NotYetActivated, Blocked),
            person("PROVISIONED", None, K::NotYetActivated, Blocked),
            person("ACTIVATING", None, K::Unknown("ACTIVATING".into()), SignIn::Unknown),
            person("ACTIVE", Some("DEPROVISIONED"), K::Active, Allowed),
        ],
        errors: vec![
            error(
                400,
                include_str!("../../tests/fixtures/okta/error-missing-required-parameter.json"),
                ErrorKind::BadRequest,
                Some("missing a required parameter"),
            ),
            error(
                401,
                include_str!("../../tests/fixtures/okta/error-invalid-token-provided.json"),
                ErrorKind::Unauthorized,
                Some("Invalid token"),
            ),
            error(
                403,
                include_str!("../../tests/fixtures/okta/error-access-denied.json"),
                ErrorKind::Forbidden,
                Some("do not have permission"),
            ),
            error(
                404,
                include_str!("../../tests/fixtures/okta/error-resource-not-found.json"),
                ErrorKind::NotFound,
                Some("Not found"),
            ),
            error(
                403,
                include_str!("../../tests/fixtures/okta/error-not-allowed-in-status.json"),
                ErrorKind::NotAllowedInState,
                Some("not allowed in the user's current status"),
            ),
            ErrorSample {
                headers: vec![("x-rate-limit-reset", "1767225600".into()), ("x-rate-limit-remaining", "0".into())],
                ..error(
                    429,
                    include_str!("../../tests/fixtures/okta/error-too-many-requests.json"),
                    ErrorKind::RateLimited,
                    Some("exceeded rate limit"),
                )
            },
        ],
    }
}
