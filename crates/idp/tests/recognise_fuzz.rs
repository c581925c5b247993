//! Property-based fuzzing of request recognition for every registered provider, run with every
//! `cargo test` (coverage-guided fuzzing of the same property is `fuzz/`, run by scripts/fuzz.sh).
//! Arbitrary methods, paths, queries and bodies, plus mutations of each provider's sample
//! requests, must never panic, and anything recognised must rebuild to a request that is
//! recognised as the same operation and stays inside lockdesk's paths (`contract::stays_inside`).
#![cfg(feature = "recognise")]

use idp::{IdentityProvider, REGISTRY};
use proptest::prelude::*;

fn adapters() -> Vec<Box<dyn IdentityProvider>> {
    REGISTRY.iter().map(|row| (row.open)(&(row.samples)().settings).expect("opens")).collect()
}

fn check(adapter: &dyn IdentityProvider, method: &str, uri: &str, body: Vec<u8>) {
    let Ok(req) = http::Request::builder().method(method).uri(uri).body(body) else { return };
    if let Some(op) = adapter.recognise(&req) {
        let rebuilt = adapter.build(&op);
        assert_eq!(adapter.recognise(&rebuilt), Some(op.clone()), "{:?}: {method} {uri}", adapter.kind());
        let path = rebuilt.uri().path();
        assert!(idp::contract::stays_inside(path), "{path}");
    }
}

/// Every provider's sample requests: (provider index, method, uri, body).
fn seeds() -> Vec<(usize, String, String, Vec<u8>)> {
    let mut out = Vec::new();
    for (i, row) in REGISTRY.iter().enumerate() {
        let adapter = (row.open)(&(row.samples)().settings).expect("opens");
        for op in (row.samples)().operations {
            let r = adapter.build(&op);
            out.push((i, r.method().to_string(), r.uri().to_string(), r.body().clone()));
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_requests_never_panic(
        method in prop::sample::select(vec!["GET", "POST", "PUT", "PATCH", "DELETE", "TRACE", "OPTIONS"]),
        path in "(/[a-zA-Z0-9%._~@:;=+*!$&'()-]{0,40}){0,5}",
        query in proptest::option::of("[a-zA-Z0-9%=&+._@\"-]{0,60}"),
        body in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        let uri = match query { Some(q) => format!("{path}?{q}"), None => path };
        for adapter in adapters() {
            check(adapter.as_ref(), method, &uri, body.clone());
        }
    }

    #[test]
    fn mutated_real_requests_never_escape(pick in any::<prop::sample::Index>(), at in 0usize..400, byte in any::<u8>(), cut in 0usize..400, in_body in any::<bool>()) {
        let seeds = seeds();
        let (provider, method, uri, body) = seeds[pick.index(seeds.len())].clone();
        let adapter = &adapters()[provider];
        if in_body && !body.is_empty() {
            let mut body = body;
            let i = at % body.len();
            body[i] = byte;
            body.truncate(cut.max(1).min(body.len()));
            check(adapter.as_ref(), &method, &uri, body);
        } else {
            let mut bytes = uri.into_bytes();
            let i = at % bytes.len();
            bytes[i] = byte;
            if let Ok(uri) = String::from_utf8(bytes) {
                check(adapter.as_ref(), &method, &uri, body);
            }
        }
    }
}
