//! The reads around a change: the proxy's own state check before an irreversible step, the read
//! that settles a change whose reply never came, and the one read of a person they share. Reads
//! only; nothing here sends a change.

use std::time::Duration;

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use idp::operation::ReadBack;

use super::READ_WITHIN;
use crate::forward::call::{call, Reply};
use crate::web::refusal::refuse;
use crate::{AppState, LiveConnection};

/// Reads the person after a change whose reply never came: made, not made, or still unknown.
/// After a timeout the provider may still be working on it, so a read showing nothing yet
/// settles nothing (`still_running`).
pub(super) async fn settle(
    state: &AppState,
    conn: &LiveConnection,
    op: &idp::Operation,
    key: Option<&HeaderValue>,
    before: Option<&idp::Status>,
    still_running: bool,
) -> (&'static str, Option<String>) {
    let (Some(target), Some(change)) = (op.target(), op.change()) else { return ("unknown", None) };
    let read = read_user(state, conn, target, key, READ_WITHIN).await;
    let (found, state_after) = match &read {
        Ok(user) => (ReadBack::Found(&user.status), Some(user.status.label())),
        Err(ReadFailure::Gone) => (ReadBack::Gone, Some(idp::StatusKind::Deleted.word())),
        Err(ReadFailure::Other | ReadFailure::Limited(_)) => (ReadBack::Unreadable, None),
    };
    match conn.adapter.shown_by(change, before, found) {
        // Without a read before, the person may have been so already: only gone proves a delete.
        Some(true) if before.is_some() || found == ReadBack::Gone => ("allowed", state_after),
        Some(true) => ("unknown", state_after),
        Some(false) if !still_running => ("failed", state_after),
        _ => ("unknown", state_after),
    }
}

/// `None` when the person as read before the change may receive this irreversible step; else the
/// refusal to send and the audit reason.
pub(super) fn precondition(
    conn: &LiveConnection,
    change: &idp::Change,
    before: Option<&idp::User>,
    limited: Option<Reply>,
) -> Option<(Response, &'static str)> {
    let provider = conn.kind.label();
    match before {
        Some(user) if conn.adapter.allows(change.action, &user.status) => None,
        Some(user) => {
            let message = format!(
                "{provider} does not allow \"{}\" for a person who is {} ({}), so lockdesk-proxy did not send it. Nothing was changed.",
                change.action.label(),
                user.status.label(),
                idp::model::shorten_to(&user.status.raw, 40),
            );
            Some((crate::web::refusal::refuse_in_state(&message), "not allowed in the person's state"))
        }
        // The provider's own 429 (with its reset time), so the panel counts down rather than retrying.
        None if limited.is_some() => limited.map(|reply| (reply.into_response(), "provider rate limit on the check")),
        None => Some((
            refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                "lockdesk-proxy could not read the person to check that this can be done, so it did not send it. Nothing was changed. Try again.",
            ),
            "person could not be read to check",
        )),
    }
}

pub(super) enum ReadFailure {
    Gone,
    /// The provider's rate limit, with its reply (status and rate-limit headers).
    Limited(Reply),
    Other,
}

/// The target as the provider has it now: the plain read, then, when that finds nobody and the
/// provider keeps soft-deleted people apart, the read of deleted people (`idp::provider::reads_of`),
/// all within `within`.
pub(super) async fn read_user(
    state: &AppState,
    conn: &LiveConnection,
    id: &idp::UserId,
    key: Option<&HeaderValue>,
    within: Duration,
) -> Result<idp::User, ReadFailure> {
    read_user_reply(state, conn, id, key, within).await.map(|(user, _)| user)
}

/// `read_user`, with the provider's reply that showed the person.
pub(super) async fn read_user_reply(
    state: &AppState,
    conn: &LiveConnection,
    id: &idp::UserId,
    key: Option<&HeaderValue>,
    within: Duration,
) -> Result<(idp::User, Reply), ReadFailure> {
    let reads = async {
        let mut gone = false;
        for op in idp::provider::reads_of(conn.adapter.as_ref(), id) {
            let Ok(reply) = call(&state.client, conn, &op, key).await else { break };
            match conn.adapter.interpret(&op, &reply.to_idp()) {
                Ok(idp::provider::Reply::User(user)) => return Ok((*user, reply)),
                Err(e) if e.kind == idp::ErrorKind::NotFound => gone = true,
                Err(e) if e.kind == idp::ErrorKind::RateLimited => return Err(ReadFailure::Limited(reply)),
                // The plain read's "nobody" stands when the deleted read fails otherwise.
                _ => break,
            }
        }
        Err(if gone { ReadFailure::Gone } else { ReadFailure::Other })
    };
    tokio::time::timeout(within, reads).await.map_err(|_| ReadFailure::Other)?
}

/// Settles a change whose reply says nothing for sure: a create by its address (`free_before`:
/// nobody had it before), anything else by reading the person (see `reads::settle`).
#[allow(clippy::too_many_arguments)]
pub(super) async fn settle_either(
    state: &AppState,
    conn: &LiveConnection,
    op: &idp::Operation,
    key: Option<&HeaderValue>,
    before: Option<&idp::Status>,
    free_before: bool,
    still_running: bool,
    line: &mut Option<crate::audit::AuditLine>,
) -> (&'static str, Option<String>) {
    let Some(person) = super::create::new_person(op) else {
        return settle(state, conn, op, key, before, still_running).await;
    };
    let (word, made) = super::create::settle(state, conn, person, key, free_before, still_running).await;
    if let (Some(line), Some(user)) = (line.as_mut(), &made) {
        line.target_user_id = Some(user.id.to_string());
    }
    (word, made.map(|user| user.status.label()))
}

/// After a 2xx: the person's state read back for the audit (a delete too: a provider may answer
/// a DELETE it only partly made, as Okta does for a person not yet deactivated).
pub(super) async fn read_after(
    state: &AppState,
    conn: &LiveConnection,
    op: &idp::Operation,
    key: Option<&HeaderValue>,
) -> Option<String> {
    match read_user(state, conn, op.target()?, key, READ_WITHIN).await {
        Ok(user) => Some(user.status.label()),
        Err(ReadFailure::Gone) => Some(idp::StatusKind::Deleted.word()),
        Err(_) => None,
    }
}
