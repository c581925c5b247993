//! `PATCH` of `active` (both body forms, the ETag and lastModified after it, `If-Match`, every
//! refused body) and `DELETE` (204, then 404; `If-Match`).

use axum::http::StatusCode;
use serde_json::{json, Value};

use super::*;

#[tokio::test]
async fn patch_deactivates_bumps_the_version_and_answers_the_resource() {
    let sb = sandbox();
    let before = user(&sb, BJENSEN).await;
    let r = patch_active(&sb, BJENSEN, false, None).await;
    let after = assert_resource(&r, StatusCode::OK);
    assert_eq!((after["active"].clone(), etag(&r)), (json!(false), "W/\"2\"".to_string()));
    assert_ne!(after["meta"]["lastModified"], before["meta"]["lastModified"]);
    assert!(after["meta"]["lastModified"].as_str().unwrap() > "2025", "now");
    assert_eq!(after["meta"]["created"], before["meta"]["created"]);
    assert_eq!(after["title"], "Tour Guide", "nothing else changed");
    let read = call(&sb, "GET", &format!("/Users/{BJENSEN}"), None).await;
    assert_eq!((etag(&read), assert_resource(&read, StatusCode::OK)), ("W/\"2\"".into(), after));
    assert_eq!(state(&sb, BJENSEN), ScimState { exists: true, active: false, version: 2, patches: 1 });
    let r = patch_active(&sb, BJENSEN, true, Some("W/\"2\"")).await;
    assert_eq!(assert_resource(&r, StatusCode::OK)["active"], true);
    assert_eq!(state(&sb, BJENSEN), ScimState { exists: true, active: true, version: 3, patches: 2 });
}

#[tokio::test]
async fn every_body_form_of_active_is_understood() {
    let sb = sandbox();
    let forms = [
        json!([{"op": "Replace", "path": "active", "value": false}]),
        json!([{"op": "REPLACE", "value": {"active": true}}]),
        json!([{"op": "add", "path": "urn:ietf:params:scim:schemas:core:2.0:User:active", "value": false}]),
        json!([{"op": "replace", "path": "ACTIVE", "value": false}, {"op": "replace", "value": {"Active": true}}]),
    ];
    for (n, operations) in forms.into_iter().enumerate() {
        let body = json!({"schemas": [PATCH_OP], "Operations": operations});
        let r = call(&sb, "PATCH", &format!("/Users/{TERRY}"), Some(body)).await;
        assert_eq!(assert_resource(&r, StatusCode::OK)["active"], n % 2 == 1, "form {n}");
    }
    let body = deactivate(true).to_string();
    let r = send(&sb, "PATCH", &format!("/Users/{TERRY}"), &[("authorization", BEARER), JSON], Some(&body)).await;
    assert_eq!(assert_resource(&r, StatusCode::OK)["active"], true, "application/json is accepted");
    assert_eq!(state(&sb, TERRY).patches, 5);
}

#[tokio::test]
async fn if_match_must_name_the_current_version() {
    let sb = sandbox();
    let r = patch_active(&sb, IRENE, true, Some("W/\"7\"")).await;
    let detail = assert_error(&r, StatusCode::PRECONDITION_FAILED, Some("invalidVers"));
    assert!(detail.contains("If-Match"), "{detail}");
    assert_eq!(r.json()["status"], "412");
    assert_eq!(state(&sb, IRENE), ScimState { exists: true, active: false, version: 1, patches: 0 }, "unchanged");
    for (tag, version) in [("W/\"1\"", 2), ("\"2\"", 3), ("*", 4), ("W/\"0\", W/\"4\"", 5)] {
        let r = patch_active(&sb, IRENE, true, Some(tag)).await;
        assert_eq!(etag(&r), format!("W/\"{version}\""), "{tag}");
    }
    for stale in ["W/\"1\"", "1", "W/1", ""] {
        let r = patch_active(&sb, IRENE, false, Some(stale)).await;
        assert_error(&r, StatusCode::PRECONDITION_FAILED, Some("invalidVers"));
    }
    assert!(state(&sb, IRENE).active);
}

#[tokio::test]
async fn refused_bodies_name_the_rfcs_keyword_and_change_nothing() {
    let sb = sandbox();
    let op = |op: Value| json!({"schemas": [PATCH_OP], "Operations": [op]});
    let cases = [
        (json!({"Operations": [{"op": "replace", "path": "active", "value": false}]}), "invalidSyntax"),
        (json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "active": false}), "invalidSyntax"),
        (json!({"schemas": [PATCH_OP], "Operations": []}), "invalidSyntax"),
        (json!([1, 2]), "invalidSyntax"),
        (op(json!("replace")), "invalidSyntax"),
        (op(json!({"op": "move", "path": "active", "value": false})), "invalidSyntax"),
        (op(json!({"path": "active", "value": false})), "invalidSyntax"),
        (op(json!({"op": "replace", "path": "title", "value": "Boss"})), "noTarget"),
        (op(json!({"op": "replace", "path": "name.givenName", "value": "B"})), "noTarget"),
        (op(json!({"op": "replace", "path": "emails[type eq \"work\"].value", "value": "x@y"})), "noTarget"),
        (op(json!({"op": "replace", "value": {"active": false, "title": "Boss"}})), "noTarget"),
        (op(json!({"op": "remove"})), "noTarget"),
        (op(json!({"op": "replace", "path": "", "value": false})), "invalidPath"),
        (op(json!({"op": "replace", "path": "not a path", "value": false})), "invalidPath"),
        (op(json!({"op": "replace", "path": 7, "value": false})), "invalidPath"),
        (op(json!({"op": "replace", "path": "active", "value": "false"})), "invalidValue"),
        (op(json!({"op": "replace", "path": "active"})), "invalidValue"),
        (op(json!({"op": "replace", "value": false})), "invalidValue"),
        (op(json!({"op": "replace", "value": {}})), "invalidValue"),
        (op(json!({"op": "remove", "path": "active"})), "mutability"),
    ];
    for (body, keyword) in cases {
        let r = call(&sb, "PATCH", &format!("/Users/{BJENSEN}"), Some(body.clone())).await;
        assert_error(&r, StatusCode::BAD_REQUEST, Some(keyword));
    }
    let r = send(&sb, "PATCH", &format!("/Users/{BJENSEN}"), &[("authorization", BEARER), SCIM], Some("{")).await;
    assert_error(&r, StatusCode::BAD_REQUEST, Some("invalidSyntax"));
    let body = deactivate(false).to_string();
    let plain = ("content-type", "text/plain");
    let r = send(&sb, "PATCH", &format!("/Users/{BJENSEN}"), &[("authorization", BEARER), plain], Some(&body)).await;
    assert_error(&r, StatusCode::UNSUPPORTED_MEDIA_TYPE, None);
    assert_eq!(state(&sb, BJENSEN), ScimState { exists: true, active: true, version: 1, patches: 0 });
    let r = patch_active(&sb, "nobody", false, None).await;
    assert_error(&r, StatusCode::NOT_FOUND, None);
}

#[tokio::test]
async fn delete_is_204_then_the_user_is_gone() {
    let sb = sandbox();
    let before = sb.scim_user_count();
    let path = format!("/Users/{TERRY}");
    let r = call_with(&sb, "DELETE", &path, &[("if-match", "W/\"9\"")], None).await;
    assert_error(&r, StatusCode::PRECONDITION_FAILED, Some("invalidVers"));
    assert!(state(&sb, TERRY).exists);
    assert_empty(&call_with(&sb, "DELETE", &path, &[("if-match", "W/\"1\"")], None).await, StatusCode::NO_CONTENT);
    assert_eq!(sb.scim_user_count(), before - 1);
    assert_error(&call(&sb, "GET", &path, None).await, StatusCode::NOT_FOUND, None);
    assert_error(&call(&sb, "DELETE", &path, None).await, StatusCode::NOT_FOUND, None);
    assert_error(&patch_active(&sb, TERRY, false, None).await, StatusCode::NOT_FOUND, None);
    assert!(found(&sb, "userName eq \"terry\"").await.is_empty());
    assert_eq!(state(&sb, TERRY), ScimState { exists: false, active: true, version: 1, patches: 0 });
    assert_empty(&call(&sb, "DELETE", &format!("/Users/{MALLORY}"), None).await, StatusCode::NO_CONTENT);
    assert_eq!(sb.scim_state("nobody"), None);
}
