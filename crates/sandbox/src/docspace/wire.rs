//! ONLYOFFICE DocSpace API 2.0 wire types, written by hand from the vendor's OpenAPI spec (v3.5.0,
//! `shared/specs/onlyoffice-docspace/openapi.yaml`): the `{"response", "count", "links",
//! "status", "statusCode"}` envelope of every success ([`Envelope`], `EmployeeFullWrapper` and
//! `EmployeeFullArrayWrapper` in the spec), the person (`EmployeeFullDto` with the fields of
//! `EmployeeDto`, [`Employee`]), its dates (`ApiDateTime`), and the error envelope ([`ErrorEnvelope`],
//! whose field names are UNVERIFIED upstream; see `rules`).
//!
//! Field names are camelCase, as DocSpace spells them. A field without a value is omitted rather
//! than sent as `null`: most of the schema's fields are not nullable. This module only describes
//! shapes: it must not hold state or behaviour beyond spelling, and must not import any other
//! workspace crate.

use serde::{Deserialize, Serialize};

/// `EmployeeStatus` 1: can sign in.
pub(crate) const ACTIVE: u8 = 1;
/// `EmployeeStatus` 2: disabled ("terminated"); the only status a person can be deleted in.
pub(crate) const TERMINATED: u8 = 2;
/// `EmployeeStatus` 4: invited, has not joined yet.
pub(crate) const PENDING: u8 = 4;
/// `EmployeeActivationStatus` 1: the person confirmed their email.
pub(crate) const ACTIVATED: u8 = 1;
/// `EmployeeActivationStatus` 2: waiting for the person to confirm their email.
pub(crate) const ACTIVATION_PENDING: u8 = 2;

/// The success envelope around a payload (`response` left out when there is none, as for
/// `logoutall`, whose spec declares no body).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope<T> {
    /// The payload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<T>,
    /// Items in `response`: 1 for one object, the length of a list, 0 without a payload.
    pub count: u64,
    /// Matches in all, for a paged list (`/people/filter`); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// Always empty in the sandbox.
    pub links: Vec<Link>,
    /// 0 for a success.
    pub status: i32,
    /// The HTTP status.
    pub status_code: u16,
}

/// One `links` entry (never sent by the sandbox; the spec's `{"action", "href"}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// What the link does.
    pub action: String,
    /// Where it points.
    pub href: String,
}

/// `EmployeeFullDto`, the subset the sandbox models.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Employee {
    /// A lowercase UUID.
    pub id: String,
    /// Login name (the email's local part for created and generated people).
    pub user_name: String,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// "First Last".
    pub display_name: String,
    /// Sign-in and notification address.
    pub email: String,
    /// `EmployeeStatus`: [`ACTIVE`], [`TERMINATED`] or [`PENDING`].
    pub status: u8,
    /// `EmployeeActivationStatus`: 0 not activated, 1 activated, 2 pending, 4 auto-generated.
    pub activation_status: u8,
    /// A DocSpace admin (the portal owner is one too).
    pub is_admin: bool,
    /// The portal owner: never terminated nor deleted.
    pub is_owner: bool,
    /// Signs in through LDAP.
    #[serde(rename = "isLDAP")]
    pub is_ldap: bool,
    /// Signs in through SSO.
    #[serde(rename = "isSSO")]
    pub is_sso: bool,
    /// A guest.
    pub is_visitor: bool,
    /// A room admin.
    pub is_room_admin: bool,
    /// Always false in the sandbox.
    pub is_collaborator: bool,
    /// Department name, if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// Job title, if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// When the person was terminated: only while terminated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminated: Option<ApiDateTime>,
    /// When the person was added.
    pub registration_date: ApiDateTime,
    /// A server-relative link to the profile page.
    pub profile_url: String,
    /// Always false in the sandbox.
    pub has_avatar: bool,
    /// Always false in the sandbox.
    pub is_anonim: bool,
}

/// `ApiDateTime`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiDateTime {
    /// RFC 3339, e.g. `2026-01-01T00:00:00.000+00:00`.
    pub utc_time: String,
    /// Always `00:00:00` in the sandbox.
    pub time_zone_offset: String,
}

/// The error envelope (field names UNVERIFIED upstream: the spec types no error body).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorEnvelope {
    /// What went wrong.
    pub error: ErrorDetail,
    /// 1 for an error.
    pub status: i32,
    /// The HTTP status.
    pub status_code: u16,
}

/// `error` of the error envelope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// Human-readable text.
    pub message: String,
    /// A .NET exception type name (see `rules`).
    #[serde(rename = "type")]
    pub error_type: String,
    /// Always empty.
    pub stack: String,
}
