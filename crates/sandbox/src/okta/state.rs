//! The Okta simulator's state: users with what the API does not show (factors, sessions, pending
//! asynchronous changes) and the OAuth registry (clients, issued tokens, used `jti`s, the
//! exchange count). The rate-limit window is the shared one of `crate::traffic`.
//!
//! Pending activations and deactivations are applied lazily: [`super::Okta::with_state`] settles
//! every change that is due before running its closure, so no background task exists. This module
//! must not build HTTP responses.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use jsonwebtoken::DecodingKey;

use super::clock::{iso, now_ms};
use super::faults::OktaFaults;
use super::wire::{TransitioningToStatus, User, UserFactor, UserStatus};

/// Access tokens from the org authorization server live 60 minutes.
pub(crate) const TOKEN_LIFETIME: Duration = Duration::from_secs(3600);

/// Everything about Okta a request can change.
pub(crate) struct OktaState {
    /// Users that exist, in seed order.
    pub(crate) records: Vec<OktaRecord>,
    /// Okta's fault settings.
    pub(crate) faults: OktaFaults,
    /// Registered OAuth clients by client id (survive a reset).
    pub(crate) clients: HashMap<String, OAuthClient>,
    /// Issued access tokens (survive a reset).
    pub(crate) tokens: Vec<IssuedToken>,
    /// `(client id, jti)` of accepted client assertions, with when they may be forgotten.
    pub(crate) used_jtis: Vec<(String, String, u64)>,
    /// Successful token exchanges since the sandbox was created.
    pub(crate) exchanges: u64,
}

/// One user and the parts of it the user JSON does not show.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OktaRecord {
    /// The user as the API returns it (without `_links`, which depend on the request).
    pub(crate) user: User,
    /// Enrolled MFA factors.
    pub(crate) factors: Vec<UserFactor>,
    /// Live identity-provider sessions.
    pub(crate) sessions: usize,
    /// Live OAuth/OIDC tokens issued to the user.
    pub(crate) oauth_tokens: usize,
    /// An asynchronous change in flight: its target and when it completes.
    pub(crate) pending: Option<(TransitioningToStatus, Instant)>,
}

impl OktaRecord {
    /// A record with no factors, sessions or pending change.
    pub(crate) fn new(user: User) -> OktaRecord {
        OktaRecord { user, factors: vec![], sessions: 0, oauth_tokens: 0, pending: None }
    }

    /// Whether the user has a password credential.
    pub(crate) fn has_password(&self) -> bool {
        self.user.credentials.as_ref().is_some_and(|c| c.password.is_some())
    }

    /// Starts a change to `target`, finishing after `delay` (immediately if zero).
    pub(crate) fn begin(&mut self, target: TransitioningToStatus, delay: Duration) {
        let now = now_ms();
        self.user.last_updated = iso(now);
        if delay.is_zero() {
            self.finish(target, now);
        } else {
            self.pending = Some((target, Instant::now() + delay));
            self.user.transitioning_to_status = Some(target);
        }
    }

    /// Sets `status` now (synchronous operations and completed changes); `statusChanged` moves only
    /// if the status does.
    pub(crate) fn set_status(&mut self, status: UserStatus, at_ms: i64) {
        let at = iso(at_ms);
        if status == UserStatus::Deprovisioned {
            self.sessions = 0;
            self.oauth_tokens = 0;
        }
        if self.user.status != status {
            self.user.status = status;
            self.user.status_changed = Some(at.clone());
        }
        self.user.last_updated = at;
    }

    fn finish(&mut self, target: TransitioningToStatus, at_ms: i64) {
        self.pending = None;
        self.user.transitioning_to_status = None;
        if target == TransitioningToStatus::Active {
            self.user.activated = Some(iso(at_ms));
        }
        self.set_status(target.status(), at_ms);
    }
}

impl OktaState {
    /// Fresh state over these seeded records, with default faults and no OAuth clients.
    pub(crate) fn seeded(records: Vec<OktaRecord>) -> OktaState {
        OktaState {
            records,
            faults: OktaFaults::default(),
            clients: HashMap::new(),
            tokens: vec![],
            used_jtis: vec![],
            exchanges: 0,
        }
    }

    /// Seeded records back, faults cleared; the OAuth registry stays.
    pub(crate) fn reset(&mut self, records: Vec<OktaRecord>) {
        self.records = records;
        self.faults = OktaFaults::default();
    }

    /// Applies every pending change that is due.
    pub(crate) fn settle(&mut self) {
        let now = Instant::now();
        for record in &mut self.records {
            if let Some((target, due)) = record.pending {
                if now >= due {
                    record.finish(target, now_ms());
                }
            }
        }
    }

    /// Index of the user with this id, else this login (ASCII case-insensitive), else the unique
    /// user whose login's part before `@` is this shortname.
    pub(crate) fn find(&self, key: &str) -> Option<usize> {
        let users = || self.records.iter().map(|r| &r.user);
        if let Some(i) = users().position(|u| u.id == key) {
            return Some(i);
        }
        if let Some(i) = users().position(|u| u.profile.login.eq_ignore_ascii_case(key)) {
            return Some(i);
        }
        if key.is_empty() || key.contains('@') {
            return None;
        }
        let short = |u: &User| u.profile.login.split('@').next().is_some_and(|s| s.eq_ignore_ascii_case(key));
        let mut hits = users().enumerate().filter(|(_, u)| short(u)).map(|(i, _)| i);
        match (hits.next(), hits.next()) {
            (Some(i), None) => Some(i),
            _ => None,
        }
    }
}

/// A registered OAuth service app.
pub(crate) struct OAuthClient {
    /// The `kid` its assertions must name.
    pub(crate) kid: String,
    /// Its public key.
    pub(crate) key: DecodingKey,
}

/// An access token handed out by `/oauth2/v1/token`.
pub(crate) struct IssuedToken {
    /// The opaque token.
    pub(crate) token: String,
    /// Granted scopes.
    pub(crate) scopes: Vec<String>,
    /// When it stops working.
    pub(crate) expires: Instant,
}
