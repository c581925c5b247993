//! `POST /api/v1/users/{idOrLogin}/lifecycle/{op}`: activate, deactivate, reactivate, suspend,
//! unsuspend, unlock and reset_factors, with the status rules of the spec's operation
//! descriptions, all in [`effect`]:
//!
//! | op | allowed from | result | reply |
//! |---|---|---|---|
//! | activate (`sendEmail`, default true) | STAGED, DEPROVISIONED | async → ACTIVE with a password, else PROVISIONED | `UserActivationToken`, or `{}` with sendEmail=true |
//! | deactivate (`sendEmail`) | anything but DEPROVISIONED | async → DEPROVISIONED | 200, empty |
//! | reactivate (`sendEmail`, default false) | PROVISIONED, RECOVERY | PROVISIONED | like activate |
//! | suspend | ACTIVE | SUSPENDED | 200, empty |
//! | unsuspend | SUSPENDED | ACTIVE | 200, empty |
//! | unlock | LOCKED_OUT | ACTIVE | 200, empty |
//! | reset_factors | ACTIVE, PASSWORD_EXPIRED, RECOVERY, LOCKED_OUT, SUSPENDED, PROVISIONED | status unchanged, factors cleared | 200, empty |
//!
//! "Async" means the user keeps its old `status` with `transitioningToStatus` set for the Okta
//! fault setting `transition_ms` (default 1000; 0 = immediate), with or without
//! `Prefer: respond-async`. Unlock's "ACTIVE user blocked from
//! unknown devices" case does not arise (the sandbox models no device blocks). reset_factors: the
//! spec only says "the user's status remains ACTIVE"; the sandbox allows it wherever a user can have
//! enrolled factors and is not deprovisioned (not STAGED, DEPROVISIONED or ACTIVATING), with or
//! without factors.
//!
//! Every allowed operation counts as one change of the user (`crate::traffic`), when it starts.
//!
//! A disallowed transition, or any operation on a user whose change is still in flight, answers
//! [`not_allowed`]: 403 E0000038 "This operation is not allowed in the user's current status."
//! PROVENANCE: the spec documents no reply for this case (the lifecycle operations list only
//! 200/403/404/429); the code and summary are what real Okta orgs send and are the sandbox's
//! choice, kept in this one function. Unknown `op` → 404 E0000007. This module must not change
//! anything but the one user's status, timestamps and factors (and count the change).

use std::time::Duration;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::json;

use super::clock::{iso, now_ms, secure_random, weak_random};
use super::wire::{TransitioningToStatus, UserActivationToken, UserStatus};
use super::{empty, error, flag, json, query, user_not_found, Ctx};
use crate::simulator::Simulator;

/// The one reply for a lifecycle change the user's status does not allow (see the module doc).
pub(crate) fn not_allowed() -> Response {
    let summary = "This operation is not allowed in the user's current status.";
    error(StatusCode::FORBIDDEN, "E0000038", summary, &[])
}

/// A lifecycle operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Activate,
    Deactivate,
    Reactivate,
    Suspend,
    Unsuspend,
    Unlock,
    ResetFactors,
}

impl Op {
    fn parse(name: &str) -> Option<Op> {
        Some(match name {
            "activate" => Op::Activate,
            "deactivate" => Op::Deactivate,
            "reactivate" => Op::Reactivate,
            "suspend" => Op::Suspend,
            "unsuspend" => Op::Unsuspend,
            "unlock" => Op::Unlock,
            "reset_factors" => Op::ResetFactors,
            _ => return None,
        })
    }
}

/// What an allowed operation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Effect {
    /// An asynchronous change to this target.
    Begin(TransitioningToStatus),
    /// A synchronous change to this status.
    Set(UserStatus),
    /// Factors cleared, status unchanged.
    ClearFactors,
}

/// The transition table; `None` means not allowed in `status`.
pub(crate) fn effect(op: Op, status: UserStatus, has_password: bool) -> Option<Effect> {
    use UserStatus::*;
    Some(match (op, status) {
        (Op::Activate, Staged | Deprovisioned) => {
            Effect::Begin(if has_password { TransitioningToStatus::Active } else { TransitioningToStatus::Provisioned })
        }
        (Op::Deactivate, s) if s != Deprovisioned => Effect::Begin(TransitioningToStatus::Deprovisioned),
        (Op::Reactivate, Provisioned | Recovery) => Effect::Set(Provisioned),
        (Op::Suspend, Active) => Effect::Set(Suspended),
        (Op::Unsuspend, Suspended) => Effect::Set(Active),
        (Op::Unlock, LockedOut) => Effect::Set(Active),
        (Op::ResetFactors, Active | PasswordExpired | Recovery | LockedOut | Suspended | Provisioned) => {
            Effect::ClearFactors
        }
        _ => return None,
    })
}

enum Outcome {
    Done,
    NotFound,
    NotAllowed,
}

/// The handler.
pub(crate) async fn run(
    State(ctx): State<Ctx>,
    path: Result<Path<(String, String)>, PathRejection>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let Ok(Path((key, name))) = path else {
        return user_not_found("");
    };
    let Some(op) = Op::parse(&name) else {
        return error(
            StatusCode::NOT_FOUND,
            "E0000007",
            format!("Not found: Resource not found: {name} (Lifecycle)"),
            &[],
        );
    };
    let params = query(raw.as_deref());
    let send_email = match op {
        Op::Activate => flag(&params, "sendEmail", true),
        Op::Deactivate | Op::Reactivate => flag(&params, "sendEmail", false),
        _ => Ok(false),
    };
    let send_email = match send_email {
        Ok(v) => v,
        Err(refusal) => return *refusal,
    };
    let outcome = ctx.okta.with_state(|o| {
        let delay = Duration::from_millis(o.faults.transition_ms);
        let Some(index) = o.find(&key) else {
            return Outcome::NotFound;
        };
        let record = &mut o.records[index];
        if record.pending.is_some() {
            return Outcome::NotAllowed;
        }
        match effect(op, record.user.status, record.has_password()) {
            None => return Outcome::NotAllowed,
            Some(Effect::Begin(target)) => record.begin(target, delay),
            Some(Effect::Set(status)) => record.set_status(status, now_ms()),
            Some(Effect::ClearFactors) => {
                record.factors.clear();
                record.user.last_updated = iso(now_ms());
            }
        }
        ctx.okta.traffic().applied(&record.user.id, "lifecycle");
        Outcome::Done
    });
    match outcome {
        Outcome::NotFound => user_not_found(&key),
        Outcome::NotAllowed => not_allowed(),
        Outcome::Done if matches!(op, Op::Activate | Op::Reactivate) => {
            if send_email {
                return json(StatusCode::OK, &json!({}));
            }
            let token = secure_random(20).unwrap_or_else(|| weak_random(20));
            let activation_url = format!("{}/tokens/{token}/verify", ctx.base(&headers));
            json(StatusCode::OK, &UserActivationToken { activation_token: token, activation_url })
        }
        Outcome::Done => empty(StatusCode::OK),
    }
}
