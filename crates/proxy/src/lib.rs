//! lockdesk-proxy: serves the panel and forwards the operations lockdesk knows to the configured
//! identity providers, adding the provider credential when the proxy holds it.
//!
//! `app(config, client)` builds the whole router so tests drive it in-process; `main.rs` only wires
//! configuration and serves. The proxy never logs headers or bodies and never returns a secret.

//! The modules, by concern (each `mod.rs` says what it owns):
//! - `config`: the TOML file, checked whole at start, with file:line:field errors.
//! - `operators`: accounts, sessions, the sign-in brake, `/api/session`.
//! - `forward`: recognise, rebuild, add credentials, send; DNS and address rules; token cache;
//!   changes made in their own task within one time budget.
//! - `audit`: the log (synced before a change is forwarded), reading it back, `/api/audit`.
//! - `state`: what must outlive a restart: the idempotency records of changes (SQLite).
//! - `web`: the HTTP edge: Host, CORS, CSP, request ids, refusals, limits.
//!
//! Public are only what `main.rs`, the examples and the integration tests use.

pub(crate) mod audit;
pub mod config;
pub mod forward;
pub mod operators;
pub mod state;
pub(crate) mod web;

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{any, get};
use axum::{Json, Router};
use idp::{IdentityProvider, ProviderKind};
use serde::Serialize;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use config::{Config, Credential};
use forward::upstream::BaseUrl;

/// A configured connection with its adapter.
pub(crate) struct LiveConnection {
    pub id: String,
    pub label: String,
    pub kind: ProviderKind,
    pub base_url: BaseUrl,
    pub credential: Credential,
    pub adapter: Box<dyn IdentityProvider>,
    /// Calls to this provider running at once.
    pub limit: web::limits::ConcurrencyLimit,
}

/// Shared state of the router.
pub(crate) struct AppState {
    pub connections: Vec<LiveConnection>,
    pub audit: Option<audit::AuditLog>,
    pub operators: Option<operators::Operators>,
    pub secure_cookies: Option<bool>,
    pub allowed_origins: Vec<String>,
    pub client: reqwest::Client,
    /// Provider calls per operator per minute.
    pub rate: web::limits::RateLimit,
    /// The same for bulk runs (`X-Lockdesk-Run`), counted apart: a ceiling, not the pacer.
    pub bulk_rate: web::limits::RateLimit,
    /// The idempotency records of changes; `None`: a change with a key is refused.
    pub store: Option<Arc<dyn state::Store>>,
    /// A change's browser request is answered within this time (with "outcome unknown" if need be).
    pub answer_changes_within: std::time::Duration,
    /// Changes being made or made lately, for `/api/changes/{request id}`.
    pub changes: forward::followed::Changes,
    /// The tasks making changes, so a shutdown can let them finish.
    pub change_tasks: tokio_util::task::TaskTracker,
    /// One change per person at a time (see `forward::change`).
    pub person_locks: forward::person::PersonLocks,
}

/// The changes still being made when the server stops serving.
pub struct Draining(tokio_util::task::TaskTracker);

impl Draining {
    /// How many changes are still being made.
    pub fn running(&self) -> usize {
        self.0.len()
    }

    /// Waits up to `within` for every change under way to finish (and be recorded); `false` if
    /// some were still running then.
    pub async fn wait(self, within: std::time::Duration) -> bool {
        self.0.close();
        tokio::time::timeout(within, self.0.wait()).await.is_ok()
    }
}

/// What `/api/connections` says about a connection: never a secret.
#[derive(Serialize)]
struct ConnectionInfo {
    id: String,
    label: String,
    kind: ProviderKind,
    credential_mode: &'static str,
    /// The non-secret settings the panel needs to build what the proxy rebuilds.
    settings: idp::Settings,
}

async fn list_connections(State(state): State<Arc<AppState>>) -> Json<Vec<ConnectionInfo>> {
    let list = state
        .connections
        .iter()
        .map(|c| ConnectionInfo {
            id: c.id.clone(),
            label: c.label.clone(),
            kind: c.kind,
            credential_mode: c.credential.mode_name(),
            settings: c.adapter.public_settings(),
        })
        .collect();
    Json(list)
}

/// The whole proxy: API, forwarding and (when `dist` is given) the panel's static files.
pub fn app(config: Config, client: reqwest::Client, dist: Option<PathBuf>) -> Result<Router, String> {
    app_with_draining(config, client, dist).map(|(router, _)| router)
}

/// `app`, plus what lets a shutdown wait for the changes under way.
pub fn app_with_draining(
    config: Config,
    client: reqwest::Client,
    dist: Option<PathBuf>,
) -> Result<(Router, Draining), String> {
    let mut connections = Vec::new();
    for c in config.connections {
        let adapter = idp::adapter(c.kind, &c.settings).map_err(|e| format!("connection {}: {e}", c.id))?;
        connections.push(LiveConnection {
            id: c.id,
            label: c.label,
            kind: c.kind,
            base_url: c.base_url,
            credential: c.credential,
            adapter,
            limit: web::limits::ConcurrencyLimit::new(c.max_concurrent_requests),
        });
    }
    let audit = match &config.audit {
        Some(a) => Some(
            audit::AuditLog::open(&a.path, a.max_bytes, a.keep)
                .map_err(|e| format!("cannot open the audit log {}: {e}", a.path.display()))?,
        ),
        None => None,
    };
    let store = match &config.state {
        Some(s) => Some(Arc::new(
            state::SqliteStore::open_lazy(&s.path)
                .map_err(|e| format!("cannot open the state file {}: {e}", s.path.display()))?,
        ) as Arc<dyn state::Store>),
        None => None,
    };
    // A panel on another origin may read only the headers the configured adapters read.
    let mut exposed: Vec<header::HeaderName> = Vec::new();
    for c in &connections {
        exposed.extend(c.adapter.reply_headers().iter().filter(|h| !exposed.contains(h)).cloned().collect::<Vec<_>>());
    }
    let cors = web::cors::layer(&config.allowed_origins, &exposed);
    let operators = config.operators.map(operators::Operators::new).transpose()?;
    let state = Arc::new(AppState {
        connections,
        audit,
        operators,
        secure_cookies: config.secure_cookies,
        allowed_origins: config.allowed_origins,
        client,
        rate: web::limits::RateLimit::per_minute(config.requests_per_minute),
        bulk_rate: web::limits::RateLimit::bulk_per_minute(config.bulk_requests_per_minute),
        store,
        answer_changes_within: std::time::Duration::from_secs(config.answer_changes_within_secs.into()),
        changes: Default::default(),
        change_tasks: tokio_util::task::TaskTracker::new(),
        person_locks: Default::default(),
    });
    let draining = Draining(state.change_tasks.clone());
    let router = Router::new()
        .route("/api/connections", get(list_connections))
        .route("/api/audit", get(audit::api::list))
        .route(
            "/api/session",
            get(operators::session::current).post(operators::session::sign_in).delete(operators::session::sign_out),
        )
        .route("/api/changes/{request_id}", get(forward::followed::followed))
        .route("/proxy/{connection}/{*path}", any(forward::forward))
        .with_state(state);
    let index_html = dist.as_ref().and_then(|dir| std::fs::read_to_string(dir.join("index.html")).ok());
    let csp = HeaderValue::from_str(&web::csp::policy(index_html.as_deref()))
        .map_err(|_| "the panel's index.html gives an unusable Content-Security-Policy".to_string())?;
    let files = dist.map(|dir| {
        let index = dir.join("index.html");
        ServeDir::new(dir).fallback(ServeFile::new(index))
    });
    // Everything else: the panel's files (deep links get index.html), except under /api and
    // /proxy, where anything unmatched is refused rather than answered with the panel.
    let router = router.fallback(move |req: axum::extract::Request| {
        let files = files.clone();
        async move {
            let path = req.uri().path();
            if path == "/proxy" || path.starts_with("/proxy/") {
                return web::refusal::refuse(
                    StatusCode::FORBIDDEN,
                    "That is not a provider operation lockdesk-proxy forwards.",
                );
            }
            if path == "/api" || path.starts_with("/api/") {
                return web::refusal::refuse(StatusCode::NOT_FOUND, "No such lockdesk-proxy endpoint.");
            }
            match files {
                Some(files) => match files.oneshot(req).await {
                    Ok(resp) => resp.map(axum::body::Body::new),
                    Err(never) => match never {},
                },
                None => (StatusCode::NOT_FOUND, "The panel is not being served by this proxy.").into_response(),
            }
        }
    });
    let router = router
        .layer(cors)
        // One layer for the four security headers: each layer is cloned for every request.
        .layer(axum::middleware::map_response(move |mut resp: axum::response::Response| {
            let csp = csp.clone();
            async move {
                let headers = resp.headers_mut();
                headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
                headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
                headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
                headers.insert(header::CONTENT_SECURITY_POLICY, csp);
                resp
            }
        }))
        .layer(axum::middleware::from_fn_with_state(Arc::new(config.allowed_hosts), web::host::check))
        .layer(axum::middleware::from_fn(web::request_id::assign));
    Ok((router, draining))
}
