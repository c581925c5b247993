//! `PUT /api/2.0/people/status/{status}`: terminating (sessions end; the owner refuses the whole
//! call), reactivating (the seat limit's 402 and partial success; pending invitations come back
//! pending), the path values and bodies accepted, and the counters.

use axum::http::StatusCode;
use serde_json::{json, Value};

use super::*;

/// `(id, status)` of each person in a status reply's list.
fn statuses(reply: &Reply) -> Vec<(String, u64)> {
    let people = assert_ok(reply);
    people
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap().into(), p["status"].as_u64().unwrap()))
        .collect()
}

fn pairs(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter().map(|(id, s)| (id.to_string(), *s)).collect()
}

#[tokio::test]
async fn terminating_ends_sessions_and_reactivating_brings_them_back() {
    let sb = sandbox();
    for form in ["2", "Terminated", "terminated"] {
        assert_eq!(statuses(&set_status(&sb, form, &[JOHN]).await), pairs(&[(JOHN, 2)]), "{form}");
    }
    let john = person(&sb, JOHN).await;
    let terminated = john["terminated"]["utcTime"].as_str().unwrap().to_string();
    assert!(terminated.as_str() > "2026", "{terminated}");
    assert_eq!(john["terminated"]["timeZoneOffset"], "00:00:00");
    assert_eq!(
        state(&sb, JOHN),
        DocSpaceState { exists: true, status: 2, activation_status: 1, sign_outs: 3, status_changes: 3 }
    );
    let r = set_status(&sb, "Active", &[JOHN]).await;
    assert_eq!(statuses(&r), pairs(&[(JOHN, 1)]));
    assert!(assert_ok(&r)[0].get("terminated").is_none(), "terminated removed");
    assert_eq!(statuses(&set_status(&sb, "1", &[JOHN, TERRY]).await), pairs(&[(JOHN, 1), (TERRY, 1)]));
    assert_eq!((state(&sb, JOHN).status_changes, state(&sb, JOHN).sign_outs), (5, 3));
    assert_eq!(statuses(&set_status(&sb, "1", &[TINA]).await), pairs(&[(TINA, 1)]));
    assert_eq!(state(&sb, TINA).activation_status, 1);
}

#[tokio::test]
async fn the_owner_refuses_the_whole_call() {
    let sb = sandbox();
    let r = set_status(&sb, "2", &[JOHN, OLIVIA, TERRY]).await;
    let message = assert_error(&r, StatusCode::FORBIDDEN);
    assert_eq!(
        message,
        "You don't have enough permission to perform the operation: the portal owner cannot be terminated."
    );
    for id in [JOHN, OLIVIA, TERRY] {
        assert_eq!(
            state(&sb, id),
            DocSpaceState { exists: true, status: 1, activation_status: 1, sign_outs: 0, status_changes: 0 }
        );
    }
    assert_eq!(statuses(&set_status(&sb, "1", &[OLIVIA]).await), pairs(&[(OLIVIA, 1)]), "reactivating her is harmless");
}

#[tokio::test]
async fn reactivation_past_the_seat_limit_is_402_or_a_partial_success() {
    let sb = sandbox();
    assert_ok(&set_status(&sb, "2", &[JOHN, TERRY]).await);
    let active = sb.simulator::<crate::docspace::DocSpace>().with_state(|s| s.active_count()) as u64;
    set_faults(&sb, json!({"seat_limit": active})).await;
    let r = set_status(&sb, "1", &[JOHN, TERRY]).await;
    let message = assert_error(&r, StatusCode::PAYMENT_REQUIRED);
    assert_eq!(message, "The number of active users has reached your plan's limit. Free a seat or upgrade the plan.");
    assert_eq!((state(&sb, JOHN).status, state(&sb, JOHN).status_changes), (2, 1), "nothing changed");
    set_faults(&sb, json!({"seat_limit": active + 1})).await;
    let r = set_status(&sb, "1", &[JOHN, TERRY]).await;
    assert_eq!(statuses(&r), pairs(&[(JOHN, 1), (TERRY, 2)]), "partial success");
    assert!(assert_ok(&r)[1]["terminated"].is_object(), "Terry as he now is");
    assert_eq!((state(&sb, JOHN).status_changes, state(&sb, TERRY).status_changes), (2, 1));
    assert_error(&set_status(&sb, "1", &[TERRY]).await, StatusCode::PAYMENT_REQUIRED);
    assert_ok(&set_status(&sb, "2", &[MIKE]).await);
    assert_eq!(statuses(&set_status(&sb, "1", &[TERRY]).await), pairs(&[(TERRY, 1)]), "a seat was freed");
    let r = call(
        &sb,
        "POST",
        "/api/2.0/people",
        Some(json!({"email": "x@example.com", "firstName": "X",
        "lastName": "Y", "type": 4})),
    )
    .await;
    assert_ok(&r);
}

#[tokio::test]
async fn a_pending_invitation_comes_back_pending() {
    let sb = sandbox();
    assert_eq!(statuses(&set_status(&sb, "Terminated", &[PETE]).await), pairs(&[(PETE, 2)]));
    set_faults(&sb, json!({"seat_limit": 0})).await;
    assert_eq!(statuses(&set_status(&sb, "Active", &[PETE]).await), pairs(&[(PETE, 4)]), "needs no seat");
    let pete = person(&sb, PETE).await;
    assert_eq!((pete["activationStatus"].clone(), pete.get("terminated")), (json!(2), None));
    assert_error(&set_status(&sb, "1", &[TINA]).await, StatusCode::PAYMENT_REQUIRED);
    set_faults(&sb, json!({})).await;
    assert_eq!(statuses(&set_status(&sb, "1", &[TINA]).await), pairs(&[(TINA, 1)]));
}

#[tokio::test]
async fn path_values_and_bodies_are_checked() {
    let sb = sandbox();
    for bad in ["4", "Pending", "0", "7", "All", "x"] {
        let r = set_status(&sb, bad, &[JOHN]).await;
        assert_eq!(assert_error(&r, StatusCode::BAD_REQUEST), "Only Active and Terminated can be set", "{bad}");
    }
    let path = "/api/2.0/people/status/2";
    for body in [json!({}), json!({"userIds": "x"}), json!({"userIds": ["nope"]}), json!({"userIds": [7]}), json!([])] {
        assert_error(&call(&sb, "PUT", path, Some(body.clone())).await, StatusCode::BAD_REQUEST);
    }
    let r = send(&sb, "PUT", path, &[("authorization", BEARER), JSON], Some("not json")).await;
    assert_error(&r, StatusCode::BAD_REQUEST);
    assert_eq!(state(&sb, JOHN).status, 1);
    let unknown = "046b6c7f-0b8a-43b9-b35d-6489e6daee92";
    let body = json!({"userIds": [unknown, JOHN.to_uppercase(), JOHN], "resendAll": false, "extra": 1});
    let r = call(&sb, "PUT", path, Some(body)).await;
    assert_eq!(statuses(&r), pairs(&[(JOHN, 2)]), "unknown skipped, repeats once");
    assert_eq!(state(&sb, JOHN).status_changes, 1);
    let r = call(&sb, "PUT", path, Some(json!({"userIds": []}))).await;
    assert_eq!(assert_ok(&r), Value::Array(vec![]));
}
