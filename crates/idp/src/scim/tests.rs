//! SCIM's own tests: every request's exact shape (media type, entity tag), filter escaping with
//! hostile text, what the proxy refuses to recognise, the status table, 200-or-204 to a change,
//! Error messages, paging, and the email lookup's stand-in.

use super::samples::{person_body, BJENSEN};
use super::*;
use crate::model::{Email, SignIn, StatusKind};

fn id() -> UserId {
    UserId::parse(BJENSEN).unwrap()
}

fn reply(status: u16, body: &str) -> HttpResponse {
    http::Response::builder().status(status).body(body.as_bytes().to_vec()).unwrap()
}

fn tagged(action: Action, tag: &str) -> Operation {
    Operation::Change(Change { precondition: Some(Precondition::ETag(tag.into())), ..Change::new(action, id()) })
}

fn query_of(op: &Operation) -> Vec<(String, String)> {
    let req = Scim.build(op);
    form_urlencoded::parse(req.uri().query().unwrap_or("").as_bytes()).into_owned().collect()
}

#[test]
fn every_request_has_the_rfc_shape() {
    let req = Scim.build(&tagged(Action::Deactivate, "W/\"7\""));
    assert_eq!((req.method().as_str(), req.uri().to_string()), ("PATCH", format!("/Users/{BJENSEN}")));
    assert_eq!(req.headers()[header::CONTENT_TYPE], "application/scim+json");
    assert_eq!(req.headers()[header::IF_MATCH], "W/\"7\"");
    assert_eq!(
        String::from_utf8(req.body().clone()).unwrap(),
        r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":false}]}"#
    );
    let plain = Scim.build(&Operation::Change(Change::new(Action::DeletePermanently, id())));
    assert_eq!(plain.method(), Method::DELETE);
    assert!(!plain.headers().contains_key(header::IF_MATCH), "no tag read, none sent");
    let email = Operation::FindUserByEmail { email: Email::parse("b.jensen+x@example.com").unwrap() };
    assert_eq!(
        query_of(&email),
        [("filter", r#"emails.value eq "b.jensen+x@example.com""#), ("startIndex", "1"), ("count", "10")]
            .map(|(k, v)| (k.to_string(), v.to_string()))
    );
}

#[test]
fn typed_text_can_never_change_what_the_filter_means() {
    let hostile = r#"" or userName pr or userName eq "\"#;
    let op = Operation::SearchUsers { query: hostile.into(), page: None, limit: 25 };
    let filter = query_of(&op).into_iter().find(|(k, _)| k == "filter").unwrap().1;
    let value = r#""\" or userName pr or userName eq \"\\""#;
    assert_eq!(filter, format!("userName sw {value} or name.familyName sw {value} or name.givenName sw {value}"));
    // The rebuilt request is the one recognised: the text comes back whole, as one value.
    assert_eq!(Scim.recognise(&Scim.build(&op)), Some(op));
}

#[test]
fn only_exactly_what_it_builds_is_recognised() {
    let request = |method: &str, uri: &str, tag: Option<&str>, body: &str| {
        let mut b = http::Request::builder().method(method).uri(uri);
        if let Some(tag) = tag {
            b = b.header(header::IF_MATCH, tag);
        }
        b.body(body.as_bytes().to_vec()).unwrap()
    };
    let op = tagged(Action::Reactivate, "W/\"2\"");
    let built = Scim.build(&op);
    assert_eq!(Scim.recognise(&built), Some(op));
    let body = String::from_utf8(built.body().clone()).unwrap();
    let user = format!("/Users/{BJENSEN}");
    let refused = [
        request("PATCH", &user, Some("W/\"2\" x"), &body),
        request("PATCH", &user, Some("*"), &body),
        request("PATCH", &user, None, &body.replace("active", "userName")),
        request("PATCH", &user, None, &body.replace("replace", "remove")),
        request("PUT", &user, None, &body),
        request("GET", "/Users?filter=userName%20pr&startIndex=1&count=25", None, ""),
        request("GET", "/Users?filter=emails.value%20eq%20%22a%40b.co%22%20or%20userName%20pr&startIndex=1&count=10", None, ""),
        request("GET", "/Users?filter=userName%20sw%20%22a%22&startIndex=1&count=25", None, ""),
        request("GET", "/Users?filter=userName%20sw%20%22a%22%20or%20name.familyName%20sw%20%22a%22%20or%20name.givenName%20sw%20%22a%22&startIndex=0&count=25", None, ""),
        request("GET", "/Groups", None, ""),
        request("GET", "/Users/../Groups", None, ""),
        request("GET", "/Users/a..b", None, ""),
        request("GET", &format!("/Users/{}", ".".repeat(40)), None, ""),
        request("PATCH", &user, Some("\"a\", \"b\""), &body),
        request("PATCH", &user, Some("\"a\"b\""), &body),
        request("GET", "https://evil.example/Users/x", None, ""),
    ];
    for req in refused {
        assert_eq!(Scim.recognise(&req), None, "{} {} {:?}", req.method(), req.uri(), req.headers());
    }
}

#[test]
fn a_person_is_read_with_the_entity_tag_of_the_header() {
    let mut resp = reply(200, &person_body("true"));
    resp.headers_mut().insert(header::ETAG, HeaderValue::from_static("W/\"9\""));
    let Ok(Reply::User(user)) = Scim.interpret(&Operation::GetUser { id: id() }, &resp) else { panic!() };
    assert_eq!(user.precondition, Some(Precondition::ETag("W/\"9\"".into())), "the header wins over meta.version");
    assert_eq!((user.display_name.as_str(), user.email.as_deref()), ("Babs Jensen", Some("bjensen@example.com")));
    assert_eq!(user.sign_in(), SignIn::Allowed);
    let fact = |label: &str| user.facts.iter().find(|f| f.label == label).map(|f| f.value.clone());
    assert_eq!(fact("Department"), Some(crate::FactValue::Text("Tour Operations".into())));
    assert_eq!(fact("Manager"), Some(crate::FactValue::Text("John Smith".into())));
    let Ok(Reply::User(bare)) = Scim.interpret(&Operation::GetUser { id: id() }, &reply(200, &person_body("false")))
    else {
        panic!()
    };
    assert_eq!(bare.precondition, Some(Precondition::ETag("W/\"3694e05e9dff591\"".into())), "else meta.version");
    assert_eq!(bare.status.kind, StatusKind::Deactivated);
    let untagged = person_body("true").replace(r#","version":"W/\"3694e05e9dff591\"""#, "");
    let Ok(Reply::User(none)) = Scim.interpret(&Operation::GetUser { id: id() }, &reply(200, &untagged)) else {
        panic!()
    };
    assert_eq!(none.precondition, None, "a service without entity tags: changes carry no If-Match");
}

#[test]
fn a_change_answered_200_or_204_is_done_and_errors_read_as_scim_says() {
    for status in [200, 204] {
        let body = if status == 200 { person_body("false") } else { String::new() };
        assert_eq!(Scim.interpret(&tagged(Action::Deactivate, "W/\"1\""), &reply(status, &body)), Ok(Reply::Done));
    }
    let stale =
        r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"412","detail":"Resource has changed"}"#;
    let e = Scim.interpret(&tagged(Action::Deactivate, "W/\"1\""), &reply(412, stale)).unwrap_err();
    assert_eq!((e.kind, e.messages.clone()), (ErrorKind::PreconditionFailed, vec!["Resource has changed".to_string()]));
    assert!(crate::provider::carries_precondition(&Scim, tagged(Action::Deactivate, "W/\"1\"").change().unwrap()));
}

#[test]
fn a_service_that_cannot_filter_on_emails_is_asked_for_user_names_instead() {
    let op = Operation::FindUserByEmail { email: Email::parse("bjensen@example.com").unwrap() };
    let body = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400","scimType":"invalidFilter","detail":"Filtering on emails is not supported"}"#;
    let error = Scim.interpret(&op, &reply(400, body)).unwrap_err();
    let (instead, why) = Scim.instead(&op, &error).expect("a stand-in");
    assert!(why.contains("cannot search by email"), "{why}");
    assert_eq!(Scim.recognise(&Scim.build(&instead)), Some(instead), "the proxy forwards the stand-in");
    let other = Scim.interpret(&op, &reply(400, &body.replace("invalidFilter", "invalidValue"))).unwrap_err();
    assert_eq!(Scim.instead(&op, &other), None, "only a refused filter");
}

#[test]
fn pages_start_at_one_and_follow_the_total() {
    let list = |n: usize, total: u64| {
        let people: Vec<String> = (0..n).map(|_| person_body("true")).collect();
        reply(
            200,
            &format!(
                r#"{{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":{total},"startIndex":1,"itemsPerPage":{n},"Resources":[{}]}}"#,
                people.join(",")
            ),
        )
    };
    let search = |page: Option<&str>| Operation::SearchUsers {
        query: "j".into(),
        page: page.map(|p| PageToken(p.into())),
        limit: 2,
    };
    let page = |op: &Operation, resp| match Scim.interpret(op, &resp) {
        Ok(Reply::Users(page)) => page,
        other => panic!("{other:?}"),
    };
    assert_eq!(page(&search(None), list(2, 5)).next, Some(PageToken("3".into())));
    assert_eq!(page(&search(None), list(1, 5)).next, Some(PageToken("2".into())), "fewer than asked: from what came");
    assert_eq!(page(&search(Some("5")), list(1, 5)).next, None);
    let empty = reply(200, r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0}"#);
    assert!(page(&search(None), empty).items.is_empty(), "Resources may be left out");
    assert_eq!(Scim.page_token("4", 2), Some(PageToken("4".into())), "pages start where the last one ended");
    assert_eq!(Scim.page_token("1", 25), None, "the first page");
    assert_eq!(Scim.page_token("0", 25), None);
    assert_eq!(Scim.page_token("100002", 25), None);
}
