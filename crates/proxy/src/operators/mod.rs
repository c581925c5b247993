//! Operators: who may use the proxy and with which role on each connection.
//!
//! Two ways to know who someone is, set in the `[operators]` config section: built-in accounts
//! (argon2id password hashes, checked here) or a header set by a trusted SSO front proxy
//! (accepted only from the listed front-proxy addresses). Sessions live in memory behind an
//! HttpOnly, SameSite=Strict cookie with an idle timeout and an absolute lifetime. Failed
//! sign-ins are slowed down per account and per client address. Passwords and tokens are never
//! logged or returned.
//!
//! Owns: accounts and roles (this file), the sign-in brake (`brake`), and the `/api/session`
//! endpoints with `identify`, which tells the other handlers who is asking (`session`).

pub(crate) mod session;

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::password_hash::{PasswordHash, PasswordVerifier};
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

#[derive(Default)]
struct Failures {
    count: u32,
    last: Option<Instant>,
}

/// Accounts, sessions and the sign-in brake.
pub struct Operators {
    settings: OperatorSettings,
    sessions: Mutex<HashMap<String, Session>>,
    failures: Mutex<HashMap<String, Failures>>,
}

/// Why a sign-in did not succeed.
#[derive(Debug, PartialEq, Eq)]
pub enum SignInError {
    /// Wrong name or password (deliberately not saying which).
    Refused,
    /// Too many recent failures for this account or address; wait this many seconds.
    SlowDown(u64),
}

/// argon2id of a random string nobody knows, for constant-time refusals of unknown names.
const TIMING_DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$o0NLgcc+aaSi8J22eo+3hg$FvV/gY/1Vav+YRJAPzj6WbN7TjJbohKPr43WZJf6GHY";

/// Failures older than this no longer count towards the brake.
pub const FORGET_FAILURES_AFTER: Duration = Duration::from_secs(15 * 60);
/// The failure map is tidied when it holds this many records.
const MAX_FAILURE_RECORDS: usize = 10_000;

/// Seconds to wait after `count` consecutive failures: none for the first three, then doubling
/// up to five minutes.
pub fn backoff_secs(count: u32) -> u64 {
    if count < 3 {
        0
    } else {
        (1u64 << (count - 3).min(9)).min(300)
    }
}

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
        Ok(Operators { settings, sessions: Mutex::default(), failures: Mutex::default() })
    }

    /// Whether `name` is a configured account.
    pub fn knows(&self, name: &str) -> bool {
        self.account(name).is_some()
    }

    fn account(&self, name: &str) -> Option<&Account> {
        self.settings.accounts.iter().find(|a| a.name == name)
    }

    fn wait_for(&self, key: &str, now: Instant) -> u64 {
        let failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures
            .get(key)
            .and_then(|f| {
                let until = f.last? + Duration::from_secs(backoff_secs(f.count));
                (until > now).then(|| (until - now).as_secs().max(1))
            })
            .unwrap_or(0)
    }

    fn record_failure(&self, key: String, now: Instant) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        // Typed names are keys too, so the map is tidied before it can grow without bound:
        // quiet records first, then any that no longer slow anyone down.
        if failures.len() >= MAX_FAILURE_RECORDS {
            failures
                .retain(|_, f| f.last.is_some_and(|last| now.saturating_duration_since(last) < FORGET_FAILURES_AFTER));
        }
        if failures.len() >= MAX_FAILURE_RECORDS {
            failures.retain(|_, f| backoff_secs(f.count) > 0);
        }
        let f = failures.entry(key).or_default();
        // A record that has been quiet long enough starts again from one.
        if f.last.is_some_and(|last| now.saturating_duration_since(last) >= FORGET_FAILURES_AFTER) {
            f.count = 0;
        }
        f.count += 1;
        f.last = Some(now);
    }

    /// How many failure records are held (for tests).
    pub fn failure_records(&self) -> usize {
        self.failures.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Checks a password and opens a session; returns its token.
    pub fn sign_in(
        &self,
        name: &str,
        password: &str,
        client: Option<IpAddr>,
        now: Instant,
    ) -> Result<String, SignInError> {
        let keys =
            [format!("account:{name}"), format!("address:{}", client.map(|c| c.to_string()).unwrap_or_default())];
        let wait = keys.iter().map(|k| self.wait_for(k, now)).max().unwrap_or(0);
        if wait > 0 {
            return Err(SignInError::SlowDown(wait));
        }
        // Unknown names are checked against a fixed hash so they take as long as known ones.
        let hash = self.account(name).and_then(|a| a.password_hash.as_deref());
        let checked = PasswordHash::new(hash.unwrap_or(TIMING_DUMMY_HASH))
            .is_ok_and(|parsed| argon2::Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok());
        let ok = hash.is_some() && checked;
        if !ok {
            for k in keys {
                self.record_failure(k, now);
            }
            return Err(SignInError::Refused);
        }
        self.failures.lock().unwrap_or_else(|e| e.into_inner()).remove(&keys[0]);
        let account = self.account(name).cloned().ok_or(SignInError::Refused)?;
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
