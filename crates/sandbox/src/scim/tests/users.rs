//! One user read (RFC 7643's example, hostile text, omitted attributes, 404, `If-None-Match`), the
//! ServiceProviderConfig, the API key, unknown paths and wrong methods.

use axum::http::StatusCode;
use serde_json::json;

use super::*;

#[tokio::test]
async fn get_returns_rfc_7643s_example_user_with_its_etag() {
    let sb = sandbox();
    let r = call(&sb, "GET", &format!("/Users/{BJENSEN}"), None).await;
    let babs = assert_resource(&r, StatusCode::OK);
    let expected = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "id": BJENSEN, "externalId": "bjensen", "userName": "bjensen",
        "name": {"formatted": "Ms. Barbara J Jensen, III", "familyName": "Jensen", "givenName": "Barbara"},
        "displayName": "Babs Jensen",
        "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true}],
        "active": true, "title": "Tour Guide",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
            "employeeNumber": "701984", "department": "Tour Operations",
            "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d", "displayName": "John Smith"}
        },
        "meta": {"resourceType": "User", "created": "2010-01-23T04:56:22Z", "lastModified": "2011-05-13T04:42:34Z",
            "location": format!("/scim/v2/Users/{BJENSEN}"), "version": "W/\"1\""}
    });
    assert_eq!(babs, expected);
    assert_eq!(etag(&r), "W/\"1\"");
    assert_eq!(crate::SCIM_BJENSEN_ID, BJENSEN);
}

#[tokio::test]
async fn absent_attributes_are_omitted_and_never_null() {
    let sb = sandbox();
    let terry = user(&sb, TERRY).await;
    assert_eq!(terry["schemas"], json!(["urn:ietf:params:scim:schemas:core:2.0:User"]));
    assert_eq!((terry["userName"].clone(), terry["displayName"].clone()), (json!("terry"), json!("Terry Example")));
    for absent in ["externalId", "title", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] {
        assert!(terry.get(absent).is_none(), "{absent} is omitted");
    }
    assert!(!terry.to_string().contains("null"), "{terry}");
    let irene = user(&sb, IRENE).await;
    assert_eq!((irene["active"].clone(), irene["userName"].clone()), (json!(false), json!("irene.inactive")));
    let quinn = user(&sb, QUINN).await;
    assert_eq!(quinn["userName"], r#"o'neil "quote""#);
    assert_eq!(quinn["name"]["familyName"], "O'Neil");
    assert_eq!(quinn["emails"][0]["value"], "quinn.o.neil@example.com");
}

#[tokio::test]
async fn the_hostile_seed_is_stored_verbatim() {
    let sb = sandbox();
    let mallory = user(&sb, MALLORY).await;
    assert_eq!(mallory["name"]["givenName"], "<img src=x onerror=alert(1)>");
    assert_eq!(mallory["name"]["familyName"], r#""><script>alert(2)</script>"#);
    assert_eq!(mallory["displayName"], r#"<img src=x onerror=alert(1)> "><script>alert(2)</script>"#);
    assert_eq!(mallory["title"], "javascript:alert(3)");
}

#[tokio::test]
async fn unknown_ids_are_404_and_ids_are_case_exact() {
    let sb = sandbox();
    for id in ["2819c223-7f76-453a-919d-413861904647", "nobody", "%2e%2e", &BJENSEN.to_uppercase()] {
        let r = call(&sb, "GET", &format!("/Users/{id}"), None).await;
        assert!(assert_error(&r, StatusCode::NOT_FOUND, None).contains("not found"), "{id}");
    }
    let r = call(&sb, "GET", "/Users/2819c223-7f76-453a-919d-413861904647", None).await;
    assert_eq!(r.json()["detail"], "Resource 2819c223-7f76-453a-919d-413861904647 not found");
}

#[tokio::test]
async fn if_none_match_of_the_current_tag_is_304() {
    let sb = sandbox();
    let path = format!("/Users/{TERRY}");
    for tag in ["W/\"1\"", "\"1\"", "*", "W/\"9\", W/\"1\""] {
        let r = call_with(&sb, "GET", &path, &[("if-none-match", tag)], None).await;
        assert_empty(&r, StatusCode::NOT_MODIFIED);
        assert_eq!(etag(&r), "W/\"1\"", "{tag}");
    }
    let r = call_with(&sb, "GET", &path, &[("if-none-match", "W/\"2\"")], None).await;
    assert_resource(&r, StatusCode::OK);
}

#[tokio::test]
async fn the_service_provider_config_says_what_is_supported() {
    let sb = sandbox();
    let r = call(&sb, "GET", "/ServiceProviderConfig", None).await;
    assert_eq!((r.status, r.headers["content-type"].to_str().unwrap()), (StatusCode::OK, "application/scim+json"));
    let expected = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "patch": {"supported": true},
        "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": true, "maxResults": 200},
        "changePassword": {"supported": false},
        "sort": {"supported": false},
        "etag": {"supported": true},
        "authenticationSchemes": [{"type": "oauthbearertoken", "name": "OAuth Bearer Token",
            "description": "Authentication scheme using the OAuth Bearer Token Standard",
            "specUri": "http://www.rfc-editor.org/info/rfc6750", "primary": true}],
        "meta": {"resourceType": "ServiceProviderConfig", "location": "/scim/v2/ServiceProviderConfig"}
    });
    assert_eq!(r.json(), expected);
}

#[tokio::test]
async fn only_the_exact_bearer_key_is_let_in() {
    let sb = sandbox();
    let path = format!("/Users/{TERRY}");
    let wrong = ["bearer scim-test-key", "Bearer  scim-test-key", "Bearer other", "scim-test-key", "Basic x", ""];
    for authorization in wrong {
        let r = send(&sb, "GET", &path, &[("authorization", authorization)], None).await;
        assert_error(&r, StatusCode::UNAUTHORIZED, None);
        assert_eq!(r.headers["www-authenticate"], "Bearer realm=\"lockdesk-sandbox\"", "{authorization:?}");
    }
    for (method, path) in [("GET", "/Users"), ("GET", "/ServiceProviderConfig"), ("DELETE", path.as_str())] {
        assert_error(&send(&sb, method, path, &[], None).await, StatusCode::UNAUTHORIZED, None);
    }
    let body = deactivate(false).to_string();
    let r = send(&sb, "PATCH", &path, &[SCIM], Some(&body)).await;
    assert_error(&r, StatusCode::UNAUTHORIZED, None);
    assert_eq!(state(&sb, TERRY), ScimState { exists: true, active: true, version: 1, patches: 0 });
    assert_resource(&send(&sb, "GET", &path, &[("authorization", BEARER)], None).await, StatusCode::OK);
}

#[tokio::test]
async fn unknown_paths_are_404_and_wrong_methods_405() {
    let sb = sandbox();
    for path in ["/scim/v2/Groups", "/scim/v2/Users/a/b", "/scim/v2", "/scim/Users", "/scim/elsewhere"] {
        let r = send_to(sb.router(), "GET", path, &[("authorization", BEARER)], None).await;
        assert_error(&r, StatusCode::NOT_FOUND, None);
    }
    let wrong = [
        ("POST", "/Users".to_string()),
        ("PUT", format!("/Users/{TERRY}")),
        ("POST", format!("/Users/{TERRY}")),
        ("DELETE", "/Users".to_string()),
        ("PATCH", "/ServiceProviderConfig".to_string()),
    ];
    for (method, path) in wrong {
        let r = call(&sb, method, &path, None).await;
        assert!(assert_error(&r, StatusCode::METHOD_NOT_ALLOWED, None).contains(method), "{method} {path}");
    }
}
