//! `POST /oauth2/v1/token`: client credentials with a `private_key_jwt` assertion signed by the
//! published test key, the bearer token it yields (and its scopes), and every refusal.

mod common;

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::StatusCode;
use common::*;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use lockdesk_sandbox::{Sandbox, OKTA_TEST_PRIVATE_KEY_PEM, OKTA_TEST_PUBLIC_KEY_PEM};
use serde_json::{json, Value};

const CLIENT: &str = "0oasandboxclient0001";
const KID: &str = "sandbox-test-kid";
const HOST: &str = "okta.test:9000";
const AUD: &str = "http://okta.test:9000/okta/oauth2/v1/token";
const WRONG_KEY: &str = include_str!("../fixtures/okta-wrong-key.pem");
const READ: &str = "okta.users.read";
const MANAGE: &str = "okta.users.manage";

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()
}

/// Valid claims with a fresh `jti`.
fn claims() -> Value {
    static N: AtomicU64 = AtomicU64::new(0);
    let jti = format!("jti-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
    json!({"iss": CLIENT, "sub": CLIENT, "aud": AUD, "exp": now() + 300, "iat": now(), "jti": jti})
}

fn sign_with(claims: &Value, kid: Option<&str>, pem: &str) -> String {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = kid.map(str::to_string);
    encode(&header, claims, &EncodingKey::from_rsa_pem(pem.as_bytes()).unwrap()).unwrap()
}

fn sign(claims: &Value) -> String {
    sign_with(claims, Some(KID), OKTA_TEST_PRIVATE_KEY_PEM)
}

fn registered() -> Sandbox {
    let sb = sandbox();
    sb.okta_oauth_client(CLIENT, KID, OKTA_TEST_PUBLIC_KEY_PEM).unwrap();
    sb
}

fn form(fields: &[(&str, &str)]) -> String {
    let mut f = form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        f.append_pair(k, v);
    }
    f.finish()
}

/// A request with the standard fields, `assertion` and `scope`.
fn request(assertion: &str, scope: &str) -> String {
    form(&[
        ("grant_type", "client_credentials"),
        ("scope", scope),
        ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
        ("client_assertion", assertion),
    ])
}

async fn post(sb: &Sandbox, body: &str) -> Reply {
    let headers = [("host", HOST), ("content-type", "application/x-www-form-urlencoded")];
    send(sb, "POST", "/okta/oauth2/v1/token", &headers, Some(body)).await
}

fn assert_oauth_error(r: &Reply, status: StatusCode, error: &str) {
    assert_eq!(r.status, status, "{}", String::from_utf8_lossy(&r.body));
    let body = r.json();
    assert_eq!(body["error"], error, "{body}");
    assert!(body["error_description"].as_str().is_some_and(|d| !d.is_empty()), "{body}");
}

async fn bearer(sb: &Sandbox, token: &str, method: &str, uri: &str) -> Reply {
    let auth = format!("Bearer {token}");
    send(sb, method, &format!("/okta{uri}"), &[("authorization", auth.as_str())], None).await
}

#[tokio::test]
async fn a_valid_assertion_gets_a_bearer_token_that_works() {
    let sb = registered();
    let r = post(&sb, &request(&sign(&claims()), &format!("{READ} {MANAGE}"))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.headers["cache-control"], "no-store");
    let body = r.json();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(body["scope"], format!("{READ} {MANAGE}"));
    let token = body["access_token"].as_str().unwrap();
    assert!(token.len() >= 32);
    assert_eq!(sb.okta_token_exchanges(), 1);
    assert_eq!(bearer(&sb, token, "GET", &format!("/api/v1/users/{ISAAC}")).await.status, StatusCode::OK);
    let r = bearer(&sb, token, "POST", &format!("/api/v1/users/{ISAAC}/lifecycle/suspend")).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = bearer(&sb, &format!("{token}x"), "GET", &format!("/api/v1/users/{ISAAC}")).await;
    assert_okta_error(&r, StatusCode::UNAUTHORIZED, "E0000011");
}

#[tokio::test]
async fn a_read_scope_token_cannot_change_anything() {
    let sb = registered();
    let r = post(&sb, &request(&sign(&claims()), READ)).await;
    let token = r.json()["access_token"].as_str().unwrap().to_string();
    assert_eq!(bearer(&sb, &token, "GET", "/api/v1/users?limit=5").await.status, StatusCode::OK);
    for (method, uri) in [
        ("POST", format!("/api/v1/users/{ISAAC}/lifecycle/suspend")),
        ("DELETE", format!("/api/v1/users/{ISAAC}")),
        ("DELETE", format!("/api/v1/users/{ISAAC}/sessions")),
    ] {
        let r = bearer(&sb, &token, method, &uri).await;
        let body = assert_okta_error(&r, StatusCode::FORBIDDEN, "E0000006");
        assert_eq!(body["errorSummary"], "You do not have permission to perform the requested action");
    }
    assert_eq!(okta_user(&sb, ISAAC).await["status"], "ACTIVE");
}

#[tokio::test]
async fn bad_assertions_are_401_invalid_client() {
    let sb = registered();
    let with = |f: &dyn Fn(&mut Value)| {
        let mut c = claims();
        f(&mut c);
        c
    };
    let cases: Vec<(&str, String)> = vec![
        ("wrong key", sign_with(&claims(), Some(KID), WRONG_KEY)),
        ("wrong kid", sign_with(&claims(), Some("other-kid"), OKTA_TEST_PRIVATE_KEY_PEM)),
        ("no kid", sign_with(&claims(), None, OKTA_TEST_PRIVATE_KEY_PEM)),
        ("wrong aud", sign(&with(&|c| c["aud"] = json!("http://evil.test/oauth2/v1/token")))),
        ("aud without mount", sign(&with(&|c| c["aud"] = json!("http://okta.test:9000/oauth2/v1/token")))),
        ("expired", sign(&with(&|c| c["exp"] = json!(now() - 5)))),
        ("exp too far", sign(&with(&|c| c["exp"] = json!(now() + 7200)))),
        ("iat in the future", sign(&with(&|c| c["iat"] = json!(now() + 600)))),
        (
            "no jti",
            sign(&with(&|c| {
                c.as_object_mut().unwrap().remove("jti");
            })),
        ),
        ("sub differs", sign(&with(&|c| c["sub"] = json!("someone-else")))),
        (
            "unknown client",
            sign(&with(&|c| {
                c["iss"] = json!("0oaunknown");
                c["sub"] = json!("0oaunknown");
            })),
        ),
        (
            "no exp",
            sign(&with(&|c| {
                c.as_object_mut().unwrap().remove("exp");
            })),
        ),
        ("garbage", "not.a.jwt".into()),
        ("hs256", encode(&Header::new(Algorithm::HS256), &claims(), &EncodingKey::from_secret(b"k")).unwrap()),
    ];
    for (name, assertion) in cases {
        let r = post(&sb, &request(&assertion, READ)).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{name}: {}", String::from_utf8_lossy(&r.body));
        assert_oauth_error(&r, StatusCode::UNAUTHORIZED, "invalid_client");
    }
    assert_eq!(sb.okta_token_exchanges(), 0);
}

#[tokio::test]
async fn a_reused_jti_is_refused() {
    let sb = registered();
    let assertion = sign(&claims());
    assert_eq!(post(&sb, &request(&assertion, READ)).await.status, StatusCode::OK);
    assert_oauth_error(&post(&sb, &request(&assertion, READ)).await, StatusCode::UNAUTHORIZED, "invalid_client");
    assert_eq!(sb.okta_token_exchanges(), 1);
}

#[tokio::test]
async fn malformed_requests_are_400() {
    let sb = registered();
    let ok = sign(&claims());
    let jwt_bearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    let r = post(&sb, &request(&ok, "")).await;
    assert_oauth_error(&r, StatusCode::BAD_REQUEST, "invalid_scope");
    let r = post(&sb, &request(&ok, "okta.groups.manage")).await;
    assert_oauth_error(&r, StatusCode::BAD_REQUEST, "invalid_scope");
    let r = post(&sb, &form(&[("client_assertion_type", jwt_bearer), ("client_assertion", &ok)])).await;
    assert_oauth_error(&r, StatusCode::BAD_REQUEST, "invalid_request");
    let r = post(&sb, &form(&[("grant_type", "password"), ("client_assertion", &ok)])).await;
    assert_oauth_error(&r, StatusCode::BAD_REQUEST, "unsupported_grant_type");
    let r = post(&sb, &form(&[("grant_type", "client_credentials"), ("scope", READ), ("client_assertion", &ok)])).await;
    assert_oauth_error(&r, StatusCode::BAD_REQUEST, "invalid_request");
    let r = post(&sb, &form(&[("grant_type", "client_credentials"), ("grant_type", "client_credentials")])).await;
    assert_oauth_error(&r, StatusCode::BAD_REQUEST, "invalid_request");
    let r = post(&sb, &form(&[("grant_type", "client_credentials"), ("scope", READ)])).await;
    assert_oauth_error(&r, StatusCode::UNAUTHORIZED, "invalid_client");
    assert_eq!(r.json()["error_description"], "No client credentials found");
    let r = post(&sb, "%%%\u{0}&&==").await;
    assert_oauth_error(&r, StatusCode::BAD_REQUEST, "invalid_request");
}

#[tokio::test]
async fn registration_checks_the_key_and_tokens_work_at_the_root_mount() {
    let sb = sandbox();
    assert!(sb.okta_oauth_client(CLIENT, KID, OKTA_TEST_PRIVATE_KEY_PEM).is_err(), "a private key is refused");
    assert!(sb.okta_oauth_client(CLIENT, KID, "-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----\n").is_err());
    assert!(sb.okta_oauth_client("", KID, OKTA_TEST_PUBLIC_KEY_PEM).is_err());
    sb.okta_oauth_client(CLIENT, KID, OKTA_TEST_PUBLIC_KEY_PEM).unwrap();
    let mut c = claims();
    c["aud"] = json!("http://okta.test:9000/oauth2/v1/token");
    let headers = [("host", HOST), ("content-type", "application/x-www-form-urlencoded")];
    let r = send_to(sb.okta_router(), "POST", "/oauth2/v1/token", &headers, Some(&request(&sign(&c), MANAGE))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", String::from_utf8_lossy(&r.body));
    let auth = format!("Bearer {}", r.json()["access_token"].as_str().unwrap());
    let r = send_to(sb.okta_router(), "GET", &format!("/api/v1/users/{FAY}"), &[("authorization", &auth)], None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["_links"]["self"]["href"], format!("http://localhost/api/v1/users/{FAY}"));
}
