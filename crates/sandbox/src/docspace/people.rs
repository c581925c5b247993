//! One person: read by id (`GET /api/2.0/people/{userid}`), read by email (`GET
//! /api/2.0/people/email?email=`), delete for good (`DELETE /api/2.0/people/{userid}`) and end
//! every session (`PUT /api/2.0/security/activeconnections/logoutall/{userId}`). An id that is
//! not a UUID (any case) → 400; an id nobody has (or had, before a delete) → 404.
//!
//! - GET by id → 200 envelope with the person (any status).
//! - GET by email: the one person whose email matches case-insensitively → 200; nobody, or no
//!   `email` parameter → 404 (the sandbox's choice for a missing one). Other parameters are ignored.
//! - DELETE: the portal owner → 403 (permission); anyone not terminated (status 2) → 403 "Access
//!   denied or user is not suspended"; else → 200 envelope with the person as they were, and they
//!   are gone (a later read is 404; their counts stay for `Sandbox::docspace_state`).
//! - logoutall: → 200 envelope without `response`, and one sign-out is counted (terminated people
//!   and the owner included).
//!
//! A delete and a logoutall that succeed each count as a change (`crate::traffic`). This module
//! must not change anything but the one person's deletion, and count what it did.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;

use super::rules::Refusal;
use super::wire::TERMINATED;
use super::{first_param, no_payload, one, user_id, Ctx};
use crate::simulator::Simulator;

/// The ledger's label of a `logoutall` call (see `crate::traffic`).
pub(crate) const SIGN_OUT: &str = "sign_out";

/// `GET /api/2.0/people/{userid}` → 200 envelope with the person.
pub(crate) async fn get_person(
    State(ctx): State<Ctx>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, Refusal> {
    let id = user_id(path)?;
    let person = ctx.docspace.with_state(|s| s.find(&id).map(|i| s.people[i].user.clone()));
    person.map(|p| one(&p)).ok_or(Refusal::UserNotFound)
}

/// `GET /api/2.0/people/email?email=<addr>` → 200 envelope with the person.
pub(crate) async fn get_by_email(State(ctx): State<Ctx>, RawQuery(raw): RawQuery) -> Result<Response, Refusal> {
    let email = first_param(raw.as_deref(), "email").ok_or(Refusal::UserNotFound)?;
    let person = ctx.docspace.with_state(|s| s.find_email(&email).map(|i| s.people[i].user.clone()));
    person.map(|p| one(&p)).ok_or(Refusal::UserNotFound)
}

/// `DELETE /api/2.0/people/{userid}` → 200 envelope with the person as they were.
pub(crate) async fn delete_person(
    State(ctx): State<Ctx>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, Refusal> {
    let id = user_id(path)?;
    ctx.docspace.with_state(|s| {
        let index = s.find(&id).ok_or(Refusal::UserNotFound)?;
        let person = &mut s.people[index];
        if person.user.is_owner {
            return Err(Refusal::OwnerProtected("deleted"));
        }
        if person.user.status != TERMINATED {
            return Err(Refusal::NotSuspended);
        }
        person.deleted = true;
        ctx.docspace.traffic().applied(&person.user.id, "delete");
        Ok(one(&person.user))
    })
}

/// `PUT /api/2.0/security/activeconnections/logoutall/{userId}` → 200 envelope, no payload.
pub(crate) async fn log_out_all(
    State(ctx): State<Ctx>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, Refusal> {
    let id = user_id(path)?;
    ctx.docspace.with_state(|s| {
        let index = s.find(&id).ok_or(Refusal::UserNotFound)?;
        ctx.docspace.traffic().applied(&s.people[index].user.id, SIGN_OUT);
        Ok(no_payload())
    })
}
