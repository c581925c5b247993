//! `POST /api/2/idp/token` and the bearer check on `/api/2`: issue, use, expiry, the
//! `expire_tokens_now` switch, reset, the counters and the 401s.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::StatusCode;
use serde_json::json;

use super::*;
use crate::codec::base64_encode;
use crate::ACRONIS_SANDBOX_CLIENT_ID;

/// `POST /acronis/api/2/idp/token` with these credentials and body.
async fn token(sb: &Sandbox, authorization: &str, body: &str) -> Reply {
    send(sb, "POST", "/api/2/idp/token", &[("authorization", authorization), FORM], Some(body)).await
}

/// A fresh access token and its `expires_in` (panics unless 200).
async fn issue(sb: &Sandbox) -> (String, u64) {
    let r = token(sb, &basic(ACRONIS_SANDBOX_CLIENT_ID, KEY), "grant_type=client_credentials").await;
    assert_eq!(r.status, StatusCode::OK, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.headers["cache-control"], "no-store");
    assert_eq!(r.headers["content-type"], "application/json");
    let body = r.json();
    assert_eq!(body["token_type"], "bearer");
    let expires_in = body["expires_in"].as_u64().unwrap();
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
    let expires_on = body["expires_on"].as_u64().unwrap();
    assert!((now + expires_in).abs_diff(expires_on) <= 5, "{body}");
    assert_eq!(body.as_object().unwrap().len(), 4, "{body}");
    (body["access_token"].as_str().unwrap().to_string(), expires_in)
}

async fn get_john(sb: &Sandbox, authorization: &str) -> Reply {
    send(sb, "GET", &format!("/api/2/users/{JOHN}"), &[("authorization", authorization)], None).await
}

#[tokio::test]
async fn an_issued_token_works_and_is_counted() {
    let sb = sandbox();
    let (access, expires_in) = issue(&sb).await;
    assert_eq!(expires_in, 7200, "two hours");
    assert!(access.len() >= 40 && access != KEY);
    assert_ne!(issue(&sb).await.0, access, "tokens are fresh");
    assert_eq!(sb.acronis_token_exchanges(), 2);
    let r = get_john(&sb, &format!("Bearer {access}")).await;
    assert_eq!((r.status, r.json()["id"].clone()), (StatusCode::OK, json!(JOHN)));
    assert_eq!(get_john(&sb, &format!("bearer {access}")).await.status, StatusCode::OK, "scheme in any case");
    assert_eq!(get_john(&sb, BEARER).await.status, StatusCode::OK);
    assert_eq!(sb.acronis_bearer_uses(), (1, 2));
}

#[tokio::test]
async fn tokens_expire_after_the_lifetime_and_at_once_on_the_switch() {
    let sb = sandbox();
    assert_eq!(set_faults(&sb, json!({"token_lifetime_s": 0})).await.status, StatusCode::OK);
    let (access, expires_in) = issue(&sb).await;
    assert_eq!(expires_in, 0);
    let r = get_john(&sb, &format!("Bearer {access}")).await;
    assert_eq!(
        assert_error(&r, StatusCode::UNAUTHORIZED, "unauthenticated")["message"],
        "Access token is missing or invalid"
    );

    set_faults(&sb, json!({})).await;
    let (old, _) = issue(&sb).await;
    assert_eq!(get_john(&sb, &format!("Bearer {old}")).await.status, StatusCode::OK);
    let r = set_faults(&sb, json!({"expire_tokens_now": true})).await;
    assert_eq!((r.status, r.json()["expire_tokens_now"].clone()), (StatusCode::OK, json!(true)), "it fired");
    let shown = send_to(sb.router(), "GET", "/_sandbox/faults/acronis", &[], None).await.json();
    assert_eq!(shown["expire_tokens_now"], false, "one-shot: off again");
    assert_error(&get_john(&sb, &format!("Bearer {old}")).await, StatusCode::UNAUTHORIZED, "unauthenticated");
    let (new, _) = issue(&sb).await;
    assert_eq!(get_john(&sb, &format!("Bearer {new}")).await.status, StatusCode::OK, "new tokens work");
    assert_eq!(get_john(&sb, BEARER).await.status, StatusCode::OK, "the API key itself is not a token");

    send_to(sb.router(), "POST", "/_sandbox/reset", &[], None).await;
    assert_error(&get_john(&sb, &format!("Bearer {new}")).await, StatusCode::UNAUTHORIZED, "unauthenticated");
    assert_eq!((sb.acronis_token_exchanges(), sb.acronis_bearer_uses()), (0, (0, 0)), "counters cleared");
}

#[tokio::test]
async fn wrong_clients_and_grants_are_refused() {
    let sb = sandbox();
    for authorization in [
        basic(ACRONIS_SANDBOX_CLIENT_ID, "wrong"),
        basic("someone-else", KEY),
        basic(ACRONIS_SANDBOX_CLIENT_ID, ""),
        "Basic !!!".to_string(),
        format!("Basic {}", base64_encode(b"no-colon")),
        BEARER.to_string(),
        String::new(),
    ] {
        let r = token(&sb, &authorization, "grant_type=client_credentials").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{authorization}");
        assert_eq!(r.json(), json!({"error": "invalid_client", "error_description": "client authentication failed"}));
    }
    let good = basic(ACRONIS_SANDBOX_CLIENT_ID, KEY);
    let r = token(&sb, &good, "grant_type=password&username=x").await;
    assert_eq!((r.status, r.json()["error"].clone()), (StatusCode::BAD_REQUEST, json!("unsupported_grant_type")));
    let r = token(&sb, &good, "").await;
    assert_eq!((r.status, r.json()["error"].clone()), (StatusCode::BAD_REQUEST, json!("invalid_request")));
    let r = send(&sb, "POST", "/api/2/idp/token", &[("authorization", &good), JSON], Some("{}")).await;
    assert_eq!((r.status, r.json()["error"].clone()), (StatusCode::BAD_REQUEST, json!("invalid_request")));
    assert_eq!(sb.acronis_token_exchanges(), 0);
}

#[tokio::test]
async fn the_api_wants_a_bearer_token() {
    let sb = sandbox();
    for authorization in
        [None, Some("Basic abc"), Some("Bearer "), Some(KEY), Some("Bearer wrong"), Some("Bearer acronis-test-ke")]
    {
        let headers: Vec<(&str, &str)> = authorization.iter().map(|a| ("authorization", *a)).collect();
        let r = send(&sb, "GET", &format!("/api/2/users/{JOHN}"), &headers, None).await;
        let error = assert_error(&r, StatusCode::UNAUTHORIZED, "unauthenticated");
        assert_eq!(error["message"], "Access token is missing or invalid");
    }
    let r = send(&sb, "GET", &format!("/api/2/search?tenant={ROOT}&text=john"), &[], None).await;
    assert_error(&r, StatusCode::UNAUTHORIZED, "unauthenticated");
    let r =
        send(&sb, "DELETE", &format!("/api/2/users/{DORA}?version=4"), &[("authorization", "Bearer x")], None).await;
    assert_error(&r, StatusCode::UNAUTHORIZED, "unauthenticated");
    let r = send(&sb, "GET", "/api/2/nowhere", &[], None).await;
    assert_error(&r, StatusCode::UNAUTHORIZED, "unauthenticated");
    assert_eq!(state(&sb, DORA), AcronisState { enabled: false, activated: true, deleted: false, version: 4 });
    assert_eq!(sb.acronis_bearer_uses(), (0, 0));
}
