//! The config file as written: the TOML sections, before any checking (`Config::parse` checks
//! them). Unknown fields are refused; spans are kept for line numbers in messages.

use std::path::PathBuf;

use serde::Deserialize;
use toml::Spanned;

use crate::operators::OperatorSettings;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileConfig {
    #[serde(default)]
    pub(super) server: ServerSection,
    #[serde(default, rename = "connection")]
    pub(super) connections: Vec<ConnectionSection>,
    pub(super) audit: Option<AuditSettings>,
    pub(super) state: Option<StateSettings>,
    pub(super) operators: Option<OperatorSettings>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct ServerSection {
    #[serde(default)]
    pub(super) allowed_origins: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) allowed_hosts: Vec<Spanned<String>>,
    pub(super) secure_cookies: Option<bool>,
    pub(super) requests_per_minute: Option<Spanned<u32>>,
    pub(super) bulk_requests_per_minute: Option<Spanned<u32>>,
    pub(super) answer_changes_within_secs: Option<Spanned<u32>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ConnectionSection {
    pub(super) id: Spanned<String>,
    pub(super) label: String,
    pub(super) kind: Spanned<String>,
    pub(super) base_url: Spanned<String>,
    /// The provider's non-secret settings, checked by its adapter.
    #[serde(default)]
    pub(super) settings: Option<Spanned<std::collections::BTreeMap<String, Spanned<toml::Value>>>>,
    /// Where `tenant_id` used to be: refused with a message saying where it went.
    pub(super) tenant_id: Option<Spanned<toml::Value>>,
    #[serde(default)]
    pub(super) allow_private_addresses: bool,
    pub(super) max_concurrent_requests: Option<Spanned<u32>>,
    pub(super) credential: Spanned<CredentialSection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CredentialSection {
    pub(super) mode: Spanned<String>,
    pub(super) api_key_env: Option<String>,
    pub(super) api_key_file: Option<PathBuf>,
    pub(super) token_url: Option<String>,
    pub(super) client_id: Option<String>,
    pub(super) client_secret_env: Option<String>,
    pub(super) client_secret_file: Option<PathBuf>,
    #[serde(default)]
    pub(super) scopes: Vec<String>,
    pub(super) audience: Option<String>,
    pub(super) client_auth: Option<String>,
    /// `private_key_jwt`: the PEM file of the RSA key that signs client assertions, and its key id.
    pub(super) private_key_file: Option<PathBuf>,
    pub(super) key_id: Option<String>,
}

/// Where the audit log goes and when it rotates.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditSettings {
    pub path: PathBuf,
    #[serde(default = "default_audit_max_bytes")]
    pub max_bytes: u64,
    #[serde(default = "default_audit_keep")]
    pub keep: u32,
}

fn default_audit_max_bytes() -> u64 {
    10 * 1024 * 1024
}

fn default_audit_keep() -> u32 {
    5
}

impl AuditSettings {
    /// `path` with the default rotation (10 MiB, 5 files kept).
    pub fn at(path: PathBuf) -> AuditSettings {
        AuditSettings { path, max_bytes: default_audit_max_bytes(), keep: default_audit_keep() }
    }
}

/// Where the proxy keeps what must outlive a restart: the idempotency records of changes.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateSettings {
    /// The SQLite file (made with its folder if missing); relative to the config file's folder.
    pub path: PathBuf,
}
