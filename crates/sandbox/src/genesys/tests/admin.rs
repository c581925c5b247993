//! Genesys and the `/_sandbox` admin: the fault-settings JSON, the rate limit's 429, injected
//! failures, the correlation header on every reply, reset, and the standalone routers.

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use serde_json::json;

use super::*;

fn defaults() -> Value {
    json!({"latency_ms": 0, "fail_status": null, "retry_after_s": 30, "changes_only": false,
        "rate_limit_per_minute": 6000, "token_lifetime_s": 86400, "denied_divisions": [],
        "conflict_next_change": false, "fail_after_change": false, "random_fault_percent": 0.0, "random_fault_seed": 1, "burst_429": 0})
}

#[tokio::test]
async fn fault_settings_have_the_genesys_shape() {
    let sb = sandbox();
    for name in ["genesys", "genesys-sandbox"] {
        let r = send_to(sb.router(), "GET", &format!("/_sandbox/faults/{name}"), &[], None).await;
        assert_eq!((r.status, r.json()), (StatusCode::OK, defaults()));
    }
    let r =
        set_faults(&sb, json!({"latency_ms": 99_999, "denied_divisions": ["support"], "token_lifetime_s": 60})).await;
    let mut expected = defaults();
    expected["latency_ms"] = json!(30_000);
    expected["denied_divisions"] = json!(["Support"]);
    expected["token_lifetime_s"] = json!(60);
    assert_eq!(r.json(), expected);
    for bad in [
        json!({"rate_limit_per_minute": 0}),
        json!({"token_lifetime_s": 604_801}),
        json!({"fail_status": 404}),
        json!({"denied_divisions": "Sales"}),
        json!({"transition_ms": 5}),
    ] {
        let r = set_faults(&sb, bad.clone()).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    let all = send_to(sb.router(), "GET", "/_sandbox/faults", &[], None).await.json();
    for key in ["token_lifetime_s", "denied_divisions", "conflict_next_change", "transition_ms"] {
        assert!(all.get(key).is_some(), "{key} in {all}");
    }
    let r = send_to(sb.router(), "PUT", "/_sandbox/faults", &[JSON], Some(r#"{"conflict_next_change": true}"#)).await;
    assert_eq!(r.status, StatusCode::OK);
    let shown = send_to(sb.router(), "GET", "/_sandbox/faults/genesys", &[], None).await.json();
    assert_eq!((shown["conflict_next_change"].clone(), shown["latency_ms"].clone()), (json!(true), json!(0)));
}

#[tokio::test]
async fn the_budget_is_enforced_with_a_429_and_retry_after() {
    let sb = sandbox();
    set_faults(&sb, json!({"rate_limit_per_minute": 3})).await;
    for _ in 0..3 {
        assert_eq!(call(&sb, "GET", &format!("/api/v2/users/{JOHN}"), None).await.status, StatusCode::OK);
    }
    for path in [format!("/api/v2/users/{JOHN}"), "/oauth/token".to_string(), "/nowhere".to_string()] {
        let r = call(&sb, "GET", &path, None).await;
        let body = assert_error(&r, StatusCode::TOO_MANY_REQUESTS, "too.many.requests");
        assert_eq!(body["message"], "Rate limit exceeded the maximum [3] requests within [60] seconds");
        let retry: u64 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((1..=60).contains(&retry), "{retry}");
    }
    let fa =
        send_to(sb.router(), "GET", "/api/user/00000000-0000-0001-0000-000000000000", &[("authorization", KEY)], None);
    assert_eq!(fa.await.status, StatusCode::OK, "FusionAuth is not limited");
    set_faults(&sb, json!({})).await;
    assert_eq!(call(&sb, "GET", &format!("/api/v2/users/{JOHN}"), None).await.status, StatusCode::OK, "new window");
}

#[tokio::test]
async fn injected_failures_are_genesys_error_bodies() {
    let sb = sandbox();
    let john = format!("/api/v2/users/{JOHN}");
    set_faults(&sb, json!({"fail_status": 500})).await;
    assert_error(&call(&sb, "GET", &john, None).await, StatusCode::INTERNAL_SERVER_ERROR, "internal.server.error");
    set_faults(&sb, json!({"fail_status": 503})).await;
    assert_error(&call(&sb, "GET", &john, None).await, StatusCode::SERVICE_UNAVAILABLE, "service.unavailable");
    let r = send(&sb, "GET", &john, &[], None).await;
    assert_error(&r, StatusCode::UNAUTHORIZED, "authentication.required");
    set_faults(&sb, json!({"fail_status": 429, "retry_after_s": 7})).await;
    let r = call(&sb, "GET", &john, None).await;
    assert_error(&r, StatusCode::TOO_MANY_REQUESTS, "too.many.requests");
    assert_eq!(r.headers["retry-after"], "7");

    set_faults(&sb, json!({"fail_status": 500, "changes_only": true, "latency_ms": 120})).await;
    let started = Instant::now();
    assert_eq!(call(&sb, "GET", &john, None).await.status, StatusCode::OK);
    let search = json!({"query": [{"type": "EXACT", "fields": ["email"], "value": "john.doe@example.com"}]});
    assert_eq!(call(&sb, "POST", "/api/v2/users/search", Some(search)).await.status, StatusCode::OK);
    assert!(started.elapsed() < Duration::from_millis(120), "reads are spared");
    let started = Instant::now();
    let r = patch(&sb, JOHN, json!({"version": 3, "state": "inactive"})).await;
    assert_error(&r, StatusCode::INTERNAL_SERVER_ERROR, "internal.server.error");
    assert!(started.elapsed() >= Duration::from_millis(120));
    assert_eq!(sb.genesys_state(JOHN), Some(("active".into(), 3)));
}

#[tokio::test]
async fn every_reply_carries_a_fresh_correlation_id() {
    let sb = sandbox();
    set_faults(&sb, json!({"denied_divisions": ["Sales"]})).await;
    let basic = format!("Basic {}", crate::codec::base64_encode(format!("lockdesk-sandbox:{KEY}").as_bytes()));
    let form = ("content-type", "application/x-www-form-urlencoded");
    let replies = [
        call(&sb, "GET", &format!("/api/v2/users/{JOHN}"), None).await,
        call(&sb, "GET", "/api/v2/users/nope", None).await,
        send(&sb, "GET", &format!("/api/v2/users/{JOHN}"), &[], None).await,
        send(&sb, "POST", "/oauth/token", &[("authorization", &basic), form], Some("grant_type=client_credentials"))
            .await,
        send(&sb, "POST", "/oauth/token", &[form], Some("grant_type=client_credentials")).await,
        call(&sb, "DELETE", &format!("/api/v2/tokens/{JOHN}"), None).await,
        call(&sb, "DELETE", &format!("/api/v2/tokens/{SAM}"), None).await,
        call(&sb, "PUT", &format!("/api/v2/users/{JOHN}"), None).await,
        call(&sb, "GET", "/nowhere", None).await,
    ];
    let ids: std::collections::HashSet<String> = replies.iter().map(Reply::correlation).collect();
    assert_eq!(ids.len(), replies.len(), "fresh every time");
    assert_error(&replies[7], StatusCode::NOT_FOUND, "not.found");
    assert_error(&replies[8], StatusCode::NOT_FOUND, "not.found");
    for r in &replies[..4] {
        assert_eq!(r.headers["content-type"], "application/json");
    }
}

#[tokio::test]
async fn reset_restores_people_faults_tokens_and_counters() {
    let sb = sandbox();
    let users = sb.genesys_user_count();
    call(&sb, "DELETE", &format!("/api/v2/users/{JOHN}"), None).await;
    call(&sb, "DELETE", &format!("/api/v2/tokens/{SAM}"), None).await;
    patch(&sb, DANA, json!({"version": 5, "state": "active"})).await;
    set_faults(&sb, json!({"fail_status": 503, "conflict_next_change": true})).await;
    let r = send_to(sb.router(), "POST", "/_sandbox/reset", &[], None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(sb.genesys_user_count(), users);
    assert_eq!(sb.genesys_state(JOHN), Some(("active".into(), 3)));
    assert_eq!(sb.genesys_state(DANA), Some(("deleted".into(), 5)));
    assert_eq!(sb.genesys_revocations(SAM), 0);
    assert_eq!(send_to(sb.router(), "GET", "/_sandbox/faults/genesys", &[], None).await.json(), defaults());
}

#[tokio::test]
async fn the_standalone_routers_serve_genesys_at_the_root() {
    let sb = sandbox();
    let john = format!("/api/v2/users/{JOHN}");
    for router in [sb.genesys_router(), sb.router_for("genesys").unwrap()] {
        let r = send_to(router.clone(), "GET", &john, &[("authorization", BEARER)], None).await;
        assert_eq!((r.status, r.json()["id"].clone()), (StatusCode::OK, json!(JOHN)));
        let r = send_to(router.clone(), "GET", "/_sandbox/faults/genesys", &[], None).await;
        assert_eq!(r.json(), defaults());
        let r = send_to(router, "GET", "/api/user/x", &[("authorization", KEY)], None).await;
        assert_error(&r, StatusCode::NOT_FOUND, "not.found");
    }
    assert!(crate::PROVIDERS.iter().any(|p| (p.name, p.mount, p.settings) == ("genesys", "/genesys", &[][..])));
    assert_eq!(Sandbox::seeded(5, 0, KEY.into()).genesys_user_count(), 6, "seven named, one deleted");
}
