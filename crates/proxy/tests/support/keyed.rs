//! Changes sent with an idempotency key: a FusionAuth-like provider that keeps one person's state
//! and counts the calls it was sent (switchable to answer changes with another status, made or
//! not, after a delay), a proxy config with a state file (also for the DocSpace and SCIM
//! simulators), and requests carrying the keys.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU16, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use lockdesk_proxy::config::{AuditSettings, Config, StateSettings};

pub use super::slow::TERRY;

/// The provider's switches and counters.
#[derive(Clone)]
pub struct Fusion {
    pub addr: SocketAddr,
    /// Terry's `active`.
    pub active: Arc<AtomicBool>,
    /// Deactivations (DELETE) and reactivations (PUT) that reached it.
    pub changes: Arc<AtomicUsize>,
    /// Reads (GET) that reached it.
    pub reads: Arc<AtomicUsize>,
    /// What a change is answered with (200 unless set).
    pub status: Arc<AtomicU16>,
    /// Whether a change answered with another status than 2xx was made all the same.
    pub made_anyway: Arc<AtomicBool>,
    /// How long a change takes.
    pub delay_ms: Arc<AtomicU64>,
}

impl Fusion {
    pub fn changes(&self) -> usize {
        self.changes.load(Ordering::SeqCst)
    }

    pub fn reads(&self) -> usize {
        self.reads.load(Ordering::SeqCst)
    }

    /// Changes are answered `status`; `made` says whether a non-2xx one is made all the same.
    pub fn answer(&self, status: u16, made: bool) {
        self.status.store(status, Ordering::SeqCst);
        self.made_anyway.store(made, Ordering::SeqCst);
    }
}

fn user(active: bool) -> Response {
    let body = format!(r#"{{"user":{{"id":"{TERRY}","active":{active},"firstName":"Terry","lastName":"Example"}}}}"#);
    ([("content-type", "application/json")], body).into_response()
}

/// The provider on loopback: Terry active, changes answered 200 at once.
pub async fn fusion() -> Fusion {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let f = Fusion {
        addr: listener.local_addr().unwrap(),
        active: Arc::new(AtomicBool::new(true)),
        changes: Arc::default(),
        reads: Arc::default(),
        status: Arc::new(AtomicU16::new(200)),
        made_anyway: Arc::default(),
        delay_ms: Arc::default(),
    };
    let change = |f: Fusion, to: bool| async move {
        tokio::time::sleep(Duration::from_millis(f.delay_ms.load(Ordering::SeqCst))).await;
        f.changes.fetch_add(1, Ordering::SeqCst);
        let status = StatusCode::from_u16(f.status.load(Ordering::SeqCst)).unwrap();
        if status.is_success() || f.made_anyway.load(Ordering::SeqCst) {
            f.active.store(to, Ordering::SeqCst);
        }
        match status {
            StatusCode::OK => StatusCode::OK.into_response(),
            other => (other, [("content-type", "application/json")], r#"{"generalErrors":[]}"#).into_response(),
        }
    };
    let (a, b, c) = (f.clone(), f.clone(), f.clone());
    let app = Router::new().route(
        "/api/user/{id}",
        get(move || {
            let a = a.clone();
            async move {
                a.reads.fetch_add(1, Ordering::SeqCst);
                user(a.active.load(Ordering::SeqCst))
            }
        })
        .delete(move || change(b.clone(), false))
        .put(move || change(c.clone(), true)),
    );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    f
}

/// A fresh folder for test `name`: its audit log and its state file.
pub fn files(name: &str) -> (PathBuf, PathBuf) {
    let audit = super::audit_path(&format!("keyed-{name}"));
    let state = audit.with_file_name("state.sqlite");
    (audit, state)
}

/// The test config (`fa`, `fa-op`) for `upstream`, with an audit log and the state file.
pub fn keyed_config(upstream: SocketAddr, audit: &Path, state: &Path) -> Config {
    let mut cfg = super::config(upstream);
    cfg.audit = Some(AuditSettings::at(audit.to_owned()));
    cfg.state = Some(StateSettings { path: state.to_owned() });
    cfg
}

/// A change as the panel's bulk run sends it: with `key` (if any) and a run id.
pub fn keyed(method: &str, uri: &str, key: Option<&str>) -> Request<Body> {
    let mut req = super::panel_change(method, uri);
    if let Some(key) = key {
        req.headers_mut().insert("idempotency-key", key.parse().unwrap());
    }
    req.headers_mut().insert("x-lockdesk-run", "run-2024-0001".parse().unwrap());
    req
}

/// Terry's deactivation on `fa`, with `key`.
pub fn deactivate_terry(key: &str) -> Request<Body> {
    keyed("DELETE", &format!("/proxy/fa/api/user/{TERRY}"), Some(key))
}

/// The FusionAuth adapter's reading of a reply to `op`, as the panel would read it.
pub fn reading(status: StatusCode, headers: &axum::http::HeaderMap, body: &str, op: &idp::Operation) -> idp::Reply {
    let adapter = idp::adapter(idp::ProviderKind::FusionAuth, &idp::Settings::default()).unwrap();
    let mut resp = http::Response::builder().status(status.as_u16());
    for (k, v) in headers {
        resp = resp.header(k, v);
    }
    adapter.interpret(op, &resp.body(body.as_bytes().to_vec()).unwrap()).unwrap()
}

/// Terry's deactivation as `idp` has it (what the proxy recognises `deactivate_terry` as).
pub fn terry_off() -> idp::Operation {
    idp::Operation::Change(idp::Change::new(idp::Action::Deactivate, idp::UserId::parse(TERRY).unwrap()))
}

/// The DocSpace (`docspace`) and SCIM (`scim`) simulators at `addr` behind a proxy with a state file.
pub fn sandbox_app(addr: std::net::SocketAddr, name: &str) -> axum::Router {
    std::env::set_var("LOCKDESK_TEST_SANDBOX_KEY", SANDBOX_KEY);
    let connection = |id: &str, kind: &str, path: &str| {
        format!("[[connection]]\nid = \"{id}\"\nlabel = \"{id}\"\nkind = \"{kind}\"\nbase_url = \"http://{addr}{path}\"\n[connection.credential]\nmode = \"vault\"\napi_key_env = \"LOCKDESK_TEST_SANDBOX_KEY\"\n")
    };
    let text = connection("docspace", "docspace", "/docspace") + &connection("scim", "scim", "/scim/v2");
    let mut cfg = lockdesk_proxy::config::Config::parse(&text, std::path::Path::new("keyed.toml")).unwrap();
    let (audit, state) = files(name);
    cfg.audit = Some(lockdesk_proxy::config::AuditSettings::at(audit));
    cfg.state = Some(lockdesk_proxy::config::StateSettings { path: state });
    super::router(cfg)
}

/// The key the simulators take.
pub const SANDBOX_KEY: &str = "keyed-sandbox-test-key";

/// `action` on the person `id`.
pub fn change_of(id: &str, action: idp::Action) -> idp::Operation {
    idp::Operation::Change(idp::Change::new(action, idp::UserId::parse(id).unwrap()))
}
