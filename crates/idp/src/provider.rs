//! Which providers exist (`ProviderKind`, a closed enum that selects) and what an adapter does
//! (`IdentityProvider`, the trait that behaves).
//!
//! Adapters are pure: they build requests and read replies. They never send anything.

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::input::{InputError, SearchInput};
use crate::model::{Page, User, UserId};
use crate::operation::{Action, Operation};
use crate::{error::ErrorKind, fusionauth};

/// The identity providers lockdesk speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    FusionAuth,
}

impl ProviderKind {
    /// Every provider kind.
    pub const ALL: [ProviderKind; 1] = [ProviderKind::FusionAuth];

    /// The provider's product name, as people know it.
    pub fn label(self) -> &'static str {
        match self {
            ProviderKind::FusionAuth => "FusionAuth",
        }
    }

    /// The configuration name (`kind = "fusionauth"`).
    pub fn config_name(self) -> &'static str {
        match self {
            ProviderKind::FusionAuth => "fusionauth",
        }
    }

    /// Parses a configuration name.
    pub fn from_config_name(name: &str) -> Option<ProviderKind> {
        ProviderKind::ALL.into_iter().find(|k| k.config_name() == name)
    }

    /// Whether the provider's API accepts OAuth client-credentials access tokens (`Bearer`), so a
    /// vault connection may hold a client id and secret instead of an API key.
    pub fn takes_oauth_tokens(self) -> bool {
        match self {
            ProviderKind::FusionAuth => false,
        }
    }

    /// The provider's own error messages from an error reply body, as text (best effort, never fails).
    pub fn error_messages(self, body: &[u8]) -> Vec<String> {
        match self {
            ProviderKind::FusionAuth => fusionauth::error_messages(body),
        }
    }
}

/// Non-secret per-connection settings an adapter may need.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderSettings {
    /// FusionAuth: sent as `X-FusionAuth-TenantId` when the key is not tenant-scoped.
    pub tenant_id: Option<String>,
}

/// What a successful operation produced.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    User(Box<User>),
    Users(Page<User>),
    Done,
}

/// One provider's mapping between operations and HTTP.
pub trait IdentityProvider: Send + Sync {
    /// Which provider this adapter speaks to.
    fn kind(&self) -> ProviderKind;

    /// Whether `text` has the shape of this provider's user ids.
    fn looks_like_id(&self, text: &str) -> bool;

    /// Checks a user id before it is put in any request.
    fn parse_user_id(&self, raw: &str) -> Result<UserId, InputError> {
        let id = UserId::parse(raw)?;
        if self.looks_like_id(id.as_str()) {
            Ok(id)
        } else {
            Err(InputError::MalformedId(crate::model::shorten(raw.trim())))
        }
    }

    /// The operation that answers a search box's text, one page at a time.
    fn plan_search(&self, input: SearchInput, start: u32, limit: u32) -> Operation {
        match input {
            SearchInput::Id(id) => Operation::GetUser { id },
            SearchInput::Email(email) => Operation::FindUserByEmail { email },
            SearchInput::Text(query) => Operation::SearchUsers { query, start, limit },
        }
    }

    /// The request for `op`, without credentials.
    fn build(&self, op: &Operation) -> HttpRequest;

    /// The operation a request performs, if it is exactly one this adapter would build; `None`
    /// for anything else. The proxy forwards `build(recognise(req))`, never the request itself.
    #[cfg(any(test, feature = "recognise"))]
    fn recognise(&self, req: &HttpRequest) -> Option<Operation>;

    /// Adds the provider's credential header for a static secret (API key).
    fn authorize(&self, req: &mut HttpRequest, secret: &str) -> Result<(), Error>;

    /// Reads the reply to `op`.
    fn interpret(&self, op: &Operation, resp: &HttpResponse) -> Result<Reply, Error>;

    /// The actions offered for a user in their current state.
    fn actions(&self, user: &User) -> Vec<Action> {
        Action::ALL.into_iter().filter(|a| a.applies_to(&user.status)).collect()
    }
}

/// The adapter for `kind` with `settings`, or a sentence saying which setting is wrong.
pub fn adapter(kind: ProviderKind, settings: &ProviderSettings) -> Result<Box<dyn IdentityProvider>, String> {
    match kind {
        ProviderKind::FusionAuth => Ok(Box::new(fusionauth::FusionAuth::new(settings.tenant_id.clone())?)),
    }
}

/// Turns the outcome of a search operation into a page: an id or email lookup that found nobody
/// is an empty page ("No users match"), not an error.
pub fn into_page(op: &Operation, outcome: Result<Reply, Error>) -> Result<Page<User>, Error> {
    let start = match op {
        Operation::SearchUsers { start, .. } => *start,
        _ => 0,
    };
    match outcome {
        Ok(Reply::Users(page)) => Ok(page),
        Ok(Reply::User(user)) => Ok(Page { items: vec![*user], start, total: Some(1) }),
        Ok(Reply::Done) => Ok(Page::empty(start)),
        Err(e) if e.kind == ErrorKind::NotFound && is_lookup(op) => Ok(Page::empty(start)),
        Err(e) => Err(e),
    }
}

fn is_lookup(op: &Operation) -> bool {
    matches!(op, Operation::GetUser { .. } | Operation::FindUserByEmail { .. })
}
