//! Acronis and the `/_sandbox` admin: the fault-settings JSON, injected failures (429 with
//! `Retry-After`), `changes_only`, latency, the 404 and 405, reset, the standalone routers and
//! the `PROVIDERS` row.

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use serde_json::json;

use super::*;
use crate::codec::base64_encode;

fn defaults() -> Value {
    json!({"latency_ms": 0, "fail_status": null, "retry_after_s": 30, "changes_only": false,
        "token_lifetime_s": 7200, "expire_tokens_now": false, "conflict_next_change": false,
        "rate_limit_per_minute": 6000, "fail_after_change": false, "random_fault_percent": 0.0, "random_fault_seed": 1, "burst_429": 0})
}

#[tokio::test]
async fn fault_settings_have_the_acronis_shape() {
    let sb = sandbox();
    for name in ["acronis", "acronis-sandbox"] {
        let r = send_to(sb.router(), "GET", &format!("/_sandbox/faults/{name}"), &[], None).await;
        assert_eq!((r.status, r.json()), (StatusCode::OK, defaults()));
    }
    let r = set_faults(&sb, json!({"latency_ms": 99_999, "token_lifetime_s": 60, "changes_only": true})).await;
    let mut expected = defaults();
    expected["latency_ms"] = json!(30_000);
    expected["token_lifetime_s"] = json!(60);
    expected["changes_only"] = json!(true);
    assert_eq!(r.json(), expected);
    for bad in [
        json!({"token_lifetime_s": 604_801}),
        json!({"fail_status": 404}),
        json!({"expire_tokens_now": "yes"}),
        json!({"rate_limit_per_minute": 0}),
        json!({"denied_divisions": []}),
    ] {
        let r = set_faults(&sb, bad.clone()).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    assert_eq!(set_faults(&sb, json!({"token_lifetime_s": 604_800})).await.status, StatusCode::OK);
    let all = send_to(sb.router(), "GET", "/_sandbox/faults", &[], None).await.json();
    assert_eq!(all["expire_tokens_now"], false, "{all}");
    let r = send_to(sb.router(), "PUT", "/_sandbox/faults", &[JSON], Some(r#"{"conflict_next_change": true}"#)).await;
    assert_eq!(r.status, StatusCode::OK);
    let shown = send_to(sb.router(), "GET", "/_sandbox/faults/acronis", &[], None).await.json();
    assert_eq!((shown["conflict_next_change"].clone(), shown["token_lifetime_s"].clone()), (json!(true), json!(7200)));
}

#[tokio::test]
async fn injected_failures_are_error_schemes() {
    let sb = sandbox();
    let john = format!("/api/2/users/{JOHN}");
    set_faults(&sb, json!({"fail_status": 500})).await;
    assert_error(&call(&sb, "GET", &john, None).await, StatusCode::INTERNAL_SERVER_ERROR, "InternalServerError");
    set_faults(&sb, json!({"fail_status": 503})).await;
    assert_error(&call(&sb, "GET", &john, None).await, StatusCode::SERVICE_UNAVAILABLE, "ServiceUnavailable");
    assert_error(&send(&sb, "GET", &john, &[], None).await, StatusCode::UNAUTHORIZED, "unauthenticated");
    let basic = format!("Basic {}", base64_encode(format!("lockdesk-sandbox:{KEY}").as_bytes()));
    let form = ("content-type", "application/x-www-form-urlencoded");
    let headers = [("authorization", basic.as_str()), form];
    let r = send(&sb, "POST", "/api/2/idp/token", &headers, Some("grant_type=client_credentials")).await;
    assert_eq!(r.status, StatusCode::OK, "the token endpoint is spared");
    set_faults(&sb, json!({"fail_status": 429, "retry_after_s": 7})).await;
    let r = call(&sb, "GET", &john, None).await;
    assert_error(&r, StatusCode::TOO_MANY_REQUESTS, "TooManyRequests");
    assert_eq!(r.headers["retry-after"], "7");

    set_faults(&sb, json!({"fail_status": 500, "changes_only": true, "latency_ms": 120})).await;
    let started = Instant::now();
    assert_eq!(call(&sb, "GET", &john, None).await.status, StatusCode::OK);
    let r = call(&sb, "GET", &format!("/api/2/search?tenant={ROOT}&text=john"), None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(started.elapsed() < Duration::from_millis(120), "reads are spared");
    let started = Instant::now();
    let r = put(&sb, JOHN, json!({"enabled": false, "version": 1})).await;
    assert_error(&r, StatusCode::INTERNAL_SERVER_ERROR, "InternalServerError");
    assert!(started.elapsed() >= Duration::from_millis(120));
    let r = call(&sb, "POST", &format!("/api/2/users/{DEAN}/restore"), None).await;
    assert_error(&r, StatusCode::INTERNAL_SERVER_ERROR, "InternalServerError");
    assert_eq!(state(&sb, JOHN).version, 1);
    assert!(state(&sb, DEAN).deleted);
}

#[tokio::test]
async fn unknown_paths_are_404_and_wrong_methods_405() {
    let sb = sandbox();
    assert_error(&call(&sb, "GET", "/api/2/nowhere", None).await, StatusCode::NOT_FOUND, "NotFound");
    assert_error(&call(&sb, "GET", "/elsewhere", None).await, StatusCode::NOT_FOUND, "NotFound");
    for (method, path) in [("PATCH", format!("/api/2/users/{JOHN}")), ("POST", "/api/2/search".into())] {
        let r = call(&sb, method, &path, None).await;
        assert_error(&r, StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowed");
    }
    let r = send(&sb, "GET", "/api/2/idp/token", &[], None).await;
    assert_error(&r, StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowed");
}

#[tokio::test]
async fn reset_restores_people_faults_tokens_and_counters() {
    let sb = sandbox();
    let users = sb.acronis_user_count();
    set_enabled(&sb, JOHN, false, 1).await;
    call(&sb, "DELETE", &format!("/api/2/users/{JOHN}?version=2"), None).await;
    call(&sb, "POST", &format!("/api/2/users/{DEAN}/restore?enable=true"), None).await;
    set_faults(&sb, json!({"fail_status": 503, "conflict_next_change": true, "token_lifetime_s": 5})).await;
    assert_eq!(sb.acronis_user_count(), users);
    let r = send_to(sb.router(), "POST", "/_sandbox/reset", &[], None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(sb.acronis_user_count(), users);
    assert_eq!(state(&sb, JOHN), AcronisState { enabled: true, activated: true, deleted: false, version: 1 });
    assert_eq!(state(&sb, DEAN), AcronisState { enabled: false, activated: true, deleted: true, version: 9 });
    assert_eq!(send_to(sb.router(), "GET", "/_sandbox/faults/acronis", &[], None).await.json(), defaults());
    assert_eq!(sb.acronis_bearer_uses(), (0, 0));
}

#[tokio::test]
async fn the_standalone_routers_serve_acronis_at_the_root() {
    let sb = sandbox();
    let john = format!("/api/2/users/{JOHN}");
    for router in [sb.acronis_router(), sb.router_for("acronis").unwrap()] {
        let r = send_to(router.clone(), "GET", &john, &[("authorization", BEARER)], None).await;
        assert_eq!((r.status, r.json()["id"].clone()), (StatusCode::OK, json!(JOHN)));
        let r = send_to(router.clone(), "GET", "/_sandbox/faults/acronis", &[], None).await;
        assert_eq!(r.json(), defaults());
        let r = send_to(router, "GET", "/api/v2/users/x", &[("authorization", BEARER)], None).await;
        assert_error(&r, StatusCode::NOT_FOUND, "NotFound");
    }
    let row = crate::PROVIDERS.iter().find(|p| p.name == "acronis").expect("an acronis row");
    assert_eq!((row.mount, row.settings), ("/acronis", &[("tenant", "ede9f834-70b3-476c-83d9-736f9f8c7dae")][..]));
    assert_eq!(crate::ACRONIS_ROOT_TENANT, ROOT);
    assert!(crate::PROVIDERS.iter().filter(|p| p.name != "acronis").all(|p| p.settings.is_empty()));
    let names: Vec<&str> = crate::PROVIDERS.iter().map(|p| p.name).collect();
    assert!(names.windows(2).any(|w| w == ["genesys", "acronis"]), "appended after genesys: {names:?}");
    assert_eq!(Sandbox::seeded(5, 0, KEY.into()).acronis_user_count(), 6, "seven named, one deleted");
}
