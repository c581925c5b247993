//! The shared faults at every provider: `burst_429` answers exactly N 429s (`Retry-After: 1`, in
//! the vendor's shape) then normal replies, counting down where the admin shows it; random faults
//! with a fixed seed are reproducible, near the asked share and only 429, 500 or 503 for reads.

use axum::http::StatusCode;
use serde_json::json;

use super::*;

#[tokio::test]
async fn a_burst_answers_exactly_n_429s_then_normal_replies_everywhere() {
    let sb = sandbox();
    let router = sb.router();
    for t in &TARGETS {
        let terry = t.terry(&router).await;
        assert_eq!(set_faults(&router, t.name, json!({"burst_429": 3})).await["burst_429"], 3);
        for left in [2, 1, 0] {
            assert_eq!(t.assert_too_many(&t.read(&router, &terry).await), 1, "{}", t.name);
            let shown = admin(&router, "GET", &format!("/_sandbox/faults/{}", t.name), None).await.json();
            assert_eq!(shown["burst_429"], left, "{}: what is left", t.name);
        }
        for _ in 0..3 {
            assert_eq!(t.read(&router, &terry).await.status, StatusCode::OK, "{}", t.name);
        }
        set_faults(&router, t.name, json!({"burst_429": 1})).await;
        t.assert_too_many(&t.read(&router, &terry).await);
        assert_eq!(t.read(&router, &terry).await.status, StatusCode::OK, "{}: set again, counted again", t.name);
    }
    let r = admin(&router, "PUT", "/_sandbox/faults", Some(json!({"burst_429": 1}))).await;
    assert_eq!(r.json()["burst_429"], 1);
    for t in &TARGETS {
        let terry = t.terry(&router).await;
        t.assert_too_many(&t.read(&router, &terry).await);
        assert_eq!(t.read(&router, &terry).await.status, StatusCode::OK, "{}: each provider counts its own", t.name);
    }
}

/// The statuses (and `Retry-After` of each 429) of 1000 reads of Terry under 20 % random faults
/// seeded with `seed`.
async fn thousand_reads(t: &Target, seed: u64) -> Vec<(u16, Option<String>)> {
    let sb = sandbox();
    let router = sb.router();
    let terry = t.terry(&router).await;
    set_faults(&router, t.name, json!({"random_fault_percent": 20, "random_fault_seed": seed})).await;
    let mut out = vec![];
    for _ in 0..1000 {
        let r = t.read(&router, &terry).await;
        let retry = r.headers.get("retry-after").map(|v| v.to_str().unwrap().to_string());
        if r.status == StatusCode::TOO_MANY_REQUESTS {
            t.assert_too_many(&r);
        }
        out.push((r.status.as_u16(), retry));
    }
    out
}

#[tokio::test]
async fn random_faults_are_reproducible_and_near_the_share_everywhere() {
    for t in &TARGETS {
        let first = thousand_reads(t, 11).await;
        assert_eq!(first, thousand_reads(t, 11).await, "{}: the same seed, the same faults", t.name);
        let faults = first.iter().filter(|(status, _)| *status != 200).count();
        assert!((150..=250).contains(&faults), "{}: {faults} of 1000", t.name);
        for status in [429, 500, 503] {
            let n = first.iter().filter(|(s, _)| *s == status).count();
            assert!((30..=110).contains(&n), "{}: {n} × {status}", t.name);
        }
        assert!(first.iter().all(|(s, _)| [200, 429, 500, 503].contains(s)), "{}", t.name);
        assert!(first.iter().filter(|(s, _)| *s == 429).all(|(_, retry)| retry.as_deref() == Some("1")), "{}", t.name);
    }
    assert_ne!(thousand_reads(&TARGETS[0], 11).await, thousand_reads(&TARGETS[0], 12).await, "another seed");
}
