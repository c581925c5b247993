//! `PUT /api/2.0/people/status/{status}` (`updateUserStatus`) with `{"userIds": [...],
//! "resendAll": …}`: terminating and reactivating people, as the docs describe it.
//!
//! - `{status}`: `1` or `Active`, `2` or `Terminated` (names in any case, as ASP.NET binds enums);
//!   anything else → 400 "Only Active and Terminated can be set". The body must be a JSON object
//!   whose `userIds` is a list of UUIDs (any case), else 400; `resendAll` and other fields are
//!   ignored. Repeated ids count once; ids nobody has are skipped (and left out of the answer).
//! - Terminating: if the list holds the portal owner → 403 for the whole call, nothing changed.
//!   Otherwise each listed person becomes status 2 with `terminated` now (an already terminated
//!   person keeps the date), every session ends (a sign-out is counted), and a person who was a
//!   pending invitation (status 4, not activated) is remembered as one.
//! - Reactivating, one by one in list order: a terminated person becomes Active (`terminated`
//!   removed), or Pending (status 4) if they were a pending invitation when terminated. Becoming
//!   Active needs a seat: with `seat_limit` N and N people Active already, the person is refused
//!   and processing stops there: → 402 if nobody in this call was reactivated yet, else a partial
//!   success (200, the refused and later people unchanged). Coming back Pending needs no seat.
//!   People not terminated are left as they are.
//! - Every listed person processed counts one status change (a repeated request counts again) and
//!   every termination one sign-out, in `Sandbox::docspace_state`; only a termination or
//!   reactivation that changed the status counts as a change in `crate::traffic`'s ledger (which
//!   keeps both). Reply: 200 envelope, `response` = the listed people as they now are, in list
//!   order.
//!
//! This module must not change anything but the listed people's status and `terminated`, and
//! count what it did.

use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::Value;

use super::clock;
use super::rules::Refusal;
use super::state::DocSpaceStore;
use super::wire::{Employee, ACTIVATED, ACTIVE, PENDING, TERMINATED};
use super::{list, Ctx};
use crate::codec::is_uuid;
use crate::simulator::Simulator;
use crate::traffic::Traffic;

/// The ledger's label of a termination request (see `crate::traffic`).
pub(crate) const TERMINATE: &str = "terminate";
/// The ledger's label of a reactivation request.
pub(crate) const REACTIVATE: &str = "reactivate";

/// The status a `{status}` path value sets.
fn target(raw: &str) -> Result<u8, Refusal> {
    match raw.to_ascii_lowercase().as_str() {
        "1" | "active" => Ok(ACTIVE),
        "2" | "terminated" => Ok(TERMINATED),
        _ => Err(Refusal::OnlyActiveOrTerminated),
    }
}

/// `userIds`, lowercased and without repeats, or the 400.
fn user_ids(body: &[u8]) -> Result<Vec<String>, Refusal> {
    let bad = || Refusal::BadRequest("The field userIds must be a list of user IDs (UUIDs).".into());
    let Ok(Value::Object(fields)) = serde_json::from_slice::<Value>(body) else {
        return Err(Refusal::BadRequest("The request body must be a JSON object.".into()));
    };
    let Some(Value::Array(items)) = fields.get("userIds") else {
        return Err(bad());
    };
    let mut ids: Vec<String> = vec![];
    for item in items {
        let id = item.as_str().filter(|id| is_uuid(id)).ok_or_else(bad)?.to_ascii_lowercase();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// Terminates the people at `indexes` (none of them the owner), counting each (see the module
/// doc).
fn terminate(s: &mut DocSpaceStore, indexes: &[usize], traffic: &Traffic) {
    let now = clock::now();
    for &i in indexes {
        let person = &mut s.people[i];
        if person.user.status == TERMINATED {
            traffic.unchanged(&person.user.id, TERMINATE);
        } else {
            person.pending_before_termination =
                person.user.status == PENDING && person.user.activation_status != ACTIVATED;
            person.user.terminated = Some(now.clone());
            traffic.applied(&person.user.id, TERMINATE);
        }
        person.user.status = TERMINATED;
    }
}

/// Reactivates the people at `indexes` one by one → each person processed (all, or those before
/// the first refusal) with whether they were reactivated; `Err` (402) if that refusal came before
/// anybody was reactivated.
fn reactivate(s: &mut DocSpaceStore, indexes: &[usize]) -> Result<Vec<(usize, bool)>, Refusal> {
    let mut processed = vec![];
    for &i in indexes {
        let person = &s.people[i];
        if person.user.status != TERMINATED {
            processed.push((i, false));
            continue;
        }
        let back_pending = person.pending_before_termination;
        let seats_full = s.faults.seat_limit.is_some_and(|n| s.active_count() as u64 >= n);
        if !back_pending && seats_full {
            return if processed.iter().any(|(_, changed)| *changed) { Ok(processed) } else { Err(Refusal::SeatLimit) };
        }
        let person = &mut s.people[i];
        person.user.status = if back_pending { PENDING } else { ACTIVE };
        person.user.terminated = None;
        person.pending_before_termination = false;
        processed.push((i, true));
    }
    Ok(processed)
}

/// The handler.
pub(crate) async fn set_status(
    State(ctx): State<Ctx>,
    path: Result<Path<String>, PathRejection>,
    body: Bytes,
) -> Result<Response, Refusal> {
    let status = path.map_err(|_| Refusal::OnlyActiveOrTerminated).and_then(|Path(raw)| target(&raw))?;
    let ids = user_ids(&body)?;
    let traffic = ctx.docspace.traffic();
    ctx.docspace.with_state(|s| {
        let indexes: Vec<usize> = ids.iter().filter_map(|id| s.find(id)).collect();
        if status == TERMINATED {
            if indexes.iter().any(|&i| s.people[i].user.is_owner) {
                return Err(Refusal::OwnerProtected("terminated"));
            }
            terminate(s, &indexes, traffic);
        } else {
            for (i, changed) in reactivate(s, &indexes)? {
                let id = &s.people[i].user.id;
                if changed {
                    traffic.applied(id, REACTIVATE);
                } else {
                    traffic.unchanged(id, REACTIVATE);
                }
            }
        }
        let now: Vec<Employee> = indexes.iter().map(|&i| s.people[i].user.clone()).collect();
        Ok(list(&now, None))
    })
}
