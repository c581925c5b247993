//! Every sentence the panel says about an error, in plain language with what to do next.
//!
//! Pages and components never phrase errors themselves; they show a `Problem`. Provider messages
//! are passed through as text, never as HTML.

use idp::{Action, Error, ErrorKind, User};

use crate::api::Confirmation;
use crate::components::status_badge::sign_in_text;

/// An error as a person reads it: what happened, what to do, and the technical details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub title: String,
    pub advice: String,
    /// The provider's or proxy's own messages.
    pub messages: Vec<String>,
    pub status: Option<u16>,
    pub request_id: Option<String>,
    pub detail: String,
}

impl From<&Error> for Problem {
    fn from(e: &Error) -> Problem {
        let who = e.provider.map(|p| p.label()).unwrap_or("The identity provider");
        let (title, advice) = match &e.kind {
            ErrorKind::Input(input) => ("Check what you typed".to_string(), input.to_string()),
            ErrorKind::BadRequest => (
                format!("{who} did not accept the request"),
                "Its own explanation is below. If it does not help, tell your IT admin.".to_string(),
            ),
            ErrorKind::Unauthorized => (
                format!("The API key was refused by {who}"),
                "If you typed a key, sign in again with a valid one. Otherwise ask your IT admin to check the key lockdesk-proxy holds for this connection.".to_string(),
            ),
            ErrorKind::Forbidden => (
                format!("{who} says this key may not do that"),
                "The API key works but lacks the permission for this action. Ask your IT admin to grant it.".to_string(),
            ),
            ErrorKind::NotFound => (
                format!("This person is not in {who} (any more)"),
                "They may have been deleted or the link may be wrong. Search for them again.".to_string(),
            ),
            ErrorKind::Conflict | ErrorKind::PreconditionFailed => (
                "Someone else changed this account at the same time".to_string(),
                "Nothing was changed by you. Reload the page to see the latest state, then try again.".to_string(),
            ),
            ErrorKind::RateLimited => (
                format!("{who} is receiving too many requests"),
                match e.retry_after_s {
                    Some(s) => format!("Nothing was changed. Try again in {s} seconds."),
                    None => "Nothing was changed. Wait a minute, then try again.".to_string(),
                },
            ),
            ErrorKind::Server => (
                format!("{who} had an internal error"),
                "Try again in a few minutes. If it keeps happening, tell your IT admin.".to_string(),
            ),
            ErrorKind::Unavailable => (
                format!("{who} is temporarily unavailable"),
                unavailable_advice(e),
            ),
            ErrorKind::ProxyRefused => (
                "lockdesk-proxy refused this request".to_string(),
                "It was not sent to the provider. The reason is below.".to_string(),
            ),
            ErrorKind::SignInRequired => (
                "Your lockdesk session has ended".to_string(),
                "Nothing was changed. Sign in again to carry on.".to_string(),
            ),
            ErrorKind::ProviderUnreachable => (
                format!("lockdesk-proxy could not reach {who}"),
                "The provider may be down or the network between them broken. Try again in a few minutes, or tell your IT admin.".to_string(),
            ),
            ErrorKind::ProxyUnreachable => (
                "lockdesk cannot reach its proxy".to_string(),
                "Check your network connection, then reload. If it persists, ask IT whether lockdesk-proxy is running.".to_string(),
            ),
            ErrorKind::Unreadable => (
                format!("{who} answered something lockdesk cannot read"),
                "Nothing was assumed from it. Tell your IT admin and include the details below.".to_string(),
            ),
            ErrorKind::Unexpected => (
                format!("{who} gave an unexpected answer"),
                "Try again. If it keeps happening, tell your IT admin and include the details below.".to_string(),
            ),
            ErrorKind::OutcomeUnknown => (
                format!("{who} did not say whether the change was made"),
                "lockdesk is checking. Do not try again until it has.".to_string(),
            ),
        };
        Problem {
            title,
            advice,
            messages: e.messages.clone(),
            status: e.status,
            request_id: e.request_id.clone(),
            detail: e.detail.clone(),
        }
    }
}

/// What the panel says once a fresh read has shown where a change that ended in `e` left the
/// person: `Ok` a success notice, `Err` a problem to show. Never "try again" without evidence.
pub fn confirmed(action: Action, name: &str, e: &Error, found: &Confirmation) -> Result<String, Problem> {
    let who = e.provider.map(|p| p.label()).unwrap_or("the identity provider");
    let state = |user: &User| sign_in_text(&user.status);
    let (title, advice) = match found {
        Confirmation::Made => {
            return Ok(match action {
                Action::Deactivate => format!("{name} is now deactivated."),
                Action::Reactivate => format!("{name} can sign in again."),
                Action::SignOutEverywhere => format!("{name} is signed out everywhere."),
                Action::Delete => format!("{name} was deleted permanently."),
            })
        }
        Confirmation::NotMade(user) => (
            format!("{name} was not {}", action.done_verb()),
            format!("The change did not go through. {who} says now: {}. You can try again.", state(user)),
        ),
        Confirmation::Unclear(Some(user)) => (
            format!("lockdesk could not confirm that {name} was {}", action.done_verb()),
            match action {
                Action::SignOutEverywhere => format!(
                    "{who} gives no sign of it either way. It is safe to sign them out again. They are now: {}.",
                    state(user)
                ),
                _ => format!("Here is how {who} shows them now: {}. Check it before you try again.", state(user)),
            },
        ),
        Confirmation::Unclear(None) => (
            format!("lockdesk could not confirm that {name} was {}", action.done_verb()),
            "It could not read them afterwards either. Reload this page in a minute to see where they stand."
                .to_string(),
        ),
    };
    Err(Problem { title, advice, ..Problem::from(e) })
}

fn unavailable_advice(e: &Error) -> String {
    match e.provider {
        Some(idp::ProviderKind::FusionAuth) => "FusionAuth's search index is not available. Try again in a few minutes; if it keeps happening, ask your IT admin to check the FusionAuth Search service.".to_string(),
        None => "Try again in a few minutes.".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limits_say_how_long_to_wait() {
        let mut e = Error::new(ErrorKind::RateLimited, "x");
        e.retry_after_s = Some(30);
        assert!(Problem::from(&e).advice.contains("Try again in 30 seconds."));
    }

    #[test]
    fn unavailable_fusionauth_mentions_the_search_index() {
        let mut e = Error::new(ErrorKind::Unavailable, "x");
        e.provider = Some(idp::ProviderKind::FusionAuth);
        let p = Problem::from(&e);
        assert_eq!(p.title, "FusionAuth is temporarily unavailable");
        assert!(p.advice.contains("search index"));
    }

    fn user(status: idp::Status) -> User {
        User {
            id: idp::UserId::parse("u1").unwrap(),
            display_name: "Terry Example".into(),
            email: None,
            username: None,
            status,
            tenant: None,
            last_login_ms: None,
            verified: None,
            registrations: Vec::new(),
            raw: serde_json::Value::Null,
        }
    }

    #[test]
    fn a_change_is_reported_by_what_the_fresh_read_found() {
        let mut e = Error::new(ErrorKind::OutcomeUnknown, "x");
        e.provider = Some(idp::ProviderKind::FusionAuth);
        let made = confirmed(Action::Deactivate, "Terry Example", &e, &Confirmation::Made);
        assert_eq!(made, Ok("Terry Example is now deactivated.".to_string()));
        let not = confirmed(Action::Deactivate, "Terry Example", &e, &Confirmation::NotMade(user(idp::Status::Active)))
            .unwrap_err();
        assert_eq!(not.title, "Terry Example was not deactivated");
        assert!(not.advice.contains("FusionAuth says now: Can sign in · Active. You can try again."), "{}", not.advice);
        let unclear = confirmed(
            Action::SignOutEverywhere,
            "Terry Example",
            &e,
            &Confirmation::Unclear(Some(user(idp::Status::Active))),
        )
        .unwrap_err();
        assert!(unclear.title.starts_with("lockdesk could not confirm"), "{}", unclear.title);
        assert!(unclear.advice.contains("safe to sign them out again"), "{}", unclear.advice);
        let unread = confirmed(Action::Delete, "Terry Example", &e, &Confirmation::Unclear(None)).unwrap_err();
        assert!(!unread.advice.contains("try again"), "no blind retry: {}", unread.advice);
    }
}
