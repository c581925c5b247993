//! Driving one provider's connection through the proxy against the real simulator: the sandbox
//! on loopback, a proxy router with an audit log for a config text, an operation sent exactly as
//! the panel sends it (headers included) and read by the adapter, the sandbox's fault switch.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::body::Body;
use axum::http::{HeaderMap, Request};
use axum::Router;
use lockdesk_proxy::config::{AuditSettings, Config};
use lockdesk_sandbox::Sandbox;

/// Every simulated provider, seeded with 20 generated people, taking `key`, on a loopback port.
pub async fn sandbox(key: &str) -> (Sandbox, SocketAddr) {
    let sandbox = Sandbox::seeded(1, 20, key.into());
    let addr = lockdesk_sandbox::spawn(sandbox.clone(), "127.0.0.1:0".parse().unwrap()).await.unwrap();
    (sandbox, addr)
}

/// The proxy for the config `text`, with an audit log of its own (`name` keeps tests apart) and,
/// if given, a shorter answer budget for changes.
pub fn app(text: &str, name: &str, answer_within: Option<u32>) -> (Router, PathBuf) {
    let path = std::env::temp_dir().join(format!("lockdesk-{name}-{}.toml", std::process::id()));
    let mut config = Config::parse(text, &path).unwrap();
    let audit = super::audit_path(name);
    config.audit = Some(AuditSettings::at(audit.clone()));
    if let Some(secs) = answer_within {
        config.answer_changes_within_secs = secs;
    }
    (super::router(config), audit)
}

/// `op` as the panel sends it to connection `conn`, through the proxy: the status, the headers
/// passed back and the adapter's reading of the reply.
pub async fn send(
    app: &Router,
    conn: &str,
    adapter: &dyn idp::IdentityProvider,
    op: &idp::Operation,
) -> (u16, HeaderMap, Result<idp::Reply, idp::Error>) {
    send_with(app, conn, adapter, op, &[]).await
}

/// `send`, with `extra` request headers (an idempotency key, a run id).
pub async fn send_with(
    app: &Router,
    conn: &str,
    adapter: &dyn idp::IdentityProvider,
    op: &idp::Operation,
    extra: &[(&str, &str)],
) -> (u16, HeaderMap, Result<idp::Reply, idp::Error>) {
    let built = adapter.build(op);
    let mut req = Request::builder()
        .method(built.method().clone())
        .uri(format!("/proxy/{conn}{}", built.uri()))
        .header("sec-fetch-site", "same-origin");
    for (k, v) in built
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_bytes()))
        .chain(extra.iter().map(|(k, v)| (*k, v.as_bytes())))
    {
        req = req.header(k, v);
    }
    let (status, headers, body) = super::call(app, req.body(Body::from(built.body().clone())).unwrap()).await;
    let mut resp = http::Response::builder().status(status.as_u16());
    for (k, v) in &headers {
        resp = resp.header(k, v);
    }
    let reading = adapter.interpret(op, &resp.body(body.into_bytes()).unwrap());
    (status.as_u16(), headers, reading)
}

/// Sets `provider`'s faults on the sandbox at `addr` (`/_sandbox/faults/{provider}`).
pub async fn set_faults(addr: SocketAddr, provider: &str, json: &str) {
    let url = format!("http://{addr}/_sandbox/faults/{provider}");
    let reply = reqwest::Client::new().put(url).body(json.to_owned()).send().await.unwrap();
    assert_eq!(reply.status(), 200, "{}", reply.text().await.unwrap());
}

/// The completed audit lines of `operation`, oldest first.
pub fn completed(audit: &std::path::Path, operation: &str) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(audit).unwrap_or_default();
    let lines = text.lines().map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap());
    lines.filter(|l| l["stage"] == "completed" && l["operation"] == operation).collect()
}
