//! `POST /oauth/token` and the bearer check on `/api/v2`: issue, use, expiry, reset, the 401s.

use axum::http::StatusCode;
use serde_json::json;

use super::*;
use crate::codec::base64_encode;
use crate::GENESYS_SANDBOX_CLIENT_ID;

/// `POST /genesys/oauth/token` with these credentials and body.
async fn token(sb: &Sandbox, authorization: &str, body: &str) -> Reply {
    send(sb, "POST", "/oauth/token", &[("authorization", authorization), FORM], Some(body)).await
}

/// A fresh access token (panics unless 200).
async fn issue(sb: &Sandbox) -> (String, u64) {
    let r = token(sb, &basic(GENESYS_SANDBOX_CLIENT_ID, KEY), "grant_type=client_credentials").await;
    assert_eq!(r.status, StatusCode::OK, "{}", String::from_utf8_lossy(&r.body));
    r.correlation();
    let body = r.json();
    assert_eq!(body["token_type"], "bearer");
    (body["access_token"].as_str().unwrap().to_string(), body["expires_in"].as_u64().unwrap())
}

async fn get_john(sb: &Sandbox, authorization: &str) -> Reply {
    send(sb, "GET", &format!("/api/v2/users/{JOHN}"), &[("authorization", authorization)], None).await
}

#[tokio::test]
async fn an_issued_token_works_as_a_bearer_token() {
    let sb = sandbox();
    let (access, expires_in) = issue(&sb).await;
    assert_eq!(expires_in, 86_400);
    assert!(access.len() >= 40 && access != KEY);
    assert_ne!(issue(&sb).await.0, access, "tokens are fresh");
    let r = get_john(&sb, &format!("Bearer {access}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["id"], JOHN);
    assert_eq!(get_john(&sb, &format!("bearer {access}")).await.status, StatusCode::OK, "scheme in any case");
}

#[tokio::test]
async fn issued_tokens_expire_after_the_lifetime_setting() {
    let sb = sandbox();
    assert_eq!(set_faults(&sb, json!({"token_lifetime_s": 0})).await.status, StatusCode::OK);
    let (access, expires_in) = issue(&sb).await;
    assert_eq!(expires_in, 0);
    let r = get_john(&sb, &format!("Bearer {access}")).await;
    let body = assert_error(&r, StatusCode::UNAUTHORIZED, "bad.credentials");
    assert_eq!(body["message"], "Invalid login credentials.");
    set_faults(&sb, json!({"token_lifetime_s": 120})).await;
    let (access, expires_in) = issue(&sb).await;
    assert_eq!(expires_in, 120);
    assert_eq!(get_john(&sb, &format!("Bearer {access}")).await.status, StatusCode::OK);
    send_to(sb.router(), "POST", "/_sandbox/reset", &[], None).await;
    let r = get_john(&sb, &format!("Bearer {access}")).await;
    assert_error(&r, StatusCode::UNAUTHORIZED, "bad.credentials");
}

#[tokio::test]
async fn wrong_clients_and_grants_are_refused() {
    let sb = sandbox();
    for authorization in [
        basic(GENESYS_SANDBOX_CLIENT_ID, "wrong"),
        basic("someone-else", KEY),
        basic(GENESYS_SANDBOX_CLIENT_ID, ""),
        "Basic !!!".to_string(),
        format!("Basic {}", base64_encode(b"no-colon")),
        BEARER.to_string(),
        String::new(),
    ] {
        let r = token(&sb, &authorization, "grant_type=client_credentials").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{authorization}");
        r.correlation();
        assert_eq!(
            r.json(),
            json!({"error": "invalid_client", "description": "client authentication failed",
            "error_description": "client authentication failed"})
        );
    }
    let good = basic(GENESYS_SANDBOX_CLIENT_ID, KEY);
    let r = token(&sb, &good, "grant_type=password&username=x").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["error"], "unsupported_grant_type");
    let r = token(&sb, &good, "").await;
    assert_eq!((r.status, r.json()["error"].clone()), (StatusCode::BAD_REQUEST, json!("invalid_request")));
    let r = send(&sb, "POST", "/oauth/token", &[("authorization", &good), JSON], Some("{}")).await;
    assert_eq!((r.status, r.json()["error"].clone()), (StatusCode::BAD_REQUEST, json!("invalid_request")));
}

#[tokio::test]
async fn the_api_wants_a_bearer_token() {
    let sb = sandbox();
    for authorization in [None, Some("Basic abc"), Some("Bearer "), Some(KEY)] {
        let headers: Vec<(&str, &str)> = authorization.iter().map(|a| ("authorization", *a)).collect();
        let r = send(&sb, "GET", &format!("/api/v2/users/{JOHN}"), &headers, None).await;
        let body = assert_error(&r, StatusCode::UNAUTHORIZED, "authentication.required");
        assert_eq!(body["message"], "No authentication bearer token specified in authorization header.");
    }
    for authorization in ["Bearer wrong", "Bearer genesys-test-key2", "Bearer genesys-test-ke"] {
        let r = get_john(&sb, authorization).await;
        assert_error(&r, StatusCode::UNAUTHORIZED, "bad.credentials");
    }
    let search = json!({"query": [{"type": "EXACT", "fields": ["email"], "value": "john.doe@example.com"}]});
    let r = send(&sb, "POST", "/api/v2/users/search", &[JSON], Some(&search.to_string())).await;
    assert_error(&r, StatusCode::UNAUTHORIZED, "authentication.required");
    let r = send(&sb, "DELETE", &format!("/api/v2/users/{JOHN}"), &[("authorization", "Bearer x")], None).await;
    assert_error(&r, StatusCode::UNAUTHORIZED, "bad.credentials");
    assert_eq!(sb.genesys_state(JOHN), Some(("active".into(), 3)), "nothing changed");
}
