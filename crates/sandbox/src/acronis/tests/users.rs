//! One person: GET (plain, `allow_deleted`, the 400s and 404s), PUT (versions, 415, bodies) and
//! the conflict switch.

use axum::http::StatusCode;
use serde_json::json;

use super::*;

#[tokio::test]
async fn get_returns_the_docs_example_user() {
    let sb = sandbox();
    let expected = json!({
        "id": JOHN, "version": 1, "tenant_id": ROOT, "login": "JohnDoe",
        "contact": {"email": "johndoe@mysite.com", "firstname": "John", "lastname": "Doe", "phone": "",
            "address1": "", "address2": "", "city": "", "country": "", "state": "", "zipcode": ""},
        "activated": true, "enabled": true, "terms_accepted": false,
        "created_at": "2019-07-25T07:11:02.807354+00:00", "language": "en",
        "idp_id": "11111111-1111-1111-1111-111111111111", "personal_tenant_id": null,
        "notifications": ["quota", "reports", "backup_daily_report"], "mfa_status": "disabled",
        "business_types": []
    });
    let r = call(&sb, "GET", &format!("/api/2/users/{JOHN}"), None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["content-type"], "application/json");
    assert_eq!(r.json(), expected);
    let mallory = user(&sb, MALLORY).await;
    assert_eq!(mallory["contact"]["firstname"], "<img src=x onerror=alert(1)>");
    assert_eq!(mallory["contact"]["lastname"], "<script>alert(1)</script>");
    let (dora, ivan) = (user(&sb, DORA).await, user(&sb, IVAN).await);
    assert_eq!(
        (dora["enabled"].clone(), dora["activated"].clone(), dora["version"].clone()),
        (json!(false), json!(true), json!(4))
    );
    assert_eq!(
        (ivan["enabled"].clone(), ivan["activated"].clone(), ivan["version"].clone()),
        (json!(true), json!(false), json!(2))
    );
    assert_eq!(dora["tenant_id"], CUSTOMER_A);
    assert_eq!(ivan["tenant_id"], CUSTOMER_B);
}

#[tokio::test]
async fn deleted_people_are_found_only_with_allow_deleted() {
    let sb = sandbox();
    let get = |path: String| {
        let sb = sb.clone();
        async move { call(&sb, "GET", &path, None).await }
    };
    let error = assert_error(&get(format!("/api/2/users/{DEAN}")).await, StatusCode::NOT_FOUND, "NotFound");
    assert_eq!(error["message"], "User not found");
    assert_error(&get(format!("/api/2/users/{DEAN}?allow_deleted=false")).await, StatusCode::NOT_FOUND, "NotFound");
    let dean = get(format!("/api/2/users/{DEAN}?allow_deleted=true")).await;
    assert_eq!((dean.status, dean.json()["version"].clone()), (StatusCode::OK, json!(9)));
    assert_eq!(get(format!("/api/2/users/{JOHN}?allow_deleted=true")).await.status, StatusCode::OK);
    assert_eq!(get(format!("/api/2/users/{JOHN}?allow_deleted=false")).await.status, StatusCode::OK);
    for bad in ["?allow_deleted=yes", "?allow_deleted=TRUE", "?expand=x", "?allow_deleted=true&allow_deleted=true"] {
        assert_error(&get(format!("/api/2/users/{JOHN}{bad}")).await, StatusCode::BAD_REQUEST, "BadRequest");
    }
    for bad in [JOHN.to_uppercase(), "not-a-uuid".into(), format!("{JOHN}0"), "%2e%2e".into()] {
        assert_error(&get(format!("/api/2/users/{bad}")).await, StatusCode::BAD_REQUEST, "BadRequest");
    }
    let unknown = "77777777-7777-4777-8777-777777777777";
    assert_error(&get(format!("/api/2/users/{unknown}?allow_deleted=true")).await, StatusCode::NOT_FOUND, "NotFound");
}

#[tokio::test]
async fn put_checks_the_version_and_increments_it() {
    let sb = sandbox();
    let r = put(&sb, JOHN, json!({"enabled": false, "version": 0})).await;
    let error = assert_error(&r, StatusCode::CONFLICT, "VersionConflict");
    assert_eq!(error["message"], "The object has been changed by someone else (version mismatch)");
    let r = put(&sb, JOHN, json!({"enabled": false, "version": 1})).await;
    assert_eq!(r.status, StatusCode::OK);
    let body = r.json();
    assert_eq!((body["enabled"].clone(), body["version"].clone()), (json!(false), json!(2)));
    assert_eq!(body, user(&sb, JOHN).await, "the reply is the user");
    assert_error(
        &put(&sb, JOHN, json!({"enabled": true, "version": 1})).await,
        StatusCode::CONFLICT,
        "VersionConflict",
    );
    let r = put(&sb, JOHN, json!({"enabled": false, "version": 2})).await;
    assert_eq!(r.json()["version"], 3, "the same value is accepted and still counts");
    let r = put(&sb, JOHN, json!({"version": 3})).await;
    assert_eq!((r.json()["enabled"].clone(), r.json()["version"].clone()), (json!(false), json!(4)));
    set_enabled(&sb, JOHN, true, 4).await;
    assert_eq!(state(&sb, JOHN), AcronisState { enabled: true, activated: true, deleted: false, version: 5 });
}

#[tokio::test]
async fn put_refuses_bad_requests() {
    let sb = sandbox();
    let path = format!("/api/2/users/{JOHN}");
    let body = json!({"enabled": false, "version": 1}).to_string();
    for headers in [vec![("authorization", BEARER)], vec![("authorization", BEARER), ("content-type", "text/plain")]] {
        let r = send(&sb, "PUT", &path, &headers, Some(&body)).await;
        assert_error(&r, StatusCode::UNSUPPORTED_MEDIA_TYPE, "UnsupportedMediaType");
    }
    let r = put(&sb, JOHN, json!({"enabled": false})).await;
    assert_eq!(assert_error(&r, StatusCode::BAD_REQUEST, "BadRequest")["message"], "version is required");
    for bad in [
        json!({"enabled": false, "version": 1, "login": "x"}),
        json!({"enabled": false, "version": 1, "contact": {"phone": "1"}}),
        json!({"enabled": "no", "version": 1}),
        json!({"enabled": false, "version": "1"}),
        json!({"enabled": false, "version": -1}),
        json!({"enabled": false, "version": null}),
        json!([1]),
    ] {
        assert_error(&put(&sb, JOHN, bad.clone()).await, StatusCode::BAD_REQUEST, "BadRequest");
    }
    let r = call(&sb, "PUT", &format!("{path}?version=1"), Some(json!({"enabled": false, "version": 1}))).await;
    assert_error(&r, StatusCode::BAD_REQUEST, "BadRequest");
    let r = put(&sb, "77777777-7777-4777-8777-777777777777", json!({"enabled": true, "version": 1})).await;
    assert_error(&r, StatusCode::NOT_FOUND, "NotFound");
    assert_error(&put(&sb, DEAN, json!({"enabled": true, "version": 9})).await, StatusCode::NOT_FOUND, "NotFound");
    let r = put(&sb, &JOHN.to_uppercase(), json!({"enabled": false, "version": 1})).await;
    assert_error(&r, StatusCode::BAD_REQUEST, "BadRequest");
    let charset = [("authorization", BEARER), ("content-type", "application/json; charset=UTF-8")];
    assert_eq!(send(&sb, "PUT", &path, &charset, Some(&body)).await.status, StatusCode::OK);
    assert_eq!(state(&sb, JOHN).version, 2, "only the one good PUT applied");
    assert_eq!(state(&sb, DEAN), AcronisState { enabled: false, activated: true, deleted: true, version: 9 });
}

#[tokio::test]
async fn the_conflict_switch_fires_once_on_the_next_change() {
    let sb = sandbox();
    assert_eq!(set_faults(&sb, json!({"conflict_next_change": true})).await.status, StatusCode::OK);
    assert_eq!(user(&sb, JOHN).await["version"], 1, "reads do not fire it");
    let r = put(&sb, JOHN, json!({"enabled": false, "version": 1})).await;
    assert_error(&r, StatusCode::CONFLICT, "VersionConflict");
    let john = user(&sb, JOHN).await;
    assert_eq!((john["version"].clone(), john["contact"]["phone"].clone()), (json!(2), json!("+1 555 0100")));
    assert_eq!(john["enabled"], true, "the refused change was not made");
    let faults = send_to(sb.router(), "GET", "/_sandbox/faults/acronis", &[], None).await.json();
    assert_eq!(faults["conflict_next_change"], false, "one-shot");
    set_enabled(&sb, JOHN, false, 2).await;
    assert_eq!(state(&sb, JOHN).version, 3, "no second edit");

    assert!(sb.acronis_edit(DEAN) && sb.acronis_edit(&IVAN.to_uppercase()));
    assert!(!sb.acronis_edit("77777777-7777-4777-8777-777777777777"));
    assert_eq!((state(&sb, DEAN).version, state(&sb, IVAN).version), (10, 3));
    assert_error(
        &put(&sb, IVAN, json!({"enabled": false, "version": 2})).await,
        StatusCode::CONFLICT,
        "VersionConflict",
    );
}
