//! SCIM and the `/_sandbox` admin: the fault-settings JSON, injected failures, `changes_only` and
//! latency, reset, the standalone router and the `PROVIDERS` row.

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use serde_json::json;

use super::*;

fn defaults() -> Value {
    json!({"latency_ms": 0, "fail_status": null, "retry_after_s": 30, "changes_only": false,
        "no_etags": false, "patch_204": false, "reject_email_filter": false, "conflict_next_change": false,
        "rate_limit_per_minute": 6000, "fail_after_change": false, "random_fault_percent": 0.0, "random_fault_seed": 1, "burst_429": 0})
}

#[tokio::test]
async fn fault_settings_have_the_scim_shape() {
    let sb = sandbox();
    for name in ["scim", "scim-sandbox"] {
        let r = send_to(sb.router(), "GET", &format!("/_sandbox/faults/{name}"), &[], None).await;
        assert_eq!((r.status, r.json()), (StatusCode::OK, defaults()));
    }
    let r = set_faults(&sb, json!({"latency_ms": 99_999, "patch_204": true, "no_etags": true})).await;
    let mut expected = defaults();
    expected["latency_ms"] = json!(30_000);
    expected["patch_204"] = json!(true);
    expected["no_etags"] = json!(true);
    assert_eq!(r.json(), expected);
    for bad in [json!({"no_etags": "yes"}), json!({"fail_status": 502}), json!({"seat_limit": 3}), json!("x")] {
        assert_eq!(set_faults(&sb, bad.clone()).await.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    let all = send_to(sb.router(), "GET", "/_sandbox/faults", &[], None).await.json();
    assert_eq!((all["no_etags"].clone(), all["reject_email_filter"].clone()), (json!(true), json!(false)), "{all}");
    let r = send_to(sb.router(), "PUT", "/_sandbox/faults", &[JSON], Some(r#"{"reject_email_filter": true}"#)).await;
    assert_eq!(r.status, StatusCode::OK);
    let shown = send_to(sb.router(), "GET", "/_sandbox/faults/scim", &[], None).await.json();
    let mut expected = defaults();
    expected["reject_email_filter"] = json!(true);
    assert_eq!(shown, expected, "the whole-sandbox PUT sets every field, left-out ones to defaults");
}

#[tokio::test]
async fn injected_failures_are_scim_errors_and_changes_only_spares_reads() {
    let sb = sandbox();
    let terry = format!("/Users/{TERRY}");
    set_faults(&sb, json!({"fail_status": 500})).await;
    assert_error(&call(&sb, "GET", &terry, None).await, StatusCode::INTERNAL_SERVER_ERROR, None);
    set_faults(&sb, json!({"fail_status": 503})).await;
    assert_error(&call(&sb, "GET", "/Users", None).await, StatusCode::SERVICE_UNAVAILABLE, None);
    assert_error(&send(&sb, "GET", &terry, &[], None).await, StatusCode::UNAUTHORIZED, None);
    set_faults(&sb, json!({"fail_status": 429, "retry_after_s": 7})).await;
    let r = call(&sb, "GET", &terry, None).await;
    assert_error(&r, StatusCode::TOO_MANY_REQUESTS, None);
    assert_eq!(r.headers["retry-after"], "7");

    set_faults(&sb, json!({"fail_status": 500, "changes_only": true, "latency_ms": 120})).await;
    let started = Instant::now();
    assert_resource(&call(&sb, "GET", &terry, None).await, StatusCode::OK);
    list(&sb, "count=1").await;
    assert!(started.elapsed() < Duration::from_millis(120), "reads are spared");
    let started = Instant::now();
    assert_error(&patch_active(&sb, TERRY, false, None).await, StatusCode::INTERNAL_SERVER_ERROR, None);
    assert!(started.elapsed() >= Duration::from_millis(120));
    assert_error(&call(&sb, "DELETE", &terry, None).await, StatusCode::INTERNAL_SERVER_ERROR, None);
    assert_eq!(state(&sb, TERRY), ScimState { exists: true, active: true, version: 1, patches: 0 });
}

#[tokio::test]
async fn reset_restores_users_versions_and_faults() {
    let sb = sandbox();
    let users = sb.scim_user_count();
    assert_resource(&patch_active(&sb, BJENSEN, false, None).await, StatusCode::OK);
    assert_empty(&call(&sb, "DELETE", &format!("/Users/{TERRY}"), None).await, StatusCode::NO_CONTENT);
    assert!(sb.scim_edit(MALLORY));
    set_faults(&sb, json!({"fail_status": 503, "no_etags": true, "conflict_next_change": true})).await;
    let r = send_to(sb.router(), "POST", "/_sandbox/reset", &[], None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(sb.scim_user_count(), users);
    assert_eq!(state(&sb, BJENSEN), ScimState { exists: true, active: true, version: 1, patches: 0 });
    assert!(state(&sb, TERRY).exists);
    assert_eq!(user(&sb, MALLORY).await["title"], "javascript:alert(3)");
    assert_eq!(send_to(sb.router(), "GET", "/_sandbox/faults/scim", &[], None).await.json(), defaults());
}

#[tokio::test]
async fn the_standalone_router_serves_v2_at_the_root() {
    let sb = sandbox();
    let router = sb.router_for("scim").expect("a scim row");
    let r = send_to(router.clone(), "GET", &format!("/v2/Users/{BJENSEN}"), &[("authorization", BEARER)], None).await;
    let babs = assert_resource(&r, StatusCode::OK);
    assert_eq!(babs["meta"]["location"], format!("/v2/Users/{BJENSEN}"));
    let r = send_to(router.clone(), "GET", "/v2/ServiceProviderConfig", &[("authorization", BEARER)], None).await;
    assert_eq!(r.json()["meta"]["location"], "/v2/ServiceProviderConfig");
    let r = send_to(router.clone(), "GET", "/_sandbox/faults/scim", &[], None).await;
    assert_eq!(r.json(), defaults());
    for path in ["/scim/v2/Users", "/api/user/x", "/Users"] {
        let r = send_to(router.clone(), "GET", path, &[("authorization", BEARER)], None).await;
        assert_error(&r, StatusCode::NOT_FOUND, None);
    }
    let row = crate::PROVIDERS.last().expect("rows");
    assert_eq!((row.name, row.mount, row.settings), ("scim", "/scim", &[][..]), "appended last");
    assert_eq!(Sandbox::seeded(5, 0, KEY.into()).scim_user_count(), 5);
    let same = |seed| async move {
        let sb = Sandbox::seeded(seed, 50, KEY.into());
        call(&sb, "GET", "/Users?count=200", None).await.body
    };
    assert_eq!(same(5).await, same(5).await, "byte-identical");
    assert_ne!(same(5).await, same(6).await);
}
