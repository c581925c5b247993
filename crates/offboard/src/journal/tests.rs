//! The journal stopped at every step boundary (the tab closed, the browser crashed) and carried on
//! from what was saved: every step is made exactly once, because the key goes with it.

use std::collections::{HashMap, HashSet};

use super::*;

fn run() -> Run {
    let account = |line, email: &str, connection: &str, calls: &[Action]| NewAccount {
        line,
        email: email.into(),
        connection: connection.into(),
        user_id: format!("{connection}-{line}"),
        name: email.into(),
        before: Some("Can sign in · Active".into()),
        calls: calls.to_vec(),
    };
    Run::new(
        "2f1c7a55-0d7e-4b8e-9a53-2d2b8f0c9e11",
        1_000,
        vec![
            account(2, "terry@example.com", "okta", &[Action::SignOutEverywhere, Action::Deactivate]),
            account(2, "terry@example.com", "docspace", &[Action::Deactivate]),
            account(3, "john@example.com", "fusionauth", &[Action::Deactivate, Action::SignOutEverywhere]),
        ],
        vec![(4, "nobody@example.com".into())],
    )
}

/// The proxy as the run sees it: a change per key, a repeat answered from the record.
#[derive(Default)]
struct Proxy {
    keys: HashSet<String>,
    made: HashMap<String, u32>,
    sent: u32,
}

impl Proxy {
    fn send(&mut self, key: &str) {
        self.sent += 1;
        if self.keys.insert(key.to_string()) {
            *self.made.entry(key.to_string()).or_default() += 1;
        }
    }
}

/// Drives `run` to its end, saving after every change of state; stops (losing what was not
/// saved) at boundary `stop_at`. Returns the saved journal and how many boundaries it passed.
fn drive(saved: String, proxy: &mut Proxy, stop_at: usize) -> (String, usize) {
    let mut run = Run::from_json(&saved).unwrap();
    let mut saved = saved;
    let mut boundary = 0;
    let mut pass = |saved_now: Option<String>, saved: &mut String| {
        if let Some(s) = saved_now {
            *saved = s;
        }
        boundary += 1;
        boundary > stop_at
    };
    for a in 0..run.accounts.len() {
        while let Some(s) = run.next_step(a) {
            run.start(a, s, 2_000).unwrap();
            if pass(Some(run.to_json()), &mut saved) {
                return (saved, boundary);
            }
            let key = run.accounts[a].steps[s].key.clone();
            proxy.send(&key);
            if pass(None, &mut saved) {
                return (saved, boundary);
            }
            run.finish(a, s, Outcome::Done("Done.".into()), 3_000).unwrap();
            if pass(Some(run.to_json()), &mut saved) {
                return (saved, boundary);
            }
        }
    }
    (saved, usize::MAX)
}

#[test]
fn stopped_at_every_boundary_and_resumed_every_step_is_made_once() {
    let steps = 5;
    for stop_at in 0..steps * 3 {
        let mut proxy = Proxy::default();
        let (saved, _) = drive(run().to_json(), &mut proxy, stop_at);
        let (saved, end) = drive(saved, &mut proxy, usize::MAX);
        assert_eq!(end, usize::MAX);
        let run = Run::from_json(&saved).unwrap();
        assert_eq!(run.state, RunState::Finished, "stopped at {stop_at}");
        assert_eq!(run.progress().done, steps);
        assert_eq!(proxy.made.len(), steps, "stopped at {stop_at}");
        assert!(proxy.made.values().all(|n| *n == 1), "stopped at {stop_at}: {:?}", proxy.made);
        // Stopped after the call went but before its end was saved: it went again, same key.
        if stop_at % 3 == 1 {
            assert_eq!(proxy.sent as usize, steps + 1, "stopped at {stop_at}");
        }
    }
}

#[test]
fn steps_saved_apart_are_put_back_by_key() {
    let mut run = run();
    let header = run.to_json();
    run.start(1, 0, 10).unwrap();
    run.finish(1, 0, Outcome::Done("Terminated.".into()), 20).unwrap();
    run.start(2, 1, 30).unwrap();
    let mut back = Run::from_json(&header).unwrap();
    back.apply(run.step(1, 0).unwrap().clone());
    back.apply(run.step(2, 1).unwrap().clone());
    let mut stranger = run.step(0, 0).unwrap().clone();
    stranger.key = "another-run.0.0".into();
    stranger.state = StepState::Done;
    back.apply(stranger);
    assert_eq!(back, run);
}

#[test]
fn keys_are_one_per_step_and_fit_the_proxys_grammar() {
    let run = run();
    let keys: HashSet<&str> = run.accounts.iter().flat_map(|a| a.steps.iter().map(|s| s.key.as_str())).collect();
    assert_eq!(keys.len(), 5);
    for key in keys {
        assert!((8..=128).contains(&key.len()), "{key}");
        assert!(key.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b)), "{key}");
    }
}

#[test]
fn a_failed_step_is_retried_alone_and_steps_go_in_order() {
    let mut run = run();
    assert_eq!(run.next_step(0), Some(0));
    run.start(0, 0, 1).unwrap();
    assert_eq!(run.next_step(0), Some(0), "the running step is still the next");
    run.finish(0, 0, Outcome::Failed("Okta is not answering.".into()), 2).unwrap();
    assert_eq!(run.next_step(0), Some(1), "a failure does not stop the next step");
    assert_eq!(run.start(0, 0, 3), Err(JournalError::WrongState(StepState::Failed)));
    run.retry(0, 0).unwrap();
    let key = run.start(0, 0, 4).unwrap();
    assert_eq!(key, run.accounts[0].steps[0].key, "the same key on a retry");
    assert_eq!(run.accounts[0].steps[0].attempts, 2);
    assert_eq!(run.accounts[0].steps[0].started_ms, Some(1), "the first start is kept");
}

#[test]
fn cancel_skips_what_was_not_sent_and_keeps_what_runs() {
    let mut run = run();
    run.start(0, 0, 1).unwrap();
    run.cancel(5);
    assert_eq!(run.state, RunState::Cancelled);
    assert_eq!(run.progress(), Progress { total: 5, done: 0, skipped: 4, failed: 0, running: 1 });
    run.finish(0, 0, Outcome::Done("Signed out.".into()), 6).unwrap();
    assert_eq!(run.state, RunState::Cancelled, "a cancelled run stays cancelled");
}

#[test]
fn a_journal_of_another_version_or_shape_is_refused() {
    let text = run().to_json().replace("\"version\":1", "\"version\":7");
    assert_eq!(Run::from_json(&text), Err(JournalError::OtherVersion(7)));
    assert!(matches!(Run::from_json("{\"version\":1}"), Err(JournalError::Unreadable(_))));
    assert!(matches!(Run::from_json("not json"), Err(JournalError::Unreadable(_))));
    assert!(!run().to_json().to_lowercase().contains("token"), "no credential field");
}

#[test]
fn rate_and_time_left_come_from_the_steps_ended() {
    let mut run = run();
    assert_eq!(run.rate_and_time_left(0), None);
    run.start(0, 0, 0).unwrap();
    run.finish(0, 0, Outcome::Done("ok".into()), 30_000).unwrap();
    run.start(0, 1, 30_000).unwrap();
    run.finish(0, 1, Outcome::Done("ok".into()), 60_000).unwrap();
    let (per_minute, left) = run.rate_and_time_left(60_000).unwrap();
    assert_eq!(per_minute, 2.0);
    assert_eq!(left, 90_000, "three steps left at two a minute");
}
