//! `GET /_sandbox/people/{provider}` at every provider (active people with emails, Terry among
//! them, in a stable order, each of them active when read through the vendor's API; bad requests
//! refused) and `POST /_sandbox/reset` clearing counts and the shared faults everywhere.

use std::collections::HashSet;

use axum::http::StatusCode;
use serde_json::json;

use super::*;
use crate::DOCSPACE_OWNER_ID;

#[tokio::test]
async fn every_provider_lists_people_who_can_sign_in_terry_included() {
    let sb = sandbox();
    let router = sb.router();
    for t in &TARGETS {
        let r = admin(&router, "GET", &format!("/_sandbox/people/{}?state=active&limit=2000", t.name), None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", t.name);
        let listed = r.json();
        let listed = listed.as_array().unwrap();
        assert!(listed.len() > 60, "{}: {}", t.name, listed.len());
        let mut ids = HashSet::new();
        for person in listed {
            assert_eq!(person.as_object().unwrap().len(), 3, "{}: id, email, name: {person}", t.name);
            let id = person["id"].as_str().unwrap();
            assert!(person["email"].as_str().is_some_and(|e| e.contains('@')), "{}: {person}", t.name);
            assert!(person["name"].as_str().is_some_and(|n| !n.is_empty()), "{}: {person}", t.name);
            assert!(ids.insert(id.to_string()), "{}: {id} twice", t.name);
            assert!(t.is_active(&t.read(&router, id).await), "{}: {id} can sign in", t.name);
        }
        let terry = listed.iter().find(|p| p["email"] == "terry@example.com").unwrap_or_else(|| panic!("{}", t.name));
        assert_eq!(terry["name"], "Terry Example", "{}", t.name);
        let by_default = admin(&router, "GET", &format!("/_sandbox/people/{}", t.name), None).await.json();
        let first = listed.len().min(100);
        assert_eq!(by_default.as_array().unwrap()[..], listed[..first], "{}: 100 by default, same order", t.name);
        assert!(by_default.as_array().unwrap().contains(terry), "{}", t.name);
        let three = t.people(&router, 3).await;
        assert_eq!(three.len(), 3);
        assert_eq!(
            sb.active_people(t.name, 3).unwrap().iter().map(|p| p.id.clone()).collect::<Vec<_>>(),
            three.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>(),
            "{}",
            t.name
        );
    }
    assert!(!t_ids(&router, "docspace").await.contains(DOCSPACE_OWNER_ID), "the owner is never deactivated");
    assert_eq!(sb.active_people("keycloak", 5), None);
}

async fn t_ids(router: &Router, provider: &str) -> HashSet<String> {
    let r = admin(router, "GET", &format!("/_sandbox/people/{provider}?limit=2000"), None).await;
    r.json().as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn bad_people_requests_are_refused() {
    let router = sandbox().router();
    for query in ["state=inactive", "limit=0", "limit=2001", "limit=x", "page=2"] {
        let r = admin(&router, "GET", &format!("/_sandbox/people/okta?{query}"), None).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(r.json()["error"].as_str().is_some_and(|e| !e.is_empty()), "{query}");
    }
    let r = admin(&router, "GET", "/_sandbox/people/keycloak", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let deactivated = sandbox();
    let router = deactivated.router();
    let okta = &TARGETS[1];
    let terry = okta.terry(&router).await;
    okta.deactivate(&router, &terry).await;
    assert!(!t_ids(&router, "okta").await.contains(&terry), "a deactivation in flight leaves the list");
}

#[tokio::test]
async fn reset_clears_counts_and_the_shared_faults_everywhere() {
    let sb = sandbox();
    let router = sb.router();
    let defaults: Vec<Value> = {
        let mut out = vec![];
        for t in &TARGETS {
            out.push(admin(&router, "GET", &format!("/_sandbox/faults/{}", t.name), None).await.json());
        }
        out
    };
    for t in &TARGETS {
        let (id, _) = t.people(&router, 1).await.remove(0);
        assert!(t.deactivate(&router, &id).await.status.is_success(), "{}", t.name);
        let body = json!({"rate_limit_per_minute": 9, "burst_429": 4, "random_fault_percent": 30,
            "random_fault_seed": 5, "fail_after_change": true});
        set_faults(&router, t.name, body).await;
    }
    let r = admin(&router, "POST", "/_sandbox/reset", None).await;
    assert_eq!(r.status, StatusCode::OK);
    let all = admin(&router, "GET", "/_sandbox/changes", None).await.json();
    for (n, t) in TARGETS.iter().enumerate() {
        assert_eq!(all[t.name], json!({}), "{}", t.name);
        let shown = admin(&router, "GET", &format!("/_sandbox/faults/{}", t.name), None).await.json();
        assert_eq!(shown, defaults[n], "{}", t.name);
        let terry = t.terry(&router).await;
        assert!(t.is_active(&t.read(&router, &terry).await), "{}", t.name);
    }
}
