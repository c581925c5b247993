//! Change counts per person at every provider (`GET /_sandbox/changes`): a deactivation counts
//! once, one stopped by an injected failure or repeated does not, "applied, then 500" does, a
//! sign-out does; under random faults every count matches what a re-read shows; DocSpace's own
//! counters read the same ledger.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use serde_json::{json, Map, Value};

use super::*;

#[tokio::test]
async fn every_provider_counts_each_applied_change_once_per_person() {
    let sb = sandbox();
    let router = sb.router();
    for t in &TARGETS {
        let people = t.people(&router, 3).await;
        let [first, second, third] = [0, 1, 2].map(|i| people[i].0.clone());

        set_faults(&router, t.name, json!({"fail_status": 503, "changes_only": true})).await;
        assert_eq!(t.deactivate(&router, &first).await.status, StatusCode::SERVICE_UNAVAILABLE, "{}", t.name);
        assert!(t.is_active(&t.read(&router, &first).await), "{}: a refused change is not made", t.name);
        assert_eq!(changes(&router, t.name).await, json!({}), "{}", t.name);

        set_faults(&router, t.name, json!({})).await;
        let made = t.deactivate(&router, &first).await;
        assert!(made.status.is_success(), "{}: {}", t.name, String::from_utf8_lossy(&made.body));
        assert!(!t.is_active(&t.read(&router, &first).await), "{}", t.name);
        let again = t.deactivate(&router, &first).await;
        assert!(again.status.is_success() || again.status.is_client_error(), "{}: {}", t.name, again.status);

        set_faults(&router, t.name, json!({"fail_after_change": true})).await;
        assert_eq!(t.deactivate(&router, &second).await.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", t.name);
        assert!(!t.is_active(&t.read(&router, &second).await), "{}: applied, then 500", t.name);
        set_faults(&router, t.name, json!({})).await;

        let mut expected = Map::new();
        expected.insert(first.clone(), json!(1));
        expected.insert(second.clone(), json!(1));
        if let Some(signed_out) = t.sign_out(&router, &third).await {
            assert!(signed_out.status.is_success(), "{}: {}", t.name, signed_out.status);
            expected.insert(third.clone(), json!(1));
        }
        assert_eq!(changes(&router, t.name).await, Value::Object(expected.clone()), "{}", t.name);
        let counts: BTreeMap<String, u64> = expected.iter().map(|(id, n)| (id.clone(), n.as_u64().unwrap())).collect();
        assert_eq!(sb.changes(t.name), Some(counts), "{}", t.name);
    }
    let all = admin(&router, "GET", "/_sandbox/changes", None).await.json();
    let names: Vec<&str> = all.as_object().unwrap().keys().map(String::as_str).collect();
    let mut expected: Vec<&str> = TARGETS.iter().map(|t| t.name).collect();
    expected.sort();
    assert_eq!(names, expected);
    for t in &TARGETS {
        assert_eq!(all[t.name], changes(&router, t.name).await, "{}", t.name);
        assert!(all[t.name].as_object().unwrap().len() >= 2, "{}", t.name);
    }
    assert_eq!(sb.changes("keycloak"), None);
    let r = admin(&router, "GET", "/_sandbox/changes/keycloak", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn under_random_faults_each_count_is_what_a_re_read_shows() {
    for t in &TARGETS {
        let sb = sandbox();
        let router = sb.router();
        let people = t.people(&router, 40).await;
        set_faults(&router, t.name, json!({"random_fault_percent": 50, "random_fault_seed": 3})).await;
        let mut answered_500 = vec![];
        for (id, _) in &people {
            if t.deactivate(&router, id).await.status == StatusCode::INTERNAL_SERVER_ERROR {
                answered_500.push(id.clone());
            }
        }
        set_faults(&router, t.name, json!({})).await;
        let counts = changes(&router, t.name).await;
        let mut made_despite_500 = 0;
        for (id, _) in &people {
            let made = !t.is_active(&t.read(&router, id).await);
            assert_eq!(counts.get(id).and_then(Value::as_u64).unwrap_or(0), u64::from(made), "{}: {id}", t.name);
            made_despite_500 += usize::from(made && answered_500.contains(id));
        }
        assert!(made_despite_500 > 0, "{}: some change was applied, then answered 500", t.name);
        assert!(counts.as_object().unwrap().len() < people.len(), "{}: some changes were stopped", t.name);
    }
}

#[tokio::test]
async fn a_created_person_counts_under_the_new_id_and_docspace_reads_the_same_ledger() {
    let sb = sandbox();
    let docspace = &TARGETS[4];
    let router = sb.router();
    let body = json!({"email": "new.starter@example.com", "firstName": "New", "lastName": "Starter", "type": 4});
    let r = docspace.call(&router, "POST", "/api/2.0/people", Some(body)).await;
    assert_eq!(r.status, StatusCode::OK);
    let id = r.json()["response"]["id"].as_str().unwrap().to_string();
    assert_eq!(changes(&router, "docspace").await, json!({ id.clone(): 1 }), "a create counts");
    for _ in 0..2 {
        assert_eq!(docspace.deactivate(&router, &id).await.status, StatusCode::OK);
    }
    assert_eq!(docspace.sign_out(&router, &id).await.map(|r| r.status), Some(StatusCode::OK));
    assert_eq!(
        changes(&router, "docspace").await,
        json!({ id.clone(): 3 }),
        "the repeated termination changed nothing"
    );
    let state = sb.docspace_state(&id).unwrap();
    assert_eq!((state.sign_outs, state.status_changes), (3, 2), "DocSpace's own counters count every request");
}
