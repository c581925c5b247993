//! A slow FusionAuth-like provider and the helpers the change tests share: a config with a
//! change budget and an audit log, the audit lines, and how a followed change ended.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::{call, config};

pub const TERRY: &str = "4e0f2af0-33a2-4001-8631-0f8225e65f1c";

pub fn audit_lines(path: &std::path::Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path).unwrap_or_default().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

pub fn user(active: bool) -> Response {
    let body = format!(r#"{{"user":{{"id":"{TERRY}","active":{active},"firstName":"Terry","lastName":"Example"}}}}"#);
    ([("content-type", "application/json")], body).into_response()
}

/// A FusionAuth-like provider that takes `read` for a GET and `change` for a DELETE, which
/// deactivates.
pub async fn slow_provider(read: Duration, change: Duration) -> std::net::SocketAddr {
    let active = Arc::new(AtomicBool::new(true));
    let (a, b) = (active.clone(), active.clone());
    let app = Router::new().route(
        "/api/user/{id}",
        get(move || {
            let a = a.clone();
            async move {
                tokio::time::sleep(read).await;
                user(a.load(Ordering::SeqCst))
            }
        })
        .delete(move || {
            let b = b.clone();
            async move {
                tokio::time::sleep(change).await;
                b.store(false, Ordering::SeqCst);
                StatusCode::OK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

pub fn slow_config(
    addr: std::net::SocketAddr,
    audit: &std::path::Path,
    answer_within: u32,
) -> lockdesk_proxy::config::Config {
    let mut cfg = config(addr);
    cfg.answer_changes_within_secs = answer_within;
    cfg.audit = Some(lockdesk_proxy::config::AuditSettings::at(audit.to_owned()));
    cfg
}

pub async fn outcome(app: &Router, request_id: &str) -> String {
    let (status, _, body) = call(app, get_req(&format!("/api/changes/{request_id}"))).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str::<serde_json::Value>(&body).unwrap()["outcome"].as_str().unwrap().to_owned()
}

pub fn get_req(uri: &str) -> axum::http::Request<axum::body::Body> {
    super::get(uri)
}
