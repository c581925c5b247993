//! `GET /api/2.0/people/filter`: matching, order, paging (`startIndex`, `count`, `total`) and the
//! 400s.

use axum::http::StatusCode;
use serde_json::Value;

use super::*;

/// `GET /api/2.0/people/filter?{query}` → (the page's ids, `total`) (panics unless 200).
async fn filter(sb: &Sandbox, query: &str) -> (Vec<String>, u64) {
    let r = call(sb, "GET", &format!("/api/2.0/people/filter?{query}"), None).await;
    let page = assert_ok(&r);
    let ids = page.as_array().expect("a list").iter().map(|p| p["id"].as_str().unwrap().to_string()).collect();
    (ids, r.json()["total"].as_u64().expect("total"))
}

#[tokio::test]
async fn filter_matches_names_and_emails_case_insensitively() {
    let sb = sandbox();
    assert_eq!(filter(&sb, "filterValue=ZANYAT").await, (vec![MIKE.to_string()], 1));
    assert_eq!(filter(&sb, "filterValue=GMAIL.com").await, (vec![MIKE.to_string()], 1));
    assert_eq!(filter(&sb, "filterValue=john%20doe").await.0, vec![JOHN.to_string()], "displayName");
    assert_eq!(filter(&sb, "filterValue=Terminated&employeeStatus=1").await.0, vec![TINA.to_string()]);
    assert_eq!(filter(&sb, "filterValue=%3Cscript%3E").await.0, vec![MALLORY.to_string()]);
    assert_eq!(filter(&sb, "filterValue=pending&sortBy=x&sortOrder=1").await.0, vec![PETE.to_string()]);
    assert_eq!(filter(&sb, "filterValue=no-such-person-anywhere").await, (vec![], 0));
    let r = call(&sb, "GET", "/api/2.0/people/filter?filterValue=nobody-here", None).await;
    assert_eq!((assert_ok(&r), r.json()["count"].clone()), (Value::Array(vec![]), 0.into()));
}

#[tokio::test]
async fn everyone_is_paged_by_display_name_then_id() {
    let sb = sandbox();
    let everyone = sb.docspace_user_count() as u64;
    assert_eq!(everyone, 127);
    let (first, total) = filter(&sb, "").await;
    assert_eq!((first.len(), total), (25, everyone), "default count 25");
    let mut all = vec![];
    let mut start = 0;
    loop {
        let (page, total) = filter(&sb, &format!("filterValue=&startIndex={start}&count=40")).await;
        assert_eq!(total, everyone);
        if page.is_empty() {
            break;
        }
        start += page.len();
        all.extend(page);
    }
    assert_eq!(all.len() as u64, everyone);
    assert_eq!(&all[..25], &first[..]);
    let r = call(&sb, "GET", "/api/2.0/people/filter?count=100", None).await;
    let people = assert_ok(&r);
    let keys: Vec<(String, String)> = people
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["displayName"].as_str().unwrap().to_lowercase(), p["id"].as_str().unwrap().to_string()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!((keys.len(), keys, r.json()["count"].clone()), (100, sorted, 100.into()));
    let (page, total) = filter(&sb, &format!("startIndex={}&count=5", everyone - 2)).await;
    assert_eq!((page.len(), total), (2, everyone));
    assert_eq!(filter(&sb, "startIndex=100000").await, (vec![], everyone));
}

#[tokio::test]
async fn count_and_start_index_are_checked() {
    let sb = sandbox();
    for bad in ["count=0", "count=101", "count=-1", "count=ten", "startIndex=-1", "startIndex=x"] {
        let r = call(&sb, "GET", &format!("/api/2.0/people/filter?{bad}"), None).await;
        let message = assert_error(&r, StatusCode::BAD_REQUEST);
        assert!(message.contains(bad.split('=').next().unwrap()), "{bad}: {message}");
    }
    assert_eq!(filter(&sb, "count=1&count=500").await.0.len(), 1, "the first of repeats");
}

#[tokio::test]
async fn deleted_people_are_not_found() {
    let sb = sandbox();
    assert_eq!(filter(&sb, "filterValue=tina.terminated").await.1, 1);
    assert_ok(&call(&sb, "DELETE", &format!("/api/2.0/people/{TINA}"), None).await);
    assert_eq!(filter(&sb, "filterValue=tina.terminated").await, (vec![], 0));
}
