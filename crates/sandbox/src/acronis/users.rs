//! One person, read and changed: `GET /api/2/users/{id}[?allow_deleted=true|false]` and
//! `PUT /api/2/users/{id}` (enabling and disabling). Every id must match the schema's lowercase
//! UUID pattern, else 400 `BadRequest` (before anything else but the gate).
//!
//! - GET: a person not deleted → 200 User; a deleted one only with `allow_deleted=true`, else
//!   404 `NotFound`, as for an unknown id. Another parameter, a repeated one or another value
//!   → 400.
//! - PUT (`Content-Type: application/json`, else 415; no query parameters, else 400): a JSON
//!   object with `version` (required, a non-negative integer, else 400 "version is required")
//!   and optionally `enabled` (a boolean); any other field → 400 (the sandbox models only
//!   enabling and disabling). Then, in order: deleted or unknown → 404; the conflict switch
//!   fires; `version` ≠ current → 409 `VersionConflict`; else `enabled` is set (even to the value
//!   it has), version + 1 → 200 User.
//!
//! A PUT that changes `enabled` counts as a change (`crate::traffic`); one that leaves it as it
//! was does not. This module must not change anything but the one person's `enabled`, `version`
//! and (the conflict switch) `contact.phone`.

use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value};

use super::rules::Refusal;
use super::{flag, json, params, user_id, Ctx};
use crate::codec::content_type_is;
use crate::simulator::Simulator;

/// `GET /api/2/users/{id}` → 200 User or 404.
pub(crate) async fn get_user(
    State(ctx): State<Ctx>,
    path: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Result<Response, Refusal> {
    let id = user_id(path)?;
    let params = params(raw.as_deref(), &["allow_deleted"])?;
    let allow_deleted = params.get("allow_deleted").map(|v| flag("allow_deleted", v)).transpose()?.unwrap_or(false);
    let user = ctx.acronis.with_state(|s| {
        let person = &s.people[s.find(&id)?];
        (!person.deleted || allow_deleted).then(|| person.user.clone())
    });
    user.map(|user| json(StatusCode::OK, &user)).ok_or(Refusal::UserNotFound)
}

/// The PUT body: `(version, enabled)` or the 400.
fn put_body(body: &[u8]) -> Result<(u64, Option<bool>), Refusal> {
    let bad = |m: &str| Refusal::BadRequest(m.to_string());
    let fields: Map<String, Value> = match serde_json::from_slice(body) {
        Ok(Value::Object(fields)) => fields,
        _ => return Err(bad("The request body must be a JSON object")),
    };
    if let Some(other) = fields.keys().find(|k| *k != "version" && *k != "enabled") {
        let message = format!("Unsupported field {other:?}: the sandbox only models enabling and disabling");
        return Err(Refusal::BadRequest(message));
    }
    let version = match fields.get("version") {
        None | Some(Value::Null) => return Err(bad("version is required")),
        Some(v) => v.as_u64().ok_or_else(|| bad("version must be a non-negative integer"))?,
    };
    let enabled = match fields.get("enabled") {
        None => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => return Err(bad("enabled must be a boolean")),
    };
    Ok((version, enabled))
}

/// `PUT /api/2/users/{id}` → 200 User.
pub(crate) async fn put_user(
    State(ctx): State<Ctx>,
    path: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Refusal> {
    let id = user_id(path)?;
    params(raw.as_deref(), &[])?;
    if !content_type_is(&headers, "application/json") {
        return Err(Refusal::UnsupportedMediaType);
    }
    let (version, enabled) = put_body(&body)?;
    ctx.acronis.with_state(|s| {
        let index = s.find_live(&id).ok_or(Refusal::UserNotFound)?;
        s.take_conflict(index);
        let user = &mut s.people[index].user;
        if user.version != version {
            return Err(Refusal::VersionConflict);
        }
        match enabled.filter(|e| *e != user.enabled) {
            Some(enabled) => {
                user.enabled = enabled;
                ctx.acronis.traffic().applied(&user.id, "state");
            }
            None => ctx.acronis.traffic().unchanged(&user.id, "state"),
        }
        user.version += 1;
        Ok(json(StatusCode::OK, user))
    })
}
