//! DocSpace and the `/_sandbox` admin: the fault-settings JSON, the HTML 502, the rate limit's
//! headers and 429, injected failures, `changes_only`, reset, the standalone routers and the
//! `PROVIDERS` row.

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use serde_json::json;

use super::*;

fn defaults() -> Value {
    json!({"latency_ms": 0, "fail_status": null, "retry_after_s": 30, "changes_only": false,
        "rate_limit_per_minute": 1500, "seat_limit": null, "html_502": false, "fail_after_change": false,
        "random_fault_percent": 0.0, "random_fault_seed": 1, "burst_429": 0})
}

/// A header's text (panics if it is missing).
fn header(reply: &Reply, name: &str) -> String {
    reply.headers[name].to_str().unwrap().to_string()
}

#[tokio::test]
async fn fault_settings_have_the_docspace_shape() {
    let sb = sandbox();
    for name in ["docspace", "docspace-sandbox"] {
        let r = send_to(sb.router(), "GET", &format!("/_sandbox/faults/{name}"), &[], None).await;
        assert_eq!((r.status, r.json()), (StatusCode::OK, defaults()));
    }
    let r = set_faults(&sb, json!({"latency_ms": 99_999, "seat_limit": 3, "rate_limit_per_minute": 10})).await;
    let mut expected = defaults();
    expected["latency_ms"] = json!(30_000);
    expected["seat_limit"] = json!(3);
    expected["rate_limit_per_minute"] = json!(10);
    assert_eq!(r.json(), expected);
    for bad in [
        json!({"rate_limit_per_minute": 0}),
        json!({"seat_limit": -1}),
        json!({"html_502": "yes"}),
        json!({"fail_status": 502}),
        json!({"token_lifetime_s": 60}),
    ] {
        assert_eq!(set_faults(&sb, bad.clone()).await.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    let all = send_to(sb.router(), "GET", "/_sandbox/faults", &[], None).await.json();
    assert_eq!((all["seat_limit"].clone(), all["html_502"].clone()), (json!(3), json!(false)), "{all}");
    let r = send_to(sb.router(), "PUT", "/_sandbox/faults", &[JSON], Some(r#"{"seat_limit": 9}"#)).await;
    assert_eq!(r.status, StatusCode::OK);
    let shown = send_to(sb.router(), "GET", "/_sandbox/faults/docspace", &[], None).await.json();
    assert_eq!((shown["seat_limit"].clone(), shown["rate_limit_per_minute"].clone()), (json!(9), json!(1500)));
}

#[tokio::test]
async fn html_502_answers_the_reverse_proxys_page_to_everything() {
    let sb = sandbox();
    set_faults(&sb, json!({"html_502": true, "changes_only": true})).await;
    let replies = [
        call(&sb, "GET", &format!("/api/2.0/people/{MIKE}"), None).await,
        send(&sb, "GET", &format!("/api/2.0/people/{MIKE}"), &[], None).await,
        set_status(&sb, "2", &[JOHN]).await,
        call(&sb, "GET", "/nowhere", None).await,
    ];
    for r in &replies {
        assert_eq!(r.status, StatusCode::BAD_GATEWAY);
        assert_eq!(r.headers["content-type"], "text/html");
        assert_eq!(String::from_utf8_lossy(&r.body), crate::docspace::rules::BAD_GATEWAY_HTML);
        assert!(r.headers.get("x-ratelimit-limit").is_none());
    }
    assert!(crate::docspace::rules::BAD_GATEWAY_HTML.contains("<title>502 Bad Gateway</title>"));
    assert_eq!(state(&sb, JOHN).status, 1);
    set_faults(&sb, json!({})).await;
    assert_ok(&call(&sb, "GET", &format!("/api/2.0/people/{MIKE}"), None).await);
}

#[tokio::test]
async fn fail_after_change_makes_the_change_then_answers_500() {
    let sb = sandbox();
    set_faults(&sb, json!({"fail_after_change": true})).await;
    let r = set_status(&sb, "2", &[JOHN]).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(state(&sb, JOHN).status, 2, "made all the same");
    assert_ok(&call(&sb, "GET", &format!("/api/2.0/people/{JOHN}"), None).await);
    // A change the rules refuse is refused as always, not turned into a 500.
    let r = set_status(&sb, "2", &[crate::docspace::DOCSPACE_OWNER_ID]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn every_reply_reports_the_budget_and_over_it_is_429() {
    let sb = sandbox();
    set_faults(&sb, json!({"rate_limit_per_minute": 3})).await;
    let mike = format!("/api/2.0/people/{MIKE}");
    let replies = [
        call(&sb, "GET", &mike, None).await,
        send(&sb, "GET", &mike, &[], None).await,
        call(&sb, "GET", "/api/2.0/nowhere", None).await,
    ];
    for (r, remaining) in replies.iter().zip(["2", "1", "0"]) {
        assert_eq!(
            (header(r, "x-ratelimit-limit"), header(r, "x-ratelimit-remaining")),
            ("3".into(), remaining.into())
        );
        let reset: u64 = header(r, "x-ratelimit-reset").parse().unwrap();
        assert!((1..=60).contains(&reset), "{reset}");
    }
    for path in [mike.as_str(), "/elsewhere"] {
        let r = call(&sb, "GET", path, None).await;
        assert_error(&r, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.headers["x-ratelimit-remaining"], "0");
        let retry: u64 = header(&r, "retry-after").parse().unwrap();
        assert!((1..=60).contains(&retry), "{retry}");
    }
    let terry = "/api/user/00000000-0000-0001-0000-000000000000";
    let fa = send_to(sb.router(), "GET", terry, &[("authorization", KEY)], None).await;
    assert_eq!(fa.status, StatusCode::OK, "FusionAuth is not limited");
    set_faults(&sb, json!({})).await;
    let r = call(&sb, "GET", &mike, None).await;
    assert_ok(&r);
    assert_eq!((header(&r, "x-ratelimit-limit"), header(&r, "x-ratelimit-remaining")), ("1500".into(), "1499".into()));
}

#[tokio::test]
async fn injected_failures_are_error_envelopes_and_changes_only_spares_reads() {
    let sb = sandbox();
    let mike = format!("/api/2.0/people/{MIKE}");
    set_faults(&sb, json!({"fail_status": 500})).await;
    assert_error(&call(&sb, "GET", &mike, None).await, StatusCode::INTERNAL_SERVER_ERROR);
    set_faults(&sb, json!({"fail_status": 503})).await;
    assert_error(&call(&sb, "GET", &mike, None).await, StatusCode::SERVICE_UNAVAILABLE);
    assert_error(&send(&sb, "GET", &mike, &[], None).await, StatusCode::UNAUTHORIZED);
    set_faults(&sb, json!({"fail_status": 429, "retry_after_s": 7})).await;
    let r = call(&sb, "GET", &mike, None).await;
    assert_error(&r, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers["retry-after"], "7");

    set_faults(&sb, json!({"fail_status": 500, "changes_only": true, "latency_ms": 120})).await;
    let started = Instant::now();
    assert_ok(&call(&sb, "GET", &mike, None).await);
    assert_ok(&call(&sb, "GET", "/api/2.0/people/filter?filterValue=mike", None).await);
    assert!(started.elapsed() < Duration::from_millis(120), "reads are spared");
    let started = Instant::now();
    assert_error(&set_status(&sb, "2", &[JOHN]).await, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(started.elapsed() >= Duration::from_millis(120));
    let logout = format!("/api/2.0/security/activeconnections/logoutall/{JOHN}");
    assert_error(&call(&sb, "PUT", &logout, None).await, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        state(&sb, JOHN),
        DocSpaceState { exists: true, status: 1, activation_status: 1, sign_outs: 0, status_changes: 0 }
    );
}

#[tokio::test]
async fn reset_restores_people_faults_and_counters() {
    let sb = sandbox();
    let users = sb.docspace_user_count();
    assert_ok(&set_status(&sb, "2", &[JOHN]).await);
    assert_ok(&call(&sb, "DELETE", &format!("/api/2.0/people/{TINA}"), None).await);
    let body = json!({"email": "new@example.com", "firstName": "N", "lastName": "P", "type": 4});
    assert_ok(&call(&sb, "POST", "/api/2.0/people", Some(body)).await);
    set_faults(&sb, json!({"fail_status": 503, "seat_limit": 1})).await;
    let r = send_to(sb.router(), "POST", "/_sandbox/reset", &[], None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(sb.docspace_user_count(), users);
    assert_eq!(
        state(&sb, JOHN),
        DocSpaceState { exists: true, status: 1, activation_status: 1, sign_outs: 0, status_changes: 0 }
    );
    assert!(state(&sb, TINA).exists);
    assert_eq!(sb.docspace_id_by_email("new@example.com"), None);
    assert_eq!(send_to(sb.router(), "GET", "/_sandbox/faults/docspace", &[], None).await.json(), defaults());
}

#[tokio::test]
async fn the_standalone_routers_serve_docspace_at_the_root() {
    let sb = sandbox();
    let mike = format!("/api/2.0/people/{MIKE}");
    for router in [sb.docspace_router(), sb.router_for("docspace").unwrap()] {
        let r = send_to(router.clone(), "GET", &mike, &[("authorization", BEARER)], None).await;
        assert_eq!(assert_ok(&r)["id"], MIKE);
        let r = send_to(router.clone(), "GET", "/_sandbox/faults/docspace", &[], None).await;
        assert_eq!(r.json(), defaults());
        let r = send_to(router, "GET", "/api/user/x", &[("authorization", BEARER)], None).await;
        assert_error(&r, StatusCode::NOT_FOUND);
    }
    let row = crate::PROVIDERS.iter().find(|p| p.name == "docspace").expect("a docspace row");
    assert_eq!((row.mount, row.settings), ("/docspace", &[][..]));
    assert_eq!((crate::DOCSPACE_MIKE_ID, crate::DOCSPACE_OWNER_ID), (MIKE, OLIVIA));
    assert_eq!(Sandbox::seeded(5, 0, KEY.into()).docspace_user_count(), 7);
    assert_eq!(sb.docspace_state("046b6c7f-0b8a-43b9-b35d-6489e6daee92"), None);
    assert_eq!(sb.docspace_state(&MIKE.to_uppercase()).map(|s| s.status), Some(1));
}
