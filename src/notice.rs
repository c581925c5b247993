//! Every sentence the panel says about an error, in plain language with what to do next.
//!
//! Pages and components never phrase errors themselves; they show a `Problem`. Provider messages
//! are passed through as text, never as HTML.

mod conflict;

pub use conflict::conflicted;
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
    /// How long the provider asked lockdesk to wait, for a countdown.
    pub retry_after_s: Option<u64>,
    /// When the provider's rate window resets (UTC seconds), for a countdown.
    pub retry_at_epoch_s: Option<u64>,
}

impl From<&Error> for Problem {
    fn from(e: &Error) -> Problem {
        let who = e.provider.map(|p| p.label()).unwrap_or("The identity provider");
        let (title, advice) = match &e.kind {
            ErrorKind::Input(input) => ("Check what you typed".to_string(), input.to_string()),
            ErrorKind::BadRequest => (
                format!("{who} did not accept the request"),
                "Its own reason is below. If that does not help, tell your IT admin.".to_string(),
            ),
            ErrorKind::Unauthorized => (
                format!("{who} did not accept the API key"),
                "If you typed a key, sign in again with a good one. If not, ask your IT admin to check the key that lockdesk-proxy holds.".to_string(),
            ),
            ErrorKind::Forbidden => (
                format!("{who} says this key may not do that"),
                "The key works, but it lacks the right to do this. Ask your IT admin to add it.".to_string(),
            ),
            ErrorKind::NotFound => (
                format!("This person is not in {who} (any more)"),
                "They may have been deleted, or the link may be wrong. Search for them again.".to_string(),
            ),
            ErrorKind::Conflict | ErrorKind::PreconditionFailed => (
                "Someone else changed this account just now".to_string(),
                "You changed nothing. Look at the page again to see where it stands now, then decide.".to_string(),
            ),
            ErrorKind::NotAllowedInState => (
                format!("{who} does not allow that right now"),
                "It cannot be done while the person is in this state, so nothing was changed. The page shows their state now.".to_string(),
            ),
            ErrorKind::Quota => (
                format!("{who} has used up its limit"),
                "Nothing was changed. Free a place first (deactivate or delete an account nobody needs), or ask your IT admin to raise the limit in the plan.".to_string(),
            ),
            ErrorKind::EmailTaken => (
                "That email address is already in use".to_string(),
                format!("{who} already has an account with this address, so nobody was created. Search for it, or use another address."),
            ),
            ErrorKind::RateLimited => (
                format!("{who} is getting too many requests"),
                match e.retry_after_s {
                    Some(s) => format!("Nothing was changed. Wait {s} seconds, then try again."),
                    None if e.retry_at_epoch_s.is_some() => "Nothing was changed. Wait until the time below, then try again.".to_string(),
                    None => "Nothing was changed. Wait a minute, then try again.".to_string(),
                },
            ),
            ErrorKind::Server => (
                format!("{who} had a fault of its own"),
                "Try again in a few minutes. If it keeps on, tell your IT admin.".to_string(),
            ),
            ErrorKind::Unavailable => (format!("{who} is temporarily unavailable"), unavailable_advice(e)),
            ErrorKind::ProxyRefused => (
                "lockdesk-proxy did not send this".to_string(),
                "It did not reach the provider. The reason is below.".to_string(),
            ),
            ErrorKind::SignInRequired => (
                "Your lockdesk session has ended".to_string(),
                "Nothing was changed. Sign in again to go on.".to_string(),
            ),
            ErrorKind::ProviderUnreachable => (
                format!("lockdesk-proxy could not reach {who}"),
                "It may be down, or the network may be broken. Try again in a few minutes, or tell your IT admin.".to_string(),
            ),
            ErrorKind::Gateway => (
                format!("{who} is not answering behind its web server"),
                "Its web server sent an error page instead of an answer, so {who} itself may be down or restarting. If you were changing someone, open them again to see whether it was done. Try again in a few minutes; if it keeps on, tell your IT admin.".replace("{who}", who),
            ),
            ErrorKind::ProxyUnreachable => (
                "lockdesk cannot reach its proxy".to_string(),
                "Check your network, then load the page again. If that fails, ask IT if lockdesk-proxy is running.".to_string(),
            ),
            ErrorKind::Unreadable => (
                format!("{who} sent a reply lockdesk cannot read"),
                "lockdesk took nothing from it. Tell your IT admin, and give them the details below.".to_string(),
            ),
            ErrorKind::Unexpected => (
                format!("{who} gave a reply lockdesk did not expect"),
                "Try again. If it keeps on, tell your IT admin, and give them the details below.".to_string(),
            ),
            ErrorKind::OutcomeUnknown => (
                format!("{who} did not say if the change was made"),
                "lockdesk is checking now. Do not try again until it is done.".to_string(),
            ),
        };
        Problem {
            title,
            advice,
            messages: e.messages.clone(),
            status: e.status,
            request_id: e.request_id.clone(),
            detail: e.detail.clone(),
            retry_after_s: e.retry_after_s,
            retry_at_epoch_s: e.retry_at_epoch_s,
        }
    }
}

/// The padlock's words, and what the provider is changing the person to, if it is.
pub fn state_text(status: &idp::Status) -> String {
    match &status.transitioning_to {
        Some(to) => format!("{} (changing to {})", sign_in_text(status), to.word()),
        None => sign_in_text(status),
    }
}

/// The past-tense words for the notice after success: "Terry Example was deactivated."
pub fn done_verb(action: Action) -> &'static str {
    match action {
        Action::Activate => "activated",
        Action::Deactivate => "deactivated",
        Action::Reactivate => "reactivated",
        Action::Suspend => "suspended",
        Action::Unsuspend => "unsuspended",
        Action::Unlock => "unlocked",
        Action::ResetFactors => "asked to set up their sign-in factors again",
        Action::SignOutEverywhere => "signed out everywhere",
        Action::Restore => "restored",
        Action::Delete => "deleted (you can restore them)",
        Action::DeletePermanently => "deleted permanently",
    }
}

/// The notice after `action` was made for `name`.
pub fn done(action: Action, name: &str) -> String {
    format!("{name} was {}.", done_verb(action))
}

/// What the panel says once a fresh read has shown where a change that ended in `e` left the
/// person: `Ok` a success notice, `Err` a problem to show. Never "try again" without evidence.
pub fn confirmed(action: Action, name: &str, e: &Error, found: &Confirmation) -> Result<String, Problem> {
    let who = e.provider.map(|p| p.label()).unwrap_or("the identity provider");
    let state = |user: &User| state_text(&user.status);
    let verb = done_verb(action);
    let (title, advice) = match found {
        // Found by a fresh read after an unclear reply: said as where they stand now.
        Confirmation::Made => {
            return Ok(match action {
                Action::Deactivate => format!("{name} is now deactivated."),
                Action::Reactivate | Action::Unsuspend | Action::Unlock | Action::Restore => {
                    format!("{name} can sign in again.")
                }
                Action::SignOutEverywhere => format!("{name} is signed out everywhere."),
                _ => done(action, name),
            })
        }
        Confirmation::NotMade(user) => (
            format!("{name} was not {verb}"),
            format!("The change did not go through. {who} says now: {}. You can try again.", state(user)),
        ),
        Confirmation::Unclear(Some(user)) => (
            format!("lockdesk could not confirm that {name} was {verb}"),
            match action {
                Action::SignOutEverywhere => format!(
                    "{who} gives no sign of it. It is safe to sign them out again. They are now: {}.",
                    state(user)
                ),
                _ => format!("Here is how {who} shows them now: {}. Check it before you try again.", state(user)),
            },
        ),
        Confirmation::Unclear(None) => (
            format!("lockdesk could not confirm that {name} was {verb}"),
            "It could not read them after, either. Load this page again in a minute to see where they stand."
                .to_string(),
        ),
    };
    Err(Problem { title, advice, ..Problem::from(e) })
}

fn unavailable_advice(e: &Error) -> String {
    match e.provider {
        Some(idp::ProviderKind::FusionAuth) => "FusionAuth's search index is down. Try again in a few minutes. If it keeps on, ask your IT admin to check FusionAuth's search service.".to_string(),
        _ => "Try again in a few minutes.".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limits_say_how_long_to_wait() {
        let mut e = Error::new(ErrorKind::RateLimited, "x");
        e.retry_after_s = Some(30);
        assert!(Problem::from(&e).advice.contains("Wait 30 seconds, then try again."));
    }

    #[test]
    fn unavailable_fusionauth_mentions_the_search_index() {
        let mut e = Error::new(ErrorKind::Unavailable, "x");
        e.provider = Some(idp::ProviderKind::FusionAuth);
        let p = Problem::from(&e);
        assert_eq!(p.title, "FusionAuth is temporarily unavailable");
        assert!(p.advice.contains("search index"));
    }

    fn user(kind: idp::StatusKind) -> User {
        User {
            id: idp::UserId::parse("u1").unwrap(),
            display_name: "Terry Example".into(),
            email: None,
            username: None,
            status: idp::Status::new(kind, "raw"),
            last_login_ms: None,
            precondition: None,
            facts: Vec::new(),
            raw: serde_json::Value::Null,
        }
    }

    #[test]
    fn a_change_is_reported_by_what_the_fresh_read_found() {
        let mut e = Error::new(ErrorKind::OutcomeUnknown, "x");
        e.provider = Some(idp::ProviderKind::FusionAuth);
        let made = confirmed(Action::Deactivate, "Terry Example", &e, &Confirmation::Made);
        assert_eq!(made, Ok("Terry Example is now deactivated.".to_string()));
        let not =
            confirmed(Action::Deactivate, "Terry Example", &e, &Confirmation::NotMade(user(idp::StatusKind::Active)))
                .unwrap_err();
        assert_eq!(not.title, "Terry Example was not deactivated");
        assert!(not.advice.contains("FusionAuth says now: Can sign in · Active. You can try again."), "{}", not.advice);
        let unclear = confirmed(
            Action::SignOutEverywhere,
            "Terry Example",
            &e,
            &Confirmation::Unclear(Some(user(idp::StatusKind::Active))),
        )
        .unwrap_err();
        assert!(unclear.title.starts_with("lockdesk could not confirm"), "{}", unclear.title);
        assert!(unclear.advice.contains("safe to sign them out again"), "{}", unclear.advice);
        let unread =
            confirmed(Action::DeletePermanently, "Terry Example", &e, &Confirmation::Unclear(None)).unwrap_err();
        assert!(!unread.advice.contains("try again"), "no blind retry: {}", unread.advice);
    }
}
