//! The sign-in brake and the argon2 pool under parallel load: in-process against the router, and
//! against the real binary for its memory. Parallel guesses must not get past the brake, and a
//! flood of sign-ins must not make the proxy hash (and allocate) without bound.
//!
//! Everything listens on 127.0.0.1 only; the binary started here is killed at the end.

mod support;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use lockdesk_proxy::config::Config;
use support::*;

const PASSWORD: &str = "correct horse battery";
const BUSY: &str = "Too many sign-ins at once. Try again in a few seconds.";

/// `[operators]` with one account, `hal`, and the SSO header trusted from `front_proxy`.
fn operators_toml(front_proxy: &str) -> String {
    let hash = lockdesk_proxy::operators::hash_password(PASSWORD).unwrap();
    format!(
        "[operators]\ntrusted_header = \"x-forwarded-user\"\ntrusted_proxies = [\"{front_proxy}\"]\n\
         [[operators.account]]\nname = \"hal\"\npassword_hash = \"{hash}\"\nroles = {{ \"*\" = \"helpdesk\" }}\n"
    )
}

fn operators_config() -> Config {
    Config::parse(&operators_toml("10.9.9.9"), Path::new("signin.toml")).unwrap()
}

fn attempt(peer: SocketAddr, name: &str, password: &str) -> Request<Body> {
    let mut req = Request::builder()
        .method("POST")
        .uri("/api/session")
        .header("sec-fetch-site", "same-origin")
        .header("content-type", "application/json")
        .body(Body::from(serde_json::json!({ "name": name, "password": password }).to_string()))
        .unwrap();
    req.extensions_mut().insert(ConnectInfo(peer));
    req
}

/// How many replies had each status, for failure messages.
fn by_status(statuses: impl IntoIterator<Item = u16>) -> std::collections::BTreeMap<u16, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for s in statuses {
        *counts.entry(s).or_default() += 1;
    }
    counts
}

/// Sends all `requests` at once (each in its own task, released together) and returns each
/// reply's status, Retry-After and body.
async fn all_at_once(app: &axum::Router, requests: Vec<Request<Body>>) -> Vec<(u16, Option<String>, String)> {
    let start = Arc::new(tokio::sync::Barrier::new(requests.len()));
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|req| {
            let (app, start) = (app.clone(), start.clone());
            tokio::spawn(async move {
                start.wait().await;
                let (status, headers, body) = call(&app, req).await;
                let retry = headers.get("retry-after").map(|v| v.to_str().unwrap().to_owned());
                (status.as_u16(), retry, body)
            })
        })
        .collect();
    let mut replies = Vec::new();
    for task in tasks {
        replies.push(task.await.unwrap());
    }
    replies
}

#[tokio::test]
async fn parallel_guesses_for_one_account_get_no_more_than_the_free_attempts() {
    let app = router(operators_config());
    // A hundred addresses, so only the account's own brake can stop them.
    let guesses = (0..100u16)
        .map(|n| attempt(format!("198.51.{}.{}:40000", n / 200 + 100, n % 200 + 1).parse().unwrap(), "hal", "guess"))
        .collect();
    let replies = all_at_once(&app, guesses).await;
    let evaluated = replies.iter().filter(|r| r.0 == 401).count();
    println!("parallel wrong guesses evaluated: {evaluated} of {}", replies.len());
    assert!(evaluated <= 3, "{evaluated} of 100 parallel guesses were checked; the brake allows 3");
    for (status, retry, body) in replies.iter().filter(|r| r.0 != 401) {
        assert_eq!(*status, 429, "{body}");
        assert!(retry.as_deref().is_some_and(|s| s.parse::<u64>().is_ok_and(|s| s >= 1)), "Retry-After: {retry:?}");
        assert!(body.contains("Too many failed sign-ins") || body.contains(BUSY), "{body}");
    }
    // The right password is no way around the brake while it holds.
    let (status, headers, body) = call(&app, attempt("198.51.100.250:40000".parse().unwrap(), "hal", PASSWORD)).await;
    assert_eq!(status, 429, "{body}");
    assert!(headers.contains_key("retry-after"));
    assert!(!headers.contains_key("set-cookie"));
}

#[tokio::test]
async fn a_flood_of_sign_ins_is_turned_away_without_hashing_each() {
    let app = router(operators_config());
    // Different names and addresses: no brake applies, only the pool of argon2 slots.
    let flood = (0..100u16)
        .map(|n| attempt(format!("203.0.113.{}:40000", n + 1).parse().unwrap(), &format!("u{n}"), "x"))
        .collect();
    let replies = all_at_once(&app, flood).await;
    let busy: Vec<_> = replies.iter().filter(|r| r.0 == 429).collect();
    let hashed = replies.iter().filter(|r| r.0 == 401).count();
    println!("flood of 100: {hashed} checked, {} turned away", busy.len());
    assert_eq!(hashed + busy.len(), 100, "{:?}", by_status(replies.iter().map(|r| r.0)));
    // At most 4 hashing and 32 waiting, so most of a hundred arriving together are turned away.
    assert!(busy.len() >= 60, "only {} of 100 were turned away", busy.len());
    for (_, retry, body) in busy {
        assert_eq!(body, &format!(r#"{{"error":"{BUSY}"}}"#));
        assert!(retry.is_some(), "Retry-After");
    }
}

/// The proxy binary, killed when dropped (also when the test fails).
struct Proxy(std::process::Child);

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// What the binary prints, gathered by one thread per pipe.
struct Printed {
    text: Arc<Mutex<String>>,
    readers: Vec<std::thread::JoinHandle<()>>,
}

impl Printed {
    /// Everything printed, once the proxy has exited and both pipes are read to the end.
    fn all(self) -> String {
        for reader in self.readers {
            let _ = reader.join();
        }
        let text = self.text.lock().unwrap().clone();
        text
    }
}

/// Starts the binary with `config`; returns it, its address and what it prints.
fn start_proxy(dir: &Path, config: &str) -> (Proxy, SocketAddr, Printed) {
    let config_file = dir.join("lockdesk.toml");
    std::fs::write(&config_file, config).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_lockdesk-proxy"))
        .arg("--config")
        .arg(&config_file)
        .args(["--listen", "127.0.0.1:0", "--dist"])
        .arg(dir.join("no-panel"))
        .arg("--audit-log")
        .arg(dir.join("audit.jsonl"))
        .env("LOCKDESK_LOG", "info")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let output = Arc::new(Mutex::new(String::new()));
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let proxy = Proxy(child);
    // Both pipes are read to the end, so the proxy's log lines never block it.
    let mut readers = Vec::new();
    for (pipe, ready) in [(Box::new(stdout) as Box<dyn std::io::Read + Send>, Some(ready_tx)), (Box::new(stderr), None)]
    {
        let output = output.clone();
        readers.push(std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                if let (Some(tx), Some(rest)) = (&ready, line.strip_prefix("lockdesk is ready: open http://")) {
                    let _ = tx.send(rest.trim_end_matches('/').parse::<SocketAddr>().unwrap());
                }
                output.lock().unwrap().push_str(&line);
                output.lock().unwrap().push('\n');
            }
        }));
    }
    let addr = ready_rx
        .recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("the proxy did not get ready: {}", output.lock().unwrap()));
    (proxy, addr, Printed { text: output, readers })
}

/// Peak resident set of process `pid`, in MiB.
fn peak_rss_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).expect("VmHWM in /proc/PID/status");
    let kib: f64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kib / 1024.0
}

/// Sign-ins fired at the real binary at once, each for a made-up name from its own address.
const FLOOD: usize = 1000;
/// Peak memory the proxy may reach under the flood: a few argon2 hashes (19 MiB each) at a time,
/// plus the connections. One hash per sign-in would need FLOOD × 19 MiB.
const PEAK_MIB_BOUND: f64 = 150.0;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_sign_ins_keeps_the_real_proxy_within_bounded_memory() {
    let dir: PathBuf = std::env::temp_dir().join(format!("lockdesk-signin-flood-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (proxy, addr, output) = start_proxy(&dir, &operators_toml("127.0.0.1"));
    let pid = proxy.0.id();
    let before = peak_rss_mib(pid);
    let client = reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(120)).build().unwrap();
    let start = Arc::new(tokio::sync::Barrier::new(FLOOD));
    let began = Instant::now();
    let tasks: Vec<_> = (0..FLOOD)
        .map(|n| {
            let (client, start) = (client.clone(), start.clone());
            let url = format!("http://{addr}/api/session");
            // 10.x.y.z, one per sign-in: the per-address brake never applies.
            let from = format!("10.{}.{}.{}", n / 65536, (n / 256) % 256, n % 256);
            let body = serde_json::json!({
                "name": format!("nobody-{}", uuid::Uuid::new_v4().simple()),
                "password": format!("flood-password-{n}"),
            });
            tokio::spawn(async move {
                start.wait().await;
                let resp = client
                    .post(url)
                    .header("sec-fetch-site", "same-origin")
                    .header("content-type", "application/json")
                    .header("x-forwarded-for", from)
                    .body(body.to_string())
                    .send()
                    .await
                    .unwrap();
                (resp.status().as_u16(), resp.headers().contains_key("retry-after"))
            })
        })
        .collect();
    let mut replies = Vec::new();
    for task in tasks {
        replies.push(task.await.unwrap());
    }
    let took = began.elapsed();
    let peak = peak_rss_mib(pid);
    let refused = replies.iter().filter(|r| r.0 == 401).count();
    let busy = replies.iter().filter(|r| r.0 == 429).count();
    println!(
        "flood of {FLOOD} sign-ins in {:.1} s: {refused} × 401 (checked), {busy} × 429 (turned away); \
         proxy peak RSS (VmHWM) {peak:.1} MiB, {before:.1} MiB before",
        took.as_secs_f64()
    );
    assert_eq!(
        refused + busy,
        FLOOD,
        "every sign-in is answered 401 or 429: {:?}",
        by_status(replies.iter().map(|r| r.0))
    );
    assert!(replies.iter().filter(|r| r.0 == 429).all(|r| r.1), "every 429 says when to retry");
    assert!(peak < PEAK_MIB_BOUND, "the proxy peaked at {peak:.1} MiB under the flood (bound {PEAK_MIB_BOUND} MiB)");
    drop(proxy);
    let printed = output.all();
    assert!(printed.contains("sign-in refused"), "the refusals are logged: {printed}");
    assert!(!printed.contains("flood-password"), "a password reached the log");
    let _ = std::fs::remove_dir_all(&dir);
}
