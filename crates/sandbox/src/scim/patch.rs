//! The body of `PATCH /v2/Users/{id}` (RFC 7644 §3.5.2), checked: only `active` may change.
//!
//! - The body must be a JSON object whose `schemas` lists the PatchOp URN, else 400
//!   `invalidSyntax`; `Operations` must be a non-empty list of objects, else 400 `invalidSyntax`.
//! - `op` (any case): `replace` or `add` (the same for the single-valued `active`, RFC 7644
//!   §3.5.2.1); `remove` → 400 `mutability` with the path `active`, 400 `noTarget` without a path
//!   (RFC 7644 §3.5.2.2); anything else → 400 `invalidSyntax`.
//! - `path` `active` (any case, optionally after the core User schema URN and `:`) takes a
//!   boolean `value`, else 400 `invalidValue`. Any other well-formed attribute path → 400
//!   `noTarget`; a malformed one (empty, blanks, not text…) → 400 `invalidPath`.
//! - Without `path`, `value` must be an object holding `active` (a boolean; key in any case) and
//!   nothing else: another key → 400 `noTarget`; no `active` or not an object → 400
//!   `invalidValue`.
//!
//! Operations apply in order, all or nothing: the result is the last `active` set. This module
//! must not touch state.

use serde_json::{Map, Value};

use super::rules::Refusal;
use super::wire::{PATCH_SCHEMA, USER_SCHEMA};

/// The `active` the body sets, or its 400.
pub(crate) fn parse(body: &[u8]) -> Result<bool, Refusal> {
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(body) else {
        return Err(Refusal::InvalidSyntax("The request body must be a JSON object".into()));
    };
    let patch_op = body.get("schemas").and_then(Value::as_array).is_some_and(|s| s.iter().any(|v| v == PATCH_SCHEMA));
    if !patch_op {
        return Err(Refusal::InvalidSyntax(format!("schemas must list {PATCH_SCHEMA}")));
    }
    let operations = match body.get("Operations") {
        Some(Value::Array(ops)) if !ops.is_empty() => ops,
        _ => return Err(Refusal::InvalidSyntax("Operations must be a non-empty list".into())),
    };
    let mut active = None;
    for op in operations {
        let Value::Object(op) = op else {
            return Err(Refusal::InvalidSyntax("Each operation must be a JSON object".into()));
        };
        active = Some(operation(op)?);
    }
    active.ok_or_else(|| Refusal::InvalidSyntax("Operations must be a non-empty list".into()))
}

/// One operation → the `active` it sets.
fn operation(op: &Map<String, Value>) -> Result<bool, Refusal> {
    let name = op.get("op").and_then(Value::as_str).unwrap_or_default().to_ascii_lowercase();
    let path = match op.get("path") {
        None => None,
        Some(Value::String(path)) => Some(path.as_str()),
        Some(other) => return Err(Refusal::InvalidPath(format!("path must be text, not {other}"))),
    };
    match (name.as_str(), path) {
        ("add" | "replace", Some(path)) => {
            target(path)?;
            boolean(op.get("value"))
        }
        ("add" | "replace", None) => whole(op.get("value")),
        ("remove", Some(path)) => {
            target(path)?;
            Err(Refusal::Mutability("active can be replaced, not removed".into()))
        }
        ("remove", None) => Err(Refusal::NoTarget("remove needs a path".into())),
        _ => {
            let given = op.get("op").map_or_else(|| "missing".to_string(), Value::to_string);
            Err(Refusal::InvalidSyntax(format!("op must be add, replace or remove, not {given}")))
        }
    }
}

/// Ok if `path` names `active`; else `noTarget` or `invalidPath`.
fn target(path: &str) -> Result<(), Refusal> {
    if is_active(path) {
        return Ok(());
    }
    let (head, rest) = path.split_once('[').unwrap_or((path, ""));
    let plain = |p: &str| {
        p.starts_with(|c: char| c.is_ascii_alphabetic())
            && p.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '_' | '-' | '$'))
    };
    if plain(head) && (rest.is_empty() || rest.contains(']')) {
        Err(Refusal::NoTarget(format!("Only active can be changed here, not {path:?}")))
    } else {
        Err(Refusal::InvalidPath(format!("{path:?} is not a valid attribute path")))
    }
}

/// Whether `name` is `active` (any case, optionally qualified by the core User schema URN).
fn is_active(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let prefix = format!("{}:", USER_SCHEMA.to_ascii_lowercase());
    lower.strip_prefix(&prefix).unwrap_or(&lower) == "active"
}

/// A boolean `value`, or `invalidValue`.
fn boolean(value: Option<&Value>) -> Result<bool, Refusal> {
    match value {
        Some(Value::Bool(active)) => Ok(*active),
        Some(other) => Err(Refusal::InvalidValue(format!("active must be true or false, not {other}"))),
        None => Err(Refusal::InvalidValue("value is required".into())),
    }
}

/// A path-less `value`: `{"active": bool}` and nothing else.
fn whole(value: Option<&Value>) -> Result<bool, Refusal> {
    let Some(Value::Object(fields)) = value else {
        return Err(Refusal::InvalidValue("Without a path, value must be an object like {\"active\": false}".into()));
    };
    if let Some(other) = fields.keys().find(|k| !is_active(k)) {
        return Err(Refusal::NoTarget(format!("Only active can be changed here, not {other:?}")));
    }
    let active = fields.iter().find(|(k, _)| is_active(k)).map(|(_, v)| v);
    match active {
        None => Err(Refusal::InvalidValue("value must hold active".into())),
        some => boolean(some),
    }
}
