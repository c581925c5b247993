//! Creating a person, and what a create that ended in an error left behind, as the proxy's own
//! record of it says (`/api/changes/{request id}`). Never sends a create twice.

use idp::provider::into_page;
use idp::{Error, ErrorKind, Reply, User};

use super::{confirm, run, Target};

/// Creates `person`; the provider's reply is the new person.
pub async fn create_user(target: &Target, person: &idp::NewPerson) -> Result<User, Error> {
    match run(target, &idp::Operation::CreateUser { person: person.clone() }).await? {
        Reply::User(user) => Ok(*user),
        _ => Err(Error::new(ErrorKind::Unreadable, "the provider did not describe the new person")),
    }
}

/// What a create that ended in an error left behind, as the proxy's record of it says.
pub enum Created {
    /// The proxy recorded it made; the person, if the address finds them.
    Made(Option<User>),
    /// The proxy recorded it not made (or refused it).
    NotMade,
    /// Nothing says for sure; who has the address now, if anyone.
    Unclear(Option<User>),
}

/// After a create that ended in an error leaving it open: waits while the proxy is still making
/// it (bounded), takes its recorded outcome, and looks the address up. Only the proxy's record
/// says "made": somebody holding the address may have had it before.
pub async fn created_after(target: &Target, person: &idp::NewPerson, error: &Error) -> Created {
    let word = match &error.request_id {
        Some(request_id) => confirm::follow_change(request_id).await,
        None => None,
    };
    if matches!(word.as_deref(), Some("failed" | "refused")) {
        return Created::NotMade;
    }
    let op = idp::Operation::FindUserByEmail { email: person.email.clone() };
    let wanted = person.email.as_str();
    let holder = into_page(&op, run(target, &op).await).ok().and_then(|page| {
        page.items.into_iter().find(|u| u.email.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(wanted)))
    });
    match word.as_deref() {
        Some("allowed") => Created::Made(holder),
        _ => Created::Unclear(holder),
    }
}
