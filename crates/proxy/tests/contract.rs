//! Contract: every request the FusionAuth adapter builds, sent through a running lockdesk-proxy to
//! `prism proxy --errors` with FusionAuth's official OpenAPI spec in front of the sandbox, must
//! pass Prism's validation both ways.
//!
//! Error replies are not sent through Prism: FusionAuth documents empty 401/404/500 bodies while
//! the spec's `default` response demands an `Errors` JSON object, so Prism would report FusionAuth's
//! documented behaviour as a violation (see tests/contract/specs/SOURCES.md).
//!
//! Needs the three servers that `tests/contract/run.sh` starts, so it is ignored in a plain
//! `cargo test`; the contract layer of `.ci/run` runs it with `--ignored` and fails if it fails.

use idp::{Action, Email, IdentityProvider, Operation, UserId};

const TERRY: &str = "4e0f2af0-33a2-4001-8631-0f8225e65f1c";
const JOHN: &str = "00000000-0000-0001-0000-000000000000";

async fn send(base: &str, adapter: &dyn IdentityProvider, op: &Operation) -> (u16, String, Vec<(String, String)>) {
    let req = adapter.build(op);
    let url = format!("{base}{}", req.uri());
    let client = reqwest::Client::new();
    let method = reqwest::Method::from_bytes(req.method().as_str().as_bytes()).unwrap();
    // Changes must show they come from the panel (CSRF rule); a same-origin fetch says so.
    let mut builder = client.request(method, url).header("sec-fetch-site", "same-origin");
    for (k, v) in req.headers() {
        builder = builder.header(k.as_str(), v.to_str().unwrap());
    }
    let reply = builder.body(req.body().clone()).send().await.expect("the proxy answered");
    let status = reply.status().as_u16();
    let headers = reply.headers().iter().map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string())).collect();
    (status, reply.text().await.unwrap_or_default(), headers)
}

#[tokio::test]
#[ignore = "needs the servers started by tests/contract/run.sh"]
async fn every_adapter_request_passes_the_vendor_spec() {
    let base = std::env::var("LOCKDESK_CONTRACT_URL").expect("LOCKDESK_CONTRACT_URL is set by tests/contract/run.sh");
    let fa = idp::adapter(idp::ProviderKind::FusionAuth, &Default::default()).unwrap();
    let id = |s: &str| UserId::parse(s).unwrap();
    let change = |action, who: &str| Operation::Change(idp::Change::new(action, id(who)));
    let ops = [
        Operation::GetUser { id: id(TERRY) },
        Operation::FindUserByEmail { email: Email::parse("terry@example.com").unwrap() },
        Operation::SearchUsers { query: "terry".into(), page: None, limit: 25 },
        Operation::SearchUsers { query: "o'neil (it)".into(), page: Some(idp::PageToken("25".into())), limit: 100 },
        change(Action::Deactivate, TERRY),
        change(Action::Reactivate, TERRY),
        change(Action::SignOutEverywhere, TERRY),
        change(Action::DeletePermanently, JOHN),
    ];
    let mut failures = Vec::new();
    for op in &ops {
        let (status, body, _) = send(&base, fa.as_ref(), op).await;
        let outcome =
            fa.interpret(op, &http::Response::builder().status(status).body(body.clone().into_bytes()).unwrap());
        println!("{:<22} -> HTTP {status}", op.name());
        if !(200..300).contains(&status) || outcome.is_err() {
            failures.push(format!("{}: HTTP {status}: {body} ({outcome:?})", op.name()));
        }
    }
    assert!(failures.is_empty(), "contract failures:\n{}", failures.join("\n"));
}
