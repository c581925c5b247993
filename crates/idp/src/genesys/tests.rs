//! Genesys Cloud's own tests: every request's exact shape, the status table and offers, the
//! error bodies, search paging, and the version-conflict flow as a plan.

use super::samples::{person_body, JOHN};
use super::*;
use crate::model::{differences, Email, FactValue, StatusKind};
use crate::registry::Settings;
use http::header;

fn id() -> UserId {
    UserId::parse(JOHN).unwrap()
}

fn reply(status: u16, body: &str) -> HttpResponse {
    http::Response::builder()
        .status(status)
        .header("inin-correlation-id", "7c1f0e2a-1b2c-4d3e-8f40-5a6b7c8d9e0f")
        .body(body.as_bytes().to_vec())
        .unwrap()
}

fn read(body: &str) -> User {
    match Genesys.interpret(&Operation::GetUser { id: id() }, &reply(200, body)).unwrap() {
        Reply::User(user) => *user,
        other => panic!("{other:?}"),
    }
}

fn change(action: Action, version: Option<u64>) -> Operation {
    Operation::Change(Change { precondition: version.map(Precondition::Version), ..Change::new(action, id()) })
}

fn shape(op: &Operation) -> (String, String, String, Option<String>) {
    let req = Genesys.build(op);
    let ct = req.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_owned());
    (req.method().to_string(), req.uri().to_string(), String::from_utf8(req.body().clone()).unwrap(), ct)
}

#[test]
fn every_request_has_the_documented_shape() {
    let json = Some("application/json".to_string());
    let user = format!("/api/v2/users/{JOHN}");
    assert_eq!(shape(&Operation::GetUser { id: id() }), ("GET".into(), user.clone(), String::new(), None));
    assert_eq!(
        shape(&Operation::GetDeletedUser { id: id() }),
        ("GET".into(), format!("{user}?state=deleted"), String::new(), None)
    );
    assert_eq!(
        shape(&change(Action::Deactivate, Some(7))),
        ("PATCH".into(), user.clone(), r#"{"state":"inactive","version":7}"#.into(), json.clone())
    );
    for action in [Action::Reactivate, Action::Restore] {
        assert_eq!(
            shape(&change(action, Some(8))),
            ("PATCH".into(), user.clone(), r#"{"state":"active","version":8}"#.into(), json.clone())
        );
    }
    assert_eq!(shape(&change(Action::Delete, None)), ("DELETE".into(), user.clone(), String::new(), None));
    assert_eq!(
        shape(&change(Action::SignOutEverywhere, None)),
        ("DELETE".into(), format!("/api/v2/tokens/{JOHN}"), String::new(), None)
    );
    let email = Email::parse("john.doe@example.com").unwrap();
    assert_eq!(
        shape(&Operation::FindUserByEmail { email }),
        (
            "POST".into(),
            "/api/v2/users/search".into(),
            r#"{"pageSize":25,"pageNumber":1,"query":[{"type":"EXACT","fields":["email"],"value":"john.doe@example.com"},{"type":"EXACT","fields":["state"],"values":["active","inactive"]}]}"#.into(),
            json.clone()
        )
    );
    let search = Operation::SearchUsers { query: "doe".into(), page: Some(PageToken("2".into())), limit: 50 };
    assert_eq!(
        shape(&search).2,
        r#"{"pageSize":50,"pageNumber":2,"query":[{"type":"CONTAINS","fields":["name","email"],"value":"doe"},{"type":"EXACT","fields":["state"],"values":["active","inactive"]}]}"#
    );
}

#[test]
fn typed_text_stays_one_string_value() {
    let hostile = r#"x","fields":["state"],"value":"deleted"}],"pageSize":1000} \ "#;
    let req = Genesys.build(&Operation::SearchUsers { query: hostile.into(), page: None, limit: 25 });
    let body: serde_json::Value = serde_json::from_slice(req.body()).unwrap();
    assert_eq!(body["query"][0]["value"], hostile);
    assert_eq!(body["query"].as_array().unwrap().len(), 2);
    assert_eq!(body["pageSize"], 25);
}

#[test]
fn a_change_without_a_version_is_never_recognised() {
    let req = Genesys.build(&change(Action::Deactivate, None));
    assert_eq!(req.body(), br#"{"state":"inactive"}"#, "Genesys refuses it (400) if it were sent");
    assert_eq!(Genesys.recognise(&req), None);
    let mut tampered = Genesys.build(&change(Action::Deactivate, Some(3)));
    *tampered.body_mut() = br#"{"version":3,"state":"inactive"}"#.to_vec();
    assert_eq!(Genesys.recognise(&tampered), None, "only the canonical bytes");
    *tampered.body_mut() = br#"{"state":"deleted","version":3}"#.to_vec();
    assert_eq!(Genesys.recognise(&tampered), None, "delete goes through DELETE only");
    let other = http::Request::builder().method("GET").uri(format!("/api/v2/users/{JOHN}?state=any")).body(vec![]);
    assert_eq!(Genesys.recognise(&other.unwrap()), None);
}

#[test]
fn states_read_as_the_padlock_and_offers_follow() {
    let labels = |u: &User| Genesys.offers(u).iter().map(|o| o.action).collect::<Vec<_>>();
    let active = read(&person_body(r#""active""#, "3"));
    assert_eq!(active.status.kind, StatusKind::Active);
    assert_eq!(active.precondition, Some(Precondition::Version(3)));
    assert_eq!(labels(&active), [Action::Deactivate, Action::SignOutEverywhere, Action::Delete]);
    let inactive = read(&person_body(r#""inactive""#, "4"));
    assert_eq!(crate::model::SignIn::Blocked, inactive.sign_in());
    assert_eq!(inactive.status.label(), "Deactivated");
    assert_eq!(labels(&inactive), [Action::Reactivate, Action::SignOutEverywhere, Action::Delete]);
    let deleted = read(&person_body(r#""deleted""#, "6"));
    assert_eq!(deleted.status.label(), "Deleted (can be restored)");
    assert_eq!(labels(&deleted), [Action::Restore]);
    let odd = read(&person_body(r#""suspended""#, "2"));
    assert_eq!(odd.status.label(), "Unknown (suspended)");
    assert!(labels(&odd).is_empty(), "reading only");
    let unversioned = read(&person_body(r#""active""#, "null"));
    assert_eq!(labels(&unversioned), [Action::SignOutEverywhere, Action::Delete], "no PATCH without a version");
    let bad_version = read(&person_body(r#""active""#, r#""3""#));
    assert!(bad_version.facts.iter().any(|f| f.label == "Version" && f.value == FactValue::Unreadable));
}

#[test]
fn deactivate_offers_signing_out_too_and_delete_signs_out_first() {
    let active = read(&person_body(r#""active""#, "3"));
    let offers = Genesys.offers(&active);
    let deactivate = offers.iter().find(|o| o.action == Action::Deactivate).unwrap();
    assert_eq!(deactivate.plan.steps, [Action::Deactivate, Action::SignOutEverywhere]);
    assert_eq!(deactivate.plan.optional, [Action::SignOutEverywhere]);
    assert_eq!(deactivate.plan.without(&[Action::SignOutEverywhere]), [Action::Deactivate]);
    assert_eq!(deactivate.plan.without(&[Action::Deactivate]), deactivate.plan.steps, "only optional steps drop");
    assert!(matches!(deactivate.undo, crate::action::Undo::Loss(loss) if loss.contains("roles")));
    let delete = offers.iter().find(|o| o.action == Action::Delete).unwrap();
    assert_eq!(delete.plan.steps, [Action::SignOutEverywhere, Action::Delete]);
    assert_eq!(delete.confirm, crate::action::Confirm::TypeToConfirm);
    assert_eq!(Action::Delete.label(), "Delete", "a soft delete, not Delete permanently");
}

#[test]
fn the_version_conflict_is_a_plan_of_read_change_refusal_reread_and_ask() {
    // Read: John at version 3.
    let before = read(&person_body(r#""active""#, "3"));
    // Change with the version just read.
    let Operation::Change(first) = change(Action::Deactivate, version(&before)) else { unreachable!() };
    assert_eq!(Genesys.build(&Operation::Change(first.clone())).body(), br#"{"state":"inactive","version":3}"#);
    // Somebody changed John first: 409 general.conflict.
    let conflict = r#"{"message":"The version supplied does not match the current version of the user","code":"general.conflict","status":409}"#;
    let err = Genesys.interpret(&Operation::Change(first), &reply(409, conflict)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::PreconditionFailed);
    assert!(!err.kind.change_may_have_happened(), "nothing was changed");
    assert!(err.detail.contains("general.conflict; correlation id 7c1f0e2a"), "{}", err.detail);
    // Re-read: version 4, another department.
    let after = read(&person_body(r#""active""#, "4").replace("\"Sales\"", "\"Support\""));
    let changed = differences(&before, &after);
    assert_eq!(changed.len(), 1);
    assert_eq!((changed[0].label.as_str(), &changed[0].after), ("Department", &FactValue::Text("Support".into())));
    // Ask: the same action is still offered, and trying again carries the new version.
    assert!(Genesys.offers(&after).iter().any(|o| o.action == Action::Deactivate));
    let again = change(Action::Deactivate, version(&after));
    assert_eq!(Genesys.build(&again).body(), br#"{"state":"inactive","version":4}"#);
}

fn version(user: &User) -> Option<u64> {
    match user.precondition {
        Some(Precondition::Version(v)) => Some(v),
        _ => None,
    }
}

#[test]
fn search_pages_follow_the_page_asked_for_inside_the_window() {
    let page = |asked: u32, reply_number: &str, count: u32| {
        let page = (asked > 1).then(|| PageToken(asked.to_string()));
        let op = Operation::SearchUsers { query: "doe".into(), page, limit: 25 };
        let body = format!(
            r#"{{"total":60,"pageCount":{count},"pageSize":25,"pageNumber":{reply_number},"types":["users"],"results":[{}]}}"#,
            person_body(r#""active""#, "3")
        );
        match Genesys.interpret(&op, &reply(200, &body)).unwrap() {
            Reply::Users(p) => p,
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(page(1, "1", 3).next, Some(PageToken("2".into())));
    assert_eq!(page(1, "1", 3).total, Some(60));
    assert_eq!(page(3, "3", 3).next, None);
    assert_eq!(page(400, "400", 999).next, None, "page 401 of 25 would pass row 10,000");
    // The next page follows the page asked for, whatever number the reply gives.
    assert_eq!(page(2, "18446744073709551615", 5).next, Some(PageToken("3".into())), "no overflow");
    assert_eq!(page(2, "0", 5).next, Some(PageToken("3".into())));
    assert_eq!(page(4, "null", 5).next, Some(PageToken("5".into())));
    assert_eq!(Genesys.page_token("7", 25), Some(PageToken("7".into())));
    assert_eq!(Genesys.page_token("99999", 25), Some(PageToken("400".into())));
    assert_eq!(Genesys.page_token("1", 25), None);
    assert_eq!(Genesys.page_token("-3", 25), None);
    let op = Operation::SearchUsers { query: "doe".into(), page: None, limit: 25 };
    let empty = r#"{"total":0,"pageCount":0,"pageSize":25,"pageNumber":1,"types":["users"],"results":[]}"#;
    assert!(matches!(Genesys.interpret(&op, &reply(200, empty)), Ok(Reply::Users(p)) if p.items.is_empty()));
    let wrong = r#"{"results":{"id":1}}"#;
    assert_eq!(Genesys.interpret(&op, &reply(200, wrong)).unwrap_err().kind, ErrorKind::Unreadable);
}

#[test]
fn a_restore_is_named_by_the_person_it_meets_and_only_patches_carry_the_version() {
    let deleted = read(&person_body(r#""deleted""#, "6"));
    let inactive = read(&person_body(r#""inactive""#, "4"));
    assert_eq!(Genesys.same_call_as(Action::Restore), Action::Reactivate);
    assert_eq!(Genesys.action_for(Action::Reactivate, &deleted.status), Action::Restore);
    assert_eq!(Genesys.action_for(Action::Reactivate, &inactive.status), Action::Reactivate);
    assert_eq!(Genesys.action_for(Action::Delete, &deleted.status), Action::Delete);
    let with_version = |action| Change { precondition: Some(Precondition::Version(4)), ..Change::new(action, id()) };
    assert!(crate::provider::carries_precondition(&Genesys, &with_version(Action::Deactivate)));
    assert!(!crate::provider::carries_precondition(&Genesys, &with_version(Action::Delete)), "DELETE sends no version");
    assert!(!crate::provider::carries_precondition(&Genesys, &with_version(Action::SignOutEverywhere)));
}

#[test]
fn regions_and_their_login_hosts() {
    assert_eq!(login_token_url("api.mypurecloud.ie").as_deref(), Some("https://login.mypurecloud.ie/oauth/token"));
    assert_eq!(login_token_url("api.usw2.pure.cloud").as_deref(), Some("https://login.usw2.pure.cloud/oauth/token"));
    assert_eq!(login_token_url("api.evil.example"), None);
    assert_eq!(REGISTRATION.known_hosts.len(), 18);
    assert!(REGISTRATION.known_hosts.iter().all(|h| h.starts_with("api.")));
    assert!((REGISTRATION.open)(&Settings::of(&[("region", "ie")])).is_err(), "no settings");
}

#[test]
fn ids_and_keys_are_checked() {
    assert!(is_genesys_id(JOHN));
    let upper = Genesys.parse_user_id(&JOHN.to_uppercase()).unwrap();
    assert_eq!(upper.as_str(), JOHN, "one spelling per person");
    let shouted =
        http::Request::builder().method("GET").uri(format!("/api/v2/users/{}", JOHN.to_uppercase())).body(vec![]);
    assert_eq!(Genesys.recognise(&shouted.unwrap()), None, "only the canonical spelling is recognised");
    for bad in ["12345678-1234-1234-1234-123456789ab", "12345678_1234-1234-1234-123456789abc", "../../api/v2/users"] {
        assert!(Genesys.parse_user_id(bad).is_err(), "{bad}");
    }
    let mut req = Genesys.build(&Operation::GetUser { id: id() });
    Genesys.authorize(&mut req, "Bearer abc.def").unwrap();
    assert_eq!(req.headers()[header::AUTHORIZATION], "Bearer abc.def");
    assert!(req.headers()[header::AUTHORIZATION].is_sensitive());
    assert!(Genesys.authorize(&mut req, "  ").is_err());
    assert!(Genesys.authorize(&mut req, "a\nb").is_err());
}

#[test]
fn a_missing_permission_names_it_and_its_division() {
    let body = r#"{"message":"Unable to perform the requested action.","code":"missing.permissions","status":403,"messageParams":{"permissionKey":["directory:user:delete"],"divisionName":"Sales"}}"#;
    let err = Genesys.interpret(&change(Action::Delete, None), &reply(403, body)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Forbidden);
    assert!(
        err.messages.contains(&"Missing permission: directory:user:delete (division: Sales)".to_string()),
        "{:?}",
        err.messages
    );
    let any = r#"{"message":"x","code":"not.authorized","status":403,"messageParams":{"permission":"y"}}"#;
    let err = Genesys.interpret(&change(Action::Delete, None), &reply(403, any)).unwrap_err();
    assert_eq!(err.messages, ["x"], "only missing.* codes are read for a permission");
}
