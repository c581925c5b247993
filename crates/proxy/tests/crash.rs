//! Crash safety with the real binary: a proxy killed mid-change (its `started` line written, no
//! result yet) leaves a change that, after a restart on the same audit log, `/api/audit` and its
//! CSV report as unfinished with outcome "unknown", and an idempotency key `in_progress` that the
//! restarted proxy settles by reading the person first. Everything runs on 127.0.0.1; every wait
//! is bounded and every child process is killed, even when an assertion fails.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const TERRY: &str = "4e0f2af0-33a2-4001-8631-0f8225e65f1c";
const WAIT: Duration = Duration::from_secs(30);

/// A running `lockdesk-proxy --sandbox`; killed (SIGKILL) when dropped.
struct Proxy {
    child: Child,
    /// `http://ADDR` of the proxy and of its sandbox.
    api: String,
    sandbox: String,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the binary on `audit` and waits (bounded) until it prints both addresses.
fn start(audit: &Path) -> Proxy {
    let child = Command::new(env!("CARGO_BIN_EXE_lockdesk-proxy"))
        .args(["--sandbox", "--listen", "127.0.0.1:0", "--sandbox-listen", "127.0.0.1:0", "--dist"])
        .arg(audit.with_file_name("no-such-dist"))
        .arg("--audit-log")
        .arg(audit)
        .arg("--state")
        .arg(audit.with_file_name("state.sqlite"))
        .env("LOCKDESK_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the lockdesk-proxy binary starts");
    let mut proxy = Proxy { child, api: String::new(), sandbox: String::new() };
    let stdout = proxy.child.stdout.take().unwrap();
    let (lines, printed) = mpsc::channel();
    // Keeps reading to the end so the child never blocks on a full pipe.
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let deadline = Instant::now() + WAIT;
    while proxy.api.is_empty() || proxy.sandbox.is_empty() {
        let line = printed
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("the proxy printed its addresses in time (or exited early)");
        if let Some(url) = line.strip_prefix("sandbox admin (fault injection): ") {
            proxy.sandbox = url.trim_end_matches("/_sandbox/faults").to_owned();
        } else if let Some(url) = line.strip_prefix("lockdesk is ready: open ") {
            proxy.api = url.trim_end_matches('/').to_owned();
        }
    }
    proxy
}

fn lines_of(audit: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(audit).unwrap_or_default();
    text.lines().filter_map(|l| serde_json::from_str(l).ok()).collect()
}

fn fresh_audit_path(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lockdesk-crash-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("audit.jsonl")
}

/// Makes the sandbox take `latency_ms` per call and starts a deactivation as the panel sends it.
async fn slow_deactivation(
    client: &reqwest::Client,
    proxy: &Proxy,
    latency_ms: u64,
) -> tokio::task::JoinHandle<reqwest::Result<reqwest::Response>> {
    slow_keyed_deactivation(client, proxy, latency_ms, None).await
}

/// `slow_deactivation`, sent with an idempotency key if one is given.
async fn slow_keyed_deactivation(
    client: &reqwest::Client,
    proxy: &Proxy,
    latency_ms: u64,
    key: Option<&str>,
) -> tokio::task::JoinHandle<reqwest::Result<reqwest::Response>> {
    let faults = client
        .put(format!("{}/_sandbox/faults", proxy.sandbox))
        .body(format!(r#"{{"latency_ms": {latency_ms}}}"#))
        .send()
        .await
        .unwrap();
    assert_eq!(faults.status(), 200, "{:?}", faults.text().await);
    let mut change = client
        .delete(format!("{}/proxy/fusionauth-sandbox/api/user/{TERRY}", proxy.api))
        .header("sec-fetch-site", "same-origin");
    if let Some(key) = key {
        change = change.header("idempotency-key", key);
    }
    tokio::spawn(change.send())
}

/// Waits (bounded) for the change's `started` line and returns its request id.
async fn started_request_id(
    audit: &Path,
    in_flight: &tokio::task::JoinHandle<reqwest::Result<reqwest::Response>>,
) -> String {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(line) = lines_of(audit).into_iter().find(|l| l["stage"] == "started") {
            return line["request_id"].as_str().unwrap().to_owned();
        }
        assert!(!in_flight.is_finished(), "the change ended before its started line was seen");
        assert!(Instant::now() < deadline, "no started line in {}", audit.display());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// SIGTERM, as a service manager stops it; waits (bounded) for the process to end.
async fn stop(proxy: &mut Proxy) -> std::process::ExitStatus {
    let term = Command::new("kill").args(["-TERM", &proxy.child.id().to_string()]).status().unwrap();
    assert!(term.success());
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(status) = proxy.child.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "the proxy did not stop within {WAIT:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_change_killed_mid_way_is_reported_unfinished_after_a_restart() {
    let audit = fresh_audit_path("kill");
    let client = reqwest::Client::builder().timeout(WAIT).build().unwrap();
    let first = start(&audit);
    // The slow provider keeps the change in flight.
    let in_flight = slow_deactivation(&client, &first, 5000).await;
    let request_id = started_request_id(&audit, &in_flight).await;
    drop(first); // SIGKILL: no chance to write anything more.
    let _ = tokio::time::timeout(WAIT, in_flight).await.expect("the cut-off request ends");
    let written = lines_of(&audit);
    assert_eq!(written.len(), 1, "killed before any result line: {written:?}");

    let second = start(&audit);
    let reply = client.get(format!("{}/api/audit?stage=unfinished", second.api)).send().await.unwrap();
    assert_eq!(reply.status(), 200);
    let page: serde_json::Value = serde_json::from_str(&reply.text().await.unwrap()).unwrap();
    assert_eq!(page["total"], 1, "{page}");
    let line = &page["lines"][0];
    assert_eq!(line["request_id"].as_str(), Some(request_id.as_str()), "{line}");
    assert_eq!(line["outcome"], "unknown", "{line}");
    assert_eq!((line["stage"].as_str(), line["operation"].as_str()), (Some("started"), Some("deactivate_user")));
    assert_eq!(line["target_user_id"], TERRY);

    // The panel's own selection and its CSV download include it too.
    let reply =
        client.get(format!("{}/api/audit?stage=completed,refused,unfinished", second.api)).send().await.unwrap();
    let page: serde_json::Value = serde_json::from_str(&reply.text().await.unwrap()).unwrap();
    assert_eq!((page["total"].as_u64(), page["lines"][0]["request_id"].as_str()), (Some(1), Some(&*request_id)));
    let reply = client
        .get(format!("{}/api/audit?stage=completed,refused,unfinished&format=csv", second.api))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 200);
    let csv = reply.text().await.unwrap();
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let headers = rows.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1, "{csv}");
    assert_eq!(&rows[0][column("request_id")], request_id);
    assert_eq!(&rows[0][column("outcome")], "unknown");
    assert_eq!(&rows[0][column("stage")], "started");
    assert_eq!(lines_of(&audit).len(), 1, "reading never rewrites the log");
    drop(second);
    let _ = std::fs::remove_dir_all(audit.parent().unwrap());
}

#[tokio::test]
async fn a_proxy_asked_to_stop_mid_change_finishes_and_records_it_first() {
    let audit = fresh_audit_path("term");
    let client = reqwest::Client::builder().timeout(WAIT).build().unwrap();
    let mut proxy = start(&audit);
    let in_flight = slow_deactivation(&client, &proxy, 1000).await;
    started_request_id(&audit, &in_flight).await;
    // The browser goes away first, so no open request holds the server up: only the change
    // task is left, and it must still finish before the process ends.
    in_flight.abort();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let exit = stop(&mut proxy).await;
    assert!(exit.success(), "{exit:?}");
    let lines = lines_of(&audit);
    let stages: Vec<&str> = lines.iter().filter_map(|l| l["stage"].as_str()).collect();
    assert_eq!(stages, ["started", "completed"], "{lines:?}");
    assert_eq!(
        (lines[1]["outcome"].as_str(), lines[1]["state_after"].as_str()),
        (Some("allowed"), Some("Deactivated"))
    );
    let _ = std::fs::remove_dir_all(audit.parent().unwrap());
}

#[tokio::test]
async fn a_client_that_never_finishes_its_request_does_not_keep_the_proxy_from_stopping() {
    use tokio::io::AsyncWriteExt;
    let audit = fresh_audit_path("stall");
    let mut proxy = start(&audit);
    let addr = proxy.api.trim_start_matches("http://").to_owned();
    let mut stalled = tokio::net::TcpStream::connect(&addr).await.unwrap();
    // Half a request line: the server is still reading it when it is asked to stop.
    stalled.write_all(b"GET /api/conn").await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let asked = Instant::now();
    stop(&mut proxy).await;
    assert!(asked.elapsed() < Duration::from_secs(20), "stopped after {:?}", asked.elapsed());
    drop(stalled);
    let _ = std::fs::remove_dir_all(audit.parent().unwrap());
}

#[tokio::test]
async fn a_key_left_in_progress_by_a_killed_proxy_is_read_first_after_a_restart() {
    use lockdesk_proxy::state::{RecordId, RecordState, SqliteStore, Store};
    let audit = fresh_audit_path("key");
    let client = reqwest::Client::builder().timeout(WAIT).build().unwrap();
    let first = start(&audit);
    let in_flight = slow_keyed_deactivation(&client, &first, 5000, Some("step-killed-0001")).await;
    started_request_id(&audit, &in_flight).await;
    drop(first); // SIGKILL mid-change.
    let _ = tokio::time::timeout(WAIT, in_flight).await.expect("the cut-off request ends");
    let id = RecordId { connection: "fusionauth-sandbox".into(), key: "step-killed-0001".into() };
    let store = SqliteStore::open(&audit.with_file_name("state.sqlite")).await.unwrap();
    assert_eq!(store.get(&id).await.unwrap().unwrap().state, RecordState::InProgress, "written before it was sent");
    store.close().await;

    // The new proxy's sandbox starts afresh, Terry active: the read shows the change not made, so
    // it is sent again, as a new attempt, and then answered from its record.
    let second = start(&audit);
    let retry = slow_keyed_deactivation(&client, &second, 0, Some("step-killed-0001")).await;
    let reply = retry.await.unwrap().unwrap();
    assert_eq!((reply.status().as_u16(), reply.headers().contains_key("x-lockdesk-replayed")), (200, false));
    let completed: Vec<_> = lines_of(&audit).into_iter().filter(|l| l["stage"] == "completed").collect();
    assert_eq!(completed.len(), 1, "{completed:?}");
    assert_eq!(
        (completed[0]["outcome"].as_str(), completed[0]["state_after"].as_str()),
        (Some("allowed"), Some("Deactivated"))
    );
    let again = slow_keyed_deactivation(&client, &second, 0, Some("step-killed-0001")).await.await.unwrap().unwrap();
    assert_eq!((again.status().as_u16(), again.headers()["x-lockdesk-replayed"].to_str().unwrap()), (200, "1"));
    drop(second);
    let _ = std::fs::remove_dir_all(audit.parent().unwrap());
}
