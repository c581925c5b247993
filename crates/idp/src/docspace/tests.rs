//! DocSpace's own tests: every request's exact shape, what the proxy refuses to recognise, the
//! envelope, the status table and offers, a status change's answer (partial success), error
//! bodies (JSON and HTML) and paging.

use super::samples::{envelope, person_json, MIKE};
use super::*;
use crate::model::{Email, SignIn, StatusKind};

fn id() -> UserId {
    UserId::parse(MIKE).unwrap()
}

fn reply(status: u16, body: &str) -> HttpResponse {
    http::Response::builder().status(status).body(body.as_bytes().to_vec()).unwrap()
}

fn change(action: Action) -> Operation {
    Operation::Change(Change::new(action, id()))
}

fn shape(op: &Operation) -> (String, String, String) {
    let req = DocSpace.build(op);
    (req.method().to_string(), req.uri().to_string(), String::from_utf8(req.body().clone()).unwrap())
}

fn request(method: &str, uri: &str, body: &str) -> HttpRequest {
    http::Request::builder().method(method).uri(uri).body(body.as_bytes().to_vec()).unwrap()
}

fn ada() -> NewPerson {
    NewPerson::parse("ada@example.com", "Ada", "Lovelace", "1", rules::PERSON_TYPES).unwrap()
}

#[test]
fn every_request_has_the_documented_shape() {
    let one = format!("/api/2.0/people/{MIKE}");
    assert_eq!(shape(&Operation::GetUser { id: id() }), ("GET".into(), one.clone(), String::new()));
    let email = Email::parse("my+x@gmail.com").unwrap();
    assert_eq!(shape(&Operation::FindUserByEmail { email }).1, "/api/2.0/people/email?email=my%2Bx%40gmail.com");
    let hostile =
        Operation::SearchUsers { query: "a&count=100 b".into(), page: Some(PageToken("50".into())), limit: 25 };
    assert_eq!(shape(&hostile).1, "/api/2.0/people/filter?filterValue=a%26count%3D100+b&startIndex=50&count=25");
    let ids = format!(r#"{{"userIds":["{MIKE}"]}}"#);
    assert_eq!(shape(&change(Action::Deactivate)), ("PUT".into(), "/api/2.0/people/status/2".into(), ids.clone()));
    assert_eq!(shape(&change(Action::Reactivate)), ("PUT".into(), "/api/2.0/people/status/1".into(), ids));
    assert_eq!(shape(&change(Action::DeletePermanently)), ("DELETE".into(), one, String::new()));
    assert_eq!(
        shape(&change(Action::SignOutEverywhere)),
        ("PUT".into(), format!("/api/2.0/security/activeconnections/logoutall/{MIKE}"), String::new())
    );
    assert_eq!(
        shape(&Operation::CreateUser { person: ada() }),
        (
            "POST".into(),
            "/api/2.0/people".into(),
            r#"{"email":"ada@example.com","firstName":"Ada","lastName":"Lovelace","type":1}"#.into()
        )
    );
    let req = DocSpace.build(&change(Action::Deactivate));
    assert_eq!(req.headers()[http::header::CONTENT_TYPE], "application/json");
}

#[test]
fn only_exactly_what_it_builds_is_recognised() {
    for op in [change(Action::Deactivate), Operation::CreateUser { person: ada() }] {
        assert_eq!(DocSpace.recognise(&DocSpace.build(&op)), Some(op));
    }
    let refused = [
        // Two people at once, other statuses, extra fields, upper-case ids, other paths.
        request("PUT", "/api/2.0/people/status/2", &format!(r#"{{"userIds":["{MIKE}","{MIKE}"]}}"#)),
        request("PUT", "/api/2.0/people/status/4", &format!(r#"{{"userIds":["{MIKE}"]}}"#)),
        request("PUT", "/api/2.0/people/status/Terminated", &format!(r#"{{"userIds":["{MIKE}"]}}"#)),
        request("PUT", "/api/2.0/people/status/2", &format!(r#"{{"userIds":["{MIKE}"],"resendAll":true}}"#)),
        request("DELETE", &format!("/api/2.0/people/{}", MIKE.to_uppercase()), ""),
        request("POST", "/api/2.0/people", r#"{"email":"a@b.co","firstName":"A","lastName":"B","type":0}"#),
        request(
            "POST",
            "/api/2.0/people",
            r#"{"email":"a@b.co","firstName":"A","lastName":"B","type":3,"isAdmin":true}"#,
        ),
        request("POST", "/api/2.0/people", r#"{"email":"a@b.co","firstName":" A","lastName":"B","type":4}"#),
        request("GET", "/api/2.0/people/filter?filterValue=a&startIndex=7&count=25", ""),
        request("GET", "/api/2.0/people/filter?filterValue=a&startIndex=0&count=101", ""),
        request("PUT", "/api/2.0/people/reassign/start", "{}"),
        request("GET", "/api/2.0/people/@self", ""),
        request("GET", "https://evil.example/api/2.0/people/email?email=a@b.co", ""),
    ];
    for req in refused {
        assert_eq!(DocSpace.recognise(&req), None, "{} {}", req.method(), req.uri());
    }
}

#[test]
fn a_person_is_read_out_of_the_envelope() {
    let user = match DocSpace
        .interpret(&Operation::GetUser { id: id() }, &reply(200, &envelope(&person_json("1", "false"))))
    {
        Ok(Reply::User(u)) => *u,
        other => panic!("{other:?}"),
    };
    assert_eq!((user.display_name.as_str(), user.email.as_deref()), ("Mike Zanyatski", Some("my@gmail.com")));
    assert_eq!(user.sign_in(), SignIn::Allowed);
    let fact = |label: &str| user.facts.iter().find(|f| f.label == label).map(|f| f.value.clone());
    assert_eq!(fact("Department"), Some(crate::FactValue::Text("Marketing".into())));
    assert_eq!(fact("Portal owner"), Some(crate::FactValue::YesNo(false)));
    let bare = DocSpace.interpret(&Operation::GetUser { id: id() }, &reply(200, &person_json("1", "false")));
    assert_eq!(bare.unwrap_err().kind, ErrorKind::Unreadable, "no envelope, nothing read");
}

#[test]
fn offers_follow_the_status_and_spare_the_owner() {
    let person = |status: &str, owner: &str| match DocSpace
        .interpret(&Operation::GetUser { id: id() }, &reply(200, &envelope(&person_json(status, owner))))
    {
        Ok(Reply::User(u)) => *u,
        other => panic!("{other:?}"),
    };
    let actions = |user: &User| DocSpace.offers(user).iter().map(|o| o.action).collect::<Vec<_>>();
    assert_eq!(
        actions(&person("1", "false")),
        [Action::Deactivate, Action::SignOutEverywhere, Action::DeletePermanently]
    );
    assert_eq!(actions(&person("1", "true")), [Action::SignOutEverywhere], "the owner is never terminated");
    let mut ldap = person("1", "false");
    ldap.raw["isLDAP"] = serde_json::Value::Bool(true);
    assert_eq!(actions(&ldap), [Action::SignOutEverywhere], "LDAP accounts are the directory's");
    assert_eq!(actions(&person("2", "false")), [Action::Reactivate, Action::DeletePermanently]);
    let delete = DocSpace.offers(&person("1", "false")).pop().unwrap();
    assert_eq!(delete.plan.steps, [Action::Deactivate, Action::DeletePermanently], "terminated before deleted");
    assert!(!DocSpace.allows(Action::DeletePermanently, &person("1", "false").status));
    assert!(DocSpace.allows(Action::DeletePermanently, &person("2", "false").status));
}

#[test]
fn a_status_change_reads_the_person_from_the_answer() {
    let answer = |status: &str| reply(200, &envelope(&format!("[{}]", person_json(status, "false"))));
    assert!(matches!(DocSpace.interpret(&change(Action::Deactivate), &answer("2")), Ok(Reply::User(_))));
    // Left as they were: a 200 that did not change them is said to be so.
    let left = DocSpace.interpret(&change(Action::Reactivate), &answer("2")).unwrap_err();
    assert_eq!(left.kind, ErrorKind::NotAllowedInState);
    assert!(left.messages[0].contains("left them"), "{:?}", left.messages);
    // An invitee who never accepted comes back pending: reactivated all the same.
    assert!(matches!(DocSpace.interpret(&change(Action::Reactivate), &answer("4")), Ok(Reply::User(_))));
    let missing = DocSpace.interpret(&change(Action::Deactivate), &reply(200, &envelope("[]"))).unwrap_err();
    assert_eq!(missing.kind, ErrorKind::Unexpected);
}

#[test]
fn errors_say_what_docspace_meant() {
    let create = Operation::CreateUser { person: ada() };
    let body = |status: u16, message: &str| {
        format!(
            r#"{{"error":{{"message":"{message}","type":"System.ArgumentException","stack":""}},"status":1,"statusCode":{status}}}"#
        )
    };
    let taken = DocSpace.interpret(&create, &reply(400, &body(400, wire::EMAIL_TAKEN))).unwrap_err();
    assert_eq!(taken.kind, ErrorKind::EmailTaken);
    let other = DocSpace.interpret(&create, &reply(400, &body(400, "The user type is not valid"))).unwrap_err();
    assert_eq!(other.kind, ErrorKind::BadRequest, "only the address's refusal is the email field's");
    let seat = DocSpace.interpret(&change(Action::Reactivate), &reply(402, &body(402, "No free seat"))).unwrap_err();
    assert_eq!((seat.kind, seat.messages.clone()), (ErrorKind::Quota, vec!["No free seat".to_string()]));
    let html = http::Response::builder()
        .status(502)
        .header("content-type", "text/html; charset=utf-8")
        .body(b"<html><body><h1>502 Bad Gateway</h1><script>x</script></body></html>".to_vec())
        .unwrap();
    let gateway = DocSpace.interpret(&change(Action::Deactivate), &html).unwrap_err();
    assert_eq!(gateway.kind, ErrorKind::Gateway);
    assert!(gateway.messages.is_empty() && !gateway.detail.contains('<'), "the page is never shown: {gateway:?}");
    assert!(gateway.kind.change_may_have_happened());
    let limited = http::Response::builder()
        .status(429)
        .header("x-ratelimit-reset", "17")
        .body(body(429, "Too many requests").into_bytes())
        .unwrap();
    assert_eq!(DocSpace.interpret(&change(Action::Deactivate), &limited).unwrap_err().retry_after_s, Some(17));
    let at = http::Response::builder()
        .status(429)
        .header("x-ratelimit-reset", "1764672000")
        .body(body(429, "Too many requests").into_bytes())
        .unwrap();
    let later = DocSpace.interpret(&change(Action::Deactivate), &at).unwrap_err();
    assert_eq!((later.retry_after_s, later.retry_at_epoch_s), (None, Some(1_764_672_000)), "a time, not a wait");
    let conflict = DocSpace.interpret(&create, &reply(409, &body(409, wire::EMAIL_TAKEN))).unwrap_err();
    assert_eq!(conflict.kind, ErrorKind::EmailTaken, "whatever 4xx it comes with");
    let server = DocSpace.interpret(&create, &reply(500, &body(500, wire::EMAIL_TAKEN))).unwrap_err();
    assert_eq!(server.kind, ErrorKind::Server, "a 5xx may have made them: the proxy's record says");
}

#[test]
fn search_pages_follow_the_offset_and_the_total() {
    let list = |n: usize, total: u64| {
        let people: Vec<String> = (0..n).map(|_| person_json("1", "false")).collect();
        reply(
            200,
            &format!(
                r#"{{"response":[{}],"count":{n},"total":{total},"status":0,"statusCode":200}}"#,
                people.join(",")
            ),
        )
    };
    let search = |page: Option<&str>| Operation::SearchUsers {
        query: "m".into(),
        page: page.map(|p| PageToken(p.into())),
        limit: 2,
    };
    let page = |op: &Operation, resp| match DocSpace.interpret(op, &resp) {
        Ok(Reply::Users(page)) => page,
        other => panic!("{other:?}"),
    };
    assert_eq!(page(&search(None), list(2, 5)).next, Some(PageToken("2".into())));
    assert_eq!(page(&search(Some("4")), list(1, 5)).next, None, "the last page");
    assert_eq!(page(&search(None), list(2, 5)).total, Some(5));
    assert_eq!(DocSpace.page_token("3", 2), Some(PageToken("2".into())), "brought onto a page boundary");
    assert_eq!(DocSpace.page_token("10", 25), None, "inside the first page: the first page");
    assert_eq!(DocSpace.page_token("0", 25), None);
    assert_eq!(DocSpace.page_token("-1", 25), None);
    assert_eq!(DocSpace.page_token("999999999", 25), None);
}

#[test]
fn hostile_profile_text_stays_text() {
    let body = envelope(&format!(
        r#"{{"id":"{MIKE}","firstName":"<img src=x onerror=alert(1)>","lastName":"\"><script>","status":1,"title":"javascript:alert(3)"}}"#
    ));
    let user = match DocSpace.interpret(&Operation::GetUser { id: id() }, &reply(200, &body)) {
        Ok(Reply::User(u)) => *u,
        other => panic!("{other:?}"),
    };
    assert_eq!(user.display_name, "<img src=x onerror=alert(1)> \"><script>");
    assert_eq!(user.status.kind, StatusKind::Active);
}
