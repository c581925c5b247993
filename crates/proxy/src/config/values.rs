//! Single values of the config file, checked: `[connection.settings]` as text with each
//! setting's place, numeric limits in range, and byte offsets as line numbers for messages.

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
