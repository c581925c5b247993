//! `GET /Users` paging: the ListResponse shape, 1-based `startIndex`, the `count` default and
//! clamp, `count=0`, the order, and bad numbers.

use axum::http::StatusCode;
use serde_json::json;

use super::*;

fn user_names(body: &Value) -> Vec<String> {
    body["Resources"].as_array().unwrap().iter().map(|u| u["userName"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn everyone_in_pages_of_100_by_default_ordered_by_user_name() {
    let sb = sandbox();
    let everyone = sb.scim_user_count();
    assert_eq!(everyone, 125);
    let first = list(&sb, "").await;
    assert_eq!((first["totalResults"].clone(), first["startIndex"].clone()), (json!(125), json!(1)));
    assert_eq!(first["itemsPerPage"], 100);
    let second = list(&sb, "startIndex=101&count=100").await;
    assert_eq!((second["startIndex"].clone(), second["itemsPerPage"].clone()), (json!(101), json!(25)));
    let mut names = user_names(&first);
    names.extend(user_names(&second));
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted, "by userName, case-insensitively");
    names.dedup();
    assert_eq!(names.len(), everyone, "no repeats, nobody missing");
    let one = &first["Resources"][0];
    assert_eq!(one["meta"]["location"], format!("/scim/v2/Users/{}", one["id"].as_str().unwrap()));
    assert_eq!(one["meta"]["version"], "W/\"1\"");
}

#[tokio::test]
async fn start_index_is_one_based_and_small_values_count_as_one() {
    let sb = sandbox();
    let all = user_names(&list(&sb, "count=200").await);
    for start in ["0", "-5", "1"] {
        let body = list(&sb, &format!("startIndex={start}&count=3")).await;
        assert_eq!((body["startIndex"].clone(), user_names(&body)), (json!(1), all[..3].to_vec()), "{start}");
    }
    let body = list(&sb, "startIndex=2&count=2").await;
    assert_eq!(user_names(&body), all[1..3].to_vec());
    let last = list(&sb, "startIndex=125").await;
    assert_eq!((last["itemsPerPage"].clone(), last["totalResults"].clone()), (json!(1), json!(125)));
    let past = list(&sb, "startIndex=126").await;
    assert_eq!((past["itemsPerPage"].clone(), past["Resources"].clone()), (json!(0), json!([])));
    assert_eq!((past["totalResults"].clone(), past["startIndex"].clone()), (json!(125), json!(126)));
}

#[tokio::test]
async fn count_is_clamped_to_200_and_zero_gives_the_total_only() {
    let sb = Sandbox::seeded(1, 300, KEY.into());
    let body = list(&sb, "count=500").await;
    assert_eq!((body["itemsPerPage"].clone(), body["totalResults"].clone()), (json!(200), json!(305)));
    for zero in ["0", "-3"] {
        let body = list(&sb, &format!("count={zero}")).await;
        assert_eq!((body["itemsPerPage"].clone(), body["Resources"].clone()), (json!(0), json!([])), "{zero}");
        assert_eq!(body["totalResults"], 305);
    }
    let inactive = list(&sb, "filter=active%20eq%20false&count=0&sortBy=userName&attributes=id").await;
    let inactive = inactive["totalResults"].as_u64().unwrap();
    assert!((1..305 / 4).contains(&inactive), "about 10 % inactive: {inactive}");
    let body = list(&sb, "count=2&count=7&startIndex=3&startIndex=1").await;
    assert_eq!((body["itemsPerPage"].clone(), body["startIndex"].clone()), (json!(2), json!(3)), "first ones count");
}

#[tokio::test]
async fn numbers_that_are_not_integers_are_400() {
    let sb = sandbox();
    for query in ["count=abc", "count=1.5", "startIndex=x", "startIndex=", "count=99999999999999999999"] {
        let r = call(&sb, "GET", &format!("/Users?{query}"), None).await;
        assert_error(&r, StatusCode::BAD_REQUEST, Some("invalidValue"));
    }
    let r = call(&sb, "GET", "/Users?filter=", None).await;
    assert_error(&r, StatusCode::BAD_REQUEST, Some("invalidFilter"));
}
