//! `POST /api/2.0/people`: a good create (the new person's shape and flags), the duplicate email,
//! bad types, missing names and malformed emails.

use axum::http::StatusCode;
use serde_json::json;

use super::*;
use crate::codec::is_lower_uuid;

/// `POST /api/2.0/people` with this body.
async fn create(sb: &Sandbox, body: serde_json::Value) -> Reply {
    call(sb, "POST", "/api/2.0/people", Some(body)).await
}

fn ada(kind: serde_json::Value) -> serde_json::Value {
    json!({"email": "ada.lovelace@example.com", "firstName": "Ada", "lastName": "Lovelace", "type": kind})
}

#[tokio::test]
async fn a_new_person_is_active_but_has_not_confirmed_their_email() {
    let sb = sandbox();
    let before = sb.docspace_user_count();
    let mut body = ada(json!(4));
    body["password"] = json!("ignored");
    body["department"] = json!(["75a5f745-f697-4418-b38d-0fe0d277e258"]);
    let r = create(&sb, body).await;
    let ada = assert_ok(&r);
    let id = ada["id"].as_str().unwrap().to_string();
    assert!(is_lower_uuid(&id) && &id[14..15] == "4", "{id}");
    assert_eq!(sb.docspace_id_by_email("ADA.lovelace@example.com"), Some(id.clone()));
    assert_eq!(sb.docspace_user_count(), before + 1);
    let mut expected = ada.clone();
    for (key, value) in [
        ("userName", json!("ada.lovelace")),
        ("firstName", json!("Ada")),
        ("lastName", json!("Lovelace")),
        ("displayName", json!("Ada Lovelace")),
        ("email", json!("ada.lovelace@example.com")),
        ("status", json!(1)),
        ("activationStatus", json!(2)),
        ("isAdmin", json!(false)),
        ("isOwner", json!(false)),
        ("isLDAP", json!(false)),
        ("isSSO", json!(false)),
        ("isVisitor", json!(false)),
        ("isRoomAdmin", json!(false)),
        ("isCollaborator", json!(false)),
        ("profileUrl", json!("/accounts/view/ada.lovelace")),
        ("hasAvatar", json!(false)),
        ("isAnonim", json!(false)),
    ] {
        expected[key] = value;
    }
    assert_eq!(ada, expected);
    for absent in ["terminated", "department", "title"] {
        assert!(ada.get(absent).is_none(), "{absent}");
    }
    assert_eq!(ada["registrationDate"]["timeZoneOffset"], "00:00:00");
    assert!(ada["registrationDate"]["utcTime"].as_str().unwrap() > "2026", "now");
    assert_eq!(person(&sb, &id).await, ada, "stored as answered");
    let s = state(&sb, &id);
    assert_eq!((s.status, s.activation_status, s.exists), (1, 2, true));
}

#[tokio::test]
async fn the_type_sets_the_role_flags() {
    let sb = sandbox();
    for (kind, flag) in [(1, "isRoomAdmin"), (2, "isVisitor"), (3, "isAdmin")] {
        let email = format!("type{kind}@example.com");
        let r = create(&sb, json!({"email": email, "firstName": "T", "lastName": "Y", "type": kind})).await;
        let created = assert_ok(&r);
        for other in ["isRoomAdmin", "isVisitor", "isAdmin"] {
            assert_eq!(created[other], other == flag, "type {kind}: {other}");
        }
        assert_eq!((created["isOwner"].clone(), created["isCollaborator"].clone()), (json!(false), json!(false)));
    }
    let r = create(&sb, json!({"email": "terry@other.example", "firstName": "T", "lastName": "E", "type": 4})).await;
    assert_eq!(assert_ok(&r)["userName"], "terry2", "user names stay unique");
}

#[tokio::test]
async fn a_taken_email_is_refused_whoever_has_it() {
    let sb = sandbox();
    let before = sb.docspace_user_count();
    for email in ["MY@gmail.com", "tina.terminated@example.com", "pete.pending@EXAMPLE.com"] {
        let r = create(&sb, json!({"email": email, "firstName": "A", "lastName": "B", "type": 4})).await;
        assert_eq!(assert_error(&r, StatusCode::BAD_REQUEST), "A user with this email address is already registered.");
        assert_eq!(assert_error(&r, StatusCode::BAD_REQUEST), crate::docspace::rules::EMAIL_TAKEN);
    }
    assert_ok(&create(&sb, ada(json!(4))).await);
    let r = create(&sb, ada(json!(1))).await;
    assert_eq!(assert_error(&r, StatusCode::BAD_REQUEST), crate::docspace::rules::EMAIL_TAKEN);
    assert_eq!(sb.docspace_user_count(), before + 1);
}

#[tokio::test]
async fn bad_types_names_and_emails_are_400_naming_the_field() {
    let sb = sandbox();
    let before = sb.docspace_user_count();
    for kind in [json!(0), json!(5), json!(-1), json!("User"), json!(null), json!(1.5)] {
        let r = create(&sb, ada(kind.clone())).await;
        assert_eq!(assert_error(&r, StatusCode::BAD_REQUEST), "The user type is not valid", "{kind}");
    }
    let mut untyped = ada(json!(4));
    untyped.as_object_mut().unwrap().remove("type");
    assert_eq!(assert_error(&create(&sb, untyped).await, StatusCode::BAD_REQUEST), "The user type is not valid");
    for (field, value) in [("firstName", json!("  ")), ("lastName", json!(null)), ("firstName", json!(7))] {
        let mut body = ada(json!(4));
        body[field] = value;
        let message = assert_error(&create(&sb, body).await, StatusCode::BAD_REQUEST);
        assert!(message.contains(field), "{field}: {message}");
    }
    let mut nameless = ada(json!(4));
    nameless.as_object_mut().unwrap().remove("lastName");
    assert!(assert_error(&create(&sb, nameless).await, StatusCode::BAD_REQUEST).contains("lastName"));
    let long = "x".repeat(256);
    for email in ["no-at-sign", "a@b", "@example.com", "a@@example.com", "a b@example.com", "a@example.", ""] {
        let mut body = ada(json!(4));
        body["email"] = json!(email);
        let message = assert_error(&create(&sb, body).await, StatusCode::BAD_REQUEST);
        assert!(message.contains("email"), "{email}: {message}");
    }
    let mut body = ada(json!(4));
    body["lastName"] = json!(long);
    assert!(assert_error(&create(&sb, body).await, StatusCode::BAD_REQUEST).contains("lastName"));
    let r = send(&sb, "POST", "/api/2.0/people", &[("authorization", BEARER), JSON], Some("[1]")).await;
    assert_error(&r, StatusCode::BAD_REQUEST);
    assert_eq!(sb.docspace_user_count(), before, "nothing created");
}
