//! The calls an offboarding run makes through the proxy: look a person up by address, read them,
//! and make one step, each carrying the run's id (`X-Lockdesk-Run`, so the proxy counts it against
//! its bulk budget and the audit log names the run) and a step its key (`Idempotency-Key`, the same
//! on every attempt, so the proxy answers a repeat from its record). Each hands back the provider's
//! rate window when the reply describes one, for the run's pacing.

use idp::provider::into_page;
use idp::{Change, Email, Error, Operation, RateWindow, Reply, User};

use super::{call, Target};

/// The request header that carries a step's key.
pub const IDEMPOTENCY_KEY: http::HeaderName = http::HeaderName::from_static("idempotency-key");
/// The request header that carries the run's id.
pub const RUN_ID: http::HeaderName = http::HeaderName::from_static("x-lockdesk-run");

/// What one call came back with.
pub type Answer<T> = (Result<T, Error>, Option<RateWindow>);

/// The accounts whose address is `email` on this connection (exact matches only, whatever the
/// provider searched by).
pub async fn find(target: &Target, email: &Email, run: &str) -> Answer<Vec<User>> {
    let headers = [(RUN_ID, run)];
    let op = Operation::FindUserByEmail { email: email.clone() };
    let (mut outcome, mut window) = call(target, &op, &headers).await;
    let mut asked = op;
    if let (Err(e), Ok(adapter)) = (&outcome, target.connection.adapter()) {
        if let Some((other, _)) = adapter.instead(&asked, e) {
            (outcome, window) = call(target, &other, &headers).await;
            asked = other;
        }
    }
    let is = |v: &Option<String>| v.as_deref().is_some_and(|v| v.trim().eq_ignore_ascii_case(email.as_str()));
    let found = match into_page(&asked, outcome) {
        Ok(page) => Ok(super::completed(target, page.items)
            .await
            .into_iter()
            .filter(|u| is(&u.email) || is(&u.username))
            .collect()),
        Err(e) => Err(e),
    };
    (found, window)
}

/// The person as the provider has them now (the plain read; a soft-deleted person's read when
/// the plain one finds nobody).
pub async fn read(target: &Target, id: &idp::UserId, run: &str) -> Answer<User> {
    let adapter = match target.connection.adapter() {
        Ok(a) => a,
        Err(e) => return (Err(e), None),
    };
    let mut last = (Err(Error::new(idp::ErrorKind::NotFound, "no read was made")), None);
    for op in idp::provider::reads_of(adapter.as_ref(), id) {
        let (outcome, window) = call(target, &op, &[(RUN_ID, run)]).await;
        match outcome {
            Ok(Reply::User(user)) => return (Ok(*user), window),
            Ok(_) => {
                return (Err(Error::new(idp::ErrorKind::Unreadable, "the provider did not return a user")), window)
            }
            Err(e) if e.kind == idp::ErrorKind::NotFound => last = (Err(e), window),
            Err(e) => return (Err(e), window),
        }
    }
    last
}

/// Makes one step with its key.
pub async fn step(target: &Target, change: &Change, key: &str, run: &str) -> Answer<()> {
    let (outcome, window) =
        call(target, &Operation::Change(change.clone()), &[(RUN_ID, run), (IDEMPOTENCY_KEY, key)]).await;
    (outcome.map(|_| ()), window)
}
