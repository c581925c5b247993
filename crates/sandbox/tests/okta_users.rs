//! Okta users: SSWS auth, retrieval by id/login/shortname with `ETag`, the spec's example user,
//! hostile seeds, 404s, DELETE (deactivate, then delete), session revocation and factors.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;

#[tokio::test]
async fn missing_or_wrong_credentials_are_401_e0000011() {
    let sb = sandbox();
    let uri = format!("/okta/api/v1/users/{ISAAC}");
    let wrong = [
        vec![],
        vec![("authorization", KEY)],
        vec![("authorization", "SSWS nope")],
        vec![("authorization", "SSWS sandbox-test-keyX")],
        vec![("authorization", "Bearer sandbox-test-key")],
        vec![("authorization", "SSWSsandbox-test-key")],
    ];
    for headers in wrong {
        let r = send(&sb, "GET", &uri, &headers, None).await;
        let body = assert_okta_error(&r, StatusCode::UNAUTHORIZED, "E0000011");
        assert_eq!(body["errorSummary"], "Invalid token provided");
    }
    let r = send(&sb, "GET", &uri, &[("authorization", "ssws sandbox-test-key")], None).await;
    assert_eq!(r.status, StatusCode::OK, "the scheme is case-insensitive");
    let r = send(&sb, "POST", &format!("{uri}/lifecycle/suspend"), &[], None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(okta_user(&sb, ISAAC).await["status"], "ACTIVE", "nothing changed");
}

#[tokio::test]
async fn isaac_is_the_spec_user_example() {
    let r = okta(&sandbox(), "GET", &format!("/api/v1/users/{ISAAC}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["content-type"], "application/json");
    let u = r.json();
    assert_eq!(u["status"], "ACTIVE");
    assert_eq!(u["created"], "2013-06-24T16:39:18.000Z");
    assert_eq!(u["activated"], "2013-06-24T16:39:19.000Z");
    assert_eq!(u["statusChanged"], "2013-06-24T16:39:19.000Z");
    assert_eq!(u["lastLogin"], "2013-06-24T17:39:19.000Z");
    assert_eq!(u["lastUpdated"], "2013-07-02T21:36:25.344Z");
    assert_eq!(u["passwordChanged"], "2013-07-02T21:36:25.344Z");
    assert_eq!(u["profile"]["login"], "isaac.brock@example.com");
    assert_eq!(u["profile"]["email"], "isaac.brock@example.com");
    assert_eq!(u["profile"]["department"], "Engineering");
    assert_eq!(u["profile"]["zipCode"], "94107");
    assert_eq!(u["credentials"]["password"], json!({}));
    assert_eq!(u["credentials"]["recovery_question"]["question"], "What's my childhood elementary school?");
    assert_eq!(u["credentials"]["provider"], json!({"type": "OKTA", "name": "OKTA"}));
    assert_eq!(u["_links"]["self"]["href"], format!("http://localhost/okta/api/v1/users/{ISAAC}"));
    assert!(u.get("transitioningToStatus").is_none());
}

#[tokio::test]
async fn lookup_by_login_or_shortname_and_etag_changes_with_the_user() {
    let sb = sandbox();
    let by_id = okta(&sb, "GET", &format!("/api/v1/users/{SAM}")).await;
    let by_login = okta(&sb, "GET", "/api/v1/users/Sam.Suspended%40example.com").await;
    let by_short = okta(&sb, "GET", "/api/v1/users/sam.suspended").await;
    for r in [&by_login, &by_short] {
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.json()["id"], SAM);
        assert_eq!(r.headers["etag"], by_id.headers["etag"]);
    }
    let etag = by_id.headers["etag"].to_str().unwrap().to_string();
    assert!(etag.starts_with("W/\"") && etag.ends_with('"'), "{etag}");
    immediate(&sb).await;
    assert_eq!(okta(&sb, "POST", &format!("/api/v1/users/{SAM}/lifecycle/unsuspend")).await.status, StatusCode::OK);
    let after = okta(&sb, "GET", &format!("/api/v1/users/{SAM}")).await;
    assert_eq!(after.json()["status"], "ACTIVE");
    assert_ne!(after.headers["etag"].to_str().unwrap(), etag);
}

#[tokio::test]
async fn unknown_users_paths_and_methods() {
    let sb = sandbox();
    let r = okta(&sb, "GET", "/api/v1/users/00uNOPE").await;
    let body = assert_okta_error(&r, StatusCode::NOT_FOUND, "E0000007");
    assert_eq!(body["errorSummary"], "Not found: Resource not found: 00uNOPE (User)");
    assert_eq!(body["errorCauses"], json!([]));
    let hostile = okta(&sb, "GET", "/api/v1/users/%22%3E%3Cscript%3E").await;
    assert_okta_error(&hostile, StatusCode::NOT_FOUND, "E0000007");
    assert_okta_error(&okta(&sb, "GET", "/api/v1/groups").await, StatusCode::NOT_FOUND, "E0000007");
    assert_okta_error(
        &okta(&sb, "POST", "/api/v1/users/nope/lifecycle/suspend").await,
        StatusCode::NOT_FOUND,
        "E0000007",
    );
    let r = okta(&sb, "PUT", &format!("/api/v1/users/{ISAAC}")).await;
    assert_okta_error(&r, StatusCode::METHOD_NOT_ALLOWED, "E0000022");
    let r = okta(&sb, "DELETE", "/api/v1/users/nope/sessions").await;
    assert_okta_error(&r, StatusCode::NOT_FOUND, "E0000007");
}

#[tokio::test]
async fn hostile_seeds_are_served_as_they_are() {
    let sb = sandbox();
    let odd = okta_user(&sb, ODD).await;
    assert_eq!(odd["lastLogin"], 1_718_000_000_000i64);
    assert_eq!(odd["status"], "ACTIVE");
    assert_eq!(odd["profile"]["nickName"], r#"say "hi" \o/"#);
    let unknown = okta_user(&sb, UNKNOWN).await;
    assert_eq!(unknown["status"], "ACTIVATING");
    let r = okta(&sb, "POST", &format!("/api/v1/users/{UNKNOWN}/lifecycle/activate")).await;
    assert_okta_error(&r, StatusCode::FORBIDDEN, "E0000038");
}

#[tokio::test]
async fn delete_deactivates_first_then_deletes() {
    let sb = sandbox();
    let before = sb.okta_user_count();
    let r = okta(&sb, "DELETE", &format!("/api/v1/users/{OKTA_TERRY}?sendEmail=false")).await;
    assert_eq!((r.status, r.body.len()), (StatusCode::NO_CONTENT, 0));
    let terry = okta_user(&sb, OKTA_TERRY).await;
    assert_eq!(terry["status"], "DEPROVISIONED", "only deactivated");
    assert!(terry.get("transitioningToStatus").is_none());
    assert_eq!(sb.okta_user_count(), before);
    assert_eq!(sb.okta_sessions(OKTA_TERRY).unwrap().sessions, 0, "deactivation ends sessions");
    let r = okta(&sb, "DELETE", &format!("/api/v1/users/{OKTA_TERRY}")).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(sb.okta_user_count(), before - 1);
    assert_okta_error(
        &okta(&sb, "GET", &format!("/api/v1/users/{OKTA_TERRY}")).await,
        StatusCode::NOT_FOUND,
        "E0000007",
    );
    assert_okta_error(
        &okta(&sb, "DELETE", &format!("/api/v1/users/{OKTA_TERRY}")).await,
        StatusCode::NOT_FOUND,
        "E0000007",
    );
    let r = okta(&sb, "DELETE", &format!("/api/v1/users/{DEE}")).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(sb.okta_user_count(), before - 2, "a DEPROVISIONED user goes at once");
    let r = okta(&sb, "DELETE", &format!("/api/v1/users/{SAM}?sendEmail=maybe")).await;
    assert_okta_error(&r, StatusCode::BAD_REQUEST, "E0000001");
}

#[tokio::test]
async fn delete_during_a_transition_is_refused() {
    let sb = sandbox();
    provider_faults(&sb, "okta", json!({"transition_ms": 5000})).await;
    assert_eq!(okta(&sb, "POST", &format!("/api/v1/users/{ISAAC}/lifecycle/deactivate")).await.status, StatusCode::OK);
    let r = okta(&sb, "DELETE", &format!("/api/v1/users/{ISAAC}")).await;
    assert_okta_error(&r, StatusCode::FORBIDDEN, "E0000038");
    assert_eq!(okta_user(&sb, ISAAC).await["transitioningToStatus"], "DEPROVISIONED");
}

#[tokio::test]
async fn revoking_sessions_clears_them_and_oauth_tokens_only_when_asked() {
    let sb = sandbox();
    let before = sb.okta_sessions("terry@example.com").unwrap();
    assert_eq!((before.sessions, before.oauth_tokens), (2, 1));
    let r = okta(&sb, "DELETE", &format!("/api/v1/users/{OKTA_TERRY}/sessions")).await;
    assert_eq!((r.status, r.body.len()), (StatusCode::NO_CONTENT, 0));
    let after = sb.okta_sessions(OKTA_TERRY).unwrap();
    assert_eq!((after.sessions, after.oauth_tokens), (0, 1));
    let r =
        okta(&sb, "DELETE", &format!("/api/v1/users/{OKTA_TERRY}/sessions?oauthTokens=true&forgetDevices=false")).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(sb.okta_sessions(OKTA_TERRY).unwrap().oauth_tokens, 0);
    let r = okta(&sb, "DELETE", &format!("/api/v1/users/{ISAAC}/sessions?oauthTokens=yes")).await;
    assert_okta_error(&r, StatusCode::BAD_REQUEST, "E0000001");
    assert_eq!(sb.okta_sessions(ISAAC).unwrap().sessions, 2, "a refused call changes nothing");
    assert_eq!(okta_user(&sb, OKTA_TERRY).await["status"], "ACTIVE", "sessions are not the status");
}

#[tokio::test]
async fn fay_has_two_factors() {
    let r = okta(&sandbox(), "GET", &format!("/api/v1/users/{FAY}/factors")).await;
    assert_eq!(r.status, StatusCode::OK);
    let factors = r.json();
    let types: Vec<_> = factors.as_array().unwrap().iter().map(|f| f["factorType"].as_str().unwrap()).collect();
    assert_eq!(types, ["token:software:totp", "sms"]);
    assert!(factors.as_array().unwrap().iter().all(|f| f["status"] == "ACTIVE"));
}
