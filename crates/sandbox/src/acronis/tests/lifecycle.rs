//! Soft deletion (`DELETE ?version=N`: disabled first, versions, 204) and restore (`enable`,
//! `force`, not-deleted 409), with the conflict switch on both.

use axum::http::StatusCode;
use serde_json::json;

use super::*;

async fn delete(sb: &Sandbox, id: &str, query: &str) -> Reply {
    call(sb, "DELETE", &format!("/api/2/users/{id}{query}"), None).await
}

async fn restore(sb: &Sandbox, id: &str, query: &str) -> Reply {
    call(sb, "POST", &format!("/api/2/users/{id}/restore{query}"), None).await
}

#[tokio::test]
async fn delete_wants_a_disabled_person_and_the_current_version() {
    let sb = sandbox();
    let users = sb.acronis_user_count();
    let r = delete(&sb, JOHN, "?version=1").await;
    let error = assert_error(&r, StatusCode::CONFLICT, "UserIsEnabled");
    assert_eq!(error["message"], "The user must be disabled before it can be deleted");
    assert_error(&delete(&sb, JOHN, "?version=0").await, StatusCode::CONFLICT, "VersionConflict");
    for bad in ["", "?version=", "?version=abc", "?version=-1", "?version=1&version=1", "?version=1&force=true"] {
        assert_error(&delete(&sb, JOHN, bad).await, StatusCode::BAD_REQUEST, "BadRequest");
    }
    assert_error(&delete(&sb, &JOHN.to_uppercase(), "?version=1").await, StatusCode::BAD_REQUEST, "BadRequest");
    assert_error(&delete(&sb, DORA, "?version=3").await, StatusCode::CONFLICT, "VersionConflict");
    assert_eq!(state(&sb, JOHN), AcronisState { enabled: true, activated: true, deleted: false, version: 1 });

    set_enabled(&sb, JOHN, false, 1).await;
    let r = delete(&sb, JOHN, "?version=2").await;
    assert_eq!((r.status, r.body.len()), (StatusCode::NO_CONTENT, 0));
    assert_eq!(state(&sb, JOHN), AcronisState { enabled: false, activated: true, deleted: true, version: 3 });
    assert_eq!(sb.acronis_user_count(), users - 1);
    assert_error(&call(&sb, "GET", &format!("/api/2/users/{JOHN}"), None).await, StatusCode::NOT_FOUND, "NotFound");
    let r = call(&sb, "GET", &format!("/api/2/users/{JOHN}?allow_deleted=true"), None).await;
    assert_eq!(
        (r.status, r.json()["version"].clone(), r.json()["enabled"].clone()),
        (StatusCode::OK, json!(3), json!(false))
    );
    assert_error(&delete(&sb, JOHN, "?version=3").await, StatusCode::NOT_FOUND, "NotFound");
    assert_error(&delete(&sb, DEAN, "?version=9").await, StatusCode::NOT_FOUND, "NotFound");
    let unknown = "77777777-7777-4777-8777-777777777777";
    assert_error(&delete(&sb, unknown, "?version=1").await, StatusCode::NOT_FOUND, "NotFound");
}

#[tokio::test]
async fn restore_undeletes_and_sets_enabled_when_asked() {
    let sb = sandbox();
    let error = assert_error(&restore(&sb, JOHN, "").await, StatusCode::CONFLICT, "UserIsNotDeleted");
    assert!(!error["message"].as_str().unwrap().is_empty());
    for bad in ["?enable=yes", "?force=1", "?enable=true&enable=true", "?version=9"] {
        assert_error(&restore(&sb, DEAN, bad).await, StatusCode::BAD_REQUEST, "BadRequest");
    }
    let unknown = "77777777-7777-4777-8777-777777777777";
    assert_error(&restore(&sb, unknown, "").await, StatusCode::NOT_FOUND, "NotFound");
    assert_error(&restore(&sb, "nope", "").await, StatusCode::BAD_REQUEST, "BadRequest");
    assert_eq!(state(&sb, DEAN), AcronisState { enabled: false, activated: true, deleted: true, version: 9 });

    let r = restore(&sb, DEAN, "?enable=true&force=false").await;
    assert_eq!((r.status, r.body.len()), (StatusCode::NO_CONTENT, 0));
    assert_eq!(state(&sb, DEAN), AcronisState { enabled: true, activated: true, deleted: false, version: 10 });
    assert_eq!(user(&sb, DEAN).await["enabled"], true);

    assert_eq!(delete(&sb, DORA, "?version=4").await.status, StatusCode::NO_CONTENT);
    assert_eq!(restore(&sb, DORA, "?enable=false&force=true").await.status, StatusCode::NO_CONTENT);
    assert_eq!(state(&sb, DORA), AcronisState { enabled: false, activated: true, deleted: false, version: 6 });
    assert_eq!(delete(&sb, DORA, "?version=6").await.status, StatusCode::NO_CONTENT);
    assert_eq!(restore(&sb, DORA, "").await.status, StatusCode::NO_CONTENT, "without enable: left as it was");
    assert_eq!(state(&sb, DORA), AcronisState { enabled: false, activated: true, deleted: false, version: 8 });
}

#[tokio::test]
async fn the_conflict_switch_hits_delete_and_restore() {
    let sb = sandbox();
    set_faults(&sb, json!({"conflict_next_change": true})).await;
    assert_error(&delete(&sb, DORA, "?version=4").await, StatusCode::CONFLICT, "VersionConflict");
    assert_eq!(user(&sb, DORA).await["contact"]["phone"], "+1 555 0100");
    assert_eq!(delete(&sb, DORA, "?version=5").await.status, StatusCode::NO_CONTENT, "fired once");

    set_faults(&sb, json!({"conflict_next_change": true})).await;
    assert_error(&restore(&sb, JOHN, "").await, StatusCode::CONFLICT, "UserIsNotDeleted");
    assert_eq!(state(&sb, JOHN).version, 1, "a refused restore does not fire it");
    assert_eq!(restore(&sb, DEAN, "").await.status, StatusCode::NO_CONTENT);
    assert_eq!(state(&sb, DEAN), AcronisState { enabled: false, activated: true, deleted: false, version: 11 });
    let r = call(&sb, "GET", &format!("/api/2/users/{DEAN}"), None).await;
    assert_eq!(r.json()["contact"]["phone"], "+1 555 0100");
}
