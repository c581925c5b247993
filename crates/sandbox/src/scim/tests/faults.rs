//! SCIM's own fault switches: `no_etags`, `patch_204`, `reject_email_filter` and
//! `conflict_next_change` (and `Sandbox::scim_edit`, the same edit on demand).

use axum::http::StatusCode;
use serde_json::json;

use super::*;

#[tokio::test]
async fn no_etags_drops_the_header_and_meta_version_and_ignores_if_match() {
    let sb = sandbox();
    assert_eq!(set_faults(&sb, json!({"no_etags": true})).await.status, StatusCode::OK);
    let r = call(&sb, "GET", &format!("/Users/{TERRY}"), None).await;
    let terry = assert_resource(&r, StatusCode::OK);
    assert!(r.headers.get("etag").is_none() && terry["meta"].get("version").is_none(), "{terry}");
    assert_eq!(terry["meta"]["resourceType"], "User");
    let r = call_with(&sb, "GET", &format!("/Users/{TERRY}"), &[("if-none-match", "*")], None).await;
    assert_resource(&r, StatusCode::OK);
    let r = patch_active(&sb, TERRY, false, Some("W/\"99\"")).await;
    assert!(assert_resource(&r, StatusCode::OK)["meta"].get("version").is_none());
    assert!(r.headers.get("etag").is_none());
    let page = list(&sb, "filter=userName%20eq%20%22terry%22").await;
    assert!(page["Resources"][0]["meta"].get("version").is_none());
    let config = call(&sb, "GET", "/ServiceProviderConfig", None).await.json();
    assert_eq!(config["etag"], json!({"supported": false}));
    let r = call_with(&sb, "DELETE", &format!("/Users/{TERRY}"), &[("if-match", "W/\"1\"")], None).await;
    assert_empty(&r, StatusCode::NO_CONTENT);
    assert_eq!(state(&sb, TERRY), ScimState { exists: false, active: false, version: 2, patches: 1 });
}

#[tokio::test]
async fn patch_204_answers_a_successful_patch_without_a_body() {
    let sb = sandbox();
    set_faults(&sb, json!({"patch_204": true})).await;
    let r = patch_active(&sb, BJENSEN, false, Some("W/\"1\"")).await;
    assert_empty(&r, StatusCode::NO_CONTENT);
    assert_eq!(etag(&r), "W/\"2\"", "the new tag still comes back");
    assert_eq!(user(&sb, BJENSEN).await["active"], false);
    let r = patch_active(&sb, BJENSEN, true, Some("W/\"1\"")).await;
    assert_error(&r, StatusCode::PRECONDITION_FAILED, Some("invalidVers"));
    let r = call(&sb, "PATCH", &format!("/Users/{BJENSEN}"), Some(json!({"Operations": []}))).await;
    assert_error(&r, StatusCode::BAD_REQUEST, Some("invalidSyntax"));
    assert_eq!(state(&sb, BJENSEN).patches, 1);
}

#[tokio::test]
async fn reject_email_filter_refuses_any_filter_naming_emails() {
    let sb = sandbox();
    set_faults(&sb, json!({"reject_email_filter": true})).await;
    for filter in [
        r#"emails.value eq "terry@example.com""#,
        r#"emails co "terry""#,
        r#"userName eq "terry" or (EMAILS pr)"#,
        r#"not (Emails.Value sw "t")"#,
    ] {
        assert_eq!(filter_error(&sb, filter).await, "Filtering on emails is not supported", "{filter}");
    }
    assert_eq!(found(&sb, r#"userName eq "terry""#).await, [TERRY]);
    assert_eq!(list(&sb, "count=1").await["totalResults"], 125);
    assert!(filter_error(&sb, "emails eq").await != "Filtering on emails is not supported", "syntax first");
    set_faults(&sb, json!({})).await;
    assert_eq!(found(&sb, r#"emails eq "terry@example.com""#).await, [TERRY]);
}

#[tokio::test]
async fn conflict_next_change_makes_the_version_just_read_stale_once() {
    let sb = sandbox();
    let read = call(&sb, "GET", &format!("/Users/{IRENE}"), None).await;
    let tag = etag(&read);
    set_faults(&sb, json!({"conflict_next_change": true})).await;
    let r = patch_active(&sb, IRENE, true, Some(&tag)).await;
    assert_error(&r, StatusCode::PRECONDITION_FAILED, Some("invalidVers"));
    assert_eq!(state(&sb, IRENE), ScimState { exists: true, active: false, version: 2, patches: 0 });
    let shown = send_to(sb.router(), "GET", "/_sandbox/faults/scim", &[], None).await.json();
    assert_eq!(shown["conflict_next_change"], false, "used up");
    let again = call(&sb, "GET", &format!("/Users/{IRENE}"), None).await;
    assert_eq!(assert_resource(&again, StatusCode::OK)["title"], "Edited elsewhere");
    let r = patch_active(&sb, IRENE, true, Some(&etag(&again))).await;
    assert_eq!(assert_resource(&r, StatusCode::OK)["active"], true);

    set_faults(&sb, json!({"conflict_next_change": true})).await;
    let r = call_with(&sb, "DELETE", &format!("/Users/{TERRY}"), &[("if-match", "W/\"1\"")], None).await;
    assert_error(&r, StatusCode::PRECONDITION_FAILED, Some("invalidVers"));
    assert!(state(&sb, TERRY).exists && state(&sb, TERRY).version == 2);
    assert_empty(&call(&sb, "DELETE", &format!("/Users/{TERRY}"), None).await, StatusCode::NO_CONTENT);

    set_faults(&sb, json!({"conflict_next_change": true})).await;
    let r = patch_active(&sb, MALLORY, false, None).await;
    assert_eq!(etag(&r), "W/\"3\"", "without If-Match the edit is just there first");
}

#[tokio::test]
async fn scim_edit_is_somebody_elses_edit() {
    let sb = sandbox();
    let before = user(&sb, MALLORY).await;
    assert!(sb.scim_edit(MALLORY));
    let after = user(&sb, MALLORY).await;
    assert_eq!(
        (after["meta"]["version"].clone(), after["title"].clone()),
        (json!("W/\"2\""), json!("Edited elsewhere"))
    );
    assert!(after["meta"]["lastModified"].as_str() > before["meta"]["lastModified"].as_str());
    let r = patch_active(&sb, MALLORY, false, before["meta"]["version"].as_str()).await;
    assert_error(&r, StatusCode::PRECONDITION_FAILED, Some("invalidVers"));
    assert!(!sb.scim_edit("nobody"));
    assert_eq!(state(&sb, MALLORY), ScimState { exists: true, active: true, version: 2, patches: 0 });
}
