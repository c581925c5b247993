//! What the `/_sandbox` admin reports about people and calls, for every provider alike: the
//! changes each provider applied per person (`GET /_sandbox/changes[/{provider}]`, from each
//! provider's `traffic` ledger), the people who can sign in (`GET /_sandbox/people/{provider}`,
//! from `Simulator::active_people`), with the same two as Rust methods of [`Sandbox`], and the
//! calls each provider got (`GET /_sandbox/requests`). The shapes and
//! rules are documented with the other admin endpoints in `faults`.
//!
//! This module must not name a provider or change anything.

use std::collections::BTreeMap;

use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{Map, Value};

use crate::faults::{bad_request, find, unknown_provider};
use crate::simulator::SandboxPerson;
use crate::Sandbox;

/// People listed when no `limit` is given.
const DEFAULT_LIMIT: usize = 100;
/// The most people one list holds.
pub const MAX_PEOPLE: usize = 2000;

impl Sandbox {
    /// The changes the provider with this config name applied to each person since the last reset
    /// (person id → count, people with none left out), as `GET /_sandbox/changes/{provider}`
    /// reports them; `None` for a name no provider has.
    pub fn changes(&self, provider: &str) -> Option<BTreeMap<String, u64>> {
        find(self, provider).map(|sim| sim.traffic().changes())
    }

    /// Up to `limit` (at most [`MAX_PEOPLE`]) of the provider's people who can sign in now, in a
    /// stable order, as `GET /_sandbox/people/{provider}?state=active` lists them; `None` for a
    /// name no provider has.
    pub fn active_people(&self, provider: &str, limit: usize) -> Option<Vec<SandboxPerson>> {
        let mut people = find(self, provider)?.active_people();
        people.truncate(limit.min(MAX_PEOPLE));
        Some(people)
    }
}

/// `GET /_sandbox/changes`.
pub(crate) async fn all_changes(State(sb): State<Sandbox>) -> Response {
    let mut all = Map::new();
    for (row, sim) in sb.simulators() {
        all.insert(row.name.to_string(), counts(sim.traffic().changes()));
    }
    Json(Value::Object(all)).into_response()
}

/// `GET /_sandbox/changes/{provider}`.
pub(crate) async fn changes(State(sb): State<Sandbox>, Path(provider): Path<String>) -> Response {
    match sb.changes(&provider) {
        Some(changes) => Json(counts(changes)).into_response(),
        None => unknown_provider(&sb, &provider),
    }
}

fn counts(changes: BTreeMap<String, u64>) -> Value {
    Value::Object(changes.into_iter().map(|(id, n)| (id, Value::from(n))).collect())
}

/// `GET /_sandbox/requests`.
pub(crate) async fn requests(State(sb): State<Sandbox>) -> Response {
    let mut all = Map::new();
    for (row, sim) in sb.simulators() {
        all.insert(row.name.to_string(), crate::faults::to_json(&sim.traffic().calls()));
    }
    Json(Value::Object(all)).into_response()
}

/// `GET /_sandbox/people/{provider}?state=active&limit=N`.
pub(crate) async fn people(
    State(sb): State<Sandbox>,
    Path(provider): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let mut limit = DEFAULT_LIMIT;
    for (name, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        match (name.as_ref(), value.trim()) {
            ("state", "active") => {}
            ("state", other) => return bad_request(format!("state must be active, not {other:?}")),
            ("limit", text) => match text.parse::<usize>() {
                Ok(n) if (1..=MAX_PEOPLE).contains(&n) => limit = n,
                _ => return bad_request(format!("limit must be an integer from 1 to {MAX_PEOPLE}, not {text:?}")),
            },
            (other, _) => return bad_request(format!("unknown parameter {other:?}: use state and limit")),
        }
    }
    match sb.active_people(&provider, limit) {
        Some(people) => Json(people).into_response(),
        None => unknown_provider(&sb, &provider),
    }
}
