//! libFuzzer target for the proxy's gate: whatever bytes arrive as method, path, query and body,
//! `recognise` must not panic, and anything it accepts must be exactly what `build` makes for that
//! operation (so the proxy's rebuilt request is the same request), inside `/api/`.
//!
//! Every registered provider is fuzzed: the input's second byte picks it.
//!
//! Input layout: first byte picks the method, second the provider; the rest up to the first NUL
//! is the request target (path and query); everything after it is the body.
#![no_main]

use libfuzzer_sys::fuzz_target;

fn pairs(uri: &http::Uri) -> Vec<(String, String)> {
    form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()).into_owned().collect()
}

const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let Some((&provider, rest)) = rest.split_first() else { return };
    let method = METHODS[pick as usize % METHODS.len()];
    let row = &idp::REGISTRY[provider as usize % idp::REGISTRY.len()];
    let (target, body) = match rest.iter().position(|b| *b == 0) {
        Some(at) => (&rest[..at], rest[at + 1..].to_vec()),
        None => (rest, Vec::new()),
    };
    let Ok(target) = std::str::from_utf8(target) else { return };
    let Ok(req) = http::Request::builder().method(method).uri(target).body(body) else { return };
    let adapter = (row.open)(&(row.samples)().settings).expect("adapter");
    if let Some(op) = adapter.recognise(&req) {
        let rebuilt = adapter.build(&op);
        // The same request up to encoding: method, path, decoded query and JSON body.
        assert_eq!(rebuilt.method(), req.method(), "{method} {target}");
        assert_eq!(rebuilt.uri().path(), req.uri().path(), "{method} {target}");
        assert_eq!(pairs(rebuilt.uri()), pairs(req.uri()), "only the canonical form is recognised: {target}");
        if !req.body().is_empty() {
            let json = |b: &[u8]| serde_json::from_slice::<serde_json::Value>(b).ok();
            assert_eq!(json(rebuilt.body()), json(req.body()), "{method} {target}");
        }
        assert_eq!(adapter.recognise(&rebuilt), Some(op), "{method} {target}");
        let path = rebuilt.uri().path();
        assert!(idp::contract::stays_inside(path), "{path}");
    }
});
