//! The shared contract every registered provider runs, from the samples its registration carries
//! (`idp::contract::Samples`): a provider cannot be registered without them, and a sample set that
//! misses an operation kind, a state it reads or an action it offers fails here.
//!
//! Checked for each provider: statuses mean the same (the shared classifier), its error hook reads
//! its own bodies, `recognise(build(op)) == op` for every sample operation, every request stays
//! under lockdesk's paths, the status of each sample person, offers consistent with `allows` and with the
//! one role table, and the reply headers it asks the proxy for.
#![cfg(feature = "recognise")]
// `idp::Error` is large by design (see src/lib.rs).
#![allow(clippy::result_large_err)]

use idp::contract::Samples;
use idp::operation::ReadBack;
use idp::{check_status, Action, ErrorKind, IdentityProvider, Operation, Reply, Role, REGISTRY};

fn reply(status: u16, headers: &[(&str, String)], body: &str) -> idp::http::HttpResponse {
    let mut b = http::Response::builder().status(status);
    for (k, v) in headers {
        b = b.header(*k, v.as_str());
    }
    b.body(body.as_bytes().to_vec()).unwrap()
}

fn each_provider(mut f: impl FnMut(&str, &dyn IdentityProvider, &Samples)) {
    assert!(REGISTRY.len() >= 4, "FusionAuth, Okta, Genesys Cloud and Acronis are registered");
    for row in REGISTRY {
        let samples = (row.samples)();
        let adapter = (row.open)(&samples.settings).unwrap_or_else(|e| panic!("{}: {e}", row.config_name));
        f(row.config_name, adapter.as_ref(), &samples);
    }
}

#[test]
fn every_provider_brings_samples_of_everything_it_does() {
    each_provider(|name, adapter, s| {
        let has = |f: &dyn Fn(&Operation) -> bool| s.operations.iter().any(f);
        assert!(has(&|op| matches!(op, Operation::GetUser { .. })), "{name}: no GetUser sample");
        assert!(has(&|op| matches!(op, Operation::FindUserByEmail { .. })), "{name}: no email lookup sample");
        assert!(has(&|op| matches!(op, Operation::SearchUsers { page: None, .. })), "{name}: no first page");
        // A provider whose search has pages brings a later one (Acronis's has none).
        if adapter.page_token("2", 25).is_some() {
            assert!(has(&|op| matches!(op, Operation::SearchUsers { page: Some(_), .. })), "{name}: no later page");
        }
        // A provider lockdesk creates people on brings a create, of a kind it offers.
        let creates = has(&|op| match op {
            Operation::CreateUser { person } => adapter.person_types().iter().any(|t| t.code == person.kind),
            _ => false,
        });
        assert_eq!(creates, !adapter.person_types().is_empty(), "{name}: a create sample iff it creates people");
        assert!(s.people.len() >= 2, "{name}: people in at least two states");
        assert!(s.errors.len() >= 2, "{name}: its own error replies");
        for person in &s.people {
            let user = read_person(adapter, person);
            for offer in adapter.offers(&user) {
                for step in &offer.plan.steps {
                    let sampled = has(&|op| op.change().is_some_and(|c| c.action == *step));
                    assert!(sampled, "{name}: offers {:?} but has no sample operation for it", step);
                }
            }
        }
    });
}

fn read_person(adapter: &dyn IdentityProvider, person: &idp::contract::Person) -> idp::User {
    let id =
        adapter.parse_user_id(&serde_json::from_str::<serde_json::Value>(&person.body).map_or(String::new(), |v| {
            v.pointer("/id")
                .or_else(|| v.pointer("/user/id"))
                .or_else(|| v.pointer("/response/id"))
                .and_then(|i| i.as_str())
                .unwrap_or("")
                .to_owned()
        }));
    let op = Operation::GetUser { id: id.unwrap_or_else(|e| panic!("sample person id: {e}")) };
    match adapter.interpret(&op, &reply(200, &person.headers, &person.body)) {
        Ok(Reply::User(user)) => *user,
        other => panic!("{:?}: a sample person must read: {other:?}", adapter.kind()),
    }
}

#[test]
fn statuses_mean_the_same_for_every_provider() {
    let table = [
        (400, ErrorKind::BadRequest),
        (401, ErrorKind::Unauthorized),
        (403, ErrorKind::Forbidden),
        (404, ErrorKind::NotFound),
        (409, ErrorKind::Conflict),
        (412, ErrorKind::PreconditionFailed),
        (429, ErrorKind::RateLimited),
        (500, ErrorKind::Server),
        (502, ErrorKind::Server),
        (503, ErrorKind::Unavailable),
        (418, ErrorKind::Unexpected),
    ];
    each_provider(|name, adapter, _| {
        for (status, kind) in &table {
            let err = check_status(adapter, &reply(*status, &[("x-request-id", "req-7".into())], "")).unwrap_err();
            assert_eq!(&err.kind, kind, "{name} {status}");
            assert_eq!(err.status, Some(*status));
            assert_eq!(err.request_id.as_deref(), Some("req-7"));
            assert_eq!(err.provider, Some(adapter.kind()));
        }
        for ok in [200, 201, 204] {
            assert!(check_status(adapter, &reply(ok, &[], "")).is_ok());
        }
        let err = check_status(adapter, &reply(429, &[("retry-after", "30".into())], "")).unwrap_err();
        assert_eq!(err.retry_after_s, Some(30));
        let err = check_status(adapter, &reply(429, &[("retry-after", "soon".into())], "")).unwrap_err();
        assert_eq!(err.retry_after_s, None);
        // A reverse proxy's HTML page in front of any provider is its gateway, never shown.
        for status in [502, 503, 504] {
            let page = reply(status, &[("content-type", "text/html".into())], "<html><h1>Bad Gateway</h1></html>");
            let err = check_status(adapter, &page).unwrap_err();
            assert_eq!((err.kind, err.messages.len()), (ErrorKind::Gateway, 0), "{name} {status}");
        }
        for garbage in ["", "<html>", "{", "[]", "null", "{\"errorCauses\":7}", "\u{0}"] {
            let err = check_status(adapter, &reply(400, &[], garbage)).unwrap_err();
            assert_eq!(err.kind, ErrorKind::BadRequest, "{name}: {garbage:?}");
        }
    });
}

#[test]
fn each_provider_reads_its_own_error_bodies() {
    each_provider(|name, adapter, s| {
        for e in &s.errors {
            let err = check_status(adapter, &reply(e.status, &e.headers, &e.body)).unwrap_err();
            assert_eq!(err.kind, e.kind, "{name}: {} {}", e.status, e.body);
            if let Some(text) = e.message {
                assert!(err.messages.iter().any(|m| m.contains(text)), "{name}: {text:?} not in {:?}", err.messages);
            }
            assert!(err.messages.len() <= 10 && err.messages.iter().all(|m| m.chars().count() <= 301));
        }
    });
}

#[test]
fn proxy_refusals_are_told_apart_from_the_provider() {
    each_provider(|_, adapter, _| {
        let body = r#"{"error":"This request is not one lockdesk knows, so it was not forwarded."}"#;
        let refused =
            |status, word: &str| check_status(adapter, &reply(status, &[("x-lockdesk-refused", word.into())], body));
        let err = refused(403, "1").unwrap_err();
        assert_eq!(err.kind, ErrorKind::ProxyRefused);
        assert_eq!(err.messages, ["This request is not one lockdesk knows, so it was not forwarded."]);
        assert_eq!(refused(502, "1").unwrap_err().kind, ErrorKind::ProviderUnreachable);
        // An ended operator session is its own kind (the panel shows the sign-in form) …
        assert_eq!(refused(401, "sign-in").unwrap_err().kind, ErrorKind::SignInRequired);
        // … while a missing operator-mode key, or the provider's own 401, is not.
        assert_eq!(refused(401, "1").unwrap_err().kind, ErrorKind::ProxyRefused);
        assert_eq!(check_status(adapter, &reply(401, &[], "")).unwrap_err().kind, ErrorKind::Unauthorized);
        let unknown =
            r#"{"request_id":"req-9","outcome":"unknown","error":"The provider has not finished the change yet."}"#;
        let headers = [("x-request-id", "req-9".to_string()), ("x-lockdesk-outcome", "unknown".into())];
        let err = check_status(adapter, &reply(202, &headers, unknown)).unwrap_err();
        assert_eq!(err.kind, ErrorKind::OutcomeUnknown);
        assert_eq!(err.messages, ["The provider has not finished the change yet."]);
        assert!(err.kind.change_may_have_happened());
    });
    for kind in [ErrorKind::BadRequest, ErrorKind::Forbidden, ErrorKind::NotAllowedInState, ErrorKind::RateLimited] {
        assert!(!kind.change_may_have_happened(), "{kind:?} is a definite no");
    }
}

#[test]
fn recognise_accepts_exactly_what_build_makes() {
    each_provider(|name, adapter, s| {
        for op in &s.operations {
            let req = adapter.build(op);
            // Two actions may share one call (Genesys restores with the reactivation PATCH).
            let expected = match op {
                Operation::Change(c) => {
                    Operation::Change(idp::Change { action: adapter.same_call_as(c.action), ..c.clone() })
                }
                other => other.clone(),
            };
            assert_eq!(adapter.recognise(&req), Some(expected), "{name}: {} {}", req.method(), req.uri());
            let path = req.uri().path();
            assert!(idp::contract::stays_inside(path), "{name}: {path}");
            assert!(
                !req.headers().contains_key(http::header::AUTHORIZATION),
                "{name}: built requests carry no credential"
            );
        }
    });
}

#[test]
fn people_read_as_their_status_and_offers_follow_the_rules() {
    each_provider(|name, adapter, s| {
        for person in &s.people {
            let user = read_person(adapter, person);
            assert_eq!(
                (&user.status.kind, user.status.sign_in),
                (&person.kind, person.sign_in),
                "{name}: {}",
                person.body
            );
            let offers = adapter.offers(&user);
            if matches!(user.status.kind, idp::StatusKind::Unknown(_)) || user.status.is_changing() {
                assert!(offers.is_empty(), "{name}: only reading is offered for {:?}", user.status);
            }
            for offer in &offers {
                let first = offer.plan.steps.first().copied();
                assert!(
                    first.is_some_and(|a| adapter.allows(a, &user.status)),
                    "{name}: {:?} offered, first step not allowed in {:?}",
                    offer.action,
                    user.status.raw
                );
                let steps = &offer.plan.steps;
                assert!(steps.contains(&offer.action), "{name}: a plan carries out its action");
                assert!(!offer.plan.optional.contains(&offer.action), "{name}: its action is never optional");
                assert!(offer.plan.optional.iter().all(|o| steps.contains(o)), "{name}: optional steps are steps");
                assert!(!offer.sentence.is_empty() && offer.sentence.len() < 200, "{name}: {:?}", offer.action);
                if offer.action.is_irreversible() {
                    assert_eq!(offer.confirm, idp::Confirm::TypeToConfirm, "{name}: {:?}", offer.action);
                    assert_eq!(offer.undo, idp::Undo::Irreversible);
                }
                let role = Operation::Change(idp::Change::new(offer.action, user.id.clone())).required_role();
                assert!(role >= Role::Helpdesk, "{name}: changes need at least helpdesk");
            }
            assert!(adapter
                .shown_by(
                    &idp::Change::new(Action::SignOutEverywhere, user.id.clone()),
                    None,
                    ReadBack::Found(&user.status)
                )
                .is_none());
        }
        for header in adapter.reply_headers() {
            assert_ne!(header, http::header::SET_COOKIE, "{name}: never passes cookies back");
        }
    });
}
