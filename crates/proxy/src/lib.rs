//! lockdesk-proxy: serves the panel and forwards the operations lockdesk knows to the configured
//! identity providers, adding the provider credential when the proxy holds it.
//!
//! `app(config, client)` builds the whole router so tests drive it in-process; `main.rs` only wires
//! configuration and serves. The proxy never logs headers or bodies and never returns a secret.

pub mod address;
pub mod audit;
pub mod audit_api;
pub mod audit_csv;
pub mod call;
pub mod config;
pub mod cors;
pub mod csp;
pub mod forward;
pub mod host;
pub mod limits;
pub mod operators;
pub mod refusal;
pub mod request_id;
pub mod resolver;
pub mod session;
pub mod token;
pub mod upstream;

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
use tower_http::set_header::SetResponseHeaderLayer;

use config::{Config, Credential};
use upstream::BaseUrl;

/// A configured connection with its adapter.
pub struct LiveConnection {
    pub id: String,
    pub label: String,
    pub kind: ProviderKind,
    pub base_url: BaseUrl,
    pub credential: Credential,
    pub adapter: Box<dyn IdentityProvider>,
    /// Calls to this provider running at once.
    pub limit: limits::ConcurrencyLimit,
}

/// Shared state of the router.
pub struct AppState {
    pub connections: Vec<LiveConnection>,
    pub audit: Option<audit::AuditLog>,
    pub operators: Option<operators::Operators>,
    pub secure_cookies: Option<bool>,
    pub allowed_origins: Vec<String>,
    pub client: reqwest::Client,
    /// Provider calls per operator per minute.
    pub rate: limits::RateLimit,
}

impl AppState {
    /// The connection called `id`, if configured.
    pub fn connection(&self, id: &str) -> Option<&LiveConnection> {
        self.connections.iter().find(|c| c.id == id)
    }
}

/// What `/api/connections` says about a connection: never a secret.
#[derive(Serialize)]
struct ConnectionInfo {
    id: String,
    label: String,
    kind: ProviderKind,
    credential_mode: &'static str,
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
        })
        .collect();
    Json(list)
}

/// The whole proxy: API, forwarding and (when `dist` is given) the panel's static files.
pub fn app(config: Config, client: reqwest::Client, dist: Option<PathBuf>) -> Result<Router, String> {
    let mut connections = Vec::new();
    for c in config.connections {
        let adapter = idp::adapter(c.kind, &c.settings)?;
        connections.push(LiveConnection {
            id: c.id,
            label: c.label,
            kind: c.kind,
            base_url: c.base_url,
            credential: c.credential,
            adapter,
            limit: limits::ConcurrencyLimit::new(c.max_concurrent_requests),
        });
    }
    let audit = match &config.audit {
        Some(a) => Some(
            audit::AuditLog::open(&a.path, a.max_bytes, a.keep)
                .map_err(|e| format!("cannot open the audit log {}: {e}", a.path.display()))?,
        ),
        None => None,
    };
    let cors = cors::layer(&config.allowed_origins);
    let operators = config.operators.map(operators::Operators::new).transpose()?;
    let state = Arc::new(AppState {
        connections,
        audit,
        operators,
        secure_cookies: config.secure_cookies,
        allowed_origins: config.allowed_origins,
        client,
        rate: limits::RateLimit::per_minute(config.requests_per_minute),
    });
    let router = Router::new()
        .route("/api/connections", get(list_connections))
        .route("/api/audit", get(audit_api::list))
        .route("/api/session", get(session::current).post(session::sign_in).delete(session::sign_out))
        .route("/proxy/{connection}/{*path}", any(forward::forward))
        .with_state(state);
    let index_html = dist.as_ref().and_then(|dir| std::fs::read_to_string(dir.join("index.html")).ok());
    let csp = HeaderValue::from_str(&csp::policy(index_html.as_deref()))
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
                return refusal::refuse(
                    StatusCode::FORBIDDEN,
                    "That is not a provider operation lockdesk-proxy forwards.",
                );
            }
            if path == "/api" || path.starts_with("/api/") {
                return refusal::refuse(StatusCode::NOT_FOUND, "No such lockdesk-proxy endpoint.");
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
    Ok(router
        .layer(cors)
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(header::CONTENT_SECURITY_POLICY, csp))
        .layer(axum::middleware::from_fn_with_state(Arc::new(config.allowed_hosts), host::check))
        // A slow client cannot hold a request open: provider calls time out at 30 s, so 45 s is ample.
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            std::time::Duration::from_secs(45),
        ))
        .layer(axum::middleware::from_fn(request_id::assign)))
}
