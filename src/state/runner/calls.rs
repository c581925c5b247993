//! The calls a run's workers make, and what they share: one pacer per connection (`paced`), the
//! retry rule around it (`with_retries`), and the read that waits for a provider still changing
//! a person (`settled`). Nothing here decides which step runs next.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use idp::{Error, ErrorKind, User, UserId};
use leptos::prelude::*;
use offboard::journal::Run;
use offboard::pace::Next;
use offboard::{Pacer, Retry};

use crate::api::{self, Target};

/// What `drive` (or `look_up`) shares between its workers.
pub(super) struct Ctx {
    pub(super) run: RwSignal<Option<Run>>,
    /// Whether to carry on (the run is running; the lookup is still wanted).
    pub(super) alive: Box<dyn Fn() -> bool>,
    pub(super) targets: HashMap<String, Target>,
    pub(super) pacers: RefCell<HashMap<String, Pacer>>,
    pub(super) claimed: RefCell<HashSet<usize>>,
    pub(super) retry: Retry,
    /// Calls made and retries, for the run page.
    pub(super) counts: RwSignal<(u32, u32)>,
}

pub(super) fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

pub(super) fn running(ctx: &Ctx) -> bool {
    (ctx.alive)()
}

/// Waits for the connection's pacer, makes the call, and tells the pacer how it went.
pub(super) async fn paced<T, F: std::future::Future<Output = api::run::Answer<T>>>(
    ctx: &Ctx,
    connection: &str,
    call: impl FnOnce() -> F,
) -> Result<T, Error> {
    loop {
        let ready = ctx.pacers.borrow().get(connection).map_or(0, |p| p.ready_at());
        let now = now_ms();
        if now >= ready {
            if let Some(p) = ctx.pacers.borrow_mut().get_mut(connection) {
                p.sent(now);
            }
            break;
        }
        api::transport::sleep_ms((ready - now).min(60_000) as i32).await;
    }
    let (outcome, window) = call().await;
    let refused = match &outcome {
        Err(e) if e.kind == ErrorKind::RateLimited => Some(e.retry_after_s.map(|s| s * 1000)),
        _ => None,
    };
    if let Some(p) = ctx.pacers.borrow_mut().get_mut(connection) {
        p.observe(now_ms(), window, refused);
    }
    let _ = ctx.counts.try_update(|c| c.0 += 1);
    outcome
}

/// Calls until it works, the error is final, or the attempts are used up.
pub(super) async fn with_retries<T, F: std::future::Future<Output = api::run::Answer<T>>>(
    ctx: &Ctx,
    connection: &str,
    call: impl Fn() -> F,
) -> Result<T, Error> {
    let mut attempt = 1;
    loop {
        match paced(ctx, connection, &call).await {
            // Only a fresh read can answer "did it happen?": the caller reads.
            Err(e) if e.kind == ErrorKind::OutcomeUnknown => return Err(e),
            Err(e) => match ctx.retry.after(attempt, &e, now_ms() / 1000, js_sys::Math::random()) {
                Next::Wait(ms) if running(ctx) => {
                    let _ = ctx.counts.try_update(|c| c.1 += 1);
                    api::transport::sleep_ms(ms.min(120_000) as i32).await;
                    attempt += 1;
                }
                _ => return Err(e),
            },
            ok => return ok,
        }
    }
}

/// The person once the provider has finished changing their state (Okta's "changing to
/// Deactivated"), re-read every second for up to 30 seconds; the last read either way.
pub(super) async fn settled(
    ctx: &Ctx,
    connection: &str,
    target: &Target,
    id: &UserId,
    run: &str,
) -> Result<User, Error> {
    let mut user = with_retries(ctx, connection, || api::run::read(target, id, run)).await?;
    for _ in 0..30 {
        if !user.status.is_changing() || !running(ctx) {
            break;
        }
        api::transport::sleep_ms(1000).await;
        user = with_retries(ctx, connection, || api::run::read(target, id, run)).await?;
    }
    Ok(user)
}
