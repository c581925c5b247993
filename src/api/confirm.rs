//! After a change ended in an error that leaves it open whether it was made: wait while the
//! proxy is still following it (bounded), then read the person afresh and say what the read
//! shows. Reads only; it never repeats the change.

use idp::{Change, Error, ErrorKind, User};

use super::{get_user, transport, Target};

/// What a fresh read shows after a change that ended in an error.
#[derive(Debug, Clone)]
pub enum Confirmation {
    /// The person is now as the change intended.
    Made,
    /// The person is as before: the change was not made.
    NotMade(User),
    /// Nothing in the person shows it (or they could not be read): here is what was read.
    Unclear(Option<User>),
}

/// How often, and how many times, the panel asks the proxy whether a change it is still
/// following has ended (a bounded wait: 90 × 1 s).
const FOLLOW_EVERY_MS: i32 = 1000;
const FOLLOW_TIMES: u32 = 90;

/// After `error` ended a change to a person who was `before`: waits while the proxy is still
/// making it (bounded), then reads the person afresh and says whether the change shows.
pub async fn confirm(target: &Target, change: &Change, before: &idp::Status, error: &Error) -> Confirmation {
    // A change may still be under way when the proxy could not be heard from, or when it was
    // still making it after the wait: then a read showing nothing yet proves nothing.
    let still_possible = match (&error.kind, &error.request_id) {
        (ErrorKind::OutcomeUnknown, Some(request_id)) => {
            !matches!(follow_change(request_id).await.as_deref(), Some("allowed" | "failed" | "refused"))
        }
        (ErrorKind::OutcomeUnknown, None) | (ErrorKind::ProxyUnreachable, _) => true,
        _ => false,
    };
    let Ok(adapter) = target.connection.adapter() else {
        return Confirmation::Unclear(None);
    };
    let read = get_user(target, change.id.as_str()).await;
    let found = match &read {
        Ok(user) => idp::operation::ReadBack::Found(&user.status),
        Err(e) if e.kind == ErrorKind::NotFound => idp::operation::ReadBack::Gone,
        Err(_) => idp::operation::ReadBack::Unreadable,
    };
    match (adapter.shown_by(change, Some(before), found), read) {
        (Some(true), _) => Confirmation::Made,
        (Some(false), Ok(user)) if !still_possible => Confirmation::NotMade(user),
        (_, read) => Confirmation::Unclear(read.ok()),
    }
}

/// Waits until the proxy says the change with `request_id` is no longer pending, and returns how
/// it ended (`allowed`, `failed`, `refused`, `unknown`); `None` if the proxy no longer knows it
/// (it restarted) or it was still pending after the wait.
pub(super) async fn follow_change(request_id: &str) -> Option<String> {
    let path = format!("/api/changes/{request_id}");
    for _ in 0..FOLLOW_TIMES {
        match transport::call_proxy(http::Method::GET, &path, None).await {
            Ok((200, body, _)) => {
                let value = serde_json::from_slice::<serde_json::Value>(&body).ok();
                let word = value.as_ref().and_then(|v| v.get("outcome")).and_then(|o| o.as_str());
                if let Some(word) = word.filter(|w| *w != "pending") {
                    return Some(word.to_owned());
                }
            }
            Ok((404, _, _)) => return None,
            // Not heard from (network, session): ask again.
            _ => {}
        }
        transport::sleep_ms(FOLLOW_EVERY_MS).await;
    }
    None
}
