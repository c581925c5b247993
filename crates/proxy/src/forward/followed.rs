//! The changes the proxy is making or has made lately, by request id, and
//! `GET /api/changes/{request_id}`, where the operator who made one learns how it ended after the
//! browser's request had to be answered "outcome unknown". Bounded in size and age; it never says
//! anything about another operator's changes, not even that they exist.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::forward::change::Outcome;
use crate::operators::session::{identify, peer, Identity};
use crate::web::refusal::refuse;
use crate::AppState;

/// Followed changes are forgotten after this long…
const FOLLOW_FOR: Duration = Duration::from_secs(60 * 60);
/// …and the finished ones first once this many are held.
const MAX_FOLLOWED: usize = 10_000;

struct Followed {
    operator: Option<String>,
    outcome: Option<Outcome>,
    since: Instant,
}

/// The changes the proxy is making or has made lately, by request id, for their operators.
#[derive(Default)]
pub(crate) struct Changes(Mutex<HashMap<String, Followed>>);

impl Changes {
    pub(crate) fn begin(&self, request_id: &str, operator: Option<String>) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if map.len() >= MAX_FOLLOWED {
            map.retain(|_, f| now.duration_since(f.since) < FOLLOW_FOR);
        }
        if map.len() >= MAX_FOLLOWED {
            map.retain(|_, f| f.outcome.is_none());
        }
        map.insert(request_id.to_owned(), Followed { operator, outcome: None, since: now });
    }

    pub(crate) fn finish(&self, request_id: &str, outcome: Outcome) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(f) = map.get_mut(request_id) {
            f.outcome.get_or_insert(outcome);
        }
    }
}

/// `GET /api/changes/{request_id}`: how a change this operator made has ended so far:
/// `{"request_id", "outcome": "pending" | "allowed" | "failed" | "refused" | "unknown", "state_after"}`.
pub(crate) async fn followed(
    State(state): State<Arc<AppState>>,
    Path(request_id): Path<String>,
    req: Request,
) -> Response {
    let asker = match identify(&state, req.headers(), peer(req.extensions())) {
        Identity::NotRequired => None,
        Identity::Operator(op) => Some(op.name),
        Identity::Missing => return crate::web::refusal::sign_in_required(),
    };
    let map = state.changes.0.lock().unwrap_or_else(|e| e.into_inner());
    // Another operator's change is answered like an unknown one: ids are not a way to learn.
    let Some(f) = map.get(&request_id).filter(|f| f.operator == asker) else {
        return refuse(StatusCode::NOT_FOUND, "lockdesk-proxy is not following a change with that request id.");
    };
    let (word, state_after) = match &f.outcome {
        None => ("pending", None),
        Some(o) => (o.word, o.state_after.clone()),
    };
    Json(serde_json::json!({ "request_id": request_id, "outcome": word, "state_after": state_after })).into_response()
}
