//! Drives a run in this tab: per connection, up to `IN_FLIGHT` people at once, every call paced by
//! that connection's `offboard::Pacer` (the provider's rate window, or what its 429s taught), every
//! failure retried by `offboard::Retry` with the step's same key. Before each step the person is
//! read: a step already in effect is not sent ("already so", or "made" when an earlier attempt
//! made it); one the provider does not allow in that state fails without a call. After the last
//! step the person is read once more for the report. Each step is saved (awaited) before it is
//! sent and when it ends, so a reload carries on where this tab stopped.
//!
//! Only the tab holding the run's Web Lock calls `drive`; it stops at once when paused or
//! cancelled (a step already sent is followed to its end).

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use idp::operation::ReadBack;
use idp::{Change, Error, ErrorKind, User, UserId};
use leptos::prelude::*;
use offboard::journal::{Outcome, Run, RunState};
use offboard::{Pacer, Retry};

use crate::api::{self, Target};
use crate::notice::{done, state_text, Problem};
use crate::state::journal;
use calls::{now_ms, running, settled, with_retries, Ctx};

mod calls;
mod lookup;

pub use lookup::{look_up, Jobs};

/// People of one connection worked on at once.
pub const IN_FLIGHT: u32 = 3;

/// Starts the workers of `run` in this tab. `done` is called once every worker has stopped.
pub fn drive(
    run: RwSignal<Option<Run>>,
    targets: HashMap<String, Target>,
    counts: RwSignal<(u32, u32)>,
    done: impl Fn() + 'static,
) {
    let connections: Vec<String> = run.with_untracked(|r| {
        let mut c: Vec<String> = r.iter().flat_map(|r| r.accounts.iter().map(|a| a.connection.clone())).collect();
        c.sort();
        c.dedup();
        c
    });
    // A run whose last step just ended is Finished while its last accounts are still re-read.
    let alive = Box::new(move || {
        let on = |r: &Run| matches!(r.state, RunState::Running | RunState::Finished);
        run.try_with_untracked(|r| r.as_ref().is_some_and(on)).unwrap_or(false)
    });
    let ctx = Rc::new(Ctx {
        run,
        alive,
        targets,
        pacers: RefCell::new(connections.iter().map(|c| (c.clone(), Pacer::new(IN_FLIGHT))).collect()),
        claimed: RefCell::new(HashSet::new()),
        retry: Retry::default(),
        counts,
    });
    let left = Rc::new(RefCell::new(connections.len() as u32 * IN_FLIGHT));
    let done = Rc::new(done);
    if connections.is_empty() {
        done();
    }
    for connection in connections {
        for _ in 0..IN_FLIGHT {
            let (ctx, connection, left, done) = (ctx.clone(), connection.clone(), left.clone(), done.clone());
            leptos::task::spawn_local(async move {
                worker(&ctx, &connection).await;
                *left.borrow_mut() -= 1;
                if *left.borrow() == 0 {
                    if let Some(r) = ctx.run.try_get_untracked().flatten() {
                        let _ = journal::save_run(&r).await;
                    }
                    done();
                }
            });
        }
    }
}

async fn worker(ctx: &Ctx, connection: &str) {
    while running(ctx) {
        let next = ctx.run.with_untracked(|r| {
            let r = r.as_ref()?;
            let claimed = ctx.claimed.borrow();
            (0..r.accounts.len()).find(|a| {
                let acc = &r.accounts[*a];
                acc.connection == connection
                    && !claimed.contains(a)
                    && (r.next_step(*a).is_some() || acc.after.is_none())
            })
        });
        let Some(a) = next else { return };
        ctx.claimed.borrow_mut().insert(a);
        account(ctx, connection, a).await;
        ctx.claimed.borrow_mut().remove(&a);
    }
}

fn sentence(e: &Error) -> String {
    let p = Problem::from(e);
    format!("{} {}", p.title, p.advice).trim().to_string()
}

async fn finish(ctx: &Ctx, a: usize, s: usize, outcome: Outcome) {
    let step = ctx.run.try_update(|r| {
        let r = r.as_mut()?;
        r.finish(a, s, outcome, now_ms()).ok()?;
        r.step(a, s).cloned()
    });
    if let Some(step) = step.flatten() {
        let _ = journal::save_step(&step).await;
    }
}

async fn account(ctx: &Ctx, connection: &str, a: usize) {
    let Some((run_id, raw_id, name)) = ctx.run.with_untracked(|r| {
        r.as_ref().map(|r| (r.id.clone(), r.accounts[a].user_id.clone(), r.accounts[a].name.clone()))
    }) else {
        return;
    };
    let target = ctx.targets.get(connection).cloned();
    let adapter = target.as_ref().and_then(|t| t.connection.adapter().ok());
    let id = UserId::parse(&raw_id).ok();
    while running(ctx) {
        let Some(s) = ctx.run.with_untracked(|r| r.as_ref().and_then(|r| r.next_step(a))) else { break };
        let (Some(target), Some(adapter), Some(id)) = (&target, &adapter, &id) else {
            let _ = ctx.run.try_update(|r| r.as_mut().map(|r| r.start(a, s, now_ms())));
            let why = "This connection needs its API key typed in this tab first: open it from the home page.";
            finish(ctx, a, s, Outcome::Failed(why.into())).await;
            continue;
        };
        // Saved as running before anything is sent.
        let Some(Ok(_key)) = ctx.run.try_update(|r| r.as_mut().map(|r| r.start(a, s, now_ms()))).flatten() else {
            return;
        };
        let Some(step) = ctx.run.with_untracked(|r| r.as_ref().and_then(|r| r.step(a, s)).cloned()) else { return };
        let _ = journal::save_step(&step).await;
        let (key, action, attempts) = (step.key, step.action, step.attempts);
        let user: User = match settled(ctx, connection, target, id, &run_id).await {
            Ok(u) => u,
            Err(e) => {
                finish(ctx, a, s, Outcome::Failed(sentence(&e))).await;
                continue;
            }
        };
        let state = state_text(&user.status);
        if adapter.reached(action, ReadBack::Found(&user.status)) == Some(true) {
            let outcome = if attempts > 1 {
                Outcome::Done(format!("{} A fresh read shows it: {state}.", done(action, &name)))
            } else {
                Outcome::Skipped(format!("Already so: {state}."))
            };
            finish(ctx, a, s, outcome).await;
            continue;
        }
        if !adapter.allows(action, &user.status) {
            let why = format!("{} does not allow this while the account is {state}.", adapter.kind().label());
            finish(ctx, a, s, Outcome::Failed(why)).await;
            continue;
        }
        let change = Change { precondition: user.precondition.clone(), ..Change::new(action, id.clone()) };
        let outcome = match with_retries(ctx, connection, || api::run::step(target, &change, &key, &run_id)).await {
            Ok(()) => Outcome::Done(done(action, &name)),
            // It may have been made: the step goes round again, and the read before it says
            // whether it was (then Done) or sends it again with the same key.
            Err(e) if e.kind.change_may_have_happened() && attempts < ctx.retry.attempts => continue,
            Err(e) => Outcome::Failed(sentence(&e)),
        };
        finish(ctx, a, s, outcome).await;
    }
    // The report's "after": read once more when every step has ended.
    let ended = ctx.run.with_untracked(|r| r.as_ref().is_some_and(|r| r.next_step(a).is_none()));
    if !ended {
        return;
    }
    let after = if let (Some(target), Some(id)) = (&target, &id) {
        match settled(ctx, connection, target, id, &run_id).await {
            Ok(user) => state_text(&user.status),
            Err(e) if e.kind == ErrorKind::NotFound => "Deleted".to_string(),
            Err(e) => format!("Could not be read: {}", Problem::from(&e).title),
        }
    } else {
        "Not read".to_string()
    };
    let _ = ctx.run.try_update(|r| r.as_mut().map(|r| r.accounts[a].after = Some(after)));
}
