//! A connection's `[connection.credential]` section: operator mode, a vault API key, or vault
//! OAuth client credentials. Secrets are read from an environment variable or a file only.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use idp::ProviderKind;
use secrecy::SecretString;

use super::sections::CredentialSection;
use super::{ConfigError, Credential};
use crate::forward::address::AddressPolicy;
use crate::forward::token::{ClientAuth, OAuthSettings, TokenCache};
use crate::forward::upstream::BaseUrl;

/// `vendor_token_url`: the token endpoint the vendor fixes for this connection's host, if any.
pub(super) fn parse(
    section: CredentialSection,
    at: &str,
    config_path: &Path,
    kind: ProviderKind,
    policy: AddressPolicy,
    vendor_token_url: Option<String>,
) -> Result<Credential, ConfigError> {
    let has_key = section.api_key_env.is_some() || section.api_key_file.is_some();
    let has_oauth = section.token_url.is_some()
        || section.client_id.is_some()
        || section.client_secret_env.is_some()
        || section.client_secret_file.is_some()
        || !section.scopes.is_empty()
        || section.audience.is_some()
        || section.client_auth.is_some()
        || section.private_key_file.is_some()
        || section.key_id.is_some();
    match section.mode.get_ref().as_str() {
        "operator" if !has_key && !has_oauth => Ok(Credential::Operator),
        "operator" => Err(ConfigError(format!(
            "{at}: operator mode takes no API key or OAuth settings: each operator types their own key"
        ))),
        "vault" if has_key && has_oauth => Err(ConfigError(format!(
            "{at}: a vault credential is either an API key (api_key_env or api_key_file) or OAuth client credentials (token_url, client_id, client_secret_env or client_secret_file), not both"
        ))),
        "vault" if has_oauth => oauth(section, at, config_path, kind, policy, vendor_token_url),
        "vault" => {
            let key = secret(section.api_key_env, section.api_key_file, "api_key", at, config_path)?;
            Ok(Credential::Vault(key))
        }
        other => Err(ConfigError(format!(
            "{at}: field `mode`: unknown credential mode \"{other}\"; use \"vault\" or \"operator\""
        ))),
    }
}

fn oauth(
    section: CredentialSection,
    at: &str,
    config_path: &Path,
    kind: ProviderKind,
    policy: AddressPolicy,
    vendor_token_url: Option<String>,
) -> Result<Credential, ConfigError> {
    if !kind.takes_oauth_tokens() {
        return Err(ConfigError(format!(
            "{at}: {} connections authenticate with an API key (api_key_env or api_key_file), not OAuth client credentials",
            kind.label()
        )));
    }
    let raw_url = match (section.token_url, vendor_token_url) {
        (None, Some(fixed)) => fixed,
        (Some(given), Some(fixed)) if given.trim().trim_end_matches('/') == fixed => fixed,
        (Some(_), Some(fixed)) => {
            return Err(ConfigError(format!(
                "{at}: field `token_url`: {}'s token endpoint for this base_url is {fixed}; leave token_url out and lockdesk-proxy uses it",
                kind.label()
            )))
        }
        (Some(given), None) => given,
        (None, None) => {
            return Err(ConfigError(format!(
                "{at}: OAuth client credentials need `token_url`, the provider's token endpoint"
            )))
        }
    };
    let token_url = BaseUrl::parse(&raw_url).map_err(|why| ConfigError(format!("{at}: field `token_url`: {why}")))?;
    if let Some(why) = token_url.literal_refusal(policy.allow_private) {
        return Err(ConfigError(format!("{at}: field `token_url`: {} is {why}", token_url.host())));
    }
    let client_id = section
        .client_id
        .filter(|id| !id.trim().is_empty())
        .ok_or_else(|| ConfigError(format!("{at}: OAuth client credentials need `client_id`")))?;
    let accepted = kind.registration().oauth_client_auth;
    let word = section.client_auth.as_deref().unwrap_or(accepted.first().copied().unwrap_or("basic"));
    if !accepted.contains(&word) {
        return Err(ConfigError(format!(
            "{at}: field `client_auth`: {} connections authenticate at the token endpoint with {}, not \"{word}\"",
            kind.label(),
            accepted.iter().map(|w| format!("\"{w}\"")).collect::<Vec<_>>().join(" or ")
        )));
    }
    let has_secret = section.client_secret_env.is_some() || section.client_secret_file.is_some();
    let client_auth = match word {
        "private_key_jwt" => {
            if has_secret {
                return Err(ConfigError(format!(
                    "{at}: private_key_jwt signs with a private key (private_key_file, key_id), so it takes no client secret"
                )));
            }
            let key_id = section.key_id.filter(|k| !k.trim().is_empty()).ok_or_else(|| {
                ConfigError(format!(
                    "{at}: private_key_jwt needs `key_id`, the key's id (kid) as registered with the provider"
                ))
            })?;
            let Some(key_file) = section.private_key_file else {
                return Err(ConfigError(format!(
                    "{at}: private_key_jwt needs `private_key_file`, the PEM file of the key that signs (only the proxy should read it)"
                )));
            };
            let pem = secret(None, Some(key_file), "private_key", at, config_path)?;
            crate::forward::token::check_private_key(secret_text(&pem))
                .map_err(|why| ConfigError(format!("{at}: field `private_key_file`: the file {why}")))?;
            ClientAuth::PrivateKeyJwt { key_id: key_id.trim().to_owned(), private_key_pem: pem }
        }
        _ if section.private_key_file.is_some() || section.key_id.is_some() => {
            return Err(ConfigError(format!(
                "{at}: private_key_file and key_id are for client_auth = \"private_key_jwt\" only"
            )))
        }
        word => {
            let client_secret =
                secret(section.client_secret_env, section.client_secret_file, "client_secret", at, config_path)?;
            if word == "post" {
                ClientAuth::Post(client_secret)
            } else {
                ClientAuth::Basic(client_secret)
            }
        }
    };
    Ok(Credential::OAuth(Arc::new(TokenCache::new(OAuthSettings {
        token_url,
        client_id: client_id.trim().to_owned(),
        scopes: section.scopes,
        audience: section.audience,
        client_auth,
    }))))
}

fn secret_text(s: &SecretString) -> &str {
    use secrecy::ExposeSecret;
    s.expose_secret()
}

/// Reads `<field>_env` or `<field>_file` (exactly one), relative files from the config's folder.
fn secret(
    env: Option<String>,
    file: Option<PathBuf>,
    field: &str,
    at: &str,
    config_path: &Path,
) -> Result<SecretString, ConfigError> {
    match (env, file) {
        (Some(var), None) => match std::env::var(&var) {
            Ok(value) if !value.trim().is_empty() => Ok(SecretString::from(value.trim().to_owned())),
            _ if var.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_') => Err(ConfigError(
                format!("{at}: field `{field}_env`: the environment variable {var} is not set or empty"),
            )),
            // Not echoed: a value that does not look like a variable name may be the secret itself.
            _ => Err(ConfigError(format!(
                "{at}: field `{field}_env`: this must be the NAME of an environment variable (A-Z, 0-9, _), not the secret"
            ))),
        },
        (None, Some(file)) => {
            let file = config_path.parent().map(|dir| dir.join(&file)).unwrap_or(file);
            let value = std::fs::read_to_string(&file)
                .map_err(|e| ConfigError(format!("{at}: field `{field}_file`: cannot read {}: {e}", file.display())))?;
            if value.trim().is_empty() {
                return Err(ConfigError(format!("{at}: field `{field}_file`: {} is empty", file.display())));
            }
            Ok(SecretString::from(value.trim().to_owned()))
        }
        _ => Err(ConfigError(format!(
            "{at}: vault mode needs exactly one of {field}_env or {field}_file (the secret itself never goes in this file)"
        ))),
    }
}
