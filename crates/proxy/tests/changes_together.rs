//! Changes and the people making them: only whoever made a change can follow it, the change
//! budget is checked in the config, and two changes to one person at once are made one after
//! the other.

mod support;

use std::time::Duration;

use axum::Router;
use support::slow::*;
use support::*;

/// The test config's connections, with two operators: `hal` (helpdesk) and `ada` (admin).
fn two_operators(upstream: std::net::SocketAddr) -> lockdesk_proxy::config::Config {
    use lockdesk_proxy::operators::{Account, OperatorSettings};
    let hash = lockdesk_proxy::operators::hash_password("a long test password").unwrap();
    let account = |name: &str, role: idp::Role| Account {
        name: name.into(),
        password_hash: Some(hash.clone()),
        roles: [("*".to_owned(), role)].into(),
    };
    let mut cfg = config(upstream);
    cfg.operators = Some(OperatorSettings {
        accounts: vec![account("hal", idp::Role::Helpdesk), account("ada", idp::Role::Admin)],
        trusted_header: None,
        trusted_proxies: Vec::new(),
        idle_minutes: 30,
        max_hours: 12,
    });
    cfg
}

async fn cookie(app: &Router, name: &str) -> String {
    let req = axum::http::Request::builder()
        .method("POST")
        .uri("/api/session")
        .header("sec-fetch-site", "same-origin")
        .header("content-type", "application/json")
        .body(axum::body::Body::from(format!(r#"{{"name":"{name}","password":"a long test password"}}"#)))
        .unwrap();
    let (status, headers, body) = call(app, req).await;
    assert_eq!(status, 204, "{body}");
    headers["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned()
}

#[tokio::test]
async fn changes_are_followed_only_for_whoever_made_them() {
    let app = router(two_operators(stub(ok_user).await.addr));
    let (hal, ada) = (cookie(&app, "hal").await, cookie(&app, "ada").await);
    let mut change = panel_change("DELETE", &format!("/proxy/fa/api/user/{TERRY}"));
    change.headers_mut().insert("cookie", hal.parse().unwrap());
    let (status, headers, body) = call(&app, change).await;
    assert_eq!(status, 200, "{body}");
    let path = format!("/api/changes/{}", headers["x-request-id"].to_str().unwrap());
    let ask = |cookie: &str| {
        let mut req = get_req(&path);
        req.headers_mut().insert("cookie", cookie.parse().unwrap());
        req
    };
    let (status, _, body) = call(&app, ask(&hal)).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(r#""outcome":"allowed""#), "{body}");
    let (status, _, body) = call(&app, ask(&ada)).await;
    assert_eq!(status, 404, "another operator learns nothing, not even that it exists: {body}");
    assert!(body.contains("not following"), "{body}");
    let (status, _, _) = call(&app, get_req(&path)).await;
    assert_eq!(status, 401, "no session, no answer");
}

#[test]
fn the_change_budget_is_checked_in_the_config() {
    let text = "[server]\nanswer_changes_within_secs = 41\n";
    let err = lockdesk_proxy::config::Config::parse(text, std::path::Path::new("t.toml")).unwrap_err().to_string();
    assert!(err.contains("t.toml:2") && err.contains("answer_changes_within_secs") && err.contains("1 to 40"), "{err}");
}

#[tokio::test]
async fn two_changes_at_once_to_one_person_are_made_one_after_the_other() {
    // Two tabs deactivate the same person at once, against a slow provider and a 1 s budget. The
    // proxy makes one change to a person at a time (a check before a step must not be undone by a
    // change racing it), so the second waits for the first within its budget, then is refused
    // and not sent; the first is answered "outcome unknown" and followed to its end.
    let addr = slow_provider(Duration::from_millis(100), Duration::from_millis(1500)).await;
    let path = audit_path("changes-two");
    let app = router(slow_config(addr, &path, 1));
    let tab =
        |app: Router| async move { call(&app, panel_change("DELETE", &format!("/proxy/fa/api/user/{TERRY}"))).await };
    let (a, b) = tokio::join!(tab(app.clone()), tab(app.clone()));
    let mut statuses = [a.0.as_u16(), b.0.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [202, 409], "{a:?} {b:?}");
    let (made, refused) = if a.0 == 202 { (a, b) } else { (b, a) };
    assert!(refused.2.contains("Another change to this person is being made right now"), "{}", refused.2);
    let id = made.1["x-request-id"].to_str().unwrap().to_owned();
    let mut last = String::new();
    for _ in 0..40 {
        last = outcome(&app, &id).await;
        if last != "pending" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(last, "allowed");
    let lines = audit_lines(&path);
    let stages: Vec<&str> =
        lines.iter().filter(|l| l["request_id"] == id.as_str()).filter_map(|l| l["stage"].as_str()).collect();
    assert_eq!(stages, ["started", "completed"], "{lines:?}");
    let other: Vec<_> = lines.iter().filter(|l| l["request_id"] != id.as_str()).collect();
    assert_eq!(other.len(), 1, "{lines:?}");
    assert_eq!(
        (other[0]["stage"].as_str(), other[0]["reason"].as_str()),
        (Some("refused"), Some("another change to this person under way"))
    );
}
