//! The session: who is signed in to the proxy, which connections it offers, and the API keys
//! operators typed for operator-mode connections. Keys live in memory only and vanish on reload.
//!
//! Plain signals filled by `spawn_local` rather than resources: these load once (and again after
//! sign-in or sign-out), and each resource type costs several KB of wasm.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ConnectionInfo, SessionInfo, Target};

/// `None` while loading, then the outcome.
pub type Loaded<T> = RwSignal<Option<Result<T, idp::Error>>>;

/// Shared by every page through context.
#[derive(Clone, Copy)]
pub struct Session {
    /// Who is signed in to the proxy (operator accounts).
    pub operator: Loaded<SessionInfo>,
    pub connections: Loaded<Vec<ConnectionInfo>>,
    operator_keys: RwSignal<HashMap<String, String>>,
}

impl Session {
    /// Starts loading the operator's session and the connection list.
    pub fn new() -> Session {
        let session = Session {
            operator: RwSignal::new(None),
            connections: RwSignal::new(None),
            operator_keys: RwSignal::new(HashMap::new()),
        };
        session.reload();
        api::on_session_ended(move || session.reload());
        session
    }

    /// Reads the operator's session and the connections again (after sign-in or sign-out).
    pub fn reload(&self) {
        let (operator, connections) = (self.operator, self.connections);
        spawn_local(async move {
            let who = api::get_session().await;
            let signed_in = who.as_ref().is_ok_and(|w| !w.required || w.signed_in);
            operator.set(Some(who));
            if signed_in {
                connections.set(Some(api::list_connections().await));
            }
        });
    }

    /// The signed-in operator's role on `connection`; `None` when the proxy has no accounts.
    pub fn role_on(&self, connection: &str) -> Option<idp::Role> {
        self.operator.with(|s| s.as_ref().and_then(|r| r.as_ref().ok()).and_then(|s| s.role_on(connection)))
    }

    /// Remembers an operator's key for this session only.
    pub fn set_operator_key(&self, connection: &str, key: String) {
        self.operator_keys.update(|keys| {
            keys.insert(connection.to_owned(), key);
        });
    }

    /// Forgets every key an operator typed (on sign-out, so the next person cannot use them).
    pub fn forget_operator_keys(&self) {
        self.operator_keys.set(HashMap::new());
    }

    /// The target for `connection`, or `None` when an operator key is needed but missing.
    pub fn target(&self, connection: &ConnectionInfo) -> Option<Target> {
        let key = self.operator_keys.with(|keys| keys.get(&connection.id).cloned());
        if connection.needs_operator_key() && key.is_none() {
            return None;
        }
        Some(Target { connection: connection.clone(), operator_key: key })
    }
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}

/// The session from context.
pub fn use_session() -> Session {
    expect_context::<Session>()
}
