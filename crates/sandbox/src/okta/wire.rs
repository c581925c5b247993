//! Okta wire types, written by hand from the vendor's Management API spec
//! (`shared/specs/okta/management-minimal.yaml`: `User`, `UserStatus`, `UserProfile`,
//! `UserCredentials`, `UserActivationToken`, `UserFactor`, `Error`) and OAuth spec
//! (`oauth-minimal.yaml`: `TokenResponse`, `OAuthError`).
//!
//! Field names are camelCase (`recovery_question` and `_links` as Okta spells them). The nullable
//! timestamps (`activated`, `statusChanged`, `lastLogin`, `passwordChanged`) are emitted as `null`
//! when unset, as in the spec's `ListUsersSearchResponse`; `transitioningToStatus` is only present
//! while a change is in flight. Timestamps are ISO-8601 strings with milliseconds, except that
//! `lastLogin` is a raw JSON value so a hostile seed can carry a number there.
//!
//! This module only describes shapes: it must not hold state or behaviour, and must not import any
//! other workspace crate.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The spec's `User` (the subset the sandbox models).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// 20 characters starting `00u`.
    pub id: String,
    /// Current status.
    pub status: UserStatus,
    /// Creation time.
    pub created: String,
    /// When the user last became ACTIVE.
    pub activated: Option<String>,
    /// When `status` last changed.
    pub status_changed: Option<String>,
    /// Last sign-in; a raw value (see the module doc).
    pub last_login: Option<Value>,
    /// Last change to the user object.
    pub last_updated: String,
    /// Last password change.
    pub password_changed: Option<String>,
    /// Target of an in-flight asynchronous change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transitioning_to_status: Option<TransitioningToStatus>,
    /// The user type.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub user_type: Option<UserTypeRef>,
    /// Profile attributes.
    pub profile: UserProfile,
    /// Credentials (a password shows as `{}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<UserCredentials>,
    /// HAL links; the sandbox only emits `self`.
    #[serde(default, rename = "_links", skip_serializing_if = "Option::is_none")]
    pub links: Option<Links>,
}

/// The spec's `UserStatus`, plus the transitional `ACTIVATING` the spec's note mentions (not
/// settable; only a hostile seed has it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum UserStatus {
    /// Signed up and able to sign in.
    Active,
    /// Deactivated.
    Deprovisioned,
    /// Too many failed sign-ins.
    LockedOut,
    /// Must change the password at the next sign-in.
    PasswordExpired,
    /// Activated but has not completed the activation flow.
    Provisioned,
    /// Password reset in progress.
    Recovery,
    /// Created, never activated.
    Staged,
    /// Suspended by an admin.
    Suspended,
    /// Transitional, not settable through the API.
    Activating,
}

impl UserStatus {
    /// Every settable status, in the spec's order.
    pub const SETTABLE: [UserStatus; 8] = [
        UserStatus::Active,
        UserStatus::Deprovisioned,
        UserStatus::LockedOut,
        UserStatus::PasswordExpired,
        UserStatus::Provisioned,
        UserStatus::Recovery,
        UserStatus::Staged,
        UserStatus::Suspended,
    ];

    /// The wire spelling, e.g. `LOCKED_OUT`.
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Active => "ACTIVE",
            UserStatus::Deprovisioned => "DEPROVISIONED",
            UserStatus::LockedOut => "LOCKED_OUT",
            UserStatus::PasswordExpired => "PASSWORD_EXPIRED",
            UserStatus::Provisioned => "PROVISIONED",
            UserStatus::Recovery => "RECOVERY",
            UserStatus::Staged => "STAGED",
            UserStatus::Suspended => "SUSPENDED",
            UserStatus::Activating => "ACTIVATING",
        }
    }
}

/// The spec's `User.transitioningToStatus` enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TransitioningToStatus {
    /// Activation with a password.
    Active,
    /// Deactivation.
    Deprovisioned,
    /// Activation without a password.
    Provisioned,
}

impl TransitioningToStatus {
    /// The status the user has once the change completes.
    pub fn status(self) -> UserStatus {
        match self {
            TransitioningToStatus::Active => UserStatus::Active,
            TransitioningToStatus::Deprovisioned => UserStatus::Deprovisioned,
            TransitioningToStatus::Provisioned => UserStatus::Provisioned,
        }
    }
}

/// `User.type`: `{"id": "oty…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserTypeRef {
    /// User type id.
    pub id: String,
}

/// The spec's `UserProfile`: the default attributes the sandbox searches on, plus any others
/// (`additionalProperties: true`), kept in key order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserProfile {
    /// Unique sign-in name (an email address in every seed).
    pub login: String,
    /// Given name (nullable in the spec).
    pub first_name: Option<String>,
    /// Family name (nullable in the spec).
    pub last_name: Option<String>,
    /// Primary email.
    pub email: String,
    /// Every other attribute, e.g. `department`, `mobilePhone`.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The spec's `UserCredentials`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserCredentials {
    /// `{}` when the user has a password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<PasswordCredential>,
    /// Recovery question (the answer is never returned).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_question: Option<RecoveryQuestion>,
    /// Authentication provider.
    pub provider: AuthenticationProvider,
}

/// The spec's `PasswordCredential` as returned: an empty object.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordCredential {}

/// The spec's `RecoveryQuestionCredential` as returned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryQuestion {
    /// The question.
    pub question: String,
}

/// The spec's `AuthenticationProvider`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthenticationProvider {
    /// `OKTA` in the sandbox.
    #[serde(rename = "type")]
    pub provider_type: String,
    /// `OKTA` in the sandbox.
    pub name: String,
}

impl AuthenticationProvider {
    /// Okta-mastered.
    pub fn okta() -> AuthenticationProvider {
        AuthenticationProvider { provider_type: "OKTA".into(), name: "OKTA".into() }
    }
}

/// `_links` with only `self`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Links {
    /// The user's own URL.
    #[serde(rename = "self")]
    pub self_link: Href,
}

/// The spec's `HrefObject` (only `href`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Href {
    /// Absolute URL.
    pub href: String,
}

/// The spec's `UserActivationToken`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserActivationToken {
    /// One-time token.
    pub activation_token: String,
    /// `{origin}/tokens/{activationToken}/verify` (Identity Engine form).
    pub activation_url: String,
}

/// The spec's `UserFactor` (the subset the sandbox models).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserFactor {
    /// Factor id.
    pub id: String,
    /// e.g. `token:software:totp`, `sms`.
    pub factor_type: String,
    /// e.g. `GOOGLE`, `OKTA`.
    pub provider: String,
    /// `ACTIVE` for enrolled factors.
    pub status: String,
    /// Enrolment time.
    pub created: String,
    /// Last change.
    pub last_updated: String,
}

/// The spec's `Error`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Error {
    /// e.g. `E0000007`.
    pub error_code: String,
    /// Human-readable summary.
    pub error_summary: String,
    /// Same as the code, as Okta sends.
    pub error_link: String,
    /// Random per reply.
    pub error_id: String,
    /// Details, often empty.
    pub error_causes: Vec<ErrorCause>,
}

/// The spec's `ErrorCause`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorCause {
    /// Human-readable detail.
    pub error_summary: String,
}

/// The OAuth spec's `TokenResponse` for client credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenResponse {
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds; the org authorization server's fixed 3600.
    pub expires_in: u64,
    /// Opaque random token.
    pub access_token: String,
    /// Granted scopes, space-separated.
    pub scope: String,
}

/// The OAuth spec's `OAuthError`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuthError {
    /// RFC 6749 code, e.g. `invalid_client`.
    pub error: String,
    /// Human-readable detail.
    pub error_description: String,
}
