//! One person: GET by id (the spec's example, hostile text, 400/404), GET by email, DELETE (only
//! after termination; the owner never), logoutall, the API key, unknown paths and wrong methods.

use axum::http::StatusCode;
use serde_json::json;

use super::*;

#[tokio::test]
async fn get_returns_the_employee_full_dto_in_the_envelope() {
    let sb = sandbox();
    let r = call(&sb, "GET", &format!("/api/2.0/people/{MIKE}"), None).await;
    let mike = assert_ok(&r);
    let expected = json!({
        "id": MIKE, "userName": "Mike.Zanyatski", "firstName": "Mike", "lastName": "Zanyatski",
        "displayName": "Mike Zanyatski", "email": "my@gmail.com", "status": 1, "activationStatus": 1,
        "isAdmin": false, "isOwner": false, "isLDAP": false, "isSSO": false, "isVisitor": false,
        "isRoomAdmin": true, "isCollaborator": false, "department": "Marketing", "title": "Manager",
        "registrationDate": {"utcTime": "2024-04-10T06:30:00.000+00:00", "timeZoneOffset": "00:00:00"},
        "profileUrl": "/accounts/view/Mike.Zanyatski", "hasAvatar": false, "isAnonim": false
    });
    assert_eq!(mike, expected);
    assert_eq!(r.json()["count"], 1);
    assert!(r.json().get("total").is_none());
    let tina = person(&sb, TINA).await;
    assert_eq!((tina["status"].clone(), tina["activationStatus"].clone()), (json!(2), json!(1)));
    assert_eq!(tina["terminated"], json!({"utcTime": "2025-09-30T17:00:00.000+00:00", "timeZoneOffset": "00:00:00"}));
    let pete = person(&sb, PETE).await;
    assert_eq!((pete["status"].clone(), pete["activationStatus"].clone()), (json!(4), json!(2)));
    for absent in ["terminated", "department", "title"] {
        assert!(pete.get(absent).is_none(), "{absent} is omitted, not null");
    }
    let olivia = person(&sb, OLIVIA).await;
    assert_eq!((olivia["isOwner"].clone(), olivia["isAdmin"].clone()), (json!(true), json!(true)));
    assert_eq!(person(&sb, &JOHN.to_uppercase()).await["id"], JOHN, "ids in any case");
    assert_eq!(person(&sb, TERRY).await["email"], "terry@example.com");
}

#[tokio::test]
async fn the_hostile_seed_is_stored_verbatim() {
    let sb = sandbox();
    let mallory = person(&sb, MALLORY).await;
    assert_eq!(mallory["firstName"], "<img src=x onerror=alert(1)>");
    assert_eq!(mallory["lastName"], r#""><script>alert(2)</script>"#);
    assert_eq!(mallory["displayName"], r#"<img src=x onerror=alert(1)> "><script>alert(2)</script>"#);
    assert_eq!(mallory["title"], "javascript:alert(3)");
}

#[tokio::test]
async fn bad_ids_are_400_and_unknown_ones_404() {
    let sb = sandbox();
    for bad in ["not-a-uuid", "9846", "046b6c7f0b8a43b9b35d6489e6daee91", "%2e%2e"] {
        let r = call(&sb, "GET", &format!("/api/2.0/people/{bad}"), None).await;
        assert_eq!(assert_error(&r, StatusCode::BAD_REQUEST), "Incorect UserId", "{bad}");
    }
    let r = call(&sb, "GET", "/api/2.0/people/046b6c7f-0b8a-43b9-b35d-6489e6daee92", None).await;
    assert_eq!(assert_error(&r, StatusCode::NOT_FOUND), "The user could not be found");
}

#[tokio::test]
async fn email_lookup_is_case_insensitive() {
    let sb = sandbox();
    for email in ["my@gmail.com", "MY@Gmail.COM", "My%40gmail.com"] {
        let r = call(&sb, "GET", &format!("/api/2.0/people/email?email={email}"), None).await;
        assert_eq!(assert_ok(&r)["id"], MIKE, "{email}");
    }
    let r = call(&sb, "GET", "/api/2.0/people/email?email=pete.pending%40example.com&culture=de", None).await;
    assert_eq!(assert_ok(&r)["id"], PETE);
    for query in ["?email=nobody@example.com", "?email=", ""] {
        let r = call(&sb, "GET", &format!("/api/2.0/people/email{query}"), None).await;
        assert_eq!(assert_error(&r, StatusCode::NOT_FOUND), "The user could not be found", "{query}");
    }
}

#[tokio::test]
async fn only_the_exact_bearer_key_is_let_in() {
    let sb = sandbox();
    let path = format!("/api/2.0/people/{MIKE}");
    let wrong = ["bearer docspace-test-key", "Bearer  docspace-test-key", "Bearer other", "docspace-test-key", ""];
    for authorization in wrong {
        let r = send(&sb, "GET", &path, &[("authorization", authorization)], None).await;
        assert_eq!(assert_error(&r, StatusCode::UNAUTHORIZED), "Unauthorized", "{authorization:?}");
    }
    assert_error(&send(&sb, "GET", &path, &[], None).await, StatusCode::UNAUTHORIZED);
    let body = json!({"userIds": [JOHN]}).to_string();
    let r = send(&sb, "PUT", "/api/2.0/people/status/2", &[JSON], Some(&body)).await;
    assert_error(&r, StatusCode::UNAUTHORIZED);
    assert_eq!(state(&sb, JOHN).status, 1, "nothing changed");
    assert_ok(&send(&sb, "GET", &path, &[("authorization", BEARER)], None).await);
}

#[tokio::test]
async fn delete_needs_a_terminated_person_and_removes_them_for_good() {
    let sb = sandbox();
    let delete = |id: &'static str| {
        let sb = sb.clone();
        async move { call(&sb, "DELETE", &format!("/api/2.0/people/{id}"), None).await }
    };
    for id in [JOHN, PETE] {
        assert_eq!(assert_error(&delete(id).await, StatusCode::FORBIDDEN), "Access denied or user is not suspended");
        assert!(state(&sb, id).exists);
    }
    let message = assert_error(&delete(OLIVIA).await, StatusCode::FORBIDDEN);
    assert!(message.starts_with("You don't have enough permission to perform the operation"), "{message}");
    assert_ok(&set_status(&sb, "2", &[JOHN]).await);
    let before = sb.docspace_user_count();
    let gone = assert_ok(&delete(JOHN).await);
    assert_eq!((gone["id"].clone(), gone["status"].clone()), (json!(JOHN), json!(2)), "as they were");
    assert_eq!(sb.docspace_user_count(), before - 1);
    assert_error(&call(&sb, "GET", &format!("/api/2.0/people/{JOHN}"), None).await, StatusCode::NOT_FOUND);
    assert_error(&delete(JOHN).await, StatusCode::NOT_FOUND);
    let r = call(&sb, "GET", "/api/2.0/people/email?email=john.doe@example.com", None).await;
    assert_error(&r, StatusCode::NOT_FOUND);
    assert_eq!(
        state(&sb, JOHN),
        DocSpaceState { exists: false, status: 2, activation_status: 1, sign_outs: 1, status_changes: 1 }
    );
    assert_ok(&delete(TINA).await);
    assert_error(&call(&sb, "DELETE", "/api/2.0/people/nope", None).await, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn logoutall_counts_a_sign_out_and_has_no_payload() {
    let sb = sandbox();
    let path = |id: &str| format!("/api/2.0/security/activeconnections/logoutall/{id}");
    for _ in 0..2 {
        let r = call(&sb, "PUT", &path(TERRY), None).await;
        assert_eq!(assert_ok(&r), serde_json::Value::Null);
        assert!(r.json().get("response").is_none(), "no response key");
        assert_eq!(r.json()["count"], 0);
    }
    assert_eq!(sb.docspace_sign_outs(TERRY), 2);
    assert_ok(&call(&sb, "PUT", &path(TINA), None).await);
    assert_ok(&call(&sb, "PUT", &path(OLIVIA), None).await);
    assert_eq!((sb.docspace_sign_outs(TINA), sb.docspace_sign_outs(OLIVIA)), (1, 1));
    assert_eq!(state(&sb, TERRY).status_changes, 0);
    let r = call(&sb, "PUT", &path("046b6c7f-0b8a-43b9-b35d-6489e6daee92"), None).await;
    assert_eq!(assert_error(&r, StatusCode::NOT_FOUND), "The user could not be found");
    assert_error(&call(&sb, "PUT", &path("x"), None).await, StatusCode::BAD_REQUEST);
    assert_error(&call(&sb, "GET", &path(TERRY), None).await, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(sb.docspace_sign_outs("046b6c7f-0b8a-43b9-b35d-6489e6daee92"), 0);
}

#[tokio::test]
async fn unknown_paths_are_404_and_wrong_methods_405() {
    let sb = sandbox();
    for path in ["/api/2.0/nowhere", "/api/2.0/people/a/b/c", "/elsewhere", "/api/2/users/x"] {
        assert_error(&call(&sb, "GET", path, None).await, StatusCode::NOT_FOUND);
    }
    let wrong = [
        ("PATCH", format!("/api/2.0/people/{MIKE}")),
        ("GET", "/api/2.0/people".to_string()),
        ("POST", "/api/2.0/people/filter".to_string()),
        ("DELETE", "/api/2.0/people/email".to_string()),
        ("GET", "/api/2.0/people/status/2".to_string()),
    ];
    for (method, path) in wrong {
        let r = call(&sb, method, &path, None).await;
        assert!(assert_error(&r, StatusCode::METHOD_NOT_ALLOWED).contains(method), "{method} {path}");
    }
}
