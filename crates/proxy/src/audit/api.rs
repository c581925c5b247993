//! `GET /api/audit`: pages through the audit log, newest first, with filters. Admins only when
//! operator accounts are configured; an admin sees the lines of the connections they administer.
//!
//! Query: `operator`, `user` (target user id), `connection`, `since` / `until` (RFC 3339 prefix
//! compare), `stage` (comma-separated: started, completed, refused, unfinished: a started change
//! with no result line, returned with `"outcome": "unknown"`), `offset`, `limit` (at most 200), and
//! `format=csv` for every matching line as a CSV download. Unknown parameters are refused.
//!
//! The log is read by `read` on a blocking thread; this handler never reads files itself.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use idp::Role;

use super::read::{self, Filter, STAGES};
use crate::operators::session::{identify, peer, Identity};
use crate::web::refusal::refuse;
use crate::AppState;

const KNOWN: [&str; 9] = ["operator", "user", "connection", "since", "until", "stage", "offset", "limit", "format"];

/// The handler.
pub async fn list(State(state): State<Arc<AppState>>, req: Request) -> Response {
    let admin_of: Option<Vec<String>> = match identify(&state, req.headers(), peer(req.extensions())) {
        Identity::NotRequired => None,
        Identity::Missing => return crate::web::refusal::sign_in_required(),
        Identity::Operator(op) => {
            let conns: Vec<String> = state
                .connections
                .iter()
                .filter(|c| op.role_on(&c.id) == Some(Role::Admin))
                .map(|c| c.id.clone())
                .collect();
            if conns.is_empty() {
                return refuse(StatusCode::FORBIDDEN, "Only admins can read the audit log.");
            }
            Some(conns)
        }
    };
    let Some(log) = &state.audit else {
        return refuse(StatusCode::NOT_FOUND, "This proxy keeps no audit log.");
    };
    let params: Vec<(String, String)> =
        form_urlencoded::parse(req.uri().query().unwrap_or("").as_bytes()).into_owned().collect();
    if let Some((bad, _)) = params.iter().find(|(k, _)| !KNOWN.contains(&k.as_str())) {
        return refuse(StatusCode::BAD_REQUEST, &format!("Unknown filter \"{bad}\"; use {}.", KNOWN.join(", ")));
    }
    let get = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty());
    let number = |name: &str, default: usize| match get(name) {
        None => Ok(default),
        Some(v) => v.parse::<usize>().map_err(|_| format!("{name} must be a whole number, not \"{v}\"")),
    };
    let stages: Vec<&str> = get("stage").map(|v| v.split(',').map(str::trim).collect()).unwrap_or_default();
    if let Some(bad) = stages.iter().find(|s| !STAGES.contains(s)) {
        return refuse(StatusCode::BAD_REQUEST, &format!("Unknown stage \"{bad}\"; use {}.", STAGES.join(", ")));
    }
    let csv = match get("format") {
        None | Some("json") => false,
        Some("csv") => true,
        Some(other) => {
            return refuse(StatusCode::BAD_REQUEST, &format!("Unknown format \"{other}\"; use json or csv."))
        }
    };
    let (offset, limit) = match (number("offset", 0), number("limit", 50)) {
        (Ok(o), Ok(l)) => (o, l.clamp(1, 200)),
        (Err(why), _) | (_, Err(why)) => return refuse(StatusCode::BAD_REQUEST, &why),
    };
    let owned = |name: &str| get(name).map(str::to_owned);
    let filter = Filter {
        connections: admin_of,
        operator: owned("operator"),
        user: owned("user"),
        connection: owned("connection"),
        since: owned("since"),
        until: owned("until"),
        stages: stages.iter().map(|s| s.to_string()).collect(),
    };
    let (offset, limit) = if csv { (0, usize::MAX) } else { (offset, limit) };
    let files = log.files();
    let page = match tokio::task::spawn_blocking(move || read::select(&files, &filter, offset, limit)).await {
        Ok(Ok(page)) => page,
        Ok(Err(e)) => {
            tracing::error!(error = %e, "audit log not readable");
            return refuse(StatusCode::SERVICE_UNAVAILABLE, "The audit log cannot be read right now.");
        }
        Err(e) => {
            tracing::error!(error = %e, "audit log reader failed");
            return refuse(StatusCode::INTERNAL_SERVER_ERROR, "The audit log could not be read.");
        }
    };
    if csv {
        return crate::audit::csv::download(&page.lines);
    }
    Json(serde_json::json!({ "total": page.total, "offset": offset, "lines": page.lines })).into_response()
}
