//! The one table of providers: which exist (`ProviderKind`, a closed enum that selects), and for
//! each its configuration name, label, settings parser and adapter factory (`Registration`).
//!
//! Adding a provider is one folder beside this file plus one variant and one row here. Everything
//! else (config checking, `/api/connections`, the panel, the shared contract tests, the fuzz
//! target) reads this table. Nothing here does I/O.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::provider::IdentityProvider;
use crate::{acronis, docspace, fusionauth, genesys, okta, scim};

/// The identity providers lockdesk speaks to; serialised as their configuration names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    FusionAuth,
    Okta,
    Genesys,
    Acronis,
    DocSpace,
    Scim,
}

/// Every registered provider, in `ProviderKind` order.
pub const REGISTRY: &[Registration] = &[
    fusionauth::REGISTRATION,
    okta::REGISTRATION,
    genesys::REGISTRATION,
    acronis::REGISTRATION,
    docspace::REGISTRATION,
    scim::REGISTRATION,
];

/// One provider's row in the table.
pub struct Registration {
    pub kind: ProviderKind,
    /// `kind = "…"` in the proxy's config, the connection's `kind` in `/api/connections`, and the
    /// provider's folder name.
    pub config_name: &'static str,
    /// The product name, as people know it.
    pub label: &'static str,
    /// How a vault connection may authenticate at the provider's OAuth token endpoint (config
    /// words: `basic`, `post`, `private_key_jwt`); empty when the provider takes no OAuth tokens.
    pub oauth_client_auth: &'static [&'static str],
    /// The only hosts a connection's `base_url` may name (a vendor's regions), or empty for any;
    /// a private address the config allows (a test double, an internal mirror) is not checked.
    pub known_hosts: &'static [&'static str],
    /// The OAuth token endpoint that belongs to an API host, when the vendor fixes it (Genesys:
    /// `api.` becomes `login.`), so a config need not (and may not) name another.
    pub token_url: fn(&str) -> Option<String>,
    /// Checks `[connection.settings]` and makes the adapter.
    pub open: fn(&Settings) -> Result<Box<dyn IdentityProvider>, SettingError>,
    /// What the shared contract tests exercise (see `contract::Samples`).
    #[cfg(any(test, feature = "recognise"))]
    pub samples: fn() -> crate::contract::Samples,
}

impl ProviderKind {
    /// Every provider kind.
    pub fn all() -> impl Iterator<Item = ProviderKind> {
        REGISTRY.iter().map(|r| r.kind)
    }

    /// This provider's row (the registry is in `ProviderKind` order; a test checks it).
    pub fn registration(self) -> &'static Registration {
        &REGISTRY[self as usize]
    }

    /// The provider's product name, as people know it.
    pub fn label(self) -> &'static str {
        self.registration().label
    }

    /// The configuration name (`kind = "fusionauth"`).
    pub fn config_name(self) -> &'static str {
        self.registration().config_name
    }

    /// Parses a configuration name.
    pub fn from_config_name(name: &str) -> Option<ProviderKind> {
        REGISTRY.iter().find(|r| r.config_name == name).map(|r| r.kind)
    }

    /// Whether a vault connection may hold OAuth client credentials instead of an API key.
    pub fn takes_oauth_tokens(self) -> bool {
        !self.registration().oauth_client_auth.is_empty()
    }
}

/// Non-secret per-connection settings (`[connection.settings]`), as text, for the adapter to check.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Settings(pub BTreeMap<String, String>);

/// A setting the adapter refused, phrased for the person who edits the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingError {
    /// The setting at fault, so the config checker can point at its line.
    pub field: Option<String>,
    pub message: String,
}

impl SettingError {
    /// A problem with `field`.
    pub fn field(field: &str, message: impl Into<String>) -> SettingError {
        SettingError { field: Some(field.to_owned()), message: message.into() }
    }
}

impl std::fmt::Display for SettingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.field {
            Some(field) => write!(f, "field `{field}`: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl Settings {
    /// One setting's text.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// Settings with `pairs` in them.
    pub fn of(pairs: &[(&str, &str)]) -> Settings {
        // One insert at a time: collecting would compile a sort into the panel.
        let mut map = BTreeMap::new();
        for (k, v) in pairs {
            map.insert((*k).to_owned(), (*v).to_owned());
        }
        Settings(map)
    }

    /// Refuses any setting not in `known`, naming the ones that are.
    pub fn only(&self, provider: &str, known: &[&str]) -> Result<(), SettingError> {
        match self.0.keys().find(|k| !known.contains(&k.as_str())) {
            None => Ok(()),
            Some(unknown) if known.is_empty() => {
                Err(SettingError::field(unknown, format!("{provider} connections take no settings")))
            }
            Some(unknown) => Err(SettingError::field(
                unknown,
                format!("{provider} connections know no such setting; known: {}", known.join(", ")),
            )),
        }
    }
}

/// The adapter for `kind` with `settings`, or which setting is wrong.
pub fn adapter(kind: ProviderKind, settings: &Settings) -> Result<Box<dyn IdentityProvider>, SettingError> {
    (kind.registration().open)(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_is_in_kind_order_and_names_are_unique() {
        for (i, row) in REGISTRY.iter().enumerate() {
            assert_eq!(row.kind as usize, i, "{} is out of order", row.config_name);
            assert_eq!(ProviderKind::from_config_name(row.config_name), Some(row.kind));
            let json = serde_json::to_string(&row.kind).unwrap();
            assert_eq!(json, format!("\"{}\"", row.config_name), "the wire name is the config name");
            let opened = (row.open)(&(row.samples)().settings).map(|a| a.kind());
            assert_eq!(opened.ok(), Some(row.kind), "{} opens with its sample settings", row.config_name);
        }
    }

    #[test]
    fn unknown_settings_are_refused_with_the_known_ones() {
        let err = Settings::of(&[("tenant", "x")]).only("FusionAuth", &["tenant_id"]).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("tenant"));
        assert!(err.to_string().contains("known: tenant_id"), "{err}");
    }
}
