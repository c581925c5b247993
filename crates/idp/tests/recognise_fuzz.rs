//! Property-based fuzzing of request recognition, run with every `cargo test` (coverage-guided
//! fuzzing of the same property is `fuzz/`, run by scripts/fuzz.sh). Arbitrary methods, paths,
//! queries and bodies, plus mutations of real requests, must never panic, and anything recognised
//! must rebuild to a request that is recognised as the same operation and stays inside `/api/`.
#![cfg(feature = "recognise")]

use idp::{Email, IdentityProvider, Operation, UserId};
use proptest::prelude::*;

fn fa() -> Box<dyn IdentityProvider> {
    idp::adapter(idp::ProviderKind::FusionAuth, &Default::default()).unwrap()
}

fn check(method: &str, uri: &str, body: Vec<u8>) {
    let Ok(req) = http::Request::builder().method(method).uri(uri).body(body) else { return };
    let adapter = fa();
    if let Some(op) = adapter.recognise(&req) {
        let rebuilt = adapter.build(&op);
        assert_eq!(adapter.recognise(&rebuilt), Some(op.clone()), "{method} {uri}");
        let path = rebuilt.uri().path();
        assert!(path.starts_with("/api/") && !path.contains("..") && !path.contains("//"), "{path}");
    }
}

fn seeds() -> Vec<(String, String, Vec<u8>)> {
    let id = UserId::parse("4e0f2af0-33a2-4001-8631-0f8225e65f1c").unwrap();
    [
        Operation::GetUser { id: id.clone() },
        Operation::FindUserByEmail { email: Email::parse("terry@example.com").unwrap() },
        Operation::SearchUsers { query: "terry".into(), start: 0, limit: 25 },
        Operation::DeactivateUser { id: id.clone() },
        Operation::ReactivateUser { id: id.clone() },
        Operation::DeleteUser { id: id.clone() },
        Operation::SignOutEverywhere { id },
    ]
    .iter()
    .map(|op| {
        let r = fa().build(op);
        (r.method().to_string(), r.uri().to_string(), r.body().clone())
    })
    .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_requests_never_panic(
        method in prop::sample::select(vec!["GET", "POST", "PUT", "PATCH", "DELETE", "TRACE", "OPTIONS"]),
        path in "(/[a-zA-Z0-9%._~@:;=+*!$&'()-]{0,40}){0,5}",
        query in proptest::option::of("[a-zA-Z0-9%=&+._@-]{0,60}"),
        body in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        let uri = match query { Some(q) => format!("{path}?{q}"), None => path };
        check(method, &uri, body);
    }

    #[test]
    fn mutated_real_requests_never_escape(seed in 0usize..7, at in 0usize..200, byte in any::<u8>(), cut in 0usize..200, in_body in any::<bool>()) {
        let (method, uri, body) = seeds()[seed].clone();
        if in_body && !body.is_empty() {
            let mut body = body;
            let i = at % body.len();
            body[i] = byte;
            body.truncate(cut.max(1).min(body.len()));
            check(&method, &uri, body);
        } else {
            let mut bytes = uri.into_bytes();
            let i = at % bytes.len();
            bytes[i] = byte;
            if let Ok(uri) = String::from_utf8(bytes) {
                check(&method, &uri, body);
            }
        }
    }
}
