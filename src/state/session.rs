//! The session: which connections the proxy offers, and the API keys operators typed for
//! operator-mode connections. Keys live in memory only and vanish on reload.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::api::{self, ConnectionInfo, Target};

/// Shared by every page through context.
#[derive(Clone, Copy)]
pub struct Session {
    pub connections: LocalResource<Result<Vec<ConnectionInfo>, idp::Error>>,
    operator_keys: RwSignal<HashMap<String, String>>,
}

impl Session {
    /// Starts loading the connection list.
    pub fn new() -> Session {
        Session { connections: LocalResource::new(api::list_connections), operator_keys: RwSignal::new(HashMap::new()) }
    }

    /// Remembers an operator's key for this session only.
    pub fn set_operator_key(&self, connection: &str, key: String) {
        self.operator_keys.update(|keys| {
            keys.insert(connection.to_owned(), key);
        });
    }

    /// Forgets the key (sign out of the connection).
    pub fn forget_operator_key(&self, connection: &str) {
        self.operator_keys.update(|keys| {
            keys.remove(connection);
        });
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
