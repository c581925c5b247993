//! Limits on provider calls: how many run at once per connection (a semaphore; callers wait a
//! little, then get 429), and how many one operator may make per minute (the `governor` crate's
//! keyed GCRA limiter; 429 with Retry-After). Both protect the provider's own rate limits and
//! keep one runaway script or stuck browser tab from crowding out everyone else.
//!
//! The per-minute limit is for interactive use. A bulk run (requests carrying a valid
//! `X-Lockdesk-Run`) counts against a second, larger per-operator limit instead
//! (`bulk_requests_per_minute`), so a run neither is paced by the interactive limit nor uses up
//! the operator's interactive minute. The run paces itself by the provider's rate-limit headers
//! (passed back with every reply); the proxy's bulk limit is only a ceiling against a runaway
//! script, not the pacer. The per-connection limit on calls at once applies to every request.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::web::refusal::refuse;

/// How long a call waits for a free slot on a busy connection before it is refused.
pub const QUEUE_WAIT: Duration = Duration::from_secs(5);
/// The per-operator limiter forgets idle operators once it holds this many.
const TIDY_ABOVE: usize = 10_000;

/// At most `n` calls to one connection at a time.
pub struct ConcurrencyLimit(Arc<Semaphore>);

impl ConcurrencyLimit {
    pub fn new(n: u32) -> ConcurrencyLimit {
        ConcurrencyLimit(Arc::new(Semaphore::new(n.max(1) as usize)))
    }

    /// A slot, waiting up to `QUEUE_WAIT` for one; the slot is given back when dropped.
    pub async fn acquire(&self, label: &str) -> Result<OwnedSemaphorePermit, TooMany> {
        // The common case, a free slot, costs no timer.
        if let Ok(permit) = self.0.clone().try_acquire_owned() {
            return Ok(permit);
        }
        match tokio::time::timeout(QUEUE_WAIT, self.0.clone().acquire_owned()).await {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(TooMany {
                message: format!("Too many calls to {label} are running at once. Try again in a few seconds."),
                retry_after_secs: 2,
            }),
        }
    }
}

/// Whose minute a call counts against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Caller {
    Operator(String),
    /// Without operator accounts: the client's address.
    Address(std::net::IpAddr),
    Anonymous,
}

/// Calls per minute per operator (or per client address when there are no operator accounts).
pub struct RateLimit {
    limiter: DefaultKeyedRateLimiter<Caller>,
    /// Whose requests the refusal speaks of.
    whose: &'static str,
}

impl RateLimit {
    /// The interactive limit: `n` calls per minute per caller.
    pub fn per_minute(n: u32) -> RateLimit {
        RateLimit::new(n, "You have")
    }

    /// The bulk runs' ceiling: `n` calls per minute per caller, counted apart from `per_minute`.
    pub fn bulk_per_minute(n: u32) -> RateLimit {
        RateLimit::new(n, "Your bulk runs have")
    }

    fn new(n: u32, whose: &'static str) -> RateLimit {
        let quota = Quota::per_minute(NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN));
        RateLimit { limiter: RateLimiter::keyed(quota), whose }
    }

    /// Counts one call for `who`, or refuses it with how long to wait.
    pub fn check(&self, who: &Caller) -> Result<(), TooMany> {
        if self.limiter.len() > TIDY_ABOVE {
            self.limiter.retain_recent();
        }
        self.limiter.check_key(who).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            TooMany {
                message: format!(
                    "{} made too many requests in the last minute. Try again in {secs} seconds.",
                    self.whose
                ),
                retry_after_secs: secs.max(1),
            }
        })
    }
}

/// A limit was hit: 429 with a sentence and Retry-After.
#[derive(Debug)]
pub struct TooMany {
    message: String,
    retry_after_secs: u64,
}

impl IntoResponse for TooMany {
    fn into_response(self) -> Response {
        let mut resp = refuse(StatusCode::TOO_MANY_REQUESTS, &self.message);
        resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(self.retry_after_secs));
        resp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_busy_connection_queues_then_refuses() {
        let limit = ConcurrencyLimit::new(2);
        let a = limit.acquire("FusionAuth").await.unwrap();
        let _b = limit.acquire("FusionAuth").await.unwrap();
        tokio::time::pause();
        let refused = limit.acquire("FusionAuth").await.unwrap_err().into_response();
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(refused.headers()[header::RETRY_AFTER], "2");
        drop(a);
        assert!(limit.acquire("FusionAuth").await.is_ok(), "a freed slot is usable again");
    }

    #[test]
    fn each_operator_has_their_own_minute() {
        let limit = RateLimit::per_minute(3);
        let (hal, ada) = (Caller::Operator("hal".into()), Caller::Operator("ada".into()));
        for _ in 0..3 {
            assert!(limit.check(&hal).is_ok());
        }
        let refused = limit.check(&hal).unwrap_err().into_response();
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = refused.headers()[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
        assert!((1..=20).contains(&wait), "one call frees up every 20 s: {wait}");
        assert!(limit.check(&ada).is_ok(), "another operator is not held back");
        assert!(limit.check(&Caller::Address("10.0.0.1".parse().unwrap())).is_ok());
    }

    #[test]
    fn the_bulk_ceiling_says_it_is_the_runs() {
        let limit = RateLimit::bulk_per_minute(1);
        let hal = Caller::Operator("hal".into());
        assert!(limit.check(&hal).is_ok());
        let refused = limit.check(&hal).unwrap_err();
        assert!(refused.message.starts_with("Your bulk runs have made too many requests"), "{}", refused.message);
    }
}
