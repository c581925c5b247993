//! Test support: a stub upstream that records what reaches it, and helpers to drive the proxy
//! router in-process.

#![allow(dead_code)]

pub mod dns;
pub mod keyed;
pub mod provider;
pub mod slow;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::Response;
use axum::Router;
use http_body_util::BodyExt;
use lockdesk_proxy::config::Config;
use tower::ServiceExt;

/// What the stub upstream saw of one request.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub uri: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// A stub provider on loopback: answers every request with `reply` and records it.
pub struct Stub {
    pub addr: SocketAddr,
    pub seen: Arc<Mutex<Vec<Seen>>>,
}

impl Stub {
    pub fn count(&self) -> usize {
        self.seen.lock().unwrap().len()
    }
    /// How many requests had exactly this method and URI.
    pub fn count_of(&self, method: &str, uri: &str) -> usize {
        self.seen.lock().unwrap().iter().filter(|s| s.method == method && s.uri == uri).count()
    }
    pub fn last(&self) -> Seen {
        self.seen.lock().unwrap().last().cloned().expect("the stub saw no request")
    }
}

pub type Reply = fn() -> Response;

pub fn ok_user() -> Response {
    Response::builder()
        .status(200)
        .header("content-type", "application/json")
        .header("set-cookie", "upstream=1")
        .header("x-internal-secret", "leak")
        .body(Body::from(r#"{"user":{"id":"4e0f2af0-33a2-4001-8631-0f8225e65f1c","active":true}}"#))
        .unwrap()
}

pub async fn stub(reply: Reply) -> Stub {
    stub_by(move |_| reply()).await
}

/// A stub whose reply depends on the request (`reply` sees what was recorded of it).
pub async fn stub_by(reply: impl Fn(&Seen) -> Response + Clone + Send + Sync + 'static) -> Stub {
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let record = seen.clone();
    let app = Router::new().fallback(move |req: Request<Body>| {
        let (record, reply) = (record.clone(), reply.clone());
        async move {
            let (parts, body) = req.into_parts();
            let body = body.collect().await.unwrap().to_bytes().to_vec();
            let seen = Seen {
                method: parts.method.to_string(),
                uri: parts.uri.to_string(),
                headers: parts
                    .headers
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
                    .collect(),
                body,
            };
            let response = reply(&seen);
            record.lock().unwrap().push(seen);
            response
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Stub { addr, seen }
}

/// A config with a vault connection `fa` and an operator connection `fa-op`, both to `upstream`.
pub fn config(upstream: SocketAddr) -> Config {
    std::env::set_var("LOCKDESK_TEST_VAULT_KEY", "vault-secret-key");
    let text = format!(
        r#"
[server]
allowed_origins = ["https://intranet.example.com"]

[[connection]]
id = "fa"
label = "FusionAuth"
kind = "fusionauth"
base_url = "http://{upstream}"
[connection.credential]
mode = "vault"
api_key_env = "LOCKDESK_TEST_VAULT_KEY"

[[connection]]
id = "fa-op"
label = "FusionAuth (operator)"
kind = "fusionauth"
base_url = "http://{upstream}"
[connection.credential]
mode = "operator"
"#
    );
    Config::parse(&text, Path::new("test.toml")).unwrap()
}

/// A fresh audit log path for test `name` (its folder emptied first).
pub fn audit_path(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("lockdesk-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("audit.jsonl")
}

pub fn router(config: Config) -> Router {
    let client =
        lockdesk_proxy::forward::upstream::client(&config, lockdesk_proxy::forward::resolver::system_lookup()).unwrap();
    lockdesk_proxy::app(config, client, None).unwrap()
}

/// The reply's status, headers and body as text. Like every HTTP/1.1 client, it names the host
/// (`127.0.0.1`) unless the request already does.
pub async fn call(router: &Router, mut req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
    if !req.headers().contains_key("host") {
        req.headers_mut().insert("host", axum::http::HeaderValue::from_static("127.0.0.1"));
    }
    call_as_sent(router, req).await
}

/// Like `call`, but the request goes in exactly as given (no Host added).
pub async fn call_as_sent(router: &Router, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
    let resp = router.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

pub fn get(uri: &str) -> Request<Body> {
    Request::builder().uri(uri).body(Body::empty()).unwrap()
}

/// A change as the panel's own page sends it (same-origin fetch).
pub fn panel_change(method: &str, uri: &str) -> Request<Body> {
    Request::builder().method(method).uri(uri).header("sec-fetch-site", "same-origin").body(Body::empty()).unwrap()
}
