//! The rate limit at every provider: with a budget of 5, the sixth call in the window is a 429 in
//! the vendor's shape with `Retry-After` ≥ 1, and after the window calls go through again; Okta
//! and DocSpace report the budget on every reply (remaining counting down), the others send no
//! rate headers; `GET /_sandbox/requests` counts the calls.

use std::time::Duration;

use axum::http::StatusCode;
use serde_json::json;

use super::*;
use crate::clock::now_ms;
use crate::faults::find;

/// The `X-Rate-Limit-*` (Okta) or `X-RateLimit-*` (DocSpace) header `part` (`limit`, `remaining`,
/// `reset`) of `reply`, if `provider` sends them.
fn rate_header(provider: &str, reply: &Reply, part: &str) -> Option<u64> {
    let name = match provider {
        "okta" => format!("x-rate-limit-{part}"),
        _ => format!("x-ratelimit-{part}"),
    };
    reply.headers.get(name).map(|v| v.to_str().unwrap().parse().unwrap())
}

#[tokio::test]
async fn every_provider_answers_the_sixth_call_in_a_window_of_five_with_429() {
    for t in &TARGETS {
        let sb = sandbox();
        let router = sb.router();
        let terry = t.terry(&router).await;
        let applied = set_faults(&router, t.name, json!({"rate_limit_per_minute": 5})).await;
        assert_eq!(applied["rate_limit_per_minute"], 5, "{}", t.name);
        let headers = matches!(t.name, "okta" | "docspace");
        for left in (0..5).rev() {
            let r = t.read(&router, &terry).await;
            assert_eq!(r.status, StatusCode::OK, "{}", t.name);
            if headers {
                assert_eq!(rate_header(t.name, &r, "limit"), Some(5), "{}", t.name);
                assert_eq!(rate_header(t.name, &r, "remaining"), Some(left), "{}", t.name);
            } else {
                let names: Vec<&str> = r.headers.keys().map(|k| k.as_str()).collect();
                assert!(
                    names.iter().all(|n| !n.contains("ratelimit") && !n.contains("rate-limit")),
                    "{}: {names:?}",
                    t.name
                );
            }
        }
        let refused = t.read(&router, &terry).await;
        let retry = t.assert_too_many(&refused);
        assert!((1..=60).contains(&retry), "{}: Retry-After {retry}", t.name);
        if headers {
            assert_eq!(rate_header(t.name, &refused, "remaining"), Some(0), "{}", t.name);
        }
        assert_eq!(
            t.deactivate(&router, &terry).await.status,
            StatusCode::TOO_MANY_REQUESTS,
            "{}: changes too",
            t.name
        );

        find(&sb, t.name).unwrap().traffic().elapse(Duration::from_secs(60));
        let r = t.read(&router, &terry).await;
        assert_eq!(r.status, StatusCode::OK, "{}: a new window", t.name);
        assert!(t.is_active(&r), "{}: the refused change was not made", t.name);
        if headers {
            assert_eq!(rate_header(t.name, &r, "remaining"), Some(4), "{}", t.name);
        }
    }
}

#[tokio::test]
async fn okta_resets_at_an_epoch_second_with_a_date_and_docspace_in_seconds_from_now() {
    let sb = sandbox();
    let router = sb.router();
    let now_s = u64::try_from(now_ms() / 1000).unwrap();
    let okta = &TARGETS[1];
    let r = okta.read(&router, &okta.terry(&router).await).await;
    let reset = rate_header("okta", &r, "reset").unwrap();
    assert!(reset > now_s && reset <= now_s + 61, "{reset}");
    let date = r.headers["date"].to_str().unwrap();
    assert!(date.ends_with(" GMT") && date.len() == 29, "{date}");
    let docspace = &TARGETS[4];
    let r = docspace.read(&router, &docspace.terry(&router).await).await;
    let reset = rate_header("docspace", &r, "reset").unwrap();
    assert!((1..=60).contains(&reset), "seconds until the window ends: {reset}");
    assert_eq!(rate_header("docspace", &r, "limit"), Some(1500), "DocSpace keeps its own default");
    assert!(r.headers.get("date").is_none(), "only Okta's replies get a Date from the sandbox itself");
}

#[tokio::test]
async fn every_call_counts_reads_refusals_and_the_fusionauth_default_is_generous() {
    let sb = sandbox();
    let router = sb.router();
    let fusionauth = &TARGETS[0];
    set_faults(&router, "fusionauth", json!({"rate_limit_per_minute": 2})).await;
    let unauthorized = send_to(router.clone(), "GET", "/api/user/nope", &[], None).await;
    assert_eq!(unauthorized.status, StatusCode::UNAUTHORIZED);
    assert_eq!(fusionauth.read(&router, "nope").await.status, StatusCode::NOT_FOUND);
    fusionauth.assert_too_many(&fusionauth.read(&router, "nope").await);
    let shown = admin(&router, "GET", "/_sandbox/faults/fusionauth", None).await.json();
    assert_eq!(shown["rate_limit_per_minute"], 2);
    set_faults(&router, "fusionauth", json!({})).await;
    let shown = admin(&router, "GET", "/_sandbox/faults", None).await.json();
    assert_eq!(shown["rate_limit_per_minute"], 6000, "a new window and the default");
    assert_eq!(fusionauth.read(&router, "nope").await.status, StatusCode::NOT_FOUND);
    let okta = &TARGETS[1];
    okta.read(&router, "nope").await;
    let calls = admin(&router, "GET", "/_sandbox/requests", None).await.json();
    assert_eq!(calls["fusionauth"], json!({"count": 3, "over_limit": 1}), "{calls}");
    assert_eq!(
        (calls["okta"].clone(), calls["scim"].clone()),
        (json!({"count": 1, "over_limit": 0}), json!({"count": 0, "over_limit": 0}))
    );
    assert_eq!(calls.as_object().unwrap().len(), 6);
    admin(&router, "POST", "/_sandbox/reset", None).await;
    let calls = admin(&router, "GET", "/_sandbox/requests", None).await.json();
    assert_eq!(calls["fusionauth"], json!({"count": 0, "over_limit": 0}), "reset empties them");
}
