//! A change's audit lines as they are written: the `started` line before anything is sent (no
//! record, no change), any other line synced off the async workers, and the action the lines
//! name. Writes the audit log only; sends nothing.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::Response;
use tokio::sync::mpsc;

use crate::audit::AuditLine;
use crate::web::refusal::refuse;
use crate::AppState;

/// The action a recognised change carries out for a person in `before` (a call two actions share,
/// such as Genesys's reactivation PATCH that restores a deleted person), so the audit names it.
/// Taken only when it is the same call with the same role and the same finality: what was
/// permitted before the read is what is sent.
pub(super) fn named_for(conn: &crate::LiveConnection, recognised: idp::Action, before: &idp::Status) -> idp::Action {
    let named = conn.adapter.action_for(recognised, before);
    let same = conn.adapter.same_call_as(named) == recognised
        && named.required_role() == recognised.required_role()
        && named.is_irreversible() == recognised.is_irreversible();
    if same {
        named
    } else {
        recognised
    }
}

/// Writes a change's `started` line before anything is sent; when it cannot be written, tells the
/// browser the change was not made and returns `false`.
pub(super) async fn recorded_first(
    state: &Arc<AppState>,
    started: &AuditLine,
    request_id: &str,
    reply: &mpsc::Sender<Response>,
) -> bool {
    let Err(e) = record(state, started.clone()).await else { return true };
    tracing::error!(request_id, error = %e, "audit log not writable; change refused");
    let _ = reply
        .send(refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            "lockdesk-proxy cannot write its audit log, so the change was not made. Tell your IT admin.",
        ))
        .await;
    false
}

/// Appends an audit line (synced to disk) off the async workers.
pub(super) async fn record(state: &Arc<AppState>, line: AuditLine) -> std::io::Result<()> {
    let state = state.clone();
    tokio::task::spawn_blocking(move || match &state.audit {
        Some(log) => log.append(&line),
        None => Ok(()),
    })
    .await
    .map_err(std::io::Error::other)?
}
