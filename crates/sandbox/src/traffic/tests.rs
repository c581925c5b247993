//! Unit tests of [`Traffic`] on its own: the settings' checks and defaults, the burst, the seeded
//! random faults (reproducible, near the asked share, "applied, then 500" only for changes) and
//! reset. The same behaviour through every provider's router is tested in `crate::bulk_tests`.

use serde_json::json;

use super::*;

fn set(traffic: &Traffic, body: Value) -> Result<Value, String> {
    traffic.set(body.to_string().as_bytes())
}

#[test]
fn settings_have_defaults_and_are_checked() {
    let traffic = Traffic::new(1500);
    let defaults = json!({"rate_limit_per_minute": 1500, "fail_after_change": false,
        "random_fault_percent": 0.0, "random_fault_seed": 1, "burst_429": 0});
    assert_eq!(traffic.faults(), defaults);
    let applied = set(&traffic, json!({"random_fault_percent": 12.5, "random_fault_seed": 7, "burst_429": 2})).unwrap();
    assert_eq!(
        (applied["random_fault_percent"].clone(), applied["rate_limit_per_minute"].clone()),
        (json!(12.5), json!(1500))
    );
    assert_eq!(set(&traffic, json!({"random_fault_percent": 20})).unwrap()["random_fault_percent"], json!(20.0));
    for bad in [
        json!({"rate_limit_per_minute": 0}),
        json!({"rate_limit_per_minute": 1_000_001}),
        json!({"random_fault_percent": 100.5}),
        json!({"random_fault_percent": -1}),
        json!({"burst_429": -1}),
        json!({"random_fault_seed": "x"}),
        json!({"latency_ms": 5}),
    ] {
        assert!(set(&traffic, bad.clone()).is_err(), "{bad}");
    }
    assert_eq!(traffic.faults()["random_fault_percent"], json!(20.0), "a refused body changes nothing");
}

#[test]
fn a_burst_counts_down_and_setting_it_again_restarts_it() {
    let traffic = Traffic::new(DEFAULT_RATE_LIMIT);
    set(&traffic, json!({"burst_429": 3})).unwrap();
    assert_eq!(traffic.draw(false), Some(Fault::Status(429)));
    assert_eq!(traffic.faults()["burst_429"], 2, "what is left");
    assert_eq!((traffic.draw(true), traffic.draw(false)), (Some(Fault::Status(429)), Some(Fault::Status(429))));
    assert_eq!((traffic.draw(false), traffic.faults()["burst_429"].clone()), (None, json!(0)));
    set(&traffic, json!({"burst_429": 1})).unwrap();
    assert_eq!((traffic.draw(false), traffic.draw(false)), (Some(Fault::Status(429)), None));
}

/// The faults of `calls` draws under `percent` and `seed` (changes when `change`).
fn draws(percent: f64, seed: u64, change: bool, calls: usize) -> Vec<Option<Fault>> {
    let traffic = Traffic::new(DEFAULT_RATE_LIMIT);
    set(&traffic, json!({"random_fault_percent": percent, "random_fault_seed": seed})).unwrap();
    (0..calls).map(|_| traffic.draw(change)).collect()
}

#[test]
fn random_faults_are_reproducible_and_near_the_share() {
    let changes = draws(20.0, 42, true, 1000);
    assert_eq!(changes, draws(20.0, 42, true, 1000), "same seed, same faults");
    assert_ne!(changes, draws(20.0, 43, true, 1000), "another seed, other faults");
    let hits = changes.iter().filter(|f| f.is_some()).count();
    assert!((150..=250).contains(&hits), "{hits} of 1000");
    for kind in [Fault::Status(429), Fault::Status(500), Fault::Status(503), Fault::AfterChange] {
        let n = changes.iter().filter(|f| **f == Some(kind)).count();
        assert!((20..=80).contains(&n), "{kind:?}: {n}");
    }
    let reads = draws(20.0, 42, false, 1000);
    assert!(!reads.contains(&Some(Fault::AfterChange)), "reads change nothing");
    assert!(draws(0.0, 42, true, 1000).iter().all(Option::is_none));
    assert!(draws(100.0, 42, false, 100).iter().all(Option::is_some));
}

#[test]
fn fail_after_change_hits_changes_only_and_reset_clears_everything() {
    let traffic = Traffic::new(DEFAULT_RATE_LIMIT);
    set(&traffic, json!({"fail_after_change": true, "rate_limit_per_minute": 1})).unwrap();
    assert_eq!((traffic.draw(true), traffic.draw(false)), (Some(Fault::AfterChange), None));
    assert!(!traffic.count().over);
    assert!(traffic.count().over);
    traffic.applied("p", "state");
    traffic.reset();
    assert_eq!(traffic.faults()["rate_limit_per_minute"], 6000);
    assert_eq!((traffic.draw(true), traffic.count().over), (None, false));
    assert!(traffic.changes().is_empty());
}
