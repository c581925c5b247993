//! `POST /api/v2/users/search`: criteria types, fields, the state rule, ordering, paging with
//! `q64` tokens (and `GET ?q64=`), and the 400s and 415.

use axum::http::StatusCode;
use serde_json::{json, Value};

use super::*;
use crate::codec::base64_decode;

async fn search(sb: &Sandbox, body: Value) -> Reply {
    call(sb, "POST", "/api/v2/users/search", Some(body)).await
}

/// The `query` of one criterion.
fn one(kind: &str, fields: &[&str], value: &str) -> Value {
    json!({"query": [{"type": kind, "fields": fields, "value": value}]})
}

fn ids(body: &Value) -> Vec<String> {
    body["results"].as_array().unwrap().iter().map(|u| u["id"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn exact_contains_and_starts_with() {
    let sb = sandbox();
    let r = search(&sb, one("EXACT", &["email"], "John.Doe@Example.com")).await;
    assert_eq!(r.status, StatusCode::OK);
    r.correlation();
    let body = r.json();
    assert_eq!((body["total"].clone(), body["types"].clone()), (json!(1), json!(["users"])));
    assert_eq!(body["results"][0], user(&sb, JOHN).await);
    assert_eq!(ids(&search(&sb, one("EXACT", &["email"], "john.doe")).await.json()), Vec::<String>::new());
    let body = search(&sb, one("CONTAINS", &["name"], "DOE")).await.json();
    assert!(ids(&body).contains(&JOHN.to_string()), "{body}");
    let body = search(&sb, one("STARTS_WITH", &["name", "email"], "sam.")).await.json();
    assert_eq!(ids(&body), vec![SAM.to_string()]);
    let any = json!({"query": [{"type": "EXACT", "fields": ["username"],
        "values": ["sam.sales@example.com", "john.doe@example.com"]}]});
    assert_eq!(ids(&search(&sb, any).await.json()), vec![JOHN.to_string(), SAM.to_string()], "by name");
    let and = json!({"query": [{"type": "EXACT", "fields": ["department"], "value": "sales"},
        {"type": "EXACT", "fields": ["division.id"], "value": "8b3e6d2a-9c1f-4a7b-b5e8-2f4c7a1d9e22"}]});
    let body = search(&sb, and).await.json();
    assert!(ids(&body).contains(&SAM.to_string()) && !ids(&body).contains(&JOHN.to_string()), "{body}");
    let hostile = search(&sb, one("CONTAINS", &["title"], "<script>")).await.json();
    assert_eq!(ids(&hostile), vec![MALLORY.to_string()]);
}

#[tokio::test]
async fn deleted_people_only_with_a_state_criterion() {
    let sb = sandbox();
    assert_eq!(search(&sb, one("EXACT", &["email"], "dana.deleted@example.com")).await.json()["total"], 0);
    let body = search(&sb, one("EXACT", &["state"], "deleted")).await.json();
    assert!(ids(&body).contains(&DANA.to_string()));
    assert!(body["results"].as_array().unwrap().iter().all(|u| u["state"] == "deleted"));
    let both = json!({"query": [{"type": "EXACT", "fields": ["state"], "values": ["active", "inactive"]},
        {"type": "CONTAINS", "fields": ["email"], "value": "@example.com"}], "pageSize": 100});
    let body = search(&sb, both).await.json();
    assert!(body["results"].as_array().unwrap().iter().all(|u| u["state"] == "active" || u["state"] == "inactive"));
    assert!(!ids(&body).contains(&UNA.to_string()), "suspended is neither");
    let all = search(&sb, one("CONTAINS", &["email"], "@example.com")).await.json();
    let everyone = all["total"].as_u64().unwrap() as usize;
    assert_eq!(everyone, sb.genesys_user_count(), "without a state criterion: everyone not deleted");
    assert!(ids(&search(&sb, one("EXACT", &["name"], "Una Unknown")).await.json()).contains(&UNA.to_string()));
}

#[tokio::test]
async fn pages_carry_q64_tokens() {
    let sb = sandbox();
    let mut request = one("CONTAINS", &["email"], "@example.com");
    request["pageSize"] = json!(10);
    let first = search(&sb, request.clone()).await.json();
    let total = first["total"].as_u64().unwrap();
    assert_eq!(total as usize, sb.genesys_user_count());
    assert_eq!(first["pageCount"], total.div_ceil(10));
    assert_eq!((first["pageSize"].clone(), first["pageNumber"].clone()), (json!(10), json!(1)));
    assert_eq!(first["results"].as_array().unwrap().len(), 10);
    assert!(first.get("previousPage").is_none());
    let decode =
        |q64: &Value| -> Value { serde_json::from_slice(&base64_decode(q64.as_str().unwrap()).unwrap()).unwrap() };
    let next = decode(&first["nextPage"]);
    assert_eq!((next["pageNumber"].clone(), next["pageSize"].clone()), (json!(2), json!(10)));
    assert_eq!(next["query"], request["query"]);
    assert_eq!(decode(&first["currentPage"])["pageNumber"], 1);

    let second = search(&sb, next).await.json();
    assert_eq!(decode(&second["previousPage"])["pageNumber"], 1);
    let q64 = first["nextPage"].as_str().unwrap();
    let via_get = call(&sb, "GET", &format!("/api/v2/users/search?q64={q64}"), None).await.json();
    assert_eq!(via_get, second);
    let names: Vec<(String, String)> = [&first, &second]
        .iter()
        .flat_map(|p| p["results"].as_array().unwrap().iter())
        .map(|u| (u["name"].as_str().unwrap().to_lowercase(), u["id"].as_str().unwrap().to_string()))
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "by name, then id");

    let last = first["pageCount"].as_u64().unwrap();
    request["pageNumber"] = json!(last);
    let end = search(&sb, request.clone()).await.json();
    assert!(end.get("nextPage").is_none() && end.get("previousPage").is_some());
    assert_eq!(end["results"].as_array().unwrap().len() as u64, total - (last - 1) * 10);
    request["pageNumber"] = json!(last + 5);
    let past = search(&sb, request).await;
    assert_eq!((past.status, past.json()["results"].clone()), (StatusCode::OK, json!([])));
    assert_eq!(search(&sb, one("EXACT", &["email"], "x")).await.json()["pageSize"], 25, "default page size");
}

#[tokio::test]
async fn bad_requests_are_refused() {
    let sb = sandbox();
    let cases = [
        (json!({}), "criterion"),
        (json!({"query": []}), "criterion"),
        (one("FUZZY", &["email"], "x"), "FUZZY"),
        (one("EXACT", &["phone"], "x"), "phone"),
        (one("EXACT", &[], "x"), "field"),
        (json!({"query": [{"type": "EXACT", "fields": ["email"]}]}), "value"),
        (json!({"query": [{"type": "EXACT", "fields": ["email"], "value": "x"}], "pageSize": 0}), "pageSize"),
        (json!({"query": [{"type": "EXACT", "fields": ["email"], "value": "x"}], "pageSize": 101}), "pageSize"),
        (json!({"query": [{"type": "EXACT", "fields": ["email"], "value": "x"}], "pageNumber": 0}), "pageNumber"),
        (json!({"query": [{"type": "EXACT", "fields": ["email"], "value": "x"}], "colour": 1}), "colour"),
    ];
    for (body, named) in cases {
        let r = search(&sb, body.clone()).await;
        let error = assert_error(&r, StatusCode::BAD_REQUEST, "invalid.value");
        assert!(error["message"].as_str().unwrap().contains(named), "{body}: {error}");
    }
    let text = one("EXACT", &["email"], "x").to_string();
    let r = send(&sb, "POST", "/api/v2/users/search", &[("authorization", BEARER)], Some(&text)).await;
    assert_error(&r, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported.media.type");
    for q in ["", "?q64=***", "?q64=e30"] {
        let r = call(&sb, "GET", &format!("/api/v2/users/search{q}"), None).await;
        assert_error(&r, StatusCode::BAD_REQUEST, "invalid.value");
    }
}
