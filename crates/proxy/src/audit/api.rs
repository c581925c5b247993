//! `GET /api/audit`: pages through the audit log, newest first, with filters. Admins only when
//! operator accounts are configured; an admin sees the lines of the connections they administer.
//!
//! Query: `operator`, `user` (target user id), `connection`, `since` / `until` (RFC 3339 prefix
//! compare), `stage` (comma-separated: started, completed, refused), `offset`, `limit` (at most
//! 200), and `format=csv` for every matching line as a CSV download. Unknown parameters are refused.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use idp::Role;

use crate::operators::session::{identify, peer, Identity};
use crate::web::refusal::refuse;
use crate::AppState;

const KNOWN: [&str; 9] = ["operator", "user", "connection", "since", "until", "stage", "offset", "limit", "format"];
const STAGES: [&str; 3] = ["started", "completed", "refused"];

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
    let lines = match log.read_newest_first() {
        Ok(lines) => lines,
        Err(e) => {
            tracing::error!(error = %e, "audit log not readable");
            return refuse(StatusCode::SERVICE_UNAVAILABLE, "The audit log cannot be read right now.");
        }
    };
    let text = |l: &serde_json::Value, key: &str| l.get(key).and_then(|v| v.as_str()).unwrap_or("").to_owned();
    let matching: Vec<serde_json::Value> = lines
        .into_iter()
        .filter(|l| admin_of.as_ref().is_none_or(|conns| conns.contains(&text(l, "connection"))))
        .filter(|l| get("operator").is_none_or(|v| text(l, "operator") == v))
        .filter(|l| get("user").is_none_or(|v| text(l, "target_user_id") == v))
        .filter(|l| get("connection").is_none_or(|v| text(l, "connection") == v))
        .filter(|l| get("since").is_none_or(|v| text(l, "time").as_str() >= v))
        .filter(|l| get("until").is_none_or(|v| text(l, "time").as_str() <= v))
        .filter(|l| stages.is_empty() || stages.contains(&text(l, "stage").as_str()))
        .collect();
    if csv {
        return crate::audit::csv::download(&matching);
    }
    let total = matching.len();
    let page: Vec<_> = matching.into_iter().skip(offset).take(limit).collect();
    Json(serde_json::json!({ "total": total, "offset": offset, "lines": page })).into_response()
}
