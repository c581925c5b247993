//! Limits and broken upstreams: requests per operator per minute (and a bulk run's own, larger
//! ceiling), calls at once per connection, a provider that crashes or stops mid-reply, and a
//! browser that goes away mid-change.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const TERRY: &str = "4e0f2af0-33a2-4001-8631-0f8225e65f1c";

fn audit_lines(path: &std::path::Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path).unwrap_or_default().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[tokio::test]
async fn an_operator_over_the_minute_limit_gets_429_with_retry_after() {
    let stub = stub(ok_user).await;
    let path = audit_path("limits-rate");
    let mut cfg = config(stub.addr);
    cfg.requests_per_minute = 3;
    cfg.audit = Some(lockdesk_proxy::config::AuditSettings::at(path.clone()));
    let app = router(cfg);
    for _ in 0..3 {
        let (status, _, body) = call(&app, get(&format!("/proxy/fa/api/user/{TERRY}"))).await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, headers, body) = call(&app, panel_change("DELETE", &format!("/proxy/fa/api/user/{TERRY}"))).await;
    assert_eq!(status, 429, "{body}");
    let wait: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=20).contains(&wait), "{wait}");
    assert!(body.contains("too many requests in the last minute") && body.contains("Try again in"), "{body}");
    assert_eq!(stub.count(), 3, "the refused call did not reach the provider");
    let lines = audit_lines(&path);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(
        (lines[0]["outcome"].as_str(), lines[0]["reason"].as_str()),
        (Some("refused"), Some("too many requests"))
    );
}

#[tokio::test]
async fn a_bulk_run_counts_against_its_own_limit_not_the_interactive_one() {
    let stub = stub(ok_user).await;
    let mut cfg = config(stub.addr);
    (cfg.requests_per_minute, cfg.bulk_requests_per_minute) = (3, 6);
    let app = router(cfg);
    let read = |run: bool| {
        let mut req = get(&format!("/proxy/fa/api/user/{TERRY}"));
        if run {
            req.headers_mut().insert("x-lockdesk-run", "run-2024-0001".parse().unwrap());
        }
        req
    };
    for n in 0..6 {
        assert_eq!(call(&app, read(true)).await.0, 200, "bulk read {n}: past the interactive 3");
    }
    let (status, headers, body) = call(&app, read(true)).await;
    assert_eq!(status, 429, "the bulk ceiling: {body}");
    assert!(
        body.contains("Your bulk runs have made too many requests") && headers.contains_key("retry-after"),
        "{body}"
    );
    for n in 0..3 {
        assert_eq!(call(&app, read(false)).await.0, 200, "interactive read {n}: the run used none of them");
    }
    let (status, _, body) = call(&app, read(false)).await;
    assert_eq!(status, 429, "{body}");
    assert!(body.contains("You have made too many requests"), "{body}");
    assert_eq!(stub.count(), 9);
}

/// A provider that takes `delay` per call and records the most calls it had in flight at once.
async fn slow_stub(delay: Duration) -> (std::net::SocketAddr, Arc<AtomicUsize>, Arc<AtomicUsize>) {
    let (now, most, total) =
        (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let (n, m, t) = (now.clone(), most.clone(), total.clone());
    let app = Router::new().fallback(move || {
        let (n, m, t) = (n.clone(), m.clone(), t.clone());
        async move {
            let in_flight = n.fetch_add(1, Ordering::SeqCst) + 1;
            m.fetch_max(in_flight, Ordering::SeqCst);
            t.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(delay).await;
            n.fetch_sub(1, Ordering::SeqCst);
            ok_user()
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, most, total)
}

#[tokio::test]
async fn a_connection_runs_at_most_its_limit_of_calls_at_once() {
    let (addr, most, total) = slow_stub(Duration::from_millis(150)).await;
    let mut cfg = config(addr);
    cfg.connections[0].max_concurrent_requests = 2;
    let app = router(cfg);
    let calls = (0..6).map(|_| {
        let app = app.clone();
        tokio::spawn(async move { call(&app, get(&format!("/proxy/fa/api/user/{TERRY}"))).await.0 })
    });
    for status in futures_join(calls).await {
        assert_eq!(status, 200, "calls wait for a free slot rather than fail");
    }
    assert_eq!(total.load(Ordering::SeqCst), 6);
    assert_eq!(most.load(Ordering::SeqCst), 2, "never more than 2 calls in flight");
}

async fn futures_join<T>(tasks: impl Iterator<Item = tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut out = Vec::new();
    for t in tasks.collect::<Vec<_>>() {
        out.push(t.await.unwrap());
    }
    out
}

#[tokio::test]
async fn a_change_finishes_and_is_recorded_when_the_browser_goes_away() {
    let (addr, _, total) = slow_stub(Duration::from_millis(300)).await;
    let path = audit_path("limits-gone");
    let mut cfg = config(addr);
    cfg.audit = Some(lockdesk_proxy::config::AuditSettings::at(path.clone()));
    let app = router(cfg);
    let req = panel_change("DELETE", &format!("/proxy/fa/api/user/{TERRY}"));
    let gave_up = tokio::time::timeout(Duration::from_millis(100), call(&app, req)).await;
    assert!(gave_up.is_err(), "the browser left before the provider answered");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let lines = audit_lines(&path);
    let stages: Vec<&str> = lines.iter().filter_map(|l| l["stage"].as_str()).collect();
    assert_eq!(stages, ["started", "completed"], "{lines:?}");
    assert_eq!(lines[1]["outcome"], "allowed");
    assert_eq!(total.load(Ordering::SeqCst), 3, "read before, the change, read after");
}

/// A provider that accepts the connection and then does `behave` with the raw socket.
async fn raw_stub(reply: &'static [u8]) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            let mut buf = [0u8; 4096];
            let _ = socket.read(&mut buf).await;
            let _ = socket.write_all(reply).await;
            let _ = socket.shutdown().await;
        }
    });
    addr
}

#[tokio::test]
async fn a_reply_cut_off_midway_is_a_502_with_a_request_id() {
    let addr =
        raw_stub(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"user\":{\"id\"")
            .await;
    let started = std::time::Instant::now();
    let (status, headers, body) = call(&router(config(addr)), get(&format!("/proxy/fa/api/user/{TERRY}"))).await;
    assert_eq!(status, 502, "{body}");
    assert!(body.contains("broke off"), "{body}");
    assert_eq!(headers["x-lockdesk-refused"], "1");
    assert!(!headers["x-request-id"].is_empty());
    assert!(started.elapsed() < Duration::from_secs(5), "no hung request: {:?}", started.elapsed());
}

#[tokio::test]
async fn a_provider_that_hangs_up_or_is_down_is_a_502() {
    let hang_up = raw_stub(b"").await;
    let (status, _, body) = call(&router(config(hang_up)), get(&format!("/proxy/fa/api/user/{TERRY}"))).await;
    assert_eq!(status, 502, "{body}");
    let garbage = raw_stub(b"NOT HTTP AT ALL\r\n\r\n").await;
    let (status, _, body) = call(&router(config(garbage)), get(&format!("/proxy/fa/api/user/{TERRY}"))).await;
    assert_eq!(status, 502, "{body}");
    let down = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let (status, _, body) = call(&router(config(down)), get(&format!("/proxy/fa/api/user/{TERRY}"))).await;
    assert_eq!(status, 502, "{body}");
    assert!(body.contains("could not reach the provider"), "{body}");
}
