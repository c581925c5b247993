//! Changes whose outcome is slow to come or never comes: the browser is answered within the
//! change budget (202 "outcome unknown", never an empty 408), the proxy follows the change to its
//! end (`/api/changes/{request id}`, the audit log), and a change whose reply never came is read
//! back to settle whether it was made.

mod support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use support::slow::*;
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

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
