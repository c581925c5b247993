//! Acronis's own tests: every request's exact shape, the status table, the delete plan from each
//! state, error bodies, search results, and settings.

use super::samples::{person_body, JOHN, TENANT};
use super::*;
use crate::model::{Email, SignIn, StatusKind};
use http::header;

fn adapter() -> Acronis {
    Acronis::from_settings(&Settings::of(&[("tenant", TENANT)])).unwrap()
}

fn id() -> UserId {
    UserId::parse(JOHN).unwrap()
}

fn reply(status: u16, body: &str) -> HttpResponse {
    http::Response::builder().status(status).body(body.as_bytes().to_vec()).unwrap()
}

fn read(op: Operation, body: &str) -> User {
    match adapter().interpret(&op, &reply(200, body)).unwrap() {
        Reply::User(user) => *user,
        other => panic!("{other:?}"),
    }
}

fn change(action: Action, version: Option<u64>) -> Operation {
    Operation::Change(Change { precondition: version.map(Precondition::Version), ..Change::new(action, id()) })
}

fn shape(op: &Operation) -> (String, String, String) {
    let req = adapter().build(op);
    (req.method().to_string(), req.uri().to_string(), String::from_utf8(req.body().clone()).unwrap())
}

#[test]
fn every_request_has_the_documented_shape() {
    let user = format!("/api/2/users/{JOHN}");
    assert_eq!(shape(&Operation::GetUser { id: id() }), ("GET".into(), user.clone(), String::new()));
    assert_eq!(shape(&Operation::GetDeletedUser { id: id() }).1, format!("{user}?allow_deleted=true"));
    assert_eq!(
        shape(&change(Action::Deactivate, Some(7))),
        ("PUT".into(), user.clone(), r#"{"enabled":false,"version":7}"#.into())
    );
    assert_eq!(
        shape(&change(Action::Reactivate, Some(8))),
        ("PUT".into(), user.clone(), r#"{"enabled":true,"version":8}"#.into())
    );
    assert_eq!(shape(&change(Action::Delete, Some(9))), ("DELETE".into(), format!("{user}?version=9"), String::new()));
    assert_eq!(
        shape(&change(Action::Restore, None)),
        ("POST".into(), format!("{user}/restore?enable=false"), String::new())
    );
    let email = Email::parse("johndoe@mysite.com").unwrap();
    assert_eq!(
        shape(&Operation::FindUserByEmail { email }).1,
        format!("/api/2/search?tenant={TENANT}&text=johndoe%40mysite.com")
    );
    let hostile = Operation::SearchUsers { query: "a&tenant=x y".into(), page: None, limit: 25 };
    assert_eq!(
        shape(&hostile).1,
        format!("/api/2/search?tenant={TENANT}&text=a%26tenant%3Dx+y"),
        "typed text stays one value"
    );
    let put = adapter().build(&change(Action::Deactivate, Some(7)));
    assert_eq!(put.headers()[header::CONTENT_TYPE], "application/json");
}

#[test]
fn only_exact_requests_are_recognised() {
    let a = adapter();
    let mut put = a.build(&change(Action::Deactivate, Some(3)));
    assert!(a.recognise(&put).is_some());
    for body in
        [r#"{"version":3,"enabled":false}"#, r#"{"enabled":false}"#, r#"{"enabled":false,"version":3,"login":"x"}"#]
    {
        *put.body_mut() = body.as_bytes().to_vec();
        assert_eq!(a.recognise(&put), None, "{body}");
    }
    let other_tenant =
        http::Request::builder().uri("/api/2/search?tenant=00000000-0000-4000-8000-000000000000&text=a").body(vec![]);
    assert_eq!(a.recognise(&other_tenant.unwrap()), None, "only this connection's tenant");
    let no_version = http::Request::builder().method("DELETE").uri(format!("/api/2/users/{JOHN}")).body(vec![]);
    assert_eq!(a.recognise(&no_version.unwrap()), None);
    let upper = http::Request::builder().uri(format!("/api/2/users/{}", JOHN.to_uppercase())).body(vec![]);
    assert_eq!(a.recognise(&upper.unwrap()), None);
}

#[test]
fn the_status_table_and_the_delete_plan_from_each_state() {
    let actions = |u: &User| adapter().offers(u).iter().map(|o| (o.action, o.plan.steps.clone())).collect::<Vec<_>>();
    let active = read(Operation::GetUser { id: id() }, &person_body("true", "true", "1"));
    assert_eq!((active.status.kind.clone(), active.sign_in()), (StatusKind::Active, SignIn::Allowed));
    assert_eq!(
        actions(&active),
        [(Action::Deactivate, vec![Action::Deactivate]), (Action::Delete, vec![Action::Deactivate, Action::Delete])],
        "an enabled account is disabled first"
    );
    let invited = read(Operation::GetUser { id: id() }, &person_body("true", "false", "1"));
    assert_eq!(invited.status.label(), "Not yet activated");
    assert_eq!(actions(&invited)[1].1, [Action::Deactivate, Action::Delete]);
    let disabled = read(Operation::GetUser { id: id() }, &person_body("false", "true", "2"));
    assert_eq!(disabled.status.label(), "Deactivated");
    assert_eq!(
        actions(&disabled),
        [(Action::Reactivate, vec![Action::Reactivate]), (Action::Delete, vec![Action::Delete])]
    );
    let deleted = read(Operation::GetDeletedUser { id: id() }, &person_body("false", "true", "3"));
    assert_eq!(deleted.status.label(), "Deleted (can be restored)");
    let restore = adapter().offers(&deleted);
    assert_eq!(restore[0].plan.steps, [Action::Restore, Action::Reactivate]);
    assert_eq!(restore[0].plan.optional, [Action::Reactivate], "letting them sign in again is a ticked box");
    let unversioned = read(Operation::GetUser { id: id() }, &person_body("true", "true", "null"));
    assert!(adapter().offers(&unversioned).is_empty(), "no update or delete without a version");
    let delete = adapter().offers(&active).into_iter().find(|o| o.action == Action::Delete).unwrap();
    assert!(delete.sentence.contains("deletes only disabled accounts"), "{}", delete.sentence);
    assert!(matches!(delete.undo, crate::action::Undo::Loss(l) if l.contains("deletes their cloud backups")));
    assert_eq!(delete.confirm, crate::action::Confirm::TypeToConfirm);
    // A restored account that is still disabled shows the restore made.
    assert_eq!(adapter().reached(Action::Restore, ReadBack::Found(&disabled.status)), Some(true));
    assert_eq!(adapter().reached(Action::Restore, ReadBack::Found(&deleted.status)), Some(false));
}

#[test]
fn search_results_are_the_users_among_tenants() {
    let body = format!(
        r#"{{"items":[{{"obj_type":"tenant","id":"{TENANT}","name":"Partner","kind":"partner"}},{{"obj_type":"user","id":"{JOHN}","login":"JohnDoe","first_name":"John","last_name":"Doe","email":"johndoe@mysite.com","parent_id":"{TENANT}","path":"Partner/JohnDoe"}}]}}"#
    );
    let op = Operation::SearchUsers { query: "john".into(), page: None, limit: 25 };
    let Reply::Users(page) = adapter().interpret(&op, &reply(200, &body)).unwrap() else { panic!() };
    assert_eq!(page.items.len(), 1);
    assert_eq!((page.items[0].display_name.as_str(), page.items[0].status.sign_in()), ("John Doe", SignIn::Unknown));
    assert_eq!(page.next, None);
    assert_eq!(adapter().interpret(&op, &reply(200, r#"{"items":7}"#)).unwrap_err().kind, ErrorKind::Unreadable);
}

#[test]
fn settings_need_a_tenant_id() {
    assert!(Acronis::from_settings(&Settings::default()).unwrap_err().message.contains("need `tenant`"));
    assert!(Acronis::from_settings(&Settings::of(&[("tenant", "Partner")])).is_err());
    let upper = Acronis::from_settings(&Settings::of(&[("tenant", &TENANT.to_uppercase())])).unwrap();
    assert_eq!(upper.public_settings(), Settings::of(&[("tenant", TENANT)]));
    assert!(Acronis::from_settings(&Settings::of(&[("tenant", TENANT), ("region", "eu")])).is_err());
}

#[test]
fn errors_read_the_error_scheme() {
    let body = r#"{"error":{"code":409,"domain":"AccountServer","message":"Busy","details":{"info":"try later"},"context":{},"data":[]}}"#;
    let err = adapter().interpret(&change(Action::Restore, None), &reply(409, body)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert_eq!(err.messages, ["Busy", "try later"]);
    assert!(err.detail.ends_with("(409)"), "{}", err.detail);
}

#[test]
fn a_409_to_a_versioned_change_is_a_stale_version_unless_the_state_refused_it() {
    let body = |code: &str| {
        format!(r#"{{"error":{{"code":"{code}","domain":"AccountServer","message":"m","details":{{}}}}}}"#)
    };
    for action in [Action::Deactivate, Action::Reactivate, Action::Delete] {
        let err = adapter().interpret(&change(action, Some(3)), &reply(409, &body("SomethingElse"))).unwrap_err();
        assert_eq!(err.kind, ErrorKind::PreconditionFailed, "{action:?}: any code Acronis gives a stale version");
    }
    let err = adapter().interpret(&change(Action::Delete, Some(3)), &reply(409, &body("UserIsEnabled"))).unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotAllowedInState);
}

#[test]
fn restore_says_enable_false_and_odd_spellings_are_refused() {
    let a = adapter();
    let restore = a.build(&change(Action::Restore, None));
    assert_eq!(a.recognise(&restore), Some(change(Action::Restore, None)));
    for uri in [
        format!("/api/2/users/{JOHN}/restore"),
        format!("/api/2/users/{JOHN}/restore?enable=true"),
        format!("/api/2/search?tenant={TENANT}&text=a%20b"),
        format!("/api/2/search?tenant={TENANT}&tenant={TENANT}&text=ab"),
        format!("/api/2/search?text=abc&tenant={TENANT}"),
    ] {
        let req = http::Request::builder()
            .method(if uri.contains("restore") { "POST" } else { "GET" })
            .uri(&uri)
            .body(vec![]);
        assert_eq!(a.recognise(&req.unwrap()), None, "{uri}");
    }
    let mut with_body = a.build(&change(Action::Restore, None));
    *with_body.body_mut() = b"{}".to_vec();
    assert_eq!(a.recognise(&with_body), None, "a restore has no body");
}
