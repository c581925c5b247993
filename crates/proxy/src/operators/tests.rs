//! Accounts, sessions, roles and the sign-in brake.

use super::*;

fn settings() -> OperatorSettings {
    let hash = hash_password("correct horse battery").unwrap();
    OperatorSettings {
        accounts: vec![
            Account {
                name: "alice".into(),
                password_hash: Some(hash),
                roles: HashMap::from([("*".into(), Role::Helpdesk), ("fa-prod".into(), Role::Viewer)]),
            },
            Account { name: "sso-only".into(), password_hash: None, roles: HashMap::from([("*".into(), Role::Admin)]) },
        ],
        trusted_header: Some("x-forwarded-user".into()),
        trusted_proxies: vec!["10.0.0.9".parse().unwrap()],
        idle_minutes: 30,
        max_hours: 12,
    }
}

#[test]
fn a_right_password_opens_a_session_with_roles() {
    let ops = Operators::new(settings()).unwrap();
    let now = Instant::now();
    let token = ops.sign_in("alice", "correct horse battery", None, now).unwrap();
    assert_eq!(token.len(), 64);
    let op = ops.session(&token, now).unwrap();
    assert_eq!(op.role_on("fa-sandbox"), Some(Role::Helpdesk));
    assert_eq!(op.role_on("fa-prod"), Some(Role::Viewer), "a listed connection overrides *");
    ops.sign_out(&token);
    assert!(ops.session(&token, now).is_none());
}

#[test]
fn wrong_passwords_and_passwordless_accounts_are_refused() {
    let ops = Operators::new(settings()).unwrap();
    let now = Instant::now();
    assert_eq!(ops.sign_in("alice", "wrong", None, now), Err(SignInError::Refused));
    assert_eq!(ops.sign_in("nobody", "correct horse battery", None, now), Err(SignInError::Refused));
    assert_eq!(ops.sign_in("sso-only", "", None, now), Err(SignInError::Refused));
}

#[test]
fn sessions_expire_when_idle_and_at_their_lifetime() {
    let ops = Operators::new(settings()).unwrap();
    let t0 = Instant::now();
    let token = ops.sign_in("alice", "correct horse battery", None, t0).unwrap();
    assert!(ops.session(&token, t0 + Duration::from_secs(29 * 60)).is_some());
    assert!(ops.session(&token, t0 + Duration::from_secs(29 * 60 + 31 * 60)).is_none(), "idle for 31 minutes");
    let token = ops.sign_in("alice", "correct horse battery", None, t0).unwrap();
    let mut t = t0;
    for _ in 0..(12 * 3) {
        t += Duration::from_secs(20 * 60);
        if t - t0 >= Duration::from_secs(12 * 3600) {
            assert!(ops.session(&token, t).is_none(), "past the absolute lifetime");
            return;
        }
        assert!(ops.session(&token, t).is_some());
    }
    panic!("the lifetime was never reached");
}

#[test]
fn repeated_failures_slow_down_the_account_and_the_address() {
    let ops = Operators::new(settings()).unwrap();
    let now = Instant::now();
    let attacker: IpAddr = "192.0.2.7".parse().unwrap();
    for _ in 0..3 {
        assert_eq!(ops.sign_in("alice", "guess", Some(attacker), now), Err(SignInError::Refused));
    }
    assert!(matches!(ops.sign_in("alice", "correct horse battery", None, now), Err(SignInError::SlowDown(1))));
    assert!(
        matches!(ops.sign_in("nobody", "x", Some(attacker), now), Err(SignInError::SlowDown(_))),
        "per address too"
    );
    let later = now + Duration::from_secs(2);
    assert!(ops.sign_in("alice", "correct horse battery", None, later).is_ok(), "the brake lifts");
    assert_eq!((0..=3).map(backoff_secs).collect::<Vec<_>>(), [0, 0, 0, 1]);
    assert_eq!(backoff_secs(20), 300);
}

#[test]
fn the_sso_header_counts_only_from_trusted_proxies() {
    let ops = Operators::new(settings()).unwrap();
    let mut headers = http::HeaderMap::new();
    headers.insert("x-forwarded-user", "sso-only".parse().unwrap());
    let trusted: IpAddr = "10.0.0.9".parse().unwrap();
    let other: IpAddr = "10.0.0.10".parse().unwrap();
    assert_eq!(ops.from_trusted_header(&headers, Some(trusted)).map(|o| o.name), Some("sso-only".into()));
    assert!(ops.from_trusted_header(&headers, Some(other)).is_none());
    assert!(ops.from_trusted_header(&headers, None).is_none());
    headers.insert("x-forwarded-user", "mallory".parse().unwrap());
    assert!(ops.from_trusted_header(&headers, Some(trusted)).is_none(), "unknown names get nothing");
}

#[test]
fn bad_settings_are_explained() {
    let mut s = settings();
    s.accounts[0].password_hash = Some("plaintext".into());
    assert!(Operators::new(s).unwrap_err().contains("argon2"));
    let mut s = settings();
    s.trusted_proxies.clear();
    assert!(Operators::new(s).unwrap_err().contains("trusted_proxies"));
}

#[test]
fn failures_are_forgotten_after_a_quiet_spell_and_the_map_stays_bounded() {
    let ops = Operators::new(settings()).unwrap();
    let t0 = Instant::now();
    for _ in 0..6 {
        ops.brake.record_failure("account:alice", t0);
    }
    assert_eq!(ops.brake.wait_for("account:alice", t0), 8, "6 failures: 8 s");
    let later = t0 + FORGET_FAILURES_AFTER;
    ops.brake.record_failure("account:alice", later);
    assert_eq!(ops.brake.wait_for("account:alice", later), 0, "a failure after a quiet spell counts as the first");
    // Made-up names by the thousand: stale records are dropped before the map grows further.
    for n in 0..brake::MAX_FAILURE_RECORDS {
        ops.brake.record_failure(&format!("account:guess-{n}"), t0);
    }
    ops.brake.record_failure("account:next", later + Duration::from_secs(1));
    assert!(ops.failure_records() <= 3, "{} records kept", ops.failure_records());
    // Fresh records that still slow someone down survive a tidy; harmless ones go.
    let ops = Operators::new(settings()).unwrap();
    for _ in 0..3 {
        ops.brake.record_failure("account:alice", later);
    }
    assert_eq!(ops.brake.wait_for("account:alice", later), 1, "3 recent failures: 1 s");
    for n in 0..brake::MAX_FAILURE_RECORDS {
        ops.brake.record_failure(&format!("address:198.51.100.{n}"), later);
    }
    ops.brake.record_failure("account:one-more", later);
    assert_eq!(ops.brake.wait_for("account:alice", later), 1, "alice's brake survived the tidy");
    assert!(ops.failure_records() < 10, "{} records kept", ops.failure_records());
}

#[test]
fn behind_a_front_proxy_each_browser_has_its_own_brake() {
    let ops = Operators::new(settings()).unwrap();
    let front: IpAddr = "10.0.0.9".parse().unwrap();
    let mut headers = http::HeaderMap::new();
    headers.insert("x-forwarded-for", "203.0.113.50, 192.0.2.7".parse().unwrap());
    assert_eq!(
        ops.client_address(&headers, Some(front)),
        Some("192.0.2.7".parse().unwrap()),
        "the hop the front proxy saw"
    );
    let elsewhere: IpAddr = "198.51.100.1".parse().unwrap();
    assert_eq!(ops.client_address(&headers, Some(elsewhere)), Some(elsewhere), "others cannot choose their address");
    headers.insert("x-forwarded-for", "not an address".parse().unwrap());
    assert_eq!(ops.client_address(&headers, Some(front)), Some(front));
    let attacker = ops.client_address(
        &{
            let mut h = http::HeaderMap::new();
            h.insert("x-forwarded-for", "192.0.2.66".parse().unwrap());
            h
        },
        Some(front),
    );
    for _ in 0..3 {
        assert_eq!(ops.sign_in("alice", "guess", attacker, Instant::now()), Err(SignInError::Refused));
    }
    let colleague: IpAddr = "192.0.2.8".parse().unwrap();
    assert!(
        ops.sign_in("bob", "wrong", Some(colleague), Instant::now()) == Err(SignInError::Refused),
        "bob is not slowed down by the attacker's address"
    );
}

#[test]
fn parallel_wrong_guesses_get_only_the_free_attempts() {
    let ops = Operators::new(settings()).unwrap();
    let start = std::sync::Barrier::new(8);
    let outcomes: Vec<_> = std::thread::scope(|s| {
        let threads: Vec<_> = (0..8u8)
            .map(|n| {
                let (ops, start) = (&ops, &start);
                s.spawn(move || {
                    start.wait();
                    ops.sign_in("alice", "guess", Some(IpAddr::from([192, 0, 2, n])), Instant::now())
                })
            })
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });
    let refused = outcomes.iter().filter(|o| **o == Err(SignInError::Refused)).count();
    assert_eq!(refused, 3, "each guess in flight counts before it is checked: {outcomes:?}");
    assert!(outcomes.iter().all(|o| matches!(o, Err(SignInError::Refused | SignInError::SlowDown(_)))));
}

#[test]
fn the_fourth_attempt_in_flight_waits_before_any_is_checked() {
    let ops = Operators::new(settings()).unwrap();
    let now = Instant::now();
    let from = |n: u8| Some(IpAddr::from([192, 0, 2, n]));
    let in_flight: Vec<_> = (1..=3).map(|n| ops.begin_sign_in("alice", from(n), now).unwrap()).collect();
    assert_eq!(ops.brake.wait_for("account:alice", now), 1, "three reserved failures: 1 s");
    assert!(matches!(ops.begin_sign_in("alice", from(4), now), Err(SignInError::SlowDown(1))));
    assert!(
        ops.begin_sign_in("alice", from(5), now + Duration::from_secs(2)).is_ok(),
        "the 1 s brake lifts like any other"
    );
    // Answers given later restart the back-off from when they were given.
    let answered = now + Duration::from_secs(10);
    for attempt in in_flight {
        let checked = ops.check_password(attempt, "guess", &mut hashing::Memory::default());
        assert_eq!(ops.finish_sign_in(checked, answered), Err(SignInError::Refused));
    }
    assert_eq!(ops.brake.wait_for("account:alice", answered), 2, "four failures, the last answered just now");
    assert_eq!(ops.brake.wait_for("address:192.0.2.1", answered), 0, "one failure from that address");
}

#[test]
fn success_gives_the_address_its_reservation_back_and_clears_the_account() {
    let ops = Operators::new(settings()).unwrap();
    let now = Instant::now();
    let desk: IpAddr = "192.0.2.20".parse().unwrap();
    for _ in 0..2 {
        assert_eq!(ops.sign_in("nobody", "x", Some(desk), now), Err(SignInError::Refused));
    }
    assert_eq!(ops.sign_in("alice", "typo", Some(desk), now), Err(SignInError::Refused));
    let attempt = ops.begin_sign_in("alice", Some(desk), now + Duration::from_secs(2)).unwrap();
    let while_in_flight = ops.brake.wait_for("address:192.0.2.20", now + Duration::from_secs(2));
    assert_eq!(while_in_flight, 2, "while it is checked, the desk has four failures: 2 s");
    let checked = ops.check_password(attempt, "correct horse battery", &mut hashing::Memory::default());
    assert!(ops.finish_sign_in(checked, now + Duration::from_secs(2)).is_ok());
    assert_eq!(ops.brake.wait_for("account:alice", now), 0, "alice starts afresh");
    assert_eq!(
        ops.sign_in("nobody", "x", Some(desk), now + Duration::from_secs(2)),
        Err(SignInError::SlowDown(1)),
        "the desk's earlier three failures still count (1 s), its reservation no longer (it would be 2 s)"
    );
    let desk2: IpAddr = "192.0.2.21".parse().unwrap();
    let attempt = ops.begin_sign_in("alice", Some(desk2), now).unwrap();
    let checked = ops.check_password(attempt, "correct horse battery", &mut hashing::Memory::default());
    assert!(ops.finish_sign_in(checked, now).is_ok());
    assert_eq!(ops.failure_records(), 2, "the first desk's and nobody's; the second desk's went with its reservation");
}

#[test]
fn one_buffer_verifies_again_and_again_as_argon2_itself_does() {
    use argon2::password_hash::{PasswordHasher, PasswordVerifier, SaltString};
    let salt = SaltString::encode_b64(b"sixteen byte salt").unwrap();
    let other = argon2::Argon2::new(argon2::Algorithm::Argon2i, argon2::Version::V0x10, {
        argon2::Params::new(4096, 3, 2, Some(24)).unwrap()
    });
    let hashes = [
        hash_password("correct horse battery").unwrap(),
        other.hash_password(b"correct horse battery", &salt).unwrap().to_string(),
    ];
    let mut memory = hashing::Memory::default();
    for _ in 0..2 {
        for hash in &hashes {
            for password in ["correct horse battery", "correct horse batterz", ""] {
                let theirs = argon2::Argon2::default()
                    .verify_password(password.as_bytes(), &PasswordHash::new(hash).unwrap())
                    .is_ok();
                assert_eq!(memory.verify(hash, password), theirs, "{hash} with {password:?}");
            }
        }
    }
    assert!(!memory.verify(TIMING_DUMMY_HASH, "correct horse battery"));
    assert!(!memory.verify("plaintext", "plaintext"));
}

#[tokio::test(start_paused = true)]
async fn few_hash_at_once_few_wait_and_the_rest_are_turned_away() {
    let slots = std::sync::Arc::new(hashing::HashSlots::new());
    let mut held = Vec::new();
    while let Some(slot) = slots.acquire().await {
        held.push(slot);
    }
    assert!((2..=4).contains(&held.len()), "{} slots", held.len());
    let waiters: Vec<_> = (0..40)
        .map(|_| {
            let slots = slots.clone();
            tokio::spawn(async move { slots.acquire().await })
        })
        .collect();
    for _ in 0..10 {
        tokio::task::yield_now().await;
    }
    drop(held.pop());
    let mut got = Vec::new();
    for waiter in waiters {
        got.push(waiter.await.unwrap());
    }
    // 8 turned away at once, 32 waited: one got the freed slot, 31 gave up after the wait.
    assert_eq!(got.iter().filter(|g| g.is_some()).count(), 1);
}
