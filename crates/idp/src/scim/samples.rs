//! SCIM's samples for the shared contract tests (`crate::contract`): canonical operations (every
//! action, with and without an entity tag, both searches), people in both states plus unreadable
//! ones, and Error messages as RFC 7644 §3.12 shapes them (`status` is a string). Test data only.

use crate::action::Action;
use crate::contract::{ErrorSample, Person, Samples};
use crate::error::ErrorKind;
use crate::model::{Email, PageToken, Precondition, SignIn, StatusKind, UserId};
use crate::operation::{Change, Operation};
use crate::registry::Settings;

/// Barbara Jensen, RFC 7643 §8.2's example.
pub(crate) const BJENSEN: &str = "2819c223-7f76-453a-919d-413861904646";

/// Barbara as a User resource with `active` as raw JSON.
pub(crate) fn person_body(active: &str) -> String {
    format!(
        r#"{{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"id":"{BJENSEN}","externalId":"bjensen","userName":"bjensen","name":{{"formatted":"Ms. Barbara J Jensen, III","familyName":"Jensen","givenName":"Barbara"}},"displayName":"Babs Jensen","emails":[{{"value":"bjensen@example.com","type":"work","primary":true}}],"active":{active},"title":"Tour Guide","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{{"employeeNumber":"701984","department":"Tour Operations","manager":{{"value":"26118915-6090-4610-87e4-49d8ca9f808d","displayName":"John Smith"}}}},"meta":{{"resourceType":"User","created":"2010-01-23T04:56:22Z","lastModified":"2011-05-13T04:42:34Z","version":"W/\"3694e05e9dff591\"","location":"https://example.com/v2/Users/{BJENSEN}"}}}}"#
    )
}

fn error_body(status: u16, scim_type: Option<&str>, detail: &str) -> String {
    let keyword = scim_type.map(|t| format!(r#","scimType":"{t}""#)).unwrap_or_default();
    format!(
        r#"{{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"{status}"{keyword},"detail":"{detail}"}}"#
    )
}

/// The samples.
pub(crate) fn samples() -> Samples {
    let id = || UserId::parse(BJENSEN).unwrap_or_else(|_| unreachable!("a valid id"));
    let tagged = |action| {
        Operation::Change(Change {
            precondition: Some(Precondition::ETag("W/\"3694e05e9dff591\"".into())),
            ..Change::new(action, id())
        })
    };
    let email = Email::parse("bjensen@example.com").unwrap_or_else(|_| unreachable!("a valid address"));
    let operations = vec![
        Operation::GetUser { id: id() },
        Operation::FindUserByEmail { email },
        Operation::SearchUsers { query: "jen".into(), page: None, limit: 25 },
        Operation::SearchUsers { query: r#"" or userName pr"#.into(), page: Some(PageToken("26".into())), limit: 25 },
        tagged(Action::Deactivate),
        tagged(Action::Reactivate),
        tagged(Action::DeletePermanently),
        Operation::Change(Change::new(Action::Deactivate, id())),
    ];
    let person = |active: &str, kind, sign_in| Person { headers: vec![], body: person_body(active), kind, sign_in };
    let error = |status, scim_type, detail: &str, kind, expect| ErrorSample {
        status,
        headers: vec![],
        body: error_body(status, scim_type, detail),
        kind,
        message: expect,
    };
    use SignIn::{Allowed, Blocked};
    use StatusKind as K;
    Samples {
        settings: Settings::default(),
        operations,
        people: vec![
            person("true", K::Active, Allowed),
            person("false", K::Deactivated, Blocked),
            person("\"yes\"", K::Unknown("unreadable active flag".into()), SignIn::Unknown),
            person("null", K::Unknown("no active flag".into()), SignIn::Unknown),
        ],
        errors: vec![
            error(401, None, "Authorization failure", ErrorKind::Unauthorized, Some("Authorization failure")),
            error(404, None, "Resource 2819c223 not found", ErrorKind::NotFound, Some("not found")),
            error(
                412,
                Some("invalidVers"),
                "Failed to update. Resource has changed on the server",
                ErrorKind::PreconditionFailed,
                Some("has changed"),
            ),
            error(
                400,
                Some("invalidFilter"),
                "The specified filter syntax was invalid",
                ErrorKind::BadRequest,
                Some("filter"),
            ),
            error(
                409,
                Some("uniqueness"),
                "One or more of the attribute values are already in use",
                ErrorKind::Conflict,
                Some("already in use"),
            ),
        ],
    }
}
