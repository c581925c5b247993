//! `GET /api/2/search`: the item shapes, mixing tenants and people, the tenant tree as scope,
//! case-insensitive matching (email included, though not shown), deleted people left out, order
//! and `limit`, and the 400s and 404s.

use axum::http::StatusCode;
use serde_json::{json, Value};

use super::*;

async fn search(sb: &Sandbox, query: &str) -> Reply {
    call(sb, "GET", &format!("/api/2/search?{query}"), None).await
}

/// The items of a 200 search.
async fn items(sb: &Sandbox, tenant: &str, text: &str) -> Vec<Value> {
    let r = search(sb, &format!("tenant={tenant}&text={text}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", String::from_utf8_lossy(&r.body));
    let body = r.json();
    assert_eq!(body.as_object().unwrap().len(), 1, "only `items`: {body}");
    body["items"].as_array().unwrap().clone()
}

fn ids(items: &[Value]) -> Vec<&str> {
    items.iter().map(|i| i["id"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn a_search_mixes_tenants_and_people_in_the_docs_shapes() {
    let sb = sandbox();
    let found = items(&sb, ROOT, "doe").await;
    let tenant = json!({"obj_type": "tenant", "id": DOE_HOLDINGS, "name": "Doe Holdings", "kind": "customer",
        "parent_id": ROOT, "path": ["Partner", "Doe Holdings"], "first_name": "", "last_name": ""});
    let john = json!({"obj_type": "user", "id": JOHN, "login": "JohnDoe", "first_name": "John", "last_name": "Doe",
        "parent_id": ROOT, "path": ["Partner"]});
    assert_eq!(found[0], tenant, "tenants first");
    assert!(found[1..].iter().all(|i| i["obj_type"] == "user"), "{found:?}");
    assert!(found.contains(&john), "{found:?}");
    let dora = &items(&sb, ROOT, "dora").await[0];
    assert_eq!(
        (dora["path"].clone(), dora["parent_id"].clone()),
        (json!(["Partner", "Customer A"]), json!(CUSTOMER_A))
    );
    assert!(dora.get("email").is_none(), "the docs: the email is not shown");
}

#[tokio::test]
async fn the_scope_is_the_tenant_and_everything_below_it() {
    let sb = sandbox();
    let customers = items(&sb, ROOT, "customer").await;
    assert_eq!(
        customers.iter().map(|i| i["name"].as_str().unwrap()).collect::<Vec<_>>(),
        ["Customer A", "Customer B", "Customer C"]
    );
    assert!(items(&sb, ROOT, "otto").await.is_empty(), "nobody outside the tree");
    assert!(items(&sb, ROOT, "outside").await.is_empty());
    assert_eq!(ids(&items(&sb, OUTSIDE, "otto").await), [OTTO]);
    assert_eq!(ids(&items(&sb, CUSTOMER_A, "dora").await), [DORA]);
    assert!(items(&sb, CUSTOMER_B, "dora").await.is_empty());
    assert!(items(&sb, CUSTOMER_A, "customer").await.is_empty(), "only tenants below the given one");
    assert!(items(&sb, CUSTOMER_A, "john").await.iter().all(|i| i["id"] != JOHN), "not above it");
    let outside: Vec<(String, String)> = sb.acronis().with_state(|s| {
        let there = s.people.iter().filter(|p| p.user.tenant_id == OUTSIDE && !p.deleted);
        there.map(|p| (p.user.id.clone(), p.user.login.clone())).collect()
    });
    assert!(outside.len() > 1, "generated people outside too");
    for (id, login) in outside {
        assert!(!ids(&items(&sb, ROOT, &login).await).contains(&id.as_str()), "{login}");
        assert!(ids(&items(&sb, OUTSIDE, &login).await).contains(&id.as_str()), "{login}");
    }
}

#[tokio::test]
async fn matching_is_case_insensitive_and_covers_the_email() {
    let sb = sandbox();
    assert_eq!(ids(&items(&sb, ROOT, "MYSITE.COM").await), [JOHN], "email, not shown");
    assert_eq!(ids(&items(&sb, ROOT, "johndoe@MySite").await), [JOHN]);
    assert_eq!(ids(&items(&sb, ROOT, "JOHNDOE").await), [JOHN], "login");
    assert!(ids(&items(&sb, ROOT, "InViTed").await).contains(&IVAN), "last name");
    assert_eq!(ids(&items(&sb, ROOT, "John%20Doe").await), [JOHN], "every word somewhere");
    assert!(ids(&items(&sb, ROOT, "%3Cscript%3E").await).contains(&MALLORY));
}

#[tokio::test]
async fn deleted_people_are_not_found() {
    let sb = sandbox();
    assert!(items(&sb, ROOT, "dean.deleted").await.is_empty());
    let r = call(&sb, "POST", &format!("/api/2/users/{DEAN}/restore"), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(ids(&items(&sb, ROOT, "dean.deleted").await), [DEAN]);
}

#[tokio::test]
async fn results_are_ordered_and_limited() {
    let sb = Sandbox::seeded(1, 400, KEY.into());
    let all = items(&sb, ROOT, "example.com").await;
    assert_eq!(all.len(), 100, "at most 100 by default");
    let logins: Vec<String> = all.iter().map(|i| i["login"].as_str().unwrap().to_lowercase()).collect();
    let mut sorted = logins.clone();
    sorted.sort();
    assert_eq!(logins, sorted, "by login");
    let r = search(&sb, &format!("tenant={ROOT}&text=example.com&limit=300")).await;
    assert_eq!(r.json()["items"].as_array().unwrap().len(), 300);
    let r = search(&sb, &format!("tenant={ROOT}&text=example.com&limit=5")).await;
    assert_eq!(r.json()["items"].as_array().unwrap().len(), 5);
}

#[tokio::test]
async fn bad_searches_are_400_and_unknown_tenants_404() {
    let sb = sandbox();
    let long = "a".repeat(257);
    for bad in [
        "text=john".to_string(),
        format!("tenant={ROOT}"),
        format!("tenant={ROOT}&text=jo"),
        format!("tenant={ROOT}&text=%20%20jo%20"),
        format!("tenant={ROOT}&text={long}"),
        format!("tenant={ROOT}&text=john&text=doe"),
        format!("tenant={ROOT}&text=john&offset=1"),
        format!("tenant={ROOT}&text=john&limit=0"),
        format!("tenant={ROOT}&text=john&limit=301"),
        format!("tenant={ROOT}&text=john&limit=x"),
        format!("tenant={}&text=john", ROOT.to_uppercase()),
        "tenant=root&text=john".to_string(),
    ] {
        assert_error(&search(&sb, &bad).await, StatusCode::BAD_REQUEST, "BadRequest");
    }
    assert_eq!(search(&sb, &format!("tenant={ROOT}&text={}", "a".repeat(256))).await.status, StatusCode::OK);
    for unknown in [UPSTREAM, "77777777-7777-4777-8777-777777777777"] {
        let r = search(&sb, &format!("tenant={unknown}&text=john")).await;
        assert_eq!(assert_error(&r, StatusCode::NOT_FOUND, "NotFound")["message"], "Tenant not found");
    }
}
