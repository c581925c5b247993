//! One person: retrieve (`GET /api/v2/users/{id}`), change the state (`PATCH`), soft-delete
//! (`DELETE`) and revoke every token (`DELETE /api/v2/tokens/{userId}`). Ids are matched in any
//! case; anything that is no seeded id (a non-UUID included) → 404 not.found.
//!
//! - GET: `?state=active` (or no parameter) finds anyone not deleted (the hostile `suspended` one
//!   included), `?state=deleted` only deleted people; another parameter or value → 400
//!   invalid.value.
//! - PATCH (`Content-Type: application/json`, else 415): a JSON object with `version` (required,
//!   else 400 bad.request) and optionally `state` `active`|`inactive`; another field → 400
//!   bad.request; `deleted` or another word → 400 invalid.value. Checks after the body, in order:
//!   unknown → 404; the conflict switch fires; the hostile `suspended` person → 400 invalid.value;
//!   a denied division → 403 missing.permissions (`directory:user:edit`); a deleted person can
//!   only be restored to `active` (else 400 invalid.value); `version` ≠ current → 409
//!   general.conflict. Then the state is set (even if unchanged), version + 1 → 200 User.
//! - DELETE: unknown or deleted → 404; the switch fires; `suspended` → 400; denied division → 403
//!   (`directory:user:delete`); else state `deleted`, version + 1 → 200 `{}`.
//! - Token revocation: unknown or deleted → 404; denied division → 403 (`oauth:token:delete`);
//!   else → 204.
//!
//! Counted as changes (`crate::traffic`): a PATCH that changes the state (one that leaves it as
//! it was is not), every DELETE and every token revocation that succeeds (a sign-out).
//!
//! This module must not change anything but the one person's state, version and department (the
//! conflict switch), and count the changes.

use axum::body::{Body, Bytes};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

use super::state::GenesysState;
use super::wire::{User, UserState};
use super::{bad_request, error_with, invalid_value, json, query, unsupported_media_type};
use super::{user_not_found, Ctx};
use crate::codec::content_type_is;
use crate::simulator::Simulator;

const EDIT: &str = "directory:user:edit";
const DELETE: &str = "directory:user:delete";
const TOKEN_DELETE: &str = "oauth:token:delete";

/// Why a change was refused (or what it produced).
enum Outcome {
    NotFound,
    UnknownState,
    Denied(&'static str, String),
    NotRestore,
    Conflict,
    Done(Option<Box<User>>),
}

impl Outcome {
    fn reply(self, done: impl FnOnce(Option<Box<User>>) -> Response) -> Response {
        match self {
            Outcome::NotFound => user_not_found(),
            Outcome::UnknownState => invalid_value("The user's state does not allow this change."),
            Outcome::Denied(permission, division) => missing_permission(permission, &division),
            Outcome::NotRestore => {
                invalid_value("A deleted user can only be restored to state active; delete it with DELETE.")
            }
            Outcome::Conflict => {
                let message = "The version supplied does not match the current version of the user";
                error_with(StatusCode::CONFLICT, "general.conflict", message, None)
            }
            Outcome::Done(user) => done(user),
        }
    }
}

/// 403 missing.permissions naming the permission and the division.
fn missing_permission(permission: &str, division: &str) -> Response {
    let message = format!("You are missing the following permission(s): {permission} in division {division}");
    let with_params = "You are missing the following permission(s): {permission} in division {division}";
    let params = json!({"permission": permission, "division": division});
    error_with(StatusCode::FORBIDDEN, "missing.permissions", message, Some((with_params, params)))
}

/// The checks every change shares, on the person at `index`: the switch, the hostile state (unless
/// `allow_unknown`), the division.
fn precheck(g: &mut GenesysState, index: usize, permission: &'static str, allow_unknown: bool) -> Option<Outcome> {
    if permission != TOKEN_DELETE {
        g.take_conflict(index);
    }
    let user = &g.records[index].user;
    if user.state == UserState::Suspended && !allow_unknown {
        return Some(Outcome::UnknownState);
    }
    g.faults.denies(&user.division.name).then(|| Outcome::Denied(permission, user.division.name.clone()))
}

/// `GET /api/v2/users/{id}[?state=active|deleted]` → 200 User or 404.
pub(crate) async fn get_user(
    State(ctx): State<Ctx>,
    path: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Response {
    let mut deleted = false;
    for (name, value) in query(raw.as_deref()) {
        match (name.as_str(), value.as_str()) {
            ("state", "active") => deleted = false,
            ("state", "deleted") => deleted = true,
            ("state", other) => {
                return invalid_value(format!("Invalid value for state: {other:?} (active or deleted)"))
            }
            (other, _) => return invalid_value(format!("Unsupported query parameter: {other:?}")),
        }
    }
    let Ok(Path(id)) = path else {
        return user_not_found();
    };
    let user = ctx.genesys.with_state(|g| {
        let user = &g.records[g.find(&id)?].user;
        ((user.state == UserState::Deleted) == deleted).then(|| user.clone())
    });
    match user {
        Some(user) => json(StatusCode::OK, &user),
        None => user_not_found(),
    }
}

/// The PATCH body: `(version, state)` or the 400.
fn patch_body(body: &[u8]) -> Result<(u64, Option<UserState>), Box<Response>> {
    let fields: Map<String, Value> = match serde_json::from_slice(body) {
        Ok(Value::Object(fields)) => fields,
        _ => return Err(Box::new(bad_request("The request body must be a JSON object."))),
    };
    if let Some(other) = fields.keys().find(|k| *k != "version" && *k != "state") {
        let message = format!("Unsupported field {other:?}: the sandbox only models changes of state");
        return Err(Box::new(bad_request(message)));
    }
    let version = match fields.get("version") {
        None | Some(Value::Null) => return Err(Box::new(bad_request("version is required"))),
        Some(v) => v.as_u64().ok_or_else(|| Box::new(bad_request("version must be a non-negative integer")))?,
    };
    let state = match fields.get("state") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s == "active" => Some(UserState::Active),
        Some(Value::String(s)) if s == "inactive" => Some(UserState::Inactive),
        Some(Value::String(s)) if s == "deleted" => {
            return Err(Box::new(invalid_value(
                "state deleted cannot be set with PATCH; use DELETE /api/v2/users/{id}",
            )))
        }
        Some(other) => return Err(Box::new(invalid_value(format!("Invalid value for state: {other}")))),
    };
    Ok((version, state))
}

/// `PATCH /api/v2/users/{id}` → 200 User.
pub(crate) async fn patch_user(
    State(ctx): State<Ctx>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !content_type_is(&headers, "application/json") {
        return unsupported_media_type("application/json");
    }
    let (version, state) = match patch_body(&body) {
        Ok(parsed) => parsed,
        Err(refusal) => return *refusal,
    };
    let Ok(Path(id)) = path else {
        return user_not_found();
    };
    let outcome = ctx.genesys.with_state(|g| {
        let Some(index) = g.find(&id) else {
            return Outcome::NotFound;
        };
        if let Some(refusal) = precheck(g, index, EDIT, false) {
            return refusal;
        }
        let user = &mut g.records[index].user;
        if user.state == UserState::Deleted && state != Some(UserState::Active) {
            return Outcome::NotRestore;
        }
        if user.version != version {
            return Outcome::Conflict;
        }
        match state.filter(|s| *s != user.state) {
            Some(state) => {
                user.state = state;
                ctx.genesys.traffic().applied(&user.id, "state");
            }
            None => ctx.genesys.traffic().unchanged(&user.id, "state"),
        }
        user.version += 1;
        Outcome::Done(Some(Box::new(user.clone())))
    });
    outcome.reply(|user| json(StatusCode::OK, &user))
}

/// `DELETE /api/v2/users/{id}` → 200 `{}` (soft delete).
pub(crate) async fn delete_user(State(ctx): State<Ctx>, path: Result<Path<String>, PathRejection>) -> Response {
    let Ok(Path(id)) = path else {
        return user_not_found();
    };
    let outcome = ctx.genesys.with_state(|g| {
        let Some(index) = g.find_live(&id) else {
            return Outcome::NotFound;
        };
        if let Some(refusal) = precheck(g, index, DELETE, false) {
            return refusal;
        }
        let user = &mut g.records[index].user;
        user.state = UserState::Deleted;
        user.version += 1;
        ctx.genesys.traffic().applied(&user.id, "delete");
        Outcome::Done(None)
    });
    outcome.reply(|_| json(StatusCode::OK, &json!({})))
}

/// `DELETE /api/v2/tokens/{userId}` → 204.
pub(crate) async fn revoke_tokens(State(ctx): State<Ctx>, path: Result<Path<String>, PathRejection>) -> Response {
    let Ok(Path(id)) = path else {
        return user_not_found();
    };
    let outcome = ctx.genesys.with_state(|g| {
        let Some(index) = g.find_live(&id) else {
            return Outcome::NotFound;
        };
        if let Some(refusal) = precheck(g, index, TOKEN_DELETE, true) {
            return refusal;
        }
        ctx.genesys.traffic().applied(&g.records[index].user.id, "sign_out");
        Outcome::Done(None)
    });
    outcome.reply(|_| (StatusCode::NO_CONTENT, Body::empty()).into_response())
}
