//! Okta lifecycle operations: the full status × operation table (allowed → the new status,
//! disallowed → 403 E0000038 with nothing changed), reply bodies, asynchronous activation and
//! deactivation (`transitioningToStatus`, then settling), reset_factors and unknown operations.

mod common;

use std::time::Duration;

use axum::http::StatusCode;
use common::*;
use lockdesk_sandbox::Sandbox;
use serde_json::{json, Value};

const OPS: [&str; 7] = ["activate", "deactivate", "reactivate", "suspend", "unsuspend", "unlock", "reset_factors"];

/// The rule as the spec's descriptions state it, written independently of the sandbox's table.
fn expected(op: &str, status: &str, password: bool) -> Option<String> {
    let new = match (op, status) {
        ("activate", "STAGED" | "DEPROVISIONED") => {
            if password {
                "ACTIVE"
            } else {
                "PROVISIONED"
            }
        }
        ("deactivate", s) if s != "DEPROVISIONED" => "DEPROVISIONED",
        ("reactivate", "PROVISIONED" | "RECOVERY") => "PROVISIONED",
        ("suspend", "ACTIVE") => "SUSPENDED",
        ("unsuspend", "SUSPENDED") => "ACTIVE",
        ("unlock", "LOCKED_OUT") => "ACTIVE",
        (
            "reset_factors",
            s @ ("ACTIVE" | "PASSWORD_EXPIRED" | "RECOVERY" | "LOCKED_OUT" | "SUSPENDED" | "PROVISIONED"),
        ) => s,
        _ => return None,
    };
    Some(new.to_string())
}

/// A STAGED generated user with a password.
async fn staged_with_password(sb: &Sandbox) -> String {
    let r = okta(sb, "GET", "/api/v1/users?search=status%20eq%20%22STAGED%22").await;
    let users = r.json();
    let hit = users.as_array().unwrap().iter().find(|u| u["credentials"]["password"].is_object()).cloned();
    hit.expect("a generated STAGED user with a password")["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn every_status_and_operation_follows_the_rules() {
    let mut subjects = [ISAAC, LARA, SAM, STELLA, DEE, PAT, RICO, PAULA, UNKNOWN].map(String::from).to_vec();
    subjects.push(staged_with_password(&sandbox()).await);
    let mut allowed = 0;
    for id in &subjects {
        for op in OPS {
            let sb = sandbox();
            immediate(&sb).await;
            let before = okta_user(&sb, id).await;
            let status = before["status"].as_str().unwrap().to_string();
            let password = before["credentials"]["password"].is_object();
            let r = okta(&sb, "POST", &format!("/api/v1/users/{id}/lifecycle/{op}")).await;
            let after = okta_user(&sb, id).await;
            match expected(op, &status, password) {
                Some(new) => {
                    allowed += 1;
                    assert_eq!(r.status, StatusCode::OK, "{op} on {status} ({id})");
                    assert_eq!(after["status"], new, "{op} on {status} ({id})");
                    assert!(after.get("transitioningToStatus").is_none());
                    assert_ne!(after["lastUpdated"], before["lastUpdated"], "{op} on {status}");
                }
                None => {
                    let body = assert_okta_error(&r, StatusCode::FORBIDDEN, "E0000038");
                    assert_eq!(body["errorSummary"], "This operation is not allowed in the user's current status.");
                    assert_eq!(after, before, "{op} on {status} ({id}) changed the user");
                }
            }
        }
    }
    assert_eq!(allowed, 23, "allowed cells of the table");
}

#[tokio::test]
async fn activation_replies_with_a_token_unless_an_email_is_sent() {
    let sb = sandbox();
    immediate(&sb).await;
    let r = okta(&sb, "POST", &format!("/api/v1/users/{STELLA}/lifecycle/activate")).await;
    assert_eq!((r.status, r.json()), (StatusCode::OK, json!({})), "sendEmail defaults to true");
    let r = okta(&sb, "POST", &format!("/api/v1/users/{DEE}/lifecycle/activate?sendEmail=false")).await;
    let token = r.json();
    let value = token["activationToken"].as_str().unwrap();
    assert_eq!(value.len(), 20);
    assert_eq!(token["activationUrl"], format!("http://localhost/okta/tokens/{value}/verify"));
    let r = okta(&sb, "POST", &format!("/api/v1/users/{RICO}/lifecycle/reactivate")).await;
    assert!(r.json()["activationToken"].is_string(), "reactivate's sendEmail defaults to false");
    let r = okta(&sb, "POST", &format!("/api/v1/users/{PAULA}/lifecycle/reactivate?sendEmail=true")).await;
    assert_eq!(r.json(), json!({}));
    let r = okta(&sb, "POST", &format!("/api/v1/users/{ISAAC}/lifecycle/suspend")).await;
    assert_eq!((r.status, r.body.len()), (StatusCode::OK, 0));
    let r = okta(&sb, "POST", &format!("/api/v1/users/{SAM}/lifecycle/deactivate?sendEmail=false")).await;
    assert_eq!((r.status, r.body.len()), (StatusCode::OK, 0));
}

#[tokio::test]
async fn activation_and_deactivation_transition_then_settle() {
    let sb = sandbox();
    provider_faults(&sb, "okta", json!({"transition_ms": 50})).await;
    let before = okta_user(&sb, ISAAC).await;
    assert_eq!(okta(&sb, "POST", &format!("/api/v1/users/{ISAAC}/lifecycle/deactivate")).await.status, StatusCode::OK);
    assert_eq!(okta(&sb, "POST", &format!("/api/v1/users/{STELLA}/lifecycle/activate")).await.status, StatusCode::OK);
    assert_eq!(okta(&sb, "POST", &format!("/api/v1/users/{DEE}/lifecycle/activate")).await.status, StatusCode::OK);
    let expect =
        [(ISAAC, "ACTIVE", "DEPROVISIONED"), (STELLA, "STAGED", "PROVISIONED"), (DEE, "DEPROVISIONED", "ACTIVE")];
    for (id, old, target) in expect {
        let u = okta_user(&sb, id).await;
        assert_eq!((u["status"].as_str(), u["transitioningToStatus"].as_str()), (Some(old), Some(target)), "{id}");
        let r = okta(&sb, "POST", &format!("/api/v1/users/{id}/lifecycle/suspend")).await;
        assert_okta_error(&r, StatusCode::FORBIDDEN, "E0000038");
    }
    tokio::time::sleep(Duration::from_millis(120)).await;
    for (id, _, target) in expect {
        let u = okta_user(&sb, id).await;
        assert_eq!(u["status"], target, "{id}");
        assert!(u.get("transitioningToStatus").is_none(), "{id}");
    }
    let isaac = okta_user(&sb, ISAAC).await;
    assert_ne!(isaac["statusChanged"], before["statusChanged"]);
    assert_eq!(isaac["activated"], before["activated"], "deactivation keeps the activation time");
    assert_eq!(okta_user(&sb, STELLA).await["activated"], Value::Null, "PROVISIONED is not yet activated");
    assert!(okta_user(&sb, DEE).await["activated"].as_str().unwrap() > "2024-12-31");
}

#[tokio::test]
async fn default_transition_is_visible_and_zero_is_immediate() {
    let sb = sandbox();
    okta(&sb, "POST", &format!("/api/v1/users/{SAM}/lifecycle/deactivate")).await;
    assert_eq!(okta_user(&sb, SAM).await["transitioningToStatus"], "DEPROVISIONED", "1000 ms by default");
    let r = okta(&sb, "GET", "/api/v1/users?search=id%20eq%20%2200usam0suspended0001%22").await;
    assert_eq!(r.json()[0]["transitioningToStatus"], "DEPROVISIONED", "search shows it too");
    immediate(&sb).await;
    okta(&sb, "POST", &format!("/api/v1/users/{LARA}/lifecycle/deactivate")).await;
    let lara = okta_user(&sb, LARA).await;
    assert_eq!(lara["status"], "DEPROVISIONED");
    assert!(lara.get("transitioningToStatus").is_none());
}

#[tokio::test]
async fn reset_factors_clears_them_and_keeps_the_status() {
    let sb = sandbox();
    let r = okta(&sb, "POST", &format!("/api/v1/users/{FAY}/lifecycle/reset_factors")).await;
    assert_eq!((r.status, r.body.len()), (StatusCode::OK, 0));
    assert_eq!(okta(&sb, "GET", &format!("/api/v1/users/{FAY}/factors")).await.json(), json!([]));
    assert_eq!(okta_user(&sb, FAY).await["status"], "ACTIVE");
}

#[tokio::test]
async fn unknown_operations_and_bad_flags() {
    let sb = sandbox();
    for op in ["expire_password", "explode", "ACTIVATE", "%20"] {
        let r = okta(&sb, "POST", &format!("/api/v1/users/{STELLA}/lifecycle/{op}")).await;
        assert_okta_error(&r, StatusCode::NOT_FOUND, "E0000007");
    }
    let r = okta(&sb, "POST", &format!("/api/v1/users/{STELLA}/lifecycle/activate?sendEmail=1")).await;
    assert_okta_error(&r, StatusCode::BAD_REQUEST, "E0000001");
    assert_eq!(okta_user(&sb, STELLA).await["status"], "STAGED");
    let r = okta(&sb, "GET", &format!("/api/v1/users/{STELLA}/lifecycle/activate")).await;
    assert_okta_error(&r, StatusCode::METHOD_NOT_ALLOWED, "E0000022");
}
