//! Looking a list's addresses up before a run: per connection, `IN_FLIGHT` lookups at once,
//! paced and retried as the run's own calls are.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use idp::{Error, ErrorKind, User};
use leptos::prelude::*;
use offboard::{Pacer, Retry};

use super::calls::{running, with_retries, Ctx};
use super::IN_FLIGHT;
use crate::api::{self, Target};

/// Addresses to look up, per connection: (index in the list, address).
pub type Jobs = HashMap<String, Vec<(usize, idp::Email)>>;

/// Looks every address up on `connections` (each a list of (address index, address)), paced and
/// retried as a run's calls are; `found(index, connection, outcome)` hears each answer.
pub fn look_up(
    run_id: String,
    jobs: Jobs,
    targets: HashMap<String, Target>,
    alive: impl Fn() -> bool + 'static,
    found: impl Fn(usize, &str, Result<Vec<User>, Error>) + 'static,
    done: impl Fn() + 'static,
) {
    let connections: Vec<String> = jobs.keys().cloned().collect();
    let ctx = Rc::new(Ctx {
        run: RwSignal::new(None),
        alive: Box::new(alive),
        targets,
        pacers: RefCell::new(connections.iter().map(|c| (c.clone(), Pacer::new(IN_FLIGHT))).collect()),
        claimed: RefCell::new(HashSet::new()),
        retry: Retry::default(),
        counts: RwSignal::new((0, 0)),
    });
    let queues: Rc<RefCell<Jobs>> = Rc::new(RefCell::new(
        jobs.into_iter()
            .map(|(c, mut j)| {
                j.reverse();
                (c, j)
            })
            .collect(),
    ));
    let (found, done, run_id) = (Rc::new(found), Rc::new(done), Rc::new(run_id));
    let left = Rc::new(RefCell::new(connections.len() as u32 * IN_FLIGHT));
    if connections.is_empty() {
        done();
    }
    for connection in connections {
        for _ in 0..IN_FLIGHT {
            let (ctx, connection, queues, found, done, left, run_id) = (
                ctx.clone(),
                connection.clone(),
                queues.clone(),
                found.clone(),
                done.clone(),
                left.clone(),
                run_id.clone(),
            );
            leptos::task::spawn_local(async move {
                let target = ctx.targets.get(&connection).cloned();
                while running(&ctx) {
                    let Some((i, email)) = queues.borrow_mut().get_mut(&connection).and_then(Vec::pop) else { break };
                    let outcome = match &target {
                        Some(t) => with_retries(&ctx, &connection, || api::run::find(t, &email, &run_id)).await,
                        None => Err(Error::new(ErrorKind::Unauthorized, "no API key typed for this connection")),
                    };
                    found(i, &connection, outcome);
                }
                *left.borrow_mut() -= 1;
                if *left.borrow() == 0 {
                    done();
                }
            });
        }
    }
}
