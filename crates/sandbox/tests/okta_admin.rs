//! Okta and the `/_sandbox` admin: rate-limit headers and a real 429, per-provider faults that
//! leave the other provider alone, Okta-shaped injected failures, reset, the standalone
//! `okta_router` and `spawn_router`.

mod common;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::*;
use lockdesk_sandbox::{Sandbox, OKTA_TEST_PUBLIC_KEY_PEM};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn header(r: &Reply, name: &str) -> u64 {
    r.headers[name].to_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn every_okta_reply_carries_rate_limit_headers() {
    let sb = sandbox();
    let epoch = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let replies = [
        okta(&sb, "GET", &format!("/api/v1/users/{ISAAC}")).await,
        okta(&sb, "GET", "/api/v1/users/nope").await,
        send(&sb, "GET", &format!("/okta/api/v1/users/{ISAAC}"), &[], None).await,
        send(&sb, "POST", "/okta/oauth2/v1/token", &[], Some("")).await,
        okta(&sb, "GET", "/nowhere").await,
    ];
    for (n, r) in replies.iter().enumerate() {
        assert_eq!(header(r, "x-rate-limit-limit"), 6000, "reply {n}");
        assert_eq!(header(r, "x-rate-limit-remaining"), 6000 - 1 - n as u64, "reply {n}");
        let reset = header(r, "x-rate-limit-reset");
        assert!(reset > epoch && reset <= epoch + 61, "reply {n}: {reset}");
    }
    let fa = api(&sb, "GET", &format!("/api/user/{TERRY}"), None).await;
    assert!(fa.headers.get("x-rate-limit-limit").is_none(), "FusionAuth replies are untouched");
}

#[tokio::test]
async fn the_budget_is_enforced_with_a_real_429() {
    let sb = sandbox();
    assert_eq!(provider_faults(&sb, "okta-sandbox", json!({"rate_limit_per_minute": 3})).await.status, StatusCode::OK);
    for left in [2, 1, 0] {
        let r = okta(&sb, "GET", &format!("/api/v1/users/{ISAAC}")).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(header(&r, "x-rate-limit-remaining"), left);
    }
    let r = okta(&sb, "GET", &format!("/api/v1/users/{ISAAC}")).await;
    let body = assert_okta_error(&r, StatusCode::TOO_MANY_REQUESTS, "E0000047");
    assert_eq!(body["errorSummary"], "API call exceeded rate limit due to too many requests.");
    assert_eq!((header(&r, "x-rate-limit-limit"), header(&r, "x-rate-limit-remaining")), (3, 0));
    let r = okta(&sb, "POST", &format!("/api/v1/users/{ISAAC}/lifecycle/suspend")).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        api(&sb, "GET", &format!("/api/user/{TERRY}"), None).await.status,
        StatusCode::OK,
        "FusionAuth is not limited"
    );
    assert_eq!(okta_user_status(&sb).await, StatusCode::TOO_MANY_REQUESTS, "still over budget");
    send(&sb, "POST", "/_sandbox/reset", &[], None).await;
    assert_eq!(
        okta(&sb, "GET", &format!("/api/v1/users/{ISAAC}")).await.json()["status"],
        "ACTIVE",
        "reset: new window"
    );
    let r = provider_faults(&sb, "okta", json!({"rate_limit_per_minute": 0})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

async fn okta_user_status(sb: &Sandbox) -> StatusCode {
    okta(sb, "GET", &format!("/api/v1/users/{ISAAC}")).await.status
}

#[tokio::test]
async fn injected_failures_are_okta_shaped_and_leave_fusionauth_alone() {
    let sb = sandbox();
    provider_faults(&sb, "okta", json!({"fail_status": 503})).await;
    assert_okta_error(&okta(&sb, "GET", "/api/v1/users").await, StatusCode::SERVICE_UNAVAILABLE, "E0000010");
    assert_eq!(api(&sb, "GET", &format!("/api/user/{TERRY}"), None).await.status, StatusCode::OK);
    let r = send(&sb, "GET", &format!("/okta/api/v1/users/{ISAAC}"), &[], None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "credentials are checked before the fault");
    provider_faults(&sb, "okta", json!({"fail_status": 500})).await;
    let r = okta(&sb, "POST", &format!("/api/v1/users/{ISAAC}/lifecycle/suspend")).await;
    assert_okta_error(&r, StatusCode::INTERNAL_SERVER_ERROR, "E0000009");
    provider_faults(&sb, "okta", json!({"fail_status": 429, "retry_after_s": 7})).await;
    let r = okta(&sb, "GET", &format!("/api/v1/users/{ISAAC}")).await;
    assert_okta_error(&r, StatusCode::TOO_MANY_REQUESTS, "E0000047");
    assert_eq!(header(&r, "x-rate-limit-remaining"), 0);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    assert!((now + 6..=now + 8).contains(&header(&r, "x-rate-limit-reset")));
    provider_faults(&sb, "fusionauth", json!({"fail_status": 500})).await;
    provider_faults(&sb, "okta", json!({})).await;
    assert_eq!(okta_user(&sb, ISAAC).await["status"], "ACTIVE", "the failed suspend changed nothing");
    assert_eq!(api(&sb, "GET", &format!("/api/user/{TERRY}"), None).await.status, StatusCode::INTERNAL_SERVER_ERROR);
    let fa = send(&sb, "GET", "/_sandbox/faults/fusionauth-sandbox", &[], None).await.json();
    let expected = json!({"latency_ms": 0, "fail_status": 500, "retry_after_s": 30, "changes_only": false,
        "rate_limit_per_minute": 6000, "fail_after_change": false, "random_fault_percent": 0.0, "random_fault_seed": 1,
        "burst_429": 0});
    assert_eq!(fa, expected);
    let okta_faults = send(&sb, "GET", "/_sandbox/faults/okta", &[], None).await.json();
    assert_eq!(okta_faults["fail_status"], json!(null));
    assert_eq!(okta_faults["transition_ms"], 1000);
}

#[tokio::test]
async fn changes_only_and_latency_apply_to_okta() {
    let sb = sandbox();
    provider_faults(&sb, "okta", json!({"fail_status": 500, "changes_only": true, "latency_ms": 120})).await;
    let started = Instant::now();
    assert_eq!(okta(&sb, "GET", &format!("/api/v1/users/{ISAAC}")).await.status, StatusCode::OK);
    assert!(started.elapsed() < Duration::from_millis(120), "reads are spared");
    let started = Instant::now();
    let r = okta(&sb, "POST", &format!("/api/v1/users/{ISAAC}/lifecycle/suspend")).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(started.elapsed() >= Duration::from_millis(120));
    let started = Instant::now();
    api(&sb, "DELETE", &format!("/api/user/{TERRY}"), None).await;
    assert!(started.elapsed() < Duration::from_millis(120), "FusionAuth has no latency");
}

#[tokio::test]
async fn provider_endpoint_validation() {
    let sb = sandbox();
    for provider in ["nope", "keycloak", "OKTA"] {
        let r = send(&sb, "GET", &format!("/_sandbox/faults/{provider}"), &[], None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert!(r.json()["error"].as_str().unwrap().contains("unknown provider"));
        assert_eq!(provider_faults(&sb, provider, json!({})).await.status, StatusCode::NOT_FOUND);
    }
    let r = provider_faults(&sb, "fusionauth", json!({"transition_ms": 5})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "Okta-only settings are not FusionAuth's");
    let r = provider_faults(&sb, "okta", json!({"transition_ms": 999_999, "latency_ms": 99_999})).await;
    assert_eq!((r.json()["transition_ms"].as_u64(), r.json()["latency_ms"].as_u64()), (Some(60_000), Some(30_000)));
}

#[tokio::test]
async fn the_global_put_sets_every_provider_and_the_old_shape_still_works() {
    let sb = sandbox();
    provider_faults(&sb, "okta", json!({"transition_ms": 0, "rate_limit_per_minute": 50})).await;
    let old = json!({"latency_ms": 0, "fail_status": 503, "retry_after_s": 30, "changes_only": false});
    let r = send(&sb, "PUT", "/_sandbox/faults", &[], Some(&old.to_string())).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["transition_ms"], 1000, "left-out fields take the defaults");
    assert_eq!(okta(&sb, "GET", "/api/v1/users").await.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(search(&sb, json!({"queryString": "terry"})).await.status, StatusCode::SERVICE_UNAVAILABLE);
    let shown = send(&sb, "GET", "/_sandbox/faults", &[], None).await.json();
    assert_eq!(shown["fail_status"], 503);
    assert_eq!(shown["rate_limit_per_minute"], 6000);
}

#[tokio::test]
async fn reset_restores_okta_and_keeps_oauth_clients() {
    let sb = sandbox();
    sb.okta_oauth_client("0oakeep", "kid", OKTA_TEST_PUBLIC_KEY_PEM).unwrap();
    let users = sb.okta_user_count();
    immediate(&sb).await;
    okta(&sb, "DELETE", &format!("/api/v1/users/{DEE}")).await;
    okta(&sb, "POST", &format!("/api/v1/users/{SAM}/lifecycle/unsuspend")).await;
    okta(&sb, "DELETE", &format!("/api/v1/users/{OKTA_TERRY}/sessions")).await;
    provider_faults(&sb, "okta", json!({"fail_status": 500})).await;
    assert_eq!(sb.okta_user_count(), users - 1);
    let r = send(&sb, "POST", "/_sandbox/reset", &[], None).await;
    assert_eq!(r.json(), json!({"users": 123}), "the reply keeps FusionAuth's count");
    assert_eq!(sb.okta_user_count(), users);
    assert_eq!(okta_user(&sb, SAM).await["status"], "SUSPENDED");
    assert_eq!(okta_user(&sb, DEE).await["status"], "DEPROVISIONED");
    assert_eq!(sb.okta_sessions(OKTA_TERRY).unwrap().sessions, 2);
    assert_eq!(send(&sb, "GET", "/_sandbox/faults/okta", &[], None).await.json()["transition_ms"], 1000);
    assert!(sb.okta_oauth_client("0oakeep", "kid", OKTA_TEST_PUBLIC_KEY_PEM).is_ok());
}

#[tokio::test]
async fn okta_seeds_are_deterministic() {
    let all = "/api/v1/users?limit=200&search=id%20sw%20%2200u%22";
    let body = |seed| async move { okta(&Sandbox::seeded(seed, 150, KEY.into()), "GET", all).await.body };
    assert_eq!(body(5).await, body(5).await, "byte-identical");
    assert_ne!(body(5).await, body(6).await);
    assert_eq!(Sandbox::seeded(5, 0, KEY.into()).okta_user_count(), 14);
}

#[tokio::test]
async fn the_standalone_okta_router_serves_okta_and_the_admin_at_the_root() {
    let sb = sandbox();
    let router = || sb.okta_router();
    let r = send_to(router(), "GET", &format!("/api/v1/users/{ISAAC}"), &[("authorization", OKTA_AUTH)], None).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = send_to(router(), "GET", "/_sandbox/faults/okta", &[], None).await;
    assert_eq!(r.json()["rate_limit_per_minute"], 6000);
    let r = send_to(router(), "GET", "/api/user/x", &[("authorization", KEY)], None).await;
    assert_okta_error(&r, StatusCode::NOT_FOUND, "E0000007");

    let addr = lockdesk_sandbox::spawn_router(sb.okta_router(), "127.0.0.1:0".parse().unwrap()).await.unwrap();
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "GET /api/v1/users?limit=2&search=id%20sw%20%2200u%22 HTTP/1.1\r\nHost: {addr}\r\nAuthorization: {OKTA_AUTH}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut reply = String::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_string(&mut reply)).await.unwrap().unwrap();
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(reply.contains(&format!("<http://{addr}/api/v1/users?after=")), "{reply}");
}
