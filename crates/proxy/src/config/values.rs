//! Single values of the config file, checked: `[connection.settings]` as text with each
//! setting's place, a base URL against its vendor's regions, numeric limits in range, and byte
//! offsets as line numbers for messages.

use idp::Settings;
use toml::Spanned;

use super::ConfigError;

type Spans = std::collections::BTreeMap<String, std::ops::Range<usize>>;

/// `[connection.settings]` as text values, with each setting's place for messages.
pub(super) fn settings(
    table: Option<Spanned<std::collections::BTreeMap<String, Spanned<toml::Value>>>>,
    here: &dyn Fn(std::ops::Range<usize>) -> String,
) -> Result<(Settings, Spans), ConfigError> {
    let mut values = std::collections::BTreeMap::new();
    let mut spans = Spans::new();
    for (name, value) in table.map(Spanned::into_inner).unwrap_or_default() {
        let span = value.span();
        let text = match value.into_inner() {
            toml::Value::String(s) => s,
            toml::Value::Integer(n) => n.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            _ => {
                return Err(ConfigError(format!(
                    "{}: [connection.settings] field `{name}`: write a text, number or true/false",
                    here(span)
                )))
            }
        };
        values.insert(name.clone(), text);
        spans.insert(name, span);
    }
    Ok((Settings(values), spans))
}

/// For a vendor with fixed regions (`Registration::known_hosts`): `base_url` must be one of them,
/// at its root, unless it is a double on this machine or the private network the config allows
/// (tests, an internal mirror by address). `Ok` the token endpoint the vendor fixes for a
/// `base_url` at a host's root (Genesys's login host, Acronis's `/api/2/idp/token`), if any.
pub(super) fn region(
    kind: idp::ProviderKind,
    base_url: &crate::forward::upstream::BaseUrl,
    allow_private: bool,
    at: &str,
) -> Result<Option<String>, ConfigError> {
    let known = kind.registration().known_hosts;
    let double = base_url.is_loopback() || (allow_private && base_url.literal_refusal(false).is_some());
    let host = base_url.host();
    if double {
        return Ok(None);
    }
    if known.is_empty() {
        let at_root = base_url.as_str() == format!("https://{host}");
        return Ok(at_root.then(|| (kind.registration().token_url)(host)).flatten());
    }
    if !known.contains(&host) {
        let list = known.iter().map(|h| format!("https://{h}")).collect::<Vec<_>>().join(", ");
        return Err(ConfigError(format!(
            "{at}: field `base_url`: {host} is not a {} region; use one of: {list}",
            kind.label()
        )));
    }
    if base_url.as_str() != format!("https://{host}") {
        return Err(ConfigError(format!("{at}: field `base_url`: write the region's address alone, https://{host}")));
    }
    Ok((kind.registration().token_url)(host))
}

/// A limit from the config: `default` when absent, else 1 to `max`.
pub(super) fn limit(
    value: Option<Spanned<u32>>,
    default: u32,
    max: u32,
    field: &str,
    here: &dyn Fn(std::ops::Range<usize>) -> String,
) -> Result<u32, ConfigError> {
    match value {
        None => Ok(default),
        Some(n) if (1..=max).contains(n.get_ref()) => Ok(n.into_inner()),
        Some(n) => Err(ConfigError(format!(
            "{}: field `{field}`: {} is out of range; use 1 to {max}",
            here(n.span()),
            n.get_ref()
        ))),
    }
}

/// 1-based line number of byte offset `at` in `text`.
pub(super) fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes().iter().take(at).filter(|b| **b == b'\n').count() + 1
}
