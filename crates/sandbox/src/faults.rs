//! Fault injection and reset: the sandbox-only admin endpoints under `/_sandbox`, for every
//! registered provider alike, plus the fault settings every provider shares ([`Faults`], and the
//! five of `crate::traffic::SharedFaults`, applied by `traffic` rather than by each provider).
//! No API key; meant for loopback use by tests and demos. This module must not name a provider or
//! build a provider's replies (each provider's effects and extra settings live in its folder), and
//! must not change users except through `Simulator::reset`. The people and changes endpoints are
//! served by `reports`.
//!
//! - `GET /_sandbox/faults` → every provider's settings in one object, in registration order, the
//!   first provider's value winning for a shared field: today `{"latency_ms": 0, "fail_status":
//!   null, "retry_after_s": 30, "changes_only": false, "rate_limit_per_minute": 6000,
//!   "fail_after_change": false, "random_fault_percent": 0.0, "random_fault_seed": 1,
//!   "burst_429": 0, "transition_ms": 1000, "token_lifetime_s": 86400, "denied_divisions": [],
//!   "conflict_next_change": false, "expire_tokens_now": false, "seat_limit": null, "html_502":
//!   false, "no_etags": false, "patch_204": false, "reject_email_filter": false}` (FusionAuth's
//!   nine shared settings, then Okta's own one, then Genesys's own three, then Acronis's own one,
//!   then DocSpace's own two, then SCIM's own three; Acronis and SCIM share
//!   `conflict_next_change` (Acronis also `token_lifetime_s`) with Genesys, so this view shows
//!   the first one's values for them and for the shared nine: Acronis's own lifetime, default
//!   7200, is shown by `GET /_sandbox/faults/acronis`, DocSpace's own budget, default 1500, by
//!   `GET /_sandbox/faults/docspace`). With `changes_only` the latency and failure hit only
//!   requests that change something, so a re-read shows the truth.
//! - The shared nine, on every provider: the four of [`Faults`] (`latency_ms`, `fail_status`,
//!   `retry_after_s`, `changes_only`) and
//!   - `rate_limit_per_minute` (1..=1000000; default 6000, DocSpace 1500): calls allowed per
//!     FIXED 60-second window starting at the window's first call (not sliding; every call the
//!     provider gets counts, reads and refusals included). Over it → 429 in the vendor's error
//!     shape with `Retry-After` = whole seconds until the window ends (at least 1). Okta sends
//!     `X-Rate-Limit-Limit`, `-Remaining` and `-Reset` (UTC epoch seconds) and a `Date` on every
//!     reply, DocSpace `X-RateLimit-Limit`, `-Remaining` and `-Reset` (seconds until the window
//!     ends); the others no rate headers, as the vendors do. Setting faults starts a new window.
//!   - `burst_429` (default 0): the next N API calls that pass the key check get 429 with
//!     `Retry-After: 1`; it counts down (GET shows what is left), and setting it again restarts it.
//!   - `random_fault_percent` (0–100, integer or not, default 0) and `random_fault_seed` (u64,
//!     default 1): that share of API calls (after the rate limit, the key check, `fail_status` and
//!     the burst) gets a fault picked evenly from 429 (`Retry-After: 1`), 500, 503 and, for a
//!     change, "applied, then 500". Each provider draws from its own generator, seeded anew
//!     whenever its settings are set or reset, so the same seed and calls give the same faults.
//!     `changes_only` does not spare reads from them.
//!   - `fail_after_change` (default false): every change is made (and counted), then answered 500
//!     in the vendor's shape; only a re-read shows it was made. A change the provider refuses
//!     keeps its refusal.
//! - `PUT /_sandbox/faults` with that shape sets EVERY provider: each gets the fields it knows
//!   (fields left out take each provider's defaults, so the old four-field body still works). Every
//!   provider checks its part before any is applied → 200 with the new settings in the GET shape.
//!   Bad JSON, a non-object, a field no provider knows or a value a provider refuses (see
//!   [`Faults::validated`], `traffic` and each provider's own settings) → 400 `{"error": "..."}`.
//! - `GET|PUT /_sandbox/faults/{provider}` does the same for one provider, named by its config
//!   name or `<name>-sandbox`, in that provider's own shape (its own fields and the shared nine).
//!   Unknown provider → 404 `{"error": "..."}`.
//! - `GET /_sandbox/changes` → `{"fusionauth": {"<person id>": n, …}, "okta": {…}, …}`: every
//!   provider (config names, registration order) with the changes it APPLIED to each person since
//!   the last reset (people with none left out): each state change that happened (deactivate,
//!   reactivate, suspend, unlock, restore, delete, …), each sign-out-everywhere that succeeded and
//!   each person created (counted under the new id). A change answered with an injected failure
//!   but made all the same ("applied, then 500") counts; a refused one, one stopped by a fault,
//!   or one that changed nothing (deactivating somebody already deactivated) does not.
//!   `GET /_sandbox/changes/{provider}` → that provider's object.
//! - `GET /_sandbox/people/{provider}?state=active&limit=N` → `[{"id", "email", "name"}, …]`: up
//!   to N (1..=2000, default 100) of the provider's people who can sign in now, in seed order
//!   (then creation order), leaving out DocSpace's portal owner, whom DocSpace never
//!   deactivates. `state` may only be `active` (the default); anything else, or a bad `limit` →
//!   400 `{"error": "..."}`.
//! - `GET /_sandbox/requests` → `{"fusionauth": {"count": n, "over_limit": m}, …}`: every provider's
//!   calls since the last reset, `count` those let in within its rate budget (whatever they were
//!   answered), `over_limit` those answered 429 for being over it, so a benchmark can set its
//!   achieved rate against `rate_limit_per_minute`.
//! - `POST /_sandbox/reset` → every provider's seeded users back, faults cleared, change and call
//!   counts emptied (see each provider for what survives) → 200 `{"users": N}` with the first provider's
//!   user count.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::reports;
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
        .route("/_sandbox/changes", get(reports::all_changes))
        .route("/_sandbox/changes/{provider}", get(reports::changes))
        .route("/_sandbox/people/{provider}", get(reports::people))
        .route("/_sandbox/requests", get(reports::requests))
        .route("/_sandbox/reset", post(reset))
        .with_state(sandbox)
}

/// `value`'s fields (none if it is not an object).
fn fields_of(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(fields) => fields,
        _ => Map::new(),
    }
}

/// `object`'s fields added to `into`, keeping the fields `into` already has.
fn merge(into: &mut Map<String, Value>, object: Value) {
    for (k, v) in fields_of(object) {
        into.entry(k).or_insert(v);
    }
}

/// One provider's settings as the admin shows them: its own, then the shared ones of `traffic`.
fn view(sim: &dyn Simulator) -> Value {
    let mut view = fields_of(sim.faults());
    merge(&mut view, sim.traffic().faults());
    Value::Object(view)
}

async fn show(State(sb): State<Sandbox>) -> Response {
    let mut all = Map::new();
    for (_, sim) in sb.simulators() {
        merge(&mut all, view(sim));
    }
    Json(Value::Object(all)).into_response()
}

/// Sets `sims` from one body: each gets the fields it knows (its own part and its shared part,
/// as JSON); every part is checked before any is applied → 200 with the merged view, or 400.
fn set(sims: &[&dyn Simulator], body: &[u8]) -> Response {
    let fields = match parse::<Value>(body) {
        Ok(Value::Object(fields)) => fields,
        Ok(_) => return bad_request("invalid fault settings: expected a JSON object".into()),
        Err(e) => return bad_request(e),
    };
    let part = |keys: &Map<String, Value>| {
        let part: Map<String, Value> =
            fields.iter().filter(|(k, _)| keys.contains_key(*k)).map(|(k, v)| (k.clone(), v.clone())).collect();
        Value::Object(part).to_string().into_bytes()
    };
    let mut parts = vec![];
    let mut known: Vec<String> = vec![];
    for &sim in sims {
        let (own, shared) = (fields_of(sim.faults()), fields_of(sim.traffic().faults()));
        for k in own.keys().chain(shared.keys()) {
            if !known.contains(k) {
                known.push(k.clone());
            }
        }
        parts.push((sim, part(&own), part(&shared)));
    }
    if let Some(field) = fields.keys().find(|k| !known.contains(k)) {
        known.sort();
        let expected = known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
        return bad_request(format!("invalid fault settings: unknown field `{field}`, expected one of {expected}"));
    }
    for (sim, own, shared) in &parts {
        if let Err(e) = sim.check_faults(own).and_then(|_| sim.traffic().check(shared)) {
            return bad_request(e);
        }
    }
    let mut view = Map::new();
    for (sim, own, shared) in &parts {
        match sim.set_faults(own) {
            Ok(applied) => merge(&mut view, applied),
            Err(e) => return bad_request(e),
        }
        match sim.traffic().set(shared) {
            Ok(applied) => merge(&mut view, applied),
            Err(e) => return bad_request(e),
        }
    }
    Json(Value::Object(view)).into_response()
}

async fn update(State(sb): State<Sandbox>, body: Bytes) -> Response {
    let sims: Vec<&dyn Simulator> = sb.simulators().map(|(_, sim)| sim).collect();
    set(&sims, &body)
}

async fn show_one(State(sb): State<Sandbox>, Path(provider): Path<String>) -> Response {
    match find(&sb, &provider) {
        Some(sim) => Json(view(sim)).into_response(),
        None => unknown_provider(&sb, &provider),
    }
}

async fn update_one(State(sb): State<Sandbox>, Path(provider): Path<String>, body: Bytes) -> Response {
    match find(&sb, &provider) {
        Some(sim) => set(&[sim], &body),
        None => unknown_provider(&sb, &provider),
    }
}

/// The provider with this config name or `<name>-sandbox`.
pub(crate) fn find<'a>(sb: &'a Sandbox, name: &str) -> Option<&'a dyn Simulator> {
    let named = |row: &str| name == row || name.strip_suffix("-sandbox") == Some(row);
    sb.simulators().find(|(row, _)| named(row.name)).map(|(_, sim)| sim)
}

async fn reset(State(sb): State<Sandbox>) -> Response {
    for (_, sim) in sb.simulators() {
        sim.reset();
        sim.traffic().reset();
    }
    let users = sb.simulators().next().map_or(0, |(_, sim)| sim.user_count());
    Json(json!({ "users": users })).into_response()
}

/// 404 naming the providers there are.
pub(crate) fn unknown_provider(sb: &Sandbox, name: &str) -> Response {
    let names: Vec<&str> = sb.simulators().map(|(row, _)| row.name).collect();
    let mut choices: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    choices.extend(names.iter().map(|n| format!("{n}-sandbox")));
    let last = choices.pop().unwrap_or_default();
    let error = format!("unknown provider {name:?}: use {} or {last}", choices.join(", "));
    (StatusCode::NOT_FOUND, Json(json!({ "error": error }))).into_response()
}

/// 400 `{"error": …}`.
pub(crate) fn bad_request(error: String) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": error }))).into_response()
}
