//! `/api/user`, `/api/user/{userId}` and `/api/jwt/refresh`: auth, retrieval, lookups,
//! deactivate/reactivate, hard delete, refresh-token revocation and tenant scoping.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;

#[tokio::test]
async fn wrong_or_missing_key_is_401_with_empty_body() {
    let sb = sandbox();
    let uri = format!("/api/user/{TERRY}");
    for headers in [vec![], vec![("authorization", "nope")], vec![("authorization", "Bearer sandbox-test-key")]] {
        let r = send(&sb, "GET", &uri, &headers, None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.body.is_empty());
    }
    let r = send(&sb, "POST", "/api/user/search", &[], Some("{\"search\":{}}")).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn terry_is_the_tutorial_user() {
    let r = api(&sandbox(), "GET", &format!("/api/user/{TERRY}"), None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["content-type"], "application/json");
    let u = &r.json()["user"];
    assert_eq!(u["fullName"], "Terry Example");
    assert_eq!(u["email"], "terry@example.com");
    assert_eq!(u["username"], "terry@example.com");
    assert_eq!(u["tenantId"], TERRY_TENANT);
    assert_eq!(u["birthDate"], "1980-01-01");
    assert_eq!(u["mobilePhone"], "4245555555");
    assert_eq!(u["insertInstant"], 1570120644496i64);
    assert_eq!(u["lastLoginInstant"], 1570201693585i64);
    assert_eq!(u["passwordLastUpdateInstant"], 1570200258584i64);
    assert_eq!(u["preferredLanguages"], json!(["en"]));
    assert_eq!(u["active"], true);
    let reg = &u["registrations"][0];
    assert_eq!(reg["id"], "d449fca4-1a75-4967-ab19-5a55f8fe9507");
    assert_eq!(reg["applicationId"], "55e36f88-f3ba-4423-8b70-80232c7de8ad");
    assert_eq!(reg["insertInstant"], 1570145686702i64);
    // Obsolete tutorial fields are gone and absent values are omitted, never null.
    for key in ["twoFactorEnabled", "twoFactorDelivery", "lastUpdateInstant", "timezone"] {
        assert!(u.get(key).is_none(), "{key} present");
    }
}

#[tokio::test]
async fn john_is_the_docs_example() {
    let r = api(&sandbox(), "GET", &format!("/api/user/{JOHN}"), None).await;
    let u = &r.json()["user"];
    assert_eq!(u["username"], "johnny123");
    assert_eq!(u["lastLoginInstant"], 1471786483322i64);
    assert_eq!(u["tenantId"], "f24aca2b-ce4a-4dad-951a-c9d690e71415");
    assert_eq!(u["registrations"][0]["roles"], json!(["user", "community_helper"]));
}

#[tokio::test]
async fn unknown_paths_ids_and_methods_are_404_with_empty_body() {
    let sb = sandbox();
    for (method, uri) in [
        ("GET", "/api/user/4e0f2af0-33a2-4001-8631-000000000000"),
        ("GET", "/api/user/not-a-uuid"),
        ("GET", "/api/user/search"),
        ("POST", &format!("/api/user/{TERRY}")),
        ("GET", "/api/application"),
        ("DELETE", "/api/user/4e0f2af0-33a2-4001-8631-000000000000"),
    ] {
        let r = api(&sb, method, uri, None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{method} {uri}");
        assert!(r.body.is_empty(), "{method} {uri}");
    }
}

#[tokio::test]
async fn lookup_by_email_username_and_login_id() {
    let sb = sandbox();
    for q in ["email=TERRY%40Example.COM", "username=Terry%40example.com", "loginId=terry%40example.com"] {
        let r = api(&sb, "GET", &format!("/api/user?{q}"), None).await;
        assert_eq!(r.status, StatusCode::OK, "{q}");
        assert_eq!(r.json()["user"]["id"], TERRY);
    }
    let r = api(&sb, "GET", "/api/user?loginId=johnny123", None).await;
    assert_eq!(r.json()["user"]["id"], JOHN);
    let r = api(&sb, "GET", "/api/user?email=nobody%40example.com", None).await;
    assert_eq!((r.status, r.body.len()), (StatusCode::NOT_FOUND, 0));
    let r = api(&sb, "GET", "/api/user", None).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.json()["generalErrors"][0]["code"].is_string());
}

#[tokio::test]
async fn deactivate_then_reactivate() {
    let sb = sandbox();
    let uri = format!("/api/user/{TERRY}");
    let r = api(&sb, "DELETE", &uri, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.is_empty() && r.headers.get("content-type").is_none());
    let u = api(&sb, "GET", &uri, None).await.json();
    assert_eq!(u["user"]["active"], false);
    assert!(u["user"]["lastUpdateInstant"].as_i64().unwrap() > 1570201693585);
    let found = search(&sb, json!({"queryString": "terry"})).await.json();
    assert_eq!(found["users"][0]["active"], false, "search still returns deactivated users");
    assert_eq!(sb.user_count(), 123);

    let r = api(&sb, "PUT", &format!("{uri}?reactivate=true"), None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["user"]["active"], true);
    assert_eq!(api(&sb, "GET", &uri, None).await.json()["user"]["active"], true);
}

#[tokio::test]
async fn put_without_reactivate_is_400_and_reactivating_unknown_is_404() {
    let sb = sandbox();
    let r = api(&sb, "PUT", &format!("/api/user/{TERRY}"), Some("{\"user\":{}}")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.json()["generalErrors"][0]["message"].as_str().unwrap().contains("profile updates"));
    let r = api(&sb, "PUT", "/api/user/4e0f2af0-33a2-4001-8631-000000000000?reactivate=true", None).await;
    assert_eq!((r.status, r.body.len()), (StatusCode::NOT_FOUND, 0));
}

#[tokio::test]
async fn hard_delete_by_query_removes_the_user() {
    let sb = sandbox();
    let uri = format!("/api/user/{TERRY}");
    let r = api(&sb, "DELETE", &format!("{uri}?hardDelete=true"), None).await;
    assert_eq!((r.status, r.body.len()), (StatusCode::OK, 0));
    assert_eq!(api(&sb, "GET", &uri, None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(search(&sb, json!({"queryString": "terry"})).await.json()["total"], 0);
    assert_eq!(sb.user_count(), 122);
    assert_eq!(api(&sb, "DELETE", &format!("{uri}?hardDelete=true"), None).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn hard_delete_by_json_body_and_bad_body() {
    let sb = sandbox();
    let uri = format!("/api/user/{JOHN}");
    let r = api(&sb, "DELETE", &uri, Some("{\"hardDelete\":")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["generalErrors"][0]["code"], "[invalidJSON]");
    let r = api(&sb, "DELETE", &uri, Some("{\"hardDelete\":true}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(api(&sb, "GET", &uri, None).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn revoking_refresh_tokens_empties_the_list() {
    let sb = sandbox();
    let uri = format!("/api/jwt/refresh?userId={TERRY}");
    let before = api(&sb, "GET", &uri, None).await.json();
    let tokens = before["refreshTokens"].as_array().unwrap();
    assert!(!tokens.is_empty());
    assert!(tokens.iter().all(|t| t["userId"] == TERRY && t["applicationId"].is_string()));
    let r = api(&sb, "DELETE", &uri, None).await;
    assert_eq!((r.status, r.body.len()), (StatusCode::OK, 0));
    assert_eq!(api(&sb, "GET", &uri, None).await.json(), json!({"refreshTokens": []}));
    // John's tokens are untouched.
    let john = api(&sb, "GET", &format!("/api/jwt/refresh?userId={JOHN}"), None).await.json();
    assert_eq!(john["refreshTokens"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn refresh_tokens_need_a_known_user_id() {
    let sb = sandbox();
    let r = api(&sb, "DELETE", "/api/jwt/refresh", None).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["fieldErrors"][0]["code"], "[missing]userId");
    let r = api(&sb, "DELETE", "/api/jwt/refresh?userId=4e0f2af0-33a2-4001-8631-000000000000", None).await;
    assert_eq!((r.status, r.body.len()), (StatusCode::NOT_FOUND, 0));
    let r = api(&sb, "GET", "/api/jwt/refresh?userId=x", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn tenant_header_scopes_requests() {
    let sb = sandbox();
    let scoped = [("authorization", KEY), ("x-fusionauth-tenantid", TERRY_TENANT)];
    let r = send(&sb, "GET", &format!("/api/user/{JOHN}"), &scoped, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "John lives in another tenant");
    let r = send(&sb, "GET", &format!("/api/user/{TERRY}"), &scoped, None).await;
    assert_eq!(r.status, StatusCode::OK);
    let body = json!({"search": {"queryString": "*", "numberOfResults": 500}}).to_string();
    let r = send(&sb, "POST", "/api/user/search", &scoped, Some(&body)).await;
    assert_eq!(r.json()["total"], 122);
    let bad = [("authorization", KEY), ("x-fusionauth-tenantid", "acme")];
    assert_eq!(send(&sb, "GET", &format!("/api/user/{TERRY}"), &bad, None).await.status, StatusCode::BAD_REQUEST);
}
