//! Changes whose outcome is slow to come or never comes: the browser is answered within the
//! change budget (202 "outcome unknown", never an empty 408), the proxy follows the change to its
//! end (`/api/changes/{request id}`, the audit log), and a change whose reply never came is read
//! back to settle whether it was made.

mod support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const TERRY: &str = "4e0f2af0-33a2-4001-8631-0f8225e65f1c";

fn audit_lines(path: &std::path::Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path).unwrap_or_default().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn user(active: bool) -> Response {
    let body = format!(r#"{{"user":{{"id":"{TERRY}","active":{active},"firstName":"Terry","lastName":"Example"}}}}"#);
    ([("content-type", "application/json")], body).into_response()
}

/// A FusionAuth-like provider that takes `read` for a GET and `change` for a DELETE, which
/// deactivates.
async fn slow_provider(read: Duration, change: Duration) -> std::net::SocketAddr {
    let active = Arc::new(AtomicBool::new(true));
    let (a, b) = (active.clone(), active.clone());
    let app = Router::new().route(
        "/api/user/{id}",
        get(move || {
            let a = a.clone();
            async move {
                tokio::time::sleep(read).await;
                user(a.load(Ordering::SeqCst))
            }
        })
        .delete(move || {
            let b = b.clone();
            async move {
                tokio::time::sleep(change).await;
                b.store(false, Ordering::SeqCst);
                StatusCode::OK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

fn slow_config(
    addr: std::net::SocketAddr,
    audit: &std::path::Path,
    answer_within: u32,
) -> lockdesk_proxy::config::Config {
    let mut cfg = config(addr);
    cfg.answer_changes_within_secs = answer_within;
    cfg.audit = Some(lockdesk_proxy::config::AuditSettings::at(audit.to_owned()));
    cfg
}

async fn outcome(app: &Router, request_id: &str) -> String {
    let (status, _, body) = call(app, get_req(&format!("/api/changes/{request_id}"))).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str::<serde_json::Value>(&body).unwrap()["outcome"].as_str().unwrap().to_owned()
}

fn get_req(uri: &str) -> axum::http::Request<axum::body::Body> {
    support::get(uri)
}

#[tokio::test]
async fn a_slow_change_is_answered_in_time_as_unknown_and_followed_to_its_end() {
    // The change takes 1.5 s against a 1 s budget (reads 200 ms).
    let addr = slow_provider(Duration::from_millis(200), Duration::from_millis(1500)).await;
    let path = audit_path("changes-slow");
    let app = router(slow_config(addr, &path, 1));
    let started = Instant::now();
    let (status, headers, body) = call(&app, panel_change("DELETE", &format!("/proxy/fa/api/user/{TERRY}"))).await;
    let waited = started.elapsed();
    assert_eq!(status, 202, "never an empty 408: {body}");
    assert!(waited >= Duration::from_millis(950) && waited < Duration::from_millis(1500), "{waited:?}");
    assert_eq!(headers["x-lockdesk-outcome"], "unknown");
    let reply: serde_json::Value = serde_json::from_str(&body).unwrap();
    let request_id = headers["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!((reply["outcome"].as_str(), reply["request_id"].as_str()), (Some("unknown"), Some(request_id.as_str())));
    assert!(reply["error"].as_str().unwrap().contains("keeps following"), "{body}");
    assert_eq!(outcome(&app, &request_id).await, "pending", "the change is still being made");
    let mut last = String::new();
    for _ in 0..40 {
        last = outcome(&app, &request_id).await;
        if last != "pending" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(last, "allowed");
    let lines = audit_lines(&path);
    let done = lines.iter().find(|l| l["stage"] == "completed").expect("a completed line");
    assert_eq!((done["outcome"].as_str(), done["state_before"].as_str()), (Some("allowed"), Some("Active")));
    assert_eq!(done["state_after"], "Deactivated");
    assert_eq!(done["request_id"], request_id.as_str());
}

#[tokio::test]
async fn a_change_answered_within_the_budget_is_answered_with_the_providers_reply() {
    let addr = slow_provider(Duration::from_millis(200), Duration::from_millis(200)).await;
    let path = audit_path("changes-in-time");
    let app = router(slow_config(addr, &path, 5));
    let (status, headers, body) = call(&app, panel_change("DELETE", &format!("/proxy/fa/api/user/{TERRY}"))).await;
    assert_eq!(status, 200, "{body}");
    assert!(headers.get("x-lockdesk-outcome").is_none());
    let stages: Vec<String> = audit_lines(&path).iter().map(|l| l["stage"].as_str().unwrap().to_owned()).collect();
    assert_eq!(stages, ["started", "completed"], "the read after is in the log when the browser hears");
    let request_id = headers["x-request-id"].to_str().unwrap();
    assert_eq!(outcome(&app, request_id).await, "allowed");
}

/// A provider whose GET answers with the user and whose DELETE is cut off before the reply ends;
/// `applies` says whether the cut-off DELETE still deactivated the user.
async fn cut_off_provider(applies: bool) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let active = Arc::new(AtomicBool::new(true));
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            let active = active.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let n = socket.read(&mut buf).await.unwrap_or(0);
                let head = String::from_utf8_lossy(&buf[..n]).to_string();
                if head.starts_with("DELETE") {
                    if applies {
                        active.store(false, Ordering::SeqCst);
                    }
                    let _ = socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"par").await;
                } else {
                    let body = format!(
                        r#"{{"user":{{"id":"{TERRY}","active":{},"firstName":"Terry"}}}}"#,
                        active.load(Ordering::SeqCst)
                    );
                    let reply = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = socket.write_all(reply.as_bytes()).await;
                }
                let _ = socket.shutdown().await;
            });
        }
    });
    addr
}

#[tokio::test]
async fn a_change_whose_reply_broke_off_is_settled_by_a_read_back() {
    for (applies, settled, state_after, words) in [
        (true, "allowed", "Deactivated", "shows the change was made"),
        (false, "failed", "Active", "shows the change was not made"),
    ] {
        let addr = cut_off_provider(applies).await;
        let path = audit_path(&format!("changes-cut-{applies}"));
        let app = router(slow_config(addr, &path, 10));
        let (status, headers, body) = call(&app, panel_change("DELETE", &format!("/proxy/fa/api/user/{TERRY}"))).await;
        assert_eq!(status, 202, "a reply that broke off leaves the outcome unknown: {body}");
        assert_eq!(headers["x-lockdesk-outcome"], "unknown");
        assert!(body.contains(words), "{body}");
        let lines = audit_lines(&path);
        let done = lines.iter().find(|l| l["stage"] == "completed").unwrap_or_else(|| panic!("{lines:?}"));
        assert_eq!(done["outcome"], settled, "{done}");
        assert_eq!(done["settled_by"], "read-back", "{done}");
        assert_eq!(done["state_after"], state_after, "{done}");
        assert_eq!(done["upstream_status"], serde_json::Value::Null, "no reply was read");
        let request_id = headers["x-request-id"].to_str().unwrap();
        assert_eq!(outcome(&app, request_id).await, settled);
    }
}

#[tokio::test]
async fn a_change_that_waited_out_its_budget_is_not_sent() {
    // One call at a time; the first change holds the slot for ~1.7 s, past the second's budget.
    let addr = slow_provider(Duration::from_millis(100), Duration::from_millis(1500)).await;
    let path = audit_path("changes-late");
    let mut cfg = slow_config(addr, &path, 1);
    cfg.connections[0].max_concurrent_requests = 1;
    let app = router(cfg);
    let first = tokio::spawn({
        let app = app.clone();
        async move { call(&app, panel_change("DELETE", &format!("/proxy/fa/api/user/{TERRY}"))).await }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    // Another person (the same one would wait for the first change's person lock instead).
    let john = "00000000-0000-0001-0000-000000000000";
    let (status, _, body) =
        call(&app, panel_change("PUT", &format!("/proxy/fa/api/user/{john}?reactivate=true"))).await;
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("not sent"), "{body}");
    assert_eq!(first.await.unwrap().0, 202);
    tokio::time::sleep(Duration::from_millis(800)).await;
    let lines = audit_lines(&path);
    let late = lines.iter().find(|l| l["operation"] == "reactivate_user").expect("the late change is recorded");
    assert_eq!((late["stage"].as_str(), late["reason"].as_str()), (Some("refused"), Some("no time left to send")));
}

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
