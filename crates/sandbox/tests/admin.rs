//! The `/_sandbox` admin endpoints (faults, reset), determinism across sandboxes and `spawn`.

mod common;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::*;
use lockdesk_sandbox::Sandbox;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn set_faults(sb: &Sandbox, body: serde_json::Value) -> Reply {
    send(sb, "PUT", "/_sandbox/faults", &[], Some(&body.to_string())).await
}

#[tokio::test]
async fn faults_default_and_round_trip() {
    let sb = sandbox();
    let r = send(&sb, "GET", "/_sandbox/faults", &[], None).await;
    let defaults = json!({"latency_ms": 0, "fail_status": null, "retry_after_s": 30, "changes_only": false,
        "rate_limit_per_minute": 6000, "fail_after_change": false, "random_fault_percent": 0.0, "random_fault_seed": 1,
        "burst_429": 0, "transition_ms": 1000, "token_lifetime_s": 86400, "denied_divisions": [],
        "conflict_next_change": false, "expire_tokens_now": false, "seat_limit": null, "html_502": false,
        "no_etags": false, "patch_204": false, "reject_email_filter": false});
    assert_eq!(r.json(), defaults);
    let r = set_faults(&sb, json!({"latency_ms": 99999, "fail_status": 500})).await;
    assert_eq!(r.status, StatusCode::OK);
    let expected = json!({"latency_ms": 30000, "fail_status": 500, "retry_after_s": 30, "changes_only": false,
        "rate_limit_per_minute": 6000, "fail_after_change": false, "random_fault_percent": 0.0, "random_fault_seed": 1,
        "burst_429": 0, "transition_ms": 1000, "token_lifetime_s": 86400, "denied_divisions": [],
        "conflict_next_change": false, "expire_tokens_now": false, "seat_limit": null, "html_502": false,
        "no_etags": false, "patch_204": false, "reject_email_filter": false});
    assert_eq!(r.json(), expected);
    assert_eq!(send(&sb, "GET", "/_sandbox/faults", &[], None).await.json()["fail_status"], 500);
}

#[tokio::test]
async fn invalid_fault_settings_are_400_with_an_error() {
    let sb = sandbox();
    for body in [json!({"fail_status": 404}), json!({"latency": 5}), json!({"latency_ms": -1})] {
        let r = set_faults(&sb, body.clone()).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}");
        assert!(r.json()["error"].as_str().unwrap().len() > 10, "{body}");
    }
    let r = send(&sb, "PUT", "/_sandbox/faults", &[], Some("{")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(send(&sb, "GET", "/_sandbox/faults", &[], None).await.json()["fail_status"], json!(null));
}

#[tokio::test]
async fn injected_503_is_search_index_json_and_clearing_restores_200() {
    let sb = sandbox();
    set_faults(&sb, json!({"fail_status": 503})).await;
    let r = search(&sb, json!({"queryString": "terry"})).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.json()["generalErrors"][0]["code"], "[SearchIndexUnavailable]");
    let r = send(&sb, "GET", &format!("/api/user/{TERRY}"), &[], None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "the key is checked before the fault");
    set_faults(&sb, json!({"fail_status": null})).await;
    assert_eq!(search(&sb, json!({"queryString": "terry"})).await.status, StatusCode::OK);
}

#[tokio::test]
async fn injected_429_has_retry_after_and_500_is_empty() {
    let sb = sandbox();
    set_faults(&sb, json!({"fail_status": 429, "retry_after_s": 7})).await;
    let r = api(&sb, "GET", &format!("/api/user/{TERRY}"), None).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers["retry-after"], "7");
    assert!(r.body.is_empty());
    set_faults(&sb, json!({"fail_status": 500})).await;
    let r = api(&sb, "DELETE", &format!("/api/user/{TERRY}"), None).await;
    assert_eq!((r.status, r.body.len()), (StatusCode::INTERNAL_SERVER_ERROR, 0));
    set_faults(&sb, json!({})).await;
    let r = api(&sb, "GET", &format!("/api/user/{TERRY}"), None).await;
    assert_eq!(r.json()["user"]["active"], true, "the failed DELETE changed nothing");
}

#[tokio::test]
async fn changes_only_faults_spare_reads() {
    let sb = sandbox();
    set_faults(&sb, json!({"fail_status": 500, "changes_only": true})).await;
    assert_eq!(api(&sb, "GET", &format!("/api/user/{TERRY}"), None).await.status, StatusCode::OK);
    assert_eq!(search(&sb, json!({"queryString": "terry"})).await.status, StatusCode::OK);
    let r = api(&sb, "DELETE", &format!("/api/user/{TERRY}"), None).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(api(&sb, "GET", &format!("/api/user/{TERRY}"), None).await.json()["user"]["active"], true);
}

#[tokio::test]
async fn latency_delays_api_responses() {
    let sb = sandbox();
    set_faults(&sb, json!({"latency_ms": 150})).await;
    let started = Instant::now();
    let r = api(&sb, "GET", &format!("/api/user/{TERRY}"), None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(150));
    let started = Instant::now();
    send(&sb, "GET", "/_sandbox/faults", &[], None).await;
    assert!(started.elapsed() < Duration::from_millis(150), "admin endpoints are not delayed");
}

#[tokio::test]
async fn reset_restores_users_and_clears_faults() {
    let sb = sandbox();
    api(&sb, "DELETE", &format!("/api/user/{TERRY}?hardDelete=true"), None).await;
    api(&sb, "DELETE", &format!("/api/jwt/refresh?userId={JOHN}"), None).await;
    set_faults(&sb, json!({"fail_status": 503})).await;
    assert_eq!(sb.user_count(), 122);
    let r = send(&sb, "POST", "/_sandbox/reset", &[], None).await;
    assert_eq!(r.json(), json!({"users": 123}));
    assert_eq!(sb.user_count(), 123);
    assert_eq!(api(&sb, "GET", &format!("/api/user/{TERRY}"), None).await.status, StatusCode::OK);
    let tokens = api(&sb, "GET", &format!("/api/jwt/refresh?userId={JOHN}"), None).await.json();
    assert_eq!(tokens["refreshTokens"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn same_seed_same_json_other_seed_differs() {
    let all = json!({"queryString": "*", "numberOfResults": 500});
    let a = search(&Sandbox::seeded(5, 200, KEY.into()), all.clone()).await.body;
    let b = search(&Sandbox::seeded(5, 200, KEY.into()), all.clone()).await.body;
    let c = search(&Sandbox::seeded(6, 200, KEY.into()), all).await.body;
    assert_eq!(a, b, "byte-identical");
    assert_ne!(a, c);
    assert_eq!(Sandbox::seeded(5, 0, KEY.into()).user_count(), 3);
}

#[tokio::test]
async fn spawn_serves_over_tcp() {
    let addr = lockdesk_sandbox::spawn(sandbox(), "127.0.0.1:0".parse().unwrap()).await.unwrap();
    assert_ne!(addr.port(), 0);
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "GET /api/user?email=terry%40example.com HTTP/1.1\r\nHost: {addr}\r\nAuthorization: {KEY}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut reply = String::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_string(&mut reply)).await.unwrap().unwrap();
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(reply.contains(TERRY));
}
