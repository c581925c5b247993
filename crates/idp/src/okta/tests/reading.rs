//! Reading Okta's replies: people, pages and their `Link` headers, activation links, and errors.

use super::*;
use crate::model::{FactValue, SignIn};
use crate::provider::into_page;
use crate::read::rfc3339_ms;

fn search_op(page: Option<&str>) -> Operation {
    Operation::SearchUsers { query: "engineering".into(), page: page.map(|p| PageToken(p.into())), limit: 2 }
}

fn page(headers: &[(&str, &str)], body: &str) -> Page<User> {
    match okta().interpret(&search_op(None), &reply(200, headers, body)) {
        Ok(Reply::Users(page)) => page,
        other => panic!("{other:?}"),
    }
}

#[test]
fn reads_the_spec_s_example_user() {
    let user = read_user(&fixture("user-example.json"));
    assert_eq!(user.id.as_str(), ISAAC);
    assert_eq!(user.display_name, "Isaac Brock");
    assert_eq!(user.email.as_deref(), Some("isaac.brock@example.com"));
    assert_eq!(user.username.as_deref(), Some("isaac.brock@example.com"));
    assert_eq!((user.status.kind.clone(), user.sign_in()), (StatusKind::Active, SignIn::Allowed));
    assert_eq!(user.status.raw, "ACTIVE");
    assert_eq!(user.last_login_ms, rfc3339_ms("2013-06-24T17:39:19.000Z"));
    assert_eq!(user.precondition, None);
    let time = |s: &str| Some(FactValue::Time(rfc3339_ms(s).unwrap()));
    let text = |s: &str| Some(FactValue::Text(s.into()));
    let expected = [
        ("Login", text("isaac.brock@example.com")),
        ("Okta status", text("ACTIVE")),
        ("Created", time("2013-06-24T16:39:18.000Z")),
        ("Activated", time("2013-06-24T16:39:19.000Z")),
        ("Status changed", time("2013-06-24T16:39:19.000Z")),
        ("Last sign-in", time("2013-06-24T17:39:19.000Z")),
        ("Last updated", time("2013-07-02T21:36:25.344Z")),
        ("Password changed", time("2013-07-02T21:36:25.344Z")),
        ("Sign-in source", text("Okta")),
        ("Department", text("Engineering")),
        ("Title", text("Director")),
        ("Mobile phone", text("+1-555-415-1337")),
    ];
    let labels: Vec<&str> = user.facts.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels, expected.each_ref().map(|(label, _)| *label), "no others, in this order");
    for (label, value) in expected {
        assert_eq!(fact(&user, label), value, "{label}");
    }
    assert_eq!(user.raw["profile"]["costCenter"], "10", "raw JSON is kept");
}

#[test]
fn reads_the_spec_s_search_example() {
    let page = page(&[], &fixture("list-users-search-response.json"));
    assert_eq!((page.items.len(), page.next.clone(), page.total), (2, None, None));
    let (ben, janice) = (&page.items[0], &page.items[1]);
    assert_eq!((ben.display_name.as_str(), ben.status.raw.as_str()), ("Ben Richler", "STAGED"));
    assert_eq!((janice.display_name.as_str(), janice.status.raw.as_str()), ("Janice Benson", "PROVISIONED"));
    for person in [ben, janice] {
        assert_eq!((person.status.kind.clone(), person.sign_in()), (StatusKind::NotYetActivated, SignIn::Blocked));
        assert_eq!(fact(person, "Activated"), Some(FactValue::NotSet), "null is not set");
        assert_eq!(fact(person, "Last sign-in"), Some(FactValue::NotSet));
        assert_eq!(fact(person, "Sign-in source"), Some(FactValue::NotSet));
        assert_eq!(fact(person, "Mobile phone"), None, "null optional facts are left out");
        assert_eq!(fact(person, "Department"), Some(FactValue::Text("Engineering".into())));
    }
}

#[test]
fn the_next_page_is_the_after_of_the_next_link() {
    let body = samples::person_body("ACTIVE", None);
    let body = format!("[{body}]");
    let base = "https://example.okta.com/api/v1/users";
    let next = |after: &str| format!("<{base}?after={after}&limit=2&search=x>; rel=\"next\"");
    let self_link = format!("<{base}?limit=2&search=x>; rel=\"self\"");
    let cases: Vec<(Vec<String>, Option<&str>)> = vec![
        (vec![], None),
        (vec![self_link.clone()], None),
        (vec![self_link.clone(), next("00u1xke1apZnmHgpB1d7")], Some("00u1xke1apZnmHgpB1d7")),
        (vec![format!("{}, {self_link}", next("00u269cmneNMFHCH51d7"))], Some("00u269cmneNMFHCH51d7")),
        (vec![format!("{self_link},{}", next("00u269cmneNMFHCH51d7"))], Some("00u269cmneNMFHCH51d7")),
        (vec![format!("<{base}?after=abc_DEF-1>; rel=next")], Some("abc_DEF-1")),
        (vec![format!("<{base}?after=00u%31>;rel=\"prev next\"")], Some("00u1")),
        (vec![format!("<{base}?after=abc>; title=\"a, b\"; rel=\"next\"")], Some("abc")),
        (vec![next("bad%20cursor")], None),
        (vec![next(&"a".repeat(65))], None),
        (vec![format!("<{base}?after=a&after=b>; rel=\"next\"")], None),
        (vec![format!("<{base}?limit=2>; rel=\"next\"")], None),
        (vec![format!("{}, {}", next("bad%2F"), next("good"))], Some("good")),
        (vec!["garbage, <unclosed; rel=next".into()], None),
        (vec![format!("junk, {}", next("afterjunk"))], Some("afterjunk")),
    ];
    for (headers, expected) in cases {
        let links: Vec<(&str, &str)> = headers.iter().map(|v| ("link", v.as_str())).collect();
        assert_eq!(page(&links, &body).next.map(|t| t.0).as_deref(), expected, "{headers:?}");
    }
    let empty = page(&[("link", &next("00u1xke1apZnmHgpB1d7"))], "[]");
    assert_eq!((empty.items.len(), empty.next), (0, None), "no next page after an empty one");
    let following = search_op(Some("00u1xke1apZnmHgpB1d7"));
    assert_eq!(okta().recognise(&okta().build(&following)), Some(following), "the cursor rebuilds exactly");
}

#[test]
fn an_email_lookup_is_one_page() {
    let op = Operation::FindUserByEmail { email: Email::parse("isaac.brock@example.com").unwrap() };
    let link = "</api/v1/users?after=00u1xke1apZnmHgpB1d7>; rel=\"next\"";
    let resp = reply(200, &[("link", link)], &format!("[{}]", samples::person_body("ACTIVE", None)));
    let Ok(Reply::Users(page)) = okta().interpret(&op, &resp) else { panic!() };
    assert_eq!((page.items.len(), page.next), (1, None));
    let found = into_page(&op, okta().interpret(&op, &reply(404, &[], &fixture("error-resource-not-found.json"))));
    assert_eq!(found.map(|p| p.items.len()), Ok(0), "nobody found is an empty page");
}

#[test]
fn one_unreadable_field_is_marked_and_the_person_still_shown() {
    let body = format!(
        r#"{{"id":"{ISAAC}","status":"ACTIVE","lastLogin":1372095559000,"profile":{{"firstName":"Isaac","title":7}},"credentials":{{"provider":{{"type":["OKTA"]}}}}}}"#
    );
    let user = read_user(&body);
    assert_eq!((user.display_name.as_str(), user.status.kind.clone()), ("Isaac", StatusKind::Active));
    assert_eq!(fact(&user, "Last sign-in"), Some(FactValue::Unreadable));
    assert_eq!(fact(&user, "Title"), Some(FactValue::Unreadable));
    assert_eq!(fact(&user, "Sign-in source"), Some(FactValue::Unreadable));
    assert_eq!(fact(&user, "Created"), Some(FactValue::NotSet));
    assert_eq!(user.last_login_ms, None);
    assert!(!okta().offers(&user).is_empty(), "one odd field does not stop the actions");
    let odd = read_user(&format!(r#"{{"id":"{ISAAC}","status":5}}"#));
    assert_eq!(odd.status.kind, StatusKind::Unknown("unreadable status".into()));
    assert_eq!((odd.sign_in(), odd.display_name.as_str()), (SignIn::Unknown, ISAAC));
    assert_eq!(fact(&odd, "Okta status"), Some(FactValue::Unreadable));
    assert!(okta().offers(&odd).is_empty(), "only reading is offered");
}

#[test]
fn sign_in_sources_are_in_plain_words() {
    let with = |provider: &str| {
        read_user(&format!(r#"{{"id":"{ISAAC}","status":"ACTIVE","credentials":{{"provider":{provider}}}}}"#))
    };
    for (provider, expected) in [
        (r#"{"type":"OKTA","name":"OKTA"}"#, "Okta"),
        (r#"{"type":"ACTIVE_DIRECTORY","name":"corp.example.com"}"#, "Active Directory (corp.example.com)"),
        (r#"{"type":"FEDERATION","name":"FEDERATION"}"#, "Another identity provider"),
        (r#"{"type":"NEW_KIND"}"#, "NEW_KIND"),
        (r#"{"name":"Corp LDAP"}"#, "Corp LDAP"),
    ] {
        assert_eq!(fact(&with(provider), "Sign-in source"), Some(FactValue::Text(expected.into())), "{provider}");
    }
}

#[test]
fn people_without_a_readable_id_are_unreadable_errors_naming_the_field() {
    for (body, mention) in [
        (r#"{"status":"ACTIVE"}"#, "id: missing"),
        (r#"{"id":7}"#, "id: not text"),
        (r#"{"id":"../../etc"}"#, "id: not an Okta user id"),
        (r#"{"id":"me"}"#, "id: not an Okta user id"),
        ("<html>Gateway</html>", "expected value"),
        ("", "EOF"),
    ] {
        let err = okta().interpret(&get_isaac(), &reply(200, &[], body)).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Unreadable, "{body}");
        assert!(err.detail.contains(mention), "{body}: {}", err.detail);
    }
    let list = format!(r#"[{}, {{"status":"ACTIVE"}}]"#, samples::person_body("ACTIVE", None));
    let err = okta().interpret(&search_op(None), &reply(200, &[], &list)).unwrap_err();
    assert!(err.detail.contains("[1].id: missing"), "{}", err.detail);
    let err = okta().interpret(&search_op(None), &reply(200, &[], "{}")).unwrap_err();
    assert!(err.detail.contains("not a list of users"), "{}", err.detail);
}

#[test]
fn the_activation_link_is_returned_only_when_okta_did_not_email_it() {
    let token = r#"{"activationToken":"XE6wE17zmphl3KqAPFxO","activationUrl":"https://example.okta.com/tokens/XE6wE17zmphl3KqAPFxO/verify"}"#;
    let url = "https://example.okta.com/tokens/XE6wE17zmphl3KqAPFxO/verify";
    for action in [Action::Activate, Action::Reactivate] {
        let shown = okta().interpret(&change(action, false), &reply(200, &[], token));
        assert_eq!(shown, Ok(Reply::ActivationLink(url.into())), "{action:?}");
        assert_eq!(okta().interpret(&change(action, true), &reply(200, &[], "{}")), Ok(Reply::Done), "{action:?}");
        for (body, mention) in [("{}", "missing"), (r#"{"activationUrl":"javascript:alert(1)"}"#, "not a web address")]
        {
            let err = okta().interpret(&change(action, false), &reply(200, &[], body)).unwrap_err();
            assert!(err.detail.contains(mention) && err.kind.change_may_have_happened(), "{}", err.detail);
        }
    }
    for action in [Action::Deactivate, Action::Suspend, Action::ResetFactors, Action::SignOutEverywhere] {
        assert_eq!(okta().interpret(&change(action, false), &reply(200, &[], token)), Ok(Reply::Done));
    }
    assert_eq!(okta().interpret(&change(Action::DeletePermanently, false), &reply(204, &[], "")), Ok(Reply::Done));
}

#[test]
fn every_error_example_is_classified_with_okta_s_words() {
    for sample in samples::samples().errors {
        let headers: Vec<(&str, &str)> = sample.headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let err = okta().interpret(&get_isaac(), &reply(sample.status, &headers, &sample.body)).unwrap_err();
        assert_eq!(
            (err.kind.clone(), err.provider),
            (sample.kind.clone(), Some(ProviderKind::Okta)),
            "{}",
            sample.body
        );
        let wanted = sample.message.unwrap();
        assert!(err.messages.iter().any(|m| m.contains(wanted)), "{wanted}: {:?}", err.messages);
        let code =
            serde_json::from_str::<serde_json::Value>(&sample.body).unwrap()["errorCode"].as_str().unwrap().to_owned();
        assert!(err.detail.ends_with(&format!("({code})")), "{}", err.detail);
    }
    let limited = |status, headers: &[(&str, &str)]| {
        okta().interpret(&get_isaac(), &reply(status, headers, &fixture("error-too-many-requests.json"))).unwrap_err()
    };
    let err = limited(429, &[("x-rate-limit-reset", " 1767225600 ")]);
    assert_eq!((err.kind, err.retry_at_epoch_s), (ErrorKind::RateLimited, Some(1_767_225_600)));
    let err = limited(403, &[("x-rate-limit-reset", "1767225600")]);
    assert_eq!(
        (err.kind, err.retry_at_epoch_s),
        (ErrorKind::RateLimited, Some(1_767_225_600)),
        "E0000047 whatever the status"
    );
    assert_eq!(limited(429, &[("x-rate-limit-reset", "soon")]).retry_at_epoch_s, None);
    let err = okta().interpret(&get_isaac(), &reply(429, &[("x-rate-limit-reset", "1767225600")], "")).unwrap_err();
    assert_eq!((err.kind, err.retry_at_epoch_s), (ErrorKind::RateLimited, Some(1_767_225_600)), "429 without a body");
    let err = okta().interpret(&get_isaac(), &reply(403, &[("x-rate-limit-reset", "1767225600")], "")).unwrap_err();
    assert_eq!((err.kind, err.retry_at_epoch_s), (ErrorKind::Forbidden, None), "the status-code kind otherwise");
}

#[test]
fn any_error_body_is_read_without_panicking_and_bounded() {
    let long = "x".repeat(1000);
    let causes: Vec<String> = (0..12).map(|i| format!(r#"{{"errorSummary":"cause {i} {long}"}}"#)).collect();
    let many = format!(r#"{{"errorCode":"E0000001","errorSummary":"{long}","errorCauses":[{}]}}"#, causes.join(","));
    let err = okta().interpret(&get_isaac(), &reply(400, &[], &many)).unwrap_err();
    assert_eq!(err.messages.len(), 10);
    assert!(err.messages.iter().all(|m| m.chars().count() <= 300), "bounded");
    assert!(err.messages[1].starts_with("cause 0"), "the error's own summary first, then its causes");
    for body in [
        "",
        "null",
        "[]",
        "5",
        r#"{"errorCauses":"x"}"#,
        r#"{"errorSummary":5,"errorCauses":[7,{"errorSummary":null}]}"#,
        r#"{"errorCode":"E0000038 and more"}"#,
        r#"{"errorCode":"<b>E0000038</b>"}"#,
        "\u{feff}{",
        "{\"errorSummary\":\"  \"}",
    ] {
        let err = okta().interpret(&get_isaac(), &reply(403, &[], body)).unwrap_err();
        assert_eq!((err.kind, err.messages.len()), (ErrorKind::Forbidden, 0), "{body}");
        assert_eq!(err.detail, "Okta answered HTTP 403", "a code not in Okta's shape is not shown: {body}");
    }
}
