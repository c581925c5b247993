//! Operators: who may use the proxy and with which role on each connection.
//!
//! Two ways to know who someone is, set in the `[operators]` config section: built-in accounts
//! (argon2id password hashes, checked here) or a header set by a trusted SSO front proxy
//! (accepted only from the listed front-proxy addresses). Sessions live in memory behind an
//! HttpOnly, SameSite=Strict cookie with an idle timeout and an absolute lifetime. Failed
//! sign-ins are slowed down per account and per client address. Passwords and tokens are never
//! logged or returned.
//!
//! Owns: accounts and roles (this file), the sign-in brake (`brake`), argon2 in a few slots
//! (`hashing`), and the `/api/session` endpoints with `identify`, which tells the other handlers
//! who is asking (`session`).

mod brake;
mod hashing;
pub(crate) mod session;

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub use brake::{backoff_secs, FORGET_FAILURES_AFTER};
use brake::{Brake, Reservation};

use argon2::password_hash::PasswordHash;
use idp::Role;
use serde::Deserialize;

/// One operator account.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    pub name: String,
    /// argon2id PHC string from `lockdesk-proxy hash-password`; absent for SSO-only operators.
    pub password_hash: Option<String>,
    /// Role per connection id; `"*"` for every connection not listed.
    pub roles: HashMap<String, Role>,
}

/// The `[operators]` section.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperatorSettings {
    #[serde(default, rename = "account")]
    pub accounts: Vec<Account>,
    /// Header carrying the signed-in user's name, set by an SSO front proxy.
    pub trusted_header: Option<String>,
    /// Addresses of the front proxies allowed to set `trusted_header`.
    #[serde(default)]
    pub trusted_proxies: Vec<IpAddr>,
    #[serde(default = "default_idle_minutes")]
    pub idle_minutes: u64,
    #[serde(default = "default_max_hours")]
    pub max_hours: u64,
}

fn default_idle_minutes() -> u64 {
    30
}

fn default_max_hours() -> u64 {
    12
}

/// A signed-in operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    pub name: String,
    pub roles: HashMap<String, Role>,
}

impl Operator {
    /// The operator's role on `connection`, if any.
    pub fn role_on(&self, connection: &str) -> Option<Role> {
        idp::operation::role_on(&self.roles, connection)
    }
}

struct Session {
    operator: Operator,
    created: Instant,
    last_seen: Instant,
}

/// Accounts, sessions and the sign-in brake.
pub struct Operators {
    settings: OperatorSettings,
    sessions: Mutex<HashMap<String, Session>>,
    brake: Brake,
    /// Room for the argon2 checks, taken by the sign-in handler before it hashes.
    pub(crate) slots: hashing::HashSlots,
}

/// A sign-in let past the brake (its failure already counted), not yet checked.
pub(crate) struct Attempt {
    name: String,
    reservation: Reservation,
}

/// An attempt whose password has been checked, ready to settle.
pub(crate) struct Checked {
    attempt: Attempt,
    matched: bool,
}

/// Why a sign-in did not succeed.
#[derive(Debug, PartialEq, Eq)]
pub enum SignInError {
    /// Wrong name or password (deliberately not saying which).
    Refused,
    /// Too many recent failures for this account or address; wait this many seconds.
    SlowDown(u64),
    /// Too many sign-ins are being checked at once; nothing was checked.
    Busy,
}

/// argon2id of a random string nobody knows, for constant-time refusals of unknown names.
const TIMING_DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$o0NLgcc+aaSi8J22eo+3hg$FvV/gY/1Vav+YRJAPzj6WbN7TjJbohKPr43WZJf6GHY";

impl std::fmt::Debug for Operators {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the hashes or the session tokens.
        f.debug_struct("Operators").field("accounts", &self.settings.accounts.len()).finish_non_exhaustive()
    }
}

impl Operators {
    /// Checks the settings (every hash must parse) and starts with no sessions.
    pub fn new(settings: OperatorSettings) -> Result<Operators, String> {
        for a in &settings.accounts {
            if let Some(hash) = &a.password_hash {
                PasswordHash::new(hash).map_err(|_| {
                    format!("operator \"{}\": password_hash is not an argon2 PHC string (use `lockdesk-proxy hash-password`)", a.name)
                })?;
            }
        }
        if settings.trusted_header.is_some() && settings.trusted_proxies.is_empty() {
            return Err("trusted_header needs trusted_proxies: the addresses of the front proxies that set it".into());
        }
        Ok(Operators {
            settings,
            sessions: Mutex::default(),
            brake: Brake::default(),
            slots: hashing::HashSlots::new(),
        })
    }

    /// Whether `name` is a configured account.
    pub fn knows(&self, name: &str) -> bool {
        self.account(name).is_some()
    }

    fn account(&self, name: &str) -> Option<&Account> {
        self.settings.accounts.iter().find(|a| a.name == name)
    }

    /// How many failure records are held (for tests).
    pub fn failure_records(&self) -> usize {
        self.brake.records()
    }

    /// Checks a password and opens a session; returns its token. All three steps in one, for
    /// callers that may block.
    pub fn sign_in(
        &self,
        name: &str,
        password: &str,
        client: Option<IpAddr>,
        now: Instant,
    ) -> Result<String, SignInError> {
        let attempt = self.begin_sign_in(name, client, now)?;
        let checked = self.check_password(attempt, password, &mut hashing::Memory::default());
        self.finish_sign_in(checked, now)
    }

    /// Step one, quick: passes the brake for the account and the client address, counting a
    /// failure for both before anything is checked, so attempts in flight at once are counted.
    pub(crate) fn begin_sign_in(
        &self,
        name: &str,
        client: Option<IpAddr>,
        now: Instant,
    ) -> Result<Attempt, SignInError> {
        let address = format!("address:{}", client.map(|c| c.to_string()).unwrap_or_default());
        let reservation = self.brake.reserve(format!("account:{name}"), address, now).map_err(SignInError::SlowDown)?;
        Ok(Attempt { name: name.to_owned(), reservation })
    }

    /// Step two, slow: one argon2 verification in `memory` (a slot's), off the async workers.
    pub(crate) fn check_password(&self, attempt: Attempt, password: &str, memory: &mut hashing::Memory) -> Checked {
        // Unknown names are checked against a fixed hash so they take as long as known ones.
        let hash = self.account(&attempt.name).and_then(|a| a.password_hash.as_deref());
        let checked = memory.verify(hash.unwrap_or(TIMING_DUMMY_HASH), password);
        Checked { matched: hash.is_some() && checked, attempt }
    }

    /// Step three, quick: settles the brake and, for the right password, opens a session.
    pub(crate) fn finish_sign_in(&self, checked: Checked, now: Instant) -> Result<String, SignInError> {
        let Checked { attempt, matched } = checked;
        let account = match self.account(&attempt.name) {
            Some(account) if matched => account.clone(),
            _ => {
                self.brake.failed(attempt.reservation, now);
                return Err(SignInError::Refused);
            }
        };
        self.brake.succeeded(attempt.reservation);
        let token = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
        let operator = Operator { name: account.name, roles: account.roles };
        self.sessions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(token.clone(), Session { operator, created: now, last_seen: now });
        Ok(token)
    }

    /// The operator behind a session token, refreshing its idle timer; expired sessions end.
    pub fn session(&self, token: &str, now: Instant) -> Option<Operator> {
        let mut sessions = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
        let idle = Duration::from_secs(self.settings.idle_minutes * 60);
        let max = Duration::from_secs(self.settings.max_hours * 3600);
        let alive = sessions.get(token).is_some_and(|s| now - s.last_seen < idle && now - s.created < max);
        if !alive {
            sessions.remove(token);
            return None;
        }
        let s = sessions.get_mut(token)?;
        s.last_seen = now;
        Some(s.operator.clone())
    }

    /// Ends a session.
    pub fn sign_out(&self, token: &str) {
        self.sessions.lock().unwrap_or_else(|e| e.into_inner()).remove(token);
    }

    /// The browser's address: behind a configured front proxy, the last address in its
    /// X-Forwarded-For (the one that proxy saw); otherwise the connection's own. Without this,
    /// every client behind one front proxy would share one sign-in brake.
    pub fn client_address(&self, headers: &http::HeaderMap, peer: Option<IpAddr>) -> Option<IpAddr> {
        let peer = peer?;
        if !self.settings.trusted_proxies.contains(&peer) {
            return Some(peer);
        }
        let forwarded = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).next_back();
        forwarded.and_then(|v| v.rsplit(',').next()).and_then(|ip| ip.trim().parse().ok()).or(Some(peer))
    }

    /// The operator named by the trusted SSO header, when the request came from a trusted proxy.
    pub fn from_trusted_header(&self, headers: &http::HeaderMap, peer: Option<IpAddr>) -> Option<Operator> {
        let header = self.settings.trusted_header.as_deref()?;
        let peer = peer?;
        if !self.settings.trusted_proxies.contains(&peer) {
            return None;
        }
        let name = headers.get(header)?.to_str().ok()?.trim();
        let account = self.account(name)?;
        Some(Operator { name: account.name.clone(), roles: account.roles.clone() })
    }
}

/// An argon2id PHC hash of `password` with a fresh random salt.
pub fn hash_password(password: &str) -> Result<String, String> {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    let salt = SaltString::generate(&mut OsRng);
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| format!("cannot hash the password: {e}"))
}

#[cfg(test)]
mod tests;
