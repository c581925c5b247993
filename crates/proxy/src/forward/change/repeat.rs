//! Idempotency keys of changes: a change sent with `Idempotency-Key: <key>` is made at most once
//! per key however often the client retries it, and a retry gets the first attempt's answer.
//!
//! Under the person's change lock (`forward::person`, taken first, so two requests with one key
//! run one after the other and the second sees the first's record), the key's record decides:
//! - none: `in_progress` is written durably, the change is made as always, and the record then
//!   holds what the change task settled: the reply to a 2xx or to a 4xx other than 408, 425 and
//!   429 (`final`); for a 5xx or a lost reply that a read shows made, a reply saying so
//!   (`done_reply`, also `final`); otherwise `retryable` (429, 408, 425, a 5xx or lost reply not
//!   shown made, and anything the proxy refused itself before sending);
//! - another change's fingerprint: 422, nothing sent;
//! - `final`: the recorded reply with `x-lockdesk-replayed: 1`, nothing sent;
//! - `retryable`, or `in_progress` (nobody can still hold it: a holder in this proxy would hold
//!   the person's lock, so it was left by a proxy that stopped mid-change): the person is read
//!   first; shown made → recorded `final` with `done_reply` and answered, nothing sent; else the
//!   change is sent again as a new attempt.
//!
//! One proxy per state file (the person locks are this process's own). Without the header none
//! of this runs; on a read the header is ignored. Logs name the key (the client's own identifier
//! for the step), never another header value, a credential or a body.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::forward::call::Reply;
use crate::state::{Claimed, Fingerprint, RecordId, RecordState, Store, StoredReply, MAX_STORED_BODY};
use crate::web::cors::{IDEMPOTENCY_KEY, REPLAYED, RUN};
use crate::web::refusal::refuse;
use crate::{AppState, LiveConnection};
use done::{current, done_reply, in_effect, Current};

mod done;

/// The run id and the idempotency key a request came with, checked.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tags {
    pub run_id: Option<String>,
    /// Only for a change; a read's is ignored.
    pub key: Option<String>,
}

impl Tags {
    /// The tags of a request (`change`: whether it is a change), or the sentence refusing a
    /// malformed or repeated header (with 400).
    pub(crate) fn of(headers: &HeaderMap, change: bool) -> Result<Tags, String> {
        let run_id = one(headers, &RUN, "X-Lockdesk-Run")?;
        let key = if change { one(headers, &IDEMPOTENCY_KEY, "Idempotency-Key")? } else { None };
        Ok(Tags { run_id, key })
    }
}

/// 8 to 128 characters of `A-Za-z0-9-_.:`.
fn well_formed(text: &str) -> bool {
    (8..=128).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

fn one(headers: &HeaderMap, name: &HeaderName, shown: &str) -> Result<Option<String>, String> {
    let mut values = headers.get_all(name).iter();
    let Some(first) = values.next() else { return Ok(None) };
    if values.next().is_some() {
        return Err(format!("The request has more than one {shown} header, so nothing was sent. Send one."));
    }
    match first.to_str().ok().filter(|text| well_formed(text)) {
        Some(text) => Ok(Some(text.to_owned())),
        None => Err(format!(
            "The {shown} header must be 8 to 128 characters of A-Z, a-z, 0-9, '-', '_', '.' and ':', so nothing was sent."
        )),
    }
}

/// What the key's record says to do.
pub(crate) enum Claim {
    /// Answer this; nothing is sent.
    Answer(Response),
    /// Go on with the change, reporting to the ticket.
    Go(Ticket),
}

/// A change's hold on its key's record.
pub(crate) struct Ticket {
    store: Arc<dyn Store>,
    id: RecordId,
    /// The record was there already (`retryable` or `in_progress`): read the person first.
    retry: bool,
    request_id: String,
}

/// Looks `key` up for `op` on `conn`; call with the person's change lock held.
pub(crate) async fn claim(
    state: &AppState,
    conn: &LiveConnection,
    key: &str,
    op: &idp::Operation,
    operator: Option<&str>,
    request_id: &str,
) -> Claim {
    let Some(store) = state.store.clone() else {
        return Claim::Answer(refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            "This lockdesk-proxy keeps no idempotency records (it has no state file), so a change with an Idempotency-Key was not sent.",
        ));
    };
    let id = RecordId { connection: conn.id.clone(), key: key.to_owned() };
    let claimed = match Fingerprint::of(&conn.id, operator, op) {
        Ok(fingerprint) => store.claim(&id, &fingerprint).await.map(|claimed| (claimed, fingerprint)),
        Err(e) => Err(e),
    };
    let (claimed, fingerprint) = match claimed {
        Ok(claimed) => claimed,
        Err(e) => {
            tracing::error!(request_id, error = %e, "idempotency record not writable; change refused");
            return Claim::Answer(refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                "lockdesk-proxy cannot write its idempotency record, so the change was not sent. Try again; if this goes on, tell your IT admin.",
            ));
        }
    };
    let ticket =
        |retry| Claim::Go(Ticket { store: store.clone(), id: id.clone(), retry, request_id: request_id.to_owned() });
    let record = match claimed {
        Claimed::Fresh => return ticket(false),
        Claimed::Existing(record) => record,
    };
    if record.fingerprint.digest != fingerprint.digest {
        let first = &record.fingerprint.operation;
        tracing::warn!(request_id, connection = %conn.id, key, first = %first, now = op.name(), "idempotency key reused for another change; refused");
        return Claim::Answer(refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "This idempotency key was already used for a different change, so this one was not sent. Use a new key for a new change.",
        ));
    }
    match &record.state {
        RecordState::Final(reply) => {
            tracing::info!(request_id, connection = %conn.id, key, operation = op.name(), status = reply.status, "change answered from its idempotency record; not sent again");
            Claim::Answer(replay(reply))
        }
        RecordState::InProgress | RecordState::Retryable => ticket(true),
    }
}

/// What a change task did, for its key's record.
pub(super) enum Sent {
    /// Nothing reached the provider.
    Not,
    /// The provider's reply.
    Replied(Reply),
    /// Sent, and no whole reply came.
    Unanswered,
}

impl Ticket {
    /// Whether the key was used before (the person is read before anything is sent).
    pub(crate) fn is_retry(&self) -> bool {
        self.retry
    }

    /// For a retry: reads the person. `Some(answer)` when nothing is to be sent: the change is in
    /// effect already (recorded `final`) or the person could not be read (the record stays as it
    /// was). `None`: send it again.
    pub(crate) async fn already_made(
        &self,
        state: &AppState,
        conn: &LiveConnection,
        op: &idp::Operation,
        key: Option<&HeaderValue>,
        within: std::time::Duration,
    ) -> Option<Response> {
        let now = current(state, conn, op, key, within).await;
        match &now {
            Current::Unreadable(Some(limited)) => return Some(limited.clone().into_response()),
            Current::Unreadable(None) => return Some(refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                "lockdesk-proxy could not read the person to see whether an earlier try with this idempotency key made the change, so it did not send it again. Try again.",
            )),
            _ if !in_effect(conn, op, &now) => return None,
            _ => {}
        }
        let reply = done_reply(conn, op, now.into_reply(), &self.request_id);
        if let Err(e) = self.store.set(&self.id, &RecordState::Final(reply.clone())).await {
            tracing::error!(request_id = %self.request_id, error = %e, "idempotency record not writable after a read");
        }
        tracing::info!(request_id = %self.request_id, connection = %conn.id, key = %self.id.key, operation = op.name(), "an earlier try made the change; not sent again");
        Some(replay(&reply))
    }

    /// Before a retry is sent: `in_progress` again, durably (a fresh claim wrote it already).
    pub(crate) async fn begin(&self) -> Result<(), Response> {
        if !self.retry {
            return Ok(());
        }
        self.store.set(&self.id, &RecordState::InProgress).await.map_err(|e| {
            tracing::error!(request_id = %self.request_id, error = %e, "idempotency record not writable; change refused");
            refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                "lockdesk-proxy cannot write its idempotency record, so the change was not sent. Try again; if this goes on, tell your IT admin.",
            )
        })
    }

    /// Nothing was sent after all: the key may be used again.
    pub(crate) async fn unsent(self) {
        self.write(RecordState::Retryable).await;
    }

    /// Records how the change task ended (`word`: the outcome it settled).
    pub(super) async fn settle(
        self,
        state: &AppState,
        conn: &LiveConnection,
        op: &idp::Operation,
        key: Option<&HeaderValue>,
        sent: Sent,
        word: &str,
    ) {
        let record = match sent {
            // A one-time link (an activation link) is shown once and never kept: a retry is told
            // the change was made, not given the link again.
            Sent::Replied(reply) if kept(reply.status) && carries_link(conn, op, &reply) => {
                RecordState::Final(done_reply(conn, op, None, &self.request_id))
            }
            Sent::Replied(reply) if kept(reply.status) => {
                stored(&reply).map_or(RecordState::Retryable, RecordState::Final)
            }
            Sent::Replied(_) | Sent::Unanswered if word == "allowed" => {
                let now = current(state, conn, op, key, super::READ_WITHIN).await;
                RecordState::Final(done_reply(conn, op, now.into_reply(), &self.request_id))
            }
            _ => RecordState::Retryable,
        };
        self.write(record).await;
    }

    async fn write(self, record: RecordState) {
        if let Err(e) = self.store.set(&self.id, &record).await {
            tracing::error!(request_id = %self.request_id, error = %e, state = record.word(), "idempotency record not writable after the change");
        }
    }
}

/// Whether the adapter reads `reply` as a link for the person (never stored).
fn carries_link(conn: &LiveConnection, op: &idp::Operation, reply: &Reply) -> bool {
    matches!(conn.adapter.interpret(op, &reply.to_idp()), Ok(idp::Reply::ActivationLink(_)))
}

/// Replies a retry should get again: 2xx, and 4xx but 408, 425 and 429.
fn kept(status: StatusCode) -> bool {
    status.is_success() || (status.is_client_error() && !matches!(status.as_u16(), 408 | 425 | 429))
}

/// A reply as recorded; `None` when its body is larger than a record keeps.
fn stored(reply: &Reply) -> Option<StoredReply> {
    (reply.body.len() <= MAX_STORED_BODY).then(|| StoredReply {
        status: reply.status.as_u16(),
        content_type: reply.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned),
        headers: reply
            .headers
            .iter()
            .filter(|(name, _)| **name != header::CONTENT_TYPE)
            .filter_map(|(name, value)| Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned())))
            .collect(),
        body: reply.body.to_vec(),
    })
}

/// A recorded reply, marked as answered from the record.
fn replay(reply: &StoredReply) -> Response {
    let mut resp = Response::new(Body::from(reply.body.clone()));
    *resp.status_mut() = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::OK);
    let headers = resp.headers_mut();
    let content_type = reply.content_type.iter().map(|value| (header::CONTENT_TYPE.as_str(), value.as_str()));
    for (name, value) in content_type.chain(reply.headers.iter().map(|(n, v)| (n.as_str(), v.as_str()))) {
        if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value)) {
            headers.append(name, value);
        }
    }
    headers.insert(REPLAYED, HeaderValue::from_static("1"));
    resp
}
