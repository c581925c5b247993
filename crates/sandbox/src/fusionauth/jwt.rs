//! `/api/jwt/refresh?userId=…`: list (GET) and revoke (DELETE) a user's refresh tokens.
//!
//! Only the by-user forms are implemented (DELETE also honours `&applicationId=`); revoking by
//! token value, by application alone, or with a `RefreshTokenRevokeRequest` body → 400 Errors.
//! Every successful revocation counts as a sign-out change (`crate::traffic`), whether or not the
//! user had tokens. This module must not touch anything but the refresh tokens.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::wire::{Errors, RefreshTokenResponse};
use super::FusionAuth;
use super::{empty, errors, find, json, tenant_scope};
use crate::simulator::Simulator;

/// `GET /api/jwt/refresh?userId=` → 200 `{"refreshTokens": […]}`, 404 empty if unknown.
pub(crate) async fn list(
    State(sb): State<FusionAuth>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let Some(user_id) = query.get("userId") else {
        return missing_user_id();
    };
    let scope = tenant_scope(&headers);
    let tokens =
        sb.with_state(|s| find(&s.records, user_id, scope.as_deref()).map(|i| s.records[i].refresh_tokens.clone()));
    match tokens {
        Some(refresh_tokens) => json(StatusCode::OK, &RefreshTokenResponse { refresh_tokens }),
        None => empty(StatusCode::NOT_FOUND),
    }
}

/// `DELETE /api/jwt/refresh?userId=[&applicationId=]` → 200 empty; 404 empty if unknown.
pub(crate) async fn revoke(
    State(sb): State<FusionAuth>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let Some(user_id) = query.get("userId") else {
        return missing_user_id();
    };
    let application = query.get("applicationId").map(|a| a.to_ascii_lowercase());
    let scope = tenant_scope(&headers);
    let found = sb.with_state(|s| {
        let index = find(&s.records, user_id, scope.as_deref())?;
        let record = &mut s.records[index];
        record.refresh_tokens.retain(|t| application.as_ref().is_some_and(|a| &t.application_id != a));
        sb.traffic().applied(&record.user.id, "sign_out");
        Some(())
    });
    match found {
        Some(()) => empty(StatusCode::OK),
        None => empty(StatusCode::NOT_FOUND),
    }
}

fn missing_user_id() -> Response {
    let message = "The userId parameter is required (the sandbox only manages refresh tokens by user).";
    errors(StatusCode::BAD_REQUEST, Errors::field("[missing]", "userId", message))
}
