//! A person's soft deletion and restore: `DELETE /api/2/users/{id}?version=N` and
//! `POST /api/2/users/{id}/restore[?enable=true|false][&force=true|false]`. Ids are checked as
//! in `users` (not a lowercase UUID → 400).
//!
//! - DELETE: `version` is required (a non-negative integer; missing, repeated, malformed or
//!   another parameter → 400). Then, in order: unknown or deleted → 404; the conflict switch
//!   fires; `version` ≠ current → 409 `VersionConflict`; an enabled person → 409 `UserIsEnabled`
//!   (Acronis wants a person disabled first); else the person is soft-deleted (still disabled),
//!   version + 1 → 204 without a body.
//! - Restore: `enable` and `force` must be `true` or `false` (`force` is accepted and ignored;
//!   another parameter → 400); the body is ignored. Then: unknown → 404; a person not deleted →
//!   409 `UserIsNotDeleted`; the conflict switch fires; the person is undeleted, `enabled` set to
//!   `enable` when given (else left as it was), version + 1 → 204.
//!
//! Every successful DELETE and restore counts as a change (`crate::traffic`). This module must not
//! change anything but the one person's deletion, `enabled`, `version` and
//! (the conflict switch) `contact.phone`.

use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::rules::Refusal;
use super::{flag, params, user_id, Ctx};
use crate::simulator::Simulator;

fn no_content() -> Response {
    (StatusCode::NO_CONTENT, Body::empty()).into_response()
}

/// `DELETE /api/2/users/{id}?version=N` → 204 (soft delete).
pub(crate) async fn delete_user(
    State(ctx): State<Ctx>,
    path: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Result<Response, Refusal> {
    let id = user_id(path)?;
    let params = params(raw.as_deref(), &["version"])?;
    let version = params.get("version").ok_or_else(|| Refusal::BadRequest("version is required".into()))?;
    let version: u64 = version
        .parse()
        .map_err(|_| Refusal::BadRequest(format!("version must be a non-negative integer, not {version:?}")))?;
    ctx.acronis.with_state(|s| {
        let index = s.find_live(&id).ok_or(Refusal::UserNotFound)?;
        s.take_conflict(index);
        let person = &mut s.people[index];
        if person.user.version != version {
            return Err(Refusal::VersionConflict);
        }
        if person.user.enabled {
            return Err(Refusal::UserIsEnabled);
        }
        person.deleted = true;
        person.user.version += 1;
        ctx.acronis.traffic().applied(&person.user.id, "delete");
        Ok(no_content())
    })
}

/// `POST /api/2/users/{id}/restore` → 204.
pub(crate) async fn restore_user(
    State(ctx): State<Ctx>,
    path: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Result<Response, Refusal> {
    let id = user_id(path)?;
    let params = params(raw.as_deref(), &["enable", "force"])?;
    let enable = params.get("enable").map(|v| flag("enable", v)).transpose()?;
    params.get("force").map(|v| flag("force", v)).transpose()?;
    ctx.acronis.with_state(|s| {
        let index = s.find(&id).ok_or(Refusal::UserNotFound)?;
        if !s.people[index].deleted {
            return Err(Refusal::UserIsNotDeleted);
        }
        s.take_conflict(index);
        let person = &mut s.people[index];
        person.deleted = false;
        if let Some(enable) = enable {
            person.user.enabled = enable;
        }
        person.user.version += 1;
        ctx.acronis.traffic().applied(&person.user.id, "restore");
        Ok(no_content())
    })
}
