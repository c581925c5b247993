//! Acronis Account Management API v2 wire types, written by hand from the vendor's docs: the user
//! account (`User` with its `Contact`, as in the docs' example), the `/search` reply (`{"items"}`
//! mixing tenant and user objects, as in the docs' "Searching for a user account" example), the
//! `errorScheme` error body and the `/idp/token` replies.
//!
//! Field names are snake_case, as Acronis spells them; every field is always present (`null` or
//! `""` rather than omitted). This module only describes shapes: it must not hold state or
//! behaviour beyond spelling, and must not import any other workspace crate.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A user account (the fields of the docs' example).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// A lowercase UUID.
    pub id: String,
    /// Revision number; every change increments it (`PUT` and `DELETE` must send the current one).
    pub version: u64,
    /// The tenant the account was created in.
    pub tenant_id: String,
    /// Login name.
    pub login: String,
    /// Contact details.
    pub contact: Contact,
    /// Whether the person activated the account (an invited one has not yet).
    pub activated: bool,
    /// Whether the account may sign in.
    pub enabled: bool,
    /// Whether the person accepted the legal terms.
    pub terms_accepted: bool,
    /// ISO 8601 with microseconds and `+00:00`.
    pub created_at: String,
    /// A language code.
    pub language: String,
    /// The identity provider's UUID.
    pub idp_id: String,
    /// Always `null` in the sandbox.
    pub personal_tenant_id: Option<String>,
    /// Notification subscriptions.
    pub notifications: Vec<String>,
    /// `disabled`, `enabled` or `setup_required`.
    pub mfa_status: String,
    /// Always empty in the sandbox.
    pub business_types: Vec<String>,
}

/// A user account's `contact` (the fields of the docs' example).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// Activation and notification address.
    pub email: String,
    /// Given name.
    pub firstname: String,
    /// Family name.
    pub lastname: String,
    /// Phone number (`""` unless somebody else's edit set one).
    pub phone: String,
    /// Address line 1.
    pub address1: String,
    /// Address line 2.
    pub address2: String,
    /// City.
    pub city: String,
    /// Country.
    pub country: String,
    /// State.
    pub state: String,
    /// Zip code.
    pub zipcode: String,
}

/// `GET /search`'s reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResponse {
    /// Tenants, then user accounts.
    pub items: Vec<SearchItem>,
}

/// One search result, tagged by `obj_type`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "obj_type", rename_all = "lowercase")]
pub enum SearchItem {
    /// `"obj_type": "tenant"`.
    Tenant(TenantItem),
    /// `"obj_type": "user"`.
    User(UserItem),
}

/// A tenant as a search result (the docs' example also shows its contact's names).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantItem {
    /// The tenant's UUID.
    pub id: String,
    /// Its name.
    pub name: String,
    /// `partner` or `customer`.
    pub kind: String,
    /// The tenant above it.
    pub parent_id: String,
    /// Tenant names from the top down to and including this one.
    pub path: Vec<String>,
    /// The tenant contact's first name (`""` in the sandbox).
    pub first_name: String,
    /// The tenant contact's last name (`""` in the sandbox).
    pub last_name: String,
}

/// A user account as a search result. The docs say the email is searched but not displayed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserItem {
    /// The account's UUID.
    pub id: String,
    /// Login name.
    pub login: String,
    /// `contact.firstname`.
    pub first_name: String,
    /// `contact.lastname`.
    pub last_name: String,
    /// The account's tenant.
    pub parent_id: String,
    /// Tenant names from the top down to and including the account's tenant.
    pub path: Vec<String>,
}

/// `errorScheme`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorScheme {
    /// The error.
    pub error: ErrorDetail,
}

/// `errorScheme.error`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// A word such as `NotFound` (see `rules`).
    pub code: String,
    /// `AccountServer`.
    pub domain: String,
    /// Human-readable text.
    pub message: String,
    /// `{"info": null}`.
    pub details: ErrorInfo,
    /// Always `{}`.
    pub context: Map<String, Value>,
    /// Always `[]`.
    pub data: Vec<Value>,
}

/// `errorScheme.error.details`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorInfo {
    /// Always `null` in the sandbox.
    pub info: Option<String>,
}

/// `POST /idp/token`'s success reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenResponse {
    /// Opaque random token.
    pub access_token: String,
    /// `bearer`.
    pub token_type: String,
    /// Seconds the token lives.
    pub expires_in: u64,
    /// When it stops working, in Unix seconds.
    pub expires_on: u64,
}

/// `POST /idp/token`'s error reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuthError {
    /// `invalid_client`, `unsupported_grant_type`, `invalid_request`, `server_error`.
    pub error: String,
    /// What went wrong.
    pub error_description: String,
}
