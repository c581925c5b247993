//! Fault injection and reset: the sandbox-only admin endpoints under `/_sandbox`, for every
//! registered provider alike, plus the fault settings every provider shares ([`Faults`]). No API
//! key; meant for loopback use by tests and demos. This module must not name a provider or build
//! a provider's replies (each provider's effects and extra settings live in its folder), and must
//! not change users except through `Simulator::reset`.
//!
//! - `GET /_sandbox/faults` → every provider's settings in one object, in registration order, the
//!   first provider's value winning for a shared field: today `{"latency_ms": 0, "fail_status":
//!   null, "retry_after_s": 30, "changes_only": false, "rate_limit_per_minute": 6000,
//!   "transition_ms": 1000, "token_lifetime_s": 86400, "denied_divisions": [],
//!   "conflict_next_change": false, "expire_tokens_now": false, "seat_limit": null, "html_502":
//!   false, "no_etags": false, "patch_204": false, "reject_email_filter": false}` (FusionAuth's
//!   four shared settings, then Okta's own two, then Genesys's own three, then Acronis's own one,
//!   then DocSpace's own two, then SCIM's own three; Genesys and DocSpace share
//!   `rate_limit_per_minute` with Okta, and Acronis and SCIM share `conflict_next_change` (Acronis
//!   also `token_lifetime_s`) with Genesys, so this view shows the first one's values for them:
//!   Acronis's own lifetime, default 7200, is shown by `GET /_sandbox/faults/acronis`, DocSpace's
//!   own budget, default 1500, by `GET /_sandbox/faults/docspace`). With
//!   `changes_only` the latency and failure hit only requests that change something, so a re-read
//!   shows the truth.
//! - `PUT /_sandbox/faults` with that shape sets EVERY provider: each gets the fields it knows
//!   (fields left out take each provider's defaults, so the old four-field body still works). Every
//!   provider checks its part before any is applied → 200 with the new settings in the GET shape.
//!   Bad JSON, a non-object, a field no provider knows or a value a provider refuses (see
//!   [`Faults::validated`] and each provider's own settings) → 400 `{"error": "..."}`.
//! - `GET|PUT /_sandbox/faults/{provider}` does the same for one provider, named by its config
//!   name or `<name>-sandbox`, in that provider's own shape. Unknown provider → 404
//!   `{"error": "..."}`.
//! - `POST /_sandbox/reset` → every provider's seeded users back and faults cleared (see each
//!   provider for what survives) → 200 `{"users": N}` with the first provider's user count.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::simulator::Simulator;
use crate::Sandbox;

/// Longest injectable latency.
const MAX_LATENCY_MS: u64 = 30_000;
/// Statuses that can be injected.
const FAIL_STATUSES: [u16; 3] = [429, 500, 503];

/// The fault settings every provider shares (also the admin JSON shape of a provider that has no
/// others). What an injected status looks like is up to each provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Faults {
    /// Delay before every API response.
    #[serde(default)]
    pub(crate) latency_ms: u64,
    /// Status every API request answers with, if set.
    #[serde(default)]
    pub(crate) fail_status: Option<u16>,
    /// Seconds until a retry is welcome, sent with an injected 429.
    #[serde(default = "default_retry_after")]
    pub(crate) retry_after_s: u64,
    /// Latency and failure apply only to changes.
    #[serde(default)]
    pub(crate) changes_only: bool,
}

/// Default of [`Faults::retry_after_s`].
pub(crate) fn default_retry_after() -> u64 {
    30
}

impl Default for Faults {
    fn default() -> Faults {
        Faults { latency_ms: 0, fail_status: None, retry_after_s: default_retry_after(), changes_only: false }
    }
}

impl Faults {
    /// Checks the status (null, 429, 500 or 503) and caps the latency at 30000 ms.
    pub(crate) fn validated(mut self) -> Result<Faults, String> {
        if let Some(status) = self.fail_status {
            if !FAIL_STATUSES.contains(&status) {
                return Err(format!("fail_status must be null, 429, 500 or 503, not {status}"));
            }
        }
        self.latency_ms = self.latency_ms.min(MAX_LATENCY_MS);
        Ok(self)
    }
}

/// Parses a fault-settings body into a provider's settings type, with the admin's error wording.
pub(crate) fn parse<T: DeserializeOwned>(json: &[u8]) -> Result<T, String> {
    serde_json::from_slice(json).map_err(|e| format!("invalid fault settings: {e}"))
}

/// Settings as admin JSON (a settings type always serializes).
pub(crate) fn to_json<T: Serialize>(settings: &T) -> Value {
    serde_json::to_value(settings).unwrap_or(Value::Null)
}

/// The `/_sandbox` router.
pub(crate) fn router(sandbox: Sandbox) -> Router {
    Router::new()
        .route("/_sandbox/faults", get(show).put(update))
        .route("/_sandbox/faults/{provider}", get(show_one).put(update_one))
        .route("/_sandbox/reset", post(reset))
        .with_state(sandbox)
}

/// `object`'s fields added to `into`, keeping the fields `into` already has.
fn merge(into: &mut Map<String, Value>, object: Value) {
    if let Value::Object(fields) = object {
        for (k, v) in fields {
            into.entry(k).or_insert(v);
        }
    }
}

async fn show(State(sb): State<Sandbox>) -> Response {
    let mut view = Map::new();
    for (_, sim) in sb.simulators() {
        merge(&mut view, sim.faults());
    }
    Json(Value::Object(view)).into_response()
}

async fn update(State(sb): State<Sandbox>, body: Bytes) -> Response {
    let fields = match parse::<Value>(&body) {
        Ok(Value::Object(fields)) => fields,
        Ok(_) => return bad_request("invalid fault settings: expected a JSON object".into()),
        Err(e) => return bad_request(e),
    };
    // Each provider's part of the body: the fields its settings have.
    let mut parts = vec![];
    let mut known: Vec<String> = vec![];
    for (_, sim) in sb.simulators() {
        let own = match sim.faults() {
            Value::Object(own) => own,
            _ => Map::new(),
        };
        for k in own.keys() {
            if !known.contains(k) {
                known.push(k.clone());
            }
        }
        let part: Map<String, Value> =
            fields.iter().filter(|(k, _)| own.contains_key(*k)).map(|(k, v)| (k.clone(), v.clone())).collect();
        parts.push((sim, Value::Object(part).to_string().into_bytes()));
    }
    if let Some(field) = fields.keys().find(|k| !known.contains(k)) {
        known.sort();
        let expected = known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
        return bad_request(format!("invalid fault settings: unknown field `{field}`, expected one of {expected}"));
    }
    for (sim, part) in &parts {
        if let Err(e) = sim.check_faults(part) {
            return bad_request(e);
        }
    }
    let mut view = Map::new();
    for (sim, part) in &parts {
        match sim.set_faults(part) {
            Ok(applied) => merge(&mut view, applied),
            Err(e) => return bad_request(e),
        }
    }
    Json(Value::Object(view)).into_response()
}

async fn show_one(State(sb): State<Sandbox>, Path(provider): Path<String>) -> Response {
    match find(&sb, &provider) {
        Some(sim) => Json(sim.faults()).into_response(),
        None => unknown_provider(&sb, &provider),
    }
}

async fn update_one(State(sb): State<Sandbox>, Path(provider): Path<String>, body: Bytes) -> Response {
    match find(&sb, &provider).map(|sim| sim.set_faults(&body)) {
        Some(Ok(applied)) => Json(applied).into_response(),
        Some(Err(e)) => bad_request(e),
        None => unknown_provider(&sb, &provider),
    }
}

/// The provider with this config name or `<name>-sandbox`.
fn find<'a>(sb: &'a Sandbox, name: &str) -> Option<&'a dyn Simulator> {
    let named = |row: &str| name == row || name.strip_suffix("-sandbox") == Some(row);
    sb.simulators().find(|(row, _)| named(row.name)).map(|(_, sim)| sim)
}

async fn reset(State(sb): State<Sandbox>) -> Response {
    for (_, sim) in sb.simulators() {
        sim.reset();
    }
    let users = sb.simulators().next().map_or(0, |(_, sim)| sim.user_count());
    Json(json!({ "users": users })).into_response()
}

fn unknown_provider(sb: &Sandbox, name: &str) -> Response {
    let names: Vec<&str> = sb.simulators().map(|(row, _)| row.name).collect();
    let mut choices: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    choices.extend(names.iter().map(|n| format!("{n}-sandbox")));
    let last = choices.pop().unwrap_or_default();
    let error = format!("unknown provider {name:?}: use {} or {last}", choices.join(", "));
    (StatusCode::NOT_FOUND, Json(json!({ "error": error }))).into_response()
}

fn bad_request(error: String) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": error }))).into_response()
}
