//! Genesys Cloud Platform API v2 wire types, written by hand from the contract lockdesk uses (the
//! vendor's `User`, `Division`, `UserSearchRequest`, `UserSearchCriteria`, `UsersSearchResponse`
//! and `ErrorBody`) and the login host's client-credentials token reply.
//!
//! Field names are camelCase. Optional user fields (`department`, `title`, `manager`,
//! `dateLastLogin`) are omitted when absent, as Genesys does; `messageWithParams` and
//! `messageParams` of an error only appear where they add something.
//!
//! This module only describes shapes: it must not hold state or behaviour beyond spelling, and
//! must not import any other workspace crate.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The `User` (the subset the sandbox models).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// A lowercase UUID.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The division the person belongs to.
    pub division: DivisionRef,
    /// Primary email.
    pub email: String,
    /// `active`, `inactive` or `deleted` (a hostile seed carries another word).
    pub state: UserState,
    /// Optimistic-concurrency version; every change increments it.
    pub version: u64,
    /// Login name (the email, for every seeded person).
    pub username: String,
    /// Department, if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// Job title, if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The person's manager, if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager: Option<UserRef>,
    /// Last sign-in, ISO-8601 with milliseconds, if the person ever signed in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_last_login: Option<String>,
    /// Contact addresses; the sandbox holds the primary email only.
    pub primary_contact_info: Vec<Contact>,
    /// Postal and phone addresses; always empty in the sandbox.
    pub addresses: Vec<Value>,
    // No `selfUri`: Genesys sends a path (`/api/v2/users/{id}`), which the 2018 swagger's
    // `format: uri` refuses; it is optional, so the sandbox leaves it out.
}

/// `User.state`, plus the hostile `suspended` that is not a Genesys word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UserState {
    /// Can sign in.
    Active,
    /// Cannot sign in; still listed.
    Inactive,
    /// Soft-deleted: found only with `?state=deleted` (and by PATCH, to restore).
    Deleted,
    /// Not a Genesys state: only the hostile seed has it, and nothing can set it.
    Suspended,
}

impl UserState {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            UserState::Active => "active",
            UserState::Inactive => "inactive",
            UserState::Deleted => "deleted",
            UserState::Suspended => "suspended",
        }
    }
}

/// A division as embedded in a user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DivisionRef {
    /// A fixed UUID.
    pub id: String,
    /// `Home`, `Sales`, …
    pub name: String,
    /// `/api/v2/authorization/divisions/{id}`.
    pub self_uri: String,
}

/// A reference to another user (`manager`, typed `User` by the swagger, which requires `version`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserRef {
    /// The other user's id.
    pub id: String,
    /// Their name.
    pub name: String,
    /// Their version when the reference was made.
    pub version: u64,
}

/// One `primaryContactInfo` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    /// The address (an email).
    pub address: String,
    /// `EMAIL`.
    pub media_type: String,
    /// `PRIMARY`.
    #[serde(rename = "type")]
    pub contact_type: String,
}

/// `POST /api/v2/users/search` body (also what a `q64` page token encodes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserSearchRequest {
    /// 1..=100, default 25.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i64>,
    /// From 1, default 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_number: Option<i64>,
    /// The criteria, AND'ed; at least one.
    #[serde(default)]
    pub query: Vec<UserSearchCriteria>,
    /// `ASC`, `DESC` or `SCORE`; accepted and ignored (results are by name, then id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_order: Option<String>,
    /// A field name; accepted and ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_by: Option<String>,
}

/// One search criterion: any of `fields` matching `value` or any of `values`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserSearchCriteria {
    /// `EXACT`, `CONTAINS` or `STARTS_WITH`.
    #[serde(rename = "type")]
    pub criteria_type: String,
    /// Field names, OR'ed.
    #[serde(default)]
    pub fields: Vec<String>,
    /// The value to match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Values to match, any of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
}

/// `UsersSearchResponse`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UsersSearchResponse {
    /// Matches in all.
    pub total: u64,
    /// Pages of `pageSize` in all.
    pub page_count: u64,
    /// The page size asked for.
    pub page_size: u64,
    /// This page's number.
    pub page_number: u64,
    /// `q64` of this page's request.
    pub current_page: String,
    /// `q64` of the next page's request, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_page: Option<String>,
    /// `q64` of the previous page's request, when `pageNumber > 1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_page: Option<String>,
    /// `["users"]`.
    pub types: Vec<String>,
    /// This page's users.
    pub results: Vec<User>,
}

/// `ErrorBody`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    /// Human-readable text.
    pub message: String,
    /// Dotted code, e.g. `not.found`.
    pub code: String,
    /// The HTTP status.
    pub status: u16,
    /// `message` with `{name}` placeholders for `messageParams`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_with_params: Option<String>,
    /// The placeholders' values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_params: Option<Map<String, Value>>,
    /// A fresh UUID per error.
    pub context_id: String,
    /// Always empty.
    pub details: Vec<Value>,
    /// Always empty.
    pub errors: Vec<Value>,
}

/// The token endpoint's success reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenResponse {
    /// Opaque random token.
    pub access_token: String,
    /// `bearer`.
    pub token_type: String,
    /// Seconds the token lives.
    pub expires_in: u64,
}

/// The token endpoint's error reply (Genesys sends the text under both names).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuthError {
    /// `invalid_client`, `unsupported_grant_type`, `invalid_request`.
    pub error: String,
    /// What went wrong.
    pub description: String,
    /// The same text, under the OAuth name.
    pub error_description: String,
}
