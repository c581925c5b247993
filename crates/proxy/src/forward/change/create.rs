//! The reads around creating a person, who has no id until the provider gives one: by email
//! before (is the address free?) and after a reply that never came (was the person made?), and
//! the created person read from a reply, so the audit names them. Reads only.

use axum::http::HeaderValue;

use super::READ_WITHIN;
use crate::forward::call::{call, Reply};
use crate::{AppState, LiveConnection};

/// The new person of a create operation.
pub(super) fn new_person(op: &idp::Operation) -> Option<&idp::NewPerson> {
    match op {
        idp::Operation::CreateUser { person } => Some(person),
        _ => None,
    }
}

/// Who has `person`'s email address now: `Ok(Some)` somebody, `Ok(None)` nobody, `Err` unknown.
pub(super) async fn holder(
    state: &AppState,
    conn: &LiveConnection,
    person: &idp::NewPerson,
    key: Option<&HeaderValue>,
    within: std::time::Duration,
) -> Result<Option<idp::User>, ()> {
    holder_reply(state, conn, person, key, within).await.map(|found| found.map(|(user, _)| user))
}

/// `holder`, with the provider's reply that showed them.
pub(super) async fn holder_reply(
    state: &AppState,
    conn: &LiveConnection,
    person: &idp::NewPerson,
    key: Option<&HeaderValue>,
    within: std::time::Duration,
) -> Result<Option<(idp::User, Reply)>, ()> {
    let op = idp::Operation::FindUserByEmail { email: person.email.clone() };
    let read = async {
        let reply = call(&state.client, conn, &op, key).await.map_err(|_| ())?;
        let page = idp::provider::into_page(&op, conn.adapter.interpret(&op, &reply.to_idp())).map_err(|_| ())?;
        // Addresses compare without case: a lookup may return near matches too.
        let wanted = person.email.as_str().to_lowercase();
        let found = page.items.into_iter().find(|u| u.email.as_deref().is_some_and(|e| e.to_lowercase() == wanted));
        Ok(found.map(|user| (user, reply)))
    };
    tokio::time::timeout(within, read).await.unwrap_or(Err(()))
}

/// The person a successful create's reply describes, if the adapter can read one.
pub(super) fn created(conn: &LiveConnection, op: &idp::Operation, reply: &Reply) -> Option<idp::User> {
    match conn.adapter.interpret(op, &reply.to_idp()) {
        Ok(idp::provider::Reply::User(user)) => Some(*user),
        _ => None,
    }
}

/// Settles a create whose reply never came: made if the address was free before and somebody has
/// it now; not made if nobody has it and the provider is not still at it; else unknown.
pub(super) async fn settle(
    state: &AppState,
    conn: &LiveConnection,
    person: &idp::NewPerson,
    key: Option<&HeaderValue>,
    free_before: bool,
    still_running: bool,
) -> (&'static str, Option<idp::User>) {
    match holder(state, conn, person, key, READ_WITHIN).await {
        Ok(Some(user)) if free_before => ("allowed", Some(user)),
        Ok(None) if !still_running => ("failed", None),
        _ => ("unknown", None),
    }
}
