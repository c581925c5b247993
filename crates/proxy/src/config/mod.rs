//! The proxy's configuration: a TOML file of connections, checked completely at start.
//!
//! Every mistake is reported with the file, the line and the field, and stops the proxy before it
//! listens. Secrets are read from the environment or a file named in the config, never from the
//! TOML itself, and are held as `SecretString` so they cannot reach logs or `Debug` output.

use std::path::Path;

use idp::{ProviderKind, Settings};
use secrecy::SecretString;

use crate::forward::address::AddressPolicy;
use crate::forward::token::TokenCache;
use crate::forward::upstream::BaseUrl;
use crate::operators::OperatorSettings;
use sections::FileConfig;
pub use sections::{AuditSettings, StateSettings};

/// A configuration problem, already phrased for the person who has to fix it.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

/// How the provider credential reaches the provider.
pub enum Credential {
    /// The proxy holds the API key and adds it; the browser never sees it.
    Vault(SecretString),
    /// The proxy holds an OAuth client id and secret and adds a client-credentials access token.
    OAuth(std::sync::Arc<TokenCache>),
    /// Each operator types their own key in the panel; the proxy passes it to this connection only.
    Operator,
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.mode_name())
    }
}

impl Credential {
    /// `vault` or `operator`, as in the config file and `/api/connections`.
    pub fn mode_name(&self) -> &'static str {
        match self {
            Credential::Vault(_) | Credential::OAuth(_) => "vault",
            Credential::Operator => "operator",
        }
    }
}

/// One provider connection.
#[derive(Debug)]
pub struct Connection {
    pub id: String,
    pub label: String,
    pub kind: ProviderKind,
    pub base_url: BaseUrl,
    pub settings: Settings,
    pub credential: Credential,
    /// Which non-public addresses the provider may resolve to.
    pub address_policy: AddressPolicy,
    /// At most this many calls to this provider run at once; more wait, then get 429.
    pub max_concurrent_requests: u32,
}

/// Default for `max_concurrent_requests`.
pub const DEFAULT_MAX_CONCURRENT: u32 = 8;
/// Default for `[server] requests_per_minute` (per operator).
pub const DEFAULT_REQUESTS_PER_MINUTE: u32 = 600;
/// Default for `[server] bulk_requests_per_minute` (per operator, requests of a bulk run).
pub const DEFAULT_BULK_REQUESTS_PER_MINUTE: u32 = 6000;
/// Default and most for `[server] answer_changes_within_secs`: well inside the 60 s a front proxy
/// such as nginx waits by default.
pub const MAX_ANSWER_CHANGES_WITHIN_SECS: u32 = 40;

/// The whole configuration.
#[derive(Debug)]
pub struct Config {
    /// Exact origins (scheme://host[:port]) of panels hosted elsewhere that may call this proxy.
    pub allowed_origins: Vec<String>,
    /// Host names (besides IP addresses and localhost) this proxy answers to.
    pub allowed_hosts: Vec<String>,
    /// Mark the session cookie Secure; unset: Secure unless the browser connected over loopback.
    /// Set `true` behind a TLS-terminating front proxy on the same machine.
    pub secure_cookies: Option<bool>,
    /// Provider calls one operator (or, without operators, one client address) may make per minute.
    pub requests_per_minute: u32,
    /// The same for the requests of a bulk run (`X-Lockdesk-Run`), which do not count against
    /// `requests_per_minute`: a ceiling against a runaway script, not the run's pacer.
    pub bulk_requests_per_minute: u32,
    /// A change's browser request is answered within this many seconds; a change still running
    /// then is answered "outcome unknown" and followed to its end.
    pub answer_changes_within_secs: u32,
    pub connections: Vec<Connection>,
    /// The audit log; `None` records nothing (tests only: `main` always sets one).
    pub audit: Option<AuditSettings>,
    /// The idempotency records of changes; `None` keeps none, and a change sent with an
    /// `Idempotency-Key` is then refused (tests only: `main` always sets one).
    pub state: Option<StateSettings>,
    /// Operator accounts and roles; `None` lets anyone who reaches the proxy act (loopback demos).
    pub operators: Option<OperatorSettings>,
}

impl Default for Config {
    /// No connections, no operators, no audit log, no state file, default limits.
    fn default() -> Config {
        Config {
            allowed_origins: Vec::new(),
            allowed_hosts: Vec::new(),
            secure_cookies: None,
            requests_per_minute: DEFAULT_REQUESTS_PER_MINUTE,
            bulk_requests_per_minute: DEFAULT_BULK_REQUESTS_PER_MINUTE,
            answer_changes_within_secs: MAX_ANSWER_CHANGES_WITHIN_SECS,
            connections: Vec::new(),
            audit: None,
            state: None,
            operators: None,
        }
    }
}

impl Config {
    /// Reads and checks `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError(format!("{}: cannot read the config file: {e}", path.display())))?;
        Config::parse(&text, path)
    }

    /// Checks config text; `path` is used in messages and to resolve relative secret files.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let file: FileConfig = toml::from_str(text).map_err(|e| {
            let at = e.span().map(|s| format!(":{}", line_of(text, s.start))).unwrap_or_default();
            ConfigError(format!("{}{at}: {}", path.display(), e.message()))
        })?;
        let here = |span: std::ops::Range<usize>| format!("{}:{}", path.display(), line_of(text, span.start));
        let mut allowed_origins = Vec::new();
        for origin in file.server.allowed_origins {
            let value = origin.get_ref();
            BaseUrl::parse_origin(value)
                .map_err(|why| ConfigError(format!("{}: field `allowed_origins`: {why}", here(origin.span()))))?;
            allowed_origins.push(value.trim_end_matches('/').to_owned());
        }
        let mut allowed_hosts = Vec::new();
        for host in file.server.allowed_hosts {
            let name = host.get_ref().trim().to_ascii_lowercase();
            let valid = !name.is_empty()
                && name.len() <= 253
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
            if !valid {
                return Err(ConfigError(format!(
                    "{}: field `allowed_hosts`: \"{}\" must be a bare host name such as lockdesk.example.com (no scheme or port)",
                    here(host.span()),
                    host.get_ref()
                )));
            }
            allowed_hosts.push(name);
        }
        let mut connections: Vec<Connection> = Vec::new();
        for c in file.connections {
            let at = here(c.id.span());
            let id = c.id.get_ref().clone();
            if id.is_empty()
                || id.len() > 40
                || !id.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
            {
                return Err(ConfigError(format!(
                    "{at}: field `id`: \"{id}\" must be 1-40 characters of a-z, 0-9 and '-'"
                )));
            }
            if connections.iter().any(|other| other.id == id) {
                return Err(ConfigError(format!("{at}: field `id`: \"{id}\" is used by two connections")));
            }
            let kind = ProviderKind::from_config_name(c.kind.get_ref()).ok_or_else(|| {
                let known: Vec<&str> = ProviderKind::all().map(|k| k.config_name()).collect();
                ConfigError(format!(
                    "{}: field `kind`: unknown provider \"{}\"; known kinds: {}",
                    here(c.kind.span()),
                    c.kind.get_ref(),
                    known.join(", ")
                ))
            })?;
            let base_url = BaseUrl::parse(c.base_url.get_ref())
                .map_err(|why| ConfigError(format!("{}: field `base_url`: {why}", here(c.base_url.span()))))?;
            if let Some(why) = base_url.literal_refusal(c.allow_private_addresses) {
                // No setting opens a metadata or platform address, so none is suggested for it.
                let advice = if base_url.literal_refusal(true).is_some() {
                    "; no setting allows it"
                } else {
                    "; set allow_private_addresses = true if the provider really lives on your internal network"
                };
                return Err(ConfigError(format!(
                    "{}: field `base_url`: {} is {why}{advice}",
                    here(c.base_url.span()),
                    base_url.host()
                )));
            }
            let token_url = region(kind, &base_url, c.allow_private_addresses, &here(c.base_url.span()))?;
            let address_policy = base_url.policy(c.allow_private_addresses);
            if let Some(old) = &c.tenant_id {
                return Err(ConfigError(format!(
                    "{}: field `tenant_id`: provider settings now live in their own table; move this line under a `[connection.settings]` heading after the connection's other fields",
                    here(old.span())
                )));
            }
            let settings = settings(c.settings, &here)?;
            idp::adapter(kind, &settings.0).map_err(|why| {
                let line = why.field.as_ref().and_then(|f| settings.1.get(f)).cloned().unwrap_or(c.kind.span());
                ConfigError(format!("{}: [connection.settings] {why}", here(line)))
            })?;
            let settings = settings.0;
            let cred_at = here(c.credential.span());
            let credential =
                credential::parse(c.credential.into_inner(), &cred_at, path, kind, address_policy, token_url)?;
            let max_concurrent_requests =
                limit(c.max_concurrent_requests, DEFAULT_MAX_CONCURRENT, 256, "max_concurrent_requests", &here)?;
            connections.push(Connection {
                id,
                label: c.label,
                kind,
                base_url,
                settings,
                credential,
                address_policy,
                max_concurrent_requests,
            });
        }
        let beside_config = |p: std::path::PathBuf| match path.parent() {
            Some(dir) if p.is_relative() => dir.join(p),
            _ => p,
        };
        let audit = file.audit.map(|a| AuditSettings { path: beside_config(a.path), ..a });
        let state = file.state.map(|s| StateSettings { path: beside_config(s.path) });
        if let Some(ops) = &file.operators {
            crate::operators::Operators::new(ops.clone()).map_err(|why| {
                // The line of the account the problem names, else the section's own line.
                let named = ops.accounts.iter().find(|a| why.contains(&format!("\"{}\"", a.name)));
                let at = named
                    .and_then(|a| text.find(&format!("\"{}\"", a.name)))
                    .or_else(|| text.find("[operators]"))
                    .map(|at| format!(":{}", line_of(text, at)))
                    .unwrap_or_default();
                ConfigError(format!("{}{at}: [operators]: {why}", path.display()))
            })?;
        }
        let secure_cookies = file.server.secure_cookies;
        let requests_per_minute = limit(
            file.server.requests_per_minute,
            DEFAULT_REQUESTS_PER_MINUTE,
            1_000_000,
            "requests_per_minute",
            &here,
        )?;
        let bulk_requests_per_minute = limit(
            file.server.bulk_requests_per_minute,
            DEFAULT_BULK_REQUESTS_PER_MINUTE,
            1_000_000,
            "bulk_requests_per_minute",
            &here,
        )?;
        let answer_changes_within_secs = limit(
            file.server.answer_changes_within_secs,
            MAX_ANSWER_CHANGES_WITHIN_SECS,
            MAX_ANSWER_CHANGES_WITHIN_SECS,
            "answer_changes_within_secs",
            &here,
        )?;
        Ok(Config {
            allowed_origins,
            allowed_hosts,
            secure_cookies,
            requests_per_minute,
            bulk_requests_per_minute,
            answer_changes_within_secs,
            connections,
            audit,
            state,
            operators: file.operators,
        })
    }
}

mod credential;
mod sections;
#[cfg(test)]
mod tests;
mod values;

use values::{limit, line_of, region, settings};
