//! `/api/user` and `/api/user/{userId}`: retrieve, look up by email/username/loginId,
//! deactivate (soft delete), hard delete and reactivate.
//!
//! Deactivating an active user, reactivating an inactive one and hard-deleting anyone count as
//! changes (`crate::traffic`); deactivating an inactive user, or reactivating an active one,
//! answers the same but changes nothing and is not counted.
//!
//! The sandbox does not implement creating users, profile updates (PUT/PATCH with a body),
//! verificationId or changePasswordId lookups; those answer 400 Errors or 404.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::wire::{Errors, User, UserDeleteSingleRequest, UserResponse};
use super::FusionAuth;
use super::{empty, errors, find, invalid_json, json, now_ms, tenant_scope};
use crate::simulator::Simulator;

/// `GET /api/user/{userId}` → 200 `{"user": …}`, or 404 empty (unknown or not a UUID).
pub(crate) async fn get_user(State(sb): State<FusionAuth>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    let scope = tenant_scope(&headers);
    let user = sb.with_state(|s| find(&s.records, &id, scope.as_deref()).map(|i| s.records[i].user.clone()));
    user_or_404(user)
}

/// `GET /api/user?email=|username=|loginId=` (case-insensitive) → 200 `{"user": …}` or 404 empty.
pub(crate) async fn lookup(
    State(sb): State<FusionAuth>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let wanted = |key: &str| query.get(key).map(|v| v.trim().to_lowercase());
    let is = |field: &Option<String>, value: &str| field.as_deref().is_some_and(|f| f.to_lowercase() == value);
    let matcher: Box<dyn Fn(&User) -> bool> = if let Some(email) = wanted("email") {
        Box::new(move |u| is(&u.email, &email))
    } else if let Some(name) = wanted("username") {
        Box::new(move |u| is(&u.username, &name))
    } else if let Some(login) = wanted("loginId") {
        Box::new(move |u| is(&u.email, &login) || is(&u.username, &login))
    } else {
        let message = "Provide one of the email, username or loginId parameters \
                       (the sandbox does not implement verificationId or changePasswordId lookups).";
        return errors(StatusCode::BAD_REQUEST, Errors::general("[missing]loginId", message));
    };
    let scope = tenant_scope(&headers);
    let user = sb.with_state(|s| {
        s.records
            .iter()
            .map(|r| &r.user)
            .find(|u| scope.as_deref().is_none_or(|t| u.tenant_id == t) && matcher(u))
            .cloned()
    });
    user_or_404(user)
}

/// `DELETE /api/user/{userId}`: deactivates (active=false); with `?hardDelete=true` or a body
/// `{"hardDelete": true}` removes the user permanently. 200 with an empty body, 404 if unknown.
pub(crate) async fn delete_user(
    State(sb): State<FusionAuth>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request = if body.iter().all(u8::is_ascii_whitespace) {
        UserDeleteSingleRequest::default()
    } else {
        match serde_json::from_slice::<UserDeleteSingleRequest>(&body) {
            Ok(r) => r,
            Err(e) => return invalid_json(&e),
        }
    };
    let hard = is_true(query.get("hardDelete")) || request.hard_delete == Some(true);
    let scope = tenant_scope(&headers);
    let found = sb.with_state(|s| {
        let index = find(&s.records, &id, scope.as_deref())?;
        let user = &mut s.records[index].user;
        if hard {
            sb.traffic().applied(&user.id, "delete");
            s.records.remove(index);
        } else {
            record_state(&sb, user, false);
            user.active = false;
            user.last_update_instant = Some(now_ms());
        }
        Some(())
    });
    match found {
        Some(()) => empty(StatusCode::OK),
        None => empty(StatusCode::NOT_FOUND),
    }
}

/// `PUT /api/user/{userId}?reactivate=true` → 200 `{"user": …}` with active=true. Any other PUT
/// is a profile update, which the sandbox does not implement: 400 Errors.
pub(crate) async fn put_user(
    State(sb): State<FusionAuth>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if !is_true(query.get("reactivate")) {
        let message = "The sandbox does not implement profile updates; only PUT /api/user/{userId}?reactivate=true \
                       (reactivate a user) is supported.";
        return errors(StatusCode::BAD_REQUEST, Errors::general("[NotImplemented]", message));
    }
    let scope = tenant_scope(&headers);
    let user = sb.with_state(|s| {
        let index = find(&s.records, &id, scope.as_deref())?;
        let user = &mut s.records[index].user;
        record_state(&sb, user, true);
        user.active = true;
        user.last_update_instant = Some(now_ms());
        Some(user.clone())
    });
    user_or_404(user)
}

/// Records setting `user` to `active`: a change if it was not, else a request that changed nothing.
fn record_state(sb: &FusionAuth, user: &User, active: bool) {
    if user.active == active {
        sb.traffic().unchanged(&user.id, "state");
    } else {
        sb.traffic().applied(&user.id, "state");
    }
}

fn is_true(value: Option<&String>) -> bool {
    value.is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

fn user_or_404(user: Option<User>) -> Response {
    match user {
        Some(user) => json(StatusCode::OK, &UserResponse { user }),
        None => empty(StatusCode::NOT_FOUND),
    }
}
