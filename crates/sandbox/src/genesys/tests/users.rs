//! One person: GET (plain, `?state=deleted`), PATCH (versions, restore, 415, 400s), soft DELETE,
//! token revocation, denied divisions and the conflict switch.

use axum::http::StatusCode;
use serde_json::json;

use super::*;

#[tokio::test]
async fn get_returns_the_genesys_user_shape() {
    let sb = sandbox();
    let john = user(&sb, JOHN).await;
    let expected = json!({
        "id": JOHN, "name": "John Doe",
        "division": {"id": "5f2a8c1e-3b7d-4e9a-8c2f-1d6b4a9e0c11", "name": "Home",
            "selfUri": "/api/v2/authorization/divisions/5f2a8c1e-3b7d-4e9a-8c2f-1d6b4a9e0c11"},
        "email": "john.doe@example.com", "state": "active", "version": 3, "username": "john.doe@example.com",
        "department": "Sales", "title": "Sales Representative",
        "manager": {"id": IRENE, "name": "Irene Adler", "version": 7},
        "dateLastLogin": "2026-11-28T09:15:00.000Z",
        "primaryContactInfo": [{"address": "john.doe@example.com", "mediaType": "EMAIL", "type": "PRIMARY"}],
        "addresses": []
    });
    assert_eq!(john, expected);
    let una = user(&sb, UNA).await;
    assert_eq!(una["state"], "suspended");
    for absent in ["department", "title", "manager", "dateLastLogin"] {
        assert!(una.get(absent).is_none(), "{absent} omitted");
    }
    let mallory = user(&sb, MALLORY).await;
    assert_eq!(mallory["name"], "<img src=x onerror=alert(1)> Mallory");
    assert_eq!(mallory["title"], "<script>alert(1)</script>");
    assert_eq!(mallory["department"], r#""}]);alert(1)//"#);
    assert_eq!(user(&sb, IRENE).await["state"], "inactive");
    assert_eq!(user(&sb, &JOHN.to_uppercase()).await["id"], JOHN);
}

#[tokio::test]
async fn deleted_people_are_found_only_with_state_deleted() {
    let sb = sandbox();
    let get = |path: String| {
        let sb = sb.clone();
        async move { call(&sb, "GET", &path, None).await }
    };
    let body = assert_error(&get(format!("/api/v2/users/{DANA}")).await, StatusCode::NOT_FOUND, "not.found");
    assert_eq!(body["message"], "The requested user could not be found.");
    let dana = get(format!("/api/v2/users/{DANA}?state=deleted")).await;
    assert_eq!((dana.status, dana.json()["state"].clone()), (StatusCode::OK, json!("deleted")));
    assert_error(&get(format!("/api/v2/users/{JOHN}?state=deleted")).await, StatusCode::NOT_FOUND, "not.found");
    assert_eq!(get(format!("/api/v2/users/{JOHN}?state=active")).await.status, StatusCode::OK);
    assert_eq!(get(format!("/api/v2/users/{UNA}?state=active")).await.status, StatusCode::OK);
    for bad in ["?state=inactive", "?state=ACTIVE", "?expand=groups", "?state=active&x=1"] {
        assert_error(&get(format!("/api/v2/users/{JOHN}{bad}")).await, StatusCode::BAD_REQUEST, "invalid.value");
    }
    for missing in ["not-a-uuid", "12345678-1234-1234-1234-123456789abd", "%2e%2e"] {
        assert_error(&get(format!("/api/v2/users/{missing}")).await, StatusCode::NOT_FOUND, "not.found");
    }
}

#[tokio::test]
async fn patch_checks_the_version_and_increments_it() {
    let sb = sandbox();
    let r = patch(&sb, JOHN, json!({"version": 2, "state": "inactive"})).await;
    let body = assert_error(&r, StatusCode::CONFLICT, "general.conflict");
    assert_eq!(body["message"], "The version supplied does not match the current version of the user");
    let r = patch(&sb, JOHN, json!({"version": 3, "state": "inactive"})).await;
    assert_eq!(r.status, StatusCode::OK);
    r.correlation();
    assert_eq!((r.json()["state"].clone(), r.json()["version"].clone()), (json!("inactive"), json!(4)));
    assert_eq!(user(&sb, JOHN).await["version"], 4);
    assert_error(
        &patch(&sb, JOHN, json!({"version": 3, "state": "active"})).await,
        StatusCode::CONFLICT,
        "general.conflict",
    );
    let r = patch(&sb, JOHN, json!({"version": 4, "state": "inactive"})).await;
    assert_eq!(r.json()["version"], 5, "the same state is accepted and still counts");
    assert_eq!(sb.genesys_state(JOHN), Some(("inactive".into(), 5)));
}

#[tokio::test]
async fn patch_refuses_bad_bodies() {
    let sb = sandbox();
    let path = format!("/api/v2/users/{JOHN}");
    let body = json!({"version": 3, "state": "inactive"}).to_string();
    for headers in [vec![("authorization", BEARER)], vec![("authorization", BEARER), ("content-type", "text/plain")]] {
        let r = send(&sb, "PATCH", &path, &headers, Some(&body)).await;
        assert_error(&r, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported.media.type");
    }
    let charset = [("authorization", BEARER), ("content-type", "application/json; charset=UTF-8")];
    assert_eq!(send(&sb, "PATCH", &path, &charset, Some(&body)).await.status, StatusCode::OK);
    let r = patch(&sb, JOHN, json!({"state": "active"})).await;
    assert_eq!(assert_error(&r, StatusCode::BAD_REQUEST, "bad.request")["message"], "version is required");
    for bad in [json!({"version": 4, "name": "X"}), json!([1]), json!({"version": "4"})] {
        assert_error(&patch(&sb, JOHN, bad).await, StatusCode::BAD_REQUEST, "bad.request");
    }
    for bad in [json!({"version": 4, "state": "deleted"}), json!({"version": 4, "state": "gone"})] {
        assert_error(&patch(&sb, JOHN, bad).await, StatusCode::BAD_REQUEST, "invalid.value");
    }
    let r = patch(&sb, "77777777-7777-4777-8777-777777777777", json!({"version": 1, "state": "active"})).await;
    assert_error(&r, StatusCode::NOT_FOUND, "not.found");
    assert_error(
        &patch(&sb, UNA, json!({"version": 1, "state": "active"})).await,
        StatusCode::BAD_REQUEST,
        "invalid.value",
    );
    assert_eq!(sb.genesys_state(JOHN), Some(("inactive".into(), 4)), "only the one good PATCH applied");
}

#[tokio::test]
async fn a_deleted_person_can_be_restored_to_active_only() {
    let sb = sandbox();
    let users = sb.genesys_user_count();
    assert_error(
        &patch(&sb, DANA, json!({"version": 5, "state": "inactive"})).await,
        StatusCode::BAD_REQUEST,
        "invalid.value",
    );
    assert_error(&patch(&sb, DANA, json!({"version": 5})).await, StatusCode::BAD_REQUEST, "invalid.value");
    assert_error(
        &patch(&sb, DANA, json!({"version": 4, "state": "active"})).await,
        StatusCode::CONFLICT,
        "general.conflict",
    );
    let r = patch(&sb, DANA, json!({"version": 5, "state": "active"})).await;
    assert_eq!((r.status, r.json()["version"].clone()), (StatusCode::OK, json!(6)));
    assert_eq!(user(&sb, DANA).await["state"], "active");
    assert_eq!(sb.genesys_user_count(), users + 1);
}

#[tokio::test]
async fn delete_is_a_soft_delete() {
    let sb = sandbox();
    let users = sb.genesys_user_count();
    let r = call(&sb, "DELETE", &format!("/api/v2/users/{JOHN}"), None).await;
    assert_eq!((r.status, r.json()), (StatusCode::OK, json!({})));
    r.correlation();
    assert_eq!(sb.genesys_state(JOHN), Some(("deleted".into(), 4)));
    assert_eq!(sb.genesys_user_count(), users - 1);
    let again = call(&sb, "GET", &format!("/api/v2/users/{JOHN}?state=deleted"), None).await;
    assert_eq!(again.json()["version"], 4);
    for id in [JOHN, DANA, "77777777-7777-4777-8777-777777777777", "nope"] {
        assert_error(
            &call(&sb, "DELETE", &format!("/api/v2/users/{id}"), None).await,
            StatusCode::NOT_FOUND,
            "not.found",
        );
    }
    assert_error(
        &call(&sb, "DELETE", &format!("/api/v2/users/{UNA}"), None).await,
        StatusCode::BAD_REQUEST,
        "invalid.value",
    );
}

#[tokio::test]
async fn token_revocation_is_counted() {
    let sb = sandbox();
    for n in 1..=2 {
        let r = call(&sb, "DELETE", &format!("/api/v2/tokens/{JOHN}"), None).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        assert!(r.body.is_empty());
        r.correlation();
        assert_eq!(sb.genesys_revocations(JOHN), n);
    }
    assert_eq!(sb.genesys_revocations(IRENE), 0);
    assert_eq!(sb.genesys_revocations("nope"), 0);
    for id in [DANA, "77777777-7777-4777-8777-777777777777"] {
        assert_error(
            &call(&sb, "DELETE", &format!("/api/v2/tokens/{id}"), None).await,
            StatusCode::NOT_FOUND,
            "not.found",
        );
    }
    assert_eq!(sb.genesys_state(JOHN), Some(("active".into(), 3)), "revocation does not change the user");
}

#[tokio::test]
async fn denied_divisions_answer_missing_permissions() {
    let sb = sandbox();
    let r = set_faults(&sb, json!({"denied_divisions": ["sales", "Sales"]})).await;
    assert_eq!(r.json()["denied_divisions"], json!(["Sales"]));
    let r = patch(&sb, SAM, json!({"version": 1, "state": "inactive"})).await;
    let body = assert_error(&r, StatusCode::FORBIDDEN, "missing.permissions");
    assert_eq!(body["message"], "You are missing the following permission(s): directory:user:edit in division Sales");
    assert_eq!(body["messageParams"], json!({"permission": "directory:user:edit", "division": "Sales"}));
    assert!(body["messageWithParams"].as_str().unwrap().contains("{permission}"));
    let r = call(&sb, "DELETE", &format!("/api/v2/users/{SAM}"), None).await;
    let body = assert_error(&r, StatusCode::FORBIDDEN, "missing.permissions");
    assert_eq!(body["messageParams"]["permission"], "directory:user:delete");
    let r = call(&sb, "DELETE", &format!("/api/v2/tokens/{SAM}"), None).await;
    let body = assert_error(&r, StatusCode::FORBIDDEN, "missing.permissions");
    assert_eq!(body["message"], "You are missing the following permission(s): oauth:token:delete in division Sales");
    assert_eq!((sb.genesys_state(SAM), sb.genesys_revocations(SAM)), (Some(("active".into(), 1)), 0));
    assert_eq!(user(&sb, SAM).await["division"]["name"], "Sales", "reads are allowed");
    assert_eq!(patch(&sb, JOHN, json!({"version": 3, "state": "active"})).await.status, StatusCode::OK);
    let r = set_faults(&sb, json!({"denied_divisions": ["Marketing"]})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.json()["error"].as_str().unwrap().contains("Marketing"));
}

#[tokio::test]
async fn the_conflict_switch_fires_once() {
    let sb = sandbox();
    set_faults(&sb, json!({"conflict_next_change": true})).await;
    let r = patch(&sb, JOHN, json!({"version": 3, "state": "inactive"})).await;
    assert_error(&r, StatusCode::CONFLICT, "general.conflict");
    let john = user(&sb, JOHN).await;
    assert_eq!((john["version"].clone(), john["department"].clone()), (json!(4), json!("Edited elsewhere")));
    let faults = send_to(sb.router(), "GET", "/_sandbox/faults/genesys", &[], None).await.json();
    assert_eq!(faults["conflict_next_change"], false);
    let r = patch(&sb, JOHN, json!({"version": 4, "state": "inactive"})).await;
    assert_eq!((r.status, r.json()["version"].clone()), (StatusCode::OK, json!(5)));

    set_faults(&sb, json!({"conflict_next_change": true})).await;
    assert_eq!(call(&sb, "DELETE", &format!("/api/v2/users/{SAM}"), None).await.status, StatusCode::OK);
    assert_eq!(sb.genesys_state(SAM), Some(("deleted".into(), 3)), "edited (2), then deleted (3)");

    assert!(sb.genesys_edit(IRENE));
    assert!(!sb.genesys_edit("77777777-7777-4777-8777-777777777777"));
    assert_eq!(sb.genesys_state(IRENE), Some(("inactive".into(), 8)));
    assert_eq!(user(&sb, IRENE).await["department"], "Edited elsewhere");
}
