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
        ops.record_failure("account:alice".into(), t0);
    }
    assert_eq!(ops.wait_for("account:alice", t0), 8, "6 failures: 8 s");
    let later = t0 + FORGET_FAILURES_AFTER;
    ops.record_failure("account:alice".into(), later);
    assert_eq!(ops.wait_for("account:alice", later), 0, "a failure after a quiet spell counts as the first");
    // Made-up names by the thousand: stale records are dropped before the map grows further.
    for n in 0..MAX_FAILURE_RECORDS {
        ops.record_failure(format!("account:guess-{n}"), t0);
    }
    ops.record_failure("account:next".into(), later + Duration::from_secs(1));
    assert!(ops.failure_records() <= 3, "{} records kept", ops.failure_records());
    // Fresh records that still slow someone down survive a tidy; harmless ones go.
    let ops = Operators::new(settings()).unwrap();
    for _ in 0..3 {
        ops.record_failure("account:alice".into(), later);
    }
    assert_eq!(ops.wait_for("account:alice", later), 1, "3 recent failures: 1 s");
    for n in 0..MAX_FAILURE_RECORDS {
        ops.record_failure(format!("address:198.51.100.{n}"), later);
    }
    ops.record_failure("account:one-more".into(), later);
    assert_eq!(ops.wait_for("account:alice", later), 1, "alice's brake survived the tidy");
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
