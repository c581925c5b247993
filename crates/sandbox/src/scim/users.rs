//! One user: read (`GET /v2/Users/{id}`, RFC 7644 §3.4.1), change `active` (`PATCH`, §3.5.2)
//! and delete (`DELETE`, §3.6), with entity tags (§3.14). Ids are case-exact; an id nobody has
//! (or had, before a delete) → 404.
//!
//! - GET → 200 with the User and `ETag: W/"<version>"` (= `meta.version`). With `If-None-Match`
//!   naming the current tag (weak comparison) or `*` → 304 with the `ETag` and no body.
//! - PATCH: the body is checked first (`patch`; a body that is not `application/scim+json` or
//!   `application/json` → 415); then the user is found (404); with `conflict_next_change`,
//!   somebody else edits them now (see `state::Person::edit_elsewhere`); then `If-Match`, if
//!   sent, must name the current tag (weak comparison; `*` matches; any of a comma-separated
//!   list) → else 412 `invalidVers` and nothing changes. Success: `active` set, version + 1,
//!   `meta.lastModified` now, one patch counted (even if `active` did not change; only one that
//!   changed it counts as a change in `crate::traffic`'s ledger) → 200 with the User and its new
//!   `ETag`, or, with `patch_204`, 204 with the `ETag` and no body.
//! - DELETE: found (404), the conflict, `If-Match` (412) as for PATCH → 204 without a body; the
//!   user is gone (later requests 404; the counts stay for `Sandbox::scim_state`); a change.
//! - With `no_etags`: no `ETag` header, no `meta.version`, and `If-Match` / `If-None-Match` are
//!   ignored.
//!
//! This module must not change anything but the one user's `active`, version, dates, deletion
//! (and, for the conflict, their title and the switch), and count what it did.

use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};

use super::rules::Refusal;
use super::state::ScimStore;
use super::{patch, scim_json, with_etag, Ctx};
use crate::codec::content_type_is;
use crate::simulator::Simulator;

/// The ledger's label of a successful PATCH (see `crate::traffic`).
pub(crate) const PATCH: &str = "patch";

/// The `{id}` path segment (one that does not decode is nobody's).
fn user_id(path: Result<Path<String>, PathRejection>) -> Result<String, Refusal> {
    path.map(|Path(id)| id).map_err(|_| Refusal::NotFound("(undecodable id)".into()))
}

/// The opaque part of an entity tag (`W/` and the quotes stripped), if it is one.
fn opaque(tag: &str) -> Option<&str> {
    let tag = tag.trim();
    tag.strip_prefix("W/").unwrap_or(tag).strip_prefix('"')?.strip_suffix('"')
}

/// Whether the `name` headers were sent and one of their tags matches `current` (`*` matches).
fn tag_matches(headers: &HeaderMap, name: HeaderName, current: &str) -> Option<bool> {
    let mut values = headers.get_all(name).iter().peekable();
    values.peek()?;
    let wanted = opaque(current);
    let tags: Vec<String> =
        values.filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).map(String::from).collect();
    Some(tags.iter().any(|tag| tag.trim() == "*" || (opaque(tag).is_some() && opaque(tag) == wanted)))
}

/// The index of the live user `id`, after the conflict switch and the `If-Match` check.
fn changeable(s: &mut ScimStore, id: &str, headers: &HeaderMap) -> Result<usize, Refusal> {
    let index = s.find(id).ok_or_else(|| Refusal::NotFound(id.to_string()))?;
    s.take_conflict(index);
    let current = s.people[index].etag();
    if !s.faults.no_etags && tag_matches(headers, header::IF_MATCH, &current) == Some(false) {
        return Err(Refusal::VersionMismatch);
    }
    Ok(index)
}

/// `GET /v2/Users/{id}` → 200 with the User and its `ETag`.
pub(crate) async fn get_user(
    State(ctx): State<Ctx>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    let id = user_id(path)?;
    ctx.scim.with_state(|s| {
        let person = &s.people[s.find(&id).ok_or_else(|| Refusal::NotFound(id.clone()))?];
        let etags = !s.faults.no_etags;
        let etag = etags.then(|| person.etag());
        if etags && tag_matches(&headers, header::IF_NONE_MATCH, &person.etag()) == Some(true) {
            return Ok(with_etag(StatusCode::NOT_MODIFIED.into_response(), etag));
        }
        Ok(with_etag(scim_json(StatusCode::OK, &person.render(&ctx.base, etags)), etag))
    })
}

/// `PATCH /v2/Users/{id}` → 200 with the User (or 204) and the new `ETag`.
pub(crate) async fn patch_user(
    State(ctx): State<Ctx>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Refusal> {
    let id = user_id(path)?;
    if !content_type_is(&headers, "application/scim+json") && !content_type_is(&headers, "application/json") {
        return Err(Refusal::UnsupportedMediaType);
    }
    let active = patch::parse(&body)?;
    ctx.scim.with_state(|s| {
        let index = changeable(s, &id, &headers)?;
        let (etags, no_body) = (!s.faults.no_etags, s.faults.patch_204);
        let person = &mut s.people[index];
        if person.user.active == active {
            ctx.scim.traffic().unchanged(&person.user.id, PATCH);
        } else {
            ctx.scim.traffic().applied(&person.user.id, PATCH);
        }
        person.user.active = active;
        person.touch();
        let etag = etags.then(|| person.etag());
        if no_body {
            return Ok(with_etag(StatusCode::NO_CONTENT.into_response(), etag));
        }
        Ok(with_etag(scim_json(StatusCode::OK, &person.render(&ctx.base, etags)), etag))
    })
}

/// `DELETE /v2/Users/{id}` → 204.
pub(crate) async fn delete_user(
    State(ctx): State<Ctx>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    let id = user_id(path)?;
    ctx.scim.with_state(|s| {
        let index = changeable(s, &id, &headers)?;
        s.people[index].deleted = true;
        ctx.scim.traffic().applied(&s.people[index].user.id, "delete");
        Ok(StatusCode::NO_CONTENT.into_response())
    })
}
