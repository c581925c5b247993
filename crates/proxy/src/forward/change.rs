//! A change, made in its own task within one time budget: recorded before it is sent (a
//! `started` line synced to disk; no record, no change), read around for the audit, and followed
//! to its end even when the browser has gone or had to be answered first.
//!
//! The browser gets the provider's reply as soon as there is one, and by `answer_by` at the
//! latest. If the outcome is not known by then it gets a `202` with `"outcome": "unknown"` and the
//! request id (never an empty 408), and can follow the change at `GET /api/changes/{request id}`
//! until the task records how it ended. A change sent without a reply (timeout, reply broken off)
//! is read back to settle it; until a read settles it, it stays "unknown", in the audit log too.
//! A change sent with an idempotency key reports how it ended to its key's record (`repeat`)
//! before the person's lock is let go. This module sends only what `forward` has already
//! recognised and authorised.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use tokio::sync::{mpsc, OwnedSemaphorePermit};

use crate::audit::AuditLine;
use crate::forward::call::{call, CallFailure, CALL_WITHIN};
use crate::web::refusal::refuse;
use crate::AppState;
use reads::{precondition, read_after, read_user, settle_either, ReadFailure};
use record::{named_for, record, recorded_first};
use repeat::Sent;

mod create;
mod reads;
mod record;
pub(crate) mod repeat;

/// The longest each audit read around a change may take.
const READ_WITHIN: Duration = Duration::from_secs(30);

/// A recognised, permitted change on `state.connections[index]`.
pub(crate) struct Change {
    pub index: usize,
    /// The browser is answered by then; the change is not sent after it.
    pub answer_by: tokio::time::Instant,
    pub op: idp::Operation,
    pub who: Option<(String, idp::Role)>,
    pub request_id: String,
    pub operator_key: Option<HeaderValue>,
    /// The person's change lock, held from the read before the change to the read after it
    /// and until the key's record says how it ended.
    pub person: Option<crate::forward::person::PersonGuard>,
    /// The run id and idempotency key it came with (for the audit lines).
    pub tags: repeat::Tags,
    /// Its hold on its idempotency key's record, if it came with a key.
    pub ticket: Option<repeat::Ticket>,
}

/// Makes the change in its own task and answers by `answer_by` at the latest.
pub(crate) async fn answer(state: Arc<AppState>, change: Change, slot: OwnedSemaphorePermit) -> Response {
    let answer_by = change.answer_by;
    let request_id = change.request_id.clone();
    state.changes.begin(&request_id, change.who.as_ref().map(|(name, _)| name.clone()));
    let (reply_tx, mut reply_rx) = mpsc::channel::<Response>(1);
    let task_state = state.clone();
    state.change_tasks.spawn(async move {
        let _slot = slot;
        let mut change = change;
        // Held until the key's record is written, so a retry waiting for it finds the outcome.
        let person = change.person.take();
        let ticket = change.ticket.take();
        let (index, op, key) = (change.index, change.op.clone(), change.operator_key.clone());
        // If the task ends early (a panic), the change is left "unknown", never "pending" (and
        // its key's record `in_progress`, so a retry reads the person first).
        let mut guard = Unfinished { state: task_state.clone(), request_id: change.request_id.clone(), done: false };
        let (outcome, sent) = run(&task_state, change, &reply_tx).await;
        if let Some(ticket) = ticket {
            let conn = &task_state.connections[index];
            ticket.settle(&task_state, conn, &op, key.as_ref(), sent, outcome.word).await;
        }
        drop(person);
        task_state.changes.finish(&guard.request_id, outcome);
        guard.done = true;
        // Only now may the browser's request end: the log and `/api/changes` both have the outcome.
        drop(reply_tx);
    });
    match tokio::time::timeout_at(answer_by, reply_rx.recv()).await {
        Ok(Some(reply)) => {
            // The read after the change gets the rest of the budget, so the audit log is complete
            // when the browser hears; the task carries on regardless.
            let _ = tokio::time::timeout_at(answer_by, reply_rx.recv()).await;
            reply
        }
        Ok(None) => outcome_unknown(&request_id, "lockdesk-proxy failed while making the change."),
        Err(_) => outcome_unknown(
            &request_id,
            "The provider has not finished the change yet. lockdesk-proxy keeps following it and records how it ends.",
        ),
    }
}

struct Unfinished {
    state: Arc<AppState>,
    request_id: String,
    done: bool,
}

impl Drop for Unfinished {
    fn drop(&mut self) {
        if !self.done {
            self.state.changes.finish(&self.request_id, Outcome { word: "unknown", state_after: None });
        }
    }
}

/// How a change ended, as recorded.
pub(crate) struct Outcome {
    /// `allowed`, `failed`, `refused` or `unknown`.
    pub word: &'static str,
    pub state_after: Option<String>,
}

/// Nothing was sent: refused.
const REFUSED: (Outcome, Sent) = (Outcome { word: "refused", state_after: None }, Sent::Not);

async fn run(state: &Arc<AppState>, mut c: Change, reply: &mpsc::Sender<Response>) -> (Outcome, Sent) {
    let conn = &state.connections[c.index];
    let key = c.operator_key.as_ref();
    let run_tags = (c.tags.run_id.clone(), c.tags.key.clone());
    let tagged = |line: AuditLine| line.with_run(run_tags.0.as_deref(), run_tags.1.as_deref());
    let who = c.who.as_ref().map(|(name, role)| (name.as_str(), *role));
    let mut line = None;
    let mut before = None;
    // A new person has no id yet: the audit names them, and whether their address was free.
    let mut free_before = false;
    if let Some(person) = create::new_person(&c.op) {
        let started = tagged(
            AuditLine::started(&c.request_id, &conn.id, &c.op, who).with_account_label(conn.adapter.person_types()),
        );
        if state.audit.is_some() && !recorded_first(state, &started, &c.request_id, reply).await {
            return REFUSED;
        }
        line = state.audit.is_some().then_some(started);
        let half = c.answer_by.saturating_duration_since(tokio::time::Instant::now()) / 2;
        free_before = matches!(create::holder(state, conn, person, key, half.min(READ_WITHIN)).await, Ok(None));
    }
    // An irreversible step is sent only to a person the proxy's own read shows it allowed for.
    let irreversible = |op: &idp::Operation| op.change().is_some_and(|change| change.action.is_irreversible());
    if let (true, Some(target)) = (state.audit.is_some() || irreversible(&c.op), c.op.target().cloned()) {
        // Written before the provider is touched at all, so a change is never made unrecorded.
        let started = tagged(AuditLine::started(&c.request_id, &conn.id, &c.op, who));
        if state.audit.is_some() && !recorded_first(state, &started, &c.request_id, reply).await {
            return REFUSED;
        }
        // At most half the budget, so a slow provider still gets the change in time.
        let half = c.answer_by.saturating_duration_since(tokio::time::Instant::now()) / 2;
        let read = read_user(state, conn, &target, key, half.min(READ_WITHIN)).await;
        let limited = match &read {
            Err(ReadFailure::Limited(reply)) => Some(reply.clone()),
            _ => None,
        };
        before = read.ok();
        // The started line names the call as recognised; the lines after it name what the call
        // does for the person read (Genesys's reactivation PATCH restores a deleted person).
        if let (Some(user), idp::Operation::Change(change)) = (&before, &mut c.op) {
            change.action = named_for(conn, change.action, &user.status);
        }
        let mut with_target = started.with_target(before.as_ref());
        with_target.operation = c.op.name();
        if let Some(change) = c.op.change().filter(|change| change.action.is_irreversible()) {
            if let Some((refusal, why)) = precondition(conn, change, before.as_ref(), limited) {
                let _ = reply.send(refusal).await;
                if state.audit.is_some() {
                    let _ = record(state, with_target.refused(why)).await;
                }
                return REFUSED;
            }
        }
        line = state.audit.is_some().then_some(with_target);
    }
    if tokio::time::Instant::now() >= c.answer_by {
        // The browser has been told the provider is still at it; sending now would surprise it.
        let _ = reply
            .send(refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                "Time ran out before the change was sent, so it was not sent. Try again.",
            ))
            .await;
        if let Some(line) = line {
            let _ = record(state, line.refused("no time left to send")).await;
        }
        return REFUSED;
    }
    let started = Instant::now();
    let result = tokio::time::timeout(CALL_WITHIN, call(&state.client, conn, &c.op, key))
        .await
        .unwrap_or(Err(CallFailure::Timeout));
    let elapsed_ms = started.elapsed().as_millis() as u64;
    let log = |status: Option<u16>, word: &str| {
        tracing::info!(request_id = %c.request_id, connection = %conn.id, operation = c.op.name(), status, elapsed_ms, outcome = word, "change");
    };
    let (outcome, status, settled_by, sent) = match result {
        Ok(provider_reply) => {
            let status = provider_reply.status.as_u16();
            let succeeded = provider_reply.status.is_success();
            let made = create::new_person(&c.op)
                .filter(|_| succeeded)
                .and_then(|_| create::created(conn, &c.op, &provider_reply));
            // A 2xx whose own answer shows the person left as they were (DocSpace changes the
            // people of a status call one by one and may leave some): not made.
            let refuted = succeeded
                && c.op.change().is_some()
                && conn
                    .adapter
                    .interpret(&c.op, &provider_reply.to_idp())
                    .is_err_and(|e| matches!(e.kind, idp::ErrorKind::NotAllowedInState | idp::ErrorKind::Unexpected));
            let sent = Sent::Replied(provider_reply.clone());
            let _ = reply.send(provider_reply.into_response()).await;
            let before = before.as_ref().map(|u| &u.status);
            let (word, state_after, settled_by) = if (500..600).contains(&status) {
                // A 5xx proves nothing: the provider, or the gateway in front of it, may have
                // made the change all the same (a 504 may still be making it). A read settles it.
                let (word, after) =
                    settle_either(state, conn, &c.op, key, before, free_before, status == 504, &mut line).await;
                (word, after, (word != "unknown").then_some("read-back"))
            } else if !succeeded || refuted {
                let after = if refuted && line.is_some() { read_after(state, conn, &c.op, key).await } else { None };
                ("failed", after, None)
            } else if line.is_none() {
                ("allowed", None, None)
            } else if let Some(user) = made {
                if let Some(line) = line.as_mut() {
                    line.target_user_id = Some(user.id.to_string());
                }
                ("allowed", Some(user.status.label()), None)
            } else {
                ("allowed", read_after(state, conn, &c.op, key).await, None)
            };
            (Outcome { word, state_after }, Some(status), settled_by, sent)
        }
        Err(failure) if failure.outcome_unknown() => {
            log(None, "unknown");
            let still_running = matches!(failure, CallFailure::Timeout);
            let before = before.as_ref().map(|u| &u.status);
            let (word, state_after) =
                settle_either(state, conn, &c.op, key, before, free_before, still_running, &mut line).await;
            let found = match (word, &state_after) {
                ("allowed", _) => "A fresh read shows the change was made.",
                ("failed", _) => "A fresh read shows the change was not made.",
                (_, Some(_)) => "A fresh read does not show whether it was made.",
                (_, None) => "lockdesk-proxy could not read the person afterwards to find out.",
            };
            let message = format!("The provider did not answer in full ({}). {found}", failure.log_word());
            let _ = reply.send(outcome_unknown(&c.request_id, &message)).await;
            let settled_by = (word != "unknown").then_some("read-back");
            (Outcome { word, state_after }, None, settled_by, Sent::Unanswered)
        }
        Err(failure) => {
            // Nothing reached the provider (no connection, no token, no key): not made.
            let _ = reply.send(failure.into_response()).await;
            (Outcome { word: "failed", state_after: None }, None, None, Sent::Not)
        }
    };
    log(status, outcome.word);
    if let Some(line) = line {
        let mut done = line.completed(outcome.word, status, elapsed_ms, outcome.state_after.clone());
        done.settled_by = settled_by;
        if let Err(e) = record(state, done).await {
            tracing::error!(request_id = %c.request_id, error = %e, "audit log not writable after the change");
        }
    }
    (outcome, sent)
}

/// `202` with `{"request_id", "outcome": "unknown", "error"}` and the outcome header.
fn outcome_unknown(request_id: &str, message: &str) -> Response {
    let body = serde_json::json!({ "request_id": request_id, "outcome": "unknown", "error": message });
    let mut resp = (StatusCode::ACCEPTED, Json(body)).into_response();
    resp.headers_mut().insert(idp::http::OUTCOME, HeaderValue::from_static("unknown"));
    resp
}
