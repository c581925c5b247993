//! FusionAuth wire types, written by hand from the vendor's OpenAPI 1.69.0 spec
//! (`tests/contract/specs/fusionauth-openapi.yaml`): `User`, `UserRegistration`, `UserResponse`,
//! `SearchRequest`/`UserSearchCriteria`, `SearchResponse`, `RefreshToken`, `Errors`.
//!
//! Field names are camelCase and absent optional fields are omitted (never `null`), as FusionAuth
//! does. Instants are epoch milliseconds. This module only describes shapes: it must not hold
//! state or behaviour, and must not import any other workspace crate.
//!
//! Two places where the spec, which Prism enforces in the contract test, wins over the real server:
//! - `fieldErrors` is an array of `Error` (the spec's type), not FusionAuth's `{field: [Error]}` map;
//!   the field name is carried in the code, e.g. `[tooLarge]search.numberOfResults`.
//! - `timezone` is never emitted by the seeds: the spec's `ZoneId` pattern `^w+/w+$` rejects real
//!   zone ids such as `Pacific/Honolulu` (see `seed::EMIT_TIMEZONES`).

use serde::{Deserialize, Serialize};

/// The spec's `User` (the subset the sandbox models).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// UUID, lowercase.
    pub id: String,
    /// `false` once deactivated (soft-deleted).
    pub active: bool,
    /// `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    /// Primary email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    /// Creation instant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insert_instant: Option<i64>,
    /// Last successful login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_login_instant: Option<i64>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Last change to the user object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_update_instant: Option<i64>,
    /// Phone number as entered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile_phone: Option<String>,
    /// Whether the next login must change the password.
    pub password_change_required: bool,
    /// Last password change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_last_update_instant: Option<i64>,
    /// Locales such as `en`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preferred_languages: Vec<String>,
    /// One entry per application the user is registered to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub registrations: Vec<UserRegistration>,
    /// Tenant UUID.
    pub tenant_id: String,
    /// IANA zone id (see the module doc for why seeds leave it out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Login name, if the user has one besides the email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// `ContentStatus`: always `ACTIVE` in the sandbox.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username_status: Option<String>,
    /// Whether the email is verified.
    pub verified: bool,
}

/// The spec's `UserRegistration`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserRegistration {
    /// Registration UUID.
    pub id: String,
    /// Application UUID.
    pub application_id: String,
    /// Creation instant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insert_instant: Option<i64>,
    /// Last login to this application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_login_instant: Option<i64>,
    /// Application roles, unique.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// IANA zone id (not emitted by the seeds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Per-application username.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// `ContentStatus`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username_status: Option<String>,
    /// Whether the registration is verified.
    pub verified: bool,
}

/// The spec's `UserResponse`: `{"user": User}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UserResponse {
    /// The user.
    pub user: User,
}

/// The spec's `SearchRequest` (only `search` is read).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SearchRequest {
    /// Criteria; required by the sandbox.
    pub search: Option<UserSearchCriteria>,
}

/// The spec's `UserSearchCriteria` plus the `BaseSearchCriteria` paging fields FusionAuth accepts.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserSearchCriteria {
    /// Elasticsearch query-string (simplified, see `search`).
    pub query_string: Option<String>,
    /// Raw Elasticsearch JSON query: not supported by the sandbox.
    pub query: Option<String>,
    /// Exact user ids to return.
    pub ids: Option<Vec<String>>,
    /// First row, default 0.
    pub start_row: Option<i64>,
    /// Page size, default 25, at most 500.
    pub number_of_results: Option<i64>,
    /// Sort order, default email ascending.
    pub sort_fields: Option<Vec<SortField>>,
}

/// The spec's `SortField`.
#[derive(Debug, Clone, Deserialize)]
pub struct SortField {
    /// Field name, e.g. `email`, `fullName`, `lastName`.
    pub name: String,
    /// `asc` (default) or `desc`.
    pub order: Option<String>,
}

/// The spec's `SearchResponse`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SearchResponse {
    /// Number of matches over all pages.
    pub total: u64,
    /// The requested page.
    pub users: Vec<User>,
}

/// The spec's `RefreshToken` (minimal; the token value itself is never returned).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefreshToken {
    /// Token UUID.
    pub id: String,
    /// Application the token was issued for.
    pub application_id: String,
    /// Issue instant.
    pub insert_instant: i64,
    /// Start of the token's session.
    pub start_instant: i64,
    /// Tenant UUID.
    pub tenant_id: String,
    /// Owner.
    pub user_id: String,
}

/// The spec's `RefreshTokenResponse` (list form).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefreshTokenResponse {
    /// The user's live refresh tokens.
    pub refresh_tokens: Vec<RefreshToken>,
}

/// The spec's `UserDeleteSingleRequest`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserDeleteSingleRequest {
    /// `true` removes the user permanently.
    pub hard_delete: Option<bool>,
}

/// The spec's `Error`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Error {
    /// FusionAuth-style code, e.g. `[invalidJSON]` or `[tooLarge]search.numberOfResults`.
    pub code: String,
    /// Human-readable explanation.
    pub message: String,
}

/// The spec's `Errors` body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Errors {
    /// Errors about one request field (the code names the field).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub field_errors: Vec<Error>,
    /// Errors about the request as a whole.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub general_errors: Vec<Error>,
}

impl Errors {
    /// One general error.
    pub fn general(code: &str, message: impl Into<String>) -> Errors {
        Errors { general_errors: vec![Error { code: code.to_string(), message: message.into() }], ..Errors::default() }
    }

    /// One field error; `code` is e.g. `[tooLarge]` and is prefixed to `field`.
    pub fn field(code: &str, field: &str, message: impl Into<String>) -> Errors {
        Errors {
            field_errors: vec![Error { code: format!("{code}{field}"), message: message.into() }],
            ..Errors::default()
        }
    }
}
