//! SCIM 2.0 wire types, written by hand from RFC 7643 (core schema) and RFC 7644 (protocol): the
//! User resource (§4.1) with the enterprise extension (§4.3) and `meta` (§3.1), the ListResponse
//! (RFC 7644 §3.4.2), the Error message (RFC 7644 §3.12) and the ServiceProviderConfig (RFC 7643
//! §5), plus the schema URNs.
//!
//! Attribute names are camelCase, as the RFCs spell them. A value that is absent is omitted, never
//! sent as `null`. This module only describes shapes: it must not hold state or behaviour beyond
//! spelling, and must not import any other workspace crate.

use serde::{Deserialize, Serialize};

/// The core User schema (RFC 7643 §8.7.1).
pub(crate) const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
/// The enterprise User extension (RFC 7643 §4.3).
pub(crate) const ENTERPRISE_SCHEMA: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/// A list reply (RFC 7644 §3.4.2).
pub(crate) const LIST_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
/// An error reply (RFC 7644 §3.12).
pub(crate) const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
/// A PATCH request (RFC 7644 §3.5.2).
pub(crate) const PATCH_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
/// The service provider's configuration (RFC 7643 §5).
pub(crate) const CONFIG_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
/// The media type of every body (RFC 7644 §3.1).
pub(crate) const MEDIA_TYPE: &str = "application/scim+json";

/// A User resource (RFC 7643 §4.1), the attributes the sandbox models.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// [`USER_SCHEMA`], plus [`ENTERPRISE_SCHEMA`] when the extension is present.
    pub schemas: Vec<String>,
    /// The service provider's id (case-exact).
    pub id: String,
    /// The provisioning client's id (case-exact), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Unique sign-in name (not case-exact).
    pub user_name: String,
    /// The person's name, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Name>,
    /// The name to show, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Addresses (the sandbox gives everyone one, work and primary).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<Email>,
    /// False: the person may not sign in.
    pub active: bool,
    /// Job title, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The enterprise extension, if the person has any of its attributes.
    #[serde(
        rename = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub enterprise: Option<Enterprise>,
    /// Resource metadata (filled in when the resource is sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

/// `name` (RFC 7643 §4.1.1), the sub-attributes the sandbox models.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Name {
    /// The full name as displayed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formatted: Option<String>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// Given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
}

/// One `emails` value (RFC 7643 §4.1.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email {
    /// The address.
    pub value: String,
    /// `work` in the sandbox.
    #[serde(rename = "type")]
    pub kind: String,
    /// The preferred address.
    pub primary: bool,
}

/// The enterprise User extension (RFC 7643 §4.3), the attributes the sandbox models.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Enterprise {
    /// The organization's number for the person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employee_number: Option<String>,
    /// Department name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// The person's manager.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager: Option<Manager>,
}

/// `manager` of the enterprise extension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manager {
    /// The manager's `id`.
    pub value: String,
    /// The manager's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
}

/// `meta` (RFC 7643 §3.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Meta {
    /// `User` or `ServiceProviderConfig`.
    pub resource_type: String,
    /// When the resource was added (xsd:dateTime, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// When it last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// The resource's URI (path-only in the sandbox: `<mount>/v2/Users/<id>`).
    pub location: String,
    /// The weak entity tag `W/"<n>"`, equal to the `ETag` header; absent with `no_etags`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// A page of query results (RFC 7644 §3.4.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListResponse {
    /// [`LIST_SCHEMA`].
    pub schemas: Vec<String>,
    /// Matches in all.
    pub total_results: u64,
    /// The 1-based index of the first result on this page.
    pub start_index: u64,
    /// Results on this page.
    pub items_per_page: u64,
    /// This page's resources.
    #[serde(rename = "Resources")]
    pub resources: Vec<User>,
}

/// An error reply (RFC 7644 §3.12).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    /// [`ERROR_SCHEMA`].
    pub schemas: Vec<String>,
    /// The HTTP status, as a STRING (e.g. `"412"`).
    pub status: String,
    /// The detail error keyword, when one applies (e.g. `invalidFilter`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scim_type: Option<String>,
    /// Human-readable words.
    pub detail: String,
}

/// `{"supported": bool}` of a ServiceProviderConfig feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supported {
    /// Whether the feature is offered.
    pub supported: bool,
}

/// `bulk` of the ServiceProviderConfig.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Bulk {
    /// Always false in the sandbox.
    pub supported: bool,
    /// Most operations per bulk request (0: none).
    pub max_operations: u64,
    /// Largest bulk payload in bytes (0: none).
    pub max_payload_size: u64,
}

/// `filter` of the ServiceProviderConfig.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FilterSupport {
    /// True in the sandbox.
    pub supported: bool,
    /// Most resources one page returns.
    pub max_results: u64,
}

/// One `authenticationSchemes` value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthScheme {
    /// `oauthbearertoken`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Its common name.
    pub name: String,
    /// What it is.
    pub description: String,
    /// Its specification.
    pub spec_uri: String,
    /// The preferred scheme.
    pub primary: bool,
}

/// The ServiceProviderConfig resource (RFC 7643 §5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceProviderConfig {
    /// [`CONFIG_SCHEMA`].
    pub schemas: Vec<String>,
    /// PATCH.
    pub patch: Supported,
    /// Bulk operations.
    pub bulk: Bulk,
    /// Filtering.
    pub filter: FilterSupport,
    /// Changing passwords.
    pub change_password: Supported,
    /// Sorting.
    pub sort: Supported,
    /// Entity tags.
    pub etag: Supported,
    /// How clients authenticate.
    pub authentication_schemes: Vec<AuthScheme>,
    /// `resourceType` and `location` only.
    pub meta: Meta,
}
