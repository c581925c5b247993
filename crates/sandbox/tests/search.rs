//! `POST /api/user/search`: matching, paging, sorting and request validation.

mod common;

use std::collections::HashSet;

use axum::http::StatusCode;
use common::*;
use lockdesk_sandbox::Sandbox;
use serde_json::json;

#[tokio::test]
async fn terry_is_found_by_name_case_insensitively() {
    let sb = sandbox();
    for q in ["terry", "  TERRY* ", "Terry Example", r"terry\ example", "terry@example"] {
        let r = search(&sb, json!({"queryString": q})).await;
        assert_eq!(r.status, StatusCode::OK, "{q}");
        let v = r.json();
        assert_eq!(v["total"], 1, "{q}");
        assert_eq!(v["users"][0]["id"], TERRY, "{q}");
    }
    assert_eq!(search(&sb, json!({"queryString": "no-such-person"})).await.json(), json!({"total": 0, "users": []}));
}

#[tokio::test]
async fn star_and_empty_match_everyone_with_default_page_of_25() {
    let sb = sandbox();
    for q in [json!({"queryString": "*"}), json!({"queryString": ""}), json!({})] {
        let v = search(&sb, q).await.json();
        assert_eq!(v["total"], 123);
        assert_eq!(v["users"].as_array().unwrap().len(), 25);
    }
}

#[tokio::test]
async fn paging_covers_every_user_once_in_email_order() {
    let sb = sandbox();
    let mut seen = Vec::new();
    for start in (0..130).step_by(10) {
        let v = search(&sb, json!({"queryString": "*", "startRow": start, "numberOfResults": 10})).await.json();
        assert_eq!(v["total"], 123);
        let page = emails(&v);
        assert_eq!(page.len(), 10.min(123usize.saturating_sub(start)));
        seen.extend(page);
    }
    assert_eq!(seen.len(), 123);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 123, "no duplicates across pages");
    let mut sorted = seen.clone();
    sorted.sort_by_key(|e| e.to_lowercase());
    assert_eq!(seen, sorted, "default order is email ascending");
}

#[tokio::test]
async fn sort_fields_order_the_results() {
    let sb = sandbox();
    let sort = json!([{"name": "lastName", "order": "desc"}, {"name": "email"}]);
    let v = search(&sb, json!({"queryString": "*", "numberOfResults": 500, "sortFields": sort})).await.json();
    let last: Vec<String> =
        v["users"].as_array().unwrap().iter().map(|u| u["lastName"].as_str().unwrap().to_lowercase()).collect();
    assert!(last.windows(2).all(|w| w[0] >= w[1]), "lastName descending");
    let bad = json!({"queryString": "*", "sortFields": [{"name": "shoeSize"}]});
    assert_eq!(search(&sb, bad).await.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn deactivated_users_are_returned() {
    let sb = sandbox();
    let v = search(&sb, json!({"queryString": "*", "numberOfResults": 500})).await.json();
    let inactive = v["users"].as_array().unwrap().iter().filter(|u| u["active"] == false).count();
    assert!(inactive > 0, "the seed has inactive users and search returns them");
}

#[tokio::test]
async fn malformed_json_is_400_invalid_json() {
    let sb = sandbox();
    for body in ["{\"search\":", "", "not json", "{\"search\":{\"startRow\":\"zero\"}}"] {
        let r = api(&sb, "POST", "/api/user/search", Some(body)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body:?}");
        assert_eq!(r.json()["generalErrors"][0]["code"], "[invalidJSON]", "{body:?}");
    }
}

#[tokio::test]
async fn out_of_range_paging_is_400_with_a_field_error() {
    let sb = sandbox();
    let r = search(&sb, json!({"queryString": "*", "numberOfResults": 501})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["fieldErrors"][0]["code"], "[tooLarge]search.numberOfResults");
    let r = search(&sb, json!({"queryString": "*", "startRow": -1})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["fieldErrors"][0]["code"], "[invalid]search.startRow");
    let ok = search(&sb, json!({"queryString": "*", "numberOfResults": 500})).await;
    assert_eq!(ok.json()["users"].as_array().unwrap().len(), 123);
}

#[tokio::test]
async fn generated_emails_are_unique_and_well_formed() {
    let sb = Sandbox::seeded(9, 480, KEY.into());
    let v = search(&sb, json!({"queryString": "*", "numberOfResults": 500})).await.json();
    let all = emails(&v);
    assert_eq!(all.len(), 483);
    assert_eq!(all.iter().map(|e| e.to_lowercase()).collect::<HashSet<_>>().len(), 483);
    assert!(all.iter().all(|e| e.is_ascii() && e.matches('@').count() == 1 && !e.contains(' ')));
}
