//! What a read says of a change that an earlier try with its idempotency key may have made: the
//! person as the provider has them now, whether that shows the change in effect, and the reply
//! that tells the client it is done. Reads only; nothing here sends a change.

use axum::http::{HeaderMap, HeaderValue, StatusCode};
use idp::operation::ReadBack;

use super::super::reads::{read_user_reply, ReadFailure};
use super::stored;
use crate::forward::call::Reply;
use crate::state::StoredReply;
use crate::{AppState, LiveConnection};

/// The person a change is about as the provider has them now.
pub(super) enum Current {
    /// Found, with the reply that showed them.
    Found(Box<idp::User>, Reply),
    /// The provider has no such person (for a create: nobody has the address).
    Gone,
    /// The read failed; the provider's 429 if that was why.
    Unreadable(Option<Reply>),
}

impl Current {
    /// The reply that showed the person, if they were found.
    pub(super) fn into_reply(self) -> Option<Reply> {
        match self {
            Current::Found(_, reply) => Some(reply),
            Current::Gone | Current::Unreadable(_) => None,
        }
    }
}

/// The person `op` is about (for a create, whoever has the address), read within `within`.
pub(super) async fn current(
    state: &AppState,
    conn: &LiveConnection,
    op: &idp::Operation,
    key: Option<&HeaderValue>,
    within: std::time::Duration,
) -> Current {
    if let idp::Operation::CreateUser { person } = op {
        return match super::super::create::holder_reply(state, conn, person, key, within).await {
            Ok(Some((user, reply))) => Current::Found(Box::new(user), reply),
            Ok(None) => Current::Gone,
            Err(()) => Current::Unreadable(None),
        };
    }
    let Some(target) = op.target() else { return Current::Unreadable(None) };
    match read_user_reply(state, conn, target, key, within).await {
        Ok((user, reply)) => Current::Found(Box::new(user), reply),
        Err(ReadFailure::Gone) => Current::Gone,
        Err(ReadFailure::Limited(reply)) => Current::Unreadable(Some(reply)),
        Err(ReadFailure::Other) => Current::Unreadable(None),
    }
}

/// Whether the person as read now shows the change in effect (whoever made it): a create, when
/// somebody has the address; a change, when the adapter's `shown_by` says made.
pub(super) fn in_effect(conn: &LiveConnection, op: &idp::Operation, now: &Current) -> bool {
    let found = match now {
        Current::Found(user, _) => ReadBack::Found(&user.status),
        Current::Gone => ReadBack::Gone,
        Current::Unreadable(_) => return false,
    };
    match op {
        idp::Operation::CreateUser { .. } => matches!(now, Current::Found(..)),
        idp::Operation::Change(change) => conn.adapter.shown_by(change, None, found) == Some(true),
        _ => false,
    }
}

/// The reply for a change that was made, checked with the adapter's own `interpret`: `read`
/// (the person as the provider's read returned them), if the adapter reads it as this change
/// done; else an empty 204, if it reads that as done; else (no reply made from a read says done
/// to it, e.g. DocSpace's status calls, whose reply lists the people changed, or an Okta
/// activation, whose reply holds the link) the proxy's `202` "outcome unknown" saying the change
/// was made, which the panel settles by reading the person.
pub(super) fn done_reply(
    conn: &LiveConnection,
    op: &idp::Operation,
    read: Option<Reply>,
    request_id: &str,
) -> StoredReply {
    let mut candidates: Vec<Reply> = read.into_iter().collect();
    candidates.push(Reply { status: StatusCode::NO_CONTENT, headers: HeaderMap::new(), body: Default::default() });
    let done = |reply: &Reply| reply.status.is_success() && conn.adapter.interpret(op, &reply.to_idp()).is_ok();
    if let Some(reply) = candidates.iter().filter(|reply| done(reply)).find_map(stored) {
        return reply;
    }
    let message = "An earlier try with this idempotency key made this change, so lockdesk-proxy did not send it again.";
    let body = serde_json::json!({ "request_id": request_id, "outcome": "unknown", "error": message });
    StoredReply {
        status: StatusCode::ACCEPTED.as_u16(),
        content_type: Some("application/json".into()),
        headers: vec![(idp::http::OUTCOME_HEADER.to_owned(), "unknown".to_owned())],
        body: body.to_string().into_bytes(),
    }
}
