//! SCIM filter expressions (RFC 7644 §3.4.2.2) for what somebody typed. Typed text only ever
//! becomes a comparison value, written as a JSON string (its quotes and backslashes escaped), so
//! no text can end the value early and change what the filter means (`" or userName pr`).

/// `text` as a filter's comparison value: a JSON string.
pub(super) fn value(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

/// People with this email address (RFC 7643's `emails` is multi-valued: any of them).
pub(super) fn email(address: &str) -> String {
    format!("emails.value eq {}", value(address))
}

/// People whose user name, family name or given name starts with `text`. Emails are left out:
/// some services refuse to filter on them, and the email lookup covers whole addresses.
pub(super) fn text(text: &str) -> String {
    let v = value(text);
    format!("userName sw {v} or name.familyName sw {v} or name.givenName sw {v}")
}
